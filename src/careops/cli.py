"""The ``careops`` command: a thin shell over the library's modules.

Each area registers its own sub-commands (``careops grade ...``, ``careops seminar ...``)
through a ``register(subparsers)`` function in its ``cli`` module, so this file never
grows with the areas' logic.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

AREAS = (
    "careops.curriculum.cli",
    "careops.data.cli",
    "careops.grading.cli",
    "careops.seminar.cli",
    "careops.site.cli",
)


class CommandError(Exception):
    """A user-facing failure: printed as one clear line, exit status 2, no traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careops", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that area is not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except (CommandError, ValueError, FileNotFoundError) as exc:
        print(f"careops {args.command}: {exc}", file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
