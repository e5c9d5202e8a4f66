"""careops.chapters.finance: each function returns what its notebook's prose quotes, and the
numbers obey the chapter's identities, checked against the data directly."""

from __future__ import annotations

import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, finance


@pytest.fixture(scope="module")
def costs() -> Results:
    return finance.costs_and_break_even()


@pytest.fixture(scope="module")
def budgets() -> Results:
    return finance.budgets_and_variance()


@pytest.fixture(scope="module")
def payment() -> Results:
    return finance.reimbursement_and_case_mix()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("01-costs-and-break-even", "costs"),
        ("02-budgets-and-variance", "budgets"),
        ("03-reimbursement-and-case-mix", "payment"),
    ],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/finance/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_price_is_the_average_outpatient_expected_payment(costs):
    claims = data.load("claims")
    outpatient = claims[claims["setting"] == "outpatient"]
    # a payer-mix-weighted average of each payer's mean payment is the overall mean
    assert costs["fin_price"] == pytest.approx(outpatient["expected_payment"].mean())
    assert costs["fin_margin"] == pytest.approx(costs["fin_price"] - costs["fin_var"])
    assert costs["fin_be"] * costs["fin_margin"] == pytest.approx(1_500_000.0)


def test_npv_discounts_the_cash_flow_table_by_hand(costs):
    flows = costs.frames["plan"]["cash_flow"]
    by_hand = sum(cf / 1.07**t for t, cf in enumerate(flows))
    assert costs["fin_npv"] == pytest.approx(by_hand / 1e6)
    assert flows.iloc[0] == -2_000_000.0


def test_costs_inputs_change_the_results_and_the_inputs_table():
    cheaper = finance.costs_and_break_even(variable_cost_per_visit=400.0)
    assert cheaper["fin_var"] == 400.0
    assert "400" in cheaper.tables["cost_inputs"]["Value"].iloc[0]
    assert cheaper["fin_be"] == pytest.approx(1_500_000.0 / (cheaper["fin_price"] - 400.0))


def test_icu_variances_add_up_to_actual_minus_budget(budgets):
    budget = data.load("department_budget")
    icu = budget[budget["department"] == "Intensive Care Unit"]
    over = (icu["actual_labor_cost"].sum() - icu["budget_labor_cost"].sum()) / 1e3
    parts = budgets["icu_vol"] + budgets["icu_qty"] + budgets["icu_price"]
    assert parts == pytest.approx(over)
    assert budgets["icu_total"] == pytest.approx(over)
    departments = budgets.tables["departments"]
    assert departments["Total ($k)"].sum() / 1e3 == pytest.approx(budgets["fin_total_over"])


def test_forecast_keeps_the_first_half_and_scales_the_second(budgets):
    budget = data.load("department_budget")
    ed = budget[budget["department"] == "Emergency Department"]
    first = ed["month"].dt.month <= 6
    ratio = ed.loc[first, "actual_volume"].sum() / ed.loc[first, "budget_volume"].sum()
    by_hand = ed.loc[first, "actual_volume"].sum() + ratio * ed.loc[~first, "budget_volume"].sum()
    assert budgets["fc_forecast"] == pytest.approx(by_hand)
    assert budgets["fc_ratio"] == pytest.approx((ratio - 1) * 100)


def test_case_mix_and_drg_payment(payment):
    stays = data.load("inpatient_stays")
    assert payment["cmi"] == pytest.approx(stays["drg_weight"].mean())
    # payment = base rate x weight, so the average payment is base rate x CMI
    assert payment["avg_payment"] == pytest.approx(payment["base_rate"] * payment["cmi"])
    assert payment["cmi_gain_dollars"] == pytest.approx(0.02 * 6_500 * len(stays) / 1e6)
    lines = payment.frames["service_lines"]
    assert lines["discharges"].sum() == len(stays)


def test_long_stays_and_their_margin(payment):
    stays = data.load("inpatient_stays")
    excess = (stays["los_days"] - stays["drg_gmlos_days"]).astype(float).round()
    assert payment["los_long_n"] == int((excess >= 3).sum())
    margin = 6_500 * stays["drg_weight"] - 1_800 - 2_000 * stays["los_days"].astype(float)
    assert payment["los_long_margin"] == f"a loss of ${-margin[excess >= 3].mean():,.0f}"


def test_denial_shares_from_the_claims(payment):
    claims = data.load("claims")
    assert payment["cl_n"] == len(claims)
    assert payment["cl_denial_pct"] == pytest.approx(100 * claims["denied"].mean())
    assert payment.frames["reasons"]["denials"].is_monotonic_decreasing
