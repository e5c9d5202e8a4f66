"""careops.decisions against published worked examples, invariants and bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careops import decisions

# --- weighted decision matrix -------------------------------------------------------------

# Triantaphyllou (2000), Multi-Criteria Decision Making Methods: A Comparative Study, the
# weighted sum model example (reproduced in the "Weighted sum model" encyclopedia entry):
# weights 0.20/0.15/0.40/0.25; WSM scores A1 = 21.50, A2 = 22.00, A3 = 22.00.
WSM_RATINGS = pd.DataFrame(
    {"C1": [25, 10, 30], "C2": [20, 30, 10], "C3": [15, 20, 30], "C4": [30, 30, 10]},
    index=["A1", "A2", "A3"],
)
WSM_WEIGHTS = {"C1": 0.20, "C2": 0.15, "C3": 0.40, "C4": 0.25}


def test_weighted_scores_match_triantaphyllou_wsm_example():
    totals = decisions.weighted_scores(WSM_RATINGS, WSM_WEIGHTS)["total"]
    assert totals["A1"] == pytest.approx(21.50)
    assert totals["A2"] == pytest.approx(22.00)
    assert totals["A3"] == pytest.approx(22.00)


def test_tied_totals_share_the_top_rank():
    ranks = decisions.weighted_scores(WSM_RATINGS, WSM_WEIGHTS)["rank"]
    assert ranks["A2"] == ranks["A3"] == 1
    assert ranks["A1"] == 3


def test_points_and_shares_give_the_same_totals():
    points = {k: w * 100 for k, w in WSM_WEIGHTS.items()}
    a = decisions.weighted_scores(WSM_RATINGS, points)["total"]
    b = decisions.weighted_scores(WSM_RATINGS, WSM_WEIGHTS)["total"]
    pd.testing.assert_series_equal(a, b)


def test_contributions_add_up_to_the_total():
    out = decisions.weighted_scores(WSM_RATINGS, WSM_WEIGHTS)
    assert (out[list(WSM_WEIGHTS)].sum(axis=1) - out["total"]).abs().max() < 1e-12


def test_switch_point_is_where_the_published_tie_sits():
    # In the published example A2 and A3 tie at C3's weight of 0.40: that is where the leader
    # changes as C3's weight grows.
    points = decisions.weight_switch_points(WSM_RATINGS, WSM_WEIGHTS, "C3")
    row = points[points["to"] == "A3"].iloc[0]
    assert row["share"] == pytest.approx(0.40)
    assert row["from"] == "A2"


def test_sensitivity_at_the_current_share_reproduces_the_totals():
    sens = decisions.weight_sensitivity(WSM_RATINGS, WSM_WEIGHTS, "C3", steps=11)
    at_040 = sens[sens["share"].round(6) == 0.4].set_index("option")["total"]
    assert at_040["A1"] == pytest.approx(21.5)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 10), min_size=4, max_size=4), st.floats(0.01, 5))
def test_total_stays_within_the_ratings_range(ratings, scale):
    table = pd.DataFrame([ratings], columns=list(WSM_WEIGHTS), index=["X"])
    total = decisions.weighted_scores(table, {k: w * scale for k, w in WSM_WEIGHTS.items()})[
        "total"
    ]["X"]
    assert min(ratings) - 1e-9 <= total <= max(ratings) + 1e-9


def test_missing_weight_names_the_criterion():
    with pytest.raises(ValueError, match="'C4'"):
        decisions.weighted_scores(WSM_RATINGS, {"C1": 1, "C2": 1, "C3": 1})


def test_non_numeric_rating_names_option_and_criterion():
    bad = WSM_RATINGS.astype(object)
    bad.loc["A2", "C2"] = "high"
    with pytest.raises(ValueError, match=r"ratings\['A2', 'C2'\].*'high'"):
        decisions.weighted_scores(bad, WSM_WEIGHTS)


def test_all_zero_weights_are_rejected():
    with pytest.raises(ValueError, match="all 0"):
        decisions.weighted_scores(WSM_RATINGS, dict.fromkeys(WSM_WEIGHTS, 0))


# --- scenario planning --------------------------------------------------------------------

# Anderson, Sweeney & Williams, An Introduction to Management Science, the Pittsburgh
# Development Corporation condominium problem ($ millions): small 8 / 7, medium 14 / 5,
# large 20 / -9 under strong / weak demand. Maximax: large; maximin: small; maximum regrets
# 12, 6, 16 -> minimax regret: medium; with P(strong) = 0.8, EVs 7.8, 12.2, 14.2 -> large.
PDC = pd.DataFrame({"strong": [8, 14, 20], "weak": [7, 5, -9]}, index=["small", "medium", "large"])


def test_regret_table_matches_pdc_example():
    regret = decisions.regret_table(PDC)
    assert regret.loc["small"].tolist() == [12, 0]
    assert regret.loc["medium"].tolist() == [6, 2]
    assert regret.loc["large"].tolist() == [0, 16]


def test_decision_rules_match_pdc_example():
    choice = decisions.decision_criteria(PDC, {"strong": 0.8, "weak": 0.2})
    assert choice.maximax == ("large",)
    assert choice.maximin == ("small",)
    assert choice.minimax_regret == ("medium",)
    assert choice.expected_value == ("large",)
    assert choice.table["expected"].tolist() == pytest.approx([7.8, 12.2, 14.2])


def test_probabilities_must_add_to_one():
    with pytest.raises(ValueError, match="add up to 1"):
        decisions.decision_criteria(PDC, {"strong": 0.8, "weak": 0.3})


def test_without_probabilities_there_is_no_expected_value():
    assert decisions.decision_criteria(PDC).expected_value is None


# --- nominal group technique ----------------------------------------------------------------


def test_ngt_scores_first_choice_highest():
    tally = decisions.nominal_group_tally(
        {"a": ["x", "y", "z"], "b": ["y", "x"], "c": ["z", "y", "x"]}
    )
    assert tally.set_index("item")["points"].to_dict() == {"y": 7, "x": 6, "z": 4}
    assert tally["item"].tolist() == ["y", "x", "z"]


def test_ngt_equal_points_broken_by_votes_then_shared():
    tally = decisions.nominal_group_tally({"a": ["x", "y"], "b": ["z"], "c": ["y"]}, points=2)
    # x: 2 (1 vote); y: 1 + 2 = 3 (2 votes); z: 2 (1 vote) -> x and z share rank 2
    ranks = tally.set_index("item")["rank"].to_dict()
    assert ranks == {"y": 1, "x": 2, "z": 2}


def test_ngt_duplicate_item_names_member():
    with pytest.raises(ValueError, match=r"ballots\['b'\] ranks 'x' twice"):
        decisions.nominal_group_tally({"a": ["x"], "b": ["x", "x"]})


def test_ngt_ballot_longer_than_points_is_rejected():
    with pytest.raises(ValueError, match="points is 2"):
        decisions.nominal_group_tally({"a": ["x", "y", "z"]}, points=2)


# --- just culture ---------------------------------------------------------------------------

NO_INTENT = {"intended_harm": False}


def test_inadvertent_slip_is_human_error_and_consoled():
    # Marx (2001): human error - inadvertently doing other than intended - is consoled.
    r = decisions.classify_behaviour(
        {**NO_INTENT, "knew_and_disregarded": False, "chose_the_behaviour": False}
    )
    assert (r.behaviour, r.response) == ("Human error", "Console")


def test_unrecognised_risky_shortcut_is_at_risk_and_coached():
    answers = {
        **NO_INTENT,
        "knew_and_disregarded": False,
        "chose_the_behaviour": True,
        "peers_would_do_same": False,
    }
    r = decisions.classify_behaviour(answers)
    assert (r.outcome, r.response) == ("at_risk", "Coach")


def test_shortcut_everyone_takes_is_coached_as_a_norm():
    answers = {
        **NO_INTENT,
        "knew_and_disregarded": False,
        "chose_the_behaviour": True,
        "peers_would_do_same": True,
    }
    assert decisions.classify_behaviour(answers).outcome == "at_risk_norm"


def test_conscious_disregard_is_reckless_and_sanctioned():
    r = decisions.classify_behaviour({**NO_INTENT, "knew_and_disregarded": "yes"})
    assert (r.behaviour, r.response) == ("Reckless behaviour", "Sanction")


def test_intended_harm_is_referred_without_further_questions():
    r = decisions.classify_behaviour({"intended_harm": True})
    assert r.response == "Refer"
    assert r.path == (("intended_harm", True),)


def test_missing_answer_names_the_question():
    with pytest.raises(ValueError, match="'chose_the_behaviour'"):
        decisions.classify_behaviour({**NO_INTENT, "knew_and_disregarded": False})


def test_answer_must_be_yes_or_no():
    with pytest.raises(ValueError, match=r"answers\['intended_harm'\].*'maybe'"):
        decisions.classify_behaviour({"intended_harm": "maybe"})


def test_every_path_through_the_tree_ends_in_an_outcome():
    ends = set()
    stack = [decisions.JUST_CULTURE_START]
    while stack:
        node = stack.pop()
        if node in decisions.JUST_CULTURE_OUTCOMES:
            ends.add(node)
            continue
        q = decisions.JUST_CULTURE_QUESTIONS[node]
        stack += [q["yes"], q["no"]]
    assert ends == set(decisions.JUST_CULTURE_OUTCOMES)


def test_classify_cases_names_the_case_with_a_missing_answer():
    cases = pd.DataFrame([{"case": "wrong-patient label", "intended_harm": False}])
    with pytest.raises(ValueError, match="case 'wrong-patient label'"):
        decisions.classify_cases(cases)


# --- alert burden ---------------------------------------------------------------------------


def test_alert_burden_matches_the_2x2_arithmetic():
    # 1,000 patients, 10 % prevalence, sensitivity 90 %, specificity 80 %: 100 cases, 90 true
    # alerts, 180 false alerts, 270 alerts, 3 alerts per true case (PPV 1/3), 10 missed.
    out = decisions.alert_burden(0.9, 0.8, 0.1, 1000)
    assert out["true_alerts"] == pytest.approx(90)
    assert out["false_alerts"] == pytest.approx(180)
    assert out["alerts_per_true_case"] == pytest.approx(3)
    assert out["missed_cases"] == pytest.approx(10)


def test_alert_burden_rejects_a_percentage_for_a_probability():
    with pytest.raises(ValueError, match="sensitivity"):
        decisions.alert_burden(90, 0.8, 0.1, 1000)
