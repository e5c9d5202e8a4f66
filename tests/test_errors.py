"""careops.errors: InputError carries field, value and rule; the layers raise it, not text."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careops import _validate as v
from careops import decisions, finance, lean, queueing, simulation, spc, stats, supply
from careops.curriculum import CurriculumError
from careops.data import DatasetError
from careops.errors import RULES, CareopsError, GradingError, InputError, plain_rule
from careops.seminar.yamlio import SeminarError
from careops.yamlfile import load_yaml


def test_input_error_carries_its_parts_and_builds_its_message():
    error = InputError("servers", 0, "at_least", minimum=1)
    assert (error.field, error.value, error.rule, error.limits) == (
        "servers",
        0,
        "at_least",
        {"minimum": 1},
    )
    assert (error.file, error.line) == (None, None)
    assert str(error) == "servers must be at least 1, got 0"
    assert error.requirement == "must be at least 1"
    assert isinstance(error, ValueError) and isinstance(error, CareopsError)


def test_input_error_message_overrides_the_rule_words_but_keeps_the_fields():
    error = InputError(
        "price",
        50,
        "greater_than",
        minimum="variable_cost",
        message="price (50) must be greater than variable_cost (70)",
    )
    assert str(error) == "price (50) must be greater than variable_cost (70)"
    assert error.requirement == "must be greater than variable_cost"


def test_located_error_names_file_and_line_and_leaves_the_original():
    error = InputError("credits", "two", "whole")
    there = error.located(Path("plans.yml"), 12)
    assert str(there) == "plans.yml:12: credits must be a whole number, got 'two'"
    assert (there.file, there.line, there.field, there.value) == ("plans.yml", 12, "credits", "two")
    assert error.file is None and str(error).startswith("credits")
    assert (
        str(InputError("x", 1, "positive", file="a.csv"))
        == "a.csv: x must be greater than 0, got 1"
    )


def test_located_keeps_the_subclass_and_a_line_already_known():
    error = DatasetError("denied", ["maybe"], "check", check="is true or false", line=2)
    there = error.located("claims.csv")
    assert type(there) is DatasetError and there.where == "claims.csv:2"


@pytest.mark.parametrize(
    "error",
    [
        InputError(
            "rate",
            np.float64(-2.0),
            "greater_than",
            minimum=-1,
            file="f.yml",
            line=3,
            message="rate must be greater than -1",
        ),
        DatasetError(
            "denied", ["maybe"], "check", check="is true or false", file="claims.csv", line=2
        ),
        CurriculumError("courses[0].credits", "two", "whole", file="curriculum.yml", line=9),
    ],
    ids=["InputError", "DatasetError", "CurriculumError"],
)
def test_errors_survive_pickling_with_every_part(error: InputError):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.field, back.value, back.rule, back.limits, back.file, back.line, str(back)) == (
        error.field,
        error.value,
        error.rule,
        error.limits,
        error.file,
        error.line,
        str(error),
    )


def test_numpy_values_are_stored_as_plain_python():
    error = InputError("x[2]", np.float64(-1.5), "non_negative")
    assert type(error.value) is float and str(error) == "x[2] must be 0 or more, got -1.5"


def test_an_unknown_rule_or_a_missing_limit_is_refused():
    with pytest.raises(KeyError, match="no_such_rule"):
        InputError("x", 1, "no_such_rule")
    with pytest.raises(KeyError, match="minimum"):
        InputError("x", 1, "at_least")


def test_one_line_joins_several_problems():
    error = SeminarError(["a.yml:1: first", "b.bib:2: second\n  continued"])
    assert error.one_line() == "a.yml:1: first; b.bib:2: second; continued"
    assert isinstance(error, CareopsError)
    assert pickle.loads(pickle.dumps(error)).problems == error.problems


def test_plain_rule_gives_clinician_words_with_limits_filled_in():
    assert plain_rule(InputError("x", 0, "positive")) == "must be more than zero"
    assert plain_rule(InputError("load", 5, "stable", maximum=3)).startswith("is too high")
    assert "(3)" in plain_rule(InputError("load", 5, "stable", maximum=3))
    assert plain_rule(InputError("x", 0, "at_least", minimum=2.0)) == "must be at least 2"


def test_every_rule_text_fills_from_its_limits():
    needs = {
        "minimum": 1,
        "maximum": 2,
        "choices": ["a", "b"],
        "expected": "a list",
        "reason": "bad",
        "suggestion": "",
        "other": "y",
        "total": 1,
        "check": "c",
    }
    for rule in RULES:
        assert InputError("x", 0, rule, **needs).requirement


def test_grading_error_is_a_careops_error_but_not_an_input_error():
    assert issubclass(GradingError, CareopsError) and not issubclass(GradingError, ValueError)


# --- the analytics raise InputError with the right field and rule ------------------------


@pytest.mark.parametrize(
    ("call", "field", "rule", "limits"),
    [
        (lambda: v.finite("a", "x"), "a", "number", {}),
        (lambda: v.finite("a", float("nan")), "a", "finite", {}),
        (lambda: v.positive("a", 0), "a", "positive", {}),
        (lambda: v.non_negative("a", -1), "a", "non_negative", {}),
        (lambda: v.probability("p", 1.5), "p", "probability", {}),
        (lambda: v.probability("p", 1.0, open_interval=True), "p", "open_probability", {}),
        (lambda: v.integer("n", 2.5), "n", "whole", {}),
        (lambda: v.integer("n", 0, minimum=1), "n", "at_least", {"minimum": 1}),
        (lambda: v.finite_array("xs", [1, float("inf")]), "xs[1]", "finite", {}),
        (lambda: v.finite_array("xs", [], min_length=1), "xs", "min_length", {"minimum": 1}),
        (lambda: v.non_negative_array("xs", np.array([1.0, -2.0])), "xs[1]", "non_negative", {}),
        (lambda: v.same_length(a=[1, 2], b=[1]), "b", "same_length", {}),
        (lambda: lean.takt_time(0, 10), "available_time", "positive", {}),
        (
            lambda: lean.process_cycle_efficiency(50, 40),
            "value_added_time",
            "not_above",
            {"other": "lead_time"},
        ),
        (lambda: queueing.average_wait(1, 5, 3), "offered load", "stable", {"maximum": 3}),
        (
            lambda: finance.break_even_volume(1000, 50, 70),
            "price",
            "greater_than",
            {"minimum": "variable_cost"},
        ),
        (lambda: finance.payback_period([100, 50]), "cash_flows[0]", "negative", {}),
        (lambda: spc.p_chart([3, 9], [10, 8]), "defectives[1]", "not_above", {"other": "sizes[1]"}),
        (
            lambda: supply.abc_classes([1, 2], cutoffs=(0.9, 0.8)),
            "cutoffs[1]",
            "greater_than",
            {"minimum": 0.9},
        ),
        (lambda: stats.diagnostic_accuracy(0, 0, 0, 0), "tp, fp, fn and tn", "total_positive", {}),
        (
            lambda: decisions.weighted_scores(
                pd.DataFrame({"cost": [1, 2]}, index=["a", "b"]), {"cost": 0}
            ),
            "weights",
            "total_positive",
            {},
        ),
        (
            lambda: simulation.simulate_clinic(
                providers=1, arrivals_per_hour=4, visit_minutes=10, pattern="random-ish"
            ),
            "pattern",
            "choice",
            None,
        ),
    ],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_analytics_raise_input_error_with_field_and_rule(call, field, rule, limits):
    with pytest.raises(InputError) as info:
        call()
    assert (info.value.field, info.value.rule) == (field, rule)
    if limits is not None:
        assert info.value.limits == limits


def test_decisions_relabel_a_nested_error_without_losing_its_rule():
    with pytest.raises(InputError) as info:
        decisions.regret_table(pd.DataFrame({"boom": [1.0, float("nan")]}, index=["a", "b"]))
    assert info.value.field == "payoffs['b', 'boom']" and info.value.rule == "finite"
    assert "payoffs" in str(info.value) and "ratings" not in str(info.value)


# --- file-based errors carry file and line -----------------------------------------------


def test_yaml_that_does_not_parse_names_its_file_and_line(tmp_path: Path):
    path = tmp_path / "x.yml"
    path.write_text("a: 1\nb: [2\nc: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert info.value.rule == "parse" and info.value.file == str(path)
    assert info.value.line == 3 and str(info.value).startswith(f"{path}:3: YAML does not parse")


def test_yaml_mappings_remember_the_line_of_each_key(tmp_path: Path):
    path = tmp_path / "x.yml"
    path.write_text("a: 1\nitems:\n  - name: one\n    kind: two\n", encoding="utf-8")
    data = load_yaml(path)
    assert data.line_of("items") == 2 and data["items"][0].line_of("kind") == 4
