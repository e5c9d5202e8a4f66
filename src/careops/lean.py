"""Lean flow measures: takt time, staffing to takt, process cycle efficiency, Little's law,
a value-stream summary, and quick changeover (SMED): the changeover time left when set-up steps
run while the previous job does, and the whole jobs that fit in a block of time.

Units: every time argument may be in any unit (seconds, minutes, hours, days) as long as
the arguments of one call share it; results come back in that same unit. Demand is a count
of units (patients, specimens, calls) over the available time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "Changeover",
    "ValueStream",
    "block_utilisation",
    "cases_in_block",
    "changeover",
    "littles_law",
    "process_cycle_efficiency",
    "staff_needed",
    "takt_time",
    "value_stream",
]

# Relative tolerance for treating a ratio as a whole number (2.0000000001 -> 2 staff).
_WHOLE_TOLERANCE = 1e-9


def takt_time(available_time: float, demand: float) -> float:
    """Takt time = available time / demand: the pace (time per unit) that just meets demand.

    ``available_time`` is the working time in the period (e.g. 480 minutes a day) and
    ``demand`` the units required in that period (e.g. 240 patients a day); the result is
    in the time unit of ``available_time`` per unit (2 minutes per patient).
    """
    available = v.positive("available_time", available_time)
    units = v.positive("demand", demand)
    return available / units


def staff_needed(demand: float, cycle_time: float, available_time: float) -> int:
    """Whole staff needed to meet demand: ceil(work content / takt time).

    ``cycle_time`` is the hands-on (manual) work per unit; ``demand`` the units in
    ``available_time``. Equivalent to ceil(demand * cycle_time / available_time). Ratios
    within 1e-9 (relative) of a whole number are taken as that number, so float fuzz such
    as 2.0000000001 gives 2, not 3.
    """
    units = v.positive("demand", demand)
    work = v.positive("cycle_time", cycle_time)
    available = v.positive("available_time", available_time)
    ratio = units * work / available
    nearest = round(ratio)
    if nearest >= 1 and math.isclose(ratio, nearest, rel_tol=_WHOLE_TOLERANCE, abs_tol=0.0):
        return int(nearest)
    return max(1, math.ceil(ratio))


def process_cycle_efficiency(value_added_time: float, lead_time: float) -> float:
    """Process cycle efficiency = value-added time / total lead time, a fraction in [0, 1].

    Both times in the same unit. A PCE above 0.25 is the usual bar for a "lean" process.
    """
    value_added = v.non_negative("value_added_time", value_added_time)
    lead = v.positive("lead_time", lead_time)
    if value_added > lead:
        raise InputError(
            "value_added_time",
            value_added_time,
            "not_above",
            other="lead_time",
            message=f"value_added_time ({value_added_time!r}) cannot exceed lead_time "
            f"({lead_time!r})",
        )
    return value_added / lead


def littles_law(
    *,
    wip: float | None = None,
    throughput: float | None = None,
    flow_time: float | None = None,
) -> float:
    """Little's law, WIP = throughput x flow time: give exactly two, get the third as a float.

    ``wip`` is the average number in the system (patients in beds), ``throughput`` the
    average rate through it (admissions per day) and ``flow_time`` the average time each
    spends in it (length of stay, days). Rate and time must share the time unit.
    """
    given = {"wip": wip, "throughput": throughput, "flow_time": flow_time}
    supplied = [name for name, value in given.items() if value is not None]
    if len(supplied) != 2:
        raise InputError(
            "wip, throughput, flow_time",
            supplied,
            "count",
            expected="exactly two given",
            message="littles_law needs exactly two of wip, throughput, flow_time; "
            f"got {', '.join(supplied) if supplied else 'none'}",
        )
    if wip is None:
        return v.positive("throughput", throughput) * v.positive("flow_time", flow_time)
    if throughput is None:
        return v.positive("wip", wip) / v.positive("flow_time", flow_time)
    return v.positive("wip", wip) / v.positive("throughput", throughput)


@dataclass(frozen=True, eq=False)
class ValueStream:
    """Summary of a value stream; times in the unit of the input table.

    ``steps`` has one row per step: step, process_time, wait_time, step_lead_time
    (process + wait), cumulative_lead_time and share_of_lead_time (fraction of the total).
    """

    lead_time: float
    value_added_time: float
    pce: float
    bottleneck: str
    steps: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view (the per-step table as a list of records)."""
        return {
            "lead_time": self.lead_time,
            "value_added_time": self.value_added_time,
            "pce": self.pce,
            "bottleneck": self.bottleneck,
            "steps": self.steps.to_dict(orient="records"),
        }


_VALUE_STREAM_COLUMNS = ("step", "process_time", "wait_time")


def value_stream(steps: pd.DataFrame) -> ValueStream:
    """Summarise a value-stream map given as a DataFrame with step, process_time, wait_time.

    Lead time = sum of process and wait times; value-added time = sum of process times
    (every process_time is counted as value-adding); PCE = value-added / lead time; the
    bottleneck is the step with the largest process_time (the first, on a tie).
    """
    if not isinstance(steps, pd.DataFrame):
        raise InputError(
            "steps",
            type(steps).__name__,
            "type",
            expected="a pandas DataFrame",
            message=f"steps must be a pandas DataFrame, got {type(steps).__name__}",
        )
    missing = [c for c in _VALUE_STREAM_COLUMNS if c not in steps.columns]
    if missing:
        raise InputError(
            f"steps[{missing[0]!r}]",
            list(steps.columns),
            "required",
            message=f"steps is missing column(s) {missing}; it has {list(steps.columns)}",
        )
    if steps.empty:
        raise InputError(
            "steps",
            [],
            "min_length",
            minimum=1,
            message="steps must have at least one row, got an empty table",
        )
    names = [str(s) for s in steps["step"]]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(
            "steps['step']",
            duplicated,
            "unique",
            message=f"steps['step'] must be unique, got repeated {duplicated}",
        )
    process = v.non_negative_array("steps['process_time']", steps["process_time"])
    wait = v.non_negative_array("steps['wait_time']", steps["wait_time"])
    step_lead = process + wait
    lead = float(step_lead.sum())
    if lead <= 0:
        raise InputError(
            "steps",
            0,
            "total_positive",
            message="steps must have a total lead time greater than 0, got 0",
        )
    value_added = float(process.sum())
    table = pd.DataFrame(
        {
            "step": names,
            "process_time": process,
            "wait_time": wait,
            "step_lead_time": step_lead,
            "cumulative_lead_time": step_lead.cumsum(),
            "share_of_lead_time": step_lead / lead,
        }
    )
    return ValueStream(
        lead_time=lead,
        value_added_time=value_added,
        pce=value_added / lead,
        bottleneck=names[int(process.argmax())],
        steps=table,
    )


# --- quick changeover (SMED) -------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Changeover:
    """A changeover split as in SMED (Shingo 1985); times in the unit of the input table.

    ``time`` is the changeover the resource waits through: the internal steps plus any
    external work that did not fit inside the previous job (``spill``). ``steps`` has one row
    per step: step, minutes, external, start, end, where 0 is the end of the previous job
    (wheels out) and external steps run before it, back to back, ending at 0 when they fit.
    """

    time: float
    internal: float
    external: float
    spill: float
    steps: pd.DataFrame


_CHANGEOVER_COLUMNS = ("step", "minutes", "external")


def changeover(steps: pd.DataFrame, *, run_time: float | None = None) -> Changeover:
    """The changeover time when the ``external`` steps are done while the previous job runs.

    SMED (Shingo, A Revolution in Manufacturing: The SMED System, 1985): internal set-up can
    only be done while the resource is stopped, external set-up while it still runs, so the
    changeover lasts the internal steps alone. External work longer than the previous job's
    ``run_time`` (when given) cannot all be done in time: the excess (``spill``) delays the
    internal steps. Steps keep their table order within each kind.
    """
    if not isinstance(steps, pd.DataFrame):
        raise InputError("steps", type(steps).__name__, "type", expected="a pandas DataFrame")
    missing = [c for c in _CHANGEOVER_COLUMNS if c not in steps.columns]
    if missing:
        raise InputError(f"steps[{missing[0]!r}]", list(steps.columns), "required")
    if steps.empty:
        raise InputError("steps", [], "min_length", minimum=1)
    minutes = v.non_negative_array("steps['minutes']", steps["minutes"])
    external = steps["external"].astype(bool).to_numpy()
    run = None if run_time is None else v.non_negative("run_time", run_time)
    outside = float(minutes[external].sum())
    inside = float(minutes[~external].sum())
    ahead = outside if run is None else min(outside, run)
    spill = outside - ahead
    rows, clock = [], -ahead
    for name, length in zip(steps["step"][external], minutes[external], strict=True):
        rows.append((str(name), float(length), True, clock, clock + float(length)))
        clock += float(length)
    clock = spill
    for name, length in zip(steps["step"][~external], minutes[~external], strict=True):
        rows.append((str(name), float(length), False, clock, clock + float(length)))
        clock += float(length)
    table = pd.DataFrame(rows, columns=["step", "minutes", "external", "start", "end"])
    return Changeover(
        time=inside + spill, internal=inside, external=outside, spill=spill, steps=table
    )


def cases_in_block(block: float, case_time: float, turnover: float) -> int:
    """Whole cases of ``case_time`` that fit in a ``block`` with a ``turnover`` between cases.

    n cases need n case times and n - 1 turnovers (none before the first case, which is set
    up before the block starts, nor after the last): n = floor((block + turnover) / (case_time
    + turnover)). Ratios within 1e-9 of a whole number count as that number.
    """
    length = v.positive("block", block)
    case = v.positive("case_time", case_time)
    gap = v.non_negative("turnover", turnover)
    ratio = (length + gap) / (case + gap)
    nearest = round(ratio)
    if math.isclose(ratio, nearest, rel_tol=_WHOLE_TOLERANCE, abs_tol=0.0):
        return int(nearest)
    return math.floor(ratio)


def block_utilisation(cases: int, case_time: float, block: float) -> float:
    """Share of the block spent on cases (in-room time): cases x case_time / block.

    Turnover time is not counted as use (Macario 2006, "raw utilisation"); the share may pass
    1 when cases run over the block.
    """
    n = v.integer("cases", cases, minimum=0)
    case = v.positive("case_time", case_time)
    length = v.positive("block", block)
    return n * case / length
