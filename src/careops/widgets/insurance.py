"""Data exercise on the RAND Health Insurance Experiment (real data): did cost sharing change
how often people saw a physician? A difference in means, its 95% interval and the p-value."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import altair as alt
import numpy as np
import pandas as pd

from careops import data, stats
from careops.charts import stats as stats_charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = [
    "CI_ANSWERS",
    "OUTCOMES",
    "PLANS",
    "P_BANDS",
    "InsuranceResult",
    "health_insurance_exercise",
    "p_band",
]

# plan label -> coinsurance rate (%) in the data (from lncoins = ln(coinsurance + 1))
PLANS = {
    "Free care (0% coinsurance)": 0,
    "25% coinsurance": 25,
    "50% coinsurance": 50,
    "95% coinsurance": 95,
    "100% coinsurance up to an individual deductible": 100,
}
# outcome label -> (unit, how it is read from mdvis)
OUTCOMES = {
    "Physician visits per year": "visits per year",
    "Saw a physician at least once in the year": "percentage points",
}
CI_ANSWERS = ["Yes: the whole interval is on one side of 0", "No: the interval includes 0"]
P_BANDS = ["below 0.001", "0.001 to 0.01", "0.01 to 0.05", "0.05 or more"]
CLOSE = {"rel": 0.01, "abs_tol": 0.005}  # a typed difference (or slip): kernel and static alike


def p_band(p: float) -> str:
    """The p-value band a p-value falls in."""
    for limit, band in zip((0.001, 0.01, 0.05), P_BANDS, strict=False):
        if p < limit:
            return band
    return P_BANDS[-1]


@cache
def _person_years() -> pd.DataFrame:
    """Each person-year's plan (coinsurance %) and outcomes, from the committed dataset."""
    hie = data.load("rand_hie")
    coinsurance = np.rint(np.expm1(hie["lncoins"].to_numpy())).astype(int)
    return pd.DataFrame(
        {
            "coinsurance": coinsurance,
            "Physician visits per year": hie["mdvis"].to_numpy(dtype=float),
            "Saw a physician at least once in the year": (hie["mdvis"] > 0).to_numpy() * 100.0,
        }
    )


@dataclass(frozen=True, eq=False)
class InsuranceResult:
    """Welch's comparison of plan A with plan B (careops.stats), and the two groups."""

    comparison: stats.MeanDifference
    groups: pd.DataFrame  # plan, mean, sd, n
    unit: str

    @property
    def excludes_zero(self) -> bool:
        """True when the 95% interval lies wholly on one side of 0."""
        low, high = self.comparison.difference_ci
        return low > 0 or high < 0


def _compute(v: Values) -> InsuranceResult:
    if v["plan_a"] == v["plan_b"]:
        raise InputError("plan_b", v["plan_b"], "check", check="two different plans")
    people = _person_years()
    samples = [
        people.loc[people["coinsurance"] == PLANS[v[name]], v["outcome"]]
        for name in ("plan_a", "plan_b")
    ]
    comparison = stats.mean_difference(samples[0].to_numpy(), samples[1].to_numpy())
    groups = pd.DataFrame(
        {
            "plan": [v["plan_a"], v["plan_b"]],
            "mean": [comparison.mean_a, comparison.mean_b],
            "sd": [float(s.std(ddof=1)) for s in samples],
            "n": [comparison.n_a, comparison.n_b],
        }
    )
    return InsuranceResult(comparison=comparison, groups=groups, unit=OUTCOMES[v["outcome"]])


def _check_difference(v: Values, given: float, r: InsuranceResult) -> tuple[bool, str]:
    c = r.comparison
    if close_to(given, c.difference, **CLOSE):
        return True, (
            f"Plan A − plan B = {c.mean_a:,.2f} − {c.mean_b:,.2f} = {c.difference:,.2f} {r.unit}."
        )
    if close_to(given, -c.difference, **CLOSE):
        return False, (
            "The sign is reversed: the question asks plan A − plan B (the first plan minus "
            "the second)."
        )
    if c.mean_b and close_to(given, c.difference / c.mean_b * 100, **CLOSE):
        return False, (
            f"That is the difference as a percentage of plan B. Give it in {r.unit}: "
            "plan A's mean − plan B's mean."
        )
    if r.unit == "percentage points" and close_to(given, c.difference / 100, **CLOSE):
        return False, (
            "Give the difference in percentage points (for example 8.5), not as a fraction (0.085)."
        )
    return False, f"Difference = plan A's mean − plan B's mean, in {r.unit}."


def _check_interval(given: str, r: InsuranceResult) -> tuple[bool, str]:
    low, high = r.comparison.difference_ci
    where = f"The 95% interval runs from {low:,.2f} to {high:,.2f} {r.unit}"
    if given == CI_ANSWERS[0 if r.excludes_zero else 1]:
        if r.excludes_zero:
            return True, f"{where}: all on one side of 0, so chance alone is an unlikely story."
        return True, f"{where}: it includes 0, so the data fit 'no difference' too."
    if r.excludes_zero:
        return False, f"{where}: both ends have the same sign, so it does not include 0."
    return False, (f"{where}: one end is below 0 and one above, so 0 (no difference) is inside it.")


def _check_p(given: str, interval: str, r: InsuranceResult) -> tuple[bool, str]:
    p = r.comparison.p_value
    shown = f"{p:.2g}" if p >= 0.0001 else "below 0.0001"
    right = p_band(p)
    if given == right:
        n = r.comparison.n_a + r.comparison.n_b
        return True, f"p is {shown} (Welch's t test on the {n:,} person-years)."
    significant = given != P_BANDS[-1]
    says_excludes = interval == CI_ANSWERS[0]
    if significant != says_excludes:
        return False, (
            "Your two answers disagree: p is below 0.05 exactly when the 95% interval excludes 0."
        )
    if right != P_BANDS[-1] and given == P_BANDS[-1]:
        return False, (
            f"p is {shown}. With thousands of person-years even a modest difference is far "
            "beyond what chance would give."
        )
    return False, f"p is {shown}, in the band {right}."


def _check(v: Values, a: Values, r: InsuranceResult) -> Feedback:
    fb = Feedback()
    fb.add(*_check_difference(v, a["difference"], r))
    fb.add(*_check_interval(a["interval"], r))
    fb.add(*_check_p(a["p_band"], a["interval"], r))
    return fb


def _bars(v: Values, r: InsuranceResult) -> alt.TopLevelMixin:
    # title and axes stay the same for every choice (the static site filters one chart)
    return stats_charts.group_means_chart(
        r.groups.assign(group=[f"A: {v['plan_a']}", f"B: {v['plan_b']}"]),
        title="The two plans: mean, SD and person-years",
        description=(
            f"Bars of the average {v['outcome'].lower()} ({r.unit}) under {v['plan_a']} "
            f"(plan A) and {v['plan_b']} (plan B), RAND Health Insurance Experiment, each "
            "labelled with its mean, standard deviation and number of person-years."
        ),
        unit="visits per year, or % of person-years with a visit",
    )


def _reveal(v: Values, r: InsuranceResult) -> alt.TopLevelMixin:
    c = r.comparison
    ci = stats_charts.difference_interval_chart(
        c.difference, *c.difference_ci, label="Plan A − plan B", unit=r.unit
    )
    return alt.vconcat(_bars(v, r), ci).properties(
        title="The two plans, and their difference with its 95% interval"
    )


def _summary(v: Values, r: InsuranceResult) -> str:
    rows = "".join(
        f"<tr><td>{label}: {g.plan}</td><td>{g.n:,}</td><td>{g.mean:,.3f}</td>"
        f"<td>{g.sd:,.3f}</td></tr>"
        for label, g in zip(("A", "B"), r.groups.itertuples(), strict=True)
    )
    return (
        f"<table><tr><th>Plan</th><th>Person-years</th><th>Mean</th><th>SD</th></tr>{rows}</table>"
    )


def _answers(v: Values, r: InsuranceResult) -> dict[str, object]:
    return {
        "difference": r.comparison.difference,
        "interval": CI_ANSWERS[0 if r.excludes_zero else 1],
        "p_band": p_band(r.comparison.p_value),
    }


def _slips(v: Values, r: InsuranceResult) -> dict[str, list[float]]:
    c = r.comparison
    slips = [-c.difference, c.difference / c.mean_b * 100]
    if r.unit == "percentage points":
        slips.append(c.difference / 100)
    return {"difference": slips}


# the static site's grid: plan B against free care, and the outcome (plan A stays free care:
# the same plan on both sides has nothing to compare)
STATIC = Static(
    grid={"plan_b": [p for p in PLANS if PLANS[p] > 0], "outcome": list(OUTCOMES)},
    answers=_answers,
    tolerance={"difference": CLOSE["abs_tol"]},
    relative={"difference": CLOSE["rel"]},
    slips=_slips,
)


def _explain(error: InputError, v: Values) -> str | None:
    if error.field == "plan_b":
        return "Plan A and plan B are the same plan: choose two different plans to compare."
    return None


def health_insurance_exercise(
    *,
    plan_a: str = "Free care (0% coinsurance)",
    plan_b: str = "95% coinsurance",
    outcome: str = "Physician visits per year",
) -> Exercise:
    """RAND HIE: the difference between two plans in visits (or any visit), its 95% interval
    and the p-value band."""
    plans = list(PLANS)
    return Exercise(
        title="Does cost sharing change how often people see a physician? (RAND HIE)",
        prompt=(
            "The RAND Health Insurance Experiment assigned families at random to insurance "
            "plans that differed only in what they paid at the point of care (coinsurance). "
            "Choose two plans and an outcome. From each plan's mean, standard deviation and "
            "person-years (on the chart), find the <b>difference plan A − plan B</b>, whether "
            "its <b>95% confidence interval excludes 0</b>, and the <b>p-value</b> band "
            "(Welch's two-sample t test)."
        ),
        inputs=[
            Choice("plan_a", "Plan A", plans, default=plan_a),
            Choice("plan_b", "Plan B", plans, default=plan_b),
            Choice("outcome", "Outcome", list(OUTCOMES), default=outcome),
        ],
        answers=[
            Number(
                "difference",
                "Difference, plan A − plan B",
                unit="in the outcome's unit",
                example="-1.2",
            ),
            Choice("interval", "Does the 95% interval exclude 0?", CI_ANSWERS, radio=True),
            Choice("p_band", "The p-value is", P_BANDS, radio=True),
        ],
        compute=_compute,
        check=_check,
        chart=_bars,
        reveal=_reveal,
        summary=_summary,
        explain=_explain,
        static=STATIC,
    )
