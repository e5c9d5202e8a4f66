"""Structured decision tools for clinical leaders: weighted decision matrices, nominal group
technique tallies, scenario (regret) tables and the just-culture decision path.

Pure functions on numbers and DataFrames; no plotting. The chapters on leadership,
skillsets and the seminar call these so a notebook never re-does the arithmetic.

References: Triantaphyllou, *Multi-Criteria Decision Making Methods: A Comparative Study*
(Kluwer, 2000), the weighted sum model; Delbecq, Van de Ven & Gustafson, *Group Techniques
for Program Planning* (1975), the nominal group technique; Anderson, Sweeney & Williams,
*An Introduction to Management Science*, decision making without probabilities (maximax,
maximin, minimax regret); Reason, *Managing the Risks of Organizational Accidents* (1997),
the culpability decision tree, and Marx, *Patient Safety and the "Just Culture"* (2001):
human error is consoled, at-risk behaviour coached, reckless behaviour sanctioned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from careops import _validate as v
from careops.errors import InputError

__all__ = [
    "JUST_CULTURE_OUTCOMES",
    "JUST_CULTURE_QUESTIONS",
    "JUST_CULTURE_START",
    "JustCultureResult",
    "ScenarioChoice",
    "alert_burden",
    "classify_behaviour",
    "classify_cases",
    "decision_criteria",
    "nominal_group_tally",
    "regret_table",
    "weight_sensitivity",
    "weight_switch_points",
    "weighted_scores",
]


# --- weighted decision matrix ------------------------------------------------------------


def _ratings(ratings: Any) -> pd.DataFrame:
    """Check a ratings table: options as rows, criteria as columns, finite numbers."""
    if not isinstance(ratings, pd.DataFrame):
        raise InputError(
            "ratings",
            type(ratings).__name__,
            "type",
            expected="a DataFrame (options x criteria)",
            message="ratings must be a DataFrame (options x criteria), "
            f"got {type(ratings).__name__}",
        )
    if ratings.empty:
        raise InputError(
            "ratings",
            [],
            "min_length",
            minimum=1,
            message="ratings is empty: it needs at least one option (row) "
            "and one criterion (column)",
        )
    if ratings.index.duplicated().any():
        dup = ratings.index[ratings.index.duplicated()][0]
        raise InputError(
            "ratings", dup, "unique", message=f"ratings lists option {dup!r} more than once"
        )
    out = pd.DataFrame(index=ratings.index)
    for col in ratings.columns:
        for option, value in ratings[col].items():
            if not v._is_real(value) or not np.isfinite(float(value)):
                raise InputError(f"ratings[{option!r}, {col!r}]", value, "finite")
        out[col] = ratings[col].astype(float)
    return out


def _weights(weights: Any, criteria: Sequence[str]) -> pd.Series:
    """Check weights against the criteria and rescale them to shares that sum to 1."""
    if not isinstance(weights, Mapping | pd.Series):
        raise InputError(
            "weights",
            weights,
            "type",
            expected="a mapping of criterion to weight",
            message=f"weights must map each criterion to a weight, got {weights!r}",
        )
    missing = [c for c in criteria if c not in weights]
    if missing:
        raise InputError(
            f"weights[{missing[0]!r}]",
            None,
            "required",
            message=f"weights has no weight for criterion {missing[0]!r}; "
            f"criteria are {list(criteria)}",
        )
    extra = [c for c in weights if c not in criteria]
    if extra:
        raise InputError(
            "weights",
            extra[0],
            "known",
            suggestion=f" (criteria: {list(criteria)})",
            message=f"weights names criterion {extra[0]!r}, which ratings does not "
            f"have; criteria are {list(criteria)}",
        )
    w = pd.Series({c: v.non_negative(f"weights[{c!r}]", weights[c]) for c in criteria})
    total = float(w.sum())
    if total == 0:
        raise InputError(
            "weights",
            dict(w),
            "total_positive",
            message=f"weights are all 0: at least one criterion must matter, got {dict(w)}",
        )
    return w / total


def weighted_scores(ratings: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Weighted sum model: each option's weighted contribution per criterion, total and rank.

    ``ratings`` has one row per option and one column per criterion, higher = better (rate
    cost as "affordability", not as dollars). ``weights`` may be points (30, 40, ...) or
    shares; they are rescaled to sum to 1, so the total is a weighted-average rating on the
    ratings' own scale. Equal totals share a rank.
    """
    r = _ratings(ratings)
    w = _weights(weights, list(r.columns))
    out = r.mul(w, axis="columns")
    out["total"] = out.sum(axis="columns")
    out["rank"] = out["total"].round(12).rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank"], kind="stable")


def _shifted_weights(w: pd.Series, criterion: str, share: float) -> pd.Series:
    """Give ``criterion`` the share ``share``; scale the others to fill the rest in proportion."""
    others = w.drop(criterion)
    rest = float(others.sum())
    if rest == 0:
        scaled = pd.Series(1 / len(others), index=others.index) if len(others) else others
    else:
        scaled = others / rest
    new = scaled * (1 - share)
    new[criterion] = share
    return new[w.index]


def weight_sensitivity(
    ratings: pd.DataFrame, weights: Mapping[str, float], criterion: str, *, steps: int = 21
) -> pd.DataFrame:
    """Each option's total as one criterion's weight share moves from 0 to 1.

    The other criteria keep their proportions to one another. Long format: ``share``,
    ``option``, ``total``; use it to show how robust the choice is to the weights.
    """
    r = _ratings(ratings)
    w = _weights(weights, list(r.columns))
    if criterion not in w.index:
        raise InputError(
            "criterion",
            criterion,
            "choice",
            choices=list(w.index),
            message=f"criterion {criterion!r} is not one of the criteria {list(w.index)}",
        )
    n = v.integer("steps", steps, minimum=2)
    rows = []
    for share in np.linspace(0.0, 1.0, n):
        totals = r.mul(_shifted_weights(w, criterion, float(share)), axis="columns").sum(
            axis="columns"
        )
        rows += [
            {"share": float(share), "option": opt, "total": float(t)} for opt, t in totals.items()
        ]
    return pd.DataFrame(rows)


def weight_switch_points(
    ratings: pd.DataFrame, weights: Mapping[str, float], criterion: str
) -> pd.DataFrame:
    """Exact weight shares of ``criterion`` at which the top-ranked option changes.

    Each option's total is a straight line in the share (others rescaled in proportion), so
    the leader changes only where two lines cross. Columns: ``share``, ``from``, ``to``.
    """
    r = _ratings(ratings)
    w = _weights(weights, list(r.columns))
    if criterion not in w.index:
        raise InputError(
            "criterion",
            criterion,
            "choice",
            choices=list(w.index),
            message=f"criterion {criterion!r} is not one of the criteria {list(w.index)}",
        )
    at0 = r.mul(_shifted_weights(w, criterion, 0.0), axis="columns").sum(axis="columns")
    at1 = r[criterion]
    slope = at1 - at0
    cuts = {0.0, 1.0}
    opts = list(r.index)
    for i, a in enumerate(opts):
        for b in opts[i + 1 :]:
            ds = slope[a] - slope[b]
            if ds != 0:
                s = (at0[b] - at0[a]) / ds
                if 0 < s < 1:
                    cuts.add(float(s))

    def leader(share: float) -> Any:
        return (at0 + slope * share).idxmax()

    rows = []
    leaders = [(lo, leader((lo + hi) / 2)) for lo, hi in pairwise(sorted(cuts))]
    for (_, before), (share, after) in pairwise(leaders):
        if after != before:
            rows.append({"share": share, "from": before, "to": after})
    return pd.DataFrame(rows, columns=["share", "from", "to"])


# --- nominal group technique -------------------------------------------------------------


def nominal_group_tally(
    ballots: Mapping[str, Sequence[str]], *, points: int | None = None
) -> pd.DataFrame:
    """Tally a nominal group technique vote: ranked ballots to a group priority list.

    Each member lists their top items best first; the first gets ``points`` points, the
    next one fewer, and so on (Delbecq's usual form is a top 5 scored 5-4-3-2-1).
    ``points`` defaults to the longest ballot. Returns one row per item with ``points``
    (sum), ``votes`` (ballots naming it), ``first_choices`` and ``rank`` (ties broken by
    votes, then shared).
    """
    if not isinstance(ballots, Mapping) or not ballots:
        raise InputError(
            "ballots",
            ballots,
            "type",
            expected="a mapping of member to a ranked list of items",
            message=f"ballots must map each member to a ranked list of items, got {ballots!r}",
        )
    clean: dict[str, list[str]] = {}
    for member, ranked in ballots.items():
        if isinstance(ranked, str) or not isinstance(ranked, Sequence):
            raise InputError(
                f"ballots[{member!r}]", ranked, "type", expected="a list of items best first"
            )
        items = [str(i).strip() for i in ranked]
        if not items:
            raise InputError(
                f"ballots[{member!r}]",
                [],
                "min_length",
                minimum=1,
                message=f"ballots[{member!r}] is empty: each member ranks at least one item",
            )
        seen: set[str] = set()
        for item in items:
            if not item:
                raise InputError(
                    f"ballots[{member!r}]",
                    list(ranked),
                    "required",
                    message=f"ballots[{member!r}] has a blank item: {list(ranked)!r}",
                )
            if item in seen:
                raise InputError(
                    f"ballots[{member!r}]",
                    item,
                    "unique",
                    message=f"ballots[{member!r}] ranks {item!r} twice",
                )
            seen.add(item)
        clean[str(member)] = items
    longest = max(len(b) for b in clean.values())
    top = longest if points is None else v.integer("points", points, minimum=1)
    for member, items in clean.items():
        if len(items) > top:
            raise InputError(
                f"ballots[{member!r}]",
                len(items),
                "at_most",
                maximum=top,
                message=f"ballots[{member!r}] ranks {len(items)} items but points is {top}",
            )
    rows = [
        {"item": item, "score": top - pos, "first": pos == 0}
        for items in clean.values()
        for pos, item in enumerate(items)
    ]
    long = pd.DataFrame(rows)
    out = long.groupby("item", sort=False).agg(
        points=("score", "sum"), votes=("score", "size"), first_choices=("first", "sum")
    )
    out = out.astype(int).sort_values(["points", "votes"], ascending=False, kind="stable")
    key = list(zip(out["points"], out["votes"], strict=True))
    out["rank"] = [1 + sum(k > this for k in key) for this in key]
    return out.reset_index()


# --- scenario planning: decisions without probabilities ---------------------------------


def _payoffs(payoffs: Any) -> pd.DataFrame:
    """Check a payoff table: strategies as rows, scenarios as columns."""
    try:
        return _ratings(payoffs)
    except InputError as exc:
        raise exc.replace(
            field=exc.field.replace("ratings", "payoffs"),
            message=str(exc).replace("ratings", "payoffs"),
        ) from None


def regret_table(payoffs: pd.DataFrame) -> pd.DataFrame:
    """Regret (opportunity loss): in each scenario, the best payoff minus this strategy's payoff."""
    p = _payoffs(payoffs)
    return p.max(axis="index") - p


@dataclass(frozen=True)
class ScenarioChoice:
    """Each strategy's worst, best, largest regret (and expected value), and who each rule picks."""

    table: pd.DataFrame
    maximax: tuple[str, ...]
    maximin: tuple[str, ...]
    minimax_regret: tuple[str, ...]
    expected_value: tuple[str, ...] | None


def _best(series: pd.Series, *, largest: bool) -> tuple[str, ...]:
    target = series.max() if largest else series.min()
    return tuple(str(i) for i in series.index[np.isclose(series, target, rtol=0, atol=1e-12)])


def _probabilities(probabilities: Any, scenarios: list[str]) -> pd.Series:
    """Check scenario probabilities: one per scenario, each in [0, 1], adding up to 1."""
    if not isinstance(probabilities, Mapping | pd.Series):
        raise InputError(
            "probabilities",
            probabilities,
            "type",
            expected="a mapping of scenario to probability",
            message=f"probabilities must map each scenario to a probability, got {probabilities!r}",
        )
    missing = [s for s in scenarios if s not in probabilities]
    if missing:
        raise InputError(
            f"probabilities[{missing[0]!r}]",
            None,
            "required",
            message=f"probabilities has no value for scenario {missing[0]!r}; "
            f"scenarios are {scenarios}",
        )
    extra = [s for s in probabilities if s not in scenarios]
    if extra:
        raise InputError(
            "probabilities",
            extra[0],
            "known",
            suggestion="",
            message=f"probabilities names scenario {extra[0]!r}, which payoffs does not have",
        )
    probs = pd.Series(
        {s: v.probability(f"probabilities[{s!r}]", probabilities[s]) for s in scenarios}
    )
    if not np.isclose(probs.sum(), 1.0, atol=1e-9):
        raise InputError(
            "probabilities",
            dict(probs),
            "total",
            total=1,
            message=f"probabilities must add up to 1, got {dict(probs)} (sum {probs.sum():g})",
        )
    return probs


def decision_criteria(
    payoffs: pd.DataFrame, probabilities: Mapping[str, float] | None = None
) -> ScenarioChoice:
    """Compare strategies across scenarios: maximax (optimist), maximin (cautious), minimax
    regret and, when scenario probabilities are given, expected value. Ties are all returned."""
    p = _payoffs(payoffs)
    table = pd.DataFrame(
        {
            "best": p.max(axis="columns"),
            "worst": p.min(axis="columns"),
            "max_regret": regret_table(p).max(axis="columns"),
        }
    )
    ev_pick = None
    if probabilities is not None:
        probs = _probabilities(probabilities, list(p.columns))
        table["expected"] = p.mul(probs, axis="columns").sum(axis="columns")
        ev_pick = _best(table["expected"], largest=True)
    return ScenarioChoice(
        table=table,
        maximax=_best(table["best"], largest=True),
        maximin=_best(table["worst"], largest=True),
        minimax_regret=_best(table["max_regret"], largest=False),
        expected_value=ev_pick,
    )


# --- alert burden of a screening tool -----------------------------------------------------


def alert_burden(
    sensitivity: float, specificity: float, prevalence: float, patients: float
) -> dict[str, float]:
    """Expected true and false alerts (and misses) when a tool screens ``patients`` people.

    The operational view of sensitivity and specificity: how many alerts a unit will get,
    how many are real, and how many alerts staff must work up per true case (1 / PPV).
    """
    sens = v.probability("sensitivity", sensitivity)
    spec = v.probability("specificity", specificity)
    prev = v.probability("prevalence", prevalence)
    n = v.non_negative("patients", patients)
    cases = n * prev
    true_alerts = cases * sens
    false_alerts = (n - cases) * (1 - spec)
    alerts = true_alerts + false_alerts
    return {
        "patients": n,
        "cases": cases,
        "alerts": alerts,
        "true_alerts": true_alerts,
        "false_alerts": false_alerts,
        "missed_cases": cases - true_alerts,
        "alerts_per_true_case": alerts / true_alerts if true_alerts > 0 else float("inf"),
    }


# --- just culture ------------------------------------------------------------------------

#: The decision path, as data. Each question is answered yes or no; an answer leads to the
#: next question or to an outcome. Order follows Reason's culpability tree (deliberate harm
#: and impairment first, then knowing disregard of risk, then choice, then substitution).
JUST_CULTURE_QUESTIONS: dict[str, dict[str, str]] = {
    "intended_harm": {
        "question": "Did the person intend the harm, or work while impaired (alcohol, drugs) "
        "with no medical explanation?",
        "yes": "refer",
        "no": "knew_and_disregarded",
    },
    "knew_and_disregarded": {
        "question": "Did the person see a substantial, unjustifiable risk and consciously "
        "choose to take it anyway?",
        "yes": "reckless",
        "no": "chose_the_behaviour",
    },
    "chose_the_behaviour": {
        "question": "Did the person make a behavioural choice (a shortcut, workaround or "
        "drift from procedure) whose risk they did not see or believed was justified?",
        "yes": "peers_would_do_same",
        "no": "human_error",
    },
    "peers_would_do_same": {
        "question": "Substitution test: would most peers with the same training, in the same "
        "situation, have made the same choice?",
        "yes": "at_risk_norm",
        "no": "at_risk",
    },
}
JUST_CULTURE_START = "intended_harm"

#: The outcomes: the behaviour, the manager's response and what to do about the system.
JUST_CULTURE_OUTCOMES: dict[str, dict[str, str]] = {
    "human_error": {
        "behaviour": "Human error",
        "response": "Console",
        "action": "Support the person; redesign the process, equipment or environment that made "
        "the slip, lapse or mistake likely.",
    },
    "at_risk": {
        "behaviour": "At-risk behaviour",
        "response": "Coach",
        "action": "Coach the person to see the risk and why the safe way matters; remove the "
        "incentive for the shortcut.",
    },
    "at_risk_norm": {
        "behaviour": "At-risk behaviour (a local norm)",
        "response": "Coach",
        "action": "Coach the whole group, not only this person; the shortcut is the norm, so fix "
        "the system that rewards it (time pressure, broken equipment, unworkable policy).",
    },
    "reckless": {
        "behaviour": "Reckless behaviour",
        "response": "Sanction",
        "action": "Remedial or disciplinary action under policy, whatever the outcome; still ask "
        "what let the risk-taking go unchecked.",
    },
    "refer": {
        "behaviour": "Intentional harm or impairment",
        "response": "Refer",
        "action": "Outside the just-culture behaviours: refer to fitness-for-duty, human "
        "resources or legal processes.",
    },
}


@dataclass(frozen=True)
class JustCultureResult:
    """Where one event's answers lead: the behaviour, the response, the action and the path."""

    outcome: str
    behaviour: str
    response: str
    action: str
    path: tuple[tuple[str, bool], ...]

    def path_text(self) -> str:
        """The path as 'question id: yes -> ...' for a table cell."""
        return " → ".join(f"{q}: {'yes' if a else 'no'}" for q, a in self.path)


def _answer(answers: Mapping[str, Any], qid: str) -> bool:
    if qid not in answers:
        raise InputError(
            f"answers[{qid!r}]",
            None,
            "required",
            message=f"answers has no answer for {qid!r} "
            f"({JUST_CULTURE_QUESTIONS[qid]['question']}); answered: {sorted(answers)}",
        )
    value = answers[qid]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"yes", "no"}:
        return value.strip().lower() == "yes"
    raise InputError(
        f"answers[{qid!r}]",
        value,
        "choice",
        choices=["yes", "no"],
        message=f"answers[{qid!r}] must be yes/no (True/False), got {v.show(value)}",
    )


def classify_behaviour(answers: Mapping[str, Any]) -> JustCultureResult:
    """Walk the just-culture decision path with yes/no answers keyed by question id.

    Only the questions on the path need answers; the first one missing raises ValueError
    naming it. Returns the behaviour (human error, at-risk, reckless) and the response
    (console, coach, sanction), or a referral for intentional harm or impairment.
    """
    if not isinstance(answers, Mapping):
        raise InputError(
            "answers",
            answers,
            "type",
            expected="a mapping of question id to yes/no",
            message=f"answers must map question ids to yes/no, got {answers!r}",
        )
    node = JUST_CULTURE_START
    path: list[tuple[str, bool]] = []
    while node in JUST_CULTURE_QUESTIONS:
        yes = _answer(answers, node)
        path.append((node, yes))
        node = JUST_CULTURE_QUESTIONS[node]["yes" if yes else "no"]
    out = JUST_CULTURE_OUTCOMES[node]
    return JustCultureResult(node, out["behaviour"], out["response"], out["action"], tuple(path))


def classify_cases(cases: pd.DataFrame) -> pd.DataFrame:
    """Classify a table of events (one row each, a ``case`` column plus answer columns)."""
    if not isinstance(cases, pd.DataFrame) or "case" not in cases.columns:
        raise InputError(
            "cases",
            type(cases).__name__,
            "type",
            expected="a DataFrame with a 'case' column",
            message="cases must be a DataFrame with a 'case' column and one column per question id",
        )
    rows = []
    for _, row in cases.iterrows():
        answers = {k: row[k] for k in JUST_CULTURE_QUESTIONS if k in row and pd.notna(row[k])}
        try:
            result = classify_behaviour(answers)
        except InputError as exc:
            raise exc.replace(
                field=f"case {row['case']!r}: {exc.field}", message=f"case {row['case']!r}: {exc}"
            ) from None
        rows.append(
            {
                "case": row["case"],
                "behaviour": result.behaviour,
                "response": result.response,
                "path": result.path_text(),
                "action": result.action,
            }
        )
    return pd.DataFrame(rows)
