"""Table helpers shared by the chapter modules: a page's inputs, and a table styled as printed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler


def inputs_table(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """A page's assumptions as a two-column table (what, and the value assumed)."""
    return pd.DataFrame(rows, columns=["Input (an assumption, not a result)", "Value"])


def styled(table: pd.DataFrame, spec: Mapping[str, Any]) -> Styler:
    """``table`` formatted by ``spec`` (Styler.format's formatter, subset and precision, then
    further (format, columns) pairs under "then") with the index hidden, as a page prints it."""
    out = table.style.format(
        spec.get("formatter"), subset=spec.get("subset"), precision=spec.get("precision")
    )
    for fmt, columns in spec.get("then", []):
        out = out.format(fmt, subset=columns)
    return out.hide(axis="index")
