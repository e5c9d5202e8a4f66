"""Skillsets exercise: a nurse manager's weighted decision matrix, and whether its choice
survives a change of weights.

A medical-surgical unit must cover recurring night-shift gaps for the next six months. The unit
council has rated three options on three criteria (the ratings are the exercise's assumptions,
:data:`RATINGS`); the student sets the team's weights in points, names the option that leads,
its weighted total, and the option that leads once the finance partner's extra points go to
affordability. Every total comes from careops.decisions.weighted_scores (the weighted sum
model: points rescaled to shares, so a total is a weighted-average rating on the 1-5 scale).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from careops import decisions
from careops.charts import decisions as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = [
    "AFFORDABILITY",
    "CRITERIA",
    "EXTRA_POINTS",
    "OPTIONS",
    "RATINGS",
    "TIE",
    "MatrixResult",
    "decision_matrix_exercise",
]

SAFETY, STAFF, AFFORDABILITY = "Patient safety", "Staff well-being", "Affordability"
CRITERIA = [SAFETY, STAFF, AFFORDABILITY]
_INPUTS = {"safety": SAFETY, "staff": STAFF, "affordability": AFFORDABILITY}
# Assumptions: the unit council's ratings, 1 (poor) to 5 (excellent), each criterion phrased so
# that more is better. Agency nurses spare the unit's own staff but know the unit least and
# cost most; overtime keeps familiar nurses but tires them; a float pool sits between.
RATINGS = pd.DataFrame(
    {SAFETY: [3, 4, 2], STAFF: [2, 4, 5], AFFORDABILITY: [4, 2, 1]},
    index=pd.Index(
        ["Overtime for own staff", "Internal float pool", "Agency nurses"], name="Option"
    ),
)
OPTIONS = list(RATINGS.index)
TIE = "A tie: two options share the top total"
EXTRA_POINTS = 20  # assumption: the points the finance partner asks to add to affordability
_TOL = 0.01  # totals are compared to two decimals


@dataclass(frozen=True, eq=False)
class MatrixResult:
    """The weighted scores at the team's weights, and again with the extra affordability points."""

    points: dict[str, float]  # criterion -> points the team gave it
    scores: pd.DataFrame  # careops.decisions.weighted_scores: contributions, total, rank
    shifted: pd.DataFrame  # the same with ``extra`` more points on affordability
    extra: float  # the points added to affordability for the second question

    @property
    def shares(self) -> pd.Series:
        """Each criterion's share of all the points."""
        total = sum(self.points.values())
        return pd.Series({c: p / total for c, p in self.points.items()})

    @property
    def leader(self) -> str:
        """The option with the highest total, or TIE when two share it."""
        return _leader(self.scores)

    @property
    def leader_after(self) -> str:
        """The leader once affordability has the extra points, or TIE."""
        return _leader(self.shifted)

    @property
    def top(self) -> float:
        """The highest weighted total."""
        return float(self.scores["total"].iloc[0])

    @property
    def runner_up(self) -> float:
        """The second-highest total (equal to ``top`` on a tie)."""
        return float(self.scores["total"].iloc[1])

    @property
    def divided_by_100(self) -> float:
        """The top option's points x ratings divided by 100, not by the points given."""
        return self.unscaled / 100

    @property
    def unscaled(self) -> float:
        """The top option's sum of points x ratings, never divided."""
        option = self.scores.index[0]
        return float(sum(self.points[c] * RATINGS.loc[option, c] for c in CRITERIA))

    @property
    def plain_average(self) -> float:
        """The top option's unweighted mean rating."""
        return float(RATINGS.loc[self.scores.index[0]].mean())


def _leader(scores: pd.DataFrame) -> str:
    tied = scores.index[scores["rank"] == 1]
    return TIE if len(tied) > 1 else str(tied[0])


def _compute(v: Values, extra: float) -> MatrixResult:
    points = {criterion: float(v[name]) for name, criterion in _INPUTS.items()}
    shifted = dict(points)
    shifted[AFFORDABILITY] += extra
    return MatrixResult(
        points=points,
        scores=decisions.weighted_scores(RATINGS, points),
        shifted=decisions.weighted_scores(RATINGS, shifted),
        extra=extra,
    )


def _totals(scores: pd.DataFrame) -> str:
    """The options and their totals, highest first: 'A 3.60, B 2.90, C 2.70'."""
    return ", ".join(f"{o} {t:.2f}" for o, t in scores["total"].items())


def _unique_best(values: pd.Series) -> str | None:
    best = values[values == values.max()]
    return str(best.index[0]) if len(best) == 1 else None


def _check_leader(r: MatrixResult, chosen: str) -> tuple[bool, str]:
    right = r.leader
    if chosen == right:
        if right == TIE:
            tied = " and ".join(r.scores.index[r.scores["rank"] == 1])
            return True, (
                f"{tied} both total {r.top:.2f}: a tie. The matrix cannot choose; the team "
                "decides between them by discussion (or a further criterion), not by decimals."
            )
        return True, (
            f"{right} leads with {r.top:.2f}, ahead of {r.scores.index[1]} at "
            f"{r.runner_up:.2f}: its ratings are strongest where the team put its weight."
        )
    if chosen == TIE:
        return False, (
            f"No tie at these weights: the totals are {_totals(r.scores)}. Weight each rating "
            "by its criterion's share of the points, then add."
        )
    if right == TIE:
        return False, (
            f"{chosen} is one of the options at the top, but the totals are "
            f"{_totals(r.scores)}: two options share the top total, a tie."
        )
    heaviest = _unique_best(pd.Series(r.points))
    if chosen == _unique_best(RATINGS.mean(axis=1)):
        return False, (
            f"{chosen} has the best plain average of its ratings, but the plain average "
            "ignores the weights. Multiply each rating by its criterion's share of the points "
            f"and add: the totals are {_totals(r.scores)}."
        )
    if heaviest is not None and chosen == _unique_best(RATINGS[heaviest]):
        return False, (
            f"{chosen} is rated best on {heaviest.lower()}, the heaviest criterion, but every "
            f"criterion counts in proportion to its weight: the totals are {_totals(r.scores)}."
        )
    return False, f"Weight and add every criterion: the totals are {_totals(r.scores)}."


def _check_total(r: MatrixResult, given: float) -> tuple[bool, str]:
    total = sum(r.points.values())
    if close_to(given, r.top, abs_tol=_TOL):
        return True, (
            f"The top total is {r.top:.2f} on the 1–5 scale: each rating times its criterion's "
            f"share of the {total:g} points, added."
        )
    if close_to(given, r.divided_by_100, abs_tol=_TOL):
        return False, (
            f"You divided by 100, but the team gave {total:g} points in all. A criterion's share "
            f"is its points ÷ {total:g}; the total then stays on the 1–5 scale of the ratings."
        )
    if close_to(given, r.unscaled, abs_tol=0.5):
        return False, (
            "That is the sum of points × ratings. Divide by all the points given "
            f"({total:g}) to turn it into a weighted-average rating on the 1–5 scale."
        )
    if close_to(given, r.plain_average, abs_tol=_TOL):
        return False, (
            "That is the plain average of the leading option's ratings: the weights are left "
            "out. Multiply each rating by its criterion's share of the points first."
        )
    if close_to(given, r.runner_up, abs_tol=_TOL):
        return False, "That is the second-highest total; the question asks for the highest."
    return False, (
        "Total = Σ rating × (the criterion's points ÷ all points), for the option that leads."
    )


def _check_after(r: MatrixResult, chosen: str) -> tuple[bool, str]:
    right, before, extra = r.leader_after, r.leader, r.extra
    after = f"with {extra:g} more points on affordability the totals are {_totals(r.shifted)}"
    if chosen == right:
        if right == TIE:
            return True, f"A tie: {after}. The extra points leave no single leader."
        if right == before:
            return True, (
                f"The choice survives: {after}. A choice that holds when a contested weight "
                "moves is robust; the meeting can turn to how to carry it out."
            )
        return True, (
            f"The choice flips: {after}. The decision rests on the affordability weight, so "
            "that is the number the team must agree on before announcing anything."
        )
    if chosen == before and before != TIE:
        return False, (
            f"The choice does not survive: {after}. Recompute with the new points (the shares "
            "of the other criteria shrink too) before assuming the leader holds."
        )
    return False, f"Recompute with the new points: {after}."


def _check(v: Values, a: Values, r: MatrixResult) -> Feedback:
    fb = Feedback()
    fb.add(*_check_leader(r, a["leader"]))
    fb.add(*_check_total(r, a["total"]))
    fb.add(*_check_after(r, a["after"]))
    return fb


def _summary(v: Values, r: MatrixResult) -> str:
    total = sum(r.points.values())
    parts = ", ".join(f"{c.lower()} {p:g} ({p / total:.0%})" for c, p in r.points.items())
    return f"<p>The team's {total:g} points: {parts}.</p>"


def _chart(v: Values, r: MatrixResult):
    shares = r.shares
    weights = ", ".join(f"{c.lower()} {shares[c]:.0%}" for c in CRITERIA)
    return charts.ratings_and_weights_chart(
        RATINGS,
        shares,
        title=f"Covering night shifts: the ratings and the weights ({weights})",
        description=(
            "Left: a grid of the council's ratings, 1 to 5, of three options (overtime for own "
            "staff, an internal float pool, agency nurses) on patient safety, staff well-being "
            f"and affordability. Right: bars of each criterion's share of the weight: {weights}."
        ),
    )


def _reveal(v: Values, r: MatrixResult):
    return charts.decision_matrix_chart(
        r.scores,
        title="Weighted totals of the three options",
        description=(
            "Stacked horizontal bars of each option's weighted total on the 1–5 scale, split by "
            f"criterion: {_totals(r.scores)}."
        ),
        unit="weighted rating, 1–5",
    )


def _weight(name: str, label: str, default: float) -> Number:
    return Number(
        name,
        label,
        default,
        unit="points",
        minimum=10,
        maximum=50,
        step=10,
        slider=True,
        whole=True,
    )


def decision_matrix_exercise(
    *, safety: int = 50, staff: int = 30, affordability: int = 20, extra: int = EXTRA_POINTS
) -> Exercise:
    """Set the team's weights; name the leader, its total, and the leader after a weight change."""
    return Exercise(
        title="A decision matrix for night-shift cover: does the choice survive?",
        prompt=(
            "A medical-surgical unit has recurring gaps on night shifts. The unit council rated "
            "three ways to cover them (the grid on the left). Set the points the team gives each "
            "criterion, then find the option that <b>leads</b>, its <b>weighted total</b> (1–5, "
            f"two decimals), and which option leads if the finance partner adds {extra:g} "
            "points to affordability: does the <b>choice survive</b>?"
        ),
        inputs=[
            _weight("safety", "Points for patient safety", safety),
            _weight("staff", "Points for staff well-being", staff),
            _weight("affordability", "Points for affordability", affordability),
        ],
        answers=[
            Choice("leader", "Which option leads?", [*OPTIONS, TIE], radio=True),
            Number("total", "Its weighted total", unit="1–5 scale", minimum=0, example="3.25"),
            Choice(
                "after",
                f"With {extra:g} more points on affordability, which option leads?",
                [*OPTIONS, TIE],
                radio=True,
            ),
        ],
        compute=lambda v: _compute(v, float(extra)),
        check=_check,
        chart=_chart,
        reveal=_reveal,
        summary=_summary,
        static=Static(
            # the three weights, every step: 5 x 5 x 5 = 125 points
            grid={name: list(range(10, 51, 10)) for name in _INPUTS},
            answers=lambda v, r: {"leader": r.leader, "total": r.top, "after": r.leader_after},
            tolerance={"total": _TOL},
            slips=lambda v, r: {
                "total": [
                    r.divided_by_100,
                    (r.unscaled, 0.5),
                    r.plain_average,
                    r.runner_up,
                ]
            },
        ),
    )
