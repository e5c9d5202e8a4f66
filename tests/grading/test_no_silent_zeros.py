"""No silent zeros: a submission that fails to grade is reported failed, never graded as blank.

Each test makes one student's autograde fail for a real reason, with real nbgrader and a real
SQLite gradebook, through the `careops grade autograde` command: a gradebook locked by another
process, an autograded folder that cannot be created, a preprocessor that raises. The failing
student is named with the reason, the exit status is 1, the others are graded, and a rerun
after removing the cause grades it (with its real score, not 0). Only a file that cannot be
read as a notebook is graded as the blank release, with a note.

Three submissions with `--workers 1` go through a one-worker pool, which executes jobs in
order, so the last student is always the last one finished (the lock test relies on it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.cli import main
from careops.grading.autograde import MARKER, UNREADABLE_NOTE
from careops.grading.course import load_config, write_course_config
from careops.grading.samples import (
    CORRECT_TAKT,
    EXPECTED_AUTO,
    TINY_NOTEBOOK,
    submission,
    tiny_source,
)

from . import faulty

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("grading-silent-zeros"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("bwrap_available"),
]

ASSIGNMENT = "tiny3"
COURSE_ID = "careops-nsz"
# the failing students hand in correct work, so a silent zero cannot pass for their score
STUDENTS = {"s1": "wrong", "s2": "correct", "s3": "correct"}
# bytes that are not a notebook: not JSON, and JSON that is not a notebook
UNREADABLE = {"u1": b'{"cells": [ this is not json', "u2": b"[1, 2, 3]"}


def _make_course(root: Path, extra: str = "", unreadable: bool = False) -> Path:
    """A fresh course with the tiny assignment generated and STUDENTS (and UNREADABLE) submitted."""
    write_course_config(root, course_id=COURSE_ID, timeout=10, extra=extra)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(), root / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    assert NbGraderAPI(config=load_config(root)).generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb", as_version=4)
    stamp = str(datetime.now(UTC))
    work: dict[str, bytes] = {
        s: nbformat.writes(submission(k, release)).encode() for s, k in STUDENTS.items()
    }
    if unreadable:
        work |= UNREADABLE
    for student, content in work.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{TINY_NOTEBOOK}.ipynb").write_bytes(content)
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return root


def _autograde(course: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `careops grade autograde` (one worker) and return its exit status and output."""
    code = main(
        [
            "grade",
            "--course-dir",
            str(course),
            "autograde",
            ASSIGNMENT,
            "--workers",
            "1",
            "--no-progress",
        ]
    )
    return code, capsys.readouterr().out


def _scores(course: Path) -> dict[str, float]:
    """Autograded score of every student with a submission row in the gradebook."""
    with Gradebook(load_config(course).CourseDirectory.db_url, COURSE_ID) as gb:
        return {s.student.id: s.code_score for s in gb.assignment_submissions(ASSIGNMENT)}


def _autograded(course: Path, student: str) -> Path:
    return course / "autograded" / student / ASSIGNMENT


def _assert_failed_then_regraded(
    course: Path,
    student: str,
    reason: str,
    capsys: pytest.CaptureFixture[str],
    remove_cause: Callable[[], object],
) -> None:
    """The failed run names the student and reason, grades the others; a rerun grades it."""
    code, out = _autograde(course, capsys)
    assert code == 1, out
    others = sorted(set(STUDENTS) - {student})
    assert f"{len(others)} graded" in out and "1 failed" in out
    failed = [line for line in out.splitlines() if line.strip().startswith(f"failed {student}:")]
    assert failed and reason in failed[0], out
    assert not (_autograded(course, student) / MARKER).exists()
    remove_cause()
    scores = _scores(course)  # (after the cause: a locked gradebook cannot be read)
    assert {s: scores[s] for s in others} == {s: EXPECTED_AUTO[STUDENTS[s]] for s in others}
    code, out = _autograde(course, capsys)
    assert code == 0, out
    assert f"1 graded, {len(others)} already graded, 0 failed" in out
    assert _scores(course)[student] == EXPECTED_AUTO[STUDENTS[student]] > 0
    assert json.loads((_autograded(course, student) / MARKER).read_text(encoding="utf-8"))


def test_a_gradebook_locked_by_another_process_fails_that_submission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite waits `timeout` seconds for a lock (pysqlite's default is 5 s): 0.5 s keeps it quick
    trigger = tmp_path / "lock-s3"
    trigger.touch()
    course = tmp_path / "course"
    extra = "\n".join(
        [
            "c.CourseDirectory.db_url = "
            f"{'sqlite:///' + str(course / 'gradebook.db') + '?timeout=0.5'!r}",
            f"c.Autograde.autograde_preprocessors.insert(1, '{faulty.__name__}.LockGradebookFor')",
            "c.LockGradebookFor.students = ['s3']",
            f"c.LockGradebookFor.trigger = {str(trigger)!r}",
        ]
    )
    _make_course(course, extra)

    def remove_cause() -> None:
        trigger.unlink()
        assert faulty.release_locks() == 1  # the holder really held a lock during the run

    try:
        _assert_failed_then_regraded(course, "s3", "database is locked", capsys, remove_cause)
    finally:
        faulty.release_locks()


def test_an_autograded_folder_that_cannot_be_created_fails_that_submission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # root ignores permission bits, so chmod cannot make autograded/ unwritable here; a regular
    # file where nbgrader needs the student's folder fails for every user (ENOTDIR), every time
    course = _make_course(tmp_path / "course")
    blocker = course / "autograded" / "s2"
    blocker.parent.mkdir()
    blocker.write_text("not a folder", encoding="utf-8")
    _assert_failed_then_regraded(course, "s2", "NotADirectoryError", capsys, blocker.unlink)


@pytest.mark.parametrize("phase", ["sanitize_preprocessors", "autograde_preprocessors"])
def test_a_preprocessor_that_raises_fails_that_submission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: str
) -> None:
    # in the sanitize step (before execution) and in the scoring step (after it); it breaks on
    # s2's own answer, so grading the blank release instead would "work" and hide it as a 0
    trigger = tmp_path / "raise-s2"
    trigger.touch()
    extra = "\n".join(
        [
            f"c.Autograde.{phase}.insert(1, '{faulty.__name__}.RaiseFor')",
            "c.RaiseFor.students = ['s2']",
            f"c.RaiseFor.trigger = {str(trigger)!r}",
            f"c.RaiseFor.needle = {CORRECT_TAKT.splitlines()[-1].strip()!r}",  # in s2's answer only
        ]
    )
    course = _make_course(tmp_path / "course", extra)
    _assert_failed_then_regraded(
        course, "s2", "injected preprocessor failure for s2", capsys, trigger.unlink
    )


def test_only_an_unreadable_notebook_is_graded_as_the_blank_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = _make_course(tmp_path / "course", unreadable=True)
    code, out = _autograde(course, capsys)
    assert code == 0, out
    assert f"{len(STUDENTS) + len(UNREADABLE)} graded" in out and "0 failed" in out
    for student in UNREADABLE:
        assert f"unreadable): {student}: {TINY_NOTEBOOK}.ipynb" in out
        graded = nbformat.read(
            _autograded(course, student) / f"{TINY_NOTEBOOK}.ipynb", as_version=4
        )
        note = graded.cells[0].source
        assert note.startswith(UNREADABLE_NOTE.split("`")[0]) and "could not be read" in note
        assert (_autograded(course, student) / MARKER).is_file()
    scores = _scores(course)
    assert {s: scores[s] for s in UNREADABLE} == {s: 0.0 for s in UNREADABLE}
    assert {s: scores[s] for s in STUDENTS} == {s: EXPECTED_AUTO[k] for s, k in STUDENTS.items()}
