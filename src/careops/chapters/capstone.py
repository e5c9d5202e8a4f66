"""The numbers, tables and charts of the Capstone and Practicum chapter (book/capstone)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from careops import data, measures, seminar, spc, stats
from careops.chapters import Results
from careops.chapters.operations import BLOCK_MIN, BLOCK_START, _minutes, _room_days
from careops.charts import basic
from careops.charts import spc as spc_charts
from careops.errors import InputError
from careops.measures import prose_date

__all__ = [
    "BASELINE_POINTS",
    "BASELINE_WEEKS",
    "balance_run_chart",
    "baseline_run_chart",
    "case_scope_from_baseline",
    "case_sustaining_gains",
    "early_results",
    "milestone_gaps_chart",
    "milestone_timeline_chart",
    "outcome_run_chart",
    "process_run_chart",
    "scope_chart",
    "sustain_chart",
    "year_at_a_glance",
]

BASELINE_POINTS = 12  # milestone 3, current-state analysis: "run chart of at least 12 points"
BASELINE_WEEKS = 26  # January to June: the weeks before the pretend change (page 07)
_MEASURED = ("current-state", "implementation-plan", "early-results", "report-and-presentation")
_WEEK_TITLE = "Week starting (2025)"


def year_at_a_glance(seminar_folder: str | Path) -> Results:
    """The capstone year (page 06): milestone dates, gaps and the points a run chart can have."""
    program = seminar.load_program(seminar_folder)
    steps = program.milestone_schedule()
    by_id = {s.id: s for s in steps}
    terms = list(program.terms.values())
    fall, spring = terms[0], terms[-1]
    events = pd.DataFrame(
        [
            {
                "milestone": f"{s.number}. {s.title}",
                "date": s.due,
                "event": "Due",
                "section": s.report_section,
            }
            for s in steps
        ]
        + [
            {
                "milestone": f"{s.number}. {s.title}",
                "date": d,
                "event": "Presented at a peer feedback session",
                "section": s.report_section,
            }
            for s in steps
            for d in s.reviewed_on
        ]
    )
    spans = pd.DataFrame([{"start": t.start, "end": t.end, "label": t.name} for t in terms])
    values: dict[str, object] = {
        "n_milestones": len(steps),
        "n_fall": sum(s.term == fall.id for s in steps),
        "n_spring": sum(s.term == spring.id for s in steps),
        "fall_name": fall.name.lower(),
        "spring_name": spring.name.lower(),
        "first_due": prose_date(steps[0].due),
        "last_due": prose_date(steps[-1].due),
        "span_weeks": seminar.weeks_between(steps[0].due, steps[-1].due),
        "break_weeks": seminar.weeks_between(fall.end, spring.start),
        "n_sessions": len({d for s in steps for d in s.reviewed_on}),
        "n_same_day": sum(s.due in s.reviewed_on for s in steps),
    }
    milestones = pd.DataFrame(
        {
            "#": [s.number for s in steps],
            "Milestone": [s.title for s in steps],
            "Due": [f"{s.due:%a} {s.due.day} {s.due:%b %Y}" for s in steps],
            "Term": [s.term_name for s in steps],
            "Week of term": [s.term_week for s in steps],
            "Weeks since the previous milestone": [
                "" if s.weeks_since_previous is None else f"{s.weeks_since_previous:.1f}"
                for s in steps
            ],
            "Report section": [s.report_section for s in steps],
        }
    )
    for key in _MEASURED:
        s = by_id[key]
        name = key.replace("-", "_")
        values[f"{name}_due"] = prose_date(s.due)
        values[f"{name}_section"] = s.report_section
        values[f"{name}_week"] = s.term_week
        values[f"{name}_term"] = s.term_name.lower()

    later = list(steps[1:])
    gaps = pd.DataFrame(
        [{"milestone": f"{s.number}. {s.title}", "weeks": s.weeks_since_previous} for s in later]
    )
    longest = max(later, key=_days_since_previous)
    shortest = min(later, key=_days_since_previous)
    values.update(
        longest_weeks=longest.weeks_since_previous,
        longest_from=steps[steps.index(longest) - 1].title,
        longest_to=longest.title,
        shortest_days=shortest.days_since_previous,
        shortest_from=steps[steps.index(shortest) - 1].title,
        shortest_to=shortest.title,
        median_gap_weeks=float(gaps["weeks"].median()),
    )

    plan, results = by_id["implementation-plan"], by_id["early-results"]
    baseline_start = seminar.collection_start(by_id["current-state"].due, BASELINE_POINTS)
    weekly_after = seminar.points_between(plan.due, results.due)
    daily_after = seminar.points_between(plan.due, results.due, days_per_point=1)
    values.update(
        baseline_points=BASELINE_POINTS,
        baseline_start=prose_date(baseline_start),
        topic_due=prose_date(by_id["topic-problem"].due),
        weekly_after=weekly_after,
        daily_after=daily_after,
        shift_points=spc.SHIFT_LENGTH,
        plan_to_results_weeks=seminar.weeks_between(plan.due, results.due),
    )
    planning = pd.DataFrame(
        {
            "Question": [
                "Latest start of weekly baseline data",
                "Weekly points between plan and early results",
                "Daily points between plan and early results",
                "Points in a row a shift needs",
            ],
            "Answer": [prose_date(baseline_start), weekly_after, daily_after, spc.SHIFT_LENGTH],
        }
    )
    return Results(
        values=values,
        tables={"milestones": milestones, "planning": planning},
        frames={"events": events, "spans": spans, "gaps": gaps},
    )


def _days_since_previous(step: seminar.MilestoneStep) -> int:
    """Days from the milestone before (every step but the first has one)."""
    return step.days_since_previous or 0


def milestone_timeline_chart(r: Results) -> alt.LayerChart:
    """Page 06's timeline: each milestone's due date and its peer feedback sessions."""
    v = r.values
    spans = r.frames["spans"]
    return basic.timeline_chart(
        r.frames["events"],
        date="date",
        row="milestone",
        kind="event",
        kind_title="Marker",
        spans=spans,
        span_title="Term",
        tooltip=["section"],
        title=f"The capstone year: {v['n_milestones']} milestones across the fall and spring terms",
        description=(
            f"Timeline from {spans['start'].iloc[0]:%B %Y} to {spans['end'].iloc[-1]:%B %Y} "
            "with the "
            f"{v['fall_name']} and the {v['spring_name']} shaded. One row per milestone, in order: "
            "a round marker on its due date and a diamond on the date of the peer capstone "
            f"feedback session where it is presented. {v['n_fall']} milestones fall in the "
            f"autumn, none in the winter break, and the last {v['n_spring']} in the spring, with "
            "the final two only days apart."
        ),
        date_title="Due date (month)",
        row_title="Milestone (in order)",
        width=380,
    )


def milestone_gaps_chart(r: Results) -> alt.Chart:
    """Page 06's bars: the weeks of work before each milestone."""
    v = r.values
    return basic.bar_chart(
        r.frames["gaps"],
        category="milestone",
        value="weeks",
        sort=None,
        title="Weeks of work before each milestone",
        description=(
            "Horizontal bars, one per milestone from the second to the last, giving the weeks "
            f"since the milestone before. The longest gap, {v['longest_weeks']:.0f} weeks, leads "
            f"to {v['longest_to'].lower()} and spans the winter break; the shortest, "
            f"{v['shortest_days']} days, leads to the {v['shortest_to'].lower()}."
        ),
        category_title="Milestone",
        value_title="Weeks since the previous milestone (weeks)",
    )


def early_results(seminar_folder: str | Path) -> Results:
    """Early results of the reminder change (page 07), read honestly against a frozen baseline."""
    appointments = data.load("clinic_appointments")
    program = seminar.load_program(seminar_folder)
    plan = program.milestone("implementation-plan")
    results = program.milestone("early-results")
    # One row per full week: inside the year, with all 5 clinic days (weekdays only).
    weekly = measures.weekly(
        appointments,
        "appointment_time",
        min_days=5,
        appointments=("no_show", "size"),
        no_shows=("no_show", "sum"),
        reminded=("reminder_sent", "mean"),
        lead_days=("lead_time_days", "median"),
    )
    weekly["no_show_pct"] = 100 * weekly["no_shows"] / weekly["appointments"]
    weekly["reminded_pct"] = 100 * weekly["reminded"].astype(float)
    weekly["lead_days"] = weekly["lead_days"].astype(float)

    baseline = weekly.iloc[:BASELINE_WEEKS]
    base = spc.run_chart_signals(baseline["no_show_pct"])
    values: dict[str, object] = {
        "n_appointments": len(appointments),
        "n_clinics": appointments["clinic"].nunique(),
        "weekly_appointments": float(weekly["appointments"].median()),
        "n_base": len(baseline),
        "base_from": prose_date(baseline["week"].iloc[0]),
        "base_to": prose_date(baseline["week"].iloc[-1] + pd.Timedelta(days=4)),
        "base_median": base.median,
        "base_low": float(baseline["no_show_pct"].min()),
        "base_high": float(baseline["no_show_pct"].max()),
        "base_runs": base.runs,
        "base_runs_low": base.runs_lower_limit,
        "base_runs_high": base.runs_upper_limit,
        "base_n_signals": len(base.signals()),
        "shift_points": spc.SHIFT_LENGTH,
        "trend_points": spc.TREND_LENGTH,
    }

    early_weeks = seminar.points_between(plan.due, results.due)
    start = BASELINE_WEEKS  # position of the first week of the change
    shown = weekly.iloc[: start + early_weeks].reset_index(drop=True)
    after = shown.iloc[start:]
    change_week = shown.loc[start, "week"]
    frozen = spc.run_chart_signals(shown["no_show_pct"], median=base.median)
    values.update(
        early_weeks=early_weeks,
        plan_due=prose_date(plan.due),
        results_due=prose_date(results.due),
        change_from=prose_date(change_week),
        after_median=float(after["no_show_pct"].median()),
        after_drop=base.median - float(after["no_show_pct"].median()),
        after_best=float(after["no_show_pct"].min()),
        n_below=int((after["no_show_pct"] < base.median).sum()),
    )

    shift = frozen.shifts.iloc[0]  # the reading in the prose is about this shift
    in_shift = shown.index[int(shift["start"]) : int(shift["end"]) + 1]
    shift_before = int((in_shift < start).sum())
    values.update(
        n_shifts=len(frozen.shifts),
        n_trends=len(frozen.trends),
        shift_len=int(shift["length"]),
        shift_side=str(shift["side"]),
        shift_from=prose_date(shown.loc[int(shift["start"]), "week"]),
        shift_to=prose_date(shown.loc[int(shift["end"]), "week"]),
        shift_before=shift_before,
        shift_after=int(shift["length"]) - shift_before,
    )
    signals = frozen.signals()
    signal_table = pd.DataFrame(
        {
            "Rule that signals": signals["rule"],
            "From week": [_week_of(shown, i) for i in signals["start"]],
            "To week": [_week_of(shown, i) for i in signals["end"]],
        }
    )

    process_base = spc.run_chart_signals(baseline["reminded_pct"])
    process = spc.run_chart_signals(shown["reminded_pct"], median=process_base.median)
    balance_base = spc.run_chart_signals(baseline["lead_days"])
    balance = spc.run_chart_signals(shown["lead_days"], median=balance_base.median)
    # the highest week of the process measure, flagged as an astronomical candidate
    peak = int(process.astronomical["index"].iloc[0])
    values.update(
        process_base=process_base.median,
        process_after=float(after["reminded_pct"].median()),
        process_gain=float(after["reminded_pct"].median()) - process_base.median,
        process_gap=100 - float(after["reminded_pct"].median()),
        process_n_signals=len(process.signals()),
        process_rules=", ".join(dict.fromkeys(process.signals()["rule"])),
        peak_week=prose_date(shown.loc[peak, "week"]),
        peak_reminded=float(shown.loc[peak, "reminded_pct"]),
        peak_no_show=float(shown.loc[peak, "no_show_pct"]),
        balance_base=balance_base.median,
        balance_after=float(after["lead_days"].median()),
        balance_n_signals=len(balance.signals()),
    )
    return Results(
        values=values,
        tables={"signals": signal_table},
        frames={
            "weekly": weekly,
            "baseline": baseline,
            "shown": shown,
            "changes": pd.DataFrame({"x": [change_week], "label": ["Reminders start"]}),
        },
    )


def _week_of(shown: pd.DataFrame, position: object) -> str:
    """The prose date of the week at a row position of ``shown`` ("" when there is none)."""
    return "" if pd.isna(position) else prose_date(shown.loc[int(position), "week"])


def baseline_run_chart(r: Results) -> alt.LayerChart:
    """Page 07's first chart: the baseline weeks' no-show rate around their own median."""
    baseline = r.frames["baseline"]
    v = r.values
    return spc_charts.run_chart(
        baseline,
        spc.run_chart_signals(baseline["no_show_pct"]),
        x="week",
        y="no_show_pct",
        x_title=_WEEK_TITLE,
        width=430,
        y_title="No-show rate (% of appointments)",
        title="Baseline: weekly no-show rate, January to June",
        description=(
            f"Run chart of {v['n_base']} weekly no-show rates, between {v['base_low']:.0f}% "
            f"and {v['base_high']:.0f}%, around a dashed median of {v['base_median']:.1f}%. "
            f"The points cross the median often and {v['base_n_signals']} run-chart rules "
            "signal: the baseline is stable."
        ),
    )


def outcome_run_chart(r: Results) -> alt.LayerChart:
    """Page 07's outcome chart: baseline and new weeks against the frozen baseline median."""
    shown = r.frames["shown"]
    v = r.values
    return spc_charts.run_chart(
        shown,
        spc.run_chart_signals(shown["no_show_pct"], median=v["base_median"]),
        x="week",
        y="no_show_pct",
        changes=r.frames["changes"],
        x_title=_WEEK_TITLE,
        width=430,
        y_title="No-show rate (% of appointments)",
        title=(
            f"Weekly no-show rate: baseline and the first {v['early_weeks']} weeks of the change"
        ),
        description=(
            f"Run chart of {len(shown)} weekly no-show rates: {BASELINE_WEEKS} baseline weeks "
            f"and {v['early_weeks']} weeks after a vertical line marking the change on "
            f"{v['change_from']}. The dashed line is the baseline median, "
            f"{v['base_median']:.1f}%, frozen and extended. {v['n_below']} of the "
            f"{v['early_weeks']} new weeks are below it; points in a shift are coloured."
        ),
    )


def process_run_chart(r: Results) -> alt.LayerChart:
    """Page 07's process chart: the share of appointments with a reminder, same weeks."""
    shown = r.frames["shown"]
    v = r.values
    return spc_charts.run_chart(
        shown,
        spc.run_chart_signals(shown["reminded_pct"], median=v["process_base"]),
        x="week",
        y="reminded_pct",
        changes=r.frames["changes"],
        x_title=_WEEK_TITLE,
        width=430,
        y_title="Appointments with a reminder (%)",
        title="Process measure: share of appointments with a reminder",
        description=(
            "Run chart of the weekly share of appointments with a reminder over the same "
            f"{len(shown)} weeks, around the frozen baseline median of "
            f"{v['process_base']:.1f}%. After the change line the share stays close to the "
            f"baseline, with a median of {v['process_after']:.1f}%, far from every patient; "
            "points in a shift are coloured."
        ),
    )


def balance_run_chart(r: Results) -> alt.LayerChart:
    """Page 07's balancing chart: the weekly median lead time, same weeks."""
    shown = r.frames["shown"]
    v = r.values
    return spc_charts.run_chart(
        shown,
        spc.run_chart_signals(shown["lead_days"], median=v["balance_base"]),
        x="week",
        y="lead_days",
        changes=r.frames["changes"],
        x_title=_WEEK_TITLE,
        width=430,
        y_title="Median lead time, booking to visit (days)",
        title="Balancing measure: median days from booking to visit",
        description=(
            f"Run chart of the weekly median lead time over the same {len(shown)} weeks, "
            f"around the frozen baseline median of {v['balance_base']:.0f} days; the weeks "
            f"after the change stay around it, and {v['balance_n_signals']} run-chart rules "
            "signal."
        ),
    )


# --- case: the data decide the scope (case-scope-from-baseline) ------------------------------

_MINUTES_PER_HOUR = 60


def case_scope_from_baseline(*, on_time_min: int = 5) -> Results:
    """Case: the mentor blames late first-case starts for rooms running past the block; the
    baseline sizes them against the other ways the suite's day is lost or overrun.

    Input: the minutes after its booked time within which a first case counts as on time. The
    block (start and length) is that of the procedural-flow page (operations.BLOCK_START,
    operations.BLOCK_MIN).
    """
    if on_time_min < 0:
        raise InputError("on_time_min", on_time_min, "non_negative")
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    days = _room_days(cases)
    block_end = days["date"] + pd.Timedelta(minutes=_minutes(BLOCK_START) + BLOCK_MIN)
    early_min = ((block_end - days["end"]).dt.total_seconds() / 60).clip(lower=0)
    late_min = days["late_min"].clip(lower=0)
    late = days["late_min"] > on_time_min
    over = days["over_min"] > 0
    block_h = len(days) * BLOCK_MIN / _MINUTES_PER_HOUR
    drift_min = (done["actual_duration_min"] - done["scheduled_duration_min"]).astype(float)
    hours = {
        "late": float(late_min.sum()) / _MINUTES_PER_HOUR,
        "turn": float(done["turnover_min"].sum()) / _MINUTES_PER_HOUR,
        "early": float(early_min.sum()) / _MINUTES_PER_HOUR,
        "over": float(days["over_min"].sum()) / _MINUTES_PER_HOUR,
        "cancel": float(cases.loc[cases["canceled"].astype(bool), "scheduled_duration_min"].sum())
        / _MINUTES_PER_HOUR,
        "drift": float(drift_min.sum()) / _MINUTES_PER_HOUR,
    }
    test = stats.two_proportion_test(
        int(over[late].sum()), int(late.sum()), int(over[~late].sum()), int((~late).sum())
    )
    values = {
        "cpc_rooms": int(days["room"].nunique()),
        "cpc_room_days": len(days),
        "cpc_block_start": BLOCK_START,
        "cpc_block_h": BLOCK_MIN / _MINUTES_PER_HOUR,
        "cpc_block_total_h": block_h,
        "cpc_on_time_min": on_time_min,
        "cpc_late_days_pct": 100 * float(late.mean()),
        "cpc_late_median": float(days["late_min"].median()),
        "cpc_late_h": hours["late"],
        "cpc_late_block_pct": 100 * hours["late"] / block_h,
        "cpc_turn_h": hours["turn"],
        "cpc_early_h": hours["early"],
        "cpc_early_days_pct": 100 * float((early_min > 0).mean()),
        "cpc_over_h": hours["over"],
        "cpc_over_days_pct": 100 * float(over.mean()),
        "cpc_over_median": float(days.loc[over, "over_min"].median()),
        "cpc_cancel_h": hours["cancel"],
        "cpc_drift_h": hours["drift"],
        "cpc_drift_ratio": hours["drift"] / hours["late"],
        "cpc_over_to_late": hours["over"] / hours["late"],
        "cpc_over_if_late": 100 * test.proportion_a,
        "cpc_over_if_on_time": 100 * test.proportion_b,
        "cpc_diff_pts": 100 * test.difference,
        "cpc_diff_lo": 100 * test.difference_ci[0],
        "cpc_diff_hi": 100 * test.difference_ci[1],
    }
    mentor, other = "The mentor's project", "Outside it"
    sources = pd.DataFrame(
        [
            ("First cases starting after their booked time", hours["late"], mentor),
            ("Cases running longer than booked (net)", hours["drift"], other),
            ("Rooms running past the block end", hours["over"], other),
            ("Rooms empty before the block ends", hours["early"], other),
            ("Turnovers between cases", hours["turn"], other),
            ("Booked time of cases cancelled on the day", hours["cancel"], other),
        ],
        columns=["source", "hours", "scope"],
    )
    return Results(values=values, tables={}, frames={"sources": sources})


def scope_chart(r: Results) -> alt.TopLevelMixin:
    """The scope case's bars: the year's hours by where the suite's day goes, the mentor's
    target (late first-case starts) coloured apart from the rest."""
    v = r.values
    return basic.bar_chart(
        r.frames["sources"],
        category="source",
        value="hours",
        color="scope",
        color_title="Scope",
        title="Where the operating suite's hours go in a year",
        description=(
            "Horizontal bars, largest first, of the year's hours in six categories: turnovers, "
            "cases running longer than booked, rooms running past the block end, rooms empty "
            "before it ends, the booked time of cases cancelled on the day, and first cases "
            f"starting after their booked time. The last, the mentor's target, is the "
            f"shortest bar at {v['cpc_late_h']:,.0f} hours, against "
            f"{v['cpc_drift_h']:,.0f} hours of cases running longer than booked."
        ),
        category_title="Where the time goes",
        value_title="Hours in the year",
    )


# --- case: keeping the gain after the student leaves (case-sustaining-gains) -------------------

_MONTH_WEEKS = 52 / 12  # weeks in an average month, to put monthly points on the weekly scale


def case_sustaining_gains(
    seminar_folder: str | Path, *, slip_points: float = 10.0, on_time_min: int = 5
) -> Results:
    """Case: the chart the OR manager keeps after the student leaves, and which slips of the
    first-case on-time share a weekly, a monthly and a one-room chart can catch.

    Inputs: the slip (percentage points of late first cases) the manager wants to catch, and
    the minutes after its booked time within which a first case counts as on time.
    """
    if not np.isfinite(slip_points) or not 0 < slip_points < 100:
        raise InputError("slip_points", slip_points, "between", minimum=0, maximum=100)
    if on_time_min < 0:
        raise InputError("on_time_min", on_time_min, "non_negative")
    program = seminar.load_program(seminar_folder)
    report = program.milestone("report-and-presentation")
    first = _room_days(data.load("or_cases"))
    first["late"] = first["late_min"] > on_time_min
    p_bar = float(first["late"].mean())

    weekly = measures.weekly(
        first, "date", min_days=4, first_cases=("late", "size"), late=("late", "sum")
    )
    week_chart = spc.p_chart(weekly["late"].astype(int), weekly["first_cases"].astype(int))
    month = first["date"].dt.to_period("M")
    monthly = first.groupby(month).agg(first_cases=("late", "size"), late=("late", "sum"))
    month_chart = spc.p_chart(monthly["late"], monthly["first_cases"])
    room = first.groupby(["room", month], observed=True).agg(
        first_cases=("late", "size"), late=("late", "sum")
    )
    room_chart = spc.p_chart(room["late"], room["first_cases"])

    options = []
    for label, chart, weeks_per_point in (
        ("Whole suite, weekly", week_chart, 1.0),
        ("Whole suite, monthly", month_chart, _MONTH_WEEKS),
        ("One room, monthly", room_chart, _MONTH_WEEKS),
    ):
        half = 100 * float((chart["ucl"] - chart["center"]).median())
        options.append(
            {
                "chart": label,
                "first_cases": float(chart["size"].median()),
                "half_width": half,
                "one_point": half <= slip_points,
                "shift_weeks": spc.SHIFT_LENGTH * weeks_per_point,
            }
        )
    table = pd.DataFrame(options)
    week, mon, one = (table.iloc[i] for i in range(3))
    signals = spc.run_chart_signals(100 * week_chart["proportion"])
    values = {
        "cpd_report_due": prose_date(report.due),
        "cpd_rooms": int(first["room"].nunique()),
        "cpd_first_cases": len(first),
        "cpd_on_time_min": on_time_min,
        "cpd_late_pct": 100 * p_bar,
        "cpd_on_time_pct": 100 * (1 - p_bar),
        "cpd_weeks": len(weekly),
        "cpd_week_n": float(week["first_cases"]),
        "cpd_week_half": float(week["half_width"]),
        "cpd_week_low": 100 * float(week_chart["proportion"].min()),
        "cpd_week_high": 100 * float(week_chart["proportion"].max()),
        "cpd_week_beyond": int(week_chart["beyond_limits"].sum()),
        "cpd_week_signals": len(signals.signals()),
        "cpd_week_shifts": len(signals.shifts),
        "cpd_false_len": 0,
        "cpd_false_side": "",
        "cpd_false_from": "",
        "cpd_false_to": "",
        "cpd_month_n": float(mon["first_cases"]),
        "cpd_month_half": float(mon["half_width"]),
        "cpd_room_n": float(one["first_cases"]),
        "cpd_room_half": float(one["half_width"]),
        "cpd_slip": float(slip_points),
        "cpd_shift_points": spc.SHIFT_LENGTH,
        "cpd_month_shift_weeks": float(mon["shift_weeks"]),
        "cpd_n_catch": int(table["one_point"].sum()),
    }
    if len(signals.shifts):  # a shift in a year with nothing changed: a false alarm
        shift = signals.shifts.iloc[0]
        values.update(
            cpd_false_len=int(shift["length"]),
            cpd_false_side=str(shift["side"]),
            cpd_false_from=prose_date(weekly.loc[int(shift["start"]), "week"]),
            cpd_false_to=prose_date(weekly.loc[int(shift["end"]), "week"]),
        )
    shown = pd.DataFrame(
        {
            "Chart the manager keeps": table["chart"],
            "First cases per point (median)": table["first_cases"].round(0).astype(int),
            "Limits: centre ± (points)": table["half_width"].round(1),
            f"Can one point show a {slip_points:g}-point slip?": table["one_point"].map(
                {True: "yes", False: "no"}
            ),
            "Earliest shift signal (weeks)": table["shift_weeks"].round(0).astype(int),
        }
    )
    frame = week_chart.assign(
        week=weekly["week"],
        late_pct=100 * week_chart["proportion"],
        center_pct=100 * week_chart["center"],
        ucl_pct=100 * week_chart["ucl"],
        lcl_pct=100 * week_chart["lcl"],
    )
    return Results(
        values=values, tables={"options": shown}, frames={"weekly": frame, "options": table}
    )


def sustain_chart(r: Results) -> alt.LayerChart:
    """The sustaining case's weekly p chart of late first cases, the chart the manager keeps."""
    v = r.values
    return spc_charts.control_chart(
        r.frames["weekly"],
        x="week",
        value="late_pct",
        center="center_pct",
        ucl="ucl_pct",
        lcl="lcl_pct",
        signal="beyond_limits",
        title="Late first cases, whole suite, week by week",
        description=(
            f"p chart of the weekly share of first cases starting more than "
            f"{v['cpd_on_time_min']} minutes late, {v['cpd_weeks']} weeks of the year. The "
            f"centre line is {v['cpd_late_pct']:.0f}%; the dashed limits sit about "
            f"{v['cpd_week_half']:.0f} points either side, and the weeks move between "
            f"{v['cpd_week_low']:.0f}% and {v['cpd_week_high']:.0f}% with "
            f"{v['cpd_week_beyond']} point(s) outside them."
        ),
        x_title=_WEEK_TITLE,
        y_title="First cases starting late (%)",
        zero=False,
        width=430,
    )
