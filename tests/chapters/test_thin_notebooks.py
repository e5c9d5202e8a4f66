"""Book and exercise notebooks are thin: narrative plus calls into careops (issue #13, item 3).

Students who are not programmers read these pages, so a notebook defines nothing, keeps its
code short, and shows no code that is not drawing a chart.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("book", "exercises")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
MAX_CODE_LINES = 40
HIDDEN = {"remove-input", "hide-input", "remove-cell", "hide-cell"}
# a visible code cell must draw: a careops chart builder or an exercise (which is its chart)
DRAWS = ("charts.", "_chart(", "_exercise(", "_explorer(")


def code_cells(path: str) -> list[nbformat.NotebookNode]:
    """The code cells of a notebook."""
    nb = nbformat.read(ROOT / path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def code_lines(source: str) -> list[str]:
    """The lines that count as code: not blank, not a comment."""
    return [ln for ln in source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def test_the_scan_finds_the_book_and_exercise_notebooks() -> None:
    assert len(NOTEBOOKS) >= 40
    assert any(p.startswith("exercises/") for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_defines_no_function_or_class(path: str) -> None:
    defined = [
        getattr(node, "name", "lambda")
        for cell in code_cells(path)
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
    ]
    assert not defined, f"{path} defines {defined}: move it into careops"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_has_under_40_lines_of_code(path: str) -> None:
    n = sum(len(code_lines(cell.source)) for cell in code_cells(path))
    assert n < MAX_CODE_LINES, f"{path} has {n} lines of code (limit {MAX_CODE_LINES - 1})"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_code_cell_that_does_not_draw_is_hidden_on_the_page(path: str) -> None:
    shown = [
        cell.source.splitlines()[0] if cell.source else "(empty)"
        for cell in code_cells(path)
        if not HIDDEN & set(cell.metadata.get("tags", []))
        and not any(mark in cell.source for mark in DRAWS)
    ]
    assert not shown, f"{path}: tag these cells remove-input or hide-input: {shown}"
