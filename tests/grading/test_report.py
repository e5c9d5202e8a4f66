"""Grades out: item analysis, the offline HTML report, and the Canvas CSV."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import vl_convert
from nbgrader.api import Gradebook
from scipy import stats

from careops.cli import main
from careops.grading.course import load_config, write_course_config
from careops.grading.export import POINTS_ROW, canvas_rows, export_canvas
from careops.grading.items import (
    GradeTable,
    item_analysis,
    late_summary,
    load_grades,
    score_distribution,
)
from careops.grading.report import BUNDLE_NAME, write_report

pytestmark = [pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

DUE = datetime(2026, 10, 1, 17, 0)
# student -> (q1 auto /2, q2 auto /1, w1 manual /2, hours late)
GRADES = {
    "ana": (2, 1, 2, 0),
    "ben": (2, 1, 1, 0),
    "cho": (0, 1, 1, 5),
    "dev": (2, 0, 0, 0),
    "eli": (0, 0, 1, 30),
    "fay": (2, 1, 2, 100),
}


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report") / "course"
    write_course_config(root, course_id="careops-report")
    config = load_config(root)
    with Gradebook(config.CourseDirectory.db_url, "careops-report") as gb:
        gb.add_assignment("ops1", duedate=DUE)
        gb.add_notebook("memo", "ops1")
        gb.add_grade_cell("q1", "memo", "ops1", max_score=2, cell_type="code")
        gb.add_grade_cell("q2", "memo", "ops1", max_score=1, cell_type="code")
        gb.add_grade_cell("w1", "memo", "ops1", max_score=2, cell_type="markdown")
        for student, (q1, q2, w1, late) in GRADES.items():
            gb.add_student(
                student,
                first_name=student.title(),
                last_name="Lee",
                lms_user_id=f"9{len(student)}{ord(student[0])}",
            )
            gb.add_submission("ops1", student, timestamp=DUE + timedelta(hours=late))
            for cell, score in (("q1", q1), ("q2", q2)):
                gb.find_grade(cell, "memo", "ops1", student).auto_score = score
            grade = gb.find_grade("w1", "memo", "ops1", student)
            grade.manual_score = w1
        gb.add_student("gus", first_name="Gus", last_name="Absent")  # never submitted
        gb.db.commit()
    return root


def _table() -> GradeTable:
    scores = pd.DataFrame(
        {"a": [1.0, 1.0, 0.0, 0.0], "b": [2.0, 1.0, 1.0, 0.0], "c": [1.0, 1.0, 1.0, 1.0]},
        index=pd.Index(["s1", "s2", "s3", "s4"], name="student"),
    )
    return GradeTable(
        "demo",
        scores,
        pd.Series({"a": 1.0, "b": 2.0, "c": 1.0}),
        pd.Series({"a": "autograded", "b": "written", "c": "autograded"}),
        pd.Series([0.0, 0.0, 3600.0 * 2, 3600.0 * 50], index=scores.index),
        pd.Series([False] * 4, index=scores.index),
    )


def test_difficulty_is_the_mean_score_over_the_maximum() -> None:
    items = item_analysis(_table()).set_index("item")
    assert items.loc["b", "difficulty"] == pytest.approx(1.0 / 2.0)


def test_discrimination_is_the_point_biserial_with_the_rest_of_the_test() -> None:
    table = _table()
    rest = table.scores.sum(axis=1) - table.scores["a"]
    expected = stats.pointbiserialr(table.scores["a"], rest).statistic
    items = item_analysis(table).set_index("item")
    assert items.loc["a", "discrimination"] == pytest.approx(expected)


def test_an_item_without_variance_has_no_discrimination_and_says_why() -> None:
    items = item_analysis(_table()).set_index("item")
    assert np.isnan(items.loc["c", "discrimination"])
    assert "same" in items.loc["c", "note"]


def test_late_work_is_banded_by_how_late() -> None:
    late = late_summary(_table()).set_index("status")["submissions"]
    assert late.to_dict() == {
        "on time": 2,
        "late by up to 1 day": 1,
        "late by 1-3 days": 1,
        "late by over 3 days": 0,
    }


def test_score_distribution_gives_percent_of_available_points() -> None:
    dist = score_distribution(_table()).set_index("student")
    assert dist.loc["s1", "percent"] == pytest.approx(100.0)
    assert bool(dist.loc["s4", "late"])


def test_grades_load_from_the_gradebook_with_manual_and_auto_scores(course: Path) -> None:
    table = load_grades("ops1", course)
    assert table.max_total == 5
    assert table.scores.loc["ben"].to_dict() == {"memo:q1": 2.0, "memo:q2": 1.0, "memo:w1": 1.0}
    assert table.late_seconds["fay"] == pytest.approx(100 * 3600)


def test_loading_an_unknown_assignment_names_it(course: Path) -> None:
    with pytest.raises(ValueError, match="'ops9'"):
        load_grades("ops9", course)


def test_the_report_loads_vega_from_a_local_file_only(course: Path, tmp_path: Path) -> None:
    page = write_report("ops1", tmp_path / "ops1.html", course_dir=course)
    html = page.read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts == [BUNDLE_NAME]
    assert "vegaEmbed" in (tmp_path / BUNDLE_NAME).read_text(encoding="utf-8")
    assert "cdn" not in html.lower()


def test_every_report_chart_renders_offline_with_title_and_alt_text(
    course: Path, tmp_path: Path
) -> None:
    html = write_report("ops1", tmp_path / "ops1.html", course_dir=course).read_text(
        encoding="utf-8"
    )
    specs = [
        json.loads(m.replace("<\\/", "</"))
        for m in re.findall(r'vegaEmbed\("#chart-\w+", (\{.*\}), \{actions: false\}\);', html)
    ]
    assert len(specs) == 4
    for spec in specs:
        assert spec["title"] and spec["description"]
        assert "<svg" in vl_convert.vegalite_to_svg(spec, vl_version="v5.20")


def test_canvas_export_has_the_identity_columns_and_points_possible(
    course: Path, tmp_path: Path
) -> None:
    path = export_canvas(tmp_path / "canvas.csv", course_dir=course, canvas_ids={"ops1": "4411"})
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ops1 (4411)"]
    assert rows[1][0] == POINTS_ROW and rows[1][-1] == "5"


def test_canvas_export_scores_every_student_and_zero_for_no_submission(course: Path) -> None:
    _, rows = canvas_rows(course)
    scores = {row[2]: row[-1] for row in rows[1:]}
    assert scores == {
        "ana": "5",
        "ben": "4",
        "cho": "2",
        "dev": "2",
        "eli": "1",
        "fay": "5",
        "gus": "0",
    }


def test_canvas_export_takes_identities_from_a_roster(course: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'Student,ID,SIS User ID,SIS Login ID,Section\n"Lee, Ana",777,ana,alee,Fall A\n',
        encoding="utf-8",
    )
    _, rows = canvas_rows(course, roster=roster)
    ana = next(r for r in rows if r[2] == "ana")
    assert ana[:5] == ["Lee, Ana", "777", "ana", "alee", "Fall A"]


def test_a_roster_without_the_canvas_columns_is_rejected(course: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAna,a@x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="SIS User ID"):
        canvas_rows(course, roster=roster)


def test_cli_writes_the_report_and_the_canvas_csv(course: Path, tmp_path: Path) -> None:
    assert (
        main(
            [
                "grade",
                "--course-dir",
                str(course),
                "report",
                "ops1",
                "--output",
                str(tmp_path / "r.html"),
            ]
        )
        == 0
    )
    assert (
        main(["grade", "--course-dir", str(course), "export", "--output", str(tmp_path / "c.csv")])
        == 0
    )
    assert (tmp_path / "r.html").is_file() and (tmp_path / "c.csv").is_file()


def test_cli_reports_an_unknown_assignment_without_a_traceback(course: Path, capsys) -> None:
    assert main(["grade", "--course-dir", str(course), "report", "nope"]) == 2
    assert "'nope'" in capsys.readouterr().err
