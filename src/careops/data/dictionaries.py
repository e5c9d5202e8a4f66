"""Data dictionaries: one YAML file per dataset giving its provenance and every column's meaning.

The dictionary is the single description of a dataset: the loader takes the column types
from it, the schema takes types, ranges and allowed categories from it, and the book renders
it as the dataset's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careops.data.errors import DatasetError
from careops.data.paths import datasets_dir
from careops.datafile import Problems, did_you_mean
from careops.errors import InputError
from careops.yamlfile import line_of, load_yaml

TYPES = ("string", "category", "int", "float", "bool", "date", "datetime")
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Column:
    """One column: its type, unit, meaning and source, plus the rules the schema enforces."""

    name: str
    type: str
    meaning: str
    unit: str | None = None
    source: str | None = None
    nullable: bool = False
    unique: bool = False
    min: Any = None
    max: Any = None
    categories: tuple[str, ...] | None = None
    ordered: bool = False
    decimals: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Dictionary:
    """A dataset's description, provenance and columns, as read from ``datasets/<name>.yml``."""

    name: str
    title: str
    description: str
    file: str
    synthetic: bool
    licence: str
    source: str
    citations: tuple[str, ...]
    columns: tuple[Column, ...]
    seed: int | None = None
    generator: str | None = None
    package: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        """The column called ``name``; DatasetError if the dictionary has none."""
        for c in self.columns:
            if c.name == name:
                return c
        raise DatasetError(
            "column",
            name,
            "known",
            suggestion=f" (columns: {self.column_names})",
            message=f"{self.name}: the data dictionary has no column {name!r}",
        )

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def dictionary_path(name: str) -> Path:
    """The YAML dictionary file of dataset ``name``."""
    return datasets_dir() / f"{name}.yml"


DICTIONARY_FIELDS = (
    "name",
    "title",
    "description",
    "file",
    "synthetic",
    "licence",
    "source",
    "citations",
    "columns",
    "seed",
    "generator",
    "package",
    "notes",
)
COLUMN_FIELDS = (
    "name",
    "type",
    "meaning",
    "unit",
    "source",
    "nullable",
    "unique",
    "min",
    "max",
    "categories",
    "ordered",
    "decimals",
    "pattern",
)


def _column(raw: Any, i: int, problems: Problems) -> Column | None:
    """One column entry checked (every problem recorded); None when it cannot be used."""
    if not isinstance(raw, dict):
        problems.add(
            f"columns[{i}]", raw, "type", expected="a mapping of fields", line=line_of(raw)
        )
        return None
    label = raw.get("name", "?")
    where = f"column {label!r}"
    problems.unknown_keys(raw, COLUMN_FIELDS, where)
    for key in ("name", "type", "meaning"):
        if not raw.get(key):
            problems.add(
                f"columns[{label!r}].{key}",
                raw.get(key),
                "required",
                line=line_of(raw, key),
                message=f"{where}: field {key!r} is missing or empty",
            )
    kind = raw.get("type")
    if kind and kind not in TYPES:
        problems.add(
            f"columns[{label!r}].type",
            kind,
            "choice",
            choices=TYPES,
            line=line_of(raw, "type"),
            hint=did_you_mean(kind, TYPES),
            message=f"{where}: type {kind!r} is not one of {', '.join(TYPES)}",
        )
        return None
    if not all(raw.get(key) for key in ("name", "type", "meaning")):
        return None
    cats = raw.get("categories")
    return Column(
        name=str(raw["name"]),
        type=str(raw["type"]),
        meaning=str(raw["meaning"]).strip(),
        unit=raw.get("unit"),
        source=raw.get("source"),
        nullable=bool(raw.get("nullable", False)),
        unique=bool(raw.get("unique", False)),
        min=raw.get("min"),
        max=raw.get("max"),
        categories=tuple(str(c) for c in cats) if cats is not None else None,
        ordered=bool(raw.get("ordered", False)),
        decimals=raw.get("decimals"),
        pattern=raw.get("pattern"),
    )


def load_dictionary(name: str, path: Path | None = None) -> Dictionary:
    """Read and check the data dictionary of ``name``; ONE DatasetError lists every problem,
    each naming the file, line, field and value (see :mod:`careops.datafile`)."""
    path = path or dictionary_path(name)
    if not path.is_file():
        raise DatasetError(
            "dataset",
            name,
            "exists",
            file=path,
            message=f"dataset {name!r}: data dictionary {path} does not exist",
        )
    try:
        raw = load_yaml(path) or {}
    except InputError as exc:
        raise DatasetError(
            exc.field,
            exc.value,
            exc.rule,
            file=exc.file,
            line=exc.line,
            message=exc.message,
            **exc.limits,
        ) from None
    if not isinstance(raw, dict):
        raise DatasetError(
            "the file",
            type(raw).__name__,
            "type",
            expected="a mapping",
            file=path,
            message=f"expected a mapping of fields, got {type(raw).__name__}",
        )
    problems = Problems(path)
    problems.unknown_keys(raw, DICTIONARY_FIELDS)
    for key in ("title", "description", "file", "licence", "source", "columns"):
        if key not in raw:
            problems.add(key, None, "required", message=f"field {key!r} is missing")
    if raw.get("name", name) != name:
        problems.add(
            "name",
            raw["name"],
            "choice",
            choices=[name],
            line=line_of(raw, "name"),
            message=f"field 'name' is {raw['name']!r}, expected {name!r}",
        )
    entries = raw.get("columns")
    if "columns" in raw and not isinstance(entries, list):
        problems.add(
            "columns", entries, "type", expected="a list of mappings", line=line_of(raw, "columns")
        )
        entries = []
    columns = []
    seen: set[str] = set()
    for i, entry in enumerate(entries or []):
        column = _column(entry, i, problems)
        if column is None:
            continue
        if column.name in seen:
            problems.add(
                f"columns[{column.name!r}]",
                column.name,
                "unique",
                line=line_of(entry, "name"),
                message=f"column {column.name!r} is listed twice",
            )
        seen.add(column.name)
        columns.append(column)
    problems.raise_if_any(DatasetError)
    return Dictionary(
        name=name,
        title=str(raw["title"]),
        description=" ".join(str(raw["description"]).split()),
        file=str(raw["file"]),
        synthetic=bool(raw.get("synthetic", False)),
        licence=str(raw["licence"]),
        source=" ".join(str(raw["source"]).split()),
        citations=tuple(" ".join(str(c).split()) for c in raw.get("citations", [])),
        columns=tuple(columns),
        seed=raw.get("seed"),
        generator=raw.get("generator"),
        package=raw.get("package"),
        notes=tuple(" ".join(str(n).split()) for n in raw.get("notes", [])),
    )
