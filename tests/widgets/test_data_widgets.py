"""Data exercises driven as a student would: set values, press Check, read the feedback."""

from __future__ import annotations

import pytest

from careops import queueing, spc
from careops.widgets import (
    control_chart_exercise,
    ed_staffing_exercise,
    readmission_funnel_exercise,
    run_chart_exercise,
)
from careops.widgets.control_chart import ED, ED_PILOT, NO_SHOW, VERDICTS
from careops.widgets.erlang import arrivals_by_hour
from careops.widgets.funnel import OUR_CHOICES, OUTLIER_CHOICES
from careops.widgets.run_chart import SERIES

from .helpers import answer, plain


def _colours_signals(spec) -> bool:
    return "Signal" in str(spec) or any(
        "signal" in row for d in spec["datasets"].values() for row in d
    )


def test_control_chart_median_is_diagnosed_and_signals_revealed_after_check():
    ex = control_chart_exercise(ED)
    r = ex.result
    assert not _colours_signals(ex.chart.to_dict())
    text = answer(ex, center=f"{r.naive_center:.2f}", beyond=str(r.beyond), verdict=VERDICTS[1])
    assert "That is the median" in text
    assert _colours_signals(ex.chart.to_dict())


def test_control_chart_pilot_is_a_special_cause():
    ex = control_chart_exercise(ED_PILOT)
    r = ex.result
    assert r.special_cause and r.beyond >= 1
    text = answer(ex, center=f"{r.center:.2f}", beyond=str(r.beyond), verdict=VERDICTS[0])
    assert "beyond the control limits is a special-cause signal" in text


def test_control_chart_p_chart_centre_is_the_pooled_rate_in_percent():
    ex = control_chart_exercise(NO_SHOW)
    r = ex.result
    weekly = r.points
    assert weekly["lcl"].iloc[0] < r.center < weekly["ucl"].iloc[0]
    text = answer(
        ex,
        center=f"{r.center * 100:.2f}",
        beyond=str(r.beyond),
        verdict=VERDICTS[1] if r.special_cause else VERDICTS[0],
    )
    assert ex.last_feedback.correct, text


def test_run_chart_answers_follow_careops_rules():
    ex = run_chart_exercise(list(SERIES)[1])
    r = spc.run_chart_signals(SERIES[list(SERIES)[1]][1])
    text = answer(ex, shift="Yes", trend="Yes", runs=str(r.runs))
    assert ex.last_feedback.correct, text
    assert "7 points going down" in text


def test_run_chart_missed_trend_and_off_by_one_runs_are_diagnosed():
    ex = run_chart_exercise(list(SERIES)[1])
    text = answer(ex, shift="Yes", trend="No", runs=str(ex.result.runs + 1))
    assert "5 or more points in a row" in text
    assert "count the times the line crosses the median and add 1" in text


def test_run_chart_random_series_has_no_signal():
    ex = run_chart_exercise(list(SERIES)[2])
    text = answer(ex, shift="No", trend="No", runs=str(ex.result.runs))
    assert ex.last_feedback.correct, text
    assert "within the expected range" in text


def _rules(spec) -> set[str]:
    return {row["signal"] for d in spec["datasets"].values() for row in d if "signal" in row}


def test_run_chart_colours_the_shift_only_after_check():
    ex = run_chart_exercise(next(iter(SERIES)))
    assert _rules(ex.chart.to_dict()) == {
        "no signal"
    }  # the page embeds this spec: no answers in it
    answer(ex, shift="Yes", trend="No", runs="4")
    assert any(rule.startswith("shift") for rule in _rules(ex.chart.to_dict()))


def test_ed_staffing_fewest_providers_comes_from_careops():
    ex = ed_staffing_exercise(hour=10, minutes=30, providers=3)
    rate = arrivals_by_hour()[10] / 60
    need = queueing.servers_needed(rate, 30, 30, 0.8)
    busy = queueing.occupancy(rate, 30, 3)
    text = answer(ex, needed=str(need), busy=f"{busy * 100:.1f}")
    assert ex.last_feedback.correct, text


def test_ed_staffing_workload_given_as_occupancy_is_diagnosed():
    ex = ed_staffing_exercise(hour=10, minutes=30, providers=3)
    text = answer(ex, needed=str(ex.result.needed), busy=f"{ex.result.load * 100:.1f}")
    assert "divide it by the 3 on duty" in text


def test_ed_staffing_average_workload_answer_is_diagnosed():
    ex = ed_staffing_exercise(hour=10, minutes=30, providers=3)
    just_enough = int(ex.result.load) + 1
    assert just_enough < ex.result.needed
    assert "Matching the average workload is not enough" in answer(
        ex, needed=str(just_enough), busy="50"
    )


def test_ed_staffing_unstable_queue_is_explained_in_plain_words():
    ex = ed_staffing_exercise(hour=10, minutes=30, providers=1)
    assert "cannot keep up" in plain(ex.summary.value)
    assert "queue grows without limit" in plain(ex.summary.value)
    assert ex.chart is not None and ex.status.value == ""


def test_ed_staffing_unstable_queue_occupancy_is_all_the_time():
    ex = ed_staffing_exercise(hour=10, minutes=45, providers=2)
    assert ex.result.occupancy is None  # the workload is more than 2 providers' worth
    text = answer(ex, needed=str(ex.result.needed), busy="100")
    assert ex.last_feedback.correct, text
    text = answer(ex, busy=f"{ex.result.load / 2 * 100:.0f}")
    assert "they cannot keep up, so they are busy all the time (100%)" in text


def test_ed_staffing_bad_goal_keeps_the_other_inputs():
    ex = ed_staffing_exercise()
    ex.controls["target_wait"].value = "45"
    ex.controls["target_level"].value = "100"
    assert "must be between 0% and 100%" in plain(ex.status.value)
    assert ex.controls["target_wait"].value == "45"


def test_ed_staffing_chart_bars_are_careops_service_levels():
    ex = ed_staffing_exercise(hour=18, minutes=25, providers=4)
    rows = next(d for d in ex.chart.to_dict()["datasets"].values() if d and "service_level" in d[0])
    rate = arrivals_by_hour()[18] / 60
    for row in rows:
        assert row["service_level"] == pytest.approx(
            queueing.service_level(rate, 25, row["providers"], 30)
        )


def test_funnel_counting_the_inner_funnel_is_diagnosed():
    ex = readmission_funnel_exercise()
    r = ex.result
    inner = int(r.units["position"].str.startswith("above").sum())
    assert inner > r.above_outer
    text = answer(ex, above=str(inner), highest=OUTLIER_CHOICES[0], ours=OUR_CHOICES[2])
    assert "counted the hospitals above the inner (95%) funnel" in text
    assert "a few patients swing the rate a lot" in text


def test_funnel_right_answers_and_reveal():
    ex = readmission_funnel_exercise()
    r = ex.result
    assert r.highest["unit"] == "Ginkgo Memorial" and r.highest["position"] == "within"
    text = answer(ex, above=str(r.above_outer), highest=OUTLIER_CHOICES[2], ours=OUR_CHOICES[2])
    assert ex.last_feedback.correct, text
    assert "above 99.8%" in str(ex.chart.to_dict())


def test_funnel_national_target_moves_the_funnel():
    ex = readmission_funnel_exercise()
    assert ex.result.position_of("Our hospital") == "within"
    ex.controls["target"].value = "national"
    assert ex.result.target == pytest.approx(0.14)
    assert ex.result.position_of("Our hospital") == "above 95%"
    assert "watch" in answer(ex, above="2", highest=OUTLIER_CHOICES[2], ours=OUR_CHOICES[1])


def test_funnel_positions_are_not_in_the_chart_before_check():
    ex = readmission_funnel_exercise()
    assert "above 99.8%" not in str(ex.chart.to_dict())
