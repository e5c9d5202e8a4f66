"""careops.chapters.seminar: each function returns what its notebook's prose quotes, and the
numbers agree with the trial's counts worked by hand and with the ratings counted directly."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from glue_names import ROOT, markdown_glue_names

from careops import data
from careops.chapters import Results, seminar
from careops.errors import InputError

SEMINAR = ROOT / "seminar"


@pytest.fixture(scope="module")
def club() -> Results:
    return seminar.journal_club()


@pytest.fixture(scope="module")
def critique() -> Results:
    return seminar.capstone_critique(SEMINAR)


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("02-journal-club", "club"), ("03-capstone-critique", "critique")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/seminar/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_journal_club_effect_from_the_reconstructed_counts(club):
    # 19.9% of 2,212 control procedures = 440 events; 11.5% of 2,263 checklist ones = 260
    control, checklist = 440 / 2212, 260 / 2263
    arr = control - checklist
    assert club["arr"] == f"{arr:.1%}"
    assert club["rrr"] == f"{arr / control:.0%}"
    assert club["nnt"] == f"{1 / arr:.0f}"
    assert club["avoided"] == f"{6000 * arr:,.0f}"
    assert float(club["arr_lo"].rstrip("%")) < float(club["arr_hi"].rstrip("%"))
    assert club.tables["effect"]["Value"].iloc[0] == f"{control:.1%}"


def test_critique_lists_every_milestone_and_flags_the_worst_rated(critique):
    raw = yaml.safe_load((SEMINAR / "capstone.yml").read_text(encoding="utf-8"))
    assert critique["n_milestones"] == len(raw["milestones"])
    assert critique.tables["milestones"]["Milestone"].tolist() == [
        m["title"] for m in sorted(raw["milestones"], key=lambda m: str(m["due"]))
    ]
    # the only milestone with an "at risk" rating, and the only one all four rate alike
    at_risk = [m for m, vs in seminar.RATINGS.items() if "At risk" in vs]
    assert critique["flagged"] == at_risk[0] == "Current-state analysis"
    alike = [m for m, vs in seminar.RATINGS.items() if len(set(vs)) == 1]
    assert critique["n_agree"] == len(alike) == 1
    summary = critique.tables["summary"]
    counts = {m: vs.count("Needs attention") for m, vs in seminar.RATINGS.items()}
    assert summary["Needs attention (reviewers)"].to_dict() == counts


# --- the case studies ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pilot() -> Results:
    return seminar.case_readmission_pilot()


@pytest.fixture(scope="module")
def reminders() -> Results:
    return seminar.case_reminder_replication()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-readmission-pilot", "pilot"), ("case-reminder-replication", "reminders")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/seminar/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def _followed_stays_by_hand() -> pd.DataFrame:
    stays = data.load("inpatient_stays")
    cutoff = stays["admission_date"].max() - pd.Timedelta(days=30)
    keep = (
        (stays["discharge_disposition"] != "died")
        & (stays["discharge_date"].dt.year == 2025)
        & (stays["discharge_date"] <= cutoff)
    )
    kept = stays[keep]
    return kept.assign(
        q=kept["discharge_date"].dt.quarter,
        line=kept["service_line"].astype(str),
        r=kept["readmitted_30d"].astype(bool),
    )


def test_pilot_line_is_the_worst_of_the_quarter_before_and_its_counts_add_up(pilot):
    stays = _followed_stays_by_hand()
    assert pilot["smc_discharges"] == len(stays)
    assert pilot["smc_all_pct"] == pytest.approx(100 * stays["r"].mean())
    rates = stays[stays["q"] == 2].groupby("line")["r"].mean()
    assert pilot["smc_line"] == rates.idxmax()
    assert pilot["smc_best"] == rates.idxmin()
    line = stays[stays["line"] == pilot["smc_line"]]
    q2, q3 = line[line["q"] == 2], line[line["q"] == 3]
    assert (pilot["smc_before_readmits"], pilot["smc_before_n"]) == (q2["r"].sum(), len(q2))
    assert (pilot["smc_after_readmits"], pilot["smc_after_n"]) == (q3["r"].sum(), len(q3))
    drop = q2["r"].mean() - q3["r"].mean()
    assert pilot["smc_drop_pts"] == pytest.approx(100 * drop)
    assert pilot["smc_rrr_pct"] == pytest.approx(100 * drop / q2["r"].mean())
    baseline = line[line["q"] <= 2]["r"].mean()
    assert pilot["smc_base_drop_pts"] == pytest.approx(100 * (baseline - q3["r"].mean()))


def test_pilot_story_the_page_tells_holds_on_the_course_data(pilot):
    # the prose says the fall's interval includes no change, the baseline gap is smaller than
    # the before-after fall, and the best line and the other lines rose without a pilot
    assert pilot["smc_drop_pts"] > 0
    assert pilot["smc_drop_lo"] < 0 < pilot["smc_drop_hi"]
    assert 0 < pilot["smc_base_drop_pts"] < pilot["smc_drop_pts"]
    assert pilot["smc_best_after_pct"] > pilot["smc_best_before_pct"]
    assert pilot["smc_others_after_pct"] > pilot["smc_others_before_pct"]
    assert pilot["smc_year_pct"] > pilot["smc_all_pct"]


def test_pilot_leaves_out_discharges_without_thirty_days_of_follow_up(pilot):
    stays = data.load("inpatient_stays")
    late = stays["discharge_date"] > stays["admission_date"].max() - pd.Timedelta(days=30)
    assert late.any()
    assert pilot["smc_cutoff"] == "1 December 2025"
    assert pilot.frames["quarters"]["discharges"].sum() == pilot["smc_discharges"]


@pytest.mark.parametrize("quarter", [1, 5, 2.5, True, "3"])
def test_pilot_quarter_must_leave_a_quarter_before_it(quarter):
    with pytest.raises(InputError, match="pilot_quarter") as caught:
        seminar.case_readmission_pilot(pilot_quarter=quarter)
    assert caught.value.value == quarter


def test_reminder_effects_recomputed_from_the_appointments(reminders):
    appts = data.load("clinic_appointments")
    sent, missed = appts["reminder_sent"].astype(bool), appts["no_show"].astype(bool)
    without, with_ = missed[~sent].mean(), missed[sent].mean()
    assert reminders["smd_all_without_pct"] == pytest.approx(100 * without)
    assert reminders["smd_all_with_pct"] == pytest.approx(100 * with_)
    assert reminders["smd_all_nnt"] == pytest.approx(1 / (without - with_))
    assert reminders["smd_minutes_per_avoided"] == pytest.approx(3.0 / (without - with_))
    endo = appts["clinic"].astype(str) == "Endocrinology"
    c_without = missed[endo & ~sent].mean()
    c_with = missed[endo & sent].mean()
    assert reminders["smd_c_arr"] == pytest.approx(100 * (c_without - c_with))
    assert reminders["smd_c_reminded"] == (endo & sent).sum()
    assert reminders["smd_c_hours"] == pytest.approx((endo & sent).sum() * 3.0 / 60)
    assert reminders["smd_c_more_if_stopped_all"] == pytest.approx(
        (endo & sent).sum() * (without - with_)
    )


def test_reminder_story_the_page_tells_holds_on_the_course_data(reminders):
    # the clinic's interval includes 0 and the pooled estimate; the pooled one excludes 0
    assert reminders["smd_c_lo"] < 0 < reminders["smd_c_hi"]
    assert reminders["smd_c_lo"] < reminders["smd_all_arr"] < reminders["smd_c_hi"]
    assert reminders["smd_c_includes_all"] == "includes"
    assert reminders["smd_c_p"] > 0.05
    assert reminders["smd_all_lo"] > 0
    forest = reminders.frames["forest"]
    assert forest["group"].tolist()[-1] == "All clinics"
    assert forest["chosen"].sum() == 1
    assert reminders["smd_n_zero"] == int(forest["includes_zero"].iloc[:-1].sum()) == 1
    assert forest.loc[forest["chosen"], "includes_zero"].item()
    assert reminders["smd_c_share"] == pytest.approx(100 * 1236 / 12000)


def test_reminder_inputs_are_checked_by_name():
    with pytest.raises(InputError, match="clinic") as caught:
        seminar.case_reminder_replication(clinic="Podiatry")
    assert caught.value.value == "Podiatry"
    for minutes in (0, -2.0, float("nan"), True):
        with pytest.raises(InputError, match="minutes_per_reminder"):
            seminar.case_reminder_replication(minutes_per_reminder=minutes)


def test_case_charts_are_labelled(pilot, reminders):
    for chart in (seminar.pilot_quarters_chart(pilot), seminar.reminder_effects_chart(reminders)):
        spec = chart.to_dict()
        assert spec["title"] and spec["description"]
