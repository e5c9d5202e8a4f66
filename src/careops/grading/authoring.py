"""Build nbgrader source notebooks in code: prompts, answers, tests and written parts.

The committed assignments under autograders/source/ are ordinary nbgrader notebooks (edit
them in Jupyter with the "Create Assignment" toolbar); these helpers make the same cells
for tests and for drafting new assignments, with the nbgrader metadata spelled out once.
"""

from __future__ import annotations

from collections.abc import Iterable

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SCHEMA_VERSION = 3
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _meta(
    grade_id: str,
    *,
    grade: bool,
    solution: bool,
    locked: bool,
    points: float | None = None,
    task: bool = False,
) -> dict:
    """The nbgrader cell metadata block."""
    meta: dict = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def region(code: str, begin: str, end: str) -> str:
    """Code between two delimiter lines (nbgrader's bare defaults get the usual "### " mark).

    Pass a course's delimiters (``careops.grading.delimiters``), e.g.
    ``region(code, *delimiters.solution)`` or ``region(tests, *delimiters.hidden)``.
    """

    def mark(delimiter: str) -> str:
        return delimiter if delimiter.lstrip().startswith("#") else f"### {delimiter}"

    return f"{mark(begin)}\n{code}\n{mark(end)}"


def prompt(grade_id: str, text: str) -> NotebookNode:
    """A read-only markdown cell (instructions, data description, rubric)."""
    return new_markdown_cell(
        text, metadata=_meta(grade_id, grade=False, solution=False, locked=True)
    )


def setup(grade_id: str, code: str) -> NotebookNode:
    """A read-only code cell students run but cannot change (imports, data loading)."""
    return new_code_cell(code, metadata=_meta(grade_id, grade=False, solution=False, locked=True))


def answer(grade_id: str, code: str) -> NotebookNode:
    """An autograded answer cell: the code of its solution region is stripped at release."""
    return new_code_cell(code, metadata=_meta(grade_id, grade=False, solution=True, locked=False))


def _with_objective(meta: dict, objective: str | list[str] | None) -> dict:
    """Add ``careops.objective`` (the curriculum objective id(s) a grade cell assesses)."""
    if objective is not None:
        meta["careops"] = {"objective": objective}
    return meta


def tests(
    grade_id: str, code: str, points: float, *, objective: str | list[str] | None = None
) -> NotebookNode:
    """A locked autograder-test cell worth points (may hold a hidden-test region), naming the
    curriculum objective(s) it assesses (``careops grade validate`` requires one)."""
    meta = _meta(grade_id, grade=True, solution=False, locked=True, points=points)
    return new_code_cell(code, metadata=_with_objective(meta, objective))


def written(
    grade_id: str, model_answer: str, points: float, *, objective: str | list[str] | None = None
) -> NotebookNode:
    """A manually graded markdown answer (the model answer is replaced at release), naming the
    curriculum objective(s) it assesses."""
    meta = _meta(grade_id, grade=True, solution=True, locked=False, points=points)
    return new_markdown_cell(model_answer, metadata=_with_objective(meta, objective))


def notebook(cells: Iterable[NotebookNode], *, total_points: float | None = None) -> NotebookNode:
    """A notebook with the python3 kernelspec and (optionally) its stated point total."""
    nb = new_notebook(
        cells=list(cells),
        metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
    )
    if total_points is not None:
        nb.metadata["careops"] = {"total_points": total_points}
    nbformat.validate(nb)
    return nb
