"""The theme's buttons and myst-nb's hidden-code toggle pass axe's Label in Name (WCAG 2.5.3).

Both sites (the book and the journal club) use sphinx-book-theme, myst-nb and
careops.site.pagefixes; a two-page Sphinx project with the same three is built here and audited
in headless Chromium with the vendored axe-core, the release the site ships.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import nbformat
import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from careops.site.pagefixes import TEMPLATES
from careops.site.vendor import vendor

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
CONF = (
    'project = "Label in Name"\nlanguage = "en"\nhtml_theme = "sphinx_book_theme"\n'
    'extensions = ["myst_nb", "careops.site.pagefixes"]\ntemplates_path = ["_templates"]\n'
    'nb_execution_mode = "off"\nexclude_patterns = ["_build"]\n'
    # given afresh, so that myst-nb adds its suffixes to this dict, not to Sphinx's shared default
    'source_suffix = {".rst": "restructuredtext"}\n'
)
INDEX = "Label in Name\n=============\n\nA page.\n\n.. toctree::\n\n   cells\n"
# as the site sweep runs axe (tests/browser/conftest.py), plus axe's Label in Name findings and
# the buttons that passed button-name (seen, audited and named)
AUDIT = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    const serious = r.violations.filter(x => ['serious', 'critical'].includes(x.impact))
        .map(x => ({id: x.id, nodes: x.nodes.slice(0, 2).map(n => n.html.slice(0, 200))}));
    const named = r.passes.filter(x => ['button-name', 'summary-name'].includes(x.id))
        .flatMap(x => x.nodes).map(n => n.html.slice(0, 120));
    const mismatch = r.violations.filter(x => x.id === 'label-content-name-mismatch')
        .flatMap(x => x.nodes).map(n => n.html.slice(0, 200));
    return {version: axe.version, named, mismatch, serious};
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sphinx, Path]:
    """A site with the books' theme, myst-nb and page fixes, built with Sphinx's API: a page and
    a notebook whose code cell is hidden behind myst-nb's toggle."""
    src = tmp_path_factory.mktemp("label-in-name")
    (src / "_templates").mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    cell = nbformat.v4.new_code_cell("print(2 + 2)", metadata={"tags": ["hide-input"]})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="4\n")]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Cells"), cell])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, src / "cells.ipynb")
    out = src / "_build"
    # inside docutils_namespace, as sphinx-build does: what the build registers is removed after
    # it, so a later strict in-process build on this worker sees no "already registered" warning
    with patch_docutils(str(src)), docutils_namespace():
        app = Sphinx(
            str(src),
            str(src),
            str(out),
            str(out / ".doctrees"),
            "html",
            status=None,
            warning=io.StringIO(),
            freshenv=True,
        )
        app.build()
    return app, out


@pytest.fixture(scope="module")
def axe_source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core as careops.site.vendor copies it for the site, checked against package.json."""
    dest = tmp_path_factory.mktemp("vendor")
    manifest = vendor(ROOT / "node_modules", dest)
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert manifest["axe-core"] == pinned["axe-core"]
    return (dest / "axe.min.js").read_text(encoding="utf-8")


def test_overrides_sit_between_the_sites_templates_and_the_themes(built) -> None:
    """The site's own _templates still win; careops's overrides beat the themes' components."""
    app, _ = built
    paths = [str(p) for p in app.config.templates_path]
    assert paths[0] == "_templates"
    ours = paths.index(str(TEMPLATES))
    themes = [i for i, p in enumerate(paths) if p.endswith("components")]
    assert themes and ours < min(themes)


def audit(browser, page_file: Path, axe_source: str) -> dict:
    """axe's findings on one built page, opened in Chromium."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        page.add_script_tag(content=axe_source)
        return page.evaluate(AUDIT)
    finally:
        context.close()


def test_search_button_and_mode_switch_pass_label_in_name(built, axe_source: str, browser) -> None:
    """No label-content-name-mismatch and no serious or critical violation on a themed page."""
    _, out = built
    found = audit(browser, out / "index.html", axe_source)
    assert found["version"] == axe_source.split("axe v", 1)[1].split()[0]
    assert any("search-button-field" in html for html in found["named"]), found["named"]
    assert any("theme-switch-button" in html for html in found["named"]), found["named"]
    assert found["mismatch"] == []
    assert found["serious"] == []


def test_hidden_code_toggle_is_named_by_its_text(built, axe_source: str, browser) -> None:
    """myst-nb's "Show code cell source" toggle passes Label in Name on a notebook page."""
    _, out = built
    assert "Show code cell source" in (out / "cells.html").read_text(encoding="utf-8")
    found = audit(browser, out / "cells.html", axe_source)
    assert any(html.startswith("<summary") for html in found["named"]), found["named"]
    assert found["mismatch"] == []
    assert found["serious"] == []
