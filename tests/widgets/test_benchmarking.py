"""careops.benchmarking: funnel limits as in Spiegelhalter (2005), Stat Med 24:1185, App. A.1.1."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from careops.benchmarking import compare_proportions, funnel_limits


def test_limit_follows_the_appendix_interpolation_by_hand():
    # n = 100, target 0.1, upper 97.5 %: r_p = 16 (the 0.975 quantile of Bin(100, 0.1)),
    # alpha = (F(16) - 0.975) / (F(16) - F(15)), limit = (16 - alpha) / 100.
    f16, f15 = stats.binom.cdf(16, 100, 0.1), stats.binom.cdf(15, 100, 0.1)
    assert stats.binom.ppf(0.975, 100, 0.1) == 16
    expected = (16 - (f16 - 0.975) / (f16 - f15)) / 100
    assert funnel_limits(0.1, [100], 0.95)["upper"].iloc[0] == pytest.approx(expected, abs=1e-12)
    assert 0.15 < expected < 0.16


def test_large_volumes_approach_the_normal_limits():
    # The paper's normal approximation: target +/- z sqrt(target (1 - target) / n).
    n = np.array([20_000, 100_000])
    z = stats.norm.ppf(0.999)
    limits = funnel_limits(0.15, n, 0.998)
    se = np.sqrt(0.15 * 0.85 / n)
    assert limits["upper"].to_numpy() == pytest.approx(0.15 + z * se, rel=2e-3)
    assert limits["lower"].to_numpy() == pytest.approx(0.15 - z * se, rel=2e-3)


def test_funnel_narrows_as_volume_grows():
    limits = funnel_limits(0.15, [50, 200, 1000, 5000], 0.998)
    assert limits["upper"].is_monotonic_decreasing
    assert limits["lower"].is_monotonic_increasing


def test_outer_funnel_contains_the_inner_one():
    inner = funnel_limits(0.2, [80, 400, 3000], 0.95)
    outer = funnel_limits(0.2, [80, 400, 3000], 0.998)
    assert (outer["upper"] > inner["upper"]).all() and (outer["lower"] < inner["lower"]).all()


def test_compare_proportions_places_units_and_pools_the_target():
    table = compare_proportions(
        ["small", "big high", "big low", "typical"],
        [9, 2_000, 1_200, 150],
        [50, 10_000, 10_000, 1_000],
    )
    assert table["target"].iloc[0] == pytest.approx((9 + 2000 + 1200 + 150) / 21_050)
    position = dict(zip(table["unit"], table["position"], strict=True))
    assert position == {
        "small": "within",
        "big high": "above 99.8%",
        "big low": "below 99.8%",
        "typical": "within",
    }


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: funnel_limits(1.2, [10]), "target must be strictly between 0 and 1, got 1.2"),
        (
            lambda: funnel_limits(0.1, [10.5]),
            r"sizes\[0\] must be a whole number of at least 1, got 10.5",
        ),
        (
            lambda: compare_proportions(["A"], [12], [10]),
            r"events\[0\] \(12.0\) cannot exceed sizes\[0\] \(10.0\) for 'A'",
        ),
        (lambda: funnel_limits(0.1, [10], coverage=1), "coverage must be strictly between 0 and 1"),
    ],
)
def test_bad_input_is_named(call, words):
    with pytest.raises(ValueError, match=words):
        call()
