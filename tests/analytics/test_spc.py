"""careops.spc against published worked examples, invariants and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careops import spc
from careops.errors import InputError

# NIST/SEMATECH e-Handbook of Statistical Methods, 6.3.2.2 "Individuals Control Charts":
# flow-rate example, 10 batches. Published: mean 50.81, mean moving range 1.8778,
# UCL 55.80, LCL 45.82 (NIST uses 3/1.128; Wheeler's rounded 2.66 moves it by < 0.001),
# moving-range UCL 3.267 x 1.8778 = 6.13.
NIST_FLOWRATE = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]

# NIST e-Handbook 6.3.3.2 "Proportions Control Charts" (also Montgomery, Introduction to
# Statistical Quality Control, orange-juice cans): 30 samples of 50, defectives below.
# Published p-bar 0.2313, UCL 0.4102, LCL 0.0524.
NIST_P_DEFECTIVES = [
    12,
    15,
    8,
    10,
    4,
    7,
    16,
    9,
    14,
    10,
    5,
    6,
    17,
    12,
    22,
    8,
    10,
    5,
    13,
    11,
    20,
    18,
    24,
    15,
    9,
    12,
    7,
    13,
    9,
    6,
]

# NIST e-Handbook 6.3.3.1 "Counts Control Charts": wafer defects, 25 wafers. Published
# c-bar 16, UCL 28, LCL 4 (one unit per subgroup, so the u chart is the c chart).
NIST_WAFER_DEFECTS = [
    16,
    14,
    28,
    16,
    12,
    20,
    10,
    12,
    10,
    17,
    19,
    17,
    14,
    16,
    15,
    13,
    14,
    16,
    11,
    20,
    11,
    19,
    16,
    31,
    13,
]

# --- XmR ---------------------------------------------------------------------------------


def test_xmr_limits_match_nist_flowrate_example():
    limits = spc.xmr_limits(NIST_FLOWRATE)
    assert limits.center == pytest.approx(50.81)
    assert limits.mean_moving_range == pytest.approx(1.8778, abs=1e-4)
    assert limits.ucl == pytest.approx(55.80, abs=0.005)
    assert limits.lcl == pytest.approx(45.82, abs=0.01)
    assert limits.mr_ucl == pytest.approx(6.13, abs=0.005)
    assert limits.sigma == pytest.approx(1.8778 / 1.128, abs=1e-4)


def test_xmr_limits_use_wheeler_constants():
    limits = spc.xmr_limits([1, 3, 1, 3])  # every moving range is 2
    assert (limits.center, limits.mean_moving_range) == (2, 2)
    assert limits.ucl == pytest.approx(2 + 2.66 * 2)
    assert limits.mr_ucl == pytest.approx(3.267 * 2)


def test_xmr_limits_need_two_values():
    with pytest.raises(ValueError, match=r"values must have at least 2 value\(s\), got 1"):
        spc.xmr_limits([5.0])


def test_xmr_limits_reject_nan_naming_the_position():
    with pytest.raises(ValueError, match=r"values\[2\] must be a finite number, got nan"):
        spc.xmr_limits(np.array([1.0, 2.0, np.nan]))


@settings(deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=50))
def test_xmr_limits_are_symmetric_about_the_mean(values):
    limits = spc.xmr_limits(values)
    assert limits.ucl - limits.center == pytest.approx(limits.center - limits.lcl, abs=1e-6)
    assert limits.mr_ucl >= 0


# --- p and u charts ----------------------------------------------------------------------


def test_p_chart_matches_nist_proportions_example():
    chart = spc.p_chart(NIST_P_DEFECTIVES, sizes=50)
    assert chart["center"].iloc[0] == pytest.approx(0.2313, abs=5e-5)
    assert chart["ucl"].iloc[0] == pytest.approx(0.4102, abs=5e-5)
    assert chart["lcl"].iloc[0] == pytest.approx(0.0524, abs=5e-5)
    # Montgomery's account of the same data: samples 15 (new cardboard batch) and 23
    # (inexperienced operator) plot above the UCL.
    assert chart.index[chart["beyond_limits"]].tolist() == [14, 22]


def test_u_chart_with_one_unit_matches_nist_c_chart_example():
    chart = spc.u_chart(NIST_WAFER_DEFECTS, units=1)
    assert chart["center"].iloc[0] == pytest.approx(16.0)
    assert chart["ucl"].iloc[0] == pytest.approx(28.0)
    assert chart["lcl"].iloc[0] == pytest.approx(4.0)
    # Wafer 24 has 31 defects, above the published UCL of 28.
    assert chart.index[chart["beyond_limits"]].tolist() == [23]


def test_u_chart_variable_units_matches_qcc_dyed_cloth_center():
    # R qcc "dyedcloth" (Montgomery, ISQC, u chart with variable sample size): 153
    # nonconformities over 109 inspection units -> u-bar = 1.40367; limits per roll are
    # u-bar +/- 3 sqrt(u-bar / n_i).
    counts = [14, 12, 20, 11, 7, 10, 21, 16, 19, 23]
    units = [10, 8, 13, 10, 10, 10, 12, 11, 12, 13]
    chart = spc.u_chart(counts, units)
    assert chart["center"].iloc[0] == pytest.approx(1.40367, abs=1e-5)
    assert chart["ucl"].iloc[1] == pytest.approx(1.40367 + 3 * np.sqrt(1.40367 / 8), abs=1e-4)
    assert not chart["beyond_limits"].any()


def test_p_chart_floors_the_lower_limit_at_zero():
    chart = spc.p_chart([1, 0, 2], sizes=[20, 20, 20])
    assert (chart["lcl"] == 0).all()


def test_u_chart_floors_the_lower_limit_at_zero():
    chart = spc.u_chart([0, 1, 2], units=[1, 1, 1])
    assert (chart["lcl"] == 0).all()


def test_p_chart_rejects_more_defectives_than_inspected():
    with pytest.raises(
        ValueError, match=r"defectives\[1\] \(60\.0\) cannot exceed sizes\[1\] \(50\.0\)"
    ):
        spc.p_chart([3, 60], sizes=[50, 50])


def test_p_chart_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="counts have 2, sizes has 3"):
        spc.p_chart([3, 6], sizes=[50, 50, 50])


def test_u_chart_rejects_zero_units():
    with pytest.raises(ValueError, match=r"units\[1\] must be greater than 0, got 0"):
        spc.u_chart([3, 6], units=[5, 0])


@settings(deadline=None)
@given(
    st.lists(st.integers(20, 80), min_size=2, max_size=30),
    st.integers(200, 400),
)
def test_p_chart_limits_are_symmetric_away_from_zero_and_one(defectives, size):
    chart = spc.p_chart(defectives, sizes=size)
    inside = (chart["lcl"] > 0) & (chart["ucl"] < 1)
    upper = chart["ucl"] - chart["center"]
    lower = chart["center"] - chart["lcl"]
    assert np.allclose(upper[inside], lower[inside])


# --- Western Electric --------------------------------------------------------------------


def test_western_electric_finds_nothing_in_nist_flowrate_example():
    # NIST 6.3.2.2 concludes the flow-rate process is in control.
    limits = spc.xmr_limits(NIST_FLOWRATE)
    assert spc.western_electric_signals(NIST_FLOWRATE, limits.center, limits.sigma).empty


# Rules as listed in NIST e-Handbook 6.3.2 (Western Electric Handbook, 1956), each shown
# by the smallest series that meets it with center 0 and sigma 1.
@pytest.mark.parametrize(
    ("values", "rule", "index"),
    [
        ([0, 0, 3.5, 0], 1, 2),
        ([0, 2.5, 0.5, 2.2], 2, 3),
        ([0, -1.5, -1.2, 0.5, -1.1, -1.3], 3, 5),
        ([0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2], 4, 7),
    ],
)
def test_western_electric_rules_follow_the_nist_definitions(values, rule, index):
    signals = spc.western_electric_signals(values, center=0, sigma=1)
    assert (index, rule) in set(zip(signals["index"], signals["rule"], strict=True))


def test_western_electric_two_of_three_must_be_on_the_same_side():
    signals = spc.western_electric_signals([2.5, 0, -2.5], center=0, sigma=1)
    assert 2 not in set(signals["rule"])


def test_western_electric_seven_on_one_side_is_not_rule_four():
    signals = spc.western_electric_signals([0.5] * 7 + [-0.5], center=0, sigma=1)
    assert 4 not in set(signals["rule"])


def test_western_electric_rejects_zero_sigma():
    with pytest.raises(ValueError, match="sigma must be greater than 0, got 0"):
        spc.western_electric_signals([1, 2], center=0, sigma=0)


# --- run chart ---------------------------------------------------------------------------


def _balestracci_series() -> list[float]:
    """Series built to the description in Balestracci, "An Underrated Test for Run Charts",
    Quality Digest, Oct 2008: 16 points forming runs of 7, 7, 1 and 1 (4 runs) about the
    median, with observations 5-9 falling. The article reads 5-12 runs as expected for 16
    points, so 4 runs is too few; Perla et al.'s Table 1 gives the same lower limit, 5.
    """
    return [20, 22, 21, 23, 25, 24, 21, 15, 14, 14.5, 13, 13.5, 12, 12.5, 22, 11]


def test_run_chart_counts_balestracci_runs_as_too_few():
    result = spc.run_chart_signals(_balestracci_series())
    assert result.median == pytest.approx(17.5)
    assert result.useful_observations == 16
    assert result.runs == 4
    assert (result.runs_lower_limit, result.runs_upper_limit) == (5, 13)
    assert result.too_few_runs and not result.too_many_runs


def test_run_chart_finds_balestracci_shifts_and_trend_under_ihi_rules():
    # Under Perla et al.'s thresholds (shift 6, trend 5) the two runs of 7 are shifts and
    # observations 5-9 (indexes 4-8) are a downward trend.
    result = spc.run_chart_signals(_balestracci_series())
    assert result.shifts.to_dict(orient="records") == [
        {"start": 0, "end": 6, "length": 7, "side": "above"},
        {"start": 7, "end": 13, "length": 7, "side": "below"},
    ]
    assert result.trends.to_dict(orient="records") == [
        {"start": 4, "end": 8, "length": 5, "direction": "down"}
    ]
    assert result.astronomical.empty
    assert set(result.signals()["rule"]) == {"shift", "trend", "too few runs"}


def test_run_chart_points_on_the_median_neither_add_to_nor_break_a_shift():
    # Perla et al. 2011: values on the median are skipped when counting a shift.
    five_above_with_median_points = [1, 5, 5, 3, 5, 3, 5, 5, 1, 1, 1]  # median 3
    result = spc.run_chart_signals(five_above_with_median_points)
    assert result.median == 3
    assert result.shifts.empty  # five useful points above, not six
    six_above = [1, 5, 5, 3, 5, 3, 5, 5, 5, 1, 1, 1, 1]
    shifts = spc.run_chart_signals(six_above).shifts
    assert shifts.to_dict(orient="records") == [
        {"start": 1, "end": 8, "length": 6, "side": "above"}
    ]


def test_run_chart_repeated_values_neither_make_nor_break_a_trend():
    # Perla et al. 2011: "if the value of two or more successive points is the same,
    # ignore one of the points when counting".
    four_rising_with_a_repeat = [1, 2, 2, 3, 4, 0]
    assert spc.run_chart_signals(four_rising_with_a_repeat).trends.empty
    five_rising_with_a_repeat = [1, 2, 2, 3, 4, 5, 0]
    trends = spc.run_chart_signals(five_rising_with_a_repeat).trends
    assert trends.to_dict(orient="records") == [
        {"start": 0, "end": 5, "length": 5, "direction": "up"}
    ]


def test_run_chart_flags_a_blatant_astronomical_candidate():
    values = [10, 11, 10, 12, 11, 10, 40, 11, 10, 12, 11, 10]
    result = spc.run_chart_signals(values)
    assert result.astronomical.to_dict(orient="records") == [{"index": 6, "value": 40.0}]


def test_run_chart_does_not_judge_runs_below_ten_useful_points():
    result = spc.run_chart_signals([1, 2, 1, 2, 1, 2])
    assert result.runs_lower_limit is None
    assert not (result.too_few_runs or result.too_many_runs)


def test_runs_limits_come_from_the_perla_table_then_the_normal_approximation():
    assert spc.runs_limits(20) == (6, 16)
    assert spc.runs_limits(60) == (25, 37)
    # Beyond the table: mean 51, sd = sqrt(100*98/396) = 4.975 -> (51 - 9.75, 51 + 9.75).
    assert spc.runs_limits(100) == (42, 60)
    assert spc.runs_limits(9) is None


def test_run_chart_too_many_runs_on_a_saw_tooth():
    result = spc.run_chart_signals([1, 9] * 10)  # 20 runs among 20 useful points
    assert result.runs == 20
    assert result.too_many_runs


def test_run_chart_rejects_non_numeric_values():
    with pytest.raises(ValueError, match=r"values\[1\] must be a finite number, got 'x'"):
        spc.run_chart_signals([1, "x", 3])


def test_run_chart_reads_later_points_against_a_frozen_baseline_median():
    # Perla et al. 2011: extend the baseline median and read the new points against it.
    baseline = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12]  # median 11.5
    after = [9, 8, 9, 10, 8, 9]  # six points below the baseline median, none below their own
    frozen = spc.run_chart_signals(baseline + after, median=spc.run_chart_signals(baseline).median)
    assert frozen.median == 11.5
    assert frozen.shifts.to_dict(orient="records") == [
        {"start": 10, "end": 15, "length": 6, "side": "below"}
    ]
    own = spc.run_chart_signals(after)
    assert own.median == 9 and own.shifts.empty


def test_run_chart_with_the_series_own_median_matches_the_default():
    values = _balestracci_series()
    default = spc.run_chart_signals(values)
    explicit = spc.run_chart_signals(values, median=default.median)
    assert explicit.to_dict() == default.to_dict()


def test_run_chart_rejects_a_median_that_is_not_a_number():
    with pytest.raises(ValueError, match=r"median must be a finite number, got nan"):
        spc.run_chart_signals([1, 2, 3], median=float("nan"))


def _reference_runs(
    values: list[float],
) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    """Straightforward loop version of the rules (runs, shifts, trends) for cross-checking."""
    med = float(np.median(values))
    runs, shifts, side, length, start, last = 0, [], 0, 0, None, None
    for i, x in enumerate(values):
        s = (x > med) - (x < med)
        if s == 0:
            continue
        if s != side:
            if length >= 6:
                shifts.append((start, last))
            runs, side, length, start = runs + 1, s, 0, i
        length, last = length + 1, i
    if length >= 6:
        shifts.append((start, last))
    trends, direction, steps, t_start, prev_i = [], 0, 0, 0, 0
    for i in range(1, len(values)):
        if values[i] == values[prev_i]:
            continue
        d = 1 if values[i] > values[prev_i] else -1
        if d != direction:
            if steps >= 4:
                trends.append((t_start, prev_i))
            direction, steps, t_start = d, 0, prev_i
        steps, prev_i = steps + 1, i
    if steps >= 4:
        trends.append((t_start, prev_i))
    return runs, shifts, trends


@settings(deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=80))
def test_run_chart_matches_a_plain_loop(values):
    result = spc.run_chart_signals(values)
    runs, shifts, trends = _reference_runs(values)
    assert result.runs == runs
    assert list(zip(result.shifts["start"], result.shifts["end"], strict=True)) == shifts
    assert list(zip(result.trends["start"], result.trends["end"], strict=True)) == trends


# --- teaching series -------------------------------------------------------------------


def test_step_change_series_moves_only_the_points_from_the_change():
    base = spc.step_change_series(20, 8, 0, level=30, noise=2, seed=7)
    moved = spc.step_change_series(20, 8, -5, level=30, noise=2, seed=7)
    assert np.allclose(moved[:8], base[:8])
    assert np.allclose(moved[8:] - base[8:], -5)
    later = spc.step_change_series(20, 12, -5, level=30, noise=2, seed=7)
    assert np.allclose(later[:12], base[:12]) and np.allclose(later[12:] - base[12:], -5)


def test_step_change_series_is_reproducible_and_rounded():
    a = spc.step_change_series(30, 10, 3, level=50, noise=4, seed=1)
    assert np.array_equal(a, spc.step_change_series(30, 10, 3, level=50, noise=4, seed=1))
    assert not np.array_equal(a, spc.step_change_series(30, 10, 3, level=50, noise=4, seed=2))
    assert np.array_equal(a, np.round(a, 1))
    assert abs(np.median(a[:10]) - 50) < 4  # around the level before the change


def test_step_change_series_without_noise_is_the_level_and_the_step():
    assert list(spc.step_change_series(4, 2, -3, level=10, noise=0, seed=0)) == [10, 10, 7, 7]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"length": 10, "change": 11, "effect": 1}, "change"),
        ({"length": 10, "change": 2, "effect": float("nan")}, "effect"),
        ({"length": 0, "change": 0, "effect": 1}, "length"),
    ],
)
def test_step_change_series_rejects_bad_input_naming_the_argument(kwargs, field):
    with pytest.raises(ValueError, match=field):
        spc.step_change_series(**kwargs, level=10, noise=1, seed=0)


def test_weeks_to_collect_counts_whole_weeks_for_the_points_a_chart_needs():
    assert spc.weeks_to_collect(12, 1) == 12  # weekly points
    assert spc.weeks_to_collect(12, 12 / 52) == 52  # monthly points: a year
    assert spc.weeks_to_collect(12, 5) == 3  # weekdays: 10 points in 2 weeks, 12 in the 3rd
    assert spc.weeks_to_collect(spc.SHIFT_LENGTH, 7) == 1  # daily, every day


def test_weeks_to_collect_names_a_rate_of_zero():
    with pytest.raises(InputError, match="per_week"):
        spc.weeks_to_collect(12, 0)
