"""careops.chapters.skillsets: each function returns what its notebook's prose quotes, and the
numbers agree with the matrix, Borda count and payoff rules worked by hand on the inputs."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, skillsets


@pytest.fixture(scope="module")
def matrix() -> Results:
    return skillsets.decision_matrix()


@pytest.fixture(scope="module")
def ngt() -> Results:
    return skillsets.consensus_nominal_group()


@pytest.fixture(scope="module")
def scenarios() -> Results:
    return skillsets.scenario_planning()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("02-decision-matrix", "matrix"),
        ("03-consensus-nominal-group", "ngt"),
        ("04-scenario-planning", "scenarios"),
    ],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/skillsets/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_matrix_totals_are_the_weighted_average_ratings(matrix):
    # fast track (5·35 + 4·25 + 2·20 + 4·10 + 3·10) / 100 = 3.85; provider in triage 3.75
    assert (matrix["leader"], matrix["leader_total"]) == ("Fast track", "3.85")
    assert (matrix["runner_up"], matrix["runner_up_total"]) == ("Provider in triage", "3.75")
    assert matrix.tables["scores"]["total"].max() == pytest.approx(3.85)


def test_matrix_switch_point_is_where_the_leader_is_first_overtaken(matrix):
    ratings, weights = skillsets.RATINGS, skillsets.WEIGHTS
    others = [c for c in weights if c != "Affordability"]
    rest = (
        ratings[others] @ np.array([weights[c] for c in others]) / sum(weights[c] for c in others)
    )
    shares = np.linspace(0, 1, 10_001)
    totals = np.outer(1 - shares, rest) + np.outer(shares, ratings["Affordability"])
    winner = ratings.index[totals.argmax(axis=1)]
    current = 0.2
    after = shares > current
    first = np.flatnonzero(after & (winner != "Fast track"))[0]
    assert matrix["current_share"] == "20%"
    # fast track 4.3125 - 2.3125 s meets provider in triage 3.9375 - 0.9375 s at s = 3/11
    assert matrix["switch_share"] == f"{shares[first]:.0%}" == f"{3 / 11:.0%}"
    assert matrix["switch_to"] == winner[first] == "Provider in triage"


def test_ngt_tally_is_the_borda_count_of_the_ballots(ngt):
    points: Counter[str] = Counter()
    for ranked in skillsets.BALLOTS.values():
        for place, idea in enumerate(ranked):
            points[skillsets.IDEAS[idea]] += 5 - place
    (top, top_points), (second, second_points) = points.most_common(2)
    assert (ngt["top_idea"], ngt["top_points"]) == (top, top_points)
    assert (ngt["second_idea"], ngt["second_points"]) == (second, second_points)
    assert ngt.tables["tally"]["Points"].sum() == 15 * len(skillsets.BALLOTS)
    firsts = Counter(skillsets.IDEAS[r[0]] for r in skillsets.BALLOTS.values())
    assert ngt["most_firsts_n"] == max(firsts.values())
    assert ngt["top_votes"] == sum(
        ngt["top_idea"] in [skillsets.IDEAS[i] for i in r] for r in skillsets.BALLOTS.values()
    )


def test_scenario_rules_and_expected_value_by_hand(scenarios):
    assert scenarios["maximax"] == "Launch 8 hospital-at-home beds"  # best case 2,100
    assert scenarios["maximin"] == "Open an observation unit"  # worst case 300
    regret = skillsets.PAYOFFS.max() - skillsets.PAYOFFS
    assert scenarios["minimax_regret"] == regret.max(axis=1).idxmin()
    assert scenarios["min_max_regret"] == f"${regret.max(axis=1).min():,.0f}k"
    # hospital at home: 0.3·2100 + 0.3·300 + 0.2·1400 − 0.2·300 = 940; new beds 920
    assert (scenarios["ev_choice"], scenarios["ev_value"]) == (
        "Launch 8 hospital-at-home beds",
        "$940k",
    )
    assert scenarios.frames["regret"].equals(regret.astype(scenarios.frames["regret"].dtypes))


@pytest.fixture(scope="module")
def pilot() -> Results:
    return skillsets.case_pilot_clinic()


@pytest.fixture(scope="module")
def short_night() -> Results:
    return skillsets.case_short_night()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-pilot-clinic", "pilot"), ("case-short-night", "short_night")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/skillsets/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_pilot_ratings_scores_and_switch_point_by_hand(pilot):
    appts = data.load("clinic_appointments")
    by = appts.groupby("clinic", observed=True)
    raw = pd.DataFrame(
        {
            "Need": by["no_show"].mean().astype(float),
            "Reach": by.size().astype(float),
            "Room to improve": 1 - by["reminder_sent"].mean().astype(float),
            "Access pressure": by["lead_time_days"].median().astype(float),
        }
    )
    ratings = 1 + 4 * (raw - raw.min()) / (raw.max() - raw.min())
    shown = pilot.tables["ratings"]
    pd.testing.assert_frame_equal(
        shown[ratings.columns].astype(float),
        ratings.round(1),
        check_names=False,
        check_index_type=False,
    )
    weights = pd.Series(skillsets.PILOT_WEIGHTS["Operations director"], dtype=float) / 100
    totals = ratings.mul(weights).sum(axis="columns").sort_values(ascending=False)
    assert pilot["pc_ops_leader"] == totals.index[0]
    assert pilot["pc_ops_total"] == pytest.approx(totals.iloc[0])
    assert pilot["pc_neediest"] == raw["Need"].idxmax()
    # at the switch share of Need (the other weights rescaled in proportion) the top two tie
    share = pilot["pc_switch_share"] / 100
    others = weights.drop("Need") / weights.drop("Need").sum() * (1 - share)
    moved = pd.concat([pd.Series({"Need": share}), others])
    at_switch = ratings.mul(moved).sum(axis="columns")
    first, second = pilot["pc_ops_leader"], pilot["pc_switch_to"]
    assert at_switch[first] == pytest.approx(at_switch[second])
    assert pilot["pc_tested_share"] < pilot["pc_switch_share"]


def test_short_night_counts_and_ratios_by_hand(short_night):
    shifts = data.load("nurse_staffing")
    own = shifts[(shifts["unit"] == "2S Step-Down") & (shifts["shift"] == "night")]
    short = own["understaffed"].astype(bool)
    assert short_night["sn_short"] == short.sum()
    assert short_night["sn_ratio_short"] == pytest.approx(own.loc[short, "patients_per_rn"].mean())
    assert short_night["sn_ratio_ok"] == pytest.approx(own.loc[~short, "patients_per_rn"].mean())
    assert short_night.frames["nights"]["nights"].sum() == len(own) == 365
    below = short_night.frames["nights"]
    assert below.loc[below["status"] == "Below target", "nights"].sum() == short.sum()
