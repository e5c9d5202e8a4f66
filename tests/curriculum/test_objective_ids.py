"""Stable objective ids: <course id>.<number in the course summary>, one course-level id for a
course the seed gives no objectives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careops import curriculum

CATALOG = curriculum.load()
BOOK = Path(__file__).resolve().parents[2] / "book"
ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|", re.MULTILINE)


def test_an_objective_id_is_its_course_and_its_number_in_the_course_summary() -> None:
    operations = CATALOG.course("operations")
    for number, text in enumerate(operations.objectives, start=1):
        objective = CATALOG.objective(f"operations.{number}")
        assert (objective.course_id, objective.number, objective.text) == (
            "operations",
            number,
            text,
        )
        assert objective.in_seed


def test_ids_are_unique_and_cover_every_objective_of_the_seed() -> None:
    ids = CATALOG.objective_ids()
    assert len(ids) == len(set(ids))
    seeded = [o for o in CATALOG.objectives() if o.in_seed]
    assert len(seeded) == sum(len(c.objectives) for c in CATALOG.courses)


def test_leadership_has_no_objective_in_the_seed_and_one_course_level_id() -> None:
    assert CATALOG.course("leadership").objectives == ()
    (objective,) = [o for o in CATALOG.objectives() if o.course_id == "leadership"]
    assert objective.id == "leadership.course"
    assert not objective.in_seed and objective.number is None
    assert "no learning objective" in objective.text
    assert [o.id for o in CATALOG.objectives() if not o.in_seed] == ["leadership.course"]


def test_an_unknown_id_is_a_key_error_with_the_closest_id() -> None:
    with pytest.raises(KeyError, match=r"'operation\.2'.*did you mean 'operations\.2'"):
        CATALOG.objective("operation.2")


@pytest.mark.parametrize("course", [c.id for c in CATALOG.courses if c.objectives])
def test_the_numbers_match_the_chapter_objective_maps(course: str) -> None:
    index = (BOOK / course / "index.md").read_text(encoding="utf-8")
    rows = {int(n): text for n, text in ROW.findall(index)}
    assert sorted(rows) == list(range(1, len(CATALOG.course(course).objectives) + 1))
    for number, text in rows.items():
        if text and not text.startswith("{"):  # the map may give the objective's text
            assert CATALOG.objective(f"{course}.{number}").text == text
