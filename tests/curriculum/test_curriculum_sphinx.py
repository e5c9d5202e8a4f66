"""The curriculum directives render in a real (tiny, throwaway) Sphinx build, warning-free, when
the book loads only ``careops.site.sphinx`` (which brings ``careops.curriculum.sphinx`` with it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careops import curriculum

# source_suffix given afresh: an earlier in-process myst-nb build on this worker leaves ".md"
# mapped to "myst-nb" in Sphinx's shared default
CONF = (
    'extensions = ["myst_parser", "careops.site.sphinx"]\nexclude_patterns = ["_build"]\n'
    'source_suffix = {".md": "markdown"}\n'
)
INDEX = """# Program

```{toctree}
book/finance/index
```

```{program-credits}
```

```{plan-table} full-time
```

```{credit-report}
```

```{name-variants}
```
"""


def words(html: str) -> str:
    """The page's text with tags dropped and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sphinx_html) -> Path:
    src = tmp_path_factory.mktemp("book")
    (src / "conf.py").write_text(CONF)
    # careops.site.sphinx serves the vendored scripts and refuses to build without them
    (src / "_vendor" / "vendor").mkdir(parents=True)
    (src / "_vendor" / "vendor" / "MANIFEST.json").write_text("{}")
    (src / "index.md").write_text(INDEX)
    (src / "book" / "finance").mkdir(parents=True)
    (src / "book" / "finance" / "index.md").write_text(
        "# Finance\n\n```{course-summary} finance\n```\n\n```{course-summary} leadership\n```\n"
    )
    out = src / "_build"
    assert sphinx_html(src, out) == ""
    return out


def test_program_pages_show_credits_plan_totals_and_the_discrepancy(site: Path):
    html = (site / "index.html").read_text()
    page = words(html)
    assert html.count('class="careops-table') == 4
    assert "Full-Time Option—Nine Months 36 36 matches" in page
    assert "earns 1 cr in the plan, 2 cr in the catalog" in page
    assert "Financial Planning and Management" in page
    assert 'href="book/finance/index.html"' in html


def test_course_summary_shows_credits_objectives_or_says_there_are_none(site: Path):
    course = curriculum.load().course("finance")
    page = words((site / "book" / "finance" / "index.html").read_text())
    assert f"Credits : {course.credits} of 36" in page
    assert course.objectives[0].split(",")[0] in page
    assert "give no description or learning objectives" in page


def test_unknown_plan_fails_the_strict_build(tmp_path: Path, sphinx_html):
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "careops.curriculum.sphinx"]\n'
        'source_suffix = {".md": "markdown"}\n'
    )
    (tmp_path / "index.md").write_text("# X\n\n```{plan-table} no-such-plan\n```\n")
    assert "plan-table: " in sphinx_html(tmp_path, tmp_path / "_build")
