"""capstone-3: the answer key's study table is the one the students' notebook shows."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from careops.grading.answer_keys.capstone import EVIDENCE_STUDIES

NOTEBOOK = (
    Path(__file__).resolve().parents[2]
    / "autograders"
    / "source"
    / "capstone-3"
    / "evidence-review.ipynb"
)


def _setup_table() -> dict[str, list]:
    """The literal dict of `studies = pd.DataFrame({...})` in the locked setup cell."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "setup")
    for node in ast.walk(ast.parse(setup.source)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "studies":
            assert isinstance(node.value, ast.Call)
            return ast.literal_eval(node.value.args[0])
    raise AssertionError(f"{NOTEBOOK}: no `studies = ...` in the setup cell")


def test_answer_key_counts_match_the_notebook() -> None:
    """Each count column of EVIDENCE_STUDIES equals the notebook's, study by study."""
    table = _setup_table()
    for column, values in EVIDENCE_STUDIES.items():
        assert table[column] == values, column
