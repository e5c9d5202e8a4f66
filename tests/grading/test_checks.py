"""The assertions used in test cells accept right answers and reject spoofed ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careops.grading.checks import (
    check_between,
    check_choice,
    check_frame,
    check_integer,
    check_number,
    check_numbers,
    check_option,
    check_series,
    check_table,
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


# --- questions that need no code: a number read, a choice, a short table ------------------

PROJECTS = ["Discharge lounge", "Nurse-driven discharge", "Bed-management software"]


def test_check_number_tells_a_quoted_number_to_drop_the_quotes() -> None:
    with pytest.raises(AssertionError, match="without quotes"):
        check_number("5.3", 5.3)


def test_check_between_accepts_a_number_in_the_range() -> None:
    check_between(5.3, 1, 20)
    check_between(np.float64(1.0), 1, 20)


def test_check_between_rejects_a_number_outside_the_range_and_names_the_range() -> None:
    with pytest.raises(AssertionError, match="plausible range 1 to 20"):
        check_between(53.0, 1, 20, name="my_load")


def test_check_between_rejects_a_spoofed_number() -> None:
    with pytest.raises(AssertionError, match="should be a number"):
        check_between(SpoofFloat(5.0), 1, 20)


def test_check_option_returns_the_option_ignoring_case_and_spaces() -> None:
    assert check_option("  nurse-driven   Discharge ", PROJECTS) == "Nurse-driven discharge"


def test_check_option_lists_the_options_for_an_answer_not_among_them() -> None:
    with pytest.raises(AssertionError) as info:
        check_option("Discharge lounges", PROJECTS, name="my_choice")
    message = str(info.value)
    assert "not one of the options" in message
    assert all(repr(p) in message for p in PROJECTS)


def test_check_option_asks_for_text_in_quotes_when_the_options_are_text() -> None:
    with pytest.raises(AssertionError, match="text in quotes"):
        check_option(2, PROJECTS)


def test_check_option_rejects_a_str_subclass_that_spoofs_comparison() -> None:
    class SpoofText(str):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = str.__hash__

    with pytest.raises(AssertionError, match="text in quotes"):
        check_option(SpoofText("x"), PROJECTS)


def test_check_option_accepts_whole_number_options_and_rejects_floats() -> None:
    assert check_option(np.int64(3), [1, 2, 3]) == 3
    with pytest.raises(AssertionError, match="whole number"):
        check_option(3.0, [1, 2, 3])


def test_check_choice_accepts_the_expected_option() -> None:
    check_choice("bed-management software", "Bed-management software", PROJECTS)


def test_check_choice_wrong_option_does_not_reveal_the_right_one() -> None:
    with pytest.raises(AssertionError) as info:
        check_choice("Discharge lounge", "Bed-management software", PROJECTS, name="my_choice")
    message = str(info.value)
    assert "not the right choice" in message
    assert "Bed-management" not in message


def test_check_choice_accepts_any_of_options_that_tie() -> None:
    tied = {"Nurse-driven discharge", "Bed-management software"}
    check_choice("Nurse-driven discharge", tied, PROJECTS)
    check_choice("Bed-management software", tied, PROJECTS)
    with pytest.raises(AssertionError, match="not the right choice"):
        check_choice("Discharge lounge", tied, PROJECTS)


def test_check_choice_refuses_an_expected_value_that_is_not_an_option() -> None:
    with pytest.raises(ValueError, match="not one of the options"):
        check_choice("Discharge lounge", "Valet parking", PROJECTS)


def test_check_table_accepts_a_dict_matching_a_series_up_to_tolerance() -> None:
    expected = pd.Series({"ICU": 0.12, "Pediatrics": 0.2})
    check_table({"pediatrics": 0.2004, "ICU ": 0.12}, expected, 0.001)


def test_check_table_names_the_row_with_a_wrong_value_but_not_the_value() -> None:
    with pytest.raises(AssertionError) as info:
        check_table({"ICU": 0.12, "Pediatrics": 0.3}, {"ICU": 0.12, "Pediatrics": 0.987}, 0.001)
    assert "Pediatrics" in str(info.value)
    assert "0.987" not in str(info.value)


def test_check_table_names_missing_and_unknown_rows() -> None:
    expected = {"ICU": 0.12, "Pediatrics": 0.2}
    with pytest.raises(AssertionError, match="missing the rows 'Pediatrics'"):
        check_table({"ICU": 0.12}, expected)
    with pytest.raises(AssertionError, match="not in the table"):
        check_table({"ICU": 0.12, "Peds": 0.2}, expected)


def test_check_table_rejects_a_spoofed_value_and_a_non_dict() -> None:
    with pytest.raises(AssertionError, match="should be a number"):
        check_table({"ICU": AlwaysEqual()}, {"ICU": 0.12})
    with pytest.raises(AssertionError, match="typed as a dict"):
        check_table([("ICU", 0.12)], {"ICU": 0.12})
