"""The public face of the data layer: load, catalog, generate, write, check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from careops.data import registry
from careops.data.dictionaries import Dictionary, load_dictionary
from careops.data.errors import DatasetError
from careops.data.files import coerce, read_typed, to_csv_text
from careops.data.paths import datasets_dir
from careops.data.schema import validate


def dictionary(name: str) -> Dictionary:
    """The data dictionary of ``name`` (description, provenance, columns)."""
    registry.module(name)
    return load_dictionary(name)


def path(name: str) -> Path:
    """The committed data file of ``name``."""
    return datasets_dir() / dictionary(name).file


def _rules(name: str) -> list:
    return list(registry.module(name).rules())


def load(name: str, *, validate_schema: bool = True) -> pd.DataFrame:
    """Dataset ``name`` as a typed DataFrame, validated against its schema (DatasetError if not)."""
    d = dictionary(name)
    file = datasets_dir() / d.file
    df = read_typed(file, d)
    if not validate_schema:
        return df
    try:
        return validate(df, d, _rules(name))
    except DatasetError as exc:
        raise exc.located(file) from None


def generate(name: str, seed: int | None = None) -> pd.DataFrame:
    """Regenerate synthetic dataset ``name`` in memory (default: its committed seed), typed."""
    if not registry.is_synthetic(name):
        raise DatasetError(
            "dataset",
            name,
            "type",
            expected="a synthetic dataset",
            message=f"dataset {name!r} is real data, not synthetic: it has no generator",
        )
    d = dictionary(name)
    mod = registry.module(name)
    chosen = d.seed if seed is None else seed
    if chosen is None:
        raise DatasetError(
            "seed",
            None,
            "required",
            file=datasets_dir() / f"{name}.yml",
            message="field 'seed' is missing",
        )
    if not isinstance(chosen, int) or isinstance(chosen, bool) or chosen < 0:
        raise DatasetError(
            "seed",
            chosen,
            "non_negative",
            message=f"generate({name!r}): seed must be a non-negative integer, got {chosen!r}",
        )
    return coerce(mod.generate(chosen), d)


def render(name: str, df: pd.DataFrame | None = None) -> str:
    """The exact CSV text of ``name`` (generated if not given), as it is committed."""
    d = dictionary(name)
    if df is None:
        df = (
            generate(name)
            if registry.is_synthetic(name)
            else coerce(registry.module(name).fetch(), d)
        )
    return to_csv_text(validate(df, d, _rules(name)), d)


def write(name: str) -> Path:
    """Regenerate (or re-import) ``name``, validate it and write its committed file."""
    text = render(name)
    target = path(name)
    target.write_text(text, encoding="utf-8", newline="")
    return target


def check(name: str) -> int:
    """Validate the committed file of ``name``; return its row count (DatasetError if broken)."""
    return len(load(name))


def _rows(file: Path) -> int:
    with file.open("rb") as fh:
        return max(sum(1 for _ in fh) - 1, 0)


def catalog() -> pd.DataFrame:
    """One row per dataset: name, title, description, rows, source, licence, synthetic, file."""
    records = []
    for name in registry.names():
        d = dictionary(name)
        file = datasets_dir() / d.file
        records.append(
            {
                "name": name,
                "title": d.title,
                "description": d.description,
                "rows": _rows(file) if file.is_file() else 0,
                "source": d.source,
                "licence": d.licence,
                "synthetic": d.synthetic,
                "file": d.file,
            }
        )
    out = pd.DataFrame.from_records(records)
    return out.astype({"rows": "Int64", "synthetic": bool})
