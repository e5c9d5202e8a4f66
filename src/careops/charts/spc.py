"""Control charts (XmR, p, u) and run charts, drawn from careops.spc results.

Limits and signals come from careops.spc; these builders only draw them. ``reveal=False``
draws the series and its lines without marking any signal, and leaves the signals out of
the chart's data, so an exercise can show the chart before the student finds them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible, axis_titles, field_type, need_frame
from careops.spc import RunChartSignals

__all__ = ["control_chart", "run_chart"]


def control_chart(
    data: pd.DataFrame,
    *,
    x: str,
    value: str,
    center: str,
    ucl: str,
    lcl: str,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    x_type: str = "T",
    signal: str | None = None,
    reveal: bool = True,
    zero: bool = True,
    width: int = 560,
    height: int = 260,
) -> alt.LayerChart:
    """A control chart: the measure over time, its centre line and control limits (columns,
    so p-chart limits may vary by subgroup: pass ``spc.p_chart``'s frame as it is, or put
    ``spc.xmr_limits`` in columns). With ``reveal``, points where ``signal`` is True are drawn
    large and red so a reader sees the special causes first; without it the signal column is
    dropped from the chart. ``zero=False`` lets the value axis start near the data.
    """
    need_frame(data, x, value, center, ucl, lcl, signal)
    axis_titles(x_title=x_title, y_title=y_title)
    if not reveal and signal is not None:
        data = data.drop(columns=[signal])
    xenc = alt.X(f"{x}:{field_type('x_type', x_type)}", title=x_title)
    base = alt.Chart(data).encode(x=xenc)
    layers = [
        base.mark_line(color=PALETTE[0]).encode(
            y=alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=zero))
        ),
        base.mark_line(color=PALETTE[2]).encode(y=f"{center}:Q"),
    ]
    for limit in (ucl, lcl):
        layers.append(
            base.mark_line(color=PALETTE[3], strokeDash=[6, 4], interpolate="step-after").encode(
                y=f"{limit}:Q"
            )
        )
    if signal is not None:
        layers.append(
            base.mark_point(color=PALETTE[0], size=20, filled=True).encode(
                y=f"{value}:Q", tooltip=[x, value]
            )
        )
        flagged = data[data[signal].astype(bool)] if reveal else data.iloc[0:0]
        if not flagged.empty:
            layers.append(
                alt.Chart(flagged)
                .mark_point(color=PALETTE[3], size=90, filled=True)
                .encode(x=xenc, y=f"{value}:Q", tooltip=[x, value])
            )
    chart = alt.layer(*layers).properties(width=width, height=height)
    return accessible(chart, title=title, description=description)


def run_chart(
    data: pd.DataFrame,
    signals: RunChartSignals,
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    title: str,
    description: str,
    x_type: str = "T",
    reveal: bool = True,
    changes: pd.DataFrame | None = None,
    width: int = 560,
) -> alt.LayerChart:
    """Run chart: the measure over time, its median, points in a shift or trend highlighted
    (with ``reveal``; without it every point is "no signal", so the chart holds no answer),
    and optional vertical rules for tested changes (``changes``: columns ``x`` and ``label``).
    The median drawn is ``signals.median``: pass signals read against a frozen baseline median
    (``spc.run_chart_signals(values, median=...)``) to draw that median extended."""
    need_frame(data, x, y)
    axis_titles(x_title=x_title, y_title=y_title)
    kind = field_type("x_type", x_type)
    frame = data[[x, y]].reset_index(drop=True).copy()
    frame["signal"] = "no signal"
    if reveal:
        for _, row in signals.shifts.iterrows():
            frame.loc[row["start"] : row["end"], "signal"] = f"shift ({row['side']} median)"
        for _, row in signals.trends.iterrows():
            frame.loc[row["start"] : row["end"], "signal"] = f"trend ({row['direction']})"
    xenc = (
        alt.X(f"{x}:{kind}", title=x_title)
        if kind == "T"
        else alt.X(f"{x}:{kind}", title=x_title, axis=alt.Axis(tickMinStep=1))
    )
    base = alt.Chart(frame).encode(
        x=xenc,
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False)),
    )
    line = base.mark_line(color="#94a3b8")
    points = base.mark_point(filled=True, size=45).encode(
        color=alt.Color(
            "signal:N",
            title="Run-chart rule",
            scale=alt.Scale(range=["#475569", PALETTE[1], PALETTE[3], PALETTE[2]]),
        ),
        tooltip=[alt.Tooltip(f"{x}:{kind}"), alt.Tooltip(f"{y}:Q", format=".1f"), "signal"],
    )
    median = (
        alt.Chart(pd.DataFrame({"median": [signals.median]}))
        .mark_rule(strokeDash=[6, 3], color=PALETTE[0])
        .encode(y="median:Q")
    )
    layers = [line, points, median]
    if changes is not None and not changes.empty:
        need_frame(changes, "x", "label")
        marks = alt.Chart(changes)
        layers.append(marks.mark_rule(color=PALETTE[4]).encode(x=f"x:{kind}"))
        layers.append(
            marks.mark_text(align="left", dx=3, dy=-120, color=PALETTE[4]).encode(
                x=f"x:{kind}", text="label:N"
            )
        )
    chart = alt.layer(*layers).properties(width=width, height=260)
    return accessible(chart, title=title, description=description)
