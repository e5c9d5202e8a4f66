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


# service-lines-3: the hypothetical competitors' discharges a year (the same table as the
# notebook's setup cell) and the worked example its visible code prints
SL3_COMPETITORS = {
    "Hospital A": {
        "Medicine": 9800,
        "Cardiology": 3600,
        "Orthopedics": 2100,
        "Neurosciences": 1900,
        "Nephrology": 900,
        "Obstetrics": 1500,
    },
    "Hospital B": {
        "Medicine": 6400,
        "Cardiology": 1900,
        "Orthopedics": 1800,
        "Neurosciences": 600,
        "Nephrology": 700,
        "Obstetrics": 1650,
    },
    "Hospital C": {
        "Medicine": 4200,
        "Cardiology": 950,
        "Orthopedics": 1350,
        "Neurosciences": 350,
        "Nephrology": 480,
        "Obstetrics": 1300,
    },
}
SL3_LINE = "Orthopedics"
SL3_GAIN_POINTS = 2.0
SL3_CLINIC = "Orthopedics"
SL3_DAYS = 14
# Merger Guidelines (DOJ/FTC 2023), section 2.1: above this HHI a market is highly concentrated
HIGHLY_CONCENTRATED_HHI = 1800


@facts_for("service-lines-3")
def _service_lines_3() -> dict[str, str]:
    from careops import data
    from careops.finance import hhi, market_shares
    from careops.grading.answers import pct
    from careops.lean import littles_law

    stays = data.load("inpatient_stays")
    market = pd.Series({name: float(row[SL3_LINE]) for name, row in SL3_COMPETITORS.items()})
    market["Our hospital"] = float((stays["service_line"] == SL3_LINE).sum())
    shares = market_shares(market)
    rivals = shares.drop("Our hospital")
    index = hhi(market)
    extra = float(market.sum()) * SL3_GAIN_POINTS / 100
    los = float(stays.loc[stays["service_line"] == SL3_LINE, "los_days"].astype(float).mean())
    visits = data.load("clinic_appointments")
    new = visits[(visits["clinic"] == SL3_CLINIC) & (visits["visit_type"] == "new")]
    missed = new["no_show"].astype(float)
    late = new["lead_time_days"] > SL3_DAYS
    late_rate, fast_rate = float(missed[late].mean()), float(missed[~late].mean())
    return {
        "ortho_share": pct(float(shares["Our hospital"]), 1),
        "ortho_leader": str(rivals.idxmax()),
        "ortho_leader_share": pct(float(rivals.max()), 1),
        "ortho_hhi": f"{index:,.0f}",
        "ortho_concentration": "highly concentrated"
        if index > HIGHLY_CONCENTRATED_HHI
        else "not highly concentrated",
        "ortho_extra_cases": f"{extra:,.0f}",
        "ortho_extra_beds": f"{littles_law(throughput=extra / 365, flow_time=los):.1f}",
        "ortho_late_no_show": pct(late_rate, 1),
        "ortho_fast_no_show": pct(fast_rate, 1),
        "ortho_gap": f"{100 * (late_rate - fast_rate):.1f} percentage points",
    }
