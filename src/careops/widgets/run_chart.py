"""Data exercise: apply the run-chart rules — spot the shift, the trend, and count the runs."""

from __future__ import annotations

import pandas as pd

from careops import spc
from careops.charts import spc as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values
from careops.widgets.static import Static

__all__ = ["SERIES", "run_chart_exercise"]

# Teaching series (weekly): name -> (unit, values), built by hand so each shows one lesson;
# careops finds the signals.
SERIES: dict[str, tuple[str, list[float]]] = {
    "Hand-hygiene compliance after the new dispensers (week 14)": (
        "% of observed opportunities",
        [
            71,
            74,
            69,
            73,
            76,
            70,
            72,
            75,
            68,
            73,
            71,
            77,
            70,
            82,
            85,
            79,
            84,
            86,
            81,
            88,
            83,
            85,
            87,
            84,
        ],
    ),
    "Falls per 1,000 patient-days on a medical unit": (
        "falls per 1,000 patient-days",
        [
            4.2,
            3.6,
            4.5,
            3.9,
            4.4,
            3.7,
            4.1,
            4.6,
            4.3,
            3.8,
            3.5,
            3.2,
            2.9,
            2.7,
            3.4,
            3.0,
            3.6,
            3.1,
            2.8,
            3.3,
            3.0,
            2.9,
        ],
    ),
    "Door-to-needle time for stroke thrombolysis": (
        "median minutes",
        [
            52,
            55,
            49,
            47,
            58,
            54,
            50,
            61,
            57,
            46,
            51,
            56,
            53,
            44,
            48,
            59,
            55,
            50,
            45,
            52,
            57,
            49,
            54,
            51,
        ],
    ),
}
YES_NO = ["Yes", "No"]


def _compute(v: Values) -> spc.RunChartSignals:
    return spc.run_chart_signals(SERIES[v["series"]][1])


def _check(v: Values, a: Values, r: spc.RunChartSignals) -> Feedback:
    fb = Feedback()
    has_shift, has_trend = bool(len(r.shifts)), bool(len(r.trends))
    if (a["shift"] == "Yes") == has_shift:
        if has_shift:
            spans = "; ".join(
                f"weeks {s + 1}–{e + 1}, {n} points {side} the median"
                for s, e, n, side in r.shifts[["start", "end", "length", "side"]].itertuples(
                    index=False
                )
            )
            fb.add(True, f"Shift: {spans}.")
        else:
            fb.add(True, "No shift: no 6 or more points in a row on one side of the median.")
    elif has_shift:
        fb.add(
            False,
            "Look for 6 or more points in a row all above (or all below) the median line; "
            "points on the median neither count nor break the run.",
        )
    else:
        fb.add(
            False,
            "No shift: the points cross the median too often for 6 in a row to sit on one "
            "side of it.",
        )

    if (a["trend"] == "Yes") == has_trend:
        if has_trend:
            s, e, n, d = r.trends[["start", "end", "length", "direction"]].iloc[0]
            fb.add(True, f"Trend: weeks {s + 1}–{e + 1}, {n} points going {d}.")
        else:
            fb.add(
                True, "No trend: never 5 or more points in a row all going up or all going down."
            )
    elif has_trend:
        fb.add(
            False,
            "Look for 5 or more points in a row each lower (or each higher) than the one "
            "before — the rule counts points, not steps.",
        )
    else:
        fb.add(
            False,
            "No trend: a trend needs 5 points in a row each going the same way; a few weeks "
            "of drift with ups and downs is not one.",
        )

    runs, lo, hi = r.runs, r.runs_lower_limit, r.runs_upper_limit
    if a["runs"] == runs:
        verdict = (
            "too few — a sign of a shift in the process"
            if r.too_few_runs
            else "too many — the data alternate more than chance would"
            if r.too_many_runs
            else "within the expected range"
        )
        fb.add(
            True,
            f"{runs} runs (for {r.useful_observations} points off the median, {lo}–{hi} is "
            f"expected): {verdict}.",
        )
    elif a["runs"] == runs + 1 or a["runs"] == runs - 1:
        fb.add(
            False,
            "Close: count the times the line crosses the median and add 1, skipping points "
            "that sit on the median.",
        )
    else:
        fb.add(
            False,
            "A run is one or more points in a row on the same side of the median. Count "
            "crossings of the median, plus 1.",
        )
    return fb


def _chart(v: Values, r: spc.RunChartSignals, reveal: bool):
    unit, values = SERIES[v["series"]]
    points = pd.DataFrame({"order": range(1, len(values) + 1), "value": values})
    words = "points in a shift or trend are coloured" if reveal else "signals not yet marked"
    return charts.run_chart(  # before Check (reveal=False) the chart's data carries no answer
        points,
        r,
        x="order",
        x_type="Q",
        y="value",
        x_title="Week (number)",
        # one title for every series (the static site draws all three in one chart)
        y_title="Weekly value (unit as in the series)",
        title="The series week by week, with its median",
        reveal=reveal,
        width=500,
        description=(
            f"Run chart of {v['series']}, {unit}, over {len(points)} weeks with a dashed "
            "median line at "
            f"{r.median:g}; {words}."
        ),
    )


def run_chart_exercise(series: str = next(iter(SERIES))) -> Exercise:
    """Pick a series; say whether it has a shift and a trend, and count its runs."""
    return Exercise(
        title="Run chart rules: shift, trend and runs",
        prompt=(
            "The IHI run-chart rules (Perla, Provost &amp; Murray 2011) spot non-random "
            "change without "
            "control limits: a <b>shift</b> is 6 or more points in a row on one side of the "
            "median; a "
            "<b>trend</b> is 5 or more points in a row all going up or all going down; too few or "
            "too many <b>runs</b> (stretches on one side of the median) also signal. Points "
            "exactly on "
            "the median are skipped. Choose a series and apply the rules; Check marks the signals."
        ),
        inputs=[
            Choice(
                "series",
                "Series",
                [(f"{name}, in {unit}", name) for name, (unit, _) in SERIES.items()],
                default=series,
            )
        ],
        answers=[
            Choice("shift", "Is there a shift?", YES_NO, radio=True),
            Choice("trend", "Is there a trend?", YES_NO, radio=True),
            Number("runs", "Number of runs", unit="runs", whole=True, minimum=1, example="6"),
        ],
        compute=_compute,
        check=_check,
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        static=Static(
            grid={"series": list(SERIES)},
            answers=lambda v, r: {
                "shift": YES_NO[0] if len(r.shifts) else YES_NO[1],
                "trend": YES_NO[0] if len(r.trends) else YES_NO[1],
                "runs": r.runs,
            },
            slips=lambda v, r: {"runs": [r.runs - 1, r.runs + 1]},
        ),
    )
