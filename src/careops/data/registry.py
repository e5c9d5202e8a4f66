"""The datasets the course ships: their names and the module that generates or imports each."""

from __future__ import annotations

import importlib
from types import ModuleType

from careops.data.errors import DatasetError

SYNTHETIC = (
    "ed_visits",
    "inpatient_stays",
    "or_cases",
    "clinic_appointments",
    "supply_usage",
    "department_budget",
    "claims",
    "nurse_staffing",
)
REAL = (
    "covid_testing",
    "rand_hie",
)


def names() -> list[str]:
    """Every dataset name, synthetic first, in catalog order (only those with a module)."""
    return [n for n in (*SYNTHETIC, *REAL) if _find(n) is not None]


def _find(name: str) -> ModuleType | None:
    package = "synthetic" if name in SYNTHETIC else "real"
    try:
        return importlib.import_module(f"careops.data.{package}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(f".{name}"):
            return None
        raise


def module(name: str) -> ModuleType:
    """The module of dataset ``name`` (``generate``/``fetch`` and ``rules``)."""
    if not isinstance(name, str) or name not in (*SYNTHETIC, *REAL):
        raise DatasetError(
            "dataset",
            name,
            "known",
            suggestion=f" (known: {', '.join(names())})",
            message=f"unknown dataset {name!r}; known datasets: {', '.join(names())}",
        )
    found = _find(name)
    if found is None:
        raise DatasetError(
            "dataset", name, "exists", message=f"dataset {name!r} is declared but not built yet"
        )
    return found


def is_synthetic(name: str) -> bool:
    return name in SYNTHETIC
