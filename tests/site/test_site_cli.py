"""``careops site``: the scan, the TOC check and the journal-club copy, run through the command."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from careops.cli import build_parser, main
from careops.errors import InputError
from careops.site.cli import add_journal_club

ROOT = Path(__file__).resolve().parents[2]


def test_the_site_command_lists_build_check_toc_and_vendor() -> None:
    parser = build_parser()
    area = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    site = area.choices["site"]
    actions = next(a for a in site._actions if isinstance(a, argparse._SubParsersAction))
    assert set(actions.choices) == {"build", "check", "toc", "vendor"}


def test_check_fails_on_a_page_loading_a_cdn_script_and_names_it(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_text("<html><body>fine</body></html>", encoding="utf-8")
    (tmp_path / "chart.html").write_text(
        '<html><head><script src="https://cdn.jsdelivr.net/npm/vega@5"></script></head></html>',
        encoding="utf-8",
    )
    assert main(["site", "check", str(tmp_path)]) == 1
    out, err = capfd.readouterr()
    assert (
        "chart.html: loads a script from outside the site: https://cdn.jsdelivr.net/npm/vega@5"
        in err
    )
    assert "index.html" not in err
    assert "2 pages checked: 1 problem(s)" in out


def test_check_passes_on_a_self_contained_site(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html><head><script src="_static/vendor/vega.min.js"></script></head></html>',
        encoding="utf-8",
    )
    assert main(["site", "check", str(tmp_path)]) == 0


def test_toc_check_passes_on_the_repository() -> None:
    assert main(["site", "toc", "--check", "--root", str(ROOT)]) == 0


def _book_copy(tmp_path: Path) -> Path:
    """The TOC's inputs (config, TOC, pages) copied into tmp, so a test can change them."""
    book = tmp_path / "book-root"
    book.mkdir()
    for name in ("_config.yml", "_toc.yml", "index.md"):
        shutil.copy(ROOT / name, book / name)
    for folder in ("book", "exercises", "datasets", "seminar"):
        if (ROOT / folder).is_dir():
            shutil.copytree(
                ROOT / folder,
                book / folder,
                ignore=shutil.ignore_patterns("_build", "*.csv", "*.parquet", "*.bib"),
            )
    return book


def test_toc_check_fails_on_a_stale_toc_and_toc_rewrites_it(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    book = _book_copy(tmp_path)
    assert main(["site", "toc", "--check", "--root", str(book)]) == 0
    (book / "exercises" / "lean" / "99-new-page.md").write_text("# New\n", encoding="utf-8")
    capfd.readouterr()
    assert main(["site", "toc", "--check", "--root", str(book)]) == 1
    assert f"{book / '_toc.yml'} is out of date" in capfd.readouterr().err
    assert "99-new-page" not in (book / "_toc.yml").read_text(encoding="utf-8")
    assert main(["site", "toc", "--root", str(book)]) == 0
    assert "exercises/lean/99-new-page" in (book / "_toc.yml").read_text(encoding="utf-8")
    assert main(["site", "toc", "--check", "--root", str(book)]) == 0


def test_build_copies_the_journal_club_site_over_the_old_copy(tmp_path: Path) -> None:
    seminar = tmp_path / "_build" / "seminar" / "html"
    seminar.mkdir(parents=True)
    (seminar / "index.html").write_text("<html>journal club</html>", encoding="utf-8")
    stale = tmp_path / "_build" / "html" / "journal-club" / "old.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html>gone</html>", encoding="utf-8")
    target = add_journal_club(tmp_path)
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert (target / "index.html").read_text(encoding="utf-8") == "<html>journal club</html>"


def test_build_without_the_journal_club_site_names_the_missing_index(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="journal-club site is not built") as caught:
        add_journal_club(tmp_path)
    assert caught.value.file == str(tmp_path / "_build" / "seminar" / "html" / "index.html")
