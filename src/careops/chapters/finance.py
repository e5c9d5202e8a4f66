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
from careops.errors import InputError

__all__ = [
    "budget_to_actual_chart",
    "budgets_and_variance",
    "case_joint_bundle",
    "case_medicare_advantage",
    "case_mix_chart",
    "cost_volume_profit_chart",
    "costs_and_break_even",
    "denial_rate_chart",
    "denial_reasons_chart",
    "expected_dollar_chart",
    "financial_statements",
    "forecast_chart",
    "joint_bundle_chart",
    "labor_by_department_chart",
    "margin_by_excess_days_chart",
    "medicare_advantage_chart",
    "price_sensitivity_chart",
    "reimbursement_and_case_mix",
    "revenue_and_cash_chart",
    "revenue_cycle",
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
    "revenue_bridge": {"formatter": {"$ million": "{:,.2f}"}},
    "operating_statement": {
        "formatter": {
            "Net patient revenue ($k)": _DOLLARS,
            "Labor ($k)": _DOLLARS,
            "Supplies ($k)": _DOLLARS,
            "Direct margin ($k)": _DOLLARS,
            "Direct margin (%)": "{:.1f}",
        }
    },
    "stages": {
        "formatter": {
            "Share of denials (%)": "{:.0f}",
            "Still unpaid after appeals ($ million)": "{:.2f}",
        }
    },
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


# --- financial statements (page 05) -------------------------------------------------------

YEAR_END = pd.Timestamp("2025-12-31")


def financial_statements() -> Results:
    """The year's claims as accounting sees them, and the six departments' operating statement.

    From the claims: gross charges, contractual allowances, what denials and underpayments
    took, net revenue, cash received by 31 December, the receivables left and days in A/R.
    From the department budget: revenue, labor, supplies and direct margin by department.
    """
    claims = data.load("claims")
    gross = float(claims["billed_charges"].sum())
    expected = float(claims["expected_payment"].sum())
    paid = claims["paid_amount"].fillna(0.0)
    net = float(paid.sum())
    in_year = claims["paid_date"].notna() & (claims["paid_date"] <= YEAR_END)
    cash = float(paid[in_year].sum())
    receivables = net - cash
    denied = claims["denied"].fillna(False).astype(bool)
    lost_denials = float((claims.loc[denied, "expected_payment"] - paid[denied]).sum())
    lost_under = float((claims.loc[~denied, "expected_payment"] - paid[~denied]).sum())

    recognized = paid.groupby(claims["service_date"].dt.to_period("M")).sum()
    received = paid[in_year].groupby(claims.loc[in_year, "paid_date"].dt.to_period("M")).sum()
    monthly = pd.DataFrame({"Revenue earned (by month of service)": recognized})
    monthly["Cash received (by month of payment)"] = received.reindex(monthly.index).fillna(0.0)
    monthly["month"] = monthly.index.to_timestamp()
    months = monthly.melt("month", var_name="series", value_name="dollars")
    months["dollars"] /= 1e6

    budget = data.load("department_budget")
    depts = budget.groupby("department", observed=True)[
        ["actual_revenue", "actual_labor_cost", "actual_supply_cost"]
    ].sum()
    depts["margin"] = (
        depts["actual_revenue"] - depts["actual_labor_cost"] - depts["actual_supply_cost"]
    )
    depts["margin_pct"] = 100 * depts["margin"] / depts["actual_revenue"]
    depts = depts.sort_values("margin_pct", ascending=False)
    total = depts[["actual_revenue", "actual_labor_cost", "actual_supply_cost", "margin"]].sum()
    statement = depts.reset_index().rename(
        columns={
            "department": "Department",
            "actual_revenue": "Net patient revenue ($k)",
            "actual_labor_cost": "Labor ($k)",
            "actual_supply_cost": "Supplies ($k)",
            "margin": "Direct margin ($k)",
            "margin_pct": "Direct margin (%)",
        }
    )
    for col in ("Net patient revenue ($k)", "Labor ($k)", "Supplies ($k)", "Direct margin ($k)"):
        statement[col] = statement[col] / 1e3
    values = {
        "fs_n": len(claims),
        "fs_gross": gross / 1e6,
        "fs_expected": expected / 1e6,
        "fs_contractual": (gross - expected) / 1e6,
        "fs_contractual_pct": 100 * (gross - expected) / gross,
        "fs_lost_denials": lost_denials / 1e6,
        "fs_lost_under": lost_under / 1e6,
        "fs_net": net / 1e6,
        "fs_net_pct_gross": 100 * net / gross,
        "fs_cash": cash / 1e6,
        "fs_ar": receivables / 1e6,
        "fs_days_ar": fin.days_in_accounts_receivable(receivables, net),
        "fs_dept_revenue": float(total["actual_revenue"]) / 1e6,
        "fs_dept_labor": float(total["actual_labor_cost"]) / 1e6,
        "fs_dept_supply": float(total["actual_supply_cost"]) / 1e6,
        "fs_dept_margin": float(total["margin"]) / 1e6,
        "fs_dept_margin_pct": 100 * float(total["margin"] / total["actual_revenue"]),
        "fs_labor_share": 100
        * float(
            total["actual_labor_cost"] / (total["actual_labor_cost"] + total["actual_supply_cost"])
        ),
        "fs_best_dept": str(depts.index[0]),
        "fs_best_pct": float(depts["margin_pct"].iloc[0]),
        "fs_worst_dept": str(depts.index[-1]),
        "fs_worst_pct": float(depts["margin_pct"].iloc[-1]),
    }
    bridge = pd.DataFrame(
        {
            "Line": [
                "Gross charges",
                "Less contractual allowances",
                "Less denials not recovered",
                "Less underpayments",
                "Net patient revenue",
                "Of which received by 31 December (cash)",
                "Of which still receivable at year end (A/R)",
            ],
            "$ million": [
                gross / 1e6,
                -(gross - expected) / 1e6,
                -lost_denials / 1e6,
                -lost_under / 1e6,
                net / 1e6,
                cash / 1e6,
                receivables / 1e6,
            ],
        }
    )
    return Results(
        values=values,
        tables={"revenue_bridge": bridge, "operating_statement": statement},
        frames={"months": months},
    )


def revenue_and_cash_chart(r: Results) -> alt.Chart:
    """Revenue earned by month of service against cash received by month (financial statements)."""
    return charts.line_chart(
        r.frames["months"],
        x="month",
        y="dollars",
        x_type="T",
        color="series",
        color_title="Series",
        points=True,
        title="Revenue is earned when care is given; cash arrives weeks later",
        description="Line chart of the claims' net revenue by month of service and the cash "
        "received by month of payment in 2025: cash starts low in January, runs behind revenue "
        "all year, and the gap at December is the receivables carried into the next year.",
        x_title="Month (2025)",
        y_title="$ million",
    )


# --- the revenue cycle (page 06) ----------------------------------------------------------

# the revenue-cycle stage at which each denial reason (CARC) is prevented
CARC_STAGE = {
    "CO-197": "Scheduling and registration",
    "CO-22": "Scheduling and registration",
    "CO-27": "Scheduling and registration",
    "CO-50": "Clinical documentation",
    "CO-4": "Coding and charge capture",
    "CO-11": "Coding and charge capture",
    "CO-97": "Coding and charge capture",
    "CO-16": "Claim submission",
    "CO-18": "Claim submission",
    "CO-29": "Claim submission",
}
STAGE_ORDER = [
    "Scheduling and registration",
    "Clinical documentation",
    "Coding and charge capture",
    "Claim submission",
]


def revenue_cycle(*, prevented_share: float = 0.5) -> Results:
    """The revenue cycle on a year of claims: lags, denials by stage, appeals and collection.

    Input: the share of registration-stage denials a front-end fix (eligibility checks,
    authorization work queues) is assumed to prevent.
    """
    claims = data.load("claims")
    paid = claims["paid_amount"].fillna(0.0)
    denied = claims["denied"].fillna(False).astype(bool)
    appealed = claims["appealed"].fillna(False).astype(bool) & denied
    overturned = claims["appeal_overturned"].fillna(False).astype(bool) & appealed
    lag = (claims["submitted_date"] - claims["service_date"]).dt.days
    expected = float(claims["expected_payment"].sum())
    stood = denied & ~overturned

    flow = pd.DataFrame(
        {
            "outcome": [
                "Received on first submission",
                "Not received: underpayments",
                "Received after a successful appeal",
                "Not received: denials never recovered",
            ],
            "dollars": [
                float(paid[~denied].sum()),
                float((claims.loc[~denied, "expected_payment"] - paid[~denied]).sum()),
                float(paid[overturned].sum()),
                float(claims.loc[stood, "expected_payment"].sum() - paid[stood].sum()),
            ],
        }
    )
    flow["share"] = 100 * flow["dollars"] / expected
    flow["dollars"] /= 1e6

    denials = claims[denied].assign(
        stage=claims.loc[denied, "carc_code"].astype(str).map(CARC_STAGE)
    )
    denials["lost"] = denials["expected_payment"] - paid[denied]
    by_stage = (
        denials.groupby("stage")
        .agg(denials=("claim_id", "size"), lost=("lost", "sum"))
        .reindex(STAGE_ORDER)
        .reset_index()
    )
    by_stage["share"] = 100 * by_stage["denials"] / by_stage["denials"].sum()
    by_stage["lost"] /= 1e6

    rates = (
        claims.assign(denied=denied)
        .groupby(["payer", "setting"], observed=True)["denied"]
        .mean()
        .mul(100)
        .rename("denial_pct")
        .reset_index()
    )
    rates["payer"] = rates["payer"].astype(str)
    rates["setting"] = rates["setting"].astype(str)

    days = claims["days_to_payment"].astype(float)
    values = {
        "rc_n": len(claims),
        "rc_lag_ip": float(lag[claims["setting"] == "inpatient"].mean()),
        "rc_lag_other": float(lag[claims["setting"] != "inpatient"].mean()),
        "rc_clean_pct": 100 * float((~denied).mean()),
        "rc_denial_pct": 100 * float(denied.mean()),
        "rc_denials": int(denied.sum()),
        "rc_front_pct": float(by_stage.loc[0, "share"]),
        "rc_front_lost": float(by_stage.loc[0, "lost"]),
        "rc_appeal_pct": 100 * float(appealed.sum() / denied.sum()),
        "rc_not_appealed": int((denied & ~appealed).sum()),
        "rc_overturn_pct": 100 * float(overturned.sum() / appealed.sum()),
        "rc_days_clean": float(days[~denied].mean()),
        "rc_days_appeal": float(days[overturned].mean()),
        "rc_underpaid_n": int((~denied & (claims["expected_payment"] - paid > 0.005)).sum()),
        "rc_under_lost": float(flow.loc[1, "dollars"]),
        "rc_lost": float(flow.loc[3, "dollars"]),
        "rc_net_collection_pct": 100 * float(paid.sum()) / expected,
        "rc_expected": expected / 1e6,
        "rc_prevented_share": 100 * prevented_share,
        "rc_prevented_dollars": prevented_share * float(by_stage.loc[0, "lost"]),
        "rc_worst_payer": str(rates.loc[rates["denial_pct"].idxmax(), "payer"]),
        "rc_worst_setting": str(rates.loc[rates["denial_pct"].idxmax(), "setting"]),
        "rc_worst_pct": float(rates["denial_pct"].max()),
        "rc_best_pct": float(rates["denial_pct"].min()),
    }
    stages = by_stage.rename(
        columns={
            "stage": "Stage where the denial is prevented",
            "denials": "Denials",
            "share": "Share of denials (%)",
            "lost": "Still unpaid after appeals ($ million)",
        }
    )
    return Results(
        values=values,
        tables={
            "stages": stages,
            "prevention_input": inputs_table(
                [
                    (
                        "Share of registration-stage denials a front-end fix prevents (%)",
                        f"{100 * prevented_share:.0f}",
                    )
                ]
            ),
        },
        frames={"flow": flow, "rates": rates},
    )


def expected_dollar_chart(r: Results) -> alt.Chart:
    """Where each expected dollar of the year's claims went (revenue cycle)."""
    return charts.bar_chart(
        r.frames["flow"],
        category="outcome",
        value="share",
        sort=None,
        title="Where the year's expected payments went",
        description="Horizontal bar chart of the share of the claims' expected payment that was "
        "received on first submission (most of it), lost to underpayments, received after "
        "a successful appeal, or lost to denials that were never recovered.",
        category_title="Outcome",
        value_title="Share of expected payment (%)",
    )


def denial_rate_chart(r: Results) -> alt.Chart:
    """Initial denial rate by payer and claim type (revenue cycle)."""
    return charts.grouped_bar_chart(
        r.frames["rates"],
        x="payer",
        y="denial_pct",
        color="setting",
        x_title="Payer",
        y_title="Initially denied (%)",
        color_title="Claim type",
        title="Initial denial rate by payer and claim type",
        description="Grouped bar chart of the share of claims initially denied for each payer, "
        "one bar per claim type (inpatient, emergency, outpatient, professional): traditional "
        "Medicare denies least, Medicaid most.",
    )


MA, MEDICARE = "Medicare Advantage", "Medicare"
PRIOR_AUTH_CARC = "CO-197"  # precertification/authorization/notification absent


def case_medicare_advantage(
    *, rework_cost: float = 25.0, appeal_cost: float = 180.0, cost_of_capital: float = 0.05
) -> Results:
    """Case: a Medicare Advantage plan against traditional Medicare on the same year of claims:
    price, denials, appeals, days to payment and what the extra work and the wait cost.

    Inputs (assumptions of the case): the cost of working one denied claim, the cost of one
    appeal, and the hospital's annual cost of capital for money paid late.
    """
    for name, value in (("rework_cost", rework_cost), ("appeal_cost", appeal_cost)):
        if not value >= 0:
            raise InputError(name, value, "non_negative")
    if not 0 <= cost_of_capital <= 1:
        raise InputError("cost_of_capital", cost_of_capital, "probability")
    claims = data.load("claims")
    denied = claims["denied"].fillna(False).astype(bool)
    appealed = claims["appealed"].fillna(False).astype(bool) & denied
    overturned = claims["appeal_overturned"].fillna(False).astype(bool) & appealed
    table = (
        claims.assign(
            denied=denied,
            appealed=appealed,
            overturned=overturned,
            paid=claims["paid_amount"].fillna(0.0),
            auth=denied & claims["carc_code"].astype(str).eq(PRIOR_AUTH_CARC),
            days=claims["days_to_payment"].astype(float),
        )
        .groupby("payer", observed=True)
        .agg(
            claims=("claim_id", "size"),
            billed=("billed_charges", "sum"),
            expected=("expected_payment", "sum"),
            paid=("paid", "sum"),
            denied=("denied", "sum"),
            auth=("auth", "sum"),
            appealed=("appealed", "sum"),
            overturned=("overturned", "sum"),
            days=("days", "mean"),
        )
    )
    table.index = table.index.astype(str)
    table["rework"] = table["denied"] * rework_cost + table["appealed"] * appeal_cost
    ma, mc = table.loc[MA], table.loc[MEDICARE]
    per100 = pd.DataFrame(
        {
            "payer": list(table.index) * 2,
            "figure": ["Expected under the contract"] * len(table) + ["Collected"] * len(table),
            "per100": list(100 * table["expected"] / table["billed"])
            + list(100 * table["paid"] / table["billed"]),
        }
    )
    # the plan's claims valued at traditional Medicare's collected share of charges
    at_medicare = ma["billed"] * mc["paid"] / mc["billed"]
    extra_rework = ma["claims"] * (ma["rework"] / ma["claims"] - mc["rework"] / mc["claims"])
    carrying = ma["paid"] * (ma["days"] - mc["days"]) / 365 * cost_of_capital
    edge = ma["paid"] - at_medicare - extra_rework - carrying
    values = {
        "ma_claims": int(ma["claims"]),
        "ma_share": 100 * float(ma["claims"] / table["claims"].sum()),
        "mc_claims": int(mc["claims"]),
        "ma_exp100": 100 * float(ma["expected"] / ma["billed"]),
        "mc_exp100": 100 * float(mc["expected"] / mc["billed"]),
        "ma_paid100": 100 * float(ma["paid"] / ma["billed"]),
        "mc_paid100": 100 * float(mc["paid"] / mc["billed"]),
        "ma_coll_pct": 100 * float(ma["paid"] / ma["expected"]),
        "mc_coll_pct": 100 * float(mc["paid"] / mc["expected"]),
        "ma_den_pct": 100 * float(ma["denied"] / ma["claims"]),
        "mc_den_pct": 100 * float(mc["denied"] / mc["claims"]),
        "ma_auth_pct": 100 * float(ma["auth"] / ma["claims"]),
        "mc_auth_pct": 100 * float(mc["auth"] / mc["claims"]),
        "ma_appealed": int(ma["appealed"]),
        "ma_overturn_pct": 100 * float(ma["overturned"] / ma["appealed"]),
        "ma_days": float(ma["days"]),
        "mc_days": float(mc["days"]),
        "ma_paid_k": float(ma["paid"]) / 1e3,
        "ma_at_mc_k": float(at_medicare) / 1e3,
        "ma_price_edge_k": float(ma["paid"] - at_medicare) / 1e3,
        "ma_rework_cost": rework_cost,
        "ma_appeal_cost": appeal_cost,
        "ma_capital_pct": 100 * cost_of_capital,
        "ma_extra_rework_k": float(extra_rework) / 1e3,
        "ma_carrying_k": float(carrying) / 1e3,
        "ma_edge_k": float(edge) / 1e3,
        "ma_edge_word": "more" if edge >= 0 else "less",
    }
    return Results(values=values, tables={"payers": table.reset_index()}, frames={"per100": per100})


def medicare_advantage_chart(r: Results) -> alt.Chart:
    """Expected and collected payment per $100 of charges, by payer (the Medicare Advantage
    case)."""
    return charts.grouped_bar_chart(
        r.frames["per100"],
        x="payer",
        y="per100",
        color="figure",
        x_title="Payer",
        y_title="Dollars per $100 of billed charges",
        color_title="Payment",
        sort=["Medicare", "Medicare Advantage", "Medicaid", "Commercial"],
        title="What each payer owed and paid per $100 of charges, 2025",
        description="Grouped bar chart of the payment each payer's contract sets and the "
        "payment actually collected, per $100 of billed charges, for traditional Medicare, "
        "Medicare Advantage, Medicaid and commercial insurers; the collected bar is shorter "
        "than the expected bar for every payer.",
    )


JOINT_DRG = "470"  # major hip and knee joint replacement without MCC
EPISODE_PARTS = ["Hospital stay (DRG payment)", "Post-acute care", "Readmission"]


def case_joint_bundle(
    *,
    base_rate: float = 6_500.0,
    snf_cost: float = 12_000.0,
    home_health_cost: float = 3_000.0,
    readmission_cost: float = 15_000.0,
    discount_pct: float = 3.0,
) -> Results:
    """Case: a bundled price for Medicare hip and knee replacements: what an episode costs today
    by discharge destination, the repayment a discounted target implies, and how many skilled
    nursing discharges must move home with home health to earn it back.

    Inputs (assumptions of the case): the hospital's DRG base rate; the payer's average cost of
    a skilled nursing stay, a home health episode and a readmission; the target's discount (%).
    """
    for name, value in (
        ("base_rate", base_rate),
        ("snf_cost", snf_cost),
        ("home_health_cost", home_health_cost),
        ("readmission_cost", readmission_cost),
    ):
        if not value >= 0:
            raise InputError(name, value, "non_negative")
    if not snf_cost > home_health_cost:
        raise InputError("snf_cost", snf_cost, "greater_than", minimum=home_health_cost)
    if not 0 <= discount_pct < 100:
        raise InputError("discount_pct", discount_pct, "between", minimum=0, maximum=100)
    stays = data.load("inpatient_stays")
    joints = stays[stays["drg"].astype(str).eq(JOINT_DRG)]
    medicare = joints[joints["payer"].astype(str).eq(MEDICARE)].copy()
    where = medicare["discharge_disposition"].astype(str)
    medicare["stay"] = [fin.drg_payment(base_rate, w) for w in medicare["drg_weight"]]
    medicare["post_acute"] = where.map({"skilled_nursing": snf_cost}).fillna(0.0) + where.map(
        {"home_health": home_health_cost}
    ).fillna(0.0)
    medicare["readmission"] = medicare["readmitted_30d"].astype(bool) * readmission_cost
    medicare["episode"] = medicare[["stay", "post_acute", "readmission"]].sum(axis=1)
    n = len(medicare)
    total = float(medicare["episode"].sum())
    repay = discount_pct / 100 * total  # what the hospital owes back if nothing changes
    shift_n = repay / (snf_cost - home_health_cost)
    snf_pct = 100 * float(where.eq("skilled_nursing").mean())
    labels = {"home": "Home", "home_health": "Home with home health", "skilled_nursing": "SNF"}
    shown = medicare[where.isin(list(labels))]
    by_where = (
        shown.groupby(shown["discharge_disposition"].astype(str).map(labels))[
            ["stay", "post_acute", "readmission"]
        ]
        .mean()
        .set_axis(EPISODE_PARTS, axis=1)
        .reset_index(names="destination")
        .melt("destination", var_name="part", value_name="dollars")
    )
    values = {
        "jb_all": len(joints),
        "jb_n": n,
        "jb_age": float(medicare["age_years"].mean()),
        "jb_los": float(medicare["los_days"].mean()),
        "jb_gmlos": float(medicare["drg_gmlos_days"].mean()),
        "jb_home_pct": 100 * float(where.eq("home").mean()),
        "jb_hh_pct": 100 * float(where.eq("home_health").mean()),
        "jb_snf_pct": snf_pct,
        "jb_readmit_pct": 100 * float(medicare["readmitted_30d"].astype(bool).mean()),
        "jb_base": base_rate,
        "jb_snf_cost": snf_cost,
        "jb_hh_cost": home_health_cost,
        "jb_readmit_cost": readmission_cost,
        "jb_discount": discount_pct,
        "jb_stay_pay": float(medicare["stay"].mean()),
        "jb_episode": total / n,
        "jb_outside_pct": 100
        * float((medicare["post_acute"] + medicare["readmission"]).sum())
        / total,
        "jb_target": total / n * (1 - discount_pct / 100),
        "jb_repay_k": repay / 1e3,
        "jb_shift_n": shift_n,
        "jb_shift_pts": 100 * shift_n / n,
        "jb_snf_after": snf_pct - 100 * shift_n / n,
    }
    return Results(values=values, frames={"by_where": by_where, "episodes": medicare})


def joint_bundle_chart(r: Results) -> alt.Chart:
    """Average episode spending by discharge destination and part (the joint bundle case)."""
    return charts.bar_chart(
        r.frames["by_where"],
        category="destination",
        value="dollars",
        color="part",
        color_title="Part of the episode",
        sort=["Home", "Home with home health", "SNF"],
        title="Medicare hip and knee replacement: spending per episode by destination",
        description="Horizontal stacked bar chart of the average spending per episode for "
        "patients discharged home, home with home health, and to a skilled nursing facility, "
        "split into the hospital's DRG payment, post-acute care and readmissions; the "
        "skilled nursing bar is the longest.",
        category_title="Discharged to",
        value_title="Average spending per episode ($)",
    )
