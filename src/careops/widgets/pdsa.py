"""LEAN exercise: read one PDSA cycle on a run chart, then adopt, adapt or abandon the change.

The ED tests a provider in triage at peak hours from a chosen week; the weekly median minutes
from arrival to provider come from a seeded teaching series (careops.spc.step_change_series),
so the student can set when the change starts and how much it does. The run-chart rules
(careops.spc.run_chart_signals) read the weeks after the change against the baseline median,
frozen and extended (Perla, Provost & Murray 2011).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from careops import spc
from careops.charts import spc as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["ABANDON", "ADAPT", "ADOPT", "DECISIONS", "PdsaResult", "pdsa_exercise"]

WEEKS, LEVEL, NOISE, SEED = 26, 32.0, 3.5, 2026  # the teaching series (minutes, weekly)
ADOPT = "Adopt: make it the new standard"
ADAPT = "Adapt: change the idea or test it longer"
ABANDON = "Abandon: stop it and try another idea"
DECISIONS = [ADOPT, ADAPT, ABANDON]
YES_NO = ["Yes", "No"]


@dataclass(frozen=True, eq=False)
class PdsaResult:
    """The series, the baseline median, and the rules read on the weeks after the change."""

    minutes: np.ndarray
    change: int  # 0-based index of the first week with the change
    baseline_median: float
    after: spc.RunChartSignals  # indexes relative to the first week of the change

    @property
    def shift(self) -> str | None:
        """'below' (shorter waits), 'above' (longer) or None: the first shift after the change."""
        return None if self.after.shifts.empty else str(self.after.shifts["side"].iloc[0])

    @property
    def decision(self) -> str:
        """What the run chart supports: adopt a shift down, abandon a shift up, else adapt."""
        return {"below": ADOPT, "above": ABANDON}.get(self.shift or "", ADAPT)

    def weeks(self, row: int = 0) -> tuple[int, int, int]:
        """First and last week (1-based, whole series) and length of a shift after the change."""
        start, end, length = self.after.shifts[["start", "end", "length"]].iloc[row]
        return int(start) + self.change + 1, int(end) + self.change + 1, int(length)


def _compute(v: Values) -> PdsaResult:
    change = int(v["week"]) - 1
    minutes = spc.step_change_series(
        WEEKS, change, -v["effect"], level=LEVEL, noise=NOISE, seed=SEED
    )
    baseline = float(np.median(minutes[:change]))
    after = spc.run_chart_signals(minutes[change:], median=baseline)
    return PdsaResult(minutes=minutes, change=change, baseline_median=baseline, after=after)


def _check(v: Values, a: Values, r: PdsaResult) -> Feedback:
    fb = Feedback()
    m, before = a["median"], r.minutes[: r.change]
    if close_to(m, r.baseline_median, abs_tol=0.05):
        fb.add(
            True,
            f"The baseline median is {r.baseline_median:g} minutes: the middle of the "
            f"{r.change} weeks before the change, frozen and extended to judge the weeks after.",
        )
    elif close_to(m, float(np.median(r.minutes)), abs_tol=0.05):
        fb.add(
            False,
            "That is the median of every week, the change included. The baseline is the weeks "
            "before the change only: the weeks after are what you judge against it.",
        )
    elif close_to(m, float(np.mean(before)), abs_tol=0.05):
        fb.add(
            False,
            "That is the mean of the baseline weeks. A run chart's centre line is the median: "
            "half the weeks above it, half below.",
        )
    elif close_to(m, float(np.median(r.minutes[r.change :])), abs_tol=0.05):
        fb.add(False, "That is the median of the weeks after the change; the baseline is before.")
    else:
        fb.add(False, "Baseline median = the middle value of the weeks before the change.")

    has_shift = r.shift is not None
    if (a["shift"] == "Yes") == has_shift:
        if has_shift:
            first, last, n = r.weeks()
            fb.add(
                True,
                f"Weeks {first}–{last}: {n} weeks in a row {r.shift} the baseline median, "
                f"a shift (the rule needs {spc.SHIFT_LENGTH}).",
            )
        else:
            fb.add(
                True,
                f"No shift: after the change, never {spc.SHIFT_LENGTH} weeks in a row on one "
                "side of the baseline median.",
            )
    elif has_shift:
        first, last, n = r.weeks()
        fb.add(
            False,
            f"Read the weeks after the change against the baseline median: weeks {first}–{last} "
            f"are {n} in a row {r.shift} it, and {spc.SHIFT_LENGTH} in a row is a shift.",
        )
    else:
        fb.add(
            False,
            f"A shift needs {spc.SHIFT_LENGTH} or more weeks in a row on one side of the "
            "baseline median (weeks on the median neither count nor break the run). The weeks "
            "after the change cross it before that.",
        )

    chosen, right = a["decision"], r.decision
    if chosen == right:
        why = {
            ADOPT: "the waits fell and stayed down, more than chance would do: make the change "
            "the standard, spread it, and keep the run chart going to see it hold.",
            ADAPT: "no signal yet: the weeks after the change could be chance. Strengthen or "
            "change the idea, or test longer, before deciding.",
            ABANDON: "the waits rose and stayed up: the change made things worse. Stop it, "
            "learn why, and test another idea.",
        }[right]
        fb.add(True, f"{chosen.split(':')[0]}: {why}")
    elif right == ADOPT:
        fb.add(
            False,
            "The shift is below the baseline median: waits fell, and not by chance. The change "
            "works at this scale: adopt it (then check it holds as it spreads).",
        )
    elif right == ABANDON:
        fb.add(
            False,
            "The shift is above the baseline median: waits got longer after the change. A "
            "signal that it does harm: abandon it.",
        )
    elif chosen == ADOPT:
        fb.add(
            False,
            "Some weeks look better, but the rules find no shift: the drop could be chance. "
            "Do not adopt on hope: adapt the change or test it longer.",
        )
    else:
        fb.add(
            False,
            "No signal either way: nothing shows the change did harm, nor that it helped. "
            "Adapt it (or test longer) rather than abandon an idea the data do not reject.",
        )
    return fb


def _chart(v: Values, r: PdsaResult, *, reveal: bool):
    offset = r.change
    signals = replace(
        r.after,
        shifts=r.after.shifts.assign(
            start=r.after.shifts["start"] + offset, end=r.after.shifts["end"] + offset
        ),
        trends=r.after.trends.assign(
            start=r.after.trends["start"] + offset, end=r.after.trends["end"] + offset
        ),
    )
    points = pd.DataFrame({"week": range(1, len(r.minutes) + 1), "minutes": r.minutes})
    words = (
        "weeks in a shift or trend after the change are coloured"
        if reveal
        else ("signals not yet marked")
    )
    return charts.run_chart(
        points,
        signals,
        x="week",
        x_type="Q",
        y="minutes",
        x_title="Week (number)",
        y_title="Median minutes from arrival to provider (min)",
        title="Provider in triage: a PDSA cycle on a run chart",
        reveal=reveal,
        changes=pd.DataFrame({"x": [offset + 0.5], "label": ["Change starts"]}),
        width=520,
        description=(
            f"Run chart of the weekly median minutes from arrival to provider over {WEEKS} "
            f"weeks, a vertical line where the change starts (week {offset + 1}) and a dashed "
            f"line at the baseline median, extended; {words}."
        ),
    )


def pdsa_exercise(*, week: int = 12, effect: float = 4) -> Exercise:
    """Set the change week and its effect; find the baseline median, the shift, the decision."""
    return Exercise(
        title="A PDSA cycle on a run chart: adopt, adapt or abandon?",
        prompt=(
            "The ED tests a provider in triage at peak hours. The run chart shows the weekly "
            "median minutes from arrival to provider; the change starts at the week you set "
            "and saves the minutes you set (a negative saving makes waits longer). Find the "
            "<b>baseline median</b> (the weeks before the change), say whether the weeks after "
            "it show a <b>shift</b> against that median, and make the <b>decision</b>."
        ),
        inputs=[
            Number(
                "week",
                "Week the change starts",
                week,
                unit="week",
                minimum=8,
                maximum=18,
                step=2,
                slider=True,
                whole=True,
            ),
            Number(
                "effect",
                "Minutes the change saves",
                effect,
                unit="min",
                minimum=-4,
                maximum=10,
                step=2,
                slider=True,
            ),
        ],
        answers=[
            Number("median", "Baseline median", unit="minutes", minimum=0, example="32"),
            Choice("shift", "After the change, is there a shift?", YES_NO, radio=True),
            Choice("decision", "What do you decide?", DECISIONS, radio=True),
        ],
        compute=_compute,
        check=_check,
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        static=Static(
            # both sliders, every step: 6 change weeks x 8 effects = 48 points
            grid={"week": list(range(8, 19, 2)), "effect": list(range(-4, 11, 2))},
            answers=lambda v, r: {
                "median": r.baseline_median,
                "shift": "Yes" if r.shift else "No",
                "decision": r.decision,
            },
            tolerance={"median": 0.05},
            slips=lambda v, r: {
                "median": [
                    float(np.median(r.minutes)),
                    float(np.mean(r.minutes[: r.change])),
                    float(np.median(r.minutes[r.change :])),
                ]
            },
        ),
    )
