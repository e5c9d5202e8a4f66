"""Benchmark: what per-student variants cost when grading 40 submissions (issue 14, item 7).

Two copies of one small assignment (two numeric questions on a capital request, with visible
and hidden tests) in two fresh courses with the course configuration (bwrap sandbox):

- fixed: every student gets the same numbers (``v`` is a constant in the setup cell, hidden
  tests use the same constants);
- variants: ``v = variants.case("bench")`` and ``_case = variants.graded("bench")`` with a
  variants.yml, so each student draws their own case, the executor binds the hidden tests to
  the student and tells the kernel who it is.

40 submissions each (three in four correct, the rest wrong), graded by
``careops grade autograde --workers 2``; the two courses are graded alternately, ``--repeats``
times, and the best time of each is compared. Prints both times and the ratio
variants / fixed (target: under 1.10) and checks that both gave the same scores (correct
students full marks on their own case, wrong ones zero).

Run: .venv/bin/python benchmarks/bench_variants.py   (about 4 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import json
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

from careops.grading import authoring as a
from careops.grading.autograde import MARKER
from careops.grading.course import load_config, write_course_config
from careops.grading.delimiters import DEFAULT

ASSIGNMENT = "bench"
NOTEBOOK = "capital"
SUBMISSIONS = 40
CAREOPS = str(Path(sys.executable).parent / "careops")
FIXED = "price=200000, savings=60000, years=5, rate=0.06"
DECLARED = """course: finance
parameters:
  price: {range: [120000, 240000], step: 10000}
  savings: {range: [60000, 110000], step: 5000}
  years: {range: [4, 8]}
  rate: {range: [0.04, 0.10], step: 0.005}
"""
Q1 = (
    "def capital_npv(price, savings, years, rate):\n"
    "    return npv(rate, [-price] + [savings] * years)"
)
Q2 = "def per_year(total, years):\n    return total / years"
WRONG = {
    "q1_answer": (
        "def capital_npv(price, savings, years, rate):\n    return savings * years - price"
    ),
    "q2_answer": "def per_year(total, years):\n    return total * years",
}


def source_notebook(with_variants: bool) -> nbformat.NotebookNode:
    """The assignment's source notebook, drawing its case per student or not."""
    solution, hidden = DEFAULT.solution, DEFAULT.hidden
    if with_variants:
        setup = "from careops.grading import variants\nv = variants.case('bench')"
        case = "_case = variants.graded('bench')\n"
    else:
        setup = f"from types import SimpleNamespace\nv = SimpleNamespace({FIXED})"
        case = f"_case = SimpleNamespace({FIXED})\n"
    imports = "from careops.finance import npv\nfrom careops.grading.checks import check_number\n"
    return a.notebook(
        [
            a.prompt("intro", "# Capital request\n\nTotal: 3 points"),
            a.setup("setup", imports + setup),
            a.prompt("q1_prompt", "**Q1 (2 points).** Write `capital_npv`; `my_npv` is yours."),
            a.answer(
                "q1_answer",
                a.region(Q1, *solution) + "\n\nmy_npv = capital_npv(v.price, v.savings, v.years, "
                "v.rate)",
            ),
            a.tests(
                "q1_tests",
                "check_number(capital_npv(100.0, 60.0, 2, 0.0), 20.0, 1e-9, name='toy')\n"
                + a.region(
                    case + "_f = [-_case.price] + [_case.savings] * _case.years\n"
                    "check_number(my_npv, npv(_case.rate, _f), 1e-6, name='my_npv')",
                    *hidden,
                ),
                points=2,
            ),
            a.prompt("q2_prompt", "**Q2 (1 point).** Write `per_year`; `my_share` is yours."),
            a.answer(
                "q2_answer", a.region(Q2, *solution) + "\n\nmy_share = per_year(v.price, v.years)"
            ),
            a.tests(
                "q2_tests",
                "check_number(per_year(10.0, 4), 2.5, 1e-9, name='toy')\n"
                + a.region(
                    case + "check_number(my_share, _case.price / _case.years, 1e-9, name='mine')",
                    *hidden,
                ),
                points=1,
            ),
        ],
        total_points=3,
    )


def _answer(release: nbformat.NotebookNode, correct: bool) -> nbformat.NotebookNode:
    """What a student hands in: the model functions (correct) or wrong ones."""
    begin, end = DEFAULT.solution
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in WRONG:
            function = {"q1_answer": Q1, "q2_answer": Q2}[grade_id] if correct else WRONG[grade_id]
            stub = "\n".join(
                line
                for line in cell.source.splitlines()
                if line.strip() not in (begin, end)
                and "YOUR CODE HERE" not in line
                and "NotImplementedError" not in line
            )
            cell.source = function + "\n" + stub
    return release


def make_course(root: Path, with_variants: bool) -> Path:
    """A fresh course with the assignment generated and 40 submissions collected."""
    write_course_config(root, course_id="careops-bench-variants", timeout=30)
    folder = root / "source" / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(source_notebook(with_variants), folder / f"{NOTEBOOK}.ipynb")
    if with_variants:
        (folder / "variants.yml").write_text(DECLARED, encoding="utf-8")
    result = NbGraderAPI(config=load_config(root)).generate_assignment(ASSIGNMENT)
    if not result["success"]:
        raise RuntimeError(result.get("error") or result.get("log"))
    release = root / "release" / ASSIGNMENT
    stamp = str(datetime.now(UTC))
    for i in range(SUBMISSIONS):
        target = root / "submitted" / f"student{i:02d}" / ASSIGNMENT
        target.mkdir(parents=True)
        work = _answer(nbformat.read(release / f"{NOTEBOOK}.ipynb", as_version=4), i % 4 != 3)
        nbformat.write(work, target / f"{NOTEBOOK}.ipynb")
        for extra in release.iterdir():
            if extra.suffix != ".ipynb":
                (target / extra.name).write_bytes(extra.read_bytes())
        (target / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return root


def grade(course: Path) -> float:
    """Wall seconds of `careops grade autograde --workers 2 --force` on the course."""
    env = dict(
        os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    )
    cmd = [CAREOPS, "grade", "--course-dir", str(course), "autograde", ASSIGNMENT]
    cmd += ["--workers", "2", "--no-progress", "--force"]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-1500:]}\n{done.stderr[-3000:]}")
    return seconds


def execution_seconds(course: Path) -> float:
    """Total seconds the workers spent executing the submissions (from the resume markers)."""
    markers = course.glob(f"autograded/*/{ASSIGNMENT}/{MARKER}")
    return sum(json.loads(m.read_text(encoding="utf-8"))["seconds"] for m in markers)


def scores(course: Path) -> dict[str, float]:
    """Autograde score of every student."""
    config = load_config(course)
    with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
        return {s.student.id: s.code_score for s in gb.assignment_submissions(ASSIGNMENT)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="timed runs of each (best kept)")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"fixed": [], "variants": []}
    executing: dict[str, list[float]] = {"fixed": [], "variants": []}
    with tempfile.TemporaryDirectory(prefix="careops-bench-variants-") as name:
        courses = {label: make_course(Path(name) / label, label == "variants") for label in times}
        for _ in range(max(1, args.repeats)):
            for label, course in courses.items():
                times[label].append(grade(course))
                executing[label].append(execution_seconds(course))
        got = {label: scores(course) for label, course in courses.items()}
    expected = {f"student{i:02d}": 3.0 if i % 4 != 3 else 0.0 for i in range(SUBMISSIONS)}
    fixed, varied = min(times["fixed"]), min(times["variants"])
    print(
        f"`careops grade autograde --workers 2`, {SUBMISSIONS} submissions, "
        f"{os.cpu_count()} cores (wall seconds, best of {len(times['fixed'])})"
    )
    for label in times:
        runs = ", ".join(f"{t:.1f}" for t in times[label])
        busy = min(executing[label]) / SUBMISSIONS
        print(
            f"{label:9} {min(times[label]):7.1f}s  (runs: {runs})  executing "
            f"{busy:.2f}s a submission  scores as expected: {got[label] == expected}"
        )
    print(f"ratio variants / fixed: {varied / fixed:.3f}x (target: under 1.10x)")
    return 0 if all(g == expected for g in got.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
