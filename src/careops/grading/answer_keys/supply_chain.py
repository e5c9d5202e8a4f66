"""Answer-key facts of the Supply Chain Management assignments after supply-chain-1."""

from __future__ import annotations

from careops.grading.answers import facts_for


@facts_for("supply-chain-2")
def _supply_chain_2() -> dict[str, str]:
    """The worked examples of Q1 (N95 shortage) and Q3 (the glove offer) on the full data."""
    from careops import data
    from careops.supply import reorder_point, shortage_projection

    usage = data.load("supply_usage")
    n95 = usage[usage["item_id"] == "SUP-004"].sort_values("date")

    def projection(conservation: float):  # Q1's worked example: deliveries halved, 6 weeks
        return shortage_projection(
            on_hand=float(n95["on_hand_end"].iloc[-1]),
            daily_demand=float(n95["demand_units"].mean()),
            daily_supply=float(n95["received_units"].mean()),
            supply_cut=0.5,
            duration=42,
            conservation=conservation,
        )

    plain, conserved = projection(0.0), projection(0.2)
    gloves = usage[usage["item_id"] == "SUP-001"]
    demand = gloves["demand_units"].astype(float)
    price, lead = float(gloves["unit_cost"].iloc[0]), float(gloves["lead_time_days"].iloc[0])
    extra = (
        reorder_point(demand.mean(), 21, demand.std(), 0.95).safety_stock
        - reorder_point(demand.mean(), lead, demand.std(), 0.95).safety_stock
    )
    net = demand.sum() * price * 0.06 - 0.25 * price * (1 - 0.06) * extra
    return {
        "n95_short": f"{plain.units_short:,.0f}",
        "n95_stockout_day": f"{plain.stock_out_day}",
        "n95_short_conserved": f"{conserved.units_short:,.0f}",
        "n95_stockout_day_conserved": f"{conserved.stock_out_day}",
        "gloves_net": f"${net:,.0f}",
    }
