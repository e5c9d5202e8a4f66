"""Assertions used inside assignment test cells, immune to equality-spoofing answers.

A student can define ``class Anything: __eq__ = lambda *a: True`` and a naive
``assert answer == 42`` passes. Every check here first demands the exact built-in, numpy or
pandas type (no subclasses) and only then compares values, so spoofed objects fail. Messages
name the answer but never the expected value, so visible tests do not give answers away.
pandas is imported only by the frame/series checks: most test cells never pay for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

_NUMPY_NUMBERS = frozenset(
    {
        np.int8,
        np.int16,
        np.int32,
        np.int64,
        np.uint8,
        np.uint16,
        np.uint32,
        np.uint64,
        np.float16,
        np.float32,
        np.float64,
        np.longdouble,
    }
)
_SAFE_SCALARS = frozenset({str, int, float, bool, type(None), *_NUMPY_NUMBERS, np.bool_})


def _fail(message: str) -> None:
    raise AssertionError(message)


def is_number(value: Any) -> bool:
    """True only for exact int/float or numpy integer/float scalars (bool is not a number)."""
    return type(value) in (int, float) or type(value) in _NUMPY_NUMBERS


def check_number(
    answer: Any, expected: float, tol: float = 1e-6, *, name: str = "answer", relative: bool = False
) -> None:
    """Assert answer is a real number within tol of expected (absolute, or relative if asked)."""
    if not is_number(answer):
        _fail(f"{name} should be a number (int or float), got {type(answer).__name__}")
    value = float(answer)
    if math.isnan(value):
        _fail(f"{name} is NaN: check for a division by zero or missing data")
    target = float(expected)
    limit = tol * abs(target) if relative else tol
    if not abs(value - target) <= limit:
        _fail(
            f"{name} = {value!r} is not the expected value (tolerance {tol:g}"
            f"{' relative' if relative else ''})"
        )


def check_integer(answer: Any, expected: int, *, name: str = "answer") -> None:
    """Assert answer is an exact integer (int or numpy integer) equal to expected."""
    if type(answer) is not int and type(answer) not in _NUMPY_NUMBERS - {
        np.float16,
        np.float32,
        np.float64,
        np.longdouble,
    }:
        _fail(f"{name} should be a whole number (int), got {type(answer).__name__}")
    if int(answer) != int(expected):
        _fail(f"{name} = {int(answer)} is not the expected whole number")


def check_text(
    answer: Any, expected: str, *, name: str = "answer", case_sensitive: bool = False
) -> None:
    """Assert answer is a str equal to expected (ignoring surrounding spaces and, by default,
    case)."""
    if type(answer) is not str:
        _fail(f"{name} should be text (str), got {type(answer).__name__}")
    got, want = str.strip(answer), str.strip(expected)
    if not case_sensitive:
        got, want = got.lower(), want.lower()
    if got != want:
        _fail(f"{name} = {answer!r} is not the expected text")


def check_numbers(
    answer: Any, expected: Sequence[float], tol: float = 1e-6, *, name: str = "answer"
) -> None:
    """Assert answer is a list/tuple/ndarray of numbers matching expected element-wise."""
    if type(answer) is np.ndarray:
        if answer.dtype.kind not in "iuf":
            _fail(f"{name} should hold numbers, got an array of dtype {answer.dtype}")
        values = [float(v) for v in answer.ravel()]
    elif type(answer) in (list, tuple):
        for i, item in enumerate(answer):
            if not is_number(item):
                _fail(f"{name}[{i}] should be a number, got {type(item).__name__}")
        values = [float(v) for v in answer]
    else:
        _fail(f"{name} should be a list of numbers, got {type(answer).__name__}")
    if len(values) != len(expected):
        _fail(f"{name} has {len(values)} values, expected {len(expected)}")
    for i, (got, want) in enumerate(zip(values, expected, strict=True)):
        check_number(got, want, tol, name=f"{name}[{i}]")


def _check_column_values(values: Any, name: str) -> None:
    """Object columns may hold only plain scalars, so pandas' comparisons can be trusted."""
    if values.dtype.kind == "O":
        for position, item in enumerate(values.array):
            if type(item) not in _SAFE_SCALARS:
                _fail(f"{name} row {position} holds a {type(item).__name__}, expected plain values")


def check_series(
    answer: Any,
    expected: Any,
    tol: float = 1e-6,
    *,
    name: str = "answer",
    check_index: bool = True,
    check_names: bool = False,
) -> None:
    """Assert answer is a pandas Series with the expected values (and index)."""
    import pandas as pd

    if type(answer) is not pd.Series:
        _fail(f"{name} should be a pandas Series, got {type(answer).__name__}")
    _check_column_values(answer, name)
    if not check_index:
        answer, expected = answer.reset_index(drop=True), expected.reset_index(drop=True)
    else:
        _check_column_values(answer.index.to_series(), f"{name} index")
    if len(answer) != len(expected):
        _fail(f"{name} has {len(answer)} rows, expected {len(expected)}")
    try:
        pd.testing.assert_series_equal(
            answer,
            expected,
            check_dtype=False,
            check_names=check_names,
            check_index_type=False,
            rtol=tol,
            atol=tol,
        )
    except AssertionError as exc:
        _fail(f"{name} does not have the expected values: {_first_line(exc)}")


def check_frame(
    answer: Any,
    expected: Any,
    tol: float = 1e-6,
    *,
    name: str = "answer",
    check_index: bool = True,
    check_column_order: bool = True,
) -> None:
    """Assert answer is a pandas DataFrame with the expected columns, index and values."""
    import pandas as pd

    if type(answer) is not pd.DataFrame:
        _fail(f"{name} should be a pandas DataFrame, got {type(answer).__name__}")
    for column in answer.columns:
        if type(column) not in _SAFE_SCALARS:
            _fail(f"{name} has a column label of type {type(column).__name__}")
        _check_column_values(answer[column], f"{name}[{column!r}]")
    if sorted(map(str, answer.columns)) != sorted(map(str, expected.columns)):
        _fail(
            f"{name} has columns {list(answer.columns)}; expected {len(expected.columns)} "
            f"columns named {sorted(map(str, expected.columns))}"
        )
    if not check_column_order:
        answer = answer[list(expected.columns)]
    if check_index:
        _check_column_values(answer.index.to_series(), f"{name} index")
    else:
        answer, expected = answer.reset_index(drop=True), expected.reset_index(drop=True)
    if answer.shape != expected.shape:
        _fail(f"{name} has shape {answer.shape}, expected {expected.shape}")
    try:
        pd.testing.assert_frame_equal(
            answer,
            expected,
            check_dtype=False,
            check_index_type=False,
            check_column_type=False,
            check_names=False,
            rtol=tol,
            atol=tol,
        )
    except AssertionError as exc:
        _fail(f"{name} does not have the expected values: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    """The first line of a pandas assertion message (enough to locate the problem)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
