"""The numbers each chapter's prose quotes, computed here so the notebooks stay thin.

A chapter module (one per course, e.g. ``careops.chapters.operations``) has one function per
notebook that returns a :class:`Results`: the values the prose glues in, the tables the page
shows and the frames its charts draw. The notebook calls it, glues ``values`` and draws; it
defines nothing itself. This layer sits between charts and notebooks: it may import the data,
the analytics and the charts, and nothing imports it but notebooks and tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Results", "plain"]


@dataclass(frozen=True)
class Results:
    """What one chapter notebook quotes: glued values, shown tables and chart frames."""

    values: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        """A glued value by its glue name."""
        return self.values[name]

    def glue(self) -> None:
        """Glue every value under its name (not displayed), for ``{glue:text}`` in the prose."""
        from myst_nb import glue  # the notebook layer's dependency, imported only when gluing

        for name, value in self.values.items():
            glue(name, plain(value), display=False)


def plain(value: Any) -> Any:
    """A numpy scalar as the Python number it holds; anything else unchanged.

    myst-nb formats a glued value from its text repr, and numpy 2 writes a float64 as
    ``np.float64(1.5)``, which ``{glue:text}`name:.2f``` cannot read back as a number.
    """
    return value.item() if isinstance(value, np.generic) else value
