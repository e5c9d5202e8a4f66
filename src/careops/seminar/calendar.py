"""The seminar's calendar: terms, dated milestones and their arithmetic (weeks between dates,
points a chart can hold by a deadline, week of term, the milestone schedule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from careops.errors import InputError


@dataclass(frozen=True)
class Term:
    """A term of the academic year, with the dates its sessions must fall between."""

    id: str
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Milestone:
    """One step of the capstone, with the seed's words for it (or a note that the seed is
    silent)."""

    number: int
    id: str
    title: str
    term: str
    due: dt.date
    seed: str
    seed_note: str
    deliverables: tuple[str, ...]
    report_section: str
    done_when: str
    line: int


def _date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise InputError(
            name, value, "type", expected="a date", message=f"{name} must be a date, got {value!r}"
        )
    return value


def _per_point(days_per_point: Any) -> int:
    if (
        isinstance(days_per_point, bool)
        or not isinstance(days_per_point, int)
        or days_per_point < 1
    ):
        raise InputError(
            "days_per_point",
            days_per_point,
            "at_least",
            minimum=1,
            message="days_per_point must be a whole number of days, 1 or more, "
            f"got {days_per_point!r}",
        )
    return days_per_point


def _days_between(earlier: dt.date, later: dt.date, names: tuple[str, str]) -> int:
    a, b = _date(names[0], earlier), _date(names[1], later)
    if b < a:
        raise InputError(
            names[1],
            b,
            "order",
            other=f"{names[0]} ({a})",
            message=f"{names[1]} ({b}) comes before {names[0]} ({a})",
        )
    return (b - a).days


def weeks_between(earlier: dt.date, later: dt.date) -> float:
    """Weeks from ``earlier`` to ``later`` (days / 7); ``later`` may not come first."""
    return _days_between(earlier, later, ("earlier", "later")) / 7


def points_between(start: dt.date, end: dt.date, days_per_point: int = 7) -> int:
    """How many whole periods of ``days_per_point`` days (weekly points by default) fit
    between ``start`` and ``end``: the points a chart can hold by a deadline."""
    return _days_between(start, end, ("start", "end")) // _per_point(days_per_point)


def collection_start(due: dt.date, points: int, days_per_point: int = 7) -> dt.date:
    """The latest day data collection can start and still give ``points`` whole periods
    (weekly by default) by ``due``: plan backwards from a milestone."""
    d = _date("due", due)
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise InputError(
            "points",
            points,
            "at_least",
            minimum=1,
            message=f"points must be a whole number, 1 or more, got {points!r}",
        )
    return d - dt.timedelta(days=points * _per_point(days_per_point))


def term_week(day: dt.date, term: Term) -> int:
    """Week of the term in which ``day`` falls: 1 for the term's first seven days."""
    d = _date("day", day)
    if not term.start <= d <= term.end:
        raise InputError(
            "day",
            d,
            "between",
            minimum=term.start,
            maximum=term.end,
            message=f"{d} is outside term {term.id!r} ({term.start} to {term.end})",
        )
    return (d - term.start).days // 7 + 1


@dataclass(frozen=True)
class MilestoneStep:
    """A milestone placed in the year: its week of term, the days since the milestone before
    it (None for the first) and the dates of the peer feedback sessions that review it."""

    number: int
    id: str
    title: str
    term: str
    term_name: str
    due: dt.date
    report_section: str
    term_week: int
    days_since_previous: int | None
    reviewed_on: tuple[dt.date, ...]

    @property
    def weeks_since_previous(self) -> float | None:
        return None if self.days_since_previous is None else self.days_since_previous / 7

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view, with ``weeks_since_previous`` added."""
        out = asdict(self)
        out["weeks_since_previous"] = self.weeks_since_previous
        return out


def milestone_schedule(
    milestones: Sequence[Milestone], terms: Mapping[str, Term], sessions: Iterable[Any] = ()
) -> tuple[MilestoneStep, ...]:
    """The milestones in due order with their week of term, the gap since the one before and
    the dates of the sessions (anything with ``date`` and ``milestones``) that review them."""
    reviews: dict[str, list[dt.date]] = {}
    for s in sessions:
        for mid in s.milestones:
            reviews.setdefault(mid, []).append(s.date)
    steps: list[MilestoneStep] = []
    previous: dt.date | None = None
    for m in sorted(milestones, key=lambda m: (m.due, m.number)):
        term = terms.get(m.term)
        if term is None:
            raise InputError(
                f"milestone {m.id!r} term",
                m.term,
                "choice",
                choices=list(terms),
                message=f"milestone {m.id!r} names term {m.term!r}, not one of {list(terms)}",
            )
        steps.append(
            MilestoneStep(
                number=m.number,
                id=m.id,
                title=m.title,
                term=m.term,
                term_name=term.name,
                due=m.due,
                report_section=m.report_section,
                term_week=term_week(m.due, term),
                days_since_previous=None if previous is None else (m.due - previous).days,
                reviewed_on=tuple(sorted(reviews.get(m.id, []))),
            )
        )
        previous = m.due
    return tuple(steps)
