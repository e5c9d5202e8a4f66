"""The numbers, tables and charts of the clinical operations chapter (book/operations).

One function per notebook returns its :class:`~careops.chapters.Results`; the ``*_chart``
functions draw the page's figures from those results, so the notebooks define nothing.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from careops import data, lean, measures, queueing, spc
from careops.chapters import Results
from careops.charts import basic as charts
from careops.charts import spc as spc_charts
from careops.errors import InputError

__all__ = [
    "arrivals_run_chart",
    "beds_blocking_chart",
    "block_use_chart",
    "cancellations_chart",
    "capacity_and_queues",
    "case_fast_track",
    "case_or_cancellations",
    "crowding_chart",
    "dashboard_chart",
    "ed_profile_chart",
    "ed_spaces_chart",
    "fast_track_chart",
    "lwbs_p_chart",
    "metrics_and_dashboards",
    "no_show_chart",
    "occupancy_wait_chart",
    "patient_flow",
    "performance_improvement",
    "procedural_and_ambulatory_flow",
    "wait_xmr_chart",
]

DAYS = 365  # the datasets cover one year
LOS_CUT_DAYS = 0.5  # the length-of-stay improvement the patient-flow page evaluates (an input)
LWBS = "left_without_being_seen"


def patient_flow() -> Results:
    """Little's law on the ED and inpatient data, crowding vs walk-outs, and a shorter stay."""
    ed = data.load("ed_visits")
    stays = data.load("inpatient_stays")
    arrivals_per_hour = measures.arrival_rate(ed["arrival"])  # visits ÷ hours in the year
    los_hours = float(ed["los_min"].mean()) / 60
    predicted_census = lean.littles_law(throughput=arrivals_per_hour, flow_time=los_hours)
    # measured census: patients who have arrived but not yet left, on the hour, all year
    clock = pd.date_range("2025-01-02", "2025-12-31 23:00", freq="h")
    census = measures.census(ed["arrival"], ed["departure"], clock)
    littles = pd.DataFrame(
        {
            "Measure": [
                "Arrivals per hour (λ)",
                "Average length of stay, hours (W)",
                "Predicted census, L = λW (patients)",
                "Measured average census (patients)",
            ],
            "Value": [arrivals_per_hour, los_hours, predicted_census, census.mean()],
        }
    ).round(2)

    peak = census.groupby(census.index.hour).mean()
    profile = pd.DataFrame(
        {
            "hour": range(24),
            "Arrivals per hour": measures.arrivals_by_hour(ed["arrival"]).to_numpy(),
            "Patients in the ED": peak.to_numpy(),
        }
    ).melt("hour", var_name="measure", value_name="patients")

    admissions_per_day = measures.arrival_rate(stays["admission_date"], per="day")
    alos = float(stays["los_days"].mean())
    beds_occupied = lean.littles_law(throughput=admissions_per_day, flow_time=alos)
    midnights = pd.date_range("2025-02-01", "2025-12-01", freq="D")
    midnight_census = measures.census(stays["admission_date"], stays["discharge_date"], midnights)

    crowding = _crowding(ed)
    shorter = alos - LOS_CUT_DAYS
    beds_freed = beds_occupied - lean.littles_law(throughput=admissions_per_day, flow_time=shorter)
    extra_admissions = lean.littles_law(wip=beds_occupied, flow_time=shorter) * 365 - len(stays)
    values = {
        "ed_visits": len(ed),
        "ed_rate": arrivals_per_hour,
        "ed_los_h": los_hours,
        "ed_pred": predicted_census,
        "ed_meas": float(census.mean()),
        "ed_gap_pct": abs(predicted_census / float(census.mean()) - 1) * 100,
        "ed_peak_hour": int(peak.idxmax()),
        "ed_peak_census": float(peak.max()),
        "ed_low_census": float(peak.min()),
        "ip_rate": admissions_per_day,
        "ip_alos": alos,
        "ip_beds": beds_occupied,
        "ip_meas": float(midnight_census.mean()),
        "ip_p95": float(np.percentile(midnight_census, 95)),
        "lwbs_n": int(ed["disposition"].eq(LWBS).sum()),
        "lwbs_low": float(crowding["lwbs_pct"].iloc[0]),
        "lwbs_high": float(crowding["lwbs_pct"].iloc[-1]),
        "los_cut": LOS_CUT_DAYS,
        "beds_freed": beds_freed,
        "extra_adm": extra_admissions,
    }
    shown = crowding.rename(
        columns={
            "band": "Patients in ED at arrival",
            "visits": "Visits",
            "lwbs_pct": "Left without being seen (%)",
            "median_wait": "Median wait for a provider (min)",
        }
    ).round(1)
    return Results(
        values=values,
        tables={"littles_law": littles, "crowding": shown},
        frames={"profile": profile, "crowding": crowding},
    )


def _crowding(ed: pd.DataFrame) -> pd.DataFrame:
    """Visits, walk-out share and median wait by the number of patients already in the ED."""
    at_arrival = measures.census(
        ed["arrival"], ed["departure"], ed["arrival"], count_arriving=False
    ).to_numpy()
    band = pd.cut(
        at_arrival, [-1, 4, 8, 12, 16, 1000], labels=["0-4", "5-8", "9-12", "13-16", "17+"]
    )
    crowding = (
        pd.DataFrame(
            {
                "band": band,
                "lwbs": ed["disposition"].eq(LWBS).to_numpy(),
                "wait": ed["time_to_provider_min"].astype("float").to_numpy(),
            }
        )
        .groupby("band", observed=True)
        .agg(visits=("lwbs", "size"), lwbs_pct=("lwbs", "mean"), median_wait=("wait", "median"))
        .reset_index()
    )
    crowding["lwbs_pct"] *= 100
    return crowding


def ed_profile_chart(r: Results) -> alt.Chart:
    """ED arrivals and census by hour of day (patient flow)."""
    return charts.line_chart(
        r.frames["profile"],
        x="hour",
        y="patients",
        color="measure",
        color_title="Measure",
        points=True,
        title="ED arrivals and census by hour of day",
        description="Two lines over the 24 hours of the day: average arrivals per hour rise from "
        "about 1 at 4 am to a plateau from late morning; the average number of patients in the "
        "department lags behind, lowest in the early morning and highest in the late evening.",
        x_title="Hour of arrival (0 = midnight)",
        y_title="Patients (per hour, or present)",
    )


def crowding_chart(r: Results) -> alt.Chart:
    """Share of patients who leave without being seen, by crowding at arrival (patient flow)."""
    return charts.bar_chart(
        r.frames["crowding"],
        category="band",
        value="lwbs_pct",
        horizontal=False,
        sort=None,
        title="Patients who leave without being seen, by crowding at arrival",
        description="Bar chart: the share of patients who leave without being seen rises with the "
        "number of patients already in the ED when they arrive.",
        category_title="Patients already in the ED at arrival",
        value_title="Left without being seen (% of visits)",
    )


def capacity_and_queues() -> Results:
    """ED spaces by time of day (Erlang C), the occupancy-wait curve and beds (Erlang B)."""
    ed = data.load("ed_visits")
    stays = data.load("inpatient_stays")
    los_h = float(ed["los_min"].mean()) / 60
    target_wait_h, target_sl = 0.25, 0.90
    block = ed["arrival"].dt.hour // 4
    rates = ed.groupby(block).size() / DAYS / 4
    plan = pd.DataFrame(
        {
            "block": [f"{4 * b:02d}:00-{4 * b + 4:02d}:00" for b in rates.index],
            "arrivals_per_hour": rates.to_numpy(),
        }
    )
    plan["average_census"] = [lean.littles_law(throughput=r, flow_time=los_h) for r in rates]
    plan["spaces_needed"] = [
        queueing.servers_needed(r, los_h, target_wait_h, target_sl) for r in rates
    ]
    plan["occupancy_pct"] = [
        100 * queueing.occupancy(r, los_h, n)
        for r, n in zip(rates, plan["spaces_needed"], strict=True)
    ]
    spaces = plan.melt(
        "block", ["average_census", "spaces_needed"], var_name="measure", value_name="n"
    )
    spaces["measure"] = spaces["measure"].map(
        {
            "average_census": "Average patients (Little's law)",
            "spaces_needed": "Spaces needed (Erlang C)",
        }
    )

    peak_rate = float(rates.max())
    load = peak_rate * los_h
    first = int(load) + 1
    curve = pd.DataFrame({"spaces": range(first, first + 10)})
    curve["occupancy_pct"] = [
        100 * queueing.occupancy(peak_rate, los_h, n) for n in curve["spaces"]
    ]
    curve["average_wait_min"] = [
        60 * queueing.average_wait(peak_rate, los_h, n) for n in curve["spaces"]
    ]
    curve["seen_within_15_min_pct"] = [
        100 * queueing.service_level(peak_rate, los_h, n, target_wait_h) for n in curve["spaces"]
    ]

    rate = len(stays) / DAYS
    alos = float(stays["los_days"].mean())
    limits = pd.DataFrame({"max_blocking_pct": [10.0, 5.0, 2.0, 1.0, 0.5, 0.1]})
    limits["beds"] = [queueing.beds_needed(rate, alos, p / 100) for p in limits["max_blocking_pct"]]
    average_beds = lean.littles_law(throughput=rate, flow_time=alos)
    limits["occupancy_pct"] = 100 * average_beds / limits["beds"]
    at_1pct = limits.loc[limits["max_blocking_pct"] == 1.0]
    beds_1pct = int(at_1pct["beds"].iloc[0])

    lines = _service_line_beds(stays)
    separate = int(lines["beds_at_1pct"].sum())
    surge = 1.20
    surge_beds = queueing.beds_needed(rate * surge, alos, 0.01)
    values = {
        "cap_los": los_h,
        "cap_min_spaces": int(plan["spaces_needed"].min()),
        "cap_max_spaces": int(plan["spaces_needed"].max()),
        "cap_peak_block": plan.loc[plan["spaces_needed"].idxmax(), "block"],
        "occ_load": load,
        "occ_hi": float(curve["occupancy_pct"].iloc[0]),
        "occ_hi_wait": float(curve["average_wait_min"].iloc[0]),
        "occ_lo": float(curve["occupancy_pct"].iloc[4]),
        "occ_lo_wait": float(curve["average_wait_min"].iloc[4]),
        "bed_avg": average_beds,
        "bed_1pct": beds_1pct,
        "bed_1pct_occ": float(at_1pct["occupancy_pct"].iloc[0]),
        "pool_separate": separate,
        "pool_extra": separate - beds_1pct,
        "surge_pct": (surge - 1) * 100,
        "surge_beds": surge_beds,
        "surge_extra": surge_beds - beds_1pct,
    }
    tables = {
        "plan": plan.rename(
            columns={
                "block": "Arrival block",
                "arrivals_per_hour": "Arrivals per hour",
                "average_census": "Average census (Little's law)",
                "spaces_needed": "Spaces for 90% within 15 min",
                "occupancy_pct": "Occupancy at that staffing (%)",
            }
        ).round(1),
        "curve": curve.rename(
            columns={
                "spaces": "Treatment spaces",
                "occupancy_pct": "Occupancy (%)",
                "average_wait_min": "Average wait (min)",
                "seen_within_15_min_pct": "In a space within 15 min (%)",
            }
        ).round(1),
        "service_lines": lines.rename(
            columns={
                "service_line": "Service line",
                "admissions": "Admissions",
                "alos": "Average LOS (days)",
                "per_day": "Admissions per day",
                "average_census": "Average census",
                "beds_at_1pct": "Beds for 1% blocking",
            }
        ).round(1),
    }
    return Results(
        values=values,
        tables=tables,
        frames={"spaces": spaces, "curve": curve, "limits": limits, "service_lines": lines},
    )


def _service_line_beds(stays: pd.DataFrame) -> pd.DataFrame:
    """Admissions, census and the beds for 1% blocking of each service line sized on its own."""
    lines = (
        stays.groupby("service_line", observed=True)
        .agg(admissions=("stay_id", "size"), alos=("los_days", "mean"))
        .reset_index()
    )
    lines["per_day"] = lines["admissions"] / DAYS
    pairs = list(zip(lines["per_day"], lines["alos"], strict=True))
    lines["average_census"] = [lean.littles_law(throughput=r, flow_time=w) for r, w in pairs]
    lines["beds_at_1pct"] = [queueing.beds_needed(r, w, 0.01) for r, w in pairs]
    return lines


def ed_spaces_chart(r: Results) -> alt.Chart:
    """Average census and Erlang C spaces per four-hour block (capacity and queues)."""
    return charts.bar_chart(
        r.frames["spaces"],
        category="block",
        value="n",
        color="measure",
        color_title="Measure",
        horizontal=False,
        sort=None,
        stack=False,
        title="ED treatment spaces needed by time of day",
        description="Grouped bars per four-hour block of the average number of patients and the "
        "number of spaces Erlang C says are needed for 90% of patients to get a space within 15 "
        "minutes; the spaces needed always exceed the average, most in the busiest blocks.",
        category_title="Arrival block (hour of day)",
        value_title="Patients or treatment spaces",
    )


def occupancy_wait_chart(r: Results) -> alt.Chart:
    """Average wait against occupancy in the busiest block (capacity and queues)."""
    return charts.line_chart(
        r.frames["curve"],
        x="occupancy_pct",
        y="average_wait_min",
        points=True,
        title="Average wait for a space rises steeply as occupancy approaches 100%",
        description="Line chart of average wait in minutes against occupancy in percent for the "
        "ED's busiest block: the wait is near zero below about 70% occupancy and climbs steeply "
        "above 80%.",
        x_title="Occupancy of treatment spaces (%)",
        y_title="Average wait for a space (minutes)",
    )


def beds_blocking_chart(r: Results) -> alt.Chart:
    """Beds needed for each limit on admissions finding no bed (capacity and queues)."""
    return charts.line_chart(
        r.frames["limits"],
        x="beds",
        y="max_blocking_pct",
        points=True,
        title="Beds needed for each limit on admissions finding no bed",
        description="Line chart: as the acceptable share of admissions finding no bed falls from "
        "10% to 0.1%, the beds needed rise, each step of safety costing more beds.",
        x_title="Staffed beds",
        y_title="Admissions finding no bed (%)",
    )


def performance_improvement() -> Results:
    """Run chart of weekly arrivals, p chart of walk-outs and XmR chart of the median wait."""
    ed = data.load("ed_visits")
    weeks = ed.set_index("arrival").resample("W-SUN")
    # whole weeks only: drop the partial first and last weeks of the year
    weekly = (
        pd.DataFrame(
            {
                "arrivals": weeks.size(),
                "median_wait": weeks["time_to_provider_min"].median().astype(float),
            }
        )
        .iloc[1:-1]
        .reset_index(names="week")
    )
    runs = spc.run_chart_signals(weekly["arrivals"])
    shift = runs.shifts.iloc[0] if len(runs.shifts) else None

    lwbs = weeks["disposition"].apply(lambda s: int((s == LWBS).sum())).iloc[1:-1]
    p = spc.p_chart(lwbs.to_numpy(), weekly["arrivals"].to_numpy())
    p["week"] = weekly["week"]
    for col in ("proportion", "center", "ucl", "lcl"):
        p[col + "_pct"] = 100 * p[col]
    flagged = p[p["beyond_limits"]]

    limits = spc.xmr_limits(weekly["median_wait"])
    rules = spc.western_electric_signals(weekly["median_wait"], limits.center, limits.sigma)
    xmr = weekly.copy()
    xmr["center"], xmr["ucl"], xmr["lcl"] = limits.center, limits.ucl, limits.lcl
    xmr["signal"] = xmr.index.isin(rules["index"])

    values = {
        "run_median": runs.median,
        "run_n_shifts": len(runs.shifts),
        "run_shift_len": int(shift["length"]) if shift is not None else 0,
        "run_shift_from": _shift_week(weekly, shift, "start"),
        "run_shift_to": _shift_week(weekly, shift, "end"),
        "p_center": float(p["center_pct"].iloc[0]),
        "p_weeks": len(p),
        "p_flagged": len(flagged),
        "x_center": limits.center,
        "x_ucl": limits.ucl,
        "x_lcl": limits.lcl,
        "x_signals": int(xmr["signal"].sum()),
    }
    beyond = pd.DataFrame(
        {
            "Week ending": flagged["week"].dt.strftime("%d %b"),
            "Visits": flagged["size"].astype(int),
            "Left without being seen": flagged["defectives"].astype(int),
            "Rate (%)": flagged["proportion_pct"],
            "Upper limit (%)": flagged["ucl_pct"],
        }
    ).round(1)
    return Results(
        values=values,
        tables={"beyond_limits": beyond},
        frames={"weekly": weekly, "p": p, "xmr": xmr},
    )


def _shift_week(weekly: pd.DataFrame, shift: pd.Series | None, end: str) -> str:
    """The week ending at the shift's ``end`` ("start" or "end") as the prose writes it."""
    return weekly.loc[int(shift[end]), "week"].strftime("%d %B") if shift is not None else "-"


def arrivals_run_chart(r: Results) -> alt.Chart:
    """Run chart of weekly ED arrivals with its run-chart signals (performance improvement)."""
    weekly = r.frames["weekly"]
    return spc_charts.run_chart(
        weekly,
        spc.run_chart_signals(weekly["arrivals"]),
        x="week",
        y="arrivals",
        title="Run chart: ED arrivals per week, 2025",
        description="Run chart of weekly ED arrivals around their median; a long run of weeks "
        "below the median in the summer is highlighted as a shift.",
        x_title="Week ending",
        y_title="Arrivals per week (visits)",
    )


def lwbs_p_chart(r: Results) -> alt.Chart:
    """p chart of the weekly share of patients leaving without being seen."""
    return spc_charts.control_chart(
        r.frames["p"],
        x="week",
        value="proportion_pct",
        center="center_pct",
        ucl="ucl_pct",
        lcl="lcl_pct",
        signal="beyond_limits",
        title="p chart: patients leaving without being seen, by week",
        description="Weekly percentage of ED patients who left without being seen, with the "
        "average and 3-sigma limits that vary with each week's volume; points beyond the limits "
        "are highlighted.",
        x_title="Week ending",
        y_title="Left without being seen (% of visits)",
    )


def wait_xmr_chart(r: Results) -> alt.Chart:
    """XmR chart of the weekly median wait for a provider, Western Electric signals flagged."""
    return spc_charts.control_chart(
        r.frames["xmr"],
        x="week",
        value="median_wait",
        center="center",
        ucl="ucl",
        lcl="lcl",
        signal="signal",
        title="XmR chart: weekly median wait for a provider",
        description="Individuals chart of the weekly median minutes from arrival to provider, "
        "with its mean and natural process limits; points flagged by the Western Electric rules "
        "are highlighted.",
        x_title="Week ending",
        y_title="Median wait for a provider (minutes)",
        zero=False,
    )


# --- procedural and ambulatory flow (05-procedural-and-ambulatory-flow) -----------------------

BLOCK_START = "07:30"  # the suite's first-case start and block length (inputs, not results)
BLOCK_MIN = 480  # an 8-hour block, 07:30-15:30
ON_TIME_MIN = 5  # a first case starting within this many minutes of its booking is on time
LONG_TURNOVER_MIN = 60  # a turnover longer than this is "prolonged" (a threshold the leader sets)
LEAD_BANDS = (-1, 0, 7, 14, 30, 1000)
LEAD_LABELS = ("same day", "1-7 days", "8-14 days", "15-30 days", "over 30 days")


def _room_days(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per room and day that ran a case: specialty, in-room minutes, first start, end."""
    done = cases[~cases["canceled"].astype(bool)]
    first = done.sort_values("scheduled_start").groupby(["date", "room"], observed=True).first()
    days = done.groupby(["date", "room"], observed=True).agg(
        specialty=("specialty", "first"),
        cases=("case_id", "size"),
        in_room=("actual_duration_min", "sum"),
        end=("actual_end", "max"),
    )
    days["first_booked"] = first["scheduled_start"]
    days["first_actual"] = first["actual_start"]
    block_end = pd.to_datetime(days.index.get_level_values("date")) + pd.Timedelta(
        minutes=_minutes(BLOCK_START) + BLOCK_MIN
    )
    days["over_min"] = ((days["end"] - block_end).dt.total_seconds() / 60).clip(lower=0)
    days["late_min"] = (days["first_actual"] - days["first_booked"]).dt.total_seconds() / 60
    return days.reset_index()


def _minutes(clock: str) -> int:
    """Minutes after midnight of an "HH:MM" clock time."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def procedural_and_ambulatory_flow() -> Results:
    """OR block use, first-case starts, turnover, cancellations; clinic no-shows by lead time."""
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    days = _room_days(cases)
    rows = []
    for specialty, group in days.groupby("specialty", observed=True):
        n_cases = int(group["cases"].sum())
        minutes = float(group["in_room"].sum())
        use = lean.block_utilisation(n_cases, minutes / n_cases, len(group) * BLOCK_MIN)
        rows.append((str(specialty), len(group), n_cases, use * 100))
    util = pd.DataFrame(rows, columns=["specialty", "room_days", "cases", "utilisation_pct"])
    total_use = lean.block_utilisation(
        int(days["cases"].sum()),
        float(days["in_room"].sum() / days["cases"].sum()),
        len(days) * BLOCK_MIN,
    )
    turnover = done["turnover_min"].dropna().astype(float)
    bias = (done["actual_duration_min"] - done["scheduled_duration_min"]).astype(float)
    reasons = cases["cancel_reason"].value_counts(normalize=True)
    on_time = days["late_min"] <= ON_TIME_MIN

    appts = data.load("clinic_appointments")
    band = pd.cut(appts["lead_time_days"].astype(float), LEAD_BANDS, labels=list(LEAD_LABELS))
    no_show = appts["no_show"].astype(bool)
    by_lead = (
        pd.DataFrame({"band": band, "no_show": no_show})
        .groupby("band", observed=True)
        .agg(appointments=("no_show", "size"), no_show_pct=("no_show", "mean"))
        .reset_index()
    )
    by_lead["no_show_pct"] *= 100
    reminded = appts["reminder_sent"].astype(bool)
    history = appts["prior_no_shows"].astype(int) > 0
    values = {
        "or_rooms": int(cases["room"].nunique()),
        "or_booked": len(cases),
        "or_done": len(done),
        "or_cancel_pct": float(cases["canceled"].astype(bool).mean() * 100),
        "or_top_reason": str(reasons.index[0]).replace("_", " "),
        "or_top_reason_pct": float(reasons.iloc[0] * 100),
        "or_room_days": len(days),
        "or_block_min": BLOCK_MIN,
        "or_block_start": BLOCK_START,
        "or_util_pct": total_use * 100,
        "or_util_low": util.loc[util["utilisation_pct"].idxmin(), "specialty"],
        "or_util_low_pct": float(util["utilisation_pct"].min()),
        "or_util_high": util.loc[util["utilisation_pct"].idxmax(), "specialty"],
        "or_util_high_pct": float(util["utilisation_pct"].max()),
        "or_on_time_min": ON_TIME_MIN,
        "or_on_time_pct": float(on_time.mean() * 100),
        "or_late_median": float(days.loc[~on_time, "late_min"].median()),
        "or_turn_median": float(turnover.median()),
        "or_turn_mean": float(turnover.mean()),
        "or_turn_long_min": LONG_TURNOVER_MIN,
        "or_turn_long_pct": float((turnover > LONG_TURNOVER_MIN).mean() * 100),
        "or_over_pct": float((days["over_min"] > 0).mean() * 100),
        "or_over_median": float(days.loc[days["over_min"] > 0, "over_min"].median()),
        "or_bias_mean": float(bias.mean()),
        "or_bias_under_pct": float((bias > 0).mean() * 100),
        "cl_appts": len(appts),
        "cl_no_show_pct": float(no_show.mean() * 100),
        "cl_same_day_pct": float(by_lead["no_show_pct"].iloc[0]),
        "cl_long_pct": float(by_lead["no_show_pct"].iloc[-1]),
        "cl_reminder_pct": float(no_show[reminded].mean() * 100),
        "cl_no_reminder_pct": float(no_show[~reminded].mean() * 100),
        "cl_history_pct": float(no_show[history].mean() * 100),
        "cl_no_history_pct": float(no_show[~history].mean() * 100),
    }
    shown_util = util.rename(
        columns={
            "specialty": "Specialty",
            "room_days": "Room-days",
            "cases": "Cases done",
            "utilisation_pct": "In-room use of block time (%)",
        }
    ).round(1)
    shown_lead = by_lead.rename(
        columns={
            "band": "Booked ahead",
            "appointments": "Appointments",
            "no_show_pct": "No-shows (%)",
        }
    ).round(1)
    return Results(
        values=values,
        tables={"utilisation": shown_util, "no_shows": shown_lead},
        frames={"utilisation": util, "no_shows": by_lead},
    )


def block_use_chart(r: Results) -> alt.Chart:
    """In-room use of block time by surgical specialty (procedural flow)."""
    return charts.bar_chart(
        r.frames["utilisation"],
        category="specialty",
        value="utilisation_pct",
        title="In-room use of block time by specialty",
        description="Horizontal bars, one per surgical specialty, giving the share of its "
        "8-hour room blocks spent with a patient in the room over the year; the exact values "
        "are in the table below the chart.",
        category_title="Specialty",
        value_title="In-room minutes as % of block minutes",
    )


def no_show_chart(r: Results) -> alt.Chart:
    """Clinic no-show rate by how far ahead the appointment was booked (ambulatory flow)."""
    return charts.bar_chart(
        r.frames["no_shows"],
        category="band",
        value="no_show_pct",
        title="No-shows rise with the time from booking to visit",
        description="Vertical bars for five lead-time bands from same-day to over 30 days; "
        "the share of appointments that were no-shows rises from the shortest band to the "
        "longest. Exact values are in the table below the chart.",
        category_title="Time from booking to appointment",
        value_title="No-shows (% of appointments)",
        horizontal=False,
        sort=list(LEAD_LABELS),
    )


# --- operational metrics, dashboards and the rules behind them (06-metrics-and-dashboards) ----

# HRRP target conditions present in the course's inpatient data (the program also counts AMI,
# COPD and CABG, which this hospital's data do not hold): MS-DRG -> condition
HRRP_DRGS = {"291": "Heart failure", "194": "Pneumonia", "470": "Hip or knee replacement"}
MEDICARE_AGE = 65  # HRRP measures Medicare fee-for-service patients aged 65 and over


def _monthly_dashboard() -> pd.DataFrame:
    """One row per month of 2025: the measures an operations dashboard shows, from the data."""
    ed = data.load("ed_visits")
    stays = data.load("inpatient_stays")
    cases = data.load("or_cases")
    appts = data.load("clinic_appointments")
    nurses = data.load("nurse_staffing")
    ed_month = ed["arrival"].dt.month
    ip_month = stays["discharge_date"].dt.month
    stays_2025 = stays[stays["discharge_date"].dt.year == 2025]
    days = _room_days(cases)
    nurse_days = nurses.groupby(["date", "unit"], observed=True).agg(
        census=("census", "mean"), rn_hours=("rn_hours", "sum")
    )
    nurse_days["month"] = pd.to_datetime(nurse_days.index.get_level_values("date")).month
    by_nurse = nurse_days.groupby("month")[["census", "rn_hours"]].sum()
    frame = pd.DataFrame(
        {
            "ED visits": ed.groupby(ed_month).size(),
            "ED median minutes to provider": ed.groupby(ed_month)["time_to_provider_min"]
            .median()
            .astype(float),
            "ED left without being seen (%)": ed["disposition"].eq(LWBS).groupby(ed_month).mean()
            * 100,
            "Discharges": stays_2025.groupby(ip_month).size(),
            "Average length of stay (days)": stays_2025.groupby(ip_month)["los_days"].mean(),
            "Length of stay, observed / expected": stays_2025.groupby(ip_month)["los_days"].sum()
            / stays_2025.groupby(ip_month)["drg_gmlos_days"].sum(),
            "30-day readmissions (%)": stays_2025.groupby(ip_month)["readmitted_30d"].mean() * 100,
            "OR first cases on time (%)": (days["late_min"] <= ON_TIME_MIN)
            .groupby(days["date"].dt.month)
            .mean()
            * 100,
            "OR cases canceled on the day (%)": cases["canceled"]
            .astype(bool)
            .groupby(cases["date"].dt.month)
            .mean()
            * 100,
            "Clinic no-shows (%)": appts["no_show"]
            .astype(bool)
            .groupby(appts["appointment_time"].dt.month)
            .mean()
            * 100,
            "RN hours per patient day": by_nurse["rn_hours"] / by_nurse["census"],
        }
    )
    frame.index.name = "month"
    return frame.astype(float)


def metrics_and_dashboards() -> Results:
    """A monthly operations dashboard, HRRP-condition readmissions and one-midnight stays."""
    dashboard = _monthly_dashboard()
    stays = data.load("inpatient_stays")
    medicare = stays[stays["payer"].eq("Medicare") & (stays["age_years"] >= MEDICARE_AGE)]
    target = medicare[medicare["drg"].isin(list(HRRP_DRGS))]
    hrrp = (
        target.assign(condition=target["drg"].astype(str).map(HRRP_DRGS))
        .groupby("condition")
        .agg(stays=("stay_id", "size"), readmitted=("readmitted_30d", "sum"))
        .reset_index()
    )
    hrrp["readmit_pct"] = hrrp["readmitted"] / hrrp["stays"] * 100
    one_midnight = medicare["los_days"].eq(1)
    one_by_type = one_midnight.groupby(medicare["admission_type"], observed=True).mean() * 100
    shown = dashboard.reset_index(drop=True)
    shown.insert(0, "Month", [pd.Timestamp(2025, m, 1).strftime("%b") for m in dashboard.index])
    lwbs = dashboard["ED left without being seen (%)"]
    readmit = dashboard["30-day readmissions (%)"]
    values = {
        "db_months": len(dashboard),
        "db_lwbs_low": float(lwbs.min()),
        "db_lwbs_high": float(lwbs.max()),
        "db_lwbs_high_month": pd.Timestamp(2025, int(lwbs.idxmax()), 1).strftime("%B"),
        "db_readmit_low": float(readmit.min()),
        "db_readmit_high": float(readmit.max()),
        "db_dec_readmit": float(readmit.loc[12]),
        "db_oe_mean": float(stays["los_days"].sum() / stays["drg_gmlos_days"].sum()),
        "db_hppd_low": float(dashboard["RN hours per patient day"].min()),
        "db_hppd_high": float(dashboard["RN hours per patient day"].max()),
        "hr_medicare": len(medicare),
        "hr_conditions": len(hrrp),
        "hr_stays": int(hrrp["stays"].sum()),
        "hr_readmitted": int(hrrp["readmitted"].sum()),
        "hr_all_pct": float(medicare["readmitted_30d"].mean() * 100),
        "hr_hf_pct": float(hrrp.set_index("condition").loc["Heart failure", "readmit_pct"]),
        "hr_pn_pct": float(hrrp.set_index("condition").loc["Pneumonia", "readmit_pct"]),
        "hr_tja_pct": float(
            hrrp.set_index("condition").loc["Hip or knee replacement", "readmit_pct"]
        ),
        "tm_one_n": int(one_midnight.sum()),
        "tm_one_pct": float(one_midnight.mean() * 100),
        "tm_elective_pct": float(one_by_type.get("elective", float("nan"))),
        "tm_emergency_pct": float(one_by_type.get("emergency", float("nan"))),
    }
    hrrp_shown = hrrp.rename(
        columns={
            "condition": "Condition (HRRP target)",
            "stays": "Medicare stays, 65+",
            "readmitted": "Readmitted within 30 days",
            "readmit_pct": "Raw readmission rate (%)",
        }
    ).round(1)
    long = (
        dashboard[
            [
                "ED left without being seen (%)",
                "30-day readmissions (%)",
                "OR cases canceled on the day (%)",
                "Clinic no-shows (%)",
            ]
        ]
        .reset_index()
        .melt("month", var_name="measure", value_name="percent")
    )
    return Results(
        values=values,
        tables={"dashboard": shown.round(1), "hrrp": hrrp_shown},
        frames={"dashboard": dashboard, "trend": long, "hrrp": hrrp},
    )


def dashboard_chart(r: Results) -> alt.TopLevelMixin:
    """Four percentage measures of the operations dashboard by month (metrics and dashboards)."""
    return charts.line_chart(
        r.frames["trend"],
        x="month",
        y="percent",
        color="measure",
        color_title="Measure",
        points=True,
        title="Four dashboard measures, month by month",
        description="Four lines over the twelve months of 2025: clinic no-shows run highest, "
        "near one in five appointments; 30-day readmissions next, falling in the last month "
        "because December discharges have not had 30 days to return; patients who leave the "
        "ED without being seen and day-of-surgery cancellations run lowest. Exact values are "
        "in the dashboard table.",
        x_title="Month of 2025",
        y_title="Percent",
    )


FAST_TRACK_ESI = 4  # triage levels from this one up (ESI 4 and 5: one resource or none)
ACUITY_GROUPS = {1: "ESI 1-2", 2: "ESI 1-2", 3: "ESI 3", 4: "ESI 4-5", 5: "ESI 4-5"}


def case_fast_track(
    *, open_hour: int = 11, close_hour: int = 23, minutes_per_patient: float = 20.0
) -> Results:
    """Case: low-acuity ED arrivals by hour, their waits and walk-outs, and a fast track's load.

    Inputs (assumptions of the case): the hours the fast track would be open, from
    ``open_hour`` to ``close_hour`` on the 24-hour clock, and the provider minutes one
    fast-track patient takes.
    """
    if not 0 <= open_hour <= 23:
        raise InputError("open_hour", open_hour, "between", minimum=0, maximum=23)
    if not open_hour < close_hour <= 24:
        raise InputError("close_hour", close_hour, "between", minimum=open_hour + 1, maximum=24)
    ed = data.load("ed_visits")
    esi = ed["esi"].astype(int)
    hour = ed["arrival"].dt.hour
    low = esi >= FAST_TRACK_ESI
    open_ = (hour >= open_hour) & (hour < close_hour)
    walked = ed["disposition"].eq(LWBS)
    wait = ed["time_to_provider_min"].astype(float)
    days = ed["arrival"].dt.normalize().nunique()

    by_hour = (
        pd.DataFrame({"hour": hour, "acuity": esi.map(ACUITY_GROUPS)})
        .groupby(["hour", "acuity"])
        .size()
        .div(days)
        .rename("arrivals")
        .reset_index()
    )
    by_hour["hour"] = by_hour["hour"].map("{:02d}:00".format)
    low_rate = hour[low & open_].value_counts().div(days)  # low-acuity arrivals an hour, by hour
    handle = minutes_per_patient / 60
    peak_rate = float(low_rate.max())
    values = {
        "ft_visits": len(ed),
        "ft_low_n": int(low.sum()),
        "ft_low_pct": 100 * float(low.mean()),
        "ft_open": f"{open_hour:02d}:00",
        "ft_close": f"{close_hour:02d}:00",
        "ft_in_hours_pct": 100 * float(open_[low].mean()),
        "ft_per_day": float((low & open_).sum() / days),
        "ft_peak_hour": f"{int(low_rate.idxmax()):02d}:00",
        "ft_peak_rate": peak_rate,
        "ft_wait_in": float(wait[low & open_].median()),
        "ft_wait_out": float(wait[low & ~open_].median()),
        "ft_esi3_wait_in": float(wait[(esi == 3) & open_].median()),
        "ft_lwbs_all": int(walked.sum()),
        "ft_lwbs_low": int((walked & low).sum()),
        "ft_lwbs_low_pct": 100 * float((walked & low).sum() / walked.sum()),
        "ft_lwbs_in_hours": int((walked & low & open_).sum()),
        "ft_los_low": float(ed.loc[low & ed["disposition"].eq("discharged"), "los_min"].median()),
        "ft_admit_low_pct": 100 * float(ed.loc[low, "disposition"].eq("admitted").mean()),
        "ft_minutes": minutes_per_patient,
        "ft_occ_mean": 100 * queueing.occupancy(float(low_rate.mean()), handle, 1),
        "ft_occ_peak": 100 * queueing.occupancy(peak_rate, handle, 1),
        "ft_wq_peak": 60 * queueing.average_wait(peak_rate, handle, 1),
    }
    return Results(values=values, frames={"by_hour": by_hour})


def fast_track_chart(r: Results) -> alt.Chart:
    """ED arrivals a day by hour of arrival and triage group (the fast-track case)."""
    return charts.bar_chart(
        r.frames["by_hour"],
        category="hour",
        value="arrivals",
        color="acuity",
        color_title="Triage level",
        horizontal=False,
        sort=[f"{h:02d}:00" for h in range(24)],
        title="Emergency department arrivals by hour and triage level, 2025",
        description="Vertical stacked bar chart of the average number of patients arriving in "
        "each hour of the day, split into ESI 1-2, ESI 3 and ESI 4-5. Arrivals are lowest in "
        "the early morning and stay high from late morning to late evening.",
        category_title="Hour of arrival",
        value_title="Arrivals a day in that hour",
    )


CANCEL_REASONS = {  # reason code: (label, who can prevent it)
    "patient_not_medically_ready": ("Patient not medically ready", "Patient readiness"),
    "patient_did_not_arrive": ("Patient did not arrive", "Patient readiness"),
    "no_bed_available": ("No bed available", "The hospital"),
    "schedule_overrun": ("Schedule ran over", "The hospital"),
    "equipment_unavailable": ("Equipment unavailable", "The hospital"),
    "surgeon_unavailable": ("Surgeon unavailable", "The hospital"),
}


def case_or_cancellations(*, prevented_share: float = 0.5) -> Results:
    """Case: day-of-surgery cancellations by reason, the block time they waste, and what a
    pre-anesthesia clinic that prevents part of the patient-readiness cancellations recovers.

    Input: the share of patient-readiness cancellations the clinic is assumed to prevent.
    """
    if not 0 <= prevented_share <= 1:
        raise InputError("prevented_share", prevented_share, "probability")
    cases = data.load("or_cases")
    cancelled = cases[cases["canceled"].astype(bool)]
    unknown = set(cancelled["cancel_reason"].astype(str)) - set(CANCEL_REASONS)
    if unknown:
        raise InputError("cancel_reason", sorted(unknown)[0], "known", file="datasets/or_cases.csv")
    reason = cancelled["cancel_reason"].astype(str)
    side = reason.map(lambda code: CANCEL_REASONS[code][1])
    minutes = cancelled["scheduled_duration_min"].astype(float)
    by_reason = (
        pd.DataFrame({"code": reason, "side": side, "minutes": minutes})
        .groupby(["code", "side"])
        .agg(cases=("minutes", "size"), hours=("minutes", "sum"))
        .reset_index()
    )
    by_reason["hours"] /= 60
    by_reason["reason"] = by_reason["code"].map(lambda code: CANCEL_REASONS[code][0])
    patient = side.eq("Patient readiness")
    rate = cases.groupby("specialty", observed=True)["canceled"].apply(
        lambda s: 100 * float(s.astype(bool).mean())
    )
    top = by_reason.sort_values("cases", ascending=False).iloc[0]
    values = {
        "cx_booked": len(cases),
        "cx_n": len(cancelled),
        "cx_pct": 100 * len(cancelled) / len(cases),
        "cx_hours": float(minutes.sum() / 60),
        "cx_room_days": float(minutes.sum() / BLOCK_MIN),
        "cx_block_h": BLOCK_MIN / 60,
        "cx_top_reason": str(top["reason"]).lower(),
        "cx_top_n": int(top["cases"]),
        "cx_patient_n": int(patient.sum()),
        "cx_patient_pct": 100 * float(patient.mean()),
        "cx_hospital_n": int((~patient).sum()),
        "cx_hospital_pct": 100 * float((~patient).mean()),
        "cx_no_bed": int(reason.eq("no_bed_available").sum()),
        "cx_overrun": int(reason.eq("schedule_overrun").sum()),
        "cx_high_spec": str(rate.idxmax()),
        "cx_high_pct": float(rate.max()),
        "cx_low_spec": str(rate.idxmin()),
        "cx_low_pct": float(rate.min()),
        "cx_prevent_pct": 100 * prevented_share,
        "cx_prevented": prevented_share * int(patient.sum()),
        "cx_prevented_h": prevented_share * float(minutes[patient].sum() / 60),
        "cx_after_pct": 100 * (len(cancelled) - prevented_share * int(patient.sum())) / len(cases),
    }
    return Results(values=values, frames={"by_reason": by_reason})


def cancellations_chart(r: Results) -> alt.Chart:
    """Day-of-surgery cancellations by reason, coloured by who can prevent them."""
    return charts.bar_chart(
        r.frames["by_reason"],
        category="reason",
        value="cases",
        color="side",
        color_title="Who can prevent it",
        title="Day-of-surgery cancellations by reason, 2025",
        description="Horizontal bar chart of the number of booked operations cancelled on the "
        "day for each of six reasons, largest first, coloured by whether the patient's "
        "readiness or the hospital's own capacity, schedule, equipment or surgeon caused it.",
        category_title="Reason for cancellation",
        value_title="Cases cancelled on the day",
    )
