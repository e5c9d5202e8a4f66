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
    """Each student's attainment on each objective (dots) over its spread (box), with the
    threshold marked: the cohort's distribution, objective by objective."""
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
    dots = (
        alt.Chart(data)
        .mark_circle(size=45, color=PALETTE[0], opacity=0.8)
        .encode(
            y=y,
            x=x,
            tooltip=[
                "student:N",
                "objective:N",
                alt.Tooltip("attainment:Q", format=".0%"),
                "points_earned:Q",
                "points_possible:Q",
            ],
        )
    )
    students = data["student"].nunique()
    return accessible(
        alt.layer(box.encode(y=y, x=x), dots, _threshold_rule(threshold)),
        title="Attainment by objective",
        description=(
            f"Box and dot plot of {students} students' attainment on each of "
            f"{data['objective'].nunique()} assessed objectives, 0 to 100%; a dashed line "
            f"marks the threshold of {threshold:.0%}."
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
        chart,
        title=f"Students at or above {threshold:.0%}, by objective",
        description=(
            f"Bar chart of the share of students whose attainment is at least {threshold:.0%} "
            f"on each of {len(data)} assessed objectives; the lowest is {lowest['objective']} "
            f"at {lowest['share_meeting']:.0%}."
        ),
    )


__all__ = ["attainment_chart", "meeting_chart"]
