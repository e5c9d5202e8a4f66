"""Exercises on the static site (no kernel): a precomputed grid of charts and Check feedback.

An exercise opts in with ``Exercise(..., static=Static(...))``. At build time (when the
notebook runs with ``CAREOPS_STATIC=1``, set by ``careops site build/execute``) the exercise
shows one Vega-Lite chart whose data holds every grid point's rows, filtered by parameters bound
to inputs, and a Check form whose answers and feedback are precomputed by the exercise's own
``compute`` and ``check`` and kept encoded in the page (``careops-exercise.js`` decodes them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Static"]

Values = dict[str, Any]


@dataclass(frozen=True)
class Static:
    """How an exercise works on the static site: a grid over some inputs, precomputed."""

    # input name -> the values its bound control takes, in the units the student sees (slider:
    # evenly spaced numbers including the default; Choice: option values). Inputs not in the
    # grid stay at their defaults.
    grid: Mapping[str, Sequence[Any]]
    # the right answer per answer name at one grid point: (values, result) -> {name: value}
    answers: Callable[[Values, Any], Mapping[str, Any]]
    tolerance: Mapping[str, float] = field(default_factory=dict)  # absolute, per Number answer
    relative: Mapping[str, float] = field(default_factory=dict)  # relative, per Number answer
    # the wrong answers the kernel check names (e.g. price + variable), per answer name
    slips: Callable[[Values, Any], Mapping[str, Sequence[Any]]] | None = None
