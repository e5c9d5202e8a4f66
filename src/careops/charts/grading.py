"""Charts of an assignment's grades: score distribution, item difficulty and discrimination,
lateness.

Inputs are the DataFrames of ``careops.grading.items`` (score_distribution, item_analysis,
late_summary); each builder returns an Altair chart with title, axis titles and alt text.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible

KIND_COLORS = alt.Scale(domain=["autograded", "written"], range=[PALETTE[0], PALETTE[1]])
DISCRIMINATION_FLOOR = 0.2  # items below this separate strong from weak students poorly


def score_distribution_chart(
    distribution: pd.DataFrame, assignment: str, max_total: float
) -> alt.Chart:
    """Histogram of students' total scores, in percent of the points available."""
    chart = (
        alt.Chart(distribution)
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X(
                "percent:Q",
                bin=alt.Bin(extent=[0, 100], step=10),
                title=f"Score (% of {max_total:g} points)",
            ),
            y=alt.Y("count():Q", title="Students (count)"),
            tooltip=[alt.Tooltip("count():Q", title="Students")],
        )
    )
    return accessible(
        chart,
        title=f"Score distribution, {assignment}",
        description=(
            f"Histogram of {len(distribution)} students' total scores on {assignment} "
            f"in 10-percentage-point bins; mean {distribution['percent'].mean():.0f}%."
        ),
    )


def item_difficulty_chart(items: pd.DataFrame, assignment: str) -> alt.Chart:
    """Mean score over maximum per item (1 = every student earned full marks)."""
    chart = (
        alt.Chart(items)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort="x", title="Item (notebook:grade id)"),
            x=alt.X(
                "difficulty:Q",
                scale=alt.Scale(domain=[0, 1]),
                title="Difficulty (mean score / max score, 0-1)",
            ),
            color=alt.Color("kind:N", scale=KIND_COLORS, title="Item kind"),
            tooltip=[
                "item:N",
                "kind:N",
                alt.Tooltip("mean_score:Q", format=".2f"),
                "max_score:Q",
                alt.Tooltip("difficulty:Q", format=".2f"),
            ],
        )
    )
    hardest = items.sort_values("difficulty").iloc[0]["item"] if len(items) else "none"
    return accessible(
        chart,
        title=f"Item difficulty, {assignment}",
        description=(
            f"Bar chart of the share of available points students earned on each of "
            f"{len(items)} items of {assignment}; the hardest item is {hardest}."
        ),
    )


def item_discrimination_chart(items: pd.DataFrame, assignment: str) -> alt.LayerChart:
    """Corrected item-total correlation per item, with the 0.2 rule of thumb marked."""
    defined = items.dropna(subset=["discrimination"])
    bars = (
        alt.Chart(defined)
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort="x", title="Item (notebook:grade id)"),
            x=alt.X(
                "discrimination:Q",
                scale=alt.Scale(domain=[-1, 1]),
                title="Discrimination (item-rest correlation, -1 to 1)",
            ),
            color=alt.Color("kind:N", scale=KIND_COLORS, title="Item kind"),
            tooltip=["item:N", alt.Tooltip("discrimination:Q", format=".2f"), "n:Q"],
        )
    )
    floor = (
        alt.Chart(pd.DataFrame({"x": [DISCRIMINATION_FLOOR]}))
        .mark_rule(color=PALETTE[3], strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    undefined = len(items) - len(defined)
    return accessible(
        alt.layer(bars, floor),
        title=f"Item discrimination, {assignment}",
        description=(
            f"Bar chart of how well each item of {assignment} separates students with "
            f"high and low totals (correlation with the rest of the test); a dashed line "
            f"marks {DISCRIMINATION_FLOOR}. {undefined} item(s) have no variance and are "
            "not shown."
        ),
    )


def late_work_chart(late: pd.DataFrame, assignment: str) -> alt.Chart:
    """Submissions on time and late, by how late."""
    chart = (
        alt.Chart(late)
        .mark_bar(color=PALETTE[2])
        .encode(
            x=alt.X("status:N", sort=list(late["status"]), title="Submission status"),
            y=alt.Y("submissions:Q", title="Submissions (count)"),
            tooltip=["status:N", "submissions:Q"],
        )
    )
    on_time = int(late.loc[late["status"] == "on time", "submissions"].sum())
    return accessible(
        chart,
        title=f"Late work, {assignment}",
        description=(
            f"Bar chart of {int(late['submissions'].sum())} submissions of {assignment} by "
            f"lateness; {on_time} on time."
        ),
    )
