"""The variant half of the round trip: operations-1 through the exchange as four students.

``alice`` and ``bob`` hand in the model solution, each on their own case. ``carol`` hands in
alice's answers (the solution run on alice's case). ``mallory`` rewrites her identity to
alice's (the careops variable, the variants module, and the variants.yml next to her notebook)
and hands in alice's answers too. test_roundtrip.py checks what each was graded on.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit

from careops.grading import variants
from careops.grading.autograde import AutogradeSummary, autograde
from careops.grading.course import REPO_COURSE, load_config, write_course_config
from careops.grading.delimiters import DEFAULT
from careops.grading.feedback_run import FeedbackResult, generate_feedback

VARIANT_ASSIGNMENT = "operations-1"
VARIANT_NOTEBOOK = "ed-flow"
STUDENTS = ("alice", "bob", "carol", "mallory")
AUTOGRADED_POINTS = 8.0
# what each student's first answer cell starts with (after the imports a solution needs)
COPY_ALICE = "v = variants.draw(variants.declaration('operations-1'), 'alice')  # alice's case\n"
TAMPER = (
    "import os\n"
    "os.environ['CAREOPS_STUDENT'] = 'alice'\n"
    "open('variants.yml', 'w').write(\n"
    "    'course: operations\\nparameters:\\n'\n"
    "    + ''.join(f'  {k}: {{choices: [{x}]}}\\n' for k, x in _alice.params.items())\n"
    ")\n"
    "variants.case = variants.graded = lambda *args, **kwargs: _alice\n"
    "v = variants.case('operations-1')\n"
)
PRELUDES = {
    "alice": "",
    "bob": "",
    "carol": COPY_ALICE,
    "mallory": "_alice = variants.draw(variants.declaration('operations-1'), 'alice')\n" + TAMPER,
}

Exchange = Callable[..., None]  # (cls, course, home, student, assignment, course_id) -> None


@dataclass
class VariantRound:
    """What the variant round produced: scores, summaries, feedback, autograded notebooks."""

    course: Path
    scores: dict[str, float] = field(default_factory=dict)
    summary: AutogradeSummary | None = None
    feedback: FeedbackResult | None = None
    autograded: dict[str, Path] = field(default_factory=dict)
    fetched_feedback: dict[str, list[Path]] = field(default_factory=dict)


def _strip_solution(source: str) -> str:
    """A source solution cell as a student would type it (delimiter lines removed)."""
    begin, end = DEFAULT.solution
    return "\n".join(line for line in source.splitlines() if line.strip() not in (begin, end))


def student_work(release: nbformat.NotebookNode, prelude: str) -> nbformat.NotebookNode:
    """The released notebook with the model solution typed into every code answer cell.

    ``prelude`` goes at the top of the first code answer cell (what the student does first).
    """
    source = nbformat.read(
        REPO_COURSE / "source" / VARIANT_ASSIGNMENT / f"{VARIANT_NOTEBOOK}.ipynb", as_version=4
    )
    answers = {
        c.metadata["nbgrader"]["grade_id"]: _strip_solution(c.source)
        for c in source.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    }
    first = True
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and grade_id in answers:
            cell.source = (prelude if first else "") + answers[grade_id]
            first = False
    return release


def run_variant_round(root: Path, course_id: str, exchange: Exchange) -> VariantRound:
    """In a course of its own: generate, release, fetch as four students, submit, collect,
    autograde, generate and release feedback, fetch it."""
    course = root / "variant-course"
    write_course_config(course, course_id=course_id, exchange=course / "exchange", timeout=30)
    shutil.copytree(
        REPO_COURSE / "source" / VARIANT_ASSIGNMENT, course / "source" / VARIANT_ASSIGNMENT
    )
    config = load_config(course)
    db_url = config.CourseDirectory.db_url
    api = NbGraderAPI(config=config)
    assert api.generate_assignment(VARIANT_ASSIGNMENT)["success"]
    assert api.release_assignment(VARIANT_ASSIGNMENT)["success"]
    with Gradebook(db_url, course_id) as gb:
        for student in STUDENTS:
            gb.update_or_create_student(student, first_name=student.title(), last_name="V")
    for student in STUDENTS:
        home = root / "variant-home" / student
        home.mkdir(parents=True)
        exchange(ExchangeFetchAssignment, course, home, student, VARIANT_ASSIGNMENT, course_id)
        path = home / VARIANT_ASSIGNMENT / f"{VARIANT_NOTEBOOK}.ipynb"
        nbformat.write(student_work(nbformat.read(path, as_version=4), PRELUDES[student]), path)
        exchange(ExchangeSubmit, course, home, student, VARIANT_ASSIGNMENT, course_id)
    assert api.collect(VARIANT_ASSIGNMENT)["success"]
    result = VariantRound(course)
    result.summary = autograde(VARIANT_ASSIGNMENT, course_dir=course, workers=2, progress=False)
    result.feedback = generate_feedback(VARIANT_ASSIGNMENT, course_dir=course, release=True)
    with Gradebook(db_url, course_id) as gb:
        for student in STUDENTS:
            submission = gb.find_submission(VARIANT_ASSIGNMENT, student)
            result.scores[student] = float(
                sum(g.auto_score or 0 for nb in submission.notebooks for g in nb.grades)
            )
    for student in STUDENTS:
        home = root / "variant-home" / student
        exchange(ExchangeFetchFeedback, course, home, student, VARIANT_ASSIGNMENT, course_id)
        result.fetched_feedback[student] = sorted(home.glob(f"{VARIANT_ASSIGNMENT}/feedback/*/*"))
        result.autograded[student] = (
            course / "autograded" / student / VARIANT_ASSIGNMENT / f"{VARIANT_NOTEBOOK}.ipynb"
        )
    return result


def printed_case(notebook: Path) -> str:
    """The case line the setup cell printed in an executed notebook."""
    nb = nbformat.read(notebook, as_version=4)
    setup = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    return "".join(o.get("text", "") for o in setup.outputs if o.output_type == "stream").strip()


def case_of(student: str) -> variants.Case:
    """A student's case of the variant assignment, drawn in this process."""
    decl = variants.declaration(VARIANT_ASSIGNMENT, REPO_COURSE / "source" / VARIANT_ASSIGNMENT)
    return variants.draw(decl, student)
