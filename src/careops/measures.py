"""Derived operational measures over the datasets, each defined once: arrivals by hour of day,
census over time, complete weeks and weekly aggregation, and event rates by group.

Stated rules (every notebook and widget uses these, so the same data give the same number):

- **Observed period**: the calendar days from the first to the last day given (by default the
  first and last timestamp in the data), both included. Days with no records count.
- **Arrival rate / arrivals by hour of day**: records in that hour ÷ calendar days in the
  observed period (a quiet day with no visits still happened and lowers the average).
- **Census at time t**: records that started at or before t and had not yet ended (end > t).
  With ``count_arriving=False`` a record starting exactly at t is not counted: "patients
  already there when one arrives".
- **Weeks** run Monday to Sunday. A week is **complete** when all seven of its days lie inside
  the observed period and, when ``min_days`` is given, at least ``min_days`` of them have a
  record (clinics open on weekdays: ``min_days=5``).
- **Event rate of a group** (a 30-day readmission rate): records of the group with the event ÷
  all records of the group; its **share of events**: the group's events ÷ every group's events.

Offered load (arrival rate × mean service time, in Erlangs) lives in
:func:`careops.queueing.offered_load`, next to the queueing formulas that use it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "arrival_rate",
    "arrivals_by_hour",
    "census",
    "complete_weeks",
    "event_rates",
    "observed_days",
    "observed_period",
    "prose_date",
    "week_start",
    "weekly",
]

_PER = {"hour": 24, "day": 1}


def _timestamps(name: str, times: object) -> pd.Series:
    """The input as a datetime Series; an empty or non-datetime input is an InputError."""
    series = pd.Series(times)
    if not pd.api.types.is_datetime64_any_dtype(series):
        raise InputError(name, series.dtype, "type", expected="datetimes")
    series = series.dropna()
    if series.empty:
        raise InputError(name, len(series), "min_length", minimum=1)
    return series


def observed_period(
    times: object, *, start: object = None, end: object = None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last calendar day of the observed period (midnights), from the data unless
    given."""
    series = _timestamps("times", times)
    first = pd.Timestamp(series.min() if start is None else start).normalize()
    last = pd.Timestamp(series.max() if end is None else end).normalize()
    if last < first:
        raise InputError("end", last.date(), "order", other=f"start ({first.date()})")
    return first, last


def _days(first: pd.Timestamp, last: pd.Timestamp) -> int:
    """Calendar days from first to last, both included."""
    return (last - first).days + 1


def observed_days(times: object, *, start: object = None, end: object = None) -> int:
    """Calendar days in the observed period, days without records included (the divisor of
    every per-day and per-hour average here)."""
    return _days(*observed_period(times, start=start, end=end))


def arrivals_by_hour(times: object, *, start: object = None, end: object = None) -> pd.Series:
    """Average arrivals in each hour of the day (0-23): count in that hour ÷ calendar days
    observed."""
    series = _timestamps("times", times)
    days = _days(*observed_period(series, start=start, end=end))
    counts = series.dt.hour.value_counts().reindex(range(24), fill_value=0).sort_index()
    return (counts / days).rename("arrivals_per_hour").rename_axis("hour")


def arrival_rate(
    times: object, *, per: str = "hour", start: object = None, end: object = None
) -> float:
    """Average arrivals per hour (or per day) over the calendar days of the observed period."""
    if per not in _PER:
        raise InputError("per", per, "choice", choices=", ".join(_PER))
    series = _timestamps("times", times)
    days = _days(*observed_period(series, start=start, end=end))
    return len(series) / (days * _PER[per])


def census(starts: object, ends: object, at: object, *, count_arriving: bool = True) -> pd.Series:
    """Number present at each time in ``at``: started at or before it and not yet ended.

    With ``count_arriving=False`` only those that started strictly before the time count (the
    patients already there when one arrives at that moment).
    """
    begin = np.sort(_timestamps("starts", starts).to_numpy())
    finish = np.sort(pd.Series(ends).dropna().to_numpy())
    when = pd.DatetimeIndex(at)
    side = "right" if count_arriving else "left"
    present = np.searchsorted(begin, when.to_numpy(), side=side) - np.searchsorted(
        finish, when.to_numpy(), side="right"
    )
    return pd.Series(present, index=when, name="census")


def week_start(times: object) -> pd.Series:
    """Monday (00:00) of the Monday-to-Sunday week each timestamp falls in."""
    return pd.Series(times).dt.to_period("W-SUN").dt.start_time


def complete_weeks(
    times: object, *, start: object = None, end: object = None, min_days: int | None = None
) -> pd.DatetimeIndex:
    """Mondays of the complete weeks: all 7 days inside the observed period, and at least
    ``min_days`` days with a record when given (5 for clinics open on weekdays)."""
    series = _timestamps("times", times)
    first, last = observed_period(series, start=start, end=end)
    need = None if min_days is None else v.integer("min_days", min_days, minimum=1)
    if need is not None and need > 7:
        raise InputError("min_days", min_days, "at_most", maximum=7)
    monday = first + pd.Timedelta(days=(-first.day_of_week) % 7)
    mondays = pd.date_range(monday, last - pd.Timedelta(days=6), freq="7D")
    if need is not None:
        days_with_records = series.dt.normalize().groupby(week_start(series).to_numpy()).nunique()
        mondays = mondays[days_with_records.reindex(mondays, fill_value=0).to_numpy() >= need]
    return mondays.rename("week")


def weekly(
    frame: pd.DataFrame,
    time: str,
    *,
    start: object = None,
    end: object = None,
    min_days: int | None = None,
    **aggregations: tuple[str, object],
) -> pd.DataFrame:
    """One row per complete week (see :func:`complete_weeks`): a ``week`` column (its Monday)
    and the named aggregations, as in ``DataFrame.agg`` (``visits=("visit_id", "size")``).

    A complete week with no records at all has missing (NaN) aggregates, not a dropped row."""
    if time not in frame.columns:
        raise InputError(
            "time", time, "known", suggestion=f" (columns: {', '.join(map(str, frame.columns))})"
        )
    if not aggregations:
        raise InputError("aggregations", 0, "min_length", minimum=1)
    weeks = complete_weeks(frame[time], start=start, end=end, min_days=min_days)
    grouped = frame.groupby(week_start(frame[time]).rename("week")).agg(**aggregations)
    return grouped.reindex(weeks).rename_axis("week").reset_index()


def prose_date(day: dt.date | pd.Timestamp) -> str:
    """A date as it reads in running prose ("7 July 2025"): no leading zero, month in full."""
    return f"{day.day} {day:%B %Y}"


def event_rates(frame: pd.DataFrame, by: str, event: str) -> pd.DataFrame:
    """Per group of ``by``: records, events (``event`` true), the event rate and the group's
    share of all events, largest group first: where a population's events are, and how often."""
    for name in (by, event):
        if name not in frame.columns:
            raise InputError(
                name, name, "known", suggestion=f" (columns: {', '.join(map(str, frame.columns))})"
            )
    if frame.empty:
        raise InputError("frame", 0, "min_length", minimum=1)
    flags = frame[event]
    if flags.isna().any():
        raise InputError(event, int(flags.isna().sum()), "check", check="no missing values")
    hits = flags.astype(bool)
    table = (
        hits.groupby(frame[by], observed=True)
        .agg(records="size", events="sum")
        .rename_axis("group")
        .reset_index()
    )
    table["events"] = table["events"].astype(int)
    table["rate"] = table["events"] / table["records"]
    total = int(table["events"].sum())
    table["share_of_events"] = table["events"] / total if total else 0.0
    return table.sort_values("records", ascending=False, kind="stable").reset_index(drop=True)
