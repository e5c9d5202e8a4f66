"""LEAN exercise: name the waste in real clinic scenarios (the eight wastes, DOWNTIME)."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt

from careops.charts import lean as charts
from careops.widgets.core import Choice, Exercise, Feedback, Values
from careops.widgets.static import Static

__all__ = ["SCENARIOS", "WASTES", "Scenario", "eight_wastes_exercise"]

WASTES = (
    "Defects",
    "Overproduction",
    "Waiting",
    "Non-utilized talent",
    "Transportation",
    "Inventory",
    "Motion",
    "Extra-processing",
)


@dataclass(frozen=True)
class Scenario:
    """A clinic situation, the waste it shows, why, and what to say to the usual wrong answers."""

    text: str
    waste: str
    why: str
    confusions: dict[str, str] = field(default_factory=dict)


SCENARIOS = (
    Scenario(
        "Nurses walk to the far end of the unit five times a shift to fetch IV pumps.",
        "Motion",
        "staff moving more than the work needs is motion.",
        {
            "Transportation": (
                "Transportation moves patients, specimens or supplies between places; here it is "
                "the nurse's own walking — motion."
            ),
            "Waiting": (
                "The nurse is busy walking, not idle: the waste is the movement itself — motion."
            ),
        },
    ),
    Scenario(
        "Registration, the rooming nurse and the provider each ask for the same allergy and "
        "medication list.",
        "Extra-processing",
        "doing the same work again adds nothing the patient values — extra-processing.",
        {
            "Defects": (
                "Nothing went wrong and nothing is redone because of an error; the same step is "
                "simply repeated by design — extra-processing."
            ),
            "Overproduction": (
                "Overproduction makes more than is needed, or before it is needed; here one task "
                "is done three times — extra-processing."
            ),
        },
    ),
    Scenario(
        "A discharged patient sits in a bed for four hours until the pharmacy fills the "
        "prescriptions.",
        "Waiting",
        "the patient (and the bed) is idle, waiting for the next step.",
        {
            "Inventory": (
                "Patients are not stock. From the patient's side the waste is waiting (the "
                "blocked bed is its consequence)."
            ),
            "Defects": "No error occurred; the flow stopped — waiting.",
        },
    ),
    Scenario(
        "Every admission gets a full lab panel 'just in case', though the team uses two of "
        "the results.",
        "Overproduction",
        "producing more than the next step needs (tests nobody acts on) is overproduction.",
        {
            "Extra-processing": (
                "Close, but the tests are extra products nobody asked for rather than extra "
                "steps on one task — overproduction, the waste that creates the others."
            ),
            "Inventory": "Results are not stored; they are made without a need — overproduction.",
        },
    ),
    Scenario(
        "The supply closet holds 40 boxes of gloves in a size nobody uses; six have expired.",
        "Inventory",
        "stock beyond what is needed ties up money and space and expires.",
        {
            "Overproduction": (
                "The hospital bought, not made, too much: excess stock on the shelf is inventory."
            )
        },
    ),
    Scenario(
        "A blood specimen is mislabelled at the bedside and the patient has to be drawn again.",
        "Defects",
        "an error that forces rework (a second needle stick) is a defect.",
        {
            "Extra-processing": (
                "The redraw is rework caused by an error — a defect, not extra work by design."
            ),
            "Motion": (
                "The walking back is a side effect; the root waste is the labelling error — a "
                "defect."
            ),
        },
    ),
    Scenario(
        "Specimens are carried from the clinic to the central lab in another building twice a day.",
        "Transportation",
        "moving materials between places adds time and risk, not value.",
        {
            "Motion": (
                "Motion is a person's unnecessary movement while working; moving the specimens "
                "between buildings is transportation."
            ),
            "Waiting": (
                "The specimens do wait for the courier, but the step named here is moving them — "
                "transportation."
            ),
        },
    ),
    Scenario(
        "The unit clerk has an idea for a simpler bed board but is never invited to the huddle.",
        "Non-utilized talent",
        "not using people's knowledge and ideas is the eighth waste.",
        {
            "Waiting": (
                "Nobody is idle here; what is wasted is the clerk's knowledge — non-utilized "
                "talent."
            )
        },
    ),
)


def _check(_v: Values, a: Values, s: Scenario) -> Feedback:
    fb = Feedback()
    given = a["waste"]
    if given == s.waste:
        fb.add(True, f"{s.waste}: {s.why}")
    else:
        fb.add(
            False,
            s.confusions.get(
                given,
                f"Not {given.lower()}. Ask: what is not adding value here — idle time, "
                "movement, stock, rework, duplication? Think again about the definition of "
                f"{given.lower()}.",
            ),
        )
    return fb


def _card(v: Values, s: Scenario, *, reveal: bool) -> alt.Chart:
    heading = f"Situation {v['situation'] + 1} of {len(SCENARIOS)}"
    return charts.situation_card(
        s.text, heading=heading, answer=f"{s.waste}: {s.why}" if reveal else None
    )


def eight_wastes_exercise(situation: int = 1) -> Exercise:
    """Choose a clinic situation and name the waste it shows; feedback explains the usual
    mix-ups. On the static site the situation is a bound select (one card per situation)."""
    options = [(f"Situation {i + 1}", i) for i in range(len(SCENARIOS))]
    return Exercise(
        title="The eight wastes in the clinic",
        prompt=(
            "Lean names eight wastes (DOWNTIME: defects, overproduction, waiting, non-utilized "
            "talent, transportation, inventory, motion, extra-processing). Choose a situation, "
            "read it, and name the waste it shows. Then try the next one."
        ),
        inputs=[Choice("situation", "Situation", options, default=situation - 1)],
        answers=[Choice("waste", "Which waste does this situation show?", WASTES, radio=True)],
        compute=lambda v: SCENARIOS[v["situation"]],
        check=_check,
        chart=lambda v, s: _card(v, s, reveal=False),
        reveal=lambda v, s: _card(v, s, reveal=True),
        static=Static(
            grid={"situation": [i for _, i in options]},
            answers=lambda _v, s: {"waste": s.waste},
        ),
    )
