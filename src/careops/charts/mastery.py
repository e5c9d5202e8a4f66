"""Charts of objective mastery across a cohort: attainment per objective, share meeting a bar.

Inputs are the tables of ``careops.grading.mastery`` (``scores``: one row per student and
objective; ``objectives``: one row per assessed objective); each builder returns an Altair chart
with a title, axis titles and alt text. The report gives each chart a table fallback.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible, need_frame


def _threshold_rule(threshold: float) -> alt.Chart:
    """A dashed vertical line at the threshold attainment."""
    return (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(color=PALETTE[3], strokeDash=[4, 4])
        .encode(x="threshold:Q")
    )


def attainment_chart(scores: pd.DataFrame, order: list[str], threshold: float) -> alt.LayerChart:
    """The cohort's attainment on each objective: its spread (box, min to max) and a dot per
    attainment value sized by how many students have it, with the threshold marked."""
    columns = ["student", "objective", "attainment", "points_earned", "points_possible"]
    data = need_frame(scores, *columns)[columns].dropna(subset=["attainment"])
    y = alt.Y("objective:N", sort=order, title="Objective (course.number)")
    x = alt.X(
        "attainment:Q",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
        title="Attainment (points earned / points possible, %)",
    )
    box = alt.Chart(data).mark_boxplot(extent="min-max", color=PALETTE[0], opacity=0.35)
    counts = data.groupby(["objective", "attainment"], as_index=False).agg(
        students=("student", "count")
    )
    dots = (
        alt.Chart(counts)
        .mark_circle(color=PALETTE[0], opacity=0.85)
        .encode(
            y=y,
            x=x,
            size=alt.Size(
                "students:Q", title="Students (count)", scale=alt.Scale(range=[40, 400], zero=False)
            ),
            tooltip=[
                "objective:N",
                alt.Tooltip("attainment:Q", format=".0%"),
                alt.Tooltip("students:Q", title="students"),
            ],
        )
    )
    students = data["student"].nunique()
    return accessible(
        alt.layer(box.encode(y=y, x=x), dots, _threshold_rule(threshold)).properties(width=480),
        title="Attainment by objective",
        description=(
            f"Box plot of {students} students' attainment on each of "
            f"{data['objective'].nunique()} assessed objectives, 0 to 100%, with a dot per "
            f"attainment value sized by the number of students; a dashed line marks the "
            f"threshold of {threshold:.0%}."
        ),
    )


def meeting_chart(objectives: pd.DataFrame, order: list[str], threshold: float) -> alt.Chart:
    """Share of students at or above the threshold, per objective."""
    columns = ["objective", "share_meeting", "students_meeting", "students"]
    data = need_frame(objectives, *columns)[columns].dropna(subset=["share_meeting"])
    chart = (
        alt.Chart(data)
        .mark_bar(color=PALETTE[2])
        .encode(
            y=alt.Y("objective:N", sort=order, title="Objective (course.number)"),
            x=alt.X(
                "share_meeting:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
                title=f"Students at or above {threshold:.0%} attainment (%)",
            ),
            tooltip=[
                "objective:N",
                alt.Tooltip("share_meeting:Q", format=".0%", title="share meeting"),
                "students_meeting:Q",
                "students:Q",
            ],
        )
    )
    lowest = data.sort_values("share_meeting").iloc[0]
    return accessible(
        chart.properties(width=480),
        title=f"Students at or above {threshold:.0%}, by objective",
        description=(
            f"Bar chart of the share of students whose attainment is at least {threshold:.0%} "
            f"on each of {len(data)} assessed objectives; the lowest is {lowest['objective']} "
            f"at {lowest['share_meeting']:.0%}."
        ),
    )


__all__ = ["attainment_chart", "meeting_chart"]
