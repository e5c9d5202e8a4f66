"""Answer-key facts of the capstone milestone assignments (capstone-2 to capstone-4)."""

from __future__ import annotations

from careops.grading.answers import facts_for, pct


@facts_for("capstone-2")
def _topic_problem() -> dict[str, str]:
    """Whole-year baseline of admitted patients' ED length of stay (the W1 worked example)."""
    from careops import data

    visits = data.load("ed_visits")
    days = int(visits["arrival"].dt.normalize().nunique())
    hours = visits.loc[visits["disposition"] == "admitted", "los_min"].astype(float) / 60
    return {
        "median_los_h": f"{float(hours.median()):.1f}",
        "share_over_4": pct(float((hours > 4).mean())),
        "excess_4": f"{float((hours - 4).clip(lower=0).sum()) / days:.1f}",
    }
