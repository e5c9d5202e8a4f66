"""careops.chapters.capstone: each function returns what its notebook's prose quotes, and the
numbers agree with the milestone file and the appointment data read directly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import yaml
from glue_names import ROOT, markdown_glue_names

from careops import data, spc
from careops.chapters import Results, capstone
from careops.errors import InputError
from careops.measures import prose_date

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


# --- the two case pages (issue 16) -------------------------------------------------------------


@pytest.fixture(scope="module")
def scope() -> Results:
    return capstone.case_scope_from_baseline()


@pytest.fixture(scope="module")
def sustain() -> Results:
    return capstone.case_sustaining_gains(SEMINAR)


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-scope-from-baseline", "scope"), ("case-sustaining-gains", "sustain")],
)
def test_case_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/capstone/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_scope_hours_are_re_derived_from_the_cases(scope):
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    first = _first_cases()
    assert scope["cpc_room_days"] == len(first)
    assert scope["cpc_late_h"] == pytest.approx(first["late_min"].clip(lower=0).sum() / 60)
    assert scope["cpc_late_days_pct"] == pytest.approx(100 * (first["late_min"] > 5).mean())
    drift = (done["actual_duration_min"] - done["scheduled_duration_min"]).sum() / 60
    assert scope["cpc_drift_h"] == pytest.approx(drift)
    assert scope["cpc_turn_h"] == pytest.approx(done["turnover_min"].sum() / 60)
    gone = cases[cases["canceled"].astype(bool)]
    assert scope["cpc_cancel_h"] == pytest.approx(gone["scheduled_duration_min"].sum() / 60)
    # the block: 07:30 for 8 hours; overtime is what runs past 15:30
    last = done.groupby(["date", "room"], observed=True)["actual_end"].max()
    block_end = pd.to_datetime(last.index.get_level_values("date")) + pd.Timedelta(hours=15.5)
    past = ((last.to_numpy() - block_end.to_numpy()) / pd.Timedelta(minutes=1)).clip(min=0)
    assert scope["cpc_over_h"] == pytest.approx(past.sum() / 60)
    assert scope["cpc_block_total_h"] == 8 * len(first)


def test_scope_prose_claims_hold(scope):
    sources = scope.frames["sources"].set_index("scope")
    # the mentor's target is the shortest bar of the chart
    assert sources.loc["The mentor's project", "hours"] == scope.frames["sources"]["hours"].min()
    # cases running longer than booked and the overtime each dwarf the late starts
    assert scope["cpc_drift_ratio"] > 1 and scope["cpc_over_to_late"] > 1
    # "most overruns happen after a start that was on time"; the interval starts just below 0
    assert scope["cpc_over_if_on_time"] > 0 and -1 < scope["cpc_diff_lo"] < 0 < scope["cpc_diff_hi"]
    first = _first_cases()
    late = first["late_min"] > 5
    overruns_after_late = scope["cpc_over_if_late"] * int(late.sum())
    overruns_after_on_time = scope["cpc_over_if_on_time"] * int((~late).sum())
    assert overruns_after_on_time > overruns_after_late


def test_scope_refuses_a_negative_tolerance_naming_it():
    with pytest.raises(InputError) as caught:
        capstone.case_scope_from_baseline(on_time_min=-1)
    assert caught.value.field == "on_time_min"
    assert "on_time_min" in str(caught.value)


def _first_cases() -> pd.DataFrame:
    """Each room-day's first case that went ahead, and how late it started (minutes)."""
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)].sort_values("scheduled_start")
    first = done.groupby(["date", "room"], observed=True).first().reset_index()
    first["late_min"] = (first["actual_start"] - first["scheduled_start"]).dt.total_seconds() / 60
    return first


def test_sustain_late_share_is_that_of_each_room_days_first_case(sustain):
    first = _first_cases()
    assert sustain["cpd_first_cases"] == len(first)
    assert sustain["cpd_late_pct"] == pytest.approx(100 * (first["late_min"] > 5).mean())
    assert sustain["cpd_rooms"] == first["room"].nunique()


def test_sustain_limits_are_three_standard_errors_at_the_typical_point_size(sustain):
    p = sustain["cpd_late_pct"] / 100
    options = sustain.frames["options"].set_index("chart")
    for label in options.index:
        n = options.loc[label, "first_cases"]
        assert options.loc[label, "half_width"] == pytest.approx(
            300 * np.sqrt(p * (1 - p) / n), rel=0.02
        )
    # fewer first cases per point, wider limits: one room monthly < suite weekly < suite monthly
    assert sustain["cpd_room_n"] < sustain["cpd_week_n"] < sustain["cpd_month_n"]
    assert sustain["cpd_room_half"] > sustain["cpd_week_half"] > sustain["cpd_month_half"]


def test_sustain_prose_claims_hold(sustain):
    raw = yaml.safe_load((SEMINAR / "capstone.yml").read_text(encoding="utf-8"))
    due = {m["id"]: dt.date.fromisoformat(str(m["due"])) for m in raw["milestones"]}
    assert sustain["cpd_report_due"] == prose_date(due["report-and-presentation"])
    # "none of the three can show a slip with one point"
    assert sustain["cpd_n_catch"] == 0
    assert sustain["cpd_month_half"] > sustain["cpd_slip"]
    # the shift the prose reads is a real one, at least the rule's length
    assert sustain["cpd_week_shifts"] >= 1
    assert sustain["cpd_false_len"] >= spc.SHIFT_LENGTH
    weekly = sustain.frames["weekly"]
    assert len(weekly) == sustain["cpd_weeks"]
    assert int(weekly["beyond_limits"].sum()) == sustain["cpd_week_beyond"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"slip_points": 0}, "slip_points"),
        ({"slip_points": 150}, "slip_points"),
        ({"on_time_min": -1}, "on_time_min"),
    ],
)
def test_sustain_refuses_an_impossible_assumption_naming_it(kwargs, field):
    with pytest.raises(InputError) as caught:
        capstone.case_sustaining_gains(SEMINAR, **kwargs)
    assert caught.value.field == field
    assert field in str(caught.value)


def test_case_charts_draw_the_returned_frames(scope, sustain):
    bars = capstone.scope_chart(scope).to_dict()
    assert len(next(iter(bars["datasets"].values()))) == len(scope.frames["sources"])
    weekly = capstone.sustain_chart(sustain).to_dict()
    assert f"{sustain['cpd_weeks']} weeks" in weekly["description"]
