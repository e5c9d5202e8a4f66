"""Assertions used inside assignment test cells, immune to equality-spoofing answers.

A student can define ``class Anything: __eq__ = lambda *a: True`` and a naive
``assert answer == 42`` passes. Every check here first demands the exact built-in, numpy or
pandas type (no subclasses) and only then compares values, so spoofed objects fail. Messages
name the answer but never the expected value, so visible tests do not give answers away.
pandas is imported only by the frame/series checks: most test cells never pay for it.

Questions that need no code (a number read from a printed table, a choice among listed
options, a short table typed as a dict) have their own checks: ``check_between`` and
``check_option`` for visible tests (plausible range, one of the options), ``check_choice`` and
``check_table`` for hidden ones. Their messages say what to type, in words a non-programmer
can act on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

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


def _fail(message: str) -> NoReturn:
    raise AssertionError(message)


def is_number(value: Any) -> bool:
    """True only for exact int/float or numpy integer/float scalars (bool is not a number)."""
    return type(value) in (int, float) or type(value) in _NUMPY_NUMBERS


def _number(answer: Any, name: str) -> float:
    """The answer as a float, after demanding an exact number type that is not NaN."""
    if not is_number(answer):
        hint = " (type the number without quotes)" if type(answer) is str else ""
        _fail(f"{name} should be a number (int or float), got {type(answer).__name__}{hint}")
    value = float(answer)
    if math.isnan(value):
        _fail(f"{name} is NaN: check for a division by zero or missing data")
    return value


def check_number(
    answer: Any, expected: float, tol: float = 1e-6, *, name: str = "answer", relative: bool = False
) -> None:
    """Assert answer is a real number within tol of expected (absolute, or relative if asked)."""
    value = _number(answer, name)
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


def check_between(answer: Any, low: float, high: float, *, name: str = "answer") -> None:
    """Assert answer is a real number from low to high: a visible test's plausibility check.

    The range is what any student's case can give, so it reveals no one's answer.
    """
    value = _number(answer, name)
    if not float(low) <= value <= float(high):
        _fail(
            f"{name} = {value!r} is outside the plausible range {float(low):g} to "
            f"{float(high):g}: check that you typed the number the question asks for"
        )


def _option_key(value: Any, case_sensitive: bool) -> Any:
    """How an option is compared: text without extra spaces (and case), whole numbers as int."""
    if type(value) is str:
        text = " ".join(value.split())
        return text if case_sensitive else text.casefold()
    return int(value)


def _is_whole(value: Any) -> bool:
    """True for an exact int or numpy integer (bool is not one)."""
    return type(value) is int or (
        type(value) in _NUMPY_NUMBERS and np.dtype(type(value)).kind in "iu"
    )


def _author_value(value: Any) -> Any:
    """An option or label the test's author wrote (numpy or pandas scalars made plain)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return int(value)
    return value


def _options(options: Sequence[Any]) -> list[Any]:
    """The listed options, all text or all whole numbers (an author's mistake otherwise)."""
    listed = [_author_value(o) for o in options]
    if not listed:
        raise ValueError("options: at least one option is needed, got none")
    if not (all(type(o) is str for o in listed) or all(type(o) is int for o in listed)):
        raise ValueError(f"options: all text or all whole numbers, got {listed!r}")
    return listed


def check_option(
    answer: Any, options: Sequence[Any], *, name: str = "answer", case_sensitive: bool = False
) -> str | int:
    """Assert answer is one of the listed options (text or whole numbers); return that option.

    Text is compared without surrounding or doubled spaces and, by default, without case. The
    message lists the options, so a visible test can use it without giving the answer away.
    """
    listed = _options(options)
    shown = ", ".join(repr(o) for o in listed)
    text = type(listed[0]) is str
    if (text and type(answer) is not str) or (not text and not _is_whole(answer)):
        kind = "text in quotes" if text else "a whole number"
        _fail(
            f"{name} should be one of the options, as {kind}: {shown}; got {type(answer).__name__}"
        )
    key = _option_key(answer, case_sensitive)
    for option in listed:
        if _option_key(option, case_sensitive) == key:
            return option
    _fail(f"{name} = {answer!r} is not one of the options: {shown} (copy one as it is written)")


def check_choice(
    answer: Any,
    expected: Any,
    options: Sequence[Any],
    *,
    name: str = "answer",
    case_sensitive: bool = False,
) -> None:
    """Assert answer is the expected option; ``expected`` may be a set of options that tie.

    An answer that is not an option gets the list of options; a wrong option gets only
    "not the right choice", never which one is.
    """
    listed = _options(options)
    single = isinstance(expected, str | int | np.integer)
    accepted = [_author_value(o) for o in ([expected] if single else expected)]
    keys = {_option_key(o, case_sensitive) for o in listed}
    for option in accepted:
        if _option_key(option, case_sensitive) not in keys:
            raise ValueError(f"expected: {option!r} is not one of the options {listed!r}")
    chosen = check_option(answer, listed, name=name, case_sensitive=case_sensitive)
    if _option_key(chosen, case_sensitive) not in {
        _option_key(o, case_sensitive) for o in accepted
    }:
        _fail(f"{name} = {answer!r} is not the right choice")


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


def check_table(
    answer: Any,
    expected: Mapping[Any, float] | Any,
    tol: float = 1e-6,
    *,
    name: str = "answer",
) -> None:
    """Assert answer is a short table typed as a dict, {row label: number}, matching expected.

    ``expected`` is a dict or a pandas Series. Row labels are matched like options (text
    without extra spaces or case); each value is checked with ``check_number``, so a wrong
    value names its row but not the expected number.
    """
    if type(answer) is not dict:
        _fail(
            f"{name} should be a table typed as a dict, {{row: number, ...}}, "
            f"got {type(answer).__name__}"
        )
    want = {_author_value(label): value for label, value in expected.items()}
    labels = _options(list(want))
    rows: dict[Any, Any] = {}
    for key, value in answer.items():
        if type(key) is not str and not _is_whole(key):
            _fail(f"{name} has a row label of type {type(key).__name__}; use the labels as written")
        matches = [
            label
            for label in labels
            if (type(label) is str) == (type(key) is str)
            and _option_key(label, False) == _option_key(key, False)
        ]
        if not matches:
            _fail(
                f"{name} has a row {key!r} that is not in the table: "
                f"the rows are {', '.join(repr(label) for label in labels)}"
            )
        if matches[0] in rows:
            _fail(f"{name} has the row {matches[0]!r} twice")
        rows[matches[0]] = value
    missing = [label for label in labels if label not in rows]
    if missing:
        _fail(f"{name} is missing the rows {', '.join(repr(label) for label in missing)}")
    for label in labels:
        check_number(rows[label], want[label], tol, name=f"{name}[{label!r}]")


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
