"""Citation labels that are unique across the whole book, not only on one page.

pybtex's ``alpha`` labels ("Kot96", "CFR") are made per bibliography, so two regulations both
labelled "CFR" on two pages break the strict build ("duplicate label"). This label style
computes the alpha labels once over every entry of every ``bibtex_bibfiles`` file, sorted by
key, so duplicates get the same "a", "b" suffixes wherever they are cited.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pybtex.database import Entry, parse_file
from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabels
from sphinx.application import Sphinx

STYLE = "careops"
_labels: dict[str, str] = {}


def book_labels(entries: Iterable[Entry]) -> dict[str, str]:
    """Entry key (lower case) -> its alpha label, made unique over all the given entries."""
    ordered = sorted(entries, key=lambda e: e.key.lower())
    return {
        e.key.lower(): label
        for e, label in zip(ordered, AlphaLabels().format_labels(ordered), strict=True)
    }


class BookLabels(BaseLabelStyle):
    """Alpha labels looked up in the book-wide table (plain alpha for an entry not in it)."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        """One label per entry, the same on every page."""
        for entry in sorted_entries:
            label = _labels.get(entry.key.lower())
            yield label if label is not None else AlphaLabels().format_label(entry)


class BookStyle(AlphaStyle):
    """pybtex's alpha formatting with book-wide labels."""

    default_label_style = BookLabels


def _index(app: Sphinx) -> None:
    """Read every bibliography file once, before any page cites it."""
    if "bibtex_bibfiles" not in app.config:  # a project without sphinxcontrib-bibtex
        return
    entries: list[Entry] = []
    for name in app.config.bibtex_bibfiles:
        entries.extend(parse_file(str(Path(app.srcdir) / name)).entries.values())
    _labels.clear()
    _labels.update(book_labels(entries))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the style; the book selects it with ``bibtex_default_style: careops``."""
    register_plugin("pybtex.style.labels", STYLE, BookLabels, force=True)
    register_plugin("pybtex.style.formatting", STYLE, BookStyle, force=True)
    app.connect("builder-inited", _index, priority=100)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
