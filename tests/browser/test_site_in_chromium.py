"""The published site as a reader meets it: headless Chromium with every off-site request
blocked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "screenshots"
KEY_PAGES = {
    "home": "index.html",
    "program-overview": "book/program/overview.html",
    "plans": "book/program/plans.html",
    "chapter-operations": "book/operations/index.html",
}


def test_every_page_of_both_sites_was_audited(site_pages, audits):
    assert "index.html" in audits and "journal-club/index.html" in audits
    assert sorted(audits) == site_pages


def test_every_page_loads_with_no_console_error_and_no_offsite_request(audits):
    problems = []
    for rel, a in audits.items():
        if a.offsite:
            problems.append(f"{rel}: off-site requests {a.offsite[:3]}")
        if a.console_errors:
            problems.append(f"{rel}: console errors {a.console_errors[:3]}")
    assert not problems, "\n".join(problems)


def test_no_page_requests_a_file_the_site_does_not_have(audits):
    missing = {rel: a.missing for rel, a in audits.items() if a.missing}
    assert not missing, "\n".join(f"{rel}: {m[:5]}" for rel, m in missing.items())


def test_no_serious_or_critical_accessibility_violation_on_any_page(audits):
    problems = [
        f"{rel}: {json.dumps(a.violations)[:600]}" for rel, a in audits.items() if a.violations
    ]
    assert not problems, "\n".join(problems)


def test_pages_are_styled_by_the_theme(visit):
    page = visit("index.html").page
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    sidebar = page.locator(".bd-sidebar-primary")
    assert sidebar.count() == 1 and sidebar.is_visible()
    assert "Times" not in family


def test_overview_charts_are_drawn_as_svg(visit):
    page = visit("book/program/overview.html", wait_ms=500).page
    page.wait_for_selector("div.careops-vega-drawn svg", timeout=10_000)
    containers = page.locator("div.careops-vega").count()
    assert containers >= 2
    assert page.locator("div.careops-vega-drawn svg").count() == containers
    assert page.locator("div.careops-vega-error").count() == 0
    marks = page.locator("div.careops-vega-drawn svg .mark-rect path").count()
    assert marks >= 12  # at least one bar per course


def test_charts_carry_an_accessible_description(visit):
    page = visit("book/program/overview.html", wait_ms=500).page
    page.wait_for_selector("div.careops-vega-drawn svg", timeout=10_000)
    labels = page.eval_on_selector_all(
        "div.careops-vega", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert labels and all(label and len(label) > 20 for label in labels)


def test_an_exercise_page_shows_named_live_controls_and_a_check_instead_of_dead_widgets(visit):
    page = visit("exercises/lean/takt-time.html").page
    page.wait_for_selector("div.careops-vega-drawn svg", timeout=15_000)
    names = page.locator(".vega-bind .vega-bind-name").all_inner_texts()
    assert any(n.startswith("Hands-on time per patient") for n in names), names
    assert page.locator(".careops-check button", has_text="Check").count() == 1
    assert page.locator(".widget-slider").count() == 0  # no slider that needs a kernel


def test_a_bound_slider_in_an_exercise_redraws_its_chart(visit):
    page = visit("exercises/finance/break-even.html").page
    page.wait_for_selector("div.careops-vega-drawn svg", timeout=15_000)
    slider = page.locator(".vega-bind input[name=price]")
    chart = (
        slider.locator(
            "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' careops-vega ')][1]"
        )
        .locator("svg")
        .first
    )
    before = chart.inner_html()
    top = slider.get_attribute("max")  # the static exercise's grid: payment up to its last step
    slider.fill(top)
    page.wait_for_function(
        "before => document.querySelector('.vega-bind input[name=price]')"
        ".closest('.careops-vega').querySelector('svg').innerHTML !== before",
        arg=before,
        timeout=5_000,
    )
    assert chart.inner_html() != before
    assert slider.locator("xpath=following-sibling::span").inner_text() == top


def test_search_finds_takt_time(visit):
    page = visit("search.html?q=takt+time", wait_ms=300).page
    page.wait_for_selector("#search-results li", timeout=15_000)
    results = page.locator("#search-results li").all_inner_texts()
    assert any("Glossary" in r for r in results), results


def test_next_link_leads_from_one_chapter_to_the_next(visit):
    page = visit("book/operations/index.html").page
    page.locator("a.right-next").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(("book/finance/index.html",)) or "/book/operations/" in page.url


def test_screenshots_of_key_pages_are_written_under_the_build_folder(visit):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, rel in KEY_PAGES.items():
        page = visit(rel, wait_ms=800).page
        out = SHOTS / f"{name}.png"
        page.screenshot(path=str(out), full_page=False)
        assert out.stat().st_size > 10_000, name
