"""careops.chapters.program: the overview returns what its prose quotes, and the totals agree
with the curriculum file read directly."""

from __future__ import annotations

import pytest
import yaml
from glue_names import markdown_glue_names

from careops import curriculum
from careops.chapters import Results, program


@pytest.fixture(scope="module")
def overview() -> Results:
    return program.overview()


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(curriculum.DATA_FILE.read_text(encoding="utf-8"))


def test_every_value_the_prose_quotes_is_returned(overview):
    names = markdown_glue_names("book/program/overview.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(overview.values)


def test_catalog_credits_are_the_sum_over_the_courses_of_the_file(overview, raw):
    assert overview["n_courses"] == len(raw["courses"]) == 12
    assert overview["catalog_credits"] == sum(c["credits"] for c in raw["courses"])
    assert overview.frames["courses"]["credits"].sum() == overview["catalog_credits"]


def test_plan_totals_are_the_sum_of_their_entries_and_part_time_adds_its_years(overview, raw):
    plans = {p["id"]: sum(e["credits"] for e in p["entries"]) for p in raw["plans"]}
    assert overview["full_time_credits"] == plans["full-time"]
    assert overview["part_time_y1"] == plans["part-time-year-1"]
    assert overview["part_time_y2"] == plans["part-time-year-2"]
    assert overview["part_time_credits"] == overview["part_time_y1"] + overview["part_time_y2"]


def test_charts_draw_the_catalog_and_the_plans(overview):
    spec = program.credits_by_course_chart().to_dict()
    assert f"The {overview['catalog_credits']}-credit core curriculum" in spec["title"]
    by_term = program.credits_by_term_chart().to_dict()
    drawn = next(iter(by_term["datasets"].values()))
    assert sum(row["credits"] for row in drawn) == overview.frames["plans"]["credits"].sum()
