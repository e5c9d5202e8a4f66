"""Charts for the finance exercises: break-even, budget variance waterfalls, NPV profiles,
cash-flow payback, payer-mix revenue and case mix.

The explorer charts carry their own sliders (Altair parameters bound to inputs) so they stay
interactive on the published site. Break-even's what-if arithmetic is a Vega expression,
defined once here (BREAK_EVEN_EXPRESSIONS) and tested in Vega against careops.finance; the
NPV explorer only looks up a profile that careops.finance computed.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible

__all__ = [
    "BREAK_EVEN_EXPRESSIONS",
    "break_even_chart",
    "break_even_explorer",
    "budget_vs_actual_chart",
    "case_mix_chart",
    "cash_flow_chart",
    "npv_explorer",
    "npv_profile_chart",
    "payer_revenue_chart",
    "payer_visits_chart",
    "variance_waterfall",
]

# What-if formulas of the break-even explorer over its parameters (price, variable, fixed)
# and the row field ``volume``; Vega expression syntax.
BREAK_EVEN_EXPRESSIONS = {
    "revenue": "price * datum.volume",
    "total_cost": "fixed + variable * datum.volume",
    "break_even": "price > variable ? fixed / (price - variable) : null",
}

_MONEY_AXIS = alt.Axis(format="$,.0f")


def break_even_chart(
    lines: pd.DataFrame, *, break_even: float | None, expected: float
) -> alt.LayerChart:
    """Revenue and total cost against volume, with the expected volume (and the break-even,
    once the student has answered: ``break_even`` None leaves it unmarked).

    ``lines`` has columns volume, line ("Revenue" / "Total cost") and dollars.
    """
    chart = (
        alt.Chart(lines)
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("volume:Q", title="Visits per month (visits)"),
            y=alt.Y("dollars:Q", title="Dollars per month ($)", axis=_MONEY_AXIS),
            color=alt.Color(
                "line:N",
                title=None,
                scale=alt.Scale(range=[PALETTE[0], PALETTE[3]]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("line:N"),
                alt.Tooltip("volume:Q"),
                alt.Tooltip("dollars:Q", format="$,.0f"),
            ],
        )
    )
    rows = [{"volume": float(expected), "label": f"Expected {expected:,.0f}"}]
    if break_even is not None:
        rows.append({"volume": float(break_even), "label": f"Break-even {break_even:,.1f}"})
    marks = pd.DataFrame(rows)
    rules = (
        alt.Chart(marks).mark_rule(strokeDash=[5, 3], color=PALETTE[7]).encode(x=alt.X("volume:Q"))
    )
    text = (
        alt.Chart(marks)
        .mark_text(angle=270, align="right", dx=-4, dy=-6, color=PALETTE[7])
        .encode(x=alt.X("volume:Q"), y=alt.value(0), text=alt.Text("label:N"))
    )
    return accessible(
        alt.layer(chart, rules, text).properties(width=460, height=260),
        title="Where revenue meets cost",
        description=(
            "Revenue and total cost lines against monthly visits; they cross at the break-even "
            + (f"volume of {break_even:,.1f} visits" if break_even is not None else "volume")
            + f". A dashed line marks the expected {expected:,.0f} visits."
        ),
    )


def break_even_explorer(
    *, price: float, variable: float, fixed: float, max_volume: int = 800
) -> alt.LayerChart:
    """Revenue and cost lines, and the break-even, recomputed in the browser as sliders move."""
    params = [
        alt.param(
            name="price",
            value=price,
            bind=alt.binding_range(min=0, max=500, step=5, name="Payment per visit ($) "),
        ),
        alt.param(
            name="variable",
            value=variable,
            bind=alt.binding_range(min=0, max=400, step=5, name="Variable cost per visit ($) "),
        ),
        alt.param(
            name="fixed",
            value=fixed,
            bind=alt.binding_range(
                min=0, max=100_000, step=1000, name="Fixed costs per month ($) "
            ),
        ),
    ]
    grid = pd.DataFrame({"volume": range(0, max_volume + 1, 10)})
    lines = (
        alt.Chart(grid)
        .transform_calculate(
            revenue=BREAK_EVEN_EXPRESSIONS["revenue"],
            total_cost=BREAK_EVEN_EXPRESSIONS["total_cost"],
        )
        .transform_fold(["revenue", "total_cost"], as_=["line", "dollars"])
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("volume:Q", title="Visits per month (visits)"),
            y=alt.Y("dollars:Q", title="Dollars per month ($)", axis=_MONEY_AXIS),
            color=alt.Color(
                "line:N",
                title=None,
                scale=alt.Scale(domain=["revenue", "total_cost"], range=[PALETTE[0], PALETTE[3]]),
                legend=alt.Legend(
                    orient="bottom", labelExpr="datum.value == 'revenue' ? 'Revenue' : 'Total cost'"
                ),
            ),
        )
    )
    point = (
        alt.Chart(pd.DataFrame({"row": [0]}))
        .transform_calculate(break_even=BREAK_EVEN_EXPRESSIONS["break_even"])
        .transform_calculate(
            label=(
                "isValid(datum.break_even)"
                " ? 'Break-even: ' + format(datum.break_even, ',.1f') + ' visits'"
                " : 'No break-even: payment must exceed variable cost'"
            )
        )
    )
    rule = (
        point.transform_filter("isValid(datum.break_even)")
        .mark_rule(strokeDash=[5, 3], color=PALETTE[7])
        .encode(x=alt.X("break_even:Q"))
    )
    text = point.mark_text(align="left", x=8, y=12, fontWeight="bold").encode(
        text=alt.Text("label:N")
    )
    chart = alt.layer(lines, rule, text).add_params(*params).properties(width=460, height=260)
    return accessible(
        chart,
        title="Explore: break-even as payment and costs change",
        description=(
            "Revenue and total cost lines against monthly visits that redraw as the sliders for "
            "payment per visit, variable cost per visit and fixed costs move; the break-even "
            "volume is marked and written above the chart."
        ),
    )


def variance_waterfall(steps: pd.DataFrame, *, unit: str) -> alt.LayerChart:
    """Original budget -> volume, quantity, price variances -> actual cost, as a waterfall.

    ``steps`` has columns step, start, end, amount, kind ("total", "unfavourable", "favourable",
    "none").
    """
    colour = alt.Color(
        "kind:N",
        title=None,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(
            domain=["total", "unfavourable", "favourable", "none"],
            range=[PALETTE[7], PALETTE[3], PALETTE[2], "#94a3b8"],
        ),
    )
    order = list(steps["step"])
    bars = (
        alt.Chart(steps)
        .mark_bar(size=40)
        .encode(
            x=alt.X("step:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=140)),
            y=alt.Y(
                "start:Q",
                title="Labour cost for the month ($)",
                axis=_MONEY_AXIS,
                scale=alt.Scale(zero=False),
            ),
            y2=alt.Y2("end:Q"),
            color=colour,
            tooltip=[
                alt.Tooltip("step:N"),
                alt.Tooltip("amount:Q", format="$,.0f", title="Amount"),
                alt.Tooltip("kind:N"),
            ],
        )
    )
    labels = (
        alt.Chart(steps)
        .mark_text(dy=-8)
        .encode(
            x=alt.X("step:N", sort=order),
            y=alt.Y("top:Q"),
            text=alt.Text("amount:Q", format="$,.0f"),
        )
        .transform_calculate(top="max(datum.start, datum.end)")
    )
    return accessible(
        alt.layer(bars, labels).properties(width=480, height=280),
        title=f"From budget to actual: where the {unit} labour money went",
        description=(
            "Waterfall from the original labour budget through the volume, quantity (efficiency) "
            "and price (wage rate) variances to the actual cost; red bars are unfavourable, "
            "green favourable."
        ),
    )


def npv_profile_chart(
    profile: pd.DataFrame, *, rate: float, npv: float | None = None, irr: float | None = None
) -> alt.LayerChart:
    """NPV against the discount rate (from careops), with the hospital's rate marked; with
    ``npv`` (after the student has answered) the NPV there and the IRR are labelled too.

    ``profile`` has columns rate (fraction) and npv (dollars).
    """
    line = (
        alt.Chart(profile)
        .mark_line(color=PALETTE[0], strokeWidth=3)
        .encode(
            x=alt.X("rate:Q", title="Discount rate (% a year)", axis=alt.Axis(format=".0%")),
            y=alt.Y("npv:Q", title="Net present value ($)", axis=_MONEY_AXIS),
            tooltip=[alt.Tooltip("rate:Q", format=".1%"), alt.Tooltip("npv:Q", format="$,.0f")],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=PALETTE[7]).encode(y=alt.Y("y:Q"))
    hurdle = (
        alt.Chart(pd.DataFrame({"rate": [rate]}))
        .mark_rule(color=PALETTE[1], strokeDash=[6, 3])
        .encode(x=alt.X("rate:Q"))
    )
    layers = [line, zero, hurdle]
    if npv is None:
        words = f"a dashed line marks the hospital's rate of {rate:.1%}."
    else:
        points = [{"rate": rate, "npv": npv, "label": f"At {rate:.1%}: NPV ${npv:,.0f}"}]
        if irr is not None:
            points.append({"rate": irr, "npv": 0.0, "label": f"IRR {irr:.1%}"})
        marks = alt.Chart(pd.DataFrame(points))
        layers.append(
            marks.mark_point(filled=True, size=100, color=PALETTE[1]).encode(
                x=alt.X("rate:Q"), y=alt.Y("npv:Q")
            )
        )
        layers.append(
            marks.mark_text(align="left", dx=8, dy=-8).encode(
                x=alt.X("rate:Q"), y=alt.Y("npv:Q"), text=alt.Text("label:N")
            )
        )
        words = f"at the hospital's {rate:.1%} the NPV is ${npv:,.0f}" + (
            f", and it crosses zero at the IRR of {irr:.1%}." if irr is not None else "."
        )
    return accessible(
        alt.layer(*layers).properties(width=460, height=240),
        title="NPV profile: the investment's value at each discount rate",
        description=f"Line of net present value against discount rate; {words}",
    )


def cash_flow_chart(
    flows: pd.DataFrame, *, payback: float | None, reveal: bool = True
) -> alt.LayerChart:
    """Cumulative cash by year (bars), which turns positive at the payback period (named in
    the title when ``reveal``, i.e. after the student has answered).

    ``flows`` has columns year, cash_flow and cumulative.
    """
    bars = (
        alt.Chart(flows)
        .mark_bar(size=24)
        .encode(
            x=alt.X("year:O", title="Year (0 = purchase)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("cumulative:Q", title="Cumulative cash, not discounted ($)", axis=_MONEY_AXIS),
            color=alt.condition(
                "datum.cumulative >= 0", alt.value(PALETTE[2]), alt.value(PALETTE[3])
            ),
            tooltip=[
                alt.Tooltip("year:O"),
                alt.Tooltip("cash_flow:Q", format="$,.0f"),
                alt.Tooltip("cumulative:Q", format="$,.0f"),
            ],
        )
    )
    if not reveal:
        return accessible(
            bars.properties(width=460, height=200),
            title="Cumulative cash by year",
            description=(
                "Bars of cumulative undiscounted cash by year, red while negative and green "
                "once positive."
            ),
        )
    words = f"pays back after {payback:.2f} years" if payback is not None else "never pays back"
    return accessible(
        bars.properties(width=460, height=200),
        title=f"Cumulative cash: the purchase {words}",
        description=(
            "Bars of cumulative undiscounted cash by year, red while negative and green once "
            f"the purchase {words}."
        ),
    )


def npv_explorer(profile: pd.DataFrame, *, rate: float) -> alt.LayerChart:
    """The NPV profile with a discount-rate slider that reads the NPV off careops' profile."""
    p_rate = alt.param(
        name="rate_pct",
        value=round(rate * 100, 1),
        bind=alt.binding_range(
            min=0, max=float(profile["rate"].max() * 100), step=0.5, name="Discount rate (%) "
        ),
    )
    data = profile.assign(rate_pct=(profile["rate"] * 100).round(1))
    line = (
        alt.Chart(data)
        .mark_line(color=PALETTE[0], strokeWidth=3)
        .encode(
            x=alt.X("rate_pct:Q", title="Discount rate (% a year)"),
            y=alt.Y("npv:Q", title="Net present value ($)", axis=_MONEY_AXIS),
        )
    )
    chosen = alt.Chart(data).transform_filter("abs(datum.rate_pct - rate_pct) < 0.01")
    dot = chosen.mark_point(filled=True, size=120, color=PALETTE[1]).encode(
        x=alt.X("rate_pct:Q"), y=alt.Y("npv:Q")
    )
    text = (
        chosen.transform_calculate(
            label="'At ' + format(datum.rate_pct, '.1f') + '%: NPV ' + format(datum.npv, '$,.0f')"
        )
        .mark_text(align="left", x=8, y=12, fontWeight="bold")
        .encode(text=alt.Text("label:N"))
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=PALETTE[7]).encode(y=alt.Y("y:Q"))
    chart = alt.layer(line, zero, dot, text).add_params(p_rate).properties(width=460, height=240)
    return accessible(
        chart,
        title="Explore: NPV at any discount rate",
        description=(
            "NPV profile line; a slider for the discount rate moves a dot along it and writes "
            "the NPV at that rate."
        ),
    )


def payer_visits_chart(table: pd.DataFrame) -> alt.Chart:
    """Visits by payer (bars) with the payment per visit in the tooltip; ``table``: payer,
    visits, rate."""
    bars = (
        alt.Chart(table)
        .mark_bar(color=PALETTE[5])
        .encode(
            y=alt.Y("payer:N", title=None, sort="-x"),
            x=alt.X("visits:Q", title="Visits per month (visits)"),
            tooltip=[
                alt.Tooltip("payer:N"),
                alt.Tooltip("visits:Q"),
                alt.Tooltip("rate:Q", format="$,.0f", title="Payment per visit"),
            ],
        )
    )
    return accessible(
        bars.properties(width=420, height=alt.Step(28)),
        title="Visits by payer",
        description=(
            "Bars of monthly visits for each payer; the tooltip gives each payer's payment "
            "per visit."
        ),
    )


def budget_vs_actual_chart(table: pd.DataFrame, *, unit: str) -> alt.LayerChart:
    """Budgeted and actual labour cost side by side; ``table``: line, dollars."""
    base = alt.Chart(table).encode(
        x=alt.X("line:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("dollars:Q", title="Labour cost for the month ($)", axis=_MONEY_AXIS),
    )
    bars = base.mark_bar(size=60, color=PALETTE[7])
    text = base.mark_text(dy=-8).encode(text=alt.Text("dollars:Q", format="$,.0f"))
    return accessible(
        alt.layer(bars, text).properties(width=300, height=260),
        title=f"{unit}: labour cost, budget and actual",
        description=(
            "Two bars: the month's budgeted labour cost and the actual labour cost, in dollars."
        ),
    )


def payer_revenue_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Revenue by payer (bars) with each payer's share; ``table``: payer, revenue, share."""
    base = alt.Chart(table).encode(
        y=alt.Y("payer:N", title=None, sort="-x"),
        x=alt.X("revenue:Q", title="Revenue per month ($)", axis=_MONEY_AXIS),
    )
    bars = base.mark_bar(color=PALETTE[0]).encode(
        tooltip=[
            alt.Tooltip("payer:N"),
            alt.Tooltip("revenue:Q", format="$,.0f"),
            alt.Tooltip("share:Q", format=".0%"),
        ]
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("share:Q", format=".0%"))
    return accessible(
        alt.layer(bars, text).properties(width=420, height=alt.Step(28)),
        title="Revenue by payer",
        description="Bars of monthly revenue for each payer, labelled with its share of the total.",
    )


def case_mix_chart(table: pd.DataFrame, *, cmi: float | None = None) -> alt.LayerChart:
    """Discharges by DRG, coloured by relative weight (the CMI in the title when given).

    ``table`` has columns drg_label, discharges, weight.
    """
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("drg_label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=320)),
            x=alt.X("discharges:Q", title="Discharges in the year (patients)"),
            color=alt.Color(
                "weight:Q",
                title="DRG weight",
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("drg_label:N"),
                alt.Tooltip("discharges:Q"),
                alt.Tooltip("weight:Q", format=".2f"),
            ],
        )
    )
    suffix = f" (CMI {cmi:.3f})" if cmi is not None else ""
    tail = f"; the case mix index is {cmi:.3f}." if cmi is not None else "."
    return accessible(
        bars.properties(width=360, height=alt.Step(24)),
        title=f"Case mix: discharges by DRG{suffix}",
        description=f"Bars of discharges for each DRG, darker for heavier relative weights{tail}",
    )
