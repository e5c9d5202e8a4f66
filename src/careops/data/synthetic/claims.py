"""Synthetic claims for one year: charges, expected and paid amounts, denials with CARC codes.

Model and sources:

* Settings and charges: inpatient, emergency, outpatient and professional claims with
  lognormal billed charges (medians $42,000 / $3,200 / $2,400 / $320, assumed).
* Expected payment: charges times an assumed payer payment-to-charge ratio (Medicare 0.28,
  Medicare Advantage 0.30, Medicaid 0.24, Commercial 0.45), rounded to cents.
* Initial denial: logistic by payer and setting, calibrated to 12 % of claims. Change
  Healthcare's 2020 Revenue Cycle Denials Index reported an initial denial rate of about 11 %;
  KFF (Pollitz et al. 2023) found ACA marketplace insurers denied about 17 % of in-network
  claims in 2021.
* Denial reason: Claim Adjustment Reason Codes (CARC) from the X12 external code list, group
  code CO, with an assumed mix (``CARC``); descriptions paraphrase the X12 wording.
* Appeals: 60 % of denials appealed, half of those overturned and then paid in full (assumed).
* Paid claims: 8 % underpaid by 2-15 %; days to payment lognormal (median 16 days for
  Medicare, 30 for others).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from careops.data.schema import rule
from careops.data.synthetic.common import (
    calibrated_intercept,
    days_of_year,
    lognormal,
    tokens,
)

SEED = 4107
CLAIMS = 9000
DENIAL_RATE = 0.12
SETTINGS = {
    "inpatient": (0.08, 42000.0, 0.6),
    "emergency": (0.20, 3200.0, 0.7),
    "outpatient": (0.30, 2400.0, 0.9),
    "professional": (0.42, 320.0, 0.8),
}
PAYERS = {
    "Medicare": (0.22, 0.28, -0.45, 16.0),
    "Medicare Advantage": (0.18, 0.30, 0.15, 30.0),
    "Medicaid": (0.20, 0.24, 0.30, 30.0),
    "Commercial": (0.40, 0.45, 0.05, 30.0),
}
SETTING_LOGODDS = {"inpatient": 0.35, "emergency": 0.1, "outpatient": 0.0, "professional": -0.1}
CARC: dict[str, tuple[str, float]] = {
    "CO-16": ("Claim lacks information or has submission/billing errors", 0.25),
    "CO-197": ("Precertification/authorization/notification absent", 0.18),
    "CO-50": ("Non-covered: not deemed a medical necessity by the payer", 0.12),
    "CO-97": ("Bundled: benefit included in payment for another service already adjudicated", 0.10),
    "CO-18": ("Exact duplicate claim/service", 0.08),
    "CO-22": ("Care may be covered by another payer (coordination of benefits)", 0.08),
    "CO-27": ("Expenses incurred after coverage terminated", 0.06),
    "CO-11": ("Diagnosis inconsistent with the procedure", 0.05),
    "CO-29": ("Time limit for filing has expired", 0.04),
    "CO-4": ("Procedure code inconsistent with the modifier, or modifier missing", 0.04),
}


def _pick(rng: np.random.Generator, keys: list[str], p: np.ndarray, n: int) -> np.ndarray:
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of claims, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    n = CLAIMS
    setting = _pick(rng, list(SETTINGS), np.array([v[0] for v in SETTINGS.values()]), n)
    payer = _pick(rng, list(PAYERS), np.array([v[0] for v in PAYERS.values()]), n)
    days = days_of_year()
    service = days[rng.integers(0, 365, size=n)]
    lag = np.where(setting == "inpatient", rng.integers(4, 15, size=n), rng.integers(1, 8, size=n))
    submitted = service + pd.to_timedelta(lag, unit="D")
    charges = np.round(
        lognormal(
            rng,
            np.array([SETTINGS[s][1] for s in setting]),
            np.array([SETTINGS[s][2] for s in setting]),
        ),
        2,
    )
    expected = np.round(charges * np.array([PAYERS[p][1] for p in payer]), 2)
    linear = np.array([PAYERS[p][2] for p in payer]) + np.array(
        [SETTING_LOGODDS[s] for s in setting]
    )
    denied = rng.random(n) < expit(calibrated_intercept(linear, DENIAL_RATE) + linear)
    codes = list(CARC)
    carc = np.where(denied, _pick(rng, codes, np.array([CARC[c][1] for c in codes]), n), None)
    appealed = denied & (rng.random(n) < 0.6)
    overturned = appealed & (rng.random(n) < 0.5)
    underpaid = ~denied & (rng.random(n) < 0.08)
    paid = np.where(
        denied & ~overturned,
        0.0,
        np.where(
            underpaid, np.round(expected * (1 - rng.uniform(0.02, 0.15, size=n)), 2), expected
        ),
    )
    wait = np.round(lognormal(rng, np.array([PAYERS[p][3] for p in payer]), 0.45))
    wait = np.where(overturned, wait + rng.integers(30, 91, size=n), wait)
    has_payment = paid > 0
    days_to_pay = pd.array(np.where(has_payment, wait, np.nan), dtype="Float64").astype("Int64")
    paid_date = pd.Series(submitted) + pd.to_timedelta(
        np.where(has_payment, wait, np.nan), unit="D"
    )
    df = pd.DataFrame(
        {
            "claim_id": tokens(rng, n, "cl", 7),
            "patient_id": tokens(rng, n, "pt"),
            "setting": setting,
            "payer": payer,
            "service_date": service,
            "submitted_date": submitted,
            "billed_charges": charges,
            "expected_payment": expected,
            "denied": denied,
            "carc_code": carc,
            "denial_reason": [CARC[c][0] if c else None for c in carc],
            "appealed": appealed,
            "appeal_overturned": pd.array(np.where(appealed, overturned, None), dtype="boolean"),
            "paid_amount": paid,
            "paid_date": paid_date,
            "days_to_payment": days_to_pay,
        }
    )
    return df.sort_values(["service_date", "claim_id"]).reset_index(drop=True)


def rules() -> list:
    """Cross-column rules of claims (money and denial bookkeeping)."""

    def denied(df: pd.DataFrame) -> pd.Series:
        return df["denied"].astype(bool)

    return [
        rule(
            "paid_amount <= billed_charges",
            ["paid_amount", "billed_charges"],
            lambda df: df["paid_amount"] <= df["billed_charges"],
        ),
        rule(
            "expected_payment <= billed_charges",
            ["expected_payment", "billed_charges"],
            lambda df: df["expected_payment"] <= df["billed_charges"],
        ),
        rule(
            "paid_amount <= expected_payment",
            ["paid_amount", "expected_payment"],
            lambda df: df["paid_amount"] <= df["expected_payment"],
        ),
        rule(
            "carc_code and denial_reason are given exactly for denied claims",
            ["denied", "carc_code", "denial_reason"],
            lambda df: (
                (df["carc_code"].notna() == denied(df))
                & (df["denial_reason"].notna() == denied(df))
            ),
        ),
        rule(
            "only denied claims are appealed",
            ["denied", "appealed"],
            lambda df: denied(df) | ~df["appealed"].astype(bool),
        ),
        rule(
            "appeal_overturned is given exactly for appealed claims",
            ["appealed", "appeal_overturned"],
            lambda df: df["appeal_overturned"].notna() == df["appealed"].astype(bool),
        ),
        rule(
            "a denied claim is paid only if its appeal was overturned",
            ["denied", "appeal_overturned", "paid_amount"],
            lambda df: (
                ~denied(df)
                | df["appeal_overturned"].fillna(False).astype(bool)
                | (df["paid_amount"] == 0)
            ),
        ),
        rule(
            "submitted_date >= service_date",
            ["service_date", "submitted_date"],
            lambda df: df["submitted_date"] >= df["service_date"],
        ),
        rule(
            "days_to_payment = paid_date - submitted_date, both missing when nothing was paid",
            ["submitted_date", "paid_date", "days_to_payment", "paid_amount"],
            lambda df: (
                ((df["paid_date"] - df["submitted_date"]).dt.days == df["days_to_payment"])
                .fillna(
                    df["paid_date"].isna() & df["days_to_payment"].isna() & (df["paid_amount"] == 0)
                )
                .astype(bool)
            ),
        ),
    ]
