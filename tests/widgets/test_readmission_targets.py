"""Readmission-targeting exercise on the inpatient_stays data, driven as a student would."""

from __future__ import annotations

import json

import pytest

from careops import data
from careops.widgets import readmission_target_exercise
from careops.widgets.readmission_targets import HIGHEST, MOST, SAME
from careops.widgets.static import grid_points

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer


def _right(ex) -> dict[str, str]:
    r = ex.result
    return {
        "rate": f"{100 * r.rate:.2f}",
        "avoided": f"{r.avoided_highest:.0f}",
        "target": r.target,
    }


def _alive_2025():
    stays = data.load("inpatient_stays")
    year = stays[stays["discharge_date"].dt.year == 2025]
    return year, year[year["discharge_disposition"] != "died"]


def test_the_rate_and_the_groups_are_rederived_from_the_stays():
    year, alive = _alive_2025()
    by_line = alive.groupby("service_line", observed=True)["readmitted_30d"]
    events, rates = by_line.sum(), by_line.mean()
    r = readmission_target_exercise(breakdown="service_line", reduction=20).result
    assert r.rate == pytest.approx(alive["readmitted_30d"].astype(bool).mean())
    assert r.with_deaths == pytest.approx(year["readmitted_30d"].astype(bool).mean())
    assert r.highest["group"] == rates.idxmax() and r.most["group"] == events.idxmax()
    assert r.avoided_highest == pytest.approx(0.2 * events[rates.idxmax()])


def test_right_answers_are_confirmed_when_rate_and_volume_differ():
    ex = readmission_target_exercise(breakdown="service_line")
    assert not ex.result.same and ex.result.target == MOST
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "many patients at moderate risk produce more readmissions" in text


def test_right_answers_are_confirmed_when_one_group_leads_on_both():
    ex = readmission_target_exercise(breakdown="payer")
    assert ex.result.same and ex.result.target == SAME
    text = answer(ex, **_right(ex))
    assert ex.last_feedback.correct, text
    assert "rate and volume point the same way" in text


def test_deaths_left_in_the_denominator_are_named():
    ex = readmission_target_exercise()
    text = answer(ex, **(_right(ex) | {"rate": f"{100 * ex.result.with_deaths:.2f}"}))
    assert "patients who died in hospital in the denominator" in text


def test_the_plain_average_of_the_group_rates_is_named():
    ex = readmission_target_exercise(breakdown="age_group")
    assert ex.result.mean_is_a_slip
    text = answer(ex, **(_right(ex) | {"rate": f"{100 * ex.result.mean_of_rates:.2f}"}))
    assert "plain average of the groups' rates" in text


def test_the_cut_taken_of_discharges_is_named():
    ex = readmission_target_exercise(reduction=30)
    hi = ex.result.highest
    text = answer(ex, **(_right(ex) | {"avoided": f"{0.3 * hi['records']:.1f}"}))
    assert "That is 30% of the group's discharges" in text


def test_aiming_at_the_largest_group_instead_of_the_highest_rate_is_named():
    ex = readmission_target_exercise(breakdown="discharge_disposition")
    text = answer(ex, **(_right(ex) | {"avoided": f"{ex.result.avoided_most:.0f}"}))
    assert "The question aims the program at the highest rate: home health" in text


def test_choosing_the_highest_rate_group_is_explained_with_its_counts():
    ex = readmission_target_exercise(breakdown="age_group")
    text = answer(ex, **(_right(ex) | {"target": HIGHEST}))
    assert "The highest rate is 85 and over, but it has only" in text


def test_a_rate_that_is_not_a_number_is_explained_naming_the_field():
    ex = readmission_target_exercise()
    text = answer(ex, **(_right(ex) | {"rate": "fifteen"}))
    assert "Overall 30-day readmission rate (%): “fifteen” is not a number" in text
    assert ex.last_feedback is None


def test_the_chart_follows_the_split_and_colours_the_targets_only_after_check():
    ex = readmission_target_exercise(breakdown="payer")
    assert len(_bars(ex)) == 5 and all("role" not in row for row in _bars(ex))
    ex.controls["breakdown"].value = "age_group"
    assert len(_bars(ex)) == 5
    answer(ex, **_right(ex))
    roles = {row["group"]: row["role"] for row in _bars(ex)}
    assert roles["85 and over"] == "highest rate" and roles["45-64"] == "most readmissions"


def test_the_chart_marks_each_groups_rate_after_the_cut_not_the_readmissions_avoided():
    ex = readmission_target_exercise(breakdown="payer", reduction=20)
    for row in _bars(ex):
        assert row["after"] == pytest.approx(0.8 * row["percent"])
    ex.controls["reduction"].value = 40
    for row in _bars(ex):
        assert row["after"] == pytest.approx(0.6 * row["percent"])
    drawn = json.dumps(ex.chart.to_dict())
    assert f"{ex.result.avoided_highest:.1f}" not in drawn
    assert "after a 40% cut" in drawn


def _bars(ex) -> list[dict]:
    return next(d for d in ex.chart.to_dict()["datasets"].values() if d and "percent" in d[0])


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = readmission_target_exercise()
    table = page_holds_no_answer(ex)
    axes, points, _ = grid_points(ex)
    assert [len(a.shown) for a in axes] == [5, 4]
    # every other setting (10 of 20)
    assert compare_with_kernel(ex, range(0, len(points), 2), table, _kernel_slips) >= 10 * 8


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here from the result's table."""
    table = r.table
    hi = table.loc[table["rate"].idxmax()]
    most = table.loc[table["events"].idxmax()]
    rate = table["events"].sum() / table["records"].sum()
    slips = {"rate": [r.with_deaths, rate / 100], "avoided": [hi["records"] * r.reduction]}
    if r.mean_is_a_slip:
        slips["rate"].append(table["rate"].mean())
    if hi["group"] != most["group"]:
        slips["avoided"].append(most["events"] * r.reduction)
    return slips
