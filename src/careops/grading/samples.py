"""A tiny assignment and a gallery of student submissions, for tests, benchmarks and demos.

``tiny_source()`` is a complete nbgrader source notebook (two autograded questions, one with
hidden tests, and one written part). ``submission(kind, release_nb)`` turns the released
notebook into what a particular student hands in: correct, wrong, raising, looping forever,
swallowing KeyboardInterrupt, deleting or editing a test cell, or spoofing ``__eq__``.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from careops.errors import InputError
from careops.grading import authoring as a
from careops.grading.delimiters import DEFAULT, Delimiters

TINY_NOTEBOOK = "tiny"
TINY_TOTAL = 5.0
# the curriculum objective(s) each grade cell of the tiny assignment assesses
TINY_OBJECTIVES: dict[str, str | list[str]] = {
    "q1_tests": "operations.2",  # takt time: capacity and flow
    "q2_tests": "operations.3",  # a busy rate: performance improvement
    "w1_answer": ["operations.2", "operations.4"],  # memo: staffing to demand, daily operations
}

CORRECT_TAKT = "def takt(available_minutes, demand):\n    return available_minutes / demand"
CORRECT_RATE = "busy_rate = 42 / 60"
MEMO = "Staff the triage desk to the takt time; review weekly."

KINDS = (
    "correct",
    "wrong",
    "hard_coded",
    "raises",
    "infinite_loop",
    "swallow_interrupt",
    "deleted_test",
    "edited_test",
    "spoof_eq",
    "late",
    "invalid_json",
)

# expected auto score of each kind (q1 is worth 2 points, q2 1 point)
EXPECTED_AUTO = {
    "correct": 3.0,
    "wrong": 0.0,
    "hard_coded": 1.0,
    "raises": 1.0,
    "infinite_loop": 1.0,
    "swallow_interrupt": 0.0,
    "deleted_test": 3.0,
    "edited_test": 1.0,
    "spoof_eq": 0.0,
    "late": 3.0,
    "invalid_json": 0.0,
}

SPOOF = (
    "class AlwaysEqual(float):\n"
    "    def __eq__(self, other):\n        return True\n"
    "    def __sub__(self, other):\n        return 0.0\n"
    "    __rsub__ = __sub__\n"
    "    def __float__(self):\n        return 8.0\n"
)


def tiny_source(delimiters: Delimiters = DEFAULT) -> NotebookNode:
    """The source (instructor) version of the tiny assignment, with solutions and hidden tests.

    Its regions are marked with the given delimiters (a course's, nbgrader's by default).
    """
    solution, hidden = delimiters.solution, delimiters.hidden
    return a.notebook(
        [
            a.prompt("intro", "# Tiny assignment\n\nTotal: 5 points (3 autograded, 2 written)."),
            a.setup("setup", "from careops.grading.checks import check_number"),
            a.prompt("q1_prompt", "**Q1 (2 points).** Write `takt(available_minutes, demand)`."),
            a.answer("q1_answer", a.region(CORRECT_TAKT, *solution)),
            a.tests(
                "q1_tests",
                "check_number(takt(480, 60), 8.0, name='takt(480, 60)')\n"
                + a.region("check_number(takt(450, 90), 5.0, name='takt_hidden_case')", *hidden),
                points=2,
                objective=TINY_OBJECTIVES["q1_tests"],
            ),
            a.prompt(
                "q2_prompt", "**Q2 (1 point).** Set `busy_rate` to 42 busy minutes out of 60."
            ),
            a.answer("q2_answer", a.region(CORRECT_RATE, *solution)),
            a.tests(
                "q2_tests",
                "check_number(busy_rate, 0.7, 1e-9, name='busy_rate')",
                points=1,
                objective=TINY_OBJECTIVES["q2_tests"],
            ),
            a.prompt(
                "w1_prompt",
                "**W1 (2 points).** A two-line memo to the COO.\n\n"
                "Rubric: 1 point recommendation, 1 point follow-up measure.",
            ),
            a.written(
                "w1_answer",
                a.region(MEMO, *solution),
                points=2,
                objective=TINY_OBJECTIVES["w1_answer"],
            ),
        ],
        total_points=TINY_TOTAL,
    )


def _cell(nb: NotebookNode, grade_id: str) -> NotebookNode:
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise InputError(
        "grade_id", grade_id, "exists", message=f"grade_id {grade_id!r} is not in the notebook"
    )


def submission(kind: str, release: NotebookNode) -> NotebookNode | str:
    """The notebook a student of this kind submits (a str for a corrupt file)."""
    if kind not in KINDS:
        raise InputError(
            "kind",
            kind,
            "choice",
            choices=KINDS,
            message=f"kind must be one of {KINDS}, got {kind!r}",
        )
    if kind == "invalid_json":
        return '{"cells": [ this is not json'
    nb = copy.deepcopy(release)
    q1, q2 = _cell(nb, "q1_answer"), _cell(nb, "q2_answer")
    q1.source, q2.source = CORRECT_TAKT, CORRECT_RATE
    _cell(nb, "w1_answer").source = MEMO
    if kind == "wrong":
        q1.source = "def takt(available_minutes, demand):\n    return available_minutes * demand"
        q2.source = "busy_rate = 42"
    elif kind == "hard_coded":  # passes the visible test, fails the hidden one
        q1.source = "def takt(available_minutes, demand):\n    return 8.0"
    elif kind == "raises":
        q1.source = "def takt(available_minutes, demand):\n    raise ZeroDivisionError('oops')"
    elif kind == "infinite_loop":
        q1.source = "while True:\n    pass"
    elif kind == "swallow_interrupt":
        q1.source = (
            "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
            "    except KeyboardInterrupt:\n        pass"
        )
    elif kind == "deleted_test":
        # the (correct) answer is still graded: nbgrader puts the deleted test back
        nb.cells = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "q1_tests"
        ]
    elif kind == "edited_test":
        q1.source = "def takt(available_minutes, demand):\n    return 0"
        _cell(nb, "q1_tests").source = "pass"
    elif kind == "spoof_eq":
        q1.source = SPOOF + "def takt(available_minutes, demand):\n    return AlwaysEqual(1.0)"
        q2.source = SPOOF + "busy_rate = AlwaysEqual(3.0)"
    return nb


def submit(course: Path, assignment: str, student: str, kind: str) -> Path:
    """Write a student's submission of the tiny notebook into ``course/submitted/`` as nbgrader's
    collect leaves it (notebook plus timestamp.txt); ``kind="blank"`` hands in the release."""
    release = nbformat.read(
        course / "release" / assignment / f"{TINY_NOTEBOOK}.ipynb", as_version=4
    )
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    work = release if kind == "blank" else submission(kind, release)
    target = folder / f"{TINY_NOTEBOOK}.ipynb"
    if isinstance(work, str):
        target.write_text(work, encoding="utf-8")
    else:
        nbformat.write(work, target)
    (folder / "timestamp.txt").write_text(str(datetime.now(UTC)), encoding="utf-8")
    return target
