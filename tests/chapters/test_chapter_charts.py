"""The generic chart builders (careops.charts.basic) and the control chart the chapters draw:
every chart is labelled, bad input is refused by name, signals are shown only when revealed."""

from __future__ import annotations

import pandas as pd
import pytest

from careops.charts import basic as charts
from careops.charts import spc as spc_charts

LABELS = {"title": "A title", "description": "Alt text for the chart."}


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"x": [1, 2, 3], "y": [4.0, 5.0, 6.0], "group": ["a", "b", "a"]})


def test_line_chart_carries_title_alt_text_and_axis_titles():
    spec = charts.line_chart(
        _frame(), x="x", y="y", x_title="Hour (h)", y_title="Patients", **LABELS
    ).to_dict()
    assert spec["title"] == "A title"
    assert spec["description"] == "Alt text for the chart."
    assert spec["encoding"]["x"]["title"] == "Hour (h)"
    assert spec["encoding"]["y"]["title"] == "Patients"


def test_line_chart_rules_add_a_labelled_reference_layer():
    spec = charts.line_chart(
        _frame(),
        x="x",
        y="y",
        x_title="X (units)",
        y_title="Y (units)",
        rules={"target": 5.0},
        **LABELS,
    ).to_dict()
    assert len(spec["layer"]) == 3
    assert spec["description"] == "Alt text for the chart."


def test_line_chart_without_alt_text_is_refused():
    with pytest.raises(ValueError, match="description"):
        charts.line_chart(
            _frame(), x="x", y="y", x_title="X", y_title="Y", title="T", description=""
        )


def test_empty_axis_title_is_refused_by_name():
    with pytest.raises(ValueError, match="y_title"):
        charts.line_chart(_frame(), x="x", y="y", x_title="X (units)", y_title="", **LABELS)


def test_missing_column_is_named():
    with pytest.raises(ValueError, match=r"missing column\(s\) \['nope'\]"):
        charts.bar_chart(
            _frame(), category="nope", value="y", category_title="C", value_title="V", **LABELS
        )


def test_empty_table_is_refused():
    with pytest.raises(ValueError, match="empty table"):
        charts.bar_chart(
            _frame().iloc[0:0],
            category="x",
            value="y",
            category_title="C",
            value_title="V",
            **LABELS,
        )


def test_unknown_field_type_is_refused():
    with pytest.raises(ValueError, match="x_type"):
        charts.line_chart(_frame(), x="x", y="y", x_title="X", y_title="Y", x_type="Z", **LABELS)


def test_bar_chart_side_by_side_uses_an_offset_channel():
    spec = charts.bar_chart(
        _frame(),
        category="x",
        value="y",
        color="group",
        stack=False,
        horizontal=False,
        category_title="C (units)",
        value_title="V (units)",
        **LABELS,
    ).to_dict()
    assert spec["encoding"]["xOffset"]["field"] == "group"


def test_bar_tick_chart_draws_each_tick_on_its_bars_scale_with_a_note():
    rows = pd.DataFrame({"group": ["a", "b"], "now": [20.0, 10.0], "after": [16.0, 8.0]})
    spec = charts.bar_tick_chart(
        rows,
        category="group",
        value="now",
        tick="after",
        tick_note="White tick: after the change",
        category_title="Group",
        value_title="Rate (%)",
        **LABELS,
    ).to_dict()
    bars, ticks, note = spec["layer"]
    assert bars["mark"]["type"] == "bar" and ticks["mark"]["type"] == "tick"
    assert ticks["encoding"]["x"]["field"] == "after"
    assert ticks["encoding"]["y"] == bars["encoding"]["y"]  # same rows, same order
    assert spec["datasets"][note["data"]["name"]] == [{"note": "White tick: after the change"}]


def test_bar_tick_chart_without_a_note_is_refused():
    rows = pd.DataFrame({"group": ["a"], "now": [20.0], "after": [16.0]})
    with pytest.raises(ValueError, match="tick_note"):
        charts.bar_tick_chart(
            rows,
            category="group",
            value="now",
            tick="after",
            tick_note="",
            category_title="Group",
            value_title="Rate (%)",
            **LABELS,
        )


def test_control_chart_flags_signal_points_in_their_own_layer():
    data = pd.DataFrame(
        {
            "t": [1, 2, 3, 4],
            "v": [1.0, 2.0, 9.0, 2.0],
            "c": 2.0,
            "u": 5.0,
            "l": 0.0,
            "s": [False, False, True, False],
        }
    )
    spec = spc_charts.control_chart(
        data,
        x="t",
        x_type="Q",
        value="v",
        center="c",
        ucl="u",
        lcl="l",
        signal="s",
        x_title="Week",
        y_title="Minutes",
        **LABELS,
    ).to_dict()
    flagged = [layer for layer in spec["layer"] if layer.get("mark", {}).get("size") == 90]
    assert len(flagged) == 1
    datasets = spec["datasets"][flagged[0]["data"]["name"]]
    assert [row["v"] for row in datasets] == [9.0]


def test_control_chart_before_reveal_draws_the_limits_but_carries_no_signal():
    data = pd.DataFrame(
        {
            "t": [1, 2, 3, 4],
            "v": [1.0, 2.0, 9.0, 2.0],
            "c": 2.0,
            "u": 5.0,
            "l": 0.0,
            "s": [False, False, True, False],
        }
    )
    spec = spc_charts.control_chart(
        data,
        x="t",
        x_type="Q",
        value="v",
        center="c",
        ucl="u",
        lcl="l",
        signal="s",
        reveal=False,
        x_title="Week",
        y_title="Minutes",
        **LABELS,
    ).to_dict()
    rows = [row for dataset in spec["datasets"].values() for row in dataset]
    assert rows and all("s" not in row for row in rows)
    assert not [layer for layer in spec["layer"] if layer.get("mark", {}).get("size") == 90]
    assert sum(layer["mark"].get("strokeDash") == [6, 4] for layer in spec["layer"]) == 2


def test_waterfall_ends_at_the_sum_of_the_steps():
    steps = pd.DataFrame({"step": ["Budget", "Volume", "Price"], "amount": [100.0, 20.0, -5.0]})
    spec = charts.waterfall_chart(
        steps,
        label="step",
        amount="amount",
        label_title="Step",
        amount_title="Dollars",
        result_label="Actual",
        **LABELS,
    ).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert rows[-1] == {
        "step": "Actual",
        "start": 0.0,
        "end": 115.0,
        "kind": "total",
        "amount": 115.0,
    }
    assert [r["kind"] for r in rows[1:3]] == ["increase", "decrease"]


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "step": ["2. Second", "1. First", "2. Second"],
            "date": pd.to_datetime(["2027-02-17", "2026-09-30", "2027-02-24"]),
            "kind": ["Due", "Due", "Reviewed"],
        }
    )


def _terms() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start": ["2026-09-01", "2027-02-01"],
            "end": ["2026-12-18", "2027-05-28"],
            "label": ["Fall", "Spring"],
        }
    )


def test_timeline_keeps_rows_in_data_order_with_labelled_axes():
    spec = charts.timeline_chart(
        _events(),
        date="date",
        row="step",
        kind="kind",
        date_title="Due date (month)",
        row_title="Milestone (in order)",
        **LABELS,
    ).to_dict()
    assert spec["title"] == "A title" and spec["description"] == "Alt text for the chart."
    points = spec["layer"][-1]["encoding"]
    assert points["y"]["sort"] == ["2. Second", "1. First"]
    assert points["y"]["title"] == "Milestone (in order)"
    assert points["x"]["title"] == "Due date (month)"
    assert points["shape"]["scale"]["domain"] == ["Due", "Reviewed"]


def test_timeline_shades_the_spans_behind_the_points_with_their_own_legend():
    spec = charts.timeline_chart(
        _events(),
        date="date",
        row="step",
        kind="kind",
        spans=_terms(),
        span_title="Term",
        date_title="Date (month)",
        row_title="Milestone",
        **LABELS,
    ).to_dict()
    assert len(spec["layer"]) == 2
    assert spec["layer"][0]["mark"]["type"] == "rect"
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Term"
    assert spec["resolve"]["scale"]["color"] == "independent"


def test_timeline_names_a_missing_span_column():
    with pytest.raises(ValueError, match=r"missing column\(s\) \['label'\]"):
        charts.timeline_chart(
            _events(),
            date="date",
            row="step",
            spans=_terms().drop(columns="label"),
            date_title="Date (month)",
            row_title="Milestone",
            **LABELS,
        )


def test_timeline_refuses_an_empty_axis_title():
    with pytest.raises(ValueError, match="row_title"):
        charts.timeline_chart(
            _events(), date="date", row="step", date_title="Date", row_title="", **LABELS
        )
