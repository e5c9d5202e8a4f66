"""careops.finance against published worked examples, invariants and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from careops import finance
from careops.errors import InputError

money = st.floats(0, 1e7, allow_nan=False, allow_infinity=False)

# --- contribution margin and break-even ------------------------------------------------


def test_contribution_margin_matches_openstax_example():
    # OpenStax, Principles of Accounting Vol. 2: Managerial Accounting, 3.2 "Calculate a
    # Break-Even Point in Units and Dollars" (as adapted at psu.pb.unizin.org/acctg211,
    # 7.2): sales price $400 and variable costs $250 per unit -> contribution margin $150.
    assert finance.contribution_margin(price=400, variable_cost=250) == pytest.approx(150)


def test_break_even_volume_matches_stove_example():
    # Garrison-style CVP exercise (student solution "EX6-14", scribd 495053642): fixed
    # expenses $108,000, unit contribution margin $18 ($50 price, $32 variable) ->
    # 6,000 stoves to break even.
    assert finance.break_even_volume(108_000, 50, 32) == pytest.approx(6_000)


def test_break_even_volume_matches_madlock_example():
    # Horngren-style exercise "Madlock, Inc." (smartsolve.ai): contribution margin $60 per
    # unit and fixed costs $10,800 per month -> 180 units.
    assert finance.break_even_volume(10_800, price=100, variable_cost=40) == pytest.approx(180)


def test_break_even_volume_rejects_price_not_above_variable_cost():
    with pytest.raises(ValueError, match=r"price \(30\) must be greater than variable_cost \(30\)"):
        finance.break_even_volume(1_000, 30, 30)


def test_break_even_volume_rejects_negative_fixed_costs():
    with pytest.raises(ValueError, match="fixed_costs must be 0 or more, got -5"):
        finance.break_even_volume(-5, 30, 10)


@settings(deadline=None)
@given(fixed=money, price=st.floats(0.01, 1e5), variable=st.floats(0, 1e5))
def test_break_even_times_contribution_margin_equals_fixed_costs(fixed, price, variable):
    assume(price - variable > 1e-3)
    volume = finance.break_even_volume(fixed, price, variable)
    margin = finance.contribution_margin(price, variable)
    assert volume * margin == pytest.approx(fixed, rel=1e-9, abs=1e-6)


# --- flexible budget variance ----------------------------------------------------------


def test_flexible_budget_variance_matches_finkler_part_time_nurses_problem():
    # Finkler, Financial Management for Public, Health, and Not-for-Profit Organizations,
    # Ch. 8 Question 30 (solution at coursehero.com/file/6786996): budget 1,000 part-time
    # nursing hours at $40/h = $40,000 for 2,000 patients (0.5 h per patient); actual
    # $50,000 for 1,200 hours and 2,600 patients. Volume variance $12,000 U; quantity
    # variance $4,000 F; price variance $2,000 U; total $10,000 U.
    result = finance.flexible_budget_variance(
        budget_volume=2_000,
        budget_quantity_per_unit=0.5,
        budget_price=40,
        actual_volume=2_600,
        actual_quantity_per_unit=1_200 / 2_600,
        actual_price=50_000 / 1_200,
    )
    assert result.original_budget == pytest.approx(40_000)
    assert result.flexible_budget == pytest.approx(52_000)
    assert result.actual_cost == pytest.approx(50_000)
    assert (result.volume.amount, result.volume.label) == (pytest.approx(12_000), "unfavourable")
    assert (result.quantity.amount, result.quantity.label) == (pytest.approx(-4_000), "favourable")
    assert (result.price.amount, result.price.label) == (pytest.approx(2_000), "unfavourable")
    assert (result.total.amount, result.total.label) == (pytest.approx(10_000), "unfavourable")


def test_flexible_budget_variance_to_dict_has_labelled_parts():
    result = finance.flexible_budget_variance(100, 1, 10, 100, 1, 10)
    as_dict = result.to_dict()
    assert as_dict["total"] == {"amount": 0.0, "label": "none"}


def test_flexible_budget_variance_rejects_nan_naming_the_argument():
    with pytest.raises(ValueError, match="actual_price must be a finite number, got nan"):
        finance.flexible_budget_variance(1, 1, 1, 1, 1, float("nan"))


@settings(deadline=None)
@given(
    bv=money,
    bq=st.floats(0, 100),
    bp=st.floats(0, 1e4),
    av=money,
    aq=st.floats(0, 100),
    ap=st.floats(0, 1e4),
)
def test_flexible_budget_variances_sum_to_the_total(bv, bq, bp, av, aq, ap):
    r = finance.flexible_budget_variance(bv, bq, bp, av, aq, ap)
    parts = r.volume.amount + r.quantity.amount + r.price.amount
    scale = max(1.0, bv * bq * bp, av * bq * bp, av * aq * bp, av * aq * ap)
    assert parts == pytest.approx(r.total.amount, abs=1e-9 * scale)
    assert r.total.amount == pytest.approx(r.actual_cost - r.original_budget, abs=1e-9 * scale)


# --- time value of money ---------------------------------------------------------------


def test_npv_matches_numpy_financial_documented_example():
    # numpy-financial npv docstring: initial investment $40,000, cash flows $5,000,
    # $8,000, $12,000, $30,000 at 8 % per period -> NPV 3065.22267.
    assert finance.npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]) == pytest.approx(
        3065.22267, abs=1e-5
    )


def test_npv_matches_gitman_example_quoted_by_numpy():
    # numpy 1.10 npv docstring, after Gitman, Principles of Managerial Finance, Brief,
    # 3rd ed., p. 346: npv(0.281, [-100, 39, 59, 55, 20]) = -0.0084785916384548798.
    assert finance.npv(0.281, [-100, 39, 59, 55, 20]) == pytest.approx(-0.00847859163845488)


def test_npv_rejects_rate_at_or_below_minus_one():
    with pytest.raises(ValueError, match="rate must be greater than -1"):
        finance.npv(-1, [-100, 50])


def test_npv_rejects_non_numeric_cash_flow_naming_its_position():
    with pytest.raises(ValueError, match=r"cash_flows\[2\] must be a finite number, got 'x'"):
        finance.npv(0.1, [-100, 50, "x"])


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        # numpy-financial irr docstring (after Gitman, p. 348), rounded to 5 places.
        ([-100, 39, 59, 55, 20], 0.28095),
        ([-100, 0, 0, 74], -0.0955),
        ([-100, 100, 0, -7], -0.0833),
        ([-100, 100, 0, 7], 0.06206),
        ([-5, 10.5, 1, -8, 1], 0.0886),
    ],
)
def test_irr_matches_numpy_financial_documented_examples(flows, expected):
    assert round(finance.irr(flows), 5) == pytest.approx(expected)


def test_irr_rejects_flows_without_a_sign_change():
    with pytest.raises(ValueError, match="both a negative and a positive"):
        finance.irr([100, 50, 20])


def test_irr_is_where_npv_is_zero():
    flows = [-100, 39, 59, 55, 20]
    assert finance.npv(finance.irr(flows), flows) == pytest.approx(0, abs=1e-8)


def test_payment_matches_numpy_financial_mortgage_example():
    # numpy-financial pmt docstring: a $200,000 loan over 15 years at 7.5 % a year paid
    # monthly needs $1,854.02 a month (npf returns -1854.0247200054619).
    assert finance.payment(0.075 / 12, 12 * 15, 200_000) == pytest.approx(1854.0247200054619)


def test_payment_with_zero_rate_is_straight_line():
    assert finance.payment(0, 10, 1_000) == pytest.approx(100)


def test_payment_rejects_zero_periods():
    with pytest.raises(ValueError, match="periods must be greater than 0, got 0"):
        finance.payment(0.05, 0, 1_000)


# --- payback period --------------------------------------------------------------------


def test_payback_period_matches_uneven_cash_flow_exercise():
    # justaaa.com "Payback Period (Uneven cash flows)": $100,000 outlay, inflows $10,000,
    # $20,000, $30,000, $40,000, $50,000; the unrecovered balance at the start of year 4
    # is $40,000 and year 4 brings $40,000 -> payback 4.0 years.
    flows = [-100_000, 10_000, 20_000, 30_000, 40_000, 50_000]
    assert finance.payback_period(flows) == pytest.approx(4.0)


def test_payback_period_matches_machine_purchase_example():
    # solvedlib.com "A machine can be purchased for $50,000": net cash flows 13,300,
    # 18,300, 40,000, 22,400, 43,200 -> payback 2 + 18,400/40,000 = 2.46 years.
    flows = [-50_000, 13_300, 18_300, 40_000, 22_400, 43_200]
    assert finance.payback_period(flows) == pytest.approx(2.46)


def test_payback_period_exactly_at_a_year_end():
    assert finance.payback_period([-100, 50, 50, 50]) == pytest.approx(2.0)


def test_payback_period_is_none_when_never_paid_back():
    assert finance.payback_period([-100, 10, 10, 10]) is None


def test_payback_period_requires_an_initial_investment():
    with pytest.raises(ValueError, match=r"cash_flows\[0\] must be negative"):
        finance.payback_period([100, 10])


# --- trend forecast --------------------------------------------------------------------


def test_trend_forecast_matches_heizer_render_power_demand_example():
    # Heizer & Render, Operations Management, ch. 4 (Forecasting), least-squares trend
    # example: N.Y. Edison's demand for electric power 1999-2005, 74 79 80 90 105 142 122
    # megawatts -> y = 56.71 + 10.54x, demand projected for 2006 (x = 8) = 141.
    forecast = finance.trend_forecast([74, 79, 80, 90, 105, 142, 122], 2)
    assert forecast[0] == pytest.approx(141.0, abs=0.01)
    assert forecast[1] == pytest.approx(56.714 + 10.536 * 9, abs=0.01)


def test_trend_forecast_matches_centred_least_squares_exercise():
    # Straight-line trend by least squares, production 3, 6, 9, 16, 24 over five years with
    # x = -2..2: y = 11.6 + 5.2x (cuetmock.com exercise); the next year (x = 3) is 27.2.
    assert finance.trend_forecast([3, 6, 9, 16, 24], 1)[0] == pytest.approx(27.2)


def test_trend_forecast_of_a_flat_series_is_flat():
    assert finance.trend_forecast([50, 50, 50], 3) == pytest.approx([50, 50, 50])


def test_trend_forecast_needs_two_values_and_a_horizon():
    with pytest.raises(ValueError, match="values"):
        finance.trend_forecast([5], 1)
    with pytest.raises(ValueError, match="periods_ahead"):
        finance.trend_forecast([5, 6], 0)


# --- case mix and DRG payment ----------------------------------------------------------


def test_case_mix_index_matches_cms_definition_example():
    # CMS: the CMI is the average DRG relative weight of a hospital's discharges (sum of
    # weights / discharges). Exam-style example (questionai.com): weights summing to
    # 15,192 over 10,471 discharges -> CMI 1.45.
    weights = np.full(10_471, 15_192 / 10_471)
    assert finance.case_mix_index(weights) == pytest.approx(1.45, abs=0.005)


def test_case_mix_index_with_discharge_counts_is_the_weighted_average():
    # Same definition, one weight per DRG with its volume (sum(RW x volume) / volume).
    assert finance.case_mix_index([1.0, 2.0], discharges=[3, 1]) == pytest.approx(1.25)
    assert finance.case_mix_index([1.0, 1.0, 1.0, 2.0]) == pytest.approx(1.25)


def test_case_mix_index_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="drg_weights has 2, discharges has 3"):
        finance.case_mix_index([1.0, 2.0], discharges=[1, 2, 3])


def test_drg_payment_matches_verywell_example():
    # Verywell Health, "DRG Payment System: How Hospitals Get Paid" (2020), after CMS
    # IPPS: payment = hospital base rate x DRG relative weight; $6,000 x 1.3 = $7,800.
    assert finance.drg_payment(base_rate=6_000, relative_weight=1.3) == pytest.approx(7_800)


def test_drg_payment_rejects_negative_weight():
    with pytest.raises(ValueError, match=r"relative_weight must be 0 or more, got -1\.3"):
        finance.drg_payment(6_000, -1.3)


# --- payer mix -------------------------------------------------------------------------


def test_payer_mix_revenue_matches_zmg_hospitalist_practice_exhibit():
    # Zelman, McCue, Glick & Thomas, Financial Management of Health Care Organizations,
    # Exhibit I.2a (ZMG Hospitalist Practice, January gross patient service revenues):
    # weighted encounters x $52.50 -> commercial $248,325, Medicare $386,400,
    # Medicaid/self-pay $55,125 ($22,050 + $33,075).
    volumes = {"Commercial": 4_730, "Medicare": 7_360, "Medicaid/Self-Pay": 1_050}
    rates = pd.Series({"Commercial": 52.5, "Medicare": 52.5, "Medicaid/Self-Pay": 52.5})
    result = finance.payer_mix_revenue(volumes, rates)
    assert result.by_payer.to_dict() == {
        "Commercial": pytest.approx(248_325),
        "Medicare": pytest.approx(386_400),
        "Medicaid/Self-Pay": pytest.approx(55_125),
    }
    assert result.total == pytest.approx(689_850)
    assert result.share.sum() == pytest.approx(1.0)


def test_payer_mix_revenue_names_a_payer_missing_from_rates():
    with pytest.raises(ValueError, match="rates has no rate for payer 'Medicaid'"):
        finance.payer_mix_revenue({"Medicare": 10, "Medicaid": 5}, {"Medicare": 100})


def test_payer_mix_revenue_names_a_payer_missing_from_volumes():
    with pytest.raises(ValueError, match="volumes has no volume for payer 'Tricare'"):
        finance.payer_mix_revenue({"Medicare": 10}, {"Medicare": 100, "Tricare": 90})


def test_payer_mix_revenue_rejects_negative_volume_naming_the_payer():
    with pytest.raises(ValueError, match=r"volumes\['Medicare'\] must be 0 or more, got -1"):
        finance.payer_mix_revenue({"Medicare": -1}, {"Medicare": 100})


# --- business plan for a new service -----------------------------------------------------

_SHARES = {"Commercial": 0.40, "Medicare": 0.45, "Medicaid": 0.15}
_PAYMENTS = {"Commercial": 420, "Medicare": 280, "Medicaid": 170}


def test_service_plan_reproduces_the_numpy_financial_npv_example():
    # numpy-financial npv docstring: $40,000 today, then $5,000, $8,000, $12,000, $30,000 at
    # 8 % -> NPV 3065.22267. A one-payer service with those yearly net cash flows (100 visits
    # at $1,000 minus staffing of $95,000, $92,000, $88,000, $70,000) must give the same NPV.
    staffing = [95_000, 92_000, 88_000, 70_000]
    flows = [-40_000]
    for cost in staffing:
        plan = finance.service_plan(100, 0, {"Medicare": 1}, {"Medicare": 1_000}, 1, cost, 1, 0)
        flows.append(plan.cash_flows[1])
    assert flows == [-40_000, 5_000, 8_000, 12_000, 30_000]
    assert finance.npv(0.08, flows) == pytest.approx(3065.22267, abs=1e-5)


def test_service_plan_cash_flows_by_hand():
    # 2,400 visits growing 8 % a year at the payer-mix average 0.4x420 + 0.45x280 + 0.15x170
    # = $319.50 a visit, 5 FTEs at $110,000, $900,000 of capital.
    plan = finance.service_plan(2_400, 0.08, _SHARES, _PAYMENTS, 5, 110_000, 900_000, 0.08)
    assert plan.payment_per_visit == pytest.approx(319.5)
    visits = [0, 2_400, 2_592, 2_799.36, 3_023.3088, 3_265.173504]
    assert plan.table["visits"].tolist() == pytest.approx(visits)
    expected = [-900_000] + [x * 319.5 - 550_000 for x in visits[1:]]
    assert plan.cash_flows == pytest.approx(expected)
    assert plan.npv == pytest.approx(sum(c / 1.08**t for t, c in enumerate(expected)), rel=1e-12)
    # cumulative: -683,200, -405,056, -60,660.48, +355,286.68 -> breaks even in year 4
    assert plan.table["cumulative"].tolist()[1:5] == pytest.approx(
        [-683_200, -405_056, -60_660.48, 355_286.68], abs=0.01
    )
    assert plan.break_even_year == 4


def test_service_plan_that_never_recovers_its_capital_has_no_break_even_year():
    plan = finance.service_plan(1_000, 0, _SHARES, _PAYMENTS, 5, 110_000, 900_000, 0.08)
    assert plan.break_even_year is None and plan.payback is None
    assert plan.npv < 0


def test_service_plan_refuses_payer_shares_that_do_not_add_up_to_one():
    shares = {"Commercial": 0.5, "Medicare": 0.45, "Medicaid": 0.15}
    with pytest.raises(ValueError, match=r"payer_shares must add up to 1 \(100%\), got 1.1") as err:
        finance.service_plan(2_400, 0.08, shares, _PAYMENTS, 5, 110_000, 900_000, 0.08)
    assert (err.value.field, err.value.rule) == ("payer_shares", "total")


def test_service_plan_names_a_payer_without_a_payment():
    with pytest.raises(ValueError, match="rates has no rate for payer 'Medicaid'"):
        finance.service_plan(
            2_400, 0.08, _SHARES, {"Commercial": 420, "Medicare": 280}, 5, 1, 900_000, 0.08
        )


# --- days in accounts receivable -------------------------------------------------------


def test_days_in_accounts_receivable_matches_zelman_exhibit_5_12():
    # Zelman, McCue, Glick and Thomas, Financial Management of Health Care Organizations,
    # Exhibit 5.12 "Key measures to monitor accounts receivable" (as quoted with problem 5.34
    # at solutioninn.com/study-help/questions/...-957687): quarter 1, net receivables $6,400k
    # and net patient revenue $15,000k over the quarter's 90 days -> average daily revenue
    # $167k and 38.4 days in accounts receivable.
    assert finance.days_in_accounts_receivable(6_400, 15_000, days_in_period=90) == pytest.approx(
        38.4
    )


def test_days_in_accounts_receivable_of_a_year_is_receivables_over_daily_revenue():
    # a year's revenue of $365 with $30 outstanding: thirty days of a dollar a day
    assert finance.days_in_accounts_receivable(30.0, 365.0) == pytest.approx(30.0)


def test_days_in_accounts_receivable_rejects_zero_revenue_naming_the_field():
    with pytest.raises(InputError) as err:
        finance.days_in_accounts_receivable(100.0, 0.0)
    assert err.value.field == "net_patient_revenue"


def test_hhi_matches_merger_guidelines_example():
    """DOJ/FTC Horizontal Merger Guidelines (2010) section 5.3: shares 30, 30, 20, 20 -> 2,600."""
    assert finance.hhi({"A": 30, "B": 30, "C": 20, "D": 20}) == pytest.approx(2600)


def test_hhi_of_a_monopoly_is_10000_and_falls_with_more_equal_competitors():
    """One firm is 10,000; n equal firms give 10,000 / n."""
    assert finance.hhi({"only": 512}) == pytest.approx(10_000)
    assert finance.hhi(pd.Series([7.0] * 8)) == pytest.approx(10_000 / 8)


def test_market_shares_are_volumes_over_their_total():
    """Shares are fractions of the market's total volume, keyed by competitor."""
    shares = finance.market_shares({"Ours": 300, "B": 500, "C": 200})
    assert shares.to_dict() == pytest.approx({"Ours": 0.3, "B": 0.5, "C": 0.2})


def test_market_shares_reject_an_empty_market_naming_the_field():
    """A market with no volume has no shares: the error names volumes and the total."""
    with pytest.raises(InputError, match="volumes") as info:
        finance.market_shares({"A": 0, "B": 0})
    assert info.value.field == "volumes"
    with pytest.raises(InputError, match=r"volumes\['B'\]"):
        finance.hhi({"A": 10, "B": -1})


# --- grant budgets --------------------------------------------------------------------------


def test_grant_budget_caps_each_subaward_as_duke_example():
    # Duke Office of Research Support, "Calculating F&A" (https://ors.duke.edu/calculating-fa):
    # under a $25,000 cap, a $40,000-a-year subaward over four years bears F&A on $25,000 in
    # all, and so does a $10,000-a-year one ($10,000 in years 1-2, $5,000 in year 3).
    for yearly in (40_000, 10_000):
        b = finance.grant_budget({}, 0.5, subawards=[4 * yearly], subaward_cap=25_000)
        assert b.base == pytest.approx(25_000)
        assert b.indirect == pytest.approx(12_500)
        assert b.direct == pytest.approx(4 * yearly)
    small = finance.grant_budget({}, 0.5, subawards=[20_000], subaward_cap=25_000)
    assert small.base == pytest.approx(20_000)


def test_grant_budget_leaves_mtdc_exclusions_out_of_the_base_only():
    """2 CFR 200.1: equipment and patient care are direct costs but bear no F&A."""
    b = finance.grant_budget(
        {"salaries": 150_000, "fringe": 45_000, "equipment": 60_000, "patient_care": 30_000},
        0.55,
        subawards=[80_000],
    )
    assert b.direct == pytest.approx(365_000)
    assert b.base == pytest.approx(150_000 + 45_000 + finance.SUBAWARD_CAP)
    assert b.indirect == pytest.approx(0.55 * b.base)
    assert b.total == pytest.approx(b.direct + b.indirect)


def test_grant_budget_rejects_a_negative_line_naming_it():
    """A negative budget line is an input error naming the line and the value."""
    with pytest.raises(InputError, match=r"direct_costs\['travel'\]") as info:
        finance.grant_budget({"salaries": 1_000, "travel": -5}, 0.5)
    assert info.value.value == -5
    with pytest.raises(InputError, match="fa_rate"):
        finance.grant_budget({"salaries": 1_000}, -0.1)


# --- nursing FTEs from a census and hours per patient day -----------------------------------


def test_nursing_fte_reproduces_murrays_telemetry_unit_worked_example():
    # Murray E. Nursing Leadership and Management for Patient Safety and Quality Care.
    # F.A. Davis, 2017, ch. 16, Box 16-1: a telemetry unit with an average daily census of 32
    # at 1:4 on 8-hour shifts needs 8 nurses x 3 shifts x 8 h = 192 h a day (6 NHPPD), and
    # 8 nurses x 7 days / 5 shifts a week x 3 shifts = 33.6 FTEs to cover days off; the book's
    # year is 52 weeks of 7 days (364) at 2,080 paid hours an FTE.
    fte = finance.nursing_fte(32, 6, days=364)
    assert fte.daily_hours == pytest.approx(192)
    assert fte.productive_fte == pytest.approx(33.6)


def test_nursing_fte_grosses_up_for_the_nonproductive_share_of_paid_hours():
    # Murray (2017) Table 16-3: 224 paid non-productive hours (leave, holidays, sick time) in
    # a 2,080-hour FTE; paid FTEs then work 2,080 - 224 hours each.
    share = 224 / 2080
    fte = finance.nursing_fte(32, 6, nonproductive_share=share, days=364)
    assert fte.paid_fte * (2080 - 224) == pytest.approx(fte.annual_hours)
    assert fte.paid_fte == pytest.approx(33.6 / (1 - share))


def test_nursing_fte_rejects_a_nonproductive_share_of_one_naming_the_field():
    with pytest.raises(InputError, match="nonproductive_share"):
        finance.nursing_fte(24, 6, nonproductive_share=1.0)
