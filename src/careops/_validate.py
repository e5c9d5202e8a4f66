"""Shared input checks for the analytics modules, so every error message reads the same.

Each check returns the cleaned value (a float, an int or a float array) and raises
:class:`careops.errors.InputError` (a ``ValueError``) carrying the argument name as ``field``,
the offending value and the rule it broke. Nothing here returns NaN.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from careops.errors import InputError, show

__all__ = [
    "finite",
    "finite_array",
    "integer",
    "non_negative",
    "non_negative_array",
    "positive",
    "probability",
    "same_length",
    "show",
]


def _is_real(value: Any) -> bool:
    """True for int/float-like scalars (numpy included) but not bool, str or None."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def finite(name: str, value: Any) -> float:
    """Return ``value`` as a float; reject non-numbers, NaN and infinity."""
    if not _is_real(value):
        raise InputError(name, value, "number")
    out = float(value)
    if not math.isfinite(out):
        raise InputError(name, value, "finite")
    return out


def positive(name: str, value: Any) -> float:
    """Return ``value`` as a float > 0."""
    out = finite(name, value)
    if out <= 0:
        raise InputError(name, value, "positive")
    return out


def non_negative(name: str, value: Any) -> float:
    """Return ``value`` as a float >= 0."""
    out = finite(name, value)
    if out < 0:
        raise InputError(name, value, "non_negative")
    return out


def probability(name: str, value: Any, *, open_interval: bool = False) -> float:
    """Return ``value`` as a float in [0, 1] (or in (0, 1) when ``open_interval``)."""
    out = finite(name, value)
    if open_interval and not 0 < out < 1:
        raise InputError(name, value, "open_probability")
    if not 0 <= out <= 1:
        raise InputError(name, value, "probability")
    return out


def integer(name: str, value: Any, *, minimum: int = 0) -> int:
    """Return ``value`` as an int >= ``minimum``; floats are accepted only if whole."""
    out = finite(name, value)
    if out != math.floor(out):
        raise InputError(name, value, "whole")
    if out < minimum:
        raise InputError(name, value, "at_least", minimum=minimum)
    return int(out)


def finite_array(name: str, values: Any, *, min_length: int = 1) -> np.ndarray:
    """Return ``values`` as a 1-D float array of finite numbers with at least ``min_length``
    items."""
    if isinstance(values, str | bytes | Mapping) or values is None:
        raise InputError(name, values, "sequence")
    fast = _numeric_array(values)
    if fast is not None:
        if fast.size < min_length:
            raise InputError(
                name,
                fast.tolist(),
                "min_length",
                minimum=min_length,
                message=f"{name} must have at least {min_length} value(s), got {fast.size}: "
                f"{_short(fast.tolist())}",
            )
        bad = np.flatnonzero(~np.isfinite(fast))
        if bad.size:
            i = int(bad[0])
            raise InputError(f"{name}[{i}]", fast[i], "finite")
        return fast
    if isinstance(values, pd.Series | pd.Index):
        items = list(values.to_numpy())
    elif isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise InputError(
                name,
                values.shape,
                "one_dimensional",
                message=f"{name} must be one-dimensional, got shape {values.shape}",
            )
        items = list(values)
    elif isinstance(values, Iterable):
        items = list(values)
    else:
        raise InputError(name, values, "sequence")
    if len(items) < min_length:
        raise InputError(
            name,
            items,
            "min_length",
            minimum=min_length,
            message=f"{name} must have at least {min_length} value(s), got {len(items)}: "
            f"{_short(items)}",
        )
    for i, item in enumerate(items):
        if not _is_real(item) or not math.isfinite(float(item)):
            raise InputError(f"{name}[{i}]", item, "finite")
    return np.asarray(items, dtype=float)


def non_negative_array(name: str, values: Any, *, min_length: int = 1) -> np.ndarray:
    """Return ``values`` as a float array of finite numbers >= 0."""
    arr = finite_array(name, values, min_length=min_length)
    bad = np.flatnonzero(arr < 0)
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{name}[{i}]", arr[i], "non_negative")
    return arr


def same_length(**arrays: Any) -> int:
    """Check that every named sequence has the same length; return that length."""
    lengths = {name: len(values) for name, values in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        field = next(n for n, k in lengths.items() if k != next(iter(lengths.values())))
        raise InputError(field, lengths, "same_length", message=f"lengths must match: {described}")
    return next(iter(lengths.values()), 0)


def _numeric_array(values: Any) -> np.ndarray | None:
    """Vectorised path: a 1-D int/float ndarray or Series as float64, else None."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy()
    if isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "iuf":
        return values.astype(float, copy=False)
    return None


def _short(items: list[Any], limit: int = 5) -> str:
    """Abbreviated repr of a list for error messages."""
    if len(items) <= limit:
        return repr(items)
    return repr(items[:limit])[:-1] + ", ...]"
