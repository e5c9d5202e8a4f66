"""Shared input checks for the analytics modules, so every error message reads the same.

Each check returns the cleaned value (a float, an int or a float array) and raises
``ValueError`` naming the argument and the offending value. Nothing here returns NaN.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "finite",
    "finite_array",
    "integer",
    "non_negative",
    "non_negative_array",
    "positive",
    "probability",
    "same_length",
]


def _is_real(value: Any) -> bool:
    """True for int/float-like scalars (numpy included) but not bool, str or None."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def finite(name: str, value: Any) -> float:
    """Return ``value`` as a float; reject non-numbers, NaN and infinity."""
    if not _is_real(value):
        raise ValueError(f"{name} must be a number, got {show(value)}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{name} must be a finite number, got {show(value)}")
    return out


def positive(name: str, value: Any) -> float:
    """Return ``value`` as a float > 0."""
    out = finite(name, value)
    if out <= 0:
        raise ValueError(f"{name} must be greater than 0, got {show(value)}")
    return out


def non_negative(name: str, value: Any) -> float:
    """Return ``value`` as a float >= 0."""
    out = finite(name, value)
    if out < 0:
        raise ValueError(f"{name} must be 0 or more, got {show(value)}")
    return out


def probability(name: str, value: Any, *, open_interval: bool = False) -> float:
    """Return ``value`` as a float in [0, 1] (or in (0, 1) when ``open_interval``)."""
    out = finite(name, value)
    if open_interval and not 0 < out < 1:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {show(value)}")
    if not 0 <= out <= 1:
        raise ValueError(f"{name} must be between 0 and 1, got {show(value)}")
    return out


def integer(name: str, value: Any, *, minimum: int = 0) -> int:
    """Return ``value`` as an int >= ``minimum``; floats are accepted only if whole."""
    out = finite(name, value)
    if out != math.floor(out):
        raise ValueError(f"{name} must be a whole number, got {show(value)}")
    if out < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {show(value)}")
    return int(out)


def finite_array(name: str, values: Any, *, min_length: int = 1) -> np.ndarray:
    """Return ``values`` as a 1-D float array of finite numbers with at least ``min_length`` items."""
    if isinstance(values, str | bytes | Mapping) or values is None:
        raise ValueError(f"{name} must be a sequence of numbers, got {values!r}")
    fast = _numeric_array(values)
    if fast is not None:
        if fast.size < min_length:
            raise ValueError(
                f"{name} must have at least {min_length} value(s), got {fast.size}: "
                f"{_short(fast.tolist())}"
            )
        bad = np.flatnonzero(~np.isfinite(fast))
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"{name}[{i}] must be a finite number, got {show(fast[i])}")
        return fast
    if isinstance(values, pd.Series | pd.Index):
        items = list(values.to_numpy())
    elif isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {values.shape}")
        items = list(values)
    elif isinstance(values, Iterable):
        items = list(values)
    else:
        raise ValueError(f"{name} must be a sequence of numbers, got {values!r}")
    if len(items) < min_length:
        raise ValueError(
            f"{name} must have at least {min_length} value(s), got {len(items)}: {_short(items)}"
        )
    for i, item in enumerate(items):
        if not _is_real(item) or not math.isfinite(float(item)):
            raise ValueError(f"{name}[{i}] must be a finite number, got {show(item)}")
    return np.asarray(items, dtype=float)


def non_negative_array(name: str, values: Any, *, min_length: int = 1) -> np.ndarray:
    """Return ``values`` as a float array of finite numbers >= 0."""
    arr = finite_array(name, values, min_length=min_length)
    bad = np.flatnonzero(arr < 0)
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"{name}[{i}] must be 0 or more, got {show(arr[i])}")
    return arr


def same_length(**arrays: Any) -> int:
    """Check that every named sequence has the same length; return that length."""
    lengths = {name: len(values) for name, values in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"lengths must match: {described}")
    return next(iter(lengths.values()), 0)


def _numeric_array(values: Any) -> np.ndarray | None:
    """Vectorised path: a 1-D int/float ndarray or Series as float64, else None."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy()
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "iuf":
        return values.astype(float, copy=False)
    return None


def show(value: Any) -> str:
    """repr() of a value for error messages, with numpy scalars shown as plain Python."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def _short(items: list[Any], limit: int = 5) -> str:
    """Abbreviated repr of a list for error messages."""
    if len(items) <= limit:
        return repr(items)
    return repr(items[:limit])[:-1] + ", ...]"
