"""Read the seminar's YAML files keeping line numbers, so a bad entry is reported by its line.

The line-keeping loader itself is :mod:`careops.yamlfile` (shared with the curriculum and the
data dictionaries); this module turns its errors into the seminar's list of problems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from careops.datafile import Problem
from careops.errors import InputError
from careops.yamlfile import LineDict, parse_yaml

__all__ = ["LineDict", "SeminarError", "load_yaml"]


class SeminarError(InputError):
    """The seminar's data files are wrong: one line per problem, each naming file, line and value.

    An :class:`InputError` whose ``file``, ``line``, ``field``, ``value`` and ``rule`` are the
    first problem's (see :mod:`careops.datafile`). ``items`` holds every problem as a
    :class:`Problem`; ``problems`` their lines; ``errors`` the typed :class:`InputError` behind
    each problem that has one (a file that does not parse, a missing file)."""

    def __init__(self, problems: Sequence[str | InputError | Problem]):
        self.errors = [p for p in problems if isinstance(p, InputError)]
        self.items = [_problem(p) for p in problems]
        self.problems = [str(p) for p in self.items]
        first = (
            self.items[0]
            if self.items
            else Problem(None, None, "seminar", None, "check", {"check": "of the seminar"})
        )
        super().__init__(
            first.field,
            first.value,
            first.rule,
            file=first.file,
            line=first.line or None,
            **first.limits,
            message="\n".join([first.body, *self.problems[1:]]),
        )

    def replace(self, **changes: Any) -> InputError:
        """A plain InputError copy (same message) with some parts changed; see InputError."""
        plain = InputError(
            self.field,
            self.value,
            self.rule,
            file=self.file,
            line=self.line,
            message=self.message,
            **self.limits,
        )
        return plain.replace(**changes)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable (the build may run in a subprocess)
        return (SeminarError, (self.items,))


_LOCATED = re.compile(r"^(?P<file>[^:\n]+?):(?P<line>\d+): (?P<rest>.*)$", re.DOTALL)


def _problem(problem: str | InputError | Problem) -> Problem:
    """A problem as a Problem: a 'file:line: text' string keeps its file and line."""
    if isinstance(problem, Problem):
        return problem
    if isinstance(problem, InputError):
        found = getattr(problem, "problems", None)
        return found[0] if found and len(found) == 1 else Problem.of(problem)
    match = _LOCATED.match(problem)
    if match is None:
        return Problem(
            None, None, "seminar", None, "check", {"check": "of the seminar"}, message=problem
        )
    return Problem(
        match["file"],
        int(match["line"]),
        "seminar",
        None,
        "check",
        {"check": "of the seminar"},
        message=match["rest"],
    )


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into LineDicts; a missing file or a syntax error is a SeminarError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeminarError(
            [InputError("file", str(path), "exists", file=path, message="file not found")]
        ) from None
    try:
        return parse_yaml(text, path)
    except InputError as exc:
        raise SeminarError([exc]) from None
