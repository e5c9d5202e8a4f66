"""Trial-result exercise (seminar), driven as a student would: set the counts, answer, Check."""

from __future__ import annotations

import itertools
import math

from careops import stats
from careops.widgets import trial_result_exercise
from careops.widgets.static import grid_points
from careops.widgets.trial_result import EXCLUDES, INCLUDES

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer

Z = 1.959963984540054  # the normal quantile of a 95% interval


def _wilson(events: int, n: int) -> tuple[float, float]:
    """Wilson's score interval for one proportion."""
    p = events / n
    centre = p + Z**2 / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return (centre - half) / (1 + Z**2 / n), (centre + half) / (1 + Z**2 / n)


def _newcombe(c: int, t: int, n: int) -> tuple[float, float]:
    """The 95% interval of (c - t) / n, worked out here: Newcombe's hybrid score method
    (Newcombe 1998, Statistics in Medicine 17:873, method 10), from two Wilson intervals."""
    p1, p2 = c / n, t / n
    (l1, u1), (l2, u2) = _wilson(c, n), _wilson(t, n)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2
    )


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {
        "arr": f"{100 * r.absolute_risk_reduction:.1f}",
        "nnt": f"{r.nnt:.1f}",
        "interval": EXCLUDES if r.arr_ci[0] > 0 else INCLUDES,
    }


def test_the_hand_formula_matches_newcombes_published_example():
    # Newcombe 1998, Table II, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339.
    p1, p2 = 56 / 70, 48 / 80
    (l1, u1), (l2, u2) = _wilson(56, 70), _wilson(48, 80)
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_arr_nnt_and_interval_are_re_derived_from_the_counts():
    ex = trial_result_exercise(patients=300, control=50, programme=25)
    r = ex.result
    assert math.isclose(r.absolute_risk_reduction, 50 / 300 - 25 / 300)
    assert math.isclose(r.nnt, 12.0)
    low, high = _newcombe(50, 25, 300)
    assert math.isclose(r.arr_ci[0], low, abs_tol=1e-9)
    assert math.isclose(r.arr_ci[1], high, abs_tol=1e-9)


def test_right_answers_are_confirmed_when_the_interval_excludes_no_effect():
    ex = trial_result_exercise()
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "ARR = 16.7% − 8.3% = 8.3 percentage points" in text
    assert "wholly above 0" in text


def test_right_answers_are_confirmed_when_the_interval_includes_no_effect():
    ex = trial_result_exercise(patients=500, control=40, programme=35)
    assert ex.result.arr_ci[0] < 0
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "it crosses 0" in text


def test_an_nnt_rounded_up_is_accepted_even_when_more_than_half_a_patient_away():
    ex = trial_result_exercise(patients=400, control=45, programme=15)
    nnt = ex.result.nnt
    assert math.ceil(nnt) - nnt > 0.5  # 13.3 -> 14
    text = answer(ex, **(_right(ex) | {"nnt": "14"}))
    assert ex.last_feedback.correct, text
    text = answer(ex, **(_right(ex) | {"nnt": "13"}))
    assert ex.last_feedback.correct, text


def test_the_relative_risk_reduction_is_named():
    ex = trial_result_exercise()
    text = answer(ex, **(_right(ex) | {"arr": "50"}))  # 8.3 / 16.7
    assert "That is the relative risk reduction" in text
    text = answer(ex, **(_right(ex) | {"nnt": "2"}))  # 1 / 0.5
    assert "That is 1 ÷ the relative risk reduction" in text


def test_dividing_by_both_arms_is_named_for_the_arr_and_the_nnt():
    ex = trial_result_exercise()
    text = answer(ex, **(_right(ex) | {"arr": "4.2", "nnt": "24"}))  # 25 / 600; 600 / 25
    assert "You divided the difference in readmissions by the patients in both arms" in text
    assert "counts the patients of both arms" in text


def test_a_reversed_sign_and_a_fraction_in_the_percent_box_are_named():
    ex = trial_result_exercise()
    assert "The sign is reversed" in answer(ex, **(_right(ex) | {"arr": "-8.3"}))
    assert "That looks like a fraction" in answer(ex, **(_right(ex) | {"arr": "0.083"}))
    assert "You divided 1 by the ARR in percentage points" in answer(
        ex, **(_right(ex) | {"nnt": "0.12"})
    )


def test_calling_an_interval_that_crosses_zero_a_clear_benefit_is_explained():
    ex = trial_result_exercise(patients=500, control=40, programme=35)
    text = answer(ex, **(_right(ex) | {"interval": EXCLUDES}))
    assert "the whole interval must clear 0" in text
    ex = trial_result_exercise()
    text = answer(ex, **(_right(ex) | {"interval": INCLUDES}))
    assert "its lower end is above 0, so it excludes no effect" in text


def test_an_nnt_that_is_not_a_number_is_explained_naming_the_field():
    ex = trial_result_exercise()
    text = answer(ex, **(_right(ex) | {"nnt": "a dozen"}))
    assert "Number needed to treat (patients): “a dozen” is not a number" in text
    assert ex.last_feedback is None


def test_the_grid_holds_both_verdicts_and_no_overlapping_slips():
    verdicts = set()
    for n, c, t in itertools.product(range(100, 501, 100), range(40, 61, 5), range(15, 36, 5)):
        r = stats.risk_measures(t, n, c, n)
        verdicts.add(r.arr_ci[0] > 0)
        nnt = r.nnt
        assert abs(1 / r.relative_risk_reduction - nnt) > 0.5 + 0.01
        assert abs(r.relative_risk_reduction - r.absolute_risk_reduction) > 0.001
    assert verdicts == {True, False}


def test_the_chart_shows_the_arms_and_the_interval_only_after_check():
    ex = trial_result_exercise()
    rows = [r for d in ex.chart.to_dict()["datasets"].values() for r in d]
    assert {(r["arm"], r["events"], r["total"]) for r in rows} == {
        ("Usual discharge", 50, 300),
        ("Pharmacist review", 25, 300),
    }
    ex.controls["patients"].value = 500
    rows = [r for d in ex.chart.to_dict()["datasets"].values() for r in d]
    assert {r["risk"] for r in rows} == {0.1, 0.05}
    assert not any("low" in r for r in rows)
    answer(ex, **_right(ex))
    rows = [r for d in ex.chart.to_dict()["datasets"].values() for r in d]
    low = [r["low"] for r in rows if "low" in r]
    assert low and math.isclose(low[0], 100 * _newcombe(50, 25, 500)[0], abs_tol=1e-9)


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = trial_result_exercise()
    table = page_holds_no_answer(ex)
    _, points, _ = grid_points(ex)
    assert len(points) == 125
    # every 8th setting (16 of 125): the static mechanism is shared and tested on whole grids
    assert compare_with_kernel(ex, range(0, len(points), 8), table, _kernel_slips) >= 16 * 12


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here from the counts."""
    n, c, t = v["patients"], v["control"], v["programme"]
    arr = (c - t) / n
    return {
        "arr": [arr / (c / n), (c - t) / (2 * n), -arr, arr / 100],
        "nnt": [math.ceil(n / (c - t)), c / n / arr, 2 * n / (c - t), n / (c - t) / 100],
    }
