"""A whole term in miniature, with real nbgrader: from source to exported grades.

One temporary course (own exchange, own SQLite gradebook, 10 s cell timeout) runs every step:
create course, add students, generate, release, fetch and submit as students through the
exchange, collect, autograde (careops, 2 workers, sandboxed), generate and release feedback,
fetch feedback, export grades. The students hand in a gallery of good and bad notebooks
(careops.grading.samples.KINDS); each test below checks one outcome of that run.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit
from traitlets.config import Config

from careops.grading.autograde import MARKER, AutogradeSummary, autograde
from careops.grading.course import load_config, write_course_config
from careops.grading.feedback import find_hidden_lines, source_hidden_lines
from careops.grading.feedback_run import FeedbackResult, generate_feedback
from careops.grading.samples import EXPECTED_AUTO, KINDS, TINY_NOTEBOOK, submission, tiny_source

from .conftest import shared_once
from .variant_round import STUDENTS, VariantRound, case_of, printed_case, run_variant_round

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("grading-roundtrip"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("bwrap_available"),
]

ASSIGNMENT = "tiny1"
COURSE_ID = "careops-rt"


@dataclass
class Term:
    """Everything the round trip produced."""

    course: Path
    homes: dict[str, Path]
    summary: AutogradeSummary
    rerun: AutogradeSummary
    feedback: FeedbackResult
    export_csv: Path
    db_url: str
    variants: VariantRound  # operations-1 with per-student variants, in a course of its own


def _student_exchange(
    cls: type,
    course: Path,
    home: Path,
    student: str,
    assignment: str = ASSIGNMENT,
    course_id: str = COURSE_ID,
) -> None:
    """Run a student-side exchange action (fetch, submit, fetch feedback) as that student."""
    config = Config()
    config.Exchange.root = str(course / "exchange")
    config.Exchange.cache = str(home / ".nbgrader-cache")
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.course_id = course_id
    config.CourseDirectory.assignment_id = assignment
    config.CourseDirectory.student_id = student
    coursedir = CourseDirectory(config=config)
    app = cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
    app.start()


def _hand_in(course: Path, home: Path, kind: str) -> None:
    """Fetch the released assignment, do the work (well or badly), submit."""
    _student_exchange(ExchangeFetchAssignment, course, home, kind)
    path = home / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb"
    work = submission(kind, nbformat.read(path, as_version=4))
    if isinstance(work, str):
        path.write_text(work, encoding="utf-8")
    else:
        nbformat.write(work, path)
    _student_exchange(ExchangeSubmit, course, home, kind)


@pytest.fixture(scope="session")
def term(tmp_path_factory: pytest.TempPathFactory) -> Term:
    return shared_once(tmp_path_factory, "grading-roundtrip", _run_the_term)


def _run_the_term(root: Path) -> Term:
    course = root / "course"
    write_course_config(
        course,
        course_id=COURSE_ID,
        exchange=root / "course" / "exchange",
        timeout=10,
        extra="c.SandboxedExecute.interrupt_grace = 2.0",
    )
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(), course / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    config = load_config(course)
    db_url = config.CourseDirectory.db_url
    api = NbGraderAPI(config=config)

    with Gradebook(db_url, COURSE_ID) as gb:  # add the students (nbgrader db student add)
        for kind in KINDS:
            gb.update_or_create_student(
                kind,
                first_name=kind.title(),
                last_name="Student",
                email=f"{kind}@example.org",
                lms_user_id=f"lms-{kind}",
            )
    assert api.generate_assignment(ASSIGNMENT)["success"]
    assert api.release_assignment(ASSIGNMENT)["success"]

    homes = {kind: root / "home" / kind for kind in KINDS}
    for kind in KINDS:
        homes[kind].mkdir(parents=True)
        if kind != "late":
            _hand_in(course, homes[kind], kind)
    with Gradebook(db_url, COURSE_ID) as gb:  # the deadline passes...
        gb.update_or_create_assignment(ASSIGNMENT, duedate=datetime.now(UTC).replace(tzinfo=None))
    time.sleep(1.1)
    _hand_in(course, homes["late"], "late")  # ...and one student is late

    assert api.collect(ASSIGNMENT)["success"]
    summary = autograde(ASSIGNMENT, course_dir=course, workers=2, progress=False)
    rerun = autograde(ASSIGNMENT, course_dir=course, workers=1, progress=False)
    feedback = generate_feedback(ASSIGNMENT, course_dir=course, release=True)
    for kind in KINDS:
        _student_exchange(ExchangeFetchFeedback, course, homes[kind], kind)

    export_csv = course / "grades.csv"
    env = dict(
        os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    )
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", "--to", str(export_csv)],
        cwd=course,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    variant_round = run_variant_round(root, f"{COURSE_ID}-variants", _student_exchange)
    return Term(course, homes, summary, rerun, feedback, export_csv, db_url, variant_round)


def _submission(term: Term, student: str):
    gb = Gradebook(term.db_url, COURSE_ID)
    return gb, gb.find_submission(ASSIGNMENT, student)


def test_no_submission_fails_to_grade(term: Term) -> None:
    assert term.summary.failed == {}
    assert sorted(term.summary.graded) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_submission_gets_its_expected_autograde_score(term: Term, kind: str) -> None:
    gb, sub = _submission(term, kind)
    with gb:
        assert sub.code_score == pytest.approx(EXPECTED_AUTO[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_each_submission_gets_a_feedback_file_the_student_can_fetch(term: Term, kind: str) -> None:
    assert (term.course / "feedback" / kind / ASSIGNMENT / f"{TINY_NOTEBOOK}.html").is_file()
    fetched = list((term.homes[kind] / ASSIGNMENT / "feedback").glob(f"*/{TINY_NOTEBOOK}.html"))
    assert len(fetched) == 1


def test_no_autograded_cell_is_left_for_manual_fixing(term: Term) -> None:
    with Gradebook(term.db_url, COURSE_ID) as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                stuck = [
                    g.name
                    for g in nb.grades
                    if g.cell_type == "code" and (g.auto_score is None or g.needs_manual_grade)
                ]
                assert stuck == [], f"{sub.student.id}: {stuck}"


def test_only_written_answers_wait_for_the_instructor(term: Term) -> None:
    with Gradebook(term.db_url, COURSE_ID) as gb:
        waiting = {
            g.name
            for s in gb.assignment_submissions(ASSIGNMENT)
            for nb in s.notebooks
            for g in nb.grades
            if g.needs_manual_grade
        }
    assert waiting == {"w1_answer"}


def test_the_late_submission_is_recorded_late_and_the_others_on_time(term: Term) -> None:
    with Gradebook(term.db_url, COURSE_ID) as gb:
        late = {s.student.id: s.total_seconds_late for s in gb.assignment_submissions(ASSIGNMENT)}
    assert late.pop("late") > 0
    assert set(late.values()) == {0}


def test_feedback_never_shows_a_hidden_test(term: Term) -> None:
    secrets = source_hidden_lines(term.course / "source" / ASSIGNMENT)
    assert secrets
    pages = list(term.course.glob(f"feedback/*/{ASSIGNMENT}/*.html"))
    pages += [
        p for home in term.homes.values() for p in home.glob(f"{ASSIGNMENT}/feedback/*/*.html")
    ]
    assert len(pages) == 2 * len(KINDS)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert find_hidden_lines(html, secrets) == [], page
        assert "takt_hidden_case" not in html and "450, 90" not in html


def test_the_hidden_test_did_run_for_the_hard_coded_answer(term: Term) -> None:
    autograded = term.course / "autograded" / "hard_coded" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb"
    assert "takt_hidden_case" in autograded.read_text(encoding="utf-8")  # failed in the grader
    html = (
        term.course / "feedback" / "hard_coded" / ASSIGNMENT / f"{TINY_NOTEBOOK}.html"
    ).read_text(encoding="utf-8")
    assert "HiddenTestFailed" in html


def test_an_unreadable_notebook_gets_feedback_explaining_why(term: Term) -> None:
    html = (
        term.course / "feedback" / "invalid_json" / ASSIGNMENT / f"{TINY_NOTEBOOK}.html"
    ).read_text(encoding="utf-8")
    assert "could not be read" in html


def test_a_kernel_that_ignores_interrupts_is_stopped_and_later_cells_marked(term: Term) -> None:
    nb = nbformat.read(
        term.course / "autograded" / "swallow_interrupt" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb",
        as_version=4,
    )
    enames = [o.get("ename") for c in nb.cells for o in c.get("outputs", [])]
    assert "KernelStopped" in enames


def test_a_rerun_skips_every_submission_already_graded(term: Term) -> None:
    assert term.rerun.graded == []
    assert sorted(term.rerun.skipped) == sorted(KINDS)


def test_every_graded_submission_has_a_resume_marker_with_its_timestamp(term: Term) -> None:
    for kind in KINDS:
        marker = json.loads((term.course / "autograded" / kind / ASSIGNMENT / MARKER).read_text())
        stamp = (
            (term.course / "submitted" / kind / ASSIGNMENT / "timestamp.txt").read_text().strip()
        )
        assert marker["timestamp"] == stamp


def test_nbgrader_export_lists_every_student_with_a_score(term: Term) -> None:
    with term.export_csv.open(encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(KINDS)
    assert float(rows["correct"]["raw_score"]) == pytest.approx(EXPECTED_AUTO["correct"])


def test_feedback_was_released_to_the_exchange(term: Term) -> None:
    assert term.feedback.released
    assert len(list((term.course / "exchange" / COURSE_ID / "feedback").glob("*.html"))) == len(
        KINDS
    )


def test_due_date_is_in_the_past_of_the_late_submission(term: Term) -> None:
    stamp = (term.course / "submitted" / "late" / ASSIGNMENT / "timestamp.txt").read_text().strip()
    with Gradebook(term.db_url, COURSE_ID) as gb:
        due = gb.find_assignment(ASSIGNMENT).duedate
    submitted = datetime.fromisoformat(stamp.replace(" UTC", "")).replace(tzinfo=None)
    assert submitted - due > timedelta(0)


# --- per-student variants (operations-1, four students, see variant_round.py) ---------------


def test_each_student_is_graded_on_their_own_variant(term: Term) -> None:
    rnd = term.variants
    assert rnd.summary is not None and rnd.summary.failed == {}
    assert sorted(rnd.summary.graded) == sorted(STUDENTS)
    assert case_of("alice").params != case_of("bob").params
    # the model solution scores full marks on alice's case and on bob's
    assert rnd.scores["alice"] == rnd.scores["bob"] == 8.0
    for student in STUDENTS:  # the kernel drew the case of the student who submitted
        assert printed_case(rnd.autograded[student]) == repr(case_of(student))


def test_alices_answers_fail_on_another_students_variant(term: Term) -> None:
    # carol hands in alice's answers: right for alice (full marks above), wrong for carol
    assert all(case_of("carol").params[k] != v for k, v in case_of("alice").params.items())
    assert term.variants.scores["carol"] == 0.0


def test_a_submission_that_rewrites_its_identity_is_graded_on_its_real_variant(
    term: Term,
) -> None:
    # mallory sets CAREOPS_STUDENT=alice, patches variants.case/graded and rewrites variants.yml
    assert all(case_of("mallory").params[k] != v for k, v in case_of("alice").params.items())
    assert term.variants.scores["mallory"] == 0.0
    graded = term.variants.autograded["mallory"].read_text(encoding="utf-8")
    assert "student='mallory'" in graded  # the hidden tests were bound to mallory's own case


def test_each_variant_student_fetches_feedback_without_hidden_tests(term: Term) -> None:
    rnd = term.variants
    secrets = source_hidden_lines(rnd.course / "source" / "operations-1")
    for student in STUDENTS:
        pages = [p for p in rnd.fetched_feedback[student] if p.suffix == ".html"]
        assert len(pages) == 1, rnd.fetched_feedback[student]
        html = pages[0].read_text(encoding="utf-8")
        assert find_hidden_lines(html, secrets) == []
        assert "fromlist" not in html
