"""Per-student variants: the draw, the identity, binding hidden tests, preview and bad input.

The exchange round trip with four students (their own variant, copied answers, tampering) is
in test_roundtrip.py; these tests cover the mechanism and the instructor's commands.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from careops.cli import main
from careops.errors import InputError
from careops.grading import variants
from careops.grading.course import REPO_COURSE, write_course_config
from careops.grading.preview import preview

pytestmark = [
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

OPS = "operations-1"
OPS_SOURCE = REPO_COURSE / "source" / OPS
DECLARED = """course: operations
parameters:
  month: {range: [1, 12]}
  rate: {range: [0.04, 0.10], step: 0.005}
  esi: {choices: [2, 3, 4, 5]}
"""


def _declaration(tmp_path: Path, text: str = DECLARED, name: str = "a1") -> variants.Declaration:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / variants.FILE_NAME).write_text(text, encoding="utf-8")
    return variants.declaration(name, folder)


# --- the draw --------------------------------------------------------------------------------


def test_the_draw_is_deterministic_and_within_each_range(tmp_path: Path) -> None:
    decl = _declaration(tmp_path)
    cases = [variants.draw(decl, f"student{i}") for i in range(40)]
    assert [variants.draw(decl, f"student{i}") for i in range(40)] == cases
    assert {c.month for c in cases} <= set(range(1, 13))
    assert {c.esi for c in cases} <= {2, 3, 4, 5}
    assert all(0.04 <= c.rate <= 0.10 and round(c.rate / 0.005, 6).is_integer() for c in cases)
    # 40 students do not all share a case: the draw depends on the student
    assert len({tuple(c.params.items()) for c in cases}) > 20


def test_the_draw_depends_on_course_and_assignment(tmp_path: Path) -> None:
    base = _declaration(tmp_path)
    other_course = _declaration(tmp_path, DECLARED.replace("operations", "finance"), "b1")
    renamed = variants.Declaration("a2", base.course, base.parameters)
    students = [f"s{i}" for i in range(20)]
    ours = [variants.draw(base, s).params for s in students]
    assert [variants.draw(other_course, s).params for s in students] != ours
    assert [variants.draw(renamed, s).params for s in students] != ours


def test_adding_a_parameter_leaves_the_other_draws_unchanged(tmp_path: Path) -> None:
    before = _declaration(tmp_path)
    after = _declaration(tmp_path, DECLARED + "  share: {range: [0.5, 0.9], step: 0.1}\n", "a1")
    for student in ("alice", "bob", "carol"):
        old, new = variants.draw(before, student).params, variants.draw(after, student).params
        assert {k: new[k] for k in old} == old
        assert "share" in new


def test_a_case_reads_its_parameters_and_names_a_missing_one(tmp_path: Path) -> None:
    case = variants.draw(_declaration(tmp_path), "alice")
    assert case.month == case.params["month"]
    with pytest.raises(AttributeError, match="a1: the case has no parameter 'beds'"):
        _ = case.beds


# --- identity ----------------------------------------------------------------------------------


@pytest.fixture
def outside_any_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cwd holding operations-1's declaration, and no identity anywhere."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(OPS_SOURCE / variants.FILE_NAME, work / variants.FILE_NAME)
    monkeypatch.chdir(work)
    for name in (variants.ENV_VAR, "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "")
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    return work


def test_outside_a_course_the_notebook_shows_the_demonstration_case(
    outside_any_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = variants.case(OPS)
    assert capsys.readouterr().out.strip() == variants.DEMO_LINE
    assert case.demo and case.student == variants.DEMO_STUDENT
    assert "demonstration case" in repr(case)


def test_identity_comes_from_the_grader_then_nbgrader_then_the_hub(
    outside_any_course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert variants.case(OPS).student == "hub-user"
    (outside_any_course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.student_id = 'nb-user'\n", encoding="utf-8"
    )
    assert variants.case(OPS).student == "nb-user"
    monkeypatch.setenv(variants.ENV_VAR, "graded-user")
    found = variants.case(OPS)
    assert (found.student, found.source) == ("graded-user", "grader")
    assert found == variants.draw(variants.declaration(OPS, OPS_SOURCE), "graded-user", "grader")
    assert capsys.readouterr().out == ""  # no demonstration line for a known student


def test_in_the_grader_the_kernel_takes_the_case_it_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no variants.yml here: the case comes from the grader alone
    alice = variants.draw(variants.declaration(OPS, OPS_SOURCE), "alice")
    for name, value in variants.grader_env("alice", {OPS: alice}).items():
        monkeypatch.setenv(name, value)
    got = variants.case(OPS)
    assert got == variants.draw(variants.declaration(OPS, OPS_SOURCE), "alice", "grader")
    assert repr(got) == repr(alice)


# --- binding hidden tests to the real student ---------------------------------------------------


def _bound_case(source: str) -> variants.Case:
    namespace: dict = {}
    exec(source, namespace)  # what the test cell does in the kernel
    return namespace["_case"]


def test_hidden_tests_are_bound_to_the_real_students_case(
    outside_any_course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = '_case = variants.graded("operations-1")\n'
    bound = variants.bind_source(source, "mallory", outside_any_course)
    assert "variants.graded(" not in bound
    # the student then pretends to be alice every way she can ...
    monkeypatch.setenv(variants.ENV_VAR, "alice")
    alice = variants.case(OPS)
    monkeypatch.setattr(variants, "case", lambda *args, **kwargs: alice)
    monkeypatch.setattr(variants, "graded", lambda *args, **kwargs: alice)
    (outside_any_course / variants.FILE_NAME).write_text(
        "course: operations\nparameters:\n  month: {choices: [7]}\n", encoding="utf-8"
    )
    # ... and the bound test cell still checks mallory's own case
    got = _bound_case(bound)
    assert got.student == "mallory" and got.params != alice.params
    assert got.params == variants.draw(variants.declaration(OPS, OPS_SOURCE), "mallory").params


def test_only_grade_cells_are_bound(outside_any_course: Path) -> None:
    call = 'x = variants.graded("operations-1")'
    nb = nbformat.v4.new_notebook()
    test = nbformat.v4.new_code_cell(call, metadata={"nbgrader": {"grade": True}})
    answer = nbformat.v4.new_code_cell(call, metadata={"nbgrader": {"solution": True}})
    nb.cells = [answer, test]
    assert variants.bind_notebook(nb, "bob", outside_any_course)
    assert answer.source == call
    assert "'bob'" in test.source and "variants.graded(" not in test.source


# --- bad input -----------------------------------------------------------------------------------


def test_a_parameter_with_no_range_is_one_line_naming_assignment_parameter_value(
    tmp_path: Path,
) -> None:
    text = DECLARED + "  beds:\n"
    with pytest.raises(InputError) as caught:
        _declaration(tmp_path, text)
    error = caught.value
    assert error.one_line() == str(error)  # one line
    assert error.field == "parameters.beds" and error.value is None
    assert error.line == 6 and error.file.endswith("variants.yml")
    assert "a1: variant parameter 'beds' has no range or choices" in str(error)
    assert str(error).endswith("got None")


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("{range: [5, 1]}", "low <= high"),
        ("{range: [1, 5], step: 0}", "step greater than 0"),
        ("{choices: []}", "at least one choice"),
        ("{range: [1, 2], choices: [1]}", "both a range and choices"),
        ("{range: [1, 2], stride: 2}", "unknown key(s) stride"),
    ],
)
def test_a_bad_range_is_named(tmp_path: Path, spec: str, words: str) -> None:
    with pytest.raises(InputError, match=r"a1: variant parameter 'x' .*") as caught:
        _declaration(tmp_path, DECLARED + f"  x: {spec}\n")
    assert words in str(caught.value)


@pytest.mark.parametrize("name", ["student", "params", "sample", "_hidden"])
def test_a_parameter_name_the_case_already_uses_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match=f"a1: variant parameter '{name}' is not a usable name"):
        _declaration(tmp_path, DECLARED + f"  {name}: {{choices: [1, 2]}}\n")


@pytest.mark.parametrize("student", ["", "bad id", "ünïcode", "a/b", "x" * 129, None])
def test_a_student_id_that_cannot_seed_a_draw_is_refused(tmp_path: Path, student: str) -> None:
    with pytest.raises(InputError) as caught:
        variants.draw(_declaration(tmp_path), student)
    assert caught.value.field == "student id" and caught.value.value == student
    assert str(caught.value).startswith(f"a1: student id {student!r} cannot seed a variant")


def test_preview_of_a_bad_student_id_exits_2_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "course"
    write_course_config(course)
    shutil.copytree(OPS_SOURCE, course / "source" / OPS)
    argv = ["grade", "--course-dir", str(course), "preview", OPS, "--student", "eve smith"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "operations-1: student id 'eve smith' cannot seed a variant" in err
    assert not (course / "preview").exists()


@pytest.fixture
def course_with_bad_variants(tmp_path: Path) -> Path:
    """A course where operations-1 was generated and one submission already graded, then its
    variants.yml broken (a parameter with no range)."""
    from nbgrader.apps import NbGraderAPI

    from careops.grading.course import load_config

    course = tmp_path / "course"
    write_course_config(course)
    shutil.copytree(OPS_SOURCE, course / "source" / OPS)
    assert NbGraderAPI(config=load_config(course)).generate_assignment(OPS)["success"]
    graded = course / "autograded" / "alice" / OPS
    graded.mkdir(parents=True)
    (graded / "ed-flow.ipynb").write_text("graded before", encoding="utf-8")
    (course / "submitted" / "bob" / OPS).mkdir(parents=True)
    shutil.copy(course / "release" / OPS / "ed-flow.ipynb", course / "submitted" / "bob" / OPS)
    declared = course / "source" / OPS / variants.FILE_NAME
    declared.write_text(declared.read_text(encoding="utf-8") + "  beds:\n", encoding="utf-8")
    return course


@pytest.mark.parametrize("command", [["validate", OPS], ["autograde", OPS]])
def test_a_bad_declaration_stops_validate_and_autograde_before_anything_is_graded(
    course_with_bad_variants: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    course = course_with_bad_variants
    assert main(["grade", "--course-dir", str(course), *command]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "operations-1: variant parameter 'beds' has no range or choices" in err
    assert "variants.yml:" in err
    graded = course / "autograded" / "alice" / OPS / "ed-flow.ipynb"
    assert graded.read_text(encoding="utf-8") == "graded before"  # nothing graded is lost
    assert not (course / "autograded" / "bob").exists()  # and nothing new was graded


def test_validate_reports_variants_that_do_not_differ(tmp_path: Path) -> None:
    from careops.grading.validate import AssignmentReport, check_students

    folder = tmp_path / "a1"
    _declaration(tmp_path, "course: c\nparameters:\n  month: {choices: [3]}\n")
    report = AssignmentReport("a1")
    students = check_students(folder, 3, report)
    assert [s for s, solution in students if solution] == [
        "solution-check-1",
        "solution-check-2",
        "solution-check-3",
    ]
    assert len(report.problems) == 2
    assert "draw the same case" in report.problems[0]


def test_validate_grades_as_many_blank_students_as_asked(tmp_path: Path) -> None:
    from careops.grading.validate import AssignmentReport, check_students

    folder = tmp_path / "a1"
    _declaration(tmp_path, "course: c\nparameters:\n  month: {range: [1, 12]}\n")
    default = check_students(folder, 3, AssignmentReport("a1"))
    fewer = check_students(folder, 3, AssignmentReport("a1"), blanks=1)
    assert [s for s, solution in default if not solution] == [f"blank-check-{i}" for i in (1, 2, 3)]
    assert [s for s, solution in fewer if not solution] == ["blank-check-1"]
    assert [s for s, solution in fewer if solution] == [s for s, solution in default if solution]


# --- preview, with real kernels in the sandbox ----------------------------------------------------


@pytest.fixture(scope="module")
def previews(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    course = tmp_path_factory.mktemp("preview") / "course"
    write_course_config(course, course_id="careops-preview-test")
    shutil.copytree(OPS_SOURCE, course / "source" / OPS)
    found = {}
    for student in ("alice", "bob"):
        result = preview(OPS, student, course_dir=course)
        assert result.folder == course / "preview" / student / OPS
        found[student] = result.folder
    return found


def _outputs(path: Path, grade_id: str) -> str:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    parts = []
    for output in cell.outputs:
        parts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.mark.slow
@pytest.mark.usefixtures("bwrap_available")
def test_two_students_previews_differ_in_data_and_expected_answers(
    previews: dict[str, Path],
) -> None:
    alice, bob = previews["alice"], previews["bob"]
    cases = {s: json.loads((p / "case.json").read_text()) for s, p in previews.items()}
    assert cases["alice"]["parameters"] != cases["bob"]["parameters"]
    # what each student sees: the released notebook, run as them, printing their own case
    for student, folder in previews.items():
        seen = _outputs(folder / "ed-flow.ipynb", "setup")
        assert f"student {student}" in seen
        assert "BEGIN SOLUTION" not in (folder / "ed-flow.ipynb").read_text()
    # the expected answers (the answer key run as each student) differ
    for grade_id in ("q1_answer", "q2_answer", "q3_answer"):
        key_a = _outputs(alice / "answer-key" / "ed-flow.ipynb", grade_id)
        key_b = _outputs(bob / "answer-key" / "ed-flow.ipynb", grade_id)
        assert key_a and key_b and key_a != key_b, grade_id
    month = cases["alice"]["parameters"]["month"]
    assert f"Your month ({month})" in _outputs(alice / "answer-key" / "ed-flow.ipynb", "q1_answer")


@pytest.mark.slow
@pytest.mark.usefixtures("bwrap_available")
def test_the_answer_key_passes_its_hidden_tests_for_each_student(
    previews: dict[str, Path],
) -> None:
    for folder in previews.values():
        nb = nbformat.read(folder / "answer-key" / "ed-flow.ipynb", as_version=4)
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        errors = [o for c in tests if c.cell_type == "code" for o in c.outputs if "ename" in o]
        assert errors == []
        bound = [c.source for c in tests if "_case = " in c.source]
        assert bound and all(f"student='{folder.parent.name}'" in s for s in bound)
