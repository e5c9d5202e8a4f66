"""Supply-chain exercise: scenario planning for an IV-fluid shortage — best, expected and worst
case side by side, the day the stock runs out and the units that go without."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from careops import supply
from careops.charts import basic
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["ACTIONS", "SCENARIOS", "ShortageResult", "shortage_scenarios_exercise"]

HORIZON = 60  # days projected
SHORT_CLOSE = {"rel": 0.01, "abs_tol": 1.0}  # a typed number of bags short: kernel and static
SCENARIOS = {  # name: (supply cut %, duration days, demand saved by conservation %)
    "Best case": (20, 14, 10),
    "Expected case": (50, 30, 20),
    "Worst case": (80, 45, 25),
}
ACTIONS = [
    "Keep usual practice: the stock covers even the worst case",
    "Start conserving now and review weekly: only the worst case runs short",
    "Conserve and secure another source now: even the expected case runs short",
]


def _key(scenario: str) -> str:
    return scenario.split()[0].lower()


@dataclass(frozen=True, eq=False)
class ShortageResult:
    """The careops projection of each scenario, and the action the numbers support."""

    runs: dict[str, supply.Shortage]
    days: pd.DataFrame  # day, scenario, stock (long, for the chart)

    @property
    def worst(self) -> supply.Shortage:
        """The worst-case projection."""
        return self.runs["Worst case"]

    @property
    def expected(self) -> supply.Shortage:
        """The expected-case projection."""
        return self.runs["Expected case"]

    @property
    def action(self) -> str:
        """Usual practice if nothing runs short; conserve if only the worst case does; also a
        second source if the expected case does."""
        if self.expected.units_short > 0 or self.runs["Best case"].units_short > 0:
            return ACTIONS[2]
        return ACTIONS[1] if self.worst.units_short > 0 else ACTIONS[0]


def _run(v: Values, scenario: str, *, conservation: bool = True) -> supply.Shortage:
    k = _key(scenario)
    return supply.shortage_projection(
        on_hand=v["on_hand"],
        daily_demand=v["daily_use"],
        daily_supply=v["daily_use"],  # deliveries usually match use
        supply_cut=v[f"{k}_cut"],
        duration=v[f"{k}_days"],
        conservation=v[f"{k}_saving"] if conservation else 0.0,
        horizon=HORIZON,
    )


def _compute(v: Values) -> ShortageResult:
    runs = {s: _run(v, s) for s in SCENARIOS}
    days = pd.concat(
        [r.days[["day", "stock"]].assign(scenario=s) for s, r in runs.items()], ignore_index=True
    )
    return ShortageResult(runs=runs, days=days)


def _check_day(v: Values, given: float, r: ShortageResult) -> tuple[bool, str]:
    day = r.worst.stock_out_day
    if day is None:
        if given == 0:
            return True, f"In the worst case the stock lasts all {HORIZON} days: type 0."
        return False, (
            f"In the worst case the stock never runs out within {HORIZON} days "
            "(type 0): the deliveries that still arrive and conservation cover the gap."
        )
    if given == day:
        return True, (
            f"The worst case runs out on day {day}: each day the stock falls by the bags used "
            "(after conservation) minus the bags that still arrive."
        )
    no_delivery = supply.days_of_supply(v["on_hand"], v["daily_use"])
    no_saving = _run(v, "Worst case", conservation=False).stock_out_day
    if close_to(given, no_delivery, abs_tol=0.5):
        return False, (
            f"{no_delivery:.0f} days is the days of supply if nothing arrived and use stayed "
            "as usual. In the worst case some deliveries still arrive and conservation cuts "
            "use: the stock falls by use − deliveries each day."
        )
    if no_saving is not None and given == no_saving and no_saving != day:
        return False, (
            "You left out conservation: during the shortage the wards use fewer bags each "
            "day, so the stock lasts longer."
        )
    if given == day - 1:
        return False, (
            f"At the end of day {day - 1} there is still some stock; the first day that "
            f"cannot be fully supplied is day {day}."
        )
    return False, (
        "Day by day: stock + what arrives − what is used. The first day that cannot be "
        "fully supplied is the day it runs out."
    )


def _check_short(v: Values, given: float, r: ShortageResult) -> tuple[bool, str]:
    short = r.expected.units_short
    k = "expected"
    lost = v["daily_use"] * v[f"{k}_cut"] * v[f"{k}_days"]
    no_saving = _run(v, "Expected case", conservation=False).units_short
    if close_to(given, short, **SHORT_CLOSE):
        if short == 0:
            return True, "The expected case never runs short: the stock covers the gap."
        day = r.expected.stock_out_day
        return True, (
            f"The expected case runs out on day {day} and {short:,.0f} bags go without "
            "until deliveries return to normal."
        )
    if close_to(given, lost, **SHORT_CLOSE) and not close_to(lost, short, **SHORT_CLOSE):
        return False, (
            f"{lost:,.0f} is every delivery the cut removes. The stock on hand covers part of "
            "that, and conservation saves more: only what they cannot cover goes short."
        )
    if close_to(given, no_saving, **SHORT_CLOSE) and not close_to(no_saving, short, **SHORT_CLOSE):
        return False, (
            "You left out conservation: during the shortage use falls by the conservation "
            "share, so fewer bags go short."
        )
    return False, (
        "Bags short = what is used during the shortage − the stock on hand − what still "
        "arrives, if that is more than 0 (the chart's expected line shows when it hits 0)."
    )


def _check_action(given: str, r: ShortageResult) -> tuple[bool, str]:
    worst = r.worst.units_short
    expected = r.expected.units_short
    facts = f"the worst case leaves {worst:,.0f} bags short and the expected case {expected:,.0f}"
    if given == r.action:
        return True, f"The numbers support it: {facts}."
    if given == ACTIONS[0]:
        return False, f"Plan for the bad cases, not only the best: {facts}."
    if given == ACTIONS[2]:
        return False, (
            f"That costs more than the numbers call for: {facts}. A second source is for when "
            "the expected case runs short."
        )
    return False, f"Not enough: {facts}. When the expected case runs short, act now."


def _check(v: Values, a: Values, r: ShortageResult) -> Feedback:
    fb = Feedback()
    fb.add(*_check_day(v, a["worst_day"], r))
    fb.add(*_check_short(v, a["expected_short"], r))
    fb.add(*_check_action(a["action"], r))
    return fb


def _chart(v: Values, r: ShortageResult):
    return basic.line_chart(
        r.days,
        x="day",
        y="stock",
        color="scenario",
        color_title="Scenario",
        title="Bags on hand, day by day, in three shortage scenarios",
        description=(
            "Lines of the bags on hand each day for the best, expected and worst case; a line "
            "that reaches 0 means patients go without until deliveries recover."
        ),
        x_title="Day of the shortage",
        y_title="Bags on hand",
    )


def _summary(v: Values, r: ShortageResult) -> str:
    days = supply.days_of_supply(v["on_hand"], v["daily_use"])
    return f"Days of supply at usual use, with no deliveries: {days:.1f}."


def _answers(v: Values, r: ShortageResult) -> dict[str, object]:
    return {
        "worst_day": r.worst.stock_out_day or 0,
        "expected_short": r.expected.units_short,
        "action": r.action,
    }


def _slips(v: Values, r: ShortageResult) -> dict[str, list[float]]:
    no_delivery = supply.days_of_supply(v["on_hand"], v["daily_use"])
    day = r.worst.stock_out_day
    days = {math.floor(no_delivery), math.ceil(no_delivery)}
    if day is not None:
        days.add(day - 1)
        no_saving = _run(v, "Worst case", conservation=False).stock_out_day
        if no_saving is not None:
            days.add(no_saving)
    days.discard(day or 0)
    k = "expected"
    lost = v["daily_use"] * v[f"{k}_cut"] * v[f"{k}_days"]
    no_saving_short = _run(v, "Expected case", conservation=False).units_short
    return {
        "worst_day": sorted(d for d in days if d >= 0),
        "expected_short": [lost, no_saving_short],
    }


# the static site's grid: the stock on hand and how deep the expected and worst cuts go
STATIC = Static(
    grid={
        "on_hand": [600, 1_200, 1_800, 2_400, 3_000, 3_600],
        "expected_cut": [30, 50, 70],
        "worst_cut": [60, 80, 100],
    },
    answers=_answers,
    tolerance={"expected_short": SHORT_CLOSE["abs_tol"]},
    relative={"expected_short": SHORT_CLOSE["rel"]},
    slips=_slips,
)


def _explain(error: InputError, v: Values) -> str | None:
    if error.field == "daily_usage":
        return "Bags used per day must be more than zero."
    return None


def shortage_scenarios_exercise(
    *,
    on_hand: int = 1_800,
    daily_use: float = 300,
    scenarios: dict[str, tuple[float, int, float]] = SCENARIOS,
) -> Exercise:
    """An IV-fluid shortage: the worst case's stock-out day, the expected case's shortfall and
    the action the three scenarios support."""
    inputs: list[Number] = [
        Number(
            "on_hand",
            "Bags on hand today",
            on_hand,
            unit="bags",
            minimum=0,
            maximum=12_000,
            step=600,
            slider=True,
            whole=True,
        ),
        Number("daily_use", "Bags used a day", daily_use, unit="bags", minimum=0, example="300"),
    ]
    for name, (cut, days, saving) in scenarios.items():
        k = _key(name)
        inputs += [
            Number(
                f"{k}_cut",
                f"{name}: deliveries cut by",
                cut,
                unit="%",
                minimum=0,
                maximum=100,
                step=10,
                slider=True,
                percent=True,
            ),
            Number(
                f"{k}_days",
                f"{name}: for",
                days,
                unit="days",
                minimum=0,
                maximum=HORIZON,
                step=5,
                slider=True,
                whole=True,
            ),
            Number(
                f"{k}_saving",
                f"{name}: conservation saves",
                saving,
                unit="% of use",
                minimum=0,
                maximum=50,
                step=5,
                slider=True,
                percent=True,
            ),
        ]
    return Exercise(
        title="Scenario planning: an IV-fluid shortage",
        prompt=(
            "The main IV-fluid plant is down and the distributor will allocate. Deliveries "
            "usually match what the hospital uses; in each scenario they fall by a share for a "
            "number of days, while conservation (oral hydration, IV push instead of small "
            "bags) cuts use over the same days. Find the <b>day the stock runs out in the "
            "worst case</b> (0 if it never does), the <b>bags short in the expected case</b>, "
            "and the <b>action</b> the three scenarios support."
        ),
        inputs=inputs,
        answers=[
            Number(
                "worst_day",
                "Worst case: stock runs out on day (0 = never)",
                unit="day",
                minimum=0,
                whole=True,
                example="12",
            ),
            Number(
                "expected_short",
                "Expected case: bags short",
                unit="bags",
                minimum=0,
                example="750",
            ),
            Choice("action", "The action the numbers support", ACTIONS, radio=True),
        ],
        labels={"on_hand": "Bags on hand today", "daily_demand": "Bags used a day"},
        compute=_compute,
        check=_check,
        chart=_chart,
        summary=_summary,
        explain=_explain,
        static=STATIC,
    )
