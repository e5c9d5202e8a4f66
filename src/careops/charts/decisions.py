"""Charts for group decisions (careops.decisions): decision matrices, weight sensitivity,
nominal-group tallies and regret tables, as the skillsets chapters draw them.

Every chart gets a title, axis titles with units and alt text through
:func:`careops.charts.base.accessible`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible, need_frame

__all__ = [
    "decision_matrix_chart",
    "ngt_chart",
    "ratings_and_weights_chart",
    "regret_chart",
    "weight_sensitivity_chart",
]


def decision_matrix_chart(
    scores: pd.DataFrame, *, title: str, description: str, unit: str = "weighted rating"
) -> alt.Chart:
    """Stacked bars: each option's total split into what each criterion contributes."""
    need_frame(scores, "total")
    criteria = [c for c in scores.columns if c not in ("total", "rank")]
    long = (
        scores[criteria]
        .rename_axis("option")
        .reset_index()
        .melt(id_vars="option", var_name="criterion", value_name="contribution")
    )
    order = list(scores.sort_values("total", ascending=False).index)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort=order, title="Option"),
            x=alt.X("sum(contribution):Q", title=f"Total score ({unit})"),
            color=alt.Color(
                "criterion:N", title="Criterion", sort=criteria, scale=alt.Scale(range=PALETTE)
            ),
            order=alt.Order("criterion:N"),
            tooltip=["option", "criterion", alt.Tooltip("contribution:Q", format=".2f")],
        )
        .properties(width=460, height=alt.Step(34))
    )
    return accessible(chart, title=title, description=description)


def weight_sensitivity_chart(
    sensitivity: pd.DataFrame, *, criterion: str, current_share: float, title: str, description: str
) -> alt.LayerChart:
    """Lines: each option's total as one criterion's weight share moves from 0 to 100 %."""
    need_frame(sensitivity, "share", "option", "total")
    lines = (
        alt.Chart(sensitivity)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "share:Q",
                title=f"Weight of {criterion} (share of all weight)",
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("total:Q", title="Total score (weighted rating)", scale=alt.Scale(zero=False)),
            color=alt.Color("option:N", title="Option", scale=alt.Scale(range=PALETTE)),
            tooltip=[
                "option",
                alt.Tooltip("share:Q", format=".0%"),
                alt.Tooltip("total:Q", format=".2f"),
            ],
        )
    )
    now = alt.Chart(
        pd.DataFrame({"share": [current_share], "label": ["weight agreed by the team"]})
    )
    rule = now.mark_rule(strokeDash=[4, 4], color="#475569").encode(x="share:Q")
    text = now.mark_text(align="left", dx=4, dy=-110, color="#475569").encode(
        x="share:Q", text="label:N"
    )
    chart = (lines + rule + text).properties(width=460, height=260)
    return accessible(chart, title=title, description=description)


def ratings_and_weights_chart(
    ratings: pd.DataFrame, shares: pd.Series, *, title: str, description: str
) -> alt.HConcatChart:
    """The matrix a team computes from: each option's ratings by criterion (a grid of numbers)
    beside each criterion's share of the weight (bars), before any total is shown."""
    need_frame(ratings)
    criteria = list(ratings.columns)
    long = (
        ratings.rename_axis("option")
        .reset_index()
        .melt(id_vars="option", var_name="criterion", value_name="rating")
    )
    x = alt.X("criterion:N", sort=criteria, title="Criterion", axis=alt.Axis(labelAngle=0))
    y = alt.Y("option:N", sort=list(ratings.index), title="Option")
    cells = (
        alt.Chart(long)
        .mark_rect()
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "rating:Q",
                title="Rating (1–5)",
                scale=alt.Scale(domain=[1, 5], scheme="blues"),
            ),
            tooltip=["option", "criterion", "rating"],
        )
    )
    labels = (
        alt.Chart(long)
        .mark_text(fontSize=15, fontWeight="bold")
        .encode(
            x=x,
            y=y,
            text="rating:Q",
            color=alt.condition("datum.rating >= 4", alt.value("white"), alt.value("#0f172a")),
        )
    )
    weights = pd.DataFrame({"criterion": criteria, "share": [float(shares[c]) for c in criteria]})
    bars = (
        alt.Chart(weights)
        .mark_bar(color=PALETTE[1])
        .encode(
            x=x,
            y=alt.Y(
                "share:Q",
                title="Share of all weight (%)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=["criterion", alt.Tooltip("share:Q", format=".0%")],
        )
    )
    left = alt.layer(cells, labels).properties(
        width=300, height=alt.Step(44), title="Ratings (1 poor – 5 excellent)"
    )
    right = bars.properties(width=220, height=140, title="The team's weights")
    return accessible(alt.hconcat(left, right), title=title, description=description)


def ngt_chart(tally: pd.DataFrame, *, title: str, description: str) -> alt.Chart:
    """Horizontal bars of nominal-group points, highest first, with the number of votes."""
    need_frame(tally, "item", "points", "votes")
    chart = (
        alt.Chart(tally)
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("item:N", sort="-x", title="Idea", axis=alt.Axis(labelLimit=320)),
            x=alt.X("points:Q", title="Points from ranked ballots"),
            tooltip=["item", "points", "votes", "first_choices"],
        )
        .properties(width=360, height=alt.Step(26))
    )
    return accessible(chart, title=title, description=description)


def regret_chart(
    regret: pd.DataFrame, *, unit: str, title: str, description: str
) -> alt.LayerChart:
    """Heat map of regret: strategy (rows) by scenario (columns), darker = more regret."""
    long = (
        regret.rename_axis("strategy")
        .reset_index()
        .melt(id_vars="strategy", var_name="scenario", value_name="regret")
    )
    base = alt.Chart(long).encode(
        x=alt.X(
            "scenario:N", title="Scenario", sort=list(regret.columns), axis=alt.Axis(labelAngle=0)
        ),
        y=alt.Y("strategy:N", title="Strategy", sort=list(regret.index)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("regret:Q", title=f"Regret ({unit})", scale=alt.Scale(scheme="oranges")),
        tooltip=["strategy", "scenario", alt.Tooltip("regret:Q", format=",.0f")],
    )
    labels = base.mark_text(fontSize=13).encode(text=alt.Text("regret:Q", format=",.0f"))
    chart = (cells + labels).properties(width=alt.Step(120), height=alt.Step(40))
    return accessible(chart, title=title, description=description)
