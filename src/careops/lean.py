"""Lean flow measures: takt time, staffing to takt, process cycle efficiency, Little's law,
and a value-stream summary.

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
    "ValueStream",
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
