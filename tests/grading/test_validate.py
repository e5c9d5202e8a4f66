"""Every course assignment validates under nbgrader; broken assignments are caught."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from careops import curriculum
from careops.cli import main
from careops.grading import authoring as a
from careops.grading.course import REPO_COURSE, source_assignments, write_course_config
from careops.grading.validate import AssignmentReport, static_check, validate

from .conftest import shared_once

pytestmark = [
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

COURSE_ASSIGNMENTS = source_assignments(REPO_COURSE)
OBJECTIVE = "operations.2"  # what the broken assignments' grade cells assess


def test_every_course_of_the_curriculum_has_an_assignment() -> None:
    courses = {course.id for course in curriculum.load().courses}
    assert len(courses) == 12
    assert {f"{course}-1" for course in courses} <= set(COURSE_ASSIGNMENTS)


@pytest.mark.parametrize("name", COURSE_ASSIGNMENTS)
def test_course_assignment_structure_is_sound(name: str) -> None:
    report = AssignmentReport(name)
    static_check(REPO_COURSE / "source" / name, report)
    assert report.problems == []
    assert report.written_points > 0


# In the suite an assignment with variants is graded as two solution students (their variants
# must differ) and one blank-release student; its five-of-each check is
# `careops grade validate --all --variants 5`. One course's assignments are validated together,
# so the two xdist workers share the courses.
SUITE_VARIANTS = 2
SUITE_BLANKS = 1


def _course_of(name: str) -> str:
    return name.rsplit("-", 1)[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", COURSE_ASSIGNMENTS)
def test_course_assignment_solutions_pass_and_release_fails_under_nbgrader(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    same_course = [n for n in COURSE_ASSIGNMENTS if _course_of(n) == _course_of(name)]
    reports = shared_once(
        tmp_path_factory,
        f"grading-validate-{_course_of(name)}",
        lambda _: {
            r.name: r
            for r in validate(
                same_course,
                course_dir=REPO_COURSE,
                workers=2,
                variant_count=SUITE_VARIANTS,
                blank_count=SUITE_BLANKS,
            )
        },
    )
    assert reports[name].problems == []


def _good_cells(answer: str = "x = 2.0") -> list:
    return [
        a.prompt("intro", "# Broken\n\nTotal: 3 points"),
        a.setup("setup", "from careops.grading.checks import check_number"),
        a.answer("q1", f"### BEGIN SOLUTION\n{answer}\n### END SOLUTION"),
        a.tests(
            "q1_tests",
            "check_number(x, 2.0)\n### BEGIN HIDDEN TESTS\ncheck_number(x * 3, 6.0)\n"
            "### END HIDDEN TESTS",
            points=1,
            objective=OBJECTIVE,
        ),
        a.written(
            "w1",
            "### BEGIN SOLUTION\nA model memo.\n### END SOLUTION",
            points=2,
            objective=OBJECTIVE,
        ),
    ]


BROKEN = {
    "dup-ids": (
        [
            *_good_cells()[:4],
            a.tests("q1_tests", "check_number(x, 2.0)", points=1, objective=OBJECTIVE),
            *_good_cells()[4:],
        ],
        4,
        "duplicate grade ids: q1_tests",
    ),
    "wrong-total": (_good_cells(), 5, "points add up to 3, stated total is 5"),
    "bad-solution": (_good_cells("x = 2.5"), 3, "source version scores 0.0 of 1.0"),
    "passes-blank": (
        [
            *_good_cells()[:3],
            a.tests(
                "q1_tests",
                "check_number(2.0, 2.0)\n### BEGIN HIDDEN TESTS\n"
                "check_number(1.0, 1.0)\n### END HIDDEN TESTS",
                points=1,
                objective=OBJECTIVE,
            ),
            _good_cells()[4],
        ],
        3,
        "released version scores 1.0",
    ),
    "plain-assert": (
        [
            *_good_cells()[:3],
            a.tests("q1_tests", "assert x == 2.0", points=1, objective=OBJECTIVE),
            _good_cells()[4],
        ],
        3,
        "does not use careops.grading.checks",
    ),
}


@pytest.fixture(scope="session")
def broken_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, AssignmentReport]:
    return shared_once(tmp_path_factory, "grading-validate-broken", _validate_broken)


def _validate_broken(root: Path) -> dict[str, AssignmentReport]:
    course = root / "course"
    write_course_config(course, course_id="careops-broken", timeout=10)
    for name, (cells, total, _) in BROKEN.items():
        (course / "source" / name).mkdir(parents=True)
        nbformat.write(a.notebook(cells, total_points=total), course / "source" / name / "nb.ipynb")
    return {r.name: r for r in validate(None, course_dir=course, workers=2)}


@pytest.mark.slow
@pytest.mark.xdist_group("grading-validate")
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validation_reports_what_is_wrong(
    broken_reports: dict[str, AssignmentReport], name: str
) -> None:
    report = broken_reports[name]
    assert not report.ok
    assert any(BROKEN[name][2] in problem for problem in report.problems), report.problems


def test_validating_an_unknown_assignment_names_it(tmp_path: Path) -> None:
    write_course_config(tmp_path / "c")
    with pytest.raises(ValueError, match="'nope'"):
        validate(["nope"], course_dir=tmp_path / "c")


def test_cli_validate_needs_an_assignment_or_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--course-dir", str(REPO_COURSE), "validate"]) == 2
    assert "--all" in capsys.readouterr().err
