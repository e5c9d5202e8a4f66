"""The arithmetic of the capstone calendar: weeks between dates, points by a deadline, the
schedule."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from careops.seminar import (
    Milestone,
    Term,
    collection_start,
    load_program,
    milestone_schedule,
    points_between,
    term_week,
    weeks_between,
)

FALL = Term("fall", "Fall term", dt.date(2026, 9, 1), dt.date(2026, 12, 18))
SPRING = Term("spring", "Spring term", dt.date(2027, 2, 1), dt.date(2027, 5, 28))
TERMS = {"fall": FALL, "spring": SPRING}


def _milestone(number: int, mid: str, term: str, due: dt.date) -> Milestone:
    return Milestone(
        number=number,
        id=mid,
        title=mid.title(),
        term=term,
        due=due,
        seed="",
        seed_note="n",
        deliverables=(),
        report_section=f"{number}. Section",
        done_when="",
        line=number,
    )


def test_weeks_between_counts_days_over_seven():
    assert weeks_between(dt.date(2027, 4, 7), dt.date(2027, 5, 19)) == 6.0
    assert weeks_between(dt.date(2026, 12, 16), dt.date(2027, 2, 17)) == 9.0
    assert weeks_between(dt.date(2027, 5, 19), dt.date(2027, 5, 28)) == pytest.approx(9 / 7)


def test_weeks_between_refuses_dates_in_the_wrong_order_naming_both():
    with pytest.raises(
        ValueError, match=r"later \(2027-04-07\) comes before earlier \(2027-05-19\)"
    ):
        weeks_between(dt.date(2027, 5, 19), dt.date(2027, 4, 7))


def test_weeks_between_refuses_text_naming_the_argument():
    with pytest.raises(ValueError, match=r"earlier must be a date, got '2027-04-07'"):
        weeks_between("2027-04-07", dt.date(2027, 5, 19))


def test_points_between_counts_whole_periods_only():
    start = dt.date(2027, 4, 7)
    assert points_between(start, dt.date(2027, 5, 19)) == 6
    assert points_between(start, dt.date(2027, 5, 18)) == 5
    assert points_between(start, dt.date(2027, 5, 19), days_per_point=1) == 42


def test_points_between_refuses_a_period_that_is_not_a_whole_number_of_days():
    with pytest.raises(
        ValueError, match=r"days_per_point must be a whole number of days, 1 or more, got 0"
    ):
        points_between(dt.date(2027, 4, 7), dt.date(2027, 5, 19), days_per_point=0)


def test_collection_start_plans_backwards_and_round_trips_with_points_between():
    due = dt.date(2026, 12, 16)
    start = collection_start(due, 12)
    assert start == dt.date(2026, 9, 23)
    assert points_between(start, due) == 12


def test_collection_start_refuses_zero_points():
    with pytest.raises(ValueError, match=r"points must be a whole number, 1 or more, got 0"):
        collection_start(dt.date(2026, 12, 16), 0)


def test_term_week_is_one_in_the_first_seven_days():
    assert term_week(dt.date(2026, 9, 1), FALL) == 1
    assert term_week(dt.date(2026, 9, 7), FALL) == 1
    assert term_week(dt.date(2026, 9, 8), FALL) == 2


def test_term_week_refuses_a_day_outside_the_term():
    with pytest.raises(
        ValueError, match=r"2027-01-10 is outside term 'fall' \(2026-09-01 to 2026-12-18\)"
    ):
        term_week(dt.date(2027, 1, 10), FALL)


def test_schedule_gives_gaps_weeks_of_term_and_review_dates():
    milestones = [
        _milestone(1, "first", "fall", dt.date(2026, 9, 30)),
        _milestone(2, "second", "spring", dt.date(2027, 2, 17)),
    ]
    sessions = [
        SimpleNamespace(date=dt.date(2027, 2, 24), milestones=("second",)),
        SimpleNamespace(date=dt.date(2026, 9, 30), milestones=("first", "second")),
    ]
    first, second = milestone_schedule(milestones, TERMS, sessions)
    assert (first.term_week, first.days_since_previous, first.weeks_since_previous) == (
        5,
        None,
        None,
    )
    assert (second.term_week, second.days_since_previous, second.weeks_since_previous) == (
        3,
        140,
        20.0,
    )
    assert second.term_name == "Spring term"
    assert second.reviewed_on == (dt.date(2026, 9, 30), dt.date(2027, 2, 24))
    assert second.to_dict()["weeks_since_previous"] == 20.0


def test_schedule_refuses_a_milestone_in_an_unknown_term():
    with pytest.raises(
        ValueError, match=r"milestone 'x' names term 'summer', not one of \['fall', 'spring'\]"
    ):
        milestone_schedule([_milestone(1, "x", "summer", dt.date(2026, 7, 1))], TERMS)


def test_committed_schedule_runs_in_order_and_every_milestone_is_reviewed(seminar_root):
    program = load_program(seminar_root)
    steps = program.milestone_schedule()
    assert [s.id for s in steps] == [m.id for m in program.milestones]
    assert steps[0].days_since_previous is None
    assert all(s.days_since_previous > 0 for s in steps[1:])
    assert all(s.reviewed_on for s in steps), [s.id for s in steps if not s.reviewed_on]
