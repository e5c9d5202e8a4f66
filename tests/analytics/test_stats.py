"""careops.stats against published worked examples, invariants and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import Table2x2

from careops import stats

DATA = Path(__file__).parent / "data"

# --- risk measures -----------------------------------------------------------------------


def test_risk_measures_match_wikipedia_nnt_worked_example_risk_reduction():
    # Wikipedia, "Number needed to treat", Worked example 1 (mirrored at liquisearch.com):
    # experimental 15 events of 150, control 100 of 250 -> EER 0.1, CER 0.4, ARR 0.3,
    # RRR 0.75, NNT 3.33, RR 0.25, OR 0.167.
    r = stats.risk_measures(15, 150, 100, 250)
    assert (r.exposed_risk, r.control_risk) == (pytest.approx(0.1), pytest.approx(0.4))
    assert r.absolute_risk_reduction == pytest.approx(0.3)
    assert r.relative_risk_reduction == pytest.approx(0.75)
    assert (round(r.nnt, 2), r.nnt_kind) == (3.33, "benefit")
    assert r.risk_ratio == pytest.approx(0.25)
    assert round(r.odds_ratio, 3) == 0.167


def test_risk_measures_match_wikipedia_nnt_worked_example_risk_increase():
    # Same page, Worked example 2: experimental 75 of 150, control 100 of 250 -> ARI 0.1,
    # NNH 10, RR 1.25, OR 1.5.
    r = stats.risk_measures(75, 150, 100, 250)
    assert r.absolute_risk_reduction == pytest.approx(-0.1)
    assert (round(r.nnt, 6), r.nnt_kind) == (10, "harm")
    assert r.risk_ratio == pytest.approx(1.25)
    assert r.odds_ratio == pytest.approx(1.5)


def test_risk_measures_intervals_match_statsmodels_table2x2():
    r = stats.risk_measures(15, 150, 100, 250)
    table = Table2x2(np.array([[15, 135], [100, 150]]))
    assert r.risk_ratio_ci == pytest.approx(tuple(table.riskratio_confint()))
    assert r.odds_ratio_ci == pytest.approx(tuple(table.oddsratio_confint()))
    lo, hi = r.arr_ci
    assert lo < r.absolute_risk_reduction < hi
    assert r.nnt_ci == pytest.approx((1 / hi, 1 / lo))


def test_risk_measures_nnt_interval_is_none_when_arr_interval_spans_zero():
    r = stats.risk_measures(75, 150, 100, 250)  # ARR CI (-0.198, 0.0003) includes 0
    assert r.arr_ci[0] < 0 < r.arr_ci[1]
    assert r.nnt_ci is None


def test_risk_measures_report_undefined_ratios_as_none_not_nan():
    r = stats.risk_measures(0, 50, 5, 50)
    assert r.risk_ratio is None and r.odds_ratio is None
    assert r.nnt == pytest.approx(10)


def test_risk_measures_reject_more_events_than_people():
    with pytest.raises(
        ValueError, match=r"exposed_events \(51\) cannot exceed exposed_total \(50\)"
    ):
        stats.risk_measures(51, 50, 5, 50)


def test_risk_measures_reject_fractional_counts():
    with pytest.raises(ValueError, match=r"control_events must be a whole number, got 2\.5"):
        stats.risk_measures(1, 50, 2.5, 50)


@settings(deadline=None)
@given(st.integers(1, 99), st.integers(100, 400), st.integers(1, 99), st.integers(100, 400))
def test_rrr_is_one_minus_risk_ratio(a, n1, c, n0):
    r = stats.risk_measures(a, n1, c, n0)
    assert r.relative_risk_reduction == pytest.approx(1 - r.risk_ratio)


# --- diagnostic accuracy -----------------------------------------------------------------


def test_diagnostic_accuracy_matches_altman_bland_liver_scan():
    # Altman & Bland, "Diagnostic tests 1: sensitivity and specificity", BMJ 1994;308:1552
    # and "Diagnostic tests 2: predictive values", BMJ 1994;309:102: liver scan vs
    # pathology, 231 TP, 32 FP, 27 FN, 54 TN. Sensitivity 231/258 = 0.90, specificity
    # 54/86 = 0.63, PPV 231/263 = 0.88, prevalence 0.75. (The second note prints the NPV
    # as "54/81 = 0.59"; 54/81 is 0.67, which is what we check.)
    r = stats.diagnostic_accuracy(tp=231, fp=32, fn=27, tn=54)
    assert round(r.sensitivity, 2) == 0.90
    assert round(r.specificity, 2) == 0.63
    assert round(r.ppv, 2) == 0.88
    assert r.npv == pytest.approx(54 / 81)
    assert r.prevalence == pytest.approx(0.75)
    assert r.lr_positive == pytest.approx((231 / 258) / (32 / 86))
    assert r.lr_negative == pytest.approx((27 / 258) / (54 / 86))


def test_ppv_at_prevalence_matches_altman_bland_lower_prevalence_setting():
    # Altman & Bland 1994;309:102: with prevalence 0.25 instead of 0.75 the same test
    # would have PPV 0.45 and NPV 0.95.
    sens, spec = 231 / 258, 54 / 86
    assert round(stats.ppv_at_prevalence(sens, spec, 0.25), 2) == 0.45
    assert round(stats.npv_at_prevalence(sens, spec, 0.25), 2) == 0.95


def test_ppv_at_the_study_prevalence_equals_the_study_ppv():
    r = stats.diagnostic_accuracy(231, 32, 27, 54)
    assert stats.ppv_at_prevalence(r.sensitivity, r.specificity, r.prevalence) == pytest.approx(
        r.ppv
    )


def test_ppv_at_prevalence_rejects_a_percentage():
    with pytest.raises(ValueError, match="prevalence must be between 0 and 1, got 25"):
        stats.ppv_at_prevalence(0.9, 0.8, 25)


def test_diagnostic_accuracy_with_perfect_specificity_has_no_lr_positive():
    r = stats.diagnostic_accuracy(tp=10, fp=0, fn=5, tn=20)
    assert r.specificity == 1 and r.lr_positive is None


def test_diagnostic_accuracy_rejects_negative_cells():
    with pytest.raises(ValueError, match="fn must be at least 0, got -1"):
        stats.diagnostic_accuracy(10, 2, -1, 5)


@settings(deadline=None)
@given(st.floats(0.01, 0.99), st.floats(0.5, 0.99), st.floats(0.001, 0.5), st.floats(0.001, 0.5))
def test_ppv_rises_with_prevalence(sens, spec, p1, p2):
    low, high = sorted((p1, p2))
    assert (
        stats.ppv_at_prevalence(sens, spec, low)
        <= stats.ppv_at_prevalence(sens, spec, high) + 1e-12
    )


# --- two-proportion test -----------------------------------------------------------------


def test_two_proportion_test_matches_statsmodels_documented_example():
    # statsmodels proportions_ztest docstring: counts [5, 12] of [83, 99] -> p = 0.159.
    r = stats.two_proportion_test(5, 83, 12, 99)
    assert round(r.p_value, 3) == 0.159
    assert r.difference == pytest.approx(5 / 83 - 12 / 99)
    assert r.difference_ci[0] < r.difference < r.difference_ci[1]


def test_two_proportion_test_z_is_the_pooled_formula():
    r = stats.two_proportion_test(5, 83, 12, 99)
    p = 17 / 182
    z = (5 / 83 - 12 / 99) / np.sqrt(p * (1 - p) * (1 / 83 + 1 / 99))
    assert r.z == pytest.approx(z)


def test_two_proportion_test_rejects_all_failures():
    with pytest.raises(ValueError, match="every observation is a failure"):
        stats.two_proportion_test(0, 10, 0, 12)


# --- difference in differences -----------------------------------------------------------


def test_difference_in_differences_matches_wooldridge_example_13_3():
    # Wooldridge, Introductory Econometrics, Example 13.3 (Kiel & McClain 1995 incinerator
    # data, KIELMC): rprice on y81, nearinc, y81*nearinc: interaction -11,863.90 with
    # SE 7,456.65, n = 321. Means: far 1978 $82,517; near 1978 $63,693.
    df = pd.read_csv(DATA / "kielmc_did.csv")
    r = stats.difference_in_differences(df, outcome="rprice", group="nearinc", period="y81")
    assert r.estimate == pytest.approx(-11_863.90, abs=0.01)
    assert r.se == pytest.approx(7_456.65, abs=0.01)
    assert r.n == 321
    assert r.ci[0] < r.estimate < r.ci[1]
    assert 0.05 < r.p_value < 0.2
    assert r.means.loc[0, 0] == pytest.approx(82_517.23, abs=0.01)
    assert r.means.loc[1, 0] == pytest.approx(63_692.86, abs=0.01)


def test_difference_in_differences_equals_the_difference_of_cell_mean_changes():
    df = pd.read_csv(DATA / "kielmc_did.csv")
    r = stats.difference_in_differences(df, "rprice", "nearinc", "y81")
    m = r.means
    assert r.estimate == pytest.approx((m.loc[1, 1] - m.loc[1, 0]) - (m.loc[0, 1] - m.loc[0, 0]))


def test_difference_in_differences_names_a_missing_column():
    df = pd.DataFrame({"y": [1.0, 2.0], "g": [0, 1], "t": [0, 1]})
    with pytest.raises(ValueError, match="period column 'year' is not in the data"):
        stats.difference_in_differences(df, "y", "g", "year")


def test_difference_in_differences_rejects_non_binary_coding():
    df = pd.DataFrame({"y": [1.0] * 8, "g": [0, 1] * 4, "t": [1978, 1981] * 4})
    with pytest.raises(ValueError, match="period column 't' must be coded 0/1"):
        stats.difference_in_differences(df, "y", "g", "t")


def test_difference_in_differences_requires_all_four_cells():
    df = pd.DataFrame(
        {"y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "g": [0, 0, 1, 1, 0, 1], "t": [0, 1, 0, 0, 0, 0]}
    )
    with pytest.raises(ValueError, match=r"empty \(group, period\) cells: \[\(1, 1\)\]"):
        stats.difference_in_differences(df, "y", "g", "t")


# --- difference in two means ---------------------------------------------------------------


def test_mean_difference_matches_nist_handbook_two_sample_t_test():
    # NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.5.3 "Two-Sample t-Test for
    # Equal Means" (AUTO83B.DAT, miles per gallon, US vs Japanese cars): N1 = 249, mean
    # 20.14458, SD 6.41470; N2 = 79, mean 30.48101, SD 6.10771. Unequal variances:
    # T = -12.94627 with 136.8750 degrees of freedom.
    r = stats.mean_difference_from_summary(20.14458, 6.41470, 249, 30.48101, 6.10771, 79)
    assert round(r.t, 5) == -12.94627
    assert round(r.df, 4) == 136.8750
    assert r.difference == pytest.approx(-10.33643)
    assert r.p_value < 1e-20


def test_mean_difference_from_data_agrees_with_scipy_welch_test():
    from scipy import stats as sps

    rng = np.random.default_rng(7)
    a, b = rng.normal(3, 4, 60), rng.normal(2, 2, 45)
    r = stats.mean_difference(a, b)
    ref = sps.ttest_ind(a, b, equal_var=False)
    assert (r.t, r.p_value, r.df) == pytest.approx((ref.statistic, ref.pvalue, ref.df))
    assert r.difference_ci == pytest.approx(tuple(ref.confidence_interval(0.95)))
    assert r.difference == pytest.approx(a.mean() - b.mean())


def test_mean_difference_interval_excludes_zero_exactly_when_p_is_below_alpha():
    rng = np.random.default_rng(3)
    for shift in (0.0, 0.3, 0.6, 1.0):
        r = stats.mean_difference(rng.normal(shift, 1, 40), rng.normal(0, 1, 40))
        lo, hi = r.difference_ci
        assert (lo > 0 or hi < 0) == (r.p_value < 0.05)


def test_mean_difference_refuses_a_group_of_one():
    with pytest.raises(ValueError, match="b must have at least 2 value"):
        stats.mean_difference([1, 2, 3], [4])


def test_mean_difference_refuses_two_groups_without_spread():
    with pytest.raises(ValueError, match="undefined when every value within each group"):
        stats.mean_difference([2, 2, 2], [3, 3])
