"""Answer-key facts of the Quantitative Science and Clinical Research assignments after
quantitative-1."""

from __future__ import annotations

import math

from careops.grading.answers import facts_for, pct


@facts_for("quantitative-2")
def _quantitative_2() -> dict[str, str]:
    """The worked examples of Q1-Q3 on the full data (the lines each question prints first)."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    from careops import data
    from careops.finance import grant_budget
    from careops.stats import two_proportion_test

    appts = data.load("clinic_appointments")
    pc = appts[appts["clinic"] == "Primary Care"]
    after = pc["appointment_time"].dt.month >= 7
    no_show = pc["no_show"].astype(bool)
    test = two_proportion_test(
        int(no_show[~after].sum()),
        int((~after).sum()),
        int(no_show[after].sum()),
        int(after.sum()),
    )
    low, high = test.difference_ci
    if low <= 0 <= high:
        reading = (
            "The interval includes no change at all, so these data cannot tell a real "
            "improvement from chance."
        )
    else:
        reading = (
            "The interval excludes no change, so the drop is unlikely to be chance alone; its "
            "width shows how imprecise the estimate is."
        )

    peds = appts[appts["clinic"] == "Pediatrics"]
    rate = float(peds["no_show"].astype(float).mean())
    n = math.ceil(
        NormalIndPower().solve_power(
            effect_size=proportion_effectsize(rate, rate - 0.05), alpha=0.05, power=0.8
        )
    )
    months = 2 * n / (len(peds) / 12)

    pilot = {
        "salaries": 180_000,
        "fringe": 54_000,
        "supplies": 15_000,
        "equipment": 40_000,
        "patient_care": 25_000,
    }
    award = grant_budget(pilot, 0.56, subawards=[90_000])
    return {
        "pc_before": pct(test.proportion_a, 1),
        "pc_after": pct(test.proportion_b, 1),
        "pc_diff": f"{100 * test.difference:.1f}",
        "pc_ci_low": f"{100 * low:.1f}",
        "pc_ci_high": f"{100 * high:.1f}",
        "pc_reading": reading,
        "peds_rate": pct(rate, 1),
        "peds_n": f"{n:,}",
        "peds_months": f"{months:.0f}",
        "award_total": f"${award.total:,.0f}",
        "award_direct": f"${award.direct:,.0f}",
        "award_indirect": f"${award.indirect:,.0f}",
        "award_base": f"${award.base:,.0f}",
    }
