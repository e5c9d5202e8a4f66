"""Read the seminar's YAML files keeping line numbers, so a bad entry is reported by its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class SeminarError(ValueError):
    """The seminar's data files are wrong: one line per problem, each naming file, line and value."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class LineDict(dict):
    """A YAML mapping that remembers the line it starts on and the line of each key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts and whose ``16:00`` stays a string."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):
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


def load_yaml(path: Path) -> Any:
    """Parse a YAML file into LineDicts; a syntax error becomes a SeminarError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeminarError([f"{path}: file not found"]) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SeminarError([f"{path}{line}: YAML does not parse: {what}"]) from None
    except yaml.YAMLError as exc:
        raise SeminarError([f"{path}: YAML does not parse: {exc}"]) from None
