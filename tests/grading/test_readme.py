"""The instructors' README lists every assignment of the course, by its notebook's title."""

from __future__ import annotations

import re

import nbformat

from careops.grading.course import REPO_COURSE, source_assignments


def _readme_rows() -> dict[str, str]:
    text = (REPO_COURSE / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([a-z-]+-\d+)` \| [^|]+ \| ([^|]+?) \|$", text, flags=re.M))


def test_the_readme_table_lists_exactly_the_source_assignments() -> None:
    assert sorted(_readme_rows()) == sorted(source_assignments(REPO_COURSE))


def test_each_readme_row_names_its_notebooks_title() -> None:
    rows = _readme_rows()
    for name in source_assignments(REPO_COURSE):
        [notebook] = sorted((REPO_COURSE / "source" / name).glob("*.ipynb"))
        heading = nbformat.read(notebook, as_version=4).cells[0].source.splitlines()[0]
        assert heading.endswith(": " + rows[name]), name
