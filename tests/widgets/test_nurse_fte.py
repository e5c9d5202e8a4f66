"""Nurse FTE budget exercise on the nurse_staffing data, driven as a student would."""

from __future__ import annotations

import json

import pytest

from careops import data
from careops.widgets import nurse_fte_exercise
from careops.widgets.static import grid_points

from .helpers import answer
from .static_probe import compare_with_kernel, page_holds_no_answer


def _right(ex) -> dict[str, str]:
    f = ex.result.fte
    return {
        "hours": f"{f.daily_hours:.0f}",
        "productive": f"{f.productive_fte:.1f}",
        "paid": f"{f.paid_fte:.1f}",
    }


def test_the_unit_census_and_ftes_are_rederived_from_the_staffing_data():
    rows = data.load("nurse_staffing").query("unit == '3N Telemetry'")
    census = rows["census"].astype(float).mean()  # every shift start of 2025
    hppd = 24 / 4  # telemetry, 1 RN to 4 patients
    r = nurse_fte_exercise(unit="3N Telemetry", share=14).result
    assert r.census == pytest.approx(census)
    assert r.fte.daily_hours == pytest.approx(census * hppd)
    assert r.fte.productive_fte == pytest.approx(census * hppd * 365 / 2080)
    assert r.fte.paid_fte == pytest.approx(census * hppd * 365 / 2080 / 0.86)


def test_right_answers_to_one_decimal_are_confirmed_for_every_unit():
    for unit in ["4W Medical-Surgical", "ICU", "Pediatrics"]:
        ex = nurse_fte_exercise(unit=unit, share=12)
        text = answer(ex, **_right(ex))
        assert ex.last_feedback.correct, text
        assert "productive FTEs: one full-time nurse covers 5.7 hours" in text


def test_staffing_the_beds_instead_of_the_census_is_named():
    ex = nurse_fte_exercise(unit="Pediatrics")
    r = ex.result
    text = answer(ex, **(_right(ex) | {"hours": f"{r.beds * r.hppd:.0f}"}))
    assert f"That staffs all {r.beds} beds" in text


def test_hours_a_day_divided_by_eight_is_named_as_ignoring_days_off():
    ex = nurse_fte_exercise()
    text = answer(ex, **(_right(ex) | {"productive": f"{ex.result.fte.daily_hours / 8:.1f}"}))
    assert "as if every nurse worked 7 days a week" in text


def test_hours_a_day_divided_by_twelve_is_named_as_shifts_not_ftes():
    ex = nurse_fte_exercise()
    text = answer(ex, **(_right(ex) | {"productive": f"{ex.result.fte.daily_hours / 12:.1f}"}))
    assert "12-hour shifts filled each day, not FTEs" in text


def test_leaving_out_time_off_is_named():
    ex = nurse_fte_exercise(share=16)
    text = answer(ex, **(_right(ex) | {"paid": _right(ex)["productive"]}))
    assert "That budgets no time off" in text


def test_adding_the_share_on_top_of_productive_ftes_is_named_even_at_the_smallest_share():
    ex = nurse_fte_exercise(unit="Pediatrics", share=12)
    on_top = ex.result.fte.productive_fte * 1.12
    assert abs(on_top - ex.result.fte.paid_fte) > 0.15  # apart by more than the tolerance
    text = answer(ex, **(_right(ex) | {"paid": f"{on_top:.2f}"}))
    assert "it is a share of paid hours: divide by (1 − share)" in text


def test_a_paid_fte_that_is_not_a_number_is_explained_naming_the_field():
    ex = nurse_fte_exercise()
    text = answer(ex, **(_right(ex) | {"paid": "about 29"}))
    assert "Paid FTEs to budget (FTE): “about 29” is not a number" in text
    assert ex.last_feedback is None


def test_the_chart_follows_the_unit_and_its_target_line():
    ex = nurse_fte_exercise(unit="3N Telemetry")
    assert _rule(ex) == pytest.approx(6.0)
    ex.controls["unit"].value = "ICU"
    assert _rule(ex) == pytest.approx(12.0)
    weeks = _weeks(ex)
    assert len(weeks) >= 51 and all(row["hppd"] > 0 for row in weeks)


def test_the_chart_splits_a_paid_fte_by_the_share_without_the_units_ftes():
    ex = nurse_fte_exercise(share=14)
    assert [row["percent"] for row in _split(ex)] == pytest.approx([86, 14])
    ex.controls["share"].value = 20
    assert [row["percent"] for row in _split(ex)] == pytest.approx([80, 20])
    assert "(416 h)" in _split(ex)[1]["part"]  # 20% of 2,080 paid hours
    drawn = json.dumps(ex.chart.to_dict())
    assert f"{ex.result.fte.paid_fte:.1f}" not in drawn
    assert f"{ex.result.fte.productive_fte:.1f}" not in drawn


def _split(ex) -> list[dict]:
    return next(d for d in _datasets(ex) if d and "part" in d[0])


def _datasets(ex) -> list[list[dict]]:
    return list(ex.chart.to_dict()["datasets"].values())


def _rule(ex) -> float:
    return next(d for d in _datasets(ex) if d and "label" in d[0])[0]["value"]


def _weeks(ex) -> list[dict]:
    return next(d for d in _datasets(ex) if d and "hppd" in d[0])


def test_the_static_page_checks_as_the_kernel_does_and_hides_the_answers():
    ex = nurse_fte_exercise()
    table = page_holds_no_answer(ex)
    axes, points, default = grid_points(ex)
    assert [len(a.shown) for a in axes] == [6, 5]
    probed = [0, default, len(points) - 1, 5 * 5]  # first, default, last, Pediatrics at 12 %
    assert compare_with_kernel(ex, probed, table, _kernel_slips) >= 4 * 8


def _kernel_slips(v, r) -> dict[str, list[float]]:
    """The slips the kernel names, worked out here from the result's facts."""
    daily = r.census * r.hppd
    productive = daily * 365 / 2080
    return {
        "hours": [r.beds * r.hppd, r.census / r.ratio],
        "productive": [daily / 8, daily / 12, productive / (1 - r.share)],
        "paid": [productive, productive * (1 + r.share)],
    }
