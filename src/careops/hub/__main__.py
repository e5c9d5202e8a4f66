"""`python -m careops.hub`: print how to reach the local hub (URL, dev logins, a launch link)."""

from __future__ import annotations

import sys
from pathlib import Path

from careops.hub.links import git_pull_url
from careops.hub.settings import HubSettings

EXAMPLE_PAGE = "exercises/lean/takt-time.ipynb"


def banner(settings: HubSettings) -> str:
    """The lines `make hub` prints before the hub starts."""
    students = settings.student_names
    who = f"{settings.instructor}, {students[0]}" + (
        f" … {students[-1]}" if len(students) > 1 else ""
    )
    link = git_pull_url(settings.url, settings.repo_root.as_uri(), EXAMPLE_PAGE, target="course")
    return "\n".join(
        [
            f"careops course hub: {settings.url}/",
            f"  log in as {who} with the password {settings.password!r} (development only)",
            f"  state (homes, nbgrader exchange, hub database): {settings.state}",
            f"  instructor's nbgrader course: {settings.course_root}",
            "  a launch link (nbgitpuller clones this repository's committed HEAD, "
            "opens an exercise):",
            f"  {link}",
            "  Ctrl-C stops the hub and every user's server.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the banner for the hub configured by the environment."""
    repo_root = Path(argv[0] if argv else ".").resolve()
    print(banner(HubSettings.from_env(repo_root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
