"""Decision-matrix exercise (skillsets), driven as a student would: weights, answers, Check."""

from __future__ import annotations

from careops.widgets import decision_matrix_exercise
from careops.widgets.decision_matrix import (
    AFFORDABILITY,
    CRITERIA,
    OPTIONS,
    RATINGS,
    TIE,
)
from careops.widgets.static import grid_points

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer

FLOAT_POOL, OVERTIME, AGENCY = "Internal float pool", "Overtime for own staff", "Agency nurses"


def _by_hand(points: dict[str, float]) -> dict[str, float]:
    """Each option's total worked out here: Σ rating × points ÷ all points."""
    total = sum(points.values())
    return {o: sum(RATINGS.loc[o, c] * points[c] for c in CRITERIA) / total for o in OPTIONS}


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {"leader": r.leader, "total": f"{r.top:.2f}", "after": r.leader_after}


def test_totals_are_the_weighted_average_ratings_worked_out_by_hand():
    ex = decision_matrix_exercise(safety=50, staff=30, affordability=20)
    expected = _by_hand({CRITERIA[0]: 50, CRITERIA[1]: 30, AFFORDABILITY: 20})
    assert expected == {OVERTIME: 2.9, FLOAT_POOL: 3.6, AGENCY: 2.7}
    for option, total in expected.items():
        assert abs(ex.result.scores.loc[option, "total"] - total) < 1e-12
    shifted = _by_hand({CRITERIA[0]: 50, CRITERIA[1]: 30, AFFORDABILITY: 40})
    for option, total in shifted.items():
        assert abs(ex.result.shifted.loc[option, "total"] - total) < 1e-12


def test_right_answers_are_confirmed_when_the_choice_survives():
    ex = decision_matrix_exercise()
    assert ex.result.leader == ex.result.leader_after == FLOAT_POOL
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "The choice survives" in text


def test_right_answers_are_confirmed_when_the_choice_flips():
    ex = decision_matrix_exercise(safety=30, staff=30, affordability=30)
    assert (ex.result.leader, ex.result.leader_after) == (FLOAT_POOL, OVERTIME)
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "The choice flips" in text


def test_a_tie_at_the_top_is_the_right_answer_when_two_totals_are_equal():
    ex = decision_matrix_exercise(safety=10, staff=30, affordability=10)
    assert _by_hand({CRITERIA[0]: 10, CRITERIA[1]: 30, AFFORDABILITY: 10})[AGENCY] == 3.6
    assert ex.result.leader == TIE
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "a tie" in text
    text = answer(ex, **(_right(ex) | {"leader": AGENCY}))
    assert "two options share the top total, a tie" in text


def test_the_plain_average_leader_is_named_when_weights_change_the_winner():
    ex = decision_matrix_exercise(safety=10, staff=50, affordability=20)
    assert ex.result.leader == AGENCY
    text = answer(ex, **(_right(ex) | {"leader": FLOAT_POOL}))
    assert "the plain average ignores the weights" in text


def test_the_best_option_on_the_heaviest_criterion_alone_is_named():
    ex = decision_matrix_exercise(safety=20, staff=50, affordability=10)
    assert ex.result.leader == TIE
    ex = decision_matrix_exercise(safety=10, staff=20, affordability=50)
    assert ex.result.leader == OVERTIME  # best on affordability, and the leader: no slip here
    ex = decision_matrix_exercise(safety=20, staff=40, affordability=10)
    assert ex.result.leader == FLOAT_POOL
    text = answer(ex, **(_right(ex) | {"leader": AGENCY}))
    assert "rated best on staff well-being, the heaviest criterion" in text


def test_calling_a_tie_where_there_is_none_is_explained():
    ex = decision_matrix_exercise()
    text = answer(ex, **(_right(ex) | {"leader": TIE}))
    assert "No tie at these weights" in text


def test_dividing_by_100_when_the_points_do_not_add_to_100_is_named():
    ex = decision_matrix_exercise(safety=50, staff=30, affordability=50)  # 130 points
    slip = sum(RATINGS.loc[ex.result.scores.index[0], c] * p for c, p in ex.result.points.items())
    text = answer(ex, **(_right(ex) | {"total": f"{slip / 100:.2f}"}))
    assert "You divided by 100, but the team gave 130 points in all" in text


def test_the_undivided_sum_the_plain_average_and_the_runner_up_are_named():
    ex = decision_matrix_exercise()  # float pool: 4, 4, 2 with 50, 30, 20 points
    assert "sum of points × ratings" in answer(ex, **(_right(ex) | {"total": "360"}))
    assert "plain average of the leading option" in answer(ex, **(_right(ex) | {"total": "3.33"}))
    assert "second-highest total" in answer(ex, **(_right(ex) | {"total": "2.9"}))


def test_keeping_the_leader_without_recomputing_is_explained():
    ex = decision_matrix_exercise(safety=30, staff=30, affordability=30)
    text = answer(ex, **(_right(ex) | {"after": FLOAT_POOL}))
    assert "The choice does not survive" in text
    after = _by_hand({CRITERIA[0]: 30, CRITERIA[1]: 30, AFFORDABILITY: 50})[OVERTIME]
    assert f"Overtime for own staff {after:.2f}" in text  # 350 / 110


def test_a_total_that_is_not_a_number_is_explained_naming_the_field():
    ex = decision_matrix_exercise()
    text = answer(ex, **(_right(ex) | {"total": "about three"}))
    assert "Its weighted total (1–5 scale): “about three” is not a number" in text
    assert ex.last_feedback is None


def test_the_chart_shows_ratings_and_weights_and_the_totals_only_after_check():
    ex = decision_matrix_exercise()
    rows = [r for d in ex.chart.to_dict()["datasets"].values() for r in d]
    assert {r["share"] for r in rows if "share" in r} == {0.5, 0.3, 0.2}
    assert not any("total" in r or "contribution" in r for r in rows)
    ex.controls["staff"].value = 50
    rows = [r for d in ex.chart.to_dict()["datasets"].values() for r in d]
    assert {round(r["share"], 4) for r in rows if "share" in r} == {0.4167, 0.1667}  # 50, 50, 20
    answer(ex, **_right(ex))
    rows = [r for d in ex.chart.to_dict()["datasets"].values() for r in d]
    assert any("contribution" in r for r in rows)


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = decision_matrix_exercise()
    table = page_holds_no_answer(ex)
    _, points, _ = grid_points(ex)
    assert len(points) == 125
    # every 8th setting (16 of 125): the static mechanism is shared and tested on whole grids
    assert compare_with_kernel(ex, range(0, len(points), 8), table, _kernel_slips) >= 16 * 12


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The total's slips the kernel names, worked out here from the points and ratings."""
    top = r.scores.index[0]
    raw = sum(RATINGS.loc[top, c] * p for c, p in r.points.items())
    return {"total": [raw / 100, raw, float(RATINGS.loc[top].mean()), r.runner_up]}
