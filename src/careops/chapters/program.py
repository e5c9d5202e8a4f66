"""The numbers and charts of the program overview page (book/program)."""

from __future__ import annotations

import altair as alt

from careops import curriculum
from careops.chapters import Results
from careops.charts import curriculum as curriculum_charts

__all__ = ["credits_by_course_chart", "credits_by_term_chart", "overview"]


def overview() -> Results:
    """The overview page: courses and credits of the catalog and the published plans' totals."""
    catalog = curriculum.load()
    totals = catalog.plan_totals()
    values = {
        "n_courses": len(catalog.courses),
        "catalog_credits": catalog.catalog_credits,
        "full_time_credits": totals["full-time"],
        "part_time_credits": totals["part-time"],
        "part_time_y1": totals["part-time-year-1"],
        "part_time_y2": totals["part-time-year-2"],
    }
    return Results(
        values=values,
        frames={
            "courses": curriculum_charts.catalog_frame(catalog),
            "plans": curriculum_charts.plan_frame(catalog),
        },
    )


def credits_by_course_chart() -> alt.Chart:
    """The overview's bars: credits of each course of the catalog."""
    return curriculum_charts.credits_by_course(curriculum.load())


def credits_by_term_chart() -> alt.Chart:
    """The overview's stacked bars: credits per term in each published plan."""
    return curriculum_charts.credits_by_term(curriculum.load())
