"""Helpers shared by the generators: the synthetic year, opaque keys, calibrated logistic rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit

from careops.errors import InputError

YEAR = 2025
"""Every synthetic dataset is shifted into this one calendar year (a non-leap year)."""


def year_start() -> pd.Timestamp:
    return pd.Timestamp(f"{YEAR}-01-01")


def days_of_year() -> pd.DatetimeIndex:
    """The 365 dates of the synthetic year."""
    return pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")


def tokens(rng: np.random.Generator, n: int, prefix: str, width: int = 6) -> np.ndarray:
    """``n`` distinct opaque keys like ``pt-3f9a1c``: random hex, nothing like an MRN."""
    space = 16**width
    if n > space // 4:
        raise InputError(
            "n",
            n,
            "at_most",
            maximum=space // 4,
            message=f"tokens: n={n} is too many for width={width}",
        )
    picked = np.unique(rng.integers(0, space, size=int(n * 1.3) + 16))
    while len(picked) < n:
        picked = np.unique(np.concatenate([picked, rng.integers(0, space, size=n)]))
    picked = rng.permutation(picked)[:n]
    return np.array([f"{prefix}-{v:0{width}x}" for v in picked], dtype=object)


def calibrated_intercept(linear: np.ndarray, target: float) -> float:
    """The intercept b0 for which mean(expit(b0 + linear)) equals ``target``."""
    if not 0 < target < 1:
        raise InputError(
            "target",
            target,
            "open_probability",
            message=f"calibrated_intercept: target={target} must be in (0, 1)",
        )
    return float(brentq(lambda b: float(expit(b + linear).mean()) - target, -30, 30))


def lognormal(
    rng: np.random.Generator,
    median: np.ndarray | float,
    sigma: np.ndarray | float,
    size: int | None = None,
) -> np.ndarray:
    """Lognormal draws given the median (= geometric mean) and the log-scale sigma."""
    return np.exp(
        np.log(median) + sigma * rng.standard_normal(size if size is not None else np.shape(median))
    )


def ages(rng: np.random.Generator, bands: dict[tuple[int, int], float], n: int) -> np.ndarray:
    """Ages in whole years drawn from age-band shares, top-coded at 90 (Safe Harbor)."""
    edges = list(bands)
    p = np.array(list(bands.values()), dtype=float)
    which = rng.choice(len(edges), size=n, p=p / p.sum())
    lo = np.array([e[0] for e in edges])[which]
    hi = np.array([e[1] for e in edges])[which]
    return np.minimum(rng.integers(lo, hi + 1), 90)
