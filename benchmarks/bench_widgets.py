"""Benchmark the exercises' responsiveness: one input change -> updated chart and summary.

Run: .venv/bin/python benchmarks/bench_widgets.py  (under a minute on 2 cores)

For each exercise the script changes one input back and forth as a student would (in the
kernel, no frontend) and times value change -> recomputed result, new chart spec serialised
for the display update, and summary text; that is what a live notebook waits for. Beside it,
in the same run, the naive alternative: rebuild the whole exercise for every change and
serialise the chart with Altair's default schema validation. Prints ms per update and the
ratio. Aim: well under 100 ms per update.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from careops import widgets
from careops.widgets.core import Exercise

UPDATES = 12


class _Sink:
    """Stands in for the notebook's display handle: takes the update, like the frontend would."""

    def __init__(self) -> None:
        self.updates = 0

    def update(self, bundle: dict[str, Any], raw: bool = False) -> None:
        self.updates += 1


# exercise factory, the input to change, two values to alternate between
CASES: list[tuple[str, Callable[[], Exercise], str, tuple[Any, Any]]] = [
    ("lean/takt-time", widgets.takt_time_exercise, "demand", ("48", "60")),
    ("lean/value-stream-map", widgets.value_stream_exercise, "wait_provider_exam", (14, 30)),
    ("lean/patient-flow-simulation", widgets.patient_flow_exercise, "arrivals", (10, 12)),
    ("lean/room-turnover", widgets.room_turnover_exercise, "service", ("Urology", "ENT")),
    ("lean/pdsa-cycle", widgets.pdsa_exercise, "week", (10, 14)),
    ("finance/break-even", widgets.break_even_exercise, "price", ("180", "200")),
    ("finance/flexible-budget", widgets.flexible_budget_exercise, "month", ("March", "July")),
    ("finance/capital-budgeting", widgets.capital_budgeting_exercise, "rate", ("8", "10")),
    ("finance/payer-mix", widgets.payer_mix_exercise, "vol_medicare", ("420", "500")),
    ("finance/case-mix", widgets.case_mix_exercise, "service_line", ("Medicine", "Cardiology")),
    ("finance/business-plan", widgets.business_plan_exercise, "visits", (2_400, 3_000)),
    ("finance/shortage-scenarios", widgets.shortage_scenarios_exercise, "worst_cut", (80, 60)),
    (
        "data/control-charts",
        widgets.control_chart_exercise,
        "measure",
        (
            "ED: average minutes to see a provider, by week (XmR)",
            "Clinics: no-show rate, by week (p chart)",
        ),
    ),
    (
        "data/run-chart-rules",
        widgets.run_chart_exercise,
        "series",
        (
            "Falls per 1,000 patient-days on a medical unit",
            "Door-to-needle time for stroke thrombolysis",
        ),
    ),
    ("data/ed-staffing-erlang-c", widgets.ed_staffing_exercise, "providers", (3, 4)),
    (
        "data/readmission-funnel-plot",
        widgets.readmission_funnel_exercise,
        "target",
        ("regional", "national"),
    ),
    ("data/covid-testing", widgets.covid_testing_exercise, "period", ("Week", "Day")),
    (
        "data/health-insurance-experiment",
        widgets.health_insurance_exercise,
        "plan_b",
        ("95% coinsurance", "25% coinsurance"),
    ),
]


def incremental(make: Callable[[], Exercise], name: str, values: tuple[Any, Any]) -> float:
    """ms per update when the live exercise recomputes in place."""
    ex = make()
    sink = _Sink()
    ex._handle = sink  # as after display(): every refresh pushes the new chart spec
    times = []
    for i in range(UPDATES):
        start = time.perf_counter()
        ex.controls[name].value = values[(i + 1) % 2]
        times.append(time.perf_counter() - start)
        if ex.result is None:
            raise SystemExit(f"{name}: the update failed: {ex.status.value}")
    if sink.updates != UPDATES:
        raise SystemExit(f"{name}: expected {UPDATES} chart updates, saw {sink.updates}")
    return statistics.median(times) * 1000


def rebuild(make: Callable[[], Exercise], name: str, values: tuple[Any, Any]) -> float:
    """ms per update when every change rebuilds the exercise and validates the chart spec."""
    times = []
    for i in range(UPDATES // 2):
        start = time.perf_counter()
        ex = make()
        ex.controls[name].value = values[(i + 1) % 2]
        ex.chart.to_dict()  # Altair's default display path validates against the schema
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    for _, make, name, values in CASES:  # warm caches (datasets, Altair schema) outside the timing
        make().controls[name].value = values[1]
    print(f"{'exercise':<32} {'update (ms)':>12} {'rebuild (ms)':>13} {'ratio':>7}")
    worst = 0.0
    for label, make, name, values in CASES:
        ours = incremental(make, name, values)
        naive = rebuild(make, name, values)
        worst = max(worst, ours)
        print(f"{label:<32} {ours:12.1f} {naive:13.1f} {naive / ours:6.1f}x")
    print(f"slowest update: {worst:.1f} ms ({'under' if worst < 100 else 'OVER'} the 100 ms aim)")


if __name__ == "__main__":
    main()
