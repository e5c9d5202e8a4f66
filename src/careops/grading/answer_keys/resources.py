"""Answer-key facts of the Effective Health Care Resource Management assignments after
resources-1."""

from __future__ import annotations

from careops.grading.answers import facts_for, pct


@facts_for("resources-2")
def _resources_2() -> dict[str, str]:
    """The worked examples of Q1-Q4 on the full data (the lines each question prints first)."""
    from careops import data
    from careops.finance import npv, payment
    from careops.lean import block_utilisation

    def eac(price: float, annual: float, years: int, rate: float) -> float:
        return payment(rate, years, -npv(rate, [-price] + [-annual] * years))

    options = {"A": eac(1_200_000, 150_000, 7, 0.07), "B": eac(1_600_000, 90_000, 10, 0.07)}
    choice = min(options, key=options.__getitem__)
    other = max(options, key=options.__getitem__)

    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    util = {
        str(room): block_utilisation(
            len(d), float(d["actual_duration_min"].mean()), d["date"].nunique() * 8 * 60
        )
        for room, d in done.groupby("room", observed=True)
    }
    low, high = min(util, key=util.__getitem__), max(util, key=util.__getitem__)

    budget = data.load("department_budget")
    index = {
        str(dept): 100
        * float(d["budget_hours_per_uos"].iloc[0])
        / (d["actual_hours"].sum() / d["actual_volume"].sum())
        for dept, d in budget.groupby("department", observed=True)
    }
    pi_low = min(index, key=index.__getitem__)

    staffing = data.load("nurse_staffing")
    sums = staffing.groupby(staffing["unit"].astype(str))[
        ["overtime_hours", "agency_hours", "rn_hours"]
    ].sum()
    premium = ((sums["overtime_hours"] + sums["agency_hours"]) / sums["rn_hours"]).astype(float)
    total = sums.sum()
    return {
        "eac_choice": choice,
        "eac_choice_value": f"${options[choice]:,.0f}",
        "eac_other": other,
        "eac_other_value": f"${options[other]:,.0f}",
        "util_low_room": low,
        "util_low": pct(util[low]),
        "util_high_room": high,
        "util_high": pct(util[high]),
        "pi_low_dept": pi_low,
        "pi_low": pct(index[pi_low] / 100, 1),
        "premium_high_unit": str(premium.idxmax()),
        "premium_high": pct(float(premium.max()), 1),
        "premium_all": pct(
            float((total["overtime_hours"] + total["agency_hours"]) / total["rn_hours"]), 1
        ),
    }
