"""The course on a local JupyterHub: settings, user homes, launch links, process clean-up.

``hub/jupyterhub_config.py`` is a thin file over :func:`careops.hub.config.configure`;
``make hub`` runs it, and ``tests/hub`` drives it in headless Chromium.
"""

from careops.hub.homes import prepare_home
from careops.hub.links import git_pull_url
from careops.hub.settings import HubSettings

__all__ = ["HubSettings", "git_pull_url", "prepare_home"]
