"""Suite-wide fixtures and the bookkeeping that proves nbval ran every notebook."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("book", "exercises", "seminar")
_collected_notebooks: set[str] = set()


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups into the test ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep each notebook's cells on one xdist worker, in order, and record what nbval collected."""
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb":
            rel = path.resolve().relative_to(ROOT).as_posix()
            _collected_notebooks.add(rel)
            item.add_marker(pytest.mark.xdist_group(name=f"nb:{rel}"))


@pytest.fixture(scope="session")
def collected_notebooks() -> set[str]:
    """Notebooks (repo-relative) that nbval collected in this session."""
    return set(_collected_notebooks)


@pytest.fixture(scope="session")
def repo_notebooks() -> set[str]:
    """Every notebook under book/, exercises/ and seminar/ that git tracks or would add."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *NOTEBOOK_DIRS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {p for p in out if p.endswith(".ipynb") and ".ipynb_checkpoints" not in p}


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site (make book builds it before make test runs the suite; CAREOPS_SITE names
    another build, e.g. a throwaway one of some pages)."""
    html = Path(os.environ.get("CAREOPS_SITE") or ROOT / "_build" / "html")
    if not (html / "index.html").is_file():
        pytest.fail(f"{html / 'index.html'} is missing: run `make book` first (make test does)")
    return html


def build_sphinx_html(src: Path, out: Path) -> str:
    """Build a throwaway Sphinx project ``src`` to HTML in-process; return its warnings (every
    one would fail the strict book build).

    Built inside docutils_namespace, as sphinx-build does: the nodes, roles and directives the
    build registers are removed after it, so a later in-process build on the same xdist worker
    (the journal-club site, strict) does not fail on "already registered" warnings.
    """
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    with patch_docutils(str(src)), docutils_namespace():
        app = Sphinx(
            str(src),
            str(src),
            str(out),
            str(out / ".doctrees"),
            "html",
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
    return warnings.getvalue().strip()


@pytest.fixture(scope="session")
def sphinx_html() -> Callable[[Path, Path], str]:
    """:func:`build_sphinx_html`, for tests that build a small Sphinx project of their own."""
    return build_sphinx_html
