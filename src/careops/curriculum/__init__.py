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

from careops.datafile import Problems, did_you_mean
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


COURSE_LEVEL = "course"  # objective id suffix of a course the seed gives no objectives


@dataclass(frozen=True)
class Objective:
    """One learning objective with its stable id, ``<course id>.<number>``.

    The number is the objective's 1-based place in the course summary (the numbers the
    chapters' objective maps use). A course the seed documents list with no objectives gets
    one course-level id, ``<course id>.course``, with ``in_seed`` False and no number, so
    graded work can still say which course it assesses without inventing seed text.
    """

    id: str
    course_id: str
    number: int | None
    text: str
    in_seed: bool = True


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
            return (
                f"{plan.title}: {course.title} ({self.catalog_credits} cr in the catalog) "
                "is not in the plan."
            )
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

    def objectives(self) -> tuple[Objective, ...]:
        """Every objective of the program, course by course in catalog order."""
        found = []
        for c in self.courses:
            if not c.objectives:
                text = f"{c.title}: the seed documents give this course no learning objective"
                found.append(Objective(f"{c.id}.{COURSE_LEVEL}", c.id, None, text, False))
            for number, text in enumerate(c.objectives, start=1):
                found.append(Objective(f"{c.id}.{number}", c.id, number, text))
        return tuple(found)

    def objective_ids(self) -> list[str]:
        """The ids graded work may name (``operations.2``, ``leadership.course``, ...)."""
        return [o.id for o in self.objectives()]

    def objective(self, objective_id: str) -> Objective:
        """The objective with this id; KeyError naming the id (and the closest one) if none."""
        for o in self.objectives():
            if o.id == objective_id:
                return o
        hint = did_you_mean(objective_id, self.objective_ids())
        raise KeyError(
            f"no objective with id {objective_id!r}"
            + (f" (did you mean {hint!r}?)" if hint else "")
            + "; ids are <course id>.<number in the course summary>"
        )

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
                "courses[*].credits",
                self.catalog_credits,
                "total",
                total=self.total_credits,
                file=self.source,
                message=f"courses[*].credits add up to {self.catalog_credits}, "
                f"but program.total_credits is {self.total_credits}",
            )


def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _resolve(problems: Problems, catalog: Catalog, entry: Any, where: str) -> str | None:
    """The course id a plan entry's printed name resolves to; a problem if it matches none."""
    printed = problems.required(entry, "course", str, where)
    if printed is None:
        return None
    try:
        return catalog.resolve(printed)
    except KeyError as exc:
        names = [n for c in catalog.courses for n in (c.title, *c.aliases)]
        problems.add(
            f"{where}.course",
            printed,
            "known",
            suggestion="",
            line=line_of(entry, "course"),
            hint=did_you_mean(printed, names),
            message=f"{where}.course: {exc.args[0]}",
        )
        return None


def load(path: str | Path | None = None) -> Catalog:
    """Load and validate the curriculum file (the packaged one unless a path is given).

    Every problem is collected (see :mod:`careops.datafile`) and reported in ONE
    CurriculumError, one line each, so a maintainer fixes them all in one pass."""
    source = Path(path) if path is not None else DATA_FILE
    try:
        raw = load_yaml(source)
    except InputError as exc:
        raise CurriculumError(
            exc.field,
            exc.value,
            exc.rule,
            file=source,
            line=exc.line,
            message=f"not valid YAML ({exc.limits.get('reason')})",
            **exc.limits,
        ) from None
    if not isinstance(raw, dict):
        raise CurriculumError(
            "the file",
            type(raw).__name__,
            "type",
            expected="a mapping",
            file=source,
            message=f"expected a mapping at the top level, got {type(raw).__name__}",
        )
    problems = Problems(source)
    program = problems.required(raw, "program", dict) or {}
    courses = []
    seen: set[str] = set()
    for i, c in enumerate(problems.required(raw, "courses", list) or []):
        where = f"courses[{i}]"
        cid = problems.required(c, "id", str, where)
        if cid in seen:
            problems.add(
                f"{where}.id",
                cid,
                "unique",
                line=line_of(c, "id"),
                message=f"{where}.id {cid!r} is used twice",
            )
        seen.add(cid)
        title = problems.required(c, "title", str, where)
        credits = problems.required(c, "credits", int, where, positive=True)
        if cid is None or title is None:
            continue  # bad credits still leave the course for plans to name (no knock-on problem)
        courses.append(
            Course(
                id=cid,
                title=title,
                short_title=c.get("short_title") or title,
                credits=credits or 0,
                description=c.get("description") or "",
                objectives=tuple(c.get("objectives") or ()),
                objectives_lead=c.get("objectives_lead"),
                aliases=tuple(c.get("aliases") or ()),
                order=i + 1,
            )
        )
    terms = {
        t["id"]: t
        for i, t in enumerate(problems.required(raw, "terms", list) or [])
        if problems.required(t, "id", str, f"terms[{i}]") is not None
    }

    partial = Catalog(
        program_title=problems.required(program, "title", str, "program"),
        total_credits=problems.required(program, "total_credits", int, "program", positive=True),
        terms=terms,
        courses=tuple(courses),
        plans={},
        source=source,
    )
    plans: dict[str, Plan] = {}
    for i, p in enumerate(problems.required(raw, "plans", list) or []):
        where = f"plans[{i}]"
        entries = []
        for j, e in enumerate(problems.required(p, "entries", list, where) or []):
            ewhere = f"{where}.entries[{j}]"
            term = problems.choice(
                e, "term", terms, ewhere, message="{field} {value!r} is not one of {choices}"
            )
            cid = _resolve(problems, partial, e, ewhere)
            credits = problems.required(e, "credits", int, ewhere, positive=True)
            if None not in (term, cid, credits):
                entries.append(PlanEntry(term, e["course"], cid, credits))
        pid = problems.required(p, "id", str, where)
        title = problems.required(p, "title", str, where)
        if pid is not None and title is not None:
            plans[pid] = Plan(pid, title, tuple(entries))
    complete = {pid for pid in plans if not pid.startswith("part-time-year")}
    for i, cp in enumerate(problems.optional(raw, "combined_plans", list, default=[])):
        where = f"combined_plans[{i}]"
        parts = problems.required(cp, "plans", list, where) or []
        missing = [p for p in parts if p not in plans]
        if missing:
            problems.add(
                f"{where}.plans",
                missing,
                "known",
                suggestion="",
                line=line_of(cp, "plans"),
                hint=did_you_mean(missing[0], plans),
                message=f"{where}.plans names unknown plans {missing}",
            )
        pid = problems.required(cp, "id", str, where)
        title = problems.required(cp, "title", str, where)
        if pid is not None and title is not None and not missing:
            plans[pid] = Plan(pid, title, tuple(e for p in parts for e in plans[p].entries))
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
    if not problems:  # credits can only be added up once every course has read cleanly
        try:
            catalog.validate()
        except CurriculumError as exc:
            problems.add_error(exc)
    problems.raise_if_any(CurriculumError)
    return catalog


__all__ = [
    "COURSE_LEVEL",
    "Catalog",
    "Course",
    "CurriculumError",
    "Discrepancy",
    "Objective",
    "Plan",
    "PlanEntry",
    "load",
]
