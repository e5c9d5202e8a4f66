"""The two rubrics (journal-club critique, capstone evaluation) add up and score levels
consistently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = [
    ROOT / "seminar" / "templates" / "critique-rubric.md",
    ROOT / "book" / "capstone" / "04-evaluation.md",
]


def criteria(path: Path) -> list[tuple[str, int, list[int]]]:
    """(criterion, maximum, points per level) for each row of the rubric table."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| \*\*(.+?)\*\* \((\d+)\) \|(.+)\|$", line)
        if match:
            cells = [c.strip() for c in match.group(3).split("|")]
            points = [int(re.match(r"^(\d+):", c).group(1)) for c in cells]
            rows.append((match.group(1), int(match.group(2)), points))
    return rows


@pytest.mark.parametrize("path", RUBRICS, ids=lambda p: p.name)
def test_rubric_maxima_add_up_to_100_points(path):
    rows = criteria(path)
    assert len(rows) >= 5
    assert sum(maximum for _, maximum, _ in rows) == 100


@pytest.mark.parametrize("path", RUBRICS, ids=lambda p: p.name)
def test_each_criterion_awards_its_maximum_at_the_top_level_and_less_at_each_level_below(path):
    for name, maximum, points in criteria(path):
        assert len(points) == 4, name
        assert points[0] == maximum, name
        assert points == sorted(points, reverse=True) and len(set(points)) == 4, name
