"""Every ``careops`` sub-command, given bad input, prints one line and exits 2 (no traceback).

Each case runs the real entry point (:func:`careops.cli.main`) on a temporary copy of what it
reads (a curriculum file, the datasets, an nbgrader course with no such assignment, the seminar
folder), broken on purpose. The line must name the file (and line) or the field and value that
are wrong, and the ``careops AREA:`` prefix must appear once.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from careops import cli
from careops.cli import build_parser, main
from careops.curriculum import DATA_FILE
from careops.data.paths import datasets_dir
from careops.grading.course import write_course_config

ROOT = Path(__file__).resolve().parents[1]
DATASETS = datasets_dir()  # the committed datasets, read before a test points the loader away


@dataclass(frozen=True)
class Case:
    """A sub-command, how to break its input in a temp dir, and what its one line must name."""

    id: str
    command: tuple[str, ...]  # the sub-command path, e.g. ("grade", "feedback")
    argv: Callable[[Path], list[str]]  # the full argv, given the temp dir
    expect: Callable[[Path], list[str]]  # substrings of the error line
    setup: Callable[[Path], None] = lambda tmp: None


def _course(tmp: Path) -> None:
    write_course_config(tmp / "course")


def _curriculum(tmp: Path, old: str, new: str) -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert old in text
    (tmp / "curriculum.yml").write_text(text.replace(old, new, 1), encoding="utf-8")


def _datasets(tmp: Path, file: str = "", old: str = "", new: str = "") -> None:
    target = tmp / "datasets"
    shutil.copytree(DATASETS, target)
    if file:
        text = (target / file).read_text(encoding="utf-8")
        assert old in text
        (target / file).write_text(text.replace(old, new, 1), encoding="utf-8")


def _seminar(tmp: Path, file: str = "", old: str = "", new: str = "") -> None:
    target = tmp / "seminar"
    shutil.copytree(ROOT / "seminar", target, ignore=shutil.ignore_patterns("_build", "*.ipynb"))
    if file:
        text = (target / file).read_text(encoding="utf-8")
        assert old in text
        (target / file).write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(name: str, text: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        _course(tmp)
        (tmp / name).write_text(text, encoding="utf-8")

    return setup


def _grade(tmp: Path, *rest: str) -> list[str]:
    return ["grade", "--course-dir", str(tmp / "course"), *rest]


CASES = [
    Case(
        "curriculum-missing-file",
        ("curriculum",),
        lambda t: ["curriculum", "--file", str(t / "nope.yml")],
        lambda t: [f"{t / 'nope.yml'}: file not found"],
    ),
    Case(
        "curriculum-malformed-yaml",
        ("curriculum",),
        lambda t: ["curriculum", "--file", str(t / "curriculum.yml")],
        lambda t: [f"{t / 'curriculum.yml'}:7:", "not valid YAML"],
        lambda t: _curriculum(t, "  total_credits: 36\n", "  total_credits: [36\n"),
    ),
    Case(
        "curriculum-bad-value",
        ("curriculum",),
        lambda t: ["curriculum", "--file", str(t / "curriculum.yml")],
        lambda t: [f"{t / 'curriculum.yml'}:6:", "program.total_credits", "'thirty-six'"],
        lambda t: _curriculum(t, "total_credits: 36", "total_credits: thirty-six"),
    ),
    Case(
        "data-list-malformed-dictionary",
        ("data", "list"),
        lambda t: ["data", "list"],
        lambda t: [f"{t / 'datasets' / 'claims.yml'}:", "YAML does not parse"],
        lambda t: _datasets(t, "claims.yml", "columns:", "columns: ["),
    ),
    Case(
        "data-generate-no-name",
        ("data", "generate"),
        lambda t: ["data", "generate"],
        lambda t: ["NAME or --all"],
    ),
    Case(
        "data-generate-unknown",
        ("data", "generate"),
        lambda t: ["data", "generate", "no_such_data"],
        lambda t: ["'no_such_data'"],
    ),
    Case(
        "data-check-bad-csv-value",
        ("data", "check"),
        lambda t: ["data", "check", "claims"],
        lambda t: [f"{t / 'datasets' / 'claims.csv'}:2:", "'denied'", "'maybe'"],
        lambda t: _datasets(t, "claims.csv", ",false,,", ",maybe,,"),
    ),
    Case(
        "data-check-malformed-csv",
        ("data", "check"),
        lambda t: ["data", "check", "claims"],
        lambda t: [f"{t / 'datasets' / 'claims.csv'}:3:", "could not be read", "saw 17"],
        lambda t: _datasets(
            t, "claims.csv", "\ncl-08a2a30,", "\n" + ",".join("x" * 17) + "\ncl-08a2a30,"
        ),
    ),
    Case(
        "grade-validate-missing-assignment",
        ("grade", "validate"),
        lambda t: _grade(t, "validate", "nosuch"),
        lambda t: ["'nosuch'", "source"],
        _course,
    ),
    Case(
        "grade-validate-no-course",
        ("grade", "validate"),
        lambda t: ["grade", "--course-dir", str(t / "nocourse"), "validate", "--all"],
        lambda t: [str(t / "nocourse"), "nbgrader_config.py"],
    ),
    Case(
        "grade-autograde-missing-assignment",
        ("grade", "autograde"),
        lambda t: _grade(t, "autograde", "nosuch", "--no-progress"),
        lambda t: ["'nosuch'", "gradebook"],
        _course,
    ),
    Case(
        "grade-plan-malformed-capstone",
        ("grade", "plan"),
        lambda t: _grade(t, "plan", "--seminar", str(t / "seminar")),
        lambda t: [f"{t / 'seminar' / 'capstone.yml'}:", "YAML does not parse"],
        lambda t: (_course(t), _seminar(t, "capstone.yml", "milestones:", "milestones: {")),
    ),
    Case(
        "grade-preview-missing-assignment",
        ("grade", "preview"),
        lambda t: _grade(t, "preview", "nosuch", "--student", "alice"),
        lambda t: ["'nosuch'", "source"],
        _course,
    ),
    Case(
        "grade-mastery-threshold-above-one",
        ("grade", "mastery"),
        lambda t: _grade(t, "mastery", "--threshold", "2"),
        lambda t: ["--threshold", "2.0"],
        _course,
    ),
    Case(
        "grade-feedback-missing-assignment",
        ("grade", "feedback"),
        lambda t: _grade(t, "feedback", "nosuch"),
        lambda t: ["'nosuch'", "gradebook"],
        _course,
    ),
    Case(
        "grade-report-missing-assignment",
        ("grade", "report"),
        lambda t: _grade(t, "report", "nosuch"),
        lambda t: ["'nosuch'", "gradebook"],
        _course,
    ),
    Case(
        "grade-export-missing-assignment",
        ("grade", "export"),
        lambda t: _grade(t, "export", "nosuch"),
        lambda t: ["'nosuch'", "gradebook"],
        _course,
    ),
    Case(
        "grade-export-missing-roster",
        ("grade", "export"),
        lambda t: _grade(t, "export", "--roster", str(t / "roster.csv")),
        lambda t: [f"{t / 'roster.csv'}: file not found"],
        _course,
    ),
    Case(
        "grade-export-malformed-roster",
        ("grade", "export"),
        lambda t: _grade(t, "export", "--roster", str(t / "roster.csv")),
        lambda t: [f"{t / 'roster.csv'}:3:", "row", "'Lee, Ann'"],
        _write(
            "roster.csv",
            "Student,ID,SIS User ID,SIS Login ID,Section\n"
            '"Doe, Jo",1,jdoe,jdoe,A\n"Lee, Ann",2,alee\n',
        ),
    ),
    Case(
        "grade-export-malformed-canvas-ids",
        ("grade", "export"),
        lambda t: _grade(t, "export", "--canvas-ids", str(t / "ids.json")),
        lambda t: [f"{t / 'ids.json'}:2:", "JSON does not parse"],
        _write("ids.json", '{"finance-1":\n  4411,,\n}\n'),
    ),
    Case(
        "seminar-check-malformed-yaml",
        ("seminar", "check"),
        lambda t: ["seminar", "check", "--dir", str(t / "seminar")],
        lambda t: [f"{t / 'seminar' / 'sessions.yml'}:", "YAML does not parse"],
        lambda t: _seminar(t, "sessions.yml", "sessions:", "sessions: ["),
    ),
    Case(
        "seminar-check-malformed-bibtex",
        ("seminar", "check"),
        lambda t: ["seminar", "check", "--dir", str(t / "seminar")],
        lambda t: [f"{t / 'seminar' / 'readings.bib'}:", "BibTeX does not parse"],
        lambda t: (
            _seminar(t),
            (t / "seminar" / "readings.bib").write_text(
                "@article{broken,\n  title = {No end\n", encoding="utf-8"
            ),
        ),
    ),
    Case(
        "seminar-check-missing-folder",
        ("seminar", "check"),
        lambda t: ["seminar", "check", "--dir", str(t / "nowhere")],
        lambda t: [f"{t / 'nowhere' / 'sessions.yml'}: file not found"],
    ),
    Case(
        "seminar-build-malformed-capstone",
        ("seminar", "build"),
        lambda t: ["seminar", "build", "--dir", str(t / "seminar"), "--build-dir", str(t / "out")],
        lambda t: [f"{t / 'seminar' / 'capstone.yml'}:", "YAML does not parse"],
        lambda t: _seminar(t, "capstone.yml", "milestones:", "milestones: {"),
    ),
    Case(
        "site-build-not-a-book-root",
        ("site", "build"),
        lambda t: ["site", "build", "--root", str(t)],
        lambda t: [f"{t / '_config.yml'}:", "not a Jupyter Book root"],
    ),
    Case(
        "site-check-no-site",
        ("site", "check"),
        lambda t: ["site", "check", str(t / "html")],
        lambda t: [f"{t / 'html' / 'index.html'}: missing"],
    ),
    Case(
        "site-toc-not-a-book-root",
        ("site", "toc"),
        lambda t: ["site", "toc", "--check", "--root", str(t)],
        lambda t: [f"{t / '_config.yml'}:", "not a Jupyter Book root"],
    ),
    Case(
        "site-vendor-no-node-modules",
        ("site", "vendor"),
        lambda t: ["site", "vendor", "--node-modules", str(t / "nm"), "--dest", str(t / "out")],
        lambda t: [str(t / "nm" / "vega"), "missing"],
    ),
]


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every runnable sub-command path of the parser (("grade", "feedback"), ...)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return {path}
    return {
        leaf for name, child in subs[0].choices.items() for leaf in _leaves(child, (*path, name))
    }


def test_every_sub_command_has_a_bad_input_case():
    assert _leaves(build_parser()) == {case.command for case in CASES}


def test_an_area_that_does_not_import_is_an_error_not_a_missing_command(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(cli, "AREAS", (*cli.AREAS, "careops.no_such_area.cli"))
    with pytest.raises(ModuleNotFoundError, match=r"careops\.no_such_area"):
        build_parser()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line_and_exit_2(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
):
    case.setup(tmp_path)
    if not (tmp_path / "datasets").exists():
        _datasets(tmp_path)  # never the repository's datasets/, even for a command that writes
    monkeypatch.setenv("CAREOPS_DATASETS", str(tmp_path / "datasets"))
    monkeypatch.delenv("CAREOPS_COURSE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    capfd.readouterr()
    status = main(case.argv(tmp_path))
    out, err = capfd.readouterr()
    assert status == 2, (out, err)
    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    prefix = f"careops {case.command[0]}: "
    assert line.startswith(prefix) and line.count(f"careops {case.command[0]}") == 1, line
    for expected in case.expect(tmp_path):
        assert expected in line, f"{expected!r} not in {line!r}"


def test_canvas_ids_of_the_wrong_json_type_names_the_option(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
):
    _course(tmp_path)
    (tmp_path / "ids.json").write_text(json.dumps([4411]), encoding="utf-8")
    assert main(_grade(tmp_path, "export", "--canvas-ids", str(tmp_path / "ids.json"))) == 2
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "--canvas-ids must hold a JSON object, got list" in err
