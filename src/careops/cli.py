"""The ``careops`` command: a thin shell over the library's modules.

Each area registers its own sub-commands (``careops grade ...``, ``careops seminar ...``)
through a ``register(subparsers)`` function in its ``cli`` module, so this file never
grows with the areas' logic. What goes wrong on purpose reaches :func:`main` as a
:class:`careops.errors.CareopsError` (or an unreadable user file) and is printed as one line
naming the file, field and value, with exit status 2 and no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

import yaml

from careops.errors import CareopsError

# the modules whose register(subparsers) adds each area's command; all of them must import
AREAS = (
    "careops.curriculum.cli",
    "careops.data.cli",
    "careops.grading.cli",
    "careops.seminar.cli",
    "careops.site.cli",
)

# what opening a file the user named raises when it is missing or is not a readable file
FILE_ERRORS = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)


def build_parser() -> argparse.ArgumentParser:
    """The ``careops`` parser with every area's sub-commands registered."""
    parser = argparse.ArgumentParser(prog="careops", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in AREAS:
        importlib.import_module(name).register(sub)
    return parser


def command_name(args: argparse.Namespace) -> str:
    """``careops AREA``: the prefix of every error line, printed here once (so the areas'
    messages never start with it)."""
    return f"careops {args.command}"


def file_error_line(exc: OSError) -> str:
    """One line for a user file that cannot be opened: the file, then why."""
    reason = {
        FileNotFoundError: "file not found",
        IsADirectoryError: "is a folder, not a file",
        NotADirectoryError: "a part of the path is not a folder",
        PermissionError: "permission denied",
    }.get(type(exc), exc.strerror or str(exc))
    return f"{exc.filename}: {reason}" if exc.filename else " ".join(str(exc).split())


def yaml_error_line(exc: yaml.YAMLError) -> str:
    """One line for YAML that does not parse: ``file:line: problem``."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{mark.name}:{mark.line + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return " ".join(f"{where}YAML does not parse: {problem}".split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command; a user-facing failure is one line on stderr and exit status 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except CareopsError as exc:
        line = exc.one_line()
    except FILE_ERRORS as exc:
        line = file_error_line(exc)
    except yaml.YAMLError as exc:
        line = yaml_error_line(exc)
    else:
        return int(result or 0)
    print(f"{command_name(args)}: {line}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
