"""nbgitpuller launch links: one URL that logs a student in, pulls the course and opens a page."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlencode, urlsplit

__all__ = ["git_pull_url"]

APPS = ("lab", "tree")


def git_pull_url(
    hub_url: str,
    repo: str,
    path: str = "",
    *,
    branch: str = "",
    target: str = "",
    app: str = "lab",
) -> str:
    """The ``/hub/user-redirect/git-pull`` link that clones ``repo`` and opens ``path`` in it.

    ``repo`` is anything ``git clone`` accepts (an https URL, or ``file:///...`` for a local
    repository); the clone lands in the student's home under ``target`` (by default the
    repository's name, as nbgitpuller does). ``path`` is relative to the repository root.
    """
    parts = urlsplit(hub_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"hub_url must be an http(s) URL such as http://127.0.0.1:8008, got {hub_url!r}"
        )
    if not repo.strip():
        raise ValueError(f"repo must name a git repository, got {repo!r}")
    if app not in APPS:
        raise ValueError(f"app must be one of {', '.join(APPS)}, got {app!r}")
    if path.startswith("/") or ".." in PurePosixPath(path).parts:
        raise ValueError(f"path must be relative to the repository root, got {path!r}")
    folder = target or _repo_name(repo)
    opened = "/".join(p for p in (folder, path.strip("/")) if p)
    query = {"repo": repo, "urlpath": f"{app}/tree/{opened}"}
    if branch:
        query["branch"] = branch
    if target:
        query["targetPath"] = target
    base = hub_url.rstrip("/")
    return f"{base}/hub/user-redirect/git-pull?{urlencode(query)}"


def _repo_name(repo: str) -> str:
    """The folder nbgitpuller clones into when no target is given (its own rule, .git kept)."""
    name = repo.rstrip("/").split("/")[-1]
    if not name:
        raise ValueError(f"repo has no name to clone into, got {repo!r}: pass target=")
    return name
