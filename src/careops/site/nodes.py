"""Docutils tables for the book's generated pages (curriculum, datasets, seminar): one builder,
so every generated table has the same structure and the same rules for what a cell may hold."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from docutils import nodes


def _entry(content: Any) -> nodes.entry:
    """A table cell: block nodes (a paragraph, a list) go in as they are; text and inline nodes
    (a link too, which docutils also counts as a body element), alone or in a list, are gathered
    into paragraphs between them. ``None`` is an empty cell."""
    entry = nodes.entry()
    para: nodes.paragraph | None = None
    for part in content if isinstance(content, list) else [content]:
        if isinstance(part, nodes.Body) and not isinstance(part, nodes.Inline):
            entry += part
            para = None
            continue
        if para is None:
            para = nodes.paragraph()
            entry += para
        para += (
            part if isinstance(part, nodes.Node) else nodes.Text("" if part is None else str(part))
        )
    return entry


def table(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
    classes: Sequence[str] = (),
    widths: Sequence[int] | None = None,
) -> nodes.table:
    """A docutils table with one header row, an optional caption, the given CSS classes and
    relative column widths (equal by default); cells as :func:`_entry` takes them."""
    tbl = nodes.table(classes=list(classes))
    if caption:
        tbl += nodes.title(text=caption)
    group = nodes.tgroup(cols=len(header))
    tbl += group
    for width in widths if widths is not None else [1] * len(header):
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    for cells, section in [(header, head), *[(r, body) for r in rows]]:
        row = nodes.row()
        for cell in cells:
            row += _entry(cell)
        section += row
    return tbl
