"""LEAN exercises driven as a student would: set values, press Check, read the feedback."""

from __future__ import annotations

import pytest

from careops import lean
from careops.widgets import (
    eight_wastes_exercise,
    patient_flow_exercise,
    takt_time_exercise,
    value_stream_exercise,
)
from careops.widgets.wastes import SCENARIOS

from .helpers import answer, plain


def test_takt_right_answers_are_confirmed():
    ex = takt_time_exercise(available=240, demand=48, cycle=12, staff=2)
    text = answer(ex, takt="5", staff="3")
    assert ex.last_feedback.correct, text
    assert "240 available minutes ÷ 48 patients" in text


def test_takt_inverted_division_is_diagnosed():
    ex = takt_time_exercise(available=240, demand=48)
    assert "You divided patients by minutes" in answer(ex, takt="0.2", staff="3")


def test_takt_staff_rounded_down_is_diagnosed():
    ex = takt_time_exercise(available=240, demand=48, cycle=12)
    assert "You rounded down" in answer(ex, takt="5", staff="2")


def test_takt_answer_in_hours_is_diagnosed():
    ex = takt_time_exercise(available=240, demand=48)
    assert "looks like hours" in answer(ex, takt=str(5 / 60), staff="3")


def test_takt_chart_follows_the_bookings_and_staff():
    ex = takt_time_exercise(available=240, demand=48, cycle=12, staff=2)
    ex.controls["demand"].value = "70"
    assert f"{70 * 12:,}" in ex.chart.to_dict()["description"]  # work booked, before Check
    answer(ex, takt="1", staff="1")
    spec = ex.chart.to_dict()
    marked = [d for d in _datasets(spec) if len(d) == 1 and "patients" in d[0]]
    assert marked == [[{"patients": 70, "staff_needed": lean.staff_needed(70, 12, 240)}]]
    assert "70 patients" in spec["description"]


def test_takt_letter_in_bookings_keeps_the_other_inputs():
    ex = takt_time_exercise()
    ex.controls["available"].value = "300"
    ex.controls["demand"].value = "4O"
    assert "Patients booked (patients): “4O” is not a number" in plain(ex.status.value)
    assert ex.controls["available"].value == "300"


def test_value_stream_answers_and_bottleneck():
    ex = value_stream_exercise()
    r = ex.result
    text = answer(ex, lead=str(r.lead_time), pce=f"{r.pce * 100:.1f}", bottleneck=r.bottleneck)
    assert ex.last_feedback.correct, text


def test_value_stream_common_mistakes_are_named():
    ex = value_stream_exercise()
    r = ex.result
    text = answer(
        ex, lead=str(r.value_added_time), pce=f"{r.pce:.3f}", bottleneck="Rooming and vitals"
    )
    assert "only the hands-on time" in text
    assert "the box asks for a percentage" in text
    assert "longest wait in front of it" in text


def test_value_stream_timeline_redraws_with_new_times():
    ex = value_stream_exercise()
    ex.controls["work_check_out"].value = 40
    assert ex.result.bottleneck == "Check-out"
    rows = [
        row for d in _datasets(ex.chart.to_dict()) for row in d if row.get("step") == "Check-out"
    ]
    assert {row["minutes"] for row in rows} == {40.0, 7.0}


def test_value_stream_bottleneck_and_lead_time_shown_only_after_check():
    ex = value_stream_exercise()
    spec = ex.chart.to_dict()  # the page embeds this spec: no answers in it
    assert "bottleneck" not in str(spec) and "92" not in spec["title"]
    answer(ex, lead="90", pce="40", bottleneck="Check-in")
    spec = ex.chart.to_dict()
    assert spec["title"] == "The visit end to end: 92 minutes"
    assert [r["step"] for d in _datasets(spec) for r in d if r.get("bottleneck")] == [
        "Provider exam"
    ]


def test_value_stream_all_zero_times_get_a_plain_message():
    ex = value_stream_exercise()
    for control in ex.controls.values():
        control.value = 0
    assert "Every time is zero" in plain(ex.status.value)


def test_flow_littles_law_answer_is_checked_against_the_simulation():
    ex = patient_flow_exercise(arrivals=10, providers=2, visit=10)
    today = ex.result.today
    assert ex.result.littles_wip == pytest.approx(today.mean_in_clinic, rel=1e-9)
    text = answer(ex, wip=f"{ex.result.littles_wip:.2f}", change=ex.result.best_change)
    assert ex.last_feedback.correct, text


def test_flow_unit_mismatch_is_diagnosed():
    ex = patient_flow_exercise()
    t = ex.result.today
    text = answer(ex, wip=f"{t.throughput * 60 * t.mean_flow_time:.2f}", change="Add one provider")
    assert "units don't match" in text


def test_flow_overloaded_clinic_is_explained():
    ex = patient_flow_exercise()
    ex.controls["arrivals"].value = 30
    assert "queue grows all session" in plain(ex.summary.value)


@pytest.mark.parametrize("situation", range(1, len(SCENARIOS) + 1))
def test_wastes_right_answer_for_each_situation(situation):
    ex = eight_wastes_exercise(situation)
    answer(ex, waste=SCENARIOS[situation - 1].waste)
    assert ex.last_feedback.correct


def test_wastes_typical_confusion_and_the_card_follows_the_situation():
    ex = eight_wastes_exercise()
    assert "Transportation" not in str(ex.chart.to_dict())  # the page embeds this spec
    assert "it is the nurse's own walking — motion" in answer(ex, waste="Transportation")
    assert "Motion" in str(ex.chart.to_dict())  # the card says the waste once Check is pressed
    ex.controls["situation"].value = 6
    assert SCENARIOS[6].text[:40] in str(ex.chart.to_dict())
    assert "press Check again" in plain(ex.feedback.value)


def _datasets(spec):
    return list(spec.get("datasets", {}).values())


def test_takt_staffing_curve_only_after_check():
    ex = takt_time_exercise(available=240, demand=48, cycle=12, staff=2)
    assert "staff_needed" not in str(ex.chart.to_dict())  # the page embeds this spec
    answer(ex, takt="5", staff="3")
    assert "staff_needed" in str(ex.chart.to_dict())


def test_flow_littles_line_and_waits_only_after_check():
    ex = patient_flow_exercise()
    assert "Little's law" not in str(ex.chart.to_dict())
    answer(ex, wip="1", change="Add one provider")
    assert "Little's law" in str(ex.chart.to_dict())
