"""Which curriculum objective each grade cell assesses, read from the source notebooks.

Every nbgrader grade cell (autograder tests and manually graded answers) names the objective
it assesses in its metadata, ``metadata.careops.objective``: one id of
:meth:`careops.curriculum.Catalog.objective_ids` (``"operations.2"``), or a list of ids when
the cell assesses more than one (its points then count in full toward each). ``careops grade
validate`` and ``careops grade mastery`` both read it here, so a cell with no objective or
an unknown id is rejected with ONE error naming the notebook, the cell and the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from careops.curriculum import Catalog
from careops.curriculum import load as load_catalog
from careops.datafile import Problems, did_you_mean
from careops.errors import InputError

FIELD = "metadata.careops.objective"

# (notebook name without .ipynb, grade id) -> the objective ids the cell assesses
ObjectiveMap = dict[tuple[str, str], tuple[str, ...]]


def _ids(value: Any) -> list[Any]:
    """The ids a metadata value names (a text is one id; a list names each of its items)."""
    return value if isinstance(value, list) else [value]


def _check_value(
    problems: Problems, path: Path, grade_id: str, value: Any, known: list[str]
) -> tuple[str, ...] | None:
    """The cell's ids if its value is usable; else record why not (the problem's file is the
    notebook, inside its assignment's folder) and return None."""
    field = f"grade cell {grade_id}: {FIELD}"
    if value is None or value == "" or value == []:
        problems.add(
            field,
            value,
            "required",
            file=path,
            message=f"grade cell {grade_id} names no objective ({FIELD} is missing; "
            f"give an objective id such as {known[0]!r})",
        )
        return None
    ids = _ids(value)
    bad = [v for v in ids if not isinstance(v, str) or v not in known]
    if bad:
        hint = did_you_mean(bad[0], known) if isinstance(bad[0], str) else None
        problems.add(
            field,
            value,
            "known",
            suggestion="",
            file=path,
            hint=hint,
            message=f"grade cell {grade_id}: {FIELD} {bad[0]!r} is not an objective id "
            "of curriculum.yml (ids are <course id>.<number in the course summary>)",
        )
        return None
    return tuple(dict.fromkeys(ids))


def grade_cells(source_dir: str | Path) -> set[tuple[str, str]]:
    """(notebook name without .ipynb, grade id) of every grade cell in a source folder."""
    found = set()
    for path in sorted(Path(source_dir).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if grading.get("grade"):
                found.add((path.stem, grading.get("grade_id") or "(no grade id)"))
    return found


def collect(
    source_dir: str | Path, catalog: Catalog | None = None, problems: Problems | None = None
) -> ObjectiveMap:
    """Every grade cell's objectives in one assignment's source folder; problems recorded in
    ``problems`` (a cell with none, or an id not in the curriculum) and those cells left out."""
    source_dir = Path(source_dir)
    known = (catalog or load_catalog()).objective_ids()
    problems = problems if problems is not None else Problems()
    found: ObjectiveMap = {}
    for path in sorted(source_dir.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.get("metadata", {})
            grading = meta.get("nbgrader", {})
            if not grading.get("grade"):
                continue
            grade_id = grading.get("grade_id") or "(no grade id)"
            value = (meta.get("careops") or {}).get("objective")
            ids = _check_value(problems, path, grade_id, value, known)
            if ids is not None:
                found[(path.stem, grade_id)] = ids
    return found


def read(source_dir: str | Path, catalog: Catalog | None = None) -> ObjectiveMap:
    """Every grade cell's objectives in one assignment's source folder.

    Raises ONE InputError listing every grade cell with no objective or an unknown id
    (notebook, grade id and value on each line)."""
    problems = Problems()
    found = collect(source_dir, catalog, problems)
    problems.raise_if_any()
    return found


def check_assignments(source_dirs: list[Path], catalog: Catalog | None = None) -> None:
    """Raise ONE InputError for every grade cell, in all these assignments, whose objective is
    missing or unknown (``careops grade validate`` runs this before it grades anything)."""
    catalog = catalog or load_catalog()
    problems = Problems()
    for source_dir in source_dirs:
        collect(source_dir, catalog, problems)
    problems.raise_if_any(InputError)


__all__ = ["FIELD", "ObjectiveMap", "check_assignments", "collect", "grade_cells", "read"]
