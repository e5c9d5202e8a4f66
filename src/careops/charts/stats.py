"""Charts for the data exercises on comparing institutions: the funnel plot.

Limits come from careops.benchmarking (exact binomial, Spiegelhalter 2005); this only draws.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible

__all__ = ["funnel_plot"]

POSITIONS = ["above 99.8%", "above 95%", "within", "below 95%", "below 99.8%"]


def funnel_plot(units: pd.DataFrame, limits: pd.DataFrame, *, target: float, highlight: str, reveal: bool) -> alt.LayerChart:
    """Each hospital's rate against its volume, inside the 95 % and 99.8 % funnels.

    ``units``: unit, size, proportion (and position, needed only with ``reveal``); ``limits``: size, funnel ("95%"/"99.8%"),
    side ("lower"/"upper"), limit. ``highlight`` names the unit to label. With ``reveal``
    points are coloured by where they fall.
    """
    x = alt.X("size:Q", title="Discharges in the year (patients)")
    y = alt.Y("proportion:Q", title="30-day readmission rate (% of discharges)", axis=alt.Axis(format=".0%"))
    lines = alt.Chart(limits).mark_line().encode(
        x=x, y=alt.Y("limit:Q"), detail=alt.Detail("side:N"),
        strokeDash=alt.StrokeDash("funnel:N", title="Control limits", legend=alt.Legend(orient="bottom"), scale=alt.Scale(domain=["95%", "99.8%"], range=[[6, 3], [1, 0]])),
        color=alt.ColorValue(PALETTE[7]),
    )
    goal = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=PALETTE[1]).encode(
        y=alt.Y("target:Q"), tooltip=[alt.Tooltip("target:Q", format=".1%", title="Target")])
    tips = ["unit:N", "size:Q", alt.Tooltip("proportion:Q", format=".1%", title="Rate")]
    if reveal:
        dots = alt.Chart(units).mark_point(filled=True, size=70).encode(
            x=x, y=y, color=alt.Color("position:N", title="Position", legend=alt.Legend(orient="bottom"), scale=alt.Scale(
                domain=POSITIONS, range=[PALETTE[3], PALETTE[1], PALETTE[0], PALETTE[5], PALETTE[2]])),
            tooltip=[*tips, alt.Tooltip("position:N")])
    else:
        dots = alt.Chart(units).mark_point(filled=True, size=60, color=PALETTE[0]).encode(x=x, y=y, tooltip=tips)
    ours = units[units["unit"] == highlight]
    label = alt.Chart(ours).mark_text(align="left", dx=8, fontWeight="bold").encode(x=alt.X("size:Q"), y=alt.Y("proportion:Q"), text=alt.Text("unit:N"))
    ring = alt.Chart(ours).mark_point(size=220, color=PALETTE[3], strokeWidth=2).encode(x=alt.X("size:Q"), y=alt.Y("proportion:Q"))
    words = "points coloured by where they fall" if reveal else "positions not yet marked"
    return accessible(
        alt.layer(lines, goal, dots, ring, label).properties(width=500, height=300),
        title="Readmission rates across the region's hospitals",
        description=(f"Funnel plot: {len(units)} hospitals' 30-day readmission rates against discharges, "
                     f"with the {target:.1%} regional rate, dashed 95% and solid 99.8% control limits; "
                     f"{highlight} is circled; {words}."),
    )
