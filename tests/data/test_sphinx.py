"""The dataset directives render in a real (tiny, throwaway) Sphinx build, warning-free."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careops import data
from careops.data.paths import datasets_dir

# source_suffix given afresh: an earlier in-process build with myst-nb (the journal-club site on
# this worker) leaves ".md" mapped to "myst-nb" in Sphinx's shared default
CONF = (
    'extensions = ["myst_parser", "careops.data.sphinx"]\nexclude_patterns = ["_build"]\n'
    'source_suffix = {".rst": "restructuredtext", ".md": "markdown"}\n'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sphinx_html) -> Path:
    src = tmp_path_factory.mktemp("book")
    (src / "conf.py").write_text(CONF)
    shutil.copy(datasets_dir() / "index.md", src / "index.md")
    text = (src / "index.md").read_text()
    pages = "\n".join(data.names())
    (src / "index.md").write_text(text + f"\n```{{toctree}}\n:hidden:\n{pages}\n```\n")
    for name in data.names():
        shutil.copy(datasets_dir() / f"{name}.md", src / f"{name}.md")
    out = src / "_build"
    assert sphinx_html(src, out) == ""
    return out


def test_catalog_page_links_every_dataset(site: Path):
    html = (site / "index.html").read_text()
    for name in data.names():
        assert f'href="{name}.html"' in html


def test_dataset_page_shows_provenance_dictionary_and_preview(site: Path):
    html = (site / "inpatient_stays.html").read_text()
    assert "Provenance" in html and "CMS FY 2023 IPPS Final Rule Table 5" in html
    assert "Data dictionary" in html and "drg_gmlos_days" in html
    first = data.load("inpatient_stays").iloc[0]
    assert "First 5 rows" in html and str(first["stay_id"]) in html


def test_unknown_dataset_in_directive_fails_the_strict_build(tmp_path: Path, sphinx_html):
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "index.md").write_text("# X\n\n```{dataset-dictionary} no_such_data\n```\n")
    warnings = sphinx_html(tmp_path, tmp_path / "_build")
    assert "unknown dataset 'no_such_data'" in warnings
