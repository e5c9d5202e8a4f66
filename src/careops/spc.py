"""Statistical process control for healthcare measures: XmR (individuals) limits, p and u
charts, the Western Electric rules and the IHI run-chart rules.

Units: limits come back in the unit of the data (minutes, %, rate per unit). Indexes in
signal tables are 0-based positions in the input sequence.

References: NIST/SEMATECH e-Handbook of Statistical Methods, 6.3.2 (Western Electric
rules), 6.3.2.2 (individuals charts), 6.3.3.1-2 (counts and proportions charts); Wheeler,
Understanding Variation (XmR constants 2.66 and 3.267); Perla, Provost & Murray, "The run
chart: a simple analytical tool for learning from variation in healthcare processes", BMJ
Qual Saf 2011;20:46-51 (run chart rules and Table 1); Swed & Eisenhart, Ann Math Stat
1943;14:66-87 (distribution of the number of runs).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "RunChartSignals",
    "XmRLimits",
    "p_chart",
    "run_chart_signals",
    "runs_limits",
    "step_change_series",
    "u_chart",
    "weeks_to_collect",
    "western_electric_signals",
    "xmr_limits",
]

# Wheeler's scaling constants for n = 2 moving ranges: 3 / d2 = 3 / 1.128 and D4.
XMR_NATURAL_LIMIT = 2.66
XMR_MR_UPPER = 3.267
D2_TWO = 1.128


# --- XmR ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class XmRLimits:
    """Individuals (X) and moving-range (mR) chart limits, in the unit of the data.

    ``sigma`` is the within-process standard deviation estimated as mean mR / 1.128.
    """

    center: float
    ucl: float
    lcl: float
    mean_moving_range: float
    mr_ucl: float
    sigma: float

    def to_dict(self) -> dict[str, float]:
        """Plain-Python view."""
        return asdict(self)


def xmr_limits(values: Any) -> XmRLimits:
    """XmR chart limits: center = mean, limits = mean +/- 2.66 x mean moving range,
    moving-range UCL = 3.267 x mean moving range (Wheeler; NIST e-Handbook 6.3.2.2).

    The LCL is not floored: for measures that cannot go below zero, read a negative LCL
    as "no lower limit".
    """
    x = v.finite_array("values", values, min_length=2)
    center = float(x.mean())
    mr_bar = float(np.abs(np.diff(x)).mean())
    return XmRLimits(
        center=center,
        ucl=center + XMR_NATURAL_LIMIT * mr_bar,
        lcl=center - XMR_NATURAL_LIMIT * mr_bar,
        mean_moving_range=mr_bar,
        mr_ucl=XMR_MR_UPPER * mr_bar,
        sigma=mr_bar / D2_TWO,
    )


# --- attribute charts --------------------------------------------------------------------


def _sizes(name: str, sizes: Any, length: int) -> np.ndarray:
    """Subgroup sizes as a float array: a scalar is repeated; every size must be > 0."""
    if isinstance(sizes, int | float | np.integer | np.floating) and not isinstance(sizes, bool):
        arr = np.full(length, v.positive(name, sizes))
    else:
        arr = v.finite_array(name, sizes)
        if arr.size != length:
            raise InputError(
                name,
                arr.size,
                "same_length",
                message=f"lengths must match: counts have {length}, {name} has {arr.size}",
            )
    bad = np.flatnonzero(arr <= 0)
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{name}[{i}]", arr[i], "positive")
    return arr


def p_chart(defectives: Any, sizes: Any) -> pd.DataFrame:
    """p chart: per-subgroup proportion defective with 3-sigma limits (NIST 6.3.3.2).

    Center p-bar = total defectives / total inspected; limits p-bar +/- 3 sqrt(p-bar
    (1 - p-bar) / n_i) for each subgroup size n_i, LCL floored at 0 and UCL capped at 1.
    ``sizes`` may be one number for equal subgroups. Columns: subgroup, defectives, size,
    proportion, center, ucl, lcl, beyond_limits.
    """
    d = v.non_negative_array("defectives", defectives)
    n = _sizes("sizes", sizes, d.size)
    over = np.flatnonzero(d > n)
    if over.size:
        i = int(over[0])
        raise InputError(
            f"defectives[{i}]",
            d[i],
            "not_above",
            other=f"sizes[{i}]",
            message=f"defectives[{i}] ({v.show(d[i])}) cannot exceed sizes[{i}] ({v.show(n[i])})",
        )
    p_bar = d.sum() / n.sum()
    half = 3 * np.sqrt(p_bar * (1 - p_bar) / n)
    p = d / n
    ucl = np.minimum(p_bar + half, 1.0)
    lcl = np.maximum(p_bar - half, 0.0)
    return pd.DataFrame(
        {
            "subgroup": np.arange(d.size),
            "defectives": d,
            "size": n,
            "proportion": p,
            "center": p_bar,
            "ucl": ucl,
            "lcl": lcl,
            "beyond_limits": (p > ucl) | (p < lcl),
        }
    )


def u_chart(counts: Any, units: Any) -> pd.DataFrame:
    """u chart: per-subgroup count per unit of opportunity with 3-sigma limits (NIST 6.3.3.1).

    Center u-bar = total count / total units; limits u-bar +/- 3 sqrt(u-bar / units_i),
    LCL floored at 0. With one unit per subgroup this is the c chart. ``units`` may be one
    number. Columns: subgroup, count, units, rate, center, ucl, lcl, beyond_limits.
    """
    c = v.non_negative_array("counts", counts)
    a = _sizes("units", units, c.size)
    u_bar = c.sum() / a.sum()
    half = 3 * np.sqrt(u_bar / a)
    u = c / a
    ucl = u_bar + half
    lcl = np.maximum(u_bar - half, 0.0)
    return pd.DataFrame(
        {
            "subgroup": np.arange(c.size),
            "count": c,
            "units": a,
            "rate": u,
            "center": u_bar,
            "ucl": ucl,
            "lcl": lcl,
            "beyond_limits": (u > ucl) | (u < lcl),
        }
    )


# --- Western Electric --------------------------------------------------------------------

_WE_RULES = {
    1: "1 point beyond 3 sigma",
    2: "2 of 3 successive points beyond 2 sigma, same side",
    3: "4 of 5 successive points beyond 1 sigma, same side",
    4: "8 successive points on the same side of the center line",
}


def _window_count(flags: np.ndarray, window: int) -> np.ndarray:
    """Number of True flags in the window ending at each index (0 before a full window)."""
    csum = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
    out = np.zeros(flags.size, dtype=np.int64)
    if flags.size >= window:
        out[window - 1 :] = csum[window:] - csum[:-window]
    return out


def western_electric_signals(values: Any, center: float, sigma: float) -> pd.DataFrame:
    """The four Western Electric zone rules (NIST e-Handbook 6.3.2), vectorised.

    1: a point beyond center +/- 3 sigma; 2: two of three successive points beyond 2 sigma
    on the same side; 3: four of five successive points beyond 1 sigma on the same side;
    4: eight successive points on the same side of the center. A signal is reported at the
    index of the point that completes the pattern (rows: index, rule, description), sorted
    by index then rule; the table is empty when nothing signals.
    """
    x = v.finite_array("values", values)
    c = v.finite("center", center)
    s = v.positive("sigma", sigma)
    z = (x - c) / s
    hits: list[tuple[np.ndarray, int]] = [(np.flatnonzero(np.abs(z) > 3), 1)]
    for rule, (limit, need, window) in {2: (2, 2, 3), 3: (1, 4, 5), 4: (0, 8, 8)}.items():
        upper = _window_count(z > limit, window) >= need
        lower = _window_count(z < -limit, window) >= need
        hits.append((np.flatnonzero(upper | lower), rule))
    index = np.concatenate([idx for idx, _ in hits])
    rules = np.concatenate([np.full(idx.size, rule) for idx, rule in hits])
    order = np.lexsort((rules, index))
    return pd.DataFrame(
        {
            "index": index[order].astype(int),
            "rule": rules[order].astype(int),
            "description": [_WE_RULES[r] for r in rules[order]],
        }
    )


# --- run chart ---------------------------------------------------------------------------

# Perla, Provost & Murray (2011), Table 1: for N useful observations (points not on the
# median), fewer runs than the lower limit are "too few" and more than the upper limit
# "too many". Based on Swed & Eisenhart with about a 5 % risk of a false signal.
PERLA_RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9),
    11: (3, 10),
    12: (3, 11),
    13: (4, 11),
    14: (4, 12),
    15: (5, 12),
    16: (5, 13),
    17: (5, 13),
    18: (6, 14),
    19: (6, 15),
    20: (6, 16),
    21: (7, 16),
    22: (7, 17),
    23: (7, 17),
    24: (8, 18),
    25: (8, 18),
    26: (9, 19),
    27: (10, 19),
    28: (10, 20),
    29: (10, 20),
    30: (11, 21),
    31: (11, 22),
    32: (11, 23),
    33: (12, 23),
    34: (12, 24),
    35: (13, 24),
    36: (13, 25),
    37: (13, 25),
    38: (14, 26),
    39: (14, 26),
    40: (15, 27),
    41: (16, 27),
    42: (16, 28),
    43: (17, 28),
    44: (17, 29),
    45: (17, 30),
    46: (17, 31),
    47: (18, 31),
    48: (18, 32),
    49: (19, 32),
    50: (19, 33),
    51: (20, 33),
    52: (21, 33),
    53: (21, 34),
    54: (22, 34),
    55: (22, 35),
    56: (23, 35),
    57: (23, 36),
    58: (24, 36),
    59: (24, 37),
    60: (25, 37),
}
RUNS_TABLE_MIN = min(PERLA_RUNS_TABLE)
RUNS_TABLE_MAX = max(PERLA_RUNS_TABLE)


def runs_limits(useful_observations: int) -> tuple[int, int] | None:
    """(lower, upper) limits on the number of runs for N useful observations, or None.

    10-60: Perla et al. (2011) Table 1. Above 60: the normal approximation to the
    Swed-Eisenhart distribution the table is based on, with half the points on each side
    of the median: mean = N/2 + 1, variance = N(N - 2) / (4(N - 1)); lower = ceil(mean -
    1.96 sd), upper = floor(mean + 1.96 sd) (two-sided 5 %). Below 10 the paper gives no
    limits and the rule is not applied (None).
    """
    n = v.integer("useful_observations", useful_observations, minimum=0)
    if n < RUNS_TABLE_MIN:
        return None
    if n <= RUNS_TABLE_MAX:
        return PERLA_RUNS_TABLE[n]
    mean = n / 2 + 1
    sd = math.sqrt(n * (n - 2) / (4 * (n - 1)))
    return math.ceil(mean - 1.96 * sd), math.floor(mean + 1.96 * sd)


@dataclass(frozen=True, eq=False)
class RunChartSignals:
    """Result of the IHI run-chart rules (Perla et al. 2011) on one series.

    ``shifts``: start, end, length, side ("above"/"below"); ``trends``: start, end, length,
    direction ("up"/"down"); ``astronomical``: index, value. Start/end are 0-based indexes
    into the input; lengths count useful points only (median points and repeats skipped).
    """

    median: float
    useful_observations: int
    runs: int
    runs_lower_limit: int | None
    runs_upper_limit: int | None
    too_few_runs: bool
    too_many_runs: bool
    shifts: pd.DataFrame
    trends: pd.DataFrame
    astronomical: pd.DataFrame

    @property
    def any_signal(self) -> bool:
        """True when any rule signals non-random variation."""
        return bool(
            self.too_few_runs
            or self.too_many_runs
            or len(self.shifts)
            or len(self.trends)
            or len(self.astronomical)
        )

    def signals(self) -> pd.DataFrame:
        """All signals in one table: rule, start, end (one row per shift/trend/point/runs)."""
        rows: list[dict[str, Any]] = []
        rows += [
            {"rule": "shift", "start": s, "end": e}
            for s, e in zip(self.shifts["start"], self.shifts["end"], strict=True)
        ]
        rows += [
            {"rule": "trend", "start": s, "end": e}
            for s, e in zip(self.trends["start"], self.trends["end"], strict=True)
        ]
        rows += [{"rule": "astronomical", "start": i, "end": i} for i in self.astronomical["index"]]
        if self.too_few_runs:
            rows.append({"rule": "too few runs", "start": None, "end": None})
        if self.too_many_runs:
            rows.append({"rule": "too many runs", "start": None, "end": None})
        return pd.DataFrame(rows, columns=["rule", "start", "end"])

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view (tables as lists of records)."""
        return {
            "median": self.median,
            "useful_observations": self.useful_observations,
            "runs": self.runs,
            "runs_lower_limit": self.runs_lower_limit,
            "runs_upper_limit": self.runs_upper_limit,
            "too_few_runs": self.too_few_runs,
            "too_many_runs": self.too_many_runs,
            "shifts": self.shifts.to_dict(orient="records"),
            "trends": self.trends.to_dict(orient="records"),
            "astronomical": self.astronomical.to_dict(orient="records"),
        }


def _runs_of(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start positions and lengths of runs of equal consecutive labels."""
    if labels.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], labels[1:] != labels[:-1])))
    lengths = np.diff(np.concatenate((starts, [labels.size])))
    return starts, lengths


SHIFT_LENGTH = 6
TREND_LENGTH = 5
ASTRONOMICAL_SIGMAS = 3.0
MAD_TO_SIGMA = 1.4826  # sigma of normal data = 1.4826 x median absolute deviation


def weeks_to_collect(points: int, per_week: float) -> int:
    """Whole weeks of counting that give a run chart ``points`` points when the measure yields
    ``per_week`` points a week (7 when counted every day, 1 weekly, 12/52 monthly): how long a
    baseline takes to build, or how soon after a change a shift of SHIFT_LENGTH points can show.
    """
    n = v.integer("points", points, minimum=1)
    rate = v.positive("per_week", per_week)
    return math.ceil(n / rate - 1e-9)  # 12 monthly points: 12 / (12/52) is 52, not 52.000001


def run_chart_signals(values: Any, *, median: float | None = None) -> RunChartSignals:
    """Apply the four IHI run-chart rules (Perla, Provost & Murray 2011), in O(n).

    ``median`` is the centre line the rules are read against; by default the median of
    ``values``. To judge the points after a change against the baseline, pass the median of
    the baseline points alone (frozen and extended, as Perla et al. advise): the rules then
    ask whether the new points differ from the baseline, not from themselves.

    - Shift: 6 or more consecutive points all above or all below the median. Points on
      the median are skipped: they neither add to nor break a shift.
    - Trend: 5 or more consecutive points all going up or all going down. A point equal
      to the one before it is skipped: it neither makes nor breaks a trend.
    - Runs: runs = crossings of the median + 1 over the useful observations (points not
      on the median); fewer than the lower limit or more than the upper limit of
      :func:`runs_limits` signals too few / too many runs (needs 10+ useful points).
    - Astronomical point: the paper leaves this to judgement ("a data point that is
      blatantly obviously different"). We report CANDIDATES: points more than 3 sigma
      from the median, with sigma estimated robustly as 1.4826 x the median absolute
      deviation from the median (mean moving range / 1.128 if that is 0), so a wild point
      barely moves the yardstick and a sustained shift does not flag every point. Review
      candidates; they are not automatic signals.
    """
    x = v.finite_array("values", values)
    median = float(np.median(x)) if median is None else v.finite("median", median)

    side = np.sign(x - median)
    useful_idx = np.flatnonzero(side != 0)
    useful_side = side[useful_idx]
    starts, lengths = _runs_of(useful_side)
    runs = int(starts.size)
    limits = runs_limits(useful_idx.size)
    lower, upper = limits if limits is not None else (None, None)

    long_runs = lengths >= SHIFT_LENGTH
    run_start, run_len = starts[long_runs], lengths[long_runs]
    shifts = pd.DataFrame(
        {
            "start": useful_idx[run_start].astype(int),
            "end": useful_idx[run_start + run_len - 1].astype(int),
            "length": run_len.astype(int),
            "side": np.where(useful_side[run_start] > 0, "above", "below"),
        }
    )

    keep = np.concatenate(([True], x[1:] != x[:-1])) if x.size else np.empty(0, dtype=bool)
    kept_idx = np.flatnonzero(keep)
    steps = np.sign(np.diff(x[kept_idx]))  # never 0 after dropping repeats
    t_starts, t_lengths = _runs_of(steps)
    long_trends = t_lengths >= TREND_LENGTH - 1  # k steps join k + 1 points
    ts, tl = t_starts[long_trends], t_lengths[long_trends]
    trends = pd.DataFrame(
        {
            "start": kept_idx[ts].astype(int),
            "end": kept_idx[ts + tl].astype(int),
            "length": (tl + 1).astype(int),
            "direction": np.where(steps[ts] > 0, "up", "down"),
        }
    )

    sigma = MAD_TO_SIGMA * float(np.median(np.abs(x - median)))
    if sigma == 0 and x.size >= 2:  # over half the points equal: use the moving range
        sigma = float(np.abs(np.diff(x)).mean()) / D2_TWO
    if sigma > 0:
        far = np.flatnonzero(np.abs(x - median) > ASTRONOMICAL_SIGMAS * sigma)
    else:
        far = np.empty(0, dtype=np.int64)
    astronomical = pd.DataFrame({"index": far.astype(int), "value": x[far]})

    return RunChartSignals(
        median=median,
        useful_observations=int(useful_idx.size),
        runs=runs,
        runs_lower_limit=lower,
        runs_upper_limit=upper,
        too_few_runs=lower is not None and runs < lower,
        too_many_runs=upper is not None and runs > upper,
        shifts=shifts,
        trends=trends,
        astronomical=astronomical,
    )


# --- teaching series ---------------------------------------------------------------------


def step_change_series(
    length: int,
    change: int,
    effect: float,
    *,
    level: float,
    noise: float,
    seed: int,
    decimals: int = 1,
) -> np.ndarray:
    """A reproducible series for a PDSA exercise: ``length`` points around ``level`` with
    normal noise (standard deviation ``noise``, from ``seed``), moved by ``effect`` from the
    0-based position ``change`` on, rounded to ``decimals``.

    The noise depends on ``seed`` and ``length`` alone, so two series that differ only in
    ``change`` or ``effect`` differ only by the step: what a student sees move is the change.
    """
    n = v.integer("length", length, minimum=1)
    at = v.integer("change", change, minimum=0)
    if at > n:
        raise InputError("change", change, "at_most", maximum=n)
    step = v.finite("effect", effect)
    sd = v.non_negative("noise", noise)
    rng = np.random.default_rng(v.integer("seed", seed, minimum=0))
    values = v.finite("level", level) + sd * rng.standard_normal(n)
    values[at:] += step
    return np.round(values, v.integer("decimals", decimals, minimum=0))
