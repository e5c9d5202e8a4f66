"""Finance exercise: capital budgeting for new equipment — NPV, IRR, payback and the decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from careops import finance
from careops.charts import finance as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to, money
from careops.widgets.static import Static

__all__ = ["CapitalResult", "capital_budgeting_exercise", "npv_explorer"]

DECISIONS = ["Buy it", "Do not buy it"]
PROFILE_RATES = np.round(np.arange(0.0, 0.305, 0.005), 3)


@dataclass(frozen=True, eq=False)
class CapitalResult:
    """The careops answers for one proposal, plus its NPV profile and cash flows."""

    flows: list[float]
    npv: float
    irr: float | None
    payback: float | None
    profile: pd.DataFrame

    @property
    def decision(self) -> str:
        """Buy when the NPV at the hospital's rate is positive."""
        return DECISIONS[0] if self.npv > 0 else DECISIONS[1]


def cash_flows(v: Values) -> list[float]:
    """Year 0 purchase (negative), then the yearly net inflow, plus resale in the last year."""
    years = int(v["years"])
    flows = [-v["cost"]] + [v["inflow"]] * years
    flows[-1] += v["salvage"]
    return flows


def _profile(flows: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"rate": PROFILE_RATES, "npv": [finance.npv(r, flows) for r in PROFILE_RATES]}
    )


def _compute(v: Values) -> CapitalResult:
    flows = cash_flows(v)
    try:
        irr = finance.irr(flows)
    except InputError:  # no IRR for these flows (all one sign, or no root)
        irr = None
    return CapitalResult(
        flows=flows,
        npv=finance.npv(v["rate"], flows),
        irr=irr,
        payback=finance.payback_period(flows),
        profile=_profile(flows),
    )


def _check(v: Values, a: Values, r: CapitalResult) -> Feedback:
    fb = Feedback()
    tol = max(500.0, abs(r.npv) * 0.01)
    given = a["npv"]
    if close_to(given, r.npv, abs_tol=tol):
        fb.add(
            True,
            f"NPV at {v['rate']:.1%} is {money(r.npv)}: every year's cash discounted to today, "
            "minus the purchase.",
        )
    elif close_to(given, sum(r.flows), abs_tol=tol):
        fb.add(
            False,
            f"You added the cash without discounting it ({money(sum(r.flows))}). A dollar in year "
            "5 is worth less than a dollar today: divide each year's cash by (1 + rate)^year.",
        )
    elif close_to(given, r.npv / (1 + v["rate"]), abs_tol=tol):
        fb.add(
            False,
            "You discounted the purchase too, as Excel's =NPV() does when the year-0 cell is "
            "inside the range. The purchase happens today: leave it undiscounted.",
        )
    elif close_to(given, r.npv + v["cost"], abs_tol=tol):
        fb.add(
            False,
            "That is the present value of the inflows only; subtract the purchase price to get "
            "the NPV.",
        )
    else:
        fb.add(False, "NPV = −purchase + the sum of each year's cash ÷ (1 + rate)^year.")

    if r.irr is None:
        fb.add(
            True,
            "There is no IRR to find here: the cash never recovers the purchase at any rate "
            "above −100%.",
        )
    elif close_to(a["irr"], r.irr, abs_tol=0.002):
        fb.add(
            True,
            f"IRR is {r.irr:.1%}: the rate at which the NPV is exactly zero (where the profile "
            "crosses the axis).",
        )
    elif close_to(a["irr"], r.irr / 100, abs_tol=0.00002):
        fb.add(False, f"Give the IRR as a percentage: {r.irr:.1%}, not {r.irr:.3f}.")
    elif close_to(a["irr"], v["rate"], abs_tol=0.002):
        fb.add(
            False,
            "That is the hospital's discount rate (the hurdle). The IRR is the project's own "
            "rate: where its NPV crosses zero.",
        )
    else:
        fb.add(
            False,
            "Find the rate at which the NPV is zero (try rates until it crosses, or use IRR on "
            "the cash flows).",
        )

    if r.payback is None:
        fb.add(a["payback"] == 0, "The purchase never pays back within its life: type 0.")
    elif close_to(a["payback"], r.payback, abs_tol=0.05):
        fb.add(
            True,
            f"Payback is {r.payback:.2f} years: the year-by-year cash covers the purchase "
            f"part-way through year {int(r.payback) + 1}.",
        )
    elif a["payback"] == int(r.payback) + 1:
        fb.add(
            False,
            f"It pays back during year {int(r.payback) + 1}, not at its end: {r.payback:.2f} "
            "years, counting the part-year.",
        )
    else:
        fb.add(
            False,
            "Payback: add up the yearly cash until it covers the purchase; the part-year is what "
            "is still missing ÷ that year's cash.",
        )

    if a["decision"] == r.decision:
        why = (
            "positive: it earns more than the hospital's rate"
            if r.npv > 0
            else "not positive: it earns less than the hospital's rate"
        )
        fb.add(True, f"{r.decision}: the NPV is {why}.")
    else:
        fb.add(
            False,
            "Decide by NPV at the hospital's rate: positive → buy, negative → do not. A quick "
            "payback alone is not enough.",
        )
    return fb


def _chart(v: Values, r: CapitalResult, reveal: bool) -> alt.VConcatChart:
    flows = pd.DataFrame({"year": range(len(r.flows)), "cash_flow": r.flows})
    flows["cumulative"] = flows["cash_flow"].cumsum()
    if reveal:
        top = charts.npv_profile_chart(r.profile, rate=v["rate"], npv=r.npv, irr=r.irr)
    else:
        top = charts.npv_profile_chart(r.profile, rate=v["rate"])
    bottom = charts.cash_flow_chart(flows, payback=r.payback, reveal=reveal)
    return alt.vconcat(top, bottom).properties(
        title="The purchase in two views: NPV profile and cumulative cash",
        description=f"{top.description} {bottom.description}",
    )


def _summary(v: Values, r: CapitalResult) -> str:
    return "Cash flows ($): " + ", ".join(f"year {i}: {c:,.0f}" for i, c in enumerate(r.flows))


def _answers(v: Values, r: CapitalResult) -> Values:
    return {
        "npv": r.npv,
        "irr": r.irr if r.irr is not None else 0.0,  # any IRR is right when there is none
        "payback": r.payback if r.payback is not None else 0.0,
        "decision": r.decision,
    }


def _slips(v: Values, r: CapitalResult) -> dict[str, list[Any]]:
    """The answers the check names: undiscounted cash, the purchase discounted too, the inflows
    alone; the IRR as a fraction, the hurdle rate; the payback at the end of its year."""
    tol = max(500.0, abs(r.npv) * 0.01)
    slips: dict[str, list[Any]] = {
        "npv": [(sum(r.flows), tol), (r.npv / (1 + v["rate"]), tol), (r.npv + v["cost"], tol)],
        "irr": [],
        "payback": [],
    }
    if r.irr is not None:
        slips["irr"] = [(r.irr / 100, 0.00002), (v["rate"], 0.002)]
    if r.payback is not None:
        slips["payback"] = [(int(r.payback) + 1, 0.0)]
    return slips


# the static site's grid: purchase, yearly cash, life and discount rate around the defaults
STATIC = Static(
    grid={
        "cost": [350_000, 450_000, 550_000],
        "inflow": [90_000, 120_000, 150_000],
        "years": [3, 4, 5, 6],
        "rate": [4, 6, 8, 10],
    },
    answers=_answers,
    tolerance={"npv": 500.0, "irr": 0.002, "payback": 0.05},
    relative={"npv": 0.01},
    slips=_slips,
)


def capital_budgeting_exercise(
    *,
    cost: float = 450_000,
    inflow: float = 120_000,
    years: int = 5,
    salvage: float = 30_000,
    rate: float = 8,
) -> Exercise:
    """A point-of-care ultrasound fleet: NPV, IRR, payback and buy-or-not at the hospital's rate."""
    return Exercise(
        title="Capital budgeting: should the hospital buy the new equipment?",
        prompt=(
            "The emergency department asks for a fleet of point-of-care ultrasound machines. "
            "They cost the purchase price today and bring in the net cash below each year (new "
            "billable scans minus running costs) for their useful life, and can be resold at the "
            "end. The hospital's discount rate (its cost of capital) is given. Find the "
            "<b>NPV</b>, "
            "the <b>IRR</b>, the <b>payback period</b> and <b>decide</b>."
        ),
        inputs=[
            Number("cost", "Purchase price", cost, unit="$", minimum=0, example="450,000"),
            Number("inflow", "Net cash each year", inflow, unit="$", example="120,000"),
            Number(
                "years",
                "Useful life",
                years,
                unit="years",
                minimum=1,
                maximum=15,
                slider=True,
                whole=True,
            ),
            Number(
                "salvage", "Resale value at the end", salvage, unit="$", minimum=0, example="30,000"
            ),
            Number(
                "rate",
                "Hospital's discount rate",
                rate,
                unit="%",
                minimum=0,
                maximum=30,
                percent=True,
                example="8",
            ),
        ],
        answers=[
            Number("npv", "NPV at the hospital's rate", unit="$", example="-12,000"),
            Number("irr", "IRR", unit="%", percent=True, example="6.5"),
            Number("payback", "Payback period (0 = never)", unit="years", minimum=0, example="4.2"),
            Choice("decision", "Decision", DECISIONS, radio=True),
        ],
        labels={"cash_flows[0]": "Purchase price"},
        explain=lambda e, v: (
            "The purchase price must be more than zero: a purchase costs money today."
            if (e.field, e.rule) == ("cash_flows[0]", "negative")
            else None
        ),
        compute=_compute,
        check=_check,
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        summary=_summary,
        static=STATIC
        if (cost, inflow, years, salvage, rate) == (450_000, 120_000, 5, 30_000, 8)
        else None,
    )


def npv_explorer(
    *,
    cost: float = 300_000,
    inflow: float = 70_000,
    years: int = 6,
    salvage: float = 0,
    rate: float = 0.06,
) -> alt.LayerChart:
    """The NPV profile (careops) with a discount-rate slider (works on the published site)."""
    flows = cash_flows({"cost": cost, "inflow": inflow, "years": years, "salvage": salvage})
    return charts.npv_explorer(_profile(flows), rate=rate)
