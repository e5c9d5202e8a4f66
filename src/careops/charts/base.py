"""Shared chart conventions: titles, alt text and the house theme."""

from __future__ import annotations

import altair as alt

PALETTE = ["#1f5f8b", "#d97706", "#15803d", "#b91c1c", "#6d28d9", "#0e7490", "#a16207", "#475569"]


def accessible(chart: alt.TopLevelMixin, *, title: str, description: str) -> alt.TopLevelMixin:
    """Give a chart the title and alt text (Vega-Lite ``description``) every course chart needs."""
    if not title or not description:
        raise ValueError(f"a chart needs a title and a description, got title={title!r}, description={description!r}")
    return chart.properties(title=title, description=description)
