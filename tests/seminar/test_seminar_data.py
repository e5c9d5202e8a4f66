"""The committed seminar year: complete, consistent and citing real, well-formed DOIs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from careops.seminar import load_program
from careops.seminar.readings import DOI_PATTERN

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def program(seminar_root):
    return load_program(seminar_root)


def test_committed_seminar_folder_passes_every_check(program):
    assert program.sessions


def test_every_doi_in_the_bib_is_well_formed_and_unique(program):
    dois = [r.doi for r in program.readings.values()]
    assert all(DOI_PATTERN.match(d) for d in dois), dois
    assert len({d.lower() for d in dois}) == len(dois)


def test_every_bib_entry_carries_a_doi_not_only_a_url(program):
    assert [r.key for r in program.readings.values() if not r.doi] == []


def test_every_journal_club_session_cites_keys_that_exist_in_the_bib(program):
    journal_clubs = [s for s in program.sessions if s.format == "journal-club"]
    assert journal_clubs
    for s in journal_clubs:
        assert s.readings, s.title
        assert set(s.readings) <= set(program.readings), s.title


def test_year_has_at_least_14_journal_clubs_about_12_lectures_and_feedback_sessions(program):
    counts = Counter(s.format for s in program.sessions)
    assert counts["journal-club"] >= 14
    assert 10 <= counts["lecture"] <= 14
    assert counts["capstone-feedback"] >= 2


def test_both_terms_have_sessions_inside_fall_and_spring_months(program):
    fall, spring = (program.sessions_in(t) for t in ("fall-2026", "spring-2027"))
    assert {s.date.month for s in fall} <= {9, 10, 11, 12}
    assert {s.date.month for s in spring} <= {2, 3, 4, 5}


def test_every_reading_is_discussed_in_some_session_or_listed_in_a_chapter(program):
    """A reading no session discusses is course bibliography: a chapter lists it under Readings."""
    cited = {k for s in program.sessions for k in s.readings}
    listed = set()
    for page in (ROOT / "book").glob("*/index.md"):
        section = re.search(
            r"^## Readings\n(.*?)(?=^#|^```)", page.read_text(encoding="utf-8"), re.M | re.S
        )
        for key in program.readings:
            if section and re.search(rf"\{{cite(?::[a-z]+)?\}}`(?:[a-z]+-)?{key}`", section[1]):
                listed.add(key)
    assert set(program.readings) - cited - listed == set()
    assert cited <= set(program.readings)


def test_lecture_presenters_are_roles_not_personal_names(program):
    for s in program.sessions:
        if s.format == "lecture":
            assert re.search(r"\b(Chief|Director|Vice President)\b", s.presenter), s.presenter


def test_every_capstone_milestone_is_reviewed_at_a_feedback_session(program):
    reviewed = {m for s in program.sessions for m in s.milestones}
    assert reviewed == {m.id for m in program.milestones}


def test_each_reading_falls_under_its_first_topic_keyword(program):
    grouped = {r.key: t.tag for t, rs in program.readings_by_topic() for r in rs}
    assert grouped["green_using_2006"] == "queueing and staffing"
    assert grouped["kc_impact_2009"] == "workload"
    assert len(grouped) == len(program.readings)


def test_clock_times_stay_text_not_base_60_numbers(program):
    assert {f"{s.start:%H:%M}" for s in program.sessions} == {"16:00"}
