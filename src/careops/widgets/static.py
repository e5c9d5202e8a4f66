"""Exercises on the static site (no kernel): a precomputed grid of charts and Check feedback.

An exercise opts in with ``Exercise(..., static=Static(...))``. When its notebook runs for the
site (``CAREOPS_STATIC=1``, set by ``careops site build`` and ``careops site execute`` for the
kernels they start) the exercise shows, instead of its widgets:

- one Vega-Lite chart holding every grid point's rows (each row tagged with its point ``_g``),
  filtered by top-level parameters bound to inputs, so the chart follows the controls with no
  kernel. Every point's rows come from the exercise's own ``compute`` and ``chart``: no formula
  is written twice;
- a Check form whose right answers and feedback sentences, per grid point, come from the
  exercise's own ``check``, kept encoded in the page (JSON, XOR with a per-exercise key,
  base64) so no answer is readable before Check. ``careops-exercise.js`` (vendored with the
  site) decodes the table, reads the grid point from the chart's signals and only looks up and
  compares: no formula in JavaScript.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from careops.errors import CareopsError, InputError

if TYPE_CHECKING:
    from careops.widgets.core import Exercise

__all__ = [
    "MAX_POINTS",
    "MAX_SPEC_BYTES",
    "STATIC_ENV",
    "Static",
    "StaticError",
    "check_table",
    "decode",
    "encode",
    "grid_points",
    "merged_chart",
    "page_part",
    "site_mode",
]

Values = dict[str, Any]

STATIC_ENV = "CAREOPS_STATIC"  # "1" while a notebook runs for the static site
MAX_POINTS = 600  # grid points per exercise (the page must stay small)
MAX_SPEC_BYTES = 2_000_000  # the merged chart's JSON, per exercise (the 2 MB)
GRID_KEY = "_g"  # the column holding a row's grid point
# names Altair generates from a global counter (differ between two charts of the same shape)
_AUTO_NAME = re.compile(r"\b(param|view|selector|concat|layer)_(\d+)\b")
_VIEW_KEYS = ("layer", "hconcat", "vconcat", "concat")
# Vega's own signal names: a bound parameter must not shadow them
_RESERVED = {"width", "height", "padding", "autosize", "background", "datum", "event", "item"}


@dataclass(frozen=True)
class Static:
    """How an exercise works on the static site: a grid over some inputs, precomputed."""

    # input name -> the values its bound control takes, in the units the student sees (slider:
    # evenly spaced numbers including the default; Choice: option values). Inputs not in the
    # grid stay at their defaults.
    grid: Mapping[str, Sequence[Any]]
    # the right answer per answer name at one grid point: (values, result) -> {name: value}
    answers: Callable[[Values, Any], Mapping[str, Any]]
    tolerance: Mapping[str, float] = field(default_factory=dict)  # absolute, per Number answer
    relative: Mapping[str, float] = field(default_factory=dict)  # relative, per Number answer
    # the wrong answers the kernel check names (e.g. price + variable), per answer name
    slips: Callable[[Values, Any], Mapping[str, Sequence[Any]]] | None = None


class StaticError(CareopsError):
    """An exercise whose static version cannot be built (names the exercise and the reason)."""


def site_mode() -> bool:
    """True while a notebook runs for the static site (``CAREOPS_STATIC=1``)."""
    return os.environ.get(STATIC_ENV, "") == "1"


# --- the grid -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    """One grid input: its spec, its values as the control shows them, and as compute gets them."""

    name: str
    label: str
    shown: list[Any]
    computed: list[Any]
    default: int  # index of the input's default among the values
    labels: list[str] | None = None  # a Choice's option labels


def _fail(exercise: Exercise, message: str) -> StaticError:
    return StaticError(f"exercise {exercise.title!r}: static version: {message}")


def _axes(exercise: Exercise) -> list[Axis]:
    from careops.widgets.core import Choice, parse_number

    static = exercise.static
    if static is None:
        raise _fail(exercise, "no Static(...) given")
    axes = []
    for name, raw in static.grid.items():
        spec = exercise.input_specs.get(name)
        if spec is None:
            raise _fail(
                exercise, f"grid input {name!r} is not an input ({list(exercise.input_specs)})"
            )
        if name in _RESERVED or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise _fail(exercise, f"grid input {name!r} cannot name a Vega parameter")
        shown = list(raw)
        if len(shown) < 2:
            raise _fail(exercise, f"grid[{name!r}] has {len(shown)} value(s); a control needs 2+")
        current = exercise.controls[name].value
        if isinstance(spec, Choice):
            options = [o if isinstance(o, tuple) else (str(o), o) for o in spec.options]
            by_value = {json.dumps(v): label for label, v in options}
            unknown = [v for v in shown if json.dumps(v) not in by_value]
            if unknown:
                raise _fail(exercise, f"grid[{name!r}] values {unknown!r} are not its options")
            computed = shown
            labels = [by_value[json.dumps(v)] for v in shown]
        else:
            try:
                computed = [parse_number(spec, v) for v in shown]
            except InputError as error:
                raise _fail(exercise, f"grid[{name!r}]: {error}") from None
            steps = {round(b - a, 9) for a, b in itertools.pairwise(shown)}
            if len(steps) != 1 or next(iter(steps)) <= 0:
                raise _fail(exercise, f"grid[{name!r}] is not evenly spaced upward: {shown!r}")
            labels = None
            current = float(current)
        matches = [i for i, v in enumerate(shown) if v == current]
        if not matches:
            raise _fail(exercise, f"grid[{name!r}] does not hold the default {current!r}")
        label = spec.describe()
        axes.append(Axis(name, label, shown, computed, matches[0], labels))
    return axes


def grid_points(exercise: Exercise) -> tuple[list[Axis], list[Values], int]:
    """The grid's inputs, every point's input values (row-major over the grid, the other inputs
    at their defaults) and the index of the default point."""
    axes = _axes(exercise)
    if exercise.values is None:
        raise _fail(exercise, "its default inputs do not compute (see the exercise's status)")
    size = math.prod(len(a.shown) for a in axes)
    if size > MAX_POINTS:
        raise _fail(exercise, f"the grid has {size} points; at most {MAX_POINTS}")
    points = []
    for combo in itertools.product(*(range(len(a.shown)) for a in axes)):
        values = dict(exercise.values)
        values.update({a.name: a.computed[i] for a, i in zip(axes, combo, strict=True)})
        points.append(values)
    default = 0
    for a in axes:
        default = default * len(a.shown) + a.default
    return axes, points, default


# --- the chart ----------------------------------------------------------------------------


def _views(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every view of a Vega-Lite spec (top-level, layers, concatenations, facet/repeat inner)."""
    yield spec
    for key in _VIEW_KEYS:
        for child in spec.get(key, []):
            yield from _views(child)
    if isinstance(spec.get("spec"), dict):
        yield from _views(spec["spec"])


def _slots(spec: dict[str, Any], where: str) -> list[list[dict[str, Any]]]:
    """The rows of every view that has data, in view order; each view's data becomes a slot."""
    datasets = spec.get("datasets", {})
    out = []
    for view in _views(spec):
        data = view.get("data")
        if data is None:
            continue
        if "name" in data and data["name"] in datasets:
            rows = datasets[data["name"]]
        elif "values" in data:
            rows = data["values"]
        else:
            raise StaticError(f"{where}: chart data {str(data)[:80]} is neither inline nor named")
        out.append([dict(r) for r in rows])
    return out


def _skeleton(spec: dict[str, Any]) -> str:
    """The spec without its data and description, auto-generated names numbered by first use."""
    bare = json.loads(json.dumps(spec))
    bare.pop("datasets", None)
    bare.pop("description", None)
    for i, view in enumerate(v for v in _views(bare) if "data" in v):
        view["data"] = {"slot": i}
    text = json.dumps(bare, sort_keys=True)
    seen: dict[str, str] = {}
    return _AUTO_NAME.sub(lambda m: seen.setdefault(m.group(), f"{m.group(1)}#{len(seen)}"), text)


def _first_difference(a: str, b: str) -> str:
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"…{a[max(0, i - 60) : i + 40]}… vs …{b[max(0, i - 60) : i + 40]}…"


def _index_expr(axes: Sequence[Axis]) -> str:
    """The Vega expression computing a grid point's index from the bound parameters."""
    expr = ""
    for a in axes:
        if a.labels is None:
            lo, step = a.shown[0], a.shown[1] - a.shown[0]
            term = f"round(({a.name} - ({lo!r})) / ({step!r}))"
        else:
            term = f"indexof({json.dumps(a.shown)}, {a.name})"
        expr = term if not expr else f"({expr}) * {len(a.shown)} + {term}"
    return expr


def _param(a: Axis) -> dict[str, Any]:
    """A top-level parameter bound to an input (range for numbers, select for choices)."""
    if a.labels is None:
        step = a.shown[1] - a.shown[0]
        bind = {"input": "range", "min": a.shown[0], "max": a.shown[-1], "step": step}
    else:
        bind = {"input": "select", "options": a.shown, "labels": a.labels}
    return {"name": a.name, "value": a.shown[a.default], "bind": {**bind, "name": f"{a.label} "}}


def merged_chart(
    exercise: Exercise,
    grid: tuple[list[Axis], list[Values], int] | None = None,
    results: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """One Vega-Lite spec drawing every grid point, filtered by parameters bound to inputs."""
    axes, points, default = grid or grid_points(exercise)
    if exercise._chart is None:
        raise _fail(exercise, "it has no chart to make static")
    results = results if results is not None else [exercise._compute(v) for v in points]
    specs = [
        exercise._chart(v, r).to_dict(validate=False) for v, r in zip(points, results, strict=True)
    ]
    where = f"exercise {exercise.title!r}: static version"
    base = specs[default]
    skeleton = _skeleton(base)
    for k, spec in enumerate(specs):
        other = _skeleton(spec)
        if other != skeleton:
            raise StaticError(
                f"{where}: the chart at grid point {k} ({_describe_point(axes, k)}) differs from "
                f"the default's in more than its data: {_first_difference(skeleton, other)}"
            )
    per_point = [_slots(spec, where) for spec in specs]
    merged = json.loads(json.dumps(base))
    merged.pop("datasets", None)
    index = _index_expr(axes)
    datasets: dict[str, list[dict[str, Any]]] = {}
    for i, view in enumerate(v for v in _views(merged) if "data" in v):
        slot = [rows[i] for rows in per_point]
        name = f"careops-grid-{i}"
        if all(rows == slot[0] for rows in slot):  # the same at every point: no filter needed
            datasets[name] = slot[0]
        else:
            datasets[name] = [{**row, GRID_KEY: k} for k, rows in enumerate(slot) for row in rows]
            view["transform"] = [
                {"filter": f"datum.{GRID_KEY} == {index}"},
                *view.get("transform", []),
            ]
        view["data"] = {"name": name}
    taken = {p.get("name") for v in _views(merged) for p in v.get("params", [])}
    clash = [a.name for a in axes if a.name in taken]
    if clash:
        raise StaticError(f"{where}: the chart already has parameter(s) named {clash}")
    merged["params"] = [*merged.get("params", []), *(_param(a) for a in axes)]
    merged["datasets"] = datasets
    descriptions = [spec.get("description", "") for spec in specs]
    merged["usermeta"] = {
        "careops": {
            "grid": [{"name": a.name, "values": a.shown} for a in axes],
            "descriptions": descriptions if len(set(descriptions)) > 1 else [],
        }
    }
    size = len(json.dumps(merged))
    if size > MAX_SPEC_BYTES:
        raise StaticError(
            f"{where}: the merged chart is {size:,} bytes; at most {MAX_SPEC_BYTES:,} "
            f"(fewer grid points, or fewer rows per point)"
        )
    return merged


def _describe_point(axes: Sequence[Axis], k: int) -> str:
    parts = []
    for a in reversed(axes):
        k, i = divmod(k, len(a.shown))
        parts.append(f"{a.name}={a.shown[i]!r}")
    return ", ".join(reversed(parts))


# --- the Check ----------------------------------------------------------------------------


class _Sentences:
    """Feedback sentences, each stored once (many repeat across grid points)."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _probe(
    exercise: Exercise,
    values: Values,
    answers: Values,
    result: Any,
    part: int,
    sentences: _Sentences,
    where: str,
) -> list[int]:
    """[ok (1 right, 0 not yet, 2 an alert replacing the feedback), sentence index] for the
    answer ``part`` in ``answers``, as the kernel's check says it."""
    try:
        verdict = exercise._check(values, answers, result)
    except InputError as error:
        return [2, sentences.add(exercise._words(error, answers))]
    if len(verdict.lines) != len(exercise.answer_specs):
        raise StaticError(
            f"{where}: check gave {len(verdict.lines)} feedback line(s) for "
            f"{len(exercise.answer_specs)} answer(s); the static Check needs one per answer"
        )
    ok, sentence = verdict.lines[part]
    return [int(ok), sentences.add(sentence)]


def _wrong_values(spec: Any, right: float, taken: Sequence[float]) -> tuple[list[Any], list[Any]]:
    """Values far above and far below the right answer (two each, inside the spec's bounds):
    what a generic wrong answer gets, and a second one to see it does not depend on the value."""
    scale = 100.0 if spec.percent else 1.0
    lo = None if spec.minimum is None else spec.minimum / scale
    hi = None if spec.maximum is None else spec.maximum / scale
    span = max(abs(right), 1.0 if not spec.percent else 0.01)
    above, below = [], []
    for factor in (3.7, 7.3):
        for sign, out in ((1, above), (-1, below)):
            v = right + sign * factor * span
            if spec.whole:
                v = round(v)
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                continue
            if any(math.isclose(v, t, rel_tol=0.02, abs_tol=1e-9) for t in taken):
                continue
            out.append(v)
    return above, below


def check_table(
    exercise: Exercise,
    grid: tuple[list[Axis], list[Values], int] | None = None,
    results: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Everything the static Check needs: per grid point the right answers, tolerances and the
    kernel's own sentences; the parsing messages; all in the kernel's words."""
    from careops.widgets.core import Choice, Number, _example, _fmt

    static = exercise.static
    axes, points, default = grid or grid_points(exercise)
    assert static is not None
    results = results if results is not None else [exercise._compute(v) for v in points]
    where = f"exercise {exercise.title!r}: static version"
    names = list(exercise.answer_specs)
    sentences = _Sentences()
    parts: list[dict[str, Any]] = []
    for name, spec in exercise.answer_specs.items():
        if isinstance(spec, Choice):
            options = [o if isinstance(o, tuple) else (str(o), o) for o in spec.options]
            parts.append(
                {
                    "name": name,
                    "kind": "choice",
                    "label": spec.label,
                    "options": [label for label, _ in options],
                    "unanswered": f"{spec.describe()}: choose one of the options.",
                }
            )
        else:
            assert isinstance(spec, Number)
            label, ex = spec.describe(), _example(spec)
            parts.append(
                {
                    "name": name,
                    "kind": "number",
                    "label": label,
                    "example": spec.example,
                    "percent": spec.percent,
                    "whole": spec.whole,
                    "minimum": spec.minimum,
                    "maximum": spec.maximum,
                    "messages": {
                        "required": f"{label} is empty: type a number{ex}.",
                        "number": f"{label}: “{{text}}” is not a number. Use digits only{ex}.",
                        "finite": f"{label}: “{{text}}” is not a usable number.",
                        "whole": f"{label} must be a whole number, but it is {{value}}.",
                        "non_negative": f"{label} cannot be negative, but it is {{value}}.",
                        "at_least": f"{label} must be at least "
                        f"{_fmt(spec.minimum) if spec.minimum is not None else ''}, "
                        "but it is {value}.",
                        "at_most": f"{label} must be at most "
                        f"{_fmt(spec.maximum) if spec.maximum is not None else ''}, "
                        "but it is {value}.",
                    },
                }
            )
    table_points = []
    for k, (values, result) in enumerate(zip(points, results, strict=True)):
        here = f"{where}: grid point {k} ({_describe_point(axes, k)})"
        right = dict(static.answers(values, result))
        if set(right) != set(names):
            raise StaticError(f"{here}: answers() gave {sorted(right)}; expected {sorted(names)}")
        verdict = exercise._check(values, right, result)
        if len(verdict.lines) != len(names) or not verdict.correct:
            raise StaticError(f"{here}: check does not accept answers() as right: {verdict.text!r}")
        slips = dict(static.slips(values, result)) if static.slips is not None else {}
        entry = []
        for i, (name, spec) in enumerate(exercise.answer_specs.items()):
            _ok, sentence = verdict.lines[i]
            if isinstance(spec, Choice):
                options = [o[1] if isinstance(o, tuple) else o for o in spec.options]
                entry.append(
                    [
                        _probe(exercise, values, {**right, name: o}, result, i, sentences, here)
                        for o in options
                    ]
                )
                continue
            value = float(right[name])
            cands = [[value, 1, sentences.add(sentence)]]
            for slip in slips.get(name, []):
                slip = float(slip)
                cands.append(
                    [
                        slip,
                        *_probe(
                            exercise, values, {**right, name: slip}, result, i, sentences, here
                        ),
                    ]
                )
            generic = []
            for side in _wrong_values(spec, value, [c[0] for c in cands]):
                said = [
                    _probe(exercise, values, {**right, name: v}, result, i, sentences, here)
                    for v in side
                ]
                if len({tuple(s) for s in said}) > 1:
                    raise StaticError(
                        f"{here}: the feedback on a wrong {name!r} depends on the value typed "
                        f"({side!r} get different sentences); name such values as slips"
                    )
                generic.append(said[0] if said else None)
            entry.append(
                {
                    "cands": cands,
                    "abs": float(static.tolerance.get(name, 0.0)),
                    "rel": float(static.relative.get(name, 0.0)),
                    "above": generic[0],
                    "below": generic[1],
                }
            )
        table_points.append(entry)
    return {
        "title": exercise.title,
        "grid": [{"name": a.name, "values": a.shown} for a in axes],
        "parts": parts,
        "sentences": sentences.items,
        "points": table_points,
        "default": default,
        "please": "Please answer every part:",
    }


def _key(exercise: Exercise) -> bytes:
    return hashlib.sha256(f"careops-static:{exercise.title}".encode()).digest()[:16]


def encode(table: Mapping[str, Any], key: bytes) -> str:
    """JSON -> UTF-8 -> XOR with ``key`` -> base64: not readable in the page source."""
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode()
    xored = bytes(b ^ key[i % len(key)] for i, b in enumerate(data))
    return base64.b64encode(xored).decode("ascii")


def decode(text: str, key: bytes) -> Any:
    """The table :func:`encode` wrote (tests and the browser test read it back)."""
    data = base64.b64decode(text)
    return json.loads(bytes(b ^ key[i % len(key)] for i, b in enumerate(data)).decode())


# --- the page part ------------------------------------------------------------------------

_counter = itertools.count(1)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "exercise"


def form_html(exercise: Exercise, table: Mapping[str, Any]) -> str:
    """The Check form: a labelled input per answer, the Check button, the live feedback area."""
    from careops.widgets.core import Choice, _hint

    key = _key(exercise)
    ident = f"careops-{_slug(exercise.title)}-{next(_counter)}"
    rows = []
    for name, spec in exercise.answer_specs.items():
        field_id = f"{ident}-{name}"
        if isinstance(spec, Choice):
            options = [o[0] if isinstance(o, tuple) else str(o) for o in spec.options]
            radios = "".join(
                f'<label class="careops-option"><input type="radio" name="{field_id}" '
                f'value="{j}"> {html.escape(label)}</label>'
                for j, label in enumerate(options)
            )
            rows.append(
                f'<fieldset class="careops-answer" data-answer="{html.escape(name)}">'
                f"<legend>{html.escape(spec.label)}</legend>{radios}</fieldset>"
            )
        else:
            placeholder = f' placeholder="{html.escape(spec.example)}"' if spec.example else ""
            rows.append(
                f'<div class="careops-answer" data-answer="{html.escape(name)}">'
                f'<label for="{field_id}">{html.escape(spec.describe())}</label> '
                f'<input type="text" id="{field_id}" inputmode="decimal" autocomplete="off"'
                f"{placeholder}></div>"
            )
    return (
        f'<div class="careops-check" id="{ident}" data-careops-check="{encode(table, key)}" '
        f'data-careops-key="{key.hex()}">'
        "<p><strong>Your answer</strong></p>"
        f"{''.join(rows)}"
        '<button type="button" class="careops-check-button">Check</button>'
        f'<div class="careops-feedback" aria-live="polite">'
        f"{_hint('Type your answer and press Check.')}</div>"
        '<p class="careops-hub-note"><em>On this page the chart follows the controls under it '
        "and Check works with no kernel. Open the exercise on the hub to have every input of "
        "the situation live and the answers marked on the chart.</em></p></div>"
    )


def page_part(exercise: Exercise) -> tuple[str, dict[str, Any], str]:
    """The static version's three outputs: the title and prompt (HTML), the merged chart
    (Vega-Lite), and the Check form (HTML)."""
    grid = grid_points(exercise)
    results = [exercise._compute(v) for v in grid[1]]
    chart = merged_chart(exercise, grid, results)
    table = check_table(exercise, grid, results)
    names = ", ".join(a.label for a in grid[0])
    head = (
        f'<div class="careops-exercise-head"><h4>{html.escape(exercise.title)}</h4>'
        f"<p>{exercise.prompt}</p><p><strong>The situation</strong>: move the controls under "
        f"the chart ({html.escape(names)}) and watch it change.</p></div>"
    )
    return head, chart, form_html(exercise, table)


def display_static(exercise: Exercise) -> None:
    """Show the static version as three notebook outputs (the site renders each)."""
    from IPython.display import HTML, display

    from careops.widgets.core import VEGALITE_MIME

    head, chart, form = page_part(exercise)
    display(HTML(head))
    display(
        {VEGALITE_MIME: chart, "text/plain": chart.get("description", exercise.title)}, raw=True
    )
    display(HTML(form))
