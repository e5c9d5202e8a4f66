"""LEAN exercise: map a clinic visit's value stream — lead time, PCE and the bottleneck."""

from __future__ import annotations

import re

import pandas as pd

from careops import lean
from careops.charts import lean as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["DEFAULT_VISIT", "value_stream_exercise"]

# A primary-care visit: (step, hands-on minutes, minutes waiting before the step).
DEFAULT_VISIT: tuple[tuple[str, float, float], ...] = (
    ("Check-in", 4, 2),
    ("Rooming and vitals", 8, 22),
    ("Provider exam", 15, 14),
    ("Blood draw", 5, 12),
    ("Check-out", 3, 7),
)


def _key(step: str) -> str:
    return re.sub(r"\W+", "_", step.lower()).strip("_")


def value_stream_exercise(visit: tuple[tuple[str, float, float], ...] = DEFAULT_VISIT) -> Exercise:
    """Edit the step and wait times of a visit; find its lead time, PCE and bottleneck."""
    names = [s for s, _, _ in visit]
    inputs: list[Number] = []
    for step, process, wait in visit:
        inputs.append(
            Number(
                f"wait_{_key(step)}",
                f"{step}: wait before",
                wait,
                unit="min",
                minimum=0,
                maximum=120,
                slider=True,
                step=1,
            )
        )
        inputs.append(
            Number(
                f"work_{_key(step)}",
                f"{step}: hands-on",
                process,
                unit="min",
                minimum=0,
                maximum=60,
                slider=True,
                step=1,
            )
        )

    def steps_of(v: Values) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "step": names,
                "process_time": [v[f"work_{_key(s)}"] for s in names],
                "wait_time": [v[f"wait_{_key(s)}"] for s in names],
            }
        )

    def compute(v: Values) -> lean.ValueStream:
        return lean.value_stream(steps_of(v))

    def check(v: Values, a: Values, r: lean.ValueStream) -> Feedback:
        fb = Feedback()
        waits = r.lead_time - r.value_added_time
        lead = a["lead"]
        if close_to(lead, r.lead_time, abs_tol=0.5):
            fb.add(
                True,
                f"Lead time is {r.lead_time:g} minutes: {r.value_added_time:g} hands-on plus "
                f"{waits:g} waiting.",
            )
        elif close_to(lead, r.value_added_time, abs_tol=0.5):
            fb.add(
                False,
                "That is only the hands-on time. Lead time is everything the patient lives "
                "through, door to door: add the waits.",
            )
        elif close_to(lead, waits, abs_tol=0.5):
            fb.add(
                False,
                "That is only the waiting. Lead time adds the hands-on minutes of every step "
                "as well.",
            )
        else:
            fb.add(False, "Add every step's wait and hands-on time, door to door.")

        pce, given = r.pce, a["pce"]  # fractions
        if close_to(given, pce, abs_tol=0.005):
            fb.add(
                True,
                f"PCE = {r.value_added_time:g} ÷ {r.lead_time:g} = {pce:.0%} of the visit is "
                "value-adding.",
            )
        elif close_to(given, pce / 100, abs_tol=0.00005):
            fb.add(
                False,
                f"You gave the fraction ({pce:.2f}); the box asks for a percentage, {pce:.0%}.",
            )
        elif pce > 0 and close_to(given * 100, r.lead_time / r.value_added_time, rel=0.02):
            fb.add(
                False,
                "You divided the wrong way round: PCE = value-added time ÷ lead time, so it "
                "is never above 100%.",
            )
        elif close_to(given, 1 - pce, abs_tol=0.005):
            fb.add(
                False,
                f"That is the share spent waiting ({1 - pce:.0%}). PCE is the value-added "
                "share: hands-on ÷ lead time.",
            )
        else:
            fb.add(False, "PCE = value-added (hands-on) minutes ÷ lead time, as a percentage.")

        longest_wait = names[int(pd.Series([v[f"wait_{_key(s)}"] for s in names]).argmax())]
        if a["bottleneck"] == r.bottleneck:
            fb.add(
                True,
                f"{r.bottleneck} has the longest hands-on time, so it sets the pace of the "
                "whole visit.",
            )
        elif a["bottleneck"] == longest_wait:
            fb.add(
                False,
                f"{longest_wait} has the longest wait in front of it. A queue is a symptom; "
                "the bottleneck is the step with the most hands-on time per patient "
                f"({r.bottleneck}), the slowest server.",
            )
        else:
            fb.add(
                False,
                "Look for the step with the most hands-on minutes per patient: it limits how "
                "many patients the clinic can see.",
            )
        return fb

    def explain(error: InputError, v: Values) -> str | None:
        if error.field == "steps" and error.rule == "total_positive":
            return (
                "Every time is zero: give at least one step some minutes, or there is no visit "
                "to map."
            )
        return None

    return Exercise(
        title="Value stream map of a clinic visit",
        prompt=(
            "Each step of the visit has hands-on (value-added) time and a wait before it. Set "
            "the times you see in your clinic. Then find the visit's <b>lead time</b>, its "
            "<b>process cycle efficiency</b> (PCE, %) and its <b>bottleneck</b>."
        ),
        inputs=inputs,
        answers=[
            Number("lead", "Lead time", unit="minutes", example="120"),
            Number("pce", "Process cycle efficiency", unit="%", percent=True, example="25"),
            Choice("bottleneck", "Bottleneck step", names, radio=True),
        ],
        compute=compute,
        check=check,
        chart=lambda v, r: charts.value_stream_timeline(r.steps),
        reveal=lambda v, r: charts.value_stream_timeline(r.steps, bottleneck=r.bottleneck),
        explain=explain,
        static=Static(
            # the three times the notebook's questions turn on: the wait before rooming (cut it to
            # zero), and the hands-on times of rooming and of the exam (which is the bottleneck?)
            grid={
                "wait_rooming_and_vitals": [0, 11, 22, 33, 44],
                "work_rooming_and_vitals": [4, 8, 12, 16, 20],
                "work_provider_exam": [5, 10, 15, 20, 25],
            },
            answers=lambda v, r: {"lead": r.lead_time, "pce": r.pce, "bottleneck": r.bottleneck},
            tolerance={"lead": 0.5, "pce": 0.005},
            slips=lambda v, r: {
                "lead": [r.value_added_time, r.lead_time - r.value_added_time],
                "pce": [
                    (r.pce / 100, 0.00005),
                    (
                        r.lead_time / r.value_added_time / 100,
                        0.02 * r.lead_time / r.value_added_time / 100,
                    ),
                    1 - r.pce,
                ],
            },
        ),
    )
