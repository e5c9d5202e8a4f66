"""The numbers, tables and charts of the service line chapter (book/service-lines).

One function per notebook returns its :class:`~careops.chapters.Results`; ``*_chart`` draws a
figure from those results and :func:`show` formats a table as the page prints it. The planners'
assumptions are keyword inputs (the page's values are the defaults), shown in an inputs table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler
from statsmodels.stats.proportion import proportion_confint

from careops import data, finance, lean
from careops.chapters import Results
from careops.chapters._tables import inputs_table, styled
from careops.charts import basic as charts
from careops.errors import InputError

__all__ = [
    "allocation_chart",
    "capital_npv_chart",
    "capital_plan_and_philanthropy",
    "cardiology_growth_chart",
    "case_cardiology_growth",
    "case_shared_beds",
    "contribution_chart",
    "daily_census",
    "growth_and_patient_experience",
    "line_accounting_and_quality",
    "market_share_chart",
    "no_show_by_wait_chart",
    "service_line_finances",
    "shared_beds_chart",
    "show",
]

# $ per DRG relative weight is multiplied by each payer's factor (Medicare = 1)
PAYER_FACTOR = {
    "Medicare": 1.00,
    "Medicaid": 0.85,
    "Commercial": 1.45,
    "Self-pay": 0.20,
    "Other": 1.00,
}
# $ variable supplies and implants per case
SUPPLIES_PER_CASE = {
    "Medicine": 400.0,
    "Cardiology": 1_500.0,
    "Orthopedics": 6_000.0,
    "Neurosciences": 900.0,
    "Nephrology": 500.0,
    "Obstetrics": 400.0,
}
# $ a year: dedicated leaders, staff, equipment and space of each line
DIRECT_FIXED = {
    "Medicine": 6_000_000.0,
    "Cardiology": 2_800_000.0,
    "Orthopedics": 2_400_000.0,
    "Neurosciences": 900_000.0,
    "Nephrology": 600_000.0,
    "Obstetrics": 1_800_000.0,
}
# discharges a year in the hospital's market (a hypothetical market)
MARKET_DISCHARGES = {
    "Medicine": 24_000,
    "Cardiology": 7_500,
    "Orthopedics": 6_000,
    "Neurosciences": 3_200,
    "Nephrology": 2_600,
    "Obstetrics": 5_200,
}
GROWTH_LINES = ("Cardiology", "Orthopedics")
_DOLLAR_COLUMNS = [
    "Revenue per case ($)",
    "Variable cost per case ($)",
    "Contribution margin per case ($)",
    "Total contribution margin ($)",
    "Direct fixed costs ($)",
    "Contribution after direct costs ($)",
    "Break-even cases",
]
_FORMATS: dict[str, dict[str, Any]] = {
    "statement": {"formatter": "{:,.0f}", "subset": pd.IndexSlice[:, _DOLLAR_COLUMNS]},
    "scenarios": {
        "formatter": {
            "Contribution margin added ($ thousands)": "{:,.0f}",
            "Bed-days a year": "{:,.0f}",
            "Contribution of patients displaced ($ thousands)": "{:,.0f}",
            "Net ($ thousands)": "{:,.0f}",
            "Expected readmissions": "{:,.0f}",
            "Line CMI after": "{:.2f}",
        }
    },
}


def show(r: Results, name: str) -> Styler:
    """Table ``name`` of ``r`` formatted as its page prints it (no index)."""
    return styled(r.tables[name], _FORMATS.get(name, {}))


def _listed(values: Mapping[str, float], fmt: str) -> str:
    """A mapping as one line of "name value" pairs for an inputs table."""
    return ", ".join(f"{k} {v:{fmt}}" for k, v in values.items())


def service_line_finances(
    *,
    base_rate: float = 6_500.0,
    payer_factor: Mapping[str, float] | None = None,
    cost_per_day: float = 1_200.0,
    supplies_per_case: Mapping[str, float] | None = None,
    direct_fixed: Mapping[str, float] | None = None,
) -> Results:
    """Each service line's portfolio and its contribution margin after direct fixed costs.

    Inputs: the base rate ($ per DRG relative weight), each payer's factor on it, the variable
    cost per inpatient day (nursing hours, meals, drugs, tests), supplies and implants per case
    and each line's direct fixed costs a year (:data:`PAYER_FACTOR` etc. by default).
    """
    payer_factor = PAYER_FACTOR if payer_factor is None else payer_factor
    supplies_per_case = SUPPLIES_PER_CASE if supplies_per_case is None else supplies_per_case
    direct_fixed = DIRECT_FIXED if direct_fixed is None else direct_fixed
    stays = data.load("inpatient_stays")
    portfolio = stays.groupby("service_line", observed=True).agg(
        discharges=("stay_id", "size"),
        cmi=("drg_weight", "mean"),
        alos=("los_days", "mean"),
        gmlos=("drg_gmlos_days", "mean"),
        medicare_pct=("payer", lambda p: 100 * (p == "Medicare").mean()),
        medicaid_pct=("payer", lambda p: 100 * (p == "Medicaid").mean()),
        commercial_pct=("payer", lambda p: 100 * (p == "Commercial").mean()),
        readmit_pct=("readmitted_30d", lambda r: 100 * r.mean()),
    )

    factor = stays["payer"].astype(str).map(payer_factor)
    cases = stays.assign(
        revenue=[finance.drg_payment(base_rate, w) for w in stays["drg_weight"]] * factor,
        variable=cost_per_day * stays["los_days"].astype(float)
        + stays["service_line"].astype(str).map(supplies_per_case),
    )
    statement = cases.groupby("service_line", observed=True).agg(
        discharges=("stay_id", "size"), revenue=("revenue", "sum"), variable=("variable", "sum")
    )
    statement["price"] = statement["revenue"] / statement["discharges"]
    statement["var_per_case"] = statement["variable"] / statement["discharges"]
    statement["cm_per_case"] = [
        finance.contribution_margin(p, c)
        for p, c in zip(statement["price"], statement["var_per_case"], strict=True)
    ]
    statement["cm_total"] = statement["cm_per_case"] * statement["discharges"]
    statement["direct_fixed"] = [direct_fixed[line] for line in statement.index]
    statement["after_direct"] = statement["cm_total"] - statement["direct_fixed"]
    statement["break_even_cases"] = [
        finance.break_even_volume(f, p, c) if p > c else float("nan")
        for f, p, c in zip(
            statement["direct_fixed"], statement["price"], statement["var_per_case"], strict=True
        )
    ]
    best_case = statement["cm_per_case"].idxmax()
    best_total = statement["after_direct"].idxmax()
    worst_total = statement["after_direct"].idxmin()
    worst_m = float(statement.loc[worst_total, "after_direct"]) / 1e6
    values = {
        "sl_best_case": best_case,
        "sl_best_case_cm": float(statement.loc[best_case, "cm_per_case"]),
        "sl_best_total": best_total,
        "sl_best_total_m": float(statement.loc[best_total, "after_direct"]) / 1e6,
        "sl_worst": worst_total,
        "sl_worst_m": f"a shortfall of ${-worst_m:.1f} million"
        if worst_m < 0
        else f"${worst_m:.1f} million",
        "sl_worst_be": float(statement.loc[worst_total, "break_even_cases"]),
        "sl_worst_n": int(statement.loc[worst_total, "discharges"]),
        "sl_total_m": float(statement["after_direct"].sum()) / 1e6,
    }
    columns = [
        "service_line",
        "discharges",
        "price",
        "var_per_case",
        "cm_per_case",
        "cm_total",
        "direct_fixed",
        "after_direct",
        "break_even_cases",
    ]
    shown = statement.reset_index()[columns].rename(
        columns={
            "service_line": "Service line",
            "discharges": "Cases",
            "price": "Revenue per case ($)",
            "var_per_case": "Variable cost per case ($)",
            "cm_per_case": "Contribution margin per case ($)",
            "cm_total": "Total contribution margin ($)",
            "direct_fixed": "Direct fixed costs ($)",
            "after_direct": "Contribution after direct costs ($)",
            "break_even_cases": "Break-even cases",
        }
    )
    tables = {
        "portfolio": portfolio.reset_index()
        .rename(
            columns={
                "service_line": "Service line",
                "discharges": "Discharges",
                "cmi": "CMI",
                "alos": "Average LOS (days)",
                "gmlos": "Benchmark GMLOS (days)",
                "medicare_pct": "Medicare (%)",
                "medicaid_pct": "Medicaid (%)",
                "commercial_pct": "Commercial (%)",
                "readmit_pct": "30-day readmission (%)",
            }
        )
        .round(2),
        "inputs": inputs_table(
            [
                ("Base rate ($ per DRG relative weight, Medicare-like)", f"{base_rate:,.0f}"),
                ("Payer factor (times the DRG payment)", _listed(payer_factor, ".2f")),
                (
                    "Variable cost per inpatient day: nursing hours, meals, drugs, tests ($)",
                    f"{cost_per_day:,.0f}",
                ),
                ("Supplies and implants per case ($)", _listed(supplies_per_case, ",.0f")),
                (
                    "Direct fixed costs a year: the line's leaders, staff, equipment, space ($)",
                    _listed(direct_fixed, ",.0f"),
                ),
            ]
        ),
        "statement": shown,
    }
    bars = statement.reset_index().melt(
        "service_line", ["cm_total", "direct_fixed"], var_name="part", value_name="dollars"
    )
    bars["dollars"] /= 1e6
    bars["part"] = bars["part"].map(
        {"cm_total": "Total contribution margin", "direct_fixed": "Direct fixed costs"}
    )
    return Results(
        values=values, tables=tables, frames={"statement": statement, "contribution": bars}
    )


def contribution_chart(r: Results) -> alt.Chart:
    """Each line's total contribution margin against its direct fixed costs."""
    return charts.bar_chart(
        r.frames["contribution"],
        category="service_line",
        value="dollars",
        color="part",
        color_title="Per year",
        stack=False,
        title="Contribution margin against direct fixed costs, by service line",
        description="Grouped horizontal bars for six service lines comparing each line's total "
        "contribution margin with its direct fixed costs; where the margin bar is longer, the "
        "line covers its own costs and contributes to hospital overhead.",
        category_title="Service line",
        value_title="Dollars per year (millions)",
    )


def growth_and_patient_experience(
    *,
    market_discharges: Mapping[str, int] | None = None,
    share_gain_points: float = 2.0,
    growth_lines: Sequence[str] = GROWTH_LINES,
) -> Results:
    """Market share and what a share gain fills in beds; no-shows by wait in the growth clinics.

    Inputs: the market's discharges per line (:data:`MARKET_DISCHARGES` by default), the share
    the growth plan gains (percentage points) and the lines it grows.
    """
    market_discharges = MARKET_DISCHARGES if market_discharges is None else market_discharges
    growth_lines = list(growth_lines)
    stays = data.load("inpatient_stays")
    visits = data.load("clinic_appointments")
    share = stays.groupby("service_line", observed=True).agg(
        discharges=("stay_id", "size"), alos=("los_days", "mean")
    )
    share["market"] = [market_discharges[line] for line in share.index]
    share["share_pct"] = 100 * share["discharges"] / share["market"]
    gain = share.loc[growth_lines].copy()
    gain["extra_cases"] = gain["market"] * share_gain_points / 100
    gain["extra_beds"] = [
        lean.littles_law(throughput=c / 365, flow_time=w)
        for c, w in zip(gain["extra_cases"], gain["alos"], strict=True)
    ]

    bands = [-1, 7, 14, 28, 56, 400]
    labels = ["0-7", "8-14", "15-28", "29-56", "57+"]
    visits = visits.assign(wait=pd.cut(visits["lead_time_days"], bands, labels=labels))
    by_wait = (
        visits.groupby("wait", observed=True)
        .agg(appointments=("appointment_id", "size"), no_show_pct=("no_show", "mean"))
        .reset_index()
    )
    by_wait["no_show_pct"] *= 100
    new = visits[(visits["visit_type"] == "new") & visits["clinic"].isin(growth_lines)]
    fast_rate = float(new.loc[new["lead_time_days"] <= 7, "no_show"].mean())
    clinics = new.groupby("clinic", observed=True).agg(
        new_appointments=("appointment_id", "size"),
        median_wait=("lead_time_days", "median"),
        seen_within_7_pct=("lead_time_days", lambda d: 100 * (d <= 7).mean()),
        no_show_pct=("no_show", lambda s: 100 * s.mean()),
    )
    clinics["recovered_visits"] = clinics["new_appointments"] * (
        clinics["no_show_pct"] / 100 - fast_rate
    )
    values = {
        "ms_card": float(share.loc["Cardiology", "share_pct"]),
        "ms_ortho": float(share.loc["Orthopedics", "share_pct"]),
        "ms_gain": share_gain_points,
        "ms_extra_cases": float(gain["extra_cases"].sum()),
        "ms_extra_beds": float(gain["extra_beds"].sum()),
        "ns_short": float(by_wait["no_show_pct"].iloc[0]),
        "ns_long": float(by_wait["no_show_pct"].iloc[-1]),
        "ns_fast": fast_rate * 100,
        "ns_recovered": float(clinics["recovered_visits"].sum()),
        "ns_card_wait": float(clinics.loc["Cardiology", "median_wait"]),
    }
    tables = {
        "inputs": inputs_table(
            [
                ("Market discharges a year, by service line", _listed(market_discharges, ",")),
                ("Share gained by the growth plan (percentage points)", f"{share_gain_points:g}"),
                ("Service lines the plan grows", ", ".join(growth_lines)),
            ]
        ),
        "gain": gain.reset_index()
        .rename(
            columns={
                "service_line": "Service line",
                "discharges": "Discharges now",
                "alos": "Average LOS (days)",
                "market": "Market discharges",
                "share_pct": "Share now (%)",
                "extra_cases": "Extra cases a year",
                "extra_beds": "Extra beds filled (average)",
            }
        )
        .round(1),
        "clinics": clinics.reset_index()
        .rename(
            columns={
                "clinic": "Clinic",
                "new_appointments": "New-patient appointments",
                "median_wait": "Median wait (days)",
                "seen_within_7_pct": "Booked within 7 days (%)",
                "no_show_pct": "No-show (%)",
                "recovered_visits": "Visits recovered if all waited <= 7 days",
            }
        )
        .round(1),
    }
    return Results(
        values=values,
        tables=tables,
        frames={"share": share.reset_index(), "by_wait": by_wait, "clinics": clinics},
    )


def market_share_chart(r: Results) -> alt.Chart:
    """The hospital's share of its market's discharges by service line."""
    return charts.bar_chart(
        r.frames["share"],
        category="service_line",
        value="share_pct",
        title="Market share by service line",
        description="Horizontal bar chart of the hospital's share of its market's discharges in "
        "each service line.",
        category_title="Service line",
        value_title="Share of market discharges (%)",
    )


def no_show_by_wait_chart(r: Results) -> alt.Chart:
    """No-show rate by days from booking to appointment."""
    return charts.bar_chart(
        r.frames["by_wait"],
        category="wait",
        value="no_show_pct",
        horizontal=False,
        sort=None,
        title="The longer patients wait for an appointment, the less often they come",
        description="Vertical bar chart of the no-show rate by days between booking and "
        "appointment: it rises steadily from the shortest waits to the longest.",
        category_title="Days from booking to appointment",
        value_title="No-show rate (% of appointments)",
    )


# $ a year of shared overhead (administration, IT, facilities, finance) the hospital allocates
SHARED_OVERHEAD = 7_000_000.0
# bases a cost accountant might allocate overhead on: column of the stays -> label
ALLOCATION_BASES = {"days": "Patient days", "cases": "Discharges", "revenue": "Revenue"}


def line_accounting_and_quality(
    *,
    shared_overhead: float = SHARED_OVERHEAD,
    cost_per_day: float = 1_200.0,
) -> Results:
    """Each line's margin after a share of overhead on three bases, and its quality scorecard.

    Inputs: the hospital's shared overhead a year (allocated in proportion to each line's
    patient days, discharges or revenue) and the variable cost per inpatient day (which prices
    the days beyond the DRG benchmark). The contribution after direct costs comes from
    :func:`service_line_finances` with its default inputs.
    """
    base = service_line_finances(cost_per_day=cost_per_day).frames["statement"]
    stays = data.load("inpatient_stays")
    lines = stays.groupby("service_line", observed=True).agg(
        days=("los_days", "sum"),
        expected_days=("drg_gmlos_days", "sum"),
        cases=("stay_id", "size"),
        readmissions=("readmitted_30d", "sum"),
    )
    lines["revenue"] = base["revenue"]
    lines["after_direct"] = base["after_direct"]
    allocated = pd.DataFrame(index=lines.index)
    for column in ALLOCATION_BASES:
        share = lines[column] / lines[column].sum()
        allocated[column] = lines["after_direct"] - shared_overhead * share
    signs = (allocated > 0).nunique(axis=1)
    flips = [str(line) for line in allocated.index[signs > 1]]
    hospital = float(lines["after_direct"].sum() - shared_overhead)

    lines["los_index"] = lines["days"] / lines["expected_days"]
    lines["excess_days"] = lines["days"] - lines["expected_days"]
    lines["excess_cost"] = lines["excess_days"] * cost_per_day
    lines["readmit_pct"] = 100 * lines["readmissions"] / lines["cases"]
    low, high = proportion_confint(lines["readmissions"], lines["cases"], method="wilson")
    lines["readmit_low"], lines["readmit_high"] = 100 * low, 100 * high
    overall = 100 * lines["readmissions"].sum() / lines["cases"].sum()
    above = [str(x) for x in lines.index[lines["readmit_low"] > overall]]
    below = [str(x) for x in lines.index[lines["readmit_high"] < overall]]
    worst_los = lines["los_index"].idxmax()
    days_basis = allocated["days"]
    earning = lines.index[lines["after_direct"] > 0]
    example = days_basis.loc[earning].idxmin()
    values = {
        "la_overhead_m": shared_overhead / 1e6,
        "la_hospital_m": hospital / 1e6,
        "la_n_flips": len(flips),
        "la_flips": " and ".join(flips) if flips else "no line",
        "la_days_worst": str(days_basis.idxmin()),
        "la_days_worst_m": float(days_basis.min()) / 1e6,
        "la_rev_worst": str(allocated["revenue"].idxmin()),
        "la_example": str(example),
        "la_example_days_m": float(days_basis.loc[example]) / 1e6,
        "la_example_contrib_m": float(lines.loc[example, "after_direct"]) / 1e6,
        "la_close_m": (hospital - float(lines.loc[example, "after_direct"])) / 1e6,
        "la_hospital": _millions(hospital),
        "la_days_worst_text": _millions(float(days_basis.min())),
        "la_example_days": _millions(float(days_basis.loc[example])),
        "la_example_contrib": _millions(float(lines.loc[example, "after_direct"])),
        "la_close": _millions(hospital - float(lines.loc[example, "after_direct"])),
        "la_excess_days": float(lines["excess_days"].sum()),
        "la_excess_cost_m": float(lines["excess_cost"].sum()) / 1e6,
        "la_worst_los": str(worst_los),
        "la_worst_los_index": float(lines.loc[worst_los, "los_index"]),
        "la_overall_readmit": float(overall),
        "la_above": " and ".join(above) if above else "no line",
        "la_below": " and ".join(below) if below else "no line",
    }
    margins = allocated.reset_index().melt(
        "service_line", list(ALLOCATION_BASES), var_name="basis", value_name="dollars"
    )
    margins["dollars"] /= 1e6
    margins["basis"] = margins["basis"].map(ALLOCATION_BASES)
    shown = allocated.rename(
        columns={k: f"Margin, overhead by {v.lower()} ($)" for k, v in ALLOCATION_BASES.items()}
    )
    shown.insert(0, "Contribution after direct costs ($)", lines["after_direct"])
    scorecard = lines[
        [
            "cases",
            "los_index",
            "excess_days",
            "excess_cost",
            "readmit_pct",
            "readmit_low",
            "readmit_high",
        ]
    ]
    tables = {
        "inputs": inputs_table(
            [
                ("Shared overhead a year, allocated to the lines ($)", f"{shared_overhead:,.0f}"),
                ("Variable cost per inpatient day ($)", f"{cost_per_day:,.0f}"),
                ("Allocation bases compared", ", ".join(ALLOCATION_BASES.values())),
            ]
        ),
        "allocation": shown.reset_index().rename(columns={"service_line": "Service line"}),
        "scorecard": scorecard.reset_index().rename(
            columns={
                "service_line": "Service line",
                "cases": "Discharges",
                "los_index": "LOS index (actual / benchmark days)",
                "excess_days": "Days beyond benchmark",
                "excess_cost": "Variable cost of those days ($)",
                "readmit_pct": "30-day readmission (%)",
                "readmit_low": "95% CI low (%)",
                "readmit_high": "95% CI high (%)",
            }
        ),
    }
    return Results(
        values=values,
        tables=tables,
        frames={"lines": lines, "allocated": allocated, "margins": margins},
    )


# the service lines' capital requests for next year (hypothetical): capital ($), useful life
# (years), the market share each would gain (percentage points of the line's market, priced
# at the line's contribution margin per case) and the fixed operating costs it adds ($ a year)
CAPITAL_REQUESTS: dict[str, dict[str, Any]] = {
    "Cath lab replacement": {
        "line": "Cardiology",
        "category": "Replacement",
        "capital": 2_400_000.0,
        "life": 10,
        "share_gain": 0.0,
        "added_fixed": 0.0,
    },
    "Fire-suppression upgrade": {
        "line": "Hospital-wide",
        "category": "Regulatory and life safety",
        "capital": 800_000.0,
        "life": 20,
        "share_gain": 0.0,
        "added_fixed": 0.0,
    },
    "Hybrid operating room": {
        "line": "Cardiology",
        "category": "Strategic growth",
        "capital": 4_500_000.0,
        "life": 10,
        "share_gain": 2.0,
        "added_fixed": 250_000.0,
    },
    "Outpatient joint center": {
        "line": "Orthopedics",
        "category": "Strategic growth",
        "capital": 3_000_000.0,
        "life": 10,
        "share_gain": 2.0,
        "added_fixed": 300_000.0,
    },
    "Telestroke network": {
        "line": "Neurosciences",
        "category": "Strategic growth",
        "capital": 600_000.0,
        "life": 5,
        "share_gain": 1.0,
        "added_fixed": 40_000.0,
    },
}
REQUIRED = ("Replacement", "Regulatory and life safety")


def capital_plan_and_philanthropy(
    *,
    requests: Mapping[str, Mapping[str, Any]] | None = None,
    capital_pool: float = 8_000_000.0,
    rate: float = 0.08,
    naming_gift: float = 2_000_000.0,
    pledge_years: int = 5,
    named_project: str = "Hybrid operating room",
    volume_shortfall: float = 0.5,
) -> Results:
    """The lines' capital requests ranked within the year's capital pool, with a naming gift.

    Each growth request's yearly cash flow is its extra cases (the share it gains of the line's
    market, :data:`MARKET_DISCHARGES`) times the line's contribution margin per case (from
    :func:`service_line_finances`) less the fixed costs it adds; NPV at ``rate`` over its life.
    Required requests (replacement, regulatory) are funded first, then growth requests by NPV
    while the pool lasts. The gift is pledged in ``pledge_years`` equal yearly instalments (the
    first now) and named for ``named_project``; ``volume_shortfall`` is the share of the extra
    cases that arrives in the pessimistic case.
    """
    requests = CAPITAL_REQUESTS if requests is None else requests
    margin = service_line_finances().frames["statement"]["cm_per_case"]
    rows = []
    for name, q in requests.items():
        cases = MARKET_DISCHARGES.get(q["line"], 0) * q["share_gain"] / 100
        cm = float(margin.get(q["line"], 0.0))
        yearly = cases * cm - q["added_fixed"]
        flows = [-q["capital"]] + [yearly] * int(q["life"])
        low = [-q["capital"]] + [cases * volume_shortfall * cm - q["added_fixed"]] * int(q["life"])
        required = q["category"] in REQUIRED
        rows.append(
            {
                "request": name,
                "line": q["line"],
                "category": q["category"],
                "capital": q["capital"],
                "extra_cases": cases,
                "yearly": yearly,
                "npv": finance.npv(rate, flows),
                "npv_low": finance.npv(rate, low),
                "required": required,
            }
        )
    plan = pd.DataFrame(rows).set_index("request")
    instalments = [naming_gift / pledge_years] * pledge_years
    pledge_pv = finance.npv(rate, instalments)
    plan["npv_gift"] = plan["npv"] + (plan.index == named_project) * pledge_pv
    plan["draw_gift"] = plan["capital"] - (plan.index == named_project) * naming_gift

    def funded(npv_column: str, draw_column: str) -> list[str]:
        return _fund(plan, capital_pool, npv_column, draw_column)

    without = funded("npv", "capital")
    with_gift = funded("npv_gift", "draw_gift")
    named = plan.loc[named_project]
    values = {
        "cp_pool_m": capital_pool / 1e6,
        "cp_rate_pct": 100 * rate,
        "cp_requested_m": float(plan["capital"].sum()) / 1e6,
        "cp_required_m": float(plan.loc[plan["required"], "capital"].sum()) / 1e6,
        "cp_funded": _joined(without),
        "cp_funded_gift": _joined(with_gift),
        "cp_named": named_project,
        "cp_named_cases": float(named["extra_cases"]),
        "cp_named_npv_m": float(named["npv"]) / 1e6,
        "cp_named_npv_gift_m": float(named["npv_gift"]) / 1e6,
        "cp_named_npv": _millions(float(named["npv"])),
        "cp_named_npv_gift": _millions(float(named["npv_gift"])),
        "cp_gift_m": naming_gift / 1e6,
        "cp_pledge_years": pledge_years,
        "cp_pledge_pv_m": pledge_pv / 1e6,
        "cp_pledge_discount_k": (naming_gift - pledge_pv) / 1e3,
        "cp_gift_needed_m": max(0.0, -float(named["npv"])) * naming_gift / pledge_pv / 1e6,
        "cp_shortfall_pct": 100 * volume_shortfall,
        "cp_fragile": _joined(
            [str(r) for r in plan.index[(plan["npv"] > 0) & (plan["npv_low"] < 0)]]
        ),
    }
    shown = plan.reset_index()[
        ["request", "line", "category", "capital", "extra_cases", "yearly", "npv", "npv_low"]
    ].rename(
        columns={
            "request": "Request",
            "line": "Service line",
            "category": "Category",
            "capital": "Capital ($)",
            "extra_cases": "Extra cases a year",
            "yearly": "Net cash a year ($)",
            "npv": "NPV ($)",
            "npv_low": f"NPV if {volume_shortfall:.0%} of the cases come ($)",
        }
    )
    growth = plan[~plan["required"]].reset_index()
    bars = growth.melt("request", ["npv", "npv_low", "npv_gift"], var_name="case", value_name="m")
    bars["m"] /= 1e6
    bars["case"] = bars["case"].map(
        {
            "npv": "As planned",
            "npv_low": f"{volume_shortfall:.0%} of the extra cases",
            "npv_gift": "As planned, with the naming gift",
        }
    )
    tables = {
        "inputs": inputs_table(
            [
                ("Capital available next year ($)", f"{capital_pool:,.0f}"),
                ("Discount rate (cost of capital, a year)", f"{rate:.0%}"),
                ("Naming gift pledged ($)", f"{naming_gift:,.0f}"),
                ("Paid in equal yearly instalments over (years)", f"{pledge_years}"),
                ("Project the gift names", named_project),
                ("Pessimistic case: share of the extra cases that come", f"{volume_shortfall:.0%}"),
            ]
        ),
        "requests": shown.round(0),
    }
    return Results(values=values, tables=tables, frames={"plan": plan, "npv": bars})


def _fund(plan: pd.DataFrame, pool: float, npv_column: str, draw_column: str) -> list[str]:
    """Requests funded: required ones first, then growth ones by NPV while NPV > 0 and the pool
    lasts (a request that does not fit is skipped, a smaller one may still fit)."""
    left = pool - float(plan.loc[plan["required"], draw_column].sum())
    chosen = [str(r) for r in plan.index[plan["required"]]]
    growth = plan[~plan["required"]].sort_values(npv_column, ascending=False)
    for name, row in growth.iterrows():
        if row[npv_column] > 0 and row[draw_column] <= left:
            chosen.append(str(name))
            left -= float(row[draw_column])
    return chosen


def _millions(dollars: float) -> str:
    """Dollars as prose in millions, a loss with a minus sign: '$0.70 million', '−$0.86 million'."""
    sign = "\u2212" if dollars < 0 else ""
    return f"{sign}${abs(dollars) / 1e6:.2f} million"


def _joined(names: Sequence[str]) -> str:
    """Names as prose: 'a', 'a and b', 'a, b and c' (or 'none')."""
    names = list(names)
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def capital_npv_chart(r: Results) -> alt.Chart:
    """Each growth request's NPV as planned, with fewer cases, and with the naming gift."""
    return charts.bar_chart(
        r.frames["npv"],
        category="request",
        value="m",
        color="case",
        color_title="Case",
        stack=False,
        title="Net present value of the growth requests",
        description="Grouped horizontal bars for each growth request: its net present value as "
        "planned, if only part of the extra cases come, and with the naming gift; a bar left of "
        "zero means the request destroys value in that case.",
        category_title="Capital request",
        value_title="Net present value ($ millions)",
    )


def allocation_chart(r: Results) -> alt.Chart:
    """Each line's margin after overhead, with the overhead allocated on three bases."""
    return charts.bar_chart(
        r.frames["margins"],
        category="service_line",
        value="dollars",
        color="basis",
        color_title="Overhead allocated by",
        stack=False,
        title="Margin after allocated overhead depends on the allocation basis",
        description="Grouped horizontal bars for six service lines: each line's margin after its "
        "share of shared overhead, allocated by patient days, discharges or revenue; a line "
        "whose bars fall on both sides of zero is profitable under one basis and not another.",
        category_title="Service line",
        value_title="Margin after allocated overhead ($ millions a year)",
    )


# short names of the dataset's MS-DRGs, for chart labels and prose
DRG_SHORT = {
    "065": "065 Stroke",
    "194": "194 Pneumonia",
    "247": "247 Coronary stent (PCI)",
    "291": "291 Heart failure",
    "392": "392 GI disorders",
    "460": "460 Spinal fusion",
    "470": "470 Hip or knee replacement",
    "603": "603 Cellulitis",
    "683": "683 Renal failure",
    "690": "690 Urinary tract infection",
    "807": "807 Vaginal delivery",
    "871": "871 Sepsis with MCC",
    "872": "872 Sepsis without MCC",
}
HEART_FAILURE, PCI = "291", "247"


def _stay_margins(stays: pd.DataFrame, base_rate: float, cost_per_day: float) -> pd.DataFrame:
    """Each stay's revenue, variable cost and contribution margin on the chapter's assumptions
    (payer factors and supplies per case as in :func:`service_line_finances`)."""
    factor = stays["payer"].astype(str).map(PAYER_FACTOR)
    revenue = [finance.drg_payment(base_rate, w) for w in stays["drg_weight"]] * factor
    variable = cost_per_day * stays["los_days"].astype(float) + stays["service_line"].astype(
        str
    ).map(SUPPLIES_PER_CASE)
    margin = [finance.contribution_margin(p, c) for p, c in zip(revenue, variable, strict=True)]
    return stays.assign(revenue=revenue, variable=variable, margin=margin)


def daily_census(stays: pd.DataFrame) -> pd.DataFrame:
    """Midnight census of each service line on each day of the year (patients admitted on or
    before the day and discharged after it), the measure a bed dispute is argued in."""
    first, last = stays["admission_date"].min(), stays["admission_date"].max()
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    admitted = stays["admission_date"].to_numpy()
    discharged = stays["discharge_date"].to_numpy()
    census = {}
    for line in stays["service_line"].cat.categories:
        mine = (stays["service_line"] == line).to_numpy()
        census[str(line)] = [
            int(((admitted[mine] <= d) & (discharged[mine] > d)).sum()) for d in days.to_numpy()
        ]
    return pd.DataFrame(census, index=days.rename("date"))


def case_cardiology_growth(
    *,
    base_rate: float = 6_500.0,
    cost_per_day: float = 1_200.0,
    extra_cases: int = 300,
    staffed_beds: int = 75,
) -> Results:
    """Case: grow the cardiology line, and with which cases? Contribution margin per case and
    per bed-day by DRG, and what ``extra_cases`` more cardiology admissions add in three mixes
    (today's, all heart failure, all coronary stents) once the bed-days they take on the days
    the hospital is full are charged at the hospital's average contribution per bed-day.

    Inputs (assumptions of the case): the base rate and the variable cost per inpatient day of
    :func:`service_line_finances`, the extra admissions a year the growth plan brings, and the
    staffed beds (a day whose midnight census reaches them is a full day).
    """
    for name, value in (("base_rate", base_rate), ("cost_per_day", cost_per_day)):
        if not value >= 0:
            raise InputError(name, value, "non_negative")
    for name, value in (("extra_cases", extra_cases), ("staffed_beds", staffed_beds)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(name, value, "whole")
        if value < 1:
            raise InputError(name, value, "at_least", minimum=1)
    stays = _stay_margins(data.load("inpatient_stays"), base_rate, cost_per_day)
    stays["drg"] = stays["drg"].astype(str)
    by_drg = stays.groupby("drg").agg(
        service_line=("service_line", "first"),
        cases=("stay_id", "size"),
        weight=("drg_weight", "mean"),
        alos=("los_days", "mean"),
        cm_per_case=("margin", "mean"),
        readmit_pct=("readmitted_30d", lambda r: 100 * r.astype(bool).mean()),
    )
    by_drg["service_line"] = by_drg["service_line"].astype(str)
    by_drg["cm_per_day"] = by_drg["cm_per_case"] / by_drg["alos"]
    by_drg["label"] = [DRG_SHORT[d] for d in by_drg.index]
    hospital_per_day = float(stays["margin"].sum() / stays["los_days"].sum())
    census = daily_census(stays).sum(axis=1)
    full_share = float((census >= staffed_beds).mean())

    cardio = by_drg[by_drg["service_line"] == "Cardiology"]
    mix_now = cardio["cases"] / cardio["cases"].sum()
    mixes = {
        "mix": mix_now,
        "hf": pd.Series({HEART_FAILURE: 1.0, PCI: 0.0}),
        "pci": pd.Series({HEART_FAILURE: 0.0, PCI: 1.0}),
    }
    names = {
        "mix": "Today's mix",
        "hf": "All heart failure",
        "pci": "All coronary stents",
    }
    weight_sum = float((cardio["weight"] * cardio["cases"]).sum())
    values: dict[str, Any] = {}
    rows = []
    for key, mix in mixes.items():
        added = extra_cases * mix.reindex(cardio.index).fillna(0.0)
        margin = float((added * cardio["cm_per_case"]).sum())
        bed_days = float((added * cardio["alos"]).sum())
        displaced = bed_days * full_share * hospital_per_day
        readmits = float((added * cardio["readmit_pct"] / 100).sum())
        cmi_after = (weight_sum + float((added * cardio["weight"]).sum())) / (
            cardio["cases"].sum() + extra_cases
        )
        values |= {
            f"slc_{key}_cm_k": margin / 1e3,
            f"slc_{key}_days": bed_days,
            f"slc_{key}_beds": lean.littles_law(
                throughput=extra_cases / 365, flow_time=bed_days / extra_cases
            ),
            f"slc_{key}_disp_k": displaced / 1e3,
            f"slc_{key}_net_k": (margin - displaced) / 1e3,
            f"slc_{key}_readmits": readmits,
            f"slc_{key}_cmi": cmi_after,
        }
        rows.append(
            {
                "Growth": names[key],
                "Contribution margin added ($ thousands)": margin / 1e3,
                "Bed-days a year": bed_days,
                "Contribution of patients displaced ($ thousands)": displaced / 1e3,
                "Net ($ thousands)": (margin - displaced) / 1e3,
                "Expected readmissions": readmits,
                "Line CMI after": cmi_after,
            }
        )
    hf, pci = cardio.loc[HEART_FAILURE], cardio.loc[PCI]
    ranked = by_drg["cm_per_day"].rank(ascending=False)
    best = by_drg["cm_per_day"].idxmax()
    values |= {
        "slc_base": base_rate,
        "slc_cost_day": cost_per_day,
        "slc_extra": extra_cases,
        "slc_beds_staffed": staffed_beds,
        "slc_n_drg": len(by_drg),
        "slc_cases": int(cardio["cases"].sum()),
        "slc_cmi": weight_sum / float(cardio["cases"].sum()),
        "slc_hf_n": int(hf["cases"]),
        "slc_hf_pct": 100 * float(mix_now[HEART_FAILURE]),
        "slc_pci_n": int(pci["cases"]),
        "slc_hf_cm": float(hf["cm_per_case"]),
        "slc_pci_cm": float(pci["cm_per_case"]),
        "slc_hf_los": float(hf["alos"]),
        "slc_pci_los": float(pci["alos"]),
        "slc_hf_day": float(hf["cm_per_day"]),
        "slc_pci_day": float(pci["cm_per_day"]),
        "slc_hf_rank": int(ranked[HEART_FAILURE]),
        "slc_pci_rank": int(ranked[PCI]),
        "slc_hf_readmit": float(hf["readmit_pct"]),
        "slc_pci_readmit": float(pci["readmit_pct"]),
        "slc_hosp_day": hospital_per_day,
        "slc_best": DRG_SHORT[str(best)],
        "slc_best_day": float(by_drg.loc[best, "cm_per_day"]),
        "slc_full_pct": 100 * full_share,
        "slc_census": float(census.mean()),
    }
    return Results(
        values=values,
        tables={"scenarios": pd.DataFrame(rows)},
        frames={"by_drg": by_drg.reset_index()},
    )


def cardiology_growth_chart(r: Results) -> alt.Chart:
    """Contribution margin per bed-day of each DRG, coloured by service line (growth case)."""
    return charts.bar_chart(
        r.frames["by_drg"],
        category="label",
        value="cm_per_day",
        color="service_line",
        color_title="Service line",
        title="Contribution margin per bed-day, by DRG",
        description="Horizontal bar chart of the contribution margin each DRG earns per day in a "
        "hospital bed, longest first: spinal fusion and coronary stents earn several times the "
        "hospital average, heart failure and most medical DRGs earn little per bed-day.",
        category_title="MS-DRG",
        value_title="Contribution margin per bed-day ($)",
    )


def _bed_split(
    medicine: pd.Series, ortho: pd.Series, medicine_beds: int, ortho_beds: int, protected: int
) -> tuple[pd.Series, pd.Series]:
    """Each day's medical patients without a bed and orthopedic patients displaced when the
    medical overflow may use the orthopedic unit's beds except ``protected`` of them."""
    overflow = (medicine - medicine_beds).clip(lower=0)
    placed = overflow.clip(upper=ortho_beds - protected)
    boarded = overflow - placed
    displaced = (ortho - (ortho_beds - placed)).clip(lower=0)
    return boarded, displaced


def case_shared_beds(
    *,
    medicine_beds: int = 44,
    ortho_beds: int = 10,
    protected_beds: int = 4,
) -> Results:
    """Case: the medicine and orthopedic lines dispute the orthopedic unit's beds. On each day
    of the year, medical patients beyond the medicine units overflow into the orthopedic unit;
    with ``protected_beds`` held for orthopedic patients the overflow uses only the rest. The
    result is, for every number of protected beds, the medical patient-days without a bed (held
    in the emergency department) and the orthopedic patient-days displaced (elective cases
    postponed), priced at the orthopedic contribution margin per case of
    :func:`service_line_finances`; and the same with the orthopedic census smoothed over the
    days of each week.

    Inputs (assumptions of the case): the medicine units' staffed beds, the orthopedic unit's
    staffed beds and the beds the orthopedic line asks to protect.
    """
    for name, value in (
        ("medicine_beds", medicine_beds),
        ("ortho_beds", ortho_beds),
        ("protected_beds", protected_beds),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(name, value, "whole")
        if value < 0:
            raise InputError(name, value, "non_negative")
    if ortho_beds < 1:
        raise InputError("ortho_beds", ortho_beds, "at_least", minimum=1)
    if protected_beds > ortho_beds:
        raise InputError("protected_beds", protected_beds, "at_most", maximum=ortho_beds)
    stays = data.load("inpatient_stays")
    census = daily_census(stays)
    medicine, ortho = census["Medicine"], census["Orthopedics"]
    statement = service_line_finances().frames["statement"]
    ortho_cm = float(statement.loc["Orthopedics", "cm_per_case"])
    ortho_alos = float(stays.loc[stays["service_line"] == "Orthopedics", "los_days"].mean())

    week = census.index.to_period("W")
    smoothed = ortho.groupby(week).transform("mean")
    rows = []
    for k in range(ortho_beds + 1):
        boarded, displaced = _bed_split(medicine, ortho, medicine_beds, ortho_beds, k)
        rows.append(
            {
                "protected": k,
                "boarded": float(boarded.sum()),
                "displaced": float(displaced.sum()),
                "lost_k": float(displaced.sum()) / ortho_alos * ortho_cm / 1e3,
            }
        )
    trade = pd.DataFrame(rows).set_index("protected")
    now_b, now_d = _bed_split(medicine, ortho, medicine_beds, ortho_beds, 0)
    smooth_b, smooth_d = _bed_split(medicine, smoothed, medicine_beds, ortho_beds, protected_beds)
    overflow = (medicine - medicine_beds).clip(lower=0)
    short_now = now_b + now_d
    weekday = census.index.day_of_week < 5
    by_day = ortho.groupby(census.index.day_name()).mean()
    open_, asked = trade.loc[0], trade.loc[protected_beds]
    values = {
        "sld_med_beds": medicine_beds,
        "sld_ortho_beds": ortho_beds,
        "sld_protect": protected_beds,
        "sld_med_mean": float(medicine.mean()),
        "sld_med_max": int(medicine.max()),
        "sld_ortho_mean": float(ortho.mean()),
        "sld_ortho_occ": 100 * float(ortho.mean()) / ortho_beds,
        "sld_over_days": int((overflow > 0).sum()),
        "sld_over_pd": float(overflow.sum()),
        "sld_ortho_cm": ortho_cm,
        "sld_ortho_alos": ortho_alos,
        "sld_open_board": float(open_["boarded"]),
        "sld_open_disp": float(open_["displaced"]),
        "sld_open_lost_k": float(open_["lost_k"]),
        "sld_prot_board": float(asked["boarded"]),
        "sld_prot_disp": float(asked["displaced"]),
        "sld_prot_lost_k": float(asked["lost_k"]),
        "sld_open_cases": float(open_["displaced"]) / ortho_alos,
        "sld_prot_cases": float(asked["displaced"]) / ortho_alos,
        "sld_smooth_lost_k": float(smooth_d.sum()) / ortho_alos * ortho_cm / 1e3,
        "sld_prot_short": float(asked["boarded"] + asked["displaced"]),
        "sld_open_short": float(short_now.sum()),
        "sld_weekday_pct": 100 * float(short_now[weekday].sum() / short_now.sum())
        if short_now.sum() > 0
        else 0.0,
        "sld_peak_day": str(by_day.idxmax()),
        "sld_peak": float(by_day.max()),
        "sld_low_day": str(by_day.idxmin()),
        "sld_low": float(by_day.min()),
        "sld_smooth_board": float(smooth_b.sum()),
        "sld_smooth_disp": float(smooth_d.sum()),
        "sld_smooth_short": float(smooth_b.sum() + smooth_d.sum()),
    }
    lines = trade.reset_index().melt(
        "protected", ["boarded", "displaced"], var_name="who", value_name="patient_days"
    )
    lines["who"] = lines["who"].map(
        {
            "boarded": "Medical patients without a bed",
            "displaced": "Orthopedic patients displaced",
        }
    )
    return Results(
        values=values,
        frames={"trade": trade, "lines": lines, "census": census},
    )


def shared_beds_chart(r: Results) -> alt.TopLevelMixin:
    """Patient-days a year without a bed, medical and orthopedic, by protected beds."""
    return charts.line_chart(
        r.frames["lines"],
        x="protected",
        y="patient_days",
        color="who",
        color_title="Patient-days a year",
        points=True,
        title="Protecting orthopedic beds moves the shortage, it does not remove it",
        description="Two lines over the number of orthopedic beds protected from medical "
        "overflow, from none to all: the medical patient-days without a bed rise and the "
        "orthopedic patient-days displaced fall as more beds are protected.",
        x_title="Orthopedic beds protected (of the unit's beds)",
        y_title="Patient-days a year",
    )
