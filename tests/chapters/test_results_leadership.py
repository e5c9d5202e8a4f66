"""careops.chapters.leadership: each function returns what its notebook's prose quotes, and the
numbers agree with the cases sorted by hand and the ED's weekly medians computed directly."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data, decisions
from careops.chapters import Results, leadership
from careops.errors import InputError


@pytest.fixture(scope="module")
def culture() -> Results:
    return leadership.just_culture()


@pytest.fixture(scope="module")
def pdsa() -> Results:
    return leadership.pdsa_run_charts()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("02-just-culture", "culture"), ("04-pdsa-run-charts", "pdsa")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/leadership/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_just_culture_counts_match_the_cases_sorted_by_hand(culture):
    # pump and transport: console; scanning and copy-forward: coach; alarms: sanction;
    # the impaired pharmacist: refer
    counts = {k: culture[f"n_{k}"] for k in ("console", "coach", "sanction", "refer")}
    assert counts == {"console": 2, "coach": 2, "sanction": 1, "refer": 1}
    assert sum(counts.values()) == culture["n_cases"] == len(leadership.CASES)


def test_just_culture_path_table_only_points_forward(culture):
    path = culture.tables["path"]
    assert len(path) == len(decisions.JUST_CULTURE_QUESTIONS)
    for number, row in path.iterrows():
        for answer in (row["If yes"], row["If no"]):
            jump = re.fullmatch(r"go to question (\d+)", answer)
            assert jump is None or int(jump.group(1)) > number
            assert jump is not None or "→" in answer


def test_pdsa_weekly_medians_match_the_visits_grouped_by_week(pdsa):
    visits = data.load("ed_visits").dropna(subset=["time_to_provider_min"])
    weeks = visits["arrival"].dt.to_period("W-SUN")
    medians = visits.groupby(weeks)["time_to_provider_min"].median()
    first, last = visits["arrival"].min(), visits["arrival"].max()
    full = medians[
        (medians.index.start_time >= first.normalize()) & (medians.index.end_time <= last)
    ]
    weekly = pdsa.frames["weekly"]
    assert pdsa["n_weeks"] == len(full) == len(weekly)
    assert weekly["median_minutes"].to_numpy() == pytest.approx(full.to_numpy())
    assert pdsa["baseline_median"] == f"{np.median(full):.0f}"
    side = np.sign(full.to_numpy() - np.median(full))
    side = side[side != 0]
    assert pdsa["n_runs"] == 1 + int((side[1:] != side[:-1]).sum())


def test_pdsa_shift_is_a_run_of_weeks_on_one_side_of_the_median(pdsa):
    weekly = pdsa.frames["weekly"]
    median = float(np.median(weekly["median_minutes"]))
    table = pdsa.tables["signals"]
    shift = table[table["Rule that signals"].str.contains("shift", case=False)].iloc[0]
    span = weekly[
        (weekly["week"] >= pd.Timestamp(shift["from week"]))
        & (weekly["week"] <= pd.Timestamp(shift["to week"]))
    ]
    side = np.sign(span["median_minutes"] - median)
    assert len(set(side[side != 0])) == 1
    assert pdsa["shift_len"] >= 6 and pdsa["shift_side"] in {"above", "below"}


# --- case studies ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def overtime_case() -> Results:
    return leadership.case_overtime_unit()


@pytest.fixture(scope="module")
def boarding_case() -> Results:
    return leadership.case_ed_boarding()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-overtime-unit", "overtime_case"), ("case-ed-boarding", "boarding_case")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/leadership/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_overtime_case_gaps_and_fills_counted_by_hand(overtime_case):
    unit = data.load("nurse_staffing").query("unit == '5E Medical-Surgical'")
    need = unit["rn_required"] - (unit["rn_scheduled"] - unit["sick_calls"])
    assert overtime_case["ldc_shifts"] == len(unit) == 730
    assert overtime_case["ldc_gap_shifts"] == (need > 0).sum()
    assert overtime_case["ldc_overtime"] == unit["rn_overtime"].sum()
    assert overtime_case["ldc_overtime_h"] == 12 * unit["rn_overtime"].sum()
    assert overtime_case["ldc_agency"] == unit["rn_agency"].sum()
    # every gap nurse-shift was met by overtime, by agency or not at all
    filled = overtime_case["ldc_overtime"] + overtime_case["ldc_agency"]
    assert filled + overtime_case["ldc_left_short"] == need.clip(lower=0).sum()
    assert overtime_case.frames["by_day"]["nurse_shifts"].sum() == need.clip(lower=0).sum()


def test_overtime_case_extra_nurse_covers_one_gap_per_shift_on_its_days(overtime_case):
    unit = data.load("nurse_staffing").query("unit == '5E Medical-Surgical'")
    need = (unit["rn_required"] - (unit["rn_scheduled"] - unit["sick_calls"])).clip(lower=0)
    busy = unit["date"].dt.day_of_week < 4  # Monday to Thursday, the case's default
    assert overtime_case["ldc_days"] == "Mondays, Tuesdays, Wednesdays and Thursdays"
    assert overtime_case["ldc_added"] == busy.sum()
    assert overtime_case["ldc_covered"] == (busy & (need > 0)).sum()
    assert overtime_case["ldc_not_needed"] == (busy & (need == 0)).sum()
    assert overtime_case["ldc_covered"] + overtime_case["ldc_not_needed"] == busy.sum()
    left = need.sum() - overtime_case["ldc_covered"]
    assert overtime_case["ldc_gaps_left"] == left


def test_overtime_case_days_are_an_input_and_bad_days_are_named():
    every = leadership.case_overtime_unit(extra_nurse_days=leadership.WEEKDAYS)
    assert every["ldc_added"] == 730 and every["ldc_other_gap_pct"] == 0.0
    with pytest.raises(InputError) as err:
        leadership.case_overtime_unit(extra_nurse_days=["Monday", "Funday"])
    assert err.value.field == "extra_nurse_days" and err.value.value == "Funday"
    with pytest.raises(InputError) as err:
        leadership.case_overtime_unit(extra_nurse_days=[])
    assert err.value.field == "extra_nurse_days"
    with pytest.raises(InputError) as err:
        leadership.case_overtime_unit(unit="7W Oncology")
    assert err.value.field == "unit" and err.value.value == "7W Oncology"


def test_boarding_case_admitted_stays_measured_by_hand(boarding_case):
    visits = data.load("ed_visits")
    adm = visits.loc[visits["disposition"] == "admitted", "los_min"] / 60
    assert boarding_case["ldd_admitted"] == len(adm)
    assert boarding_case["ldd_adm_median"] == pytest.approx(adm.median())
    assert boarding_case["ldd_over_n"] == (adm > 6).sum()
    assert boarding_case["ldd_over_12"] == (adm >= 12).sum()
    excess = (adm - 6).clip(lower=0).sum()
    assert boarding_case["ldd_excess_h"] == pytest.approx(excess)
    assert boarding_case["ldd_beds"] == pytest.approx(excess / (24 * 365))
    assert boarding_case.frames["bands"]["patients"].sum() == len(adm)


def test_boarding_case_target_is_an_input_and_checked():
    strict = leadership.case_ed_boarding(target_hours=4)
    assert strict["ldd_over_n"] > leadership.case_ed_boarding()["ldd_over_n"]
    for bad in (0, -2, 72):
        with pytest.raises(InputError) as err:
            leadership.case_ed_boarding(target_hours=bad)
        assert err.value.field == "target_hours" and err.value.value == bad
