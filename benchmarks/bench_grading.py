"""Benchmark: `careops grade autograde --workers 2` against plain `nbgrader autograde`.

Two comparisons, each on identical fresh courses, in one run:

- small runs (an instructor regrading one or two late hand-ins): nbgrader's own user-guide
  course (ps1, two notebooks per submission), with 1 and with 2 submissions. Its config is
  nbgrader's default, so plain nbgrader runs kernels unsandboxed, while careops always
  executes student code in its bwrap sandbox (no network, read-only system, limits).
  careops grades a single pending submission in-process (no worker pool to start).
- a large run: 40 submissions of careops's tiny assignment with the course configuration, so
  both tools run every kernel in the same bwrap sandbox (careops.grading.execute.SandboxedExecute).
  careops overlaps kernel start-up with execution (a warm spare kernel per worker) and runs
  workers in parallel while the parent alone writes the gradebook.

Prints every time with the ratio careops / nbgrader (lower is better: target at most 1.1x on
one submission, at most 0.5x on 40) and checks that both tools gave every student the same score.

Run: .venv/bin/python benchmarks/bench_grading.py   (about 3 minutes on 2 cores)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import nbgrader
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.grading.course import load_config, write_course_config
from careops.grading.samples import TINY_NOTEBOOK, submission, tiny_source

ASSIGNMENT = "bench"
SUBMISSIONS = 40
KINDS = ("correct", "wrong", "raises", "hard_coded", "spoof_eq", "deleted_test", "edited_test")
USER_GUIDE = Path(nbgrader.__file__).parent / "docs" / "source" / "user_guide"
UG_ASSIGNMENT, UG_STUDENTS = "ps1", ("bitdiddle", "hacker")
CAREOPS = str(Path(sys.executable).parent / "careops")


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
        nbformat.write(
            submission(KINDS[i % len(KINDS)], release), folder / f"{TINY_NOTEBOOK}.ipynb"
        )
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return root


def make_user_guide_course(root: Path, students: int) -> Path:
    """nbgrader's user-guide course (its default config) with ps1 generated, `students`
    submitted."""
    (root / "source").mkdir(parents=True)
    shutil.copytree(USER_GUIDE / "source" / UG_ASSIGNMENT, root / "source" / UG_ASSIGNMENT)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        "c.CourseDirectory.course_id = 'user-guide'\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(root / 'gradebook.db')!r}\n",
        encoding="utf-8",
    )
    result = NbGraderAPI(config=load_config(root)).generate_assignment(UG_ASSIGNMENT)
    if not result["success"]:
        raise RuntimeError(result.get("error") or result.get("log"))
    for student in UG_STUDENTS[:students]:
        shutil.copytree(
            USER_GUIDE / "submitted" / student / UG_ASSIGNMENT,
            root / "submitted" / student / UG_ASSIGNMENT,
        )
    return root


def timed(cmd: list[str], cwd: Path) -> float:
    """Wall seconds of a command (its output is discarded; failure aborts the benchmark)."""
    env = dict(
        os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    )
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-1500:]}\n{done.stderr[-3000:]}")
    return seconds


def scores(root: Path, assignment: str) -> dict[str, float]:
    """Autograde score of every student."""
    config = load_config(root)
    course_id = config.CourseDirectory.course_id
    with Gradebook(config.CourseDirectory.db_url, course_id) as gb:
        return {s.student.id: s.code_score for s in gb.assignment_submissions(assignment)}


def compare(
    tmp: Path, label: str, build: Callable[[Path], Path], assignment: str
) -> tuple[float, float, bool]:
    """Time plain nbgrader and careops on two identical fresh courses; (plain, careops, same)."""
    plain_course = build(tmp / f"{label}-plain")
    careops_course = build(tmp / f"{label}-careops")
    plain = timed([sys.executable, "-m", "nbgrader", "autograde", assignment], plain_course)
    ours = timed(
        [
            CAREOPS,
            "grade",
            "--course-dir",
            str(careops_course),
            "autograde",
            assignment,
            "--workers",
            "2",
            "--no-progress",
        ],
        careops_course,
    )
    return plain, ours, scores(plain_course, assignment) == scores(careops_course, assignment)


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="careops-bench-") as name:
        tmp = Path(name)
        for n in (1, 2):
            rows.append(
                (
                    f"user guide ps1, {n} submission{'s' * (n > 1)}",
                    "nbgrader unsandboxed, careops in bwrap",
                    *compare(
                        tmp,
                        f"ug{n}",
                        lambda root, n=n: make_user_guide_course(root, n),
                        UG_ASSIGNMENT,
                    ),
                )
            )
        rows.append(
            (
                f"tiny assignment, {SUBMISSIONS} submissions",
                "both in bwrap",
                *compare(tmp, "tiny40", make_course, ASSIGNMENT),
            )
        )
    print(
        f"plain `nbgrader autograde` vs `careops grade autograde --workers 2`, "
        f"{os.cpu_count()} cores (wall seconds; ratio = careops / nbgrader, lower is better)"
    )
    print(f"{'run':34} {'sandbox':40} {'nbgrader':>9} {'careops':>9} {'ratio':>7}  same scores")
    for label, sandbox, plain, ours, same in rows:
        print(f"{label:34} {sandbox:40} {plain:8.1f}s {ours:8.1f}s {ours / plain:6.2f}x  {same}")
    print("targets: at most 1.10x on 1 submission, at most 0.50x (2x faster) on 40")
    return 0 if all(row[-1] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
