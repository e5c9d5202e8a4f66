"""Sphinx directives that render the datasets' pages from their dictionaries and files.

- ``{dataset-dictionary} NAME``: description, provenance, citations, the data dictionary as
  a table, and a preview of the first rows (``:rows:`` option, default 5);
- ``{dataset-catalog}``: one table row per dataset, each name linking to its page.

Add ``careops.data.sphinx`` to the Sphinx extensions. The pages are generated from the same
YAML the loader uses, so they cannot drift from the data.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from careops.data import api
from careops.data.dictionaries import Dictionary
from careops.data.errors import DatasetError
from careops.data.paths import datasets_dir
from careops.site.nodes import table

# the CSS class of every dataset table
CLASSES = ("careops-dataset-table",)
PREVIEW_WIDTH = 40


def _short(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if (value.hour or value.minute)
            else value.strftime("%Y-%m-%d")
        )
    text = str(value)
    return text if len(text) <= PREVIEW_WIDTH else text[: PREVIEW_WIDTH - 1] + "…"


def _meaning(col: Any) -> list[nodes.Node]:
    parts: list[nodes.Node] = [nodes.paragraph(text=col.meaning)]
    if col.source:
        parts.append(nodes.paragraph("", "", nodes.emphasis(text=f"Source: {col.source}")))
    return parts


def _rule_text(col: Any) -> str:
    parts = []
    if col.categories is not None:
        parts.append("one of " + ", ".join(col.categories))
    if col.min is not None:
        parts.append(f">= {col.min}")
    if col.max is not None:
        parts.append(f"<= {col.max}")
    if col.unique:
        parts.append("unique")
    parts.append("may be missing" if col.nullable else "never missing")
    return "; ".join(parts)


def provenance_rows(d: Dictionary, rows: int) -> list[list[Any]]:
    """The provenance facts of a dataset as (field, value) rows."""
    out: list[list[Any]] = [
        ["Kind", "synthetic (generated from a documented model)" if d.synthetic else "real data"],
        ["Source", d.source],
        ["Licence", d.licence],
        ["File", nodes.literal(text=f"datasets/{d.file}")],
        ["Rows", f"{rows:,}"],
        ["Load it", nodes.literal(text=f'careops.data.load("{d.name}")')],
    ]
    if d.synthetic:
        out.append(["Generator and seed", nodes.literal(text=f"{d.generator} (seed {d.seed})")])
    if d.package:
        out.append(["Copied from package", d.package])
    return out


class DatasetDictionary(SphinxDirective):
    """``{dataset-dictionary} NAME``: the full page body of one dataset."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"rows": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        try:
            d = api.dictionary(name)
            frame = api.load(name, validate_schema=False)
        except DatasetError as exc:
            raise self.error(f"dataset-dictionary: {exc}") from None
        self.env.note_dependency(str(datasets_dir() / f"{name}.yml"))
        self.env.note_dependency(str(datasets_dir() / d.file))
        out: list[nodes.Node] = [nodes.paragraph(text=d.description)]
        out.append(
            table(
                ["Field", "Value"],
                provenance_rows(d, len(frame)),
                caption="Provenance",
                classes=CLASSES,
            )
        )
        if d.citations:
            out.append(nodes.rubric(text="Sources"))
            items = nodes.bullet_list()
            for c in d.citations:
                items += nodes.list_item("", nodes.paragraph(text=c))
            out.append(items)
        if d.notes:
            out.append(nodes.rubric(text="Notes"))
            notes = nodes.bullet_list()
            for n in d.notes:
                notes += nodes.list_item("", nodes.paragraph(text=n))
            out.append(notes)
        rows = [
            [
                nodes.literal(text=c.name),
                f"{c.type} ({c.unit})" if c.unit else c.type,
                _meaning(c),
                _rule_text(c),
            ]
            for c in d.columns
        ]
        out.append(
            table(
                ["Column", "Type (unit)", "Meaning and source", "Rules"],
                rows,
                caption="Data dictionary",
                classes=CLASSES,
            )
        )
        n = self.options.get("rows", 5)
        if n:
            head = frame.head(n)
            preview = [[_short(v) for v in rec] for rec in head.itertuples(index=False)]
            out.append(
                table(
                    list(head.columns),
                    preview,
                    caption=f"First {n} rows",
                    classes=(*CLASSES, "careops-dataset-preview"),
                )
            )
        return out


class DatasetCatalog(SphinxDirective):
    """``{dataset-catalog}``: every dataset, linked to its page (pages named after datasets)."""

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        cat = api.catalog()
        rows = []
        for rec in cat.itertuples(index=False):
            ref = addnodes.pending_xref(
                "",
                refdomain="std",
                reftype="doc",
                reftarget=rec.name,
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            ref += nodes.inline(text=rec.name)
            kind = "synthetic" if rec.synthetic else "real"
            licence = rec.licence.split(" (")[0]
            rows.append([ref, rec.title, f"{rec.rows:,}", kind, licence])
            self.env.note_dependency(str(datasets_dir() / f"{rec.name}.yml"))
        return [
            table(
                ["Dataset", "Title", "Rows", "Kind", "Licence"],
                rows,
                caption="Course datasets",
                classes=CLASSES,
            )
        ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("dataset-dictionary", DatasetDictionary)
    app.add_directive("dataset-catalog", DatasetCatalog)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
