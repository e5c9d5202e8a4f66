"""Execute the book's out-of-date notebooks into the jupyter-cache project, in parallel.

myst-nb in ``execute_notebooks: cache`` mode executes each notebook it cannot find in the cache,
one after another, while Sphinx reads the book. ``careops site build`` calls :func:`run` first:
every notebook the book builds is added to the jupyter-cache project that ``_config.yml`` names,
and those whose code cells changed run with jupyter-cache's ``local-parallel`` executor (one
worker per core), each with its own folder as working directory and the book's timeout and
``allow_errors``, as myst-nb would run it. Sphinx then finds every notebook in the cache.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from careops.errors import CareopsError, InputError

# what jupyter-book excludes from every build, on top of _config.yml's exclude_patterns
DEFAULT_EXCLUDES = ("_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints")
# the executor's message for a failed cell (nbclient's CellExecutionError / CellTimeoutError)
CELL_ERROR = re.compile(r"(?:CellExecutionError|CellTimeoutError): ")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Failure:
    """A notebook that did not execute, and why (the failing cell and its error)."""

    notebook: Path
    error: str


@dataclass
class Report:
    """What the pre-execution did: which notebooks it executed, found cached, or saw fail."""

    mode: str
    notebooks: list[Path] = field(default_factory=list)
    executed: list[Path] = field(default_factory=list)
    cached: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def book_config(root: Path) -> dict:
    """The book's ``_config.yml`` as a mapping (checked to be one)."""
    path = root / "_config.yml"
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "--root", str(root), "exists", file=path, message="missing: not a Jupyter Book root"
        ) from None
    if not isinstance(config, dict):
        raise InputError("_config.yml", config, "type", expected="a mapping", file=path)
    return config


def _excluded(rel: str, patterns: list[str]) -> bool:
    """True if Sphinx's exclude_patterns leave ``rel`` (a root-relative posix path) out."""
    from sphinx.util.matching import Matcher

    return Matcher(patterns)(rel)


def book_notebooks(root: Path, config: dict) -> list[Path]:
    """The ``.ipynb`` files the book builds: the TOC's files, or every notebook not excluded
    when ``only_build_toc_files`` is false (as jupyter-book decides)."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    toc_path = root / "_toc.yml"
    if not toc_path.is_file():
        raise InputError("_toc.yml", str(toc_path), "exists", file=toc_path)
    site_map = parse_toc_yaml(toc_path)
    found: set[Path] = {root / f"{doc}.ipynb" for doc in site_map}
    for pattern in site_map.globs():
        found |= set(root.glob(f"{pattern}.ipynb"))
    excludes = [*DEFAULT_EXCLUDES, *(config.get("exclude_patterns") or [])]
    if not config.get("only_build_toc_files", False):
        found |= set(root.rglob("*.ipynb"))
    return sorted(
        p.resolve()
        for p in found
        if p.is_file() and not _excluded(p.relative_to(root).as_posix(), excludes)
    )


def _execution_excluded(path: Path, patterns: list[str]) -> bool:
    """True if ``execute.exclude_patterns`` keeps myst-nb from executing ``path``."""
    posix = PurePosixPath(path.as_posix())
    return any(posix.match(pattern) for pattern in patterns)


def _cell_error(notebook: Path, exc_string: str | None) -> str:
    """The failing cell (its number, counting code cells from 1) and its error, from the
    traceback jupyter-cache stored for ``notebook``."""
    if not exc_string:
        return "the executor failed before running a cell (see the log above)"
    matches = list(CELL_ERROR.finditer(exc_string))
    message = ANSI.sub("", exc_string[matches[-1].end() :] if matches else exc_string).strip()
    if matches and matches[-1].group().startswith("CellTimeoutError"):
        return message.splitlines()[0]  # "A cell timed out ... after N seconds."
    parts = message.split("------------------")
    where = ""
    if len(parts) >= 3:
        source = parts[1].strip("\n")
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        if source in code:
            where = f"code cell {code.index(source) + 1}: "
    last = [line for line in message.splitlines() if line.strip()]
    return where + (last[-1] if last else message)


@contextlib.contextmanager
def site_environment() -> Iterator[None]:
    """Within it, the kernels started inherit ``CAREOPS_STATIC=1``: notebooks run for the static
    site (an exercise shows its static version, careops.widgets.static); restored after."""
    from careops.widgets.static import STATIC_ENV

    before = os.environ.get(STATIC_ENV)
    os.environ[STATIC_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(STATIC_ENV, None)
        else:
            os.environ[STATIC_ENV] = before


def pre_execute(root: Path) -> Report:
    """Add the book's notebooks to its jupyter-cache project and execute the out-of-date ones
    in parallel; nothing happens unless ``execute_notebooks`` is ``cache``."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    root = root.resolve()
    config = book_config(root)
    execute = config.get("execute") or {}
    report = Report(mode=str(execute.get("execute_notebooks", "auto")))
    if report.mode != "cache":
        return report
    if execute.get("run_in_temp", False):
        raise InputError(
            "execute.run_in_temp",
            True,
            "choice",
            choices=[False],
            file=root / "_config.yml",
            message="the parallel pre-execution runs notebooks in their folder",
        )
    skip = list(execute.get("exclude_patterns") or [])
    report.notebooks = [p for p in book_notebooks(root, config) if not _execution_excluded(p, skip)]
    cache = get_cache(str(root / execute.get("cache", "_build/.jupyter_cache")))
    uris = [str(cache.add_nb_to_project(str(p)).uri) for p in report.notebooks]
    stale = {Path(r.uri) for r in cache.list_unexecuted(filter_uris=uris)}
    report.cached = [p for p in report.notebooks if p not in stale]
    if not stale:
        return report
    logger = logging.getLogger("careops.site.execute")
    logger.setLevel(logging.INFO)  # the executor maps INFO to one line per notebook
    executor = load_executor("local-parallel", cache=cache, logger=logger)
    with site_environment():  # the kernels render for the static site (exercises' static part)
        result = executor.run_and_cache(
            filter_uris=[str(p) for p in sorted(stale)],
            timeout=execute.get("timeout", 30),
            allow_errors=bool(execute.get("allow_errors", False)),
        )
    report.executed = sorted(Path(u) for u in result.succeeded)
    for uri in sorted(result.excepted + result.errored):
        record = cache.get_project_record(uri)
        report.failed.append(Failure(Path(uri), _cell_error(Path(uri), record.traceback)))
    return report


def run(root: Path) -> int:
    """Pre-execute the book's notebooks, print what happened; 1 if a notebook failed."""
    report = pre_execute(root)
    tag = "careops site execute"
    if report.mode != "cache":
        print(f"{tag}: execute_notebooks is {report.mode!r}: nothing pre-executed")
        return 0
    print(
        f"{tag}: {len(report.notebooks)} notebook(s) in the book: "
        f"{len(report.executed)} executed in parallel, {len(report.cached)} from the cache, "
        f"{len(report.failed)} failed"
    )
    for failure in report.failed:
        rel = failure.notebook.relative_to(root.resolve())
        print(f"{tag}: {rel}: {failure.error}", file=sys.stderr)
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m careops.site.execute [ROOT]``: the pre-execution alone (the benchmark's)."""
    parser = argparse.ArgumentParser(prog="python -m careops.site.execute", description=__doc__)
    parser.add_argument("root", type=Path, nargs="?", default=Path("."))
    args = parser.parse_args(argv)
    try:
        return run(args.root)
    except CareopsError as error:
        print(f"careops site execute: {error.one_line()}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
