"""Capstone exercise: plan the measures and the run chart before the change starts.

A capstone's current-state milestone asks for a baseline run chart of at least 12 points of the
outcome measure (seminar/capstone.yml), and the run-chart rules need 6 points in a row on one
side of the median for a shift (careops.spc.SHIFT_LENGTH, Perla, Provost & Murray 2011). How
long both take depends on how often the measure is counted (careops.spc.weeks_to_collect). The
chart is the project's outcome measure over the course data's year, one point per day, week or
month, so the student sees how many points each choice gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from careops import data, measures, spc
from careops.charts import spc as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values
from careops.widgets.static import Static

__all__ = [
    "BASELINE_POINTS",
    "FAMILIES",
    "PERIODS",
    "PROJECTS",
    "MeasurePlan",
    "capstone_measures_exercise",
    "outcome_series",
]

BASELINE_POINTS = 12  # the current-state milestone: "run chart of at least 12 points"
ON_TIME_MIN = 5  # a first case starting at most 5 minutes late is on time (capstone-1)
LETTERS = ["A", "B", "C"]
FAMILIES = ("outcome", "process", "balancing")


@dataclass(frozen=True)
class Project:
    """A capstone project: its change, its three measures (labelled A-C) and its data."""

    key: str
    title: str
    change: str
    measures: tuple[tuple[str, str], ...]  # (family, definition) for A, B, C
    outcome: str  # the outcome measure as the chart's axis title
    days_per_week: int  # days a week the service runs (points a week when counted daily)


PROJECTS = {
    "clinic": Project(
        "clinic",
        "Clinic no-shows",
        "remind every patient before every appointment",
        (
            ("balancing", "Median days from booking to visit"),
            ("process", "Share of appointments with a reminder sent"),
            ("outcome", "Share of appointments the patient neither attends nor cancels"),
        ),
        "No-shows (% of appointments)",
        5,
    ),
    "ed": Project(
        "ed",
        "ED waits for a provider",
        "a provider in triage at peak hours",
        (
            ("outcome", "Median minutes from arrival to first provider contact"),
            ("balancing", "Share of discharged patients back in the ED within 72 hours"),
            ("process", "Share of peak hours with a provider working in triage"),
        ),
        "Median minutes from arrival to provider",
        7,
    ),
    "or": Project(
        "or",
        "First-case on-time starts",
        "a pre-operative checklist completed the day before surgery",
        (
            ("process", "Share of next-day cases with the checklist done by 17:00"),
            ("outcome", "Share of first cases of the day starting on time"),
            ("balancing", "Pre-operative nurses' overtime hours a week"),
        ),
        "First cases on time (%)",
        5,
    ),
}
PERIODS = [("Each day the service runs", "day"), ("Each week", "week"), ("Each month", "month")]
_OPTIONS = [(f"Measure {x}", x) for x in LETTERS]


def per_week(project: Project, period: str) -> float:
    """Points a week the measure gives when counted each ``period``."""
    return {"day": float(project.days_per_week), "week": 1.0, "month": 12 / 52}[period]


@lru_cache(maxsize=1)
def _records() -> dict[str, pd.DataFrame]:
    clinic = data.load("clinic_appointments")
    ed = data.load("ed_visits")
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    first = done.sort_values("scheduled_start").groupby(["room", "date"], observed=True).head(1)
    late = (first["actual_start"] - first["scheduled_start"]).dt.total_seconds() / 60
    return {
        "clinic": pd.DataFrame(
            {"time": clinic["appointment_time"], "value": 100 * clinic["no_show"].astype(float)}
        ),
        "ed": pd.DataFrame(
            {"time": ed["arrival"], "value": ed["time_to_provider_min"].astype(float)}
        ),
        "or": pd.DataFrame(
            {"time": first["scheduled_start"], "value": 100 * (late <= ON_TIME_MIN).astype(float)}
        ),
    }


@lru_cache(maxsize=len(PROJECTS) * len(PERIODS))
def outcome_series(key: str, period: str) -> pd.DataFrame:
    """The project's outcome measure over the data's year, one row (start, value) per day the
    service ran, per complete week, or per month: a rate in % or the median minutes."""
    rows = _records()[key]
    how = "median" if key == "ed" else "mean"
    if period == "week":
        out = measures.weekly(rows, "time", value=("value", how)).dropna()
        return out.rename(columns={"week": "start"})
    stamp = rows["time"].dt.normalize() if period == "day" else rows["time"].dt.to_period("M")
    out = rows.groupby(stamp)["value"].agg(how).rename_axis("start").reset_index()
    if period == "month":
        out["start"] = out["start"].dt.to_timestamp()
    return out


@dataclass(frozen=True, eq=False)
class MeasurePlan:
    """The plan's right answers, and the numbers the tempting slips give."""

    project: Project
    period: str
    per_week: float
    balancing: str  # the letter of the balancing measure
    baseline_weeks: int  # weeks of counting for BASELINE_POINTS points
    shift_weeks: int  # weeks after the change before a shift can show
    series: pd.DataFrame

    def letter(self, family: str) -> str:
        """The letter of the measure of ``family``."""
        return LETTERS[[f for f, _ in self.project.measures].index(family)]

    @property
    def runs_weeks(self) -> int:
        """Weeks for the fewest points the runs table covers (10), not the milestone's 12."""
        return spc.weeks_to_collect(spc.RUNS_TABLE_MIN, self.per_week)

    def baseline_slips(self) -> list[float]:
        """Wrong baseline answers the check names (only those unlike the right one)."""
        out = [BASELINE_POINTS, spc.SHIFT_LENGTH, self.runs_weeks]
        return [float(x) for x in dict.fromkeys(out) if x != self.baseline_weeks]

    def shift_slips(self) -> list[float]:
        """Wrong shift answers the check names (only those unlike the right one)."""
        out = [spc.SHIFT_LENGTH, self.baseline_weeks]
        return [float(x) for x in dict.fromkeys(out) if x != self.shift_weeks]


def _compute(v: Values) -> MeasurePlan:
    project = PROJECTS[v["project"]]
    rate = per_week(project, v["period"])
    return MeasurePlan(
        project=project,
        period=v["period"],
        per_week=rate,
        balancing=LETTERS[[f for f, _ in project.measures].index("balancing")],
        baseline_weeks=spc.weeks_to_collect(BASELINE_POINTS, rate),
        shift_weeks=spc.weeks_to_collect(spc.SHIFT_LENGTH, rate),
        series=outcome_series(project.key, v["period"]),
    )


def _rate_words(r: MeasurePlan) -> str:
    if r.period == "day":
        return f"{r.project.days_per_week} points a week (one per day the service runs)"
    if r.period == "week":
        return "1 point a week"
    return "1 point a month (a month is 52/12 weeks)"


def _summary(v: Values, r: MeasurePlan) -> str:
    items = "".join(
        f"<li><b>Measure {x}</b>: {text}</li>"
        for x, (_, text) in zip(LETTERS, r.project.measures, strict=True)
    )
    return (
        f"<p><b>{r.project.title}</b>. The change: {r.project.change}. The team proposes three "
        f"measures:</p><ul>{items}</ul><p>Counted as chosen, the outcome measure gives "
        f"<b>{_rate_words(r)}</b>. The baseline needs {BASELINE_POINTS} points; a shift needs "
        f"{spc.SHIFT_LENGTH} in a row.</p>"
    )


def _weeks(n: int) -> str:
    return f"{n} week" + ("" if n == 1 else "s")


def _check(v: Values, a: Values, r: MeasurePlan) -> Feedback:
    fb = Feedback()
    families = dict(zip(LETTERS, (f for f, _ in r.project.measures), strict=True))
    chosen = a["balancing"]
    if chosen == r.balancing:
        fb.add(
            True,
            f"Measure {r.balancing} is the balancing measure: it watches for harm the change "
            f"could do elsewhere. Measure {r.letter('outcome')} is the outcome (what the change "
            f"is for), measure {r.letter('process')} the process (is the change being done?).",
        )
    elif families[chosen] == "outcome":
        fb.add(
            False,
            f"Measure {chosen} is the outcome: the result the change is meant to improve. A "
            "balancing measure watches for a problem the change could cause somewhere else.",
        )
    else:
        fb.add(
            False,
            f"Measure {chosen} is the process measure: it tells you whether the change is being "
            "done. A balancing measure watches for a problem the change could cause somewhere "
            "else.",
        )

    per = _rate_words(r)
    base = a["baseline"]
    if base == r.baseline_weeks:
        fb.add(
            True,
            f"{BASELINE_POINTS} points at {per} take {_weeks(r.baseline_weeks)} to collect: "
            "start counting (or pull past data) that long before the change.",
        )
    elif base == BASELINE_POINTS:
        fb.add(
            False,
            f"{BASELINE_POINTS} is the number of points, not of weeks. At {per}, "
            f"{BASELINE_POINTS} points take a different number of weeks.",
        )
    elif base == spc.SHIFT_LENGTH:
        fb.add(
            False,
            f"{spc.SHIFT_LENGTH} points in a row make a shift, read after the change. The "
            f"baseline, before it, needs {BASELINE_POINTS} points to give a median worth "
            "freezing.",
        )
    elif base == r.runs_weeks:
        fb.add(
            False,
            f"That gives {spc.RUNS_TABLE_MIN} points, the fewest the runs rule can use. The "
            f"capstone's current-state milestone asks for at least {BASELINE_POINTS}.",
        )
    else:
        fb.add(
            False,
            f"Weeks of baseline = {BASELINE_POINTS} points ÷ points a week, rounded up to a "
            "whole week.",
        )

    shift = a["shift"]
    if shift == r.shift_weeks:
        fb.add(
            True,
            f"A shift needs {spc.SHIFT_LENGTH} points in a row after the change: at {per} the "
            f"earliest is {_weeks(r.shift_weeks)} after it starts, if it works from day one.",
        )
    elif shift == spc.SHIFT_LENGTH:
        fb.add(
            False,
            f"{spc.SHIFT_LENGTH} is the number of points a shift needs, not of weeks. At "
            f"{per}, count how many weeks they take.",
        )
    elif shift == r.baseline_weeks:
        fb.add(
            False,
            "That is the baseline's length. After the change you are looking for a shift, "
            f"which needs only {spc.SHIFT_LENGTH} points in a row.",
        )
    else:
        fb.add(
            False,
            f"Weeks to a shift = {spc.SHIFT_LENGTH} points ÷ points a week, rounded up.",
        )
    return fb


def _chart(v: Values, r: MeasurePlan):
    series = r.series
    signals = spc.run_chart_signals(series["value"].to_numpy())
    unit = {"day": "day", "week": "week", "month": "month"}[r.period]
    return charts.run_chart(
        series,
        signals,
        x="start",
        y="value",
        x_title="Date",
        y_title="Outcome measure (as in the title)",
        title=f"{r.project.outcome}: one point per {unit} ({len(series)} in the year)",
        reveal=False,
        width=560,
        description=(
            f"Run chart of the outcome measure ({r.project.outcome.lower()}) over the course "
            f"data's year, one point per {unit}, {len(series)} points, with the year's median "
            "as a dashed line."
        ),
    )


def capstone_measures_exercise(*, project: str = "clinic", period: str = "week") -> Exercise:
    """Pick a project and a counting period; name the balancing measure, baseline and shift."""
    return Exercise(
        title="Plan the measures and the baseline before the change",
        prompt=(
            "Your capstone team has a change to test and three proposed measures. Choose the "
            "project and how often the outcome measure is counted. Say which measure is the "
            "<b>balancing measure</b>, how many <b>weeks of baseline</b> the run chart needs "
            f"before the change ({BASELINE_POINTS} points), and how many weeks after the change "
            f"a <b>shift</b> ({spc.SHIFT_LENGTH} points in a row) could show at the earliest."
        ),
        inputs=[
            Choice(
                "project",
                "Capstone project",
                [(p.title, k) for k, p in PROJECTS.items()],
                default=project,
            ),
            Choice("period", "Count the outcome measure", PERIODS, default=period),
        ],
        answers=[
            Choice("balancing", "Which is the balancing measure?", _OPTIONS, radio=True),
            Number(
                "baseline",
                "Weeks of baseline before the change",
                unit="weeks",
                minimum=0,
                whole=True,
                example="15",
            ),
            Number(
                "shift",
                "Weeks after the change before a shift can show",
                unit="weeks",
                minimum=0,
                whole=True,
                example="9",
            ),
        ],
        compute=_compute,
        check=_check,
        chart=_chart,
        summary=_summary,
        static=Static(
            grid={"project": list(PROJECTS), "period": [p for _, p in PERIODS]},  # 9 points
            answers=lambda v, r: {
                "balancing": r.balancing,
                "baseline": r.baseline_weeks,
                "shift": r.shift_weeks,
            },
            slips=lambda v, r: {"baseline": r.baseline_slips(), "shift": r.shift_slips()},
        ),
    )
