"""Answer-key facts of the later Seminar Series assignments."""

from __future__ import annotations

from careops.grading.answers import facts_for, pct

# seminar-2's synthetic ratings, as its notebook's setup cell states them (set by the assignment)
_COLUMNS = ["presenter", "milestone", "peer_a", "peer_b", "director"]
_RATINGS = [
    ("P01", "Evidence review", "Needs attention", "On track", "Needs attention"),
    ("P01", "Current-state analysis", "Needs attention", "Needs attention", "Needs attention"),
    ("P01", "Intervention design", "On track", "Needs attention", "On track"),
    ("P02", "Evidence review", "On track", "Needs attention", "On track"),
    ("P02", "Current-state analysis", "Needs attention", "On track", "Needs attention"),
    ("P02", "Intervention design", "At risk", "At risk", "Needs attention"),
    ("P03", "Evidence review", "At risk", "Needs attention", "Needs attention"),
    ("P03", "Current-state analysis", "Needs attention", "Needs attention", "Needs attention"),
    ("P03", "Intervention design", "Needs attention", "Needs attention", "Needs attention"),
    ("P04", "Evidence review", "At risk", "Needs attention", "Needs attention"),
    ("P04", "Current-state analysis", "Needs attention", "On track", "On track"),
    ("P04", "Intervention design", "On track", "On track", "On track"),
    ("P05", "Evidence review", "Needs attention", "On track", "On track"),
    ("P05", "Current-state analysis", "On track", "On track", "On track"),
    ("P05", "Intervention design", "On track", "On track", "On track"),
    ("P06", "Evidence review", "On track", "On track", "On track"),
    ("P06", "Current-state analysis", "Needs attention", "Needs attention", "Needs attention"),
    ("P06", "Intervention design", "Needs attention", "Needs attention", "Needs attention"),
    ("P07", "Evidence review", "Needs attention", "Needs attention", "Needs attention"),
    ("P07", "Current-state analysis", "On track", "On track", "On track"),
    ("P07", "Intervention design", "On track", "On track", "Needs attention"),
    ("P08", "Evidence review", "At risk", "At risk", "At risk"),
    ("P08", "Current-state analysis", "At risk", "At risk", "At risk"),
    ("P08", "Intervention design", "Needs attention", "Needs attention", "At risk"),
    ("P09", "Evidence review", "On track", "On track", "Needs attention"),
    ("P09", "Current-state analysis", "Needs attention", "Needs attention", "On track"),
    ("P09", "Intervention design", "Needs attention", "Needs attention", "Needs attention"),
    ("P10", "Evidence review", "On track", "On track", "On track"),
    ("P10", "Current-state analysis", "On track", "Needs attention", "On track"),
    ("P10", "Intervention design", "Needs attention", "Needs attention", "On track"),
    ("P11", "Evidence review", "On track", "On track", "On track"),
    ("P11", "Current-state analysis", "Needs attention", "Needs attention", "Needs attention"),
    ("P11", "Intervention design", "At risk", "On track", "Needs attention"),
    ("P12", "Evidence review", "On track", "Needs attention", "On track"),
    ("P12", "Current-state analysis", "Needs attention", "Needs attention", "Needs attention"),
    ("P12", "Intervention design", "On track", "On track", "On track"),
]
_LEVELS = ["On track", "Needs attention", "At risk"]
# Landis & Koch (1977), doi:10.2307/2529310: the usual reading of a kappa value
_BANDS = ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial"))


def _kappa_reading(kappa: float) -> str:
    """Landis and Koch's word for a kappa value."""
    for upper, label in _BANDS:
        if kappa <= upper:
            return label
    return "almost perfect"


@facts_for("seminar-2")
def _seminar_2() -> dict[str, str]:
    """The two peer reviewers' agreement on all ratings and where they disagree most."""
    import pandas as pd

    from careops.stats import rater_agreement

    ratings = pd.DataFrame(_RATINGS, columns=_COLUMNS)
    result = rater_agreement(ratings["peer_a"], ratings["peer_b"], categories=_LEVELS)
    differ = (ratings["peer_a"] != ratings["peer_b"]).astype(float)
    by_milestone = differ.groupby(ratings["milestone"]).mean()
    return {
        "peer_observed": pct(result.observed_agreement),
        "peer_kappa": f"{result.kappa:.2f}",
        "peer_chance": pct(result.chance_agreement),
        "peer_kappa_reading": _kappa_reading(result.kappa),
        "peer_worst_milestone": str(by_milestone.idxmax()),
        "peer_worst_share": pct(float(by_milestone.max())),
    }
