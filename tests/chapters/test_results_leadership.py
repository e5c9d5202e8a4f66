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
