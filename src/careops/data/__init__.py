"""The course's datasets: load them by name, regenerate the synthetic ones, validate them all.

>>> from careops import data
>>> data.catalog()            # name, description, rows, source, licence, synthetic
>>> visits = data.load("ed_visits")          # typed, validated DataFrame
>>> same = data.generate("ed_visits")        # rebuilt in memory from the committed seed

Every synthetic dataset comes from a documented model with a fixed seed (see the module of
each in ``careops.data.synthetic``); real datasets are copies from packages whose licence
allows redistribution (``careops.data.real``). Each has a YAML data dictionary and a pandera
schema in ``datasets/``; a file that breaks its schema raises :class:`DatasetError`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from careops.data.errors import DatasetError
from careops.data.registry import names

if TYPE_CHECKING:
    from careops.data.api import catalog, check, dictionary, generate, load, path, render, write

_API = ("catalog", "check", "dictionary", "generate", "load", "path", "render", "write")


def __getattr__(name: str) -> Any:
    """The loading functions, imported on first use: ``careops.data.api`` needs pandas and
    pandera, which commands that only reach ``careops.data.cli`` or the registry never use."""
    if name in _API:
        return getattr(import_module("careops.data.api"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DatasetError",
    "catalog",
    "check",
    "dictionary",
    "generate",
    "load",
    "names",
    "path",
    "render",
    "write",
]
