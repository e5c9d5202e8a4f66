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

from careops.data.api import catalog, check, dictionary, generate, load, path, render, write
from careops.data.errors import DatasetError
from careops.data.registry import names

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
