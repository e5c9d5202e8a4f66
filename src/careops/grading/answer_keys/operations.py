"""Answer-key facts of the later Operations assignments (operations-2, operations-3)."""

from __future__ import annotations

import pandas as pd

from careops.grading.answers import facts_for, pct

BLOCK_MIN = 480  # operations-2: one room-day of block time, as the notebook's setup sets it
TAKT_CLINIC, TAKT_MINUTES = "Primary Care", 480  # operations-2 Q2's worked example
ED_TARGET_MIN, ED_LEVEL = 15, 0.9  # operations-2 Q3's worked example: 90% within 15 minutes
ED_PEAK_HOUR, ED_NIGHT_HOUR = 19, 5  # the two hours Q3 prints


def room_utilisation(cases: pd.DataFrame, room: str | None = None) -> float:
    """In-room share of block time of one room (or the whole suite): Q1's method."""
    from careops.lean import block_utilisation

    done = cases[~cases["canceled"].astype(bool)]
    if room is not None:
        done = done[done["room"] == room]
    room_days = len(done[["room", "date"]].drop_duplicates())
    minutes = float(done["actual_duration_min"].mean())
    return block_utilisation(len(done), minutes, BLOCK_MIN * room_days)


@facts_for("operations-2")
def _operations_2() -> dict[str, str]:
    from careops import data, measures
    from careops.lean import takt_time
    from careops.queueing import servers_needed

    cases = data.load("or_cases")
    use = pd.Series({str(r): room_utilisation(cases, r) for r in cases["room"].unique()})
    appts = data.load("clinic_appointments")
    clinic = appts[appts["clinic"] == TAKT_CLINIC]
    per_day = (
        int((~clinic["no_show"].astype(bool)).sum())
        / clinic["appointment_time"].dt.normalize().nunique()
    )
    visits = data.load("ed_visits")
    rates = measures.arrivals_by_hour(visits["arrival"])
    los_h = float(visits["los_min"].mean()) / 60

    def spaces(hour: int) -> int:
        """Erlang C spaces at one hour of the day for the worked example's target."""
        return servers_needed(float(rates[hour]), los_h, ED_TARGET_MIN / 60, ED_LEVEL)

    return {
        "or_use": pct(room_utilisation(cases), 1),
        "or_low_room": str(use.idxmin()),
        "or_low_use": pct(float(use.min()), 1),
        "or_high_room": str(use.idxmax()),
        "or_high_use": pct(float(use.max()), 1),
        "pc_visits": f"{per_day:.1f}",
        "pc_takt": f"{takt_time(TAKT_MINUTES, per_day):.1f}",
        "ed_peak_spaces": f"{spaces(ED_PEAK_HOUR)}",
        "ed_night_spaces": f"{spaces(ED_NIGHT_HOUR)}",
    }


SURGE, SURGE_BEDS = 1.20, 90  # operations-3's worked example: a 1.20 surge against 90 beds
SURGE_UNIT = "ICU"  # operations-3 Q3's worked example


@facts_for("operations-3")
def _operations_3() -> dict[str, str]:
    from careops import data, measures
    from careops.lean import littles_law, staff_needed

    stays = data.load("inpatient_stays")
    nights = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    census = measures.census(stays["admission_date"], stays["discharge_date"], nights)
    elective = stays[stays["admission_type"] == "elective"]
    freed = littles_law(
        throughput=len(elective) / measures.observed_days(stays["admission_date"]),
        flow_time=float(elective["los_days"].mean()),
    )
    staffing = data.load("nurse_staffing")
    unit = staffing[staffing["unit"] == SURGE_UNIT]
    over = unit["census"] * SURGE / unit["rn_worked"] > unit["target_patients_per_rn"]
    needed = [
        staff_needed(float(c) * SURGE, 1, float(t))
        for c, t in zip(unit["census"], unit["target_patients_per_rn"], strict=True)
    ]
    short = (pd.Series(needed, index=unit.index) - unit["rn_worked"]).clip(lower=0)
    return {
        "nights": f"{len(nights)}",
        "nights_over_usual": f"{int((census > SURGE_BEDS).sum())}",
        "nights_over": f"{int((census * SURGE > SURGE_BEDS).sum())}",
        "peak_surged": f"{float(census.max()) * SURGE:.0f}",
        "surge_excess": f"{float(census.mean()) * (SURGE - 1):.1f}",
        "elective_beds": f"{freed:.1f}",
        "icu_over": pct(float(over.mean()), 1),
        "icu_target": f"{int(unit['target_patients_per_rn'].iloc[0])}",
        "icu_short": f"{float(short.mean()):.1f}",
    }
