"""The careops modules import one another without a circle, and analytics never import charts
or widgets: read from the source with ``ast`` (every import counts, typing-only and late ones
too)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
ANALYTICS = ("lean", "queueing", "spc", "finance", "supply", "stats", "measures")


def _modules(src: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under ``src`` (packages by __init__)."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph(src: Path) -> dict[str, set[str]]:
    """Module -> the modules under ``src`` it imports; ``from pkg import sub`` points at pkg.sub."""
    modules = _modules(src)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
                targets.update(subs)
                if len(subs) < len(node.names):
                    targets.add(base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan): each holds a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_sees_a_circle_through_a_package_and_a_typing_import(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import X\n"
    )
    (pkg / "c.py").write_text("def f():\n    import pkg.a\n")
    (pkg / "d.py").write_text("from pkg.a import thing\n")
    graph = import_graph(tmp_path)
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.c"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_no_careops_modules_import_each_other_in_a_circle():
    graph = import_graph(SRC)
    assert "careops.seminar.calendar" in graph
    assert cycles(graph) == []


def test_analytics_never_import_charts_or_widgets():
    graph = import_graph(SRC)
    wrong = {
        (name, target)
        for name, targets in graph.items()
        if name.split(".")[:2][-1] in ANALYTICS
        for target in targets
        if target.split(".")[:2] in (["careops", "charts"], ["careops", "widgets"])
    }
    assert wrong == set()


def test_only_notebooks_use_the_chapter_results_layer():
    graph = import_graph(SRC)
    wrong = {
        (name, target)
        for name, targets in graph.items()
        if not name.startswith("careops.chapters")
        for target in targets
        if target.startswith("careops.chapters")
    }
    assert wrong == set()
