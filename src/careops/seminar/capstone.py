"""The capstone's milestones as data: capstone.yml parsed and checked (what is due, when, and
which report section); the calendar arithmetic over them lives in :mod:`careops.seminar.calendar`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from careops.seminar.calendar import Milestone, Term
from careops.seminar.yamlio import LineDict, SeminarError, load_yaml

MILESTONE_FIELDS = {
    "id",
    "title",
    "term",
    "due",
    "seed",
    "seed_note",
    "deliverables",
    "report_section",
    "done_when",
}


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def parse_milestones(path: Path, terms: dict[str, Term]) -> tuple[Milestone, ...]:
    """Read capstone.yml; each milestone must name a known term and fall due inside it."""
    raw = load_yaml(path)
    problems: list[str] = []
    items = raw.get("milestones") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise SeminarError([f"{path}:1: expected 'milestones:' with a list of milestones"])
    found: list[Milestone] = []
    seen: set[str] = set()
    for i, m in enumerate(items, start=1):
        if not isinstance(m, LineDict):
            problems.append(f"{path}: milestones[{i - 1}] must be a mapping, got {m!r}")
            continue
        where = f"{path}:{m.line}: milestone {m.get('id', i)!r}"
        for unknown in sorted(set(m) - MILESTONE_FIELDS):
            problems.append(
                f"{path}:{m.line_of(unknown)}: milestone {m.get('id', i)!r} has an unknown field {unknown!r}"
            )
        missing = [k for k in ("id", "title", "term", "due", "report_section") if not m.get(k)]
        if missing:
            problems.append(f"{where} has no {', '.join(missing)}")
            continue
        if not m.get("seed") and not m.get("seed_note"):
            problems.append(
                f"{where} needs 'seed' (the seed's words) or 'seed_note' (why it is silent)"
            )
        due = m["due"]
        if not isinstance(due, dt.date):
            problems.append(f"{where}: due {due!r} is not a date written YYYY-MM-DD")
            continue
        term = terms.get(m["term"])
        if term is None:
            problems.append(
                f"{where}: term {m['term']!r} is not a term of sessions.yml ({', '.join(terms)})"
            )
            continue
        if not term.start <= due <= term.end:
            problems.append(
                f"{where}: due {due} is outside term {term.id!r} ({term.start} to {term.end})"
            )
        if m["id"] in seen:
            problems.append(f"{where}: id is used twice")
        seen.add(m["id"])
        found.append(
            Milestone(
                number=i,
                id=str(m["id"]),
                title=str(m["title"]),
                term=term.id,
                due=due,
                seed=_text(m.get("seed")),
                seed_note=_text(m.get("seed_note")),
                deliverables=tuple(_text(d) for d in (m.get("deliverables") or [])),
                report_section=str(m["report_section"]),
                done_when=_text(m.get("done_when")),
                line=m.line,
            )
        )
    dues = [m.due for m in found]
    if dues != sorted(dues):
        problems.append(f"{path}: milestones must be listed in the order they fall due")
    if problems:
        raise SeminarError(problems)
    return tuple(found)
