"""The JupyterHub settings the course hub applies (loaded as JupyterHub loads them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from traitlets.config import Config

from careops.hub.config import configure
from careops.hub.settings import HubSettings

ROOT = Path(__file__).resolve().parents[2]


def configured(tmp_path: Path) -> tuple[Config, HubSettings]:
    settings = HubSettings(
        state=tmp_path / "state",
        repo_root=ROOT,
        port=9200,
        api_port=9201,
        proxy_api_port=9202,
        password="long-enough",
    )
    c = Config()
    configure(c, settings)
    return c, settings


def test_hub_proxy_and_api_listen_on_loopback_only(tmp_path: Path) -> None:
    c, _ = configured(tmp_path)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:9200/"
    assert c.JupyterHub.hub_bind_url == "http://127.0.0.1:9201"
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:9202"


def test_state_database_and_secret_live_in_the_state_directory(tmp_path: Path) -> None:
    c, s = configured(tmp_path)
    assert c.JupyterHub.db_url == f"sqlite:///{s.state / 'jupyterhub.sqlite'}"
    assert Path(c.JupyterHub.cookie_secret_file).parent == s.state
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(s.state / "home" / "{username}")


def test_only_the_course_users_may_log_in_with_the_shared_password(tmp_path: Path) -> None:
    c, s = configured(tmp_path)
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "long-enough"
    assert c.Authenticator.allowed_users == set(s.users)


def test_single_user_servers_run_from_the_venv_and_carry_the_hub_state(tmp_path: Path) -> None:
    c, s = configured(tmp_path)
    assert Path(c.Spawner.cmd[0]).is_file()
    assert c.Spawner.environment["CAREOPS_HUB_STATE"] == str(s.state)
    assert "--allow-root" in c.Spawner.args


def test_missing_proxy_is_named_with_the_fix(tmp_path: Path) -> None:
    settings = HubSettings(state=tmp_path / "s", repo_root=tmp_path)
    with pytest.raises(ValueError, match=r"configurable-http-proxy.*npm ci"):
        configure(Config(), settings)
