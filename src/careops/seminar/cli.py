"""``careops seminar check|build``: validate the seminar's data files, build the journal-club
site."""

from __future__ import annotations

import argparse
from pathlib import Path

from careops.seminar.program import BIB_FILE, CAPSTONE_FILE, FORMATS, SESSIONS_FILE, load_program


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "seminar", help="seminar series: check the data files, build the journal-club site"
    )
    actions = p.add_subparsers(dest="seminar_command", metavar="ACTION", required=True)

    check = actions.add_parser(
        "check", help=f"validate {SESSIONS_FILE}, {BIB_FILE} and {CAPSTONE_FILE}"
    )
    check.add_argument("--dir", default="seminar", help="the seminar folder (default: seminar)")
    check.set_defaults(func=run_check)

    build = actions.add_parser("build", help="check, then build the site into BUILD_DIR/html")
    build.add_argument("--dir", default="seminar", help="the seminar folder (default: seminar)")
    build.add_argument(
        "--build-dir", default="_build/seminar", help="output folder (default: _build/seminar)"
    )
    build.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    build.set_defaults(func=run_build)


def run_check(args: argparse.Namespace) -> int:
    program = load_program(Path(args.dir))
    counts = ", ".join(
        f"{sum(s.format == f for s in program.sessions)} {label.lower()}"
        for f, label in FORMATS.items()
    )
    print(f"{args.dir}: {len(program.sessions)} sessions ({counts}) in {len(program.terms)} terms")
    print(
        f"{args.dir}/{BIB_FILE}: {len(program.readings)} readings "
        f"in {len(program.readings_by_topic())} topics"
    )
    print(f"{args.dir}/{CAPSTONE_FILE}: {len(program.milestones)} capstone milestones")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from careops.seminar.site import build_site

    html = build_site(Path(args.dir), Path(args.build_dir), quiet=not args.verbose)
    print(f"seminar site: {html / 'index.html'}")
    return 0
