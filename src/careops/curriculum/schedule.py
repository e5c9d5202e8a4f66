"""A course's week-by-week schedule, computed from the catalog, the full-time plan and the pages.

The program documents give each term's months (fall September - December, January, spring
February - May), not its weeks, so the week counts are an assumption stated here once
(:data:`TERM_WEEKS`) and on every schedule page. Rules, all in :func:`build`:

- a course runs for every week of the term(s) the full-time plan gives it; a course taught in
  two terms (seminar, capstone) spans both, its sections split between them in proportion to
  the credits it earns in each;
- within a term the sections are spread in order, each starting in one week and running until
  the next one starts (the last one until the course ends);
- an exercise is placed in the week of the first section that links it, a reading in the week
  of the first section that cites it; one linked or cited only from the chapter's landing page
  goes in the week of the course's last section;
- the course's assessments fall due at evenly spaced weeks, the last one in the final week.

:func:`read_material` gathers a course's sections, links, citations and assignments from disk.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from careops.curriculum import TERM_ORDER, Catalog
from careops.errors import InputError

# assumed teaching weeks per term (the seed gives months only)
TERM_WEEKS = {"fall": 15, "january": 4, "spring": 15}
PLAN = "full-time"
SECTION = re.compile(r"^\d\d-.+")
PAGE_SUFFIXES = (".md", ".ipynb")
EXERCISE_LINK = re.compile(r"\{doc\}`(?:[^`<]*<)?/?(exercises/[\w-]+/[\w-]+)>?`")
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")
KEYPREFIX = re.compile(r":keyprefix:\s*(\S+)")


@dataclass(frozen=True)
class Section:
    """One section page of a course: its document name and what it links and cites."""

    doc: str
    exercises: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Material:
    """What a course teaches and assesses, in order: sections, assessments, and the exercises
    and readings its landing page names without any section linking them."""

    sections: tuple[Section, ...]
    assessments: tuple[str, ...] = ()
    chapter_exercises: tuple[str, ...] = ()
    chapter_readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Week:
    """One week of a course: the sections starting in it, those still running, and what is due."""

    number: int
    term: str
    term_week: int
    sections: tuple[str, ...] = ()
    continuing: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    assessments: tuple[str, ...] = ()


def course_terms(catalog: Catalog, course_id: str, plan_id: str = PLAN) -> list[tuple[str, int]]:
    """The terms a course is taught in under a plan, in academic-year order, with its credits."""
    credits: dict[str, int] = {}
    for e in catalog.plan(plan_id).entries:
        if e.course_id == course_id:
            credits[e.term] = credits.get(e.term, 0) + e.credits
    if not credits:
        raise KeyError(f"course {course_id!r} is not in plan {plan_id!r}")
    return [(t, credits[t]) for t in TERM_ORDER if t in credits]


def split(count: int, weights: list[int]) -> list[int]:
    """``count`` items shared in proportion to ``weights`` (largest remainder, ties to the
    earlier share), so that the shares add up to ``count``."""
    total = sum(weights)
    exact = [count * w / total for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: count - sum(shares)]:
        shares[i] += 1
    return shares


def starts(count: int, weeks: int) -> list[int]:
    """The 0-based week in which each of ``count`` items starts when spread evenly in order."""
    if count > weeks:
        raise ValueError(f"{count} sections do not fit in {weeks} weeks (one start per week)")
    return [i * weeks // count for i in range(count)]


def build(
    catalog: Catalog,
    course_id: str,
    material: Material,
    term_weeks: dict[str, int] = TERM_WEEKS,
    plan_id: str = PLAN,
) -> list[Week]:
    """The course's weeks, one per teaching week of its term(s), filled by the rules above."""
    terms = course_terms(catalog, course_id, plan_id)
    sections = material.sections
    shares = split(len(sections), [c for _, c in terms])
    slots = [(t, w) for t, _ in terms for w in range(1, term_weeks[t] + 1)]
    start_of: dict[str, int] = {}
    offset, done = 0, 0
    for (term, _), share in zip(terms, shares, strict=True):
        for k, s in enumerate(starts(share, term_weeks[term]) if share else []):
            start_of[sections[done + k].doc] = offset + s
        offset += term_weeks[term]
        done += share

    n = len(slots)
    starting: list[list[str]] = [[] for _ in slots]
    running: list[list[str]] = [[] for _ in slots]
    exercises: list[list[str]] = [[] for _ in slots]
    readings: list[list[str]] = [[] for _ in slots]
    due: list[list[str]] = [[] for _ in slots]
    ends = [start_of[s.doc] for s in sections[1:]] + [n]
    for section, end in zip(sections, ends, strict=True):
        first = start_of[section.doc]
        starting[first].append(section.doc)
        for w in range(first + 1, end):
            running[w].append(section.doc)

    def place(items: tuple[str, ...], week: int, into: list[list[str]], seen: set[str]) -> None:
        for item in items:
            if item not in seen:
                seen.add(item)
                into[week].append(item)

    seen_ex: set[str] = set()
    seen_rd: set[str] = set()
    for section in sections:
        place(section.exercises, start_of[section.doc], exercises, seen_ex)
        place(section.readings, start_of[section.doc], readings, seen_rd)
    last = start_of[sections[-1].doc] if sections else n - 1
    place(material.chapter_exercises, last, exercises, seen_ex)
    place(material.chapter_readings, last, readings, seen_rd)
    count = len(material.assessments)
    for k, a in enumerate(material.assessments, start=1):
        due[(k * n + count - 1) // count - 1].append(a)

    return [
        Week(
            i + 1,
            term,
            tw,
            tuple(starting[i]),
            tuple(running[i]),
            tuple(readings[i]),
            tuple(exercises[i]),
            tuple(due[i]),
        )
        for i, (term, tw) in enumerate(slots)
    ]


def _page_text(path: Path) -> str:
    """The prose of a page: a Markdown file as it is, a notebook's Markdown cells joined."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(
            "cells", path.name, "parse", reason=f"not a notebook: {exc}", file=path
        ) from None
    return "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    )


def _exercises(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(EXERCISE_LINK.findall(text)))


def _citations(text: str) -> tuple[str, ...]:
    """Cited bibliography keys in order, without the page's ``:keyprefix:`` if it has one."""
    prefixes = KEYPREFIX.findall(text)
    keys = []
    for group in CITE.findall(text):
        for key in (k.strip() for k in group.split(",")):
            for p in prefixes:
                if key.startswith(p):
                    key = key[len(p) :]
                    break
            keys.append(key)
    return tuple(dict.fromkeys(keys))


def read_material(root: Path, course_id: str) -> Material:
    """A course's sections (``book/<id>/NN-*``), their exercise links and citations, the
    exercises and citations of its landing page, and its assignments
    (``autograders/source/<id>-*``), read from the book rooted at ``root``."""
    folder = root / "book" / course_id
    pages = (
        sorted(f for f in folder.iterdir() if f.suffix in PAGE_SUFFIXES and SECTION.match(f.stem))
        if folder.is_dir()
        else []
    )
    sections = []
    for f in pages:
        text = _page_text(f)
        doc = f.with_suffix("").relative_to(root).as_posix()
        sections.append(Section(doc, _exercises(text), _citations(text)))
    index = folder / "index.md"
    text = index.read_text(encoding="utf-8") if index.is_file() else ""
    source = root / "autograders" / "source"
    assessments = (
        tuple(sorted(d.name for d in source.glob(f"{course_id}-*") if d.is_dir()))
        if source.is_dir()
        else ()
    )
    return Material(tuple(sections), assessments, _exercises(text), _citations(text))


def assessment_title(root: Path, assignment: str) -> str:
    """An assignment's title: the first heading of its source notebook (only the heading is read,
    never a solution), or its id if it has none."""
    for nb in sorted((root / "autograders" / "source" / assignment).glob("*.ipynb")):
        for line in _page_text(nb).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return assignment


__all__ = [
    "PLAN",
    "TERM_WEEKS",
    "Material",
    "Section",
    "Week",
    "assessment_title",
    "build",
    "course_terms",
    "read_material",
    "split",
    "starts",
]
