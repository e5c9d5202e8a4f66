"""careops.measures (and queueing.offered_load) against small examples worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from careops import measures, queueing
from careops.errors import InputError


def ts(*values: str) -> pd.Series:
    """Timestamps from strings."""
    return pd.Series(pd.to_datetime(list(values)))


# --- arrivals by hour -------------------------------------------------------------------------
# Three calendar days, 1-3 March 2025; 2 March had no visits at all.
# Hour 8: two visits (1 and 3 March) -> 2 / 3 days; hour 9: one visit -> 1 / 3; other hours 0.
# Dividing by the 2 days *with visits* (the old widget rule) would give 1.0 and 0.5.
ARRIVALS = ts("2025-03-01 08:10", "2025-03-01 09:40", "2025-03-03 08:55")


def test_arrivals_by_hour_divides_by_calendar_days_including_days_without_visits():
    profile = measures.arrivals_by_hour(ARRIVALS)
    assert list(profile.index) == list(range(24))
    assert profile[8] == pytest.approx(2 / 3)
    assert profile[9] == pytest.approx(1 / 3)
    assert profile.drop([8, 9]).eq(0).all()


def test_arrivals_by_hour_uses_the_stated_period_when_given():
    # 1-6 March: six days; hour 8 had two visits -> 2 / 6
    profile = measures.arrivals_by_hour(ARRIVALS, start="2025-03-01", end="2025-03-06 23:59")
    assert profile[8] == pytest.approx(2 / 6)


def test_arrival_rate_per_hour_and_per_day():
    # 3 visits over 3 calendar days = 1 a day = 1/24 an hour
    assert measures.arrival_rate(ARRIVALS, per="day") == pytest.approx(1.0)
    assert measures.arrival_rate(ARRIVALS) == pytest.approx(1 / 24)
    assert measures.arrival_rate(ARRIVALS) == pytest.approx(
        measures.arrivals_by_hour(ARRIVALS).mean()
    )


def test_arrivals_reject_bad_input():
    with pytest.raises(InputError) as err:
        measures.arrival_rate(ARRIVALS, per="week")
    assert err.value.field == "per"
    with pytest.raises(InputError) as err:
        measures.arrivals_by_hour(pd.Series([1, 2]))
    assert err.value.field == "times"
    with pytest.raises(InputError) as err:
        measures.arrivals_by_hour(ARRIVALS, start="2025-03-05")
    assert err.value.field == "end"


# --- census ------------------------------------------------------------------------------------
# A: 08:00-09:00, B: 08:30-10:00, C: 09:00-09:30.
# 08:00 -> A (1); 08:30 -> A, B (2); 09:00 -> A has left at 09:00, B, C (2);
# 09:30 -> C left, B (1); 10:00 -> nobody (0).
STARTS = ts("2025-03-01 08:00", "2025-03-01 08:30", "2025-03-01 09:00")
ENDS = ts("2025-03-01 09:00", "2025-03-01 10:00", "2025-03-01 09:30")


def test_census_counts_started_and_not_yet_ended():
    clock = pd.date_range("2025-03-01 08:00", "2025-03-01 10:00", freq="30min")
    present = measures.census(STARTS, ENDS, clock)
    assert present.tolist() == [1, 2, 2, 1, 0]
    assert list(present.index) == list(clock)


def test_census_at_arrival_without_the_arriving_counts_those_already_there():
    # at each arrival: A finds 0; B finds A (1); C finds B only (A leaves at 09:00) (1)
    already = measures.census(STARTS, ENDS, STARTS, count_arriving=False)
    assert already.tolist() == [0, 1, 1]
    assert measures.census(STARTS, ENDS, STARTS).tolist() == [1, 2, 2]


# --- complete weeks ----------------------------------------------------------------------------
# Data from Wednesday 1 January to Wednesday 22 January 2025 (a Wednesday), one record a day
# except none on Tuesday 14 January. Weeks (Mon-Sun): 30 Dec (starts before the data),
# 6 Jan, 13 Jan, 20 Jan (ends after it). Complete: 6 and 13 January.
DAILY = pd.Series(pd.date_range("2025-01-01 12:00", "2025-01-22 12:00", freq="D"))
DAILY = DAILY[DAILY.dt.normalize() != pd.Timestamp("2025-01-14")].reset_index(drop=True)


def test_complete_weeks_lie_wholly_inside_the_observed_period():
    weeks = measures.complete_weeks(DAILY)
    assert list(weeks) == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]


def test_complete_weeks_keep_a_first_week_that_starts_on_the_first_day():
    # data from Monday 6 January: its first week is complete (dropping "the first week"
    # blindly, as the control-chart widget did, would lose it)
    weeks = measures.complete_weeks(DAILY, start="2025-01-06", end="2025-01-19")
    assert list(weeks) == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]


def test_complete_weeks_keep_first_and_last_weeks_when_the_data_cover_them():
    # data from Monday 6 to Sunday 19 January: both weeks are whole; the control-chart widget's
    # old rule (drop the first and the last week) would have kept neither
    fortnight = pd.Series(pd.date_range("2025-01-06 09:00", "2025-01-19 09:00", freq="D"))
    assert list(measures.complete_weeks(fortnight)) == [
        pd.Timestamp("2025-01-06"),
        pd.Timestamp("2025-01-13"),
    ]


def test_complete_weeks_with_min_days_drop_weeks_with_too_few_open_days():
    # the week of 13 January has 6 days with a record
    assert list(measures.complete_weeks(DAILY, min_days=6)) == [
        pd.Timestamp("2025-01-06"),
        pd.Timestamp("2025-01-13"),
    ]
    assert list(measures.complete_weeks(DAILY, min_days=7)) == [pd.Timestamp("2025-01-06")]
    with pytest.raises(InputError) as err:
        measures.complete_weeks(DAILY, min_days=8)
    assert (err.value.field, err.value.value) == ("min_days", 8)


def test_weekly_aggregates_complete_weeks_only():
    frame = pd.DataFrame({"time": DAILY, "value": range(len(DAILY))})
    # values by day: 1-5 Jan -> 0-4; 6-12 Jan -> 5-11; 13 Jan -> 12, 15-19 Jan -> 13-17
    table = measures.weekly(frame, "time", n=("value", "size"), total=("value", "sum"))
    assert table["week"].tolist() == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]
    assert table["n"].tolist() == [7, 6]
    assert table["total"].tolist() == [sum(range(5, 12)), 12 + sum(range(13, 18))]
    with pytest.raises(InputError) as err:
        measures.weekly(frame, "when", n=("value", "size"))
    assert err.value.field == "time"


def test_week_start_is_the_monday():
    assert measures.week_start(ts("2025-01-05 23:59", "2025-01-06 00:00")).tolist() == [
        pd.Timestamp("2024-12-30"),
        pd.Timestamp("2025-01-06"),
    ]


# --- offered load and dates ----------------------------------------------------------------------
def test_offered_load_is_rate_times_handle_time():
    # 6 arrivals an hour = 0.1 a minute, 30 minutes each -> 3 providers busy on average
    assert queueing.offered_load(0.1, 30) == pytest.approx(3.0)
    with pytest.raises(InputError) as err:
        queueing.offered_load(0, 30)
    assert err.value.field == "arrival_rate"


def test_prose_date():
    assert measures.prose_date(dt.date(2025, 7, 7)) == "7 July 2025"
    assert measures.prose_date(pd.Timestamp("2026-12-16")) == "16 December 2026"


def test_observed_days_counts_calendar_days_including_days_without_records() -> None:
    times = pd.Series(pd.to_datetime(["2025-03-03 08:00", "2025-03-05 17:00"]))
    assert measures.observed_days(times) == 3
    assert measures.observed_days(times, end="2025-03-09") == 7


def test_event_rates_give_each_groups_rate_and_share_of_all_events() -> None:
    stays = pd.DataFrame(
        {
            "payer": ["A"] * 10 + ["B"] * 4,
            "readmitted": [True] * 2 + [False] * 8 + [True] * 2 + [False] * 2,
        }
    )
    table = measures.event_rates(stays, "payer", "readmitted").set_index("group")
    assert list(table.index) == ["A", "B"]  # largest group first
    assert table.loc["A", "rate"] == pytest.approx(0.2)
    assert table.loc["B", "rate"] == pytest.approx(0.5)  # the higher rate ...
    assert table.loc["B", "share_of_events"] == pytest.approx(0.5)  # ... but no more events


def test_event_rates_name_an_unknown_column() -> None:
    with pytest.raises(InputError, match="readmit"):
        measures.event_rates(pd.DataFrame({"payer": ["A"]}), "payer", "readmit")
