"""Render Altair / Vega-Lite notebook outputs in the book with the vendored vega-embed.

A myst-nb mime renderer plugin (registered as an entry point in pyproject.toml): JupyterLab
draws ``application/vnd.vegalite.v5+json`` natively and offline; in the book we emit a
container plus the spec as JSON, and ``careops-charts.js`` draws it on page load.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any, ClassVar

from docutils import nodes

VEGALITE_MIME = "application/vnd.vegalite.v5+json"


def chart_html(spec: dict[str, Any], *, key: str | None = None) -> str:
    """The HTML for one chart: a labelled container and its spec as inert JSON."""
    text = json.dumps(spec, sort_keys=True)
    ident = key or hashlib.sha1(text.encode()).hexdigest()[:12]
    label = spec.get("description") or _title_text(spec.get("title")) or "Chart"
    safe_json = text.replace("</", "<\\/")
    return (
        f'<div class="careops-vega" id="vega-{ident}" data-spec-id="vega-spec-{ident}" '
        f'role="figure" tabindex="0" aria-label="{html.escape(str(label), quote=True)}"></div>\n'
        f'<script type="application/json" id="vega-spec-{ident}">{safe_json}</script>'
    )


def _title_text(title: Any) -> str | None:
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title) if title else None


class VegaLiteMimeRenderer:
    """myst-nb plugin: Vega-Lite v5 outputs become vendored-vega-embed charts in HTML."""

    mime_priority_overrides: ClassVar = [("html", VEGALITE_MIME, 5), ("dirhtml", VEGALITE_MIME, 5)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != VEGALITE_MIME:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        key = None
        document = getattr(getattr(renderer, "renderer", None), "document", None)
        if document is not None:  # number the charts of a page so their ids are unique
            count = document.get("careops_vega_count", 0) + 1
            document["careops_vega_count"] = count
            source = document.get("source", "")
            key = hashlib.sha1(f"{source}".encode()).hexdigest()[:8] + f"-{count}"
        return [
            nodes.raw(text=chart_html(spec, key=key), format="html", classes=["output", "vegalite"])
        ]
