"""Answer-key facts of the service line assignments after the first (service-lines-2, -3).

Each function computes, with the careops analytics on the course datasets, the numbers the
model answer quotes for the worked examples that every student's notebook prints first.
"""

from __future__ import annotations

import math

import pandas as pd

from careops.grading.answers import facts_for

# service-lines-2's worked example (the values its visible code passes)
SL2_LINE = "Orthopedics"
SL2_BASE_RATE = 6500.0
SL2_COST_PER_DAY = 1200.0
SL2_SUPPLIES = 6000.0
SL2_PROGRAM_FIXED = 600000.0
SL2_PROCEDURE = "Total knee arthroplasty"
SL2_COST_PER_MINUTE = 60.0


def _dollars(x: float) -> str:
    """Whole dollars, e.g. 6665.2 -> $6,665."""
    return f"${x:,.0f}"


def or_cost_by_surgeon(cases: pd.DataFrame, procedure: str, cost_per_minute: float) -> pd.Series:
    """Mean room minutes of a procedure's completed cases times the cost per minute, by surgeon."""
    done = cases[(cases["procedure"] == procedure) & ~cases["canceled"].astype(bool)]
    minutes = done["actual_duration_min"].astype(float).groupby(done["surgeon_id"]).mean()
    return (minutes * cost_per_minute).sort_index()


@facts_for("service-lines-2")
def _service_lines_2() -> dict[str, str]:
    from careops import data
    from careops.finance import break_even_volume, contribution_margin, drg_payment

    stays = data.load("inpatient_stays")
    line = stays[stays["service_line"] == SL2_LINE]
    price = sum(drg_payment(SL2_BASE_RATE, float(w)) for w in line["drg_weight"]) / len(line)
    cost = float((SL2_COST_PER_DAY * line["los_days"].astype(float) + SL2_SUPPLIES).mean())
    by_surgeon = or_cost_by_surgeon(data.load("or_cases"), SL2_PROCEDURE, SL2_COST_PER_MINUTE)
    return {
        "ortho_price": _dollars(price),
        "ortho_cost": _dollars(cost),
        "ortho_margin": _dollars(contribution_margin(price, cost)),
        "program_cases": f"{math.ceil(break_even_volume(SL2_PROGRAM_FIXED, price, cost)):,}",
        "tka_low": _dollars(float(by_surgeon.min())),
        "tka_low_surgeon": str(by_surgeon.idxmin()),
        "tka_high": _dollars(float(by_surgeon.max())),
        "tka_high_surgeon": str(by_surgeon.idxmax()),
        "tka_spread": _dollars(float(by_surgeon.max() - by_surgeon.min())),
    }
