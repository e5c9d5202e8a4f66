"""Benchmark: 40 submissions autograded by plain `nbgrader autograde` and by
`careops grade autograde --workers 2`, in the same run, on identical fresh courses.

Both use the course configuration (the same bwrap sandbox per kernel); careops overlaps
kernel start-up with execution (a warm spare kernel per worker) and runs workers in parallel
while the parent alone writes the gradebook. Prints both times, the ratio, and checks that
both gave every student the same score.

Run: .venv/bin/python benchmarks/bench_grading.py   (about 2-3 minutes on 2 cores)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.grading.course import load_config, write_course_config
from careops.grading.samples import TINY_NOTEBOOK, submission, tiny_source

ASSIGNMENT = "bench"
SUBMISSIONS = 40
KINDS = ("correct", "wrong", "raises", "hard_coded", "spoof_eq", "deleted_test", "edited_test")


def make_course(root: Path) -> Path:
    """A fresh course with the tiny assignment generated and 40 submissions collected."""
    write_course_config(root, course_id="careops-bench", timeout=30)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(), root / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    result = NbGraderAPI(config=load_config(root)).generate_assignment(ASSIGNMENT)
    if not result["success"]:
        raise RuntimeError(result.get("error") or result.get("log"))
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb", as_version=4)
    stamp = str(datetime.now(UTC))
    for i in range(SUBMISSIONS):
        folder = root / "submitted" / f"student{i:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(submission(KINDS[i % len(KINDS)], release), folder / f"{TINY_NOTEBOOK}.ipynb")
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return root


def timed(cmd: list[str], cwd: Path) -> float:
    """Wall seconds of a command (its output is discarded; failure aborts the benchmark)."""
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return seconds


def scores(root: Path) -> dict[str, float]:
    """Autograde score of every student."""
    config = load_config(root)
    with Gradebook(config.CourseDirectory.db_url, "careops-bench") as gb:
        return {s.student.id: s.code_score for s in gb.assignment_submissions(ASSIGNMENT)}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="careops-bench-") as tmp:
        plain_course = make_course(Path(tmp) / "plain")
        careops_course = make_course(Path(tmp) / "careops")
        plain = timed([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], plain_course)
        ours = timed([str(Path(sys.executable).parent / "careops"), "grade", "--course-dir",
                      str(careops_course), "autograde", ASSIGNMENT, "--workers", "2",
                      "--no-progress"], careops_course)
        same = scores(plain_course) == scores(careops_course)
    print(f"{SUBMISSIONS} submissions, sandboxed kernels, {os.cpu_count()} cores")
    print(f"plain `nbgrader autograde`:               {plain:7.1f} s")
    print(f"`careops grade autograde --workers 2`:    {ours:7.1f} s")
    print(f"ratio (nbgrader / careops):               {plain / ours:7.2f}x")
    print(f"same scores for every student:            {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
