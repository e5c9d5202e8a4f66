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

from careops import data, finance, lean
from careops.chapters import Results
from careops.chapters._tables import inputs_table, styled
from careops.charts import basic as charts

__all__ = [
    "contribution_chart",
    "growth_and_patient_experience",
    "market_share_chart",
    "no_show_by_wait_chart",
    "service_line_finances",
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
