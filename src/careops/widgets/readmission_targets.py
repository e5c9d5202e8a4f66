"""Learning-organization exercise: where in the population are the readmissions?

A network that learns from its readmissions must first see where they are. The course's
``inpatient_stays`` dataset holds a year of stays with a 30-day readmission flag; patients who
died in hospital cannot be readmitted and leave the denominator. Split by payer, service line,
age, admission type or discharge destination (careops.measures.event_rates), the group with the
highest rate is not always the group with the most readmissions: a program that cuts readmissions
by the same share avoids more of them where there are more of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd

from careops import data, measures
from careops.charts import basic as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = [
    "BREAKDOWNS",
    "HIGHEST",
    "MOST",
    "SAME",
    "TargetResult",
    "discharges_alive",
    "readmission_target_exercise",
]

YEAR = 2025
BREAKDOWNS = [
    ("Payer", "payer"),
    ("Service line", "service_line"),
    ("Age group", "age_group"),
    ("Admission type", "admission_type"),
    ("Where patients went at discharge", "discharge_disposition"),
]
AGE_BINS = [0, 44, 64, 74, 84, 200]
AGE_LABELS = ["under 45", "45-64", "65-74", "75-84", "85 and over"]
HIGHEST = "The group with the highest readmission rate"
MOST = "The group with the most readmissions"
SAME = "Either: the group with the highest rate also has the most readmissions"
TARGETS = [HIGHEST, MOST, SAME]
RATE_TOL = 0.0005  # 0.05 percentage points, as a fraction
COUNT_TOL = 0.5  # readmissions avoided: to the nearest whole readmission


@lru_cache(maxsize=1)
def discharges_alive() -> pd.DataFrame:
    """The year's discharges of patients who left alive, with an age group (the denominator of
    a 30-day readmission rate: a patient who died cannot come back)."""
    stays = data.load("inpatient_stays")
    year = stays[stays["discharge_date"].dt.year == YEAR]
    alive = year[year["discharge_disposition"] != "died"].copy()
    alive["age_group"] = pd.cut(alive["age_years"], AGE_BINS, labels=AGE_LABELS)
    alive["discharge_disposition"] = (
        alive["discharge_disposition"].astype(str).str.replace("_", " ")
    )
    return alive


@lru_cache(maxsize=1)
def _with_deaths() -> float:
    stays = data.load("inpatient_stays")
    year = stays[stays["discharge_date"].dt.year == YEAR]
    return float(year["readmitted_30d"].astype(bool).sum() / len(year))


@dataclass(frozen=True, eq=False)
class TargetResult:
    """The groups' rates, the two candidate targets, and what the tempting slips give."""

    breakdown: str
    table: pd.DataFrame  # group, records, events, rate, share_of_events (largest group first)
    rate: float  # overall 30-day readmission rate, patients discharged alive (fraction)
    with_deaths: float  # the same with in-hospital deaths left in the denominator
    mean_of_rates: float  # the unweighted mean of the groups' rates
    reduction: float  # the program's relative cut in a group's readmissions (fraction)

    @property
    def mean_is_a_slip(self) -> bool:
        """True when the mean of the rates can be told from the right rate and the deaths slip
        (more than twice the tolerance away from both)."""
        return all(
            abs(self.mean_of_rates - x) > 2 * RATE_TOL for x in (self.rate, self.with_deaths)
        )

    @property
    def highest(self) -> pd.Series:
        """The group with the highest rate."""
        return self.table.loc[self.table["rate"].idxmax()]

    @property
    def most(self) -> pd.Series:
        """The group with the most readmissions."""
        return self.table.loc[self.table["events"].idxmax()]

    @property
    def same(self) -> bool:
        """True when one group has both the highest rate and the most readmissions."""
        return bool(self.highest["group"] == self.most["group"])

    @property
    def avoided_highest(self) -> float:
        """Readmissions a year the program avoids in the highest-rate group."""
        return float(self.highest["events"]) * self.reduction

    @property
    def avoided_most(self) -> float:
        """Readmissions a year the program avoids in the group with the most readmissions."""
        return float(self.most["events"]) * self.reduction

    @property
    def target(self) -> str:
        """Where the same cut avoids the most readmissions."""
        return SAME if self.same else MOST


def _compute(v: Values) -> TargetResult:
    table = _table(v["breakdown"])
    alive = discharges_alive()
    return TargetResult(
        breakdown=v["breakdown"],
        table=table,
        rate=float(alive["readmitted_30d"].astype(bool).mean()),
        with_deaths=_with_deaths(),
        mean_of_rates=float(table["rate"].mean()),
        reduction=v["reduction"],
    )


@lru_cache(maxsize=len(BREAKDOWNS))
def _table(by: str) -> pd.DataFrame:
    table = measures.event_rates(discharges_alive(), by, "readmitted_30d")
    table["group"] = table["group"].astype(str)
    return table


def _label(row: pd.Series) -> str:
    return f"{row['group']} ({100 * row['rate']:.1f}%, {int(row['events'])} readmissions)"


def _check(v: Values, a: Values, r: TargetResult) -> Feedback:
    fb = Feedback()
    n, events = int(r.table["records"].sum()), int(r.table["events"].sum())
    given = a["rate"]
    if close_to(given, r.rate, abs_tol=RATE_TOL):
        fb.add(
            True,
            f"{events:,} readmissions ÷ {n:,} patients discharged alive = {100 * r.rate:.1f}%: "
            "every group counted by its size.",
        )
    elif close_to(given, r.with_deaths, abs_tol=RATE_TOL):
        fb.add(
            False,
            "You kept the patients who died in hospital in the denominator. They cannot be "
            "readmitted: count only patients discharged alive.",
        )
    elif r.mean_is_a_slip and close_to(given, r.mean_of_rates, abs_tol=RATE_TOL):
        fb.add(
            False,
            "That is the plain average of the groups' rates, which lets a small group count as "
            "much as a large one. The overall rate is all readmissions ÷ all patients "
            "discharged alive.",
        )
    elif close_to(given, r.rate / 100, abs_tol=RATE_TOL / 100):
        fb.add(False, f"That looks like a fraction: type it as a percentage ({100 * r.rate:.1f}).")
    else:
        fb.add(False, "Overall rate = all readmissions ÷ all patients discharged alive (in %).")

    hi, most = r.highest, r.most
    typed = a["avoided"]
    cut = f"{100 * r.reduction:.0f}%"
    if close_to(typed, r.avoided_highest, abs_tol=COUNT_TOL):
        fb.add(
            True,
            f"{hi['group']}: {int(hi['events'])} readmissions × {cut} = "
            f"{r.avoided_highest:.0f} readmissions avoided in the year.",
        )
    elif close_to(typed, float(hi["records"]) * r.reduction, abs_tol=COUNT_TOL):
        fb.add(
            False,
            f"That is {cut} of the group's discharges. The program cuts readmissions: take "
            f"{cut} of the group's {int(hi['events'])} readmissions.",
        )
    elif not r.same and close_to(typed, r.avoided_most, abs_tol=COUNT_TOL):
        fb.add(
            False,
            f"That is {cut} of the readmissions of {most['group']}, the group with the most. "
            f"The question aims the program at the highest rate: {hi['group']}.",
        )
    else:
        fb.add(
            False,
            "Readmissions avoided = the highest-rate group's readmissions × the program's cut.",
        )

    chosen = a["target"]
    if chosen == r.target:
        if r.same:
            fb.add(
                True,
                f"{hi['group']} has both the highest rate and the most readmissions "
                f"({int(hi['events'])} of {events:,}): here rate and volume point the same way.",
            )
        else:
            fb.add(
                True,
                f"{most['group']}: {int(most['events'])} readmissions at "
                f"{100 * most['rate']:.1f}%, against {int(hi['events'])} at "
                f"{100 * hi['rate']:.1f}% in {hi['group']}. The same cut avoids "
                f"{r.avoided_most:.0f} there, not {r.avoided_highest:.0f}: many patients at "
                "moderate risk produce more readmissions than few at high risk.",
            )
    elif r.same:
        fb.add(
            False,
            f"Look again: {hi['group']} has the highest rate and also the most readmissions, "
            "so both choices name the same group.",
        )
    elif chosen == HIGHEST:
        fb.add(
            False,
            f"The highest rate is {hi['group']}, but it has only {int(hi['events'])} "
            f"readmissions; {most['group']} has {int(most['events'])}. A cut of the same share "
            "avoids more where there are more readmissions.",
        )
    else:
        fb.add(
            False,
            f"The two are different groups here: {hi['group']} has the highest rate, "
            f"{most['group']} the most readmissions.",
        )
    return fb


def _chart(v: Values, r: TargetResult, *, reveal: bool) -> alt.LayerChart:
    cut = f"{100 * r.reduction:.0f}%"
    rows = r.table.assign(
        label=r.table.apply(_label, axis=1),
        percent=100 * r.table["rate"],
        after=100 * r.table["rate"] * (1 - r.reduction),
    )
    name = dict((value, label) for label, value in BREAKDOWNS)[r.breakdown].lower()
    if reveal:
        role = pd.Series("other groups", index=rows.index)
        role[rows["group"] == r.most["group"]] = "most readmissions"
        role[rows["group"] == r.highest["group"]] = (
            "highest rate and most readmissions" if r.same else "highest rate"
        )
        rows = rows.assign(role=role)
    title = f"30-day readmissions by {name}, {YEAR} (patients discharged alive)"
    description = (
        f"Bar chart of the 30-day readmission rate of each {name} group, highest first, "
        "each labelled with its rate and its number of readmissions, with a white tick at the "
        f"rate the group would have if the program cut its readmissions by {cut}"
        + (
            "; the group with the highest rate and the one with the most readmissions are coloured."
            if reveal
            else "."
        )
    )
    # the cut moves each group's tick (its rate after the cut), never a count avoided
    return charts.bar_tick_chart(
        rows,
        category="label",
        value="percent",
        tick="after",
        tick_note=f"White tick: the rate after a {cut} cut",
        title=title,
        description=description,
        category_title="Group (rate, readmissions)",
        value_title="Readmitted within 30 days (%)",
        **({"color": "role", "color_title": "Group"} if reveal else {}),
    )


def readmission_target_exercise(
    *, breakdown: str = "service_line", reduction: float = 20
) -> Exercise:
    """Split the year's readmissions by a group; find the rate, the avoided count, the target."""
    return Exercise(
        title="Where are the readmissions? Rate against volume",
        prompt=(
            "A hospital and its post-acute partners will fund one readmission program for one "
            "group of patients. Split last year's discharges by a characteristic and choose the "
            "program's cut in that group's readmissions. Find the <b>overall 30-day readmission "
            "rate</b> (%, patients discharged alive), the <b>readmissions avoided</b> in a year "
            "if the program goes to the group with the highest rate, and <b>where the same cut "
            "avoids the most</b>."
        ),
        inputs=[
            Choice("breakdown", "Split the patients by", BREAKDOWNS, default=breakdown),
            Number(
                "reduction",
                "The program cuts the group's readmissions by",
                reduction,
                unit="%",
                minimum=10,
                maximum=40,
                step=10,
                slider=True,
                percent=True,
            ),
        ],
        answers=[
            Number(
                "rate", "Overall 30-day readmission rate", unit="%", percent=True, example="14.2"
            ),
            Number(
                "avoided",
                "Readmissions avoided in the highest-rate group",
                unit="a year",
                minimum=0,
                example="40",
            ),
            Choice(
                "target",
                "Where does the same cut avoid the most readmissions?",
                TARGETS,
                radio=True,
            ),
        ],
        compute=_compute,
        check=_check,
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        static=Static(
            grid={"breakdown": [b for _, b in BREAKDOWNS], "reduction": [10, 20, 30, 40]},
            answers=lambda v, r: {
                "rate": r.rate,
                "avoided": r.avoided_highest,
                "target": r.target,
            },
            tolerance={"rate": RATE_TOL, "avoided": COUNT_TOL},
            slips=lambda v, r: {
                "rate": [r.with_deaths, (r.rate / 100, RATE_TOL / 100)]
                + ([r.mean_of_rates] if r.mean_is_a_slip else []),
                "avoided": [float(r.highest["records"]) * r.reduction]
                + ([] if r.same else [r.avoided_most]),
            },
        ),
    )
