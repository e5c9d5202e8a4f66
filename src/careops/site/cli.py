"""``careops site build|check|toc|vendor``: build the course site, scan it, keep its TOC current.

``build`` is what ``make book`` runs once the venv and the vendored files are in place: the
book's out-of-date notebooks executed into the jupyter-cache in parallel (``execute``), the
strict Jupyter Book build, the journal-club site copied in as ``journal-club/``, then the
post-build scan. The scan (``check``) fails on anything loaded from outside the site and on
anything from the grading sources; ``toc`` writes ``_toc.yml`` (or, with ``--check``, fails when
the committed one is stale); ``vendor`` copies the pinned front-end files out of node_modules.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from careops.errors import CareopsError, InputError

# the strict build `make book` has always run: warnings are errors, nitpicky, report them all
JUPYTER_BOOK_ARGS = ("build", ".", "--builder", "html", "-W", "-n", "--keep-going")
SITE = Path("_build") / "html"
JOURNAL_CLUB = Path("_build") / "seminar" / "html"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``site`` command and its actions to the careops parser."""
    p = sub.add_parser("site", help="the course site: build, scan, table of contents, vendoring")
    actions = p.add_subparsers(dest="site_command", metavar="ACTION", required=True)

    build = actions.add_parser(
        "build", help="strict Jupyter Book build into _build/html, add the journal club, scan it"
    )
    build.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the book root, holding _config.yml (default: .)",
    )
    build.set_defaults(func=run_build)

    check = actions.add_parser(
        "check", help="scan a built site: nothing loaded from outside, no solution or hidden test"
    )
    check.add_argument(
        "site", type=Path, nargs="?", default=SITE, help="the built site (default: _build/html)"
    )
    check.add_argument(
        "--grading-source",
        type=Path,
        default=Path("autograders/source"),
        help="the nbgrader source/ folder; its course's config gives the delimiters",
    )
    check.set_defaults(func=run_check)

    toc = actions.add_parser("toc", help="write _toc.yml from the curriculum and the pages on disk")
    toc.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the book root, holding _config.yml (default: .)",
    )
    toc.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if _toc.yml is out of date"
    )
    toc.set_defaults(func=run_toc)

    vendor = actions.add_parser(
        "vendor", help="copy the pinned scripts, styles and fonts from node_modules"
    )
    vendor.add_argument("--node-modules", type=Path, default=Path("node_modules"))
    vendor.add_argument("--dest", type=Path, default=Path("_vendor/vendor"))
    vendor.set_defaults(func=run_vendor)


def book_root(root: Path) -> Path:
    """The book root, checked to hold ``_config.yml`` (else every later step would mislead)."""
    if not (root / "_config.yml").is_file():
        raise InputError(
            "--root",
            str(root),
            "exists",
            file=root / "_config.yml",
            message="missing: not a Jupyter Book root (give --root)",
        )
    return root


def jupyter_book() -> Path:
    """The jupyter-book of the environment careops runs in (the venv's, as ``make`` used)."""
    exe = Path(sys.executable).parent / "jupyter-book"
    if not exe.is_file():
        raise CareopsError(f"{exe}: missing; install careops with its dependencies (make venv)")
    return exe


def add_journal_club(root: Path) -> Path:
    """Replace ``_build/html/journal-club`` with a copy of the built journal-club site."""
    source, target = root / JOURNAL_CLUB, root / SITE / "journal-club"
    if not (source / "index.html").is_file():
        raise InputError(
            "journal-club site",
            str(source),
            "exists",
            file=source / "index.html",
            message="the journal-club site is not built: run `careops seminar build`",
        )
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def scan(site: Path, grading_source: Path) -> int:
    """Print every post-build problem of the site on stderr; 1 if any, else 0."""
    from careops.site import postbuild

    if not (site / "index.html").is_file():
        raise InputError(
            "SITE",
            str(site),
            "exists",
            file=site / "index.html",
            message="missing: the build did not produce a site",
        )
    findings = postbuild.check_offline(site) + postbuild.check_secrets(site, grading_source)
    for finding in findings:
        print(f"careops site check: {finding}", file=sys.stderr)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"careops site check: {pages} pages checked: {len(findings)} problem(s)")
    return 1 if findings else 0


def run_build(args: argparse.Namespace) -> int:
    from careops.site import execute

    root = book_root(args.root)
    # the out-of-date notebooks run in parallel first; Sphinx then reads them from the cache
    status = execute.run(root)
    if status:
        return status
    # a notebook Sphinx still executes renders for the static site too (careops.widgets.static)
    from careops.widgets.static import STATIC_ENV

    env = {**os.environ, STATIC_ENV: "1"}
    status = subprocess.run([str(jupyter_book()), *JUPYTER_BOOK_ARGS], cwd=root, env=env).returncode
    if status:
        return status
    if not (root / SITE / "index.html").is_file():
        raise CareopsError(f"{root / SITE / 'index.html'}: missing after the build")
    add_journal_club(root)
    return scan(root / SITE, root / "autograders" / "source")


def run_check(args: argparse.Namespace) -> int:
    return scan(args.site, args.grading_source)


def run_toc(args: argparse.Namespace) -> int:
    from careops.site.toc import build

    target = book_root(args.root) / "_toc.yml"
    text = build(args.root)
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(
                f"careops site toc: {target} is out of date: run `careops site toc`",
                file=sys.stderr,
            )
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def run_vendor(args: argparse.Namespace) -> int:
    from careops.site.vendor import vendor

    manifest = vendor(args.node_modules, args.dest)
    print("vendored:", ", ".join(f"{k}@{v}" for k, v in sorted(manifest.items())))
    return 0
