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
