"""careops.chapters.finance: each function returns what its notebook's prose quotes, and the
numbers obey the chapter's identities, checked against the data directly."""

from __future__ import annotations

import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, finance
from careops.errors import InputError


@pytest.fixture(scope="module")
def costs() -> Results:
    return finance.costs_and_break_even()


@pytest.fixture(scope="module")
def budgets() -> Results:
    return finance.budgets_and_variance()


@pytest.fixture(scope="module")
def payment() -> Results:
    return finance.reimbursement_and_case_mix()


@pytest.fixture(scope="module")
def statements() -> Results:
    return finance.financial_statements()


@pytest.fixture(scope="module")
def cycle() -> Results:
    return finance.revenue_cycle()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("01-costs-and-break-even", "costs"),
        ("02-budgets-and-variance", "budgets"),
        ("03-reimbursement-and-case-mix", "payment"),
        ("05-financial-statements", "statements"),
        ("06-revenue-cycle", "cycle"),
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


def test_charges_less_allowances_denials_and_underpayments_are_the_net_revenue(statements):
    claims = data.load("claims")
    paid = claims["paid_amount"].fillna(0).sum()
    # the revenue bridge: gross - contractual - denial losses - underpayments = what was paid
    bridge = (
        statements["fs_gross"]
        - statements["fs_contractual"]
        - statements["fs_lost_denials"]
        - statements["fs_lost_under"]
    )
    assert bridge == pytest.approx(statements["fs_net"])
    assert statements["fs_net"] == pytest.approx(paid / 1e6)
    assert statements["fs_contractual"] == pytest.approx(
        (claims["billed_charges"].sum() - claims["expected_payment"].sum()) / 1e6
    )


def test_receivables_are_what_was_paid_after_the_year_end_and_days_follow(statements):
    claims = data.load("claims")
    late = claims["paid_date"] > "2025-12-31"
    assert statements["fs_ar"] == pytest.approx(claims.loc[late, "paid_amount"].sum() / 1e6)
    assert statements["fs_cash"] + statements["fs_ar"] == pytest.approx(statements["fs_net"])
    # days in A/R = A/R / (a year's net revenue / 365)
    assert statements["fs_days_ar"] == pytest.approx(
        statements["fs_ar"] / (statements["fs_net"] / 365)
    )


def test_the_monthly_cash_adds_up_to_the_cash_received_in_the_year(statements):
    months = statements.frames["months"]
    cash = months[months["series"].str.startswith("Cash")]["dollars"].sum()
    earned = months[months["series"].str.startswith("Revenue")]["dollars"].sum()
    assert cash == pytest.approx(statements["fs_cash"])
    assert earned == pytest.approx(statements["fs_net"])


def test_department_margin_is_revenue_less_labor_and_supplies(statements):
    budget = data.load("department_budget")
    margin = (
        budget["actual_revenue"] - budget["actual_labor_cost"] - budget["actual_supply_cost"]
    ).sum()
    assert statements["fs_dept_margin"] == pytest.approx(margin / 1e6)
    table = statements.tables["operating_statement"]
    assert table["Direct margin ($k)"].sum() / 1e3 == pytest.approx(margin / 1e6)
    assert table["Direct margin (%)"].is_monotonic_decreasing
    assert statements["fs_best_dept"] == table["Department"].iloc[0]


def test_expected_payment_splits_into_received_and_lost_without_remainder(cycle):
    claims = data.load("claims")
    flow = cycle.frames["flow"].set_index("outcome")
    assert flow["share"].sum() == pytest.approx(100)
    assert flow["dollars"].sum() == pytest.approx(claims["expected_payment"].sum() / 1e6)
    received = flow.loc[flow.index.str.startswith("Received"), "dollars"].sum()
    assert received == pytest.approx(claims["paid_amount"].fillna(0).sum() / 1e6)
    assert cycle["rc_net_collection_pct"] == pytest.approx(
        100 * claims["paid_amount"].fillna(0).sum() / claims["expected_payment"].sum()
    )


def test_denials_by_stage_count_every_denial_once(cycle):
    claims = data.load("claims")
    stages = cycle.tables["stages"]
    assert stages["Denials"].sum() == int(claims["denied"].sum())
    front = claims["carc_code"].isin(["CO-197", "CO-22", "CO-27"])
    assert cycle["rc_front_pct"] == pytest.approx(100 * front.sum() / claims["denied"].sum())


def test_denial_rate_by_payer_and_setting_and_the_submission_lag(cycle):
    claims = data.load("claims")
    medicaid_ip = claims[(claims["payer"] == "Medicaid") & (claims["setting"] == "inpatient")]
    rates = cycle.frames["rates"].set_index(["payer", "setting"])["denial_pct"]
    assert rates[("Medicaid", "inpatient")] == pytest.approx(100 * medicaid_ip["denied"].mean())
    assert cycle["rc_worst_pct"] == pytest.approx(rates.max())
    inpatient = claims[claims["setting"] == "inpatient"]
    lag = (inpatient["submitted_date"] - inpatient["service_date"]).dt.days.mean()
    assert cycle["rc_lag_ip"] == pytest.approx(lag)


def test_prevented_share_scales_the_front_end_losses():
    half = finance.revenue_cycle(prevented_share=0.5)
    all_of_them = finance.revenue_cycle(prevented_share=1.0)
    assert all_of_them["rc_prevented_dollars"] == pytest.approx(half["rc_front_lost"])
    assert half["rc_prevented_dollars"] == pytest.approx(0.5 * half["rc_front_lost"])
    assert "100" in all_of_them.tables["prevention_input"]["Value"].iloc[0]


@pytest.fixture(scope="module")
def advantage() -> Results:
    return finance.case_medicare_advantage()


@pytest.fixture(scope="module")
def bundle() -> Results:
    return finance.case_joint_bundle()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-medicare-advantage", "advantage"), ("case-joint-bundle", "bundle")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/finance/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_advantage_price_denials_and_days_by_hand(advantage):
    claims = data.load("claims")
    ma = claims[claims["payer"] == "Medicare Advantage"]
    mc = claims[claims["payer"] == "Medicare"]
    ma_denied = ma["denied"].fillna(False).astype(bool)
    assert advantage["ma_claims"] == len(ma)
    assert advantage["ma_den_pct"] == pytest.approx(100 * ma_denied.mean())
    assert advantage["ma_exp100"] == pytest.approx(
        100 * ma["expected_payment"].sum() / ma["billed_charges"].sum()
    )
    assert advantage["ma_auth_pct"] == pytest.approx(
        100 * (ma_denied & (ma["carc_code"] == "CO-197")).sum() / len(ma)
    )
    assert advantage["ma_days"] == pytest.approx(ma["days_to_payment"].astype(float).mean())
    paid_ma, paid_mc = ma["paid_amount"].fillna(0).sum(), mc["paid_amount"].fillna(0).sum()
    at_medicare = ma["billed_charges"].sum() * paid_mc / mc["billed_charges"].sum()
    assert advantage["ma_price_edge_k"] == pytest.approx((paid_ma - at_medicare) / 1e3)
    # rework: $25 a denial and $180 an appeal, per claim, the plan's minus Medicare's
    mc_denied = mc["denied"].fillna(False).astype(bool)

    def per_claim(frame, denied):
        appeals = (frame["appealed"].fillna(False).astype(bool) & denied).sum()
        return (25 * denied.sum() + 180 * appeals) / len(frame)

    extra = len(ma) * (per_claim(ma, ma_denied) - per_claim(mc, mc_denied))
    assert advantage["ma_extra_rework_k"] == pytest.approx(extra / 1e3)
    days = ma["days_to_payment"].astype(float).mean() - mc["days_to_payment"].astype(float).mean()
    carrying = paid_ma * days / 365 * 0.05
    assert advantage["ma_edge_k"] == pytest.approx((paid_ma - at_medicare - extra - carrying) / 1e3)


def test_advantage_assumptions_move_the_answer_and_bad_costs_are_named():
    dear = finance.case_medicare_advantage(rework_cost=2_000.0)
    assert dear["ma_edge_k"] < 0 and dear["ma_edge_word"] == "less"
    with pytest.raises(InputError) as err:
        finance.case_medicare_advantage(appeal_cost=-1.0)
    assert err.value.field == "appeal_cost"


def test_bundle_episode_target_and_break_even_shift_by_hand(bundle):
    stays = data.load("inpatient_stays")
    joints = stays[(stays["drg"] == "470") & (stays["payer"] == "Medicare")]
    where = joints["discharge_disposition"].astype(str)
    episode = (
        6_500 * joints["drg_weight"]
        + 12_000 * (where == "skilled_nursing")
        + 3_000 * (where == "home_health")
        + 15_000 * joints["readmitted_30d"].astype(bool)
    )
    assert bundle["jb_n"] == len(joints)
    assert bundle["jb_snf_pct"] == pytest.approx(100 * (where == "skilled_nursing").mean())
    assert bundle["jb_episode"] == pytest.approx(episode.mean())
    assert bundle["jb_target"] == pytest.approx(episode.mean() * 0.97)
    assert bundle["jb_repay_k"] == pytest.approx(0.03 * episode.sum() / 1e3)
    # moving shift_n patients from SNF to home health saves exactly the repayment
    assert bundle["jb_shift_n"] * (12_000 - 3_000) == pytest.approx(0.03 * episode.sum())
    assert bundle["jb_snf_after"] == pytest.approx(
        bundle["jb_snf_pct"] - 100 * bundle["jb_shift_n"] / len(joints)
    )
    parts = bundle.frames["by_where"].pivot(index="destination", columns="part", values="dollars")
    snf = joints[where == "skilled_nursing"]
    assert parts.loc["SNF", "Readmission"] == pytest.approx(
        15_000 * snf["readmitted_30d"].astype(bool).mean()
    )


def test_bundle_costs_are_checked_by_name():
    with pytest.raises(InputError) as err:
        finance.case_joint_bundle(snf_cost=2_000.0, home_health_cost=3_000.0)
    assert err.value.field == "snf_cost"
    no_discount = finance.case_joint_bundle(discount_pct=0.0)
    assert no_discount["jb_repay_k"] == 0 and no_discount["jb_shift_n"] == 0
