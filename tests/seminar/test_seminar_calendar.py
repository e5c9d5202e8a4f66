"""The .ics calendar: parsed by an independent reader (icalendar), one VEVENT per session,
RFC 5545 lines."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from careops.seminar import load_program
from careops.seminar.ics import calendar_text, escape_text, fold

STAMP = dt.datetime(2026, 8, 1, 12, 0, tzinfo=dt.UTC)
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def program(seminar_root):
    return load_program(seminar_root)


@pytest.fixture(scope="module")
def text(program) -> str:
    return calendar_text(program, stamp=STAMP)


@pytest.fixture(scope="module")
def events(text):
    return icalendar.Calendar.from_ical(text.encode("utf-8")).walk("VEVENT")


def test_calendar_has_one_vevent_per_session(program, events):
    assert len(events) == len(program.sessions)


def test_event_uids_are_unique_and_stable(program, events):
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert uids[0] == f"{program.sessions[0].id}@seminar.careops"


def test_events_start_at_the_local_session_time_across_daylight_saving(events):
    starts = {e["DTSTART"].dt.astimezone(NEW_YORK).replace(tzinfo=None) for e in events}
    assert dt.datetime(2026, 9, 2, 16, 0) in starts  # EDT, UTC-4
    assert dt.datetime(2027, 2, 3, 16, 0) in starts  # EST, UTC-5
    assert dt.datetime(2027, 3, 24, 16, 0) in starts  # EDT again after 14 March 2027


def test_event_end_is_start_plus_the_session_duration(program, events):
    by_uid = {str(e["UID"]): e for e in events}
    for s in program.sessions:
        event = by_uid[f"{s.id}@seminar.careops"]
        assert event["DTEND"].dt - event["DTSTART"].dt == s.duration


def test_journal_club_description_carries_the_reading_and_its_doi(events):
    event = next(
        e
        for e in events
        if str(e["SUMMARY"]) == "Journal club: Bias in algorithms that allocate care"
    )
    description = str(event["DESCRIPTION"])
    assert "Dissecting racial bias in an algorithm" in description
    assert "doi:10.1126/science.aax2342" in description


def test_every_line_is_crlf_terminated_and_at_most_75_octets(text):
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75


def test_same_program_and_stamp_give_an_identical_file(program, text):
    assert calendar_text(program, stamp=STAMP) == text


def test_escaped_text_reads_back_unchanged():
    original = "Staffing; skill mix, and a \\ backslash\nsecond line"
    event = icalendar.Event.from_ical(
        f"BEGIN:VEVENT\r\nSUMMARY:{escape_text(original)}\r\nEND:VEVENT\r\n"
    )
    assert str(event["SUMMARY"]) == original


def test_folding_never_splits_a_multibyte_character():
    line = "DESCRIPTION:" + "é" * 100
    parts = fold(line).split("\r\n ")
    assert "".join(parts) == line
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
