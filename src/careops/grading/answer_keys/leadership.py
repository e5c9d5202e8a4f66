"""Answer-key facts of the leadership assignments after the first (leadership-2).

The model answer quotes the worked examples every student's notebook prints first: the unit
and shift understaffed most often over the year, and the run chart of Pediatrics' weekly RN
overtime hours read with the IHI run-chart rules.
"""

from __future__ import annotations

from careops import spc
from careops.grading.answers import facts_for, pct, word

LD2_CHART_UNIT = "Pediatrics"  # the worked example of Q2 (its visible code)


@facts_for("leadership-2")
def _leadership_2() -> dict[str, str]:
    from careops import data, measures

    staffing = data.load("nurse_staffing")
    share = (
        staffing["understaffed"]
        .astype(float)
        .groupby([staffing["unit"], staffing["shift"]], observed=True)
        .mean()
    )
    unit, shift = share.idxmax()
    rows = staffing[staffing["unit"] == LD2_CHART_UNIT]
    weeks = measures.weekly(rows, "date", overtime_hours=("overtime_hours", "sum"))
    signals = spc.run_chart_signals(weeks["overtime_hours"].astype(float))
    return {
        "worst_shift": f"the {unit} {shift} shift",
        "worst_share": pct(float(share.max()), 1),
        "ped_median": f"{signals.median:.0f}",
        "ped_runs": word(signals.runs),
        "ped_runs_range": f"{signals.runs_lower_limit} to {signals.runs_upper_limit}",
        "ped_shifts": word(len(signals.shifts)),
        "ped_runs_verdict": _runs_verdict(signals),
        "ped_reading": (
            "the overtime moves in spells, a signal worth acting on, not noise"
            if signals.any_signal
            else "no run-chart signal: the weekly ups and downs are noise, not a trend to act on"
        ),
    }


def _runs_verdict(signals: spc.RunChartSignals) -> str:
    """Whether a run chart's count of runs is below, within or above what chance gives."""
    if signals.runs < signals.runs_lower_limit:
        return "fewer than"
    if signals.runs > signals.runs_upper_limit:
        return "more than"
    return "within"
