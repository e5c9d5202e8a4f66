"""Answer-key facts of the later Creating a Learning Organization assignments."""

from __future__ import annotations

from careops.grading.answers import facts_for, pct, word


@facts_for("learning-org-2")
def _learning_org_2() -> dict[str, str]:
    """July's length-of-stay difference (all stays) and the weekly long-stay p chart."""
    from careops import data
    from careops.spc import p_chart
    from careops.stats import mean_difference

    stays = data.load("inpatient_stays")
    los = stays["los_days"].astype(float)
    july = stays["admission_date"].dt.month == 7
    diff = mean_difference(los[july], los[~july])
    lo, hi = diff.difference_ci
    if lo > 0:
        reading = "July stays are longer, beyond what chance explains"
    elif hi < 0:
        reading = "July stays are shorter, beyond what chance explains"
    else:
        reading = "the data cannot tell a July effect from no effect"
    long = (stays["los_days"] > stays["drg_gmlos_days"]).astype(int)
    weekly = long.groupby(stays["admission_date"].dt.to_period("W")).agg(["sum", "size"])
    chart = p_chart(weekly["sum"], weekly["size"])
    beyond = int(chart["beyond_limits"].sum())
    return {
        "july_diff": f"{diff.difference:+.2f}",
        "july_lo": f"{lo:+.2f}",
        "july_hi": f"{hi:+.2f}",
        "july_reading": reading,
        "center": pct(float(chart["center"].iloc[0]), 1),
        "beyond": "no week"
        if beyond == 0
        else f"{word(beyond)} week" + ("s" if beyond > 1 else ""),
    }
