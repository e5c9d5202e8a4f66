"""Statistical pictures: the funnel plot for comparing institutions, the predictive-value
curve for a screening test, group means (with SD and n), a difference with its
confidence interval, several estimates with theirs (a forest plot), and the risk of an event in
each arm of a trial.

Funnel limits come from careops.benchmarking (exact binomial, Spiegelhalter 2005); PPV and NPV
from careops.stats. These builders only draw.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible, need_frame

__all__ = [
    "arm_risks_chart",
    "difference_interval_chart",
    "estimates_chart",
    "funnel_plot",
    "group_means_chart",
    "ppv_curve_chart",
]

POSITIONS = ["above 99.8%", "above 95%", "within", "below 95%", "below 99.8%"]


def funnel_plot(
    units: pd.DataFrame, limits: pd.DataFrame, *, target: float, highlight: str, reveal: bool
) -> alt.LayerChart:
    """Each hospital's rate against its volume, inside the 95 % and 99.8 % funnels.

    ``units``: unit, size, proportion (and position, needed only with ``reveal``); ``limits``:
    size, funnel ("95%"/"99.8%"), side ("lower"/"upper"), limit. ``highlight`` names the unit to
    label. With ``reveal`` points are coloured by where they fall.
    """
    x = alt.X("size:Q", title="Discharges in the year (patients)")
    y = alt.Y(
        "proportion:Q",
        title="30-day readmission rate (% of discharges)",
        axis=alt.Axis(format=".0%"),
    )
    lines = (
        alt.Chart(limits)
        .mark_line()
        .encode(
            x=x,
            y=alt.Y("limit:Q"),
            detail=alt.Detail("side:N"),
            strokeDash=alt.StrokeDash(
                "funnel:N",
                title="Control limits",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=["95%", "99.8%"], range=[[6, 3], [1, 0]]),
            ),
            color=alt.ColorValue(PALETTE[7]),
        )
    )
    goal = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color=PALETTE[1])
        .encode(
            y=alt.Y("target:Q"), tooltip=[alt.Tooltip("target:Q", format=".1%", title="Target")]
        )
    )
    tips = ["unit:N", "size:Q", alt.Tooltip("proportion:Q", format=".1%", title="Rate")]
    if reveal:
        dots = (
            alt.Chart(units)
            .mark_point(filled=True, size=70)
            .encode(
                x=x,
                y=y,
                color=alt.Color(
                    "position:N",
                    title="Position",
                    legend=alt.Legend(orient="bottom"),
                    scale=alt.Scale(
                        domain=POSITIONS,
                        range=[PALETTE[3], PALETTE[1], PALETTE[0], PALETTE[5], PALETTE[2]],
                    ),
                ),
                tooltip=[*tips, alt.Tooltip("position:N")],
            )
        )
    else:
        dots = (
            alt.Chart(units)
            .mark_point(filled=True, size=60, color=PALETTE[0])
            .encode(x=x, y=y, tooltip=tips)
        )
    ours = units[units["unit"] == highlight]
    label = (
        alt.Chart(ours)
        .mark_text(align="left", dx=8, fontWeight="bold")
        .encode(x=alt.X("size:Q"), y=alt.Y("proportion:Q"), text=alt.Text("unit:N"))
    )
    ring = (
        alt.Chart(ours)
        .mark_point(size=220, color=PALETTE[3], strokeWidth=2)
        .encode(x=alt.X("size:Q"), y=alt.Y("proportion:Q"))
    )
    words = "points coloured by where they fall" if reveal else "positions not yet marked"
    return accessible(
        alt.layer(lines, goal, dots, ring, label).properties(width=500, height=300),
        title="Readmission rates across the region's hospitals",
        description=(
            f"Funnel plot: {len(units)} hospitals' 30-day readmission rates against discharges, "
            f"with the {target:.1%} regional rate, dashed 95% and solid 99.8% control limits; "
            f"{highlight} is circled; {words}."
        ),
    )


def ppv_curve_chart(
    curve: pd.DataFrame, marks: pd.DataFrame, *, title: str, description: str
) -> alt.LayerChart:
    """PPV (and NPV) against prevalence, with labelled points at the settings that matter
    (``marks``: columns ``prevalence``, ``ppv``, ``label``)."""
    need_frame(curve, "prevalence", "value", "measure")
    need_frame(marks, "prevalence", "ppv", "label")
    lines = (
        alt.Chart(curve)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "prevalence:Q",
                title="Prevalence of the condition among patients screened",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(type="log"),
            ),
            y=alt.Y(
                "value:Q",
                title="Predictive value",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "measure:N",
                title="Measure",
                scale=alt.Scale(range=PALETTE),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=[
                "measure",
                alt.Tooltip("prevalence:Q", format=".1%"),
                alt.Tooltip("value:Q", format=".1%"),
            ],
        )
    )
    dots = (
        alt.Chart(marks)
        .mark_point(filled=True, size=90, color="#111827")
        .encode(
            x="prevalence:Q",
            y="ppv:Q",
            tooltip=[
                "label",
                alt.Tooltip("prevalence:Q", format=".1%"),
                alt.Tooltip("ppv:Q", format=".1%"),
            ],
        )
    )
    text = dots.mark_text(align="left", dx=7, dy=-8, color="#111827").encode(text="label:N")
    chart = (lines + dots + text).properties(width=480, height=280)
    return accessible(chart, title=title, description=description)


def difference_interval_chart(
    estimate: float, low: float, high: float, *, label: str, unit: str
) -> alt.LayerChart:
    """One difference with its 95% interval as a dot and a bar, against a dashed line at 0
    (no difference): the interval excludes 0 when the bar does not cross the line."""
    row = pd.DataFrame({"label": [label], "estimate": [estimate], "low": [low], "high": [high]})
    span = max(abs(low), abs(high), 1e-9) * 1.15
    x = alt.X(
        "estimate:Q",
        title=f"Difference ({unit}), with its 95% interval",
        scale=alt.Scale(domain=[-span, span]),
    )
    y = alt.Y("label:N", title=None)
    bar = (
        alt.Chart(row)
        .mark_rule(strokeWidth=3, color=PALETTE[0])
        .encode(x="low:Q", x2="high:Q", y=y)
    )
    dot = (
        alt.Chart(row)
        .mark_point(filled=True, size=120, color=PALETTE[0])
        .encode(
            x=x,
            y=y,
            tooltip=[
                "label",
                alt.Tooltip("estimate:Q", format=",.2f"),
                alt.Tooltip("low:Q", format=",.2f"),
                alt.Tooltip("high:Q", format=",.2f"),
            ],
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(strokeDash=[6, 4], color=PALETTE[3])
        .encode(x="zero:Q")
    )
    side = "excludes" if low > 0 or high < 0 else "includes"
    return accessible(
        (bar + dot + zero).properties(width=420, height=70),
        title=f"The difference and its 95% interval ({side} 0)",
        description=(
            f"{label}: {estimate:,.2f} {unit}, 95% interval {low:,.2f} to {high:,.2f}; the "
            f"interval {side} 0, the dashed line of no difference."
        ),
    )


def group_means_chart(
    groups: pd.DataFrame, *, title: str, description: str, unit: str
) -> alt.LayerChart:
    """Each group's mean as a bar, labelled with the mean, the SD and the number of
    observations (everything a two-sample comparison by hand needs). ``groups`` has columns
    group, mean, sd and n."""
    need_frame(groups, "group", "mean", "sd", "n")
    rows = groups.assign(
        label=[
            f"mean {m:,.3f} · SD {s:,.3f} · n {n:,}"
            for m, s, n in zip(groups["mean"], groups["sd"], groups["n"], strict=True)
        ]
    )
    y = alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
    bars = (
        alt.Chart(rows)
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X("mean:Q", title=f"Average ({unit})"),
            y=y,
            tooltip=[
                "group",
                alt.Tooltip("mean:Q", format=",.3f"),
                alt.Tooltip("sd:Q", format=",.3f", title="SD"),
                alt.Tooltip("n:Q", format=",", title="n"),
            ],
        )
    )
    text = (
        alt.Chart(rows)
        .mark_text(align="left", dx=4, color="#111827")
        .encode(x="mean:Q", y=y, text="label:N")
    )
    return accessible(
        (bars + text).properties(width=300, height=alt.Step(34)),
        title=title,
        description=description,
    )


def estimates_chart(
    rows: pd.DataFrame,
    *,
    label: str,
    estimate: str,
    low: str,
    high: str,
    title: str,
    description: str,
    x_title: str,
    y_title: str,
    highlight: str | None = None,
) -> alt.LayerChart:
    """Several estimates, each a dot with its interval as a bar, one row per ``label`` in the
    frame's order, against a dashed line at 0 (a forest plot): a bar that crosses the line is an
    interval that includes no difference. ``highlight`` names a boolean column drawn in red."""
    need_frame(rows, label, estimate, low, high, highlight)
    order = list(pd.unique(rows[label].astype(str)))
    y = alt.Y(f"{label}:N", title=y_title, sort=order)
    base = alt.Chart(rows)
    color = (
        alt.condition(f"datum.{highlight}", alt.value(PALETTE[3]), alt.value(PALETTE[0]))
        if highlight is not None
        else alt.value(PALETTE[0])
    )
    bars = base.mark_rule(strokeWidth=3).encode(x=f"{low}:Q", x2=f"{high}:Q", y=y, color=color)
    dots = base.mark_point(filled=True, size=90).encode(
        x=alt.X(f"{estimate}:Q", title=x_title),
        y=y,
        color=color,
        tooltip=[
            label,
            alt.Tooltip(f"{estimate}:Q", format=".1f"),
            alt.Tooltip(f"{low}:Q", format=".1f"),
            alt.Tooltip(f"{high}:Q", format=".1f"),
        ],
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(strokeDash=[6, 4], color="#6b7280")
        .encode(x="zero:Q")
    )
    chart = (bars + dots + zero).properties(width=460, height=alt.Step(26))
    return accessible(chart, title=title, description=description)


def arm_risks_chart(
    arms: pd.DataFrame, *, title: str, description: str, max_risk: float = 1.0
) -> alt.LayerChart:
    """Horizontal bars of each trial arm's risk (events ÷ patients), labelled 'events of n'.

    ``arms`` has columns ``arm``, ``events``, ``total`` and ``risk`` (a fraction); the axis runs
    from 0 to ``max_risk`` so that moving the counts moves the bars, not the scale.
    """
    need_frame(arms, "arm", "events", "total", "risk")
    pairs = zip(arms["events"], arms["total"], strict=True)
    rows = arms.assign(label=[f"{e:,} of {n:,}" for e, n in pairs])
    y = alt.Y("arm:N", sort=list(arms["arm"]), title=None)
    x = alt.X(
        "risk:Q",
        title="Patients with the event (% of the arm)",
        axis=alt.Axis(format="%"),
        scale=alt.Scale(domain=[0, max_risk]),
    )
    bars = (
        alt.Chart(rows)
        .mark_bar(color=PALETTE[0])
        .encode(
            x=x,
            y=y,
            tooltip=["arm", "events", "total", alt.Tooltip("risk:Q", format=".1%")],
        )
    )
    labels = (
        alt.Chart(rows)
        .mark_text(align="left", dx=5, color="#0f172a")
        .encode(x=x, y=y, text="label:N")
    )
    chart = alt.layer(bars, labels).properties(width=420, height=alt.Step(40))
    return accessible(chart, title=title, description=description)
