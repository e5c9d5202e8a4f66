"""Citation labels are unique across the book (careops.site.bibliography): two regulations
that pybtex's alpha style both labels "CFR", cited on two pages, build without the "duplicate
label" warning that fails the strict build."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_string

from careops.site.bibliography import book_labels

BIB = """
@misc{cfr_one, organization = {U.S. Code of Federal Regulations}, key = {CFR},
       title = {Conditions of participation}, howpublished = {42 CFR 482.12}}
@misc{cfr_two, organization = {U.S. Code of Federal Regulations}, key = {CFR},
       title = {Two-midnight benchmark}, howpublished = {42 CFR 412.3}}
@book{kotter1996, author = {Kotter, John P.}, title = {Leading Change},
       publisher = {Harvard Business School Press}, year = {1996}}
"""


def test_entries_with_the_same_alpha_label_get_distinct_book_wide_labels() -> None:
    labels = book_labels(parse_string(BIB, "bibtex").entries.values())
    assert labels == {"cfr_one": "CFRa", "cfr_two": "CFRb", "kotter1996": "Kot96"}


def test_two_pages_citing_same_label_entries_build_without_a_warning(
    tmp_path: Path, sphinx_html
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_text(BIB)
    (src / "conf.py").write_text(
        "extensions = ['sphinxcontrib.bibtex', 'careops.site.bibliography']\n"
        "bibtex_bibfiles = ['refs.bib']\nbibtex_default_style = 'careops'\n"
    )
    (src / "index.rst").write_text("Book\n====\n\n.. toctree::\n\n   one\n   two\n")
    for name, key in (("one", "cfr_one"), ("two", "cfr_two")):
        (src / f"{name}.rst").write_text(
            f"{name.title()}\n===\n\nA rule :cite:p:`{key}`.\n\n"
            f".. bibliography::\n   :filter: docname in docnames\n"
        )
    warnings = sphinx_html(src, tmp_path / "out")
    assert warnings == ""
    assert "CFRb" in (tmp_path / "out" / "two.html").read_text()
