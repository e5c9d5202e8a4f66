"""A course that changes nbgrader's delimiters keeps its redaction and its leak checks.

One temporary course whose ``nbgrader_config.py`` marks solutions with ``### BEGIN ANSWER`` /
``### END ANSWER`` and hidden tests with ``### BEGIN SECRET TESTS`` / ``### END SECRET TESTS``;
the tiny assignment is written with those delimiters and released by a real
``nbgrader generate_assignment``. Feedback redaction, ``careops grade validate`` and the site's
post-build scan must all read the course's delimiters, not nbgrader's defaults.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_output
from nbgrader.apps import NbGraderAPI
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearSolutions

from careops.cli import main
from careops.errors import InputError
from careops.grading import authoring as a
from careops.grading.autograde import autograde
from careops.grading.course import load_config, write_course_config
from careops.grading.delimiters import DEFAULT, Delimiters, course_delimiters
from careops.grading.feedback import (
    HIDDEN_PLACEHOLDER,
    RedactHiddenTests,
    hidden_lines,
    html_text,
)
from careops.grading.feedback_run import generate_feedback
from careops.grading.samples import TINY_NOTEBOOK, submission, tiny_source
from careops.grading.validate import AssignmentReport, release_leaks, static_check, validate
from careops.site import postbuild

pytestmark = [
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

ASSIGNMENT = "tinyd"
HIDDEN_LINE = "check_number(takt(450, 90), 5.0, name='takt_hidden_case')"
CUSTOM_CONFIG = """
c.ClearSolutions.begin_solution_delimeter = "### BEGIN ANSWER"
c.ClearSolutions.end_solution_delimeter = "### END ANSWER"
c.ClearHiddenTests.begin_test_delimeter = "### BEGIN SECRET TESTS"
c.ClearHiddenTests.end_test_delimeter = "### END SECRET TESTS"
"""
CUSTOM = Delimiters(
    "### BEGIN ANSWER",
    "### END ANSWER",
    "### BEGIN SECRET TESTS",
    "### END SECRET TESTS",
    DEFAULT.begin_mark_scheme,
    DEFAULT.end_mark_scheme,
)


def _course(root: Path, course_id: str, extra: str) -> Path:
    """A course whose source holds the tiny assignment written with the custom delimiters."""
    write_course_config(root, course_id=course_id, timeout=10, extra=extra)
    (root / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(CUSTOM), root / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    result = NbGraderAPI(config=load_config(root)).generate_assignment(ASSIGNMENT)
    assert result["success"], result.get("error") or result.get("log")
    return root


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The custom-delimiter course, its assignment released by nbgrader with its config."""
    return _course(tmp_path_factory.mktemp("delims") / "course", "careops-delims", CUSTOM_CONFIG)


def _released(course: Path) -> str:
    nb = nbformat.read(course / "release" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in nb.cells)


def test_the_defaults_are_nbgrader_own() -> None:
    assert DEFAULT.solution == (
        ClearSolutions().begin_solution_delimeter,
        ClearSolutions().end_solution_delimeter,
    )
    assert DEFAULT.hidden == (
        ClearHiddenTests().begin_test_delimeter,
        ClearHiddenTests().end_test_delimeter,
    )
    assert DEFAULT.mark_scheme == (
        ClearMarkScheme().begin_mark_scheme_delimeter,
        ClearMarkScheme().end_mark_scheme_delimeter,
    )
    assert course_delimiters(None) == DEFAULT


def test_the_course_config_gives_the_delimiters(course: Path) -> None:
    assert Delimiters.of_course(course) == CUSTOM
    assert course_delimiters(course) == CUSTOM


def test_an_empty_delimiter_is_refused_naming_the_setting_and_the_file(tmp_path: Path) -> None:
    write_course_config(tmp_path, extra='c.ClearHiddenTests.end_test_delimeter = "  "')
    with pytest.raises(InputError, match=r"ClearHiddenTests\.end_test_delimeter") as caught:
        Delimiters.of_course(tmp_path)
    assert caught.value.file == str(tmp_path / "nbgrader_config.py")


def test_nbgrader_released_the_assignment_without_the_custom_regions(course: Path) -> None:
    released = _released(course)
    assert "takt_hidden_case" not in released and "BEGIN ANSWER" not in released
    assert (
        release_leaks(
            course / "source" / ASSIGNMENT,
            course / "release" / ASSIGNMENT,
            Delimiters.of_course(course),
        )
        == []
    )


def test_redaction_reads_the_delimiters_from_the_course_config(course: Path) -> None:
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb", as_version=4)
    cell = next(c for c in source.cells if "SECRET TESTS" in c.source)
    tb = [f"Cell In[4], line 3\n----> 3 {HIDDEN_LINE}"]
    cell.outputs = [new_output("error", ename="AssertionError", evalue="wrong", traceback=tb)]
    nb = a.notebook([cell])
    RedactHiddenTests(config=load_config(course)).preprocess(nb, {})
    (redacted,) = nb.cells
    assert "takt_hidden_case" not in redacted.source and "SECRET TESTS" not in redacted.source
    assert HIDDEN_PLACEHOLDER in redacted.source
    assert redacted.outputs[0].ename == "HiddenTestFailed"


def test_validate_finds_the_hidden_lines_of_a_custom_region(course: Path) -> None:
    source = course / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb"
    cells = nbformat.read(source, as_version=4).cells
    found = [line for c in cells for line in hidden_lines(c.source, Delimiters.of_course(course))]
    assert found == [HIDDEN_LINE]
    report = AssignmentReport(ASSIGNMENT)
    static_check(course / "source" / ASSIGNMENT, report, Delimiters.of_course(course))
    assert report.problems == []


def test_validate_catches_a_release_that_leaks_a_custom_region(
    course: Path, tmp_path: Path
) -> None:
    # the same source released by nbgrader under its default delimiters: the secret tests stay
    leaky = _course(tmp_path / "default-course", "careops-default", "")
    assert "takt_hidden_case" in _released(leaky)
    leaks = release_leaks(
        course / "source" / ASSIGNMENT, leaky / "release" / ASSIGNMENT, Delimiters.of_course(course)
    )
    assert f"{TINY_NOTEBOOK}.ipynb: delimiter '### BEGIN SECRET TESTS' in release" in leaks
    assert f"{TINY_NOTEBOOK}.ipynb: {HIDDEN_LINE!r} in release" in leaks


def test_a_hidden_region_outside_a_test_cell_is_reported_when_nbgrader_would_not(
    tmp_path: Path,
) -> None:
    write_course_config(
        tmp_path, extra=CUSTOM_CONFIG + "c.ClearHiddenTests.enforce_metadata = False"
    )
    cells = tiny_source(CUSTOM).cells
    cells.insert(4, a.setup("stray", a.region("check_number(takt(1, 1), 1.0)", *CUSTOM.hidden)))
    (tmp_path / "source" / "a1").mkdir()
    nbformat.write(a.notebook(cells, total_points=5), tmp_path / "source" / "a1" / "a.ipynb")
    report = AssignmentReport("a1")
    static_check(tmp_path / "source" / "a1", report, Delimiters.of_course(tmp_path))
    assert report.problems == [
        "a.ipynb: cell stray has a '### BEGIN SECRET TESTS' region but is not an autograder-test "
        "cell (ClearHiddenTests.enforce_metadata is off: nbgrader would release it without the "
        "tests and never run them)"
    ]


def test_the_site_scan_flags_custom_delimiters_when_pointed_at_the_course(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<html><body>fine</body></html>", encoding="utf-8")
    (site / "page.html").write_text(
        f"<pre>### BEGIN SECRET TESTS\n{HIDDEN_LINE}\n### END SECRET TESTS</pre>", encoding="utf-8"
    )
    findings = postbuild.check_secrets(site, course / "source")
    assert {(f.path, f.value) for f in findings} == {
        ("page.html", "### BEGIN SECRET TESTS"),
        ("page.html", "### END SECRET TESTS"),
    }
    assert main(["site", "check", str(site), "--grading-source", str(course / "source")]) == 1
    assert "page.html: nbgrader marker published: ### BEGIN SECRET TESTS" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.usefixtures("bwrap_available")
def test_feedback_of_an_autograded_submission_hides_the_custom_region(course: Path) -> None:
    # a hard-coded answer passes the visible test and fails the hidden one, from its hidden line
    folder = course / "submitted" / "hardy" / ASSIGNMENT
    folder.mkdir(parents=True)
    release = nbformat.read(
        course / "release" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb", as_version=4
    )
    nbformat.write(submission("hard_coded", release), folder / f"{TINY_NOTEBOOK}.ipynb")
    (folder / "timestamp.txt").write_text(str(datetime.now(UTC)), encoding="utf-8")
    summary = autograde(ASSIGNMENT, course_dir=course, workers=1, progress=False)
    assert summary.graded == ["hardy"], summary.failed
    graded = (course / "autograded" / "hardy" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb").read_text()
    assert "takt_hidden_case" in graded  # nbgrader ran the hidden test
    result = generate_feedback(ASSIGNMENT, course_dir=course)
    (page,) = result.pages
    html = page.read_text(encoding="utf-8")
    assert "takt_hidden_case" not in html and "SECRET TESTS" not in html
    assert HIDDEN_PLACEHOLDER in html_text(html)
    assert "HiddenTestFailed" in html


@pytest.mark.slow
@pytest.mark.usefixtures("bwrap_available")
def test_validate_passes_a_sound_assignment_with_custom_delimiters(course: Path) -> None:
    # validate reads source/ and the config, and works in a scratch course of its own
    (report,) = validate([ASSIGNMENT], course_dir=course, workers=1)
    assert report.problems == []
    assert (report.autograded_points, report.written_points) == (3.0, 2.0)
