"""Finance exercise: flexible-budget variance for a nursing unit's labour cost."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from careops import data, finance
from careops.charts import finance as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to, money
from careops.widgets.static import Static

__all__ = ["flexible_budget_exercise"]

UNITS = ("Medical-Surgical Unit", "Intensive Care Unit")
LABELS = ["Unfavourable (spent more)", "Favourable (spent less)"]
PARTS = (
    ("volume", "Volume variance"),
    ("quantity", "Quantity (efficiency) variance"),
    ("price", "Price (wage-rate) variance"),
)


@lru_cache(maxsize=1)
def _budget() -> pd.DataFrame:
    return data.load("department_budget")


def _row(v: Values) -> pd.Series:
    return _unit_month(v["unit"], v["month"])


@lru_cache(maxsize=64)
def _unit_month(unit: str, month: str) -> pd.Series:
    """The dataset's row for a unit and month (cached: the check reads it on every answer)."""
    table = _budget()
    rows = table[(table["department"] == unit) & (table["month"].dt.strftime("%B") == month)]
    if rows.empty:
        raise InputError(
            "month",
            month,
            "exists",
            message=f"department_budget has no row for {unit} in {month}",
        )
    return rows.iloc[0]


def _compute(v: Values) -> finance.FlexibleBudgetVariance:
    r = _row(v)
    return finance.flexible_budget_variance(
        budget_volume=float(r["budget_volume"]),
        budget_quantity_per_unit=float(r["budget_hours_per_uos"]),
        budget_price=float(r["budget_wage_rate"]),
        actual_volume=float(r["actual_volume"]),
        actual_quantity_per_unit=float(r["actual_hours"]) / float(r["actual_volume"]),
        actual_price=float(r["actual_wage_rate"]),
    )


def _facts(v: Values) -> str:
    r = _row(v)
    return (
        "<table><tr><th></th><th>Budget</th><th>Actual</th></tr>"
        f"<tr><td>Patient days</td><td>{int(r['budget_volume']):,}</td>"
        f"<td>{int(r['actual_volume']):,}</td></tr>"
        f"<tr><td>Nursing hours per patient day</td><td>{r['budget_hours_per_uos']:.2f}</td>"
        f"<td>{r['actual_hours'] / r['actual_volume']:.2f} ({r['actual_hours']:,.0f} h ÷ "
        f"{int(r['actual_volume']):,})</td></tr>"
        f"<tr><td>Average wage ($ per hour)</td><td>{r['budget_wage_rate']:.2f}</td>"
        f"<td>{r['actual_wage_rate']:.2f}</td></tr>"
        f"<tr><td>Labour cost ($)</td><td>{r['budget_labor_cost']:,.0f}</td>"
        f"<td>{r['actual_labor_cost']:,.0f}</td></tr></table>"
    )


def _figures(v: Values) -> tuple[float, float, float, float, float, float]:
    """Budget and actual patient days, hours per patient day and wage, from the dataset."""
    row = _row(v)
    bv, av = float(row["budget_volume"]), float(row["actual_volume"])
    bq, aq = float(row["budget_hours_per_uos"]), float(row["actual_hours"]) / av
    bp, ap = float(row["budget_wage_rate"]), float(row["actual_wage_rate"])
    return bv, av, bq, aq, bp, ap


def _slips(v: Values) -> dict[str, tuple[float, str]]:
    """The usual slip for each part, computed by careops with the wrong figures swapped in:
    pricing extra days at actual hours and wage; staffing the budgeted days; paying the wage
    difference on budgeted hours."""
    bv, av, bq, aq, bp, ap = _figures(v)
    fbv = finance.flexible_budget_variance
    return {
        "volume": (
            fbv(bv, aq, ap, av, aq, ap).volume.amount,
            "You used the actual hours and wage; the volume variance prices the extra patient "
            "days at the BUDGET hours and wage.",
        ),
        "quantity": (
            fbv(bv, bq, bp, bv, aq, bp).quantity.amount,
            "You multiplied by the budgeted patient days. The quantity variance asks how "
            "efficiently the ACTUAL patient days were staffed: use actual patient days.",
        ),
        "price": (
            fbv(bv, bq, bp, bv, bq, ap).price.amount,
            "You used the budgeted hours. The wage difference was paid on the hours actually "
            "worked.",
        ),
    }


def _check(v: Values, a: Values, r: finance.FlexibleBudgetVariance) -> Feedback:
    fb = Feedback()
    bv, av, bq, aq, bp, ap = _figures(v)
    how = {
        "volume": "(actual − budget patient days) × budget hours per day × budget wage = "
        f"({av:,.0f} − {bv:,.0f}) × {bq:.2f} × ${bp:.2f}",
        "quantity": "actual patient days × (actual − budget hours per day) × budget wage = "
        f"{av:,.0f} × ({aq:.3f} − {bq:.2f}) × ${bp:.2f}",
        "price": "actual hours × (actual − budget wage) = "
        f"{av * aq:,.0f} × (${ap:.2f} − ${bp:.2f})",
    }
    slips = _slips(v)
    for key, title in PARTS:
        truth = getattr(r, key)
        amount, label = a[f"{key}_amount"], a[f"{key}_label"]
        expected_label = LABELS[0] if truth.label == "unfavourable" else LABELS[1]
        size_ok = close_to(amount, abs(truth.amount), rel=0.005, abs_tol=1.0)
        label_ok = truth.label == "none" or label == expected_label
        if size_ok and label_ok:
            fb.add(True, f"{title}: {money(abs(truth.amount))} {truth.label}.")
        elif size_ok:
            fb.add(
                False,
                f"{title}: the amount is right, but it is {truth.label}: for costs, spending more "
                "than the budget is unfavourable, less is favourable.",
            )
        elif close_to(amount, abs(slips[key][0]), rel=0.005, abs_tol=1.0):
            fb.add(False, f"{title}: {slips[key][1]}")
        else:
            fb.add(False, f"{title}: {how[key]}.")
    return fb


def _chart(v: Values, r: finance.FlexibleBudgetVariance):
    rows, level = (
        [
            {
                "step": "Original budget",
                "start": 0.0,
                "end": r.original_budget,
                "amount": r.original_budget,
                "kind": "total",
            }
        ],
        r.original_budget,
    )
    for key, title in PARTS:
        part = getattr(r, key)
        rows.append(
            {
                "step": title.split(" (")[0],
                "start": level,
                "end": level + part.amount,
                "amount": part.amount,
                "kind": part.label,
            }
        )
        level += part.amount
    rows.append(
        {
            "step": "Actual cost",
            "start": 0.0,
            "end": r.actual_cost,
            "amount": r.actual_cost,
            "kind": "total",
        }
    )
    return charts.variance_waterfall(pd.DataFrame(rows), unit=v["unit"])


def _answers(v: Values, r: finance.FlexibleBudgetVariance) -> Values:
    right: Values = {}
    for key, _title in PARTS:
        truth = getattr(r, key)
        right[f"{key}_amount"] = abs(truth.amount)
        right[f"{key}_label"] = LABELS[1] if truth.label == "favourable" else LABELS[0]
    return right


MONTHS = list(pd.date_range("2025-01-01", periods=12, freq="MS").strftime("%B"))

# the static site's grid: every unit and month of the dataset
STATIC = Static(
    grid={"unit": list(UNITS), "month": MONTHS},
    answers=_answers,
    tolerance={f"{key}_amount": 1.0 for key, _ in PARTS},
    relative={f"{key}_amount": 0.005 for key, _ in PARTS},
    slips=lambda v, r: {f"{k}_amount": [abs(amount)] for k, (amount, _) in _slips(v).items()},
)


def flexible_budget_exercise(*, unit: str = UNITS[0], month: str = "March") -> Exercise:
    """A nursing unit's month from the department_budget dataset: split the labour overrun."""
    answers = []
    for key, title in PARTS:
        answers.append(
            Number(f"{key}_amount", title.split(" (")[0], unit="$", minimum=0, example="12,345")
        )
        answers.append(Choice(f"{key}_label", "… which is", LABELS, radio=True))
    return Exercise(
        title="Flexible budget: why did nursing labour cost more than budgeted?",
        prompt=(
            "The unit's labour cost differs from its budget. A flexible budget splits the "
            "difference into three causes the manager can act on: more or fewer <b>patient "
            "days</b> (volume), more or fewer <b>nursing hours per patient day</b> (quantity, "
            "or efficiency) and a higher or lower <b>wage per hour</b> (price). Pick a unit and "
            "month, read the table, and give each variance's size in dollars (no minus sign) "
            "and whether it is favourable."
        ),
        inputs=[
            Choice("unit", "Nursing unit", list(UNITS), default=unit),
            Choice("month", "Month (2025)", MONTHS, default=month),
        ],
        answers=answers,
        compute=_compute,
        check=_check,
        chart=lambda v, r: charts.budget_vs_actual_chart(
            pd.DataFrame(
                {"line": ["Budget", "Actual"], "dollars": [r.original_budget, r.actual_cost]}
            ),
            unit=v["unit"],
        ),
        reveal=_chart,
        summary=lambda v, r: _facts(v),
        static=STATIC,
    )
