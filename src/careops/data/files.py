"""Typed reading and byte-stable writing of the CSV data files, driven by the data dictionary.

Writing formats every column the same way on every run (fixed decimals, minute-resolution
timestamps, ``\\n`` line ends), so a regenerated synthetic dataset is byte-for-byte equal to
the committed file. Reading gives the types the dictionary promises: ``datetime64``,
``category``, nullable ``Int64``, ``boolean``, ``float64`` and ``str``.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd

from careops.data.dictionaries import DATE_FORMAT, DATETIME_FORMAT, TYPES, Column, Dictionary
from careops.data.errors import DatasetError

TRUE, FALSE = "true", "false"


def _rows(index: pd.Index, limit: int = 5) -> str:
    return ", ".join(str(i) for i in list(index[:limit])) + (" ..." if len(index) > limit else "")


def _bad(dataset: str, col: Column, rule: str, series: pd.Series, mask: pd.Series) -> DatasetError:
    idx = series.index[mask.to_numpy()]
    values = ", ".join(repr(v) for v in series[mask].head(5).tolist())
    first = idx[0] if len(idx) else None
    return DatasetError(
        col.name,
        series[mask].head(5).tolist(),
        "check",
        check=rule,
        line=int(first) + 2 if isinstance(first, int | np.integer) else None,  # header is line 1
        message=f"{dataset}: column {col.name!r} breaks rule '{rule}' at rows {_rows(idx)} "
        f"(values {values})",
    )


def coerce_column(dataset: str, col: Column, s: pd.Series) -> pd.Series:
    """Convert one column to the dictionary's type; a value that cannot convert is a
    DatasetError."""
    present = s.notna()
    if col.type == "string":
        return s.astype("str")
    if col.type == "category":
        text = s.astype("str")
        allowed = set(col.categories or ())
        off = present & ~text.isin(allowed)
        if off.any():
            raise _bad(dataset, col, f"value in {sorted(allowed)}", s, off)
        return text.astype(pd.CategoricalDtype(list(col.categories or ()), ordered=col.ordered))
    if col.type in ("int", "float"):
        num = pd.to_numeric(s, errors="coerce")
        off = present & num.isna()
        if off.any():
            raise _bad(dataset, col, f"is a number ({col.type})", s, off)
        if col.type == "float":
            num = num.astype("float64")
            return num.round(col.decimals) if col.decimals is not None else num
        frac = present & (num.fillna(0) % 1 != 0)
        if frac.any():
            raise _bad(dataset, col, "is a whole number", s, frac)
        return num.round().astype("Int64")
    if col.type == "bool":
        if s.dtype == bool or str(s.dtype) == "boolean":
            return s.astype("boolean")
        text = s.astype("str").str.lower().where(present, None)
        off = present & ~text.isin([TRUE, FALSE, "1", "0"])
        if off.any():
            raise _bad(dataset, col, "is true or false", s, off)
        return text.map({TRUE: True, FALSE: False, "1": True, "0": False}).astype("boolean")
    if col.type in ("date", "datetime"):
        fmt = DATE_FORMAT if col.type == "date" else DATETIME_FORMAT
        if pd.api.types.is_datetime64_any_dtype(s):
            out = s
        else:
            out = pd.to_datetime(s, format=fmt, errors="coerce")
            off = present & out.isna()
            if off.any():
                raise _bad(dataset, col, f"is a {col.type} written {fmt}", s, off)
        out = out.astype("datetime64[ns]")
        return out.dt.floor("D") if col.type == "date" else out.dt.floor("min")
    raise DatasetError(
        f"columns[{col.name!r}].type",
        col.type,
        "choice",
        choices=TYPES,
        message=f"{dataset}: column {col.name!r} has unknown type {col.type!r}",
    )


def coerce(df: pd.DataFrame, d: Dictionary) -> pd.DataFrame:
    """The frame with exactly the dictionary's columns, in its order, each of its type."""
    missing = [c for c in d.column_names if c not in df.columns]
    if missing:
        raise DatasetError(
            missing[0],
            missing,
            "required",
            message=f"{d.name}: columns {missing} are in the data dictionary but not the data",
        )
    extra = [c for c in df.columns if c not in d.column_names]
    if extra:
        raise DatasetError(
            extra[0],
            extra,
            "known",
            suggestion=" in the data dictionary",
            message=f"{d.name}: columns {extra} are in the data but not the data dictionary",
        )
    out = pd.DataFrame({c.name: coerce_column(d.name, c, df[c.name]) for c in d.columns})
    return out.reset_index(drop=True)


def _format(col: Column, s: pd.Series) -> pd.Series:
    """One column as the exact text written to the CSV ('' for missing)."""
    present = s.notna().to_numpy()
    out = np.full(len(s), "", dtype=object)
    if col.type == "float":
        vals = s.to_numpy(dtype="float64", na_value=np.nan)[present]
        if col.decimals is not None:
            out[present] = [f"{v:.{col.decimals}f}" for v in vals]
        else:  # the shortest text that reads back to the same float
            out[present] = [repr(float(v)) for v in vals]
    elif col.type == "int":
        out[present] = [str(int(v)) for v in s[present]]
    elif col.type == "bool":
        out[present] = [TRUE if bool(v) else FALSE for v in s[present]]
    elif col.type in ("date", "datetime"):
        fmt = DATE_FORMAT if col.type == "date" else DATETIME_FORMAT
        out[present] = s[present].dt.strftime(fmt).to_numpy(dtype=object)
    else:
        out[present] = s[present].astype("str").to_numpy(dtype=object)
    return pd.Series(out, index=s.index, dtype=object)


def to_csv_text(df: pd.DataFrame, d: Dictionary) -> str:
    """The committed CSV text of a typed frame: fixed formatting, so equal data give equal bytes."""
    text = pd.DataFrame({c.name: _format(c, df[c.name]) for c in d.columns})
    return text.to_csv(index=False, lineterminator="\n")


def read_typed(path: Path, d: Dictionary) -> pd.DataFrame:
    """Read a data file and convert it to the dictionary's types (no schema validation)."""
    if not path.is_file():
        raise DatasetError(
            "file",
            str(path),
            "exists",
            file=path,
            message=f"dataset {d.name!r}: file {path} does not exist",
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DatasetError(
            "file",
            str(path),
            "parse",
            reason=" ".join(str(exc).split()),
            file=path,
            line=_csv_line(exc),
        ) from None
    try:
        return coerce(raw, d)
    except DatasetError as exc:
        raise exc.located(path) from None


def _csv_line(exc: Exception) -> int | None:
    """The line pandas names in a CSV parse error ("... in line 7, saw 3"), if any."""
    words = str(exc).replace(",", " ").split()
    for before, after in pairwise(words):
        if before == "line" and after.isdigit():
            return int(after)
    return None
