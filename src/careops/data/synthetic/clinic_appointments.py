"""Synthetic outpatient clinic appointments for one year, with lead times and no-shows.

Model and sources:

* Appointments on weekdays, 20-minute slots 08:00-16:40, across seven clinics (assumed mix).
* Lead time (booking to visit): 8 % same-day; otherwise lognormal with median 21 days for new
  patients, 14 for follow-ups and 18 for procedures (sigma 0.9), capped at 180 days (assumed).
* Prior no-shows in the past 12 months: gamma-Poisson, mean 0.45 (assumed).
* No-show: logistic in log(1 + lead time), prior no-shows, payer (Medicaid, self-pay), new
  patient, telehealth, age and reminder, calibrated to 20 % overall. Dantas et al. (2018),
  "No-shows in appointment scheduling - a systematic literature review", Health Policy
  122(4):412-421, report a mean no-show rate of 23 % across studies and name lead time and
  prior no-show history as the most consistent predictors; the signs here follow that review.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from careops.data.schema import rule
from careops.data.synthetic.common import (
    ages,
    calibrated_intercept,
    days_of_year,
    lognormal,
    tokens,
)

SEED = 4104
APPOINTMENTS = 12000
NO_SHOW_RATE = 0.20
CLINICS = {
    "Primary Care": 0.33,
    "Pediatrics": 0.12,
    "Cardiology": 0.11,
    "Orthopedics": 0.12,
    "Dermatology": 0.10,
    "Behavioral Health": 0.12,
    "Endocrinology": 0.10,
}
VISIT_TYPES = {"new": 0.28, "follow_up": 0.62, "procedure": 0.10}
LEAD_MEDIAN = {"new": 21.0, "follow_up": 14.0, "procedure": 18.0}
PAYERS = {"Commercial": 0.48, "Medicare": 0.20, "Medicaid": 0.26, "Self-pay": 0.06}
COEF = {
    "log_lead": 0.45,
    "prior": 0.55,
    "Medicaid": 0.45,
    "Self-pay": 0.35,
    "new": 0.2,
    "telehealth": -0.3,
    "reminder": -0.35,
    "age_per_year": -0.01,
}


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(shares), dtype=object)
    p = np.array(list(shares.values()))
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of clinic appointments, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    n = APPOINTMENTS
    days = days_of_year()
    weekdays = days[days.day_of_week < 5]
    day = weekdays[rng.integers(0, len(weekdays), size=n)]
    slot = rng.integers(0, 26, size=n)
    appointment = day + pd.to_timedelta(8 * 60 + 20 * slot, unit="min")
    clinic = _pick(rng, CLINICS, n)
    visit_type = _pick(rng, VISIT_TYPES, n)
    age = np.where(
        clinic == "Pediatrics",
        rng.integers(0, 18, size=n),
        ages(rng, {(18, 44): 0.38, (45, 64): 0.34, (65, 95): 0.28}, n),
    )
    payer = _pick(rng, PAYERS, n)
    payer = np.where((age >= 65) & (rng.random(n) < 0.9), "Medicare", payer)
    payer = np.where((age < 65) & (payer == "Medicare"), "Commercial", payer)
    same_day = rng.random(n) < 0.08
    lead = np.where(
        same_day,
        0,
        np.minimum(
            180, np.round(lognormal(rng, np.array([LEAD_MEDIAN[v] for v in visit_type]), 0.9))
        ),
    ).astype(int)
    prior = np.minimum(rng.poisson(rng.gamma(0.6, 0.45 / 0.6, size=n)), 10)
    telehealth = (visit_type != "procedure") & (
        rng.random(n) < np.where(clinic == "Behavioral Health", 0.45, 0.12)
    )
    reminder = rng.random(n) < 0.7
    linear = (
        COEF["log_lead"] * np.log1p(lead)
        + COEF["prior"] * np.minimum(prior, 4)
        + COEF["Medicaid"] * (payer == "Medicaid")
        + COEF["Self-pay"] * (payer == "Self-pay")
        + COEF["new"] * (visit_type == "new")
        + COEF["telehealth"] * telehealth
        + COEF["reminder"] * reminder
        + COEF["age_per_year"] * (age - 40)
    )
    b0 = calibrated_intercept(linear, NO_SHOW_RATE)
    no_show = rng.random(n) < expit(b0 + linear)
    df = pd.DataFrame(
        {
            "appointment_id": tokens(rng, n, "ap", 7),
            "patient_id": tokens(rng, n, "pt"),
            "clinic": clinic,
            "visit_type": visit_type,
            "telehealth": telehealth,
            "age_years": age,
            "payer": payer,
            "booked_date": appointment.normalize() - pd.to_timedelta(lead, unit="D"),
            "appointment_time": appointment,
            "lead_time_days": lead,
            "prior_no_shows": prior,
            "reminder_sent": reminder,
            "no_show": no_show,
        }
    )
    return df.sort_values(["appointment_time", "appointment_id"]).reset_index(drop=True)


def rules() -> list:
    """Cross-column rules of clinic_appointments."""
    return [
        rule(
            "lead_time_days = appointment date - booked_date",
            ["booked_date", "appointment_time", "lead_time_days"],
            lambda df: (
                (df["appointment_time"].dt.normalize() - df["booked_date"]).dt.days
                == df["lead_time_days"]
            ),
        ),
        rule(
            "appointments fall on weekdays",
            ["appointment_time"],
            lambda df: df["appointment_time"].dt.day_of_week < 5,
        ),
        rule(
            "procedures are not telehealth",
            ["visit_type", "telehealth"],
            lambda df: ~((df["visit_type"] == "procedure") & df["telehealth"].astype(bool)),
        ),
    ]
