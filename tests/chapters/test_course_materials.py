"""What an instructor needs for every course (issue #16, section 4): a schedule, at least two
case studies with discussion questions, and an interactive exercise of the course's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from careops import curriculum

ROOT = Path(__file__).resolve().parents[2]
COURSES = [c.id for c in curriculum.load().courses]
OWNER = re.compile(r"\*Course: \[[^\]]+\]\(\.\./\.\./book/([a-z-]+)/index\.md\)")
NUMBERED = re.compile(r"^\d+\. ", re.MULTILINE)


def _markdown(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _owner(exercise: Path) -> str | None:
    """The course an exercise names in its header line (*Course: [title](../../book/ID/...)*)."""
    match = OWNER.search(_markdown(exercise))
    return match.group(1) if match else None


@pytest.mark.parametrize("course", COURSES)
def test_every_course_has_a_schedule_page(course: str) -> None:
    assert (ROOT / "book" / course / "schedule.md").is_file()


@pytest.mark.parametrize("course", COURSES)
def test_every_course_has_two_case_studies_each_with_discussion_questions(course: str) -> None:
    cases = sorted((ROOT / "book" / course).glob("case-*.ipynb"))
    assert len(cases) >= 2, course
    for case in cases:
        text = _markdown(case)
        questions = text.split("## Discussion questions", 1)
        assert len(questions) == 2, case.name
        assert len(NUMBERED.findall(questions[1].split("\n## ", 1)[0])) >= 3, case.name


@pytest.mark.parametrize("course", COURSES)
def test_every_course_has_an_exercise_of_its_own_that_its_chapter_links(course: str) -> None:
    own = [p for p in sorted((ROOT / "exercises").glob("*/*.ipynb")) if _owner(p) == course]
    assert own, course
    chapter = "\n".join(
        p.read_text(encoding="utf-8") if p.suffix == ".md" else _markdown(p)
        for p in (ROOT / "book" / course).iterdir()
        if p.suffix in (".md", ".ipynb")
    )
    assert any(f"exercises/{p.parent.name}/{p.stem}" in chapter for p in own), course


def test_every_exercise_names_the_course_it_belongs_to() -> None:
    for exercise in sorted((ROOT / "exercises").glob("*/*.ipynb")):
        assert _owner(exercise) in COURSES, exercise
