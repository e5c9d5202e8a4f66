"""The seminar's year as data: terms, topics and sessions from sessions.yml, checked against the .bib.

``load_program(folder)`` reads ``sessions.yml``, ``readings.bib`` and ``capstone.yml`` from
the seminar folder and raises one :class:`SeminarError` listing every problem it finds,
each naming the file, the line and the offending value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from careops.seminar.calendar import Milestone, MilestoneStep, Term, milestone_schedule
from careops.seminar.capstone import parse_milestones
from careops.seminar.readings import Bibliography, Reading, load_bibliography
from careops.seminar.yamlio import LineDict, SeminarError, load_yaml

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
    """The seminar year: series details, terms, topics, sessions, readings and capstone milestones."""

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


class _Checker:
    """Collects problems as 'file:line: message' instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(f"{self.path}:{line}: {message}")

    def need(self, entry: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        """Return entry[key] if it has the right kind; otherwise record a problem and return None."""
        line = entry.line_of(key) if isinstance(entry, LineDict) else 0
        if not isinstance(entry, dict):
            self.add(line, f"{where} must be a mapping of fields, got {entry!r}")
            return None
        if key not in entry or entry[key] is None or entry[key] == "":
            self.add(line, f"{where} has no {key!r}")
            return None
        value = entry[key]
        if kind is dt.date and isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, kind) or isinstance(value, bool):
            expected = {dt.date: "a date written YYYY-MM-DD", str: "text", list: "a list"}.get(
                kind if isinstance(kind, type) else str, "of another kind"
            )
            self.add(line, f"{where}: {key} must be {expected}, got {value!r}")
            return None
        return value


def _clock(text: Any) -> dt.time | None:
    try:
        return dt.datetime.strptime(str(text), "%H:%M").time()
    except ValueError:
        return None


def _strings(check: _Checker, entry: LineDict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(entry.line_of(key), f"{where}: {key} must be a list of text, got {value!r}")
        return ()
    return tuple(value)


def _parse_terms(check: _Checker, raw: Any) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for i, t in enumerate(raw or []):
        where = f"terms[{i}]"
        tid, name = check.need(t, "id", str, where), check.need(t, "name", str, where)
        start, end = check.need(t, "start", dt.date, where), check.need(t, "end", dt.date, where)
        if None in (tid, name, start, end):
            continue
        if end < start:
            check.add(t.line, f"term {tid!r} ends ({end}) before it starts ({start})")
        if tid in terms:
            check.add(t.line, f"term id {tid!r} is used twice")
        terms[tid] = Term(tid, name, start, end)
    if not terms:
        check.add(getattr(raw, "line", 1), "no terms are defined (terms: id, name, start, end)")
    return terms


def _parse_topics(check: _Checker, raw: Any) -> tuple[Topic, ...]:
    topics = []
    for i, t in enumerate(raw or []):
        tag, title = (
            check.need(t, "tag", str, f"topics[{i}]"),
            check.need(t, "title", str, f"topics[{i}]"),
        )
        if tag and title:
            topics.append(Topic(tag, title))
    return tuple(topics)


def _parse_session(
    check: _Checker,
    s: Any,
    i: int,
    series: dict[str, Any],
    series_start: dt.time | None,
    terms: dict[str, Term],
) -> Session | None:
    where = f"sessions[{i}]"
    if not isinstance(s, LineDict):
        check.add(getattr(s, "line", 0), f"{where} must be a mapping of fields, got {s!r}")
        return None
    for unknown in sorted(set(s) - SESSION_FIELDS):
        hint = difflib.get_close_matches(unknown, SESSION_FIELDS, n=1)
        tip = f" (did you mean {hint[0]!r}?)" if hint else ""
        check.add(s.line_of(unknown), f"{where} has an unknown field {unknown!r}{tip}")
    date = check.need(s, "date", dt.date, where)
    title = check.need(s, "title", str, where)
    label = f"session {date} {title!r}" if date and title else where
    fmt = check.need(s, "format", str, label)
    presenter = check.need(s, "presenter", str, label)
    term_id = check.need(s, "term", str, label)
    if fmt is not None and fmt not in FORMATS:
        check.add(
            s.line_of("format"), f"{label}: format {fmt!r} is not one of {', '.join(FORMATS)}"
        )
        fmt = None
    if term_id is not None and term_id not in terms:
        check.add(
            s.line_of("term"),
            f"{label}: term {term_id!r} is not defined (terms: {', '.join(terms)})",
        )
        term_id = None
    if date is not None and term_id is not None:
        term = terms[term_id]
        if not term.start <= date <= term.end:
            check.add(
                s.line_of("date"),
                f"{label}: date {date} is outside its term {term_id!r} ({term.start} to {term.end})",
            )
    start = _clock(s["start"]) if "start" in s else series_start
    if start is None and "start" in s:
        check.add(s.line_of("start"), f"{label}: start {s['start']!r} is not a time written HH:MM")
    minutes = s.get("duration_minutes", series.get("duration_minutes", 90))
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= 600:
        check.add(
            s.line_of("duration_minutes"), f"{label}: duration_minutes {minutes!r} is not 1-600"
        )
        minutes = None
    readings = _strings(check, s, "readings", label)
    milestones = _strings(check, s, "milestones", label)
    if fmt == "journal-club" and not readings and "readings" not in s:
        check.add(s.line, f"{label}: a journal-club session needs readings (keys of the .bib file)")
    if fmt == "capstone-feedback" and not milestones and "milestones" not in s:
        check.add(s.line, f"{label}: a capstone-feedback session needs the milestones it reviews")
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
        questions=_strings(check, s, "questions", label),
        milestones=milestones,
        location=str(s.get("location") or series.get("location") or ""),
        notes=str(s.get("notes") or ""),
        line=s.line,
        field_lines=dict(s.key_lines),
    )


def _check_overlaps(check: _Checker, sessions: list[Session]) -> None:
    ordered = sorted(sessions, key=lambda s: (s.date, s.start))
    for before, after in itertools.pairwise(ordered):
        if before.date == after.date and after.start < before.end:
            check.add(
                after.line,
                f"session {after.date} {after.start:%H:%M} {after.title!r} overlaps the session at "
                f"line {before.line} ({before.start:%H:%M}-{before.end:%H:%M} {before.title!r})",
            )


def _check_citations(check: _Checker, sessions: list[Session], bib: Bibliography) -> None:
    for s in sessions:
        for key in s.readings:
            if key not in bib.readings:
                hint = difflib.get_close_matches(key, bib.readings, n=1)
                tip = f" (did you mean {hint[0]!r}?)" if hint else ""
                check.add(
                    s.field_lines.get("readings", s.line),
                    f"session {s.date} {s.title!r} cites {key!r}, which is not in {bib.path.name}{tip}",
                )


def _check_topics(problems: list[str], topics: tuple[Topic, ...], bib: Bibliography) -> None:
    tags = {t.tag.casefold() for t in topics}
    for r in bib.readings.values():
        if not tags & {k.casefold() for k in r.keywords}:
            problems.append(
                f"{bib.path}:{r.line}: entry {r.key!r} has no keyword naming a topic of "
                f"{SESSIONS_FILE} (keywords {list(r.keywords)}; topics {[t.tag for t in topics]})"
            )


def _location(problem: str) -> tuple[str, int]:
    """Sort key: the file, then the line number of a 'file:line: message' problem."""
    path, _, rest = problem.partition(":")
    line = rest.partition(":")[0]
    return (path, int(line) if line.isdigit() else 0)


def load_program(folder: str | Path = "seminar") -> Program:
    """Load and check the seminar folder; raise SeminarError listing every problem found."""
    folder = Path(folder)
    sessions_path = folder / SESSIONS_FILE
    problems: list[str] = []
    raw = None
    try:
        raw = load_yaml(sessions_path)
    except SeminarError as exc:
        problems += exc.problems
    bib = None
    try:
        bib = load_bibliography(folder / BIB_FILE)
    except SeminarError as exc:
        problems += exc.problems
    if raw is None:
        raise SeminarError(problems)
    check = _Checker(sessions_path)
    if not isinstance(raw, LineDict):
        check.add(
            1, f"expected a mapping with series, terms, topics, sessions; got {type(raw).__name__}"
        )
        raise SeminarError(problems + check.problems)
    series = check.need(raw, "series", dict, "the file") or LineDict()
    title = check.need(series, "title", str, "series") if series else None
    timezone = check.need(series, "timezone", str, "series") if series else None
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            check.add(
                series.line_of("timezone"),
                f"series: timezone {timezone!r} is not an IANA time zone",
            )
            timezone = None
    series_start = _clock(series.get("start", "16:00"))
    if series_start is None:
        check.add(
            series.line_of("start"),
            f"series: start {series.get('start')!r} is not a time written HH:MM",
        )
    terms = _parse_terms(check, check.need(raw, "terms", list, "the file"))
    topics = _parse_topics(check, check.need(raw, "topics", list, "the file"))
    sessions = [
        s
        for i, entry in enumerate(check.need(raw, "sessions", list, "the file") or [])
        if (s := _parse_session(check, entry, i, series, series_start, terms)) is not None
    ]
    _check_overlaps(check, sessions)
    problems += check.problems
    if bib is not None:
        cite = _Checker(sessions_path)
        _check_citations(cite, sessions, bib)
        problems += cite.problems
        _check_topics(problems, topics, bib)

    milestones: tuple[Milestone, ...] = ()
    capstone_path = folder / CAPSTONE_FILE
    if capstone_path.exists():
        try:
            milestones = parse_milestones(capstone_path, terms)
        except SeminarError as exc:
            problems += exc.problems
        known = {m.id for m in milestones}
        for s in sessions:
            for mid in s.milestones:
                if milestones and mid not in known:
                    problems.append(
                        f"{sessions_path}:{s.line}: session {s.date} {s.title!r} reviews milestone "
                        f"{mid!r}, which is not in {CAPSTONE_FILE} ({', '.join(sorted(known))})"
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
