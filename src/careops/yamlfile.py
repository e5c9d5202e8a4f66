"""Read YAML files keeping line numbers, so a bad entry is reported by its file and line.

Shared by every layer that reads a YAML file a person edits (the curriculum, the data
dictionaries, the seminar's sessions and capstone): mappings come back as :class:`LineDict`
(which remembers the line of each key), and a file that does not parse raises
:class:`careops.errors.InputError` with ``rule="parse"``, ``file`` and ``line``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from careops.errors import InputError

__all__ = ["LineDict", "line_of", "load_yaml", "parse_yaml"]


class LineDict(dict):
    """A YAML mapping that remembers the line it starts on and the line of each key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


def line_of(data: Any, key: str | None = None) -> int | None:
    """The line of ``key`` in ``data`` (or of ``data`` itself) when it came from load_yaml."""
    if not isinstance(data, LineDict):
        return None
    line = data.line_of(key) if key is not None else data.line
    return line or None


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts and whose ``16:00`` stays a string."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }
    yield data
    data.update(loader.construct_mapping(node, deep=True))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.1 reads 16:00 as the base-60 integer 960; a clock time must stay text.
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")
_LineLoader.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _digit in "0123456789":
    _LineLoader.yaml_implicit_resolvers.setdefault(_digit, []).insert(
        0, ("tag:yaml.org,2002:str", _CLOCK)
    )


def parse_yaml(text: str, path: str | Path) -> Any:
    """Parse YAML ``text`` read from ``path`` into LineDicts; bad syntax is an InputError there."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputError(
            "YAML",
            str(path),
            "parse",
            reason=what,
            file=path,
            line=mark.line + 1 if mark is not None else None,
            message=f"YAML does not parse: {what}",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(
            "YAML",
            str(path),
            "parse",
            reason=str(exc),
            file=path,
            message=f"YAML does not parse: {exc}",
        ) from None


def load_yaml(path: str | Path) -> Any:
    """Read and parse a YAML file (UTF-8); FileNotFoundError if it is missing."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "YAML",
            str(path),
            "parse",
            reason="not UTF-8 text",
            file=path,
            message=f"not UTF-8 text ({exc.reason} at byte {exc.start})",
        ) from None
    return parse_yaml(text, path)
