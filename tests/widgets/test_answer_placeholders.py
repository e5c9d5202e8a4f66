"""An answer box's placeholder (its example) shows the format, never the answer: at the setting
a student first sees, no example of any exercise is the right answer."""

from __future__ import annotations

import pytest

import careops.widgets as widgets
from careops.widgets.core import Number

EXERCISES = sorted(n for n in dir(widgets) if n.endswith("_exercise"))


def _examples_that_give_the_answer(name: str) -> list[str]:
    ex = getattr(widgets, name)()
    answers = ex.static.answers(ex.values, ex.result)
    found = []
    for spec in ex.answer_specs.values():
        if not isinstance(spec, Number) or not spec.example or spec.name not in answers:
            continue
        right = float(answers[spec.name]) * (100 if spec.percent else 1)
        shown = float(spec.example.replace(",", ""))
        # the check's own tolerance, or 1%: a placeholder that close would be accepted or nearly
        scale = 100 if spec.percent else 1
        tol = max(ex.static.tolerance.get(spec.name, 0) * scale, abs(right) * 0.01)
        if abs(shown - right) <= tol:
            found.append(f"{spec.name}: example {spec.example!r}, answer {right:g}")
    return found


def test_every_exercise_is_checked() -> None:
    assert len(EXERCISES) >= 24


@pytest.mark.parametrize("name", EXERCISES)
def test_no_answer_box_shows_the_right_answer_as_its_example(name: str) -> None:
    assert _examples_that_give_the_answer(name) == []
