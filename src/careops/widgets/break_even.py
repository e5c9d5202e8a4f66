"""Finance exercise: contribution margin and break-even for a new outpatient service."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from careops import finance
from careops.charts import finance as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to, money
from careops.widgets.static import Static

__all__ = ["BreakEvenResult", "break_even_exercise", "break_even_explorer"]

OUTCOMES = ["Profit", "Loss", "Exactly breaks even"]


@dataclass(frozen=True, eq=False)
class BreakEvenResult:
    """The careops answers and the revenue/cost lines for the chart."""

    margin: float
    break_even: float
    profit_at_expected: float
    lines: pd.DataFrame

    @property
    def first_whole_visit(self) -> int:
        """The first whole number of visits at which the service stops losing money."""
        return math.ceil(self.break_even - 1e-9)

    @property
    def outcome(self) -> str:
        """Profit, loss or break-even at the expected volume."""
        if abs(self.profit_at_expected) < 0.5:
            return OUTCOMES[2]
        return OUTCOMES[0] if self.profit_at_expected > 0 else OUTCOMES[1]


def _compute(v: Values) -> BreakEvenResult:
    margin = finance.contribution_margin(v["price"], v["variable"])
    be = finance.break_even_volume(v["fixed"], v["price"], v["variable"])
    top = max(v["expected"], be) * 1.6
    # straight lines: a dozen points draw them (and keep the static site's grid small)
    volume = pd.Series(range(0, int(top) + 2, max(1, int(top) // 12)), dtype=float)
    lines = pd.concat(
        [
            pd.DataFrame({"volume": volume, "line": "Revenue", "dollars": v["price"] * volume}),
            pd.DataFrame(
                {
                    "volume": volume,
                    "line": "Total cost",
                    "dollars": v["fixed"] + v["variable"] * volume,
                }
            ),
        ],
        ignore_index=True,
    )
    profit = margin * v["expected"] - v["fixed"]
    return BreakEvenResult(margin=margin, break_even=be, profit_at_expected=profit, lines=lines)


def _check(v: Values, a: Values, r: BreakEvenResult) -> Feedback:
    fb = Feedback()
    cm = a["margin"]
    if close_to(cm, r.margin, abs_tol=0.5):
        fb.add(
            True,
            f"Each visit contributes {money(r.margin)} toward fixed costs: {money(v['price'])} − "
            f"{money(v['variable'])}.",
        )
    elif close_to(cm, v["price"] + v["variable"], abs_tol=0.5):
        fb.add(
            False, "Subtract, don't add: contribution margin = payment − variable cost per visit."
        )
    elif v["price"] > 0 and close_to(cm, r.margin / v["price"] * 100, abs_tol=0.5):
        fb.add(
            False,
            "That is the margin as a percentage of payment. The question asks dollars per visit: "
            f"{money(v['price'])} − {money(v['variable'])}.",
        )
    else:
        fb.add(
            False, "Contribution margin per visit = payment per visit − variable cost per visit."
        )

    be = a["break_even"]
    whole = r.first_whole_visit
    if be == whole or close_to(be, r.break_even, abs_tol=0.05):
        extra = "" if be == whole else f" In whole visits that is {whole}."
        fb.add(
            True,
            f"Break-even = {money(v['fixed'])} ÷ {money(r.margin)} = {r.break_even:,.1f} visits a "
            f"month.{extra}",
        )
    elif v["price"] > 0 and close_to(be, v["fixed"] / v["price"], rel=0.01):
        fb.add(
            False,
            "You divided the fixed costs by the whole payment. Each visit also uses up its "
            "variable cost, so only the contribution margin pays the fixed costs.",
        )
    elif v["variable"] > 0 and close_to(be, v["fixed"] / v["variable"], rel=0.01):
        fb.add(
            False,
            "You divided by the variable cost. Divide the fixed costs by the contribution margin "
            "(payment − variable cost).",
        )
    elif be == whole - 1:
        fb.add(
            False,
            f"You rounded down: at {be:g} visits the service still loses money. Round up to "
            f"{whole}.",
        )
    else:
        fb.add(False, "Break-even volume = fixed costs ÷ contribution margin per visit.")

    if a["outcome"] == r.outcome:
        fb.add(
            True,
            f"At {v['expected']:g} visits the month ends with {money(r.profit_at_expected)} "
            f"({r.outcome.lower()}).",
        )
    else:
        side = "above" if v["expected"] > r.break_even else "below"
        fb.add(
            False,
            f"{v['expected']:g} visits is {side} the break-even of {r.break_even:,.1f}, so the "
            f"month ends with {money(r.profit_at_expected)}.",
        )
    return fb


def _explain(error: InputError, v: Values) -> str | None:
    if error.field == "price" and error.rule == "greater_than":
        return (
            f"Each visit loses money: the payment ({money(v['price'])}) does not cover the "
            "variable "
            f"cost ({money(v['variable'])}), so no number of visits breaks even. Raise the payment "
            "or cut the variable cost."
        )
    return None


def _summary(v: Values, r: BreakEvenResult) -> str:
    verb = "makes" if r.profit_at_expected >= 0 else "loses"
    return f"At the expected volume the service {verb} money each month (see the chart)."


def _answers(v: Values, r: BreakEvenResult) -> Values:
    return {"margin": r.margin, "break_even": r.break_even, "outcome": r.outcome}


def _slips(v: Values, r: BreakEvenResult) -> dict[str, list[Any]]:
    """The answers the check names: adding instead of subtracting, the margin in percent,
    dividing by the payment or the variable cost, rounding down (and the whole visit, right)."""
    slips: dict[str, list[Any]] = {"margin": [v["price"] + v["variable"]], "break_even": []}
    if v["price"] > 0:
        slips["margin"].append(r.margin / v["price"] * 100)
    slips["break_even"].append(r.first_whole_visit)
    if v["price"] > 0:
        slips["break_even"].append((v["fixed"] / v["price"], 0.01 * v["fixed"] / v["price"]))
    if v["variable"] > 0:
        slips["break_even"].append((v["fixed"] / v["variable"], 0.01 * v["fixed"] / v["variable"]))
    slips["break_even"].append(r.first_whole_visit - 1)
    return slips


# the static site's grid: payment, variable cost, fixed costs and volume around the defaults
STATIC = Static(
    grid={
        "price": [140, 180, 220],
        "variable": [55, 70, 85],
        "fixed": [27_000, 33_000, 39_000],
        "expected": [100, 180, 260, 340, 420],
    },
    answers=_answers,
    tolerance={"margin": 0.5, "break_even": 0.05},
    slips=_slips,
)


def break_even_exercise(
    *, price: float = 180, variable: float = 70, fixed: float = 33_000, expected: float = 260
) -> Exercise:
    """A new diabetes-education clinic: margin per visit, break-even volume, profit or loss."""
    return Exercise(
        title="Break-even for a diabetes-education clinic",
        prompt=(
            "The hospital plans a diabetes-education clinic. Each visit is paid the amount "
            "below and uses supplies and educator time that vary with visits; rent, the "
            "coordinator and the software are fixed each month. Find the <b>contribution margin "
            "per visit</b>, the <b>break-even volume</b> (visits per month) and whether the "
            "expected volume makes a <b>profit or a loss</b>."
        ),
        inputs=[
            Number("price", "Payment per visit", price, unit="$", minimum=0, example="180"),
            Number(
                "variable", "Variable cost per visit", variable, unit="$", minimum=0, example="70"
            ),
            Number("fixed", "Fixed costs per month", fixed, unit="$", minimum=0, example="33,000"),
            Number(
                "expected",
                "Expected visits per month",
                expected,
                unit="visits",
                minimum=0,
                maximum=2000,
                slider=True,
                whole=True,
                step=10,
            ),
        ],
        answers=[
            Number("margin", "Contribution margin", unit="$ per visit", example="85"),
            Number("break_even", "Break-even volume", unit="visits per month", example="420"),
            Choice("outcome", "At the expected volume", OUTCOMES, radio=True),
        ],
        labels={
            "price": "Payment per visit",
            "variable_cost": "variable cost per visit",
            "fixed_costs": "Fixed costs per month",
        },
        compute=_compute,
        check=_check,
        chart=lambda v, r: charts.break_even_chart(
            r.lines, break_even=None, expected=v["expected"]
        ),
        reveal=lambda v, r: charts.break_even_chart(
            r.lines, break_even=r.break_even, expected=v["expected"]
        ),
        summary=_summary,
        explain=_explain,
        static=STATIC if (price, variable, fixed, expected) == (180, 70, 33_000, 260) else None,
    )


def break_even_explorer(*, price: float = 150, variable: float = 60, fixed: float = 27_000):
    """Break-even with its own sliders (works on the published site)."""
    return charts.break_even_explorer(price=price, variable=variable, fixed=fixed)
