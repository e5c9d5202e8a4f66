"""The answer key of service-lines-3 uses the same hypothetical market as its notebook."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from careops.grading.answer_keys.service_lines import SL3_COMPETITORS

NOTEBOOK = (
    Path(__file__).resolve().parents[2]
    / "autograders/source/service-lines-3/market-share-and-access.ipynb"
)


def _setup_competitors() -> dict[str, dict[str, int]]:
    """The competitors table as the notebook's locked setup cell writes it."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "setup")
    call = next(
        node.value
        for node in ast.walk(ast.parse(setup.source))
        if isinstance(node, ast.Assign) and node.targets[0].id == "competitors"
    )
    columns = ast.literal_eval(call.args[0])
    index = ast.literal_eval(call.keywords[0].value)
    return {name: dict(zip(index, values, strict=True)) for name, values in columns.items()}


def test_answer_key_competitors_match_the_notebook_setup_cell():
    """Facts quoted in the model answer come from the table students see."""
    assert _setup_competitors() == SL3_COMPETITORS
