"""Answer-key facts of the later Clinical Services Operations Skillsets assignments."""

from __future__ import annotations

from careops.grading.answers import facts_for, word

# skillsets-2's scenario, as its notebook's setup cell states it (set by the assignment)
_BALLOTS = {
    "Anesthesiologist": [
        "Pre-op call the day before",
        "Patient ready by 7:00",
        "Start-time dashboard",
    ],
    "Surgeon": ["Start-time dashboard", "Surgeon on site by 7:15", "Patient ready by 7:00"],
    "OR charge nurse": [
        "Patient ready by 7:00",
        "Pre-op call the day before",
        "Case cart checked the night before",
    ],
    "Pre-op nurse": [
        "Pre-op call the day before",
        "Patient ready by 7:00",
        "Consent signed in clinic",
    ],
    "Sterile processing lead": [
        "Case cart checked the night before",
        "Start-time dashboard",
        "Pre-op call the day before",
    ],
    "Patient advisor": [
        "Consent signed in clinic",
        "Pre-op call the day before",
        "Patient ready by 7:00",
    ],
}
_RATINGS = {
    "Fewer delays": [5, 3, 4],
    "Affordability": [2, 5, 3],
    "Staff support": [3, 4, 2],
    "Ease of start": [2, 4, 5],
}
_OPTIONS = ["Dedicated pre-op team", "Pre-op call the day before", "Start-time dashboard"]
_WEIGHTS = {"Fewer delays": 40, "Affordability": 25, "Staff support": 20, "Ease of start": 15}
_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@facts_for("skillsets-2")
def _skillsets_2() -> dict[str, str]:
    """The nominal group tally (3 points) and the matrix's ranks and switch point."""
    import pandas as pd

    from careops.decisions import nominal_group_tally, weight_switch_points, weighted_scores

    tally = nominal_group_tally(_BALLOTS, points=3).set_index("item")
    dashboard = "Start-time dashboard"
    ratings = pd.DataFrame(_RATINGS, index=_OPTIONS)
    scores = weighted_scores(ratings, _WEIGHTS)
    switches = weight_switch_points(ratings, _WEIGHTS, "Fewer delays")
    return {
        "n_ideas": word(len(tally)),
        "top_idea": str(tally.index[0]),
        "top_points": str(int(tally["points"].iloc[0])),
        "dashboard_rank": _ORDINAL[int(tally.loc[dashboard, "rank"]) - 1],
        "dashboard_points": str(int(tally.loc[dashboard, "points"])),
        "matrix_top": str(scores.index[0]),
        "matrix_dashboard_rank": _ORDINAL[int(scores.loc[dashboard, "rank"]) - 1],
        "switch_delays": f"{float(switches['share'].iloc[0]):.2f}",
    }
