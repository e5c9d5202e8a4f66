"""One data-file loader: every problem of a file is reported at once, each with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careops import curriculum
from careops.datafile import Problems
from careops.errors import InputError
from careops.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parents[1]

THREE_PROBLEMS = """\
title: Triage audit
credits: two
term: sumer
colour: blue
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    """1-based number of the first line ending with ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.rstrip().endswith(needle):
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_a_file_with_three_problems_reports_all_three_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "entry.yml"
    path.write_text(THREE_PROBLEMS, encoding="utf-8")
    raw = load_yaml(path)
    problems = Problems(path)
    problems.unknown_keys(raw, ["title", "credits", "term"])
    problems.required(raw, "credits", int)
    problems.choice(raw, "term", ["fall", "spring", "summer"])
    with pytest.raises(InputError) as info:
        problems.raise_if_any()
    lines = str(info.value).splitlines()
    assert lines == [
        f"{path}:4: the file has an unknown field 'colour'",
        f"{path}:2: credits: 'two': must be a whole number",
        f"{path}:3: term: 'sumer': must be one of fall, spring, summer (did you mean 'summer'?)",
    ]
    # the error's own fields are the first problem's; every problem travels with it
    assert (info.value.file, info.value.line, info.value.field) == (str(path), 4, "colour")
    assert [(p.line, p.field, p.value) for p in info.value.problems] == [
        (4, "colour", "colour"),
        (2, "credits", "two"),
        (3, "term", "sumer"),
    ]


def test_an_unknown_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "session.yml"
    path.write_text("title: Flow\nreading: [hoot_2008]\n", encoding="utf-8")
    problems = Problems(path)
    problems.unknown_keys(load_yaml(path), ["title", "readings", "questions"], "sessions[0]")
    with pytest.raises(
        InputError,
        match=r"session\.yml:2: sessions\[0\] has an unknown field "
        r"'reading' \(did you mean 'readings'\?\)",
    ):
        problems.raise_if_any()


def test_a_clean_file_raises_nothing(tmp_path: Path) -> None:
    path = tmp_path / "entry.yml"
    path.write_text("title: Triage audit\ncredits: 2\n", encoding="utf-8")
    raw = load_yaml(path)
    problems = Problems(path)
    assert problems.required(raw, "credits", int, positive=True) == 2
    assert problems.required(raw, "title", str) == "Triage audit"
    problems.raise_if_any()
    assert not problems


def test_an_entry_that_is_not_a_mapping_is_reported_once_however_many_fields_are_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plans.yml"
    path.write_text("entries:\n  - fall 4 credits\n", encoding="utf-8")
    entry = load_yaml(path)["entries"][0]
    problems = Problems(path)
    for key in ("term", "course", "credits"):
        assert problems.required(entry, key, str, "entries[0]") is None
    assert [str(p) for p in problems] == [
        f"{path}: entries[0]: 'fall 4 credits': must be a mapping of fields"
    ]


def test_curriculum_reports_two_independent_problems(tmp_path: Path) -> None:
    path = tmp_path / "curriculum.yml"
    shutil.copy(curriculum.DATA_FILE, path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("  credits: 4\n", "  credits: four\n", 1)  # the first course's credits
    text = text.replace("  - term: fall\n", "  - term: sprig\n", 1)  # the first plan entry
    path.write_text(text, encoding="utf-8")
    with pytest.raises(curriculum.CurriculumError) as info:
        curriculum.load(path)
    message = str(info.value)
    assert f"{path}:{_line(path, 'credits: four')}: " in message and "'four'" in message
    assert f"{path}:{_line(path, 'term: sprig')}: " in message
    assert "'sprig' is not one of" in message and "did you mean 'spring'" in message
    assert len(message.splitlines()) == 2  # no knock-on problem from the course with bad credits


def test_data_dictionary_reports_two_independent_problems(tmp_path: Path) -> None:
    from careops.data.dictionaries import dictionary_path, load_dictionary
    from careops.data.errors import DatasetError

    path = tmp_path / "claims.yml"
    shutil.copy(dictionary_path("claims"), path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("    unit: US dollars\n", "    units: US dollars\n", 1)
    path.write_text(text.replace("    type: bool\n", "    type: boolean\n", 1), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dictionary("claims", path)
    message = str(info.value)
    assert f"{path}:{_line(path, 'units: US dollars')}: " in message
    assert "unknown field 'units' (did you mean 'unit'?)" in message
    assert f"{path}:{_line(path, 'type: boolean')}: column 'denied': type 'boolean'" in message
    assert len(info.value.problems) == 2


def _seminar_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seminar"
    shutil.copytree(
        ROOT / "seminar", folder, ignore=shutil.ignore_patterns("_build", "*.ipynb_checkpoints")
    )
    return folder


def test_seminar_sessions_report_two_independent_problems(tmp_path: Path) -> None:
    from careops.seminar import SeminarError, load_program

    folder = _seminar_copy(tmp_path)
    sessions = folder / "sessions.yml"
    _edit(sessions, "date: 2026-09-16", "date: 2026-08-26")
    text = sessions.read_text(encoding="utf-8")
    sessions.write_text(
        text.replace("    format: lecture\n", "    format: lectur\n", 1), encoding="utf-8"
    )
    with pytest.raises(SeminarError) as info:
        load_program(folder)
    assert isinstance(info.value, InputError)
    message = str(info.value)
    assert f"{sessions}:{_line(sessions, 'format: lectur')}: " in message
    assert "format 'lectur' is not one of" in message and "did you mean 'lecture'" in message
    assert f"{sessions}:{_line(sessions, 'date: 2026-08-26')}: " in message
    assert "date 2026-08-26 is outside its term" in message
    # the InputError's own fields are the first problem's (problems come sorted by line)
    assert (info.value.file, info.value.line) == (str(sessions), _line(sessions, "format: lectur"))
    assert info.value.value == "lectur"


def test_capstone_reports_two_independent_problems(tmp_path: Path) -> None:
    from careops.seminar import SeminarError, load_program

    folder = _seminar_copy(tmp_path)
    capstone = folder / "capstone.yml"
    _edit(
        capstone,
        '    report_section: "1. Problem and context"',
        '    report_sectoin: "1. Problem and context"',
    )
    _edit(capstone, "due: 2027-02-17", "due: 2027-01-15")
    with pytest.raises(SeminarError) as info:
        load_program(folder)
    message = str(info.value)
    typo = _line(capstone, 'report_sectoin: "1. Problem and context"')
    assert f"{capstone}:{typo}: " in message
    assert "unknown field 'report_sectoin' (did you mean 'report_section'?)" in message
    assert "due 2027-01-15 is outside term 'spring-2027'" in message
