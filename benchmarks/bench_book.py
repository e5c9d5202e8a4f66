"""Book build: serial vs parallel cold build, one-notebook rebuild, no-change rebuild, in one run.

Copies the working tree (tracked and untracked, not ignored, plus the vendored files) twice into
a temporary folder. The first copy is built cold the old way: jupyter-book alone, myst-nb
executing the notebooks one after another. The second is built cold the way ``careops site
build`` does it: ``careops.site.execute`` runs the notebooks into the jupyter-cache in parallel
(one worker per core), then jupyter-book reads them from the cache. The second copy is then
rebuilt after one line of code changes in one notebook, and once more with no change. Prints
seconds, how many notebooks each step executed, the ratios and the issue's targets (parallel
cold at most 0.65x serial on 2 cores; one-notebook rebuild at most 15% of the cold build), and
how many built pages differ between the serial and the parallel site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")
JB_ARGS = ("build", ".", "--builder", "html", "-W", "-n", "--keep-going", "--verbose")
TOUCHED = "book/program/overview.ipynb"
PARALLEL_TARGET = 0.65  # parallel cold / serial cold, on 2 cores
REBUILD_TARGET = 0.15  # one-notebook rebuild / cold build
EXECUTED = re.compile(r"(\d+) executed in parallel")
VARY = re.compile(
    r"T_[0-9a-f]{5}|[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}"
    r"|0x[0-9a-f]+|altair-viz-[0-9a-f]+|view_\d+"
    r"|vega-(?:spec-)?[0-9a-f]{8}-"
)  # careops.site.vegalite: a hash of the page's path
WIDGET_STATE = re.compile(
    r'(<script type="application/vnd\.jupyter\.widget-state\+json">).*?(</script>)', re.S
)


def copy_tree(dest: Path) -> None:
    """Copy the working tree's files (not the ignored ones) and the vendored files to ``dest``."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for rel in files:
        src = ROOT / rel
        if src.is_file():
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out)
    shutil.copytree(ROOT / "_vendor", dest / "_vendor")


def run(cmd: list[str], book: Path) -> str:
    """Run ``cmd`` in ``book``; its output, or exit naming the step if it fails."""
    proc = subprocess.run(cmd, cwd=book, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench_book: {' '.join(cmd[:3])} failed in {book}")
    return proc.stdout + proc.stderr


def serial_build(book: Path) -> tuple[float, int, int]:
    """jupyter-book alone: seconds, notebooks myst-nb executed, 0 pre-executed."""
    start = time.perf_counter()
    log = run([str(JB), *JB_ARGS], book)
    return time.perf_counter() - start, log.count("Executing notebook using"), 0


def parallel_build(book: Path) -> tuple[float, int, int]:
    """Pre-execution then jupyter-book: seconds, notebooks myst-nb executed, pre-executed."""
    start = time.perf_counter()
    pre = run([sys.executable, "-m", "careops.site.execute", "."], book)
    log = run([str(JB), *JB_ARGS], book)
    elapsed = time.perf_counter() - start
    found = EXECUTED.search(pre)
    return elapsed, log.count("Executing notebook using"), int(found.group(1)) if found else -1


def change_one_notebook(book: Path) -> None:
    """Add a comment line to the first code cell of TOUCHED (a new hash: it must re-run)."""
    path = book / TOUCHED
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(cell["source"])
    cell["source"] = source + "\n# benchmark: one changed line\n"
    path.write_text(json.dumps(nb, indent=1))


def normalized(page: Path, book: Path) -> str:
    """A built page with what differs between two executions of the same notebook blanked:
    the book's folder (and the chart ids hashed from it), pandas Styler ids, uuids, object
    addresses, Altair chart ids, and the widget state (its models are keyed, and so ordered,
    by random ids)."""
    text = page.read_text(encoding="utf-8").replace(str(book), "BOOK")
    return VARY.sub("X", WIDGET_STATE.sub(r"\1\2", text))


def differing_pages(a: Path, b: Path) -> list[str]:
    """The built pages (relative) that differ between books ``a`` and ``b``, once normalized."""
    site_a, site_b = a / "_build" / "html", b / "_build" / "html"
    pages = sorted(p.relative_to(site_a) for p in site_a.rglob("*.html"))
    return [
        str(p)
        for p in pages
        if not (site_b / p).is_file() or normalized(site_a / p, a) != normalized(site_b / p, b)
    ]


def first_difference(a: Path, b: Path, page: str) -> str:
    """The first differing line of ``page`` (normalized) in books ``a`` and ``b``, shortened."""
    site = Path("_build") / "html" / page
    lines_a = normalized(a / site, a).splitlines()
    lines_b = normalized(b / site, b).splitlines() if (b / site).is_file() else []
    for i, (x, y) in enumerate(zip(lines_a, lines_b, strict=False)):
        if x != y:
            return f"{page} line {i + 1}: {x[:120]!r} != {y[:120]!r}"
    return f"{page}: {len(lines_a)} lines vs {len(lines_b)}"


def main() -> int:
    """Run the four builds, print the table and the targets; 1 if a build executed the wrong
    notebooks."""
    with tempfile.TemporaryDirectory(prefix="careops-bench-") as tmp:
        serial_book, parallel_book = Path(tmp) / "serial", Path(tmp) / "parallel"
        copy_tree(serial_book)
        copy_tree(parallel_book)
        rows = {
            "serial cold": serial_build(serial_book),
            "parallel cold": parallel_build(parallel_book),
        }
        diff = differing_pages(serial_book, parallel_book)
        first = first_difference(serial_book, parallel_book, diff[0]) if diff else ""
        change_one_notebook(parallel_book)
        rows["rebuild, one notebook edited"] = parallel_build(parallel_book)
        rows["rebuild, no change"] = parallel_build(parallel_book)
    cold = rows["parallel cold"][0]
    print(f"cores: {os.cpu_count()}   (one-notebook rebuild edits {TOUCHED})")
    print(f"{'build':30} {'seconds':>8} {'/serial':>8} {'/cold':>7} {'pre-exec':>9} {'myst-nb':>8}")
    for name, (secs, by_sphinx, pre) in rows.items():
        print(
            f"{name:30} {secs:8.1f} {secs / rows['serial cold'][0]:8.2f} {secs / cold:7.2f} "
            f"{pre:9d} {by_sphinx:8d}"
        )
    parallel = cold / rows["serial cold"][0]
    rebuild = rows["rebuild, one notebook edited"][0] / cold
    print(
        f"parallel cold / serial cold: {parallel:.2f} (target <= {PARALLEL_TARGET}: "
        f"{'met' if parallel <= PARALLEL_TARGET else 'MISSED'})"
    )
    print(
        f"one-notebook rebuild / cold: {rebuild:.2f} (target <= {REBUILD_TARGET}: "
        f"{'met' if rebuild <= REBUILD_TARGET else 'MISSED'})"
    )
    print(
        f"pages differing between the serial and the parallel site (normalized): {len(diff)}"
        + (f" ({', '.join(diff[:5])}{', ...' if len(diff) > 5 else ''})" if diff else "")
    )
    if first:
        print(f"  first difference: {first}")
    every = rows["serial cold"][1]  # what myst-nb alone executed: every notebook of the book
    expected = {
        "parallel cold": (0, every),
        "rebuild, one notebook edited": (0, 1),
        "rebuild, no change": (0, 0),
    }
    wrong = [
        f"{name}: myst-nb executed {rows[name][1]}, the pre-execution {rows[name][2]} "
        f"(expected {sphinx} and {pre})"
        for name, (sphinx, pre) in expected.items()
        if rows[name][1:] != (sphinx, pre)
    ]
    if every == 0:
        wrong.append("the serial cold build executed no notebook")
    for line in wrong:
        print(f"bench_book: {line}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
