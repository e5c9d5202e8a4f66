"""``careops.site.execute``: the book's notebooks pre-executed into jupyter-cache, in parallel,
on a tiny throwaway book with real kernels."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_cache import get_cache

from careops.site import execute

CONFIG = """\
title: tiny
only_build_toc_files: true
exclude_patterns: [_build]
execute:
  execute_notebooks: cache
  cache: _build/.jupyter_cache
  timeout: 60
  allow_errors: false
"""


def notebook(path: Path, *cells: str) -> Path:
    """Write a notebook of code cells, with the python3 kernel, at ``path``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# A page")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def make_book(root: Path, *, failing: bool = False) -> Path:
    """A book of an index, a notebook reading a file next to it, a plain notebook, and (when
    ``failing``) a notebook whose second code cell divides by zero; one more notebook on disk is
    not in the TOC."""
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    toc = [
        "format: jb-book",
        "root: index",
        "chapters:",
        "  - file: chapter/reads",
        "  - file: plain",
    ]
    if failing:
        toc.append("  - file: fails")
        notebook(root / "fails.ipynb", "x = 1", "x / 0")
    (root / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    (root / "index.md").write_text("# Tiny\n", encoding="utf-8")
    (root / "chapter" / "data.txt").parent.mkdir(parents=True)
    (root / "chapter" / "data.txt").write_text("read from the notebook's folder", encoding="utf-8")
    notebook(root / "chapter" / "reads.ipynb", "print(open('data.txt').read())")
    notebook(root / "plain.ipynb", "print(6 * 7)")
    notebook(root / "not_in_toc.ipynb", "raise SystemExit('never run: not in the book')")
    return root


def cached_outputs(root: Path, path: Path) -> str:
    """The text the cached copy of ``path`` printed (what myst-nb will show)."""
    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    _, merged = cache.merge_match_into_notebook(nbformat.read(path, as_version=4))
    return "".join(
        o.get("text", "") for c in merged.cells if c.cell_type == "code" for o in c.outputs
    )


def test_the_book_notebooks_are_executed_in_their_folder_and_cached(tmp_path: Path) -> None:
    root = make_book(tmp_path)
    # a notebook once in the book (or executed by hand) stays in the project: left alone too
    get_cache(str(root / "_build" / ".jupyter_cache")).add_nb_to_project(
        str(root / "not_in_toc.ipynb")
    )
    report = execute.pre_execute(root)
    names = [p.relative_to(root).as_posix() for p in report.executed]
    assert names == ["chapter/reads.ipynb", "plain.ipynb"]  # not_in_toc.ipynb is left alone
    assert report.notebooks == report.executed and report.failed == [] and report.cached == []
    assert (
        cached_outputs(root, root / "chapter" / "reads.ipynb")
        == "read from the notebook's folder\n"
    )
    assert cached_outputs(root, root / "plain.ipynb") == "42\n"


def test_a_rerun_executes_only_the_changed_notebook(tmp_path: Path) -> None:
    root = make_book(tmp_path)
    execute.pre_execute(root)
    again = execute.pre_execute(root)
    assert again.executed == [] and len(again.cached) == 2
    notebook(root / "plain.ipynb", "print(6 * 8)")
    changed = execute.pre_execute(root)
    assert changed.executed == [(root / "plain.ipynb").resolve()]
    assert changed.cached == [(root / "chapter" / "reads.ipynb").resolve()]
    assert cached_outputs(root, root / "plain.ipynb") == "48\n"


def test_a_failing_notebook_fails_the_run_naming_it_and_its_cell_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_book(tmp_path, failing=True)
    assert execute.run(root) == 1
    out, err = capsys.readouterr()
    assert "3 notebook(s) in the book: 2 executed in parallel, 0 from the cache, 1 failed" in out
    assert "fails.ipynb: code cell 2: ZeroDivisionError: division by zero" in err


def test_a_cell_over_the_timeout_fails_the_run_naming_the_timeout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_book(tmp_path)
    slow = notebook(root / "plain.ipynb", "import time", "time.sleep(5)")
    nb = nbformat.read(slow, as_version=4)
    nb.metadata["execution"] = {"timeout": 1}  # myst-nb honours it too (meta_override)
    nbformat.write(nb, slow)
    assert execute.run(root) == 1
    err = capsys.readouterr().err
    assert "plain.ipynb: A cell timed out while it was being executed, after 1 seconds." in err


def test_nothing_runs_unless_the_book_executes_from_the_cache(tmp_path: Path) -> None:
    root = make_book(tmp_path, failing=True)
    config = root / "_config.yml"
    config.write_text(
        CONFIG.replace("execute_notebooks: cache", "execute_notebooks: force"), encoding="utf-8"
    )
    report = execute.pre_execute(root)
    assert report.mode == "force" and report.notebooks == [] and report.failed == []
    assert not (root / "_build").exists()


def test_jupyter_book_then_reads_every_notebook_from_the_cache(tmp_path: Path) -> None:
    root = make_book(tmp_path)
    assert execute.run(root) == 0
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", ".", "--builder", "html", "-W", "-n", "--keep-going", "--verbose"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    assert "Executing notebook" not in log
    assert log.count("Using cached notebook") == 2
    page = (root / "_build" / "html" / "chapter" / "reads.html").read_text(encoding="utf-8")
    assert (
        "read from the notebook&#39;s folder" in page or "read from the notebook's folder" in page
    )


def test_the_kernels_run_for_the_static_site_and_the_environment_is_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_book(tmp_path)
    monkeypatch.delenv("CAREOPS_STATIC", raising=False)
    notebook(root / "plain.ipynb", "import os", "print(os.environ.get('CAREOPS_STATIC'))")
    assert execute.pre_execute(root).failed == []
    assert cached_outputs(root, root / "plain.ipynb") == "1\n"  # exercises show their static part
    assert "CAREOPS_STATIC" not in os.environ  # this process (and its later kernels) untouched
