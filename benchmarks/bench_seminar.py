"""Benchmark the journal-club site rebuild after the seminar lead edits one session.

Run: .venv/bin/python benchmarks/bench_seminar.py  (about 30 seconds on 2 cores)

careops.seminar.pages writes a generated page only when its text changed, so Sphinx re-reads
just the edited session and the pages whose directives read sessions.yml. The straightforward
alternative regenerates the whole source tree (every file new), which makes Sphinx re-read
every page. Both runs start from the same fully built site and make the same edit (one
session's title); the script prints the seconds for each and the ratio, and checks that both
produce the same session page.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from careops.seminar.site import build_site

ROOT = Path(__file__).resolve().parents[1]
STAMP = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
OLD_TITLE = "title: Run charts for learning from variation"
NEW_TITLE = "title: Run charts for learning from variation over time"


def prepared(work: Path) -> tuple[Path, Path]:
    """A copy of seminar/ and a fully built site from it."""
    folder = work / "seminar"
    shutil.copytree(ROOT / "seminar", folder)
    build_site(folder, work / "build", stamp=STAMP)
    sessions = folder / "sessions.yml"
    sessions.write_text(
        sessions.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE), encoding="utf-8"
    )
    return folder, work / "build"


def timed(action) -> tuple[float, Path]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        folder, build = prepared(Path(a))
        incremental, html_a = timed(lambda: build_site(folder, build, stamp=STAMP))

        folder_b, build_b = prepared(Path(b))

        def regenerate_everything() -> Path:
            shutil.rmtree(build_b / "src")  # every source file written anew
            return build_site(folder_b, build_b, stamp=STAMP)

        full, html_b = timed(regenerate_everything)
        page = "sessions/2027-03-24-1600.html"
        same = (html_a / page).read_text(encoding="utf-8") == (html_b / page).read_text(
            encoding="utf-8"
        )
        assert same and "variation over time" in (html_a / page).read_text(encoding="utf-8")
    print("rebuild after editing one session title")
    print(f"  write-if-changed (careops): {incremental:6.2f} s")
    print(f"  regenerate every source:    {full:6.2f} s")
    print(f"  ratio: {full / incremental:.1f}x")


if __name__ == "__main__":
    main()
