"""Read the seminar's YAML files keeping line numbers, so a bad entry is reported by its line.

The line-keeping loader itself is :mod:`careops.yamlfile` (shared with the curriculum and the
data dictionaries); this module turns its errors into the seminar's list of problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from careops.errors import CareopsError, InputError
from careops.yamlfile import LineDict, parse_yaml

__all__ = ["LineDict", "SeminarError", "load_yaml"]


class SeminarError(CareopsError, ValueError):
    """The seminar's data files are wrong: one line per problem, each naming file, line and value.

    ``problems`` holds the lines; ``errors`` the typed :class:`InputError` behind each problem
    that has one (a file that does not parse, a missing file)."""

    def __init__(self, problems: list[str | InputError]):
        self.errors = [p for p in problems if isinstance(p, InputError)]
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))

    def __reduce__(self) -> tuple[Any, ...]:  # picklable (the build may run in a subprocess)
        return (SeminarError, (self.problems,))


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into LineDicts; a missing file or a syntax error is a SeminarError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeminarError([InputError("file", str(path), "exists", file=path,
                                       message="file not found")]) from None
    try:
        return parse_yaml(text, path)
    except InputError as exc:
        raise SeminarError([exc]) from None
