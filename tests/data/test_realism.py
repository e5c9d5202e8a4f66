"""The synthetic datasets show the patterns their sources report."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from careops import data
from careops.data.synthetic import inpatient_stays as ip_model


@pytest.fixture(scope="module")
def ed():
    return data.load("ed_visits")


@pytest.fixture(scope="module")
def stays():
    return data.load("inpatient_stays")


def test_ed_arrivals_peak_in_the_evening_with_a_late_morning_shoulder(ed):
    by_hour = ed.groupby(ed["arrival"].dt.hour).size()
    assert by_hour.idxmax() in (17, 18, 19, 20)
    assert by_hour.idxmin() in (3, 4, 5, 6)
    assert by_hour[11] > by_hour[15] < by_hour[19]


def test_ed_monday_is_the_busiest_day(ed):
    by_day = ed.groupby(ed["arrival"].dt.day_of_week).size()
    assert by_day.idxmax() == 0


def test_ed_triage_shares_match_nhamcs(ed):
    shares = ed["esi"].value_counts(normalize=True).sort_index().to_numpy()
    assert np.allclose(shares, [0.013, 0.135, 0.458, 0.330, 0.064], atol=0.02)


def test_ed_admission_and_lwbs_rates_near_sources(ed):
    rates = ed["disposition"].value_counts(normalize=True)
    assert 0.12 <= rates["admitted"] <= 0.15
    assert 0.012 <= rates["left_without_being_seen"] <= 0.03


def test_ed_lwbs_rises_with_waiting(ed):
    by_hour = ed.groupby(ed["arrival"].dt.hour).agg(
        wait=("time_to_provider_min", "median"),
        lwbs=("disposition", lambda s: (s == "left_without_being_seen").mean()),
    )
    rho, _ = stats.spearmanr(by_hour["wait"], by_hour["lwbs"])
    assert rho > 0.5


def test_ed_discharged_median_los_near_cms_op18b(ed):
    median = ed.loc[ed["disposition"] == "discharged", "los_min"].median()
    assert 120 <= median <= 190


def test_inpatient_los_is_lognormal_around_gmlos(stays):
    for drg, group in stays.groupby("drg", observed=True):
        gmlos = ip_model.DRGS[str(drg)][2]
        if gmlos >= 3:
            geo_mean = float(np.exp(np.log(group["los_days"].astype(float)).mean()))
            assert abs(geo_mean / gmlos - 1) < 0.12, (drg, geo_mean, gmlos)
    los = stays["los_days"].astype(float)
    assert stats.skew(los) > 1.0  # heavy right tail
    assert abs(stats.skew(np.log(los))) < stats.skew(los) / 3


def test_inpatient_readmission_rate_near_hcup(stays):
    alive = stays[stays["discharge_disposition"] != "died"]
    assert 0.125 <= alive["readmitted_30d"].mean() <= 0.155
    by_payer = alive.groupby("payer", observed=True)["readmitted_30d"].mean()
    assert by_payer["Medicare"] > by_payer["Commercial"]


def test_inpatient_case_mix_index_is_plausible(stays):
    assert 1.0 <= stays["drg_weight"].mean() <= 1.6


def test_or_durations_are_lognormal_by_procedure():
    cases = data.load("or_cases").dropna(subset=["actual_duration_min"])
    tka = cases.loc[cases["procedure"] == "Total knee arthroplasty", "actual_duration_min"]
    logs = np.log(tka.astype(float))
    assert abs(stats.skew(logs)) < 0.3
    assert stats.skew(tka.astype(float)) > 0.2


def test_or_turnover_and_cancellations_in_macario_middle_band():
    cases = data.load("or_cases")
    assert 25 <= cases["turnover_min"].median() <= 40
    assert 0.04 <= cases["canceled"].mean() <= 0.08


def test_clinic_no_show_rate_near_twenty_percent_and_rises_with_lead_time():
    appts = data.load("clinic_appointments")
    assert 0.18 <= appts["no_show"].mean() <= 0.22
    short = appts.loc[appts["lead_time_days"] <= 3, "no_show"].mean()
    long = appts.loc[appts["lead_time_days"] >= 30, "no_show"].mean()
    assert long > short + 0.05
    prior = appts.groupby(appts["prior_no_shows"].clip(upper=2))["no_show"].mean()
    assert prior.is_monotonic_increasing


def test_claims_denial_rate_near_industry_sources():
    claims = data.load("claims")
    assert 0.10 <= claims["denied"].mean() <= 0.14
    assert claims["carc_code"].value_counts().idxmax() == "CO-16"


def test_supply_stockouts_are_rare_but_present():
    usage = data.load("supply_usage")
    assert 0 < usage["stockout"].mean() < 0.02


def test_staffing_meets_ratio_unless_flagged_understaffed():
    shifts = data.load("nurse_staffing")
    ok = shifts[~shifts["understaffed"].astype(bool)]
    assert (ok["patients_per_rn"] <= ok["target_patients_per_rn"] + 1e-9).all()
    short = shifts[shifts["understaffed"].astype(bool)]
    assert len(short) > 0 and (short["patients_per_rn"] > short["target_patients_per_rn"]).all()


def test_sick_calls_vary_shift_to_shift_on_every_unit_near_the_assumed_rate():
    shifts = data.load("nurse_staffing")
    by_unit = shifts.groupby(["unit", "shift"])["sick_calls"]
    assert (by_unit.nunique() > 1).all()  # drawn per shift, not once per unit and shift
    rate = shifts["sick_calls"].sum() / shifts["rn_scheduled"].sum()
    assert 0.02 < rate < 0.04  # the generator's SICK_RATE, 3% of scheduled nurse-shifts


def test_budget_actual_revenue_within_a_fifth_of_budget():
    budget = data.load("department_budget")
    yearly = budget.groupby("department", observed=True)[["budget_revenue", "actual_revenue"]].sum()
    ratio = yearly["actual_revenue"] / yearly["budget_revenue"]
    assert ratio.between(0.8, 1.2).all()
