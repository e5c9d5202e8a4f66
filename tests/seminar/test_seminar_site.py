"""The journal-club site builds strictly, offline, with a page per session, the calendar and
the reading list."""

from __future__ import annotations

import datetime as dt
import shutil

import icalendar
import pytest

from careops.seminar import SeminarError, load_program
from careops.seminar.site import build_site, remote_assets

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("seminar-site")]
STAMP = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def built(tmp_path_factory, seminar_root):
    """Build the committed seminar folder once for this module; return (program, html folder)."""
    work = tmp_path_factory.mktemp("seminar-site")
    folder = work / "seminar"
    shutil.copytree(seminar_root, folder)
    html = build_site(folder, work / "build", stamp=STAMP)
    return load_program(folder), html


def test_build_writes_index_and_one_page_per_session(built):
    program, html = built
    assert (html / "index.html").is_file()
    missing = [s.id for s in program.sessions if not (html / "sessions" / f"{s.id}.html").is_file()]
    assert missing == []


def test_journal_club_page_shows_the_formatted_reference_with_its_doi_link(built):
    _, html = built
    page = (html / "sessions" / "2027-05-12-1600.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/10.1126/science.aax2342"' in page
    assert "Dissecting racial bias in an algorithm used to manage the health of populations" in page
    assert "Ziad Obermeyer" in page


def test_site_calendar_is_published_at_the_root_with_one_event_per_session(built):
    program, html = built
    events = icalendar.Calendar.from_ical((html / "seminar.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(program.sessions)


def test_reading_list_groups_papers_under_every_topic_in_order(built):
    program, html = built
    page = (html / "readings.html").read_text(encoding="utf-8")
    positions = [
        page.index(f'<p class="rubric">{topic.title}<') for topic, _ in program.readings_by_topic()
    ]
    assert positions == sorted(positions)
    assert all(f"https://doi.org/{r.doi}" in page for r in program.readings.values())


def test_templates_are_published(built):
    _, html = built
    for name in ("critique", "critique-rubric", "capstone-feedback"):
        assert (html / "templates" / f"{name}.html").is_file()


def test_site_loads_nothing_from_other_hosts_and_no_mathjax(built):
    _, html = built
    assert remote_assets(html) == []
    assert not any("mathjax" in p.read_text(encoding="utf-8").lower() for p in html.rglob("*.html"))


def test_a_warning_in_a_site_page_fails_the_strict_build(folder, tmp_path, edit):
    edit(
        folder / "site" / "readings.md",
        "# Reading list by topic",
        "# Reading list by topic\n\nSee {doc}`missing-page`.",
    )
    with pytest.raises(SeminarError, match="the seminar site build failed"):
        build_site(folder, tmp_path / "build", stamp=STAMP)


def test_remote_asset_finder_catches_cdn_scripts_styles_and_fonts(tmp_path):
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example.org/s.css">'
        '<script src="_static/local.js"></script><a href="https://doi.org/10.1/x">paper</a>',
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text(
        "@import url('https://fonts.example.org/f.css'); a{}", encoding="utf-8"
    )
    assert remote_assets(tmp_path) == [
        "a.html: https://cdn.example.org/x.js",
        "a.html: //cdn.example.org/s.css",
        "s.css: https://fonts.example.org/f.css",
    ]


def test_remote_asset_finder_catches_a_loader_in_an_inline_script(tmp_path):
    """Jupyter Book's thebe configuration loads its library from unpkg at run time."""
    (tmp_path / "a.html").write_text(
        '<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js";</script>',
        encoding="utf-8",
    )
    assert remote_assets(tmp_path) == ["a.html: https://unpkg.com/thebe@0.8.2/lib/index.js"]
