"""COVID-19 positivity exercise on the real CHOP data, driven as a student would."""

from __future__ import annotations

from careops import data
from careops.widgets import covid_testing_exercise
from careops.widgets.covid_testing import SPECIAL, STABLE
from careops.widgets.static import grid_points

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {
        "center": f"{r.center:.2f}",
        "highest": "Yes" if bool(r.highest["beyond"]) else "No",
        "reading": SPECIAL if len(r.special) else STABLE,
    }


def test_weekly_positivity_is_pooled_over_complete_weeks_without_invalid_results():
    tests = data.load("covid_testing")
    weeks = tests[(tests["pan_day"] >= 7) & (tests["pan_day"] <= 104)]  # weeks 2-15, all 7 days
    valid = weeks[weeks["result"] != "invalid"]
    expected = 100 * (valid["result"] == "positive").sum() / len(valid)
    r = covid_testing_exercise(period="Week").result
    assert list(r.table["order"]) == list(range(2, 16))
    assert abs(r.center - expected) < 1e-9
    assert int(r.table["tests"].sum()) == len(valid)


def test_the_site_choice_filters_the_tests():
    tests = data.load("covid_testing")
    drive = tests[(tests["drive_thru_ind"] == 1) & (tests["result"] != "invalid")]
    r = covid_testing_exercise(period="Day", site="Drive-through sites").result
    assert int(r.table["tests"].sum()) == len(drive)
    assert int(r.table["positive"].sum()) == (drive["result"] == "positive").sum()


def test_right_answers_are_confirmed_stable_weeks():
    ex = covid_testing_exercise(period="Week")
    assert ex.result.special.empty  # the real weekly data: common-cause only
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "Every week is inside its limits" in text


def test_right_answers_are_confirmed_when_the_highest_day_is_a_special_cause():
    ex = covid_testing_exercise(period="Day", site="Drive-through sites")
    assert bool(ex.result.highest["beyond"])
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "a special cause" in text


def test_invalid_results_in_the_denominator_are_named():
    ex = covid_testing_exercise(period="Week")
    text = answer(ex, **(_right(ex) | {"center": f"{ex.result.with_invalid:.2f}"}))
    assert "You counted the invalid results as tests" in text


def test_the_plain_average_of_rates_is_named():
    ex = covid_testing_exercise(period="Week", site="Other sites")
    text = answer(ex, **(_right(ex) | {"center": f"{ex.result.mean_of_rates:.2f}"}))
    assert "plain average of the weekly rates" in text


def test_highest_is_not_special_when_its_limit_is_wide():
    ex = covid_testing_exercise(period="Day", site="Other sites")
    r = ex.result
    assert not bool(r.highest["beyond"]) and len(r.special)  # a small day tops the chart
    text = answer(ex, **(_right(ex) | {"highest": "Yes"}))
    assert f"Highest is not the same as special: Day {int(r.highest['order'])}" in text


def test_calling_stable_weeks_a_special_cause_is_explained():
    ex = covid_testing_exercise(period="Week")
    text = answer(ex, **(_right(ex) | {"reading": SPECIAL}))
    assert "gives no sign of a special cause" in text


def test_a_centre_line_that_is_not_a_number_is_explained_naming_the_field():
    ex = covid_testing_exercise()
    text = answer(ex, **(_right(ex) | {"center": "about five"}))
    assert "Centre line (positivity) (%): “about five” is not a number" in text
    assert ex.last_feedback is None


def test_the_chart_redraws_by_day_and_marks_special_causes_only_after_check():
    ex = covid_testing_exercise(period="Week")
    assert len(_rows(ex)) == 14
    ex.controls["period"].value = "Day"
    rows = _rows(ex)
    assert len(rows) == len(ex.result.table) > 90
    assert all("beyond" not in row for row in rows)  # no answer in the chart before Check
    answer(ex, **_right(ex))
    marked = [d for d in _datasets(ex) if d and len(d) == len(ex.result.special)]
    assert marked and {row["order"] for row in marked[0]} == set(ex.result.special["order"])


def _datasets(ex) -> list[list[dict]]:
    return list(ex.chart.to_dict()["datasets"].values())


def _rows(ex) -> list[dict]:
    return next(d for d in _datasets(ex) if d and "ucl" in d[0])


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = covid_testing_exercise()
    table = page_holds_no_answer(ex)
    _, points, _ = grid_points(ex)
    assert compare_with_kernel(ex, range(len(points)), table, _kernel_slips) >= 6 * 8


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here: invalid results counted, the plain mean
    of the rates, and the fraction typed into the % box."""
    return {"center": [r.with_invalid / 100, r.mean_of_rates / 100, r.center / 10_000]}
