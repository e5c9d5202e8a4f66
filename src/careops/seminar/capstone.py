"""The capstone's milestones as data: capstone.yml parsed and checked (what is due, when, and
which report section); the calendar arithmetic over them lives in
:mod:`careops.seminar.calendar`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from careops.datafile import Problems
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
REQUIRED = ("id", "title", "term", "due", "report_section")


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def parse_milestones(path: Path, terms: dict[str, Term]) -> tuple[Milestone, ...]:
    """Read capstone.yml; each milestone must name a known term and fall due inside it.

    Every problem is collected (see :mod:`careops.datafile`) and reported in ONE SeminarError."""
    raw = load_yaml(path)
    problems = Problems(path)
    items = raw.get("milestones") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        problems.add(
            "milestones",
            items,
            "type",
            expected="a list of milestones",
            line=1,
            message="expected 'milestones:' with a list of milestones",
        )
        raise SeminarError(problems.items)
    found: list[Milestone] = []
    seen: set[str] = set()
    for i, m in enumerate(items, start=1):
        if not isinstance(m, LineDict):
            problems.add(
                f"milestones[{i - 1}]",
                m,
                "type",
                expected="a mapping",
                message=f"milestones[{i - 1}] must be a mapping, got {m!r}",
            )
            continue
        label = f"milestone {m.get('id', i)!r}"
        problems.unknown_keys(m, sorted(MILESTONE_FIELDS), label)
        missing = [k for k in REQUIRED if not m.get(k)]
        if missing:
            problems.add(
                f"{label}.{missing[0]}",
                None,
                "required",
                line=m.line,
                message=f"{label} has no {', '.join(missing)}",
            )
            continue
        if not m.get("seed") and not m.get("seed_note"):
            problems.add(
                f"{label}.seed",
                None,
                "required",
                line=m.line,
                message=f"{label} needs 'seed' (the seed's words) or 'seed_note' "
                "(why it is silent)",
            )
        due = problems.required(m, "due", dt.date, label)
        term_id = problems.choice(
            m,
            "term",
            terms,
            label,
            message=f"{label}: term {{value!r}} is not a term of sessions.yml ({{choices}})",
        )
        if due is None or term_id is None:
            continue
        term = terms[term_id]
        if not term.start <= due <= term.end:
            problems.add(
                f"{label}.due",
                due,
                "between",
                minimum=term.start,
                maximum=term.end,
                line=m.line,
                message=f"{label}: due {due} is outside term {term.id!r} "
                f"({term.start} to {term.end})",
            )
        if m["id"] in seen:
            problems.add(
                f"{label}.id",
                m["id"],
                "unique",
                line=m.line_of("id"),
                message=f"{label}: id is used twice",
            )
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
        problems.add(
            "milestones",
            [str(d) for d in dues],
            "order",
            other="the one before",
            message="milestones must be listed in the order they fall due",
        )
    if problems:
        raise SeminarError(problems.items)
    return tuple(found)
