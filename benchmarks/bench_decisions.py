"""Benchmark careops.decisions beside straightforward alternatives.

Run: .venv/bin/python benchmarks/bench_decisions.py  (a few seconds)

1. weight_switch_points (exact: each option's total is a line in one criterion's weight, so
   the leader changes only where two lines cross) against scanning a fine grid of weights
   with weight_sensitivity and noting where the leader changes. Both must find the same
   switch points (the grid to within its step).
2. nominal_group_tally on 200 members x 40 ideas against a plain dictionary loop.
"""

from __future__ import annotations

import time
from itertools import pairwise

import numpy as np
import pandas as pd

from careops import decisions


def grid_switch_points(ratings: pd.DataFrame, weights: dict, criterion: str, steps: int) -> list:
    """Reference: scan the weight share on a grid; record where the top option changes."""
    sens = decisions.weight_sensitivity(ratings, weights, criterion, steps=steps)
    sens = sens[(sens["share"] > 0) & (sens["share"] < 1)]  # ties at the ends are not switches
    leaders = sens.loc[sens.groupby("share")["total"].idxmax(), ["share", "option"]].to_numpy()
    return [(s, b, a) for (_, b), (s, a) in pairwise(leaders) if a != b]


def reference_tally(ballots: dict, points: int) -> dict:
    """Reference: add up ranked-ballot points in a dictionary."""
    totals: dict[str, int] = {}
    for ranked in ballots.values():
        for pos, item in enumerate(ranked):
            totals[item] = totals.get(item, 0) + points - pos
    return totals


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main() -> None:
    rng = np.random.default_rng(7)
    ratings = pd.DataFrame(
        rng.integers(1, 6, size=(12, 6)),
        columns=[f"C{i}" for i in range(6)],
        index=[f"Option {i}" for i in range(12)],
    )
    weights = {
        c: float(w) for c, w in zip(ratings.columns, rng.integers(5, 30, size=6), strict=True)
    }
    exact, t_exact = timed(decisions.weight_switch_points, ratings, weights, "C0")
    steps = 2001
    grid, t_grid = timed(grid_switch_points, ratings, weights, "C0", steps)
    assert len(grid) == len(exact), (grid, exact)
    for (share, _, to), (_, row) in zip(grid, exact.iterrows(), strict=True):
        assert row["to"] == to and abs(share - row["share"]) <= 1 / (steps - 1) + 1e-12
    print(
        f"switch points, 12 options x 6 criteria: exact {t_exact:.4f} s, "
        f"grid of {steps} {t_grid:.4f} s, ratio {t_grid / t_exact:.1f}x"
    )

    ideas = [f"idea {i}" for i in range(40)]
    ballots = {f"member {m}": list(rng.choice(ideas, size=5, replace=False)) for m in range(200)}
    tally, t_lib = timed(decisions.nominal_group_tally, ballots, points=5)
    ref, t_ref = timed(reference_tally, ballots, 5)
    assert tally.set_index("item")["points"].to_dict() == ref
    print(
        f"NGT tally, 200 ballots: library {t_lib:.4f} s, dict loop {t_ref:.4f} s, "
        f"ratio {t_ref / t_lib:.2f}x (the library also validates, counts votes and ranks)"
    )


if __name__ == "__main__":
    main()
