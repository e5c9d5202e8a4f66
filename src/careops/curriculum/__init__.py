"""The program's core curriculum as data: courses, credits, objectives and term plans.

Everything the book says about the program (overview tables, chapter landing pages,
credit reports) is generated from ``curriculum.yml`` through this module, so the
published plans and the catalog are compared rather than retyped. Where the seed
documents contradict themselves, :meth:`Catalog.discrepancies` reports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careops.errors import InputError
from careops.yamlfile import line_of, load_yaml

DATA_FILE = Path(__file__).with_name("curriculum.yml")
TERM_ORDER = ("fall", "january", "spring")


class CurriculumError(InputError):
    """The curriculum file is malformed: ``file``, ``line``, ``field`` and ``value`` say where."""


@dataclass(frozen=True)
class Course:
    """One course of the core curriculum, as the catalog gives it."""

    id: str
    title: str
    short_title: str
    credits: int
    description: str
    objectives: tuple[str, ...]
    objectives_lead: str | None = None
    aliases: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class PlanEntry:
    """One line of a published term plan: a course name as printed, its term and credits."""

    term: str
    printed_name: str
    course_id: str
    credits: int


@dataclass(frozen=True)
class Plan:
    """A published (or combined) term plan."""

    id: str
    title: str
    entries: tuple[PlanEntry, ...]

    @property
    def total_credits(self) -> int:
        return sum(e.credits for e in self.entries)

    def credits_by_course(self) -> dict[str, int]:
        """Credits each course earns in this plan, summed over terms."""
        totals: dict[str, int] = defaultdict(int)
        for e in self.entries:
            totals[e.course_id] += e.credits
        return dict(totals)

    def by_term(self) -> dict[str, list[PlanEntry]]:
        """Entries grouped by term, in academic-year order."""
        groups: dict[str, list[PlanEntry]] = {t: [] for t in TERM_ORDER}
        for e in self.entries:
            groups[e.term].append(e)
        return {t: es for t, es in groups.items() if es}


@dataclass(frozen=True)
class Discrepancy:
    """A course whose credits in a plan differ from the catalog (or that a full plan lacks)."""

    plan_id: str
    course_id: str
    catalog_credits: int
    plan_credits: int

    def describe(self, catalog: Catalog) -> str:
        course = catalog.course(self.course_id)
        plan = catalog.plan(self.plan_id)
        if self.plan_credits == 0:
            return f"{plan.title}: {course.title} ({self.catalog_credits} cr in the catalog) is not in the plan."
        return (
            f"{plan.title}: {course.title} earns {self.plan_credits} cr in the plan, "
            f"{self.catalog_credits} cr in the catalog."
        )


@dataclass(frozen=True)
class Catalog:
    """The course catalog and the term plans, loaded from one data file."""

    program_title: str
    total_credits: int
    terms: dict[str, dict[str, str]]
    courses: tuple[Course, ...]
    plans: dict[str, Plan]
    complete_plans: frozenset[str] = field(default_factory=frozenset)
    source: Path = DATA_FILE

    # lookups -----------------------------------------------------------------
    def course(self, course_id: str) -> Course:
        for c in self.courses:
            if c.id == course_id:
                return c
        raise KeyError(f"no course with id {course_id!r}; ids are {[c.id for c in self.courses]}")

    def plan(self, plan_id: str) -> Plan:
        try:
            return self.plans[plan_id]
        except KeyError:
            raise KeyError(f"no plan {plan_id!r}; plans are {sorted(self.plans)}") from None

    def resolve(self, name: str) -> str:
        """Map any printed variant of a course name to its course id."""
        key = _normalise(name)
        for c in self.courses:
            if key in {_normalise(n) for n in (c.title, c.id, *c.aliases)}:
                return c.id
        raise KeyError(f"course name {name!r} matches no course title or alias")

    # reports -----------------------------------------------------------------
    @property
    def catalog_credits(self) -> int:
        return sum(c.credits for c in self.courses)

    def plan_totals(self) -> dict[str, int]:
        """Total credits of each plan: full-time, each part-time year, and part-time overall."""
        return {pid: p.total_credits for pid, p in self.plans.items()}

    def discrepancies(self) -> list[Discrepancy]:
        """Courses whose plan credits differ from the catalog.

        A single part-time year holds only some courses, so a course missing from it is
        not a discrepancy; a course it does hold must earn its catalog credits. A complete
        plan (full-time, part-time overall) must hold every course.
        """
        found = []
        for pid, plan in self.plans.items():
            earned = plan.credits_by_course()
            for c in self.courses:
                got = earned.get(c.id, 0)
                if got == c.credits or (got == 0 and pid not in self.complete_plans):
                    continue
                found.append(Discrepancy(pid, c.id, c.credits, got))
        return found

    def validate(self) -> None:
        """Raise CurriculumError if the catalog's credits do not add up to the program total."""
        if self.catalog_credits != self.total_credits:
            raise CurriculumError(
                "courses[*].credits", self.catalog_credits, "total", total=self.total_credits,
                file=self.source,
                message=f"courses[*].credits add up to {self.catalog_credits}, "
                        f"but program.total_credits is {self.total_credits}",
            )


def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _require(entry: dict[str, Any], key: str, where: str, kind: type, source: Path) -> Any:
    field, line = f"{where}.{key}", line_of(entry, key)
    if not isinstance(entry, dict) or key not in entry:
        raise CurriculumError(field, None, "required", file=source, line=line,
                              message=f"{where} has no field {key!r}")
    value = entry[key]
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise CurriculumError(field, value, "whole", file=source, line=line,
                              message=f"{field} must be a whole number, got {value!r}")
    if kind is int and value <= 0:
        raise CurriculumError(field, value, "positive", file=source, line=line,
                              message=f"{field} must be positive, got {value!r}")
    if kind is not int and not isinstance(value, kind):
        raise CurriculumError(field, value, "type", expected=kind.__name__, file=source,
                              line=line)
    return value


def load(path: str | Path | None = None) -> Catalog:
    """Load and validate the curriculum file (the packaged one unless a path is given)."""
    source = Path(path) if path is not None else DATA_FILE
    try:
        raw = load_yaml(source)
    except InputError as exc:
        raise CurriculumError(exc.field, exc.value, exc.rule, file=source, line=exc.line,
                              message=f"not valid YAML ({exc.limits.get('reason')})",
                              **exc.limits) from None
    if not isinstance(raw, dict):
        raise CurriculumError("the file", type(raw).__name__, "type", expected="a mapping",
                              file=source, message="expected a mapping at the top level, "
                                                   f"got {type(raw).__name__}")

    program = _require(raw, "program", "the file", dict, source)
    courses = []
    seen: set[str] = set()
    for i, c in enumerate(_require(raw, "courses", "the file", list, source)):
        where = f"courses[{i}]"
        cid = _require(c, "id", where, str, source)
        if cid in seen:
            raise CurriculumError(f"{where}.id", cid, "unique", file=source, line=line_of(c, "id"),
                                  message=f"{where}.id {cid!r} is used twice")
        seen.add(cid)
        courses.append(
            Course(
                id=cid,
                title=_require(c, "title", where, str, source),
                short_title=c.get("short_title") or c["title"],
                credits=_require(c, "credits", where, int, source),
                description=c.get("description") or "",
                objectives=tuple(c.get("objectives") or ()),
                objectives_lead=c.get("objectives_lead"),
                aliases=tuple(c.get("aliases") or ()),
                order=i + 1,
            )
        )
    terms = {t["id"]: t for t in _require(raw, "terms", "the file", list, source)}

    partial = Catalog(
        program_title=_require(program, "title", "program", str, source),
        total_credits=_require(program, "total_credits", "program", int, source),
        terms=terms,
        courses=tuple(courses),
        plans={},
        source=source,
    )
    plans: dict[str, Plan] = {}
    for i, p in enumerate(_require(raw, "plans", "the file", list, source)):
        where = f"plans[{i}]"
        entries = []
        for j, e in enumerate(_require(p, "entries", where, list, source)):
            ewhere = f"{where}.entries[{j}]"
            term = _require(e, "term", ewhere, str, source)
            if term not in terms:
                raise CurriculumError(f"{ewhere}.term", term, "choice", choices=sorted(terms),
                                      file=source, line=line_of(e, "term"),
                                      message=f"{ewhere}.term {term!r} is not one of "
                                              f"{sorted(terms)}")
            printed = _require(e, "course", ewhere, str, source)
            try:
                cid = partial.resolve(printed)
            except KeyError as exc:
                raise CurriculumError(f"{ewhere}.course", printed, "known", suggestion="",
                                      file=source, line=line_of(e, "course"),
                                      message=f"{ewhere}.course: {exc.args[0]}") from None
            entries.append(PlanEntry(term, printed, cid, _require(e, "credits", ewhere, int, source)))
        pid = _require(p, "id", where, str, source)
        plans[pid] = Plan(pid, _require(p, "title", where, str, source), tuple(entries))
    complete = {pid for pid in plans if not pid.startswith("part-time-year")}
    for i, cp in enumerate(raw.get("combined_plans") or []):
        where = f"combined_plans[{i}]"
        parts = _require(cp, "plans", where, list, source)
        missing = [p for p in parts if p not in plans]
        if missing:
            raise CurriculumError(f"{where}.plans", missing, "known", suggestion="", file=source,
                                  line=line_of(cp, "plans"),
                                  message=f"{where}.plans names unknown plans {missing}")
        entries = tuple(e for p in parts for e in plans[p].entries)
        pid = _require(cp, "id", where, str, source)
        plans[pid] = Plan(pid, _require(cp, "title", where, str, source), entries)
        complete.add(pid)

    catalog = Catalog(
        program_title=partial.program_title,
        total_credits=partial.total_credits,
        terms=terms,
        courses=partial.courses,
        plans=plans,
        complete_plans=frozenset(complete),
        source=source,
    )
    catalog.validate()
    return catalog


__all__ = ["Catalog", "Course", "CurriculumError", "Discrepancy", "Plan", "PlanEntry", "load"]
