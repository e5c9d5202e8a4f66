"""Shared chart conventions: titles, alt text, the house palette and the input checks."""

from __future__ import annotations

import altair as alt
import pandas as pd

PALETTE = ["#1f5f8b", "#d97706", "#15803d", "#b91c1c", "#6d28d9", "#0e7490", "#a16207", "#475569"]


def accessible(chart: alt.TopLevelMixin, *, title: str, description: str) -> alt.TopLevelMixin:
    """Give a chart the title and alt text (Vega-Lite ``description``) every course chart needs."""
    if not title or not description:
        raise ValueError(
            "a chart needs a title and a description, "
            f"got title={title!r}, description={description!r}"
        )
    return chart.properties(title=title, description=description)


FIELD_TYPES = ("Q", "O", "N", "T")


def need_frame(data: pd.DataFrame, *columns: str | None) -> pd.DataFrame:
    """Check that ``data`` is a non-empty DataFrame holding every named column (None skipped)."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if data.empty:
        raise ValueError("data must have at least one row, got an empty table")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise ValueError(f"data is missing column(s) {missing}; it has {list(data.columns)}")
    return data


def field_type(name: str, value: str) -> str:
    """A Vega-Lite field type letter (Q quantitative, O ordinal, N nominal, T temporal)."""
    if value not in FIELD_TYPES:
        raise ValueError(f"{name} must be one of {list(FIELD_TYPES)}, got {value!r}")
    return value


def axis_titles(**titles: str) -> None:
    """Every axis needs a title (with its unit); an empty one is an error naming the axis."""
    for name, text in titles.items():
        if not text:
            raise ValueError(f"{name} must be a non-empty axis title with its unit, got {text!r}")
