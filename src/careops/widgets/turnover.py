"""LEAN exercise: operating-room turnover with SMED (move set-up steps outside the turnover).

The current turnover of each service is its median in the course's ``or_cases`` data, split
into the steps of a turnover (assumed shares, timed on a typical turnover); the student moves
steps to external set-up (done while the previous case is still running) and works out the new
turnover, the cases that fit in the block, and the block's utilisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from careops import data, lean
from careops.charts import lean as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["EXTERNAL", "INTERNAL", "SERVICES", "TurnoverResult", "room_turnover_exercise"]

SERVICES = ["General Surgery", "Orthopedics", "Urology", "Gynecology", "ENT"]
INTERNAL = "In the turnover (room waits)"
EXTERNAL = "During the previous case"
CLEAN, SET_UP, PATIENT_IN = "Room cleaned", "Room set up (trays opened)", "Patient in"
CART, CHECKS = "Case cart pulled and checked", "Next patient's checks and consent"
# The steps of one turnover in the order done today, and their assumed shares of the service's
# median turnover (whole minutes; cleaning takes what is left, so they add up to the median).
SHARES = {CLEAN: 0.3, CART: 0.2, SET_UP: 0.2, CHECKS: 0.2, PATIENT_IN: 0.1}
MOVABLE = {"cart": CART, "checks": CHECKS}


@dataclass(frozen=True, eq=False)
class TurnoverResult:
    """Before and after the change: the changeovers, the cases that fit and utilisation."""

    service: str
    turnovers: int  # turnovers of this service in the data
    median_turnover: float  # today's turnover (min), the data's median
    quartiles: tuple[float, float]  # the data's 25th and 75th percentiles (min)
    case_time: float  # the service's median in-room time (min)
    block: float
    before: lean.Changeover
    after: lean.Changeover
    cases_before: int
    cases_after: int
    use_before: float
    use_after: float

    @property
    def saved(self) -> float:
        """Minutes of turnover saved by the change."""
        return self.before.time - self.after.time


@lru_cache(maxsize=1)
def _services() -> pd.DataFrame:
    """Per service: turnovers counted, median and quartiles of turnover, median in-room time."""
    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    turnover = done.groupby("specialty", observed=True)["turnover_min"]
    return pd.DataFrame(
        {
            "turnovers": turnover.count(),
            "median": turnover.median(),
            "q1": turnover.quantile(0.25),
            "q3": turnover.quantile(0.75),
            "case_time": done.groupby("specialty", observed=True)["actual_duration_min"].median(),
        }
    ).astype(float)


def turnover_steps(median: float, moved: set[str]) -> pd.DataFrame:
    """The steps of one turnover (whole minutes adding up to ``median``), ``moved`` external."""
    minutes = {name: round(share * median) for name, share in SHARES.items() if name != CLEAN}
    minutes[CLEAN] = round(median) - sum(minutes.values())
    order = list(SHARES)
    return pd.DataFrame(
        {
            "step": order,
            "minutes": [minutes[name] for name in order],
            "external": [name in moved for name in order],
        }
    )


def _compute(v: Values) -> TurnoverResult:
    row = _services().loc[v["service"]]
    median, case = float(row["median"]), float(row["case_time"])
    moved = {step for key, step in MOVABLE.items() if v[key] == EXTERNAL}
    before = lean.changeover(turnover_steps(median, set()), run_time=case)
    after = lean.changeover(turnover_steps(median, moved), run_time=case)
    n_before = lean.cases_in_block(v["block"], case, before.time)
    n_after = lean.cases_in_block(v["block"], case, after.time)
    return TurnoverResult(
        service=v["service"],
        turnovers=int(row["turnovers"]),
        median_turnover=median,
        quartiles=(float(row["q1"]), float(row["q3"])),
        case_time=case,
        block=v["block"],
        before=before,
        after=after,
        cases_before=n_before,
        cases_after=n_after,
        use_before=lean.block_utilisation(n_before, case, v["block"]),
        use_after=lean.block_utilisation(n_after, case, v["block"]),
    )


def _minutes(x: float) -> str:
    return f"{x:g} min"


def _check(v: Values, a: Values, r: TurnoverResult) -> Feedback:
    fb = Feedback()
    given = a["turnover"]
    inside = r.after.steps[~r.after.steps["external"]]
    internal = " + ".join(f"{m:g}" for m in inside["minutes"])
    if close_to(given, r.after.time, abs_tol=0.5):
        fb.add(
            True,
            f"The room now waits only for the internal steps: {internal} = "
            f"{_minutes(r.after.time)} (was {_minutes(r.before.time)}).",
        )
    elif r.saved > 0 and close_to(given, r.before.time, abs_tol=0.5):
        fb.add(
            False,
            "That is today's turnover. Steps done while the previous case is still running no "
            "longer keep the room empty: leave them out of the turnover.",
        )
    elif r.saved > 0 and close_to(given, r.saved, abs_tol=0.5):
        fb.add(
            False,
            "That is the time saved (the steps you moved). The new turnover is what is left: "
            "the steps still done while the room waits.",
        )
    else:
        fb.add(False, "Add up the steps still done while the room waits (the internal steps).")

    cases, n = a["cases"], r.cases_after
    turn, case, block = r.after.time, r.case_time, r.block
    naive = math.floor(block / (case + turn))
    if cases == n:
        fb.add(
            True,
            f"{n} cases of {_minutes(case)} with {max(n - 1, 0)} turnovers of {_minutes(turn)} "
            f"take {_minutes(n * case + max(n - 1, 0) * turn)} of the {_minutes(block)} block"
            f"{'' if n == r.cases_before else f' (today {r.cases_before})'}.",
        )
    elif cases == naive:
        fb.add(
            False,
            "You counted a turnover after every case. The last case of the day needs none "
            "(and the first is set up before the block starts): n cases need n − 1 turnovers.",
        )
    elif cases == n + 1:
        need = (n + 1) * case + n * turn
        fb.add(
            False,
            f"{n + 1} cases would need {_minutes(need)}, more than the {_minutes(block)} block: "
            "a case that does not fit cannot be started, so round down.",
        )
    elif cases == r.cases_before:
        fb.add(False, "That is today's count. Redo it with the new, shorter turnover.")
    else:
        fb.add(
            False,
            "Cases that fit = the most cases whose in-room times plus the turnovers between "
            "them stay within the block.",
        )

    use = a["use"]
    with_turnover = (n * case + max(n - 1, 0) * turn) / block
    if close_to(use, r.use_after, abs_tol=0.005):
        fb.add(
            True,
            f"Utilisation = {n} × {_minutes(case)} ÷ {_minutes(block)} = "
            f"{r.use_after * 100:.1f}% of the block is spent operating.",
        )
    elif n > 1 and turn > 0 and close_to(use, with_turnover, abs_tol=0.005):
        fb.add(
            False,
            "You counted the turnovers as use. Utilisation counts the time patients are in the "
            "room (in-room time) only; turnover is the time the room stands idle.",
        )
    elif n != r.cases_before and close_to(use, r.use_before, abs_tol=0.005):
        fb.add(False, "That is today's utilisation. Use the cases that fit after the change.")
    else:
        fb.add(False, "Utilisation = cases × in-room time per case ÷ block length.")
    return fb


def _slips(v: Values, r: TurnoverResult) -> dict[str, list[float]]:
    """The wrong answers the check names, per answer (for the static page's Check)."""
    n, case, turn = r.cases_after, r.case_time, r.after.time
    naive = math.floor(r.block / (case + turn))
    return {
        "turnover": [r.before.time, r.saved] if r.saved > 0 else [],
        "cases": [c for c in (naive, n + 1, r.cases_before) if c != n],
        "use": [
            *([(n * case + (n - 1) * turn) / r.block] if n > 1 and turn > 0 else []),
            *([r.use_before] if n != r.cases_before else []),
        ],
    }


def _chart(v: Values, r: TurnoverResult):
    frames = [
        r.before.steps.assign(plan="Today"),
        r.after.steps.assign(plan="With your change"),
    ]
    return charts.turnover_timeline(
        pd.concat(frames, ignore_index=True),
        title=(
            f"{r.service}: one turnover, today ({_minutes(r.before.time)}) and with your change"
        ),
        description=(
            "Bars of the steps of one operating-room turnover on a clock that starts when the "
            "previous patient leaves the room (dashed line): today every step happens after it; "
            "with your change, the steps moved to the previous case sit before the line."
        ),
    )


def _summary(v: Values, r: TurnoverResult) -> str:
    q1, q3 = r.quartiles
    return (
        f"In the data, {r.service} had {r.turnovers:,} turnovers: median "
        f"{_minutes(r.median_turnover)}, half of them between {_minutes(q1)} and "
        f"{_minutes(q3)}. A case takes {_minutes(r.case_time)} in the room (median); today "
        f"{r.cases_before} cases fit in the block."
    )


def room_turnover_exercise(
    *, service: str = "Urology", block: float = 480, cart: str = INTERNAL, checks: str = INTERNAL
) -> Exercise:
    """Move turnover steps into the previous case (SMED): new turnover, cases, utilisation."""
    where = [INTERNAL, EXTERNAL]
    return Exercise(
        title="Operating-room turnover: moving set-up out of the turnover",
        prompt=(
            "Between two cases the room is cleaned, set up and the next patient brought in. "
            "Some steps need the empty room (<b>internal</b> set-up); others can be done while "
            "the previous case is still running (<b>external</b>). Choose the service (its "
            "turnover today is the median of the course's operating-room data) and move steps "
            "out of the turnover. Then find the <b>new turnover</b>, the <b>cases that fit</b> "
            "in the block, and the block's <b>utilisation</b>."
        ),
        inputs=[
            Choice("service", "Service", SERVICES, default=service),
            Choice("cart", f"{CART}", where, default=cart),
            Choice("checks", f"{CHECKS}", where, default=checks),
            Number(
                "block",
                "Block length",
                block,
                unit="minutes",
                minimum=60,
                maximum=720,
                example="480",
            ),
        ],
        answers=[
            Number("turnover", "New turnover", unit="minutes", minimum=0, example="30"),
            Number("cases", "Cases that fit in the block", unit="cases", whole=True, minimum=0),
            Number("use", "Utilisation of the block", unit="%", percent=True, minimum=0),
        ],
        labels={"case_time": "In-room time per case", "turnover": "Turnover"},
        compute=_compute,
        check=_check,
        chart=_chart,
        summary=_summary,
        static=Static(
            # the service and the two steps that can move: 20 points; the block stays as given
            grid={"service": SERVICES, "cart": where, "checks": where},
            answers=lambda v, r: {
                "turnover": r.after.time,
                "cases": r.cases_after,
                "use": r.use_after,
            },
            tolerance={"turnover": 0.5, "use": 0.005},
            slips=_slips,
        ),
    )
