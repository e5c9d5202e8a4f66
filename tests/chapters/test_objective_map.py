"""Each finished chapter maps every learning objective of its course to sections that teach it.

A chapter's landing page (book/<course-id>/index.md) holds a Markdown table whose header has
"Learning objective" and "Taught in" columns: one row per objective (its number from the
course summary, and optionally its verbatim text), and links to sections as {doc}`01-name`.
The checks run over all twelve chapters but are enforced only for the chapters listed in
CHAPTERS_DONE; helpers who finish a chapter add its course id there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from careops import curriculum

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
SECTION = re.compile(r"^\d\d-.+\.(md|ipynb)$")
DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
MIN_SECTIONS = 3
MIN_NOTEBOOKS = 2

# Course ids whose chapters are finished; extend (do not rewrite) this when you finish one.
CHAPTERS_DONE: tuple[str, ...] = (
    "operations",
    "finance",
    "quantitative",
    "resources",
    "supply-chain",
    "service-lines",
    "technology",
    "learning-org",
    "skillsets",
    "seminar",
    "leadership",
    "capstone",
)

COURSES = curriculum.load().courses
COURSE_IDS = [c.id for c in COURSES]


@dataclass(frozen=True)
class ObjectiveRow:
    """One row of a chapter's objective table."""

    number: int
    text: str
    sections: tuple[str, ...]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def objective_table(index_md: str) -> list[ObjectiveRow] | None:
    """The rows of the objective table in a landing page, or None if it has none."""
    return _mapping_table(index_md, "learning objective", "taught in")


def source_table(index_md: str) -> list[ObjectiveRow] | None:
    """For a course the seed gives no objectives: the table mapping the seed's statements
    (rows numbered S1, S2, ...) to the sections that teach them, or None."""
    return _mapping_table(index_md, "source", "where it is taught")


def _mapping_table(index_md: str, text_key: str, link_key: str) -> list[ObjectiveRow] | None:
    lines = index_md.splitlines()
    for i, line in enumerate(lines):
        if not line.lstrip().startswith("|"):
            continue
        header = [c.lower() for c in _cells(line)]
        if not any(text_key in h for h in header) or not any(link_key in h for h in header):
            continue
        num_col = 0
        text_col = next(j for j, h in enumerate(header) if text_key in h)
        link_col = next(j for j, h in enumerate(header) if link_key in h)
        rows = []
        for body in lines[i + 2 :]:
            if not body.lstrip().startswith("|"):
                break
            cells = _cells(body)
            number = re.sub(r"\D", "", cells[num_col]) if num_col != text_col else ""
            rows.append(
                ObjectiveRow(
                    number=int(number) if number else 0,
                    text=cells[text_col],
                    sections=tuple(
                        t.strip().lstrip("./") for t in DOC_ROLE.findall(cells[link_col])
                    ),
                )
            )
        return rows
    return None


def section_files(course_id: str) -> list[Path]:
    """The section pages of a chapter: files named NN-*.md or NN-*.ipynb."""
    folder = BOOK / course_id
    return sorted(p for p in folder.iterdir() if SECTION.match(p.name)) if folder.is_dir() else []


def _enforced(course_id: str) -> None:
    if course_id not in CHAPTERS_DONE:
        pytest.skip(f"chapter {course_id!r} is not in CHAPTERS_DONE yet")


def test_chapters_done_names_real_courses():
    unknown = sorted(set(CHAPTERS_DONE) - set(COURSE_IDS))
    assert not unknown, f"CHAPTERS_DONE names courses not in the curriculum: {unknown}"


def test_parser_reads_numbers_text_and_links():
    page = (
        "# T\n\n| # | Learning objective | Taught in |\n|---|---|---|\n"
        "| 1 | Do a thing | {doc}`01-a`, {doc}`the b section <02-b>` |\n"
        "| 2 | Do another | |\n\nAfter.\n"
    )
    rows = objective_table(page)
    assert rows == [
        ObjectiveRow(1, "Do a thing", ("01-a", "02-b")),
        ObjectiveRow(2, "Do another", ()),
    ]


def test_source_parser_reads_seed_statements_mapped_to_sections():
    page = (
        "| Source (what the seed says) | Where it is taught |\n|---|---|\n"
        "| S1. Teams | {doc}`01-a` |\n| S2. Safety | {doc}`the b <02-b>`; {doc}`01-a` |\n"
    )
    assert objective_table(page) is None
    assert source_table(page) == [
        ObjectiveRow(0, "S1. Teams", ("01-a",)),  # the statement is its own label: no number column
        ObjectiveRow(0, "S2. Safety", ("02-b", "01-a")),
    ]


def test_parser_finds_no_table_in_a_placeholder_page():
    assert objective_table("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n") is None


@pytest.mark.parametrize("course_id", COURSE_IDS)
def test_every_objective_is_taught_by_an_existing_section(course_id):
    _enforced(course_id)
    course = curriculum.load().course(course_id)
    page = (BOOK / course_id / "index.md").read_text(encoding="utf-8")
    if not course.objectives:
        # the program documents give this course no objectives: the chapter maps what the seed
        # does say (S1, S2, ...) to its sections instead, and invents no objective
        assert objective_table(page) is None, (
            f"{course_id}: an objective table, but the seed gives none"
        )
        sources = source_table(page)
        assert sources, f"book/{course_id}/index.md has no 'Source | Where it is taught' table"
        assert all(r.sections for r in sources), f"{course_id}: a seed source with no section"
        return
    rows = objective_table(page)
    assert rows is not None, (
        f"book/{course_id}/index.md has no 'Learning objective | Taught in' table"
    )
    numbers = sorted(r.number for r in rows)
    expected = list(range(1, len(course.objectives) + 1))
    assert numbers == expected, (
        f"{course_id}: table rows number {numbers}, objectives are {expected}"
    )
    sections = {p.stem for p in section_files(course_id)}
    for row in rows:
        objective = course.objectives[row.number - 1]
        if row.text and not row.text.isdigit():
            assert row.text == objective, (
                f"{course_id} objective {row.number}: table text {row.text!r} is not the "
                f"curriculum's {objective!r}"
            )
        assert row.sections, f"{course_id} objective {row.number} ({objective!r}) has no section"
        missing = [s for s in row.sections if s not in sections]
        assert not missing, (
            f"{course_id} objective {row.number} links to missing sections {missing}"
        )


@pytest.mark.parametrize("course_id", COURSE_IDS)
def test_chapter_has_enough_sections_and_notebooks(course_id):
    _enforced(course_id)
    files = section_files(course_id)
    notebooks = [p for p in files if p.suffix == ".ipynb"]
    assert len(files) >= MIN_SECTIONS, f"{course_id}: {len(files)} sections, need {MIN_SECTIONS}"
    assert len(notebooks) >= MIN_NOTEBOOKS, (
        f"{course_id}: {len(notebooks)} notebooks, need {MIN_NOTEBOOKS}"
    )


@pytest.mark.parametrize("course_id", COURSE_IDS)
def test_every_section_is_in_the_objective_table(course_id):
    _enforced(course_id)
    page = (BOOK / course_id / "index.md").read_text(encoding="utf-8")
    rows = objective_table(page) or source_table(page) or []
    linked = {s for r in rows for s in r.sections}
    orphans = [p.name for p in section_files(course_id) if p.stem not in linked]
    assert not orphans, f"{course_id}: sections that teach no objective: {orphans}"
