"""Drive an exercise's static version as careops-exercise.js does, and compare with the kernel.

``static_says`` is the page script's lookup in Python (classify each typed answer against the
precomputed candidates, then read each feedback line's sentence); ``compare_with_kernel`` types
the same answers into the kernel widgets at the same grid point and asserts the same words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from careops.widgets.core import Choice, Exercise, Number, parse_number
from careops.widgets.static import (
    GRID_KEY,
    _key,
    _views,
    check_table,
    decode,
    grid_points,
    page_part,
)

from .helpers import answer


def close(a: float, b: float, rel: float, abs_tol: float) -> bool:
    """careops-exercise.js's close: equal, or within the larger of the two tolerances."""
    return a == b or abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


def classify(entry: dict[str, Any], value: float) -> int:
    """The class careops-exercise.js's classify gives a typed (parsed) number."""
    for i, cand in enumerate(entry["cands"]):  # a slip may carry its own absolute tolerance
        rel, abs_tol = (0, cand[1]) if len(cand) > 1 else (entry["rel"], entry["abs"])
        if close(value, cand[0], rel, abs_tol):
            return i
    above, below = entry["above"], entry["below"]
    side = (above if above >= 0 else below) if value > entry["cands"][0][0] else below
    side = side if side >= 0 else above
    assert side >= 0, f"no generic class for {value!r}"
    return side


def static_says(table: dict[str, Any], k: int, typed: dict[str, Any]) -> str:
    """What the static page writes for answers typed at grid point ``k`` (plain text); a
    Choice is typed as the index of its option, or None when left unanswered."""
    point, problems, classes = table["points"][k], [], []
    for part, entry in zip(table["parts"], point["answers"], strict=True):
        raw = typed.get(part["name"])
        if part["kind"] == "choice":
            if raw is None:
                problems.append(part["unanswered"])
            else:
                classes.append(raw)
            continue
        spec = Number(part["name"], "x", percent=part["percent"], whole=part["whole"])
        classes.append(classify(entry, parse_number(spec, raw)))
    if problems:
        return "Please answer every part: " + " ".join(problems)
    out = []
    for line in point["lines"]:
        key = 0
        for a, n in zip(line["of"], line["n"], strict=True):
            key = key * n + classes[a]
        ok, s = line["says"][key]
        out.append(("Right: " if ok == 1 else "Not yet: ") + table["sentences"][s])
    return "\n".join(out)


def _typed(spec: Any, value: Any) -> str:
    return value if isinstance(spec, Choice) else f"{value * (100 if spec.percent else 1):.6f}"


def _options(spec: Choice) -> list[Any]:
    return [o[1] if isinstance(o, tuple) else o for o in spec.options]


def compare_with_kernel(
    ex: Exercise,
    points: Sequence[int],
    table: dict[str, Any] | None = None,
    slips: Callable[[dict[str, Any], Any], dict[str, list[float]]] | None = None,
) -> int:
    """At each grid point: the right answers, every slip the exercise names and every one
    ``slips`` gives (the test's own list of the kernel's slips, so a slip missing from the
    static table is caught), a far miss, and every option of each Choice, typed on the static
    page (its Check ``table``) and in the kernel; assert the same feedback. Returns how many
    answer sets were compared."""
    table = table if table is not None else check_table(ex)
    axes, values, _ = grid_points(ex)
    static = ex.static
    assert static is not None
    compared = 0
    for k in points:
        rest = k
        for a in reversed(axes):
            rest, i = divmod(rest, len(a.shown))
            control = ex.controls[a.name]  # a text box takes the number as text
            control.value = str(a.shown[i]) if isinstance(control.value, str) else a.shown[i]
        result = ex._compute(values[k])
        right = dict(static.answers(values[k], result))
        named = dict(static.slips(values[k], result)) if static.slips else {}
        extra = slips(values[k], result) if slips is not None else {}
        for name, spec in ex.answer_specs.items():
            if isinstance(spec, Choice):
                probes = _options(spec)
            else:
                given = [s[0] if isinstance(s, tuple) else s for s in named.get(name, [])]
                probes = [right[name], *given, *extra.get(name, []), right[name] * 5 + 1000]
            for probe in probes:
                typed = {n: _typed(s, right[n]) for n, s in ex.answer_specs.items()}
                typed[name] = _typed(spec, probe)
                kernel = answer(ex, **typed)
                indices = {
                    n: _options(s).index(typed[n]) if isinstance(s, Choice) else typed[n]
                    for n, s in ex.answer_specs.items()
                }
                assert static_says(table, k, indices) == kernel, (ex.title, k, name, probe)
                compared += 1
    return compared


def page_holds_no_answer(ex: Exercise) -> dict[str, Any]:
    """The page part's encoded table (decoded); asserts no feedback sentence is readable in the
    page (head, chart spec and form) before Check, and every grid input is a bound control."""
    head, chart, form = page_part(ex)
    page = head + json.dumps(chart, ensure_ascii=False) + form
    blob = re.search(r'data-careops-check="([^"]+)"', form)
    assert blob is not None
    table = decode(blob.group(1), _key(ex))
    readable = [s for s in table["sentences"] if len(s) > 20 and s in page]
    assert not readable, readable
    bound = {p["name"] for p in chart["params"] if "bind" in p}
    assert bound == set(ex.static.grid)
    assert len(json.dumps(chart)) < 2_000_000
    _, points, default = grid_points(ex)
    for k in {0, len(points) // 2, len(points) - 1} - {default}:
        rows_match_each_points_own_chart(ex, chart, k)
    return table


def _expr_index(expr: str, params: dict[str, Any]) -> int:
    """Evaluate a grid filter's Vega expression (round, indexof, arithmetic) in Python."""
    python = expr.replace("indexof(", "_indexof(")
    scope = {"round": lambda x: math.floor(x + 0.5), "_indexof": lambda xs, x: xs.index(x)}
    return int(eval(python, scope, dict(params)))  # the chart's own expression


def rows_match_each_points_own_chart(ex: Exercise, chart: dict[str, Any], k: int) -> None:
    """Set the bound parameters to grid point ``k``: each view's rows, once its filter has
    picked them, are the rows of that view in the chart the exercise draws at that point."""
    axes, points, _ = grid_points(ex)
    rest, params = k, {}
    for a in reversed(axes):
        rest, i = divmod(rest, len(a.shown))
        params[a.name] = a.shown[i]
    picked = []
    for view in (v for v in _views(chart) if "data" in v):
        rows = chart["datasets"][view["data"]["name"]]
        mine = [
            t["filter"].removeprefix(f"datum.{GRID_KEY} == ")
            for t in view.get("transform", [])
            if str(t.get("filter", "")).startswith(f"datum.{GRID_KEY} == ")
        ]
        if mine:
            at = _expr_index(mine[0], params)
            rows = [
                {c: x for c, x in r.items() if c != GRID_KEY} for r in rows if r[GRID_KEY] == at
            ]
        picked.append(rows)
    own = ex._chart(points[k], ex._compute(points[k])).to_dict(validate=False)
    expected = [
        own["datasets"][v["data"]["name"]] if "name" in v["data"] else v["data"]["values"]
        for v in _views(own)
        if "data" in v
    ]
    assert picked == expected, (ex.title, k, params)


def _drawn(ex: Exercise, values: dict[str, Any]) -> str:
    """What the exercise's chart draws at these inputs: its spec without the alt text (which
    a reader of the picture does not see), as JSON."""

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "description"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    spec = ex._chart(values, ex._compute(values)).to_dict(validate=False)
    return json.dumps(strip(spec), sort_keys=True, default=str)


def each_input_redraws(ex: Exercise) -> None:
    """From the default grid point, moving any one grid input to any of its other values
    changes what the chart draws (the browser test's "control changed nothing")."""
    axes, points, default = grid_points(ex)
    start = points[default]
    before = _drawn(ex, start)
    for a in axes:
        for value in a.computed:
            if value == start[a.name]:
                continue
            assert _drawn(ex, {**start, a.name: value}) != before, (ex.title, a.name, value)
