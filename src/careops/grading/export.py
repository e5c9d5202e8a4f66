"""Grades out to Canvas: the CSV its Gradebook import accepts.

Columns: Student ("Last, First"), ID (Canvas user id), SIS User ID, SIS Login ID, Section,
then one column per assignment headed "<name> (<Canvas assignment id>)", and a second row
"Points Possible" with each assignment's maximum. Identities come from the gradebook
(``lms_user_id`` is Canvas's ID) or, better, from a Canvas roster export (``--roster``).
Scores are nbgrader's (autograded + manual) minus any late penalty; a missing submission
scores 0, as in ``nbgrader export``.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from careops.errors import InputError
from careops.grading.course import (
    course_directory,
    find_course_dir,
    load_config,
    missing_assignment,
)

IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_ROW = "    Points Possible"


def read_roster(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """A Canvas roster/gradebook export, keyed by SIS User ID (the nbgrader student id)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            fieldnames = reader.fieldnames or []
            missing = [c for c in IDENTITY if c not in fieldnames]
            if missing:
                raise InputError(
                    missing[0],
                    None,
                    "required",
                    file=path,
                    line=1,
                    message=f"roster lacks column(s) {missing}; it needs {IDENTITY}",
                )
            people = {}
            for row in reader:
                if None in row or None in row.values():  # csv's marks of too many / too few
                    raise InputError(
                        "row",
                        [v for v in row.values() if v is not None],
                        "count",
                        expected=f"{len(fieldnames)} values, one per column",
                        file=path,
                        line=reader.line_num,
                    )
                if row["SIS User ID"] and not row["Student"].strip().startswith("Points Possible"):
                    people[row["SIS User ID"]] = {c: row[c] for c in IDENTITY}
            return people
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(
                "roster",
                str(path),
                "parse",
                reason=str(exc),
                file=path,
                line=reader.line_num or None,
                message=f"CSV does not parse: {exc}",
            ) from None


def canvas_rows(
    course_dir: str | os.PathLike[str] | None = None,
    assignments: list[str] | None = None,
    roster: str | os.PathLike[str] | None = None,
    canvas_ids: dict[str, str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Header and rows (Points Possible first) of the Canvas import CSV."""
    config = load_config(find_course_dir(course_dir))
    coursedir = course_directory(config)
    people = read_roster(roster) if roster else {}
    canvas_ids = canvas_ids or {}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        names = assignments or [a.name for a in gb.assignments]
        records = []
        for name in names:
            try:
                records.append(gb.find_assignment(name))
            except MissingEntry:
                raise missing_assignment(name, coursedir.db_url) from None
        header = IDENTITY + [f"{n} ({canvas_ids[n]})" if n in canvas_ids else n for n in names]
        rows = [[POINTS_ROW, "", "", "", ""] + [f"{a.max_score:g}" for a in records]]
        for student in sorted(
            gb.students, key=lambda s: (s.last_name or "", s.first_name or "", s.id)
        ):
            identity = people.get(student.id) or {
                "Student": ", ".join(p for p in (student.last_name, student.first_name) if p)
                or student.id,
                "ID": student.lms_user_id or "",
                "SIS User ID": student.id,
                "SIS Login ID": student.id,
                "Section": "",
            }
            scores = []
            for name in names:
                try:
                    sub = gb.find_submission(name, student.id)
                except MissingEntry:
                    scores.append("0")
                    continue
                scores.append(f"{max(0.0, sub.score - (sub.late_submission_penalty or 0.0)):g}")
            rows.append([identity[c] for c in IDENTITY] + scores)
    return header, rows


def export_canvas(
    output: str | os.PathLike[str],
    *,
    course_dir: str | os.PathLike[str] | None = None,
    assignments: list[str] | None = None,
    roster: str | os.PathLike[str] | None = None,
    canvas_ids: dict[str, str] | None = None,
) -> Path:
    """Write the Canvas gradebook import CSV and return its path."""
    header, rows = canvas_rows(course_dir, assignments, roster, canvas_ids)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return output
