"""The numbers, tables and charts of the Leadership Skillsets chapter (book/skillsets).

The team's inputs (weights, ratings, ballots, payoffs, probabilities) are the pages' worked
examples: planning assumptions written down here, not data.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops import data, decisions, measures
from careops.chapters import Results
from careops.charts import decisions as decision_charts

__all__ = [
    "BALLOTS",
    "IDEAS",
    "PAYOFFS",
    "PROBABILITIES",
    "RATINGS",
    "SCENARIOS",
    "WEIGHTS",
    "consensus_nominal_group",
    "decision_matrix",
    "decision_matrix_chart",
    "ngt_chart",
    "regret_chart",
    "scenario_planning",
    "weight_sensitivity_chart",
]

# page 02: the team's 100 points among five criteria, and its 1-5 ratings of the four options
WEIGHTS = {
    "Shorter waits": 35,
    "Safety": 25,
    "Affordability": 20,
    "Staff support": 10,
    "Ease of start": 10,
}
RATINGS = pd.DataFrame(
    {
        "Shorter waits": [5, 4, 3, 1],
        "Safety": [4, 5, 3, 3],
        "Affordability": [2, 3, 4, 5],
        "Staff support": [4, 2, 3, 2],
        "Ease of start": [3, 3, 2, 5],
    },
    index=pd.Index(
        ["Fast track", "Provider in triage", "Virtual urgent care", "Current model"],
        name="Option",
    ),
)
_TESTED = "Affordability"  # the criterion whose weight page 02 varies

# page 03: the ideas after clarification, and each member's top five (first choice first)
IDEAS = {
    "A": "Anticipate discharge: orders written the evening before",
    "B": "9:30 multidisciplinary discharge huddle",
    "C": "Meds-to-beds: pharmacy delivers discharge prescriptions",
    "D": "Request transport when the order is written",
    "E": "Discharge lounge for patients waiting for a ride",
    "F": "Weekend case management coverage",
    "G": "Discharge checklist built into the EHR",
    "H": "Teach-back education from the day of admission",
}
BALLOTS = {
    "Nurse manager": ["B", "A", "G", "E", "H"],
    "Hospitalist": ["C", "B", "A", "G", "F"],
    "Charge nurse": ["E", "B", "H", "A", "D"],
    "Case manager": ["F", "B", "A", "D", "E"],
    "Pharmacist": ["C", "H", "B", "A", "G"],
    "Transport lead": ["D", "E", "B", "A", "G"],
    "Resident": ["C", "A", "G", "B", "F"],
    "Patient and family advisor": ["H", "C", "E", "B", "A"],
}
_POINTS = 5  # points to a first choice, down to 1 for the fifth

# page 04: four futures, each strategy's annual contribution margin ($ thousands) in each,
# and the team's probabilities of the futures
SCENARIOS = {
    "Growth, home paid": (
        "Admissions rise about 4% a year; payers reimburse hospital-at-home at inpatient rates."
    ),
    "Growth, home not paid": (
        "Admissions rise; the hospital-at-home waiver lapses and only pilots continue."
    ),
    "Flat, home paid": (
        "Admissions level off as ambulatory care absorbs demand; home care is paid."
    ),
    "Flat, home not paid": "Admissions level off; no payment for acute care at home.",
}
PAYOFFS = pd.DataFrame(
    {
        "Growth, home paid": [1800, 2100, 900, 0],
        "Growth, home not paid": [1800, 300, 900, 0],
        "Flat, home paid": [-400, 1400, 300, 0],
        "Flat, home not paid": [-400, -300, 300, 0],
    },
    index=pd.Index(
        [
            "Build 8 new beds",
            "Launch 8 hospital-at-home beds",
            "Open an observation unit",
            "Hold: no change",
        ],
        name="Strategy",
    ),
)
PROBABILITIES = {
    "Growth, home paid": 0.3,
    "Growth, home not paid": 0.3,
    "Flat, home paid": 0.2,
    "Flat, home not paid": 0.2,
}
_RULES = ("maximax", "maximin", "minimax_regret")  # the rules page 04 names, without probabilities


def decision_matrix() -> Results:
    """Page 02: the ED's low-acuity case, the weighted scores and where affordability flips them."""
    visits = data.load("ed_visits")
    days = measures.observed_days(visits["arrival"])
    low_acuity = visits["esi"].isin([4, 5])
    lwbs = visits["disposition"].eq("left_without_being_seen")
    scores = decisions.weighted_scores(RATINGS, WEIGHTS)
    leader, runner_up = scores.index[0], scores.index[1]
    sensitivity = decisions.weight_sensitivity(RATINGS, WEIGHTS, _TESTED, steps=41)
    switches = decisions.weight_switch_points(RATINGS, WEIGHTS, _TESTED)
    current = WEIGHTS[_TESTED] / sum(WEIGHTS.values())
    first = switches[switches["share"] > current].iloc[0]
    values = {
        "visits_per_day": f"{len(visits) / days:.0f}",
        "low_acuity_share": f"{low_acuity.mean():.0%}",
        "lwbs_low_acuity": f"{lwbs[low_acuity].mean():.1%}",
        "leader": leader,
        "leader_total": f"{scores.loc[leader, 'total']:.2f}",
        "runner_up": runner_up,
        "runner_up_total": f"{scores.loc[runner_up, 'total']:.2f}",
        "switch_share": f"{first['share']:.0%}",
        "switch_to": str(first["to"]),
        "current_share": f"{current:.0%}",
    }
    weights = pd.DataFrame({"Criterion": list(WEIGHTS), "Points (of 100)": list(WEIGHTS.values())})
    return Results(
        values=values,
        tables={"weights": weights, "ratings": RATINGS.copy(), "scores": scores.round(2)},
        frames={"scores": scores, "sensitivity": sensitivity, "switches": switches},
    )


def decision_matrix_chart(r: Results) -> alt.Chart:
    """Page 02's stacked bars: each option's weighted score, split by criterion."""
    return decision_charts.decision_matrix_chart(
        r.frames["scores"],
        title="Weighted scores of the four options",
        description=(
            "Stacked horizontal bars of each option's weighted score out of 5, split by criterion. "
            f"{r['leader']} scores highest ({r['leader_total']}), then {r['runner_up']} "
            f"({r['runner_up_total']})."
        ),
        unit="weighted rating, 1–5",
    )


def weight_sensitivity_chart(r: Results) -> alt.LayerChart:
    """Page 02's lines: each option's total as affordability's share of the weight rises."""
    return decision_charts.weight_sensitivity_chart(
        r.frames["sensitivity"],
        criterion=_TESTED,
        current_share=WEIGHTS[_TESTED] / sum(WEIGHTS.values()),
        title="How the ranking changes as affordability gains weight",
        description=(
            "Line chart of each option's total score as the weight on affordability rises from "
            f"0% to 100%. {r['leader']} leads at the agreed {r['current_share']}; "
            f"{r['switch_to']} overtakes it at {r['switch_share']}."
        ),
    )


def consensus_nominal_group() -> Results:
    """Page 03: the ballots of a nominal group and their tally (points, ballots, first choices)."""
    named = {member: [IDEAS[i] for i in ranked] for member, ranked in BALLOTS.items()}
    ballots = pd.DataFrame(
        named,
        index=pd.Index(
            ["1st (5 points)", "2nd (4)", "3rd (3)", "4th (2)", "5th (1)"], name="Choice"
        ),
    ).T
    tally = decisions.nominal_group_tally(named, points=_POINTS)
    top, second = tally.iloc[0], tally.iloc[1]
    firsts = tally.sort_values("first_choices", ascending=False).iloc[0]
    values = {
        "n_members": len(BALLOTS),
        "n_ideas": len(IDEAS),
        "top_idea": top["item"],
        "top_points": int(top["points"]),
        "top_votes": int(top["votes"]),
        "top_firsts": int(top["first_choices"]),
        "max_points": _POINTS * len(BALLOTS),
        "second_idea": second["item"],
        "second_points": int(second["points"]),
        "most_firsts": firsts["item"],
        "most_firsts_n": int(firsts["first_choices"]),
        "most_firsts_votes": int(firsts["votes"]),
    }
    shown = tally.rename(
        columns={
            "item": "Idea",
            "points": "Points",
            "votes": "Ballots naming it",
            "first_choices": "First choices",
            "rank": "Rank",
        }
    )
    return Results(
        values=values, tables={"ballots": ballots, "tally": shown}, frames={"tally": tally}
    )


def ngt_chart(r: Results) -> alt.Chart:
    """Page 03's bars: the group's points for each idea."""
    tally = r.frames["tally"]
    return decision_charts.ngt_chart(
        tally,
        title="Group priorities from the ranked vote",
        description=(
            f"Horizontal bar chart of nominal group points for {len(tally)} ideas. "
            f"'{r['top_idea']}' leads with {r['top_points']} points, then '{r['second_idea']}' "
            f"with {r['second_points']}."
        ),
    )


def scenario_planning() -> Results:
    """Page 04: the strategies' payoffs in four futures, read by maximax, maximin, regret and EV."""
    regret = decisions.regret_table(PAYOFFS)
    choice = decisions.decision_criteria(PAYOFFS)
    with_p = decisions.decision_criteria(PAYOFFS, PROBABILITIES)
    best_regret = choice.table.loc[choice.minimax_regret[0], "max_regret"]
    values = {rule: " and ".join(getattr(choice, rule)) for rule in _RULES}
    values.update(
        min_max_regret=f"${best_regret:,.0f}k",
        ev_choice=" and ".join(with_p.expected_value),
        ev_value=f"${with_p.table['expected'].max():,.0f}k",
    )
    scenarios = pd.DataFrame(
        {"Scenario": list(SCENARIOS), "The story in one line": list(SCENARIOS.values())}
    )
    criteria = choice.table.rename(
        columns={"best": "Best case", "worst": "Worst case", "max_regret": "Largest regret"}
    )
    expected = (
        with_p.table[["expected"]]
        .rename(columns={"expected": "Expected margin ($ thousands a year)"})
        .round(0)
    )
    return Results(
        values=values,
        tables={
            "scenarios": scenarios,
            "payoffs": PAYOFFS.copy(),
            "criteria": criteria,
            "expected": expected,
        },
        frames={"regret": regret},
    )


def regret_chart(r: Results) -> alt.Chart:
    """Page 04's heat map: the regret of each strategy in each future."""
    regret = r.frames["regret"]
    best = regret.max(axis="columns").min()
    return decision_charts.regret_chart(
        regret,
        unit="$ thousands a year",
        title="Regret of each strategy in each future",
        description=(
            "Heat map of regret in thousands of dollars a year, strategies by scenarios. "
            f"{r['minimax_regret'].split(' and ')[0]} has the smallest largest regret, "
            f"{best:,.0f} thousand."
        ),
    )
