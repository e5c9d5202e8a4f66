"""The numbers, tables and charts of the healthcare finance chapter (book/finance).

One function per notebook returns its :class:`~careops.chapters.Results`; ``*_chart`` draws a
figure from those results and :func:`show` formats a table as the page prints it. The planners'
assumptions (costs, base rate, discount rate) are keyword inputs with the page's values as
defaults, and each page shows them in an inputs table.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from careops import data
from careops import finance as fin
from careops.chapters import Results
from careops.chapters._tables import inputs_table, styled
from careops.charts import basic as charts

__all__ = [
    "budget_to_actual_chart",
    "budgets_and_variance",
    "case_mix_chart",
    "cost_volume_profit_chart",
    "costs_and_break_even",
    "denial_reasons_chart",
    "forecast_chart",
    "labor_by_department_chart",
    "margin_by_excess_days_chart",
    "price_sensitivity_chart",
    "reimbursement_and_case_mix",
    "show",
]

CLINIC_DAYS = 250  # clinic days in a year
PRICE_CUT_PCT = 10  # the payment cut the break-even page quotes
CMI_GAIN = 0.02  # the rise in case mix index the reimbursement page values
LONG_STAY_DAYS = 3  # days past the DRG's GMLOS from which a stay counts as long
FRONT_END_DENIALS = {
    "Precertification/authorization/notification absent",
    "Care may be covered by another payer (coordination of benefits)",
    "Expenses incurred after coverage terminated",
}
_DOLLARS = "{:,.0f}"
# how each table is printed on its page: formats by column, or one format for some columns
_FORMATS: dict[str, dict[str, Any]] = {
    "payers": {
        "formatter": {
            "Average charge ($)": _DOLLARS,
            "Average expected payment ($)": _DOLLARS,
            "Share of revenue (%)": "{:.0f}",
        }
    },
    "cash_flows": {"formatter": {"Cash flow ($)": _DOLLARS, "Cumulative ($)": _DOLLARS}},
    "departments": {
        "formatter": _DOLLARS,
        "subset": pd.IndexSlice[
            :,
            [
                "Volume ($k)",
                "Efficiency ($k)",
                "Price ($k)",
                "Total ($k)",
                "Revenue vs budget ($k)",
            ],
        ],
    },
    "claims_by_payer": {"precision": 1, "then": [(_DOLLARS, ["Average expected payment ($)"])]},
    "case_mix": {
        "formatter": {
            "CMI": "{:.2f}",
            "Average LOS (days)": "{:.1f}",
            "DRG revenue ($)": _DOLLARS,
            "Revenue per case ($)": _DOLLARS,
        }
    },
}


def show(r: Results, name: str) -> Styler:
    """Table ``name`` of ``r`` formatted as its page prints it (dollars with commas, no index)."""
    return styled(r.tables[name], _FORMATS.get(name, {}))


def costs_and_break_even(
    *,
    variable_cost_per_visit: float = 450.0,
    direct_fixed_costs: float = 1_500_000.0,
    allocated_overhead: float = 400_000.0,
    build_out: float = 2_000_000.0,
    visits_by_year: tuple[int, ...] = (1500, 2400, 2800, 3000, 3000),
    discount_rate: float = 0.07,
) -> Results:
    """A new clinic's price from the outpatient payer mix, its break-even and its NPV.

    Inputs: variable cost per visit (drugs, supplies), a year of the clinic's direct fixed costs
    (staff, lease, equipment service), its share of overhead (IT, billing, HR), the year-0
    build-out, the planners' ramp-up of visits and the hospital's cost of capital.
    """
    claims = data.load("claims")
    outpatient = claims[claims["setting"] == "outpatient"]
    by_payer = outpatient.groupby("payer", observed=True).agg(
        claims=("claim_id", "size"),
        billed=("billed_charges", "mean"),
        expected=("expected_payment", "mean"),
    )
    mix = fin.payer_mix_revenue(volumes=by_payer["claims"], rates=by_payer["expected"])
    price = mix.total / float(by_payer["claims"].sum())
    charge_ratio = float(outpatient["expected_payment"].sum() / outpatient["billed_charges"].sum())

    margin = fin.contribution_margin(price, variable_cost_per_visit)
    break_even = fin.break_even_volume(direct_fixed_costs, price, variable_cost_per_visit)
    break_even_full = fin.break_even_volume(
        direct_fixed_costs + allocated_overhead, price, variable_cost_per_visit
    )
    volumes = pd.Series(range(0, int(break_even_full * 1.6), 50), name="visits")
    cvp = pd.DataFrame(
        {
            "visits": volumes,
            "Revenue": volumes * price,
            "Total cost (direct)": direct_fixed_costs + volumes * variable_cost_per_visit,
            "Total cost (with overhead)": direct_fixed_costs
            + allocated_overhead
            + volumes * variable_cost_per_visit,
        }
    ).melt("visits", var_name="line", value_name="dollars")
    cvp["dollars"] /= 1e6

    prices = pd.DataFrame({"price_change_pct": [-20, -15, -10, -5, 0, 5, 10]})
    prices["price"] = price * (1 + prices["price_change_pct"] / 100)
    prices["break_even_visits"] = [
        fin.break_even_volume(direct_fixed_costs, p, variable_cost_per_visit)
        for p in prices["price"]
    ]
    at_cut = prices.loc[prices["price_change_pct"] == -PRICE_CUT_PCT, "break_even_visits"]

    flows = [-build_out] + [margin * v - direct_fixed_costs for v in visits_by_year]
    plan = pd.DataFrame({"year": range(len(flows)), "cash_flow": flows})
    plan["cumulative"] = plan["cash_flow"].cumsum()
    payback = fin.payback_period(flows)
    values = {
        "fin_price": price,
        "fin_charge_ratio": charge_ratio * 100,
        "fin_margin": margin,
        "fin_var": variable_cost_per_visit,
        "fin_margin_pct": 100 * margin / price,
        "fin_be": break_even,
        "fin_be_day": break_even / CLINIC_DAYS,
        "fin_be_full": break_even_full,
        "fin_be_full_day": break_even_full / CLINIC_DAYS,
        "fin_days": CLINIC_DAYS,
        "fin_cut": PRICE_CUT_PCT,
        "fin_be_minus10": float(at_cut.iloc[0]),
        "fin_npv": fin.npv(discount_rate, flows) / 1e6,
        "fin_irr": fin.irr(flows) * 100,
        "fin_payback": payback if payback is not None else float("nan"),
        "fin_rate": discount_rate * 100,
    }
    tables = {
        "payers": by_payer.assign(share_pct=100 * mix.share)
        .reset_index()
        .rename(
            columns={
                "payer": "Payer",
                "claims": "Claims",
                "billed": "Average charge ($)",
                "expected": "Average expected payment ($)",
                "share_pct": "Share of revenue (%)",
            }
        ),
        "cost_inputs": inputs_table(
            [
                (
                    "Variable cost per visit: drugs, supplies, disposables ($)",
                    f"{variable_cost_per_visit:,.0f}",
                ),
                (
                    "Direct fixed costs: a year of clinic staff, lease, equipment service ($)",
                    f"{direct_fixed_costs:,.0f}",
                ),
                (
                    "Allocated overhead: the clinic's share of IT, billing, HR, administration ($)",
                    f"{allocated_overhead:,.0f}",
                ),
            ]
        ),
        "plan_inputs": inputs_table(
            [
                ("Build-out in year 0: construction and equipment ($)", f"{build_out:,.0f}"),
                (
                    "Visits per year in years 1 to 5 (the planners' ramp-up)",
                    ", ".join(f"{v:,}" for v in visits_by_year),
                ),
                ("Discount rate: the hospital's cost of capital (%)", f"{100 * discount_rate:g}"),
            ]
        ),
        "cash_flows": plan.rename(
            columns={"year": "Year", "cash_flow": "Cash flow ($)", "cumulative": "Cumulative ($)"}
        ),
    }
    return Results(
        values=values, tables=tables, frames={"cvp": cvp, "prices": prices, "plan": plan}
    )


def cost_volume_profit_chart(r: Results) -> alt.Chart:
    """Revenue and the two total-cost lines against visits (costs and break-even)."""
    return charts.line_chart(
        r.frames["cvp"],
        x="visits",
        y="dollars",
        color="line",
        color_title="Line",
        title="Cost-volume-profit: where the clinic breaks even",
        description="Revenue rises from zero with visits; the two total-cost lines start at the "
        "fixed costs and rise more slowly. The clinic breaks even where revenue crosses each cost "
        "line, later once allocated overhead is included.",
        x_title="Visits per year",
        y_title="Dollars per year (millions)",
    )


def price_sensitivity_chart(r: Results) -> alt.Chart:
    """Break-even visits against the change in payment per visit (costs and break-even)."""
    return charts.line_chart(
        r.frames["prices"],
        x="price_change_pct",
        y="break_even_visits",
        points=True,
        title="Break-even volume rises faster than the price falls",
        description="Line chart: the visits needed to break even on direct costs, for prices "
        "from 20% below to 10% above today's; a lower price raises the break-even volume more "
        "than proportionally because the margin shrinks.",
        x_title="Change in payment per visit (%)",
        y_title="Break-even visits per year",
    )


def _labor_variance(row: pd.Series) -> fin.FlexibleBudgetVariance:
    """Flexible-budget labor variances for one department's year."""
    return fin.flexible_budget_variance(
        budget_volume=row["budget_volume"],
        budget_quantity_per_unit=row["budget_hours"] / row["budget_volume"],
        budget_price=row["budget_labor"] / row["budget_hours"],
        actual_volume=row["actual_volume"],
        actual_quantity_per_unit=row["actual_hours"] / row["actual_volume"],
        actual_price=row["actual_labor"] / row["actual_hours"],
    )


def budgets_and_variance() -> Results:
    """Labor budget vs actual by department, the ICU's variance split and an ED forecast."""
    budget = data.load("department_budget")
    annual = budget.groupby("department", observed=True).agg(
        unit=("unit_of_service", "first"),
        budget_volume=("budget_volume", "sum"),
        actual_volume=("actual_volume", "sum"),
        budget_hours=("budget_hours", "sum"),
        actual_hours=("actual_hours", "sum"),
        budget_labor=("budget_labor_cost", "sum"),
        actual_labor=("actual_labor_cost", "sum"),
        budget_revenue=("budget_revenue", "sum"),
        actual_revenue=("actual_revenue", "sum"),
    )
    labor = (
        annual[["budget_labor", "actual_labor"]]
        .rename(columns={"budget_labor": "Budget", "actual_labor": "Actual"})
        .reset_index()
        .melt("department", var_name="figure", value_name="dollars")
    )
    labor["dollars"] /= 1e6
    total_over = float((annual["actual_labor"] - annual["budget_labor"]).sum())

    icu_row = annual.loc["Intensive Care Unit"]
    icu = _labor_variance(icu_row)
    steps = pd.DataFrame(
        {
            "step": ["Original budget", "Volume", "Efficiency (hours)", "Price (wage rate)"],
            "amount": [
                icu.original_budget,
                icu.volume.amount,
                icu.quantity.amount,
                icu.price.amount,
            ],
        }
    )
    steps["amount"] /= 1e3
    rows = []
    for dept, row in annual.iterrows():
        v = _labor_variance(row)
        rows.append(
            {
                "Department": dept,
                "Volume ($k)": v.volume.amount / 1e3,
                "Efficiency ($k)": v.quantity.amount / 1e3,
                "Price ($k)": v.price.amount / 1e3,
                "Total ($k)": v.total.amount / 1e3,
                "Revenue vs budget ($k)": (row["actual_revenue"] - row["budget_revenue"]) / 1e3,
            }
        )

    ed = budget[budget["department"] == "Emergency Department"].sort_values("month")
    first_half = ed["month"].dt.month <= 6
    ratio = float(
        ed.loc[first_half, "actual_volume"].sum() / ed.loc[first_half, "budget_volume"].sum()
    )
    forecast = ed["budget_volume"].astype(float) * ratio
    forecast[first_half] = ed.loc[first_half, "actual_volume"].astype(float)
    year_forecast = float(forecast.sum())
    year_actual = float(ed["actual_volume"].sum())
    year_budget = float(ed["budget_volume"].sum())
    lines = (
        pd.DataFrame(
            {
                "month": ed["month"],
                "Budget": ed["budget_volume"].astype(float),
                "Actual": ed["actual_volume"].astype(float),
                "Mid-year forecast": forecast.where(~first_half),
            }
        )
        .melt("month", var_name="series", value_name="visits")
        .dropna()
    )
    values = {
        "fin_total_over": total_over / 1e6,
        "icu_vol": icu.volume.amount / 1e3,
        "icu_qty": icu.quantity.amount / 1e3,
        "icu_price": icu.price.amount / 1e3,
        "icu_total": icu.total.amount / 1e3,
        "icu_extra_days": int(icu_row["actual_volume"] - icu_row["budget_volume"]),
        "icu_hppd_budget": float(icu_row["budget_hours"] / icu_row["budget_volume"]),
        "icu_hppd_actual": float(icu_row["actual_hours"] / icu_row["actual_volume"]),
        "icu_rate_budget": float(icu_row["budget_labor"] / icu_row["budget_hours"]),
        "icu_rate_actual": float(icu_row["actual_labor"] / icu_row["actual_hours"]),
        "icu_rev_var": float(icu_row["actual_revenue"] - icu_row["budget_revenue"]) / 1e3,
        "fc_ratio": (ratio - 1) * 100,
        "fc_forecast": year_forecast,
        "fc_actual": year_actual,
        "fc_budget": year_budget,
        "fc_error": abs(year_forecast / year_actual - 1) * 100,
        "fc_direction": "above" if year_forecast > year_actual else "below",
        "fc_budget_error": abs(year_budget / year_actual - 1) * 100,
    }
    return Results(
        values=values,
        tables={"departments": pd.DataFrame(rows)},
        frames={"labor": labor, "steps": steps, "lines": lines, "annual": annual},
    )


def labor_by_department_chart(r: Results) -> alt.Chart:
    """Budgeted and actual labor cost per department (budgets and variance)."""
    return charts.bar_chart(
        r.frames["labor"],
        category="department",
        value="dollars",
        color="figure",
        color_title="Labor cost",
        stack=False,
        title="Labor cost by department, 2025: budget and actual",
        description="Grouped horizontal bars of budgeted and actual labor cost for six "
        "departments; the actual bar is longer than the budget bar in every department.",
        category_title="Department",
        value_title="Labor cost for the year ($ millions)",
    )


def budget_to_actual_chart(r: Results) -> alt.Chart:
    """The ICU's waterfall from labor budget to actual (budgets and variance)."""
    return charts.waterfall_chart(
        r.frames["steps"],
        label="step",
        amount="amount",
        result_label="Actual cost",
        title="ICU labor: from budget to actual, 2025",
        description="Waterfall chart: the original ICU labor budget, then three increases for "
        "volume, efficiency and wage rate, ending at the actual labor cost. The value axis starts "
        "near the budget, not at zero.",
        label_title="Budget, variance or actual",
        amount_title="Labor cost ($ thousands; axis not from zero)",
    )


def forecast_chart(r: Results) -> alt.Chart:
    """ED visits per month: budget, actual and the mid-year run-rate forecast."""
    return charts.line_chart(
        r.frames["lines"],
        x="month",
        x_type="T",
        y="visits",
        color="series",
        color_title="Series",
        points=True,
        title="ED visits per month: budget, actual and the mid-year forecast",
        description="Monthly ED visits in 2025: the budget line, the actual line running slightly "
        "above it, and from July the run-rate forecast made at mid-year, which differs from the "
        "actual by a few percent.",
        x_title="Month",
        y_title="ED visits per month",
    )


def _margin_in_words(margin: float) -> str:
    """A margin in words, so the sign reads naturally in the prose."""
    return f"a loss of ${-margin:,.0f}" if margin < 0 else f"a gain of ${margin:,.0f}"


def reimbursement_and_case_mix(
    *,
    base_rate: float = 6_500.0,
    cost_per_day: float = 2_000.0,
    cost_per_admission: float = 1_800.0,
) -> Results:
    """Payer mix and denials on the claims; case mix, DRG revenue and margin by excess days.

    Inputs: an illustrative hospital base rate ($ per relative weight), a cost per inpatient day
    (nursing, room, daily tests and drugs) and a fixed cost per admission.
    """
    claims = data.load("claims")
    stays = data.load("inpatient_stays")
    by_payer = claims.groupby("payer", observed=True).agg(
        claims=("claim_id", "size"),
        expected=("expected_payment", "mean"),
        denial_rate=("denied", "mean"),
        days_to_pay=("days_to_payment", "mean"),
    )
    mix = fin.payer_mix_revenue(volumes=by_payer["claims"], rates=by_payer["expected"])
    by_payer["revenue_share"] = mix.share
    denial = claims[claims["denied"]]
    lost = float((denial["expected_payment"] - denial["paid_amount"].fillna(0)).sum())
    appealed = denial["appealed"].fillna(False)
    overturned = denial["appeal_overturned"].fillna(False)
    reasons = (
        denial.groupby("denial_reason")
        .size()
        .sort_values(ascending=False)
        .head(6)
        .rename("denials")
        .reset_index()
    )

    stays = stays.assign(payment=[fin.drg_payment(base_rate, w) for w in stays["drg_weight"]])
    lines = (
        stays.groupby("service_line", observed=True)
        .agg(
            discharges=("stay_id", "size"),
            cmi=("drg_weight", "mean"),
            alos=("los_days", "mean"),
            revenue=("payment", "sum"),
        )
        .reset_index()
    )
    lines["revenue_per_case"] = lines["revenue"] / lines["discharges"]

    stays = stays.assign(
        cost=cost_per_admission + cost_per_day * stays["los_days"].astype(float),
        excess_days=(stays["los_days"] - stays["drg_gmlos_days"]).astype(float).round(),
    )
    stays["margin"] = stays["payment"] - stays["cost"]
    stays["excess_band"] = stays["excess_days"].clip(-3, 6).astype(int)
    by_excess = (
        stays.groupby("excess_band")
        .agg(stays=("stay_id", "size"), margin=("margin", "mean"))
        .reset_index()
    )
    long_stays = stays["excess_days"] >= LONG_STAY_DAYS
    values = {
        "cl_n": len(claims),
        "cl_denial_pct": float(claims["denied"].mean()) * 100,
        "cl_appeal_pct": float(appealed.mean()) * 100,
        "cl_overturn_pct": float(overturned[appealed].mean()) * 100,
        "cl_lost": lost / 1e6,
        "cl_lost_pct": lost / float(claims["expected_payment"].sum()) * 100,
        "cl_front_pct": float(denial["denial_reason"].isin(FRONT_END_DENIALS).mean()) * 100,
        "cmi": fin.case_mix_index(stays["drg_weight"]),
        "cmi_gain": CMI_GAIN,
        "cmi_gain_dollars": CMI_GAIN * base_rate * len(stays) / 1e6,
        "base_rate": base_rate,
        "avg_payment": float(stays["payment"].mean()),
        "los_day_cost": cost_per_day,
        "los_long_n": int(long_stays.sum()),
        "los_long_pct": float(long_stays.mean()) * 100,
        "los_long_margin": _margin_in_words(float(stays.loc[long_stays, "margin"].mean())),
        "los_other_margin": _margin_in_words(float(stays.loc[~long_stays, "margin"].mean())),
    }
    payers = by_payer.reset_index().rename(
        columns={
            "payer": "Payer",
            "claims": "Claims",
            "expected": "Average expected payment ($)",
            "denial_rate": "Initially denied (%)",
            "days_to_pay": "Days to payment",
            "revenue_share": "Share of expected revenue (%)",
        }
    )
    for pct in ("Initially denied (%)", "Share of expected revenue (%)"):
        payers[pct] = 100 * payers[pct]
    tables = {
        "claims_by_payer": payers,
        "base_rate_input": inputs_table(
            [("Hospital base rate, illustrative ($ per relative weight)", f"{base_rate:,.0f}")]
        ),
        "case_mix": lines.rename(
            columns={
                "service_line": "Service line",
                "discharges": "Discharges",
                "cmi": "CMI",
                "alos": "Average LOS (days)",
                "revenue": "DRG revenue ($)",
                "revenue_per_case": "Revenue per case ($)",
            }
        ),
        "cost_inputs": inputs_table(
            [
                (
                    "Cost per inpatient day: nursing, room, daily tests and drugs ($)",
                    f"{cost_per_day:,.0f}",
                ),
                (
                    "Cost per admission: admission, discharge, procedure-independent work ($)",
                    f"{cost_per_admission:,.0f}",
                ),
            ]
        ),
    }
    return Results(
        values=values,
        tables=tables,
        frames={"reasons": reasons, "service_lines": lines, "by_excess": by_excess},
    )


def denial_reasons_chart(r: Results) -> alt.Chart:
    """The six most common denial reasons (reimbursement and case mix)."""
    return charts.bar_chart(
        r.frames["reasons"],
        category="denial_reason",
        value="denials",
        title="The six most common reasons claims were denied",
        description="Horizontal bar chart of initial denials by reason (Claim Adjustment Reason "
        "Code description); missing information or billing errors and missing prior "
        "authorization lead.",
        category_title="Denial reason (CARC)",
        value_title="Denied claims in the year",
    )


def case_mix_chart(r: Results) -> alt.Chart:
    """Case mix index by service line (reimbursement and case mix)."""
    return charts.bar_chart(
        r.frames["service_lines"],
        category="service_line",
        value="cmi",
        title="Case mix index by service line",
        description="Horizontal bar chart of the average DRG relative weight per discharge in "
        "each service line: orthopedics highest (joint replacement and spinal fusion), obstetrics "
        "lowest.",
        category_title="Service line",
        value_title="Case mix index (average DRG weight)",
    )


def margin_by_excess_days_chart(r: Results) -> alt.Chart:
    """Average margin per stay by days past the DRG's GMLOS (reimbursement and case mix)."""
    return charts.line_chart(
        r.frames["by_excess"],
        x="excess_band",
        y="margin",
        points=True,
        rules={"break-even": 0.0},
        title="Average margin per stay falls with every day past the DRG benchmark",
        description="Line chart of average margin per inpatient stay against days beyond the "
        "DRG's geometric mean length of stay (grouped at -3 and 6 or more): the margin falls "
        "steadily and turns negative for stays that run several days long.",
        x_title="Days beyond the DRG's geometric mean LOS "
        "(-3 = 3 or more days shorter, 6 = 6 or more longer)",
        y_title="Average margin per stay ($)",
    )
