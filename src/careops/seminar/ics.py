"""The seminar calendar as an iCalendar file (RFC 5545), written with the standard library.

One VEVENT per session; times are written in UTC (``...Z``) so that no VTIMEZONE block is
needed and every calendar program places them correctly. Output is deterministic for a
given ``stamp`` (DTSTAMP), so rebuilding an unchanged program gives an identical file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from careops.seminar.program import Program, Session
from careops.seminar.readings import as_text

PRODID = "-//careops//Seminar Series//EN"
_UTC = dt.UTC


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (section 3.1) without splitting a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with one space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")


def default_stamp() -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH if set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=_UTC)
    return dt.datetime.now(tz=_UTC).replace(microsecond=0)


def _description(program: Program, session: Session, page_url: str) -> str:
    lines = [f"{session.format_label}. Presenter: {session.presenter}."]
    if session.readings:
        lines.append("")
        lines.append("Reading:" if len(session.readings) == 1 else "Readings:")
        lines += [f"- {as_text(program.bibliography, key)}" for key in session.readings]
    if session.milestones:
        lines.append("")
        lines.append(
            "Capstone milestones reviewed: "
            + "; ".join(program.milestone(m).title for m in session.milestones)
            + "."
        )
    if session.questions:
        lines.append("")
        lines.append("Discussion questions:")
        lines += [f"- {q}" for q in session.questions]
    if page_url:
        lines += ["", page_url]
    return "\n".join(lines)


def event_lines(
    program: Program, session: Session, stamp: dt.datetime, base_url: str = ""
) -> list[str]:
    """The content lines (unfolded) of one session's VEVENT."""
    tz = program.tz
    page_url = f"{base_url.rstrip('/')}/sessions/{session.id}.html" if base_url else ""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{session.id}@seminar.careops",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(session.starts_at(tz))}",
        f"DTEND:{_utc(session.ends_at(tz))}",
        f"SUMMARY:{escape_text(f'{session.format_label}: {session.title}')}",
        f"DESCRIPTION:{escape_text(_description(program, session, page_url))}",
        f"CATEGORIES:{escape_text(session.format_label)}",
    ]
    if session.location:
        lines.append(f"LOCATION:{escape_text(session.location)}")
    if page_url:
        lines.append(f"URL:{page_url}")
    lines.append("END:VEVENT")
    return lines


def calendar_text(program: Program, stamp: dt.datetime | None = None, base_url: str = "") -> str:
    """The whole VCALENDAR, CRLF line endings, folded."""
    stamp = stamp or default_stamp()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(program.title)}",
        f"X-WR-TIMEZONE:{program.timezone}",
    ]
    for session in program.sessions:
        lines += event_lines(program, session, stamp, base_url)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_calendar(
    program: Program, path: str | Path, stamp: dt.datetime | None = None, base_url: str = ""
) -> Path:
    """Write the calendar to ``path`` (bytes, so the CRLF line endings survive on every OS)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(calendar_text(program, stamp, base_url).encode("utf-8"))
    return path
