"""Depth where the seed promises it (issue #16, section 3).

Every seed topic the issue lists has a section, or a named part of one, that teaches it: the
chapter's landing page holds a "Seed topic | Where it is taught" table linking the sections,
and each linked section mentions the topic's key term. The 4-credit chapters reach 10,000 words
of prose and two executed notebooks more than they had. Checks are enforced per chapter once it
is listed in DEPTH_DONE (a chapter not listed is skipped and named as such).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_objective_map import DOC_ROLE, _cells, section_files

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"

# course -> {seed topic: a term a section teaching it must use (case-insensitive regex)}
SEED_TOPICS: dict[str, dict[str, str]] = {
    "finance": {
        "Accounting and the financial statements": r"balance sheet",
        "The revenue cycle, from registration to collection, with denials": r"denial",
        "Reimbursement in the US and abroad": r"all-payer|germany|single[- ]payer",
        "Population health and integrated systems": r"population health",
        "Payment reform (ACA, HRRP, VBP, MACRA/MIPS)": r"MIPS",
        "Research and capital budgets": r"capital budget",
        "Leading during the budget process": r"budget (cycle|calendar|process)",
    },
    "operations": {
        "The EMR in operations": r"EMR|electronic (medical|health) record",
        "Operational metrics and productivity dashboards": r"dashboard",
        "Ambulatory scheduling and procedural/OR flow": r"block (time|schedul)",
        "Crisis management with a tabletop scenario": r"tabletop",
        "Patient satisfaction": r"HCAHPS",
        "Joint Commission tracers and the National Patient Safety Goals": r"tracer",
        "HRRP and VBP penalties": r"Readmissions Reduction",
        "Star ratings": r"star rating",
        "Price transparency": r"price transparency",
        "The two-midnight and observation rules": r"two-midnight",
    },
    "service-lines": {
        "Governance models": r"governance",
        "Philanthropy and naming gifts": r"philanthrop",
        "Capital planning": r"capital plan",
        "Line-level accounting and quality": r"contribution margin",
        "Models in other countries": r"countr",
        "Research integration": r"research",
    },
    "supply-chain": {
        "Supply and equipment contracts": r"contract",
        "Vendor co-development and beta testing within conflict-of-interest rules": r"conflict",
        "Supply forecasting and budgeting": r"forecast",
        "Supply-chain KPIs": r"KPI|key performance",
        "Tracking high-cost items": r"high-cost",
    },
    "quantitative": {
        "Grants management, pre- and post-award": r"post-award",
        "Basic inference (tests, a regression) for operations data": r"regression",
    },
    "learning-org": {
        "Population health across regional networks": r"population health",
        "Care moving home or virtual": r"hospital at home|virtual",
    },
}
FOUR_CREDIT = ("operations", "finance", "service-lines")
MIN_WORDS = 10_000
# executed notebooks each 4-credit chapter had before issue #16; it must gain two
NOTEBOOKS_BEFORE = {"operations": 3, "finance": 3, "service-lines": 2}

# chapters whose depth work is finished; extend (do not rewrite) this when you finish one
DEPTH_DONE: tuple[str, ...] = (
    "finance",
    "operations",
    "service-lines",
    "supply-chain",
    "quantitative",
    "learning-org",
)

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
MARKUP = re.compile(r"```.*?```|\{[a-z:-]+\}`[^`]*`|<!--.*?-->", re.DOTALL)


def words(text: str) -> int:
    """Words of prose: roles (glue, doc, cite), code fences and comments are not counted."""
    return len(WORD.findall(MARKUP.sub(" ", text)))


def _enforced(course: str) -> None:
    if course not in DEPTH_DONE:
        pytest.skip(f"chapter {course!r} is not in DEPTH_DONE yet")


def seed_topic_table(index_md: str) -> dict[str, tuple[str, ...]]:
    """Seed topic -> the sections its row links, from the landing page's seed-topic table."""
    lines = index_md.splitlines()
    for i, line in enumerate(lines):
        header = [c.lower() for c in _cells(line)] if line.lstrip().startswith("|") else []
        if not any("seed topic" in h for h in header):
            continue
        topic_col = next(j for j, h in enumerate(header) if "seed topic" in h)
        link_col = next(j for j, h in enumerate(header) if "where it is taught" in h)
        rows = {}
        for body in lines[i + 2 :]:
            if not body.lstrip().startswith("|"):
                break
            cells = _cells(body)
            links = DOC_ROLE.findall(cells[link_col])
            rows[cells[topic_col]] = tuple(t.strip().lstrip("./").split("#")[0] for t in links)
        return rows
    return {}


def prose(path: Path) -> str:
    """The prose of a section: a Markdown file's text, or a notebook's markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def chapter_words(course: str) -> int:
    """Words of prose in a chapter: its landing page and its sections (not the schedule)."""
    pages = [BOOK / course / "index.md", *section_files(course)]
    return sum(words(prose(p)) for p in pages if p.exists())


def test_the_seed_topic_table_is_read_with_its_links() -> None:
    page = (
        "| Seed topic | Where it is taught |\n|---|---|\n"
        "| Price transparency | {doc}`02-capacity`, {doc}`Rules <04-leading>` |\n\nafter\n"
    )
    assert seed_topic_table(page) == {"Price transparency": ("02-capacity", "04-leading")}


def test_a_word_count_counts_words_not_markup(tmp_path: Path) -> None:
    page = tmp_path / "x.md"
    page.write_text("# Title\n\nThe census—about {glue:text}`ed_pred` patients.\n")
    assert words(prose(page)) == 5


@pytest.mark.parametrize(
    ("course", "topic"), [(c, t) for c, topics in SEED_TOPICS.items() for t in topics]
)
def test_seed_topic_has_a_section_that_teaches_it(course: str, topic: str) -> None:
    _enforced(course)
    table = seed_topic_table((BOOK / course / "index.md").read_text(encoding="utf-8"))
    assert topic in table, f"book/{course}/index.md: no seed-topic row for {topic!r}"
    assert table[topic], f"book/{course}/index.md: {topic!r} links no section"
    files = {p.stem: p for p in section_files(course)}
    missing = [s for s in table[topic] if s not in files]
    assert not missing, f"book/{course}/index.md: {topic!r} links missing sections {missing}"
    term = re.compile(SEED_TOPICS[course][topic], re.IGNORECASE)
    assert any(term.search(prose(files[s])) for s in table[topic]), (
        f"{topic!r}: none of {list(table[topic])} mentions /{term.pattern}/"
    )


@pytest.mark.parametrize("course", FOUR_CREDIT)
def test_four_credit_chapter_has_ten_thousand_words(course: str) -> None:
    _enforced(course)
    assert chapter_words(course) >= MIN_WORDS


@pytest.mark.parametrize("course", FOUR_CREDIT)
def test_four_credit_chapter_gains_two_executed_notebooks(course: str) -> None:
    _enforced(course)
    notebooks = [p for p in section_files(course) if p.suffix == ".ipynb"]
    assert len(notebooks) >= NOTEBOOKS_BEFORE[course] + 2
