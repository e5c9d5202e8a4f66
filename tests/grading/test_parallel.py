"""Parallel autograde: nothing lost with concurrent workers, resumable, Dask as the executor."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.cli import main
from careops.grading.autograde import autograde
from careops.grading.course import load_config, write_course_config
from careops.grading.samples import EXPECTED_AUTO, TINY_NOTEBOOK, submit, tiny_source

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("grading-parallel"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("bwrap_available"),
]

ASSIGNMENT = "tiny2"
STUDENTS = {
    f"s{i:02d}": kind
    for i, kind in enumerate(["correct", "wrong", "raises", "spoof_eq", "correct", "hard_coded"])
}


def _submit(course: Path, student: str, kind: str) -> None:
    submit(course, ASSIGNMENT, student, kind)


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("par") / "course"
    write_course_config(root, course_id="careops-par", timeout=10)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(), root / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    assert NbGraderAPI(config=load_config(root)).generate_assignment(ASSIGNMENT)["success"]
    for student, kind in STUDENTS.items():
        _submit(root, student, kind)
    return root


def _scores(course: Path) -> dict[str, float]:
    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, "careops-par") as gb:
        return {s.student.id: s.code_score for s in gb.assignment_submissions(ASSIGNMENT)}


def test_an_interrupted_run_resumes_with_the_remaining_submissions(course: Path) -> None:
    shutil.rmtree(course / "autograded", ignore_errors=True)  # nothing graded yet
    first = autograde(
        ASSIGNMENT, course_dir=course, workers=2, students=["s00", "s01"], progress=False
    )
    assert sorted(first.graded) == ["s00", "s01"]
    second = autograde(ASSIGNMENT, course_dir=course, workers=2, progress=False)
    assert sorted(second.skipped) == ["s00", "s01"]
    assert sorted(second.graded) == sorted(set(STUDENTS) - {"s00", "s01"})


def test_concurrent_workers_lose_no_grade(course: Path) -> None:
    summary = autograde(ASSIGNMENT, course_dir=course, workers=2, force=True, progress=False)
    assert sorted(summary.graded) == sorted(STUDENTS)
    assert _scores(course) == {s: EXPECTED_AUTO[k] for s, k in STUDENTS.items()}


def test_a_resubmission_with_a_new_timestamp_is_graded_again(course: Path) -> None:
    autograde(ASSIGNMENT, course_dir=course, workers=2, progress=False)  # everything graded
    _submit(course, "s01", "correct")  # s01 fixes their work and resubmits
    summary = autograde(ASSIGNMENT, course_dir=course, workers=2, progress=False)
    assert summary.graded == ["s01"]
    assert _scores(course)["s01"] == EXPECTED_AUTO["correct"]


def test_a_dask_cluster_can_be_the_executor(course: Path) -> None:
    from distributed import LocalCluster

    # worker processes, as on a real cluster, reached by the scheduler's address as the CLI's
    # --scheduler gives it (in-process threads would share this test process's asyncio state)
    with LocalCluster(
        processes=True, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as cluster:
        summary = autograde(
            ASSIGNMENT,
            course_dir=course,
            scheduler=cluster.scheduler_address,
            force=True,
            students=["s02", "s03", "s05"],
            progress=False,
        )
    assert summary.failed == {}
    assert sorted(summary.graded) == ["s02", "s03", "s05"]
    scores = _scores(course)
    assert [scores[s] for s in ("s02", "s03", "s05")] == [
        EXPECTED_AUTO["raises"],
        EXPECTED_AUTO["spoof_eq"],
        EXPECTED_AUTO["hard_coded"],
    ]


def test_an_assignment_missing_from_the_gradebook_is_a_clear_error(course: Path) -> None:
    with pytest.raises(ValueError, match="generate_assignment"):
        autograde("no-such-assignment", course_dir=course, workers=1, progress=False)


def test_zero_workers_is_rejected(course: Path) -> None:
    with pytest.raises(ValueError, match="workers"):
        autograde(ASSIGNMENT, course_dir=course, workers=0, progress=False)


def test_cli_autograde_reports_the_run_and_exits_zero(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "grade",
            "--course-dir",
            str(course),
            "autograde",
            ASSIGNMENT,
            "--workers",
            "1",
            "--student",
            "s04",
            "--force",
            "--no-progress",
        ]
    )
    assert code == 0
    assert "1 graded" in capsys.readouterr().out
