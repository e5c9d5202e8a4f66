"""The one error type of the data layer: a dataset that is missing, malformed or off-schema."""

from __future__ import annotations


class DatasetError(ValueError):
    """A dataset problem: the message names the dataset, the column, the rule and the rows."""
