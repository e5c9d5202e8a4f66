"""Charts of the program's credits: the catalog by course and each plan by term."""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible
from careops.curriculum import TERM_ORDER, Catalog

TERM_LABELS = {"fall": "Fall", "january": "January", "spring": "Spring"}


def catalog_frame(catalog: Catalog) -> pd.DataFrame:
    """One row per course: order, short title and credits."""
    return pd.DataFrame(
        [{"order": c.order, "course": c.short_title, "credits": c.credits} for c in catalog.courses]
    )


def plan_frame(catalog: Catalog) -> pd.DataFrame:
    """One row per (plan, term, course) with the credits as published."""
    rows = []
    for pid in ("full-time", "part-time-year-1", "part-time-year-2"):
        plan = catalog.plan(pid)
        for e in plan.entries:
            rows.append(
                {
                    "plan": plan.title,
                    "term": TERM_LABELS[e.term],
                    "term_order": TERM_ORDER.index(e.term),
                    "course": catalog.course(e.course_id).short_title,
                    "credits": e.credits,
                }
            )
    return pd.DataFrame(rows)


def credits_by_course(catalog: Catalog) -> alt.Chart:
    """Horizontal bars: credits of each course, in curriculum order."""
    data = catalog_frame(catalog)
    chart = (
        alt.Chart(data)
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("course:N", sort=alt.SortField("order"), title="Course"),
            x=alt.X("credits:Q", title="Credits (semester credit hours)"),
            tooltip=["course", "credits"],
        )
        .properties(width=420, height=alt.Step(22))
    )
    total = int(data["credits"].sum())
    return accessible(
        chart,
        title=f"The {total}-credit core curriculum by course",
        description=(
            f"Bar chart of credits for each of the {len(data)} core courses; "
            f"they add up to {total}."
        ),
    )


def credits_by_term(catalog: Catalog) -> alt.Chart:
    """Stacked bars: credits per term in each published plan, stacked by course."""
    data = plan_frame(catalog)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("term:N", sort=[TERM_LABELS[t] for t in TERM_ORDER], title="Term"),
            y=alt.Y("sum(credits):Q", title="Credits in the term"),
            color=alt.Color(
                "course:N",
                title="Course",
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(labelLimit=260),
            ),
            column=alt.Column("plan:N", title="Published plan", sort=list(data["plan"].unique())),
            tooltip=["plan", "term", "course", "credits"],
        )
        .properties(width=160, height=220)
    )
    return accessible(
        chart,
        title="Credits per term in each published plan",
        description=(
            "Stacked bar charts of credits per term (fall, January, spring) for the full-time "
            "plan and the two part-time years, stacked by course."
        ),
    )
