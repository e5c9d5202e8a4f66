"""Synthetic daily supply usage and inventory for 20 items under an (s, Q) reorder policy.

Model and sources:

* Demand per item and day: gamma-Poisson (negative binomial, shape 10) around the item's mean
  daily use, 20 % lower on weekends, +/-8 % winter seasonality (assumed).
* Policy: continuous review checked once a day. When the inventory position (on hand plus on
  order) falls to the reorder point s or below, order Q (repeatedly, until above s).
  ``s = mu_L + z * sigma_L`` with z = 1.28 (90 % cycle service level) and Q the economic order
  quantity ``sqrt(2 D K / (h c))`` with order cost K = $40 and holding rate h = 25 % a year:
  the textbook (s, Q) policy (Silver, Pyke & Peterson 1998, ch. 7; EOQ after Harris 1913).
* Lead time: the item's quoted lead time, and one day more or less at random, so stock-outs
  happen when a slow delivery meets a busy week. Unmet demand is lost (borrowed elsewhere).
* Unit costs and usage rates are assumed, rounded list-price-like values, not quotes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from careops.data.schema import rule
from careops.data.synthetic.common import days_of_year

SEED = 4105
ORDER_COST = 40.0
HOLDING_RATE = 0.25
SERVICE_LEVEL = 0.90
SHAPE = 10.0
# item_id: (description, category, unit cost $, mean daily use, quoted lead time days)
ITEMS: dict[str, tuple[str, str, float, float, int]] = {
    "SUP-001": ("Nitrile exam gloves, box of 100", "PPE", 8.50, 40, 5),
    "SUP-002": ("Surgical mask, box of 50", "PPE", 6.75, 25, 5),
    "SUP-003": ("Isolation gown", "PPE", 1.10, 180, 7),
    "SUP-004": ("N95 respirator", "PPE", 1.25, 60, 10),
    "SUP-005": ("Saline flush syringe 10 mL", "IV therapy", 0.28, 400, 4),
    "SUP-006": ("IV start kit", "IV therapy", 2.40, 90, 5),
    "SUP-007": ("Peripheral IV catheter 20G", "IV therapy", 1.85, 110, 5),
    "SUP-008": ("IV administration set", "IV therapy", 3.10, 85, 5),
    "SUP-009": ("Foley catheter tray 16 Fr", "Urology", 14.60, 9, 7),
    "SUP-010": ("Blood collection tube, lavender top", "Laboratory", 0.18, 350, 4),
    "SUP-011": ("Blood culture bottle set", "Laboratory", 9.80, 18, 6),
    "SUP-012": ("Absorbable suture 3-0", "Surgical", 6.20, 30, 8),
    "SUP-013": ("Surgical drape pack", "Surgical", 22.50, 14, 10),
    "SUP-014": ("Sterile surgical gloves, pair", "Surgical", 1.05, 120, 5),
    "SUP-015": ("Chlorhexidine skin prep applicator", "Surgical", 2.75, 45, 6),
    "SUP-016": ("Foam wound dressing 4x4", "Wound care", 3.90, 40, 6),
    "SUP-017": ("Gauze sponge 4x4, pack of 10", "Wound care", 0.60, 150, 4),
    "SUP-018": ("Incontinence pad", "Patient care", 0.45, 200, 5),
    "SUP-019": ("Enteral feeding set", "Nutrition", 7.40, 12, 9),
    "SUP-020": ("Patient ID wristband", "Patient care", 0.12, 60, 14),
}


def policy(mean: float, lead: int, cost: float) -> tuple[int, int]:
    """Reorder point s and order quantity Q for one item (gamma-Poisson daily demand)."""
    var = mean + mean**2 / SHAPE
    s = mean * lead + norm.ppf(SERVICE_LEVEL) * np.sqrt(lead * var)
    q = np.sqrt(2 * mean * 365 * ORDER_COST / (HOLDING_RATE * cost))
    return int(np.ceil(s)), int(max(np.ceil(q), np.ceil(3 * mean)))


def _simulate(rng: np.random.Generator, item: str, days: pd.DatetimeIndex) -> pd.DataFrame:
    desc, category, cost, mean, lead = ITEMS[item]
    s, q = policy(mean, lead, cost)
    doy = np.arange(len(days))
    mu = (
        mean
        * np.where(days.day_of_week >= 5, 0.8, 1.0)
        * (1 + 0.08 * np.cos(2 * np.pi * (doy - 14) / 365))
    )
    demand = rng.poisson(rng.gamma(SHAPE, mu / SHAPE))
    on_hand = s + q // 2
    arrivals = np.zeros(len(days) + 40, dtype=int)
    on_order = 0
    rows = []
    for t in range(len(days)):
        start = on_hand
        received = int(arrivals[t])
        on_order -= received
        available = start + received
        issued = int(min(demand[t], available))
        on_hand = available - issued
        ordered = 0
        while on_hand + on_order + ordered <= s:
            ordered += q
        if ordered:
            arrivals[t + lead + int(rng.integers(-1, 2))] += ordered
            on_order += ordered
        rows.append(
            (
                start,
                received,
                int(demand[t]),
                issued,
                int(demand[t]) - issued,
                on_hand,
                ordered,
                on_order,
            )
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "on_hand_start",
            "received_units",
            "demand_units",
            "issued_units",
            "unmet_units",
            "on_hand_end",
            "ordered_units",
            "on_order_end",
        ],
    )
    head = pd.DataFrame(
        {
            "date": days,
            "item_id": item,
            "item_description": desc,
            "category": category,
            "unit_cost": cost,
            "lead_time_days": lead,
            "reorder_point": s,
            "order_quantity": q,
        }
    )
    return pd.concat([head, out], axis=1)


def generate(seed: int = SEED) -> pd.DataFrame:
    """One synthetic year of daily inventory for every item, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    days = days_of_year()
    df = pd.concat([_simulate(rng, item, days) for item in ITEMS], ignore_index=True)
    df["stockout"] = df["unmet_units"] > 0
    return df.sort_values(["date", "item_id"], kind="stable").reset_index(drop=True)


def rules() -> list:
    """Cross-column rules of supply_usage (inventory balance and the stock-out flag)."""
    return [
        rule(
            "on_hand_end = on_hand_start + received_units - issued_units",
            ["on_hand_start", "received_units", "issued_units", "on_hand_end"],
            lambda df: (
                df["on_hand_end"] == df["on_hand_start"] + df["received_units"] - df["issued_units"]
            ),
        ),
        rule(
            "issued_units = min(demand_units, on_hand_start + received_units)",
            ["demand_units", "on_hand_start", "received_units", "issued_units"],
            lambda df: (
                df["issued_units"]
                == np.minimum(df["demand_units"], df["on_hand_start"] + df["received_units"])
            ),
        ),
        rule(
            "unmet_units = demand_units - issued_units",
            ["demand_units", "issued_units", "unmet_units"],
            lambda df: df["unmet_units"] == df["demand_units"] - df["issued_units"],
        ),
        rule(
            "stockout exactly when unmet_units > 0",
            ["unmet_units", "stockout"],
            lambda df: df["stockout"].astype(bool) == (df["unmet_units"] > 0),
        ),
        rule(
            "orders are whole multiples of order_quantity",
            ["ordered_units", "order_quantity"],
            lambda df: df["ordered_units"] % df["order_quantity"] == 0,
        ),
    ]
