"""The numbers, tables and charts of the Seminar Series chapter (book/seminar)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from careops import data, stats
from careops.chapters import Results
from careops.charts import basic
from careops.charts import stats as stats_charts
from careops.errors import InputError
from careops.measures import prose_date
from careops.seminar import load_program

__all__ = [
    "CASES_PER_YEAR",
    "CHECKLIST_TRIAL",
    "LEVELS",
    "RATINGS",
    "REVIEWERS",
    "capstone_critique",
    "case_readmission_pilot",
    "case_reminder_replication",
    "journal_club",
    "peer_ratings_chart",
    "pilot_quarters_chart",
    "reminder_effects_chart",
]

# Haugen et al. 2015 (stepped-wedge trial of the WHO checklist): procedures and the share with a
# complication in each arm, from the abstract; the event counts are reconstructed (page 02)
CHECKLIST_TRIAL = {
    "control_n": 2212,
    "control_risk": 0.199,
    "checklist_n": 2263,
    "checklist_risk": 0.115,
}
CASES_PER_YEAR = 6000  # the surgical department the effect is translated to

# page 03's worked example: four reviewers' ratings of the first four milestones of one capstone
LEVELS = ["On track", "Needs attention", "At risk"]
REVIEWERS = ["Peer reviewer 1", "Peer reviewer 2", "Peer 3", "Program director"]
RATINGS = {
    "Topic and problem with the mentor": ["On track", "On track", "On track", "On track"],
    "Evidence review": ["On track", "Needs attention", "On track", "Needs attention"],
    "Current-state analysis": ["Needs attention", "Needs attention", "On track", "At risk"],
    "Intervention design": ["On track", "Needs attention", "On track", "Needs attention"],
}


def journal_club() -> Results:
    """Page 02: the checklist trial's absolute effect, NNT and complications avoided a year."""
    control_n, checklist_n = CHECKLIST_TRIAL["control_n"], CHECKLIST_TRIAL["checklist_n"]
    control_events = round(CHECKLIST_TRIAL["control_risk"] * control_n)
    checklist_events = round(CHECKLIST_TRIAL["checklist_risk"] * checklist_n)
    effect = stats.risk_measures(checklist_events, checklist_n, control_events, control_n)
    arr = effect.absolute_risk_reduction
    values = {
        "control_n": f"{control_n:,}",
        "checklist_n": f"{checklist_n:,}",
        "arr": f"{arr:.1%}",
        "arr_lo": f"{effect.arr_ci[0]:.1%}",
        "arr_hi": f"{effect.arr_ci[1]:.1%}",
        "rrr": f"{effect.relative_risk_reduction:.0%}",
        "nnt": f"{effect.nnt:.0f}",
        "nnt_lo": f"{effect.nnt_ci[0]:.0f}",
        "nnt_hi": f"{effect.nnt_ci[1]:.0f}",
        "cases_per_year": f"{CASES_PER_YEAR:,}",
        "avoided": f"{CASES_PER_YEAR * arr:,.0f}",
    }
    table = pd.DataFrame(
        {
            "Measure": [
                "Complication risk, control",
                "Complication risk, checklist",
                "Absolute risk reduction (95% CI)",
                "Relative risk reduction",
                "Number needed to treat (95% CI)",
            ],
            "Value": [
                f"{effect.control_risk:.1%}",
                f"{effect.exposed_risk:.1%}",
                f"{arr:.1%} ({effect.arr_ci[0]:.1%} to {effect.arr_ci[1]:.1%})",
                f"{effect.relative_risk_reduction:.0%}",
                f"{effect.nnt:.0f} ({effect.nnt_ci[0]:.0f} to {effect.nnt_ci[1]:.0f})",
            ],
        }
    )
    return Results(values=values, tables={"effect": table})


def capstone_critique(seminar_folder: str | Path) -> Results:
    """Page 03: the capstone milestones, and one session's peer ratings summarised by milestone."""
    program = load_program(seminar_folder)
    milestones = pd.DataFrame(
        [
            {
                "#": m.number,
                "Milestone": m.title,
                "Due": prose_date(m.due),
                "Report section": m.report_section,
            }
            for m in program.milestones
        ]
    )
    long = pd.DataFrame(
        [
            {"milestone": m, "reviewer": r, "rating": v}
            for m, vs in RATINGS.items()
            for r, v in zip(REVIEWERS, vs, strict=True)
        ]
    )
    order = {level: i for i, level in enumerate(LEVELS)}
    summary = (
        long.assign(
            score=long["rating"].map(order),
            at_risk=long["rating"].eq("At risk").astype(int),
            needs_attention=long["rating"].eq("Needs attention").astype(int),
        )
        .groupby("milestone", sort=False)
        .agg(
            worst=("score", "max"),
            best=("score", "min"),
            at_risk=("at_risk", "sum"),
            needs_attention=("needs_attention", "sum"),
        )
    )
    summary["agreement"] = (summary["worst"] == summary["best"]).map(
        {True: "all agree", False: "reviewers differ"}
    )
    summary["worst rating"] = summary["worst"].map(dict(enumerate(LEVELS)))
    flagged = summary.sort_values(["worst", "needs_attention"], ascending=False).index[0]
    values = {
        "n_milestones": len(milestones),
        "flagged": flagged,
        "n_agree": int((summary["agreement"] == "all agree").sum()),
    }
    shown = summary[["worst rating", "needs_attention", "at_risk", "agreement"]].rename(
        columns={
            "worst rating": "Worst rating",
            "needs_attention": "Needs attention (reviewers)",
            "at_risk": "At risk (reviewers)",
            "agreement": "Agreement",
        }
    )
    return Results(
        values=values,
        tables={"milestones": milestones, "summary": shown},
        frames={"ratings": long, "summary": summary},
    )


def peer_ratings_chart(r: Results) -> alt.Chart:
    """Page 03's grid: each reviewer's rating of each milestone."""
    return basic.rating_grid_chart(
        r.frames["ratings"],
        row="milestone",
        column="reviewer",
        value="rating",
        levels=LEVELS,
        row_title="Milestone",
        column_title="Reviewer",
        title="Peer ratings of one capstone, February session",
        description="Grid of ratings by four reviewers for four capstone milestones, coloured "
        "green for on track, amber for needs attention and red for at risk.",
    )


# --- case: the readmission pilot (before-after, regression to the mean) ---------------------

FOLLOW_UP_DAYS = 30  # a stay counts only if the data cover the 30 days after its discharge


def _followed_stays() -> tuple[pd.DataFrame, pd.Timestamp]:
    """2025's live discharges whose 30 days of follow-up fall inside the data, and the last
    discharge kept: a late-December discharge has had no time to be readmitted, and counting it
    as "not readmitted" would fake an improvement at the year's end."""
    stays = data.load("inpatient_stays")
    cutoff = stays["admission_date"].max() - pd.Timedelta(days=FOLLOW_UP_DAYS)
    kept = stays[
        (stays["discharge_disposition"] != "died")
        & (stays["discharge_date"].dt.year == 2025)
        & (stays["discharge_date"] <= cutoff)
    ]
    kept = kept.assign(
        readmit=kept["readmitted_30d"].astype(bool),
        quarter=kept["discharge_date"].dt.quarter,
        line=kept["service_line"].astype(str),
    )
    return kept, kept["discharge_date"].max()


def case_readmission_pilot(*, pilot_quarter: int = 3) -> Results:
    """Case: a hypothetical pilot started on the service line with the worst readmission rate
    of the quarter before; its before-after change, set against the line's own earlier baseline
    and the change on the best line (which had no pilot), shows regression to the mean.

    Input: the quarter the hypothetical pilot starts (2, 3 or 4; it needs a quarter before it).
    """
    if isinstance(pilot_quarter, bool) or pilot_quarter not in (2, 3, 4):
        raise InputError("pilot_quarter", pilot_quarter, "choice", choices="2, 3 or 4")
    stays, last_kept = _followed_stays()
    grid = (
        stays.groupby(["line", "quarter"])
        .agg(discharges=("readmit", "size"), readmitted=("readmit", "sum"))
        .reset_index()
    )
    grid["rate"] = grid["readmitted"] / grid["discharges"]
    rate = grid.pivot(index="line", columns="quarter", values="rate")
    before_q = pilot_quarter - 1
    line = str(rate[before_q].idxmax())
    best = str(rate[before_q].idxmin())

    def counts(lines: list[str], quarters: list[int]) -> tuple[int, int]:
        """Readmissions and discharges of ``lines`` in ``quarters``."""
        cell = grid[grid["line"].isin(lines) & grid["quarter"].isin(quarters)]
        return int(cell["readmitted"].sum()), int(cell["discharges"].sum())

    before = counts([line], [before_q])
    after = counts([line], [pilot_quarter])
    baseline = counts([line], list(range(1, pilot_quarter)))
    year = counts([line], [1, 2, 3, 4])
    others = [name for name in rate.index if name != line]
    others_before = counts(others, [before_q])
    others_after = counts(others, [pilot_quarter])
    change = stats.risk_measures(after[0], after[1], before[0], before[1])
    test = stats.two_proportion_test(before[0], before[1], after[0], after[1])
    fair = stats.risk_measures(after[0], after[1], baseline[0], baseline[1])
    values = {
        "smc_discharges": len(stays),
        "smc_cutoff": prose_date(last_kept),
        "smc_lines": int(rate.shape[0]),
        "smc_all_pct": 100 * float(stays["readmit"].mean()),
        "smc_pilot_q": pilot_quarter,
        "smc_before_q": before_q,
        "smc_line": line,
        "smc_before_pct": 100 * before[0] / before[1],
        "smc_before_n": before[1],
        "smc_before_readmits": before[0],
        "smc_after_pct": 100 * after[0] / after[1],
        "smc_after_n": after[1],
        "smc_after_readmits": after[0],
        "smc_drop_pts": 100 * change.absolute_risk_reduction,
        "smc_rrr_pct": 100 * float(change.relative_risk_reduction or 0.0),
        "smc_drop_lo": 100 * change.arr_ci[0],
        "smc_drop_hi": 100 * change.arr_ci[1],
        "smc_p": test.p_value,
        "smc_base_quarters": pilot_quarter - 1,
        "smc_base_pct": 100 * baseline[0] / baseline[1],
        "smc_base_drop_pts": 100 * fair.absolute_risk_reduction,
        "smc_year_pct": 100 * year[0] / year[1],
        "smc_best": best,
        "smc_best_before_pct": 100 * float(rate.loc[best, before_q]),
        "smc_best_after_pct": 100 * float(rate.loc[best, pilot_quarter]),
        "smc_others_before_pct": 100 * others_before[0] / others_before[1],
        "smc_others_after_pct": 100 * others_after[0] / others_after[1],
    }
    table = pd.DataFrame(
        {
            "Comparison": [
                f"Quarter {before_q} (before) against quarter {pilot_quarter} (pilot)",
                f"Quarters 1 to {before_q} (baseline) against quarter {pilot_quarter}",
            ],
            "Before": [f"{before[0]} of {before[1]}", f"{baseline[0]} of {baseline[1]}"],
            "After": [f"{after[0]} of {after[1]}"] * 2,
            "Fall in points (95% CI)": [
                f"{100 * change.absolute_risk_reduction:.1f} ({100 * change.arr_ci[0]:.1f} "
                f"to {100 * change.arr_ci[1]:.1f})",
                f"{100 * fair.absolute_risk_reduction:.1f} ({100 * fair.arr_ci[0]:.1f} "
                f"to {100 * fair.arr_ci[1]:.1f})",
            ],
        }
    )
    grid["quarter_label"] = "Q" + grid["quarter"].astype(str)
    grid["percent"] = 100 * grid["rate"]
    return Results(values=values, tables={"pilot": table}, frames={"quarters": grid})


def pilot_quarters_chart(r: Results) -> alt.Chart:
    """The readmission rate of each service line by quarter: the extreme quarters move back."""
    return basic.line_chart(
        r.frames["quarters"],
        x="quarter_label",
        x_type="O",
        y="percent",
        color="line",
        color_title="Service line",
        points=True,
        title="Readmitted within 30 days, by service line and quarter of discharge, 2025",
        description="Line chart of the share of live discharges readmitted within 30 days for "
        "each service line in each quarter of 2025 (the fourth quarter counts discharges with "
        "30 days of follow-up only). Each line wanders around its own level; a quarter that "
        "is unusually high or low for its line tends to be followed by one nearer that level.",
        x_title="Quarter of discharge",
        y_title="Readmitted within 30 days (%)",
        width=480,
    )


# --- case: a published effect and a local replication (appointment reminders) ---------------


def _reminder_effect(frame: pd.DataFrame) -> stats.RiskMeasures:
    """No-show risk with and without a reminder, as risk measures (reminded = exposed)."""
    sent = frame["reminder_sent"].astype(bool)
    missed = frame["no_show"].astype(bool)
    return stats.risk_measures(
        int(missed[sent].sum()), int(sent.sum()), int(missed[~sent].sum()), int((~sent).sum())
    )


def case_reminder_replication(
    *, clinic: str = "Endocrinology", minutes_per_reminder: float = 3.0
) -> Results:
    """Case: one clinic's local check of appointment reminders (no significant effect) against
    the published trials and the hospital's own pooled estimate, and the staff time a no-show
    avoided costs.

    Inputs: the clinic whose manager proposes to stop reminders, and the staff minutes one
    reminder takes (assumed).
    """
    appointments = data.load("clinic_appointments")
    clinics = sorted(appointments["clinic"].astype(str).unique())
    if clinic not in clinics:
        raise InputError("clinic", clinic, "choice", choices=", ".join(clinics))
    if (
        isinstance(minutes_per_reminder, bool)
        or not isinstance(minutes_per_reminder, int | float)
        or not 0 < minutes_per_reminder < float("inf")
    ):
        raise InputError("minutes_per_reminder", minutes_per_reminder, "positive")
    overall = _reminder_effect(appointments)
    rows = []
    for name in clinics:
        part = appointments[appointments["clinic"].astype(str) == name]
        effect = _reminder_effect(part)
        rows.append(
            {
                "group": name,
                "appointments": len(part),
                "arr": 100 * effect.absolute_risk_reduction,
                "low": 100 * effect.arr_ci[0],
                "high": 100 * effect.arr_ci[1],
                "includes_zero": effect.arr_ci[0] <= 0 <= effect.arr_ci[1],
                "chosen": name == clinic,
            }
        )
    rows.append(
        {
            "group": "All clinics",
            "appointments": len(appointments),
            "arr": 100 * overall.absolute_risk_reduction,
            "low": 100 * overall.arr_ci[0],
            "high": 100 * overall.arr_ci[1],
            "includes_zero": overall.arr_ci[0] <= 0 <= overall.arr_ci[1],
            "chosen": False,
        }
    )
    forest = pd.DataFrame(rows)
    part = appointments[appointments["clinic"].astype(str) == clinic]
    local = _reminder_effect(part)
    sent = part["reminder_sent"].astype(bool)
    missed = part["no_show"].astype(bool)
    test = stats.two_proportion_test(
        int(missed[~sent].sum()), int((~sent).sum()), int(missed[sent].sum()), int(sent.sum())
    )
    reminded = appointments["reminder_sent"].astype(bool)
    lead = appointments.groupby(reminded)["lead_time_days"].mean()
    prior = appointments.groupby(reminded)["prior_no_shows"].mean()
    by_clinic = forest[forest["group"] != "All clinics"]
    values = {
        "smd_appointments": len(appointments),
        "smd_clinics": len(clinics),
        "smd_reminded_pct": 100 * float(reminded.mean()),
        "smd_all_without_pct": 100 * overall.control_risk,
        "smd_all_with_pct": 100 * overall.exposed_risk,
        "smd_all_arr": 100 * overall.absolute_risk_reduction,
        "smd_all_lo": 100 * overall.arr_ci[0],
        "smd_all_hi": 100 * overall.arr_ci[1],
        "smd_all_nnt": float(overall.nnt or 0.0),
        "smd_all_nnt_lo": float(overall.nnt_ci[0]) if overall.nnt_ci else float("nan"),
        "smd_all_nnt_hi": float(overall.nnt_ci[1]) if overall.nnt_ci else float("nan"),
        "smd_clinic": clinic,
        "smd_c_n": len(part),
        "smd_c_share": 100 * len(part) / len(appointments),
        "smd_c_reminded": int(sent.sum()),
        "smd_c_without_pct": 100 * local.control_risk,
        "smd_c_with_pct": 100 * local.exposed_risk,
        "smd_c_arr": 100 * local.absolute_risk_reduction,
        "smd_c_lo": 100 * local.arr_ci[0],
        "smd_c_hi": 100 * local.arr_ci[1],
        "smd_c_p": test.p_value,
        "smd_c_includes_all": "includes"
        if local.arr_ci[0] <= overall.absolute_risk_reduction <= local.arr_ci[1]
        else "excludes",
        "smd_n_zero": int(by_clinic["includes_zero"].sum()),
        "smd_lead_with": float(lead[True]),
        "smd_lead_without": float(lead[False]),
        "smd_prior_with": float(prior[True]),
        "smd_prior_without": float(prior[False]),
        "smd_minutes": float(minutes_per_reminder),
        "smd_minutes_per_avoided": float(overall.nnt or 0.0) * minutes_per_reminder,
        "smd_c_more_if_stopped_all": int(sent.sum()) * overall.absolute_risk_reduction,
        "smd_c_more_if_stopped_local": int(sent.sum()) * local.absolute_risk_reduction,
        "smd_c_hours": int(sent.sum()) * minutes_per_reminder / 60,
    }
    return Results(values=values, frames={"forest": forest})


def reminder_effects_chart(r: Results) -> alt.Chart:
    """Each clinic's fall in no-shows with a reminder, with its 95% interval, and the pooled."""
    clinic = r["smd_clinic"]
    return stats_charts.estimates_chart(
        r.frames["forest"],
        label="group",
        estimate="arr",
        low="low",
        high="high",
        highlight="chosen",
        title="Fewer no-shows with a reminder, by clinic, 2025 (points, with 95% intervals)",
        description="Forest plot: for each of the clinics and for all clinics together, the "
        "no-show rate without a reminder minus the rate with one, in percentage points, as a "
        f"dot with its 95% confidence interval as a bar, and a dashed line at 0. {clinic}, "
        "the clinic whose manager proposes to stop reminders, is drawn in red; a bar that "
        "crosses the dashed line is an interval that includes no difference.",
        x_title="Fall in no-shows with a reminder (percentage points)",
        y_title="Clinic",
    )
