"""Benchmark the exercises' static versions: page size, build time, control -> redrawn chart.

Run: .venv/bin/python benchmarks/bench_static.py [--no-browser] [exercise ...]

For each exercise of careops.widgets with a ``Static``: the time careops takes to build its
static page part (the grid's charts and the Check table, as the site build does), the bytes it
adds to the page (title and prompt, the merged chart as the site embeds it, the Check form with
its encoded table), and, in headless Chromium on a page of its own (the vendored vega, the
site's careops-charts.js and careops-exercise.js), the median time from moving each bound
control to the chart's redrawn SVG. The issue's limit: under 2 MB per exercise.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from careops import widgets
from careops.site.vegalite import chart_html
from careops.widgets.static import MAX_SPEC_BYTES, page_part

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor" / "vendor"
STATIC = ROOT / "src" / "careops" / "site" / "static"
MOVES = 6  # control moves timed per control

# move one control (range: to the other end; select: the next option), then wait until the
# chart's SVG differs; the milliseconds in between
MOVE_JS = """async ([index]) => {
    const chart = document.querySelector('.careops-vega');
    const controls = chart.querySelectorAll(
        '.vega-bindings input[type=range], .vega-bindings select');
    const c = controls[index];
    const before = chart.querySelector('svg').innerHTML;
    const start = performance.now();
    if (c.tagName === 'SELECT') {
        c.selectedIndex = (c.selectedIndex + 1) % c.options.length;
        c.dispatchEvent(new Event('change'));
    } else {
        c.value = (Number(c.value) === Number(c.max)) ? c.min : c.max;
        c.dispatchEvent(new Event('input'));
    }
    while (chart.querySelector('svg').innerHTML === before) {
        await new Promise(r => requestAnimationFrame(r));
        if (performance.now() - start > 5000) { return -1; }
    }
    return performance.now() - start;
}"""


def exercises(names: list[str]) -> list[tuple[str, widgets.Exercise]]:
    """Every exercise factory of careops.widgets (or those named), built with its defaults."""
    found = [n for n in widgets.__all__ if n.endswith("_exercise")]
    return [(n, getattr(widgets, n)()) for n in found if not names or n in names]


def write_page(folder: Path, head: str, chart: dict, form: str) -> Path:
    """A page holding one static exercise, with the site's scripts."""
    for f in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        shutil.copy(VENDOR / f, folder / f)
    for f in ("careops-charts.js", "careops-exercise.js"):
        shutil.copy(STATIC / f, folder / f)
    scripts = "".join(
        f'<script src="{f}"></script>'
        for f in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
    )
    page = folder / "index.html"
    page.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>'
        f'{scripts}<script defer src="careops-charts.js"></script>'
        f'<script defer src="careops-exercise.js"></script></head><body><main><div class="cell">'
        f"{head}{chart_html(chart, key='bench')}{form}</div></main></body></html>",
        encoding="utf-8",
    )
    return page


def redraw_ms(browser, page_path: Path) -> float:
    """Median ms from a control's move to the redrawn chart, over every bound control."""
    page = browser.new_page()
    try:
        page.goto(page_path.as_uri())
        page.wait_for_selector("div.careops-vega-drawn svg", timeout=15_000)
        count = page.locator(
            ".careops-vega .vega-bindings input[type=range], .careops-vega .vega-bindings select"
        ).count()
        times = []
        for index in range(count):
            for _ in range(MOVES):
                ms = page.evaluate(MOVE_JS, [index])
                if ms < 0:
                    raise SystemExit(f"{page_path}: control {index + 1} never redrew the chart")
                times.append(ms)
        return statistics.median(times)
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="exercise factories (default: all)")
    parser.add_argument("--no-browser", action="store_true", help="sizes and build times only")
    args = parser.parse_args()
    browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        play = sync_playwright().start()
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    print(
        f"{'exercise':<32} {'points':>6} {'build (s)':>9} {'chart (B)':>10} {'form (B)':>9} "
        f"{'page part (B)':>13} {'redraw (ms)':>11}"
    )
    over = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, ex in exercises(args.names):
            if ex.static is None:
                print(f"{name:<32} {'not static':>6}")
                continue
            start = time.perf_counter()
            head, chart, form = page_part(ex)
            build = time.perf_counter() - start
            embedded = chart_html(chart, key="bench")
            points = math.prod(len(v) for v in ex.static.grid.values())
            total = len(head.encode()) + len(embedded.encode()) + len(form.encode())
            redraw = "-"
            if browser is not None:
                folder = Path(tmp) / name
                folder.mkdir()
                redraw = f"{redraw_ms(browser, write_page(folder, head, chart, form)):.0f}"
            print(
                f"{name:<32} {points:>6} {build:>9.1f} {len(embedded.encode()):>10,} "
                f"{len(form.encode()):>9,} {total:>13,} {redraw:>11}"
            )
            if total > MAX_SPEC_BYTES:
                over.append(name)
    if browser is not None:
        browser.close()
        play.stop()
    if over:
        sys.exit(f"over {MAX_SPEC_BYTES:,} bytes: {', '.join(over)}")


if __name__ == "__main__":
    main()
