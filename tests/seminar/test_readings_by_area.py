"""Issue 16: supply chain, service lines, GME and genomics each have readings, listed in the book.

Each area is a topic tag of `seminar/sessions.yml`; its readings are the entries of
`seminar/readings.bib` that carry the tag. An area needs at least three papers with a DOI, one
of them newer than 2019, and the chapter that teaches the area lists every one of them under a
"Readings" heading with a {cite} role (with the page's key prefix, if its bibliography has one).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careops.seminar import load_program
from careops.seminar.readings import DOI_PATTERN

ROOT = Path(__file__).resolve().parents[2]

# topic tag -> (the chapter index that lists its readings, that page's bibliography key prefix)
AREAS: dict[str, tuple[str, str]] = {
    "supply chain": ("book/supply-chain/index.md", ""),
    "service lines": ("book/service-lines/index.md", ""),
    "graduate medical education": ("book/learning-org/index.md", "lo-"),
    "genomics": ("book/technology/index.md", ""),
}
_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


@pytest.fixture(scope="module")
def program(seminar_root):
    return load_program(seminar_root)


def area_keys(program, tag: str) -> list[str]:
    """Keys of the readings tagged with the area's topic tag, in file order."""
    return [r.key for r in program.readings.values() if tag in r.keywords]


def readings_section(text: str) -> str:
    """The page's "## Readings" section, up to the next heading or directive fence."""
    match = re.search(r"^## Readings\n(.*?)(?=^#|^```)", text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


@pytest.mark.parametrize("tag", sorted(AREAS))
def test_area_is_a_topic_of_the_reading_list(program, tag):
    assert tag in {t.tag for t in program.topics}


@pytest.mark.parametrize("tag", sorted(AREAS))
def test_area_has_three_papers_with_dois_one_newer_than_2019(program, tag):
    readings = [program.readings[k] for k in area_keys(program, tag)]
    assert len(readings) >= 3, (tag, [r.key for r in readings])
    assert all(r.doi and DOI_PATTERN.match(r.doi) for r in readings), tag
    assert max(int(r.year) for r in readings) > 2019, (tag, [r.year for r in readings])


@pytest.mark.parametrize("tag", sorted(AREAS))
def test_chapter_lists_every_reading_of_its_area_under_readings(program, tag):
    page, prefix = AREAS[tag]
    section = readings_section((ROOT / page).read_text(encoding="utf-8"))
    cited = {k.strip() for group in _CITE.findall(section) for k in group.split(",")}
    assert {prefix + k for k in area_keys(program, tag)} <= cited, (page, sorted(cited))
