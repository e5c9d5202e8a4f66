"""The numbers, tables and charts of the Leadership chapter (book/leadership)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops import _validate as v
from careops import data, decisions, measures, spc
from careops.chapters import Results
from careops.charts import basic as charts
from careops.charts import spc as spc_charts
from careops.errors import InputError

__all__ = [
    "CASES",
    "baseline_run_chart",
    "case_ed_boarding",
    "case_overtime_unit",
    "ed_boarding_chart",
    "just_culture",
    "overtime_unit_chart",
    "pdsa_run_charts",
]

# page 02: six events from one hospital's safety reports, with the review team's answers to the
# questions on the decision path (a question left out was not reached)
CASES = pd.DataFrame(
    [
        {
            "case": "Infusion pump programmed at ten times the rate: two concentrations of the "
            "drug look alike on the screen",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": False,
        },
        {
            "case": "Nurse gives medications without scanning: the bedside scanners fail on "
            "most shifts and colleagues do the same",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": True,
            "peers_would_do_same": True,
        },
        {
            "case": "Resident copies forward yesterday's note without reviewing it; peers on "
            "the team review theirs",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": True,
            "peers_would_do_same": False,
        },
        {
            "case": "Technician silences a cardiac monitor's alarms for a whole shift to avoid "
            "the noise, knowing the patient is unstable",
            "intended_harm": False,
            "knew_and_disregarded": True,
        },
        {
            "case": "Transport aide takes the wrong patient to radiology during a surge, after "
            "checking the room number but not the wristband",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": False,
        },
        {
            "case": "Pharmacist found impaired by alcohol while verifying orders",
            "intended_harm": True,
        },
    ]
)
_RESPONSES = ("Console", "Coach", "Sanction", "Refer")


def _where(target: str) -> str:
    """Where an answer leads on the just-culture path: an outcome, or the next question."""
    outcome = decisions.JUST_CULTURE_OUTCOMES.get(target)
    if outcome is not None:
        return f"{outcome['behaviour']} → {outcome['response']}"
    return f"go to question {list(decisions.JUST_CULTURE_QUESTIONS).index(target) + 1}"


def just_culture() -> Results:
    """Page 02: the decision path as a table, and the six cases classified along it."""
    path = pd.DataFrame(
        [
            {"Question": q["question"], "If yes": _where(q["yes"]), "If no": _where(q["no"])}
            for q in decisions.JUST_CULTURE_QUESTIONS.values()
        ]
    )
    path.index = pd.RangeIndex(1, len(path) + 1, name="#")
    classified = decisions.classify_cases(CASES)
    counts = classified["response"].value_counts()
    values = {f"n_{response.lower()}": int(counts.get(response, 0)) for response in _RESPONSES}
    values["n_cases"] = len(classified)
    responses = classified[["case", "behaviour", "response", "action"]].rename(
        columns=str.capitalize
    )
    paths = classified[["case", "path"]].rename(
        columns={"case": "Case", "path": "Path through the questions"}
    )
    return Results(
        values=values,
        tables={"path": path, "responses": responses, "paths": paths},
        frames={"classified": classified},
    )


def pdsa_run_charts() -> Results:
    """Page 04: the ED's weekly median time to provider read with the run-chart rules."""
    visits = data.load("ed_visits")
    seen = visits.dropna(subset=["time_to_provider_min"])
    # Full weeks only: Monday to Sunday, every day inside the year of data.
    weekly = measures.weekly(seen, "arrival", median_minutes=("time_to_provider_min", "median"))
    weekly["median_minutes"] = weekly["median_minutes"].astype(float)
    signals = spc.run_chart_signals(weekly["median_minutes"])
    values: dict[str, object] = {
        "n_weeks": len(weekly),
        "baseline_median": f"{signals.median:.0f}",
        "n_runs": signals.runs,
        "runs_low": signals.runs_lower_limit,
        "runs_high": signals.runs_upper_limit,
        "shift_len": 0,
        "shift_side": "none",
        "shift_from": "-",
        "shift_to": "-",
        "n_trends": len(signals.trends),
    }
    if len(signals.shifts):
        shift = signals.shifts.iloc[0]
        values.update(
            shift_len=int(shift["length"]),
            shift_side=shift["side"],
            shift_from=_day_month(weekly.loc[shift["start"], "week"]),
            shift_to=_day_month(weekly.loc[shift["end"], "week"] + pd.Timedelta(days=6)),
        )
    rules = signals.signals()
    table = pd.DataFrame(
        {
            "Rule that signals": rules["rule"],
            "from week": [_week_date(weekly, i) for i in rules["start"]],
            "to week": [_week_date(weekly, i) for i in rules["end"]],
        }
    )
    return Results(values=values, tables={"signals": table}, frames={"weekly": weekly})


def _day_month(day: pd.Timestamp) -> str:
    """A day as "3 November" (no leading zero, no year)."""
    return f"{day.day} {day:%B}"


def _week_date(weekly: pd.DataFrame, position: object) -> object:
    """The date of the week at a row position of ``weekly`` ("" when there is none)."""
    return "" if pd.isna(position) else weekly.loc[int(position), "week"].date()


def baseline_run_chart(r: Results) -> alt.LayerChart:
    """Page 04's run chart: the weekly medians, their median and any shift or trend."""
    weekly = r.frames["weekly"]
    signals = spc.run_chart_signals(weekly["median_minutes"])
    return spc_charts.run_chart(
        weekly,
        signals,
        x="week",
        y="median_minutes",
        x_title="Week starting (2025)",
        y_title="Median time to provider (minutes)",
        title="Weekly median time to provider, 2025 baseline",
        description=(
            f"Run chart of {len(weekly)} weekly medians of arrival-to-provider time around a "
            f"median of {signals.median:.0f} minutes, with points that form a shift or a trend "
            "highlighted."
        ),
    )


# --- case studies ------------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FILLS = ("Overtime", "Agency", "Left short")


def _weekday_numbers(name: str, days: object) -> tuple[int, ...]:
    """Weekday names (``Monday``..) as day numbers 0-6, refusing an empty or unknown entry."""
    if isinstance(days, str) or not hasattr(days, "__iter__"):
        raise InputError(name, days, "type", expected="a list of weekday names")
    chosen = list(days)  # type: ignore[call-overload]
    if not chosen:
        raise InputError(name, chosen, "min_length", minimum=1)
    for day in chosen:
        if day not in WEEKDAYS:
            raise InputError(name, day, "choice", choices=", ".join(WEEKDAYS))
    return tuple(sorted({WEEKDAYS.index(day) for day in chosen}))


def _plural_days(days: tuple[int, ...]) -> str:
    """Day numbers as prose: "Mondays, Tuesdays and Thursdays"."""
    names = [f"{WEEKDAYS[d]}s" for d in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def case_overtime_unit(
    *,
    unit: str = "5E Medical-Surgical",
    extra_nurse_days: object = ("Monday", "Tuesday", "Wednesday", "Thursday"),
) -> Results:
    """Case: how often a unit's census outgrew its fixed schedule, how the gaps were filled,
    and what one more scheduled nurse on the busy weekdays would have covered and left idle.

    Inputs: the unit, and the weekdays on which the proposed schedule adds one nurse to each
    shift (an assumption of the case).
    """
    staffing = data.load("nurse_staffing")
    units = [str(u) for u in staffing["unit"].cat.categories]
    if unit not in units:
        raise InputError("unit", unit, "choice", choices=", ".join(units))
    days = _weekday_numbers("extra_nurse_days", extra_nurse_days)
    rows = staffing[staffing["unit"] == unit].copy()
    present = rows["rn_scheduled"] - rows["sick_calls"]
    rows["gap"] = (rows["rn_required"] - present).clip(lower=0)
    rows["short"] = (rows["rn_required"] - rows["rn_worked"]).clip(lower=0)
    weekday = rows["date"].dt.day_of_week
    extra = weekday.isin(days)
    gap_after = (rows["rn_required"] - present - extra.astype(int)).clip(lower=0)
    covered = rows["gap"] - gap_after
    gaps = rows["gap"] > 0
    by_day = (
        rows.assign(weekday=weekday.map(dict(enumerate(WEEKDAYS))))
        .groupby("weekday")[["rn_overtime", "rn_agency", "short"]]
        .sum()
        .reindex(list(WEEKDAYS), fill_value=0)
        .set_axis(list(_FILLS), axis=1)
        .rename_axis("weekday")
        .reset_index()
        .melt(id_vars="weekday", var_name="fill", value_name="nurse_shifts")
    )
    by_month = rows[gaps].groupby(rows["date"].dt.month).size()
    schedule = int(rows["rn_scheduled"].mode().iloc[0])
    ratio = int(rows["target_patients_per_rn"].iloc[0])
    hours = float(rows["rn_hours"].sum())
    overtime = float(rows["overtime_hours"].sum())
    values: dict[str, object] = {
        "ldc_unit": unit,
        "ldc_beds": int(rows["beds"].iloc[0]),
        "ldc_mean_census": float(rows["census"].mean()),
        "ldc_scheduled": schedule,
        "ldc_ratio": ratio,
        "ldc_covers": schedule * ratio,
        "ldc_shifts": len(rows),
        "ldc_gap_shifts": int(gaps.sum()),
        "ldc_gap_pct": 100 * float(gaps.mean()),
        "ldc_days": _plural_days(days),
        "ldc_days_gap_pct": 100 * float(gaps[extra].mean()) if extra.any() else 0.0,
        "ldc_other_gap_pct": 100 * float(gaps[~extra].mean()) if (~extra).any() else 0.0,
        "ldc_peak_month": f"{pd.Timestamp(2025, int(by_month.idxmax()), 1):%B}",
        "ldc_peak_gaps": int(by_month.max()),
        "ldc_overtime": int(rows["rn_overtime"].sum()),
        "ldc_overtime_h": overtime,
        "ldc_overtime_pct": 100 * overtime / hours,
        "ldc_agency": int(rows["rn_agency"].sum()),
        "ldc_left_short": int(rows["short"].sum()),
        "ldc_short_shifts": int(rows["understaffed"].sum()),
        "ldc_added": int(extra.sum()),
        "ldc_covered": int(covered.sum()),
        "ldc_not_needed": int((extra & (covered == 0)).sum()),
        "ldc_gaps_left": int(gap_after.sum()),
    }
    return Results(values=values, frames={"by_day": by_day})


def overtime_unit_chart(r: Results) -> alt.TopLevelMixin:
    """The case's chart: how the unit's gaps were filled, by day of the week."""
    return charts.bar_chart(
        r.frames["by_day"],
        category="weekday",
        value="nurse_shifts",
        color="fill",
        color_title="How the gap was met",
        horizontal=False,
        sort=list(WEEKDAYS),
        title=f"{r['ldc_unit']}: nurse-shifts missing from the schedule, by weekday, 2025",
        description="Vertical stacked bar chart, one bar per day of the week, Monday to "
        "Sunday: the nurse-shifts the census required beyond the nurses on the schedule, split "
        "into those filled by overtime, filled by an agency nurse, and left unfilled.",
        category_title="Day of the week",
        value_title="Nurse-shifts over the year",
    )


# ED length-of-stay bands (hours, upper bound exclusive) for the boarding case's chart
_LOS_BANDS = (0, 2, 4, 6, 8, 12, float("inf"))


def _band(lower: float, upper: float) -> str:
    """A band label such as "4-6 h" or "12 h or more"."""
    return f"{lower:g} h or more" if upper == float("inf") else f"{lower:g}-{upper:g} h"


def case_ed_boarding(*, target_hours: float = 6.0) -> Results:
    """Case: how long admitted patients stay in the ED against the discharged, and the
    patient-hours they spend there beyond a target, in ED beds occupied around the clock.

    Input: the ED length of stay (hours) the two departments might agree on for admitted
    patients (an assumption of the case).
    """
    target = v.positive("target_hours", target_hours)
    if target >= 48:  # a target of two days or more is no target for an ED stay
        raise InputError("target_hours", target_hours, "between", minimum=0, maximum=48)
    visits = data.load("ed_visits")
    hours = visits["los_min"].astype(float) / 60
    admitted = visits["disposition"].eq("admitted")
    adm = hours[admitted]
    over = adm > target
    excess = (adm - target).clip(lower=0)
    days = measures.observed_days(visits["arrival"])
    day_share = over.groupby(visits.loc[admitted, "arrival"].dt.day_of_week).mean()
    lower, upper = _LOS_BANDS[:-1], _LOS_BANDS[1:]
    labels = [_band(lo, hi) for lo, hi in zip(lower, upper, strict=True)]
    band = pd.cut(adm, bins=list(_LOS_BANDS), right=False, labels=labels)
    bands = band.value_counts().reindex(labels).rename_axis("band").reset_index(name="patients")
    bands["side"] = [
        "Within the target" if hi <= target else "Beyond the target (at least in part)"
        for hi in upper
    ]
    values: dict[str, object] = {
        "ldd_visits": len(visits),
        "ldd_admitted": int(admitted.sum()),
        "ldd_admitted_pct": 100 * float(admitted.mean()),
        "ldd_days": days,
        "ldd_adm_median": float(adm.median()),
        "ldd_dis_median": float(hours[visits["disposition"].eq("discharged")].median()),
        "ldd_target": target,
        "ldd_over_n": int(over.sum()),
        "ldd_over_pct": 100 * float(over.mean()),
        "ldd_over_12": int((adm >= 12).sum()),
        "ldd_excess_h": float(excess.sum()),
        "ldd_beds": float(excess.sum() / (24 * days)),
        "ldd_day_low_pct": 100 * float(day_share.min()),
        "ldd_day_high_pct": 100 * float(day_share.max()),
    }
    return Results(values=values, frames={"bands": bands})


def ed_boarding_chart(r: Results) -> alt.TopLevelMixin:
    """The case's chart: admitted patients by hours in the ED, coloured against the target."""
    return charts.bar_chart(
        r.frames["bands"],
        category="band",
        value="patients",
        color="side",
        color_title=f"Against a {r['ldd_target']:g}-hour target",
        horizontal=False,
        sort=None,
        title="Admitted patients by hours spent in the emergency department, 2025",
        description="Vertical bar chart of the number of admitted patients in each band of "
        "emergency department length of stay, from under 2 hours to 12 hours or more, coloured "
        "by whether the band lies within the target or reaches beyond it.",
        category_title="Hours from arrival to leaving the ED",
        value_title="Admitted patients",
    )
