"""Synthetic nurse staffing by unit and 12-hour shift for one year: census, ratios, gaps.

Model and sources:

* Six inpatient units with bed counts and assumed mean occupancy (``UNITS``). Census follows
  an AR(1) process around occupancy x beds, higher Monday-Thursday, lower at weekends, +5 %
  in winter (assumed); night census differs from day census by admissions and discharges.
* Target patients per RN: California's minimum ratios (Cal. Code Regs. tit. 22, section
  70217): ICU 2, step-down 3, telemetry 4, pediatrics 4, medical-surgical 5.
* RNs scheduled per shift: enough for the budgeted average census. Sick calls 3 % of
  scheduled nurses (assumed). Each missing nurse is replaced by overtime (55 %), agency (25 %)
  or not at all (assumed); when census is low, surplus nurses are cancelled (half of them).
* Hours: every nurse shift is 12 hours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careops.data.schema import rule
from careops.data.synthetic.common import days_of_year

SEED = 4108
SHIFT_HOURS = 12
SICK_RATE = 0.03
FILL_OVERTIME, FILL_AGENCY = 0.55, 0.25
# unit: (unit type, beds, mean occupancy, target patients per RN)
UNITS = {
    "4W Medical-Surgical": ("medical_surgical", 32, 0.85, 5),
    "5E Medical-Surgical": ("medical_surgical", 30, 0.82, 5),
    "3N Telemetry": ("telemetry", 28, 0.84, 4),
    "2S Step-Down": ("step_down", 16, 0.80, 3),
    "ICU": ("icu", 16, 0.78, 2),
    "Pediatrics": ("pediatrics", 18, 0.65, 4),
}
WEEKDAY_FACTOR = np.array([1.03, 1.04, 1.04, 1.03, 1.0, 0.93, 0.93])


def _census(
    rng: np.random.Generator, beds: int, occupancy: float, days: pd.DatetimeIndex
) -> np.ndarray:
    doy = np.arange(len(days))
    mean = (
        beds
        * occupancy
        * WEEKDAY_FACTOR[days.day_of_week]
        * (1 + 0.05 * np.cos(2 * np.pi * (doy - 14) / 365))
    )
    noise = np.zeros(len(days))
    for t in range(1, len(days)):
        noise[t] = 0.7 * noise[t - 1] + rng.normal(0, 0.06)
    return np.clip(np.round(mean * (1 + noise)), 0, beds).astype(int)


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of shift staffing for every unit, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    days = days_of_year()
    frames = []
    for unit, (kind, beds, occupancy, ratio) in UNITS.items():
        day_census = _census(rng, beds, occupancy, days)
        night_census = np.clip(day_census + rng.integers(-2, 3, size=len(days)), 0, beds)
        scheduled = int(np.ceil(beds * occupancy / ratio))
        for shift, census in (("day", day_census), ("night", night_census)):
            required = np.ceil(census / ratio).astype(int)
            sick = rng.binomial(scheduled, SICK_RATE, size=len(days))  # each shift its own
            present = scheduled - sick
            surplus = np.maximum(present - required, 0)
            cancelled = rng.binomial(surplus, 0.5)
            gap = np.maximum(required - present, 0)
            overtime = rng.binomial(gap, FILL_OVERTIME)
            agency = rng.binomial(gap - overtime, FILL_AGENCY / (1 - FILL_OVERTIME))
            worked = present - cancelled + overtime + agency
            frames.append(
                pd.DataFrame(
                    {
                        "date": days,
                        "shift": shift,
                        "unit": unit,
                        "unit_type": kind,
                        "beds": beds,
                        "census": census,
                        "target_patients_per_rn": ratio,
                        "rn_required": required,
                        "rn_scheduled": scheduled,
                        "sick_calls": sick,
                        "rn_cancelled_low_census": cancelled,
                        "rn_overtime": overtime,
                        "rn_agency": agency,
                        "rn_worked": worked,
                        "patients_per_rn": np.round(census / np.maximum(worked, 1), 2),
                        "rn_hours": worked * SHIFT_HOURS,
                        "overtime_hours": overtime * SHIFT_HOURS,
                        "agency_hours": agency * SHIFT_HOURS,
                        "understaffed": worked < required,
                    }
                )
            )
    df = pd.concat(frames, ignore_index=True)
    df["shift"] = pd.Categorical(df["shift"], ["day", "night"])
    return df.sort_values(["date", "shift", "unit"], kind="stable").reset_index(drop=True)


def rules() -> list:
    """Cross-column rules of nurse_staffing (staffing arithmetic)."""
    return [
        rule("census <= beds", ["census", "beds"], lambda df: df["census"] <= df["beds"]),
        rule(
            "rn_worked = rn_scheduled - sick_calls - rn_cancelled_low_census"
            " + rn_overtime + rn_agency",
            [
                "rn_scheduled",
                "sick_calls",
                "rn_cancelled_low_census",
                "rn_overtime",
                "rn_agency",
                "rn_worked",
            ],
            lambda df: (
                df["rn_worked"]
                == df["rn_scheduled"]
                - df["sick_calls"]
                - df["rn_cancelled_low_census"]
                + df["rn_overtime"]
                + df["rn_agency"]
            ),
        ),
        rule(
            "rn_required = ceil(census / target_patients_per_rn)",
            ["census", "target_patients_per_rn", "rn_required"],
            lambda df: df["rn_required"] == np.ceil(df["census"] / df["target_patients_per_rn"]),
        ),
        rule(
            "hours are 12 per nurse shift",
            ["rn_worked", "rn_hours", "overtime_hours", "agency_hours"],
            lambda df: (
                (df["rn_hours"] == 12 * df["rn_worked"])
                & (df["overtime_hours"] == 12 * df["rn_overtime"])
                & (df["agency_hours"] == 12 * df["rn_agency"])
            ),
        ),
        rule(
            "understaffed exactly when rn_worked < rn_required",
            ["rn_worked", "rn_required", "understaffed"],
            lambda df: df["understaffed"].astype(bool) == (df["rn_worked"] < df["rn_required"]),
        ),
        rule(
            "patients_per_rn = census / rn_worked",
            ["census", "rn_worked", "patients_per_rn"],
            lambda df: (
                (
                    (df["census"] / df["rn_worked"].clip(lower=1)).round(2) - df["patients_per_rn"]
                ).abs()
                < 0.006
            ),
        ),
    ]
