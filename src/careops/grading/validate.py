"""Validate assignments: structure, a real nbgrader round (solution and blank), clean release.

For each assignment, in a throwaway course that uses the course's own configuration:
- objectives: every grade cell names a curriculum objective (:mod:`careops.grading.objectives`;
  a missing or unknown one is an InputError before anything is graded);
- static: grade ids unique, every test cell worth points and written with careops checks,
  points add up to the total stated in the notebook (metadata and heading), at least one
  written (manually graded) part, hidden tests present where there are autograded tests;
- nbgrader: generate_assignment; the source (with solutions) submitted as a student scores
  full marks on every autograded test; the released notebook scores zero on every one, with
  the kernel surviving to the end (no crash, no timeout);
- release: no solution, model answer, hidden test or delimiter survives in release/.

The region delimiters are the course's (its nbgrader config, :mod:`careops.grading.delimiters`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from careops.errors import InputError
from careops.grading import objectives, variants
from careops.grading.autograde import ParallelAutograder, make_executor
from careops.grading.course import (
    CONFIG_NAME,
    find_course_dir,
    load_config,
    source_assignments,
    write_course_config,
)
from careops.grading.delimiters import DEFAULT, Delimiters
from careops.grading.execute import STOPPED_ENAME
from careops.grading.feedback import hidden_lines, region_lines

SOLUTION_STUDENT = "solution-check"
BLANK_STUDENT = "blank-check"


@dataclass
class AssignmentReport:
    """Validation outcome of one assignment."""

    name: str
    problems: list[str] = field(default_factory=list)
    total_points: float = 0.0
    autograded_points: float = 0.0
    written_points: float = 0.0

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def __str__(self) -> str:
        head = (
            f"{self.name}: {'ok' if self.ok else 'FAILED'} ({self.total_points:g} points: "
            f"{self.autograded_points:g} autograded, {self.written_points:g} written)"
        )
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _solution_lines(source: str, delimiters: Delimiters = DEFAULT) -> list[str]:
    """Distinctive lines of solution and mark-scheme regions (what students must not see)."""
    found = []
    for begin, end in (delimiters.solution, delimiters.mark_scheme):
        lines, inner = region_lines(source, begin, end)
        for number in inner:
            line = lines[number - 1].strip()
            if len(line) >= 6 and not line.startswith("#") and not delimiters.is_marker(line):
                found.append(line)
    return found


def _without_regions(source: str, delimiters: Delimiters) -> str:
    """A cell's source less every solution, hidden-test and mark-scheme region."""
    lines, drop = source.splitlines(), set()
    for begin, end in (delimiters.solution, delimiters.hidden, delimiters.mark_scheme):
        drop.update(region_lines(source, begin, end)[1])
    return "\n".join(line for number, line in enumerate(lines, start=1) if number not in drop)


def _misplaced_regions(name: str, cell: nbformat.NotebookNode, delimiters: Delimiters) -> list[str]:
    """Solution or hidden-test regions in cells nbgrader cannot track them in."""
    meta, problems = _nbgrader(cell), []
    grade_id = meta.get("grade_id") or "(no grade id)"
    if delimiters.begin_solution in cell.source and not meta.get("solution"):
        off = (
            ""
            if delimiters.enforce_solution_metadata
            else (" (ClearSolutions.enforce_metadata is off, so nbgrader would not say so)")
        )
        problems.append(
            f"{name}: cell {grade_id} has a {delimiters.begin_solution!r} region but "
            f"is not a solution cell{off}"
        )
    if delimiters.begin_hidden in cell.source and not (
        meta.get("grade") and cell.cell_type == "code"
    ):
        off = (
            ""
            if delimiters.enforce_hidden_metadata
            else (
                " (ClearHiddenTests.enforce_metadata is off: nbgrader would release it without the "
                "tests and never run them)"
            )
        )
        problems.append(
            f"{name}: cell {grade_id} has a {delimiters.begin_hidden!r} region but "
            f"is not an autograder-test cell{off}"
        )
    return problems


def answer_key_problems(source_dir: Path) -> list[str]:
    """Numbers and rankings in the model answers and rubrics that the data do not support.

    Only for assignments whose facts ``careops.grading.answers`` computes (every assignment of
    the course: a test holds that); a course of the instructor's own is not held to it.
    """
    from careops.grading import answers  # loads the datasets: only when validating

    if source_dir.name not in answers.assignments():
        return []
    return answers.check_assignment(source_dir)


def static_check(
    source_dir: Path, report: AssignmentReport, delimiters: Delimiters = DEFAULT
) -> None:
    """Structural checks on an assignment's source notebooks (regions marked by delimiters)."""
    notebooks = sorted(source_dir.glob("*.ipynb"))
    if not notebooks:
        report.problems.append(f"no notebooks in {source_dir}")
        return
    ids: Counter[str] = Counter()
    has_hidden = has_tests = has_written = False
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        points = 0.0
        for cell in nb.cells:
            report.problems += _misplaced_regions(path.name, cell, delimiters)
            meta = _nbgrader(cell)
            if not meta:
                continue
            ids[meta.get("grade_id", "")] += 1
            if not meta.get("grade"):
                continue
            value = float(meta.get("points", 0) or 0)
            points += value
            if value <= 0:
                report.problems.append(
                    f"{path.name}: grade cell {meta.get('grade_id')} has no points"
                )
            if cell.cell_type == "code":
                has_tests = True
                report.autograded_points += value
                has_hidden = has_hidden or delimiters.begin_hidden in cell.source
                if "check_" not in cell.source:
                    report.problems.append(
                        f"{path.name}: test cell {meta.get('grade_id')} does not use "
                        "careops.grading.checks (plain == can be spoofed)"
                    )
            elif meta.get("solution"):
                has_written = True
                report.written_points += value
        stated = nb.metadata.get("careops", {}).get("total_points")
        if stated is None:
            report.problems.append(f"{path.name}: metadata careops.total_points is missing")
        elif abs(float(stated) - points) > 1e-9:
            report.problems.append(
                f"{path.name}: points add up to {points:g}, stated total is {stated:g}"
            )
        else:
            heading = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
            if f"{float(stated):g} points" not in heading:
                report.problems.append(
                    f"{path.name}: the first markdown cell does not state "
                    f"'Total: {float(stated):g} points'"
                )
        report.total_points += points
    duplicates = sorted(k for k, n in ids.items() if n > 1)
    if duplicates:
        report.problems.append(f"duplicate grade ids: {', '.join(duplicates)}")
    if "" in ids:
        report.problems.append("a cell has nbgrader metadata but no grade_id")
    if not has_written:
        report.problems.append("no manually graded written part")
    if has_tests and not has_hidden:
        report.problems.append("autograded tests but no hidden tests (hard-coding is not guarded)")


def release_leaks(
    source_dir: Path, release_dir: Path, delimiters: Delimiters = DEFAULT
) -> list[str]:
    """Solutions, model answers, hidden tests or delimiters found in the released notebooks."""
    leaks = []
    for path in sorted(source_dir.glob("*.ipynb")):
        released = release_dir / path.name
        if not released.is_file():
            leaks.append(f"{path.name} was not released")
            continue
        source = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nbformat.read(released, as_version=4).cells)
        visible = "\n".join(
            _without_regions(c.source, delimiters)
            for c in source.cells
            if not _nbgrader(c).get("solution")
        )
        secrets: list[str] = []
        for cell in source.cells:
            secrets += hidden_lines(cell.source, delimiters)
            secrets += _solution_lines(cell.source, delimiters)
        leaks += [
            f"{path.name}: delimiter {d!r} in release" for d in delimiters.markers if d in text
        ]
        leaks += [
            f"{path.name}: {line!r} in release"
            for line in dict.fromkeys(secrets)
            if line not in visible and line in text
        ]
    return leaks


def _write_submission(course: Path, student: str, assignment: str, source: Path) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.is_file():
            shutil.copy(item, folder / item.name)
    (folder / "timestamp.txt").write_text(str(datetime.now(UTC)), encoding="utf-8")


def check_students(
    source_dir: Path, count: int, report: AssignmentReport, blanks: int | None = None
) -> list[tuple[str, bool]]:
    """(student id, solution?) pairs to grade when the assignment has variants: ``count``
    solution students and ``blanks`` (default ``count``) blank-release students.

    The variants those solution students draw must all differ (a problem on the report if not).
    """
    if count < 1:
        raise InputError("--variants", count, "at_least", minimum=1)
    blanks = count if blanks is None else blanks
    if blanks < 1:
        raise InputError("blank_count", blanks, "at_least", minimum=1)
    if not variants.has_declaration(source_dir):
        return [(SOLUTION_STUDENT, True), (BLANK_STUDENT, False)]
    decl = variants.declaration(source_dir.name, source_dir)
    solutions = [f"{SOLUTION_STUDENT}-{i}" for i in range(1, count + 1)]
    report.problems += variants.differing([variants.draw(decl, s) for s in solutions])
    return [(s, True) for s in solutions] + [
        (f"{BLANK_STUDENT}-{i}", False) for i in range(1, blanks + 1)
    ]


def _check_scores(
    course: Path,
    assignment: str,
    report: AssignmentReport,
    students: list[tuple[str, bool]] | None = None,
) -> None:
    config = load_config(course)
    students = students or [(SOLUTION_STUDENT, True), (BLANK_STUDENT, False)]
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        for student, want_full in students:
            try:
                submission = gb.find_submission(assignment, student)
            except Exception:
                report.problems.append(f"{student}: no graded submission")
                continue
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell_type != "code":
                        continue
                    score = grade.auto_score
                    who = "" if len(students) <= 2 else f" as {student}"
                    if want_full and score != grade.max_score:
                        report.problems.append(
                            f"source version scores {score} of {grade.max_score} "
                            f"on {notebook.name}/{grade.name}{who}"
                        )
                    if not want_full and score != 0:
                        report.problems.append(
                            f"released version scores {score} on "
                            f"{notebook.name}/{grade.name}{who} (should fail)"
                        )
    blanks = [student for student, want_full in students if not want_full]
    for path in (
        p for b in blanks for p in (course / "autograded" / b / assignment).glob("*.ipynb")
    ):
        nb = nbformat.read(path, as_version=4)
        if any(o.get("ename") == STOPPED_ENAME for c in nb.cells for o in c.get("outputs", [])):
            report.problems.append(f"released {path.name} stopped the kernel (timeout or limit)")


def validate(
    names: list[str] | None = None,
    *,
    course_dir: str | os.PathLike[str] | None = None,
    workers: int = 2,
    keep: bool = False,
    variant_count: int = 5,
    blank_count: int | None = None,
) -> list[AssignmentReport]:
    """Validate the named assignments (all of source/ when names is None).

    An assignment with variants is graded as ``variant_count`` solution students and
    ``blank_count`` (default: as many) blank-release students.
    """
    from nbgrader.apps import NbGraderAPI

    course = find_course_dir(course_dir)
    available = source_assignments(course)
    names = available if names is None else names
    for name in names:
        if name not in available:
            raise InputError(
                "assignment",
                name,
                "exists",
                file=course / "source",
                message=f"assignment {name!r} is not in {course / 'source'} "
                f"(have: {', '.join(available) or 'none'})",
            )
    reports = [AssignmentReport(name) for name in names]
    # a grade cell with no objective, or an unknown one, stops here too (one error, every cell)
    objectives.check_assignments([course / "source" / r.name for r in reports])
    students = {  # a bad variants.yml stops here, before anything is graded
        r.name: check_students(course / "source" / r.name, variant_count, r, blank_count)
        for r in reports
    }
    scratch = Path(tempfile.mkdtemp(prefix="careops-validate-"))
    try:
        write_course_config(scratch, course_id="careops-validate", base=course / CONFIG_NAME)
        config = load_config(scratch)
        delimiters = Delimiters.from_config(config)
        api = NbGraderAPI(config=config)
        with make_executor(workers) as (executor, slots):
            for report in reports:
                static_check(course / "source" / report.name, report, delimiters)
                report.problems += answer_key_problems(course / "source" / report.name)
                shutil.copytree(course / "source" / report.name, scratch / "source" / report.name)
                result = api.generate_assignment(report.name, force=True, create=True)
                if not result.get("success"):
                    report.problems.append(
                        "generate_assignment failed: "
                        + (result.get("error") or result.get("log", ""))[-800:]
                    )
                    continue
                release = scratch / "release" / report.name
                report.problems += release_leaks(
                    scratch / "source" / report.name, release, delimiters
                )
                for student, solution in students[report.name]:
                    _write_submission(
                        scratch,
                        student,
                        report.name,
                        scratch / "source" / report.name if solution else release,
                    )
                summary = ParallelAutograder(scratch, report.name).run(
                    executor, slots=slots * 2, progress=False
                )
                report.problems += [
                    f"autograde of {k} failed: {v}" for k, v in summary.failed.items()
                ]
                _check_scores(scratch, report.name, report, students[report.name])
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return reports
