"""Pandera schemas: column rules from the data dictionary plus each dataset's cross-column rules.

``validate`` runs the schema lazily (every failure collected) and turns pandera's report into
one :class:`DatasetError` whose message names the dataset, the column, the rule and the first
offending rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from careops.data.dictionaries import Column, Dictionary
from careops.data.errors import DatasetError

DTYPES = {
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
    "datetime": "datetime64[ns]",
}


RULE_COLUMNS: dict[str, tuple[str, ...]] = {}
"""The columns each cross-column rule reads, shown beside the offending rows on failure."""


def rule(name: str, columns: Sequence[str], fn: Callable[[pd.DataFrame], pd.Series]) -> pa.Check:
    """A cross-column rule: ``fn`` returns one boolean per row; ``columns`` are shown on failure."""
    RULE_COLUMNS[name] = tuple(columns)
    return pa.Check(fn, name=name, error=name)


def _bound(col: Column, value: object) -> object:
    return pd.Timestamp(str(value)) if col.type in ("date", "datetime") else value


def column_schema(col: Column) -> pa.Column:
    """The pandera column for one dictionary entry: type, nullability, uniqueness, range, values."""
    checks: list[pa.Check] = []
    if col.min is not None:
        checks.append(pa.Check.ge(_bound(col, col.min)))
    if col.max is not None:
        checks.append(pa.Check.le(_bound(col, col.max)))
    if col.categories is not None:
        checks.append(pa.Check.isin(list(col.categories)))
    if col.pattern is not None:
        checks.append(pa.Check.str_matches(col.pattern))
    return pa.Column(
        DTYPES.get(col.type), checks=checks, nullable=col.nullable, unique=col.unique, required=True
    )


def build_schema(d: Dictionary, rules: Sequence[pa.Check] = ()) -> pa.DataFrameSchema:
    """The dataset's schema: every dictionary column, no other column, plus the dataset's rules."""
    return pa.DataFrameSchema(
        {c.name: column_schema(c) for c in d.columns}, checks=list(rules), strict=True, name=d.name
    )


def _describe(df: pd.DataFrame, d: Dictionary, cases: pd.DataFrame) -> str:
    lines = []
    wide = cases["schema_context"] == "DataFrameSchema"
    for (column, check), group in cases[~wide].groupby(
        ["column", "check"], dropna=False, sort=False
    ):
        idx = group["index"].dropna().unique().tolist()[:5]
        values = ", ".join(repr(v) for v in group["failure_case"].head(5).tolist())
        where = f" at rows {idx}" if idx else ""
        lines.append(f"{d.name}: column {column!r} breaks rule '{check}'{where} (values {values})")
    for check, group in cases[wide].groupby("check", sort=False):
        idx = group["index"].dropna().unique().tolist()
        if str(check) not in RULE_COLUMNS:
            values = ", ".join(repr(v) for v in group["failure_case"].head(5).tolist())
            lines.append(f"{d.name}: rule '{check}' fails for {values}")
            continue
        cols = [c for c in RULE_COLUMNS[str(check)] if c in df.columns]
        label = f"columns {cols}" if cols else "the table"
        shown = df.loc[[i for i in idx[:3] if i in df.index], cols] if cols else None
        detail = f"; first offending rows:\n{shown.to_string()}" if shown is not None else ""
        lines.append(
            f"{d.name}: {label} break rule '{check}' at {len(idx)} rows, first {idx[:5]}{detail}"
        )
    return "\n".join(lines) or f"{d.name}: schema validation failed"


def validate(df: pd.DataFrame, d: Dictionary, rules: Sequence[pa.Check] = ()) -> pd.DataFrame:
    """Validate ``df`` against the dataset's schema; DatasetError lists every broken rule."""
    schema = build_schema(d, rules)
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        raise _error(exc.failure_cases, _describe(df, d, exc.failure_cases)) from None
    except SchemaError as exc:
        raise _error(getattr(exc, "failure_cases", None), f"{d.name}: {exc}") from None


def _error(cases: object, message: str) -> DatasetError:
    """A DatasetError for the first failure case: its column, value, check and data-file line."""
    if not isinstance(cases, pd.DataFrame) or cases.empty:
        return DatasetError("table", None, "check", check="of the schema", message=message)
    first = cases.iloc[0]
    index = first.get("index")
    line = int(index) + 2 if isinstance(index, int | np.integer) else None  # header is line 1
    column = first.get("column")
    return DatasetError(
        str(column) if isinstance(column, str) else "table",
        first.get("failure_case"),
        "check",
        check=str(first.get("check")),
        line=line,
        message=message,
    )
