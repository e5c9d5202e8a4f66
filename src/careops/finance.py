"""Healthcare finance: contribution margin, break-even, flexible-budget variances, time value
of money (NPV, IRR, level payments, payback), case mix and DRG payment, payer-mix revenue,
a multi-year business plan for a new service (cash flows, NPV, break-even year), a
least-squares trend forecast of volumes for a budget, and market shares with the
Herfindahl-Hirschman index of concentration; a grant budget's F&A (indirect) costs on a
modified total direct cost base; the nursing FTEs a census and an hours-per-patient-day target
imply, non-productive (paid time off) hours included.

Units: money in one currency throughout a call (dollars by default); rates are fractions
per period (0.08 = 8 % a year); periods are whatever the rate is per (years, months).
NPV, IRR and payment use numpy-financial.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy_financial as npf
import pandas as pd

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "FlexibleBudgetVariance",
    "GrantBudget",
    "NursingFte",
    "PayerMixRevenue",
    "ServicePlan",
    "Variance",
    "break_even_volume",
    "case_mix_index",
    "contribution_margin",
    "days_in_accounts_receivable",
    "drg_payment",
    "flexible_budget_variance",
    "grant_budget",
    "hhi",
    "irr",
    "market_shares",
    "npv",
    "nursing_fte",
    "payback_period",
    "payer_mix_revenue",
    "payment",
    "service_plan",
    "trend_forecast",
]


def contribution_margin(price: float, variable_cost: float) -> float:
    """Contribution margin per unit = price - variable cost per unit (money per unit)."""
    return v.non_negative("price", price) - v.non_negative("variable_cost", variable_cost)


def break_even_volume(fixed_costs: float, price: float, variable_cost: float) -> float:
    """Break-even volume = fixed costs / (price - variable cost), in units (not rounded).

    Round up to get the first whole unit at which the service stops losing money. Price
    must exceed variable cost, otherwise no volume breaks even.
    """
    fixed = v.non_negative("fixed_costs", fixed_costs)
    margin = contribution_margin(price, variable_cost)
    if margin <= 0:
        raise InputError(
            "price",
            price,
            "greater_than",
            minimum="variable_cost",
            message=f"price ({v.show(price)}) must be greater than variable_cost "
            f"({v.show(variable_cost)}) for a break-even volume to exist",
        )
    return fixed / margin


def days_in_accounts_receivable(
    receivables: float, net_patient_revenue: float, days_in_period: int = 365
) -> float:
    """Days in A/R = net receivables / (net patient revenue / days in the period).

    How many days of average daily revenue are still waiting to be collected: the revenue
    cycle's speed as it shows on the balance sheet. Revenue and period must match (a year's
    revenue with 365 days, a quarter's with its 90 or so).
    """
    ar = v.non_negative("receivables", receivables)
    revenue = v.positive("net_patient_revenue", net_patient_revenue)
    days = v.integer("days_in_period", days_in_period, minimum=1)
    return ar / (revenue / days)


@dataclass(frozen=True)
class Variance:
    """One cost variance in money. Positive = spent more than budget = unfavourable."""

    amount: float
    label: str

    @classmethod
    def of(cls, amount: float) -> Variance:
        """Label a signed cost variance: > 0 unfavourable, < 0 favourable, 0 none."""
        if amount > 0:
            label = "unfavourable"
        elif amount < 0:
            label = "favourable"
        else:
            label = "none"
        return cls(amount=float(amount), label=label)


@dataclass(frozen=True)
class FlexibleBudgetVariance:
    """Flexible-budget cost variances (Finkler's volume / quantity / price split).

    Sign convention (costs): actual minus budget, so a positive amount means more was
    spent than budgeted and is labelled "unfavourable"; a negative amount is "favourable".
    volume + quantity + price == total == actual cost - original budget.
    """

    original_budget: float
    flexible_budget: float
    actual_cost: float
    volume: Variance
    quantity: Variance
    price: Variance
    total: Variance

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return asdict(self)


def flexible_budget_variance(
    budget_volume: float,
    budget_quantity_per_unit: float,
    budget_price: float,
    actual_volume: float,
    actual_quantity_per_unit: float,
    actual_price: float,
) -> FlexibleBudgetVariance:
    """Split a cost overrun into volume, quantity (efficiency) and price variances.

    Volume is output (patients, patient days), quantity per unit is input per output
    (nursing hours per patient), price is cost per unit of input (dollars per hour):
    - volume variance   = (actual volume - budget volume) x budget qty/unit x budget price
    - quantity variance = actual volume x (actual qty/unit - budget qty/unit) x budget price
    - price variance    = actual volume x actual qty/unit x (actual price - budget price)
    Positive = unfavourable (spent more), negative = favourable. They sum to the total.
    """
    bv = v.non_negative("budget_volume", budget_volume)
    bq = v.non_negative("budget_quantity_per_unit", budget_quantity_per_unit)
    bp = v.non_negative("budget_price", budget_price)
    av = v.non_negative("actual_volume", actual_volume)
    aq = v.non_negative("actual_quantity_per_unit", actual_quantity_per_unit)
    ap = v.non_negative("actual_price", actual_price)
    original = bv * bq * bp
    flexible = av * bq * bp
    at_actual_quantity = av * aq * bp
    actual = av * aq * ap
    return FlexibleBudgetVariance(
        original_budget=original,
        flexible_budget=flexible,
        actual_cost=actual,
        volume=Variance.of(flexible - original),
        quantity=Variance.of(at_actual_quantity - flexible),
        price=Variance.of(actual - at_actual_quantity),
        total=Variance.of(actual - original),
    )


def _rate(name: str, value: Any) -> float:
    """A per-period rate as a fraction, greater than -1 (so 1 + rate > 0)."""
    out = v.finite(name, value)
    if out <= -1:
        raise InputError(
            name,
            value,
            "greater_than",
            minimum=-1,
            message=f"{name} must be greater than -1 (a fraction, 0.08 = 8%), got {v.show(value)}",
        )
    return out


def npv(rate: float, cash_flows: Any) -> float:
    """Net present value at ``rate`` per period; ``cash_flows[0]`` is at time 0 (undiscounted).

    Outflows negative, inflows positive; result in the money unit of the cash flows.
    """
    r = _rate("rate", rate)
    flows = v.finite_array("cash_flows", cash_flows)
    return float(npf.npv(r, flows))


def irr(cash_flows: Any) -> float:
    """Internal rate of return per period (a fraction) of ``cash_flows`` starting at time 0.

    Needs at least one negative and one positive flow; raises ValueError if no real rate
    above -100 % sets the NPV to zero.
    """
    flows = v.finite_array("cash_flows", cash_flows, min_length=2)
    if not (flows < 0).any() or not (flows > 0).any():
        raise InputError(
            "cash_flows",
            flows.tolist(),
            "both_signs",
            message=f"cash_flows must contain both a negative and a positive flow, "
            f"got {flows.tolist()}",
        )
    result = float(npf.irr(flows))
    if not np.isfinite(result):
        raise InputError(
            "cash_flows",
            flows.tolist(),
            "defined",
            reason="no internal rate of return",
            message=f"cash_flows has no internal rate of return: {flows.tolist()}",
        )
    return result


def payment(rate: float, periods: float, present_value: float) -> float:
    """Level payment per period that repays ``present_value`` over ``periods`` at ``rate``.

    Payments at the end of each period, nothing left over. Returned as a POSITIVE amount
    for a positive loan (numpy-financial's and Excel's PMT return it negative).
    """
    r = _rate("rate", rate)
    n = v.positive("periods", periods)
    pv = v.non_negative("present_value", present_value)
    return float(-npf.pmt(r, n, pv))


def payback_period(cash_flows: Any) -> float | None:
    """Years (periods) until cumulative cash flow turns non-negative, interpolated linearly.

    ``cash_flows[0]`` is the initial investment at time 0 and must be negative; flows are
    assumed to arrive evenly within each period. Returns None when the cumulative flow
    never reaches zero (the project never pays back).
    """
    flows = v.finite_array("cash_flows", cash_flows, min_length=1)
    if flows[0] >= 0:
        raise InputError(
            "cash_flows[0]",
            flows[0],
            "negative",
            message=f"cash_flows[0] must be negative (the initial investment), "
            f"got {v.show(flows[0])}",
        )
    cumulative = np.cumsum(flows)
    reached = np.flatnonzero(cumulative >= 0)
    if reached.size == 0:
        return None
    t = int(reached[0])
    shortfall = -cumulative[t - 1]
    return float(t - 1 + shortfall / flows[t])


def trend_forecast(values: Any, periods_ahead: int) -> np.ndarray:
    """The next ``periods_ahead`` values of a least-squares straight-line trend through
    ``values`` (equally spaced periods, oldest first): a + b x at x = n + 1, ..., n + k.

    The trend projection of a budget's volume forecast (x = 1 for the first period); it
    carries the average change per period forward and ignores seasonality.
    """
    y = v.finite_array("values", values, min_length=2)
    k = v.integer("periods_ahead", periods_ahead, minimum=1)
    x = np.arange(1, len(y) + 1, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    return intercept + slope * np.arange(len(y) + 1, len(y) + k + 1, dtype=float)


def case_mix_index(drg_weights: Any, discharges: Any = None) -> float:
    """Case mix index = average DRG relative weight per discharge (a unitless ratio).

    Either one weight per discharge, or (with ``discharges``) one weight per DRG and the
    number of discharges in each, giving sum(weight x discharges) / sum(discharges).
    """
    weights = v.non_negative_array("drg_weights", drg_weights)
    if discharges is None:
        return float(weights.mean())
    counts = v.non_negative_array("discharges", discharges)
    v.same_length(drg_weights=weights, discharges=counts)
    total = counts.sum()
    if total <= 0:
        raise InputError("discharges", counts.tolist(), "total_positive")
    return float((weights * counts).sum() / total)


def drg_payment(base_rate: float, relative_weight: float) -> float:
    """DRG payment for one discharge = base rate x relative weight (CMS IPPS), in money."""
    return v.non_negative("base_rate", base_rate) * v.non_negative(
        "relative_weight", relative_weight
    )


@dataclass(frozen=True, eq=False)
class PayerMixRevenue:
    """Revenue by payer (a Series in money), its total and each payer's share of it."""

    by_payer: pd.Series
    total: float
    share: pd.Series

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view."""
        return {
            "by_payer": self.by_payer.to_dict(),
            "total": self.total,
            "share": self.share.to_dict(),
        }


def _payer_series(name: str, values: Any) -> pd.Series:
    """Turn a dict or Series keyed by payer into a float Series, checking each value."""
    if isinstance(values, pd.Series):
        items = dict(values.items())
    elif isinstance(values, Mapping):
        items = dict(values)
    else:
        raise InputError(name, values, "type", expected="a dict or Series keyed by payer")
    if not items:
        raise InputError(
            name,
            values,
            "min_length",
            minimum=1,
            message=f"{name} must name at least one payer, got {values!r}",
        )
    clean = {payer: v.non_negative(f"{name}[{payer!r}]", x) for payer, x in items.items()}
    return pd.Series(clean, dtype=float)


def payer_mix_revenue(volumes: Any, rates: Any) -> PayerMixRevenue:
    """Revenue by payer = volume x rate for each payer, plus the total and payer shares.

    ``volumes`` (cases, visits) and ``rates`` (money per case) are dicts or Series keyed by
    the same payers; a payer present in one but not the other raises ValueError naming it.
    """
    vol = _payer_series("volumes", volumes)
    rate = _payer_series("rates", rates)
    only_volumes = [p for p in vol.index if p not in rate.index]
    only_rates = [p for p in rate.index if p not in vol.index]
    if only_volumes:
        raise InputError(
            f"rates[{only_volumes[0]!r}]",
            None,
            "required",
            message=f"rates has no rate for payer {only_volumes[0]!r} found in volumes",
        )
    if only_rates:
        raise InputError(
            f"volumes[{only_rates[0]!r}]",
            None,
            "required",
            message=f"volumes has no volume for payer {only_rates[0]!r} found in rates",
        )
    revenue = (vol * rate.reindex(vol.index)).rename("revenue")
    total = float(revenue.sum())
    share = (revenue / total if total > 0 else revenue * 0.0).rename("share")
    return PayerMixRevenue(by_payer=revenue, total=total, share=share)


# --- business plan for a new service -----------------------------------------------------


@dataclass(frozen=True, eq=False)
class ServicePlan:
    """A new service's plan year by year, its NPV and the year it breaks even.

    ``table`` has one row per year (0 = the capital outlay) with columns year, visits,
    revenue, costs, cash_flow and cumulative (money, not discounted). ``payment_per_visit``
    is the payer-mix average; ``break_even_year`` is the first year whose cumulative cash
    flow is 0 or more (None if not within the plan's years).
    """

    table: pd.DataFrame
    payment_per_visit: float
    npv: float
    payback: float | None
    break_even_year: int | None

    @property
    def cash_flows(self) -> list[float]:
        """Net cash flow by year, year 0 first."""
        return [float(x) for x in self.table["cash_flow"]]


def service_plan(
    first_year_visits: float,
    growth: float,
    payer_shares: Mapping[str, float],
    payments: Mapping[str, float],
    staff_fte: float,
    cost_per_fte: float,
    capital: float,
    rate: float,
    years: int = 5,
) -> ServicePlan:
    """Cash flows of a new service: capital at year 0, then visits x payer-mix payment minus
    staffing each year, with visits growing by ``growth`` (a fraction) a year.

    ``payer_shares`` (fractions of visits, adding up to 1) and ``payments`` (money per visit)
    are keyed by the same payers; revenue per visit is their weighted average
    (:func:`payer_mix_revenue`). Staffing costs ``staff_fte`` x ``cost_per_fte`` every year.
    NPV at ``rate`` (:func:`npv`) and the break-even year from :func:`payback_period`.
    """
    visits_1 = v.non_negative("first_year_visits", first_year_visits)
    g = _rate("growth", growth)
    fte = v.non_negative("staff_fte", staff_fte)
    per_fte = v.non_negative("cost_per_fte", cost_per_fte)
    outlay = v.positive("capital", capital)
    n = v.integer("years", years, minimum=1)
    shares = _payer_series("payer_shares", payer_shares)
    total_share = round(float(shares.sum()), 9)
    if not np.isclose(total_share, 1.0, atol=1e-6):
        raise InputError(
            "payer_shares",
            total_share,
            "total",
            total=1,
            message=f"payer_shares must add up to 1 (100%), got {v.show(total_share)}",
        )
    per_visit = payer_mix_revenue(shares, payments).total
    year = np.arange(n + 1)
    visits = np.where(year == 0, 0.0, visits_1 * (1 + g) ** np.maximum(year - 1, 0))
    revenue = visits * per_visit
    costs = np.where(year == 0, outlay, fte * per_fte)
    flows = revenue - costs
    table = pd.DataFrame(
        {
            "year": year,
            "visits": visits,
            "revenue": revenue,
            "costs": costs,
            "cash_flow": flows,
            "cumulative": np.cumsum(flows),
        }
    )
    payback = payback_period(flows)
    return ServicePlan(
        table=table,
        payment_per_visit=per_visit,
        npv=npv(rate, flows),
        payback=payback,
        break_even_year=None if payback is None else math.ceil(payback - 1e-9),
    )


# --- market share and concentration -------------------------------------------------------


def market_shares(volumes: Any) -> pd.Series:
    """Each competitor's share of the market (fractions adding up to 1), from its volume.

    ``volumes`` is a dict or Series keyed by competitor (discharges, cases, revenue...).
    """
    volume = _payer_series("volumes", volumes)
    total = float(volume.sum())
    if total <= 0:
        raise InputError("volumes", total, "total_positive")
    return volume / total


def hhi(volumes: Any) -> float:
    """Herfindahl-Hirschman index: the sum of the squared market shares in percent (0-10,000).

    As the US merger guidelines define it (DOJ/FTC Horizontal Merger Guidelines 2010, section
    5.3; Merger Guidelines 2023, section 2.1): shares 30, 30, 20 and 20 % give 2,600.
    """
    return float(((100 * market_shares(volumes)) ** 2).sum())


# --- grant budgets --------------------------------------------------------------------------

# Direct-cost categories left out of the modified total direct cost (MTDC) base, 2 CFR 200.1
MTDC_EXCLUDED = frozenset(
    {
        "equipment",
        "capital_expenditures",
        "patient_care",
        "rental_costs",
        "tuition_remission",
        "scholarships_and_fellowships",
        "participant_support",
    }
)
SUBAWARD_CAP = 50_000.0  # first dollars of each subaward in the MTDC base (2 CFR 200.1, 2024)


@dataclass(frozen=True)
class GrantBudget:
    """A grant budget's direct costs, its MTDC base, the F&A (indirect) costs and the total.

    indirect = rate x base; total = direct + indirect (the amount requested).
    """

    direct: float
    base: float
    indirect: float
    total: float

    def to_dict(self) -> dict[str, float]:
        """Plain-Python view."""
        return asdict(self)


def grant_budget(
    direct_costs: Mapping[str, float],
    fa_rate: float,
    *,
    subawards: Any = (),
    subaward_cap: float = SUBAWARD_CAP,
) -> GrantBudget:
    """Facilities and administrative (indirect) costs on a modified total direct cost base.

    ``direct_costs`` maps categories (salaries, fringe, supplies, travel, equipment,
    patient_care...) to dollars for the whole project; the categories in
    :data:`MTDC_EXCLUDED` stay out of the base. ``subawards`` lists each subaward's total over
    the project: only its first ``subaward_cap`` dollars enter the base (50,000 since the
    2024 revision of 2 CFR 200.1; 25,000 before). ``fa_rate`` is the negotiated rate, a
    fraction of the base (0.55 = 55 %).
    """
    if not isinstance(direct_costs, Mapping):
        raise InputError("direct_costs", direct_costs, "type", expected="a mapping of dollars")
    rate = v.non_negative("fa_rate", fa_rate)
    cap = v.non_negative("subaward_cap", subaward_cap)
    lines = {str(k): v.non_negative(f"direct_costs[{k!r}]", x) for k, x in direct_costs.items()}
    subs = [v.non_negative(f"subawards[{i}]", x) for i, x in enumerate(subawards)]
    direct = sum(lines.values()) + sum(subs)
    base = sum(x for k, x in lines.items() if k not in MTDC_EXCLUDED)
    base += sum(min(x, cap) for x in subs)
    return GrantBudget(direct=direct, base=base, indirect=rate * base, total=direct + rate * base)


@dataclass(frozen=True)
class NursingFte:
    """Nursing hours and full-time equivalents for a unit's census and hours-per-patient-day."""

    daily_hours: float  # productive (worked) hours a day: census x hours per patient day
    annual_hours: float  # productive hours a year
    productive_fte: float  # FTEs on the floor: annual productive hours / hours per FTE
    paid_fte: float  # FTEs to budget: productive FTEs / (1 - non-productive share)

    def to_dict(self) -> dict[str, float]:
        """Plain-Python view."""
        return asdict(self)


def nursing_fte(
    census: float,
    hours_per_patient_day: float,
    *,
    nonproductive_share: float = 0.0,
    hours_per_fte: float = 2080.0,
    days: float = 365.0,
) -> NursingFte:
    """The FTEs a unit needs to give ``hours_per_patient_day`` of care to its average daily
    ``census`` every day of the year, and the paid FTEs that also cover time off.

    Productive hours a day = census x hours per patient day; a year's are that x ``days``;
    productive FTEs = annual hours / ``hours_per_fte`` (40 h x 52 weeks = 2,080 paid hours a
    year). Part of every paid FTE is non-productive (vacation, holidays, sick time, education):
    ``nonproductive_share`` is that part as a fraction of paid hours, so paid FTEs = productive
    FTEs / (1 - share).
    """
    adc = v.non_negative("census", census)
    hppd = v.non_negative("hours_per_patient_day", hours_per_patient_day)
    share = v.non_negative("nonproductive_share", nonproductive_share)
    if share >= 1:
        raise InputError("nonproductive_share", nonproductive_share, "less_than", maximum=1)
    per_fte = v.positive("hours_per_fte", hours_per_fte)
    n_days = v.positive("days", days)
    daily = adc * hppd
    annual = daily * n_days
    productive = annual / per_fte
    return NursingFte(
        daily_hours=daily,
        annual_hours=annual,
        productive_fte=productive,
        paid_fte=productive / (1 - share),
    )
