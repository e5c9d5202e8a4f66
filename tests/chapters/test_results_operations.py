"""careops.chapters.operations: each function returns what its notebook's prose quotes, and the
numbers obey the identities the chapter teaches, checked against the data directly."""

from __future__ import annotations

import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data, queueing
from careops.chapters import Results, operations


@pytest.fixture(scope="module")
def flow() -> Results:
    return operations.patient_flow()


@pytest.fixture(scope="module")
def capacity() -> Results:
    return operations.capacity_and_queues()


@pytest.fixture(scope="module")
def improvement() -> Results:
    return operations.performance_improvement()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("01-patient-flow", "flow"),
        ("02-capacity-and-queues", "capacity"),
        ("03-performance-improvement", "improvement"),
    ],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/operations/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_patient_flow_littles_law_holds_for_the_ed_and_a_shorter_stay(flow):
    ed = data.load("ed_visits")
    assert flow["ed_visits"] == len(ed)
    assert flow["ed_los_h"] == pytest.approx(ed["los_min"].mean() / 60)
    assert flow["ed_pred"] == pytest.approx(flow["ed_rate"] * flow["ed_los_h"])
    # L = λW: cutting W by ΔW at the same λ frees λ·ΔW beds
    assert flow["beds_freed"] == pytest.approx(flow["ip_rate"] * flow["los_cut"])


def test_patient_flow_walkouts_by_crowding_add_up_to_the_year(flow):
    crowding = flow.frames["crowding"]
    assert crowding["visits"].sum() == flow["ed_visits"]
    assert (crowding["visits"] * crowding["lwbs_pct"] / 100).sum() == pytest.approx(flow["lwbs_n"])
    shown = flow.tables["crowding"]
    assert shown.columns[0] == "Patients in ED at arrival"


def test_capacity_beds_meet_the_blocking_limit_with_one_bed_to_spare(capacity):
    stays = data.load("inpatient_stays")
    load = len(stays) / 365 * stays["los_days"].mean()
    assert capacity["bed_avg"] == pytest.approx(load)
    beds = capacity["bed_1pct"]
    assert queueing.erlang_b(load, beds) <= 0.01 < queueing.erlang_b(load, beds - 1)
    assert capacity["bed_1pct_occ"] == pytest.approx(100 * load / beds)


def test_capacity_pooling_and_surge_are_differences_of_the_bed_counts(capacity):
    lines = capacity.frames["service_lines"]
    assert capacity["pool_separate"] == lines["beds_at_1pct"].sum()
    assert capacity["pool_extra"] == capacity["pool_separate"] - capacity["bed_1pct"]
    assert capacity["surge_extra"] == capacity["surge_beds"] - capacity["bed_1pct"]
    assert capacity["pool_extra"] > 0  # small units need bigger buffers


def test_capacity_plan_counts_every_ed_arrival_in_its_block(capacity):
    ed = data.load("ed_visits")
    plan = capacity.tables["plan"]
    assert plan["Arrivals per hour"].sum() * 4 * 365 == pytest.approx(len(ed), rel=0.01)
    peak = plan.loc[plan["Spaces for 90% within 15 min"].idxmax(), "Arrival block"]
    assert capacity["cap_peak_block"] == peak


def test_improvement_p_chart_center_is_the_pooled_walkout_share(improvement):
    ed = data.load("ed_visits")
    week = ed["arrival"].dt.to_period("W-SUN")
    whole = week.between(week.min() + 1, week.max() - 1)
    walked = ed.loc[whole, "disposition"].eq("left_without_being_seen")
    assert improvement["p_center"] == pytest.approx(100 * walked.mean())
    assert improvement["p_weeks"] == week[whole].nunique()
    assert improvement["p_flagged"] == len(improvement.tables["beyond_limits"])


def test_improvement_xmr_center_is_the_mean_weekly_median_wait(improvement):
    xmr = improvement.frames["xmr"]
    assert improvement["x_center"] == pytest.approx(xmr["median_wait"].mean())
    assert improvement["x_lcl"] < improvement["x_center"] < improvement["x_ucl"]
    assert improvement["x_signals"] == int(xmr["signal"].sum())
    # the run chart draws the weeks before the XmR columns are added
    assert "center" not in improvement.frames["weekly"]
    assert improvement["run_median"] == pytest.approx(
        pd.Series(improvement.frames["weekly"]["arrivals"]).median()
    )
