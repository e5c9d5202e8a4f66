"""JupyterHub for the careops course, on 127.0.0.1, for development and the hub tests.

Run it with `make hub`. Settings come from the environment (see careops.hub.settings):
CAREOPS_HUB_STATE (default _build/hub), CAREOPS_HUB_PORT (8008), CAREOPS_HUB_API_PORT (8009),
CAREOPS_HUB_PROXY_API_PORT (8010), CAREOPS_HUB_PASSWORD (careops-dev), CAREOPS_HUB_STUDENTS (3).
Users: "instructor" and "student1".."studentN", all with the shared password.
"""

import os
from pathlib import Path

from careops.hub.config import STATE_ENV, configure
from careops.hub.settings import HubSettings

c = get_config()  # noqa: F821  (provided by traitlets when JupyterHub loads this file)

REPO_ROOT = Path(__file__).resolve().parents[1]
settings = HubSettings.from_env(REPO_ROOT)
os.environ[STATE_ENV] = str(settings.state)  # the proxy inherits it; see careops.hub.processes
configure(c, settings)
