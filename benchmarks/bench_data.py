"""Benchmark of the data layer: generate every synthetic dataset; load + validate every file.

Prints seconds for each step beside the straightforward alternative in the same run
(plain ``pandas.read_csv`` with no typing or validation) and the ratio. Target: generating
all synthetic datasets in under 60 s on 2 cores.
"""

from __future__ import annotations

import time

import pandas as pd

from careops import data
from careops.data import registry


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    names = registry.names()
    synthetic = [n for n in names if registry.is_synthetic(n)]
    print(
        f"{'dataset':<22}{'generate s':>12}{'render s':>10}{'load+validate s':>17}"
        f"{'read_csv s':>12}{'ratio':>8}"
    )
    totals = {"generate": 0.0, "render": 0.0, "load": 0.0, "plain": 0.0}
    for name in names:
        gen = timed(lambda n=name: data.generate(n)) if name in synthetic else float("nan")
        render = timed(lambda n=name: data.render(n)) if name in synthetic else float("nan")
        load = timed(lambda n=name: data.load(n))
        plain = timed(lambda n=name: pd.read_csv(data.path(n)))
        for key, value in (("generate", gen), ("render", render), ("load", load), ("plain", plain)):
            totals[key] += 0.0 if value != value else value
        print(
            f"{name:<22}{gen:>12.2f}{render:>10.2f}{load:>17.2f}{plain:>12.3f}{load / plain:>8.1f}"
        )
    print(
        f"{'TOTAL':<22}{totals['generate']:>12.2f}{totals['render']:>10.2f}"
        f"{totals['load']:>17.2f}{totals['plain']:>12.3f}{totals['load'] / totals['plain']:>8.1f}"
    )
    status = "within" if totals["generate"] < 60 else "OVER"
    print(
        f"generate all synthetic datasets: {totals['generate']:.2f} s ({status} the 60 s target); "
        f"typed load + schema validation costs {totals['load'] / totals['plain']:.1f}x "
        f"a plain read_csv"
    )


if __name__ == "__main__":
    main()
