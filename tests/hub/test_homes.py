"""What each user's home holds before their server starts."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from traitlets.config import PyFileConfigLoader

from careops.hub.homes import prepare_home
from careops.hub.settings import HubSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> HubSettings:
    return HubSettings(state=tmp_path / "state", repo_root=ROOT, students=2)


def nbgrader_config(home: Path):
    return PyFileConfigLoader("nbgrader_config.py", path=str(home / ".jupyter")).load_config()


def test_student_submits_under_their_hub_name_through_the_shared_exchange(
    settings: HubSettings,
) -> None:
    config = nbgrader_config(prepare_home(settings, "student2"))
    assert config.CourseDirectory.student_id == "student2"
    assert config.CourseDirectory.course_id == "careops"
    assert config.Exchange.root == str(settings.exchange)
    assert stat.S_IMODE(settings.exchange.stat().st_mode) == 0o777


def test_student_does_not_get_the_instructor_tools(settings: HubSettings) -> None:
    home = prepare_home(settings, "student1")
    page = json.loads((home / ".jupyter" / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    assert page["disabledExtensions"]["@jupyter/nbgrader:create-assignment"] is True


def test_instructor_gets_the_course_seeded_from_autograders(settings: HubSettings) -> None:
    home = prepare_home(settings, "instructor")
    config = nbgrader_config(home)
    assert config.CourseDirectory.root == str(settings.course_root)
    assert config.CollectApp.check_owner is False
    seeded = {p.name for p in (settings.course_root / "source").iterdir()}
    assert seeded == {p.name for p in (ROOT / "autograders" / "source").iterdir()}
    page = json.loads((home / ".jupyter" / "labconfig" / "page_config.json").read_text())
    assert "@jupyter/nbgrader:formgrader" not in page["disabledExtensions"]


def test_instructor_course_is_not_overwritten_at_the_next_login(settings: HubSettings) -> None:
    prepare_home(settings, "instructor")
    mine = settings.course_root / "nbgrader_config.py"
    mine.write_text("# the instructor's own edits\n")
    prepare_home(settings, "instructor")
    assert mine.read_text() == "# the instructor's own edits\n"


def test_a_users_own_jupyterlab_settings_are_kept(settings: HubSettings) -> None:
    home = prepare_home(settings, "student1")
    tracker = (
        home
        / ".jupyter/lab/user-settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    )
    assert json.loads(tracker.read_text()) == {"autoStartDefaultKernel": True}
    tracker.write_text('{"autoStartDefaultKernel": false}')
    prepare_home(settings, "student1")
    assert json.loads(tracker.read_text()) == {"autoStartDefaultKernel": False}
