"""Data exercise: ED provider staffing with Erlang C — service level and waits by hour."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from careops import data, measures, queueing
from careops.charts import queueing as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["ErlangResult", "arrivals_by_hour", "ed_staffing_exercise"]


@lru_cache(maxsize=1)
def arrivals_by_hour() -> pd.Series:
    """Average ED arrivals per hour for each hour of the day, from the ed_visits dataset."""
    return measures.arrivals_by_hour(data.load("ed_visits")["arrival"])


def _hour_label(h: int) -> str:
    return f"{h:02d}:00–{(h + 1) % 24:02d}:00"


@dataclass(frozen=True, eq=False)
class ErlangResult:
    """The careops answers for one hour: load, providers needed, today's service and wait."""

    arrivals: float
    load: float
    needed: int
    service_level: float | None
    average_wait: float | None
    occupancy: float | None
    table: pd.DataFrame


def _compute(v: Values) -> ErlangResult:
    rate = float(arrivals_by_hour()[v["hour"]]) / 60  # patients per minute
    minutes, wait, goal = v["minutes"], v["target_wait"], v["target_level"]
    needed = queueing.servers_needed(rate, minutes, wait, goal)
    load = queueing.offered_load(rate, minutes)  # providers busy on average
    first = int(load) + 1
    providers = list(range(first, max(needed, v["providers"]) + 3))
    table = pd.DataFrame(
        {
            "providers": providers,
            "service_level": [queueing.service_level(rate, minutes, n, wait) for n in providers],
            "average_wait": [queueing.average_wait(rate, minutes, n) for n in providers],
        }
    )
    try:
        level = queueing.service_level(rate, minutes, v["providers"], wait)
        average = queueing.average_wait(rate, minutes, v["providers"])
        busy = queueing.occupancy(rate, minutes, v["providers"])
    except InputError:  # today's staffing cannot keep up: reported in the summary, not an error
        level = average = busy = None
    return ErlangResult(
        arrivals=rate * 60,
        load=load,
        needed=needed,
        service_level=level,
        average_wait=average,
        occupancy=busy,
        table=table,
    )


def _summary(v: Values, r: ErlangResult) -> str:
    head = (
        f"{_hour_label(v['hour'])}: {r.arrivals:.2f} arrivals an hour × {v['minutes']:g} "
        "minutes of provider "
        f"time each = a workload of <b>{r.load:.2f} providers</b> busy on average."
    )
    if r.service_level is None:
        return (
            f"<p>{head}</p><p style='color:#b91c1c'><b>With {v['providers']} provider(s) the "
            "ED cannot keep up:</b> "
            "patients arrive faster than they can be seen, so the queue grows without limit.</p>"
        )
    return (
        f"<p>{head} With {v['providers']} on duty, {r.service_level:.0%} are seen within "
        f"{v['target_wait']:g} minutes and the average wait is {r.average_wait:.1f} minutes.</p>"
    )


def _check(v: Values, a: Values, r: ErlangResult) -> Feedback:
    fb = Feedback()
    given, need = a["needed"], r.needed
    goal = f"{v['target_level']:.0%} seen within {v['target_wait']:g} minutes"
    if given == need:
        fb.add(True, f"{need} providers is the fewest that reaches {goal} (Erlang C).")
    elif given <= r.load:
        fb.add(
            False,
            f"{given:g} provider(s) cannot even keep up: the workload is {r.load:.2f} "
            "providers' worth, so the queue would grow all shift.",
        )
    elif given < need:
        level = queueing.service_level(r.arrivals / 60, v["minutes"], int(given), v["target_wait"])
        fb.add(
            False,
            f"{given:g} keeps up on average, but only {level:.0%} would be seen within "
            f"{v['target_wait']:g} minutes. "
            "Matching the average workload is not enough: arrivals bunch up, so you need slack.",
        )
    else:
        fb.add(
            False,
            f"That many meets the goal, but so does {need}: the question asks for the fewest.",
        )

    if r.occupancy is None and close_to(a["busy"], 1.0, abs_tol=0.005):
        fb.add(
            True,
            f"100%: the workload ({r.load:.2f} providers' worth) is more than the "
            f"{v['providers']} on duty can do, so they are busy all the time and the queue "
            "never settles.",
        )
    elif r.occupancy is None:
        fb.add(
            False,
            f"The workload is {r.load:.2f} providers' worth, more than the {v['providers']} "
            "on duty: they cannot keep up, so they are busy all the time (100%) and the "
            "queue never settles.",
        )
    elif close_to(a["busy"], r.occupancy, abs_tol=0.005):
        fb.add(
            True,
            f"Each provider is busy {r.occupancy:.0%} of the time: the workload of "
            f"{r.load:.2f} shared by {v['providers']}.",
        )
    elif close_to(a["busy"], r.occupancy / 100, abs_tol=0.00005):
        fb.add(False, f"Give it as a percentage: {r.occupancy:.0%}.")
    elif close_to(a["busy"], r.load, rel=0.02):  # the workload typed as if it were a percentage
        fb.add(
            False,
            f"That is the workload in providers ({r.load:.2f}); divide it by the "
            f"{v['providers']} on duty to get each one's share of the hour.",
        )
    else:
        fb.add(
            False,
            "Occupancy = the workload (arrivals an hour × hours per patient) ÷ providers on duty.",
        )
    return fb


def _explain(error: InputError, v: Values) -> str | None:
    if error.field == "target_service_level":
        return "The service-level goal must be between 0% and 100% (not 0 and not 100)."
    return None


def ed_staffing_exercise(
    *,
    hour: int = 10,
    minutes: float = 30,
    providers: int = 2,
    target_wait: float = 30,
    target_level: float = 80,
) -> Exercise:
    """Choose an hour; find the fewest providers for the service goal, and today's wait."""
    hours = [(_hour_label(h), h) for h in range(24)]
    return Exercise(
        title="ED provider staffing with Erlang C",
        prompt=(
            "Patients arrive at the emergency department at different rates through the day (from "
            "the course's ED visits data). Each needs the provider time below. Erlang C, the "
            "queueing model behind call-centre and ED staffing, tells what share is seen within "
            "the target wait for each number of providers. Find the <b>fewest providers</b> that "
            "reach the goal, and how <b>busy</b> (occupancy) the providers on duty now are."
        ),
        inputs=[
            Choice("hour", "Hour of the day", hours, default=hour),
            Number(
                "minutes",
                "Provider time per patient",
                minutes,
                unit="minutes",
                minimum=1,
                maximum=90,
                slider=True,
                step=1,
            ),
            Number(
                "providers",
                "Providers on duty now",
                providers,
                unit="people",
                minimum=1,
                maximum=12,
                slider=True,
                whole=True,
            ),
            Number(
                "target_wait",
                "Goal: seen within",
                target_wait,
                unit="minutes",
                minimum=0,
                example="30",
            ),
            Number(
                "target_level",
                "Goal: share of patients",
                target_level,
                unit="%",
                percent=True,
                example="80",
            ),
        ],
        answers=[
            Number(
                "needed",
                "Fewest providers for the goal",
                unit="people",
                whole=True,
                minimum=0,
                example="4",
            ),
            Number(
                "busy",
                "Occupancy of today's providers",
                unit="% of their time",
                percent=True,
                minimum=0,
                example="75",
            ),
        ],
        labels={
            "target_service_level": "Goal: share of patients",
            "target_wait": "Goal: seen within",
        },
        explain=_explain,
        compute=_compute,
        check=_check,
        chart=lambda v, r: charts.staffing_curve(
            r.table,
            target_level=v["target_level"],
            target_wait=v["target_wait"],
            on_duty=v["providers"],
        ),
        summary=_summary,
        static=Static(
            grid={
                "hour": [h for _, h in hours],
                "minutes": [15, 30, 45],
                "providers": [1, 2, 3, 4],
            },
            answers=lambda v, r: {
                "needed": r.needed,
                "busy": 1.0 if r.occupancy is None else r.occupancy,
            },
            tolerance={"busy": 0.005},
            slips=_slips,
        ),
    )


def _slips(v: Values, r: ErlangResult) -> dict[str, list[Any]]:
    """The answers the check names: every count below the fewest (each gets its own sentence:
    cannot keep up, or keeps up but misses the goal), and occupancy as a fraction or as the
    workload, with the kernel's tolerances."""
    busy: list[Any] = [] if r.occupancy is None else [(r.occupancy / 100, 0.00005)]
    return {"needed": list(range(r.needed)), "busy": [*busy, (r.load, 0.02 * r.load)]}
