"""Data exercise: read a control chart (XmR or p) of the course data and judge its stability."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from careops import data, measures, spc
from careops.charts import spc as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = [
    "ED",
    "ED_PILOT",
    "MEASURES",
    "NO_SHOW",
    "VERDICTS",
    "ControlChartResult",
    "control_chart_exercise",
]

ED = "ED: average minutes to see a provider, by week (XmR)"
ED_PILOT = "ED: the same, after a fast-track pilot from week 41 (XmR, teaching scenario)"
NO_SHOW = "Clinics: no-show rate, by week (p chart)"
MEASURES = (ED, ED_PILOT, NO_SHOW)
VERDICTS = ["Stable: only common-cause variation", "Special cause: something changed"]
PILOT_START, PILOT_EFFECT = 40, 6.0  # 0-based week, minutes saved (the teaching scenario)


@dataclass(frozen=True, eq=False)
class ControlChartResult:
    """The careops limits and signals for one measure, as the chart table."""

    points: pd.DataFrame  # period, order, value, center, ucl, lcl, beyond, signal
    center: float
    beyond: int
    signals: pd.DataFrame  # Western Electric rows for XmR; the beyond-limit points for p
    proportion: bool
    naive_center: float  # the tempting wrong centre: median (XmR) or unweighted mean of rates (p)

    @property
    def special_cause(self) -> bool:
        """True when any rule signals."""
        return bool(len(self.signals))


@lru_cache(maxsize=1)
def _ed_weekly() -> pd.Series:
    weeks = measures.weekly(
        data.load("ed_visits"), "arrival", minutes=("time_to_provider_min", "mean")
    )
    return weeks.set_index(_periods(weeks["week"]))["minutes"].astype(float)


@lru_cache(maxsize=1)
def _no_show_weekly() -> pd.DataFrame:
    weeks = measures.weekly(
        data.load("clinic_appointments"),
        "appointment_time",
        min_days=5,
        sum=("no_show", "sum"),
        size=("no_show", "size"),
    )
    return weeks.set_index(_periods(weeks["week"]))[["sum", "size"]].astype(int)


def _periods(mondays: pd.Series) -> pd.PeriodIndex:
    """Week labels for the chart ("2025-01-06/2025-01-12") from the weeks' Mondays."""
    return pd.PeriodIndex(mondays, freq="W-SUN")


def _compute(v: Values) -> ControlChartResult:
    if v["measure"] == NO_SHOW:
        weeks = _no_show_weekly()
        table = spc.p_chart(weeks["sum"], weeks["size"])
        points = pd.DataFrame(
            {
                "period": weeks.index.astype(str),
                "order": range(1, len(weeks) + 1),
                "value": table["proportion"],
                "center": table["center"],
                "ucl": table["ucl"],
                "lcl": table["lcl"],
                "beyond": table["beyond_limits"],
            }
        )
        points["signal"] = points["beyond"]
        signals = points.loc[points["beyond"], ["order"]]
        naive = float(table["proportion"].mean())
        proportion = True
    else:
        series = _ed_weekly().copy()
        if v["measure"] == ED_PILOT:
            series.iloc[PILOT_START:] -= PILOT_EFFECT
        limits = spc.xmr_limits(series)
        points = pd.DataFrame(
            {
                "period": series.index.astype(str),
                "order": range(1, len(series) + 1),
                "value": series.to_numpy(),
                "center": limits.center,
                "ucl": limits.ucl,
                "lcl": limits.lcl,
            }
        )
        points["beyond"] = (points["value"] > limits.ucl) | (points["value"] < limits.lcl)
        signals = spc.western_electric_signals(series.to_numpy(), limits.center, limits.sigma)
        points["signal"] = points.index.isin(_signal_points(signals))
        naive = float(series.median())
        proportion = False
    return ControlChartResult(
        points=points,
        center=float(points["center"].iloc[0]),
        beyond=int(points["beyond"].sum()),
        signals=signals,
        proportion=proportion,
        naive_center=naive,
    )


def _signal_points(signals: pd.DataFrame) -> set[int]:
    """Every point in a Western Electric pattern (the rule's window ending at the signal)."""
    window = {1: 1, 2: 3, 3: 5, 4: 8}
    out: set[int] = set()
    for index, rule in zip(signals["index"], signals["rule"], strict=True):
        out.update(range(int(index) - window[int(rule)] + 1, int(index) + 1))
    return out


def _check(v: Values, a: Values, r: ControlChartResult) -> Feedback:
    fb = Feedback()
    unit = "%" if r.proportion else " minutes"
    shown = r.center * 100 if r.proportion else r.center
    given = a["center"] * 100 if r.proportion else a["center"]
    naive = r.naive_center * 100 if r.proportion else r.naive_center
    if close_to(given, shown, abs_tol=0.1):
        how = (
            "all no-shows ÷ all appointments (weeks with more appointments count more)"
            if r.proportion
            else "the mean of the weekly values"
        )
        fb.add(True, f"The centre line is {shown:.1f}{unit}: {how}.")
    elif close_to(given, naive, abs_tol=0.05):
        why = (
            "That is the plain average of the weekly rates. A p chart's centre is the pooled "
            "rate: total no-shows ÷ total appointments."
            if r.proportion
            else "That is the median. An XmR chart's centre line is the mean (a run chart uses "
            "the median)."
        )
        fb.add(False, why)
    else:
        fb.add(
            False,
            "Read the centre line off the chart (hover over it): it is the "
            f"{'pooled rate' if r.proportion else 'mean'} of the data.",
        )

    if a["beyond"] == r.beyond:
        fb.add(True, f"{r.beyond} point(s) beyond the control limits.")
    else:
        fb.add(
            False,
            "Count only points outside the dashed limits (above the upper or below the "
            f"lower): the chart has {r.beyond}.",
        )

    truth = VERDICTS[1] if r.special_cause else VERDICTS[0]
    if a["verdict"] == truth and r.special_cause:
        rules = sorted({int(x) for x in r.signals["rule"]}) if "rule" in r.signals else []
        extra = (
            (
                " — Western Electric rule(s) "
                + ", ".join(map(str, rules))
                + (
                    ": a run of 8 on one side of the centre counts even with no point "
                    "outside the limits."
                    if 4 in rules and r.beyond == 0
                    else "."
                )
            )
            if rules
            else "."
        )
        fb.add(True, f"Special cause{extra}")
    elif a["verdict"] == truth:
        fb.add(
            True,
            "Stable: all the ups and downs are common-cause variation. Reacting to single "
            "weeks would be tampering; improving means changing the system.",
        )
    elif r.special_cause and r.beyond:
        fb.add(
            False,
            "A point beyond the control limits is a special-cause signal on its own (rule "
            "1): find out what happened that week.",
        )
    elif r.special_cause:
        fb.add(
            False,
            "Look beyond single points: 8 points in a row on one side of the centre, or 2 of "
            "3 near a limit, also signal a special cause.",
        )
    else:
        fb.add(
            False,
            "No rule fires: no point is beyond the limits and there is no run of 8 on one "
            "side or cluster near a limit. The highest week is still common-cause variation.",
        )
    return fb


def _chart(v: Values, r: ControlChartResult, reveal: bool):
    # one title for every measure (the static site draws all three in one chart)
    y_title = "Weekly value (minutes, or no-show %)"
    points = r.points[["order", "value", "center", "ucl", "lcl", "signal"]]
    if r.proportion:  # drawn in % (the y title says so); the answers stay fractions
        points = points.assign(**{c: 100 * points[c] for c in ("value", "center", "ucl", "lcl")})
    words = "signals marked red" if reveal else "signals not yet marked"
    return charts.control_chart(
        points,
        x="order",
        x_type="Q",
        value="value",
        center="center",
        ucl="ucl",
        lcl="lcl",
        signal="signal",
        reveal=reveal,
        width=500,
        x_title="Week of 2025 (number)",
        y_title=y_title,
        title="The measure week by week, with its control limits",
        description=(
            f"Control chart of {v['measure']} over {len(points)} periods with the centre line and "
            f"dashed upper and lower control limits; {words}."
        ),
    )


def control_chart_exercise(measure: str = ED) -> Exercise:
    """Pick a measure; read its centre line, count points beyond the limits, judge stability."""
    return Exercise(
        title="Control chart explorer",
        prompt=(
            "A control chart separates <b>common-cause</b> variation (the system's normal "
            "noise) from "
            "<b>special causes</b> (something changed). Choose a measure from the course data. "
            "Read its <b>centre line</b>, count the points <b>beyond the control limits</b>, "
            "and decide "
            "whether the process is <b>stable</b>. Check marks the signals on the chart."
        ),
        inputs=[Choice("measure", "Measure", list(MEASURES), default=measure)],
        answers=[
            Number("center", "Centre line", unit="minutes, or % for rates", example="40"),
            Number(
                "beyond",
                "Points beyond the limits",
                unit="points",
                whole=True,
                minimum=0,
                example="3",
            ),
            Choice("verdict", "The process is", VERDICTS, radio=True),
        ],
        compute=_compute,
        check=lambda v, a, r: _check(v, _as_fraction(a, r), r),
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        static=Static(
            grid={"measure": list(MEASURES)},
            answers=_right,
            tolerance={"center": 0.1},
            slips=lambda v, r: {"center": [(_typed(r, r.naive_center), 0.05)]},
        ),
    )


def _typed(r: ControlChartResult, x: float) -> float:
    """A centre as the student types it: minutes, or % for rates."""
    return x * 100 if r.proportion else x


def _right(v: Values, r: ControlChartResult) -> Values:
    """The right answers as typed (the static site's Check compares with them)."""
    verdict = VERDICTS[1] if r.special_cause else VERDICTS[0]
    return {"center": _typed(r, r.center), "beyond": r.beyond, "verdict": verdict}


def _as_fraction(a: Values, r: ControlChartResult) -> Values:
    """Rates are typed in % on a p chart; turn them into the fraction careops works in."""
    return a | {"center": a["center"] / 100} if r.proportion else a
