"""`careops grade mastery` on a real term in miniature: generate, autograde, grade, mastery.

One temporary course (own SQLite gradebook): ``tiny1`` (careops.grading.samples, objectives
in TINY_OBJECTIVES) is generated and handed in by three students with different answers
(``correct``, ``wrong``, ``hard_coded``); a fourth (``absent``) hands in nothing. It is
autograded (sandboxed kernels) and the written part graded as the formgrader does (``correct``
2 points, ``wrong`` 1, ``hard_coded`` not yet). ``tiny2`` is generated but never collected;
``tiny3`` is only in source/. The expected numbers below are worked out by hand.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import vl_convert
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.cli import main
from careops.grading.autograde import AutogradeSummary, autograde
from careops.grading.course import load_config, write_course_config
from careops.grading.mastery import CSV_COLUMNS, load_mastery
from careops.grading.report import BUNDLE_NAME
from careops.grading.samples import TINY_NOTEBOOK, submit, tiny_source

from .conftest import shared_once

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("bwrap_available"),
]

COURSE_ID = "careops-mastery"
STUDENTS = ("absent", "correct", "hard_coded", "wrong")
WRITTEN = {"correct": 2.0, "wrong": 1.0}  # w1_answer (2 points); hard_coded not graded yet

# By hand. tiny1: q1_tests (2 points) -> operations.2; q2_tests (1) -> operations.3;
# w1_answer (2) -> operations.2 and operations.4. Autograde: correct q1 2, q2 1; wrong 0, 0;
# hard_coded q1 0 (fails the hidden test), q2 1. absent earns 0 on every cell of tiny1.
# (student, objective) -> (earned, possible, attainment or None, pending, not submitted)
EXPECTED = {
    ("correct", "operations.2"): (4.0, 4.0, 1.0, 0, 0),  # (2 + 2) / (2 + 2)
    ("wrong", "operations.2"): (1.0, 4.0, 0.25, 0, 0),  # (0 + 1) / 4
    ("hard_coded", "operations.2"): (0.0, 2.0, 0.0, 1, 0),  # q1 only: w1 still to grade
    ("absent", "operations.2"): (0.0, 4.0, 0.0, 0, 2),
    ("correct", "operations.3"): (1.0, 1.0, 1.0, 0, 0),
    ("wrong", "operations.3"): (0.0, 1.0, 0.0, 0, 0),
    ("hard_coded", "operations.3"): (1.0, 1.0, 1.0, 0, 0),
    ("absent", "operations.3"): (0.0, 1.0, 0.0, 0, 1),
    ("correct", "operations.4"): (2.0, 2.0, 1.0, 0, 0),
    ("wrong", "operations.4"): (1.0, 2.0, 0.5, 0, 0),
    ("hard_coded", "operations.4"): (0.0, 0.0, None, 1, 0),  # nothing graded yet: no attainment
    ("absent", "operations.4"): (0.0, 2.0, 0.0, 0, 1),
}
# objective -> (students at or above 0.7, students with an attainment)
MEETING_70 = {"operations.2": (1, 4), "operations.3": (2, 4), "operations.4": (1, 3)}
MEETING_50 = {"operations.2": (1, 4), "operations.3": (2, 4), "operations.4": (2, 3)}


@dataclass
class Term:
    """The course after grading, and what `careops grade mastery` wrote."""

    course: Path
    summary: AutogradeSummary
    exit_code: int
    reports: Path
    exit_code_50: int
    reports_50: Path


def _tiny(objective_of_q1: str) -> nbformat.NotebookNode:
    """The tiny assignment with q1_tests assessing another objective."""
    nb = tiny_source()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "q1_tests":
            cell.metadata["careops"] = {"objective": objective_of_q1}
    return nb


def _run_the_term(root: Path) -> Term:
    course = root / "course"
    write_course_config(course, course_id=COURSE_ID, timeout=30)
    for name, nb in (
        ("tiny1", tiny_source()),
        ("tiny2", _tiny("operations.1")),
        ("tiny3", _tiny("finance.2")),
    ):
        (course / "source" / name).mkdir(parents=True)
        nbformat.write(nb, course / "source" / name / f"{TINY_NOTEBOOK}.ipynb")
    config = load_config(course)
    api = NbGraderAPI(config=config)
    with Gradebook(config.CourseDirectory.db_url, COURSE_ID) as gb:
        for student in STUDENTS:
            gb.update_or_create_student(student, first_name=student.title(), last_name="M")
    assert api.generate_assignment("tiny1")["success"]
    assert api.generate_assignment("tiny2")["success"]
    for student in ("correct", "wrong", "hard_coded"):
        submit(course, "tiny1", student, student)
    summary = autograde("tiny1", course_dir=course, workers=2, progress=False)
    with Gradebook(config.CourseDirectory.db_url, COURSE_ID) as gb:
        for student, points in WRITTEN.items():  # as the formgrader saves a manual grade
            grade = gb.find_grade("w1_answer", TINY_NOTEBOOK, "tiny1", student)
            grade.manual_score = points
            grade.needs_manual_grade = False
        gb.db.commit()
    code = main(["grade", "--course-dir", str(course), "mastery"])
    reports_50 = root / "at-50"
    code_50 = main(
        [
            "grade",
            "--course-dir",
            str(course),
            "mastery",
            "--threshold",
            "0.5",
            "--output",
            str(reports_50),
        ]
    )
    return Term(course, summary, code, course / "reports", code_50, reports_50)


@pytest.fixture(scope="session")
def term(tmp_path_factory: pytest.TempPathFactory) -> Term:
    return shared_once(tmp_path_factory, "grading-mastery", _run_the_term)


def _csv_rows(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (folder / "mastery.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {(r["student"], r["objective"]): r for r in csv.DictReader(handle)}


def test_the_three_submissions_were_autograded(term: Term) -> None:
    assert term.summary.failed == {}
    assert sorted(term.summary.graded) == ["correct", "hard_coded", "wrong"]
    assert term.exit_code == 0 and term.exit_code_50 == 0


def test_points_and_attainment_per_student_and_objective_are_as_worked_by_hand(
    term: Term,
) -> None:
    rows = _csv_rows(term.reports)
    assert set(rows) == set(EXPECTED)
    for key, (earned, possible, attainment, pending, missing) in EXPECTED.items():
        row = rows[key]
        assert float(row["points_earned"]) == pytest.approx(earned), key
        assert float(row["points_possible"]) == pytest.approx(possible), key
        if attainment is None:
            assert row["attainment"] == "" and row["meets_threshold"] == "", key
        else:
            assert float(row["attainment"]) == pytest.approx(attainment), key
            assert row["meets_threshold"] == ("yes" if attainment >= 0.7 else "no"), key
        assert (int(row["items_pending"]), int(row["items_not_submitted"])) == (pending, missing)


def test_the_csv_imports_into_a_spreadsheet_as_it_is(term: Term) -> None:
    raw = (term.reports / "mastery.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: spreadsheets read the text as UTF-8
    with (term.reports / "mastery.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_COLUMNS  # one header row
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
    frame = pd.read_csv(term.reports / "mastery.csv")
    assert list(frame.columns) == CSV_COLUMNS  # no index column, BOM not in the first name
    assert len(frame) == len(EXPECTED)
    assert frame["objective_text"].str.len().gt(20).all()


def test_the_share_at_or_above_the_threshold_is_per_objective(term: Term) -> None:
    for threshold, expected in ((0.7, MEETING_70), (0.5, MEETING_50)):
        found = load_mastery(term.course, threshold=threshold).objectives.set_index("objective")
        for objective, (meeting, students) in expected.items():
            assert found.loc[objective, "students_meeting"] == meeting, (threshold, objective)
            assert found.loc[objective, "students"] == students
            assert found.loc[objective, "share_meeting"] == pytest.approx(meeting / students)


def test_the_threshold_option_changes_who_meets_an_objective(term: Term) -> None:
    at_70 = _csv_rows(term.reports)[("wrong", "operations.4")]["meets_threshold"]
    at_50 = _csv_rows(term.reports_50)[("wrong", "operations.4")]["meets_threshold"]
    assert (at_70, at_50) == ("no", "yes")  # attainment 0.5
    page = (term.reports_50 / "mastery.html").read_text(encoding="utf-8")
    assert "2 of 3 (67%)" in page  # operations.4 at 50%


def test_objectives_no_graded_work_assesses_are_listed_as_gaps(term: Term) -> None:
    mastery = load_mastery(term.course)
    gaps = mastery.gaps.set_index("objective")
    assert set(mastery.objectives["objective"]) == {"operations.2", "operations.3", "operations.4"}
    assert len(gaps) == 39 - 3  # every other objective of the curriculum
    assert gaps.loc["operations.1", "not_yet_graded_in"] == "tiny2"  # generated, not collected
    assert gaps.loc["finance.2", "not_yet_graded_in"] == "tiny3"  # only in source/
    assert not gaps.loc["leadership.course", "in_seed"]
    assert mastery.assignments == ["tiny1"] and mastery.not_collected == ["tiny2"]
    page = (term.reports / "mastery.html").read_text(encoding="utf-8")
    gap_table = page[page.index('id="table-gaps"') :]
    assert "leadership.course (no objective in the seed)" in gap_table
    assert "finance.4" in gap_table


def test_the_page_is_offline_accessible_and_its_charts_render(term: Term) -> None:
    page = (term.reports / "mastery.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", page) == [BUNDLE_NAME]
    assert (term.reports / BUNDLE_NAME).is_file()
    assert re.findall(r'(?:src|href)="(?!#)([^"]+)"', page) == [BUNDLE_NAME, "mastery.csv"]
    assert '<html lang="en">' in page and "<h1>" in page and page.count("<h2") >= 3
    assert 'id="table-objectives"' in page and "<caption>" in page  # the charts' table fallback
    specs = [
        json.loads(m.replace("<\\/", "</"))
        for m in re.findall(r'vegaEmbed\("#chart-\w+", (\{.*\}), \{actions', page)
    ]
    assert len(specs) == 2
    for spec in specs:
        assert spec["title"] and spec["description"]
        assert "<svg" in vl_convert.vegalite_to_svg(spec, vl_version="v5.20")


def _copy(term: Term, tmp_path: Path) -> Path:
    """The graded course copied, with its own config pointing at the copy's gradebook."""
    course = tmp_path / "copy"
    shutil.copytree(term.course, course)
    write_course_config(course, course_id=COURSE_ID)
    return course


def _set_objective(course: Path, grade_id: str, value: object) -> None:
    path = course / "source" / "tiny1" / f"{TINY_NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            if value is None:
                cell.metadata.pop("careops", None)
            else:
                cell.metadata["careops"] = {"objective": value}
    nbformat.write(nb, path)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("operations.9", "'operations.9' is not an objective id"),
        (None, "names no objective"),
    ],
)
def test_a_bad_objective_is_one_line_naming_assignment_cell_and_value_and_loses_nothing(
    term: Term, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object, says: str
) -> None:
    course = _copy(term, tmp_path)
    before = (course / "reports" / "mastery.html").read_bytes()
    _set_objective(course, "q2_tests", value)
    assert main(["grade", "--course-dir", str(course), "mastery"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"tiny1/{TINY_NOTEBOOK}.ipynb" in err and "grade cell q2_tests" in err
    assert says in err
    assert (course / "reports" / "mastery.html").read_bytes() == before  # nothing lost


def test_a_gradebook_with_no_grades_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "empty"
    write_course_config(course, course_id="careops-empty")
    (course / "source" / "tiny1").mkdir(parents=True)
    nbformat.write(tiny_source(), course / "source" / "tiny1" / f"{TINY_NOTEBOOK}.ipynb")
    assert NbGraderAPI(config=load_config(course)).generate_assignment("tiny1")["success"]
    assert main(["grade", "--course-dir", str(course), "mastery"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "has no grades" in err and "gradebook.db" in err and "tiny1" in err
    assert not (course / "reports").exists()


def test_a_threshold_outside_0_to_1_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_course_config(tmp_path, course_id="careops-threshold")
    code = main(["grade", "--course-dir", str(tmp_path), "mastery", "--threshold", "70"])
    assert code == 2
    assert "--threshold" in capsys.readouterr().err
