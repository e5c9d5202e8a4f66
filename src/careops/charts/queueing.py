"""Charts for the queueing exercises: service level and wait against the number of providers.

Every number drawn comes from careops.queueing. What changes with the inputs is in the data
(today's providers are a column, not part of an expression), so the published site can draw a
precomputed grid of these charts in one spec (careops.widgets.static).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from careops.charts.base import PALETTE, accessible

__all__ = ["staffing_curve"]


def staffing_curve(
    table: pd.DataFrame, *, target_level: float, target_wait: float, on_duty: int
) -> alt.HConcatChart:
    """Share seen within the target wait, and the average wait, for each number of providers.

    ``table`` has columns providers, service_level (fraction) and average_wait (minutes).
    """
    table = table.assign(on_duty=table["providers"] == on_duty)
    base = alt.Chart(table).encode(
        x=alt.X("providers:O", title="Providers on duty (people)", axis=alt.Axis(labelAngle=0))
    )
    # a typed field encoding, not alt.condition: Altair re-validates a condition dict on every
    # build, which made this chart slow (a tenth of a second) in the kernel and for the site grid
    colour = alt.Color(
        "on_duty:N", legend=None, scale=alt.Scale(domain=[False, True], range=PALETTE[:2])
    )
    level = base.mark_bar().encode(
        y=alt.Y(
            "service_level:Q",
            title=f"Seen within {target_wait:g} min (% of patients)",
            axis=alt.Axis(format=".0%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=colour,
        tooltip=[
            alt.Tooltip("providers:O"),
            alt.Tooltip("service_level:Q", format=".1%", title="Service level"),
        ],
    )
    goal = (
        alt.Chart(pd.DataFrame({"y": [target_level]}))
        .mark_rule(color=PALETTE[3], strokeDash=[6, 3])
        .encode(y=alt.Y("y:Q"))
    )
    wait = base.mark_bar().encode(
        y=alt.Y("average_wait:Q", title="Average wait to see a provider (min)"),
        color=colour,
        tooltip=[
            alt.Tooltip("providers:O"),
            alt.Tooltip("average_wait:Q", format=".1f", title="Average wait (min)"),
        ],
    )
    left = alt.layer(level, goal).properties(width=250, height=220, title="Service level")
    right = wait.properties(width=250, height=220, title="Average wait")
    return accessible(
        alt.hconcat(left, right),
        title="What each extra provider buys",
        description=(
            "Two bar charts against the number of providers: the share of patients seen within "
            f"{target_wait:g} minutes, with the {target_level:.0%} goal dashed, and the average "
            f"wait in minutes; today's {on_duty} providers are highlighted."
        ),
    )
