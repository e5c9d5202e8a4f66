"""LEAN exercise: takt time and how many medical assistants a clinic session needs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from careops import lean
from careops.charts import lean as charts
from careops.widgets.core import Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["TaktResult", "takt_time_exercise"]


@dataclass(frozen=True)
class TaktResult:
    """The careops answers for one session, and the staffing curve for the chart."""

    takt: float
    staff_needed: int
    curve: pd.DataFrame


def _compute(v: Values) -> TaktResult:
    takt = lean.takt_time(v["available"], v["demand"])
    needed = lean.staff_needed(v["demand"], v["cycle"], v["available"])
    top = max(int(v["demand"]) * 2, 20)
    curve = pd.DataFrame({"patients": range(1, top + 1)})
    curve["staff_needed"] = [
        lean.staff_needed(n, v["cycle"], v["available"]) for n in curve["patients"]
    ]
    return TaktResult(takt=takt, staff_needed=needed, curve=curve)


def _check(v: Values, a: Values, r: TaktResult) -> Feedback:
    fb = Feedback()
    takt, answer = r.takt, a["takt"]
    if close_to(answer, takt, rel=0.01, abs_tol=0.05):
        fb.add(
            True,
            f"Takt time is {takt:.2f} minutes per patient: {v['available']:g} available "
            f"minutes ÷ {v['demand']:g} patients.",
        )
    elif close_to(answer, v["demand"] / v["available"], rel=0.01):
        fb.add(
            False,
            "You divided patients by minutes, which gives patients per minute. Takt is the "
            "other way up: available minutes ÷ patients booked.",
        )
    elif close_to(answer, takt / 60, rel=0.01):
        fb.add(
            False,
            "That looks like hours per patient. The session is given in minutes, so give "
            "takt in minutes per patient.",
        )
    elif close_to(answer, v["cycle"], rel=0.01):
        fb.add(
            False,
            "That is the hands-on time per patient (the cycle time). Takt comes from demand, "
            "not from how long the work takes: available minutes ÷ patients booked.",
        )
    else:
        fb.add(
            False,
            "Not quite: takt time = available minutes ÷ patients booked. Check your division.",
        )

    need, staff = r.staff_needed, a["staff"]
    work_ratio = v["cycle"] / takt  # hands-on minutes per patient over minutes per patient at takt
    if staff == need:
        fb.add(
            True,
            f"{need} medical assistants: {v['demand']:g} patients × {v['cycle']:g} minutes = "
            f"{v['demand'] * v['cycle']:g} minutes of work, and each MA has "
            f"{v['available']:g} minutes.",
        )
    elif staff == need - 1 and not float(work_ratio).is_integer():
        fb.add(
            False,
            f"You rounded down. The work needs {work_ratio:.2f} MAs' worth of time, so "
            f"{staff:g} would fall behind and the session would overrun. Staff always round "
            "up.",
        )
    elif staff > need:
        fb.add(
            False,
            f"That many would cope, but {need} is enough: cycle time ÷ takt time = "
            f"{v['cycle']:g} ÷ {takt:.2f} = {work_ratio:.2f}, rounded up.",
        )
    else:
        fb.add(
            False,
            "Too few: divide the hands-on minutes per patient by the takt time "
            f"({v['cycle']:g} ÷ {takt:.2f}) and round up.",
        )
    return fb


def _summary(v: Values, r: TaktResult) -> str:
    if v["staff"] >= r.staff_needed:
        return f"With {v['staff']} on duty the session keeps pace. Is that the fewest that would?"
    return f"With {v['staff']} on duty the session falls behind. How many would keep pace?"


def takt_time_exercise(
    *, available: float = 240, demand: float = 48, cycle: float = 12, staff: int = 2
) -> Exercise:
    """A morning clinic session: find takt time and the medical assistants needed to keep pace."""
    return Exercise(
        title="Takt time and staffing for a clinic session",
        prompt=(
            "A primary-care morning session runs for the available minutes below, with the "
            "patients booked. Each patient needs hands-on time from a medical assistant "
            "(rooming, vitals, medication reconciliation). <b>What is the takt time</b> (minutes "
            "per patient), and <b>how many medical assistants</b> keep pace with it?"
        ),
        inputs=[
            Number(
                "available", "Session length", available, unit="minutes", minimum=1, example="240"
            ),
            Number(
                "demand",
                "Patients booked",
                demand,
                unit="patients",
                minimum=1,
                whole=True,
                example="48",
            ),
            Number(
                "cycle",
                "Hands-on time per patient",
                cycle,
                unit="minutes",
                minimum=1,
                maximum=60,
                slider=True,
                step=1,
            ),
            Number(
                "staff",
                "Medical assistants on duty",
                staff,
                unit="people",
                minimum=1,
                maximum=8,
                slider=True,
                whole=True,
            ),
        ],
        answers=[
            Number("takt", "Takt time", unit="minutes per patient", example="6.5"),
            Number(
                "staff",
                "Medical assistants needed",
                unit="people",
                whole=True,
                minimum=0,
                example="4",
            ),
        ],
        labels={
            "available_time": "Session length",
            "demand": "Patients booked",
            "cycle_time": "Hands-on time per patient",
        },
        compute=_compute,
        check=_check,
        chart=lambda v, r: charts.workload_chart(
            work_minutes=v["demand"] * v["cycle"],
            available_minutes=v["staff"] * v["available"],
            staff_on_duty=v["staff"],
        ),
        reveal=lambda v, r: charts.staffing_chart(
            r.curve, demand=v["demand"], staff_on_duty=v["staff"]
        ),
        summary=_summary,
        static=Static(
            grid={
                "demand": [24, 36, 48, 60, 72],
                "cycle": list(range(4, 21, 2)),
                "staff": list(range(1, 7)),
            },
            answers=lambda v, r: {"takt": r.takt, "staff": r.staff_needed},
            tolerance={"takt": 0.05},
            relative={"takt": 0.01},
            slips=lambda v, r: {
                "takt": [  # each with the kernel's 1% tolerance
                    (x, 0.01 * x) for x in (v["demand"] / v["available"], r.takt / 60, v["cycle"])
                ],
                "staff": list(range(r.staff_needed)),  # each too-few count has its sentence
            },
        ),
    )
