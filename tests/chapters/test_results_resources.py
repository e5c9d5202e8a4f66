"""careops.chapters.resources: each function returns what its notebook's prose quotes, and the
numbers obey the chapter's identities, checked against the data and by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data, queueing
from careops.chapters import Results, resources


@pytest.fixture(scope="module")
def staffing() -> Results:
    return resources.staffing_to_demand()


@pytest.fixture(scope="module")
def space() -> Results:
    return resources.space_and_capital_planning()


@pytest.fixture(scope="module")
def burnout() -> Results:
    return resources.productivity_and_burnout()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("01-staffing-to-demand", "staffing"),
        ("02-space-and-capital-planning", "space"),
        ("03-productivity-and-burnout", "burnout"),
    ],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/resources/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_premium_is_overtime_half_rate_plus_agency_markup(staffing):
    shifts = data.load("nurse_staffing")
    by_hand = shifts["overtime_hours"].sum() * 55.0 * 0.5 + shifts["agency_hours"].sum() * 55.0
    assert staffing["st_premium"] == pytest.approx(by_hand / 1e3)


def test_core_schedule_is_the_cheapest_on_the_year_of_shifts(staffing):
    cu, co = (110.0 - 55.0) * 12 + 400.0, 55.0 * 12
    assert (staffing["nv_cu"], staffing["nv_co"]) == (cu, co)
    assert staffing["nv_ratio"] == pytest.approx(100 * cu / (cu + co))
    shifts = data.load("nurse_staffing")
    need = shifts.loc[shifts["unit"] == "3N Telemetry", "rn_required"].astype(float)
    costs = {
        c: cu * (need - c).clip(lower=0).sum() + co * (c - need).clip(lower=0).sum()
        for c in range(int(need.min()), int(need.max()) + 2)
    }
    assert staffing["nv_best"] == min(costs, key=costs.get)


def test_beds_today_meet_the_blocking_limit(space):
    stays = data.load("inpatient_stays")
    load = len(stays) / 365 * stays["los_days"].mean()
    beds = space["sp_need_now"]
    assert queueing.erlang_b(load, beds) <= 0.01 < queueing.erlang_b(load, beds - 1)
    assert space["sp_need_2035"] >= beds


def test_enough_beds_are_never_short():
    roomy = resources.space_and_capital_planning(staffed_beds=10_000)
    assert roomy["sp_short_year"] == roomy["sp_short_year_los"] == "not within ten years"


def test_capital_npv_by_hand(space):
    flows = resources.CAPITAL_REQUESTS["Second CT scanner"]
    by_hand = sum(cf / 1.07**t for t, cf in enumerate(flows))
    ranked = space.frames["ranked"].set_index("request")
    assert ranked.loc["Second CT scanner", "npv"] == pytest.approx(by_hand)
    assert space["cap_top"] == ranked["npv"].idxmax()
    assert space["cap_negative"] == int((ranked["npv"] < 0).sum())


def test_productivity_index_is_target_over_actual_hours(burnout):
    budget = data.load("department_budget")
    dept = budget[budget["department"] == burnout["pi_lowest"]]
    actual = dept["actual_hours"].sum() / dept["actual_volume"].sum()
    target = dept["budget_hours_per_uos"].iloc[0]
    assert burnout["pi_lowest_pct"] == pytest.approx(100 * target / actual)
    assert burnout["pi_n"] == budget["department"].nunique()


def test_strain_signals_from_the_shifts(burnout):
    shifts = data.load("nurse_staffing")
    over = shifts["patients_per_rn"] > shifts["target_patients_per_rn"]
    assert burnout["str_over_ratio"] == pytest.approx(100 * over.mean())
    month = shifts["date"].dt.month_name()
    share = (shifts["overtime_hours"] + shifts["agency_hours"]).groupby(month).sum() / shifts[
        "rn_hours"
    ].groupby(month).sum()
    assert burnout["str_peak_month"] == share.idxmax()
    assert burnout["str_peak_pct"] == pytest.approx(100 * share.max())


@pytest.fixture(scope="module")
def float_pool() -> Results:
    return resources.case_float_pool()


@pytest.fixture(scope="module")
def or_room() -> Results:
    return resources.case_or_room_request()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-float-pool", "float_pool"), ("case-or-room-request", "or_room")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/resources/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_float_pool_hours_premium_and_matched_shifts_by_hand(float_pool):
    shifts = data.load("nurse_staffing")
    agency, overtime = shifts["agency_hours"].sum(), shifts["overtime_hours"].sum()
    assert float_pool["fp_agency_h"] == agency
    assert float_pool["fp_agency_fte"] == pytest.approx(agency / 2080)
    assert float_pool["fp_premium"] == pytest.approx(agency * (120 - 55) + overtime * 55 * 0.5)
    short, cancelled = set(), set()
    for row in shifts.itertuples():
        if row.understaffed:
            short.add((row.date, row.shift))
        if row.rn_cancelled_low_census > 0:
            cancelled.add((row.date, row.shift))
    assert float_pool["fp_short_shifts"] == len(short)
    assert float_pool["fp_both"] == len(short & cancelled)


def test_or_room_use_and_late_days_by_hand(or_room):
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    gs = done[(done["specialty"] == "General Surgery") & (done["room"] != "OR-08")]
    in_room = gs["actual_duration_min"].sum() + gs["turnover_min"].fillna(0).sum()
    room_days = gs.groupby(["room", "date"]).ngroups
    assert or_room["or_req_util"] == pytest.approx(100 * in_room / (room_days * 480))
    ends = gs.groupby(["room", "date"])["actual_end"].max()
    late = [end > date + pd.Timedelta(hours=15, minutes=30) for (_, date), end in ends.items()]
    assert or_room["or_req_late"] == pytest.approx(100 * sum(late) / len(late))
    shared = done[done["room"] == "OR-08"]
    other_days = shared[shared["specialty"] != "General Surgery"]["date"].nunique()
    assert or_room["or_others_days"] == other_days
    assert or_room["or_req_over"] == pytest.approx(
        (
            done.loc[done["specialty"] == "General Surgery", "actual_duration_min"]
            - done.loc[done["specialty"] == "General Surgery", "scheduled_duration_min"]
        ).mean()
    )
