"""Clinical epidemiology and evaluation statistics: risk measures for a 2x2 trial table,
diagnostic accuracy and predictive values at local prevalence, a two-proportion z test,
a difference in two means (Welch's t test and interval), a 2x2 difference-in-differences, and
two raters' agreement (Cohen's kappa).

Risks and proportions are fractions (0.1 = 10 %). Intervals are 95 % unless ``alpha`` is
given. Uses statsmodels (Table2x2, proportions_ztest, confint_proportions_2indep, OLS).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats as sps
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "DiagnosticAccuracy",
    "DifferenceInDifferences",
    "MeanDifference",
    "RaterAgreement",
    "RiskMeasures",
    "TwoProportionTest",
    "diagnostic_accuracy",
    "difference_in_differences",
    "mean_difference",
    "mean_difference_from_summary",
    "npv_at_prevalence",
    "ppv_at_prevalence",
    "rater_agreement",
    "risk_difference_at",
    "risk_measures",
    "two_proportion_test",
]


def _count(name: str, value: Any) -> int:
    """A whole, non-negative count."""
    return v.integer(name, value, minimum=0)


def _arm(events_name: str, events: Any, total_name: str, total: Any) -> tuple[int, int]:
    """Events and total for one arm: counts with 0 <= events <= total and total > 0."""
    e = _count(events_name, events)
    n = v.integer(total_name, total, minimum=1)
    if e > n:
        raise InputError(
            events_name,
            e,
            "not_above",
            other=total_name,
            message=f"{events_name} ({e}) cannot exceed {total_name} ({n})",
        )
    return e, n


def _alpha(alpha: Any) -> float:
    return v.probability("alpha", alpha, open_interval=True)


# --- risk measures -----------------------------------------------------------------------


@dataclass(frozen=True)
class RiskMeasures:
    """Effect measures comparing an exposed (treated) arm with a control arm.

    ARR = control risk - exposed risk (positive when exposure lowers risk); RRR = ARR /
    control risk; NNT = 1 / |ARR| with ``nnt_kind`` "benefit" (number needed to treat) or
    "harm" (number needed to harm), None when the risks are equal. The ARR interval is
    Newcombe's hybrid score interval; the NNT interval is its reciprocal when the ARR
    interval excludes 0 (else None: the NNT interval would run through infinity). Risk
    ratio and odds ratio intervals are the usual log (Katz / Woolf) intervals.
    """

    exposed_risk: float
    control_risk: float
    absolute_risk_reduction: float
    arr_ci: tuple[float, float]
    relative_risk_reduction: float | None
    nnt: float | None
    nnt_kind: str
    nnt_ci: tuple[float, float] | None
    risk_ratio: float | None
    risk_ratio_ci: tuple[float, float] | None
    odds_ratio: float | None
    odds_ratio_ci: tuple[float, float] | None

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return asdict(self)


def _finite_or_none(x: float) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _ci_or_none(ci: Any) -> tuple[float, float] | None:
    lo, hi = float(ci[0]), float(ci[1])
    return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) else None


def risk_measures(
    exposed_events: int,
    exposed_total: int,
    control_events: int,
    control_total: int,
    alpha: float = 0.05,
) -> RiskMeasures:
    """Risk in each arm, ARR, RRR, NNT, risk ratio and odds ratio with (1 - alpha) intervals.

    Counts are people: events (outcome happened) and totals per arm. Ratios that are
    undefined for the data (a zero cell) come back as None, never NaN or infinity.
    """
    a, n1 = _arm("exposed_events", exposed_events, "exposed_total", exposed_total)
    c, n0 = _arm("control_events", control_events, "control_total", control_total)
    level = _alpha(alpha)
    exposed_risk, control_risk = a / n1, c / n0
    arr = control_risk - exposed_risk
    lo_diff, hi_diff = confint_proportions_2indep(
        a, n1, c, n0, method="newcomb", compare="diff", alpha=level
    )
    arr_ci = (float(-hi_diff), float(-lo_diff))
    if arr > 0:
        nnt, kind = 1 / arr, "benefit"
    elif arr < 0:
        nnt, kind = 1 / -arr, "harm"
    else:
        nnt, kind = None, "no difference"
    nnt_ci = None
    if arr_ci[0] > 0 or arr_ci[1] < 0:
        bounds = sorted(1 / abs(x) for x in arr_ci)
        nnt_ci = (bounds[0], bounds[1])
    rrr = arr / control_risk if control_risk > 0 else None

    table = Table2x2(np.array([[a, n1 - a], [c, n0 - c]], dtype=float), shift_zeros=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        rr = _finite_or_none(table.riskratio) if c > 0 and a > 0 else None
        rr_ci = _ci_or_none(table.riskratio_confint(alpha=level)) if rr is not None else None
        has_zero = min(a, n1 - a, c, n0 - c) == 0
        odds = None if has_zero else _finite_or_none(table.oddsratio)
        or_ci = None if odds is None else _ci_or_none(table.oddsratio_confint(alpha=level))
    return RiskMeasures(
        exposed_risk=exposed_risk,
        control_risk=control_risk,
        absolute_risk_reduction=arr,
        arr_ci=arr_ci,
        relative_risk_reduction=rrr,
        nnt=nnt,
        nnt_kind=kind,
        nnt_ci=nnt_ci,
        risk_ratio=rr,
        risk_ratio_ci=rr_ci,
        odds_ratio=odds,
        odds_ratio_ci=or_ci,
    )


def risk_difference_at(assumed_control_risk: float, risk_ratio: float) -> float:
    """Absolute risk reduction a risk ratio implies at a local (assumed) control risk.

    ARR = ACR x (1 - RR): a study's relative effect carried to our own baseline risk, as the
    Cochrane Handbook (5.1, section 12.5.4.2) computes it; 1 / ARR is the local NNT. Positive
    when the risk ratio is below 1 (fewer events), negative when above.
    """
    acr = v.probability("assumed_control_risk", assumed_control_risk)
    rr = v.finite("risk_ratio", risk_ratio)
    if rr < 0:
        raise InputError("risk_ratio", risk_ratio, "at_least", minimum=0)
    if acr * rr > 1:
        raise InputError(
            "risk_ratio",
            risk_ratio,
            "defined",
            reason="risk above 1",
            message=f"risk_ratio {rr:g} at assumed_control_risk {acr:g} gives a risk above 1",
        )
    return acr * (1 - rr)


# --- diagnostic accuracy -----------------------------------------------------------------


@dataclass(frozen=True)
class DiagnosticAccuracy:
    """Accuracy of a test against a reference standard (all fractions except the LRs).

    PPV and NPV here are at the study's own prevalence; use :func:`ppv_at_prevalence` and
    :func:`npv_at_prevalence` for another setting. A measure whose denominator is 0 is None.
    """

    sensitivity: float | None
    specificity: float | None
    ppv: float | None
    npv: float | None
    lr_positive: float | None
    lr_negative: float | None
    prevalence: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return asdict(self)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def diagnostic_accuracy(tp: int, fp: int, fn: int, tn: int) -> DiagnosticAccuracy:
    """Sensitivity, specificity, PPV, NPV, LR+ and LR- from the four cells of a 2x2 table.

    tp/fn: diseased people with a positive/negative test; fp/tn: people without the
    disease with a positive/negative test. LR+ = sens / (1 - spec), LR- = (1 - sens) / spec.
    """
    tp_, fp_, fn_, tn_ = _count("tp", tp), _count("fp", fp), _count("fn", fn), _count("tn", tn)
    total = tp_ + fp_ + fn_ + tn_
    if total == 0:
        raise InputError(
            "tp, fp, fn and tn",
            0,
            "total_positive",
            message="tp, fp, fn and tn are all 0: there is nothing to measure",
        )
    sens = _ratio(tp_, tp_ + fn_)
    spec = _ratio(tn_, tn_ + fp_)
    lr_pos = lr_neg = None
    if sens is not None and spec is not None:
        lr_pos = _ratio(sens, 1 - spec)
        lr_neg = _ratio(1 - sens, spec)
    return DiagnosticAccuracy(
        sensitivity=sens,
        specificity=spec,
        ppv=_ratio(tp_, tp_ + fp_),
        npv=_ratio(tn_, tn_ + fn_),
        lr_positive=lr_pos,
        lr_negative=lr_neg,
        prevalence=(tp_ + fn_) / total,
    )


def _accuracy_inputs(sensitivity: Any, specificity: Any, prevalence: Any) -> tuple[float, ...]:
    return (
        v.probability("sensitivity", sensitivity),
        v.probability("specificity", specificity),
        v.probability("prevalence", prevalence),
    )


def ppv_at_prevalence(sensitivity: float, specificity: float, prevalence: float) -> float:
    """Positive predictive value in a population with the given prevalence (Bayes' theorem).

    PPV = sens x prev / (sens x prev + (1 - spec) x (1 - prev)). Use it to judge an AI
    triage tool at the local prevalence rather than the validation study's.
    """
    sens, spec, prev = _accuracy_inputs(sensitivity, specificity, prevalence)
    true_pos = sens * prev
    false_pos = (1 - spec) * (1 - prev)
    if true_pos + false_pos == 0:
        raise InputError(
            "sensitivity, specificity, prevalence",
            (sens, spec, prev),
            "defined",
            reason="no one tests positive",
            message="no one tests positive with these inputs (sensitivity x prevalence and "
            "(1 - specificity) x (1 - prevalence) are both 0), so the PPV is undefined",
        )
    return true_pos / (true_pos + false_pos)


def npv_at_prevalence(sensitivity: float, specificity: float, prevalence: float) -> float:
    """Negative predictive value at the given prevalence:
    spec x (1 - prev) / (spec x (1 - prev) + (1 - sens) x prev)."""
    sens, spec, prev = _accuracy_inputs(sensitivity, specificity, prevalence)
    true_neg = spec * (1 - prev)
    false_neg = (1 - sens) * prev
    if true_neg + false_neg == 0:
        raise InputError(
            "sensitivity, specificity, prevalence",
            (sens, spec, prev),
            "defined",
            reason="no one tests negative",
            message="no one tests negative with these inputs, so the NPV is undefined",
        )
    return true_neg / (true_neg + false_neg)


# --- two-proportion test -----------------------------------------------------------------


@dataclass(frozen=True)
class TwoProportionTest:
    """Two-sided z test of equal proportions (pooled SE) and the difference a - b with its
    Newcombe (hybrid score) interval."""

    proportion_a: float
    proportion_b: float
    difference: float
    difference_ci: tuple[float, float]
    z: float
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return asdict(self)


def two_proportion_test(
    successes_a: int, total_a: int, successes_b: int, total_b: int, alpha: float = 0.05
) -> TwoProportionTest:
    """Compare two independent proportions with statsmodels' proportions_ztest."""
    a, na = _arm("successes_a", successes_a, "total_a", total_a)
    b, nb = _arm("successes_b", successes_b, "total_b", total_b)
    level = _alpha(alpha)
    pooled = (a + b) / (na + nb)
    if pooled in (0.0, 1.0):
        outcome = "failure" if pooled == 0 else "success"
        raise InputError(
            "successes_a, successes_b",
            (a, b),
            "defined",
            reason=f"every observation is a {outcome}",
            message=f"the z test is undefined when every observation is a {outcome} "
            f"(successes_a={a}, successes_b={b})",
        )
    z, p = proportions_ztest(np.array([a, b]), np.array([na, nb]))
    lo, hi = confint_proportions_2indep(a, na, b, nb, method="newcomb", compare="diff", alpha=level)
    return TwoProportionTest(
        proportion_a=a / na,
        proportion_b=b / nb,
        difference=a / na - b / nb,
        difference_ci=(float(lo), float(hi)),
        z=float(z),
        p_value=float(p),
    )


# --- difference in two means --------------------------------------------------------------


@dataclass(frozen=True)
class MeanDifference:
    """Welch's two-sample t test (no equal-variance assumption) of mean a - mean b, with its
    interval; in the unit of the outcome (visits, dollars)."""

    mean_a: float
    mean_b: float
    n_a: int
    n_b: int
    difference: float
    difference_ci: tuple[float, float]
    se: float
    t: float
    df: float
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return asdict(self)


def mean_difference_from_summary(
    mean_a: float,
    sd_a: float,
    n_a: int,
    mean_b: float,
    sd_b: float,
    n_b: int,
    alpha: float = 0.05,
) -> MeanDifference:
    """Welch's t test and the (1 - alpha) interval of mean a - mean b from each group's mean,
    sample standard deviation and size (scipy.stats.ttest_ind_from_stats, t quantile for
    the Welch-Satterthwaite degrees of freedom)."""
    ma, mb = v.finite("mean_a", mean_a), v.finite("mean_b", mean_b)
    sa, sb = v.non_negative("sd_a", sd_a), v.non_negative("sd_b", sd_b)
    na, nb = v.integer("n_a", n_a, minimum=2), v.integer("n_b", n_b, minimum=2)
    level = _alpha(alpha)
    va, vb = sa**2 / na, sb**2 / nb
    if va + vb == 0:
        raise InputError(
            "sd_a, sd_b",
            (sa, sb),
            "defined",
            reason="both groups have no spread",
            message="the t test is undefined when every value within each group is the same",
        )
    result = sps.ttest_ind_from_stats(ma, sa, na, mb, sb, nb, equal_var=False)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    half = float(sps.t.ppf(1 - level / 2, df)) * se
    diff = ma - mb
    return MeanDifference(
        mean_a=ma,
        mean_b=mb,
        n_a=na,
        n_b=nb,
        difference=diff,
        difference_ci=(diff - half, diff + half),
        se=se,
        t=float(result.statistic),
        df=float(df),
        p_value=float(result.pvalue),
    )


def mean_difference(a: Any, b: Any, alpha: float = 0.05) -> MeanDifference:
    """Welch's t test and interval of mean(a) - mean(b) for two independent samples."""
    xa = v.finite_array("a", a, min_length=2)
    xb = v.finite_array("b", b, min_length=2)
    return mean_difference_from_summary(
        float(xa.mean()),
        float(xa.std(ddof=1)),
        xa.size,
        float(xb.mean()),
        float(xb.std(ddof=1)),
        xb.size,
        alpha=alpha,
    )


# --- difference in differences -----------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DifferenceInDifferences:
    """2x2 difference-in-differences from OLS ``outcome ~ group * period``.

    ``estimate`` is the interaction coefficient: (treated after - treated before) -
    (comparison after - comparison before), in the unit of the outcome. ``means`` is the
    2x2 table of cell means (rows group 0/1, columns period 0/1).
    """

    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float
    n: int
    means: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return {
            "estimate": self.estimate,
            "se": self.se,
            "ci": self.ci,
            "p_value": self.p_value,
            "n": self.n,
            "means": self.means.to_dict(),
        }


def _binary_column(df: pd.DataFrame, column: str, role: str) -> pd.Series:
    """A 0/1 indicator column (bools accepted) with both levels present."""
    if column not in df.columns:
        raise InputError(
            role,
            column,
            "known",
            suggestion=f" (columns: {list(df.columns)})",
            message=f"{role} column {column!r} is not in the data; columns are {list(df.columns)}",
        )
    raw = df[column]
    if raw.isna().any():
        rows = list(raw.index[raw.isna()][:5])
        raise InputError(
            f"df[{column!r}]",
            rows,
            "required",
            message=f"{role} column {column!r} has missing values at rows {rows}",
        )
    levels = set(pd.unique(raw).tolist())
    if not levels <= {0, 1}:  # True == 1 and False == 0, so booleans pass
        raise InputError(
            f"df[{column!r}]",
            sorted(map(str, levels)),
            "choice",
            choices=[0, 1],
            message=f"{role} column {column!r} must be coded 0/1 (or False/True), "
            f"got levels {sorted(map(str, levels))}",
        )
    as_int = raw.astype(int)
    if as_int.nunique() != 2:
        raise InputError(
            f"df[{column!r}]",
            sorted(set(as_int)),
            "count",
            expected="both 0 and 1",
            message=f"{role} column {column!r} needs both 0 and 1, got only {sorted(set(as_int))}",
        )
    return as_int


def difference_in_differences(
    df: pd.DataFrame,
    outcome: str,
    group: str,
    period: str,
    alpha: float = 0.05,
    cov_type: str = "nonrobust",
) -> DifferenceInDifferences:
    """2x2 DiD via statsmodels OLS of ``outcome`` on group, period and their interaction.

    ``group`` = 1 for the treated group, 0 for the comparison group; ``period`` = 1 after
    the change, 0 before. ``cov_type`` is passed to statsmodels ("nonrobust" as in
    textbook examples, "HC1" for heteroskedasticity-robust SEs).
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError(
            "df",
            type(df).__name__,
            "type",
            expected="a pandas DataFrame",
            message=f"df must be a pandas DataFrame, got {type(df).__name__}",
        )
    if outcome not in df.columns:
        raise InputError(
            "outcome",
            outcome,
            "known",
            suggestion=f" (columns: {list(df.columns)})",
            message=f"outcome column {outcome!r} is not in the data; "
            f"columns are {list(df.columns)}",
        )
    level = _alpha(alpha)
    y = pd.Series(v.finite_array(f"df[{outcome!r}]", df[outcome]), index=df.index)
    data = pd.DataFrame(
        {"y": y, "g": _binary_column(df, group, "group"), "t": _binary_column(df, period, "period")}
    )
    cells = data.groupby(["g", "t"]).size()
    if len(cells) < 4:
        missing = sorted({(g, t) for g in (0, 1) for t in (0, 1)} - set(cells.index))
        raise InputError(
            "df",
            missing,
            "required",
            message=f"every group x period cell needs data; empty (group, period) cells: {missing}",
        )
    if len(data) <= 4:
        raise InputError(
            "df",
            len(data),
            "at_least",
            minimum=5,
            message=f"need more than 4 observations to estimate a standard error, got {len(data)}",
        )
    fit = smf.ols("y ~ g * t", data=data).fit(cov_type=cov_type)
    lo, hi = fit.conf_int(alpha=level).loc["g:t"]
    means = data.groupby(["g", "t"])["y"].mean().unstack("t")
    means.index.name, means.columns.name = group, period
    return DifferenceInDifferences(
        estimate=float(fit.params["g:t"]),
        se=float(fit.bse["g:t"]),
        ci=(float(lo), float(hi)),
        p_value=float(fit.pvalues["g:t"]),
        n=int(fit.nobs),
        means=means,
    )


# --- agreement between two raters --------------------------------------------------------


@dataclass(frozen=True)
class RaterAgreement:
    """Agreement of two raters on the same items: observed share, chance share and kappa.

    ``table`` is the cross-table of counts (rater A's categories as rows, B's as columns, in
    ``categories`` order); ``kappa_ci`` is the large-sample (1 - alpha) interval, kappa +/- z
    times statsmodels' standard error of kappa (None when that error is undefined, as when one
    rater used a single category).
    """

    n: int
    categories: tuple[str, ...]
    table: pd.DataFrame
    observed_agreement: float
    chance_agreement: float
    kappa: float
    kappa_ci: tuple[float, float] | None

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view (the table as nested lists)."""
        out = asdict(self)
        out["table"] = self.table.to_numpy().tolist()
        return out


def _labels(name: str, values: Any) -> list[Any]:
    """A one-dimensional, non-empty list of labels with none missing."""
    if isinstance(values, str) or not hasattr(values, "__len__"):
        raise InputError(name, values, "sequence", message=f"{name} must be a list of labels")
    items = list(values)
    if not items:
        raise InputError(name, items, "min_length", minimum=1)
    for i, item in enumerate(items):
        if item is None or (isinstance(item, float) and math.isnan(item)) or item is pd.NA:
            raise InputError(f"{name}[{i}]", item, "required", message=f"{name}[{i}] is missing")
    return items


def rater_agreement(
    rater_a: Any, rater_b: Any, categories: Any = None, alpha: float = 0.05
) -> RaterAgreement:
    """Cohen's kappa of two raters' labels for the same items, with the shares it compares.

    kappa = (p_o - p_e) / (1 - p_e): p_o the share of items both raters put in the same
    category, p_e the share expected by chance from each rater's own category shares (Cohen
    1960, doi:10.1177/001316446002000104; statsmodels ``cohens_kappa``). ``categories`` fixes
    the order (and adds categories neither rater used); by default, sorted labels. Undefined
    (InputError) when chance agreement is 1 (both raters used one and the same category).
    """
    from statsmodels.stats.inter_rater import cohens_kappa

    level = _alpha(alpha)
    a = [str(x) for x in _labels("rater_a", rater_a)]
    b = [str(x) for x in _labels("rater_b", rater_b)]
    v.same_length(rater_a=a, rater_b=b)
    used = sorted(set(a) | set(b))
    if categories is None:
        cats = used
    else:
        cats = [str(c) for c in _labels("categories", categories)]
        missing = [c for c in used if c not in cats]
        if missing:
            raise InputError(
                "categories",
                cats,
                "choice",
                choices=cats,
                message=f"ratings use {missing!r}, which is not in categories {cats!r}",
            )
    table = pd.crosstab(
        pd.Categorical(a, categories=cats), pd.Categorical(b, categories=cats), dropna=False
    ).reindex(index=cats, columns=cats, fill_value=0)
    counts = table.to_numpy(dtype=float)
    n = len(a)
    observed = float(np.trace(counts)) / n
    chance = float(counts.sum(axis=1) @ counts.sum(axis=0)) / n**2
    if chance >= 1:
        raise InputError(
            "rater_a, rater_b",
            used,
            "defined",
            reason="both raters used one category",
            message=f"kappa is undefined when both raters put every item in {used[0]!r}",
        )
    with np.errstate(invalid="ignore"):
        result = cohens_kappa(counts)
    kappa = float(result.kappa)
    std = float(result.std_kappa)
    half = float(sps.norm.ppf(1 - level / 2)) * std
    kappa_ci = (kappa - half, kappa + half) if math.isfinite(std) else None
    table.index.name, table.columns.name = "rater_a", "rater_b"
    return RaterAgreement(
        n=n,
        categories=tuple(cats),
        table=table,
        observed_agreement=observed,
        chance_agreement=chance,
        kappa=kappa,
        kappa_ci=kappa_ci,
    )
