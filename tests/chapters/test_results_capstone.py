"""careops.chapters.capstone: each function returns what its notebook's prose quotes, and the
numbers agree with the milestone file and the appointment data read directly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import yaml
from glue_names import ROOT, markdown_glue_names

from careops import data
from careops.chapters import Results, capstone

SEMINAR = ROOT / "seminar"


@pytest.fixture(scope="module")
def year() -> Results:
    return capstone.year_at_a_glance(SEMINAR)


@pytest.fixture(scope="module")
def early() -> Results:
    return capstone.early_results(SEMINAR)


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("06-the-year-at-a-glance", "year"), ("07-displaying-early-results", "early")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/capstone/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_year_gaps_add_up_to_the_span_of_the_milestone_file(year):
    raw = yaml.safe_load((SEMINAR / "capstone.yml").read_text(encoding="utf-8"))
    dues = sorted(dt.date.fromisoformat(str(m["due"])) for m in raw["milestones"])
    assert year["n_milestones"] == len(dues) == len(year.tables["milestones"])
    # the gaps between consecutive milestones add up to the first-to-last span
    assert year.frames["gaps"]["weeks"].sum() == pytest.approx((dues[-1] - dues[0]).days / 7)
    assert year["span_weeks"] == pytest.approx((dues[-1] - dues[0]).days / 7)
    assert year["n_fall"] + year["n_spring"] == year["n_milestones"]
    gaps = year.frames["gaps"]["weeks"]
    assert year["longest_weeks"] == gaps.max()
    assert year["shortest_days"] == round(gaps.min() * 7)


def test_year_points_between_plan_and_results_count_whole_weeks_and_days(year):
    raw = yaml.safe_load((SEMINAR / "capstone.yml").read_text(encoding="utf-8"))
    due = {m["id"]: dt.date.fromisoformat(str(m["due"])) for m in raw["milestones"]}
    days = (due["early-results"] - due["implementation-plan"]).days
    assert year["weekly_after"] == days // 7
    assert year["daily_after"] == days
    answers = year.tables["planning"]["Answer"].tolist()
    assert answers[1:3] == [year["weekly_after"], year["daily_after"]]


def test_early_baseline_counts_every_appointment_of_its_weeks(early):
    appointments = data.load("clinic_appointments")
    baseline = early.frames["baseline"]
    first, last = baseline["week"].iloc[0], baseline["week"].iloc[-1] + pd.Timedelta(days=7)
    times = appointments["appointment_time"]
    inside = appointments[(times >= first) & (times < last)]
    assert int(baseline["appointments"].sum()) == len(inside)
    assert int(baseline["no_shows"].sum()) == int(inside["no_show"].sum())
    assert early["n_base"] == capstone.BASELINE_WEEKS == len(baseline)
    assert early["base_median"] == pytest.approx(np.median(baseline["no_show_pct"]))


def test_early_reading_of_the_shift_and_the_new_weeks_is_consistent(early):
    after = early.frames["shown"]["no_show_pct"].iloc[capstone.BASELINE_WEEKS :]
    assert len(after) == early["early_weeks"]
    assert early["n_below"] == int((after < early["base_median"]).sum())
    assert early["after_drop"] == pytest.approx(early["base_median"] - after.median())
    assert early["shift_before"] + early["shift_after"] == early["shift_len"]
    # the prose: the shift starts before the change, so it is not credited to it
    assert early["shift_before"] > 0
    # the prose: the week reminders peaked is the lowest no-show week since the change
    assert early["peak_no_show"] == pytest.approx(early["after_best"])
    assert early["process_gap"] == pytest.approx(100 - early["process_after"])


def test_early_signal_table_names_the_weeks_of_each_signal(early):
    table = early.tables["signals"]
    assert list(table.columns) == ["Rule that signals", "From week", "To week"]
    shift = table[table["Rule that signals"].str.contains("shift", case=False)].iloc[0]
    assert (shift["From week"], shift["To week"]) == (early["shift_from"], early["shift_to"])


def test_charts_draw_the_returned_frames(year, early):
    gaps = capstone.milestone_gaps_chart(year).to_dict()
    assert len(next(iter(gaps["datasets"].values()))) == len(year.frames["gaps"])
    outcome = capstone.outcome_run_chart(early).to_dict()
    assert f"{early['n_below']} of the {early['early_weeks']} new weeks" in outcome["description"]
