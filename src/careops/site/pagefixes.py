"""Sphinx extension: fixes to the pages Jupyter Book writes, shared by the course book and the
journal-club site.

- drop sphinx-thebe's loader: live code is off in both sites, and the loader fetches its library
  from a CDN, which a hospital network blocks;
- citation lists: docutils marks each entry ``role="doc-biblioentry"`` inside ``role="list"``,
  a role ARIA 1.3 deprecates and screen readers (and axe) do not accept as a list item;
- the theme's search button and light/dark switch had an ``aria-label`` their visible text did
  not match (a "Ctrl+K" hint, the icons' titles): WCAG 2.5.3 Label in Name. ``templates/``
  overrides the two components: the search button is named by what it shows, the switch's
  icons lose their titles; myst-nb's hidden-code toggle (``<summary aria-label="Toggle hidden
  content">`` showing "Show code cell source") is named by its text instead;
- the theme's light/dark switch: with no ``default_mode`` it logs a console error on every page;
- a favicon: without one every first visit logs a 404 for ``/favicon.ico`` in the console.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

FAVICON = Path(__file__).with_name("favicon.svg")
BIBLIOENTRY = 'role="doc-biblioentry"'
LISTITEM = 'role="listitem"'
TEMPLATES = Path(__file__).resolve().parent / "templates"
HIDE_INPUT_SUMMARY = '<summary aria-label="Toggle hidden content">'


def is_thebe(js: Any) -> bool:
    """True for sphinx-thebe's script file or its inline configuration script."""
    body = getattr(js, "attributes", {}).get("body", "") or ""
    return "sphinx-thebe" in (getattr(js, "filename", None) or str(js)) or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Remove thebe's scripts from the page's script list."""
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [js for js in scripts if not is_thebe(js)]


def citations_as_list_items(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Give each citation of a citation list the list-item role its list requires."""
    body = context.get("body")
    if body and BIBLIOENTRY in body:
        context["body"] = body.replace(BIBLIOENTRY, LISTITEM)


def default_theme_mode(app: Sphinx, config: Config) -> None:
    """Follow the reader's system light/dark setting unless the site chose a mode."""
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


def default_favicon(app: Sphinx, config: Config) -> None:
    """Give the site the course's favicon unless it chose one (no 404 for /favicon.ico)."""
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def summaries_named_by_their_text(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Drop the aria-label of myst-nb's hidden-code toggles: their visible text names them."""
    body = context.get("body")
    if body and HIDE_INPUT_SUMMARY in body:
        context["body"] = body.replace(HIDE_INPUT_SUMMARY, "<summary>")


def is_theme_components(path: str) -> bool:
    """True for a theme's own components folder (pydata-sphinx-theme, sphinx-book-theme)."""
    parts = Path(path).parts
    return bool(parts) and parts[-1] == "components" and any(p.endswith("_theme") for p in parts)


def override_theme_components(app: Sphinx, config: Config) -> None:
    """Put templates/ ahead of the themes' components (the site's own templates stay first)."""
    paths = [str(p) for p in config.templates_path]
    if str(TEMPLATES) in paths:
        return
    index = next((i for i, p in enumerate(paths) if is_theme_components(p)), len(paths))
    paths.insert(index, str(TEMPLATES))
    config.templates_path = paths


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", default_theme_mode)
    app.connect("config-inited", override_theme_components)
    app.connect("config-inited", default_favicon)
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", citations_as_list_items)
    app.connect("html-page-context", summaries_named_by_their_text)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
