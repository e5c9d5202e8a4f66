"""careops.widgets.static: an exercise's grid chart and Check, precomputed for the static site."""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from typing import Any

import altair as alt
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from careops.widgets import (
    break_even_exercise,
    capital_budgeting_exercise,
    case_mix_exercise,
    flexible_budget_exercise,
    nurse_fte_exercise,
    payer_mix_exercise,
)
from careops.widgets.core import Choice, Exercise, Feedback, Number, parse_number
from careops.widgets.static import (
    GRID_KEY,
    STATIC_ENV,
    Static,
    StaticError,
    _key,
    _views,
    check_table,
    decode,
    form_html,
    grid_points,
    merged_chart,
    page_part,
)

from .helpers import answer, svg_texts
from .static_probe import each_input_redraws, static_says

FINANCE = {
    "break-even": break_even_exercise,
    "capital-budgeting": capital_budgeting_exercise,
    "flexible-budget": flexible_budget_exercise,
    "payer-mix": payer_mix_exercise,
    "case-mix": case_mix_exercise,
    "nurse-fte-budget": nurse_fte_exercise,
}


@functools.cache
def _built(name: str) -> tuple[Exercise, Any, dict[str, Any], dict[str, Any]]:
    """A finance exercise, its grid, merged chart and check table (built once: a few seconds)."""
    ex = FINANCE[name]()
    grid = grid_points(ex)
    results = [ex._compute(v) for v in grid[1]]
    return ex, grid, merged_chart(ex, grid, results), check_table(ex, grid, results)


# --- a tiny exercise: dose = weight x rate, drawn as bars --------------------------------------


def _tiny(*, chart=None, check=None, grid=None, slips=None, default_weight: float = 60) -> Exercise:
    def compute(v):
        return {"dose": v["weight"] * v["rate"]}

    def bars(v, r):
        rows = pd.DataFrame({"what": ["dose", "weight"], "amount": [r["dose"], v["weight"]]})
        return alt.Chart(rows).mark_bar().encode(x="what:N", y="amount:Q")

    def says(v, a, r):
        fb = Feedback()
        if math.isclose(a["dose"], r["dose"], abs_tol=0.5):
            fb.add(True, f"The dose is {r['dose']:g} mg: weight × rate.")
        elif math.isclose(a["dose"], v["weight"] + v["rate"], abs_tol=0.5):
            fb.add(False, "Multiply the weight by the rate; do not add them.")
        else:
            fb.add(False, "Dose = weight × rate.")
        fb.add(a["route"] == "IV", "IV, as ordered." if a["route"] == "IV" else "Not by mouth.")
        return fb

    return Exercise(
        title="Tiny dose",
        prompt="Find the dose.",
        inputs=[
            Number("weight", "Weight", default_weight, unit="kg", minimum=0, maximum=200),
            Choice("rate", "Rate", [("1 mg/kg", 1.0), ("2 mg/kg", 2.0), ("3 mg/kg", 3.0)]),
        ],
        answers=[
            Number("dose", "Dose", unit="mg", example="60"),
            Choice("route", "Route", ["IV", "PO"]),
        ],
        compute=compute,
        check=check or says,
        chart=chart or bars,
        static=Static(
            grid=grid or {"weight": [40, 50, 60, 70], "rate": [1.0, 2.0, 3.0]},
            answers=lambda v, r: {"dose": r["dose"], "route": "IV"},
            tolerance={"dose": 0.5},
            slips=slips or (lambda v, r: {"dose": [v["weight"] + v["rate"]]}),
        ),
    )


def _expr_index(expr: str, params: dict[str, Any]) -> int:
    """Evaluate a filter's Vega expression (round, indexof, arithmetic) in Python."""
    python = expr.replace("indexof(", "_indexof(")
    scope = {"round": lambda x: math.floor(x + 0.5), "_indexof": lambda xs, x: xs.index(x)}
    return int(eval(python, scope, dict(params)))  # our own expression


def _rows_at(spec: dict[str, Any], params: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Each view's rows once its filter has picked the grid point the parameters give."""
    out = []
    for view in (v for v in _views(spec) if "data" in v):
        rows = spec["datasets"][view["data"]["name"]]
        filters = [t["filter"] for t in view.get("transform", []) if "filter" in t]
        mine = [f for f in filters if f.startswith(f"datum.{GRID_KEY} == ")]
        if mine:
            k = _expr_index(mine[0].removeprefix(f"datum.{GRID_KEY} == "), params)
            rows = [{c: x for c, x in r.items() if c != GRID_KEY} for r in rows if r[GRID_KEY] == k]
        out.append(rows)
    return out


def _own_rows(ex: Exercise, values: dict[str, Any]) -> list[list[dict[str, Any]]]:
    spec = ex._chart(values, ex._compute(values)).to_dict(validate=False)
    return [
        spec["datasets"][v["data"]["name"]] if "name" in v["data"] else v["data"]["values"]
        for v in _views(spec)
        if "data" in v
    ]


# --- the chart ----------------------------------------------------------------------------


def test_the_merged_chart_has_one_bound_parameter_per_grid_input():
    spec = merged_chart(_tiny())
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"weight", "rate"}
    assert params["weight"]["bind"] == {
        "input": "range",
        "min": 40,
        "max": 70,
        "step": 10,
        "name": "Weight (kg) ",
    }
    assert params["weight"]["value"] == 60
    assert params["rate"]["bind"]["input"] == "select"
    assert params["rate"]["bind"]["options"] == [1.0, 2.0, 3.0]
    assert params["rate"]["bind"]["labels"] == ["1 mg/kg", "2 mg/kg", "3 mg/kg"]


@pytest.mark.parametrize(
    "name", ["break-even", "capital-budgeting", "flexible-budget", "nurse-fte-budget"]
)
def test_the_finance_charts_bind_every_grid_input(name):
    ex, _, spec, _ = _built(name)
    assert [p["name"] for p in spec["params"] if "bind" in p] == list(ex.static.grid)


@pytest.mark.parametrize("name", list(FINANCE))
def test_the_finance_charts_redraw_when_any_one_grid_input_moves(name):
    each_input_redraws(FINANCE[name]())


@pytest.mark.parametrize("name", ["tiny", "break-even", "capital-budgeting", "flexible-budget"])
def test_the_rows_at_a_grid_point_are_that_points_own_chart_rows(name):
    if name == "tiny":
        ex = _tiny()
        spec, (axes, points, default) = merged_chart(ex), grid_points(ex)
    else:
        ex, (axes, points, default), spec, _ = _built(name)
    picks = sorted({0, default, len(points) // 2, len(points) - 1})
    for k in picks:
        params, rest = {}, k
        for a in reversed(axes):
            rest, i = divmod(rest, len(a.shown))
            params[a.name] = a.shown[i]
        assert _rows_at(spec, params) == json.loads(json.dumps(_own_rows(ex, points[k])))


def test_moving_a_bound_parameter_redraws_the_chart_with_that_points_numbers():
    spec = merged_chart(_tiny())
    drawn = svg_texts(spec)
    for p in spec["params"]:
        if p["name"] == "weight":
            p["value"] = 70
    assert svg_texts(spec) != drawn  # the dose axis follows 70 kg × 2 mg/kg = 140


def test_a_chart_whose_structure_changes_with_the_inputs_is_refused():
    def chart(v, r):
        rows = pd.DataFrame({"what": ["dose"], "amount": [r["dose"]]})
        base = alt.Chart(rows)
        return (base.mark_bar() if v["weight"] < 60 else base.mark_point()).encode(
            x="what:N", y="amount:Q"
        )

    with pytest.raises(StaticError, match=r"grid point 0 \(weight=40, rate=1.0\) differs"):
        merged_chart(_tiny(chart=chart, grid={"weight": [40, 50, 60], "rate": [1.0, 2.0]}))


@pytest.mark.parametrize(
    ("grid", "words"),
    [
        ({"weight": [40, 50, 70], "rate": [1.0]}, "not evenly spaced"),
        ({"weight": [40, 50], "rate": [1.0, 2.0]}, "does not hold the default 60"),
        ({"weight": [60, 70], "rate": [1.0, 5.0]}, r"values \[5.0\] are not its options"),
        ({"height": [1, 2]}, "'height' is not an input"),
        ({"weight": [60, 400], "rate": [1.0, 2.0]}, "must be at most 200"),
        ({"weight": list(range(0, 201)), "rate": [1.0, 2.0, 3.0]}, "603 points; at most"),
    ],
)
def test_a_bad_grid_is_refused_naming_the_exercise_and_the_input(grid, words):
    with pytest.raises(StaticError, match=words) as caught:
        grid_points(_tiny(grid=grid))
    assert "Tiny dose" in str(caught.value)


# --- the Check ----------------------------------------------------------------------------


def _table(ex: Exercise) -> dict[str, Any]:
    return check_table(ex)


def test_the_static_check_says_what_the_kernel_check_says_for_the_same_answers():
    ex = _tiny()
    table = _table(ex)
    axes, points, _ = grid_points(ex)
    tries = [
        {"dose": "120", "route": "IV"},  # right at the default point
        {"dose": "62", "route": "IV"},  # weight + rate
        {"dose": "9,999", "route": "PO"},
        {"dose": "1", "route": "IV"},
        {"dose": "120.4", "route": "PO"},
    ]
    for k, typed in itertools.product(range(len(points)), tries):
        a_weight, a_rate = axes[0].shown[k // 3], axes[1].shown[k % 3]
        _set(ex, "weight", a_weight)
        _set(ex, "rate", a_rate)
        kernel = answer(ex, **typed)
        options = ["IV", "PO"]
        static = static_says(table, k, {**typed, "route": options.index(typed["route"])})
        assert static == kernel, (k, typed)


@pytest.mark.parametrize("name", list(FINANCE))
def test_the_finance_exercises_static_check_agrees_with_the_kernel(name):
    ex, (axes, points, default), _, table = _built(name)
    ex = FINANCE[name]()  # a fresh one to type into
    static = ex.static
    for k in sorted({0, default, len(points) - 1}):
        values, rest = points[k], k
        for a in reversed(axes):
            rest, i = divmod(rest, len(a.shown))
            _set(ex, a.name, a.shown[i])
        result = ex._compute(values)
        right = static.answers(values, result)
        slips = static.slips(values, result) if static.slips else {}
        for name_, spec in ex.answer_specs.items():
            if isinstance(spec, Choice):
                continue
            shown = 100 if spec.percent else 1
            for probe in [right[name_], *slips.get(name_, []), right[name_] * 5 + 1000]:
                value = probe[0] if isinstance(probe, tuple) else probe
                typed = {n: _typed(ex.answer_specs[n], right[n]) for n in ex.answer_specs}
                typed[name_] = f"{value * shown:.6f}"
                kernel = answer(ex, **typed)
                said = static_says(table, k, _as_indices(ex, typed))
                assert said == kernel, (name, k, name_, value)


def _set(ex: Exercise, name: str, value: Any) -> None:
    """Set an input as a student would (a text box takes the number as text)."""
    control = ex.controls[name]
    control.value = str(value) if isinstance(control.value, str) else value


def _typed(spec: Any, value: Any) -> Any:
    if isinstance(spec, Choice):
        return value
    return f"{value * (100 if spec.percent else 1):.6f}"


def _as_indices(ex: Exercise, typed: dict[str, Any]) -> dict[str, Any]:
    out = dict(typed)
    for name, spec in ex.answer_specs.items():
        if isinstance(spec, Choice):
            values = [o[1] if isinstance(o, tuple) else o for o in spec.options]
            out[name] = values.index(typed[name])
    return out


def test_the_check_table_holds_the_parse_messages_in_the_kernels_words():
    part = _table(_tiny())["parts"][0]
    assert part["messages"]["required"] == "Dose (mg) is empty: type a number, for example 60."
    with pytest.raises(ValueError, match=re.escape(part["messages"]["required"])):
        parse_number(_tiny().answer_specs["dose"], "")
    words = part["messages"]["number"].replace("{text}", "ten")
    with pytest.raises(ValueError, match=re.escape(words)):
        parse_number(_tiny().answer_specs["dose"], "ten")


def test_a_check_whose_generic_sentence_names_the_typed_value_is_refused():
    def check(v, a, r):
        fb = Feedback().add(a["dose"] == r["dose"], f"You typed {a['dose']:g}.")
        return fb.add(True, "Any route.")

    with pytest.raises(StaticError, match="depends on the value typed"):
        check_table(_tiny(check=check))


def test_answers_the_check_does_not_accept_are_refused():
    ex = _tiny()
    object.__setattr__(ex.static, "answers", lambda v, r: {"dose": 1.0, "route": "IV"})
    with pytest.raises(StaticError, match="does not accept answers"):
        check_table(ex)


# --- the page -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tiny", *FINANCE])
def test_the_page_holds_no_answer_before_check(name):
    if name == "tiny":
        ex = _tiny()
        head, chart, form = page_part(ex)
    else:
        ex, _, chart, table = _built(name)
        head, form = ex.prompt, form_html(ex, table)
    page = head + json.dumps(chart, ensure_ascii=False) + form
    blob = re.search(r'data-careops-check="([^"]+)"', form).group(1)
    table = decode(blob, _key(ex))
    rights = {
        table["sentences"][line["says"][0][1]]
        for point in table["points"]
        for line in point["lines"]
        if line["says"][0][0] == 1
    }
    assert rights and not [s for s in rights if s in page]
    assert not [s for s in table["sentences"] if len(s) > 20 and s in page]


def test_the_form_labels_every_answer_and_announces_its_feedback():
    _, _, form = page_part(_tiny())
    assert re.search(
        r'<label for="([^"]+-dose)">Dose \(mg\)</label> <input type="text" id="\1"', form
    )
    assert "<fieldset" in form and "<legend>Route</legend>" in form
    assert form.count('type="radio"') == 2
    assert 'aria-live="polite"' in form and ">Check</button>" in form


def test_in_site_mode_the_exercise_shows_its_static_version(monkeypatch):
    InteractiveShell.instance()
    ex = _tiny()
    monkeypatch.setenv(STATIC_ENV, "1")
    with capture_output() as site:
        ex._ipython_display_()
    monkeypatch.delenv(STATIC_ENV)
    with capture_output() as kernel:
        ex._ipython_display_()
    mimes = [sorted(o.data) for o in site.outputs]
    assert mimes == [
        ["text/html", "text/plain"],
        ["application/vnd.vegalite.v5+json", "text/plain"],
        ["text/html", "text/plain"],
    ]
    assert "careops-check" in site.outputs[2].data["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in kernel.outputs[0].data


def test_the_leak_scan_fails_a_page_where_an_answer_can_be_read(tmp_path):
    from careops.site.postbuild import check_secrets

    head, chart, form = page_part(_tiny())
    page = f"<html><body>{head}{json.dumps(chart)}{form}</body></html>"
    (tmp_path / "clean.html").write_text(page, encoding="utf-8")
    assert check_secrets(tmp_path) == []
    leaked = page.replace("</body>", "<p>The dose is 120 mg: weight × rate.</p></body>")
    (tmp_path / "leaky.html").write_text(leaked, encoding="utf-8")
    found = check_secrets(tmp_path)
    assert [(f.path, f.problem, f.value) for f in found] == [
        (
            "leaky.html",
            "exercise answer readable before Check",
            "The dose is 120 mg: weight × rate.",
        )
    ]


def test_a_wide_tolerance_around_a_small_answer_still_leaves_wrong_values_to_probe():
    def check(v, a, r):
        fb = Feedback().add(math.isclose(a["dose"], 0.5, abs_tol=500), "Within 500 of 0.5.")
        return fb.add(a["route"] == "IV", "IV.")

    ex = _tiny(check=check, grid={"weight": [50, 60], "rate": [1.0, 2.0]})
    object.__setattr__(ex.static, "answers", lambda v, r: {"dose": 0.5, "route": "IV"})
    object.__setattr__(ex.static, "tolerance", {"dose": 500.0})
    object.__setattr__(ex.static, "slips", None)
    entry = check_table(ex)["points"][0]["answers"][0]
    assert entry["above"] >= 0 and entry["below"] >= 0  # a wrong value on each side
    table = check_table(ex)
    assert static_says(table, 0, {"dose": "9000", "route": 0}).startswith("Not yet: Within")


def test_tight_bounds_still_leave_a_wrong_value_on_each_side():
    def check(v, a, r):
        return Feedback().add(a["dose"] == 50, "Fifty.").add(a["route"] == "IV", "IV.")

    ex = _tiny(check=check, grid={"weight": [50, 60], "rate": [1.0, 2.0]})
    ex.answer_specs["dose"] = Number("dose", "Dose", unit="mg", minimum=0, maximum=100)
    object.__setattr__(ex.static, "answers", lambda v, r: {"dose": 50, "route": "IV"})
    object.__setattr__(ex.static, "slips", None)
    entry = check_table(ex)["points"][0]["answers"][0]
    found = [entry["cands"][0][0]]
    assert entry["above"] >= 0 and entry["below"] >= 0 and found == [50.0]
