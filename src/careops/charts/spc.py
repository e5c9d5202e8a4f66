"""Charts for the SPC exercises: control charts (XmR, p) and run charts, with signals marked.

Limits and signals come from careops.spc; these builders only draw them. ``reveal=False``
draws the series and its lines without marking signals, so the student finds them first.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible

__all__ = ["control_chart", "run_chart"]

_SIGNAL_COLOURS = alt.Scale(domain=["No signal", "Signal"], range=[PALETTE[0], PALETTE[3]])


def control_chart(
    points: pd.DataFrame, *, y_title: str, x_title: str, title: str, reveal: bool, proportion: bool
) -> alt.LayerChart:
    """A control chart: the series, its centre line and (possibly varying) control limits.

    ``points`` has columns period (label), order, value, center, ucl, lcl, and with
    ``reveal`` also signal (bool): the signalling points are then red and named in the tooltip.
    """
    fmt = ".1%" if proportion else ".1f"
    axis = alt.Axis(format=".0%") if proportion else alt.Axis()
    x = alt.X("order:Q", title=x_title, axis=alt.Axis(tickMinStep=1))
    base = alt.Chart(points)
    lines = []
    for field, dash, label in (("center", [], "Centre"), ("ucl", [6, 3], "Upper limit"), ("lcl", [6, 3], "Lower limit")):
        lines.append(base.mark_line(interpolate="step-after" if proportion else "linear", color=PALETTE[7], strokeDash=dash or [1, 0])
                     .encode(x=x, y=alt.Y(f"{field}:Q", title=y_title, axis=axis),
                             tooltip=[alt.Tooltip(f"{field}:Q", title=label, format=fmt)]))
    series = base.mark_line(color=PALETTE[0], point=False).encode(x=x, y=alt.Y("value:Q"))
    tips = [alt.Tooltip("period:N", title="Period"), alt.Tooltip("value:Q", title="Value", format=fmt)]
    if reveal:
        pts = base.transform_calculate(status="datum.signal ? 'Signal' : 'No signal'").mark_point(filled=True, size=60).encode(
            x=x, y=alt.Y("value:Q"), color=alt.Color("status:N", title=None, scale=_SIGNAL_COLOURS, legend=alt.Legend(orient="bottom")),
            shape=alt.Shape("status:N", title=None, scale=alt.Scale(domain=["No signal", "Signal"], range=["circle", "diamond"])),
            tooltip=[*tips, alt.Tooltip("status:N", title="Signal")])
    else:
        pts = base.mark_point(filled=True, size=40, color=PALETTE[0]).encode(x=x, y=alt.Y("value:Q"), tooltip=tips)
    words = "signals marked red" if reveal else "signals not yet marked"
    return accessible(
        alt.layer(*lines, series, pts).properties(width=500, height=260),
        title=title,
        description=(f"Control chart of {y_title} over {len(points)} periods with the centre line and "
                     f"dashed upper and lower control limits; {words}."),
    )


def run_chart(points: pd.DataFrame, *, median: float, y_title: str, title: str, reveal: bool) -> alt.LayerChart:
    """A run chart: the series and its median; with ``reveal`` shift and trend points coloured.

    ``points`` has columns order, value and rule ("none", "shift", "trend", "shift and trend").
    """
    x = alt.X("order:Q", title="Week (number)", axis=alt.Axis(tickMinStep=1))
    base = alt.Chart(points)
    line = base.mark_line(color=PALETTE[7]).encode(x=x, y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)))
    med = alt.Chart(pd.DataFrame({"median": [median]})).mark_rule(color=PALETTE[1], strokeDash=[6, 3]).encode(
        y=alt.Y("median:Q"), tooltip=[alt.Tooltip("median:Q", title="Median")])
    tips = ["order:Q", alt.Tooltip("value:Q", title="Value")]
    if reveal:
        dots = base.mark_point(filled=True, size=70).encode(
            x=x, y=alt.Y("value:Q"),
            color=alt.Color("rule:N", title="Signal", legend=alt.Legend(orient="bottom"), scale=alt.Scale(
                domain=["none", "shift", "trend", "shift and trend"], range=[PALETTE[0], PALETTE[3], PALETTE[4], PALETTE[1]])),
            shape=alt.Shape("rule:N", title="Signal", scale=alt.Scale(
                domain=["none", "shift", "trend", "shift and trend"], range=["circle", "diamond", "triangle-up", "square"])),
            tooltip=[*tips, alt.Tooltip("rule:N", title="Signal")])
    else:
        dots = base.mark_point(filled=True, size=50, color=PALETTE[0]).encode(x=x, y=alt.Y("value:Q"), tooltip=tips)
    words = "points in a shift or trend are coloured" if reveal else "signals not yet marked"
    return accessible(
        alt.layer(line, med, dots).properties(width=500, height=240),
        title=title,
        description=f"Run chart of {y_title} over {len(points)} weeks with a dashed median line at {median:g}; {words}.",
    )
