"""A malformed curriculum file fails with a message naming the file, the field and the value."""

import pytest
import yaml

from careops import curriculum


@pytest.fixture
def raw():
    return yaml.safe_load(curriculum.DATA_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data):
    path = tmp_path / "curriculum.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_credits_not_adding_up_to_the_program_total_is_reported(tmp_path, raw):
    raw["courses"][0]["credits"] = 5
    path = write(tmp_path, raw)
    with pytest.raises(
        curriculum.CurriculumError, match=r"curriculum\.yml.*add up to 37.*total_credits is 36"
    ):
        curriculum.load(path)


def test_non_numeric_credits_name_the_field_and_value(tmp_path, raw):
    raw["courses"][2]["credits"] = "two"
    with pytest.raises(curriculum.CurriculumError, match=r"courses\[2\]\.credits.*'two'"):
        curriculum.load(write(tmp_path, raw))


def test_plan_naming_an_unknown_course_is_reported(tmp_path, raw):
    raw["plans"][0]["entries"][1]["course"] = "Underwater Basket Weaving"
    with pytest.raises(
        curriculum.CurriculumError, match=r"plans\[0\]\.entries\[1\]\.course.*Underwater"
    ):
        curriculum.load(write(tmp_path, raw))


def test_plan_with_an_unknown_term_is_reported(tmp_path, raw):
    raw["plans"][1]["entries"][0]["term"] = "summer"
    with pytest.raises(
        curriculum.CurriculumError, match=r"plans\[1\]\.entries\[0\]\.term 'summer'"
    ):
        curriculum.load(write(tmp_path, raw))


def test_duplicate_course_id_is_reported(tmp_path, raw):
    raw["courses"][1]["id"] = raw["courses"][0]["id"]
    with pytest.raises(
        curriculum.CurriculumError, match=r"courses\[1\]\.id 'operations' is used twice"
    ):
        curriculum.load(write(tmp_path, raw))


def test_yaml_that_does_not_parse_is_reported_with_the_file(tmp_path):
    path = tmp_path / "curriculum.yml"
    path.write_text("courses: [unclosed\n", encoding="utf-8")
    with pytest.raises(curriculum.CurriculumError, match=r"curriculum\.yml:\d+: not valid YAML"):
        curriculum.load(path)


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path, raw, capsys):
    from careops.cli import main

    raw["courses"][0]["credits"] = 5
    assert main(["curriculum", "--file", str(write(tmp_path, raw))]) == 2
    err = capsys.readouterr().err
    assert "add up to 37" in err and "Traceback" not in err
