"""careops.chapters.service_lines: each function returns what its notebook's prose quotes, and
the numbers obey the chapter's identities, checked against the data directly."""

from __future__ import annotations

import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, service_lines
from careops.errors import InputError


@pytest.fixture(scope="module")
def finances() -> Results:
    return service_lines.service_line_finances()


@pytest.fixture(scope="module")
def growth() -> Results:
    return service_lines.growth_and_patient_experience()


@pytest.fixture(scope="module")
def accounting() -> Results:
    return service_lines.line_accounting_and_quality()


@pytest.fixture(scope="module")
def capital() -> Results:
    return service_lines.capital_plan_and_philanthropy()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("02-service-line-finances", "finances"),
        ("04-growth-and-patient-experience", "growth"),
        ("05-line-accounting-and-quality", "accounting"),
        ("06-capital-planning-and-philanthropy", "capital"),
    ],
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


def test_every_allocation_basis_leaves_the_hospital_margin_unchanged(accounting, finances):
    allocated = accounting.frames["allocated"]
    hospital = finances["sl_total_m"] * 1e6 - service_lines.SHARED_OVERHEAD
    for basis in service_lines.ALLOCATION_BASES:
        assert allocated[basis].sum() == pytest.approx(hospital)
    assert accounting["la_hospital_m"] == pytest.approx(hospital / 1e6)


def test_overhead_follows_each_lines_share_of_patient_days(accounting, finances):
    stays = data.load("inpatient_stays")
    days = stays.groupby("service_line", observed=True)["los_days"].sum()
    after = finances.frames["statement"]["after_direct"]
    by_hand = after - service_lines.SHARED_OVERHEAD * days / days.sum()
    allocated = accounting.frames["allocated"]["days"]
    assert allocated.to_dict() == pytest.approx(by_hand.to_dict())
    flips = [x for x in by_hand.index if (by_hand[x] > 0) != (after[x] > 0)]
    assert accounting["la_example"] in flips or accounting["la_n_flips"] == 0


def test_closing_a_line_that_covers_its_direct_costs_lowers_the_hospital_margin(accounting):
    example = accounting["la_example"]
    assert accounting.frames["lines"].loc[example, "after_direct"] > 0
    assert accounting["la_example_days_m"] < 0
    assert accounting["la_close_m"] < accounting["la_hospital_m"]
    close = accounting["la_close_m"]
    sign = "\u2212" if close < 0 else ""
    assert accounting["la_close"] == f"{sign}${abs(close):.2f} million"


def test_quality_scorecard_from_the_stays(accounting):
    stays = data.load("inpatient_stays")
    excess = stays["los_days"].sum() - stays["drg_gmlos_days"].sum()
    assert accounting["la_excess_days"] == pytest.approx(excess)
    assert accounting["la_excess_cost_m"] == pytest.approx(excess * 1_200.0 / 1e6)
    cardio = stays[stays["service_line"] == "Cardiology"]
    lines = accounting.frames["lines"]
    index = cardio["los_days"].sum() / cardio["drg_gmlos_days"].sum()
    assert lines.loc["Cardiology", "los_index"] == pytest.approx(index)
    assert accounting["la_overall_readmit"] == pytest.approx(100 * stays["readmitted_30d"].mean())
    # a line named above the hospital's rate has its whole 95% interval above it
    for line in accounting["la_above"].split(" and "):
        assert lines.loc[line, "readmit_low"] > accounting["la_overall_readmit"]
        n, k = lines.loc[line, "cases"], lines.loc[line, "readmissions"]
        p, z = k / n, 1.959964
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
        assert lines.loc[line, "readmit_low"] == pytest.approx(100 * (centre - half))


def test_growth_request_npv_is_extra_cases_times_margin_less_added_costs(capital, finances):
    q = service_lines.CAPITAL_REQUESTS["Outpatient joint center"]
    cases = service_lines.MARKET_DISCHARGES["Orthopedics"] * q["share_gain"] / 100
    cm = finances.frames["statement"].loc["Orthopedics", "cm_per_case"]
    yearly = cases * cm - q["added_fixed"]
    annuity = (1 - 1.08 ** -q["life"]) / 0.08
    plan = capital.frames["plan"]
    assert plan.loc["Outpatient joint center", "npv"] == pytest.approx(
        -q["capital"] + yearly * annuity
    )


def test_pledge_is_worth_less_than_its_face_and_the_needed_gift_breaks_even(capital):
    face, years = 2_000_000.0, 5
    pv = sum(face / years / 1.08**t for t in range(years))
    assert capital["cp_pledge_pv_m"] == pytest.approx(pv / 1e6)
    assert capital["cp_pledge_discount_k"] == pytest.approx((face - pv) / 1e3)
    npv = capital["cp_named_npv_m"]
    assert capital["cp_named_npv_gift_m"] == pytest.approx(npv + pv / 1e6)
    needed = capital["cp_gift_needed_m"] * 1e6
    assert npv * 1e6 + needed * pv / face == pytest.approx(0.0, abs=1e-6)


def test_required_requests_are_funded_first_and_the_pool_is_not_exceeded(capital):
    plan = capital.frames["plan"]
    for funded in (capital["cp_funded"], capital["cp_funded_gift"]):
        names = funded.replace(" and ", ", ").split(", ")
        assert set(plan.index[plan["required"]]) <= set(names)
        assert plan.loc[names, "capital"].sum() <= 8_000_000.0 + 2_000_000.0
    names = capital["cp_funded"].replace(" and ", ", ").split(", ")
    assert plan.loc[names, "capital"].sum() <= 8_000_000.0
    assert all(plan.loc[n, "npv"] > 0 for n in names if not plan.loc[n, "required"])


def test_a_bigger_gift_funds_the_named_project():
    r = service_lines.capital_plan_and_philanthropy(naming_gift=4_000_000.0)
    assert r["cp_named_npv_gift_m"] > 0
    assert "Hybrid operating room" in r["cp_funded_gift"]
    assert "Hybrid operating room" not in r["cp_funded"]


@pytest.fixture(scope="module")
def cardiology() -> Results:
    return service_lines.case_cardiology_growth()


@pytest.fixture(scope="module")
def beds() -> Results:
    return service_lines.case_shared_beds()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-cardiology-growth", "cardiology"), ("case-shared-beds", "beds")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/service-lines/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def _midnight_census(stays, line):
    """Each day's patients of ``line`` in a bed at midnight, counted the slow, obvious way."""
    mine = stays[stays["service_line"] == line]
    days = pd.date_range("2025-01-01", "2025-12-31")
    return pd.Series(
        [((mine["admission_date"] <= d) & (mine["discharge_date"] > d)).sum() for d in days],
        index=days,
    )


def test_cardiology_margins_per_case_and_bed_day_by_hand(cardiology):
    stays = data.load("inpatient_stays")
    factor = stays["payer"].astype(str).map(service_lines.PAYER_FACTOR)
    supplies = stays["service_line"].astype(str).map(service_lines.SUPPLIES_PER_CASE)
    margin = 6_500.0 * stays["drg_weight"] * factor - 1_200.0 * stays["los_days"] - supplies
    hf = stays["drg"] == "291"
    pci = stays["drg"] == "247"
    assert cardiology["slc_hf_n"] == hf.sum() and cardiology["slc_pci_n"] == pci.sum()
    assert cardiology["slc_hf_cm"] == pytest.approx(margin[hf].mean())
    assert cardiology["slc_pci_day"] == pytest.approx(
        margin[pci].mean() / stays.loc[pci, "los_days"].mean()
    )
    assert cardiology["slc_hosp_day"] == pytest.approx(margin.sum() / stays["los_days"].sum())
    cardio = stays[stays["service_line"] == "Cardiology"]
    assert cardiology["slc_cmi"] == pytest.approx(cardio["drg_weight"].mean())


def test_growth_net_is_margin_less_full_day_bed_days_at_the_hospital_rate(cardiology):
    stays = data.load("inpatient_stays")
    census = sum(_midnight_census(stays, line) for line in stays["service_line"].cat.categories)
    full = (census >= 75).mean()
    assert cardiology["slc_full_pct"] == pytest.approx(100 * full)
    hf = stays[stays["drg"] == "291"]
    days = 300 * hf["los_days"].mean()
    assert cardiology["slc_hf_days"] == pytest.approx(days)
    assert cardiology["slc_hf_net_k"] == pytest.approx(
        cardiology["slc_hf_cm_k"] - days * full * cardiology["slc_hosp_day"] / 1e3
    )
    assert cardiology["slc_hf_readmits"] == pytest.approx(300 * hf["readmitted_30d"].mean())
    # the line's own mix is neutral for its case mix index; all stents raise it
    assert cardiology["slc_mix_cmi"] == pytest.approx(cardiology["slc_cmi"])
    assert cardiology["slc_hf_cmi"] < cardiology["slc_cmi"] < cardiology["slc_pci_cmi"]


def test_growth_case_refuses_bad_assumptions_by_name():
    with pytest.raises(InputError) as err:
        service_lines.case_cardiology_growth(extra_cases=0)
    assert err.value.field == "extra_cases" and err.value.value == 0
    with pytest.raises(InputError) as err:
        service_lines.case_cardiology_growth(staffed_beds=75.5)
    assert err.value.field == "staffed_beds"
    with pytest.raises(InputError) as err:
        service_lines.case_cardiology_growth(cost_per_day=-1.0)
    assert err.value.field == "cost_per_day"


def test_shared_beds_boarding_and_displacement_by_hand(beds):
    stays = data.load("inpatient_stays")
    medicine = _midnight_census(stays, "Medicine")
    ortho = _midnight_census(stays, "Orthopedics")
    assert beds["sld_med_mean"] == pytest.approx(medicine.mean())
    assert beds["sld_ortho_mean"] == pytest.approx(ortho.mean())
    overflow = (medicine - 44).clip(lower=0)
    assert beds["sld_over_days"] == (overflow > 0).sum()
    # four protected beds: medical overflow may use at most 6 of the 10 orthopedic beds
    placed = overflow.clip(upper=6)
    assert beds["sld_prot_board"] == (overflow - placed).sum()
    assert beds["sld_prot_disp"] == (ortho + placed - 10).clip(lower=0).sum()
    # nothing protected: the overflow may fill the whole unit
    assert beds["sld_open_board"] == (overflow - 10).clip(lower=0).sum()


def test_protecting_beds_moves_the_shortage_from_one_line_to_the_other(beds):
    trade = beds.frames["trade"]
    assert trade["boarded"].is_monotonic_increasing
    assert trade["displaced"].is_monotonic_decreasing
    cm, alos = beds["sld_ortho_cm"], beds["sld_ortho_alos"]
    assert beds["sld_prot_lost_k"] == pytest.approx(beds["sld_prot_disp"] / alos * cm / 1e3)
    assert beds["sld_smooth_short"] <= beds["sld_prot_short"]


def test_shared_beds_refuses_more_protected_beds_than_the_unit_has():
    with pytest.raises(InputError) as err:
        service_lines.case_shared_beds(ortho_beds=6, protected_beds=8)
    assert err.value.field == "protected_beds" and err.value.value == 8
    with pytest.raises(InputError) as err:
        service_lines.case_shared_beds(medicine_beds=-3)
    assert err.value.field == "medicine_beds"
