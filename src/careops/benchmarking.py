"""Comparing institutions fairly: funnel-plot control limits for proportions.

A funnel plot puts each hospital's rate (readmissions, mortality) against its volume, with
control limits around a target that narrow as volume grows, so small hospitals are not
branded outliers for chance variation (Spiegelhalter DJ, "Funnel plots for comparing
institutional performance", Stat Med 2005;24:1185-1202, doi:10.1002/sim.1970).

Limits are the exact binomial ones of the paper's Appendix A.1.1, interpolated so they are
smooth in the volume: with r_p the p-quantile of Binomial(n, target) and F its CDF,
alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) and the limit is (r_p - alpha) / n.
Analytics layer: no charts, no widgets.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from careops import _validate as v
from careops.errors import InputError

__all__ = ["COVERAGES", "compare_proportions", "funnel_limits"]

COVERAGES = (0.95, 0.998)  # the paper's two funnels: about 2 and 3 standard errors


def _coverage(value: Any) -> float:
    return v.probability("coverage", value, open_interval=True)


def _quantile_limit(p: float, sizes: np.ndarray, target: float) -> np.ndarray:
    """Spiegelhalter's interpolated binomial p-quantile, as a proportion, for each size."""
    r = stats.binom.ppf(p, sizes, target)
    at = stats.binom.cdf(r, sizes, target)
    below = stats.binom.cdf(r - 1, sizes, target)
    alpha = (at - p) / (at - below)
    return (r - alpha) / sizes


def funnel_limits(target: float, sizes: Any, coverage: float = 0.998) -> pd.DataFrame:
    """Lower and upper funnel limits for a proportion ``target`` at each volume in ``sizes``.

    ``coverage`` 0.95 gives the inner (about 2 SE) funnel, 0.998 the outer (about 3 SE).
    Columns: size, lower, upper (proportions). Exact binomial with interpolation
    (Spiegelhalter 2005, Appendix A.1.1).
    """
    theta = v.probability("target", target, open_interval=True)
    n = v.finite_array("sizes", sizes)
    bad = np.flatnonzero((n < 1) | (n != np.floor(n)))
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"sizes[{i}]",
            n[i],
            "at_least",
            minimum=1,
            message=f"sizes[{i}] must be a whole number of at least 1, got {v.show(n[i])}",
        )
    cover = _coverage(coverage)
    tail = (1 - cover) / 2
    return pd.DataFrame(
        {
            "size": n.astype(int),
            "lower": np.clip(_quantile_limit(tail, n, theta), 0.0, 1.0),
            "upper": np.clip(_quantile_limit(1 - tail, n, theta), 0.0, 1.0),
        }
    )


def compare_proportions(
    units: Any, events: Any, sizes: Any, target: float | None = None
) -> pd.DataFrame:
    """Each unit's proportion against the funnel: where it sits at 95 % and 99.8 %.

    ``target`` defaults to the pooled proportion (total events / total size). Columns: unit,
    events, size, proportion, target, lower_95, upper_95, lower_998, upper_998, position —
    one of "above 99.8%", "above 95%", "within", "below 95%", "below 99.8%".
    """
    names = [str(u) for u in units]
    e = v.non_negative_array("events", events)
    n = v.finite_array("sizes", sizes)
    v.same_length(units=names, events=e, sizes=n)
    over = np.flatnonzero(e > n)
    if over.size:
        i = int(over[0])
        raise InputError(
            f"events[{i}]",
            e[i],
            "not_above",
            other=f"sizes[{i}]",
            message=f"events[{i}] ({v.show(e[i])}) cannot exceed sizes[{i}] "
            f"({v.show(n[i])}) for {names[i]!r}",
        )
    theta = (
        float(e.sum() / n.sum())
        if target is None
        else v.probability("target", target, open_interval=True)
    )
    inner = funnel_limits(theta, n, 0.95)
    outer = funnel_limits(theta, n, 0.998)
    p = e / n
    position = np.select(
        [p > outer["upper"], p > inner["upper"], p < outer["lower"], p < inner["lower"]],
        ["above 99.8%", "above 95%", "below 99.8%", "below 95%"],
        default="within",
    )
    return pd.DataFrame(
        {
            "unit": names,
            "events": e.astype(int),
            "size": n.astype(int),
            "proportion": p,
            "target": theta,
            "lower_95": inner["lower"],
            "upper_95": inner["upper"],
            "lower_998": outer["lower"],
            "upper_998": outer["upper"],
            "position": position,
        }
    )
