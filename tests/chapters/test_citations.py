"""The chapters cite the works they name: bib entries, {cite} roles, and issue 16's content fixes.

Every work a page names in prose (Kotter, Marx, Reason, Weick and Sutcliffe, Tuckman, Senge,
Garvin et al., Rogers, Delbecq, Tannenbaum and Schmidt, NCSBN/ANA, IOM, Thomas-Kilmann) must be
an entry of a .bib file of `_config.yml` and cited on that page with a {cite} role, so the
reader gets a reference list and not only a name. The checks also catch, without a build, what
the strict book build (`-W`) rejects: an unknown key, a key defined twice, and one key cited
from two pages' local bibliographies ("duplicate citation", fixed with `:keyprefix:`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pybtex.database
import pybtex.errors
import pytest
import yaml
from pybtex.database import Entry

from careops.seminar.readings import DOI_PATTERN

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
EMTALA_PAGE = BOOK / "operations" / "04-leading-operations.md"
KOTTER_PAGE = BOOK / "skillsets" / "01-change-management.md"

# author names as pages write them in prose -> the keys that cite that work
WORKS: dict[str, tuple[str, frozenset[str]]] = {
    "Kotter": (
        r"\bKotter\b",
        frozenset({"kotter_leading_1995", "kotter_leading_1996", "kotter_accelerate_2014"}),
    ),
    "Marx": (r"\bMarx\b", frozenset({"marx_patient_2001"})),
    "Reason": (r"\bReason(?:'s|,)|\bJames Reason\b", frozenset({"reason_managing_1997"})),
    "Weick & Sutcliffe": (r"\bWeick\b|\bSutcliffe\b", frozenset({"weick_managing_2015"})),
    "Tuckman": (
        r"\bTuckman\b",
        frozenset({"tuckman_developmental_1965", "tuckman_stages_1977"}),
    ),
    "Senge": (r"\bSenge\b", frozenset({"senge_fifth_1990"})),
    "Garvin et al.": (r"\bGarvin\b|\bEdmondson\b", frozenset({"garvin_is_2008"})),
    "Rogers": (r"\bRogers\b", frozenset({"rogers_diffusion_2003"})),
    "Delbecq": (r"\bDelbecq\b", frozenset({"delbecq_group_1975"})),
    "Tannenbaum & Schmidt": (r"\bTannenbaum\b", frozenset({"tannenbaum_how_1958"})),
    "NCSBN/ANA": (
        r"\bNCSBN\b|National Council of State Boards of Nursing",
        frozenset({"ncsbn_national_2019"}),
    ),
    "IOM": (r"\bIOM\b|Institute of Medicine", frozenset({"iom_best_2013", "iom_learning_2007"})),
    "Thomas-Kilmann": (r"Kilmann\b", frozenset({"thomas_thomas-kilmann_1974"})),
}

# the version of each work the pages discuss: key -> (BibTeX type, year, edition, DOI or None);
# books and magazine articles (HBR) have no DOI, so none may be made up for them
EXPECTED: dict[str, tuple[str, str, str | None, str | None]] = {
    "kotter_leading_1995": ("article", "1995", None, None),
    "kotter_leading_1996": ("book", "1996", None, None),
    "kotter_accelerate_2014": ("book", "2014", None, None),
    "marx_patient_2001": ("techreport", "2001", None, None),
    "reason_managing_1997": ("book", "1997", None, None),
    "weick_managing_2015": ("book", "2015", "3rd", None),
    "tuckman_developmental_1965": ("article", "1965", None, "10.1037/h0022100"),
    "tuckman_stages_1977": ("article", "1977", None, "10.1177/105960117700200404"),
    "senge_fifth_1990": ("book", "1990", None, None),
    "garvin_is_2008": ("article", "2008", None, None),
    "rogers_diffusion_2003": ("book", "2003", "5th", None),
    "delbecq_group_1975": ("book", "1975", None, None),
    "tannenbaum_how_1958": ("article", "1958", None, None),
    "ncsbn_national_2019": ("misc", "2019", None, None),
    "iom_learning_2007": ("book", "2007", None, "10.17226/11903"),
    "iom_best_2013": ("book", "2013", None, "10.17226/13444"),
    "thomas_thomas-kilmann_1974": ("misc", "1974", None, None),
}

# Kotter, Leading Change (1996): the eight-stage process, in order
KOTTER_1996 = [
    "Establishing a sense of urgency",
    "Creating the guiding coalition",
    "Developing a vision and strategy",
    "Communicating the change vision",
    "Empowering broad-based action",
    "Generating short-term wins",
    "Consolidating gains and producing more change",
    "Anchoring new approaches in the culture",
]

_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
_CODE_FENCE = re.compile(r"^(`{3,})(?!\{)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_BIBLIOGRAPHY = re.compile(r"^`{3,}\{bibliography\}[^\n]*\n(.*?)^`{3,}", re.MULTILINE | re.DOTALL)


def bib_files() -> list[Path]:
    """The .bib files the book is built with, as `_config.yml` lists them."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return [ROOT / name for name in config["bibtex_bibfiles"]]


def parse_bib(path: Path) -> dict[str, Entry]:
    """A .bib file's entries, parsed strictly (a syntax error or repeated key raises)."""
    pybtex.errors.set_strict_mode(True)
    return dict(pybtex.database.parse_file(str(path), bib_format="bibtex").entries)


def all_entries() -> dict[str, Entry]:
    """Entries of every bib file; a key defined in two files is an error, as in the build."""
    entries: dict[str, Entry] = {}
    where: dict[str, Path] = {}
    for path in bib_files():
        for key, entry in parse_bib(path).items():
            assert key not in entries, f"{path}: key {key!r} is also defined in {where[key]}"
            entries[key], where[key] = entry, path
    return entries


def page_text(path: Path) -> str:
    """A page's MyST source: the file for .md, its markdown cells for .ipynb (never code)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The text a reader reads: code blocks and {cite} roles removed (keys are not prose)."""
    return _CITE.sub("", _CODE_FENCE.sub("", text))


def keyprefix(text: str) -> str:
    """The `:keyprefix:` of the page's bibliography directive, or '' when it has none."""
    blocks = _BIBLIOGRAPHY.findall(text)
    for block in blocks:
        match = re.search(r"^:keyprefix:\s*(\S+)", block, re.MULTILINE)
        if match:
            return match.group(1)
    return ""


def cited(text: str) -> list[str]:
    """Every key of every {cite} role on the page, as written (with any key prefix)."""
    return [k.strip() for group in _CITE.findall(text) for k in group.split(",") if k.strip()]


def cited_works(text: str) -> set[str]:
    """The bib keys the page cites, with its bibliography's key prefix removed."""
    prefix = keyprefix(text)
    return {k[len(prefix) :] if prefix and k.startswith(prefix) else k for k in cited(text)}


def book_pages() -> list[Path]:
    """Every page of the book's chapters: Markdown pages and notebooks."""
    return sorted(p for p in BOOK.rglob("*") if p.suffix in (".md", ".ipynb"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def uncited_mentions(text: str) -> list[str]:
    """The works the page names in prose but does not cite with any of the work's keys."""
    keys = cited_works(text)
    return [
        name
        for name, (pattern, work_keys) in WORKS.items()
        if re.search(pattern, prose(text)) and not keys & work_keys
    ]


def kotter_steps(text: str) -> list[str]:
    """The numbered steps of the page's Kotter table, in order ("| 1. Step name | ...")."""
    return [m.group(1).strip() for m in re.finditer(r"^\| \d\. ([^|]+)\|", text, re.MULTILINE)]


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def test_bib_files_include_the_chapter_references_and_each_parses():
    files = bib_files()
    assert ROOT / "book" / "references.bib" in files
    for path in files:
        assert parse_bib(path), f"{rel(path)} holds no entry"


def test_no_key_is_defined_in_two_bib_files():
    assert len(all_entries()) == sum(len(parse_bib(p)) for p in bib_files())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_named_work_has_an_entry_for_the_version_the_pages_discuss(key):
    entry = all_entries().get(key)
    assert entry is not None, f"no bib entry {key!r}"
    kind, year, edition, doi = EXPECTED[key]
    assert (entry.type, entry.fields.get("year")) == (kind, year), key
    assert entry.fields.get("edition") == edition, key
    assert entry.fields.get("doi") == doi, key
    assert entry.fields.get("title"), key
    assert entry.persons.get("author"), key


def test_every_work_key_is_a_known_entry():
    keys = set(all_entries())
    for name, (_pattern, work_keys) in WORKS.items():
        assert work_keys <= keys, f"{name}: {sorted(work_keys - keys)} not in the bib files"


def test_every_doi_is_syntactically_valid_and_unique():
    seen: dict[str, str] = {}
    for key, entry in all_entries().items():
        doi = entry.fields.get("doi", "").strip()
        if not doi:
            continue
        assert DOI_PATTERN.match(doi), f"{key}: doi {doi!r} is not of the form 10.NNNN/suffix"
        assert doi.lower() not in seen, f"{key}: doi {doi!r} is also the doi of {seen[doi.lower()]}"
        seen[doi.lower()] = key


def test_every_page_that_names_a_work_cites_it():
    missing = {rel(p): uncited_mentions(page_text(p)) for p in book_pages()}
    assert {page: names for page, names in missing.items() if names} == {}


def test_every_cited_key_is_an_entry_and_carries_the_page_key_prefix():
    keys = set(all_entries())
    for page in book_pages():
        text = page_text(page)
        prefix = keyprefix(text)
        for key in cited(text):
            assert key.startswith(prefix), f"{rel(page)}: {key!r} lacks the key prefix {prefix!r}"
            assert key[len(prefix) :] in keys, f"{rel(page)}: cites unknown key {key!r}"


def test_every_citing_page_has_one_local_bibliography():
    for page in book_pages():
        text = page_text(page)
        if cited(text):
            blocks = _BIBLIOGRAPHY.findall(text)
            assert len(blocks) == 1, f"{rel(page)} cites but has {len(blocks)} bibliographies"
            assert ":filter: docname in docnames" in blocks[0], rel(page)


def test_no_key_is_cited_from_two_pages_without_a_key_prefix():
    """sphinxcontrib-bibtex warns "duplicate citation" (an error under -W) otherwise."""
    first: dict[str, str] = {}
    for page in book_pages():
        for key in set(cited(page_text(page))):
            assert key not in first, f"{key!r} is cited by {first.get(key)} and {rel(page)}"
            first[key] = rel(page)


def test_emtala_row_and_text_give_screening_stabilization_or_transfer_and_the_definition():
    text = EMTALA_PAGE.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| {term}`EMTALA`"))
    assert "medical screening examination" in row
    assert "stabilizing treatment or an appropriate transfer" in row
    flat = normalized(prose(text))
    for phrase in (
        "medical screening examination",
        "stabilize",
        "appropriate transfer",
        "acute symptoms of sufficient severity, including severe pain",
        "serious jeopardy",
        "serious impairment of bodily functions",
        "serious dysfunction of any bodily organ or part",
        "having contractions",
        "not enough time for a safe transfer",
    ):
        assert phrase in flat, phrase
    assert {"usc_emtala_1395dd", "cfr_emtala_489_24"} <= cited_works(text)


def test_emtala_page_says_ambulance_diversion_is_permitted_but_arrivals_are_screened():
    flat = normalized(prose(EMTALA_PAGE.read_text(encoding="utf-8")))
    assert "ambulance diversion is permitted" in flat
    assert "onto hospital property" in flat and "must still be screened" in flat


def test_kotter_page_lists_exactly_the_eight_stages_of_the_1996_version_it_cites():
    text = KOTTER_PAGE.read_text(encoding="utf-8")
    assert kotter_steps(text) == KOTTER_1996
    assert "kotter_leading_1996" in cited_works(text)
