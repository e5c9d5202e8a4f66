"""Where careops finds the nbgrader course: --course-dir, $CAREOPS_COURSE_DIR, cwd, autograders/."""

from __future__ import annotations

from pathlib import Path

import pytest

from careops.grading.course import CONFIG_NAME, ENV_VAR, REPO_COURSE, find_course_dir


def _course(path: Path) -> Path:
    """A course directory: a folder holding an nbgrader_config.py."""
    path.mkdir(parents=True)
    (path / CONFIG_NAME).write_text("c = get_config()  # noqa\n", encoding="utf-8")
    return path


def test_environment_variable_names_the_course_on_an_installed_image(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """$CAREOPS_COURSE_DIR wins over a config in the cwd and over the checkout's autograders/."""
    course = _course(tmp_path / "srv" / "course")
    monkeypatch.chdir(_course(tmp_path / "elsewhere"))
    monkeypatch.setenv(ENV_VAR, str(course))
    assert find_course_dir() == course.resolve()


def test_explicit_course_dir_wins_over_the_environment(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--course-dir (the explicit argument) is used even when the variable is set."""
    monkeypatch.setenv(ENV_VAR, str(_course(tmp_path / "from-env")))
    explicit = _course(tmp_path / "explicit")
    assert find_course_dir(explicit) == explicit.resolve()


def test_environment_variable_without_a_config_is_an_error_naming_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A variable pointing at a folder with no nbgrader_config.py fails, naming the variable."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(ENV_VAR, str(empty))
    with pytest.raises(FileNotFoundError, match=rf"{ENV_VAR}=.*empty.*{CONFIG_NAME}"):
        find_course_dir()


def test_without_the_variable_the_checkout_course_is_used(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No variable and no config in the cwd: the repository's autograders/ (make's layout)."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert find_course_dir() == REPO_COURSE
