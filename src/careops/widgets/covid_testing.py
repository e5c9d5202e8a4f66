"""Data exercise: SARS-CoV-2 test positivity on a p chart, from the real CHOP testing data.

The course's ``covid_testing`` dataset holds 15,524 real, de-identified PCR tests from the first
107 days of the 2020 pandemic at the Children's Hospital of Philadelphia. Positivity is
positive ÷ (positive + negative) tests: invalid results are not a verdict either way. The p
chart (careops.spc.p_chart) gives each week or day its own limits from its number of tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from careops import data, measures, spc
from careops.charts import spc as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = [
    "PERIODS",
    "SITES",
    "SPECIAL",
    "STABLE",
    "PositivityResult",
    "covid_testing_exercise",
]

PERIODS = ["Week", "Day"]
SITES = ["All sites", "Drive-through sites", "Other sites"]
STABLE = "Stable: the ups and downs are chance; plan on the centre line"
SPECIAL = "Special cause: some periods stand out; find out what happened then"
YES_NO = ["Yes", "No"]
# Weeks are counted from pandemic day 0 (the dataset's dates are shifted, so there is no real
# calendar to use): day d falls in week d // 7 + 1. measures.weekly groups timestamps, so days
# are placed on a calendar that starts on a Monday, only to reuse its complete-week rule.
_DAY_ZERO = pd.Timestamp("2020-01-06")


@dataclass(frozen=True, eq=False)
class PositivityResult:
    """The p chart of positivity (in %) by period, and what the tempting slips would give."""

    period: str
    table: pd.DataFrame  # order, tests, positive, value, center, ucl, lcl, beyond (%)
    center: float  # pooled positivity, %
    with_invalid: float  # positives ÷ all tests, invalid included, %
    mean_of_rates: float  # the unweighted mean of the periods' rates, %

    @property
    def highest(self) -> pd.Series:
        """The period with the highest positivity (the first, on a tie)."""
        return self.table.loc[self.table["value"].idxmax()]

    @property
    def special(self) -> pd.DataFrame:
        """Periods outside their limits."""
        return self.table[self.table["beyond"]]


@lru_cache(maxsize=1)
def _tests() -> pd.DataFrame:
    tests = data.load("covid_testing")[["pan_day", "drive_thru_ind", "result"]].copy()
    tests["positive"] = (tests["result"] == "positive").astype(int)
    tests["valid"] = (tests["result"] != "invalid").astype(int)
    tests["day"] = _DAY_ZERO + pd.to_timedelta(tests["pan_day"].astype(int), unit="D")
    return tests


def _compute(v: Values) -> PositivityResult:
    return _positivity(v["period"], v["site"])


@lru_cache(maxsize=len(PERIODS) * len(SITES))
def _positivity(period: str, site: str) -> PositivityResult:
    """The p chart for one grouping and one set of sites (the data never change: computed once
    per choice, so moving a control only redraws)."""
    tests = _tests()
    if site != SITES[0]:
        tests = tests[tests["drive_thru_ind"] == (1 if site == SITES[1] else 0)]
    if period == "Week":
        grouped = measures.weekly(
            tests,
            "day",
            tests=("valid", "sum"),
            positive=("positive", "sum"),
            all=("valid", "size"),
        ).dropna()
        order = (grouped["week"] - _DAY_ZERO).dt.days // 7 + 1
    else:
        grouped = (
            tests.groupby("pan_day")
            .agg(tests=("valid", "sum"), positive=("positive", "sum"), all=("valid", "size"))
            .reset_index()
        )
        grouped = grouped[grouped["tests"] > 0]
        order = grouped["pan_day"]
    p = spc.p_chart(grouped["positive"].to_numpy(), grouped["tests"].to_numpy())
    table = pd.DataFrame(
        {
            "order": order.astype(int).to_numpy(),
            "tests": grouped["tests"].astype(int).to_numpy(),
            "positive": grouped["positive"].astype(int).to_numpy(),
            "value": 100 * p["proportion"],
            "center": 100 * p["center"],
            "ucl": 100 * p["ucl"],
            "lcl": 100 * p["lcl"],
            "beyond": p["beyond_limits"],
        }
    )
    return PositivityResult(
        period=period,
        table=table,
        center=float(table["center"].iloc[0]),
        with_invalid=100 * float(grouped["positive"].sum() / grouped["all"].sum()),
        mean_of_rates=float(table["value"].mean()),
    )


def _check(v: Values, a: Values, r: PositivityResult) -> Feedback:
    fb = Feedback()
    unit = r.period.lower()
    given = a["center"] * 100  # the answer box takes % and hands over a fraction
    total, positive = int(r.table["tests"].sum()), int(r.table["positive"].sum())
    if close_to(given, r.center, abs_tol=0.05):
        fb.add(
            True,
            f"Positivity is {positive:,} positive ÷ {total:,} tests with a result = "
            f"{r.center:.1f}%: the pooled rate, so a {unit} with more tests counts more.",
        )
    elif close_to(given, r.with_invalid, abs_tol=0.05):
        fb.add(
            False,
            "You counted the invalid results as tests. An invalid test is neither positive nor "
            "negative: leave it out of the denominator.",
        )
    elif close_to(given, r.mean_of_rates, abs_tol=0.05):
        fb.add(
            False,
            f"That is the plain average of the {unit}ly rates, which lets a {unit} with a "
            "handful of tests count as much as a busy one. A p chart's centre is the pooled "
            "rate: all positives ÷ all tests with a result.",
        )
    elif close_to(given * 100, r.center, abs_tol=0.05):
        fb.add(False, f"That looks like a fraction: type it as a percentage ({r.center:.1f}).")
    else:
        fb.add(False, "Centre line = all positive tests ÷ all tests with a result (in %).")

    top = r.highest
    where = f"{r.period} {int(top['order'])}"
    is_special = bool(top["beyond"])
    if (a["highest"] == "Yes") == is_special:
        if is_special:
            fb.add(
                True,
                f"{where}: {top['value']:.1f}% of {int(top['tests'])} tests is above its upper "
                f"limit of {top['ucl']:.1f}%: a special cause.",
            )
        else:
            fb.add(
                True,
                f"{where} is the highest at {top['value']:.1f}%, but with {int(top['tests'])} "
                f"tests its upper limit is {top['ucl']:.1f}%: chance can reach that high.",
            )
    elif is_special:
        fb.add(
            False,
            f"{where}: {top['value']:.1f}% is above its own upper limit of {top['ucl']:.1f}%. "
            "A point outside the limits is a special cause, even if it is the only one.",
        )
    else:
        fb.add(
            False,
            f"Highest is not the same as special: {where} had only {int(top['tests'])} tests, so "
            f"its limit is wide ({top['ucl']:.1f}%) and {top['value']:.1f}% lies inside it.",
        )

    special = r.special
    right = SPECIAL if len(special) else STABLE
    if a["reading"] == right:
        if len(special):
            listed = ", ".join(str(int(o)) for o in special["order"].head(4))
            fb.add(
                True,
                f"{len(special)} {unit}(s) outside the limits ({r.period.lower()} {listed}): "
                "look for what was different then (a cluster, a change in who was tested).",
            )
        else:
            fb.add(
                True,
                f"Every {unit} is inside its limits: common-cause variation only. Reacting to "
                "one high point would be chasing noise.",
            )
    elif len(special):
        fb.add(
            False,
            f"{len(special)} {unit}(s) fall outside their limits: that is a signal, not chance.",
        )
    else:
        fb.add(
            False,
            f"No {unit} is outside its limits, so the chart gives no sign of a special cause; "
            "high points inside the limits are chance.",
        )
    return fb


def _chart(v: Values, r: PositivityResult, *, reveal: bool):
    unit = r.period.lower()
    return charts.control_chart(
        r.table,
        x="order",
        x_type="Q",
        value="value",
        center="center",
        ucl="ucl",
        lcl="lcl",
        signal="beyond",
        reveal=reveal,
        title=f"SARS-CoV-2 test positivity by {unit}, {v['site'].lower()} (p chart)",
        x_title="Week or day of the pandemic (number)",
        y_title="Positive tests (% of tests with a result)",
        description=(
            f"p chart of the share of positive tests by {unit} over {len(r.table)} {unit}s, with "
            "the pooled centre line and upper and lower limits that widen when a "
            f"{unit} had fewer tests"
            + ("; points outside the limits are marked in red." if reveal else ".")
        ),
    )


def covid_testing_exercise(*, period: str = "Week", site: str = SITES[0]) -> Exercise:
    """Positivity on a p chart by week or day: the centre line, the highest point, the verdict."""
    return Exercise(
        title="COVID-19 test positivity: signal or noise?",
        prompt=(
            "Real PCR tests from a children's hospital in the first months of the 2020 pandemic. "
            "Group them by week or by day, and choose the collection sites. Read the p chart: "
            "find the <b>centre line</b> (positivity, %), say whether the <b>highest point</b> "
            "is a special cause, and <b>what the chart says</b> about positivity."
        ),
        inputs=[
            Choice("period", "Group the tests by", PERIODS, default=period),
            Choice("site", "Tests collected at", SITES, default=site),
        ],
        answers=[
            Number("center", "Centre line (positivity)", unit="%", percent=True, example="4.5"),
            Choice("highest", "Is the highest point a special cause?", YES_NO, radio=True),
            Choice("reading", "What does the chart say?", [STABLE, SPECIAL], radio=True),
        ],
        compute=_compute,
        check=_check,
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        static=Static(
            grid={"period": PERIODS, "site": SITES},  # 6 points
            answers=lambda v, r: {
                "center": r.center / 100,
                "highest": "Yes" if bool(r.highest["beyond"]) else "No",
                "reading": SPECIAL if len(r.special) else STABLE,
            },
            tolerance={"center": 0.0005},  # 0.05 percentage points, as the check
            slips=lambda v, r: {
                "center": [
                    r.with_invalid / 100,
                    r.mean_of_rates / 100,
                    (r.center / 10_000, 0.000005),  # the fraction typed in the % box
                ]
            },
        ),
    )
