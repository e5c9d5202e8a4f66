"""The numbers, tables and charts of the Leadership Skillsets chapter (book/skillsets).

The team's inputs (weights, ratings, ballots, payoffs, probabilities) are the pages' worked
examples: planning assumptions written down here, not data.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops import data, decisions, measures
from careops.chapters import Results
from careops.charts import basic
from careops.charts import decisions as decision_charts

__all__ = [
    "BALLOTS",
    "IDEAS",
    "PAYOFFS",
    "PILOT_WEIGHTS",
    "PROBABILITIES",
    "RATINGS",
    "SCENARIOS",
    "WEIGHTS",
    "case_pilot_clinic",
    "case_short_night",
    "consensus_nominal_group",
    "decision_matrix",
    "decision_matrix_chart",
    "ngt_chart",
    "pilot_clinic_chart",
    "regret_chart",
    "scenario_planning",
    "short_night_chart",
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


# the pilot-clinic case: two members' weights (points of 100) over the data-derived criteria
PILOT_WEIGHTS = {
    "Operations director": {"Need": 40, "Reach": 20, "Room to improve": 20, "Access pressure": 20},
    "Finance director": {"Need": 20, "Reach": 50, "Room to improve": 15, "Access pressure": 15},
}


def _scale(x: pd.Series) -> pd.Series:
    """Rescale to 1-5 (lowest to highest), the way a team turns data into ratings."""
    return 1 + 4 * (x - x.min()) / (x.max() - x.min())


def case_pilot_clinic(*, tested: str = "Need") -> Results:
    """Case: which clinic pilots a scheduling service? A decision matrix rated from the data,
    under two members' weights, and the weight on ``tested`` at which the leader changes."""
    appts = data.load("clinic_appointments")
    by_clinic = appts.groupby("clinic", observed=True).agg(
        appointments=("no_show", "size"),
        no_show=("no_show", "mean"),
        reminded=("reminder_sent", "mean"),
        lead=("lead_time_days", "median"),
    )
    by_clinic["not_reminded"] = 1 - by_clinic["reminded"]
    ratings = pd.DataFrame(
        {
            "Need": _scale(by_clinic["no_show"]),
            "Reach": _scale(by_clinic["appointments"].astype(float)),
            "Room to improve": _scale(by_clinic["not_reminded"]),
            "Access pressure": _scale(by_clinic["lead"].astype(float)),
        }
    ).rename_axis("Clinic")
    scores = {who: decisions.weighted_scores(ratings, w) for who, w in PILOT_WEIGHTS.items()}
    ops, fin = scores["Operations director"], scores["Finance director"]
    weights = PILOT_WEIGHTS["Operations director"]
    switches = decisions.weight_switch_points(ratings, weights, tested)
    first = switches.iloc[0]
    neediest = by_clinic["no_show"].idxmax()
    totals = pd.concat(
        [s["total"].rename(who) for who, s in scores.items()], axis="columns"
    ).reset_index()
    values = {
        "pc_clinics": len(by_clinic),
        "pc_ops_leader": str(ops.index[0]),
        "pc_ops_total": float(ops["total"].iloc[0]),
        "pc_ops_second": str(ops.index[1]),
        "pc_ops_second_total": float(ops["total"].iloc[1]),
        "pc_fin_leader": str(fin.index[0]),
        "pc_neediest": str(neediest),
        "pc_neediest_rate": 100 * float(by_clinic.loc[neediest, "no_show"]),
        "pc_leader_rate": 100 * float(by_clinic.loc[ops.index[0], "no_show"]),
        "pc_leader_appts": int(by_clinic.loc[ops.index[0], "appointments"]),
        "pc_tested": tested,
        "pc_tested_share": 100 * weights[tested] / sum(weights.values()),
        "pc_switch_share": 100 * float(first["share"]),
        "pc_switch_to": str(first["to"]),
        "pc_lead_min": float(by_clinic["lead"].min()),
        "pc_lead_max": float(by_clinic["lead"].max()),
    }
    data_table = by_clinic.assign(
        no_show=100 * by_clinic["no_show"], not_reminded=100 * by_clinic["not_reminded"]
    )[["appointments", "no_show", "not_reminded", "lead"]]
    data_table.columns = [
        "Appointments",
        "No-show rate (%)",
        "Not reminded (%)",
        "Median days from booking",
    ]
    return Results(
        values=values,
        tables={"clinic_data": data_table.rename_axis("Clinic"), "ratings": ratings.round(1)},
        frames={"totals": totals.melt("Clinic", var_name="member", value_name="total")},
    )


def pilot_clinic_chart(r: Results) -> alt.Chart:
    """Weighted totals of the clinics under each member's weights (the pilot-clinic case)."""
    return basic.bar_chart(
        r.frames["totals"],
        category="Clinic",
        value="total",
        color="member",
        color_title="Weights of",
        stack=False,
        title="Weighted score of each clinic as a pilot site, under two members' weights",
        description="Horizontal grouped bar chart of the weighted total score (1 to 5) of "
        "seven clinics under the operations director's and the finance director's weights: "
        "the same clinic leads under both, and the gap to the second clinic changes.",
        category_title="Clinic",
        value_title="Weighted score (1-5)",
    )


def case_short_night(*, unit: str = "2S Step-Down", shift: str = "night") -> Results:
    """Case: a unit's nights below its staffing target, the load per nurse on them, and how
    often the charge nurse would carry patients and delegate more."""
    shifts = data.load("nurse_staffing")
    own = shifts[(shifts["unit"] == unit) & (shifts["shift"] == shift)]
    short = own["understaffed"].astype(bool)
    ratio = own["patients_per_rn"].round(1)
    nights = (
        own.assign(ratio=ratio, status=short.map({True: "Below target", False: "At target"}))
        .groupby(["ratio", "status"], observed=True)
        .size()
        .rename("nights")
        .reset_index()
    )
    nights["ratio"] = nights["ratio"].map("{:.1f}".format)
    filled = own["rn_overtime"].gt(0) | own["rn_agency"].gt(0)
    values = {
        "sn_unit": unit,
        "sn_beds": int(own["beds"].iloc[0]),
        "sn_nights": len(own),
        "sn_target": int(own["target_patients_per_rn"].iloc[0]),
        "sn_short": int(short.sum()),
        "sn_short_pct": 100 * float(short.mean()),
        "sn_ratio_short": float(own.loc[short, "patients_per_rn"].mean()),
        "sn_ratio_ok": float(own.loc[~short, "patients_per_rn"].mean()),
        "sn_ratio_max": float(own["patients_per_rn"].max()),
        "sn_census": float(own["census"].mean()),
        "sn_rn": float(own["rn_worked"].mean()),
        "sn_filled_pct": 100 * float(filled.mean()),
    }
    return Results(values=values, frames={"nights": nights})


def short_night_chart(r: Results) -> alt.Chart:
    """Nights by patients per RN on the unit, at and below its staffing target."""
    order = sorted(r.frames["nights"]["ratio"].unique(), key=float)
    return basic.bar_chart(
        r.frames["nights"],
        category="ratio",
        value="nights",
        color="status",
        color_title="Staffing",
        horizontal=False,
        sort=order,
        title=f"{r['sn_unit']}: nights by patients per RN, 2025",
        description="Bar chart of the number of night shifts at each ratio of patients per "
        "registered nurse, colored by whether the unit was staffed at or below its target: "
        "most nights sit at or under the target ratio, and the nights below target carry "
        "more patients per nurse.",
        category_title="Patients per RN (night shift)",
        value_title="Nights in the year",
    )
