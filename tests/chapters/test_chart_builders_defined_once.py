"""Every chart builder is defined in one module of careops.charts (issue 13: charts by kind)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import careops.charts

CHARTS = Path(careops.charts.__file__).parent


def definitions(folder: Path) -> dict[str, list[str]]:
    """Map each top-level function name under ``folder`` to the modules that define it."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where[node.name].append(path.name)
    return where


def test_no_chart_builder_is_defined_twice():
    where = definitions(CHARTS)
    assert "control_chart" in where and "bar_chart" in where  # the folder really was read
    twice = {name: files for name, files in where.items() if len(files) > 1}
    assert not twice, f"defined in more than one module of {CHARTS}: {twice}"


def test_a_second_definition_is_caught(tmp_path):
    (tmp_path / "a.py").write_text("def bar_chart():\n    pass\n", encoding="utf-8")
    (tmp_path / "b.py").write_text(
        "def bar_chart():\n    pass\n\n\ndef other():\n    pass\n", encoding="utf-8"
    )
    assert definitions(tmp_path)["bar_chart"] == ["a.py", "b.py"]
    assert definitions(tmp_path)["other"] == ["b.py"]
