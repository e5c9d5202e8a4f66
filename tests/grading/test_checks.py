"""The assertions used in test cells accept right answers and reject spoofed ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careops.grading.checks import (
    check_frame,
    check_integer,
    check_number,
    check_numbers,
    check_series,
    check_text,
)


class AlwaysEqual:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


class SpoofFloat(float):
    def __eq__(self, other: object) -> bool:
        return True

    def __sub__(self, other: object) -> float:
        return 0.0

    __hash__ = float.__hash__


class SpoofFrame(pd.DataFrame):
    def equals(self, other: object) -> bool:
        return True


def test_check_number_accepts_a_value_within_tolerance() -> None:
    check_number(8.0000001, 8.0, 1e-6)


def test_check_number_accepts_numpy_floats_and_ints() -> None:
    check_number(np.float64(0.7), 0.7)
    check_number(np.int64(3), 3)


def test_check_number_rejects_a_value_outside_tolerance() -> None:
    with pytest.raises(AssertionError, match="not the expected value"):
        check_number(8.1, 8.0, 1e-3)


def test_check_number_message_does_not_reveal_the_expected_value() -> None:
    with pytest.raises(AssertionError) as info:
        check_number(1.25, 987.654, name="q1")
    assert "987.654" not in str(info.value)


def test_check_number_rejects_an_object_whose_eq_is_always_true() -> None:
    with pytest.raises(AssertionError, match="should be a number"):
        check_number(AlwaysEqual(), 8.0)


def test_check_number_rejects_a_float_subclass_that_spoofs_comparison() -> None:
    with pytest.raises(AssertionError, match="should be a number"):
        check_number(SpoofFloat(1.0), 8.0)


def test_check_number_rejects_booleans() -> None:
    with pytest.raises(AssertionError, match="should be a number"):
        check_number(True, 1.0)


def test_check_number_rejects_nan_with_a_hint() -> None:
    with pytest.raises(AssertionError, match="NaN"):
        check_number(float("nan"), 1.0)


def test_check_number_relative_tolerance_scales_with_the_expected_value() -> None:
    check_number(1_000_500.0, 1_000_000.0, 1e-3, relative=True)
    with pytest.raises(AssertionError):
        check_number(1_002_000.0, 1_000_000.0, 1e-3, relative=True)


def test_check_integer_rejects_a_float() -> None:
    with pytest.raises(AssertionError, match="whole number"):
        check_integer(3.0, 3)


def test_check_integer_accepts_numpy_integers() -> None:
    check_integer(np.int32(12), 12)


def test_check_text_ignores_case_and_spaces_but_not_type() -> None:
    check_text("  Class A ", "class a")
    with pytest.raises(AssertionError, match="should be text"):
        check_text(AlwaysEqual(), "class a")


def test_check_numbers_compares_element_wise() -> None:
    check_numbers([1, 2.0, np.float64(3.0)], [1, 2, 3])
    with pytest.raises(AssertionError, match=r"answer\[1\]"):
        check_numbers([1, 2.5, 3], [1, 2, 3])


def test_check_numbers_rejects_spoofed_elements() -> None:
    with pytest.raises(AssertionError, match="should be a number"):
        check_numbers([AlwaysEqual(), 2], [1, 2])


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"unit": ["ED", "OR"], "visits": [120, 45], "share": [0.727, 0.273]})


def test_check_frame_accepts_an_equal_frame_with_other_dtypes() -> None:
    answer = _frame().astype({"visits": "float64"})
    check_frame(answer, _frame(), tol=1e-9)


def test_check_frame_rejects_a_dataframe_subclass() -> None:
    with pytest.raises(AssertionError, match="should be a pandas DataFrame"):
        check_frame(SpoofFrame(_frame()), _frame())


def test_check_frame_rejects_spoofed_cells_in_an_object_column() -> None:
    answer = _frame()
    answer["unit"] = pd.Series([AlwaysEqual(), AlwaysEqual()], dtype=object)
    with pytest.raises(AssertionError, match="plain values"):
        check_frame(answer, _frame())


def test_check_frame_rejects_wrong_values() -> None:
    answer = _frame()
    answer.loc[1, "visits"] = 46
    with pytest.raises(AssertionError, match="expected values"):
        check_frame(answer, _frame())


def test_check_frame_names_missing_columns() -> None:
    with pytest.raises(AssertionError, match="columns"):
        check_frame(_frame().drop(columns="share"), _frame())


def test_check_frame_can_ignore_column_order_and_index() -> None:
    answer = _frame()[["share", "unit", "visits"]].set_axis([10, 11])
    check_frame(answer, _frame(), check_index=False, check_column_order=False)


def test_check_series_accepts_equal_values_and_rejects_other_types() -> None:
    expected = pd.Series([1.0, 2.0], index=["a", "b"])
    check_series(pd.Series([1, 2], index=["a", "b"]), expected)
    with pytest.raises(AssertionError, match="pandas Series"):
        check_series([1.0, 2.0], expected)
