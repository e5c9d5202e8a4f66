"""Benchmark the analytics hot spots beside straightforward reference implementations.

Run: .venv/bin/python benchmarks/bench_analytics.py  (about a minute on 2 cores)

1. queueing.servers_needed for offered loads of 50, 500 and 5,000 Erlangs against a
   textbook Erlang C (the Poisson-sum formula evaluated exactly with Python integers,
   recomputed for each candidate staffing level in a linear scan).
2. spc.run_chart_signals on 100,000 points against a pure-Python loop over the points.

Each pair must agree; the script prints seconds for both and the speed-up ratio.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from careops import queueing, spc

HANDLE_TIME = 1.0
TARGET_WAIT = 0.1  # in handle times: answer 80 % within a tenth of a handle time
TARGET_LEVEL = 0.8


# --- references (deliberately plain, not used by the library) ----------------------------


def reference_erlang_c(load: int, servers: int) -> float:
    """Erlang C from the Poisson sum, exact in integers: all terms scaled by N!."""
    scaled = math.factorial(servers)  # A^0 N! / 0!
    total = 0
    for k in range(servers):
        total += scaled
        scaled = scaled * load // (k + 1)  # A^(k+1) N! / (k+1)!, exact division
    last = Fraction(scaled * servers, servers - load)  # A^N N!/N! x N / (N - A)
    return float(last / (total + last))


def reference_servers_needed(load: int) -> int:
    """Linear scan from the smallest stable staffing, recomputing Erlang C each time."""
    n = load + 1
    while True:
        c = reference_erlang_c(load, n)
        level = 1 - c * math.exp(-(n - load) * TARGET_WAIT / HANDLE_TIME)
        if level >= TARGET_LEVEL:
            return n
        n += 1


def reference_run_chart(
    values: list[float],
) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    """Runs, shifts (start, end) and trends (start, end) with a loop over the points."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    runs, shifts, side, length, start, last = 0, [], 0, 0, 0, 0
    for i, x in enumerate(values):
        s = (x > median) - (x < median)
        if s == 0:
            continue
        if s != side:
            if length >= 6:
                shifts.append((start, last))
            runs, side, length, start = runs + 1, s, 0, i
        length, last = length + 1, i
    if length >= 6:
        shifts.append((start, last))
    trends, direction, steps, t_start, prev = [], 0, 0, 0, 0
    for i in range(1, len(values)):
        if values[i] == values[prev]:
            continue
        d = 1 if values[i] > values[prev] else -1
        if d != direction:
            if steps >= 4:
                trends.append((t_start, prev))
            direction, steps, t_start = d, 0, prev
        steps, prev = steps + 1, i
    if steps >= 4:
        trends.append((t_start, prev))
    return runs, shifts, trends


# --- timing ------------------------------------------------------------------------------


def best_of(fn, repeat: int = 3):
    """(best seconds, result) over ``repeat`` calls."""
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(label: str, ours: float, reference: float) -> None:
    ratio = reference / ours if ours > 0 else math.inf
    print(f"{label:<44} careops {ours:9.5f} s   reference {reference:9.3f} s   ratio {ratio:9.0f}x")


def bench_servers_needed() -> None:
    for load in (50, 500, 5_000):
        ours, n = best_of(
            lambda load=load: queueing.servers_needed(load, HANDLE_TIME, TARGET_WAIT, TARGET_LEVEL)
        )
        ref, n_ref = best_of(lambda load=load: reference_servers_needed(load), repeat=1)
        if n != n_ref:
            raise SystemExit(f"servers_needed disagrees at load {load}: {n} vs reference {n_ref}")
        report(f"servers_needed, load {load:>5} Erlangs -> {n} servers", ours, ref)


def bench_run_chart() -> None:
    rng = np.random.default_rng(20240501)
    values = np.round(rng.normal(50, 5, 100_000), 1)
    values[60_000:60_040] += 12  # a shift to find
    ours, result = best_of(lambda: spc.run_chart_signals(values))
    as_list = values.tolist()
    ref, (runs, shifts, trends) = best_of(lambda: reference_run_chart(as_list), repeat=1)
    ok = (
        result.runs == runs
        and list(zip(result.shifts["start"], result.shifts["end"], strict=True)) == shifts
        and list(zip(result.trends["start"], result.trends["end"], strict=True)) == trends
    )
    if not ok:
        raise SystemExit("run_chart_signals disagrees with the reference loop")
    report(f"run_chart_signals, 100,000 points ({len(shifts)} shifts)", ours, ref)


if __name__ == "__main__":
    bench_servers_needed()
    bench_run_chart()
