"""The JupyterHub settings of the local course hub, applied to a traitlets config object.

Development only: a shared password, and every user's server runs as the hub's own Unix user
(SimpleLocalProcessSpawner), with homes under the state directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from careops.hub.homes import prepare_exchange, prepare_home
from careops.hub.settings import HubSettings

__all__ = ["STATE_ENV", "configure"]

STATE_ENV = "CAREOPS_HUB_STATE"  # every process of one hub carries it (see careops.hub.processes)


def configure(c: Any, settings: HubSettings, venv_bin: Path | None = None) -> None:
    """Fill JupyterHub config ``c`` for ``settings``; the single-user servers run from
    ``venv_bin``."""
    bin_dir = Path(venv_bin or Path(sys.executable).parent)
    proxy = settings.repo_root / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        raise ValueError(
            f"configurable-http-proxy is missing at {proxy}: run `npm ci` (make hub does)"
        )
    singleuser = bin_dir / "jupyterhub-singleuser"
    if not singleuser.exists():
        raise ValueError(
            f"jupyterhub-singleuser is missing at {singleuser}: `pip install -e .[hub]`"
        )
    state = settings.state
    state.mkdir(parents=True, exist_ok=True)
    prepare_exchange(settings)

    c.JupyterHub.bind_url = settings.url + "/"
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.api_port}"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    c.JupyterHub.init_spawners_timeout = 5

    c.JupyterHub.proxy_class = "configurable-http-proxy"
    c.ConfigurableHTTPProxy.command = [str(proxy)]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = settings.password
    c.Authenticator.allowed_users = set(settings.users)

    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
    c.Spawner.cmd = [str(singleuser)]
    c.Spawner.args = [
        "--allow-root",  # the hub runs as root in CI; users are not Unix accounts
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    c.Spawner.default_url = "/lab"
    c.Spawner.start_timeout = 90
    c.Spawner.http_timeout = 60
    c.Spawner.environment = {
        STATE_ENV: str(state),
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "/usr/bin:/bin")]),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }

    def pre_spawn_hook(spawner: Any) -> None:
        """Write the user's nbgrader and JupyterLab settings before their server starts."""
        prepare_home(settings, spawner.user.name)

    c.Spawner.pre_spawn_hook = pre_spawn_hook
