"""The numbers, tables and charts of the Health Care Technology chapter (book/technology)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from careops import data, decisions, measures, stats
from careops.chapters import Results
from careops.charts import basic
from careops.charts import stats as stats_charts

__all__ = [
    "LOCAL_FORMAT",
    "REGISTRY_THRESHOLD",
    "TELEHEALTH_FORMAT",
    "TRIAGE_STUDY",
    "case_readmission_flag",
    "case_virtual_first",
    "evaluating_ai_triage",
    "no_show_by_mode_chart",
    "ppv_by_prevalence_chart",
    "readmission_flag_chart",
    "registries_and_big_data",
    "registry_visits_chart",
    "telehealth_adoption",
    "virtual_first_chart",
]

# the vendor's validation study of the admission model: its two-by-two table (page 02)
TRIAGE_STUDY = {"tp": 850, "fp": 900, "fn": 150, "tn": 8100}
# how page 02 shows its table of local alert burden
LOCAL_FORMAT = {
    "Patients a day": "{:.0f}",
    "Admitted (prevalence)": "{:.0%}",
    "PPV here": "{:.0%}",
    "Alerts a day": "{:.1f}",
    "False alerts a day": "{:.1f}",
    "Alerts per true admission": "{:.1f}",
    "Admissions missed a day": "{:.1f}",
}
# frequent ED use: this many visits or more in a year (page 03)
REGISTRY_THRESHOLD = 4
# how page 04 shows its table of clinics
TELEHEALTH_FORMAT = {"Appointments": "{:,}", "Share by telehealth": "{:.0%}"}
_GROUP_KEYS = {
    "all": "All ED patients",
    "kids": "Children (under 18)",
    "old": "Adults 65 and over",
}


def evaluating_ai_triage() -> Results:
    """Page 02: the vendor's accuracy, and the alerts it would give at this ED's prevalence."""
    acc = stats.diagnostic_accuracy(**TRIAGE_STUDY)
    study = pd.DataFrame(
        {
            "Admitted": [TRIAGE_STUDY["tp"], TRIAGE_STUDY["fn"]],
            "Not admitted": [TRIAGE_STUDY["fp"], TRIAGE_STUDY["tn"]],
        },
        index=pd.Index(
            ["Model flags 'will be admitted'", "Model does not flag"], name="Vendor study"
        ),
    )
    visits = data.load("ed_visits")
    admitted = visits["disposition"].eq("admitted")
    days = measures.observed_days(visits["arrival"])
    groups = {
        _GROUP_KEYS["all"]: visits.index == visits.index,
        _GROUP_KEYS["kids"]: visits["age_years"] < 18,
        _GROUP_KEYS["old"]: visits["age_years"] >= 65,
    }
    rows = []
    for name, mask in groups.items():
        prev = float(admitted[mask].mean())
        per_day = mask.sum() / days
        burden = decisions.alert_burden(acc.sensitivity, acc.specificity, prev, per_day)
        rows.append(
            {
                "Group": name,
                "Patients a day": per_day,
                "Admitted (prevalence)": prev,
                "PPV here": stats.ppv_at_prevalence(acc.sensitivity, acc.specificity, prev),
                "Alerts a day": burden["alerts"],
                "False alerts a day": burden["false_alerts"],
                "Alerts per true admission": burden["alerts_per_true_case"],
                "Admissions missed a day": burden["missed_cases"],
            }
        )
    local = pd.DataFrame(rows).set_index("Group")
    values: dict[str, object] = {
        "sens": f"{acc.sensitivity:.0%}",
        "spec": f"{acc.specificity:.0%}",
        "study_prev": f"{acc.prevalence:.0%}",
        "study_ppv": f"{acc.ppv:.0%}",
    }
    for key, name in _GROUP_KEYS.items():
        values[f"prev_{key}"] = f"{local.loc[name, 'Admitted (prevalence)']:.0%}"
        values[f"ppv_{key}"] = f"{local.loc[name, 'PPV here']:.0%}"
        values[f"apc_{key}"] = f"{local.loc[name, 'Alerts per true admission']:.1f}"
    everyone = local.loc[_GROUP_KEYS["all"]]
    values["alerts_day"] = f"{everyone['Alerts a day']:.0f}"
    values["false_day"] = f"{everyone['False alerts a day']:.0f}"
    values["missed_day"] = f"{everyone['Admissions missed a day']:.1f}"

    prevalence = np.geomspace(0.01, 0.6, 80)
    curve = pd.DataFrame(
        [
            {
                "prevalence": p,
                "measure": "PPV (share of alerts that are right)",
                "value": stats.ppv_at_prevalence(acc.sensitivity, acc.specificity, p),
            }
            for p in prevalence
        ]
        + [
            {
                "prevalence": p,
                "measure": "NPV (share of non-alerts that are right)",
                "value": stats.npv_at_prevalence(acc.sensitivity, acc.specificity, p),
            }
            for p in prevalence
        ]
    )
    marks = pd.DataFrame(
        {
            "prevalence": [acc.prevalence, *local["Admitted (prevalence)"]],
            "ppv": [acc.ppv, *local["PPV here"]],
            "label": ["Vendor study", *local.index],
        }
    )
    return Results(
        values=values,
        tables={"study": study, "local": local},
        frames={"curve": curve, "marks": marks},
    )


def ppv_by_prevalence_chart(r: Results) -> alt.LayerChart:
    """Page 02's curve: PPV and NPV against prevalence, the study and our groups marked."""
    local = r.tables["local"]
    return stats_charts.ppv_curve_chart(
        r.frames["curve"],
        r.frames["marks"],
        title="The same model, different predictive value",
        description=(
            "Line chart of PPV and NPV against prevalence on a log scale for a model with "
            f"sensitivity {r['sens']} and specificity {r['spec']}. PPV is {r['study_ppv']} in "
            f"the vendor study, {local.loc[_GROUP_KEYS['kids'], 'PPV here']:.0%} for children "
            f"and {local.loc[_GROUP_KEYS['old'], 'PPV here']:.0%} for adults 65 and over in "
            "our ED."
        ),
    )


def registries_and_big_data() -> Results:
    """Page 03: a registry of frequent ED visitors, its share of visits and its data checks."""
    visits = data.load("ed_visits")
    disposition = visits["disposition"]
    per_patient = (
        visits.assign(
            admitted=disposition.eq("admitted").astype(int),
            unseen=disposition.eq("left_without_being_seen").astype(int),
        )
        .groupby("patient_id")
        .agg(
            visits=("visit_id", "size"),
            admissions=("admitted", "sum"),
            left_unseen=("unseen", "sum"),
            last_visit=("arrival", "max"),
        )
    )
    registry = per_patient[per_patient["visits"] >= REGISTRY_THRESHOLD]
    values = {
        "threshold": REGISTRY_THRESHOLD,
        "n_patients": f"{len(per_patient):,}",
        "n_registry": f"{len(registry):,}",
        "registry_patient_share": f"{len(registry) / len(per_patient):.0%}",
        "registry_visit_share": f"{registry['visits'].sum() / len(visits):.0%}",
        "max_visits": int(per_patient["visits"].max()),
    }
    dist = (
        per_patient["visits"]
        .value_counts()
        .sort_index()
        .rename_axis("visits")
        .reset_index(name="patients")
    )
    dist["group"] = np.where(
        dist["visits"] >= REGISTRY_THRESHOLD,
        f"{REGISTRY_THRESHOLD}+ visits: registry",
        "Fewer visits",
    )
    top = registry.sort_values("visits", ascending=False).head(8)
    top = (
        top.assign(last_visit=top["last_visit"].dt.date)
        .rename(
            columns={
                "visits": "Visits",
                "admissions": "Admissions",
                "left_unseen": "Left without being seen",
                "last_visit": "Last visit",
            }
        )
        .rename_axis("Patient (opaque key)")
    )
    checks = pd.DataFrame(
        [
            {
                "Check": "Patients with a missing identifier",
                "Result": int(visits["patient_id"].isna().sum()),
            },
            {
                "Check": "Visits with no time to provider (left before being seen)",
                "Result": int(visits["time_to_provider_min"].isna().sum()),
            },
            {
                "Check": "Visits ending before they start",
                "Result": int((visits["departure"] < visits["arrival"]).sum()),
            },
        ]
    )
    values["n_no_ttp"] = f"{checks.loc[1, 'Result']:,}"
    return Results(
        values=values,
        tables={"registry": top, "checks": checks},
        frames={"per_patient": per_patient, "visits_per_patient": dist},
    )


def registry_visits_chart(r: Results) -> alt.Chart:
    """Page 03's bars: patients by their number of ED visits, the registry highlighted."""
    return basic.bar_chart(
        r.frames["visits_per_patient"].astype({"visits": str}),
        category="visits",
        value="patients",
        color="group",
        color_title="Group",
        horizontal=False,
        sort=None,
        category_title="ED visits by the patient in 2025",
        value_title="Number of patients",
        title="How many times each patient visited the ED in 2025",
        description=(
            f"Bar chart of patients by number of ED visits in the year; {r['n_registry']} "
            f"patients with {r['threshold']} or more visits are highlighted."
        ),
    )


def telehealth_adoption() -> Results:
    """Page 04: telehealth's share by clinic and its no-show rate against in-person visits."""
    appts = data.load("clinic_appointments")
    appts["mode"] = appts["telehealth"].map({True: "Telehealth", False: "In person"})
    by_clinic = (
        appts.groupby("clinic", observed=True)
        .agg(appointments=("appointment_id", "size"), telehealth_share=("telehealth", "mean"))
        .sort_values("telehealth_share", ascending=False)
    )
    no_show = (
        appts.groupby(["clinic", "mode"], observed=True)["no_show"]
        .mean()
        .rename("no_show_rate")
        .reset_index()
    )
    tele = appts[appts["telehealth"]]
    person = appts[~appts["telehealth"]]
    test = stats.two_proportion_test(
        int(tele["no_show"].sum()), len(tele), int(person["no_show"].sum()), len(person)
    )
    values = {
        "overall_share": f"{appts['telehealth'].mean():.0%}",
        "top_clinic": by_clinic.index[0],
        "top_share": f"{by_clinic['telehealth_share'].iloc[0]:.0%}",
        "low_clinic": by_clinic.index[-1],
        "low_share": f"{by_clinic['telehealth_share'].iloc[-1]:.0%}",
        "ns_tele": f"{test.proportion_a:.1%}",
        "ns_person": f"{test.proportion_b:.1%}",
        "ns_diff": f"{-test.difference * 100:.1f}",
        "ns_lo": f"{-test.difference_ci[1] * 100:.1f}",
        "ns_hi": f"{-test.difference_ci[0] * 100:.1f}",
    }
    clinics = by_clinic.rename(
        columns={"appointments": "Appointments", "telehealth_share": "Share by telehealth"}
    ).rename_axis("Clinic")
    return Results(values=values, tables={"clinics": clinics}, frames={"no_show": no_show})


def no_show_by_mode_chart(r: Results) -> alt.Chart:
    """Page 04's grouped bars: no-show rate by clinic and visit mode, clinics by telehealth use."""
    clinics = r.tables["clinics"]
    return basic.grouped_bar_chart(
        r.frames["no_show"],
        x="clinic",
        y="no_show_rate",
        color="mode",
        x_title="Clinic",
        y_title="No-show rate (share of appointments)",
        color_title="Visit mode",
        title="No-show rate by clinic and visit mode, 2025",
        percent=True,
        sort=list(clinics.index),
        description="Grouped bar chart of the no-show rate for telehealth and in-person "
        f"appointments in each of {len(clinics)} clinics, ordered by how much each clinic "
        "uses telehealth.",
    )


def case_virtual_first(*, clinic: str = "Behavioral Health", target_share: float = 0.8) -> Results:
    """Case: a clinic proposes virtual-first follow-ups; no-shows by mode, overall and by payer.

    Inputs: the clinic, and the share of its follow-up visits the proposal would hold by video.
    """
    appts = data.load("clinic_appointments")
    own = appts[appts["clinic"] == clinic]
    follow = own[own["visit_type"] == "follow_up"]
    tele, person = follow[follow["telehealth"]], follow[~follow["telehealth"]]
    test = stats.two_proportion_test(
        int(person["no_show"].sum()), len(person), int(tele["no_show"].sum()), len(tele)
    )
    days = measures.observed_days(appts["appointment_time"])
    per_year = len(follow) * 365 / days
    moved = max(target_share - float(follow["telehealth"].mean()), 0.0) * per_year
    by_payer = (
        own.assign(mode=own["telehealth"].map({True: "Telehealth", False: "In person"}))
        .groupby(["payer", "mode"], observed=True)
        .agg(no_show_rate=("no_show", "mean"), appointments=("no_show", "size"))
        .reset_index()
    )
    share_by_payer = own.groupby("payer", observed=True)["telehealth"].mean()
    values = {
        "vf_clinic": clinic,
        "vf_appts": len(own),
        "vf_share": 100 * float(own["telehealth"].mean()),
        "vf_follow": len(follow),
        "vf_follow_share": 100 * float(follow["telehealth"].mean()),
        "vf_target": target_share * 100,
        "vf_ns_person": 100 * test.proportion_a,
        "vf_ns_tele": 100 * test.proportion_b,
        "vf_diff": 100 * test.difference,
        "vf_lo": 100 * test.difference_ci[0],
        "vf_hi": 100 * test.difference_ci[1],
        "vf_p": test.p_value,
        "vf_moved": moved,
        "vf_avoided": moved * test.difference,
        "vf_share_medicare": 100 * float(share_by_payer["Medicare"]),
        "vf_share_commercial": 100 * float(share_by_payer["Commercial"]),
        "vf_share_medicaid": 100 * float(share_by_payer["Medicaid"]),
        "vf_age_tele": float(own.loc[own["telehealth"], "age_years"].mean()),
        "vf_age_person": float(own.loc[~own["telehealth"], "age_years"].mean()),
    }
    return Results(values=values, frames={"by_payer": by_payer})


def virtual_first_chart(r: Results) -> alt.Chart:
    """No-show rate by payer and visit mode in the clinic of the virtual-first case."""
    return basic.grouped_bar_chart(
        r.frames["by_payer"],
        x="payer",
        y="no_show_rate",
        color="mode",
        x_title="Payer",
        y_title="No-show rate (share of appointments)",
        color_title="Visit mode",
        title=f"{r['vf_clinic']}: no-show rate by payer and visit mode, 2025",
        percent=True,
        description="Grouped bar chart of the no-show rate of telehealth and in-person "
        f"appointments in the {r['vf_clinic']} clinic for each payer group.",
    )


def case_readmission_flag(
    *, age_cutoff: int = 75, wider_cutoff: int = 65, calls_per_day: float = 6.0
) -> Results:
    """Case: an age rule picks whom a transitional-care team calls; its yield, reach and gaps.

    Inputs: the age at which the rule flags a discharge, a wider age cutoff the team
    could use instead, and the calls a day the team can make.
    """
    stays = data.load("inpatient_stays")
    alive = stays[stays["discharge_disposition"] != "died"]
    days = measures.observed_days(alive["discharge_date"])
    readmitted = alive["readmitted_30d"].astype(bool)

    def _rule(cutoff: int) -> tuple[pd.Series, stats.DiagnosticAccuracy]:
        flag = (alive["age_years"] >= cutoff).astype(bool)
        acc = stats.diagnostic_accuracy(
            int((flag & readmitted).sum()),
            int((flag & ~readmitted).sum()),
            int((~flag & readmitted).sum()),
            int((~flag & ~readmitted).sum()),
        )
        return flag, acc

    flag, acc = _rule(age_cutoff)
    wide, wide_acc = _rule(wider_cutoff)
    caught = alive.assign(flag=flag, readmitted=readmitted)[readmitted]
    by_payer = (
        caught.groupby("payer", observed=True)
        .agg(readmissions=("flag", "size"), flagged=("flag", "mean"))
        .reset_index()
    )
    rate = alive.groupby("payer", observed=True)["readmitted_30d"].mean()
    pay = by_payer.set_index("payer")
    values = {
        "rf_per_day": len(alive) / days,
        "rf_rate": 100 * float(readmitted.mean()),
        "rf_cutoff": age_cutoff,
        "rf_flag_day": float(flag.sum()) / days,
        "rf_sens": 100 * acc.sensitivity,
        "rf_ppv": 100 * acc.ppv,
        "rf_nnc": 1 / acc.ppv,
        "rf_wide": wider_cutoff,
        "rf_wide_day": float(wide.sum()) / days,
        "rf_wide_sens": 100 * wide_acc.sensitivity,
        "rf_wide_ppv": 100 * wide_acc.ppv,
        "rf_calls": calls_per_day,
        "rf_medicare_flagged": 100 * float(pay.loc["Medicare", "flagged"]),
        "rf_medicaid_flagged": 100 * float(pay.loc["Medicaid", "flagged"]),
        "rf_medicaid_rate": 100 * float(rate["Medicaid"]),
        "rf_medicare_rate": 100 * float(rate["Medicare"]),
        "rf_medicaid_readmissions": int(pay.loc["Medicaid", "readmissions"]),
    }
    return Results(values=values, frames={"by_payer": by_payer})


def readmission_flag_chart(r: Results) -> alt.Chart:
    """Share of each payer group's readmitted patients the age rule would have flagged."""
    return basic.bar_chart(
        r.frames["by_payer"],
        category="payer",
        value="flagged",
        title=f"Readmitted patients the age {r['rf_cutoff']}+ rule would have flagged, by payer",
        description="Horizontal bar chart of the share of patients readmitted within 30 days "
        "whom the age rule flagged at discharge, for each payer group: it reaches most "
        "readmitted Medicare patients and few readmitted Medicaid or commercial patients.",
        category_title="Payer",
        value_title="Share of readmitted patients flagged",
    )
