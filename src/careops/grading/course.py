"""Locate the nbgrader course, load its configuration and make new course directories.

The course lives in the repository's ``autograders/`` (nbgrader_config.py + source/). Every
careops grading command loads that configuration the way nbgrader does, so settings such as
``CourseDirectory.db_url`` (SQLite by default, PostgreSQL on a shared hub) apply unchanged.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config, PyFileConfigLoader

from careops.errors import InputError

CONFIG_NAME = "nbgrader_config.py"
REPO_COURSE = Path(__file__).resolve().parents[3] / "autograders"
ENV_VAR = "CAREOPS_COURSE_DIR"  # the course directory on an installed image (no checkout)


def ensure_tools_on_path() -> None:
    """Put the interpreter's bin/ on PATH: nbgrader shells out to `alembic` for a new gradebook."""
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


def find_course_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The course directory: the explicit one, else $CAREOPS_COURSE_DIR, else the cwd if it has a
    config, else autograders/."""
    if explicit is not None:
        path = Path(explicit).resolve()
        if not (path / CONFIG_NAME).is_file():
            raise FileNotFoundError(f"course directory {path} has no {CONFIG_NAME}")
        return path
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).resolve()
        if not (path / CONFIG_NAME).is_file():
            raise FileNotFoundError(
                f"{ENV_VAR}={env}: course directory {path} has no {CONFIG_NAME}"
            )
        return path
    if (Path.cwd() / CONFIG_NAME).is_file():
        return Path.cwd().resolve()
    if (REPO_COURSE / CONFIG_NAME).is_file():
        return REPO_COURSE
    raise FileNotFoundError(f"no {CONFIG_NAME} in {Path.cwd()} or {REPO_COURSE}; pass --course-dir")


def missing_assignment(assignment: str, db_url: str) -> InputError:
    """The error for an assignment the gradebook does not know (the course's usual first step
    is ``nbgrader generate_assignment``, which records it)."""
    return InputError(
        "assignment",
        assignment,
        "exists",
        message=f"assignment {assignment!r} is not in the gradebook {db_url}: "
        f"run `nbgrader generate_assignment {assignment}` first",
    )


def require_assignment(assignment: str, course_dir: str | os.PathLike[str]) -> None:
    """Raise InputError unless ``assignment`` is in the course's gradebook (checked before a
    command starts work, so a typo is one clear line rather than a failure deep in nbgrader)."""
    from nbgrader.api import Gradebook, MissingEntry

    coursedir = course_directory(load_config(course_dir))
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise missing_assignment(assignment, coursedir.db_url) from None


def load_config(course_dir: str | os.PathLike[str]) -> Config:
    """The course's nbgrader configuration, with CourseDirectory.root set to the course."""
    ensure_tools_on_path()
    course_dir = Path(course_dir).resolve()
    config = PyFileConfigLoader(CONFIG_NAME, path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    return config


def course_directory(config: Config) -> CourseDirectory:
    """nbgrader's CourseDirectory for a loaded configuration."""
    return CourseDirectory(config=config)


def source_assignments(course_dir: str | os.PathLike[str]) -> list[str]:
    """Assignment names under source/ (folders holding at least one notebook), sorted."""
    source = Path(course_dir) / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def write_course_config(
    root: str | os.PathLike[str],
    *,
    course_id: str = "careops",
    exchange: str | os.PathLike[str] | None = None,
    timeout: int | None = None,
    extra: str = "",
    base: str | os.PathLike[str] | None = None,
) -> Path:
    """Make a course directory whose config extends the repository's course config.

    Used for temporary courses (tests, benchmarks, validation): the same sandbox and feedback
    policy as ``base`` (the repository's course by default), but its own root, SQLite
    gradebook and exchange, so nothing reaches the real course's database.
    """
    root = Path(root).resolve()
    base = Path(base) if base is not None else REPO_COURSE / CONFIG_NAME
    (root / "source").mkdir(parents=True, exist_ok=True)
    lines = [
        "c = get_config()  # noqa: F821",
        f"load_subconfig({str(base.resolve())!r})  # noqa: F821",
        f"c.CourseDirectory.root = {str(root)!r}",
        f"c.CourseDirectory.course_id = {course_id!r}",
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(root / 'gradebook.db')!r}",
        f"c.Exchange.root = {str(Path(exchange or root / 'exchange').resolve())!r}",
    ]
    if timeout is not None:
        lines.append(f"c.Execute.timeout = {int(timeout)}")
    path = root / CONFIG_NAME
    path.write_text("\n".join([*lines, extra, ""]), encoding="utf-8")
    return path
