"""Sphinx extension: drop sphinx-thebe's loader, which Jupyter Book adds to every page.

Live code is off in both of the course's sites, and thebe's loader fetches its library from a
CDN, which a hospital network blocks. Used by the course book and the journal-club site.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def is_thebe(js: Any) -> bool:
    """True for sphinx-thebe's script file or its inline configuration script."""
    body = getattr(js, "attributes", {}).get("body", "") or ""
    return "sphinx-thebe" in (getattr(js, "filename", None) or str(js)) or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Remove thebe's scripts from the page's script list."""
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [js for js in scripts if not is_thebe(js)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
