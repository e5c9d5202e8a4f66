"""The built site: complete, self-contained, generated from the data, and with no secrets."""

import re
from pathlib import Path

from careops import curriculum
from careops.site import postbuild

ROOT = Path(__file__).resolve().parents[2]


def text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_index_and_twelve_chapter_pages_exist(site):
    assert (site / "index.html").is_file()
    chapters = [site / "book" / c.id / "index.html" for c in curriculum.load().courses]
    assert len(chapters) == 12 and all(p.is_file() for p in chapters)


def test_no_page_loads_anything_from_outside_the_site(site):
    findings = postbuild.check_offline(site)
    assert findings == [], "\n".join(map(str, findings[:20]))


def test_no_solution_hidden_test_or_grading_source_is_published(site):
    findings = postbuild.check_secrets(site, ROOT / "autograders" / "source")
    assert findings == [], "\n".join(map(str, findings[:20]))


def test_vendored_libraries_are_served_by_the_site(site):
    for name in (
        "vega.min.js",
        "vega-lite.min.js",
        "vega-embed.min.js",
        "require.min.js",
        "embed-amd.js",
        "mathjax/tex-chtml.js",
    ):
        assert (site / "_static" / "vendor" / name).is_file(), name


def test_program_plans_page_reports_the_published_totals_and_the_discrepancy(site):
    page = re.sub(r"<[^>]+>", " ", text(site, "book/program/plans.html"))
    page = re.sub(r"\s+", " ", page)
    assert "Part-time Option—Years One and Two 35 36 does not match" in page
    assert "Full-Time Option—Nine Months 36 36 matches" in page
    assert "earns 1 cr in the plan, 2 cr in the catalog" in page


def test_chapter_landing_page_shows_credits_and_objectives_from_the_data(site):
    course = curriculum.load().course("finance")
    page = text(site, "book/finance/index.html")
    assert f"{course.credits} of 36" in page
    for objective in course.objectives:
        assert objective.split(",")[0] in page


def test_leadership_chapter_says_the_seed_gives_no_objectives(site):
    assert "give no description or learning objectives" in text(site, "book/leadership/index.html")


def test_overview_notebook_charts_are_embedded_as_vendored_vega_specs(site):
    page = text(site, "book/program/overview.html")
    assert page.count('class="careops-vega"') >= 2
    assert "application/vnd.vegalite" not in page or "careops-vega" in page


def test_overview_prose_numbers_are_glued_from_the_notebook(site):
    page = re.sub(r"<[^>]+>", "", text(site, "book/program/overview.html"))
    assert "adds up to 36 credits" in re.sub(r"\s+", " ", page)


def test_glossary_defines_the_core_terms(site):
    page = text(site, "book/glossary.html")
    for term in (
        "Takt time",
        "Lead time",
        "Case mix index",
        "Contribution margin",
        "Little",
        "Run chart",
        "Control chart",
        "Break-even",
    ):
        assert term in page, term


def test_citation_lists_hold_list_items_not_deprecated_biblioentries(site):
    pages = [
        p for p in site.rglob("*.html") if 'class="citation-list"' in p.read_text(encoding="utf-8")
    ]
    assert pages, "no page of the book has a bibliography"
    assert [
        str(p.relative_to(site))
        for p in pages
        if "doc-biblioentry" in p.read_text(encoding="utf-8")
    ] == []


def test_no_page_of_either_site_carries_thebes_loader_or_an_empty_theme_mode(site):
    for page in [site / "index.html", site / "journal-club" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        assert "THEBE_JS_URL" not in html and "unpkg.com" not in html, page
        assert 'dataset.mode = localStorage.getItem("mode") || "auto";' in html, page


def test_widget_icon_fonts_are_served_from_both_public_paths_of_the_widget_manager(site):
    # The manager's modules set their public path from their own URL: the embed script from
    # vendor/, @jupyter-widgets/base and /controls (loaded by require.js) from
    # vendor/@jupyter-widgets/. Whichever injects the icon CSS first decides where the fonts are
    # fetched, so both places must hold them (a missing one was a 404 one run in several).
    vendor = site / "_static" / "vendor"
    fonts = set(
        re.findall(
            r'"([0-9a-f]{20}\.(?:woff2?|ttf|eot|svg))"', (vendor / "embed-amd.js").read_text()
        )
    )
    assert fonts
    for folder in (vendor, vendor / "@jupyter-widgets"):
        assert sorted(f for f in fonts if not (folder / f).is_file()) == [], folder
