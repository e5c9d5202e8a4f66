"""Room-turnover (SMED) exercise driven as a student would: choose, answer, press Check."""

from __future__ import annotations

from careops import data, lean
from careops.widgets import room_turnover_exercise
from careops.widgets.static import grid_points
from careops.widgets.turnover import CART, CHECKS, EXTERNAL, INTERNAL

from .helpers import answer, plain
from .static_probe import compare_with_kernel, page_holds_no_answer


def _moved(**kwargs):
    """Urology with both movable steps done during the previous case (one more case fits)."""
    return room_turnover_exercise(service="Urology", cart=EXTERNAL, checks=EXTERNAL, **kwargs)


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {
        "turnover": f"{r.after.time:g}",
        "cases": str(r.cases_after),
        "use": f"{r.use_after * 100:.1f}%",
    }


def test_today_is_the_services_median_turnover_in_the_data():
    cases = data.load("or_cases")
    uro = cases[(cases["specialty"] == "Urology") & ~cases["canceled"].astype(bool)]
    r = room_turnover_exercise(service="Urology").result
    assert r.before.time == uro["turnover_min"].median()
    assert r.case_time == uro["actual_duration_min"].median()
    assert r.turnovers == uro["turnover_min"].count()
    assert r.before.steps["minutes"].sum() == r.before.time  # the steps add up to it


def test_right_answers_are_confirmed_with_the_working():
    ex = _moved()
    r = ex.result
    assert r.after.time == r.before.time - r.after.external  # both moved steps left the room
    assert r.cases_after == r.cases_before + 1  # the lesson: short cases gain one
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert f"{r.after.time:g} min (was {r.before.time:g} min)" in text
    assert f"(today {r.cases_before})" in text


def test_todays_turnover_is_named_as_a_slip():
    ex = _moved()
    text = answer(ex, **(_right(ex) | {"turnover": f"{ex.result.before.time:g}"}))
    assert "That is today's turnover" in text


def test_time_saved_instead_of_the_new_turnover_is_named():
    ex = _moved()
    text = answer(ex, **(_right(ex) | {"turnover": f"{ex.result.saved:g}"}))
    assert "That is the time saved" in text


def test_a_turnover_after_the_last_case_is_named():
    ex = room_turnover_exercise(service="Gynecology", cart=EXTERNAL, checks=EXTERNAL)
    r = ex.result
    naive = int(r.block // (r.case_time + r.after.time))
    assert naive != r.cases_after  # this situation tells the two counts apart
    text = answer(ex, **(_right(ex) | {"cases": str(naive)}))
    assert "You counted a turnover after every case" in text


def test_rounding_up_the_cases_is_named():
    ex = _moved()
    text = answer(ex, **(_right(ex) | {"cases": str(ex.result.cases_after + 1)}))
    assert "round down" in text


def test_turnover_counted_as_use_is_named():
    ex = _moved()
    r = ex.result
    n, case, turn = r.cases_after, r.case_time, r.after.time
    wrong = (n * case + (n - 1) * turn) / r.block * 100
    text = answer(ex, **(_right(ex) | {"use": f"{wrong:.1f}"}))
    assert "You counted the turnovers as use" in text


def test_todays_utilisation_is_named_when_the_count_changed():
    ex = _moved()
    text = answer(ex, **(_right(ex) | {"use": f"{ex.result.use_before * 100:.1f}"}))
    assert "That is today's utilisation" in text


def test_bad_block_length_is_explained_naming_the_field():
    ex = _moved()
    ex.controls["block"].value = "4OO"
    assert "Block length (minutes): “4OO” is not a number" in plain(ex.status.value)
    ex.controls["block"].value = "30"
    assert "Block length (minutes) must be at least 60" in plain(ex.status.value)


def test_the_chart_redraws_when_a_step_moves():
    ex = room_turnover_exercise(service="Urology")
    rows = _bars(ex)
    assert all(start >= 0 for step, start in rows)  # today every step waits for the room
    ex.controls["cart"].value = EXTERNAL
    moved = dict(_bars(ex))
    assert moved[CART] < 0 <= moved[CHECKS]  # the cart now sits in the previous case
    assert ex.result.after.time == lean.changeover(ex.result.after.steps).time


def test_the_summary_describes_the_datas_distribution():
    ex = room_turnover_exercise(service="ENT")
    q1, q3 = ex.result.quartiles
    assert f"half of them between {q1:g} min and {q3:g} min" in ex.summary.value
    assert ex.controls["checks"].value == INTERNAL


def _bars(ex) -> list[tuple[str, float]]:
    """(step, start) of the 'With your change' row of the drawn chart."""
    spec = ex.chart.to_dict()
    rows = next(d for d in spec["datasets"].values() if d and "plan" in d[0])
    return [(r["step"], r["start"]) for r in rows if r["plan"] == "With your change"]


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = room_turnover_exercise()
    table = page_holds_no_answer(ex)
    _, points, _ = grid_points(ex)
    assert len(points) == 20  # every service, each step in or out of the turnover
    assert compare_with_kernel(ex, range(len(points)), table, _kernel_slips) >= 20 * 5


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here independently of the exercise's list."""
    n, case, turn = r.cases_after, r.case_time, r.after.time
    return {
        "turnover": [r.before.time, r.before.time - r.after.time],
        "cases": [r.block // (case + turn), n + 1, r.cases_before],
        "use": [(n * case + (n - 1) * turn) / r.block, r.use_before],
    }
