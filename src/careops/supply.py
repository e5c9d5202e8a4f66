"""Supply chain for clinical operations: economic order quantity, reorder point with safety
stock, the newsvendor order for perishables, ABC classification, and days of supply and a
day-by-day projection of stock through a supply shortage (for scenario planning).

Units: demand and lead time share a time unit (units per day with days, or per year with
years); costs are money per unit (holding cost per unit per year for the EOQ). Normal
quantiles come from scipy.stats.norm.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "Newsvendor",
    "ReorderPoint",
    "Shortage",
    "abc_classes",
    "days_of_supply",
    "eoq",
    "newsvendor",
    "reorder_point",
    "shortage_projection",
]


def eoq(order_cost: float, holding_cost: float, annual_demand: float) -> float:
    """Economic order quantity Q* = sqrt(2 D S / H), in units per order.

    ``order_cost`` S is money per order, ``holding_cost`` H money per unit per year and
    ``annual_demand`` D units per year (any period works if H and D use the same one).
    """
    s = v.positive("order_cost", order_cost)
    h = v.positive("holding_cost", holding_cost)
    d = v.positive("annual_demand", annual_demand)
    return math.sqrt(2 * d * s / h)


@dataclass(frozen=True)
class ReorderPoint:
    """Reorder point and its parts, all in units of stock.

    reorder_point = lead_time_demand + safety_stock; safety_stock = z x sd of demand over
    the lead time; z is the standard-normal quantile of the cycle service level.
    """

    reorder_point: float
    safety_stock: float
    lead_time_demand: float
    lead_time_demand_sd: float
    z: float

    def to_dict(self) -> dict[str, float]:
        """Plain-Python view."""
        return asdict(self)


def reorder_point(
    demand_rate: float, lead_time: float, demand_sd: float, service_level: float
) -> ReorderPoint:
    """Reorder point for normally distributed demand and a fixed lead time.

    ``demand_rate`` is mean demand per period (units/day), ``demand_sd`` the standard
    deviation of demand per period, ``lead_time`` in periods (days) and ``service_level``
    the probability of not stocking out in a cycle (0.95). Over the lead time demand has
    mean d x L and sd sigma x sqrt(L); ROP = d L + z sigma sqrt(L). If you already know
    the sd of demand over the whole lead time, pass it with ``lead_time=1`` and
    ``demand_rate`` = the mean demand over the lead time.
    """
    d = v.non_negative("demand_rate", demand_rate)
    lead = v.positive("lead_time", lead_time)
    sd = v.non_negative("demand_sd", demand_sd)
    level = v.probability("service_level", service_level, open_interval=True)
    z = float(norm.ppf(level))
    mean_lt = d * lead
    sd_lt = sd * math.sqrt(lead)
    safety = z * sd_lt
    return ReorderPoint(
        reorder_point=mean_lt + safety,
        safety_stock=safety,
        lead_time_demand=mean_lt,
        lead_time_demand_sd=sd_lt,
        z=z,
    )


@dataclass(frozen=True)
class Newsvendor:
    """Single-period order for normally distributed demand.

    critical_ratio = Cu / (Cu + Co); order_quantity = mean + z x sd with z = the
    standard-normal quantile of the critical ratio (exact, not rounded up from a table).
    """

    critical_ratio: float
    z: float
    order_quantity: float

    def to_dict(self) -> dict[str, float]:
        """Plain-Python view."""
        return asdict(self)


def newsvendor(shortage_cost: float, overage_cost: float, mean: float, sd: float) -> Newsvendor:
    """Newsvendor order quantity for a perishable (blood units, flu vaccine, a season's stock).

    ``shortage_cost`` Cu is the money lost per unit short (margin or emergency premium),
    ``overage_cost`` Co the money lost per unit left over (cost minus salvage); ``mean``
    and ``sd`` describe demand for the period, in units.
    """
    cu = v.positive("shortage_cost", shortage_cost)
    co = v.positive("overage_cost", overage_cost)
    mu = v.non_negative("mean", mean)
    sigma = v.non_negative("sd", sd)
    ratio = cu / (cu + co)
    z = float(norm.ppf(ratio))
    return Newsvendor(critical_ratio=ratio, z=z, order_quantity=mu + z * sigma)


def abc_classes(values: Any, cutoffs: tuple[float, float] = (0.8, 0.95)) -> pd.DataFrame:
    """ABC (Pareto) classes by annual value (usage x unit cost), largest first.

    ``values`` is a Series or dict keyed by item, or a plain sequence (items numbered from
    0). An item is A while the cumulative share of value up to and including it is at or
    below ``cutoffs[0]``, B up to ``cutoffs[1]``, C beyond; the top item is always A.
    Columns: item, value, share, cumulative_share, class.
    """
    if isinstance(values, pd.Series):
        items, raw = list(values.index), values.to_numpy()
    elif isinstance(values, Mapping):
        items, raw = list(values.keys()), list(values.values())
    else:
        raw = v.finite_array("values", values)
        items = list(range(raw.size))
    amounts = v.non_negative_array("values", raw)
    if amounts.sum() <= 0:
        raise InputError("values", amounts.tolist(), "total_positive")
    if not (isinstance(cutoffs, tuple | list) and len(cutoffs) == 2):
        raise InputError(
            "cutoffs",
            cutoffs,
            "type",
            expected="two shares (A, B)",
            message=f"cutoffs must be two shares (A, B) such as (0.8, 0.95), got {cutoffs!r}",
        )
    a_cut = v.probability("cutoffs[0]", cutoffs[0], open_interval=True)
    b_cut = v.probability("cutoffs[1]", cutoffs[1])
    if b_cut <= a_cut:
        raise InputError(
            "cutoffs[1]",
            b_cut,
            "greater_than",
            minimum=a_cut,
            message=f"cutoffs[1] ({b_cut}) must be greater than cutoffs[0] ({a_cut})",
        )
    order = np.argsort(-amounts, kind="stable")
    sorted_amounts = amounts[order]
    share = sorted_amounts / sorted_amounts.sum()
    cumulative = np.cumsum(share)
    tol = 1e-12
    classes = np.where(
        cumulative <= a_cut + tol, "A", np.where(cumulative <= b_cut + tol, "B", "C")
    )
    classes[0] = "A"
    return pd.DataFrame(
        {
            "item": [items[i] for i in order],
            "value": sorted_amounts,
            "share": share,
            "cumulative_share": cumulative,
            "class": classes,
        }
    )


# --- shortages ----------------------------------------------------------------------------


def days_of_supply(on_hand: float, daily_usage: float) -> float:
    """Days of supply = stock on hand / average daily usage (days, not rounded)."""
    return v.non_negative("on_hand", on_hand) / v.positive("daily_usage", daily_usage)


@dataclass(frozen=True, eq=False)
class Shortage:
    """Stock day by day through a supply shortage, and what it leaves unmet.

    ``days`` has one row per day 1..horizon with columns day, delivered, used (demand
    after conservation), stock (at the end of the day, never below 0) and short (units
    needed that day that were not there). ``stock_out_day`` is the first day with a
    shortfall (None if none); ``units_short`` the total shortfall over the horizon.
    """

    days: pd.DataFrame
    stock_out_day: int | None
    units_short: float


def shortage_projection(
    on_hand: float,
    daily_demand: float,
    daily_supply: float,
    supply_cut: float,
    duration: int,
    conservation: float = 0.0,
    horizon: int = 60,
) -> Shortage:
    """Project stock day by day when deliveries drop by ``supply_cut`` (a fraction) for the
    first ``duration`` days, while conservation cuts demand by ``conservation`` (a fraction)
    over the same days; afterwards deliveries and demand return to normal.

    Units are items (bags, vials) and days; a shortfall is care that goes without (it is not
    made up later). ``daily_supply`` is the usual delivery per day.
    """
    stock = v.non_negative("on_hand", on_hand)
    demand = v.non_negative("daily_demand", daily_demand)
    supply = v.non_negative("daily_supply", daily_supply)
    cut = v.probability("supply_cut", supply_cut)
    saved = v.probability("conservation", conservation)
    length = v.integer("duration", duration, minimum=0)
    days = v.integer("horizon", horizon, minimum=1)
    day = np.arange(1, days + 1)
    during = day <= length
    delivered = np.where(during, supply * (1 - cut), supply)
    used = np.where(during, demand * (1 - saved), demand)
    level = np.empty(days)
    short = np.empty(days)
    for i in range(days):  # a running balance floored at zero: no closed form worth having
        available = stock + delivered[i]
        short[i] = max(0.0, used[i] - available)
        stock = max(0.0, available - used[i])
        level[i] = stock
    table = pd.DataFrame(
        {"day": day, "delivered": delivered, "used": used, "stock": level, "short": short}
    )
    first = np.flatnonzero(short > 1e-9)
    return Shortage(
        days=table,
        stock_out_day=int(day[first[0]]) if first.size else None,
        units_short=float(short.sum()),
    )
