"""The numbers, tables and charts of the resource management chapter (book/resources).

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

from careops import data, finance, queueing, supply
from careops.chapters import Results
from careops.chapters._tables import inputs_table, styled
from careops.charts import basic as charts

__all__ = [
    "bed_need_chart",
    "capital_npv_chart",
    "case_float_pool",
    "case_or_room_request",
    "core_schedule_chart",
    "float_pool_chart",
    "hours_above_target_chart",
    "productivity_and_burnout",
    "show",
    "space_and_capital_planning",
    "staffing_to_demand",
    "strain_chart",
]

NEWSVENDOR_UNIT = "3N Telemetry"  # the unit whose core schedule the staffing page sets
FIRST_YEAR = 2025
# illustrative capital requests: year-0 cost, then the net cash of years 1-7 ($)
CAPITAL_REQUESTS: dict[str, list[float]] = {
    "Second CT scanner": [-2_400_000, *[520_000] * 7],
    "Ambulatory surgery room": [-3_500_000, 300_000, 650_000, *[800_000] * 5],
    "Patient lift system (safety)": [-600_000, *[60_000] * 7],
    "Chiller replacement (required)": [-1_200_000, *[40_000] * 7],
}
_FORMATS: dict[str, dict[str, Any]] = {
    "units": {
        "formatter": {
            "Average census": "{:.1f}",
            "RNs required (avg)": "{:.1f}",
            "RNs scheduled (avg)": "{:.1f}",
            "Shifts short (%)": "{:.1f}",
            "Premium paid ($)": "{:,.0f}",
        }
    },
    "core_options": {
        "formatter": {
            "Shifts needing more (%)": "{:.0f}",
            "Nurse-shifts short": "{:,.0f}",
            "Nurse-shifts not needed": "{:,.0f}",
            "Cost of the mismatch ($)": "{:,.0f}",
        }
    },
    "requests": {"formatter": "{:,.0f}", "subset": [f"Year {y}" for y in range(8)]},
    "services": {"precision": 1},
}


def show(r: Results, name: str) -> Styler:
    """Table ``name`` of ``r`` formatted as its page prints it (no index)."""
    if name == "ranked":  # two "not a number" spellings: no IRR, no payback
        return (
            r.tables[name]
            .style.format({"Investment ($)": "{:,.0f}", "NPV ($)": "{:,.0f}"})
            .format("{:.1f}", subset=["IRR (%)"], na_rep="none (never repays)")
            .format("{:.1f}", subset=["Payback (years)"], na_rep="never")
            .hide(axis="index")
        )
    return styled(r.tables[name], _FORMATS.get(name, {}))


def staffing_to_demand(
    *,
    staff_rate: float = 55.0,
    overtime_factor: float = 1.5,
    agency_rate: float = 110.0,
    shift_hours: float = 12,
    unfilled_risk_cost: float = 400.0,
) -> Results:
    """Premium labor and short shifts by unit, and a newsvendor core schedule for one unit.

    Inputs: a staff RN's hourly cost with benefits, the overtime multiplier, an agency RN's
    hourly cost, the shift length and the safety and fatigue cost of running one nurse short.
    """
    shifts = data.load("nurse_staffing")
    units = shifts.groupby("unit", observed=True).agg(
        beds=("beds", "first"),
        ratio=("target_patients_per_rn", "first"),
        census=("census", "mean"),
        required=("rn_required", "mean"),
        scheduled=("rn_scheduled", "mean"),
        short_pct=("understaffed", "mean"),
        overtime_h=("overtime_hours", "sum"),
        agency_h=("agency_hours", "sum"),
        cancelled=("rn_cancelled_low_census", "sum"),
    )
    units["short_pct"] *= 100
    units["premium"] = units["overtime_h"] * staff_rate * (overtime_factor - 1) + units[
        "agency_h"
    ] * (agency_rate - staff_rate)
    worst = units["short_pct"].idxmax()

    need = shifts.loc[shifts["unit"] == NEWSVENDOR_UNIT, "rn_required"].astype(float)
    cost_short = (agency_rate - staff_rate) * shift_hours + unfilled_risk_cost  # Cu
    cost_over = staff_rate * shift_hours  # Co: an unneeded shift
    plan = supply.newsvendor(
        shortage_cost=cost_short,
        overage_cost=cost_over,
        mean=float(need.mean()),
        sd=float(need.std()),
    )
    options = pd.DataFrame({"core": range(int(need.min()), int(need.max()) + 2)})
    options["short_shifts_pct"] = [100 * float((need > c).mean()) for c in options["core"]]
    options["short_nurse_shifts"] = [float((need - c).clip(lower=0).sum()) for c in options["core"]]
    options["surplus_nurse_shifts"] = [
        float((c - need).clip(lower=0).sum()) for c in options["core"]
    ]
    options["cost"] = (
        options["short_nurse_shifts"] * cost_short + options["surplus_nurse_shifts"] * cost_over
    )
    best = options.loc[options["cost"].idxmin()]
    mismatch = options.melt(
        "core",
        ["short_nurse_shifts", "surplus_nurse_shifts"],
        var_name="kind",
        value_name="nurse_shifts",
    )
    mismatch["kind"] = mismatch["kind"].map(
        {
            "short_nurse_shifts": "Nurse-shifts short (filled at a premium)",
            "surplus_nurse_shifts": "Nurse-shifts not needed",
        }
    )
    values = {
        "st_premium": float(units["premium"].sum()) / 1e3,
        "st_worst": worst,
        "st_worst_pct": float(units.loc[worst, "short_pct"]),
        "st_cancelled": int(units["cancelled"].sum()),
        "nv_unit": NEWSVENDOR_UNIT,
        "nv_cu": cost_short,
        "nv_co": cost_over,
        "nv_ratio": plan.critical_ratio * 100,
        "nv_q": plan.order_quantity,
        "nv_best": int(best["core"]),
        "nv_best_short": float(best["short_shifts_pct"]),
        "nv_mean": float(need.mean()),
    }
    tables = {
        "price_inputs": inputs_table(
            [
                ("Staff RN, including benefits ($ per hour)", f"{staff_rate:,.2f}"),
                ("Overtime pay (times the staff rate)", f"{overtime_factor:g}"),
                ("Travel or agency RN ($ per hour)", f"{agency_rate:,.2f}"),
            ]
        ),
        "units": units.reset_index().rename(
            columns={
                "unit": "Unit",
                "beds": "Beds",
                "ratio": "Target patients per RN",
                "census": "Average census",
                "required": "RNs required (avg)",
                "scheduled": "RNs scheduled (avg)",
                "short_pct": "Shifts short (%)",
                "overtime_h": "Overtime hours",
                "agency_h": "Agency hours",
                "cancelled": "RN shifts cancelled (low census)",
                "premium": "Premium paid ($)",
            }
        ),
        "shift_inputs": inputs_table(
            [
                ("Shift length (hours)", f"{shift_hours:g}"),
                (
                    "Safety and fatigue cost of running one nurse short ($ per shift)",
                    f"{unfilled_risk_cost:,.2f}",
                ),
            ]
        ),
        "core_options": options.rename(
            columns={
                "core": "Core RNs per shift",
                "short_shifts_pct": "Shifts needing more (%)",
                "short_nurse_shifts": "Nurse-shifts short",
                "surplus_nurse_shifts": "Nurse-shifts not needed",
                "cost": "Cost of the mismatch ($)",
            }
        ),
    }
    return Results(
        values=values,
        tables=tables,
        frames={"units": units, "options": options, "mismatch": mismatch, "need": need.to_frame()},
    )


def core_schedule_chart(r: Results) -> alt.Chart:
    """Nurse-shifts short and not needed for each core schedule (staffing to demand)."""
    return charts.bar_chart(
        r.frames["mismatch"],
        category="core",
        value="nurse_shifts",
        color="kind",
        color_title="In the year",
        horizontal=False,
        sort=None,
        stack=False,
        title=f"{r['nv_unit']}: the cost of each core schedule",
        description="Grouped bars for each possible core number of nurses per shift: "
        "nurse-shifts short fall and nurse-shifts not needed rise as the core schedule grows.",
        category_title="Core RNs scheduled per shift",
        value_title="Nurse-shifts in the year",
    )


def _first_short_year(need: pd.DataFrame, scenario: str, staffed_beds: int) -> str:
    """The first year a scenario needs more beds than are staffed, or 'not within ten years'."""
    short = need[(need["scenario"] == scenario) & (need["beds"] > staffed_beds)]
    return str(int(short["year"].iloc[0])) if len(short) else "not within ten years"


def space_and_capital_planning(
    *,
    staffed_beds: int = 90,
    admission_growth: float = 0.03,
    los_change_per_year: float = -0.05,
    max_blocking: float = 0.01,
    discount_rate: float = 0.07,
    requests: Mapping[str, Sequence[float]] | None = None,
) -> Results:
    """Ten years of bed need (Erlang B) under two scenarios, and capital requests by NPV.

    Inputs: the beds the hospital can staff today, the yearly growth in admissions, the days a
    length-of-stay program takes off each year, the blocking limit, the cost of capital and
    the capital requests' cash flows (:data:`CAPITAL_REQUESTS` by default).
    """
    requests = CAPITAL_REQUESTS if requests is None else requests
    stays = data.load("inpatient_stays")
    rate0 = len(stays) / 365
    alos0 = float(stays["los_days"].mean())
    rows = []
    for y in range(0, 11):
        rate = rate0 * (1 + admission_growth) ** y
        rows.append(
            {
                "year": FIRST_YEAR + y,
                "scenario": "LOS unchanged",
                "beds": queueing.beds_needed(rate, alos0, max_blocking),
            }
        )
        rows.append(
            {
                "year": FIRST_YEAR + y,
                "scenario": "LOS program",
                "beds": queueing.beds_needed(rate, alos0 + los_change_per_year * y, max_blocking),
            }
        )
    need = pd.DataFrame(rows)
    unchanged = need[need["scenario"] == "LOS unchanged"].set_index("year")["beds"]

    ranked = pd.DataFrame(
        [
            {
                "request": name,
                "investment": -flows[0],
                "npv": finance.npv(discount_rate, flows),
                "irr_pct": 100 * finance.irr(flows) if sum(flows) > 0 else float("nan"),
                "payback": finance.payback_period(flows),
            }
            for name, flows in requests.items()
        ]
    ).sort_values("npv", ascending=False)
    top = ranked.iloc[0]
    values = {
        "sp_beds": staffed_beds,
        "sp_growth": admission_growth * 100,
        "sp_los_cut": -los_change_per_year,
        "sp_need_now": int(unchanged.loc[FIRST_YEAR]),
        "sp_short_year": _first_short_year(need, "LOS unchanged", staffed_beds),
        "sp_short_year_los": _first_short_year(need, "LOS program", staffed_beds),
        "sp_need_2035": int(unchanged.loc[2035]),
        "cap_top": top["request"],
        "cap_top_npv": float(top["npv"]) / 1e6,
        "cap_rate": discount_rate * 100,
        "cap_negative": int((ranked["npv"] < 0).sum()),
    }
    tables = {
        "bed_inputs": inputs_table(
            [
                ("Beds the hospital can staff today", f"{staffed_beds}"),
                (
                    "Growth in admissions a year (population ageing, market share)",
                    f"{admission_growth:.0%}",
                ),
                (
                    "Change in average length of stay a year under the program (days)",
                    f"{los_change_per_year:g}",
                ),
                ("Largest share of admissions that may find no bed", f"{max_blocking:.0%}"),
            ]
        ),
        "requests": pd.DataFrame(
            [
                {"Request": name, **{f"Year {y}": v for y, v in enumerate(flows)}}
                for name, flows in requests.items()
            ]
        ),
        "ranked": ranked.rename(
            columns={
                "request": "Request",
                "investment": "Investment ($)",
                "npv": "NPV ($)",
                "irr_pct": "IRR (%)",
                "payback": "Payback (years)",
            }
        ),
    }
    return Results(
        values=values,
        tables=tables,
        frames={"need": need, "ranked": ranked.assign(npv_m=ranked["npv"] / 1e6)},
    )


def bed_need_chart(r: Results) -> alt.Chart:
    """Beds needed each year under the two scenarios against today's staffed beds."""
    return charts.line_chart(
        r.frames["need"],
        x="year",
        x_type="O",
        y="beds",
        color="scenario",
        color_title="Scenario",
        points=True,
        rules={"staffed beds today": r["sp_beds"]},
        title="Beds needed for at most 1% of admissions to find no bed",
        description="Line chart of beds needed each year from 2025 to 2035 under two scenarios; "
        "with length of stay unchanged the need crosses today's staffed beds within a few years, "
        "and a steady length-of-stay reduction delays the crossing.",
        x_title="Year",
        y_title="Beds needed (Erlang B, 1% blocking)",
    )


def capital_npv_chart(r: Results) -> alt.Chart:
    """Net present value of each capital request (space and capital planning)."""
    return charts.bar_chart(
        r.frames["ranked"],
        category="request",
        value="npv_m",
        title="Net present value of four capital requests",
        description="Horizontal bar chart of NPV at a 7% discount rate: the CT scanner and the "
        "surgery room have positive NPV, the safety lift system and the required chiller "
        "replacement negative.",
        category_title="Capital request",
        value_title="Net present value ($ millions, 7% discount rate)",
    )


def productivity_and_burnout() -> Results:
    """Productivity index by department, and monthly signals of strain on the nursing units."""
    budget = data.load("department_budget")
    shifts = data.load("nurse_staffing")
    annual = budget.groupby("department", observed=True).apply(
        lambda d: pd.Series(
            {
                "unit": str(d["unit_of_service"].iloc[0]),
                "target": float(d["budget_hours_per_uos"].iloc[0]),
                "actual": float(d["actual_hours"].sum() / d["actual_volume"].sum()),
            }
        ),
        include_groups=False,
    )
    annual["index_pct"] = 100 * annual["target"] / annual["actual"]
    lowest = annual["index_pct"].idxmin()
    gap = annual.assign(over_pct=100 * (annual["actual"] / annual["target"] - 1)).reset_index()

    shifts = shifts.assign(
        month=shifts["date"].dt.to_period("M").dt.to_timestamp(),
        over_ratio=shifts["patients_per_rn"] > shifts["target_patients_per_rn"],
    )
    strain = (
        shifts.groupby("month")
        .agg(
            overtime_h=("overtime_hours", "sum"),
            agency_h=("agency_hours", "sum"),
            rn_h=("rn_hours", "sum"),
            short_pct=("understaffed", "mean"),
            over_ratio_pct=("over_ratio", "mean"),
        )
        .reset_index()
    )
    strain["premium_share_pct"] = 100 * (strain["overtime_h"] + strain["agency_h"]) / strain["rn_h"]
    strain["short_pct"] *= 100
    strain["over_ratio_pct"] *= 100
    peak = strain.loc[strain["premium_share_pct"].idxmax()]
    low = strain.loc[strain["premium_share_pct"].idxmin()]
    signals = strain.melt(
        "month", ["premium_share_pct", "short_pct"], var_name="measure", value_name="pct"
    )
    signals["measure"] = signals["measure"].map(
        {
            "premium_share_pct": "RN hours that were overtime or agency",
            "short_pct": "Shifts below the target ratio",
        }
    )
    values = {
        "pi_lowest": lowest,
        "pi_lowest_pct": float(annual.loc[lowest, "index_pct"]),
        "pi_n_below": int((annual["index_pct"] < 100).sum()),
        "pi_n": len(annual),
        "str_peak_month": peak["month"].strftime("%B"),
        "str_peak_pct": float(peak["premium_share_pct"]),
        "str_low_month": low["month"].strftime("%B"),
        "str_low_pct": float(low["premium_share_pct"]),
        "str_over_ratio": float(shifts["over_ratio"].mean()) * 100,
    }
    productivity = (
        annual.reset_index()
        .rename(
            columns={
                "department": "Department",
                "unit": "Unit of service",
                "target": "Target hours per unit",
                "actual": "Actual hours per unit",
                "index_pct": "Productivity index (%)",
            }
        )
        .round(2)
    )
    return Results(
        values=values,
        tables={"productivity": productivity},
        frames={"gap": gap, "strain": strain, "signals": signals},
    )


def hours_above_target_chart(r: Results) -> alt.Chart:
    """How far each department's hours per unit of service ran above target."""
    return charts.bar_chart(
        r.frames["gap"],
        category="department",
        value="over_pct",
        title="Worked hours per unit of service above target, 2025",
        description="Horizontal bar chart of how far each department's worked hours per unit of "
        f"service ran above its target for the year, in percent; {r['pi_lowest']} is furthest "
        "above target.",
        category_title="Department",
        value_title="Hours per unit of service above target (%)",
    )


def strain_chart(r: Results) -> alt.Chart:
    """Monthly premium-hour share and short shifts on the inpatient units."""
    return charts.line_chart(
        r.frames["signals"],
        x="month",
        x_type="T",
        y="pct",
        color="measure",
        color_title="Measure",
        points=True,
        title="Signals of strain on six inpatient units, by month",
        description="Two monthly lines for 2025: the share of RN hours worked as overtime or "
        "agency and the share of shifts below the target ratio; both are highest in the winter "
        "months and lowest in late spring and summer.",
        x_title="Month",
        y_title="Percent of hours or shifts",
    )


def case_float_pool(
    *,
    hours_per_fte: float = 2080.0,
    staff_rate: float = 55.0,
    agency_rate: float = 120.0,
    overtime_multiplier: float = 1.5,
) -> Results:
    """Case: agency and overtime hours by unit, and the shifts a float pool could have covered.

    Inputs: paid hours in a full-time equivalent a year, the staff RN's hourly wage, the agency
    bill rate per hour ($) and the overtime pay multiplier.
    """
    shifts = data.load("nurse_staffing")
    by_unit = (
        shifts.groupby("unit", observed=True)
        .agg(
            unit_type=("unit_type", "first"),
            agency=("agency_hours", "sum"),
            overtime=("overtime_hours", "sum"),
            short=("understaffed", "mean"),
            cancelled=("rn_cancelled_low_census", "sum"),
        )
        .reset_index()
    )
    per_shift = shifts.groupby(["date", "shift"], observed=True).agg(
        short_units=("understaffed", "sum"), cancelled=("rn_cancelled_low_census", "sum")
    )
    both = per_shift[(per_shift["short_units"] > 0) & (per_shift["cancelled"] > 0)]
    agency, overtime = float(by_unit["agency"].sum()), float(by_unit["overtime"].sum())
    premium = agency * (agency_rate - staff_rate) + overtime * staff_rate * (
        overtime_multiplier - 1
    )
    hours = by_unit.melt(
        id_vars="unit", value_vars=["agency", "overtime"], var_name="kind", value_name="hours"
    )
    hours["kind"] = hours["kind"].map({"agency": "Agency", "overtime": "Overtime"})
    top = by_unit.sort_values("agency", ascending=False).iloc[0]
    values = {
        "fp_units": len(by_unit),
        "fp_shifts": len(per_shift),
        "fp_agency_h": agency,
        "fp_overtime_h": overtime,
        "fp_agency_fte": agency / hours_per_fte,
        "fp_overtime_fte": overtime / hours_per_fte,
        "fp_fte_hours": hours_per_fte,
        "fp_staff_rate": staff_rate,
        "fp_agency_rate": agency_rate,
        "fp_ot_mult": overtime_multiplier,
        "fp_premium": premium,
        "fp_short_shifts": int((per_shift["short_units"] > 0).sum()),
        "fp_both": len(both),
        "fp_both_pct": 100 * len(both) / int((per_shift["short_units"] > 0).sum()),
        "fp_cancelled": int(by_unit["cancelled"].sum()),
        "fp_top_unit": str(top["unit"]),
        "fp_top_agency": float(top["agency"]),
        "fp_top_short": 100 * float(top["short"]),
        "fp_icu_cancelled": int(by_unit.set_index("unit").loc["ICU", "cancelled"]),
    }
    return Results(values=values, frames={"hours": hours, "by_unit": by_unit})


def float_pool_chart(r: Results) -> alt.Chart:
    """Agency and overtime RN hours in the year, by nursing unit (the float pool case)."""
    return charts.bar_chart(
        r.frames["hours"],
        category="unit",
        value="hours",
        color="kind",
        color_title="Premium hours",
        title="Agency and overtime RN hours in 2025, by unit",
        description="Horizontal stacked bar chart of the agency and overtime hours each of six "
        "nursing units used in the year, largest first: telemetry and pediatrics use the most, "
        "the ICU and one medical-surgical unit the least.",
        category_title="Nursing unit",
        value_title="RN hours in the year",
    )


def case_or_room_request(
    *, requester: str = "General Surgery", day_start: str = "07:30", staffed_minutes: int = 480
) -> Results:
    """Case: one service asks for the shared room every day; how each service uses its time.

    Inputs: the service asking, and the start and length of the staffed day (minutes) against
    which rooms are judged full or running late.
    """
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)].copy()
    done["in_room"] = done["actual_duration_min"] + done["turnover_min"].fillna(0)
    done["over"] = done["actual_duration_min"] - done["scheduled_duration_min"]
    room_days = done.groupby(["specialty", "room", "date"], observed=True).agg(
        minutes=("in_room", "sum"), end=("actual_end", "max")
    )
    dates = room_days.index.get_level_values("date")
    staffed_end = dates + pd.Timedelta(day_start + ":00") + pd.Timedelta(minutes=staffed_minutes)
    room_days["late"] = room_days["end"].to_numpy() > staffed_end.to_numpy()
    room_days = room_days.reset_index()
    shared = room_days["room"] == "OR-08"
    own = room_days[~shared]
    table = (
        own.groupby("specialty", observed=True)
        .agg(
            rooms=("room", "nunique"),
            utilization=("minutes", "mean"),
            late=("late", "mean"),
        )
        .join(room_days[shared].groupby("specialty", observed=True).size().rename("shared_days"))
        .join(done.groupby("specialty", observed=True)["over"].mean().rename("over"))
        .join(cases.groupby("specialty", observed=True)["canceled"].mean().rename("cancelled"))
    )
    table["utilization"] = 100 * table["utilization"] / staffed_minutes
    table["late"] *= 100
    table["cancelled"] *= 100
    req = table.loc[requester]
    others = table.drop(index=requester)
    shown = table.reset_index().rename(
        columns={
            "specialty": "Service",
            "rooms": "Own rooms",
            "utilization": "Own-room use of staffed time (%)",
            "late": "Own-room days running late (%)",
            "shared_days": "Days in the shared room",
            "over": "Minutes over booking, per case",
            "cancelled": "Cases cancelled (%)",
        }
    )
    values = {
        "or_req": requester,
        "or_services": len(table),
        "or_rooms": int(cases["room"].nunique()),
        "or_start": day_start,
        "or_staffed_h": staffed_minutes / 60,
        "or_shared_days": int(room_days[shared]["date"].nunique()),
        "or_req_days": int(req["shared_days"]),
        "or_req_util": float(req["utilization"]),
        "or_req_late": float(req["late"]),
        "or_req_over": float(req["over"]),
        "or_max_other_util": float(others["utilization"].max()),
        "or_max_other": str(others["utilization"].idxmax()),
        "or_min_util": float(table["utilization"].min()),
        "or_min": str(table["utilization"].idxmin()),
        "or_others_days": int(others["shared_days"].sum()),
        "or_best_over": float(table["over"].abs().min()),
        "or_best_over_service": str(table["over"].abs().idxmin()),
    }
    return Results(values=values, tables={"services": shown}, frames={"services": table})
