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
from typing import Any

from IPython.display import HTML, display

from careops.errors import CareopsError, InputError
from careops.widgets.core import (
    PLEASE,
    VEGALITE_MIME,
    Choice,
    Exercise,
    Number,
    _example,
    _fmt,
    _hint,
    parse_number,
)

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
    "readable_answers",
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
    # the wrong answers the kernel check names (e.g. price + variable), per answer name: each a
    # value (matched with the answer's tolerance) or a (value, absolute tolerance) pair
    slips: Callable[[Values, Any], Mapping[str, Sequence[Any]]] | None = None

    def show(self, exercise: Exercise) -> bool:
        """Show the exercise's static version if the notebook runs for the site; else False
        (``Exercise._ipython_display_`` then shows the widgets)."""
        if not site_mode():
            return False
        display_static(exercise)
        return True


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
    for view in _views(bare):  # texts for screen readers: the top one follows the grid point
        view.pop("description", None)
        if "title" in view:  # a title may name the point (its text follows the controls)
            view["title"] = _title_props(view["title"])
    for i, view in enumerate(v for v in _views(bare) if "data" in v):
        view["data"] = {"slot": i}
    text = json.dumps(bare, sort_keys=True)
    seen: dict[str, str] = {}
    return _AUTO_NAME.sub(lambda m: seen.setdefault(m.group(), f"{m.group(1)}#{len(seen)}"), text)


def _title_props(title: Any) -> dict[str, Any]:
    """A view's title as a mapping without its text."""
    props = dict(title) if isinstance(title, dict) else {}
    props.pop("text", None)
    return props


def _title_text(title: Any) -> Any:
    return title.get("text") if isinstance(title, dict) else title


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
    datasets: dict[str, list[dict[str, Any]]] = {}
    for i, view in enumerate(v for v in _views(merged) if "data" in v):
        slot = [rows[i] for rows in per_point]
        name = f"careops-grid-{i}"
        # the inputs this view's rows change with: its rows are stored once per combination of
        # those alone (a reference line that follows one slider is not copied for the others)
        moves = [a for j, a in enumerate(axes) if _varies(slot, axes, j)]
        if not moves:
            datasets[name] = slot[0]
        else:
            datasets[name] = [
                {**row, GRID_KEY: sub}
                for sub, k in enumerate(_sub_points(axes, moves, default))
                for row in slot[k]
            ]
            view["transform"] = [
                {"filter": f"datum.{GRID_KEY} == {_index_expr(moves)}"},
                *view.get("transform", []),
            ]
        view["data"] = {"name": name}
    index = _index_expr(axes)
    per_view = [list(_views(spec)) for spec in specs]
    for j, view in enumerate(_views(merged)):
        texts = [_title_text(views[j].get("title")) for views in per_view]
        if any(t != texts[0] for t in texts):  # the title names the point: an expression
            view["title"] = {
                **_title_props(view["title"]),
                "text": {"expr": f"{json.dumps(texts, ensure_ascii=False)}[{index}]"},
            }
    taken = {p.get("name") for v in _views(merged) for p in v.get("params", [])}
    clash = [a.name for a in axes if a.name in taken]
    if clash:
        raise StaticError(f"{where}: the chart already has parameter(s) named {clash}")
    merged["params"] = [*merged.get("params", []), *(_param(a) for a in axes)]
    merged["datasets"] = datasets
    descriptions = [spec.get("description", "") for spec in specs]
    summaries = (
        [exercise._summary(v, r) for v, r in zip(points, results, strict=True)]
        if exercise._summary is not None
        else []
    )
    unique = list(dict.fromkeys(summaries))
    merged["usermeta"] = {
        "careops": {
            "grid": [{"name": a.name, "values": a.shown} for a in axes],
            # the chart's text for screen readers, and the exercise's summary, per grid point
            "descriptions": descriptions if len(set(descriptions)) > 1 else [],
            "summaries": unique if len(unique) > 1 else [],
            "summary_of": [unique.index(x) for x in summaries] if len(unique) > 1 else [],
        }
    }
    size = len(json.dumps(merged))
    if size > MAX_SPEC_BYTES:
        raise StaticError(
            f"{where}: the merged chart is {size:,} bytes; at most {MAX_SPEC_BYTES:,} "
            f"(fewer grid points, or fewer rows per point)"
        )
    return merged


def _coords(axes: Sequence[Axis], k: int) -> list[int]:
    """A grid point's index along each axis (row-major)."""
    out = []
    for a in reversed(axes):
        k, i = divmod(k, len(a.shown))
        out.append(i)
    return out[::-1]


def _flat(axes: Sequence[Axis], coords: Sequence[int]) -> int:
    k = 0
    for a, i in zip(axes, coords, strict=True):
        k = k * len(a.shown) + i
    return k


def _varies(slot: Sequence[Any], axes: Sequence[Axis], j: int) -> bool:
    """True when some point's rows differ from those of the point with axis ``j`` at index 0."""
    for k, rows in enumerate(slot):
        coords = _coords(axes, k)
        if coords[j] and rows != slot[_flat(axes, [*coords[:j], 0, *coords[j + 1 :]])]:
            return True
    return False


def _sub_points(axes: Sequence[Axis], moves: Sequence[Axis], default: int) -> list[int]:
    """The grid points (others at their default) for every combination of ``moves``, row-major."""
    base = _coords(axes, default)
    where = [axes.index(a) for a in moves]
    out = []
    for combo in itertools.product(*(range(len(a.shown)) for a in moves)):
        coords = list(base)
        for j, i in zip(where, combo, strict=True):
            coords[j] = i
        out.append(_flat(axes, coords))
    return out


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
        """The sentence's index (added on first use)."""
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _wrong_values(
    spec: Any, right: float, taken: Sequence[tuple[float, float]]
) -> tuple[list[Any], list[Any]]:
    """Values far above and far below the right answer (two each, inside the spec's bounds,
    away from every ``(value, tolerance)`` taken): what a generic wrong answer gets, and a
    second one to see that the sentence does not depend on the value."""
    scale = 100.0 if spec.percent else 1.0
    lo = None if spec.minimum is None else spec.minimum / scale
    hi = None if spec.maximum is None else spec.maximum / scale
    # far from the right answer at its own scale, and beyond every tolerance taken
    span = max(abs(right), 1.0 if not spec.percent else 0.01, *(tol for _, tol in taken))
    tries = [right + sign * f * span for f in (3.7, 7.3, 11.9, 17.3, 29.1) for sign in (1, -1)]
    # inside tight bounds: toward each bound (the ends themselves last)
    tries += [
        right + (end - right) * f for end in (hi, lo) if end is not None for f in (0.61, 0.83)
    ]
    tries += [end for end in (hi, lo) if end is not None]
    above: list[Any] = []
    below: list[Any] = []
    for value in tries:
        v = round(value) if spec.whole else value
        out = above if v > right else below
        if (
            len(out) == 2
            or v == right
            or (lo is not None and v < lo)
            or (hi is not None and v > hi)
        ):
            continue
        if any(abs(v - t) <= 2 * tol + 0.02 * abs(t) for t, tol in taken):
            continue
        out.append(v)
    return above, below


def _classes(
    static: Static, name: str, spec: Any, right: Any, slips: Sequence[Any]
) -> tuple[list[list[Any]], dict[str, Any]]:
    """An answer's classes of typed values, each with its representative values (the kernel
    says the same for every value of a class), and what the page needs to classify a value:
    a Choice's class is its option; a Number's is the right answer, a named slip, or a generic
    value above or below the right answer."""
    if isinstance(spec, Choice):
        options = [o[1] if isinstance(o, tuple) else o for o in spec.options]
        return [[o] for o in options], {"options": len(options)}
    tol = float(static.tolerance.get(name, 0.0))
    rel = float(static.relative.get(name, 0.0))
    value = float(right)
    cands: list[list[float]] = [[value]]
    for slip in slips:  # a value (matched with the answer's tolerance) or (value, tolerance)
        cands.append([float(slip[0]), float(slip[1])] if isinstance(slip, tuple) else [slip])
    taken = [(c[0], c[1] if len(c) > 1 else max(tol, rel * abs(c[0]))) for c in cands]
    above, below = _wrong_values(spec, value, taken)
    if not above and not below:
        raise StaticError(f"answer {name!r}: no wrong value within its bounds to probe the check")
    reps = [[c[0]] for c in cands]
    entry: dict[str, Any] = {"cands": cands, "abs": tol, "rel": rel, "above": -1, "below": -1}
    for side, found in (("above", above), ("below", below)):
        if found:
            entry[side] = len(reps)
            reps.append(found)
    return reps, entry


def _verdict(exercise: Exercise, values: Values, answers: Values, result: Any) -> Any:
    """The kernel's check on these answers: its Feedback, or the InputError it raised."""
    try:
        return exercise._check(values, answers, result)
    except InputError as error:
        return error


def check_table(
    exercise: Exercise,
    grid: tuple[list[Axis], list[Values], int] | None = None,
    results: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Everything the static Check needs, in the kernel's own words: per grid point, how to
    classify each typed answer, and for each feedback line the sentence the kernel's check
    says for every combination of classes of the answers that line depends on."""
    static = exercise.static
    if static is None:
        raise _fail(exercise, "no Static(...) given")
    axes, points, default = grid or grid_points(exercise)
    results = results if results is not None else [exercise._compute(v) for v in points]
    where = f"exercise {exercise.title!r}: static version"
    sentences = _Sentences()
    parts: list[dict[str, Any]] = []
    for name, spec in exercise.answer_specs.items():
        if isinstance(spec, Choice):
            parts.append(
                {
                    "name": name,
                    "kind": "choice",
                    "unanswered": f"{spec.describe()}: choose one of the options.",
                }
            )
            continue
        assert isinstance(spec, Number)
        label, ex = spec.describe(), _example(spec)
        low = _fmt(spec.minimum) if spec.minimum is not None else ""
        high = _fmt(spec.maximum) if spec.maximum is not None else ""
        parts.append(
            {
                "name": name,
                "kind": "number",
                "percent": spec.percent,
                "whole": spec.whole,
                "minimum": spec.minimum,
                "maximum": spec.maximum,
                "messages": {  # parse_number's, with {text} and {value} for what was typed
                    "required": f"{label} is empty: type a number{ex}.",
                    "number": f"{label}: “{{text}}” is not a number. Use digits only{ex}.",
                    "finite": f"{label}: “{{text}}” is not a usable number.",
                    "whole": f"{label} must be a whole number, but it is {{value}}.",
                    "non_negative": f"{label} cannot be negative, but it is {{value}}.",
                    "at_least": f"{label} must be at least {low}, but it is {{value}}.",
                    "at_most": f"{label} must be at most {high}, but it is {{value}}.",
                },
            }
        )
    table_points = []
    for k, (values, result) in enumerate(zip(points, results, strict=True)):
        here = f"{where}: grid point {k} ({_describe_point(axes, k)})"
        table_points.append(_point_table(exercise, static, values, result, sentences, here))
    return {
        "title": exercise.title,
        "grid": [{"name": a.name, "values": a.shown} for a in axes],
        "parts": parts,
        "sentences": sentences.items,
        "points": table_points,
        "default": default,
        "please": PLEASE,
    }


MAX_COMBINATIONS = 400  # answer-class combinations probed for one feedback line


def _point_table(
    exercise: Exercise,
    static: Static,
    values: Values,
    result: Any,
    sentences: _Sentences,
    here: str,
) -> dict[str, Any]:
    """One grid point's part of the table (see :func:`check_table`)."""
    names = list(exercise.answer_specs)
    right = dict(static.answers(values, result))
    if set(right) != set(names):
        raise StaticError(f"{here}: answers() gave {sorted(right)}; expected {sorted(names)}")
    base = _verdict(exercise, values, right, result)
    if isinstance(base, InputError) or not base.correct:
        said = base if isinstance(base, InputError) else base.text
        raise StaticError(f"{here}: check does not accept answers() as right: {said}")
    slips = dict(static.slips(values, result)) if static.slips is not None else {}
    classes, entries = [], []
    for name, spec in exercise.answer_specs.items():
        reps, entry = _classes(static, name, spec, right[name], slips.get(name, []))
        classes.append(reps)
        entries.append(entry)
    # which answers each feedback line depends on: those whose classes change it
    owners: list[list[int]] = [[] for _ in base.lines]
    for a, name in enumerate(names):
        alerts = {}
        for c, reps in enumerate(classes[a]):
            verdict = _verdict(exercise, values, {**right, name: reps[0]}, result)
            if isinstance(verdict, InputError):
                alerts[c] = sentences.add(exercise._words(verdict, {**right, name: reps[0]}))
                continue
            if len(verdict.lines) != len(base.lines):
                raise StaticError(
                    f"{here}: check gave {len(verdict.lines)} feedback line(s) for {name}="
                    f"{reps[0]!r} and {len(base.lines)} for the right answers"
                )
            for i, line in enumerate(verdict.lines):
                if line != base.lines[i] and a not in owners[i]:
                    owners[i].append(a)
        entries[a]["alerts"] = alerts
    lines = []
    for i, of in enumerate(owners):
        sizes = [len(classes[a]) for a in of]
        if math.prod(sizes) > MAX_COMBINATIONS:
            raise StaticError(f"{here}: feedback line {i + 1} depends on too many combinations")
        says = []
        for combo in itertools.product(*(range(n) for n in sizes)):
            heard = set()
            for r in range(2):  # every representative of a class must get the same sentence
                answers = dict(right)
                for a, c in zip(of, combo, strict=True):
                    reps = classes[a][c]
                    answers[names[a]] = reps[min(r, len(reps) - 1)]
                verdict = _verdict(exercise, values, answers, result)
                if isinstance(verdict, InputError):
                    heard.add((2, sentences.add(exercise._words(verdict, answers))))
                else:
                    ok, text = verdict.lines[i]
                    heard.add((int(ok), sentences.add(text)))
            if len(heard) > 1:
                raise StaticError(
                    f"{here}: feedback line {i + 1} on a wrong "
                    f"{', '.join(names[a] for a in of)} depends on the value typed (two values "
                    "far from every named one get different sentences); name them as slips"
                )
            says.append(list(heard.pop()))
        lines.append({"of": of, "n": sizes, "says": says})
    return {"answers": entries, "lines": lines}


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


_BLOB = re.compile(r'data-careops-check="([A-Za-z0-9+/=]+)"\s+data-careops-key="([0-9a-f]+)"')


def readable_answers(page: str) -> list[str]:
    """The right-answer sentences of the page's static Checks that can be read in the page
    without decoding (the site's leak scan fails on any); sentences under 20 characters are
    too plain to tell from prose."""
    text = html.unescape(page)
    found = []
    for blob, key in _BLOB.findall(page):
        table = decode(blob, bytes.fromhex(key))
        rights = {
            table["sentences"][said[1]]
            for point in table["points"]
            for line in point["lines"]
            for said in line["says"]
            if said[0] == 1
        }
        found += sorted(s for s in rights if len(s) >= 20 and (s in page or s in text))
    return found


# --- the page part ------------------------------------------------------------------------

_counter = itertools.count(1)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "exercise"


def form_html(exercise: Exercise, table: Mapping[str, Any], summary: str = "") -> str:
    """The Check form: a labelled input per answer, the Check button, the live feedback area."""
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
        f'<div class="careops-summary" aria-live="polite">{summary}</div>'
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
    fixed = [
        f"<li>{html.escape(spec.describe())}: {html.escape(_shown(spec, control.value))}</li>"
        for (name, spec), control in zip(
            exercise.input_specs.items(), exercise.controls.values(), strict=True
        )
        if name not in exercise.static.grid  # type: ignore[union-attr]
    ]
    given = f"<p>Given here:</p><ul>{''.join(fixed)}</ul>" if fixed else ""
    head = (
        f'<div class="careops-exercise-head"><h4>{html.escape(exercise.title)}</h4>'
        f"<p>{exercise.prompt}</p>{given}<p><strong>The situation</strong>: move the controls "
        f"under the chart ({html.escape(names)}) and watch it change.</p></div>"
    )
    summary = ""
    if exercise._summary is not None:
        summary = exercise._summary(grid[1][grid[2]], results[grid[2]])
    return head, chart, form_html(exercise, table, summary)


def _shown(spec: Any, value: Any) -> str:
    """An input's value as its control shows it (a Choice's option label, a number plainly)."""
    if isinstance(spec, Choice):
        for option in spec.options:
            if isinstance(option, tuple) and option[1] == value:
                return str(option[0])
        return str(value)
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,g}"


def display_static(exercise: Exercise) -> None:
    """Show the static version as three notebook outputs (the site renders each)."""
    head, chart, form = page_part(exercise)
    display(HTML(head))
    display(
        {VEGALITE_MIME: chart, "text/plain": chart.get("description", exercise.title)}, raw=True
    )
    display(HTML(form))
