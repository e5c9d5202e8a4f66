"""Each kind of bad input stops the check with a message naming the file, the line and the
problem."""

from __future__ import annotations

import pytest

from careops.cli import main
from careops.seminar import SeminarError, load_program


def problems_of(folder) -> str:
    with pytest.raises(SeminarError) as info:
        load_program(folder)
    return str(info.value)


def test_session_citing_a_key_not_in_the_bib_names_the_key_and_suggests_the_real_one(
    folder, edit, line_of
):
    sessions = folder / "sessions.yml"
    edit(sessions, "readings: [hoot_systematic_2008]", "readings: [hoot_2008]")
    message = problems_of(folder)
    assert f"{sessions}:{line_of(sessions, 'readings: [hoot_2008]')}:" in message
    assert "cites 'hoot_2008', which is not in readings.bib" in message
    assert "did you mean 'hoot_systematic_2008'" in message


def test_date_outside_its_term_names_the_term_and_its_dates(folder, edit, line_of):
    sessions = folder / "sessions.yml"
    edit(sessions, "date: 2026-09-16", "date: 2026-08-26")
    message = problems_of(folder)
    assert f"{sessions}:{line_of(sessions, 'date: 2026-08-26')}:" in message
    assert "date 2026-08-26 is outside its term 'fall-2026' (2026-09-01 to 2026-12-18)" in message


def test_two_sessions_at_one_time_are_reported_as_overlapping(folder, edit):
    sessions = folder / "sessions.yml"
    edit(sessions, "date: 2026-09-16", "date: 2026-09-09")
    message = problems_of(folder)
    assert "overlaps the session at line" in message
    assert "'Nurse staffing and patient outcomes'" in message


def test_sessions_on_one_day_at_different_times_do_not_overlap(folder, edit):
    sessions = folder / "sessions.yml"
    edit(sessions, 'date: 2026-09-16\n    start: "16:00"', 'date: 2026-09-09\n    start: "18:00"')
    program = load_program(folder)
    assert [s.id for s in program.sessions if s.date.isoformat() == "2026-09-09"] == [
        "2026-09-09-1600",
        "2026-09-09-1800",
    ]


def test_reading_with_neither_doi_nor_url_is_rejected_with_its_line(folder, line_of):
    bib = folder / "readings.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{bagust_dynamics_1999")
    end = text.index("@article{", start + 1)
    entry = "\n".join(
        line
        for line in text[start:end].splitlines()
        if not line.strip().startswith(("url =", "doi ="))
    )
    bib.write_text(text[:start] + entry + "\n\n" + text[end:], encoding="utf-8")
    message = problems_of(folder)
    assert (
        f"{bib}:{line_of(bib, '@article{bagust_dynamics_1999')}: entry 'bagust_dynamics_1999'"
        in message
    )
    assert "has neither a doi nor a url" in message


def test_malformed_doi_is_rejected(folder, edit):
    edit(
        folder / "readings.bib",
        "doi = {10.1126/science.aax2342}",
        "doi = {doi:10.1126/science.aax2342}",
    )
    assert "doi 'doi:10.1126/science.aax2342' is not of the form 10.NNNN/suffix" in problems_of(
        folder
    )


def test_the_same_doi_on_two_entries_is_rejected(folder, edit):
    edit(
        folder / "readings.bib",
        "doi = {10.1126/science.aax2342}",
        "doi = {10.1001/jama.288.16.1987}",
    )
    assert "is also the doi of 'aiken_hospital_2002'" in problems_of(folder)


def test_unclosed_brace_in_the_bib_reports_a_bibtex_syntax_error_with_a_line(folder, edit):
    bib = folder / "readings.bib"
    edit(
        bib,
        "title = {Lean thinking in healthcare: a realist review of the literature},",
        "title = {Lean thinking in healthcare: a realist review of the literature,",
    )
    message = problems_of(folder)
    assert str(bib) in message
    assert "BibTeX does not parse" in message or "text outside any entry" in message


def test_an_extra_closing_brace_that_ends_an_entry_early_is_caught(folder, edit, line_of):
    bib = folder / "readings.bib"
    edit(bib, "title = {Health Policy},".replace("title", "journal"), "journal = {Health Policy}},")
    message = problems_of(folder)
    assert (
        f"{bib}:{line_of(bib, 'journal = {Health Policy}},') + 1}: text outside any entry"
        in message
    )


def test_a_repeated_bib_entry_names_both_lines(folder, line_of):
    bib = folder / "readings.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{obermeyer_dissecting_2019")
    bib.write_text(text + "\n" + text[start:], encoding="utf-8")
    message = problems_of(folder)
    assert "entry 'obermeyer_dissecting_2019' is repeated" in message
    assert f"first at line {line_of(bib, '@article{obermeyer_dissecting_2019')}" in message


def test_a_field_given_twice_in_one_entry_is_reported_at_that_entry(folder, edit, line_of):
    bib = folder / "readings.bib"
    edit(
        bib,
        "\tjournal = {Management Science},\n",
        "\tjournal = {Management Science},\n\tyear = {2010},\n",
    )
    message = problems_of(folder)
    assert f"{bib}:{line_of(bib, '@article{kc_impact_2009')}: BibTeX does not parse" in message
    assert "duplicate year field" in message


def test_a_bib_entry_without_a_title_is_rejected(folder, edit):
    edit(
        folder / "readings.bib",
        "\ttitle = {Nurse staffing and inpatient hospital mortality},\n",
        "",
    )
    assert "entry 'needleman_nurse_2011' has no title" in problems_of(folder)


def test_a_reading_whose_keywords_name_no_topic_is_rejected(folder, edit):
    edit(
        folder / "readings.bib",
        "keywords = {telehealth, utilization, spending}",
        "keywords = {virtual care}",
    )
    assert "entry 'ashwood_direct--consumer_2017' has no keyword naming a topic" in problems_of(
        folder
    )


def test_yaml_that_does_not_parse_gives_the_line(folder, edit, line_of):
    sessions = folder / "sessions.yml"
    edit(
        sessions,
        "title: Queueing theory for emergency department provider staffing",
        "title: [Queueing theory",
    )
    message = problems_of(folder)
    assert f"{sessions}:" in message
    assert "YAML does not parse" in message
    reported = int(message.split(f"{sessions}:")[1].split(":")[0])
    assert abs(reported - line_of(sessions, "title: [Queueing theory")) <= 2


def test_unknown_format_lists_the_known_ones(folder, edit, line_of):
    sessions = folder / "sessions.yml"
    edit(
        sessions,
        "    format: journal-club\n    title: Nurse staffing",
        "    format: journal club\n    title: Nurse staffing",
    )
    message = problems_of(folder)
    assert f"{sessions}:{line_of(sessions, 'format: journal club')}:" in message
    assert "format 'journal club' is not one of lecture, journal-club, capstone-feedback" in message


def test_misspelt_field_is_reported_with_a_suggestion(folder, edit):
    edit(folder / "sessions.yml", "readings: [kc_impact_2009]", "reading: [kc_impact_2009]")
    message = problems_of(folder)
    assert "unknown field 'reading' (did you mean 'readings'?)" in message
    assert "a journal-club session needs readings" in message


def test_default_start_time_that_is_not_hh_mm_is_reported_once_at_the_series(folder, edit, line_of):
    sessions = folder / "sessions.yml"
    edit(
        sessions,
        '  start: "16:00"\n  duration_minutes: 90',
        '  start: "4pm"\n  duration_minutes: 90',
    )
    line = line_of(sessions, 'start: "4pm"')
    assert problems_of(folder).splitlines() == [
        f"{sessions}:{line}: series: start '4pm' is not a time written HH:MM"
    ]


def test_session_start_time_that_is_not_hh_mm_is_rejected(folder, edit, line_of):
    sessions = folder / "sessions.yml"
    edit(sessions, 'date: 2026-10-07\n    start: "16:00"', "date: 2026-10-07\n    start: 25:00")
    message = problems_of(folder)
    assert f"{sessions}:{line_of(sessions, 'start: 25:00')}:" in message
    assert "start '25:00' is not a time written HH:MM" in message


def test_unknown_term_is_rejected(folder, edit):
    edit(
        folder / "sessions.yml",
        "  - term: fall-2026\n    date: 2026-09-02",
        "  - term: autumn-2026\n    date: 2026-09-02",
    )
    assert "term 'autumn-2026' is not defined (terms: fall-2026, spring-2027)" in problems_of(
        folder
    )


def test_feedback_session_reviewing_an_unknown_milestone_is_rejected(folder, edit):
    edit(folder / "sessions.yml", "milestones: [topic-problem]", "milestones: [topic]")
    assert "reviews milestone 'topic', which is not in capstone.yml" in problems_of(folder)


def test_capstone_milestone_due_outside_its_term_is_rejected(folder, edit, line_of):
    capstone = folder / "capstone.yml"
    edit(capstone, "due: 2027-02-17", "due: 2027-01-15")
    message = problems_of(folder)
    assert f"{capstone}:{line_of(capstone, 'id: intervention-design')}:" in message
    assert "due 2027-01-15 is outside term 'spring-2027'" in message


def test_every_problem_is_reported_at_once_in_line_order(folder, edit):
    sessions = folder / "sessions.yml"
    edit(sessions, "date: 2027-05-12", "date: 2027-06-12")
    edit(
        sessions,
        'format: lecture\n    title: "From the front line',
        'format: talk\n    title: "From the front line',
    )
    problems = problems_of(folder).splitlines()
    assert len(problems) == 2
    assert "format 'talk'" in problems[0] and "2027-06-12" in problems[1]


def test_cli_check_exits_2_and_prints_file_line_and_problem(folder, edit, line_of, capsys):
    sessions = folder / "sessions.yml"
    edit(sessions, "date: 2026-09-16", "date: 2026-12-30")
    assert main(["seminar", "check", "--dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("careops seminar: ")
    assert f"{sessions}:{line_of(sessions, 'date: 2026-12-30')}: " in err


def test_cli_check_reports_counts_for_a_good_folder(folder, capsys):
    assert main(["seminar", "check", "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "31 sessions (12 lecture, 14 journal club, 5 capstone feedback) in 2 terms" in out


def test_cli_check_on_a_missing_folder_says_the_file_is_not_found(tmp_path, capsys):
    assert main(["seminar", "check", "--dir", str(tmp_path / "nowhere")]) == 2
    assert "sessions.yml: file not found" in capsys.readouterr().err
