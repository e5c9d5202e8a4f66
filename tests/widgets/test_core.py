"""The shared exercise pattern: parsing what students type, rewording errors, keeping inputs."""

from __future__ import annotations

import pytest

from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, parse_number, reword

from .helpers import plain


def _tiny(**overrides) -> Exercise:
    def compute(v):
        if v["b"] == 0:
            raise InputError("divisor", v["b"], "positive")
        return v["a"] / v["b"]

    def check(v, a, r):
        return Feedback().add(abs(a["x"] - r) < 1e-9, f"expected {r:g}")

    return Exercise(
        title="Tiny",
        prompt="a over b",
        inputs=[Number("a", "Top", 6, unit="min"), Number("b", "Bottom", 3, unit="patients")],
        answers=[Number("x", "Ratio"), Choice("c", "Pick", ["yes", "no"], radio=True)],
        compute=compute,
        check=check,
        labels={"divisor": "Bottom (patients)"},
        **overrides,
    )


def test_parse_number_accepts_commas_dollars_and_percent():
    assert parse_number(Number("c", "Cost"), " $1,250.5 ") == 1250.5
    assert parse_number(Number("r", "Rate", percent=True), "8%") == pytest.approx(0.08)


@pytest.mark.parametrize(
    ("raw", "words"),
    [("", "is empty"), ("abc", "“abc” is not a number"), ("12 patients", "is not a number")],
)
def test_parse_number_explains_empty_and_non_numbers(raw, words):
    with pytest.raises(ValueError, match=words):
        parse_number(Number("n", "Patients booked", example="48"), raw)


def test_parse_number_names_the_field_and_the_limit():
    with pytest.raises(ValueError, match=r"Fixed costs \(\$\) cannot be negative, but it is -5"):
        parse_number(Number("f", "Fixed costs", unit="$", minimum=0), "-5")


def test_reword_replaces_argument_names_with_labels():
    error = InputError("available_time", -3.0, "positive", message="anything: not read")
    text = reword(error, {"available_time": "Session length"})
    assert text == "Session length must be more than zero, but it is -3.0."


def test_reword_labels_an_indexed_field_and_a_limit_that_names_a_field():
    error = InputError("values[2]", -1, "non_negative")
    assert reword(error, {"values": "Visits"}) == "Visits[2] cannot be negative, but it is -1."
    error = InputError("price", 50, "greater_than", minimum="variable_cost")
    text = reword(error, {"price": "Payment", "variable_cost": "variable cost"})
    assert text == "Payment must be greater than variable cost, but it is 50."


def test_letter_in_one_field_is_reported_and_other_inputs_are_kept():
    ex = _tiny()
    ex.controls["a"].value = "x"
    assert "Top (min): “x” is not a number" in plain(ex.status.value)
    assert ex.controls["b"].value == "3"
    assert ex.result is None


def test_careops_error_is_reworded_without_a_traceback():
    ex = _tiny()
    ex.controls["b"].value = "0"
    status = plain(ex.status.value)
    assert "Bottom (patients) must be more than zero, but it is 0" in status
    assert "Traceback" not in status and "ValueError" not in status


def test_check_before_fixing_the_inputs_asks_to_fix_them():
    ex = _tiny()
    ex.controls["b"].value = ""
    ex.answer_controls["x"].value = "2"
    ex.check_button.click()
    assert "Fix the situation above first" in plain(ex.feedback.value)


def test_unanswered_choice_is_asked_for():
    ex = _tiny()
    ex.answer_controls["x"].value = "2"
    ex.check_button.click()
    assert "Pick: choose one of the options" in plain(ex.feedback.value)


def test_changing_the_situation_invalidates_old_feedback():
    ex = _tiny()
    ex.answer_controls["x"].value = "2"
    ex.answer_controls["c"].value = "yes"
    ex.check_button.click()
    assert ex.last_feedback is not None and ex.last_feedback.correct
    ex.controls["a"].value = "9"
    assert ex.last_feedback is None
    assert "press Check again" in plain(ex.feedback.value)


def test_fixing_the_input_recovers():
    ex = _tiny()
    ex.controls["b"].value = "zero"
    ex.controls["b"].value = "2"
    assert ex.result == 3 and ex.status.value == ""


def test_parse_number_names_a_minimum_above_zero():
    with pytest.raises(ValueError, match=r"Patients booked must be at least 1, but it is 0"):
        parse_number(Number("d", "Patients booked", minimum=1), "0")
