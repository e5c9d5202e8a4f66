"""Chart builders for the course chapters: lines, bars, control charts, waterfalls and timelines.

Each builder takes a tidy DataFrame and the words a clinical reader needs (title, axis
titles with units, alt text) and refuses to draw without them, so every chapter chart is
labelled the same way. Field types use Vega-Lite shorthand: Q quantitative, O ordinal,
N nominal, T temporal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible

__all__ = [
    "bar_chart",
    "control_chart",
    "line_chart",
    "timeline_chart",
    "waterfall_chart",
]

_TYPES = ("Q", "O", "N", "T")


def _frame(data: pd.DataFrame, *columns: str | None) -> pd.DataFrame:
    """Check that ``data`` is a non-empty DataFrame holding every named column."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if data.empty:
        raise ValueError("data must have at least one row, got an empty table")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise ValueError(f"data is missing column(s) {missing}; it has {list(data.columns)}")
    return data


def _kind(name: str, value: str) -> str:
    """A Vega-Lite field type letter."""
    if value not in _TYPES:
        raise ValueError(f"{name} must be one of {list(_TYPES)}, got {value!r}")
    return value


def _axis_titles(**titles: str) -> None:
    """Every axis needs a title (with its unit); an empty one is an error."""
    for name, text in titles.items():
        if not text:
            raise ValueError(f"{name} must be a non-empty axis title with its unit, got {text!r}")


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
    _frame(data, x, y, color)
    _axis_titles(x_title=x_title, y_title=y_title)
    encoding: dict = {
        "x": alt.X(f"{x}:{_kind('x_type', x_type)}", title=x_title),
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
    _frame(data, category, value, color)
    _axis_titles(category_title=category_title, value_title=value_title)
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
    size = {"width": width, "height": alt.Step(22)} if horizontal else {"width": width, "height": 260}
    return accessible(mark.encode(**encoding).properties(**size), title=title, description=description)


def control_chart(
    data: pd.DataFrame,
    *,
    x: str,
    value: str,
    center: str,
    ucl: str | None,
    lcl: str | None,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    x_type: str = "T",
    signal: str | None = None,
    zero: bool = True,
    width: int = 560,
    height: int = 260,
) -> alt.TopLevelMixin:
    """A run or control chart: the measure over time, its centre line and control limits
    (columns, so p-chart limits may vary by subgroup; ``ucl=lcl=None`` for a run chart);
    points where ``signal`` is True are drawn large and red so a reader sees the special
    causes first. ``zero=False`` lets the value axis start near the data.
    """
    _frame(data, x, value, center, ucl, lcl, signal)
    _axis_titles(x_title=x_title, y_title=y_title)
    xenc = alt.X(f"{x}:{_kind('x_type', x_type)}", title=x_title)
    base = alt.Chart(data).encode(x=xenc)
    layers = [
        base.mark_line(color=PALETTE[0]).encode(
            y=alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=zero))
        ),
        base.mark_line(color=PALETTE[2]).encode(y=f"{center}:Q"),
    ]
    for limit in (ucl, lcl):
        if limit is not None:
            layers.append(
                base.mark_line(color=PALETTE[3], strokeDash=[6, 4], interpolate="step-after")
                .encode(y=f"{limit}:Q")
            )
    if signal is not None:
        flagged = data[data[signal].astype(bool)]
        layers.append(base.mark_point(color=PALETTE[0], size=20, filled=True).encode(
            y=f"{value}:Q", tooltip=[x, value]))
        if not flagged.empty:
            layers.append(
                alt.Chart(flagged).mark_point(color=PALETTE[3], size=90, filled=True).encode(
                    x=xenc, y=f"{value}:Q", tooltip=[x, value]
                )
            )
    chart = alt.layer(*layers).properties(width=width, height=height)
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
    _frame(steps, label, amount)
    _axis_titles(label_title=label_title, amount_title=amount_title)
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
    _frame(events, date, row, kind, *tooltip)
    _axis_titles(date_title=date_title, row_title=row_title)
    frame = events.copy()
    frame[date] = pd.to_datetime(frame[date])
    rows = [str(r) for r in pd.unique(frame[row].astype(str))]
    frame[row] = frame[row].astype(str)
    xenc = alt.X(f"{date}:T", title=date_title, scale=alt.Scale(padding=14),
                 axis=alt.Axis(format="%b %Y", labelAngle=0))
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
            f"{kind}:N", title=kind_title or kind, sort=kinds,
            scale=alt.Scale(domain=kinds, range=PALETTE[: len(kinds)]),
            legend=alt.Legend(orient="bottom", labelLimit=400),
        )
        encoding["shape"] = alt.Shape(
            f"{kind}:N", title=kind_title or kind, sort=kinds,
            scale=alt.Scale(domain=kinds, range=["circle", "diamond", "square", "triangle-up"][: len(kinds)]),
        )
        mark = alt.Chart(frame).mark_point(filled=False, size=150, strokeWidth=2.5, opacity=1)
    else:
        mark = alt.Chart(frame).mark_point(filled=False, size=150, strokeWidth=2.5, color=PALETTE[0])
    layers: list = []
    if spans is not None:
        _frame(spans, "start", "end", "label")
        periods = spans.copy()
        periods["start"], periods["end"] = pd.to_datetime(periods["start"]), pd.to_datetime(periods["end"])
        names = [str(n) for n in periods["label"]]
        layers.append(
            alt.Chart(periods).mark_rect(opacity=0.5).encode(
                x=alt.X("start:T"), x2="end:T",
                color=alt.Color("label:N", title=span_title, sort=names,
                                scale=alt.Scale(domain=names, range=["#cbd5e1", "#bbf7d0", "#fde68a", "#e9d5ff"][: len(names)]),
                                legend=alt.Legend(orient="bottom")),
                tooltip=[alt.Tooltip("label:N", title=span_title),
                         alt.Tooltip("start:T", format="%-d %b %Y"), alt.Tooltip("end:T", format="%-d %b %Y")],
            )
        )
    layers.append(mark.encode(**encoding))
    chart = alt.layer(*layers)
    if spans is not None:
        chart = chart.resolve_scale(color="independent", shape="independent")
    chart = chart.properties(width=width, height=alt.Step(34))
    return accessible(chart, title=title, description=description)
