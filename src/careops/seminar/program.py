"""The seminar's year as data: terms, topics and sessions from sessions.yml, checked against
the .bib.

``load_program(folder)`` reads ``sessions.yml``, ``readings.bib`` and ``capstone.yml`` from
the seminar folder and raises one :class:`SeminarError` listing every problem it finds,
each naming the file, the line and the offending value.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from careops.datafile import Problem, Problems, did_you_mean
from careops.seminar.calendar import Milestone, MilestoneStep, Term, milestone_schedule
from careops.seminar.capstone import parse_milestones
from careops.seminar.readings import Bibliography, Reading, load_bibliography
from careops.seminar.yamlio import LineDict, SeminarError, load_yaml
from careops.yamlfile import line_of

FORMATS = {
    "lecture": "Lecture",
    "journal-club": "Journal club",
    "capstone-feedback": "Capstone feedback",
}
SESSION_FIELDS = {
    "term",
    "date",
    "start",
    "duration_minutes",
    "format",
    "title",
    "presenter",
    "readings",
    "questions",
    "milestones",
    "location",
    "notes",
}
SESSIONS_FILE = "sessions.yml"
BIB_FILE = "readings.bib"
CAPSTONE_FILE = "capstone.yml"


@dataclass(frozen=True)
class Topic:
    """A heading of the reading list: readings whose keywords hold ``tag`` go under ``title``."""

    tag: str
    title: str


@dataclass(frozen=True)
class Session:
    """One meeting of the seminar series."""

    term: str
    date: dt.date
    start: dt.time
    duration: dt.timedelta
    format: str
    title: str
    presenter: str
    readings: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    milestones: tuple[str, ...] = ()
    location: str = ""
    notes: str = ""
    line: int = 0
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        """Stable page name: date and start time, e.g. ``2026-09-09-1600``."""
        return f"{self.date.isoformat()}-{self.start:%H%M}"

    @property
    def format_label(self) -> str:
        return FORMATS[self.format]

    @property
    def end(self) -> dt.time:
        return (dt.datetime.combine(self.date, self.start) + self.duration).time()

    def starts_at(self, tz: ZoneInfo) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start, tzinfo=tz)

    def ends_at(self, tz: ZoneInfo) -> dt.datetime:
        return self.starts_at(tz) + self.duration


@dataclass(frozen=True)
class Program:
    """The seminar year: series details, terms, topics, sessions, readings and capstone
    milestones."""

    title: str
    timezone: str
    location: str
    terms: dict[str, Term]
    topics: tuple[Topic, ...]
    sessions: tuple[Session, ...]
    bibliography: Bibliography
    milestones: tuple[Milestone, ...] = ()
    folder: Path = field(default_factory=Path)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def readings(self) -> dict[str, Reading]:
        return self.bibliography.readings

    def sessions_in(self, term_id: str) -> list[Session]:
        return [s for s in self.sessions if s.term == term_id]

    def topic_of(self, key: str) -> Topic:
        """The reading's first keyword that is a declared topic (load_program guarantees one)."""
        by_tag = {t.tag.casefold(): t for t in self.topics}
        for keyword in self.readings[key].keywords:
            if keyword.casefold() in by_tag:
                return by_tag[keyword.casefold()]
        raise KeyError(key)

    def readings_by_topic(self) -> list[tuple[Topic, list[Reading]]]:
        """The reading list grouped under the topics, in the order sessions.yml declares them."""
        groups: dict[str, list[Reading]] = {t.tag: [] for t in self.topics}
        for key, reading in self.readings.items():
            groups[self.topic_of(key).tag].append(reading)
        return [(t, groups[t.tag]) for t in self.topics if groups[t.tag]]

    def sessions_citing(self, key: str) -> list[Session]:
        return [s for s in self.sessions if key in s.readings]

    def milestone(self, milestone_id: str) -> Milestone:
        for m in self.milestones:
            if m.id == milestone_id:
                return m
        raise KeyError(milestone_id)

    def milestone_schedule(self) -> tuple[MilestoneStep, ...]:
        """The milestones in due order, with week of term, gaps and the sessions reviewing them."""
        return milestone_schedule(self.milestones, self.terms, self.sessions)


_HAS_NO = "{where} has no {key!r}"


def _clock(text: Any) -> dt.time | None:
    try:
        return dt.datetime.strptime(str(text), "%H:%M").time()
    except ValueError:
        return None


def _parse_terms(check: Problems, raw: Any) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for i, t in enumerate(raw or []):
        where = f"terms[{i}]"
        tid = check.required(t, "id", str, where, message=_HAS_NO)
        name = check.required(t, "name", str, where, message=_HAS_NO)
        start = check.required(t, "start", dt.date, where, message=_HAS_NO)
        end = check.required(t, "end", dt.date, where, message=_HAS_NO)
        if None in (tid, name, start, end):
            continue
        if end < start:
            check.add(
                f"{where}.end",
                end,
                "order",
                other=f"start {start}",
                line=t.line,
                message=f"term {tid!r} ends ({end}) before it starts ({start})",
            )
        if tid in terms:
            check.add(
                f"{where}.id", tid, "unique", line=t.line, message=f"term id {tid!r} is used twice"
            )
        terms[tid] = Term(tid, name, start, end)
    if not terms:
        check.add(
            "terms",
            raw,
            "required",
            line=line_of(raw) or 1,
            message="no terms are defined (terms: id, name, start, end)",
        )
    return terms


def _parse_topics(check: Problems, raw: Any) -> tuple[Topic, ...]:
    topics = []
    for i, t in enumerate(raw or []):
        tag = check.required(t, "tag", str, f"topics[{i}]", message=_HAS_NO)
        title = check.required(t, "title", str, f"topics[{i}]", message=_HAS_NO)
        if tag and title:
            topics.append(Topic(tag, title))
    return tuple(topics)


def _parse_session(
    check: Problems,
    s: Any,
    i: int,
    series: dict[str, Any],
    series_start: dt.time | None,
    terms: dict[str, Term],
) -> Session | None:
    where = f"sessions[{i}]"
    if not isinstance(s, LineDict):
        check.add(
            where,
            s,
            "type",
            expected="a mapping of fields",
            line=line_of(s),
            message=f"{where} must be a mapping of fields, got {s!r}",
        )
        return None
    check.unknown_keys(s, sorted(SESSION_FIELDS), where)
    date = check.required(s, "date", dt.date, where, message=_HAS_NO)
    title = check.required(s, "title", str, where, message=_HAS_NO)
    label = f"session {date} {title!r}" if date and title else where
    fmt = check.choice(
        s,
        "format",
        FORMATS,
        label,
        message=f"{label}: format {{value!r}} is not one of {{choices}}",
    )
    presenter = check.required(s, "presenter", str, label, message=_HAS_NO)
    term_id = check.choice(
        s,
        "term",
        terms,
        label,
        message=f"{label}: term {{value!r}} is not defined (terms: {{choices}})",
    )
    if date is not None and term_id is not None:
        term = terms[term_id]
        if not term.start <= date <= term.end:
            check.add(
                f"{label}.date",
                date,
                "between",
                minimum=term.start,
                maximum=term.end,
                line=s.line_of("date"),
                message=f"{label}: date {date} is outside its term {term_id!r} "
                f"({term.start} to {term.end})",
            )
    start = _clock(s["start"]) if "start" in s else series_start
    if start is None and "start" in s:
        check.add(
            f"{label}.start",
            s["start"],
            "format",
            expected="HH:MM",
            line=s.line_of("start"),
            message=f"{label}: start {s['start']!r} is not a time written HH:MM",
        )
    minutes = s.get("duration_minutes", series.get("duration_minutes", 90))
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= 600:
        check.add(
            f"{label}.duration_minutes",
            minutes,
            "between",
            minimum=1,
            maximum=600,
            line=s.line_of("duration_minutes"),
            message=f"{label}: duration_minutes {minutes!r} is not 1-600",
        )
        minutes = None
    readings = check.strings(s, "readings", label)
    milestones = check.strings(s, "milestones", label)
    if fmt == "journal-club" and not readings and "readings" not in s:
        check.add(
            f"{label}.readings",
            None,
            "required",
            line=s.line,
            message=f"{label}: a journal-club session needs readings (keys of the .bib file)",
        )
    if fmt == "capstone-feedback" and not milestones and "milestones" not in s:
        check.add(
            f"{label}.milestones",
            None,
            "required",
            line=s.line,
            message=f"{label}: a capstone-feedback session needs the milestones it reviews",
        )
    if None in (date, title, fmt, presenter, term_id, start, minutes):
        return None
    return Session(
        term=term_id,
        date=date,
        start=start,
        duration=dt.timedelta(minutes=minutes),
        format=fmt,
        title=title,
        presenter=presenter,
        readings=readings,
        questions=check.strings(s, "questions", label),
        milestones=milestones,
        location=str(s.get("location") or series.get("location") or ""),
        notes=str(s.get("notes") or ""),
        line=s.line,
        field_lines=dict(s.key_lines),
    )


def _check_overlaps(check: Problems, sessions: list[Session]) -> None:
    ordered = sorted(sessions, key=lambda s: (s.date, s.start))
    for before, after in itertools.pairwise(ordered):
        if before.date == after.date and after.start < before.end:
            check.add(
                f"session {after.date} {after.title!r}.start",
                f"{after.start:%H:%M}",
                "order",
                other=f"{before.end:%H:%M}",
                line=after.line,
                message=f"session {after.date} {after.start:%H:%M} {after.title!r} overlaps the "
                f"session at line {before.line} ({before.start:%H:%M}-{before.end:%H:%M} "
                f"{before.title!r})",
            )


def _check_citations(check: Problems, sessions: list[Session], bib: Bibliography) -> None:
    for s in sessions:
        for key in s.readings:
            if key not in bib.readings:
                check.add(
                    f"session {s.date} {s.title!r}.readings",
                    key,
                    "known",
                    suggestion="",
                    line=s.field_lines.get("readings", s.line),
                    hint=did_you_mean(key, bib.readings),
                    message=f"session {s.date} {s.title!r} cites {key!r}, which is not in "
                    f"{bib.path.name}",
                )


def _check_topics(check: Problems, topics: tuple[Topic, ...], bib: Bibliography) -> None:
    tags = {t.tag.casefold() for t in topics}
    for r in bib.readings.values():
        if not tags & {k.casefold() for k in r.keywords}:
            check.add(
                f"{r.key}.keywords",
                list(r.keywords),
                "known",
                suggestion="",
                file=bib.path,
                line=r.line,
                message=f"entry {r.key!r} has no keyword naming a topic of {SESSIONS_FILE} "
                f"(keywords {list(r.keywords)}; topics {[t.tag for t in topics]})",
            )


def _location(problem: Problem) -> tuple[str, int]:
    """Sort key: the file, then the line number of a problem."""
    return (problem.file or "", problem.line or 0)


def load_program(folder: str | Path = "seminar") -> Program:
    """Load and check the seminar folder; raise SeminarError listing every problem found."""
    folder = Path(folder)
    sessions_path = folder / SESSIONS_FILE
    problems = Problems(sessions_path)
    raw = None
    try:
        raw = load_yaml(sessions_path)
    except SeminarError as exc:
        problems.items += exc.items
    bib = None
    try:
        bib = load_bibliography(folder / BIB_FILE)
    except SeminarError as exc:
        problems.items += exc.items
    if raw is None:
        raise SeminarError(problems.items)
    if not isinstance(raw, LineDict):
        problems.add(
            "the file",
            type(raw).__name__,
            "type",
            expected="a mapping",
            line=1,
            message="expected a mapping with series, terms, topics, sessions; "
            f"got {type(raw).__name__}",
        )
        raise SeminarError(problems.items)
    series = problems.required(raw, "series", dict, message=_HAS_NO) or LineDict()
    title = problems.required(series, "title", str, "series", message=_HAS_NO) if series else None
    timezone = (
        problems.required(series, "timezone", str, "series", message=_HAS_NO) if series else None
    )
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.add(
                "series.timezone",
                timezone,
                "known",
                suggestion=" as an IANA time zone",
                line=series.line_of("timezone"),
                message=f"series: timezone {timezone!r} is not an IANA time zone",
            )
            timezone = None
    series_start = _clock(series.get("start", "16:00"))
    if series_start is None:
        problems.add(
            "series.start",
            series.get("start"),
            "format",
            expected="HH:MM",
            line=series.line_of("start"),
            message=f"series: start {series.get('start')!r} is not a time written HH:MM",
        )
    terms = _parse_terms(problems, problems.required(raw, "terms", list, message=_HAS_NO))
    topics = _parse_topics(problems, problems.required(raw, "topics", list, message=_HAS_NO))
    sessions = [
        s
        for i, entry in enumerate(problems.required(raw, "sessions", list, message=_HAS_NO) or [])
        if (s := _parse_session(problems, entry, i, series, series_start, terms)) is not None
    ]
    _check_overlaps(problems, sessions)
    if bib is not None:
        _check_citations(problems, sessions, bib)
        _check_topics(problems, topics, bib)

    milestones: tuple[Milestone, ...] = ()
    capstone_path = folder / CAPSTONE_FILE
    if capstone_path.exists():
        try:
            milestones = parse_milestones(capstone_path, terms)
        except SeminarError as exc:
            problems.items += exc.items
        known = {m.id for m in milestones}
        for s in sessions:
            for mid in s.milestones:
                if milestones and mid not in known:
                    problems.add(
                        f"session {s.date} {s.title!r}.milestones",
                        mid,
                        "known",
                        suggestion="",
                        line=s.line,
                        hint=did_you_mean(mid, known),
                        message=f"session {s.date} {s.title!r} reviews milestone {mid!r}, which "
                        f"is not in {CAPSTONE_FILE} ({', '.join(sorted(known))})",
                    )
    if problems:
        raise SeminarError(sorted(problems, key=_location))
    return Program(
        title=title,
        timezone=timezone,
        location=str(series.get("location") or ""),
        terms=terms,
        topics=topics,
        sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.start))),
        bibliography=bib,
        milestones=milestones,
        folder=folder,
    )
