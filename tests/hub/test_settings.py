"""Hub settings read from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from careops.hub.settings import HubSettings


def test_defaults_put_state_under_build_and_list_instructor_then_students(tmp_path: Path) -> None:
    s = HubSettings.from_env(tmp_path, env={})
    assert s.state == (tmp_path / "_build" / "hub").resolve()
    assert s.url == "http://127.0.0.1:8008"
    assert s.users == ["instructor", "student1", "student2", "student3"]
    assert s.course_root == s.state / "home" / "instructor" / "careops"


def test_environment_overrides_ports_password_and_class_size(tmp_path: Path) -> None:
    env = {
        "CAREOPS_HUB_STATE": str(tmp_path / "st"),
        "CAREOPS_HUB_PORT": "9100",
        "CAREOPS_HUB_API_PORT": "9101",
        "CAREOPS_HUB_PROXY_API_PORT": "9102",
        "CAREOPS_HUB_PASSWORD": "long-enough",
        "CAREOPS_HUB_STUDENTS": "1",
    }
    s = HubSettings.from_env(tmp_path, env=env)
    assert (s.state, s.port, s.api_port, s.proxy_api_port) == (tmp_path / "st", 9100, 9101, 9102)
    assert (s.password, s.users) == ("long-enough", ["instructor", "student1"])


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CAREOPS_HUB_PORT": "eighty"}, "CAREOPS_HUB_PORT"),
        ({"CAREOPS_HUB_PORT": "70000"}, "port"),
        ({"CAREOPS_HUB_API_PORT": "8008"}, "must differ"),
        ({"CAREOPS_HUB_PASSWORD": "short"}, "password"),
        ({"CAREOPS_HUB_STUDENTS": "0"}, "students"),
    ],
)
def test_bad_settings_are_refused_by_name(tmp_path: Path, env: dict, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        HubSettings.from_env(tmp_path, env=env)


def test_home_of_someone_not_on_the_hub_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mallory"):
        HubSettings(state=tmp_path, repo_root=tmp_path).home("mallory")
