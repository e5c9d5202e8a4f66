"""Sphinx extension for the careops book.

- serves the vendored scripts (vega, vega-lite, vega-embed) and careops' own chart loader
  and styles on every page, so charts draw with no internet;
- loads ``careops.curriculum.sphinx``, the directives that generate program pages from the
  curriculum data (``program-credits``, ``plan-table``, ``credit-report``, ``course-summary``,
  ``name-variants``), so the book's configuration names one extension for both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

STATIC = Path(__file__).with_name("static")
# `make vendor` copies the pinned npm files into _vendor/vendor/; Sphinx then serves them as
# _static/vendor/. (Not under _static/ itself: Jupyter Book would load every .js file there on
# every page.)
VENDOR_ROOT = "_vendor"
# loaded before myst-nb's require.js (priority 500), so vega registers globals, not AMD modules
VENDOR_SCRIPTS = ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js")


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))
    vendor = Path(app.srcdir) / VENDOR_ROOT
    if not (vendor / "vendor" / "MANIFEST.json").is_file():
        raise RuntimeError(
            f"{vendor}/vendor is missing: run `make vendor` (npm ci + careops site vendor) first"
        )
    app.config.html_static_path.append(str(vendor))


# Pages with embedded widget state load require.js, then the vendored widget manager. The
# manager is an AMD module that finds its icon fonts from its require.js path, so that path is
# pointed at the vendored copy before it loads.
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
VENDOR_URL = (
    "new URL((document.documentElement.dataset.content_root || './') + '_static/vendor', "
    "document.baseURI).href"
)
WIDGET_REQUIRE_PATHS = (
    f"window.__jupyter_widgets_assets_path__ = {VENDOR_URL} + '/';"
    f" window.require.config({{baseUrl: {VENDOR_URL} + '/', paths: "
    f"{{'@jupyter-widgets/html-manager/dist': {VENDOR_URL}}}}});"
)


def _add_widget_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Add the vendored widget manager to the pages whose body shows a widget."""
    if WIDGET_VIEW_MIME not in context.get("body", ""):
        return
    app.add_js_file("vendor/require.min.js", priority=990)
    app.add_js_file(None, body=WIDGET_REQUIRE_PATHS, priority=991)
    app.add_js_file(
        "vendor/embed-amd.js", priority=992, **{"data-jupyter-widgets-cdn-only": "true"}
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _add_widget_scripts)
    app.setup_extension("careops.site.pagefixes")
    app.setup_extension("careops.site.bibliography")
    app.setup_extension("careops.curriculum.sphinx")
    for i, script in enumerate(VENDOR_SCRIPTS):
        app.add_js_file(script, priority=200 + i)
    app.add_js_file("careops-charts.js", priority=300, defer="defer")
    app.add_js_file("careops-a11y.js", priority=300, defer="defer")
    app.add_js_file("careops-exercise.js", priority=300, defer="defer")
    app.add_css_file("careops.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
