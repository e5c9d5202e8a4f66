"""Item analysis of an assignment from the gradebook: scores, difficulty, discrimination, lateness.

Difficulty is the mean score on an item divided by its maximum (1 = everyone got it).
Discrimination is the corrected item-total correlation: the Pearson correlation between the
item score and the total of the *other* items (for a right/wrong item this is the
point-biserial correlation). Items nobody or everybody got right have no variance, so their
discrimination is undefined; it is reported as missing with the reason in ``note``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
from nbgrader.api import Gradebook, MissingEntry
from scipy import stats

from careops.grading.course import (
    course_directory,
    find_course_dir,
    load_config,
    missing_assignment,
)


@dataclass(frozen=True)
class GradeTable:
    """Scores of one assignment: one row per submitted student, one column per graded item."""

    assignment: str
    scores: pd.DataFrame
    max_scores: pd.Series
    kinds: pd.Series
    late_seconds: pd.Series
    needs_manual: pd.Series

    @property
    def max_total(self) -> float:
        """Points available in the assignment."""
        return float(self.max_scores.sum())


def load_grades(assignment: str, course_dir: str | os.PathLike[str] | None = None) -> GradeTable:
    """Read an assignment's grades from the course gradebook (any db_url nbgrader supports)."""
    config = load_config(find_course_dir(course_dir))
    coursedir = course_directory(config)
    rows, maxima, kinds, late, manual = {}, {}, {}, {}, {}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            raise missing_assignment(assignment, coursedir.db_url) from None
        for notebook in record.notebooks:
            for cell in notebook.grade_cells:
                item = f"{notebook.name}:{cell.name}"
                maxima[item] = float(cell.max_score)
                kinds[item] = "autograded" if cell.cell_type == "code" else "written"
        for submission in gb.assignment_submissions(assignment):
            student = submission.student.id
            rows[student] = {
                f"{nb.name}:{g.name}": float(g.score)
                for nb in submission.notebooks
                for g in nb.grades
            }
            late[student] = float(submission.total_seconds_late or 0)
            manual[student] = bool(submission.needs_manual_grade)
    items = list(maxima)
    scores = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=items).fillna(0.0)
    scores.index.name = "student"
    return GradeTable(
        assignment,
        scores.sort_index(),
        pd.Series(maxima, name="max_score"),
        pd.Series(kinds, name="kind"),
        pd.Series(late, name="seconds_late").sort_index(),
        pd.Series(manual, name="needs_manual_grade").sort_index(),
    )


def score_distribution(table: GradeTable) -> pd.DataFrame:
    """Per student: total points, percent of the maximum, and hours late."""
    total = table.scores.sum(axis=1)
    late_hours = table.late_seconds.reindex(total.index).fillna(0.0) / 3600.0
    return pd.DataFrame(
        {
            "student": total.index,
            "total": total.to_numpy(),
            "percent": (100.0 * total / table.max_total).to_numpy() if table.max_total else 0.0,
            "hours_late": late_hours.to_numpy(),
            "late": (late_hours > 0).to_numpy(),
        }
    )


def _discrimination(item: pd.Series, rest: pd.Series) -> tuple[float, str]:
    if len(item) < 3:
        return np.nan, "fewer than 3 submissions"
    if item.nunique() < 2:
        return np.nan, "every student scored the same on this item"
    if rest.nunique() < 2:
        return np.nan, "every student scored the same on the other items"
    return float(stats.pearsonr(item, rest).statistic), ""


def item_analysis(table: GradeTable) -> pd.DataFrame:
    """Per item: kind, max score, mean, difficulty (mean/max) and discrimination (with a note)."""
    total = table.scores.sum(axis=1)
    records = []
    for item in table.scores.columns:
        column = table.scores[item]
        maximum = float(table.max_scores[item])
        disc, note = _discrimination(column, total - column)
        records.append(
            {
                "item": item,
                "kind": table.kinds[item],
                "max_score": maximum,
                "mean_score": float(column.mean()) if len(column) else np.nan,
                "difficulty": float(column.mean() / maximum) if len(column) and maximum else np.nan,
                "discrimination": disc,
                "note": note if len(column) else "no submissions",
                "n": int(column.size),
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "item",
            "kind",
            "max_score",
            "mean_score",
            "difficulty",
            "discrimination",
            "note",
            "n",
        ],
    )


def late_summary(table: GradeTable) -> pd.DataFrame:
    """Counts of submissions on time and late, by how late."""
    hours = table.late_seconds / 3600.0
    bands = pd.cut(
        hours,
        bins=[-np.inf, 0, 24, 72, np.inf],
        labels=["on time", "late by up to 1 day", "late by 1-3 days", "late by over 3 days"],
    )
    counts = bands.value_counts().reindex(bands.cat.categories, fill_value=0)
    return pd.DataFrame({"status": counts.index.astype(str), "submissions": counts.to_numpy()})
