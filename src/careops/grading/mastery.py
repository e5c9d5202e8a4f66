"""Objective mastery for program review: the gradebook's grades joined to curriculum objectives.

Each grade cell of the source notebooks names the objective(s) it assesses
(:mod:`careops.grading.objectives`). For every student and objective this module adds up, over
every assignment that has been collected (at least one submission in the gradebook):

- points possible: the maximum of every grade cell naming the objective (a cell naming two
  objectives counts in full toward each);
- points earned: nbgrader's score of those cells (manual score if given, else the autograde
  score; extra credit is left out). A student with no submission of a collected assignment
  earns 0 on its cells, as in ``nbgrader export``;
- attainment: earned / possible. A written answer the instructor has not graded yet is left
  out of both and counted as pending, so waiting for the formgrader never reads as failure.

Per objective it gives the cohort's distribution and the share of students at or above the
threshold; objectives no collected assignment assesses are listed as gaps (with any source
assignment not yet graded that will assess them). :func:`write_mastery` writes
``mastery.csv`` (one header row, UTF-8 with a BOM so spreadsheets read the curly quotes of the
objective texts) and ``mastery.html`` (offline: the vega bundle is written beside it).
"""

from __future__ import annotations

import csv
import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from nbgrader.api import Gradebook

from careops.charts.mastery import attainment_chart, meeting_chart
from careops.curriculum import Catalog
from careops.curriculum import load as load_catalog
from careops.datafile import Problems
from careops.errors import InputError
from careops.grading import objectives as cell_objectives
from careops.grading.course import (
    course_directory,
    find_course_dir,
    load_config,
    source_assignments,
)
from careops.grading.report import BUNDLE_NAME, _spec_json, write_bundle

DEFAULT_THRESHOLD = 0.7
CSV_NAME = "mastery.csv"
HTML_NAME = "mastery.html"
NO_SEED_NOTE = "no objective in the seed"
CSV_COLUMNS = [
    "student",
    "course",
    "objective",
    "objective_text",
    "points_earned",
    "points_possible",
    "attainment",
    "meets_threshold",
    "items_graded",
    "items_pending",
    "items_not_submitted",
]


@dataclass(frozen=True)
class Mastery:
    """The cohort's mastery of the curriculum objectives, from one course's gradebook."""

    course_id: str
    threshold: float
    assignments: list[str]  # collected (counted) assignments
    not_collected: list[str]  # in the gradebook, no submission yet
    scores: pd.DataFrame  # one row per student and assessed objective (CSV_COLUMNS)
    objectives: pd.DataFrame  # one row per assessed objective
    gaps: pd.DataFrame  # objectives no collected assignment assesses
    students: list[str] = field(default_factory=list)

    @property
    def pending(self) -> int:
        """Written answers still waiting for the instructor (all students, all objectives)."""
        return int(self.scores["items_pending"].sum()) if len(self.scores) else 0


def check_threshold(threshold: float) -> float:
    """The --threshold, a share in (0, 1]; an InputError naming the value otherwise."""
    if not 0.0 < threshold <= 1.0:
        raise InputError(
            "--threshold",
            threshold,
            "between",
            minimum="0 (exclusive)",
            maximum=1,
            message=f"--threshold must be a share above 0 and at most 1 (0.7 = 70%), "
            f"got {threshold!r}",
        )
    return threshold


def _course_of(objective_id: str) -> str:
    return objective_id.rsplit(".", 1)[0]


def _cell_map(
    course: Path, assignment: str, gb_cells: list[tuple[str, str]], catalog: Catalog
) -> dict[tuple[str, str], tuple[str, ...]]:
    """The objectives of an assignment's grade cells as the gradebook lists them, read from the
    source notebooks; ONE InputError naming assignment, notebook, cell and value otherwise."""
    source = course / "source" / assignment
    if not source.is_dir():
        raise InputError(
            "assignment",
            assignment,
            "exists",
            file=source,
            message=f"assignment {assignment!r} is in the gradebook but its source folder is "
            "missing, so its grade cells' objectives cannot be read",
        )
    problems = Problems()
    found = cell_objectives.collect(source, catalog, problems)
    in_source = cell_objectives.grade_cells(source)
    for notebook, grade_id in gb_cells:
        if (notebook, grade_id) not in in_source:
            problems.add(
                f"grade cell {grade_id}",
                grade_id,
                "exists",
                file=source / f"{notebook}.ipynb",
                message=f"assignment {assignment}: grade cell {grade_id} of notebook {notebook} "
                "is in the gradebook but not in the source notebook (regenerate the assignment)",
            )
    problems.raise_if_any()
    return found


def load_mastery(
    course_dir: str | os.PathLike[str] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    catalog: Catalog | None = None,
) -> Mastery:
    """Read every assignment's grades from the course gradebook and join them to objectives."""
    check_threshold(threshold)
    course = find_course_dir(course_dir)
    catalog = catalog or load_catalog()
    coursedir = course_directory(load_config(course))
    rows: list[dict] = []
    assessed: dict[str, list[str]] = {}
    counted: list[str] = []
    not_collected: list[str] = []
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        students = sorted(s.id for s in gb.students)
        names = [a.name for a in gb.assignments]
        for record in gb.assignments:
            submissions = {s.student.id: s for s in gb.assignment_submissions(record.name)}
            if not submissions:
                not_collected.append(record.name)
                continue
            counted.append(record.name)
            cells = [(nb.name, c.name) for nb in record.notebooks for c in nb.grade_cells]
            objective_of = _cell_map(course, record.name, cells, catalog)
            maxima = {
                (nb.name, c.name): float(c.max_score)
                for nb in record.notebooks
                for c in nb.grade_cells
            }
            for (notebook, grade_id), ids in objective_of.items():
                if (notebook, grade_id) not in maxima:
                    continue  # in source, not generated into the gradebook: nothing graded
                for objective in ids:
                    assessed.setdefault(objective, []).append(
                        f"{record.name}/{notebook}: {grade_id}"
                    )
            for student in students:
                submission = submissions.get(student)
                grades = (
                    {(nb.name, g.name): g for nb in submission.notebooks for g in nb.grades}
                    if submission is not None
                    else {}
                )
                for key, maximum in maxima.items():
                    grade = grades.get(key)
                    state = "not_submitted"
                    earned = 0.0
                    if grade is not None:
                        pending = grade.manual_score is None and grade.auto_score is None
                        state = "pending" if pending else "graded"
                        earned = 0.0 if pending else float(grade.score or 0.0)
                    for objective in objective_of[key]:
                        rows.append(
                            {
                                "student": student,
                                "objective": objective,
                                "earned": earned,
                                "possible": 0.0 if state == "pending" else maximum,
                                "state": state,
                            }
                        )
    if not rows:
        db = coursedir.db_url
        raise InputError(
            "gradebook",
            db,
            "required",
            message=(
                f"the gradebook {db} has no grades: "
                + (
                    f"no submission of any assignment ({', '.join(names)}); "
                    if names
                    else "no assignment; "
                )
                + "collect and autograde first (nbgrader collect, careops grade autograde)"
            ),
        )
    return _summarise(
        pd.DataFrame(rows),
        catalog,
        course,
        coursedir.course_id,
        threshold,
        counted,
        not_collected,
        assessed,
        students,
    )


def _summarise(
    raw: pd.DataFrame,
    catalog: Catalog,
    course: Path,
    course_id: str,
    threshold: float,
    counted: list[str],
    not_collected: list[str],
    assessed: dict[str, list[str]],
    students: list[str],
) -> Mastery:
    """Per student and objective, per objective, and the gaps, from one row per cell grade."""
    order = {o.id: i for i, o in enumerate(catalog.objectives())}
    raw = raw.assign(
        graded=raw["state"].eq("graded"),
        pending=raw["state"].eq("pending"),
        not_submitted=raw["state"].eq("not_submitted"),
    )
    per = raw.groupby(["student", "objective"], sort=False).agg(
        points_earned=("earned", "sum"),
        points_possible=("possible", "sum"),
        items_graded=("graded", "sum"),
        items_pending=("pending", "sum"),
        items_not_submitted=("not_submitted", "sum"),
    )
    per = per.reset_index()
    per["attainment"] = per["points_earned"].div(
        per["points_possible"].where(per["points_possible"] > 0)
    )
    per["meets_threshold"] = per["attainment"].map(
        lambda a: "" if pd.isna(a) else ("yes" if a >= threshold - 1e-12 else "no")
    )
    per["course"] = per["objective"].map(_course_of)
    per["objective_text"] = per["objective"].map(lambda i: catalog.objective(i).text)
    per["_order"] = per["objective"].map(order)
    per = per.sort_values(["_order", "student"]).drop(columns="_order").reset_index(drop=True)
    for column in ("items_graded", "items_pending", "items_not_submitted"):
        per[column] = per[column].astype(int)
    scores = per[CSV_COLUMNS]

    summary = []
    for objective, group in scores.groupby("objective", sort=False):
        known = group["attainment"].dropna()
        item = catalog.objective(objective)
        meeting = int((known >= threshold - 1e-12).sum())
        summary.append(
            {
                "course": item.course_id,
                "objective": objective,
                "objective_text": item.text,
                "in_seed": item.in_seed,
                "assessed_by": "; ".join(dict.fromkeys(assessed.get(objective, []))),
                "points_possible": float(group["points_possible"].max()),
                "students": int(known.size),
                "min": float(known.min()) if known.size else float("nan"),
                "median": float(known.median()) if known.size else float("nan"),
                "max": float(known.max()) if known.size else float("nan"),
                "students_meeting": meeting,
                "share_meeting": meeting / known.size if known.size else float("nan"),
            }
        )
    per_objective = pd.DataFrame(summary)

    planned: dict[str, list[str]] = {}
    for name in source_assignments(course):
        if name in counted:
            continue
        found = cell_objectives.collect(course / "source" / name, catalog, Problems())
        for ids in found.values():
            for objective in ids:
                planned.setdefault(objective, [])
                if name not in planned[objective]:
                    planned[objective].append(name)
    gaps = pd.DataFrame(
        [
            {
                "course": o.course_id,
                "objective": o.id,
                "objective_text": o.text,
                "in_seed": o.in_seed,
                "not_yet_graded_in": ", ".join(planned.get(o.id, [])),
            }
            for o in catalog.objectives()
            if o.id not in set(scores["objective"])
        ],
        columns=["course", "objective", "objective_text", "in_seed", "not_yet_graded_in"],
    )
    return Mastery(
        course_id, threshold, counted, not_collected, scores, per_objective, gaps, students
    )


# --- output ----------------------------------------------------------------------------------


def write_csv(mastery: Mastery, path: Path) -> Path:
    """One header row, one row per student and objective, no index; UTF-8 with a BOM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in mastery.scores.itertuples(index=False):
            values = row._asdict()
            values["points_earned"] = f"{values['points_earned']:g}"
            values["points_possible"] = f"{values['points_possible']:g}"
            attainment = values["attainment"]
            values["attainment"] = "" if pd.isna(attainment) else f"{attainment:.4f}"
            writer.writerow([values[c] for c in CSV_COLUMNS])
    return path


def _pct(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.0%}"


def _table(head: list[str], rows: list[list[str]], caption: str, table_id: str = "") -> str:
    """An HTML table (every cell escaped) with a caption and column headers."""
    ident = f' id="{table_id}"' if table_id else ""
    cells = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    header = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
    return (
        f"<table{ident}>\n<caption>{html.escape(caption)}</caption>\n"
        f"<thead><tr>{header}</tr></thead>\n<tbody>\n{cells}\n</tbody>\n</table>"
    )


def _objective_label(objective: str, in_seed: bool) -> str:
    return objective if in_seed else f"{objective} ({NO_SEED_NOTE})"


def render_html(mastery: Mastery) -> str:
    """The mastery page (expects vega-bundle.js beside it)."""
    m = mastery
    order = list(m.objectives["objective"])
    charts = {"attainment": attainment_chart(m.scores, order, m.threshold)}
    meeting = m.objectives.dropna(subset=["share_meeting"])
    if len(meeting):
        charts["meeting"] = meeting_chart(meeting, order, m.threshold)
    title = f"Objective mastery: {m.course_id}"
    summary = (
        f"{len(m.students)} students; {len(m.objectives)} objectives assessed by "
        f"{len(m.assignments)} collected assignment(s) ({', '.join(m.assignments)}); "
        f"threshold {m.threshold:.0%} attainment; {len(m.gaps)} objective(s) with no graded "
        f"work; {m.pending} written answer(s) still to grade (left out until graded)."
    )
    if m.not_collected:
        summary += f" Not collected yet, so not counted: {', '.join(m.not_collected)}."
    no_seed = [o for o in m.objectives.itertuples() if not o.in_seed]
    flags = "".join(
        f"<p><strong>{html.escape(o.objective)}</strong>: {NO_SEED_NOTE}. The program documents "
        f"give {html.escape(o.course)} no learning objectives, so its graded work is reported "
        "against this course-level id.</p>"
        for o in no_seed
    )
    by_objective = _table(
        [
            "Objective",
            "Objective text",
            "Assessed by (assignment/notebook: cell)",
            "Points possible",
            "Students",
            "Min",
            "Median",
            "Max",
            f"At or above {m.threshold:.0%}",
        ],
        [
            [
                _objective_label(o.objective, o.in_seed),
                o.objective_text,
                o.assessed_by,
                f"{o.points_possible:g}",
                o.students,
                _pct(o.min),
                _pct(o.median),
                _pct(o.max),
                f"{o.students_meeting} of {o.students} ({_pct(o.share_meeting)})",
            ]
            for o in m.objectives.itertuples()
        ],
        "Attainment by objective (the data of both charts)",
        "table-objectives",
    )
    gaps = _table(
        ["Course", "Objective", "Objective text", "Assessed by an assignment not graded yet"],
        [
            [
                g.course,
                _objective_label(g.objective, g.in_seed),
                g.objective_text,
                g.not_yet_graded_in or "none",
            ]
            for g in m.gaps.itertuples()
        ],
        "Objectives no graded work assesses",
        "table-gaps",
    )
    wide = m.scores.pivot(index="student", columns="objective", values="attainment")
    earned = m.scores.pivot(index="student", columns="objective", values="points_earned")
    possible = m.scores.pivot(index="student", columns="objective", values="points_possible")
    per_student = _table(
        ["Student", *order],
        [
            [
                student,
                *(
                    f"{_pct(wide.loc[student, o])} ({earned.loc[student, o]:g}/"
                    f"{possible.loc[student, o]:g})"
                    for o in order
                ),
            ]
            for student in wide.index
        ],
        "Attainment per student and objective (points earned / possible)",
        "table-students",
    )
    figures = "\n".join(
        f'<figure class="chart"><div id="chart-{name}"></div>'
        f"<figcaption>{html.escape(chart.to_dict().get('description', ''))} The same numbers "
        'are in the table <a href="#table-objectives">Attainment by objective</a>.'
        "</figcaption></figure>"
        for name, chart in charts.items()
    )
    embeds = "\n".join(
        f'vegaEmbed("#chart-{name}", {_spec_json(chart)}, {{actions: false, renderer: "svg"}});'
        for name, chart in charts.items()
    )
    gap_text = (
        "Every objective of the curriculum is assessed by graded work."
        if m.gaps.empty
        else f"{len(m.gaps)} of {len(m.gaps) + len(m.objectives)} objectives are assessed by no "
        "collected assignment. Where an assignment in source/ names one but has not been "
        "graded yet, it is listed."
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<script src="{BUNDLE_NAME}"></script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #1f2937;
  padding: 0 1rem; }}
table {{ border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }}
caption {{ text-align: left; font-weight: 600; margin-bottom: 0.3rem; }}
th, td {{ border: 1px solid #d1d5db; padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; }}
.chart {{ margin: 1.5rem 0; }}
a {{ color: #1d4ed8; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>{html.escape(summary)}</p>
{flags}
<h2 id="by-objective">Attainment by objective</h2>
<p>Attainment = points earned / points possible on the grade cells that name the objective
(a cell naming two objectives counts toward each). A student with no submission of a collected
assignment earns 0 on it; written answers not graded yet are left out.</p>
{figures}
{by_objective}
<h2 id="gaps">Gaps: objectives no graded work assesses</h2>
<p>{html.escape(gap_text)}</p>
{gaps}
<h2 id="students">Per student</h2>
<p>The same numbers, one row per student and objective, are in
<a href="{CSV_NAME}">{CSV_NAME}</a>.</p>
{per_student}
</main>
<script>
{embeds}
</script>
</body>
</html>
"""


def write_mastery(
    output_dir: str | os.PathLike[str] | None = None,
    *,
    course_dir: str | os.PathLike[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[Path, Path]:
    """Write mastery.csv, mastery.html and vega-bundle.js into output_dir (default: the
    course's reports/); return the CSV and HTML paths."""
    course = find_course_dir(course_dir)
    mastery = load_mastery(course, threshold=threshold)
    folder = Path(output_dir) if output_dir is not None else course / "reports"
    csv_path = write_csv(mastery, folder / CSV_NAME)
    write_bundle(folder)
    html_path = folder / HTML_NAME
    html_path.write_text(render_html(mastery), encoding="utf-8")
    return csv_path, html_path


__all__ = [
    "CSV_COLUMNS",
    "CSV_NAME",
    "DEFAULT_THRESHOLD",
    "HTML_NAME",
    "Mastery",
    "check_threshold",
    "load_mastery",
    "render_html",
    "write_csv",
    "write_mastery",
]
