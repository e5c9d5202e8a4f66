"""Charts for the LEAN exercises: staffing to takt, value-stream timelines, simulated flow.

On the published site an exercise's chart follows its controls through a precomputed grid
(careops.widgets.static): no what-if arithmetic is written in Vega here.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible, need_frame

__all__ = [
    "flow_chart",
    "situation_card",
    "staffing_chart",
    "turnover_timeline",
    "value_stream_timeline",
    "wait_comparison_chart",
    "workload_chart",
]


def workload_chart(
    *, work_minutes: float, available_minutes: float, staff_on_duty: int
) -> alt.LayerChart:
    """The session's hands-on work beside the MA time on duty (both in MA-minutes)."""
    table = pd.DataFrame(
        {
            "what": ["Hands-on work booked", f"Time of the {staff_on_duty} MA(s) on duty"],
            "minutes": [work_minutes, available_minutes],
        }
    )
    base = alt.Chart(table).encode(
        y=alt.Y("what:N", title=None, sort=None),
        x=alt.X("minutes:Q", title="Medical-assistant minutes in the session (min)"),
    )
    bars = base.mark_bar(size=28).encode(
        color=alt.Color("what:N", legend=None, scale=alt.Scale(range=[PALETTE[1], PALETTE[0]]))
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("minutes:Q", format=",.0f"))
    return accessible(
        alt.layer(bars, text).properties(width=420, height=110),
        title="Work booked against the time on duty",
        description=(
            f"Two bars: {work_minutes:,.0f} minutes of hands-on work booked, and "
            f"{available_minutes:,.0f} minutes of medical-assistant time on duty."
        ),
    )


def staffing_chart(table: pd.DataFrame, *, demand: float, staff_on_duty: int) -> alt.LayerChart:
    """Staff needed as bookings grow (a step line from careops), with today's bookings and staff.

    ``table`` has columns patients and staff_needed.
    """
    base = alt.Chart(table)
    line = base.mark_line(interpolate="step-after", color=PALETTE[0]).encode(
        x=alt.X("patients:Q", title="Patients booked in the session (patients)"),
        y=alt.Y(
            "staff_needed:Q", title="Medical assistants needed (people)", scale=alt.Scale(zero=True)
        ),
        tooltip=[
            alt.Tooltip("patients:Q", title="Patients"),
            alt.Tooltip("staff_needed:Q", title="MAs needed"),
        ],
    )
    today = table.loc[table["patients"] == round(demand)]
    point = (
        alt.Chart(today)
        .mark_point(filled=True, size=120, color=PALETTE[1])
        .encode(x=alt.X("patients:Q"), y=alt.Y("staff_needed:Q"))
    )
    on_duty = alt.Chart(
        pd.DataFrame({"staff": [staff_on_duty], "label": [f"On duty: {staff_on_duty}"]})
    )
    rule = on_duty.mark_rule(color=PALETTE[3], strokeDash=[6, 3]).encode(y=alt.Y("staff:Q"))
    label = on_duty.mark_text(align="left", dx=4, dy=-6, color=PALETTE[3]).encode(
        y=alt.Y("staff:Q"), text=alt.Text("label:N"), x=alt.value(0)
    )
    return accessible(
        alt.layer(line, rule, label, point).properties(width=460, height=260),
        title="Medical assistants needed as bookings grow",
        description=(
            f"Step line of medical assistants needed against patients booked; today's "
            f"{demand:g} patients are marked, and a dashed line shows the {staff_on_duty} on duty."
        ),
    )


def value_stream_timeline(steps: pd.DataFrame, *, bottleneck: str | None = None) -> alt.Chart:
    """A patient's visit as a timeline: each step's wait then its hands-on time, end to end.

    ``steps`` is careops.lean.value_stream(...).steps (step, process_time, wait_time,
    cumulative_lead_time ...). When ``bottleneck`` is given (after the student has answered),
    that step's bar is outlined and the total lead time goes in the title.
    """
    rows = []
    for order, r in enumerate(steps.itertuples(index=False)):
        end = float(r.cumulative_lead_time)
        start = end - float(r.process_time) - float(r.wait_time)
        rows.append(
            {
                "order": order,
                "step": r.step,
                "kind": "Waiting",
                "start": start,
                "end": start + float(r.wait_time),
                "minutes": float(r.wait_time),
            }
        )
        rows.append(
            {
                "order": order,
                "step": r.step,
                "kind": "Value-added work",
                "start": end - float(r.process_time),
                "end": end,
                "minutes": float(r.process_time),
            }
        )
    data = pd.DataFrame(rows)
    encoding = {}
    if bottleneck is not None:
        data["bottleneck"] = (data["step"] == bottleneck) & (data["kind"] == "Value-added work")
        encoding = {
            "stroke": alt.condition("datum.bottleneck", alt.value(PALETTE[3]), alt.value(None)),
            "strokeWidth": alt.condition("datum.bottleneck", alt.value(3), alt.value(0)),
        }
    order = list(steps["step"])
    chart = (
        alt.Chart(data)
        .mark_bar(height=18)
        .encode(
            x=alt.X("start:Q", title="Minutes since the patient arrived (min)"),
            x2=alt.X2("end:Q"),
            y=alt.Y("step:N", sort=order, title="Step of the visit"),
            color=alt.Color(
                "kind:N",
                title="Time spent",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=["Waiting", "Value-added work"], range=["#cbd5e1", PALETTE[0]]
                ),
            ),
            tooltip=[
                alt.Tooltip("step:N"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("minutes:Q", title="Minutes"),
            ],
            **encoding,
        )
        .properties(width=460, height=alt.Step(28))
    )
    if bottleneck is None:
        return accessible(
            chart,
            title="The visit end to end",
            description=(
                "Timeline of a clinic visit: for each step a grey bar for waiting then a "
                "blue bar for hands-on work, from arrival to departure."
            ),
        )
    total = float(steps["cumulative_lead_time"].iloc[-1])
    return accessible(
        chart,
        title=f"The visit end to end: {total:g} minutes",
        description=(
            "Timeline of a clinic visit: for each step a grey bar for waiting then a blue bar "
            f"for hands-on work; the longest hands-on step ({bottleneck}) is outlined in red."
        ),
    )


def flow_chart(census: pd.DataFrame, *, littles_wip: float | None = None) -> alt.LayerChart:
    """Patients in the clinic through a simulated session, with Little's law's average when
    given (after the student has answered).

    ``census`` has columns minute and patients (time-weighted step data).
    """
    line = (
        alt.Chart(census)
        .mark_line(interpolate="step-after", color=PALETTE[0])
        .encode(
            x=alt.X("minute:Q", title="Minutes into the session (min)"),
            y=alt.Y("patients:Q", title="Patients in the clinic (patients)"),
        )
    )
    if littles_wip is None:
        return accessible(
            line.properties(width=460, height=220),
            title="Patients in the clinic during one simulated session",
            description=(
                "Step line of the number of patients in the clinic minute by minute for the "
                "first simulated session."
            ),
        )
    avg = (
        alt.Chart(pd.DataFrame({"wip": [littles_wip]}))
        .mark_rule(color=PALETTE[1], strokeDash=[6, 3])
        .encode(
            y=alt.Y("wip:Q"),
            tooltip=[alt.Tooltip("wip:Q", title="Little's law average", format=".2f")],
        )
    )
    return accessible(
        alt.layer(line, avg).properties(width=460, height=220),
        title="Patients in the clinic during one simulated session",
        description=(
            "Step line of the number of patients in the clinic minute by minute for the first "
            f"simulated session; a dashed line marks Little's law's average of {littles_wip:.1f}."
        ),
    )


def wait_comparison_chart(waits: pd.DataFrame) -> alt.Chart:
    """Average wait under each scenario (bars); ``waits`` has scenario and mean_wait columns."""
    chart = (
        alt.Chart(waits)
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("scenario:N", title=None, sort=None),
            x=alt.X("mean_wait:Q", title="Average wait to see a provider (min)"),
            tooltip=[
                alt.Tooltip("scenario:N"),
                alt.Tooltip("mean_wait:Q", title="Average wait (min)", format=".1f"),
            ],
        )
        .properties(width=460, height=alt.Step(26))
    )
    return accessible(
        chart,
        title="Average wait: today and two changes",
        description=(
            "Bars of the average wait in minutes for today's clinic, with one more provider, "
            "and with arrivals scheduled evenly."
        ),
    )


def turnover_timeline(timelines: pd.DataFrame, *, title: str, description: str) -> alt.LayerChart:
    """Changeover steps as bars on one clock per plan (before and after SMED): 0 is the moment
    the previous job ends (the patient leaves the room); external steps sit before it, while
    the previous job still runs, and internal steps after it, while the room waits.

    ``timelines`` holds careops.lean.changeover(...).steps rows with a ``plan`` column (the
    row label, in data order).
    """
    need_frame(timelines, "plan", "step", "start", "end", "minutes", "external")
    frame = timelines.copy()
    frame["when"] = frame["external"].map(
        {True: "During the previous case (external)", False: "Room waiting (internal)"}
    )
    plans = [str(p) for p in pd.unique(frame["plan"])]
    steps = [str(s) for s in pd.unique(frame["step"])]
    bars = (
        alt.Chart(frame)
        .mark_bar(height=22, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("start:Q", title="Minutes from the previous patient out of the room (min)"),
            x2=alt.X2("end:Q"),
            y=alt.Y("plan:N", sort=plans, title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color(
                "step:N",
                title="Step",
                sort=steps,
                scale=alt.Scale(domain=steps, range=PALETTE[: len(steps)]),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
            ),
            opacity=alt.Opacity(
                "when:N",
                title="When it is done",
                scale=alt.Scale(
                    domain=["Room waiting (internal)", "During the previous case (external)"],
                    range=[1.0, 0.45],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("plan:N", title="Plan"),
                alt.Tooltip("step:N", title="Step"),
                alt.Tooltip("minutes:Q", title="Minutes"),
                alt.Tooltip("when:N", title="When"),
            ],
        )
    )
    out = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(color="#0f172a", strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    chart = alt.layer(bars, out).properties(width=460, height=alt.Step(40))
    return accessible(chart, title=title, description=description)


def situation_card(
    text: str, *, heading: str, answer: str | None = None, width: int = 58
) -> alt.Chart:
    """A described situation drawn as a card of wrapped lines (exercises about a scene rather
    than numbers); with ``answer`` (after the student has answered) a last line says what it
    shows, in colour and bold."""
    lines = [(heading, "heading")] + [(line, "text") for line in textwrap.wrap(text, width)]
    if answer is not None:
        lines += [(line, "answer") for line in textwrap.wrap(answer, width)]
    data = pd.DataFrame(
        {
            "line": range(len(lines)),
            "text": [t for t, _ in lines],
            "kind": [k for _, k in lines],
        }
    )
    base = alt.Chart(data).encode(y=alt.Y("line:O", axis=None), text=alt.Text("text:N"))
    text = dict(align="left", baseline="middle", fontSize=14, x=0)
    body = base.transform_filter("datum.kind == 'text'").mark_text(color="#111827", **text)
    bold = (
        base.transform_filter("datum.kind != 'text'")
        .mark_text(fontWeight="bold", **text)
        .encode(
            color=alt.Color(
                "kind:N",
                legend=None,
                scale=alt.Scale(domain=["heading", "answer"], range=[PALETTE[7], PALETTE[2]]),
            )
        )
    )
    chart = (
        alt.layer(bold, body).properties(width=460, height=alt.Step(24)).configure_view(stroke=None)
    )
    words = f" It shows: {answer}" if answer is not None else ""
    return accessible(chart, title="The situation", description=f"{heading}: {text}{words}")
