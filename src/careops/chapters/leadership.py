"""The numbers, tables and charts of the Leadership chapter (book/leadership)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops import data, decisions, measures, spc
from careops.chapters import Results
from careops.charts import spc as spc_charts

__all__ = ["CASES", "baseline_run_chart", "just_culture", "pdsa_run_charts"]

# page 02: six events from one hospital's safety reports, with the review team's answers to the
# questions on the decision path (a question left out was not reached)
CASES = pd.DataFrame(
    [
        {
            "case": "Infusion pump programmed at ten times the rate: two concentrations of the "
            "drug look alike on the screen",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": False,
        },
        {
            "case": "Nurse gives medications without scanning: the bedside scanners fail on "
            "most shifts and colleagues do the same",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": True,
            "peers_would_do_same": True,
        },
        {
            "case": "Resident copies forward yesterday's note without reviewing it; peers on "
            "the team review theirs",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": True,
            "peers_would_do_same": False,
        },
        {
            "case": "Technician silences a cardiac monitor's alarms for a whole shift to avoid "
            "the noise, knowing the patient is unstable",
            "intended_harm": False,
            "knew_and_disregarded": True,
        },
        {
            "case": "Transport aide takes the wrong patient to radiology during a surge, after "
            "checking the room number but not the wristband",
            "intended_harm": False,
            "knew_and_disregarded": False,
            "chose_the_behaviour": False,
        },
        {
            "case": "Pharmacist found impaired by alcohol while verifying orders",
            "intended_harm": True,
        },
    ]
)
_RESPONSES = ("Console", "Coach", "Sanction", "Refer")


def _where(target: str) -> str:
    """Where an answer leads on the just-culture path: an outcome, or the next question."""
    outcome = decisions.JUST_CULTURE_OUTCOMES.get(target)
    if outcome is not None:
        return f"{outcome['behaviour']} → {outcome['response']}"
    return f"go to question {list(decisions.JUST_CULTURE_QUESTIONS).index(target) + 1}"


def just_culture() -> Results:
    """Page 02: the decision path as a table, and the six cases classified along it."""
    path = pd.DataFrame(
        [
            {"Question": q["question"], "If yes": _where(q["yes"]), "If no": _where(q["no"])}
            for q in decisions.JUST_CULTURE_QUESTIONS.values()
        ]
    )
    path.index = pd.RangeIndex(1, len(path) + 1, name="#")
    classified = decisions.classify_cases(CASES)
    counts = classified["response"].value_counts()
    values = {f"n_{response.lower()}": int(counts.get(response, 0)) for response in _RESPONSES}
    values["n_cases"] = len(classified)
    responses = classified[["case", "behaviour", "response", "action"]].rename(
        columns=str.capitalize
    )
    paths = classified[["case", "path"]].rename(
        columns={"case": "Case", "path": "Path through the questions"}
    )
    return Results(
        values=values,
        tables={"path": path, "responses": responses, "paths": paths},
        frames={"classified": classified},
    )


def pdsa_run_charts() -> Results:
    """Page 04: the ED's weekly median time to provider read with the run-chart rules."""
    visits = data.load("ed_visits")
    seen = visits.dropna(subset=["time_to_provider_min"])
    # Full weeks only: Monday to Sunday, every day inside the year of data.
    weekly = measures.weekly(seen, "arrival", median_minutes=("time_to_provider_min", "median"))
    weekly["median_minutes"] = weekly["median_minutes"].astype(float)
    signals = spc.run_chart_signals(weekly["median_minutes"])
    values: dict[str, object] = {
        "n_weeks": len(weekly),
        "baseline_median": f"{signals.median:.0f}",
        "n_runs": signals.runs,
        "runs_low": signals.runs_lower_limit,
        "runs_high": signals.runs_upper_limit,
        "shift_len": 0,
        "shift_side": "none",
        "shift_from": "-",
        "shift_to": "-",
        "n_trends": len(signals.trends),
    }
    if len(signals.shifts):
        shift = signals.shifts.iloc[0]
        values.update(
            shift_len=int(shift["length"]),
            shift_side=shift["side"],
            shift_from=_day_month(weekly.loc[shift["start"], "week"]),
            shift_to=_day_month(weekly.loc[shift["end"], "week"] + pd.Timedelta(days=6)),
        )
    rules = signals.signals()
    table = pd.DataFrame(
        {
            "Rule that signals": rules["rule"],
            "from week": [_week_date(weekly, i) for i in rules["start"]],
            "to week": [_week_date(weekly, i) for i in rules["end"]],
        }
    )
    return Results(values=values, tables={"signals": table}, frames={"weekly": weekly})


def _day_month(day: pd.Timestamp) -> str:
    """A day as "3 November" (no leading zero, no year)."""
    return f"{day.day} {day:%B}"


def _week_date(weekly: pd.DataFrame, position: object) -> object:
    """The date of the week at a row position of ``weekly`` ("" when there is none)."""
    return "" if pd.isna(position) else weekly.loc[int(position), "week"].date()


def baseline_run_chart(r: Results) -> alt.LayerChart:
    """Page 04's run chart: the weekly medians, their median and any shift or trend."""
    weekly = r.frames["weekly"]
    signals = spc.run_chart_signals(weekly["median_minutes"])
    return spc_charts.run_chart(
        weekly,
        signals,
        x="week",
        y="median_minutes",
        x_title="Week starting (2025)",
        y_title="Median time to provider (minutes)",
        title="Weekly median time to provider, 2025 baseline",
        description=(
            f"Run chart of {len(weekly)} weekly medians of arrival-to-provider time around a "
            f"median of {signals.median:.0f} minutes, with points that form a shift or a trend "
            "highlighted."
        ),
    )
