"""careops.chapters.service_lines: each function returns what its notebook's prose quotes, and
the numbers obey the chapter's identities, checked against the data directly."""

from __future__ import annotations

import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, service_lines


@pytest.fixture(scope="module")
def finances() -> Results:
    return service_lines.service_line_finances()


@pytest.fixture(scope="module")
def growth() -> Results:
    return service_lines.growth_and_patient_experience()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("02-service-line-finances", "finances"), ("04-growth-and-patient-experience", "growth")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/service-lines/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_total_contribution_is_revenue_less_variable_and_fixed_costs(finances):
    stays = data.load("inpatient_stays")
    factor = stays["payer"].astype(str).map(service_lines.PAYER_FACTOR)
    revenue = (6_500.0 * stays["drg_weight"] * factor).sum()
    supplies = stays["service_line"].astype(str).map(service_lines.SUPPLIES_PER_CASE)
    variable = (1_200.0 * stays["los_days"].astype(float) + supplies).sum()
    fixed = sum(service_lines.DIRECT_FIXED.values())
    assert finances["sl_total_m"] == pytest.approx((revenue - variable - fixed) / 1e6)


def test_worst_line_break_even_covers_its_fixed_costs(finances):
    statement = finances.frames["statement"]
    worst = statement.loc[finances["sl_worst"]]
    assert finances["sl_worst_be"] * worst["cm_per_case"] == pytest.approx(worst["direct_fixed"])
    assert finances["sl_worst_n"] == worst["discharges"]
    assert statement["after_direct"].min() == worst["after_direct"]


def test_payer_factor_input_moves_revenue():
    flat = {payer: 1.0 for payer in service_lines.PAYER_FACTOR}
    r = service_lines.service_line_finances(payer_factor=flat)
    stays = data.load("inpatient_stays")
    assert r.frames["statement"]["revenue"].sum() == pytest.approx(
        6_500.0 * stays["drg_weight"].sum()
    )


def test_share_gain_fills_beds_by_littles_law(growth):
    market = service_lines.MARKET_DISCHARGES
    extra = 0.02 * (market["Cardiology"] + market["Orthopedics"])
    assert growth["ms_extra_cases"] == pytest.approx(extra)
    gain = growth.tables["gain"]
    assert growth["ms_extra_beds"] == pytest.approx(
        (gain["Extra cases a year"] / 365 * gain["Average LOS (days)"]).sum(), abs=0.1
    )


def test_no_show_rates_from_the_appointments(growth):
    visits = data.load("clinic_appointments")
    soon = visits["lead_time_days"] <= 7
    assert growth["ns_short"] == pytest.approx(100 * visits.loc[soon, "no_show"].mean())
    new = visits[
        (visits["visit_type"] == "new") & visits["clinic"].isin(["Cardiology", "Orthopedics"])
    ]
    fast = new.loc[new["lead_time_days"] <= 7, "no_show"].mean()
    assert growth["ns_fast"] == pytest.approx(100 * fast)
    clinics = growth.frames["clinics"]
    by_hand = (clinics["new_appointments"] * (clinics["no_show_pct"] / 100 - fast)).sum()
    assert growth["ns_recovered"] == pytest.approx(by_hand)
    assert growth["ns_long"] > growth["ns_short"]
