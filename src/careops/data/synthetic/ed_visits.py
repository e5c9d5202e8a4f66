"""Synthetic emergency department visits for one year (a community ED, about 60 visits a day).

Model, step by step, with the source of each parameter:

* Arrivals: a non-homogeneous Poisson process with a piecewise-constant hourly rate
  ``lambda(day, hour) = VISITS_PER_DAY * DOW[weekday] * HOUR[hour] * season(day)``.
  The hour profile has a night trough (04:00-06:00), a late-morning peak (11:00) and a higher
  evening peak (18:00-19:00): the shape reported by McCarthy et al. (2008), "The challenge of
  predicting demand for emergency department services", Acad Emerg Med 15(4):337-346, and by
  NHAMCS 2006 (Pitts et al. 2008, NHSR no. 7: ED occupancy 19,000 patients nationally at
  6 a.m. vs 58,000 at 7 p.m.). Monday is the busiest day (McCarthy et al. 2008). The winter
  bump (+/-6 %, peak mid-January) is an assumption standing for the respiratory season.
* Triage level (ESI 1-5): NHAMCS ED summary tables 2017-2019 (CDC/NCHS): immediate ~1 %,
  emergent ~10-11 %, urgent ~35-37 %, semi-urgent ~25-28 %, non-urgent ~5 %; renormalized
  over visits with a recorded level -> ``ESI_SHARES``.
* Ambulance arrival: NHAMCS (~15 % of visits arrive by ambulance), more often at high acuity.
* Age: NHAMCS age-group shares (under 15 ~16 %, 65 and over ~19 %); whole years, top-coded 90.
* Time to provider: lognormal around ESI medians (overall median ~20 min; NHAMCS reports a
  median wait to see a physician or APP of roughly 15-20 min in 2017-2019), lengthened by
  crowding: ``(lambda(hour) / mean lambda) ** 0.8``.
* Left without being seen (LWBS): logistic in the log of the (unseen) wait, ESI 3-5 only,
  calibrated to 2 % of visits (CMS Hospital Compare measure OP-22, national rate ~2 %).
* Disposition: admission logistic in ESI and age, calibrated to 13.5 % of visits (NHAMCS:
  ~13-14 % of ED visits end in admission); transfers ~1.5 %.
* Length of stay: time to provider plus a lognormal treatment time; discharged patients'
  median ~160 min (CMS OP-18b national median, about 2 h 40 min), admitted ~5-6 h including
  boarding (CMS ED-2 order).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from careops.data.schema import rule
from careops.data.synthetic.common import ages, calibrated_intercept, lognormal, tokens, year_start

SEED = 4101
VISITS_PER_DAY = 60.0
HOUR = np.array(
    [
        3.0,
        2.5,
        2.1,
        1.8,
        1.6,
        1.6,
        1.9,
        2.6,
        3.6,
        4.7,
        5.4,
        5.7,
        5.5,
        5.3,
        5.1,
        5.0,
        5.1,
        5.4,
        5.8,
        5.9,
        5.5,
        4.9,
        4.2,
        3.5,
    ]
)
HOUR = HOUR / HOUR.sum() * 24  # mean 1
DOW = np.array([1.12, 1.03, 1.00, 0.99, 0.98, 0.94, 0.94])  # Monday .. Sunday
DOW = DOW / DOW.mean()
ESI_SHARES = np.array([0.013, 0.135, 0.458, 0.330, 0.064])
AMBULANCE_BY_ESI = np.array([0.70, 0.35, 0.16, 0.04, 0.02])
AGE_BANDS = {
    (0, 14): 0.16,
    (15, 24): 0.14,
    (25, 44): 0.28,
    (45, 64): 0.23,
    (65, 74): 0.09,
    (75, 95): 0.10,
}
WAIT_MEDIAN_BY_ESI = np.array([1.0, 9.0, 22.0, 25.0, 23.0])  # minutes
WAIT_SIGMA = 0.9
LWBS_RATE = 0.02
ADMIT_RATE = 0.135
ADMIT_LOGODDS_BY_ESI = np.array([3.0, 1.5, 0.0, -2.2, -3.5])
TRANSFER_BY_ESI = np.array([0.04, 0.04, 0.012, 0.003, 0.003])
TREAT_MEDIAN_DISCHARGED = np.array([170.0, 160.0, 140.0, 85.0, 60.0])  # minutes after provider
TREAT_MEDIAN_ADMITTED = 300.0
TREAT_MEDIAN_TRANSFERRED = 230.0
TREAT_SIGMA = 0.55


def arrivals(rng: np.random.Generator) -> pd.DatetimeIndex:
    """Arrival times of one year from the hourly non-homogeneous Poisson process."""
    start = year_start()
    days = pd.date_range(start, periods=365, freq="D")
    doy = np.arange(365)
    season = 1 + 0.06 * np.cos(2 * np.pi * (doy - 14) / 365)
    rate = VISITS_PER_DAY / 24 * np.outer(DOW[days.day_of_week] * season, HOUR)  # (365, 24)
    counts = rng.poisson(rate).ravel()
    hour_index = np.repeat(np.arange(365 * 24), counts)
    minutes = hour_index * 60 + np.floor(rng.uniform(0, 60, size=counts.sum()))
    return start + pd.to_timedelta(np.sort(minutes), unit="min")


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of ED visits, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    arrival = arrivals(rng)
    n = len(arrival)
    esi = rng.choice(5, size=n, p=ESI_SHARES)  # 0-based
    ambulance = rng.random(n) < AMBULANCE_BY_ESI[esi]
    age = ages(rng, AGE_BANDS, n)
    crowding = (HOUR[arrival.hour] * DOW[arrival.day_of_week]) ** 0.8
    wait = np.maximum(lognormal(rng, WAIT_MEDIAN_BY_ESI[esi] * crowding, WAIT_SIGMA), 0.0)

    lwbs_linear = 1.2 * np.log(np.maximum(wait, 1) / 20)
    eligible = esi >= 2
    b0 = calibrated_intercept(np.where(eligible, lwbs_linear, -60.0), LWBS_RATE)
    lwbs = eligible & (rng.random(n) < expit(b0 + lwbs_linear))

    admit_linear = ADMIT_LOGODDS_BY_ESI[esi] + 0.025 * (age - 45)
    b_adm = calibrated_intercept(admit_linear, ADMIT_RATE / (1 - LWBS_RATE))
    admitted = ~lwbs & (rng.random(n) < expit(b_adm + admit_linear))
    transferred = ~lwbs & ~admitted & (rng.random(n) < TRANSFER_BY_ESI[esi])
    disposition = np.where(
        lwbs,
        "left_without_being_seen",
        np.where(admitted, "admitted", np.where(transferred, "transferred", "discharged")),
    )

    treat_median = np.where(
        admitted,
        TREAT_MEDIAN_ADMITTED,
        np.where(transferred, TREAT_MEDIAN_TRANSFERRED, TREAT_MEDIAN_DISCHARGED[esi]),
    )
    treat = lognormal(rng, treat_median, TREAT_SIGMA)
    ttp = np.round(wait)
    los = np.where(
        lwbs,
        np.round(5 + wait * rng.uniform(0.3, 0.9, size=n)),
        ttp + np.maximum(np.round(treat), 5),
    )

    pool = tokens(rng, int(n * 0.8), "pt")
    weights = rng.gamma(2.0, size=len(pool))
    patient = rng.choice(pool, size=n, p=weights / weights.sum())
    return pd.DataFrame(
        {
            "visit_id": tokens(rng, n, "ed", 7),
            "patient_id": patient,
            "arrival": arrival,
            "arrival_mode": np.where(ambulance, "ambulance", "walk_in"),
            "age_years": age,
            "esi": esi + 1,
            "time_to_provider_min": pd.array(np.where(lwbs, np.nan, ttp), dtype="Float64").astype(
                "Int64"
            ),
            "los_min": los.astype(int),
            "departure": arrival + pd.to_timedelta(los, unit="min"),
            "disposition": disposition,
        }
    )


def rules() -> list:
    """Cross-column rules of ed_visits."""

    def minutes(df: pd.DataFrame) -> pd.Series:
        return (df["departure"] - df["arrival"]).dt.total_seconds() / 60

    lwbs = "left_without_being_seen"
    return [
        rule(
            "departure = arrival + los_min",
            ["arrival", "departure", "los_min"],
            lambda df: minutes(df) == df["los_min"].astype("float64"),
        ),
        rule(
            "time_to_provider_min <= los_min",
            ["time_to_provider_min", "los_min"],
            lambda df: (df["time_to_provider_min"] <= df["los_min"]).fillna(True).astype(bool),
        ),
        rule(
            "time_to_provider_min is missing exactly when the patient left without being seen",
            ["time_to_provider_min", "disposition"],
            lambda df: df["time_to_provider_min"].isna() == (df["disposition"] == lwbs),
        ),
    ]
