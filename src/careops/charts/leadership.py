"""Charts for the leadership, skillsets, technology, learning-organization and seminar chapters.

Each builder takes the result of an analytics function (careops.decisions, careops.spc,
careops.stats) or a tidy frame, and the words a clinical reader needs: every chart gets a
title, axis titles with units and alt text through :func:`careops.charts.base.accessible`.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible
from careops.spc import RunChartSignals

__all__ = [
    "bar_chart",
    "bar_line_chart",
    "decision_matrix_chart",
    "forecast_chart",
    "grouped_bar_chart",
    "ngt_chart",
    "ppv_curve_chart",
    "rating_grid_chart",
    "regret_chart",
    "run_chart",
    "weight_sensitivity_chart",
]


def _need(data: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Check a frame has the columns a chart draws."""
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise ValueError(f"chart data must be a non-empty DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"chart data has no column {missing[0]!r}; columns are {list(data.columns)}")
    return data


def decision_matrix_chart(scores: pd.DataFrame, *, title: str, description: str,
                          unit: str = "weighted rating") -> alt.Chart:
    """Stacked bars: each option's total split into what each criterion contributes."""
    _need(scores, "total")
    criteria = [c for c in scores.columns if c not in ("total", "rank")]
    long = (
        scores[criteria].rename_axis("option").reset_index()
        .melt(id_vars="option", var_name="criterion", value_name="contribution")
    )
    order = list(scores.sort_values("total", ascending=False).index)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("option:N", sort=order, title="Option"),
            x=alt.X("sum(contribution):Q", title=f"Total score ({unit})"),
            color=alt.Color("criterion:N", title="Criterion", sort=criteria,
                            scale=alt.Scale(range=PALETTE)),
            order=alt.Order("criterion:N"),
            tooltip=["option", "criterion", alt.Tooltip("contribution:Q", format=".2f")],
        )
        .properties(width=460, height=alt.Step(34))
    )
    return accessible(chart, title=title, description=description)


def weight_sensitivity_chart(sensitivity: pd.DataFrame, *, criterion: str, current_share: float,
                             title: str, description: str) -> alt.LayerChart:
    """Lines: each option's total as one criterion's weight share moves from 0 to 100 %."""
    _need(sensitivity, "share", "option", "total")
    lines = (
        alt.Chart(sensitivity)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("share:Q", title=f"Weight of {criterion} (share of all weight)",
                    axis=alt.Axis(format="%")),
            y=alt.Y("total:Q", title="Total score (weighted rating)", scale=alt.Scale(zero=False)),
            color=alt.Color("option:N", title="Option", scale=alt.Scale(range=PALETTE)),
            tooltip=["option", alt.Tooltip("share:Q", format=".0%"), alt.Tooltip("total:Q", format=".2f")],
        )
    )
    now = alt.Chart(pd.DataFrame({"share": [current_share], "label": ["weight agreed by the team"]}))
    rule = now.mark_rule(strokeDash=[4, 4], color="#475569").encode(x="share:Q")
    text = now.mark_text(align="left", dx=4, dy=-110, color="#475569").encode(x="share:Q", text="label:N")
    chart = (lines + rule + text).properties(width=460, height=260)
    return accessible(chart, title=title, description=description)


def ngt_chart(tally: pd.DataFrame, *, title: str, description: str) -> alt.Chart:
    """Horizontal bars of nominal-group points, highest first, with the number of votes."""
    _need(tally, "item", "points", "votes")
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


def regret_chart(regret: pd.DataFrame, *, unit: str, title: str, description: str) -> alt.LayerChart:
    """Heat map of regret: strategy (rows) by scenario (columns), darker = more regret."""
    long = regret.rename_axis("strategy").reset_index().melt(
        id_vars="strategy", var_name="scenario", value_name="regret"
    )
    base = alt.Chart(long).encode(
        x=alt.X("scenario:N", title="Scenario", sort=list(regret.columns), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("strategy:N", title="Strategy", sort=list(regret.index)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("regret:Q", title=f"Regret ({unit})", scale=alt.Scale(scheme="oranges")),
        tooltip=["strategy", "scenario", alt.Tooltip("regret:Q", format=",.0f")],
    )
    labels = base.mark_text(fontSize=13).encode(text=alt.Text("regret:Q", format=",.0f"))
    chart = (cells + labels).properties(width=alt.Step(120), height=alt.Step(40))
    return accessible(chart, title=title, description=description)


def run_chart(data: pd.DataFrame, signals: RunChartSignals, *, x: str, y: str, x_title: str,
              y_title: str, title: str, description: str,
              changes: pd.DataFrame | None = None, width: int = 560) -> alt.LayerChart:
    """Run chart: the measure over time, its median, points in a shift or trend highlighted,
    and optional vertical rules for tested changes (``changes``: columns ``x`` and ``label``).
    The median drawn is ``signals.median``: pass signals read against a frozen baseline median
    (``spc.run_chart_signals(values, median=...)``) to draw that median extended."""
    _need(data, x, y)
    frame = data[[x, y]].reset_index(drop=True).copy()
    frame["signal"] = "no signal"
    for _, row in signals.shifts.iterrows():
        frame.loc[row["start"]:row["end"], "signal"] = f"shift ({row['side']} median)"
    for _, row in signals.trends.iterrows():
        frame.loc[row["start"]:row["end"], "signal"] = f"trend ({row['direction']})"
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:T", title=x_title),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False)),
    )
    line = base.mark_line(color="#94a3b8")
    points = base.mark_point(filled=True, size=45).encode(
        color=alt.Color("signal:N", title="Run-chart rule",
                        scale=alt.Scale(range=["#475569", PALETTE[1], PALETTE[3], PALETTE[2]])),
        tooltip=[alt.Tooltip(f"{x}:T"), alt.Tooltip(f"{y}:Q", format=".1f"), "signal"],
    )
    median = alt.Chart(pd.DataFrame({"median": [signals.median]})).mark_rule(
        strokeDash=[6, 3], color=PALETTE[0]).encode(y="median:Q")
    layers = [line, points, median]
    if changes is not None and not changes.empty:
        _need(changes, "x", "label")
        marks = alt.Chart(changes)
        layers.append(marks.mark_rule(color=PALETTE[4]).encode(x="x:T"))
        layers.append(marks.mark_text(align="left", dx=3, dy=-120, color=PALETTE[4]).encode(
            x="x:T", text="label:N"))
    chart = alt.layer(*layers).properties(width=width, height=260)
    return accessible(chart, title=title, description=description)


def ppv_curve_chart(curve: pd.DataFrame, marks: pd.DataFrame, *, title: str,
                    description: str) -> alt.LayerChart:
    """PPV (and NPV) against prevalence, with labelled points at the settings that matter
    (``marks``: columns ``prevalence``, ``ppv``, ``label``)."""
    _need(curve, "prevalence", "value", "measure")
    _need(marks, "prevalence", "ppv", "label")
    lines = alt.Chart(curve).mark_line(strokeWidth=2.5).encode(
        x=alt.X("prevalence:Q", title="Prevalence of the condition among patients screened",
                axis=alt.Axis(format="%"), scale=alt.Scale(type="log")),
        y=alt.Y("value:Q", title="Predictive value", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("measure:N", title="Measure", scale=alt.Scale(range=PALETTE),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400)),
        tooltip=["measure", alt.Tooltip("prevalence:Q", format=".1%"), alt.Tooltip("value:Q", format=".1%")],
    )
    dots = alt.Chart(marks).mark_point(filled=True, size=90, color="#111827").encode(
        x="prevalence:Q", y="ppv:Q",
        tooltip=["label", alt.Tooltip("prevalence:Q", format=".1%"), alt.Tooltip("ppv:Q", format=".1%")],
    )
    text = dots.mark_text(align="left", dx=7, dy=-8, color="#111827").encode(text="label:N")
    chart = (lines + dots + text).properties(width=480, height=280)
    return accessible(chart, title=title, description=description)


def forecast_chart(data: pd.DataFrame, *, x: str, y_title: str, title: str,
                   description: str) -> alt.LayerChart:
    """Actual daily counts against one or more forecasts, with a prediction band if given
    (columns: ``x``, ``series``, ``value``; optional ``lower``/``upper`` for the band)."""
    _need(data, x, "series", "value")
    lines = alt.Chart(data).mark_line(strokeWidth=2).encode(
        x=alt.X(f"{x}:T", title="Date"),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title="Series", scale=alt.Scale(range=PALETTE),
                        legend=alt.Legend(orient="bottom", labelLimit=300)),
        strokeDash=alt.condition(alt.datum.series == "Actual", alt.value([1, 0]), alt.value([5, 3])),
        tooltip=[alt.Tooltip(f"{x}:T"), "series", alt.Tooltip("value:Q", format=".0f")],
    )
    layers: list[alt.Chart] = [lines]
    if {"lower", "upper"} <= set(data.columns):
        band = data.dropna(subset=["lower", "upper"])
        layers.insert(0, alt.Chart(band).mark_area(opacity=0.18, color=PALETTE[1]).encode(
            x=f"{x}:T", y="lower:Q", y2="upper:Q"))
    chart = alt.layer(*layers).properties(width=520, height=260)
    return accessible(chart, title=title, description=description)


def grouped_bar_chart(data: pd.DataFrame, *, x: str, y: str, color: str, x_title: str,
                      y_title: str, color_title: str, title: str, description: str,
                      percent: bool = False, sort: Sequence[str] | None = None) -> alt.Chart:
    """Side-by-side bars: ``y`` for each ``x`` category, one bar per ``color`` group."""
    _need(data, x, y, color)
    fmt = ".0%" if percent else ",.1f"
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", title=x_title, sort=list(sort) if sort else None,
                    axis=alt.Axis(labelAngle=-30, labelLimit=200)),
            xOffset=alt.XOffset(f"{color}:N"),
            y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt)),
            color=alt.Color(f"{color}:N", title=color_title, scale=alt.Scale(range=PALETTE)),
            tooltip=[x, color, alt.Tooltip(f"{y}:Q", format=fmt)],
        )
        .properties(width=alt.Step(22), height=240)
    )
    return accessible(chart, title=title, description=description)


def rating_grid_chart(ratings: pd.DataFrame, *, row: str, column: str, value: str,
                      levels: Sequence[str], row_title: str, column_title: str, title: str,
                      description: str) -> alt.LayerChart:
    """Grid of categorical ratings (e.g. On track / Needs attention / At risk): rows by
    columns, coloured by level in the order given (first = best), with the level as text."""
    _need(ratings, row, column, value)
    unknown = sorted(set(ratings[value]) - set(levels))
    if unknown:
        raise ValueError(f"{value} has level {unknown[0]!r}, not one of {list(levels)}")
    colours = ["#15803d", "#d97706", "#b91c1c", "#6d28d9", "#475569"][: len(levels)]
    base = alt.Chart(ratings).encode(
        x=alt.X(f"{column}:N", title=column_title, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{row}:N", title=row_title, sort=None, axis=alt.Axis(labelLimit=200)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{value}:N", title="Rating", sort=list(levels),
                        scale=alt.Scale(domain=list(levels), range=colours),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[row, column, value],
    )
    text = base.mark_text(color="white", fontSize=11).encode(text=f"{value}:N")
    chart = (cells + text).properties(width=alt.Step(95), height=alt.Step(32))
    return accessible(chart, title=title, description=description)


def bar_chart(data: pd.DataFrame, *, x: str, y: str, x_title: str, y_title: str, title: str,
              description: str, color: str | None = None, color_title: str | None = None,
              ordinal_x: bool = True) -> alt.Chart:
    """Vertical bars of ``y`` by ``x`` (optionally coloured by a group column)."""
    _need(data, x, y, *([color] if color else []))
    enc: dict = {
        "x": alt.X(f"{x}:{'O' if ordinal_x else 'N'}", title=x_title, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=y_title),
        "tooltip": [x, alt.Tooltip(f"{y}:Q", format=",.2f")],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title or color,
                                 scale=alt.Scale(range=["#94a3b8", PALETTE[1], PALETTE[0]]))
    chart = alt.Chart(data).mark_bar(**({} if color else {"color": PALETTE[0]})).encode(**enc)
    return accessible(chart.properties(width=480, height=240), title=title, description=description)


def bar_line_chart(data: pd.DataFrame, *, x: str, bar: str, line: str, x_title: str,
                   bar_title: str, line_title: str, title: str, description: str,
                   line_percent: bool = True) -> alt.LayerChart:
    """Bars (left axis) and a line (right axis) over the same categories, e.g. arrivals and the
    share who leave unseen by hour of day."""
    _need(data, x, bar, line)
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color="#94a3b8").encode(
        y=alt.Y(f"{bar}:Q", title=bar_title, axis=alt.Axis(titleColor="#475569")),
        tooltip=[x, alt.Tooltip(f"{bar}:Q", format=",.1f")],
    )
    fmt = ".1%" if line_percent else ",.1f"
    lines = base.mark_line(color=PALETTE[3], strokeWidth=2.5, point=True).encode(
        y=alt.Y(f"{line}:Q", title=line_title,
                axis=alt.Axis(format=".0%" if line_percent else ",.0f", titleColor=PALETTE[3])),
        tooltip=[x, alt.Tooltip(f"{line}:Q", format=fmt)],
    )
    chart = alt.layer(bars, lines).resolve_scale(y="independent").properties(width=520, height=250)
    return accessible(chart, title=title, description=description)
