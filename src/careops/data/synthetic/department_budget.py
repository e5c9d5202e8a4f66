"""Synthetic monthly budget versus actual for six hospital departments (flexible-budget data).

Model and sources:

* Each department has a unit of service (UOS), an annual budgeted volume, budgeted worked
  hours per UOS, a blended hourly wage, supply cost per UOS and net revenue per UOS by payer
  (``DEPARTMENTS``). Wages are blended around the BLS Occupational Employment and Wage
  Statistics (May 2023) national mean for registered nurses (about $45 an hour) and lower for
  support staff; the other unit rates are assumed typical values.
* Budget volume: annual volume spread by days in month with a +/-5 % winter peak.
* Actual volume: budget times a random factor (sd 5 %), plus a flu surge in January-February
  for the inpatient units and the ED.
* Actual hours: staffing flexes only partly with volume -- 30 % of hours follow the budget
  volume, 70 % the actual volume -- times an efficiency factor (mean +2 %, sd 4 %). This is
  what makes the volume, rate and efficiency variances of a flexible budget differ.
* Actual wage rate: budget plus 1.5 % drift and overtime premium in surge months.
* Revenue by payer: actual volume times payer mix (with noise) times net revenue per UOS.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careops.data.schema import rule
from careops.data.synthetic.common import YEAR

SEED = 4106
PAYERS = ("medicare", "medicaid", "commercial", "self_pay")
# department: (UOS, annual volume, hours/UOS, wage $/h, supply $/UOS, net revenue $/UOS by payer,
# payer mix, surge)
DEPARTMENTS: dict[
    str, tuple[str, int, float, float, float, tuple[float, ...], tuple[float, ...], bool]
] = {
    "Medical-Surgical Unit": (
        "patient day",
        9500,
        9.0,
        41.0,
        38.0,
        (2050, 1650, 3100, 400),
        (0.48, 0.18, 0.30, 0.04),
        True,
    ),
    "Intensive Care Unit": (
        "patient day",
        3300,
        22.0,
        47.0,
        120.0,
        (5200, 4100, 7800, 900),
        (0.52, 0.16, 0.28, 0.04),
        True,
    ),
    "Emergency Department": (
        "visit",
        22000,
        2.6,
        44.0,
        45.0,
        (420, 260, 980, 90),
        (0.30, 0.32, 0.30, 0.08),
        True,
    ),
    "Operating Room": (
        "surgical case",
        7000,
        14.0,
        49.0,
        1450.0,
        (6100, 4200, 11500, 1200),
        (0.42, 0.14, 0.41, 0.03),
        False,
    ),
    "Laboratory": (
        "billable test",
        420000,
        0.11,
        36.0,
        4.2,
        (14, 10, 28, 4),
        (0.40, 0.22, 0.34, 0.04),
        False,
    ),
    "Diagnostic Imaging": (
        "exam",
        60000,
        0.75,
        43.0,
        18.0,
        (160, 110, 420, 40),
        (0.40, 0.20, 0.36, 0.04),
        False,
    ),
}


def generate(seed: int = SEED) -> pd.DataFrame:
    """Twelve months of budget and actuals per department, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    months = pd.date_range(f"{YEAR}-01-01", periods=12, freq="MS")
    days = months.days_in_month.to_numpy()
    season = 1 + 0.05 * np.cos(2 * np.pi * (np.arange(12) - 0.5) / 12)
    rows = []
    for dept, (uos, annual, hpu, wage, supply, rates, mix, surge) in DEPARTMENTS.items():
        weights = days * season
        budget_volume = np.round(annual * weights / weights.sum()).astype(int)
        shock = 1 + rng.normal(0, 0.05, size=12)
        if surge:
            shock[:2] += rng.uniform(0.06, 0.12, size=2)
        actual_volume = np.round(budget_volume * shock).astype(int)
        budget_hours = np.round(budget_volume * hpu, 1)
        efficiency = 1 + rng.normal(0.02, 0.04, size=12)
        actual_hours = np.round(hpu * (0.3 * budget_volume + 0.7 * actual_volume) * efficiency, 1)
        premium = np.where(actual_volume > budget_volume * 1.05, 0.03, 0.0)
        actual_wage = np.round(wage * (1.015 + premium + rng.normal(0, 0.005, size=12)), 2)
        supply_actual = np.round(actual_volume * supply * (1 + rng.normal(0, 0.05, size=12)), 2)
        budget_revenue = np.round(budget_volume * float(np.dot(mix, rates)), 2)
        actual_mix = rng.dirichlet(np.array(mix) * 400, size=12)
        payer_revenue = np.round(
            actual_volume[:, None]
            * actual_mix
            * np.array(rates)
            * (1 + rng.normal(0, 0.02, size=(12, 4))),
            2,
        )
        for m in range(12):
            row = {
                "month": months[m],
                "department": dept,
                "unit_of_service": uos,
                "budget_volume": budget_volume[m],
                "actual_volume": actual_volume[m],
                "budget_hours_per_uos": hpu,
                "budget_hours": budget_hours[m],
                "actual_hours": actual_hours[m],
                "budget_wage_rate": wage,
                "actual_wage_rate": actual_wage[m],
                "budget_labor_cost": round(budget_hours[m] * wage, 2),
                "actual_labor_cost": round(actual_hours[m] * actual_wage[m], 2),
                "budget_supply_cost": round(budget_volume[m] * supply, 2),
                "actual_supply_cost": supply_actual[m],
                "budget_revenue": budget_revenue[m],
            }
            for p, value in zip(PAYERS, payer_revenue[m], strict=True):
                row[f"actual_revenue_{p}"] = value
            row["actual_revenue"] = round(float(payer_revenue[m].sum()), 2)
            rows.append(row)
    return pd.DataFrame(rows)


def _close(a: pd.Series, b: pd.Series, tol: float) -> pd.Series:
    return (a.astype("float64") - b.astype("float64")).abs() <= tol


def rules() -> list:
    """Cross-column rules of department_budget (the budget arithmetic holds)."""
    return [
        rule(
            "budget_hours = budget_volume x budget_hours_per_uos",
            ["budget_volume", "budget_hours_per_uos", "budget_hours"],
            lambda df: _close(
                df["budget_hours"], df["budget_volume"] * df["budget_hours_per_uos"], 0.051
            ),
        ),
        rule(
            "budget_labor_cost = budget_hours x budget_wage_rate",
            ["budget_hours", "budget_wage_rate", "budget_labor_cost"],
            lambda df: _close(
                df["budget_labor_cost"], df["budget_hours"] * df["budget_wage_rate"], 0.0051
            ),
        ),
        rule(
            "actual_labor_cost = actual_hours x actual_wage_rate",
            ["actual_hours", "actual_wage_rate", "actual_labor_cost"],
            lambda df: _close(
                df["actual_labor_cost"], df["actual_hours"] * df["actual_wage_rate"], 0.0051
            ),
        ),
        rule(
            "actual_revenue = sum of actual_revenue by payer",
            ["actual_revenue", *[f"actual_revenue_{p}" for p in PAYERS]],
            lambda df: _close(
                df["actual_revenue"], df[[f"actual_revenue_{p}" for p in PAYERS]].sum(axis=1), 0.05
            ),
        ),
        rule(
            "one row per department and month",
            ["department", "month"],
            lambda df: ~df.duplicated(["department", "month"], keep=False),
        ),
    ]
