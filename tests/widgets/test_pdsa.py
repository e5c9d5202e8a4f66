"""PDSA-cycle exercise driven as a student would: set the change, answer, press Check."""

from __future__ import annotations

import numpy as np

from careops import spc
from careops.widgets import pdsa_exercise
from careops.widgets.pdsa import ABANDON, ADAPT, ADOPT
from careops.widgets.static import grid_points

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {
        "median": f"{r.baseline_median:g}",
        "shift": "Yes" if r.shift else "No",
        "decision": r.decision,
    }


def test_the_rules_are_read_after_the_change_against_the_frozen_baseline_median():
    ex = pdsa_exercise(week=12, effect=6)
    r = ex.result
    assert r.baseline_median == np.median(r.minutes[:11])
    expected = spc.run_chart_signals(r.minutes[11:], median=r.baseline_median)
    assert r.after.shifts.equals(expected.shifts)
    assert r.shift == "below" and r.decision == ADOPT


def test_right_answers_are_confirmed_for_each_decision():
    for effect, decision in [(6, ADOPT), (0, ADAPT), (-4, ABANDON)]:
        ex = pdsa_exercise(week=12, effect=effect)
        assert ex.result.decision == decision
        text = answer(ex, **_right(ex))
        assert ex.last_feedback.correct, text
        assert f"The baseline median is {ex.result.baseline_median:g} minutes" in text


def test_the_median_of_every_week_is_named_as_a_slip():
    ex = pdsa_exercise(week=12, effect=6)
    whole = float(np.median(ex.result.minutes))
    assert abs(whole - ex.result.baseline_median) > 0.05
    text = answer(ex, **(_right(ex) | {"median": f"{whole:g}"}))
    assert "That is the median of every week" in text


def test_the_baseline_mean_is_named_as_a_slip():
    ex = pdsa_exercise(week=12, effect=6)
    mean = float(np.mean(ex.result.minutes[:11]))
    text = answer(ex, **(_right(ex) | {"median": f"{mean}"}))
    assert "That is the mean of the baseline weeks" in text


def test_a_missed_shift_is_shown_where_it_is():
    ex = pdsa_exercise(week=12, effect=6)
    first, last, n = ex.result.weeks()
    text = answer(ex, **(_right(ex) | {"shift": "No"}))
    assert f"weeks {first}–{last} are {n} in a row below it" in text


def test_adopting_without_a_signal_is_explained():
    ex = pdsa_exercise(week=12, effect=0)
    text = answer(ex, **(_right(ex) | {"decision": ADOPT}))
    assert "the drop could be chance" in text


def test_abandoning_without_a_signal_is_explained():
    ex = pdsa_exercise(week=12, effect=0)
    text = answer(ex, **(_right(ex) | {"decision": ABANDON}))
    assert "nothing shows the change did harm" in text


def test_adopting_a_change_that_made_waits_longer_is_explained():
    ex = pdsa_exercise(week=12, effect=-4)
    assert ex.result.shift == "above"
    text = answer(ex, **(_right(ex) | {"decision": ADOPT}))
    assert "waits got longer after the change" in text


def test_a_baseline_median_that_is_not_a_number_is_explained_naming_the_field():
    ex = pdsa_exercise()
    text = answer(ex, **(_right(ex) | {"median": "thirty"}))
    assert "Baseline median (minutes): “thirty” is not a number" in text
    assert ex.last_feedback is None  # not graded until every part is readable


def test_the_chart_redraws_when_the_change_moves_and_marks_signals_only_after_check():
    ex = pdsa_exercise(week=12, effect=6)
    assert _change_line(ex) == 11.5
    assert {row["signal"] for row in _points(ex)} == {"no signal"}  # no answer before Check
    ex.controls["week"].value = 16
    assert _change_line(ex) == 15.5
    answer(ex, **_right(ex))
    coloured = [row["week"] for row in _points(ex) if row["signal"] != "no signal"]
    first, last, _ = ex.result.weeks()
    assert coloured and min(coloured) >= 16 and {first, last} <= set(coloured)


def _datasets(ex) -> list[list[dict]]:
    return list(ex.chart.to_dict()["datasets"].values())


def _points(ex) -> list[dict]:
    return next(d for d in _datasets(ex) if d and "minutes" in d[0])


def _change_line(ex) -> float:
    return next(d for d in _datasets(ex) if d and "label" in d[0])[0]["x"]


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = pdsa_exercise()
    table = page_holds_no_answer(ex)
    axes, points, default = grid_points(ex)
    assert [len(a.shown) for a in axes] == [6, 8]  # weeks 8-18 by 2, effects -4 to 10 by 2
    # week 12 with an effect of -4, 0 and 4 (the default), and the grid's two corners
    probed = [default - 4, default - 2, default, 0, len(points) - 1]
    assert [points[k]["effect"] for k in probed[:3]] == [-4, 0, 4]
    assert {pdsa_exercise(week=12, effect=e).result.decision for e in (-4, 0, 4)} == {
        ABANDON,
        ADAPT,
        ADOPT,
    }
    assert compare_with_kernel(ex, probed, table, _kernel_slips) >= 5 * 8


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here independently of the exercise's list."""
    before, after = r.minutes[: r.change], r.minutes[r.change :]
    return {
        "median": [
            float(np.median(r.minutes)),
            float(np.mean(before)),
            float(np.median(after)),
        ]
    }
