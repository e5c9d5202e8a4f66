"""careops.chapters.quantitative: each function returns what its notebook's prose quotes, and the
numbers agree with the RAND HIE and ED data counted directly and with Bayes' rule by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from glue_names import markdown_glue_names
from scipy import stats as scipy_stats

from careops import data
from careops.chapters import Results, quantitative


@pytest.fixture(scope="module")
def trial() -> Results:
    return quantitative.reading_a_trial()


@pytest.fixture(scope="module")
def forecast() -> Results:
    return quantitative.forecasting_from_ehr_data()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("01-reading-a-trial", "trial"), ("02-forecasting-from-ehr-data", "forecast")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/quantitative/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_trial_risks_match_the_arms_counted_from_the_data(trial):
    hie = data.load("rand_hie")
    free = hie[np.isclose(hie["lncoins"], 0)]
    cost_sharing = hie[np.isclose(hie["lncoins"], np.log(96))]  # ln(95% + 1)
    assert trial["hie_free_n"] == len(free)
    assert trial["hie_cs_n"] == len(cost_sharing)
    assert trial["hie_free_risk"] == pytest.approx(100 * free["mdvis"].eq(0).mean())
    assert trial["hie_cs_risk"] == pytest.approx(100 * cost_sharing["mdvis"].eq(0).mean())
    # absolute difference, relative risk and number needed to harm from the two risks
    assert trial["hie_ard"] == pytest.approx(trial["hie_cs_risk"] - trial["hie_free_risk"])
    assert trial["hie_rr"] == pytest.approx(trial["hie_cs_risk"] / trial["hie_free_risk"])
    assert trial["hie_nnh"] == pytest.approx(100 / trial["hie_ard"])
    assert trial["hie_ard_lo"] < trial["hie_ard"] < trial["hie_ard_hi"]
    people = trial.tables["baseline"].set_index("Plan")["Person-years"]
    assert people.sum() == trial["hie_free_n"] + trial["hie_cs_n"]


def test_trial_ppv_follows_bayes_rule_at_the_readmission_rate(trial):
    prevalence = data.load("inpatient_stays")["readmitted_30d"].mean()
    sens, spec = trial["q_sens"] / 100, trial["q_spec"] / 100
    true_pos, false_pos = sens * prevalence, (1 - spec) * (1 - prevalence)
    assert trial["q_prev"] == pytest.approx(100 * prevalence)
    assert trial["q_ppv"] == pytest.approx(100 * true_pos / (true_pos + false_pos))
    assert trial["q_flagged_per_true"] == pytest.approx(100 / trial["q_ppv"])
    assert trial.frames["ppv"]["ppv_pct"].is_monotonic_increasing


def test_forecast_counts_match_the_ed_visits(forecast):
    ed = data.load("ed_visits")
    assert forecast["ehr_missing"] == int(ed["time_to_provider_min"].isna().sum())
    per_day = ed["arrival"].dt.normalize().value_counts()
    mondays = per_day[per_day.index.day_name() == "Monday"]
    assert forecast["ehr_mon"] == pytest.approx(mondays.mean())
    assert forecast["ehr_poisson_sd"] ** 2 == pytest.approx(forecast["ehr_mean"])


def test_forecast_coverage_is_the_share_of_days_inside_the_drawn_interval(forecast):
    frame = forecast.frames["forecast"].pivot(index="date", columns="series", values="arrivals")
    test = frame.dropna(subset=["Forecast"])
    inside = (test["Actual"] >= test["80% interval, lower"]) & (
        test["Actual"] <= test["80% interval, upper"]
    )
    assert forecast["fc_inside"] == pytest.approx(100 * inside.mean())
    assert test.index.min() == pd.Timestamp("2025-11-01")
    errors = (test["Forecast"] - test["Actual"]).abs() / test["Actual"]
    assert forecast["fc_mape"] == pytest.approx(100 * errors.mean())


@pytest.fixture(scope="module")
def reminders() -> Results:
    return quantitative.case_reminder_calls()


@pytest.fixture(scope="module")
def los_readmissions() -> Results:
    return quantitative.case_los_readmissions()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-reminder-calls", "reminders"), ("case-los-readmissions", "los_readmissions")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/quantitative/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_reminder_rates_and_crude_odds_ratio_by_hand(reminders):
    appts = data.load("clinic_appointments")
    sent = appts["reminder_sent"].astype(bool)
    missed = appts["no_show"].astype(bool)
    p_yes, p_no = missed[sent].mean(), missed[~sent].mean()
    assert reminders["rc_ns_yes"] == pytest.approx(100 * p_yes)
    assert reminders["rc_diff"] == pytest.approx(100 * (p_no - p_yes))
    # a logistic model with one binary term reproduces the 2x2 table's odds ratio
    odds = (p_yes / (1 - p_yes)) / (p_no / (1 - p_no))
    assert reminders["rc_or_crude"] == pytest.approx(odds, rel=1e-6)
    assert reminders["rc_or_lo"] < reminders["rc_or"] < reminders["rc_or_hi"] < 1
    assert reminders["rc_avoided"] == pytest.approx((~sent).sum() * (p_no - p_yes))


def test_los_crude_and_adjusted_odds_ratios(los_readmissions):
    stays = data.load("inpatient_stays")
    alive = stays[stays["discharge_disposition"] != "died"]
    short = alive["los_days"] < alive["drg_gmlos_days"]
    readmit = alive["readmitted_30d"].astype(bool)
    a, b = readmit[short].mean(), readmit[~short].mean()
    assert los_readmissions["lr_rate_short"] == pytest.approx(100 * a)
    assert los_readmissions["lr_or_crude"] == pytest.approx((a / (1 - a)) / (b / (1 - b)), rel=1e-6)
    # the case's point: adjusting for case mix moves the odds ratio toward 1, inside its interval
    assert abs(los_readmissions["lr_or"] - 1) < abs(los_readmissions["lr_or_crude"] - 1)
    assert los_readmissions["lr_or_lo"] < 1 < los_readmissions["lr_or_hi"]
    assert los_readmissions["lr_n"] == len(alive)


def test_los_adjusted_model_holds_the_covariates_the_page_names(los_readmissions):
    stays = data.load("inpatient_stays")
    alive = stays[stays["discharge_disposition"] != "died"]
    frame = pd.DataFrame(
        {
            "y": alive["readmitted_30d"].astype(bool).astype(int),
            "short": (alive["los_days"] < alive["drg_gmlos_days"]).astype(int),
            "age": alive["age_years"].astype(float),
            "weight": alive["drg_weight"],
            "line": alive["service_line"].astype(str),
            "payer": alive["payer"].astype(str),
        }
    )
    fit = smf.logit("y ~ short + age + weight + C(line) + C(payer)", data=frame).fit(disp=0)
    assert los_readmissions["lr_or"] == pytest.approx(np.exp(fit.params["short"]), rel=1e-6)


@pytest.fixture(scope="module")
def inference() -> Results:
    return quantitative.ed_los_inference()


def test_every_value_the_inference_page_quotes_is_returned(inference):
    names = markdown_glue_names("book/quantitative/04-basic-inference.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(inference.values)


def test_inference_welch_interval_matches_the_t_formula_by_hand(inference):
    ed = data.load("ed_visits")
    los = ed["los_min"].astype(float)
    amb, walk = los[ed["arrival_mode"] == "ambulance"], los[ed["arrival_mode"] == "walk_in"]
    va, vb = amb.var(ddof=1) / len(amb), walk.var(ddof=1) / len(walk)
    df = (va + vb) ** 2 / (va**2 / (len(amb) - 1) + vb**2 / (len(walk) - 1))
    half = scipy_stats.t.ppf(0.975, df) * np.sqrt(va + vb)
    diff = amb.mean() - walk.mean()
    assert inference["inf_diff"] == pytest.approx(diff)
    assert inference["inf_lo"] == pytest.approx(diff - half)
    assert inference["inf_hi"] == pytest.approx(diff + half)
    assert inference["inf_n_amb"] + inference["inf_n_walk"] == inference["inf_n"] == len(ed)


def test_inference_adjusted_gap_is_the_ols_coefficient_with_triage_level(inference):
    ed = data.load("ed_visits")
    x = pd.get_dummies(ed["esi"].astype(int), prefix="esi", drop_first=True, dtype=float)
    x["ambulance"] = ed["arrival_mode"].eq("ambulance").astype(float)
    x["age"] = ed["age_years"].astype(float)
    x.insert(0, "const", 1.0)
    beta, *_ = np.linalg.lstsq(x.to_numpy(), ed["los_min"].astype(float).to_numpy(), rcond=None)
    assert inference["inf_adj"] == pytest.approx(beta[list(x.columns).index("ambulance")])
    assert inference["inf_age"] == pytest.approx(beta[list(x.columns).index("age")])
    # adjusting for acuity moves the estimate: the crude gap is not the adjusted one
    assert abs(inference["inf_adj"] - inference["inf_diff"]) > 10
