"""Small runs: one or two pending submissions are graded in this process, with no worker pool.

An instructor regrading one late hand-in should not wait for a pool of worker processes to
start. (How fast that is goes in benchmarks/bench_grading.py; here: where it runs, that it
grades right, and that it leaves no kernel behind.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import nbformat
import psutil
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.grading.autograde import IN_PROCESS_MAX, MARKER, autograde
from careops.grading.course import load_config, write_course_config
from careops.grading.samples import EXPECTED_AUTO, TINY_NOTEBOOK, submission, tiny_source

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("grading-small-runs"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("bwrap_available"),
]

ASSIGNMENT = "tiny4"
COURSE_ID = "careops-small"
STUDENTS = {"late": "correct", "p1": "wrong", "p2": "raises"}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small") / "course"
    write_course_config(root, course_id=COURSE_ID, timeout=10)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(), root / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    assert NbGraderAPI(config=load_config(root)).generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb", as_version=4)
    for student, kind in STUDENTS.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(submission(kind, release), folder / f"{TINY_NOTEBOOK}.ipynb")
        (folder / "timestamp.txt").write_text(str(datetime.now(UTC)), encoding="utf-8")
    return root


def _score(course: Path, student: str) -> float:
    with Gradebook(load_config(course).CourseDirectory.db_url, COURSE_ID) as gb:
        return gb.find_submission(ASSIGNMENT, student).code_score


def _kernels() -> list[str]:
    """Command lines of this process's kernels still running (not the pool's forkserver)."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            cmdline = " ".join(proc.cmdline())
        except psutil.NoSuchProcess:  # ended while we looked
            continue
        if proc.status() != psutil.STATUS_ZOMBIE and ("bwrap" in cmdline or "ipykernel" in cmdline):
            found.append(cmdline)
    return found


def test_one_pending_submission_is_graded_in_this_process(course: Path) -> None:
    summary = autograde(ASSIGNMENT, course_dir=course, workers=2, students=["late"], progress=False)
    assert summary.where == "in this process" and summary.graded == ["late"]
    assert "in this process" in str(summary)
    assert _score(course, "late") == EXPECTED_AUTO["correct"]
    assert (course / "autograded" / "late" / ASSIGNMENT / MARKER).is_file()
    assert _kernels() == []  # neither the kernel that ran it nor a spare is left running


def test_more_pending_submissions_than_the_in_process_limit_use_the_pool(course: Path) -> None:
    assert len(STUDENTS) > IN_PROCESS_MAX
    summary = autograde(ASSIGNMENT, course_dir=course, workers=2, force=True, progress=False)
    assert summary.where == "on 4 executor slots"
    assert sorted(summary.graded) == sorted(STUDENTS)
    assert {s: _score(course, s) for s in STUDENTS} == {
        s: EXPECTED_AUTO[k] for s, k in STUDENTS.items()
    }


def test_the_in_process_limit_counts_pending_not_submitted(course: Path) -> None:
    # everything is graded; one resubmission is the only pending one, so no pool starts
    autograde(ASSIGNMENT, course_dir=course, workers=2, progress=False)
    stamp = course / "submitted" / "p1" / ASSIGNMENT / "timestamp.txt"
    stamp.write_text(str(datetime.now(UTC)), encoding="utf-8")
    summary = autograde(ASSIGNMENT, course_dir=course, workers=2, progress=False)
    assert summary.graded == ["p1"] and sorted(summary.skipped) == ["late", "p2"]
    assert summary.where == "in this process"
    assert _kernels() == []
