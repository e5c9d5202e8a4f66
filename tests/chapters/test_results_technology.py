"""careops.chapters.technology: each function returns what its notebook's prose quotes, and the
numbers agree with Bayes' rule worked by hand and with the ED and clinic data counted directly."""

from __future__ import annotations

import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, technology


@pytest.fixture(scope="module")
def triage() -> Results:
    return technology.evaluating_ai_triage()


@pytest.fixture(scope="module")
def registry() -> Results:
    return technology.registries_and_big_data()


@pytest.fixture(scope="module")
def telehealth() -> Results:
    return technology.telehealth_adoption()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [
        ("02-evaluating-ai-triage", "triage"),
        ("03-registries-and-big-data", "registry"),
        ("04-telehealth-adoption", "telehealth"),
    ],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/technology/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_triage_study_accuracy_from_its_two_by_two_table(triage):
    # 850 of 1,000 admitted flagged; 8,100 of 9,000 not admitted cleared; 850 of 1,750 alerts right
    assert (triage["sens"], triage["spec"]) == ("85%", "90%")
    assert triage["study_prev"] == "10%"
    assert triage["study_ppv"] == f"{850 / 1750:.0%}"
    assert triage.tables["study"].to_numpy().sum() == 10_000


def test_triage_local_alerts_follow_bayes_rule_at_the_ed_admission_rate(triage):
    visits = data.load("ed_visits")
    prev = visits["disposition"].eq("admitted").mean()
    everyone = triage.tables["local"].loc["All ED patients"]
    assert everyone["Admitted (prevalence)"] == pytest.approx(prev)
    sens, spec = 0.85, 0.90
    true_alerts, false_alerts = sens * prev, (1 - spec) * (1 - prev)
    assert everyone["PPV here"] == pytest.approx(true_alerts / (true_alerts + false_alerts))
    per_day = everyone["Patients a day"]
    assert per_day == pytest.approx(len(visits) / visits["arrival"].dt.normalize().nunique())
    assert everyone["Alerts a day"] == pytest.approx(per_day * (true_alerts + false_alerts))
    assert everyone["Admissions missed a day"] == pytest.approx(per_day * (1 - sens) * prev)
    local = triage.tables["local"]
    assert (local["Alerts per true admission"] * local["PPV here"]).to_numpy() == pytest.approx(1)


def test_registry_counts_match_the_visits(registry):
    visits = data.load("ed_visits")
    per_patient = visits["patient_id"].value_counts()
    frequent = per_patient[per_patient >= technology.REGISTRY_THRESHOLD]
    assert registry["n_registry"] == f"{len(frequent):,}"
    assert registry["registry_visit_share"] == f"{frequent.sum() / len(visits):.0%}"
    dist = registry.frames["visits_per_patient"]
    assert (dist["visits"] * dist["patients"]).sum() == len(visits)
    assert registry["n_no_ttp"] == f"{visits['time_to_provider_min'].isna().sum():,}"
    top = registry.tables["registry"]
    assert top["Visits"].is_monotonic_decreasing and top["Visits"].iloc[0] == per_patient.max()


def test_telehealth_shares_and_no_show_rates_match_the_appointments(telehealth):
    appts = data.load("clinic_appointments")
    share = appts.groupby("clinic", observed=True)["telehealth"].mean()
    assert telehealth["top_clinic"] == share.idxmax()
    assert telehealth["low_clinic"] == share.idxmin()
    tele = appts.loc[appts["telehealth"], "no_show"].mean()
    person = appts.loc[~appts["telehealth"], "no_show"].mean()
    assert telehealth["ns_tele"] == f"{tele:.1%}"
    assert telehealth["ns_person"] == f"{person:.1%}"
    assert telehealth["ns_diff"] == f"{(person - tele) * 100:.1f}"
    clinics = telehealth.tables["clinics"]
    assert clinics["Appointments"].sum() == len(appts)


@pytest.fixture(scope="module")
def virtual_first() -> Results:
    return technology.case_virtual_first()


@pytest.fixture(scope="module")
def readmission_flag() -> Results:
    return technology.case_readmission_flag()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-virtual-first", "virtual_first"), ("case-readmission-flag", "readmission_flag")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/technology/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_virtual_first_rates_counted_from_the_follow_ups(virtual_first):
    appts = data.load("clinic_appointments")
    follow = appts[(appts["clinic"] == "Behavioral Health") & (appts["visit_type"] == "follow_up")]
    tele = follow.loc[follow["telehealth"].astype(bool), "no_show"].astype(bool)
    person = follow.loc[~follow["telehealth"].astype(bool), "no_show"].astype(bool)
    assert virtual_first["vf_follow"] == len(follow)
    assert virtual_first["vf_ns_tele"] == pytest.approx(100 * tele.mean())
    assert virtual_first["vf_ns_person"] == pytest.approx(100 * person.mean())
    assert virtual_first["vf_diff"] == pytest.approx(100 * (person.mean() - tele.mean()))
    # the interval includes zero: the case's point (no clear difference in this clinic)
    assert virtual_first["vf_lo"] < 0 < virtual_first["vf_hi"]
    assert virtual_first["vf_p"] > 0.05


def test_readmission_flag_accuracy_by_hand(readmission_flag):
    stays = data.load("inpatient_stays")
    alive = stays[stays["discharge_disposition"] != "died"]
    flag = (alive["age_years"] >= 75).astype(bool)
    readmitted = alive["readmitted_30d"].astype(bool)
    assert readmission_flag["rf_sens"] == pytest.approx(100 * flag[readmitted].mean())
    assert readmission_flag["rf_ppv"] == pytest.approx(100 * readmitted[flag].mean())
    assert readmission_flag["rf_nnc"] == pytest.approx(flag.sum() / (flag & readmitted).sum())
    medicaid = (alive["payer"] == "Medicaid") & readmitted
    assert readmission_flag["rf_medicaid_flagged"] == pytest.approx(100 * flag[medicaid].mean())
    assert readmission_flag["rf_medicaid_readmissions"] == int(medicaid.sum())
    wide = (alive["age_years"] >= 65).astype(bool)
    assert readmission_flag["rf_wide_sens"] == pytest.approx(100 * wide[readmitted].mean())
