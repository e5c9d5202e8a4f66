"""A term's worth of assessment: the course's assignment set against the curriculum (issue #14,
item 3), and the check that finds what a set is missing."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path

import nbformat
import pytest

from careops import curriculum
from careops.cli import main
from careops.grading import term_plan
from careops.grading.course import REPO_COURSE, write_course_config
from careops.grading.samples import TINY_NOTEBOOK, tiny_source
from careops.grading.term_plan import PlannedAssignment
from careops.seminar.program import load_program

CATALOG = curriculum.load()
MILESTONES = [m.id for m in load_program(REPO_COURSE.parent / "seminar").milestones]


def _complete_set() -> list[PlannedAssignment]:
    """A set that meets every rule: each course's objectives spread over enough assignments."""
    found = []
    for course in CATALOG.courses:
        ids = [o.id for o in CATALOG.objectives() if o.course_id == course.id]
        count = 3 if course.credits >= 4 else 2
        if course.id == "capstone":
            count = len(MILESTONES)
        for n in range(count):
            # the first assesses every objective, each later one a different proper subset
            subsets = [frozenset(c) for r in range(1, len(ids)) for c in combinations(ids, r)]
            assessed = subsets[n - 1] if n and subsets else frozenset(ids)
            found.append(
                PlannedAssignment(
                    name=f"{course.id}-{n + 1}",
                    course=course.id,
                    objectives=assessed,
                    milestone=MILESTONES[n] if course.id == "capstone" else None,
                    has_variants=True,
                    autograded_points=4,
                    written_points=4,
                )
            )
    return found


def _without(found: list[PlannedAssignment], name: str) -> list[PlannedAssignment]:
    return [a for a in found if a.name != name]


def _changed(found: list[PlannedAssignment], name: str, **changes) -> list[PlannedAssignment]:
    return [replace(a, **changes) if a.name == name else a for a in found]


def test_a_complete_set_has_no_problem() -> None:
    assert term_plan.problems(_complete_set(), CATALOG, MILESTONES) == []


def test_a_four_credit_course_with_two_assignments_is_short() -> None:
    found = _without(_complete_set(), "finance-3")
    assert term_plan.problems(found, CATALOG, MILESTONES) == [
        "finance: 2 assignment(s), a 4-credit course needs at least 3"
    ]


def test_a_two_credit_course_needs_two_assignments() -> None:
    found = _without(_complete_set(), "seminar-2")
    assert "seminar: 1 assignment(s), a 2-credit course needs at least 2" in term_plan.problems(
        found, CATALOG, MILESTONES
    )


def test_an_objective_no_assignment_assesses_is_named() -> None:
    ops = [o.id for o in CATALOG.objectives() if o.course_id == "operations"]
    found = _changed(_complete_set(), "operations-1", objectives=frozenset(ops[:2]))
    found = _changed(found, "operations-2", objectives=frozenset(ops[1:2]))
    found = _changed(found, "operations-3", objectives=frozenset(ops[2:3]))
    assert term_plan.problems(found, CATALOG, MILESTONES) == [
        f"operations: no assignment assesses objective {ops[3]}",
    ]


def test_two_assignments_of_a_course_assessing_the_same_objectives_are_named() -> None:
    (finance_2,) = (a for a in _complete_set() if a.name == "finance-2")
    found = _changed(_complete_set(), "finance-3", objectives=finance_2.objectives)
    assert term_plan.problems(found, CATALOG, MILESTONES) == [
        "finance-3: assesses the same objectives as finance-2 "
        f"({', '.join(sorted(finance_2.objectives))})"
    ]


def test_a_course_with_one_course_level_id_may_repeat_it() -> None:
    # Leadership has no objective in the seed: every assignment names leadership.course
    found = _complete_set()
    assert {a.objectives for a in found if a.course == "leadership"} == {
        frozenset({"leadership.course"})
    }
    assert term_plan.problems(found, CATALOG, MILESTONES) == []


def test_a_milestone_without_its_assignment_is_named() -> None:
    found = _changed(_complete_set(), "capstone-2", milestone=MILESTONES[0])
    problems = term_plan.problems(found, CATALOG, MILESTONES)
    assert problems == [
        f"capstone milestone {MILESTONES[0]}: 2 assignments name it in "
        "metadata.careops.milestone (want exactly one: capstone-1, capstone-2)",
        f"capstone milestone {MILESTONES[1]}: 0 assignments name it in "
        "metadata.careops.milestone (want exactly one)",
    ]


def test_a_capstone_assignment_naming_an_unknown_milestone_is_named() -> None:
    found = _changed(_complete_set(), "capstone-7", milestone="final-party")
    assert (
        "capstone-7: metadata.careops.milestone is 'final-party', not a milestone of capstone.yml"
        in term_plan.problems(found, CATALOG, MILESTONES)
    )


def test_autograded_questions_without_variants_are_named() -> None:
    found = _changed(_complete_set(), "technology-2", has_variants=False)
    assert term_plan.problems(found, CATALOG, MILESTONES) == [
        "technology-2: autograded questions but no variants.yml (every student gets the same "
        "numbers)"
    ]


def test_a_written_only_assignment_needs_no_variants() -> None:
    found = _changed(_complete_set(), "seminar-2", has_variants=False, autograded_points=0)
    assert term_plan.problems(found, CATALOG, MILESTONES) == []


def test_an_assignment_whose_name_is_no_course_is_named() -> None:
    found = [*_complete_set(), replace(_complete_set()[0], name="ops-9", course="")]
    assert term_plan.problems(found, CATALOG, MILESTONES) == [
        "ops-9: the name does not start with a course id of the curriculum"
    ]


def _scratch(root: Path, name: str, milestone: str | None) -> Path:
    write_course_config(root, course_id="careops-plan")
    nb = tiny_source()
    if milestone:
        nb.metadata.setdefault("careops", {})["milestone"] = milestone
    (root / "source" / name).mkdir(parents=True)
    nbformat.write(nb, root / "source" / name / f"{TINY_NOTEBOOK}.ipynb")
    return root


def test_read_set_reads_course_objectives_points_and_milestone(tmp_path: Path) -> None:
    (planned,) = term_plan.read_set(_scratch(tmp_path, "capstone-9", "current-state"), CATALOG)
    assert planned.name == "capstone-9"
    assert planned.course == "capstone"
    assert planned.milestone == "current-state"
    assert planned.objectives  # the tiny sample's grade cells name objectives
    assert planned.autograded_points > 0
    assert planned.written_points > 0
    assert planned.has_variants is False


def test_the_course_is_a_terms_worth_of_assessment() -> None:
    planned = term_plan.read_set(REPO_COURSE, CATALOG)
    assert len(planned) >= 30
    assert term_plan.problems(planned, CATALOG, MILESTONES) == []


def test_careops_grade_plan_passes_on_the_course(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--course-dir", str(REPO_COURSE), "plan"]) == 0
    out = capsys.readouterr().out
    assert "every course and milestone covered" in out
    assert "operations (4 cr): " in out


def test_careops_grade_plan_lists_what_a_thin_course_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _scratch(tmp_path / "c", "finance-1", None)
    seminar = REPO_COURSE.parent / "seminar"
    assert main(["grade", "--course-dir", str(course), "plan", "--seminar", str(seminar)]) == 1
    out = capsys.readouterr().out
    assert "finance: 1 assignment(s), a 4-credit course needs at least 3" in out
    assert "operations: 0 assignment(s), a 4-credit course needs at least 3" in out
