"""The LEAN and data exercises on the static site: their precomputed Check says what the kernel
says, for the right answers, the named slips and arbitrary wrong values (at up to 40 grid points
of each exercise, every point of the small grids).

The static Check (careops-exercise.js) only looks up and compares; ``_classify`` and
``_page_says`` below are the same lookup in Python (a typed number's class: the right answer,
then each slip, within the tolerances, else a generic value above or below the right one; then
each feedback line's sentence for the classes it depends on). The kernel's own ``check`` is the
reference, for every feedback line at once.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from careops.errors import InputError
from careops.widgets import (
    capstone_measures_exercise,
    control_chart_exercise,
    decision_matrix_exercise,
    ed_staffing_exercise,
    eight_wastes_exercise,
    patient_flow_exercise,
    readmission_funnel_exercise,
    readmission_target_exercise,
    run_chart_exercise,
    takt_time_exercise,
    trial_result_exercise,
    value_stream_exercise,
)
from careops.widgets.core import Choice, Exercise
from careops.widgets.static import (
    MAX_SPEC_BYTES,
    check_table,
    form_html,
    grid_points,
    merged_chart,
    readable_answers,
)

from .static_probe import classify, each_input_redraws, rows_match_each_points_own_chart

FACTORIES: dict[str, Callable[[], Exercise]] = {
    "control-charts": control_chart_exercise,
    "run-chart-rules": run_chart_exercise,
    "readmission-funnel-plot": readmission_funnel_exercise,
    "ed-staffing-erlang-c": ed_staffing_exercise,
    "eight-wastes": eight_wastes_exercise,
    "patient-flow-simulation": patient_flow_exercise,
    "takt-time": takt_time_exercise,
    "value-stream-map": value_stream_exercise,
    "readmission-targets": readmission_target_exercise,
    "decision-matrix-weights": decision_matrix_exercise,
    "trial-absolute-effect": trial_result_exercise,
    "capstone-measure-plan": capstone_measures_exercise,
}
pytestmark = pytest.mark.slow  # builds every grid point of twelve exercises (a few minutes)
POINTS_CHECKED = 40  # grid points probed per exercise (all of them when the grid is smaller)


@cache
def _built(name: str) -> tuple[Exercise, Any, list[Any], dict[str, Any], dict[str, Any]]:
    """The exercise, its grid, every point's result, its Check table and its merged chart."""
    ex = FACTORIES[name]()
    grid = grid_points(ex)
    results = [ex._compute(v) for v in grid[1]]
    return ex, grid, results, check_table(ex, grid, results), merged_chart(ex, grid, results)


def _page_says(table: dict[str, Any], k: int, classes: list[int]) -> Any:
    """What the page writes for answers of these classes at grid point k: every feedback line
    as (ok, sentence), or ("alert", sentence), as careops-exercise.js's check does."""
    point = table["points"][k]
    for entry, cls in zip(point["answers"], classes, strict=True):
        if str(cls) in entry["alerts"] or cls in entry["alerts"]:
            alerts = entry["alerts"]
            return ("alert", table["sentences"][alerts.get(str(cls), alerts.get(cls))])
    lines = []
    for line in point["lines"]:
        key = 0
        for a, n in zip(line["of"], line["n"], strict=True):
            key = key * n + classes[a]
        ok, index = line["says"][key]
        if ok == 2:
            return ("alert", table["sentences"][index])
        lines.append((ok == 1, table["sentences"][index]))
    return lines


def _kernel_says(ex: Exercise, values: dict, answers: dict, result: Any) -> Any:
    """What the kernel's check says: every line as (ok, sentence), or ("alert", sentence)."""
    try:
        verdict = ex._check(values, answers, result)
    except InputError as error:
        return ("alert", ex._words(error, answers))
    return [(bool(ok), text) for ok, text in verdict.lines]


def _probes(spec: Any, right: float, slips: list[Any], rng: random.Random) -> list[float]:
    """Numbers a student might type: the right one, the slips, near misses, far misses."""
    span = max(abs(right), 0.01 if spec.percent else 1.0)
    values = [right, *(s[0] if isinstance(s, tuple) else s for s in slips)]
    values += [right + span * rng.uniform(-2.5, 2.5) for _ in range(12)]
    if spec.whole:
        values = [float(round(v)) for v in values] + [right + k for k in range(-3, 4)]
    low = spec.minimum / (100 if spec.percent else 1) if spec.minimum is not None else -math.inf
    high = spec.maximum / (100 if spec.percent else 1) if spec.maximum is not None else math.inf
    return [v for v in values if low <= v <= high]


@pytest.mark.parametrize("name", list(FACTORIES))
def test_static_check_says_what_the_kernel_says(name):
    ex, (_axes, points, _default), results, table, _chart = _built(name)
    static = ex.static
    rng = random.Random(name)
    ks = range(len(points))
    chosen = sorted(rng.sample(ks, POINTS_CHECKED)) if len(points) > POINTS_CHECKED else ks
    compared = 0
    for k in chosen:
        values, result = points[k], results[k]
        entries = table["points"][k]["answers"]
        right = dict(static.answers(values, result))
        slips = dict(static.slips(values, result)) if static.slips else {}
        specs = list(ex.answer_specs.values())
        right_classes = [
            _options(spec).index(right[spec.name]) if isinstance(spec, Choice) else 0
            for spec in specs
        ]
        for i, spec in enumerate(specs):
            if isinstance(spec, Choice):
                tries = [(j, option) for j, option in enumerate(_options(spec))]
            else:
                probes = _probes(spec, float(right[spec.name]), slips.get(spec.name, []), rng)
                tries = [(classify(entries[i], value), value) for value in probes]
            for cls, typed in tries:
                classes = [*right_classes[:i], cls, *right_classes[i + 1 :]]
                said = _page_says(table, k, classes)
                expected = _kernel_says(ex, values, {**right, spec.name: typed}, result)
                assert said == expected, f"{name} point {k} {spec.name}={typed!r}"
                compared += 1
    assert compared >= 5 * len(chosen)


def _options(spec: Choice) -> list[Any]:
    return [o[1] if isinstance(o, tuple) else o for o in spec.options]


@pytest.mark.parametrize("name", list(FACTORIES))
def test_static_chart_binds_every_grid_input_and_stays_small(name):
    ex, (axes, points, _default), _results, _table, chart = _built(name)
    bound = {p["name"]: p["bind"] for p in chart["params"] if "bind" in p}
    assert set(bound) == set(ex.static.grid) and len(bound) >= 1
    for axis in axes:
        assert bound[axis.name]["name"].startswith(ex.input_specs[axis.name].describe())
    assert len(json.dumps(chart)) < MAX_SPEC_BYTES
    assert len(points) >= 2


@pytest.mark.parametrize("name", list(FACTORIES))
def test_static_chart_redraws_when_any_one_grid_input_moves(name):
    each_input_redraws(FACTORIES[name]())


@pytest.mark.parametrize("name", list(FACTORIES))
def test_static_chart_rows_at_a_point_are_that_points_own_chart(name):
    ex, (_axes, points, _default), _results, _table, chart = _built(name)
    k = len(points) // 2  # not the default point (0 for most grids)
    # each view's filter is evaluated: a view that follows one input alone is stored per value
    # of that input, not per grid point
    rows_match_each_points_own_chart(ex, chart, k)


@pytest.mark.parametrize("name", list(FACTORIES))
def test_static_page_holds_no_answer_before_check(name):
    ex, _grid, _results, table, chart = _built(name)
    page = ex.prompt + json.dumps(chart, ensure_ascii=False) + form_html(ex, table)
    rights = {
        table["sentences"][said[1]]
        for point in table["points"]
        for line in point["lines"]
        for said in line["says"]
        if said[0] == 1
    }
    assert rights and readable_answers(page) == []
    assert not [s for s in rights if s in page]
