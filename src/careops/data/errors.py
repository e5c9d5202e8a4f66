"""The one error type of the data layer: a dataset that is missing, malformed or off-schema."""

from __future__ import annotations

from careops.errors import InputError


class DatasetError(InputError):
    """A dataset problem, as an :class:`InputError`: ``field`` is the column (or dictionary
    field), ``value`` the offending values, ``rule`` the broken rule, and ``file``/``line`` the
    data file or data dictionary (and its line) when the problem was read from one."""
