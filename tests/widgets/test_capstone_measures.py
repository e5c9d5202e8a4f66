"""Capstone measure-planning exercise, driven as a student would."""

from __future__ import annotations

from pathlib import Path

import pytest

from careops import data, spc
from careops.widgets import capstone_measures_exercise
from careops.widgets.capstone_measures import BASELINE_POINTS, PERIODS, PROJECTS
from careops.widgets.static import grid_points

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer

ROOT = Path(__file__).resolve().parents[2]


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {
        "balancing": r.balancing,
        "baseline": str(r.baseline_weeks),
        "shift": str(r.shift_weeks),
    }


def test_the_baseline_size_is_the_milestones():
    text = (ROOT / "seminar" / "capstone.yml").read_text()
    assert f"run chart of at least {BASELINE_POINTS} points" in text


def test_each_project_has_one_measure_of_each_family():
    for project in PROJECTS.values():
        assert sorted(f for f, _ in project.measures) == ["balancing", "outcome", "process"]
    assert len({capstone_measures_exercise(project=k).result.balancing for k in PROJECTS}) == 3


def test_weeks_follow_the_counting_period():
    expected = {  # (baseline weeks, weeks to a shift): 12 and 6 points at the points a week
        ("clinic", "day"): (3, 2),  # 5 clinic days a week
        ("ed", "day"): (2, 1),  # 7 days a week
        ("clinic", "week"): (12, 6),
        ("or", "month"): (52, 26),  # 12 months are a year
    }
    for (project, period), weeks in expected.items():
        r = capstone_measures_exercise(project=project, period=period).result
        assert (r.baseline_weeks, r.shift_weeks) == weeks


def test_the_weekly_clinic_chart_is_the_no_show_rate_of_complete_weeks():
    clinic = data.load("clinic_appointments")
    weeks = clinic.assign(week=clinic["appointment_time"].dt.to_period("W-SUN"))
    rates = 100 * weeks.groupby("week")["no_show"].mean()
    rates = rates.iloc[1:-1]  # 2025 starts and ends on a Wednesday: two partial weeks
    r = capstone_measures_exercise(project="clinic", period="week").result
    assert len(r.series) == len(rates)
    assert r.series["value"].to_numpy() == pytest.approx(rates.to_numpy())


def test_the_ed_daily_chart_is_the_median_minutes_to_provider_of_each_day():
    ed = data.load("ed_visits")
    daily = ed.groupby(ed["arrival"].dt.normalize())["time_to_provider_min"].median()
    r = capstone_measures_exercise(project="ed", period="day").result
    assert len(r.series) == len(daily)
    assert (r.series["value"].to_numpy() == daily.to_numpy().astype(float)).all()


def test_right_answers_are_confirmed_for_each_period():
    for _, period in PERIODS:
        ex = capstone_measures_exercise(project="or", period=period)
        text = answer(ex, **_right(ex))
        assert ex.last_feedback.correct, text
        assert "is the balancing measure" in text


def test_the_outcome_named_as_balancing_is_explained():
    ex = capstone_measures_exercise(project="ed")
    text = answer(ex, **(_right(ex) | {"balancing": ex.result.letter("outcome")}))
    assert "is the outcome: the result the change is meant to improve" in text


def test_the_process_named_as_balancing_is_explained():
    ex = capstone_measures_exercise(project="clinic")
    text = answer(ex, **(_right(ex) | {"balancing": ex.result.letter("process")}))
    assert "it tells you whether the change is being done" in text


def test_points_typed_as_weeks_are_named():
    ex = capstone_measures_exercise(project="clinic", period="day")
    text = answer(ex, **(_right(ex) | {"baseline": "12", "shift": "6"}))
    assert "12 is the number of points, not of weeks" in text
    assert "6 is the number of points a shift needs, not of weeks" in text


def test_the_runs_table_minimum_is_named():
    ex = capstone_measures_exercise(project="clinic", period="week")
    text = answer(ex, **(_right(ex) | {"baseline": str(spc.RUNS_TABLE_MIN)}))
    assert "the fewest the runs rule can use" in text


def test_the_baseline_length_given_for_the_shift_is_named():
    ex = capstone_measures_exercise(project="or", period="month")
    text = answer(ex, **(_right(ex) | {"shift": "52"}))
    assert "That is the baseline's length" in text


def test_a_baseline_that_is_not_whole_is_explained_naming_the_field():
    ex = capstone_measures_exercise()
    text = answer(ex, **(_right(ex) | {"baseline": "2.4"}))
    assert "Weeks of baseline before the change (weeks) must be a whole number" in text
    assert ex.last_feedback is None


def test_the_chart_has_one_point_per_period():
    ex = capstone_measures_exercise(project="or", period="month")
    assert len(_points(ex)) == 12
    ex.controls["period"].value = "week"
    assert 50 <= len(_points(ex)) <= 52


def _points(ex) -> list[dict]:
    return next(d for d in ex.chart.to_dict()["datasets"].values() if d and "value" in d[0])


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = capstone_measures_exercise()
    table = page_holds_no_answer(ex)
    axes, points, _ = grid_points(ex)
    assert [len(a.shown) for a in axes] == [3, 3]
    assert compare_with_kernel(ex, range(len(points)), table, _kernel_slips) >= 9 * 8


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here: points typed as weeks, the shift's or the
    runs table's points, and the baseline given for the shift."""
    base = [BASELINE_POINTS, spc.SHIFT_LENGTH, spc.weeks_to_collect(10, r.per_week)]
    shift = [spc.SHIFT_LENGTH, r.baseline_weeks]
    return {
        "baseline": [x for x in base if x != r.baseline_weeks],
        "shift": [x for x in shift if x != r.shift_weeks],
    }
