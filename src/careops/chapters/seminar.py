"""The numbers, tables and charts of the Seminar Series chapter (book/seminar)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from careops import stats
from careops.chapters import Results
from careops.charts import basic
from careops.measures import prose_date
from careops.seminar import load_program

__all__ = [
    "CASES_PER_YEAR",
    "CHECKLIST_TRIAL",
    "LEVELS",
    "RATINGS",
    "REVIEWERS",
    "capstone_critique",
    "journal_club",
    "peer_ratings_chart",
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
