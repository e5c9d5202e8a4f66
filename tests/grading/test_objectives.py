"""Every grade cell names the curriculum objective it assesses; validate refuses one that
does not."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from careops import curriculum
from careops.cli import main
from careops.errors import InputError
from careops.grading import authoring as a
from careops.grading import objectives
from careops.grading.course import REPO_COURSE, source_assignments, write_course_config
from careops.grading.samples import TINY_NOTEBOOK, TINY_OBJECTIVES, tiny_source

COURSE_ASSIGNMENTS = source_assignments(REPO_COURSE)
CATALOG = curriculum.load()


@pytest.mark.parametrize("name", COURSE_ASSIGNMENTS)
def test_every_grade_cell_of_a_course_assignment_names_an_objective_of_its_course(
    name: str,
) -> None:
    source = REPO_COURSE / "source" / name
    found = objectives.read(source)
    assert set(found) == objectives.grade_cells(source)  # every grade cell, none left out
    course = name.rsplit("-", 1)[0]
    assert {CATALOG.objective(i).course_id for ids in found.values() for i in ids} == {course}


def test_all_course_assignments_pass_the_objective_check_together() -> None:
    objectives.check_assignments([REPO_COURSE / "source" / n for n in COURSE_ASSIGNMENTS])
    assert len(COURSE_ASSIGNMENTS) >= 12


def _course(root: Path, changes: dict[str, object]) -> Path:
    """A course holding the tiny assignment with some grade cells' objectives changed
    (None removes the careops metadata)."""
    write_course_config(root, course_id="careops-objectives")
    nb = tiny_source()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in changes:
            if changes[grade_id] is None:
                cell.metadata.pop("careops")
            else:
                cell.metadata["careops"] = {"objective": changes[grade_id]}
    (root / "source" / "a1").mkdir(parents=True)
    nbformat.write(nb, root / "source" / "a1" / f"{TINY_NOTEBOOK}.ipynb")
    return root


def test_the_tiny_sample_reads_back_its_objectives(tmp_path: Path) -> None:
    found = objectives.read(_course(tmp_path, {}) / "source" / "a1")
    assert found == {
        (TINY_NOTEBOOK, k): tuple(v) if isinstance(v, list) else (v,)
        for k, v in TINY_OBJECTIVES.items()
    }


def test_validate_refuses_a_grade_cell_with_no_objective(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course(tmp_path, {"q1_tests": None})
    assert main(["grade", "--course-dir", str(course), "validate", "a1"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"a1/{TINY_NOTEBOOK}.ipynb" in err
    assert "grade cell q1_tests names no objective (metadata.careops.objective is missing" in err


def test_validate_refuses_an_unknown_objective_id_naming_notebook_cell_and_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _course(tmp_path, {"w1_answer": ["operations.2", "operation.4"]})
    assert main(["grade", "--course-dir", str(course), "validate", "a1"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"a1/{TINY_NOTEBOOK}.ipynb" in err
    assert (
        "grade cell w1_answer: metadata.careops.objective 'operation.4' is not an objective" in err
    )
    assert "(did you mean 'operations.4'?)" in err


def test_every_bad_cell_is_reported_in_the_one_error(tmp_path: Path) -> None:
    course = _course(tmp_path, {"q1_tests": "", "q2_tests": 3, "w1_answer": "finance.9"})
    with pytest.raises(InputError) as caught:
        objectives.read(course / "source" / "a1")
    text = caught.value.one_line()
    for grade_id in ("q1_tests", "q2_tests", "w1_answer"):
        assert f"grade cell {grade_id}" in text
    assert "3 is not an objective id" in text and "'finance.9'" in text
    assert caught.value.field == "grade cell q1_tests: metadata.careops.objective"


def test_authoring_writes_the_objective_into_the_cell_metadata() -> None:
    cell = a.tests("q1_tests", "check_number(x, 1.0)", points=1, objective="finance.2")
    assert cell.metadata["careops"] == {"objective": "finance.2"}
    written = a.written("w1", "memo", points=2, objective=["finance.1", "finance.4"])
    assert written.metadata["careops"] == {"objective": ["finance.1", "finance.4"]}
    assert "careops" not in a.tests("q2", "pass", points=1).metadata
