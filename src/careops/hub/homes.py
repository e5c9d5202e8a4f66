"""Each hub user's home: their nbgrader settings, their JupyterLab settings, the course folder.

The hub runs every single-user server as its own (root) process, so nbgrader cannot tell
students apart by Unix account; each student's settings name them (``CourseDirectory.
student_id``) and that is the name their submissions carry.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from careops.hub.settings import HubSettings

__all__ = ["prepare_exchange", "prepare_home"]

# JupyterLab plugins nobody on the course hub needs: the news/update check reaches the internet.
DISABLED_FOR_ALL = {"@jupyterlab/apputils-extension:announcements": True}
# JupyterLab settings a new user starts with (kept if they change them): open notebooks
# straight into their kernel instead of asking which kernel to use.
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True},
}
# Instructor tools a student should not see.
DISABLED_FOR_STUDENTS = {
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:create-assignment": True,
}


def prepare_exchange(settings: HubSettings) -> Path:
    """Create nbgrader's shared exchange, writable by everyone as nbgrader expects."""
    settings.exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.exchange, 0o777)
    return settings.exchange


def prepare_home(settings: HubSettings, username: str) -> Path:
    """Write ``username``'s settings into their home (created if needed) and return the home."""
    home = settings.home(username)
    config_dir = home / ".jupyter"
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    prepare_exchange(settings)
    instructor = username == settings.instructor
    if instructor:
        _seed_course(settings)
    (config_dir / "nbgrader_config.py").write_text(_nbgrader_config(settings, username, instructor))
    disabled = dict(DISABLED_FOR_ALL) | ({} if instructor else DISABLED_FOR_STUDENTS)
    page = {"disabledExtensions": disabled}
    (config_dir / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")
    for name, values in USER_SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2) + "\n")
    return home


def _nbgrader_config(settings: HubSettings, username: str, instructor: bool) -> str:
    lines = [
        f'"""nbgrader settings of {username} on the local careops hub (written by careops.hub)."""',
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {settings.course_id!r}",
        f"c.Exchange.root = {str(settings.exchange)!r}",
    ]
    if instructor:
        lines += [
            f"c.CourseDirectory.root = {str(settings.course_root)!r}",
            "# every server runs as the hub's Unix user, "
            "so submissions cannot be told apart by owner",
            "c.CollectApp.check_owner = False",
        ]
    else:
        lines.append(f"c.CourseDirectory.student_id = {username!r}")
    return "\n".join(lines) + "\n"


def _seed_course(settings: HubSettings) -> None:
    """First login of the instructor: the course's nbgrader config and assignment sources."""
    course = settings.course_root
    if (course / "nbgrader_config.py").exists():
        return
    seed = settings.repo_root / "autograders"
    if not (seed / "nbgrader_config.py").is_file():
        raise ValueError(
            f"repo_root has no autograders/nbgrader_config.py to seed the course: {seed}"
        )
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy2(seed / "nbgrader_config.py", course / "nbgrader_config.py")
    if (seed / "source").is_dir():
        shutil.copytree(seed / "source", course / "source", dirs_exist_ok=True)
