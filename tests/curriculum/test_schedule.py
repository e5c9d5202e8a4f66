"""Week-by-week schedules: terms from the full-time plan, sections spread in order, exercises and
readings with the section that links them, assignments due in stated weeks; on a hand-made
catalog, on the real curriculum and pages, and rendered by the ``course-schedule`` directive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from careops import curriculum
from careops.curriculum import schedule
from careops.curriculum.schedule import Material, Section
from careops.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SMALL_WEEKS = {"fall": 5, "january": 2, "spring": 4}


@pytest.fixture
def small(tmp_path: Path) -> curriculum.Catalog:
    """Three courses: alpha (fall, 4 cr), beta (January, 2 cr), gamma (fall and spring, 3 + 1)."""
    data = {
        "program": {"title": "Tiny program", "total_credits": 10},
        "terms": [
            {"id": "fall", "title": "Fall term", "months": "September - December"},
            {"id": "january", "title": "January term", "months": "January"},
            {"id": "spring", "title": "Spring term", "months": "February - May"},
        ],
        "courses": [
            {"id": "alpha", "title": "Alpha", "credits": 4},
            {"id": "beta", "title": "Beta", "credits": 2},
            {"id": "gamma", "title": "Gamma", "credits": 4},
        ],
        "plans": [
            {
                "id": "full-time",
                "title": "Full time",
                "entries": [
                    {"term": "fall", "course": "Alpha", "credits": 4},
                    {"term": "fall", "course": "Gamma", "credits": 3},
                    {"term": "january", "course": "Beta", "credits": 2},
                    {"term": "spring", "course": "Gamma", "credits": 1},
                ],
            }
        ],
    }
    path = tmp_path / "curriculum.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return curriculum.load(path)


def sections(*docs: str) -> tuple[Section, ...]:
    return tuple(Section(d) for d in docs)


def test_a_term_course_gets_one_week_per_term_week_and_its_sections_in_order(small):
    weeks = schedule.build(small, "alpha", Material(sections("a1", "a2", "a3")), SMALL_WEEKS)
    assert [(w.number, w.term, w.term_week) for w in weeks] == [(i, "fall", i) for i in range(1, 6)]
    # 3 sections over 5 weeks start in weeks 1, 2 and 4; each runs until the next starts
    assert [w.sections for w in weeks] == [("a1",), ("a2",), (), ("a3",), ()]
    assert [w.continuing for w in weeks] == [(), (), ("a2",), (), ("a3",)]


def test_a_course_in_two_terms_spans_both_and_shares_sections_by_credits(small):
    weeks = schedule.build(small, "gamma", Material(sections("g1", "g2", "g3", "g4")), SMALL_WEEKS)
    assert len(weeks) == SMALL_WEEKS["fall"] + SMALL_WEEKS["spring"]
    assert [w.term for w in weeks] == ["fall"] * 5 + ["spring"] * 4
    starting = {d: w.number for w in weeks for d in w.sections}
    # 3 fall credits and 1 spring credit: three sections in the fall, one in the spring
    assert starting == {"g1": 1, "g2": 2, "g3": 4, "g4": 6}
    # the last fall section runs to the end of the fall, the spring one to the end of the course
    fall, spring = [(), (), ("g2",), (), ("g3",)], [(), ("g4",), ("g4",), ("g4",)]
    assert [w.continuing for w in weeks] == [*fall, *spring]


def test_january_course_is_four_weeks_in_the_real_week_counts(small):
    weeks = schedule.build(small, "beta", Material(sections("b1", "b2")))
    assert len(weeks) == schedule.TERM_WEEKS["january"]
    assert {w.term for w in weeks} == {"january"}


def test_exercise_and_reading_go_in_the_week_of_the_first_section_that_links_them(small):
    material = Material(
        (
            Section("a1"),
            Section("a2", exercises=("ex/x",), readings=("key1",)),
            Section("a3", exercises=("ex/x", "ex/y"), readings=("key1", "key2")),
        ),
        chapter_exercises=("ex/x", "ex/only-on-index"),
        chapter_readings=("key3",),
    )
    weeks = schedule.build(small, "alpha", material, SMALL_WEEKS)
    placed = {e: w.number for w in weeks for e in w.exercises}
    read = {r: w.number for w in weeks for r in w.readings}
    assert placed == {"ex/x": 2, "ex/y": 4, "ex/only-on-index": 4}
    assert read == {"key1": 2, "key2": 4, "key3": 4}
    assert sum(len(w.exercises) for w in weeks) == 3  # each exercise once


def test_assessments_fall_due_at_even_weeks_the_last_in_the_final_week(small):
    one = schedule.build(small, "alpha", Material(sections("a1"), ("hw",)), SMALL_WEEKS)
    assert [w.number for w in one if w.assessments] == [5]
    two = schedule.build(
        small, "gamma", Material(sections("g1", "g2"), ("mid", "final")), SMALL_WEEKS
    )
    assert {a: w.number for w in two for a in w.assessments} == {"mid": 5, "final": 9}


def test_split_is_proportional_and_adds_up():
    assert schedule.split(7, [3, 3]) == [4, 3]
    assert schedule.split(5, [4, 1]) == [4, 1]
    assert schedule.split(3, [1, 1]) == [2, 1]
    assert sum(schedule.split(11, [4, 3, 2])) == 11


def test_more_sections_than_weeks_and_a_course_outside_the_plan_are_refused(small):
    with pytest.raises(ValueError, match="6 sections do not fit in 5 weeks"):
        schedule.build(small, "alpha", Material(sections(*"abcdef")), SMALL_WEEKS)
    with pytest.raises(KeyError, match="'delta' is not in plan 'full-time'"):
        schedule.course_terms(small, "delta")


# the real curriculum and pages -----------------------------------------------------------------


def real_schedules() -> dict[str, tuple[Material, list[schedule.Week]]]:
    cat = curriculum.load()
    out = {}
    for course in cat.courses:
        material = schedule.read_material(ROOT, course.id)
        out[course.id] = (material, schedule.build(cat, course.id, material))
    return out


def test_every_course_gets_a_schedule_as_long_as_its_terms_with_each_section_once():
    cat = curriculum.load()
    found = real_schedules()
    assert set(found) == {c.id for c in cat.courses}
    for cid, (material, weeks) in found.items():
        terms = [t for t, _ in schedule.course_terms(cat, cid)]
        assert len(weeks) == sum(schedule.TERM_WEEKS[t] for t in terms), cid
        on_disk = sorted(
            p.stem
            for p in (ROOT / "book" / cid).iterdir()
            if re.match(r"\d\d-", p.name) and p.suffix in (".md", ".ipynb")
        )
        listed = [d.rsplit("/", 1)[1] for w in weeks for d in w.sections]
        assert listed == on_disk, cid  # every section exactly once, in order
        # every assessment falls due once, in order, and the last one in the final week
        due = [a for w in weeks for a in w.assessments]
        assert material.assessments and due == list(material.assessments), cid
        assert weeks[-1].assessments[-1] == material.assessments[-1], cid


def test_seminar_and_capstone_span_fall_and_spring():
    found = real_schedules()
    for cid in ("seminar", "capstone"):
        assert {w.term for w in found[cid][1]} == {"fall", "spring"}, cid


def test_a_section_linked_exercise_is_in_that_sections_week():
    weeks = real_schedules()["operations"][1]
    week = next(w for w in weeks if "book/operations/02-capacity-and-queues" in w.sections)
    assert "exercises/data/ed-staffing-erlang-c" in week.exercises


def test_citations_are_read_from_notebook_cells_without_the_page_keyprefix():
    material = schedule.read_material(ROOT, "leadership")
    pdsa = next(s for s in material.sections if s.doc.endswith("04-pdsa-run-charts"))
    assert "perla_run_2011" in pdsa.readings
    assert not any(k.startswith("pdsa-") for k in pdsa.readings)


def test_the_toc_lists_each_schedule_as_its_chapters_last_section():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(p for p in toc["parts"] if p["caption"] == "Core courses")
    for chapter in part["chapters"]:
        course = chapter["file"].split("/")[1]
        assert chapter["sections"][-1]["file"] == f"book/{course}/schedule", course


# the directive, in a real throwaway Sphinx build ---------------------------------------------

CONF = (
    'extensions = ["myst_parser", "sphinxcontrib.bibtex", "careops.site.sphinx"]\n'
    'exclude_patterns = ["_build"]\nsource_suffix = {".md": "markdown"}\n'
    'bibtex_bibfiles = ["refs.bib"]\n'
)
BIB = """@article{doe_queues_2020,
  author = {Doe, Jane and Roe, Rick},
  title = {{Queues} in clinics},
  journal = {J},
  year = {2020},
  doi = {10.1000/xyz123}
}
"""


def test_course_schedule_renders_weeks_links_doi_and_due_assignment(tmp_path: Path, sphinx_html):
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "_vendor" / "vendor").mkdir(parents=True)
    (tmp_path / "_vendor" / "vendor" / "MANIFEST.json").write_text("{}")
    (tmp_path / "refs.bib").write_text(BIB)
    chapter = tmp_path / "book" / "finance"
    chapter.mkdir(parents=True)
    (tmp_path / "index.md").write_text("# Book\n\n```{toctree}\nbook/finance/index\n```\n")
    (chapter / "index.md").write_text(
        "# Finance\n\n```{toctree}\n01-costs\n02-budgets\nschedule\n```\n"
    )
    (chapter / "01-costs.md").write_text(
        "# Costs and break-even\n\nSee {cite}`doe_queues_2020`.\n\n```{bibliography}\n```\n"
    )
    (chapter / "02-budgets.md").write_text("# Budgets\n\nText.\n")
    (chapter / "schedule.md").write_text("# Schedule\n\n```{course-schedule} finance\n```\n")
    nb = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Finance 1: A budget\n"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "autograders" / "source" / "finance-1").mkdir(parents=True)
    (tmp_path / "autograders" / "source" / "finance-1" / "a.ipynb").write_text(json.dumps(nb))

    assert sphinx_html(tmp_path, tmp_path / "_build") == ""
    html = (tmp_path / "_build" / "book" / "finance" / "schedule.html").read_text()
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in rows]
    assert text[0].split() == ["Week", "Sections", "Readings", "Exercise", "Assessment"]
    assert len(rows) == 1 + schedule.TERM_WEEKS["fall"]
    assert text[1].startswith("1 Costs and break-even Doe and Roe (2020), Queues in clinics")
    assert 'href="01-costs.html"' in rows[1]
    assert 'href="https://doi.org/10.1000/xyz123"' in rows[1]
    assert text[-1].endswith("Finance 1: A budget due")
    assert "assumes fall term 15 weeks, January term 4 weeks, spring term 15 weeks" in (
        re.sub(r"\s+", " ", html)
    )


def test_a_broken_section_notebook_is_named_in_the_error(tmp_path: Path):
    chapter = tmp_path / "book" / "alpha"
    chapter.mkdir(parents=True)
    (chapter / "01-empty.ipynb").write_text("")
    with pytest.raises(InputError, match=r"01-empty\.ipynb.*could not be read"):
        schedule.read_material(tmp_path, "alpha")
