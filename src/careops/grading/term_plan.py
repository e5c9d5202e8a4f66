"""A term's assignment set, checked against the curriculum: enough work per course, every
objective assessed, no two assignments of a course assessing the same objectives, and one
capstone assignment per milestone.

The rules are the program's (issue #14): at least two assignments per course, three for a
course of four credits or more, and one per capstone milestone of ``seminar/capstone.yml``
(named in the notebook's metadata, ``metadata.careops.milestone``). ``careops grade plan``
prints the set and its problems; the test suite runs the same check on the real course.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import nbformat

from careops.curriculum import Catalog
from careops.grading import objectives, variants
from careops.grading.course import source_assignments

MIN_ASSIGNMENTS = 2
MIN_ASSIGNMENTS_LARGE = 3
LARGE_COURSE_CREDITS = 4
CAPSTONE = "capstone"
MILESTONE_FIELD = "metadata.careops.milestone"


@dataclass(frozen=True)
class PlannedAssignment:
    """One assignment of the term: its course, what it assesses and how it is drawn."""

    name: str
    course: str
    objectives: frozenset[str]
    milestone: str | None
    has_variants: bool
    autograded_points: float
    written_points: float


def course_of(name: str, catalog: Catalog) -> str | None:
    """The curriculum course an assignment belongs to, from its name (``<course id>-<n>``)."""
    base = name.rsplit("-", 1)[0]
    return base if base in {c.id for c in catalog.courses} else None


def _points(folder: Path) -> tuple[float, float, str | None]:
    """Autograded points, written points and the capstone milestone of one source folder."""
    auto = written = 0.0
    milestone = None
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        milestone = milestone or (nb.metadata.get("careops") or {}).get("milestone")
        for cell in nb.cells:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if not grading.get("grade"):
                continue
            points = float(grading.get("points", 0))
            if cell.cell_type == "code" and not grading.get("solution"):
                auto += points
            else:
                written += points
    return auto, written, milestone


def read_set(course_dir: str | Path, catalog: Catalog) -> list[PlannedAssignment]:
    """Every assignment under ``source/`` with its course, objectives and milestone."""
    found = []
    for name in source_assignments(course_dir):
        folder = Path(course_dir) / "source" / name
        cells = objectives.collect(folder, catalog)
        auto, written, milestone = _points(folder)
        found.append(
            PlannedAssignment(
                name=name,
                course=course_of(name, catalog) or "",
                objectives=frozenset(i for ids in cells.values() for i in ids),
                milestone=milestone,
                has_variants=variants.has_declaration(folder),
                autograded_points=auto,
                written_points=written,
            )
        )
    return found


def problems(
    assignments: list[PlannedAssignment], catalog: Catalog, milestones: list[str]
) -> list[str]:
    """Everything that keeps this set from being a term's worth of assessment, one line each."""
    found: list[str] = []
    by_course: dict[str, list[PlannedAssignment]] = defaultdict(list)
    for a in assignments:
        if not a.course:
            found.append(f"{a.name}: the name does not start with a course id of the curriculum")
            continue
        by_course[a.course].append(a)
        if a.autograded_points and not a.has_variants:
            found.append(
                f"{a.name}: autograded questions but no variants.yml (every student gets the "
                "same numbers)"
            )
    for course in catalog.courses:
        mine = by_course.get(course.id, [])
        need = MIN_ASSIGNMENTS_LARGE if course.credits >= LARGE_COURSE_CREDITS else MIN_ASSIGNMENTS
        if course.id == CAPSTONE:
            need = max(need, len(milestones))
        if len(mine) < need:
            found.append(
                f"{course.id}: {len(mine)} assignment(s), a {course.credits}-credit course "
                f"needs at least {need}"
            )
        wanted = {o.id for o in catalog.objectives() if o.course_id == course.id}
        covered = set().union(*(a.objectives for a in mine)) if mine else set()
        for missing in sorted(wanted - covered):
            found.append(f"{course.id}: no assignment assesses objective {missing}")
        if len(wanted) > 1:
            seen: dict[frozenset[str], str] = {}
            for a in mine:
                if a.objectives in seen:
                    found.append(
                        f"{a.name}: assesses the same objectives as {seen[a.objectives]} "
                        f"({', '.join(sorted(a.objectives))})"
                    )
                seen.setdefault(a.objectives, a.name)
    capstone = by_course.get(CAPSTONE, [])
    for milestone in milestones:
        claimed = [a.name for a in capstone if a.milestone == milestone]
        if len(claimed) != 1:
            which = f": {', '.join(claimed)}" if claimed else ""
            found.append(
                f"capstone milestone {milestone}: {len(claimed)} assignments name it in "
                f"{MILESTONE_FIELD} (want exactly one{which})"
            )
    for a in capstone:
        if a.milestone not in milestones:
            found.append(
                f"{a.name}: {MILESTONE_FIELD} is {a.milestone!r}, not a milestone of capstone.yml"
            )
    return found


__all__ = [
    "MILESTONE_FIELD",
    "PlannedAssignment",
    "course_of",
    "problems",
    "read_set",
]
