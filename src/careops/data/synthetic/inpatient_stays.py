"""Synthetic inpatient stays for one year: DRGs with CMS weights, heavy-tailed LOS, readmissions.

Model and sources:

* DRG mix: 13 common MS-DRGs (``DRGS``) with their relative weight and geometric mean length
  of stay (GMLOS) from CMS, FY 2023 IPPS Final Rule (CMS-1771-F), Table 5, rounded to two and
  one decimals. The case-mix shares are assumptions for a mid-size community hospital.
  MS-DRG 775 (vaginal delivery) no longer exists: it was split into 805-807 in FY 2020, so
  807 stands for uncomplicated deliveries.
* Length of stay: lognormal per DRG whose median (the geometric mean) is the DRG's GMLOS,
  log-scale sigma 0.45-0.6 (LOS is right-skewed; CMS's arithmetic mean LOS exceeds the GMLOS
  for every DRG); whole days, at least one.
* Payer: Medicare for most patients 65 and over; under 65 a commercial / Medicaid / self-pay /
  other mix; deliveries 41 % Medicaid (Medicaid paid for about 41 % of US births in 2021:
  Osterman et al., Births: Final Data for 2021, NVSR 72(1), 2023).
* 30-day all-cause readmission: logistic in payer and DRG, calibrated to 14 % of live
  discharges (HCUP Statistical Brief #248: the all-payer 30-day all-cause readmission rate
  stayed near 14 % from 2010 to 2016, 13.9 % in 2016, highest for Medicare and lowest for
  the privately insured). A readmission is a real later stay of the same patient;
  ``readmitted_30d`` and ``days_to_readmission`` are computed from the stays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from careops.data.schema import rule
from careops.data.synthetic.common import calibrated_intercept, lognormal, tokens, year_start

SEED = 4102
INDEX_STAYS = 6000
READMIT_RATE = 0.14
# drg: (description, FY 2023 relative weight, GMLOS days, service line, share, LOS sigma)
DRGS: dict[str, tuple[str, float, float, str, float, float]] = {
    "065": (
        "Intracranial hemorrhage or cerebral infarction with CC or tPA in 24 hrs",
        1.04,
        3.0,
        "Neurosciences",
        0.05,
        0.55,
    ),
    "194": ("Simple pneumonia and pleurisy with CC", 0.89, 3.1, "Medicine", 0.07, 0.5),
    "247": (
        "Percutaneous cardiovascular procedures with drug-eluting stent without MCC",
        2.03,
        1.8,
        "Cardiology",
        0.04,
        0.5,
    ),
    "291": ("Heart failure and shock with MCC", 1.34, 3.9, "Cardiology", 0.09, 0.55),
    "392": (
        "Esophagitis, gastroenteritis and miscellaneous digestive disorders without MCC",
        0.76,
        2.5,
        "Medicine",
        0.07,
        0.5,
    ),
    "460": ("Spinal fusion except cervical without MCC", 3.89, 2.8, "Orthopedics", 0.03, 0.45),
    "470": (
        "Major hip and knee joint replacement or reattachment of lower extremity without MCC",
        1.91,
        2.0,
        "Orthopedics",
        0.08,
        0.45,
    ),
    "603": ("Cellulitis without MCC", 0.85, 3.2, "Medicine", 0.05, 0.5),
    "683": ("Renal failure with CC", 0.88, 3.5, "Nephrology", 0.06, 0.5),
    "690": ("Kidney and urinary tract infections without MCC", 0.79, 2.9, "Medicine", 0.06, 0.5),
    "807": (
        "Vaginal delivery without sterilization or D&C without CC/MCC",
        0.63,
        1.9,
        "Obstetrics",
        0.11,
        0.35,
    ),
    "871": (
        "Septicemia or severe sepsis without MV >96 hours with MCC",
        1.90,
        4.6,
        "Medicine",
        0.12,
        0.6,
    ),
    "872": (
        "Septicemia or severe sepsis without MV >96 hours without MCC",
        1.02,
        3.4,
        "Medicine",
        0.07,
        0.5,
    ),
}
ELECTIVE = {"460": 0.9, "470": 0.9, "247": 0.5}
PAYERS = ("Medicare", "Medicaid", "Commercial", "Self-pay", "Other")
UNDER_65_MIX = np.array([0.03, 0.33, 0.52, 0.07, 0.05])
OVER_65_MIX = np.array([0.90, 0.04, 0.05, 0.005, 0.005])
DELIVERY_MIX = np.array([0.0, 0.41, 0.53, 0.03, 0.03])
READMIT_LOGODDS_PAYER = {
    "Medicare": 0.25,
    "Medicaid": 0.1,
    "Commercial": -0.55,
    "Self-pay": -0.15,
    "Other": -0.15,
}
READMIT_LOGODDS_DRG = {
    "807": -1.6,
    "470": -0.9,
    "460": -0.7,
    "247": -0.3,
    "291": 0.45,
    "871": 0.25,
    "683": 0.25,
}
DISPOSITIONS = ("home", "home_health", "skilled_nursing", "transfer", "died", "left_ama")
DISPOSITION_MIX = {
    "default": (0.60, 0.18, 0.14, 0.03, 0.02, 0.03),
    "807": (0.985, 0.01, 0.0, 0.003, 0.0, 0.002),
    "470": (0.45, 0.35, 0.19, 0.01, 0.0, 0.0),
    "460": (0.55, 0.25, 0.18, 0.02, 0.0, 0.0),
    "871": (0.45, 0.17, 0.24, 0.04, 0.08, 0.02),
}


def _ages(rng: np.random.Generator, drg: np.ndarray) -> np.ndarray:
    adult = np.clip(np.round(rng.normal(66, 16, size=len(drg))), 18, 90)
    joint = np.clip(np.round(rng.normal(67, 9, size=len(drg))), 40, 90)
    mother = np.clip(np.round(rng.normal(29, 5.5, size=len(drg))), 15, 47)
    return np.where(drg == "807", mother, np.where(np.isin(drg, ["470", "460"]), joint, adult))


def _payers(rng: np.random.Generator, age: np.ndarray, drg: np.ndarray) -> np.ndarray:
    u = rng.random(len(age))
    out = np.empty(len(age), dtype=object)
    for mask, mix in (
        (age >= 65, OVER_65_MIX),
        (age < 65, UNDER_65_MIX),
        (drg == "807", DELIVERY_MIX),
    ):
        out[mask] = np.array(PAYERS, dtype=object)[np.searchsorted(np.cumsum(mix), u[mask])]
    return out


def _stays(
    rng: np.random.Generator,
    drg: np.ndarray,
    admission: pd.DatetimeIndex,
    patient: np.ndarray,
    age: np.ndarray,
    payer: np.ndarray,
) -> pd.DataFrame:
    n = len(drg)
    gm = np.array([DRGS[d][2] for d in drg])
    sigma = np.array([DRGS[d][5] for d in drg])
    los = np.maximum(1, np.round(lognormal(rng, gm, sigma))).astype(int)
    elective = rng.random(n) < np.array([ELECTIVE.get(d, 0.0) for d in drg])
    adm_type = np.where(elective, "elective", np.where(rng.random(n) < 0.85, "emergency", "urgent"))
    adm_type = np.where(drg == "807", "urgent", adm_type)
    u = rng.random(n)
    dispo = np.empty(n, dtype=object)
    for i, d in enumerate(drg):
        mix = np.cumsum(DISPOSITION_MIX.get(d, DISPOSITION_MIX["default"]))
        dispo[i] = DISPOSITIONS[min(int(np.searchsorted(mix / mix[-1], u[i])), 5)]
    return pd.DataFrame(
        {
            "patient_id": patient,
            "age_years": age,
            "admission_date": admission,
            "discharge_date": admission + pd.to_timedelta(los, unit="D"),
            "los_days": los,
            "admission_type": adm_type,
            "drg": drg,
            "payer": payer,
            "discharge_disposition": dispo,
        }
    )


def _admission_dates(rng: np.random.Generator, n: int, elective: np.ndarray) -> pd.DatetimeIndex:
    day = rng.integers(0, 365, size=n)
    dates = year_start() + pd.to_timedelta(day, unit="D")
    weekend = dates.day_of_week >= 5
    shift = np.where(elective & weekend, 7 - dates.day_of_week, 0)  # electives move to Monday
    dates = dates + pd.to_timedelta(shift, unit="D")
    return pd.DatetimeIndex(
        np.where(dates.year > year_start().year, dates - pd.Timedelta(days=7), dates)
    )


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of inpatient stays with readmissions, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    codes = np.array(list(DRGS))
    share = np.array([DRGS[d][4] for d in codes])
    drg = rng.choice(codes, size=INDEX_STAYS, p=share / share.sum())
    elective_drg = np.isin(drg, list(ELECTIVE))
    admission = _admission_dates(rng, INDEX_STAYS, elective_drg)
    age = _ages(rng, drg).astype(int)
    stays = [
        _stays(rng, drg, admission, tokens(rng, INDEX_STAYS, "pt"), age, _payers(rng, age, drg))
    ]
    logit = np.array([READMIT_LOGODDS_PAYER[p] for p in stays[0]["payer"]]) + np.array(
        [READMIT_LOGODDS_DRG.get(d, 0.0) for d in drg]
    )
    alive = (stays[0]["discharge_disposition"] != "died").to_numpy()
    b0 = calibrated_intercept(np.where(alive, logit, -60), READMIT_RATE)
    latest = stays[0]
    for _ in range(3):  # readmissions of readmissions, three generations deep
        lp = np.array([READMIT_LOGODDS_PAYER[p] for p in latest["payer"]]) + np.array(
            [READMIT_LOGODDS_DRG.get(d, 0.0) for d in latest["drg"]]
        )
        ok = (latest["discharge_disposition"] != "died").to_numpy()
        hit = ok & (rng.random(len(latest)) < expit(b0 + lp))
        src = latest[hit]
        m = len(src)
        gap = np.ceil(-11 * np.log(1 - rng.random(m) * (1 - np.exp(-30 / 11)))).astype(int)
        adm = pd.DatetimeIndex(src["discharge_date"]) + pd.to_timedelta(gap, unit="D")
        same = rng.random(m) < 0.35
        medical = np.array(["194", "291", "392", "603", "683", "690", "871", "872"])
        new_drg = np.where(same, src["drg"].to_numpy(), rng.choice(medical, size=m))
        new_drg = np.where(new_drg == "807", "690", new_drg)
        nxt = _stays(
            rng,
            new_drg,
            adm,
            src["patient_id"].to_numpy(),
            np.minimum(src["age_years"].to_numpy(), 90),
            src["payer"].to_numpy(),
        )
        nxt["admission_type"] = np.where(
            nxt["admission_type"] == "elective", "emergency", nxt["admission_type"]
        )
        nxt = nxt[nxt["admission_date"].dt.year == year_start().year]
        stays.append(nxt)
        latest = nxt
    df = (
        pd.concat(stays, ignore_index=True)
        .sort_values(["admission_date", "patient_id"], kind="stable")
        .reset_index(drop=True)
    )
    df.insert(0, "stay_id", tokens(rng, len(df), "ip", 7))
    df["service_line"] = [DRGS[d][3] for d in df["drg"]]
    df["drg_description"] = [DRGS[d][0] for d in df["drg"]]
    df["drg_weight"] = [DRGS[d][1] for d in df["drg"]]
    df["drg_gmlos_days"] = [DRGS[d][2] for d in df["drg"]]
    gap = days_to_next_admission(df)
    df["readmitted_30d"] = (gap <= 30).fillna(False).astype(bool)
    df["days_to_readmission"] = gap.where(gap <= 30).astype("Int64")
    order = [
        "stay_id",
        "patient_id",
        "age_years",
        "admission_date",
        "discharge_date",
        "los_days",
        "admission_type",
        "service_line",
        "drg",
        "drg_description",
        "drg_weight",
        "drg_gmlos_days",
        "payer",
        "discharge_disposition",
        "readmitted_30d",
        "days_to_readmission",
    ]
    return df[order]


def days_to_next_admission(df: pd.DataFrame) -> pd.Series:
    """Days from each discharge to the same patient's next admission (missing if none)."""
    ordered = df.sort_values(["patient_id", "admission_date"], kind="stable")
    nxt = ordered.groupby("patient_id", sort=False)["admission_date"].shift(-1)
    gap = (nxt - ordered["discharge_date"]).dt.days
    return gap.reindex(df.index).astype("Int64")


def rules() -> list:
    """Cross-column rules of inpatient_stays."""

    def weights_match(df: pd.DataFrame) -> pd.Series:
        table = df["drg"].astype(str).map({k: v[1] for k, v in DRGS.items()})
        return table == df["drg_weight"]

    def gmlos_match(df: pd.DataFrame) -> pd.Series:
        return df["drg"].astype(str).map({k: v[2] for k, v in DRGS.items()}) == df["drg_gmlos_days"]

    def flag_matches(df: pd.DataFrame) -> pd.Series:
        gap = days_to_next_admission(df)
        return (gap <= 30).fillna(False).astype(bool) == df["readmitted_30d"].astype(bool)

    return [
        rule(
            "discharge_date >= admission_date",
            ["admission_date", "discharge_date"],
            lambda df: df["discharge_date"] >= df["admission_date"],
        ),
        rule(
            "los_days = discharge_date - admission_date",
            ["admission_date", "discharge_date", "los_days"],
            lambda df: (df["discharge_date"] - df["admission_date"]).dt.days == df["los_days"],
        ),
        rule(
            "drg_weight is the CMS FY 2023 weight of the drg", ["drg", "drg_weight"], weights_match
        ),
        rule(
            "drg_gmlos_days is the CMS FY 2023 GMLOS of the drg",
            ["drg", "drg_gmlos_days"],
            gmlos_match,
        ),
        rule(
            "readmitted_30d is true exactly when the patient's next admission is within 30 days",
            ["patient_id", "discharge_date", "readmitted_30d"],
            flag_matches,
        ),
        rule(
            "days_to_readmission is given exactly when readmitted_30d",
            ["readmitted_30d", "days_to_readmission"],
            lambda df: df["days_to_readmission"].notna() == df["readmitted_30d"].astype(bool),
        ),
    ]
