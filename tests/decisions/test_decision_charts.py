"""careops.charts.decisions (and the run and rating-grid charts the leadership chapters use):
every chart carries a title and alt text; bad input is named."""

from __future__ import annotations

import pandas as pd
import pytest

from careops import decisions, spc
from careops.charts import basic
from careops.charts import decisions as charts
from careops.charts import spc as spc_charts

RATINGS = pd.DataFrame({"Cost": [3, 5], "Speed": [4, 2]}, index=["A", "B"])
WEIGHTS = {"Cost": 1, "Speed": 2}


def _spec(chart) -> dict:
    return chart.to_dict()


def test_decision_matrix_chart_has_title_and_description():
    spec = _spec(
        charts.decision_matrix_chart(
            decisions.weighted_scores(RATINGS, WEIGHTS), title="T", description="D"
        )
    )
    assert spec["title"] == "T" and spec["description"] == "D"


def test_sensitivity_chart_marks_the_agreed_weight():
    sens = decisions.weight_sensitivity(RATINGS, WEIGHTS, "Cost", steps=5)
    spec = _spec(
        charts.weight_sensitivity_chart(
            sens, criterion="Cost", current_share=1 / 3, title="T", description="D"
        )
    )
    assert len(spec["layer"]) == 3


def test_run_chart_highlights_a_shift():
    values = [1, 2, 1, 2, 1, 2, 9, 9, 9, 9, 9, 9, 9, 1]
    frame = pd.DataFrame(
        {"week": pd.date_range("2025-01-06", periods=len(values), freq="W-MON"), "value": values}
    )
    signals = spc.run_chart_signals(frame["value"])
    chart = spc_charts.run_chart(
        frame,
        signals,
        x="week",
        y="value",
        x_title="Week",
        y_title="Minutes",
        title="T",
        description="D",
    )
    rows = [row for data in chart.to_dict()["datasets"].values() for row in data if "signal" in row]
    labels = {row["signal"] for row in rows}
    assert any(label.startswith("shift") for label in labels)


def test_run_chart_draws_a_frozen_baseline_median_at_the_width_asked():
    values = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 9, 8, 9, 10, 8, 9]
    frame = pd.DataFrame(
        {"week": pd.date_range("2025-01-06", periods=len(values), freq="W-MON"), "value": values}
    )
    signals = spc.run_chart_signals(
        frame["value"], median=spc.run_chart_signals(values[:10]).median
    )
    spec = spc_charts.run_chart(
        frame,
        signals,
        x="week",
        y="value",
        x_title="Week",
        y_title="Minutes",
        title="T",
        description="D",
        width=420,
    ).to_dict()
    assert spec["width"] == 420
    medians = [
        row["median"] for data in spec["datasets"].values() for row in data if "median" in row
    ]
    assert medians == [11.5]
    rows = [row for data in spec["datasets"].values() for row in data if "signal" in row]
    assert {row["signal"] for row in rows[10:]} == {"shift (below median)"}


def test_run_chart_before_reveal_marks_no_point():
    values = [1, 2, 1, 2, 1, 2, 9, 9, 9, 9, 9, 9, 9, 1]
    frame = pd.DataFrame({"week": range(1, len(values) + 1), "value": values})
    signals = spc.run_chart_signals(frame["value"])
    assert len(signals.shifts)
    spec = spc_charts.run_chart(
        frame,
        signals,
        x="week",
        x_type="Q",
        y="value",
        x_title="Week",
        y_title="Minutes",
        title="T",
        description="D",
        reveal=False,
    ).to_dict()
    rows = [row for data in spec["datasets"].values() for row in data if "signal" in row]
    assert len(rows) == len(values) and {row["signal"] for row in rows} == {"no signal"}


def test_chart_without_description_is_refused():
    with pytest.raises(ValueError, match="description"):
        charts.ngt_chart(
            pd.DataFrame({"item": ["x"], "points": [3], "votes": [1]}), title="T", description=""
        )


def test_missing_column_is_named():
    with pytest.raises(ValueError, match="'votes'"):
        charts.ngt_chart(pd.DataFrame({"item": ["x"], "points": [3]}), title="T", description="D")


def test_rating_grid_rejects_an_unknown_level():
    frame = pd.DataFrame({"m": ["a"], "r": ["x"], "v": ["Great"]})
    with pytest.raises(ValueError, match="'Great'"):
        basic.rating_grid_chart(
            frame,
            row="m",
            column="r",
            value="v",
            levels=["On track", "At risk"],
            row_title="M",
            column_title="R",
            title="T",
            description="D",
        )
