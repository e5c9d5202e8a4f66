"""Every exercise alive on the static site: headless Chromium, the network cut, no kernel.

For every exercise page: each bound control redraws its chart; the right answers (read from the
page's encoded table, as careops-exercise.js reads it) get "All correct" in the kernel's words, a
wrong one gets "Not yet"; moving a control after Check asks for a new Check; no console error;
no serious or critical axe violation; no answer sentence in the page before Check.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest

from careops.widgets.static import decode

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
# every exercise notebook of the repository: one not yet made static fails here
EXERCISES = sorted(
    p.relative_to(ROOT).with_suffix(".html").as_posix()
    for p in (ROOT / "exercises").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    return r.violations.filter(x => ['serious', 'critical'].includes(x.impact))
        .map(x => ({id: x.id, impact: x.impact,
                    nodes: x.nodes.slice(0, 2).map(n => n.target.join(' '))}));
}"""
# the grid point the chart's controls show (careops-exercise.js reads it the same way)
POINT = """el => {
    const chart = (el.closest('.cell') || el.parentElement).querySelector('.careops-vega');
    const spec = JSON.parse(document.getElementById(chart.dataset.specId).textContent);
    return spec.usermeta.careops.grid.map(a => chart.careopsView.signal(a.name));
}"""


def _point(table: dict[str, Any], now: list[Any]) -> int:
    index = 0
    for axis, value in zip(table["grid"], now, strict=True):
        values = axis["values"]
        if isinstance(values[0], int | float):
            best = min(range(len(values)), key=lambda i: abs(values[i] - value))
        else:
            best = values.index(value)
        index = index * len(values) + best
    return index


def _right_classes(point: dict[str, Any], parts: list[dict[str, Any]]) -> list[int]:
    """Each answer's class that makes every feedback line right (numbers: class 0)."""
    choices = [i for i, p in enumerate(parts) if p["kind"] == "choice"]
    for combo in itertools.product(*(range(point["answers"][i]["options"]) for i in choices)):
        classes = [0] * len(parts)
        for i, c in zip(choices, combo, strict=True):
            classes[i] = c
        if all(_says(line, classes)[0] == 1 for line in point["lines"]):
            return classes
    raise AssertionError("no combination of options is right at this grid point")


def _says(line: dict[str, Any], classes: list[int]) -> list[int]:
    key = 0
    for a, n in zip(line["of"], line["n"], strict=True):
        key = key * n + classes[a]
    return line["says"][key]


def _typed(part: dict[str, Any], value: float) -> str:
    shown = value * 100 if part["percent"] else value
    return str(round(shown)) if part["whole"] else f"{shown:.6f}"


def _fill(check, parts: list[dict[str, Any]], point: dict[str, Any], classes: list[int]) -> None:
    for part, entry, cls in zip(parts, point["answers"], classes, strict=True):
        box = check.locator(f'[data-answer="{part["name"]}"]')
        if part["kind"] == "choice":
            box.locator(f'input[type="radio"][value="{cls}"]').check()
        else:
            box.locator("input").fill(_typed(part, entry["cands"][cls][0]))


def _wrong(part: dict[str, Any], entry: dict[str, Any]) -> str:
    """A value far from the right one, inside the answer's bounds."""
    right = entry["cands"][0][0]
    scale = 100 if part["percent"] else 1
    value = right + 7.3 * max(abs(right), 1.0 / scale)
    if part["maximum"] is not None and value * scale > part["maximum"]:
        value = right - 7.3 * max(abs(right), 1.0 / scale)
    return _typed(part, value)


def _svg(check) -> str:
    scope = check.locator("xpath=ancestor::div[contains(@class, 'cell')][1]")
    return scope.locator(".careops-vega svg").first.inner_html()


def _move(control) -> None:
    """Move a bound control to another of its values (a range to its far end, a select on)."""
    if control.evaluate("e => e.tagName") == "SELECT":
        count = control.locator("option").count()
        now = control.evaluate("e => e.selectedIndex")
        control.select_option(index=(now + 1) % count)
        return
    low, high = control.get_attribute("min"), control.get_attribute("max")
    now = float(control.input_value())
    control.fill(low if math.isclose(now, float(high)) else high)


def _wait_changed(page, check, before: str) -> bool:
    for _ in range(30):
        if _svg(check) != before:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.fixture(scope="module")
def axe(site: Path) -> str:
    path = site / "_static" / "vendor" / "axe.min.js"
    assert path.is_file(), "axe-core is not vendored"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", EXERCISES)
def test_every_exercise_works_on_the_static_page(rel, site, visit, axe):
    assert (site / rel).is_file(), f"{rel} is not in the built site"
    v = visit(rel, wait_ms=500)
    page = v.page
    page.wait_for_selector("div.careops-vega-drawn svg", timeout=15_000)
    source = (site / rel).read_text(encoding="utf-8")
    checks = page.locator("div.careops-check")
    assert checks.count() >= 1, f"{rel}: no static Check (the exercise is not made static)"
    for n in range(checks.count()):
        check = checks.nth(n)
        where = f"{rel} exercise {n + 1}"
        cell = check.locator("xpath=ancestor::div[contains(@class, 'cell')][1]")
        cell.locator(".careops-vega-drawn svg").first.wait_for(timeout=15_000)
        controls = cell.locator(".vega-bindings input[type=range], .vega-bindings select")
        assert controls.count() >= 1, f"{where}: the chart has no bound control"
        table = decode(
            check.get_attribute("data-careops-check"),
            bytes.fromhex(check.get_attribute("data-careops-key")),
        )
        rights = {
            table["sentences"][_says(line, _right_classes(p, table["parts"]))[1]]
            for p in table["points"]
            for line in p["lines"]
        }
        leaked = [s for s in rights if json.dumps(s)[1:-1] in source or s in source]
        assert not leaked, f"{where}: answer text in the page before Check: {leaked[:2]}"

        for c in range(controls.count()):  # every control redraws the chart
            before = _svg(check)
            _move(controls.nth(c))
            assert _wait_changed(page, check, before), f"{where}: control {c + 1} changed nothing"

        point = table["points"][_point(table, check.evaluate(POINT))]
        classes = _right_classes(point, table["parts"])
        _fill(check, table["parts"], point, classes)
        check.locator(".careops-check-button").click()
        said = check.locator(".careops-feedback").inner_text()
        assert "All correct — well done." in said, f"{where}: right answers got {said!r}"
        for line in point["lines"]:
            sentence = table["sentences"][_says(line, classes)[1]]
            assert f"✓ Right. {sentence}" in said, f"{where}: missing {sentence!r} in {said!r}"

        _move(controls.first)  # the kernel's words when the situation changes after a Check
        page.wait_for_timeout(200)
        assert check.locator(".careops-feedback").inner_text().strip() == (
            "The situation changed: press Check again."
        ), where

        point = table["points"][_point(table, check.evaluate(POINT))]
        classes = _right_classes(point, table["parts"])
        _fill(check, table["parts"], point, classes)
        numbers = [i for i, p in enumerate(table["parts"]) if p["kind"] == "number"]
        if numbers:
            i = numbers[0]
            part = table["parts"][i]
            box = check.locator(f'[data-answer="{part["name"]}"] input')
            box.fill(_wrong(part, point["answers"][i]))
            box.press("Enter")  # Enter in a box checks, as the button does
        else:
            i = 0
            wrong = (classes[0] + 1) % point["answers"][0]["options"]
            check.locator(
                f'[data-answer="{table["parts"][0]["name"]}"] input[value="{wrong}"]'
            ).check()
            check.locator(".careops-check-button").click()
        said = check.locator(".careops-feedback").inner_text()
        assert "Some answers need another look." in said and "✗ Not yet." in said, (where, said)

        if numbers:  # a typing slip gets parse_number's words
            box.fill("twelve")
            check.locator(".careops-check-button").click()
            said = check.locator(".careops-feedback").inner_text()
            assert "Please answer every part:" in said and "“twelve” is not a number" in said

    assert not v.console_errors, f"{rel}: console errors {v.console_errors[:3]}"
    assert not v.offsite, f"{rel}: off-site requests {v.offsite[:3]}"
    page.add_script_tag(content=axe)
    violations = page.evaluate(AXE_RUN)
    assert not violations, f"{rel}: {json.dumps(violations)[:600]}"
