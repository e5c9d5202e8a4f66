"""The pages written for the main book (seminar/index.md, book/capstone/*) build strictly with
the directives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("seminar-main-book")]
ROOT = Path(__file__).resolve().parents[2]
CAPSTONE_PAGES = (
    "01-milestones",
    "02-charter",
    "03-progress-report",
    "04-evaluation",
    "05-committee",
)


def make_book(where: Path, seminar_dir: Path, site_url: str) -> Path:
    """A miniature of the main book holding only this area's pages, configured like the main
    book."""
    src = where / "book-src"
    (src / "seminar").mkdir(parents=True)
    (src / "book" / "capstone").mkdir(parents=True)
    shutil.copy(ROOT / "seminar" / "index.md", src / "seminar" / "index.md")
    for name in CAPSTONE_PAGES:
        shutil.copy(
            ROOT / "book" / "capstone" / f"{name}.md", src / "book" / "capstone" / f"{name}.md"
        )
    shutil.copy(seminar_dir / "readings.bib", src / "seminar" / "readings.bib")
    (src / "index.md").write_text("# Course\n", encoding="utf-8")
    (src / "references.md").write_text(
        "# References\n\n```{bibliography}\n:all:\n```\n", encoding="utf-8"
    )
    toc = {
        "format": "jb-book",
        "root": "index",
        "chapters": [{"file": "seminar/index"}, {"file": "references"}]
        + [{"file": f"book/capstone/{n}"} for n in CAPSTONE_PAGES],
    }
    config = {
        "title": "mini",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "parse": {
            "myst_enable_extensions": ["colon_fence", "deflist", "dollarmath", "substitution"]
        },
        "sphinx": {
            "extra_extensions": ["careops.seminar.sphinx", "sphinxcontrib.bibtex"],
            "config": {
                "seminar_dir": str(seminar_dir),
                "seminar_site_url": site_url,
                "bibtex_bibfiles": ["seminar/readings.bib"],
            },
        },
    }
    (src / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    (src / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return src


def build(src: Path, out: Path) -> int:
    from jupyter_book.sphinx import build_sphinx

    return build_sphinx(
        str(src),
        str(out / "html"),
        noconfig=True,
        path_config=str(src / "_config.yml"),
        confoverrides={
            "external_toc_path": str(src / "_toc.yml"),
            "latex_individualpages": False,
            "nitpicky": True,
        },
        doctreedir=str(out / "doctrees"),
        warningiserror=True,
        keep_going=True,
        quiet=True,
    )


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("main-book")
    assert build(make_book(work, ROOT / "seminar", "journal-club/"), work / "out") == 0
    return work / "out" / "html"


def test_seminar_and_capstone_pages_build_strictly(html):
    assert (html / "seminar" / "index.html").is_file()
    assert all((html / "book" / "capstone" / f"{n}.html").is_file() for n in CAPSTONE_PAGES)


def test_schedule_links_each_session_to_its_page_on_the_journal_club_site(html):
    page = (html / "seminar" / "index.html").read_text(encoding="utf-8")
    assert 'href="../journal-club/sessions/2026-09-09-1600.html"' in page
    assert 'href="../journal-club/templates/critique.html"' in page
    assert 'href="https://doi.org/10.1001/jama.288.16.1987"' in page


def test_readings_bib_formats_cleanly_with_sphinxcontrib_bibtex_as_the_main_book_uses_it(html):
    page = (html / "references.html").read_text(encoding="utf-8")
    entries = (ROOT / "seminar" / "readings.bib").read_text(encoding="utf-8").count("\n@")
    assert page.count('role="doc-biblioentry"') == entries


def test_milestone_page_quotes_the_seed_for_each_milestone(html):
    page = (html / "book" / "capstone" / "01-milestones.html").read_text(encoding="utf-8")
    assert page.count("program seed, Capstone and Practicum") >= 7
    assert "Capstone report and oral presentation" in page


def test_bad_seminar_data_fails_the_main_book_build_naming_file_and_line(
    tmp_path, folder, edit, capsys
):
    edit(
        folder / "sessions.yml",
        "format: journal-club\n    title: Lean",
        "format: journal_club\n    title: Lean",
    )
    assert build(make_book(tmp_path, folder, ""), tmp_path / "out") != 0
    err = capsys.readouterr().err
    assert f"{folder / 'sessions.yml'}:" in err
    assert "format 'journal_club' is not one of" in err
