"""Generic chart builders any chapter uses: lines, bars, grouped bars, bars with a line,
forecasts with a band, waterfalls, timelines and rating grids.

Each builder takes a tidy DataFrame and the words a clinical reader needs (title, axis
titles with units, alt text) and refuses to draw without them, so every chart is labelled
the same way. Field types use Vega-Lite shorthand: Q quantitative, O ordinal, N nominal,
T temporal. Pictures that belong to one area live in that area's module (``lean``,
``finance``, ``decisions``, ``stats``...); control and run charts live in ``spc``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible, axis_titles, field_type, need_frame

__all__ = [
    "bar_chart",
    "bar_line_chart",
    "bar_tick_chart",
    "forecast_chart",
    "grouped_bar_chart",
    "line_chart",
    "rating_grid_chart",
    "timeline_chart",
    "waterfall_chart",
]


def line_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    x_type: str = "Q",
    color: str | None = None,
    color_title: str | None = None,
    points: bool = False,
    rules: Mapping[str, float] | None = None,
    zero: bool = True,
    width: int = 520,
    height: int = 260,
) -> alt.TopLevelMixin:
    """Lines of ``y`` over ``x`` (one per ``color`` group), with optional labelled
    horizontal reference lines ``rules`` ({label: y value}) such as a target or a capacity.
    ``zero=False`` lets the value axis start near the data instead of at zero.
    """
    need_frame(data, x, y, color)
    axis_titles(x_title=x_title, y_title=y_title)
    encoding: dict = {
        "x": alt.X(f"{x}:{field_type('x_type', x_type)}", title=x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=zero)),
        "tooltip": [c for c in (x, y, color) if c is not None],
    }
    if color is not None:
        encoding["color"] = alt.Color(
            f"{color}:N", title=color_title or color, scale=alt.Scale(range=PALETTE)
        )
        mark = alt.Chart(data).mark_line(point=points)
    else:
        mark = alt.Chart(data).mark_line(point=points, color=PALETTE[0])
    chart: alt.TopLevelMixin = mark.encode(**encoding).properties(width=width, height=height)
    if rules:
        ref = pd.DataFrame({"label": list(rules), "value": [float(v) for v in rules.values()]})
        base = alt.Chart(ref)
        lines = base.mark_rule(strokeDash=[6, 4], color=PALETTE[3]).encode(y="value:Q")
        labels = base.mark_text(align="left", dx=4, dy=-6, color=PALETTE[3]).encode(
            y="value:Q", text="label:N", x=alt.value(0)
        )
        chart = alt.layer(chart, lines, labels)
    return accessible(chart, title=title, description=description)


def bar_chart(
    data: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    description: str,
    category_title: str,
    value_title: str,
    horizontal: bool = True,
    color: str | None = None,
    color_title: str | None = None,
    sort: str | Sequence[str] | None = "-value",
    stack: bool = True,
    width: int = 460,
) -> alt.TopLevelMixin:
    """Bars of ``value`` per ``category``; stacked by ``color`` when given, or side by side
    with ``stack=False`` (for comparing two measures of the same thing).

    ``sort="-value"`` orders bars largest first; pass a list for a fixed order or None to
    keep the data order.
    """
    need_frame(data, category, value, color)
    axis_titles(category_title=category_title, value_title=value_title)
    if sort == "-value":
        order: alt.SortField | alt.EncodingSortField | Sequence[str] | None = alt.EncodingSortField(
            field=value, op="sum", order="descending"
        )
    elif sort is None:
        order = list(pd.unique(data[category].astype(str)))
    else:
        order = sort
    cat = (alt.Y if horizontal else alt.X)(f"{category}:N", title=category_title, sort=order)
    val = (alt.X if horizontal else alt.Y)(f"{value}:Q", title=value_title)
    encoding: dict = {
        ("y" if horizontal else "x"): cat,
        ("x" if horizontal else "y"): val,
        "tooltip": [c for c in (category, value, color) if c is not None],
    }
    if color is not None:
        encoding["color"] = alt.Color(
            f"{color}:N", title=color_title or color, scale=alt.Scale(range=PALETTE)
        )
        if not stack:
            offset = alt.YOffset if horizontal else alt.XOffset
            encoding["yOffset" if horizontal else "xOffset"] = offset(f"{color}:N")
        mark = alt.Chart(data).mark_bar()
    else:
        mark = alt.Chart(data).mark_bar(color=PALETTE[0])
    size = (
        {"width": width, "height": alt.Step(22)} if horizontal else {"width": width, "height": 260}
    )
    return accessible(
        mark.encode(**encoding).properties(**size), title=title, description=description
    )


def bar_tick_chart(
    data: pd.DataFrame,
    *,
    category: str,
    value: str,
    tick: str,
    tick_note: str,
    title: str,
    description: str,
    category_title: str,
    value_title: str,
    color: str | None = None,
    color_title: str | None = None,
    width: int = 460,
) -> alt.LayerChart:
    """Horizontal bars of ``value`` per ``category`` (largest first), each with a white tick at
    ``tick`` on the same scale (a value after a change, drawn inside its bar), and
    ``tick_note`` above the plot saying what the ticks mean."""
    need_frame(data, category, value, tick, color)
    axis_titles(category_title=category_title, value_title=value_title)
    if not tick_note:
        raise ValueError(f"tick_note must say what the ticks show, got {tick_note!r}")
    y = alt.Y(
        f"{category}:N",
        title=category_title,
        sort=alt.EncodingSortField(field=value, op="sum", order="descending"),
    )
    colour = (
        {
            "color": alt.Color(
                f"{color}:N", title=color_title or color, scale=alt.Scale(range=PALETTE)
            )
        }
        if color is not None
        else {}
    )
    bars = (
        alt.Chart(data)
        .mark_bar(**({} if color is not None else {"color": PALETTE[0]}))
        .encode(
            y=y,
            x=alt.X(f"{value}:Q", title=value_title),
            tooltip=[category, alt.Tooltip(f"{value}:Q", format=".1f")],
            **colour,
        )
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(color="white", thickness=3)
        .encode(
            y=y,
            x=alt.X(f"{tick}:Q", title=value_title),
            tooltip=[category, alt.Tooltip(f"{tick}:Q", format=".1f")],
        )
    )
    note = (
        alt.Chart(pd.DataFrame({"note": [tick_note]}))
        .mark_text(align="right", baseline="bottom", dy=-4, color="#0f172a")
        .encode(text="note:N", x=alt.value(width), y=alt.value(0))
    )
    chart = alt.layer(bars, ticks, note).properties(width=width, height=alt.Step(22))
    return accessible(chart, title=title, description=description)


def grouped_bar_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str,
    x_title: str,
    y_title: str,
    color_title: str,
    title: str,
    description: str,
    percent: bool = False,
    sort: Sequence[str] | None = None,
) -> alt.Chart:
    """Side-by-side bars: ``y`` for each ``x`` category, one bar per ``color`` group."""
    need_frame(data, x, y, color)
    fmt = ".0%" if percent else ",.1f"
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                f"{x}:N",
                title=x_title,
                sort=list(sort) if sort else None,
                axis=alt.Axis(labelAngle=-30, labelLimit=200),
            ),
            xOffset=alt.XOffset(f"{color}:N"),
            y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=fmt)),
            color=alt.Color(f"{color}:N", title=color_title, scale=alt.Scale(range=PALETTE)),
            tooltip=[x, color, alt.Tooltip(f"{y}:Q", format=fmt)],
        )
        .properties(width=alt.Step(22), height=240)
    )
    return accessible(chart, title=title, description=description)


def bar_line_chart(
    data: pd.DataFrame,
    *,
    x: str,
    bar: str,
    line: str,
    x_title: str,
    bar_title: str,
    line_title: str,
    title: str,
    description: str,
    line_percent: bool = True,
) -> alt.LayerChart:
    """Bars (left axis) and a line (right axis) over the same categories, e.g. arrivals and the
    share who leave unseen by hour of day."""
    need_frame(data, x, bar, line)
    base = alt.Chart(data).encode(x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar(color="#94a3b8").encode(
        y=alt.Y(f"{bar}:Q", title=bar_title, axis=alt.Axis(titleColor="#475569")),
        tooltip=[x, alt.Tooltip(f"{bar}:Q", format=",.1f")],
    )
    fmt = ".1%" if line_percent else ",.1f"
    lines = base.mark_line(color=PALETTE[3], strokeWidth=2.5, point=True).encode(
        y=alt.Y(
            f"{line}:Q",
            title=line_title,
            axis=alt.Axis(format=".0%" if line_percent else ",.0f", titleColor=PALETTE[3]),
        ),
        tooltip=[x, alt.Tooltip(f"{line}:Q", format=fmt)],
    )
    chart = alt.layer(bars, lines).resolve_scale(y="independent").properties(width=520, height=250)
    return accessible(chart, title=title, description=description)


def forecast_chart(
    data: pd.DataFrame, *, x: str, y_title: str, title: str, description: str
) -> alt.LayerChart:
    """Actual daily counts against one or more forecasts, with a prediction band if given
    (columns: ``x``, ``series``, ``value``; optional ``lower``/``upper`` for the band)."""
    need_frame(data, x, "series", "value")
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X(f"{x}:T", title="Date"),
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title="Series",
                scale=alt.Scale(range=PALETTE),
                legend=alt.Legend(orient="bottom", labelLimit=300),
            ),
            strokeDash=alt.condition(
                alt.datum.series == "Actual", alt.value([1, 0]), alt.value([5, 3])
            ),
            tooltip=[alt.Tooltip(f"{x}:T"), "series", alt.Tooltip("value:Q", format=".0f")],
        )
    )
    layers: list[alt.Chart] = [lines]
    if {"lower", "upper"} <= set(data.columns):
        band = data.dropna(subset=["lower", "upper"])
        layers.insert(
            0,
            alt.Chart(band)
            .mark_area(opacity=0.18, color=PALETTE[1])
            .encode(x=f"{x}:T", y="lower:Q", y2="upper:Q"),
        )
    chart = alt.layer(*layers).properties(width=520, height=260)
    return accessible(chart, title=title, description=description)


def waterfall_chart(
    steps: pd.DataFrame,
    *,
    label: str,
    amount: str,
    title: str,
    description: str,
    label_title: str,
    amount_title: str,
    result_label: str = "Result",
    zoom: bool = True,
    width: int = 460,
) -> alt.TopLevelMixin:
    """A waterfall (bridge): the first row is the starting total, each following row a signed
    change, and a final bar shows where they end — e.g. budget -> variances -> actual.
    Increases are drawn red (a cost overrun), decreases green. ``zoom`` starts the value axis
    near the totals (say so in the axis title or alt text) so small variances stay visible.
    """
    need_frame(steps, label, amount)
    axis_titles(label_title=label_title, amount_title=amount_title)
    amounts = steps[amount].astype(float).tolist()
    labels = steps[label].astype(str).tolist()
    end = sum(amounts)
    rows, running = [], 0.0
    for i, (name, a) in enumerate(zip(labels, amounts, strict=True)):
        start = 0.0 if i == 0 else running
        running = a if i == 0 else running + a
        kind = "total" if i == 0 else ("increase" if a > 0 else "decrease")
        rows.append({"step": name, "start": start, "end": running, "kind": kind, "amount": a})
    rows.append({"step": result_label, "start": 0.0, "end": end, "kind": "total", "amount": end})
    frame = pd.DataFrame(rows)
    scale = alt.Scale()
    if zoom:
        levels = pd.concat([frame["start"], frame["end"]])
        levels = levels[levels > 0]
        if not levels.empty:
            low, high = float(levels.min()), float(levels.max())
            pad = 0.25 * (high - low) if high > low else 0.05 * high
            scale = alt.Scale(domain=[max(low - pad, 0.0), high + pad], clamp=True, zero=False)
    chart = (
        alt.Chart(frame)
        .mark_bar(clip=True)
        .encode(
            x=alt.X("step:N", title=label_title, sort=list(frame["step"])),
            y=alt.Y("start:Q", title=amount_title, scale=scale),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                title="Bar",
                scale=alt.Scale(
                    domain=["total", "increase", "decrease"],
                    range=[PALETTE[0], PALETTE[3], PALETTE[2]],
                ),
            ),
            tooltip=["step", alt.Tooltip("amount:Q", format=",.0f")],
        )
        .properties(width=width, height=280)
    )
    return accessible(chart, title=title, description=description)


def timeline_chart(
    events: pd.DataFrame,
    *,
    date: str,
    row: str,
    title: str,
    description: str,
    date_title: str,
    row_title: str,
    kind: str | None = None,
    kind_title: str | None = None,
    spans: pd.DataFrame | None = None,
    span_title: str = "Period",
    tooltip: Sequence[str] = (),
    width: int = 560,
) -> alt.TopLevelMixin:
    """Dated events on a calendar: one row per ``row`` value, in data order (e.g. one row per
    milestone), and a point at each ``date``, coloured and shaped by ``kind`` (e.g. "due" and
    "reviewed"). ``spans`` (columns start, end, label) shade periods such as terms behind the
    points, named in their own legend. Dates may be dates, timestamps or ISO text.
    """
    need_frame(events, date, row, kind, *tooltip)
    axis_titles(date_title=date_title, row_title=row_title)
    frame = events.copy()
    frame[date] = pd.to_datetime(frame[date])
    rows = [str(r) for r in pd.unique(frame[row].astype(str))]
    frame[row] = frame[row].astype(str)
    xenc = alt.X(
        f"{date}:T",
        title=date_title,
        scale=alt.Scale(padding=14),
        axis=alt.Axis(format="%b %Y", labelAngle=0),
    )
    tips = [alt.Tooltip(f"{row}:N"), alt.Tooltip(f"{date}:T", format="%-d %b %Y")]
    tips += [alt.Tooltip(f"{c}:N") for c in (kind, *tooltip) if c is not None]
    encoding: dict = {
        "x": xenc,
        "y": alt.Y(f"{row}:N", title=row_title, sort=rows, axis=alt.Axis(labelLimit=320)),
        "tooltip": tips,
    }
    if kind is not None:
        kinds = [str(k) for k in pd.unique(frame[kind].astype(str))]
        frame[kind] = frame[kind].astype(str)
        encoding["color"] = alt.Color(
            f"{kind}:N",
            title=kind_title or kind,
            sort=kinds,
            scale=alt.Scale(domain=kinds, range=PALETTE[: len(kinds)]),
            legend=alt.Legend(orient="bottom", labelLimit=400),
        )
        encoding["shape"] = alt.Shape(
            f"{kind}:N",
            title=kind_title or kind,
            sort=kinds,
            scale=alt.Scale(
                domain=kinds, range=["circle", "diamond", "square", "triangle-up"][: len(kinds)]
            ),
        )
        mark = alt.Chart(frame).mark_point(filled=False, size=150, strokeWidth=2.5, opacity=1)
    else:
        mark = alt.Chart(frame).mark_point(
            filled=False, size=150, strokeWidth=2.5, color=PALETTE[0]
        )
    layers: list = []
    if spans is not None:
        need_frame(spans, "start", "end", "label")
        periods = spans.copy()
        periods["start"], periods["end"] = (
            pd.to_datetime(periods["start"]),
            pd.to_datetime(periods["end"]),
        )
        names = [str(n) for n in periods["label"]]
        layers.append(
            alt.Chart(periods)
            .mark_rect(opacity=0.5)
            .encode(
                x=alt.X("start:T"),
                x2="end:T",
                color=alt.Color(
                    "label:N",
                    title=span_title,
                    sort=names,
                    scale=alt.Scale(
                        domain=names,
                        range=["#cbd5e1", "#bbf7d0", "#fde68a", "#e9d5ff"][: len(names)],
                    ),
                    legend=alt.Legend(orient="bottom"),
                ),
                tooltip=[
                    alt.Tooltip("label:N", title=span_title),
                    alt.Tooltip("start:T", format="%-d %b %Y"),
                    alt.Tooltip("end:T", format="%-d %b %Y"),
                ],
            )
        )
    layers.append(mark.encode(**encoding))
    chart = alt.layer(*layers)
    if spans is not None:
        chart = chart.resolve_scale(color="independent", shape="independent")
    chart = chart.properties(width=width, height=alt.Step(34))
    return accessible(chart, title=title, description=description)


def rating_grid_chart(
    ratings: pd.DataFrame,
    *,
    row: str,
    column: str,
    value: str,
    levels: Sequence[str],
    row_title: str,
    column_title: str,
    title: str,
    description: str,
) -> alt.LayerChart:
    """Grid of categorical ratings (e.g. On track / Needs attention / At risk): rows by
    columns, coloured by level in the order given (first = best), with the level as text."""
    need_frame(ratings, row, column, value)
    unknown = sorted(set(ratings[value]) - set(levels))
    if unknown:
        raise ValueError(f"{value} has level {unknown[0]!r}, not one of {list(levels)}")
    colours = ["#15803d", "#d97706", "#b91c1c", "#6d28d9", "#475569"][: len(levels)]
    base = alt.Chart(ratings).encode(
        x=alt.X(f"{column}:N", title=column_title, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{row}:N", title=row_title, sort=None, axis=alt.Axis(labelLimit=200)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            f"{value}:N",
            title="Rating",
            sort=list(levels),
            scale=alt.Scale(domain=list(levels), range=colours),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[row, column, value],
    )
    text = base.mark_text(color="white", fontSize=11).encode(text=f"{value}:N")
    chart = (cells + text).properties(width=alt.Step(95), height=alt.Step(32))
    return accessible(chart, title=title, description=description)
