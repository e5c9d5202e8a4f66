"""Where the local hub keeps its state, which ports it uses and who may log in (from the env)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HubSettings"]

MIN_PASSWORD = 8  # JupyterHub's SharedPasswordAuthenticator refuses shorter passwords
DEFAULT_PASSWORD = "careops-dev"


@dataclass(frozen=True)
class HubSettings:
    """One local hub: state directory, ports, shared dev password, instructor and students."""

    state: Path
    repo_root: Path
    port: int = 8008
    api_port: int = 8009
    proxy_api_port: int = 8010
    password: str = DEFAULT_PASSWORD
    students: int = 3
    course_id: str = "careops"
    instructor: str = "instructor"

    def __post_init__(self) -> None:
        for name in ("port", "api_port", "proxy_api_port"):
            value = getattr(self, name)
            if not 0 < value < 65536:
                raise ValueError(f"{name} must be a TCP port (1-65535), got {value!r}")
        if len({self.port, self.api_port, self.proxy_api_port}) < 3:
            raise ValueError(
                f"port, api_port and proxy_api_port must differ, got "
                f"{self.port}, {self.api_port}, {self.proxy_api_port}"
            )
        if len(self.password) < MIN_PASSWORD:
            raise ValueError(
                f"password must be at least {MIN_PASSWORD} characters, got {len(self.password)}"
            )
        if not 1 <= self.students <= 500:
            raise ValueError(f"students must be between 1 and 500, got {self.students!r}")

    @classmethod
    def from_env(cls, repo_root: Path, env: Mapping[str, str] | None = None) -> HubSettings:
        """Read CAREOPS_HUB_STATE, _PORT, _API_PORT, _PROXY_API_PORT, _PASSWORD, _STUDENTS."""
        env = os.environ if env is None else env
        state = env.get("CAREOPS_HUB_STATE") or str(repo_root / "_build" / "hub")
        return cls(
            state=Path(state).resolve(),
            repo_root=Path(repo_root).resolve(),
            port=_int(env, "CAREOPS_HUB_PORT", 8008),
            api_port=_int(env, "CAREOPS_HUB_API_PORT", 8009),
            proxy_api_port=_int(env, "CAREOPS_HUB_PROXY_API_PORT", 8010),
            password=env.get("CAREOPS_HUB_PASSWORD") or DEFAULT_PASSWORD,
            students=_int(env, "CAREOPS_HUB_STUDENTS", 3),
        )

    @property
    def url(self) -> str:
        """The address students open."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def student_names(self) -> list[str]:
        """student1, student2, ..."""
        return [f"student{i}" for i in range(1, self.students + 1)]

    @property
    def users(self) -> list[str]:
        """Everyone who may log in: the instructor, then the students."""
        return [self.instructor, *self.student_names]

    @property
    def exchange(self) -> Path:
        """nbgrader's shared exchange (released assignments, submissions, feedback)."""
        return self.state / "exchange"

    def home(self, username: str) -> Path:
        """A user's home directory (users are not Unix accounts: the hub runs everyone as
        itself)."""
        if username not in self.users:
            raise ValueError(f"username must be one of {', '.join(self.users)}, got {username!r}")
        return self.state / "home" / username

    @property
    def course_root(self) -> Path:
        """The instructor's nbgrader course directory (source/, release/, gradebook.db)."""
        return self.home(self.instructor) / self.course_id


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
