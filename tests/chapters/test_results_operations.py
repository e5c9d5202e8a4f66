"""careops.chapters.operations: each function returns what its notebook's prose quotes, and the
numbers obey the identities the chapter teaches, checked against the data directly."""

from __future__ import annotations

import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data, queueing
from careops.chapters import Results, operations
from careops.chapters.operations import LWBS
from careops.errors import InputError


@pytest.fixture(scope="module")
def flow() -> Results:
    return operations.patient_flow()


@pytest.fixture(scope="module")
def capacity() -> Results:
    return operations.capacity_and_queues()


@pytest.fixture(scope="module")
def improvement() -> Results:
    return operations.performance_improvement()


@pytest.fixture(scope="module")
def procedural() -> Results:
    return operations.procedural_and_ambulatory_flow()


@pytest.fixture(scope="module")
def dashboard() -> Results:
    return operations.metrics_and_dashboards()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("01-patient-flow", "flow"),
        ("02-capacity-and-queues", "capacity"),
        ("03-performance-improvement", "improvement"),
        ("05-procedural-and-ambulatory-flow", "procedural"),
        ("06-metrics-and-dashboards", "dashboard"),
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


def test_procedural_block_use_is_in_room_minutes_over_block_minutes(procedural):
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    room_days = done[["date", "room"]].drop_duplicates()
    minutes = done["actual_duration_min"].astype(float).sum()
    assert procedural["or_room_days"] == len(room_days)
    assert procedural["or_rooms"] == cases["room"].nunique()
    assert procedural["or_done"] == len(done)
    assert procedural["or_util_pct"] == pytest.approx(
        100 * minutes / (len(room_days) * operations.BLOCK_MIN)
    )
    util = procedural.frames["utilisation"]
    assert util["cases"].sum() == len(done)
    # the suite's use is the room-day-weighted mean of the specialties' use
    weighted = (util["utilisation_pct"] * util["room_days"]).sum() / util["room_days"].sum()
    assert weighted == pytest.approx(procedural["or_util_pct"])


def test_procedural_first_cases_and_cancellations_recomputed_from_the_cases(procedural):
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    first = done.loc[done.groupby(["date", "room"], observed=True)["scheduled_start"].idxmin()]
    late = (first["actual_start"] - first["scheduled_start"]).dt.total_seconds() / 60
    assert procedural["or_on_time_pct"] == pytest.approx(
        100 * (late <= operations.ON_TIME_MIN).mean()
    )
    assert procedural["or_cancel_pct"] == pytest.approx(100 * (1 - len(done) / len(cases)))
    assert procedural["or_turn_median"] == pytest.approx(done["turnover_min"].dropna().median())


def test_procedural_no_show_bands_add_up_to_the_clinic_year(procedural):
    appts = data.load("clinic_appointments")
    bands = procedural.frames["no_shows"]
    assert bands["appointments"].sum() == len(appts) == procedural["cl_appts"]
    weighted = (bands["no_show_pct"] * bands["appointments"]).sum() / len(appts)
    assert weighted == pytest.approx(procedural["cl_no_show_pct"])
    same_day = appts[appts["lead_time_days"] == 0]
    assert procedural["cl_same_day_pct"] == pytest.approx(100 * same_day["no_show"].mean())


def test_dashboard_months_add_up_to_the_year(dashboard):
    ed = data.load("ed_visits")
    stays = data.load("inpatient_stays")
    board = dashboard.frames["dashboard"]
    assert list(board.index) == list(range(1, 13))
    assert board["ED visits"].sum() == len(ed)
    in_2025 = stays[stays["discharge_date"].dt.year == 2025]
    assert board["Discharges"].sum() == len(in_2025)
    readmit = (board["30-day readmissions (%)"] * board["Discharges"]).sum() / len(in_2025)
    assert readmit == pytest.approx(100 * in_2025["readmitted_30d"].mean())
    nurses = data.load("nurse_staffing")
    january = nurses[nurses["date"].dt.month == 1]
    patient_days = january.groupby(["date", "unit"], observed=True)["census"].mean().sum()
    assert board.loc[1, "RN hours per patient day"] == pytest.approx(
        january["rn_hours"].sum() / patient_days
    )


def test_dashboard_hrrp_and_one_midnight_counts_from_the_stays(dashboard):
    stays = data.load("inpatient_stays")
    medicare = stays[(stays["payer"] == "Medicare") & (stays["age_years"] >= 65)]
    hf = medicare[medicare["drg"] == "291"]
    assert dashboard["hr_medicare"] == len(medicare)
    assert dashboard["hr_hf_pct"] == pytest.approx(100 * hf["readmitted_30d"].mean())
    assert dashboard["hr_stays"] == medicare["drg"].isin(["291", "194", "470"]).sum()
    held = medicare.loc[medicare["drg"].isin(["291", "194", "470"]), "drg"]
    assert dashboard["hr_conditions"] == held.nunique() == len(dashboard.frames["hrrp"])
    assert dashboard["tm_one_n"] == (medicare["los_days"] == 1).sum()
    assert dashboard["tm_one_pct"] == pytest.approx(100 * (medicare["los_days"] == 1).mean())


@pytest.fixture(scope="module")
def fast_track() -> Results:
    return operations.case_fast_track()


@pytest.fixture(scope="module")
def cancellations() -> Results:
    return operations.case_or_cancellations()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-fast-track", "fast_track"), ("case-or-cancellations", "cancellations")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/operations/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_fast_track_counts_waits_and_walkouts_by_hand(fast_track):
    ed = data.load("ed_visits")
    low = ed[ed["esi"] >= 4]
    hours = low["arrival"].dt.hour
    in_hours = low[(hours >= 11) & (hours < 23)]
    assert fast_track["ft_low_n"] == len(low)
    assert fast_track["ft_in_hours_pct"] == pytest.approx(100 * len(in_hours) / len(low))
    assert fast_track["ft_per_day"] == pytest.approx(len(in_hours) / 365)
    assert fast_track["ft_wait_in"] == in_hours["time_to_provider_min"].median()
    walked = ed["disposition"] == "left_without_being_seen"
    assert fast_track["ft_lwbs_low"] == (walked & (ed["esi"] >= 4)).sum()
    assert fast_track["ft_lwbs_in_hours"] == (in_hours["disposition"] == LWBS).sum()
    # one provider: busy lambda * service time of each hour, on the mean hourly arrival rate
    mean_rate = len(in_hours) / 365 / 12
    assert fast_track["ft_occ_mean"] == pytest.approx(100 * mean_rate * 20 / 60)
    peak = in_hours["arrival"].dt.hour.value_counts().max() / 365
    rho = peak * 20 / 60
    assert fast_track["ft_wq_peak"] == pytest.approx(rho / (1 - rho) * 20)  # M/M/1 Wq
    assert fast_track["ft_peak_hour"] == "19:00"


def test_fast_track_hours_change_the_counts_and_bad_hours_are_named():
    narrow = operations.case_fast_track(open_hour=15, close_hour=21)
    assert narrow["ft_open"] == "15:00" and narrow["ft_close"] == "21:00"
    assert narrow["ft_in_hours_pct"] < operations.case_fast_track()["ft_in_hours_pct"]
    with pytest.raises(InputError) as err:
        operations.case_fast_track(open_hour=20, close_hour=9)
    assert err.value.field == "close_hour" and err.value.value == 9


def test_cancellations_split_by_reason_and_add_up(cancellations):
    cases = data.load("or_cases")
    gone = cases[cases["canceled"].astype(bool)]
    patient = gone["cancel_reason"].isin(["patient_not_medically_ready", "patient_did_not_arrive"])
    assert cancellations["cx_n"] == len(gone)
    assert cancellations["cx_patient_n"] == patient.sum()
    assert cancellations["cx_patient_n"] + cancellations["cx_hospital_n"] == len(gone)
    assert cancellations["cx_hours"] == pytest.approx(gone["scheduled_duration_min"].sum() / 60)
    assert cancellations["cx_no_bed"] == (gone["cancel_reason"] == "no_bed_available").sum()
    frame = cancellations.frames["by_reason"]
    assert frame["cases"].sum() == len(gone)
    assert set(frame["side"]) == {"Patient readiness", "The hospital"}
    assert cancellations["cx_prevented"] == pytest.approx(0.5 * patient.sum())
    assert cancellations["cx_after_pct"] == pytest.approx(
        100 * (len(gone) - 0.5 * patient.sum()) / len(cases)
    )


def test_cancellations_prevented_share_is_an_input_and_checked():
    none = operations.case_or_cancellations(prevented_share=0.0)
    assert none["cx_after_pct"] == pytest.approx(none["cx_pct"])
    with pytest.raises(InputError) as err:
        operations.case_or_cancellations(prevented_share=1.5)
    assert err.value.field == "prevented_share"
