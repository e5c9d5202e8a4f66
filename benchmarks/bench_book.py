"""Book build: cold build vs rebuild after changing one notebook, in one run.

Copies the working tree (tracked and untracked, not ignored, plus the vendored files) into a
temporary folder, builds it cold, changes one line of code in one notebook, and rebuilds.
Prints seconds, the ratio rebuild/cold, and how many notebooks each build executed: with
jupyter-cache the rebuild must execute only the changed notebook.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).with_name("jupyter-book")
TOUCHED = "book/program/overview.ipynb"


def copy_tree(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    for rel in files:
        src = ROOT / rel
        if src.is_file():
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out)
    shutil.copytree(ROOT / "_vendor", dest / "_vendor")


def build(book: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(JB), "build", ".", "--builder", "html", "-W", "-n", "--keep-going", "--verbose"],
        cwd=book, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench_book: build failed in {book}")
    executed = (proc.stdout + proc.stderr).count("Executing notebook using")
    return elapsed, executed


def change_one_notebook(book: Path) -> None:
    path = book / TOUCHED
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(cell["source"])
    cell["source"] = source + "\n# benchmark: one changed line\n"
    path.write_text(json.dumps(nb, indent=1))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="careops-bench-") as tmp:
        book = Path(tmp) / "book"
        copy_tree(book)
        cold, cold_n = build(book)
        change_one_notebook(book)
        warm, warm_n = build(book)
    print(f"cold build:                 {cold:7.1f} s  ({cold_n} notebooks executed)")
    print(f"rebuild, one notebook edited: {warm:5.1f} s  ({warm_n} notebook(s) executed: {TOUCHED})")
    print(f"ratio rebuild/cold:         {warm / cold:7.2f}")
    if warm_n != 1:
        print(f"bench_book: expected the rebuild to execute exactly 1 notebook, it executed {warm_n}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
