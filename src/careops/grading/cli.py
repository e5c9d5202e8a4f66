"""`careops grade ...`: validate, autograde in parallel, feedback, report, mastery, export."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from careops.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `grade` command and its sub-commands to the careops parser."""
    grade = subparsers.add_parser("grade", help="nbgrader assignments: validate, autograde, report")
    grade.add_argument(
        "--course-dir",
        default=None,
        help="nbgrader course directory (default: $CAREOPS_COURSE_DIR, else cwd if it "
        "has nbgrader_config.py, else the repository's autograders/)",
    )
    sub = grade.add_subparsers(dest="grade_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser(
        "validate", help="check assignments: solutions pass, release fails, no leaks"
    )
    p.add_argument("assignment", nargs="?", help="assignment name (folder under source/)")
    p.add_argument("--all", action="store_true", help="validate every assignment under source/")
    p.add_argument("--workers", type=_workers, default=2)
    p.add_argument(
        "--variants",
        type=_workers,
        default=5,
        help="student ids to grade an assignment with variants as (default 5)",
    )
    p.set_defaults(func=_validate)

    p = sub.add_parser(
        "plan", help="the term's assignment set by course: objectives, milestones and gaps"
    )
    p.add_argument(
        "--seminar",
        default=None,
        help="folder with capstone.yml (default: seminar/ beside the course directory)",
    )
    p.set_defaults(func=_plan)

    p = sub.add_parser("preview", help="the executed notebook one student sees (their variant)")
    p.add_argument("assignment")
    p.add_argument("--student", required=True, help="the student's nbgrader id")
    p.set_defaults(func=_preview)

    p = sub.add_parser("autograde", help="autograde submissions in parallel (resumable)")
    p.add_argument("assignment")
    p.add_argument("--workers", type=_workers, default=2, help="local worker processes (default 2)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786)")
    p.add_argument(
        "--student", action="append", default=None, help="only this student (repeatable)"
    )
    p.add_argument("--force", action="store_true", help="regrade submissions already autograded")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_autograde)

    p = sub.add_parser("feedback", help="generate feedback (hidden tests redacted, HTML checked)")
    p.add_argument("assignment")
    p.add_argument("--release", action="store_true", help="also release feedback to the exchange")
    p.set_defaults(func=_feedback)

    p = sub.add_parser("report", help="HTML report: score distribution, item analysis, late work")
    p.add_argument("assignment")
    p.add_argument("--output", default=None, help="HTML file (default: reports/<assignment>.html)")
    p.set_defaults(func=_report)

    p = sub.add_parser(
        "mastery", help="objective mastery across assignments: reports/mastery.html and .csv"
    )
    p.add_argument(
        "--output",
        default=None,
        help="folder for mastery.html, mastery.csv and vega-bundle.js (default: reports/)",
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=0.7,
        help="attainment counted as meeting an objective (a share, default 0.7)",
    )
    p.set_defaults(func=_mastery)

    p = sub.add_parser("export", help="export grades for an LMS")
    p.add_argument("assignment", nargs="?", help="one assignment (default: all)")
    p.add_argument("--output", default=None, help="CSV file (default: reports/grades-canvas.csv)")
    p.add_argument(
        "--roster",
        default=None,
        help="Canvas roster CSV (Student, ID, SIS User ID, SIS Login ID, Section)",
    )
    p.add_argument(
        "--canvas-ids",
        default=None,
        help='JSON file mapping assignment names to Canvas assignment ids {"finance-1": 4411}',
    )
    p.set_defaults(func=_export)


def _workers(text: str) -> int:
    """--workers: a whole number of processes, 1 or more (argparse reports anything else)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _plan(args: argparse.Namespace) -> int:
    from careops import curriculum
    from careops.grading import term_plan
    from careops.grading.course import find_course_dir
    from careops.seminar.program import load_program

    course_dir = find_course_dir(args.course_dir)
    seminar = Path(args.seminar) if args.seminar else course_dir.parent / "seminar"
    milestones = [m.id for m in load_program(seminar).milestones]
    catalog = curriculum.load()
    planned = term_plan.read_set(course_dir, catalog)
    for course in catalog.courses:
        mine = [a for a in planned if a.course == course.id]
        print(f"{course.id} ({course.credits} cr): {len(mine)} assignment(s)")
        for a in mine:
            extra = f", milestone {a.milestone}" if a.milestone else ""
            drawn = "variants" if a.has_variants else "no variants"
            print(
                f"  {a.name}: {a.autograded_points:g} + {a.written_points:g} points, {drawn}"
                f"{extra}; {', '.join(sorted(a.objectives))}"
            )
    found = term_plan.problems(planned, catalog, milestones)
    print("\n".join(found) or f"{len(planned)} assignments: every course and milestone covered")
    return 1 if found else 0


def _validate(args: argparse.Namespace) -> int:
    from careops.grading.validate import validate

    if not args.all and not args.assignment:
        raise InputError("ASSIGNMENT", None, "required", message="give an ASSIGNMENT or --all")
    reports = validate(
        None if args.all else [args.assignment],
        course_dir=args.course_dir,
        workers=args.workers,
        variant_count=args.variants,
    )
    for report in reports:
        print(report)
    return 0 if all(r.ok for r in reports) else 1


def _preview(args: argparse.Namespace) -> int:
    from careops.grading.preview import preview

    result = preview(args.assignment, args.student, course_dir=args.course_dir)
    print(result)
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from careops.grading.autograde import autograde
    from careops.grading.course import find_course_dir, require_assignment

    require_assignment(args.assignment, find_course_dir(args.course_dir))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    summary = autograde(
        args.assignment,
        course_dir=args.course_dir,
        workers=args.workers,
        scheduler=args.scheduler,
        students=args.student,
        force=args.force,
        progress=not args.no_progress,
    )
    print(summary)
    return 1 if summary.failed else 0


def _feedback(args: argparse.Namespace) -> int:
    from careops.grading.feedback_run import generate_feedback

    result = generate_feedback(args.assignment, course_dir=args.course_dir, release=args.release)
    print(result)
    return 0


def _report(args: argparse.Namespace) -> int:
    from careops.grading.course import find_course_dir
    from careops.grading.report import write_report

    course = find_course_dir(args.course_dir)
    output = Path(args.output) if args.output else course / "reports" / f"{args.assignment}.html"
    path = write_report(args.assignment, output, course_dir=course)
    print(f"report written to {path}")
    return 0


def _mastery(args: argparse.Namespace) -> int:
    from careops.grading.mastery import check_threshold, write_mastery

    check_threshold(args.threshold)  # before the gradebook is read
    csv_path, html_path = write_mastery(
        args.output, course_dir=args.course_dir, threshold=args.threshold
    )
    print(f"mastery written to {html_path} and {csv_path}")
    return 0


def _read_json(path: Path) -> object:
    """A JSON file the user named; bad JSON is an InputError naming its file and line."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(
            "--canvas-ids",
            str(path),
            "parse",
            reason=exc.msg,
            file=path,
            line=exc.lineno,
            message=f"JSON does not parse: {exc.msg}",
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            "--canvas-ids",
            str(path),
            "parse",
            reason="not UTF-8 text",
            file=path,
            message=f"not UTF-8 text ({exc.reason})",
        ) from None


def _export(args: argparse.Namespace) -> int:
    from careops.grading.course import find_course_dir
    from careops.grading.export import export_canvas

    course = find_course_dir(args.course_dir)
    output = Path(args.output) if args.output else course / "reports" / "grades-canvas.csv"
    canvas_ids = None
    if args.canvas_ids:
        canvas_ids = _read_json(Path(args.canvas_ids))
        if not isinstance(canvas_ids, dict):
            raise InputError(
                "--canvas-ids",
                type(canvas_ids).__name__,
                "type",
                expected="a JSON object",
                file=args.canvas_ids,
                message=f"--canvas-ids must hold a JSON object, got {type(canvas_ids).__name__}",
            )
        canvas_ids = {str(k): str(v) for k, v in canvas_ids.items()}
    path = export_canvas(
        output,
        course_dir=course,
        assignments=[args.assignment] if args.assignment else None,
        roster=args.roster,
        canvas_ids=canvas_ids,
    )
    print(f"Canvas grades written to {path}")
    return 0
