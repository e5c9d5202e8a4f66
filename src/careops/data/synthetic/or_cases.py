"""Synthetic operating-room cases for one year: block schedules, lognormal durations, delays.

Model and sources:

* Calendar: 8 rooms, weekdays of the synthetic year less six federal holidays; each room-day is
  a specialty block worked by one surgeon, booked from 07:30 until the 15:30 block end.
* Case duration (wheels in to wheels out): lognormal per procedure, the model Strum, May and
  Vargas (2000) found to fit surgical procedure times better than the normal ("Modeling the
  uncertainty of surgical procedure times", Anesthesiology 92(4):1160-1167). The medians and
  log-scale sigmas in ``PROCEDURES`` are assumed typical in-room times.
* Booked duration: the surgeon's estimate, the procedure median times a per-surgeon bias
  (lognormal, sigma 0.12, slightly optimistic on average), rounded to 15 minutes.
* First-case start delay: gamma, mean about 7 minutes late; turnover: lognormal, median
  35 minutes, and day-of-surgery cancellations 6 % of booked cases. Macario (2006), "Are your
  hospital operating rooms 'efficient'?", Anesthesiology 105(2):237-240, scores turnover of
  25-40 min and cancellation rates of 5-10 % as the middle band.
* A case may start up to 60 minutes before its booked time when the room frees early.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careops.data.schema import rule
from careops.data.synthetic.common import YEAR, ages, days_of_year, lognormal, tokens

SEED = 4103
ROOMS = 8
DAY_START = 7 * 60 + 30
BLOCK_END = 15 * 60 + 30
BOOKED_TURNOVER = 30
EARLY_START_ALLOWANCE = 60
CANCEL_RATE = 0.06
CANCEL_REASONS = {
    "patient_not_medically_ready": 0.30,
    "patient_did_not_arrive": 0.20,
    "no_bed_available": 0.15,
    "schedule_overrun": 0.15,
    "equipment_unavailable": 0.10,
    "surgeon_unavailable": 0.10,
}
HOLIDAYS = [
    f"{YEAR}-01-01",
    f"{YEAR}-05-26",
    f"{YEAR}-07-04",
    f"{YEAR}-09-01",
    f"{YEAR}-11-27",
    f"{YEAR}-12-25",
]
# specialty -> {procedure: (median in-room minutes, log-scale sigma, relative frequency)}
PROCEDURES: dict[str, dict[str, tuple[float, float, float]]] = {
    "General Surgery": {
        "Laparoscopic cholecystectomy": (95, 0.35, 3),
        "Laparoscopic appendectomy": (75, 0.35, 2),
        "Inguinal hernia repair": (80, 0.30, 3),
        "Colectomy": (210, 0.35, 1),
    },
    "Orthopedics": {
        "Total knee arthroplasty": (130, 0.25, 3),
        "Total hip arthroplasty": (135, 0.25, 2),
        "Knee arthroscopy": (60, 0.35, 3),
        "Ankle fracture ORIF": (110, 0.35, 1),
    },
    "Urology": {
        "Transurethral resection of prostate": (75, 0.35, 2),
        "Cystoscopy with stent": (40, 0.40, 4),
        "Robotic prostatectomy": (240, 0.25, 1),
    },
    "Gynecology": {
        "Laparoscopic hysterectomy": (150, 0.30, 2),
        "Dilation and curettage": (35, 0.40, 3),
        "Operative hysteroscopy": (50, 0.35, 2),
    },
    "ENT": {
        "Tonsillectomy": (50, 0.35, 3),
        "Septoplasty": (80, 0.35, 2),
        "Thyroidectomy": (150, 0.30, 1),
    },
}
SURGEONS_PER_SPECIALTY = 4
ROOM_SPECIALTY = [
    "General Surgery",
    "General Surgery",
    "Orthopedics",
    "Orthopedics",
    "Urology",
    "Gynecology",
    "ENT",
    None,
]  # room 8 rotates through the specialties


def surgical_days() -> pd.DatetimeIndex:
    """Weekdays of the synthetic year that are not holidays."""
    days = days_of_year()
    return days[(days.day_of_week < 5) & ~days.isin(pd.to_datetime(HOLIDAYS))]


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of OR cases, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    specialties = list(PROCEDURES)
    surgeons = {
        s: [f"surg-{i * SURGEONS_PER_SPECIALTY + k + 1:02d}" for k in range(SURGEONS_PER_SPECIALTY)]
        for i, s in enumerate(specialties)
    }
    bias = {sg: float(np.exp(rng.normal(-0.04, 0.12))) for sgs in surgeons.values() for sg in sgs}
    cancel_names = list(CANCEL_REASONS)
    cancel_p = np.array(list(CANCEL_REASONS.values()))
    rows: list[dict] = []
    for day_number, day in enumerate(surgical_days()):
        for room in range(ROOMS):
            specialty = ROOM_SPECIALTY[room] or specialties[day_number % len(specialties)]
            surgeon = surgeons[specialty][rng.integers(SURGEONS_PER_SPECIALTY)]
            procs = PROCEDURES[specialty]
            names = list(procs)
            freq = np.array([procs[p][2] for p in names], dtype=float)
            booked_at = DAY_START
            prev_end: float | None = None
            first = True
            while True:
                proc = names[rng.choice(len(names), p=freq / freq.sum())]
                median, sigma, _ = procs[proc]
                booked = max(15, round(median * bias[surgeon] / 15) * 15)
                if not first and booked_at + booked > BLOCK_END:
                    break
                canceled = rng.random() < CANCEL_RATE
                reason = (
                    cancel_names[rng.choice(len(cancel_names), p=cancel_p)] if canceled else None
                )
                row = {
                    "date": day,
                    "room": f"OR-{room + 1:02d}",
                    "specialty": specialty,
                    "surgeon_id": surgeon,
                    "procedure": proc,
                    "scheduled_start": day + pd.Timedelta(minutes=booked_at),
                    "scheduled_duration_min": booked,
                    "canceled": canceled,
                    "cancel_reason": reason,
                    "actual_start": pd.NaT,
                    "actual_end": pd.NaT,
                    "actual_duration_min": None,
                    "turnover_min": None,
                }
                if not canceled:
                    if prev_end is None:
                        start = booked_at + max(-5.0, float(np.round(rng.gamma(1.6, 5.5) - 2)))
                    else:
                        turnover = float(np.round(lognormal(rng, 35.0, 0.3)))
                        start = max(prev_end + turnover, booked_at - EARLY_START_ALLOWANCE)
                        row["turnover_min"] = int(start - prev_end)
                    duration = max(10.0, float(np.round(lognormal(rng, median, sigma))))
                    row.update(
                        actual_start=day + pd.Timedelta(minutes=start),
                        actual_end=day + pd.Timedelta(minutes=start + duration),
                        actual_duration_min=int(duration),
                    )
                    prev_end = start + duration
                rows.append(row)
                booked_at += booked + BOOKED_TURNOVER
                first = False
    df = pd.DataFrame(rows)
    n = len(df)
    df.insert(0, "case_id", tokens(rng, n, "or", 7))
    df.insert(6, "patient_id", tokens(rng, n, "pt"))
    df.insert(
        7,
        "age_years",
        ages(rng, {(1, 17): 0.08, (18, 44): 0.27, (45, 64): 0.35, (65, 95): 0.30}, n),
    )
    df.insert(8, "asa_class", rng.choice([1, 2, 3, 4], size=n, p=[0.15, 0.50, 0.30, 0.05]))
    for c in ("actual_duration_min", "turnover_min"):
        df[c] = pd.array(df[c].astype("float64"), dtype="Float64").astype("Int64")
    return df


def rules() -> list:
    """Cross-column rules of or_cases."""
    early = pd.Timedelta(minutes=EARLY_START_ALLOWANCE)
    return [
        rule(
            "actual times are missing exactly when the case was canceled",
            ["canceled", "actual_start", "actual_end", "actual_duration_min"],
            lambda df: (
                (df["actual_start"].isna() == df["canceled"].astype(bool))
                & (df["actual_end"].isna() == df["canceled"].astype(bool))
                & (df["actual_duration_min"].isna() == df["canceled"].astype(bool))
            ),
        ),
        rule(
            "cancel_reason is given exactly when the case was canceled",
            ["canceled", "cancel_reason"],
            lambda df: df["cancel_reason"].notna() == df["canceled"].astype(bool),
        ),
        rule(
            "actual_start >= scheduled_start - 60 min",
            ["scheduled_start", "actual_start"],
            lambda df: (
                (df["actual_start"] >= df["scheduled_start"] - early) | df["actual_start"].isna()
            ),
        ),
        rule(
            "actual_end = actual_start + actual_duration_min",
            ["actual_start", "actual_end", "actual_duration_min"],
            lambda df: (
                (
                    (df["actual_end"] - df["actual_start"]).dt.total_seconds() / 60
                    == df["actual_duration_min"].astype("float64")
                )
                | df["canceled"].astype(bool)
            ),
        ),
        rule(
            "scheduled_start falls on date",
            ["date", "scheduled_start"],
            lambda df: df["scheduled_start"].dt.normalize() == df["date"],
        ),
    ]
