"""Finance exercises driven as a student would: set values, press Check, read the feedback."""

from __future__ import annotations

import pytest

from careops import finance
from careops.widgets import (
    break_even_exercise,
    break_even_explorer,
    capital_budgeting_exercise,
    case_mix_exercise,
    flexible_budget_exercise,
    npv_explorer,
    payer_mix_exercise,
)
from careops.widgets.capital import cash_flows

from .helpers import answer, plain, set_param, svg_texts


def test_break_even_right_answers():
    ex = break_even_exercise(price=180, variable=70, fixed=33_000, expected=260)
    text = answer(ex, margin="110", break_even="300", outcome="Loss")
    assert ex.last_feedback.correct, text


def test_break_even_forgetting_variable_cost_is_diagnosed():
    ex = break_even_exercise(price=180, variable=70, fixed=33_000)
    text = answer(ex, margin="250", break_even=f"{33_000 / 180:.2f}", outcome="Profit")
    assert "Subtract, don't add" in text
    assert "divided the fixed costs by the whole payment" in text


def test_break_even_rounded_down_is_diagnosed():
    ex = break_even_exercise(price=180, variable=70, fixed=33_100)  # 300.9 visits
    assert "You rounded down" in answer(ex, margin="110", break_even="300", outcome="Loss")


def test_break_even_payment_below_variable_cost_is_explained():
    ex = break_even_exercise()
    ex.controls["variable"].value = "200"
    status = plain(ex.status.value)
    assert "Each visit loses money" in status and "no number of visits breaks even" in status
    assert ex.controls["fixed"].value == "33000"


def test_break_even_negative_cost_is_refused_in_plain_words():
    ex = break_even_exercise()
    ex.controls["fixed"].value = "-500"
    assert "Fixed costs per month ($) cannot be negative, but it is -500" in plain(ex.status.value)


def test_break_even_chart_marks_the_careops_break_even():
    ex = break_even_exercise()
    ex.controls["price"].value = "200"
    answer(ex, margin="1", break_even="1", outcome="Loss")
    spec = ex.chart.to_dict()
    expected = finance.break_even_volume(33_000, 200, 70)
    assert f"{expected:,.1f}" in spec["description"]


@pytest.mark.parametrize(
    ("price", "variable", "fixed"), [(180, 70, 33_000), (95, 40, 12_000), (300, 295, 50_000)]
)
def test_break_even_explorer_expression_agrees_with_careops(price, variable, fixed):
    spec = break_even_explorer().to_dict()
    for name, value in {"price": price, "variable": variable, "fixed": fixed}.items():
        set_param(spec, name, value)
    expected = finance.break_even_volume(fixed, price, variable)
    assert f"Break-even: {expected:,.1f} visits" in svg_texts(spec)


def test_break_even_explorer_says_when_there_is_none():
    spec = set_param(break_even_explorer().to_dict(), "variable", 250)
    assert "No break-even: payment must exceed variable cost" in svg_texts(spec)


def _budget_answers(r, labels=None):
    out = {}
    for key in ("volume", "quantity", "price"):
        part = getattr(r, key)
        out[f"{key}_amount"] = f"{abs(part.amount):.2f}"
        out[f"{key}_label"] = (labels or {}).get(key) or (
            "Unfavourable (spent more)"
            if part.label == "unfavourable"
            else "Favourable (spent less)"
        )
    return out


def test_flexible_budget_right_answers_for_a_month():
    ex = flexible_budget_exercise(month="March")
    text = answer(ex, **_budget_answers(ex.result))
    assert ex.last_feedback.correct, text


def test_flexible_budget_wrong_sign_label_is_explained():
    ex = flexible_budget_exercise(month="March")
    assert ex.result.price.label == "unfavourable"
    text = answer(ex, **_budget_answers(ex.result, {"price": "Favourable (spent less)"}))
    assert "the amount is right, but it is unfavourable" in text


def test_flexible_budget_quantity_on_budgeted_days_is_diagnosed():
    ex = flexible_budget_exercise(month="March")
    r = ex.result
    wrong = _budget_answers(r)
    # quantity variance at the budgeted days: scale by budget / actual patient days
    volume_ratio = r.original_budget / r.flexible_budget
    wrong["quantity_amount"] = f"{abs(r.quantity.amount) * volume_ratio:.2f}"
    assert "use actual patient days" in answer(ex, **wrong)


def test_flexible_budget_variances_add_up_in_the_waterfall():
    ex = flexible_budget_exercise(unit="Intensive Care Unit", month="July")
    answer(ex, **_budget_answers(ex.result))
    steps = next(d for d in ex.chart.to_dict()["datasets"].values() if d and "step" in d[0])
    assert steps[-2]["end"] == pytest.approx(ex.result.actual_cost)
    assert [s["step"] for s in steps] == [
        "Original budget",
        "Volume variance",
        "Quantity",
        "Price",
        "Actual cost",
    ]


def test_capital_budgeting_right_answers():
    ex = capital_budgeting_exercise()
    r = ex.result
    text = answer(
        ex,
        npv=f"{r.npv:.0f}",
        irr=f"{r.irr * 100:.2f}",
        payback=f"{r.payback:.2f}",
        decision="Buy it",
    )
    assert ex.last_feedback.correct, text


def test_capital_budgeting_undiscounted_and_excel_npv_are_diagnosed():
    ex = capital_budgeting_exercise()
    r = ex.result
    assert "without discounting" in answer(
        ex, npv=f"{sum(r.flows):.0f}", irr="12", payback="3.75", decision="Buy it"
    )
    assert "Excel's =NPV()" in answer(ex, npv=f"{r.npv / 1.08:.0f}")


def test_capital_budgeting_matches_careops_for_the_cash_flows():
    ex = capital_budgeting_exercise(cost=200_000, inflow=50_000, years=6, salvage=0, rate=10)
    flows = [-200_000] + [50_000] * 6
    assert ex.result.flows == flows
    assert ex.result.npv == pytest.approx(finance.npv(0.10, flows))
    assert ex.result.payback == pytest.approx(finance.payback_period(flows))


def test_capital_budgeting_zero_price_is_explained():
    ex = capital_budgeting_exercise()
    ex.controls["cost"].value = "0"
    assert "The purchase price must be more than zero" in plain(ex.status.value)


@pytest.mark.parametrize("rate_pct", [0.0, 6.5, 8.0, 21.0])
def test_npv_explorer_reads_careops_npv_at_the_slider_rate(rate_pct):
    spec = set_param(
        npv_explorer(cost=450_000, inflow=120_000, years=5, salvage=30_000).to_dict(),
        "rate_pct",
        rate_pct,
    )
    flows = cash_flows({"cost": 450_000, "inflow": 120_000, "years": 5, "salvage": 30_000})
    value = finance.npv(rate_pct / 100, flows)
    assert f"At {rate_pct:.1f}%: NPV {'-' if value < 0 else ''}${abs(value):,.0f}" in svg_texts(
        spec
    )


def test_payer_mix_simple_average_is_diagnosed():
    ex = payer_mix_exercise()
    r = ex.result
    text = answer(
        ex, total=f"{r.total:.0f}", average=f"{(95 + 62 + 185 + 30) / 4:.2f}", largest="Commercial"
    )
    assert "plain average of the four rates" in text
    assert "Total revenue is $127,520" in text


def test_payer_mix_letter_in_a_volume_is_reported():
    ex = payer_mix_exercise()
    ex.controls["vol_medicaid"].value = "two hundred"
    assert "Medicaid: visits (per month): “two hundred” is not a number" in plain(ex.status.value)


def test_case_mix_unweighted_average_is_diagnosed():
    ex = case_mix_exercise(service_line="Medicine", base_rate=6_500)
    r = ex.result
    text = answer(ex, cmi=f"{r['simple']:.3f}", payment=f"{6_500 * r['cmi']:.0f}")
    assert "averages the DRG list" in text
    assert "Average DRG payment" in text


def test_case_mix_follows_the_service_line():
    ex = case_mix_exercise(service_line="Medicine")
    medicine = ex.result["cmi"]
    ex.controls["service_line"].value = "Orthopedics"
    assert ex.result["cmi"] > medicine
    answer(ex, cmi="1", payment="1")
    assert f"CMI {ex.result['cmi']:.3f}" in ex.chart.to_dict()["title"]


@pytest.mark.parametrize(
    ("make", "answers", "secret"),
    [
        (
            break_even_exercise,
            {"margin": "1", "break_even": "1", "outcome": "Loss"},
            "Break-even 300.0",
        ),
        (
            capital_budgeting_exercise,
            {"npv": "1", "irr": "1", "payback": "1", "decision": "Buy it"},
            "IRR 12.0%",
        ),
        (case_mix_exercise, {"cmi": "1", "payment": "1"}, "(CMI 1.129)"),
        (
            payer_mix_exercise,
            {"total": "1", "average": "1", "largest": "Medicare"},
            "Revenue by payer",
        ),
        (
            flexible_budget_exercise,
            {
                "volume_amount": "1",
                "volume_label": "Favourable (spent less)",
                "quantity_amount": "1",
                "quantity_label": "Favourable (spent less)",
                "price_amount": "1",
                "price_label": "Favourable (spent less)",
            },
            "Volume variance",
        ),
    ],
)
def test_finance_charts_hold_the_answer_back_until_check(make, answers, secret):
    ex = make()
    assert secret not in str(ex.chart.to_dict())  # the published page embeds this spec
    answer(ex, **answers)
    assert secret in str(ex.chart.to_dict())
