"""Answer-key facts of the later Financial Planning and Management assignments (finance-2, -3).

Each assignment's written parts use its worked example (the first line each question prints),
the same for every student; the constants below are that example, as the notebook sets it.
"""

from __future__ import annotations

from careops.grading.answers import facts_for, pct

# finance-2's worked example: payer mix (setup cell), Q2's costs and Q3's plan
WORKED_MIX = {"Commercial": 0.40, "Medicare": 0.30, "Medicare Advantage": 0.15, "Medicaid": 0.15}
VARIABLE_COST = 400.0
DIRECT_FIXED = 1_200_000.0
INDIRECT = 350_000.0
CAPITAL = 2_000_000.0
PLAN_VISITS = (2_000, 2_400, 2_700, 2_900, 3_000)
PLAN_RATE = 0.07


def _outpatient_price(mix: dict[str, float]) -> float:
    """Average expected payment per outpatient visit for a payer mix (finance-2 Q1)."""
    from careops import data
    from careops.finance import payer_mix_revenue

    claims = data.load("claims")
    outpatient = claims[claims["setting"] == "outpatient"]
    payments = outpatient.groupby("payer", observed=True)["expected_payment"].mean()
    return payer_mix_revenue(volumes=mix, rates=payments).total


@facts_for("finance-2")
def _finance_2() -> dict[str, str]:
    from careops.finance import (
        break_even_volume,
        contribution_margin,
        irr,
        npv,
        payback_period,
    )

    price = _outpatient_price(WORKED_MIX)
    margin = contribution_margin(price, VARIABLE_COST)
    flows = [-CAPITAL] + [margin * n - DIRECT_FIXED for n in PLAN_VISITS]
    payback = payback_period(flows)
    return {
        "worked_price": f"${price:,.0f}",
        "worked_margin": f"${margin:,.0f}",
        "be_direct": f"{break_even_volume(DIRECT_FIXED, price, VARIABLE_COST):,.0f}",
        "be_full": f"{break_even_volume(DIRECT_FIXED + INDIRECT, price, VARIABLE_COST):,.0f}",
        "plan_npv": f"${npv(PLAN_RATE, flows) / 1e6:.2f} million",
        "plan_irr": pct(irr(flows)),
        "plan_payback": "never" if payback is None else f"{payback:.1f}",
    }


# finance-3's worked example: the Medicine line, Q3's base rate and per diem, W1's program
WORKED_LINE = "Medicine"
BASE_RATE = 6_500.0
PER_DIEM = 2_200.0
DAYS_SAVED = 0.5  # W1: the program discharges patients half a day earlier


@facts_for("finance-3")
def _finance_3() -> dict[str, str]:
    from careops import data
    from careops.finance import case_mix_index, drg_payment, trend_forecast

    stays = data.load("inpatient_stays")
    line = stays[stays["service_line"] == WORKED_LINE]
    monthly = line.groupby(line["admission_date"].dt.month).size().sort_index()
    admissions = float(trend_forecast(monthly.to_numpy(), 12).sum())
    cmi = case_mix_index(line["drg_weight"])
    los = line["los_days"].astype(float)
    alos = float(los.mean())
    claims = data.load("claims")
    medicare = claims[claims["payer"] == "Medicare"]
    allowance = 1 - float(medicare["expected_payment"].sum()) / float(
        medicare["billed_charges"].sum()
    )
    return {
        "med_forecast": f"{admissions:,.0f}",
        "med_actual": f"{len(line):,}",
        "med_cmi": f"{cmi:.2f}",
        "med_alos": f"{alos:.2f}",
        "med_excess": f"{float((los - line['drg_gmlos_days']).mean()):.2f}",
        "med_drg_revenue": f"${admissions * drg_payment(BASE_RATE, cmi) / 1e6:.1f} million",
        "med_per_diem_revenue": f"${admissions * alos * PER_DIEM / 1e6:.1f} million",
        "med_half_day": f"${admissions * DAYS_SAVED * PER_DIEM / 1e6:.1f} million",
        "medicare_allowance": pct(allowance),
    }
