"""The numbers, tables and charts of the supply chain chapter (book/supply-chain).

One function per notebook returns its :class:`~careops.chapters.Results`; ``*_chart`` draws a
figure from those results and :func:`show` formats a table as the page prints it.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from careops import data, supply
from careops.chapters import Results
from careops.chapters._tables import inputs_table, styled
from careops.charts import basic as charts

__all__ = [
    "abc_chart",
    "budget_and_kpis",
    "case_inventory_cut",
    "case_lead_time_contract",
    "inventory_basics",
    "inventory_cut_chart",
    "order_cost_chart",
    "shortage_scenarios",
    "show",
    "stock_on_hand_chart",
]

ITEM = "SUP-004"  # the item both pages follow (N95 respirators)
_FORMATS: dict[str, dict[str, Any]] = {
    "scenarios": {"formatter": {"Fill rate (%)": "{:.1f}", "Average stock ($)": "{:,.0f}"}},
    "by_class": {
        "formatter": {
            "Average stock on hand ($)": "{:,.0f}",
            "Share of spend (%)": "{:.1f}",
            "Share of stock value (%)": "{:.1f}",
        }
    },
    "high_cost": {"formatter": {"Unit cost ($)": "{:.2f}", "Spend in the year ($)": "{:,.0f}"}},
    "terms": {
        "formatter": {
            "Unit price ($)": "{:.2f}",
            "Safety stock (units)": "{:,.0f}",
            "Reorder point (units)": "{:,.0f}",
        }
    },
}


def show(r: Results, name: str) -> Styler:
    """Table ``name`` of ``r`` formatted as its page prints it (no index)."""
    return styled(r.tables[name], _FORMATS.get(name, {}))


def _items(usage: pd.DataFrame) -> pd.DataFrame:
    """One row per supply item: its policy, a year's use and daily demand, and annual value."""
    items = usage.groupby("item_id", observed=True).agg(
        item=("item_description", "first"),
        unit_cost=("unit_cost", "first"),
        lead_time=("lead_time_days", "first"),
        reorder_point=("reorder_point", "first"),
        order_quantity=("order_quantity", "first"),
        annual_units=("demand_units", "sum"),
        daily_mean=("demand_units", "mean"),
        daily_sd=("demand_units", "std"),
    )
    items["annual_value"] = items["annual_units"] * items["unit_cost"]
    return items


def inventory_basics(
    *, order_cost: float = 40.0, holding_rate: float = 0.25, service_level: float = 0.95
) -> Results:
    """ABC classes of the supply list, and the EOQ and reorder point of one item.

    Inputs: the cost of a purchase order ($), the yearly holding cost as a fraction of unit cost
    and the chance of not running out during a replenishment cycle.
    """
    items = _items(data.load("supply_usage"))
    abc = supply.abc_classes(items.set_index("item")["annual_value"])
    share_a = abc.loc[abc["class"] == "A"]

    it = items.loc[ITEM]
    q_star = supply.eoq(order_cost, holding_rate * it["unit_cost"], it["annual_units"])
    rop = supply.reorder_point(it["daily_mean"], it["lead_time"], it["daily_sd"], service_level)
    quantities = pd.DataFrame({"order_quantity": range(200, 8001, 200)})
    holding = holding_rate * float(it["unit_cost"])
    quantities["Ordering cost"] = it["annual_units"] / quantities["order_quantity"] * order_cost
    quantities["Holding cost"] = quantities["order_quantity"] / 2 * holding
    quantities["Total"] = quantities["Ordering cost"] + quantities["Holding cost"]
    values = {
        "abc_n_a": len(share_a),
        "abc_n": len(abc),
        "abc_share_a": float(share_a["share"].sum()) * 100,
        "abc_total": float(abc["value"].sum()) / 1e3,
        "inv_item": it["item"],
        "inv_cost": float(it["unit_cost"]),
        "inv_annual": float(it["annual_units"]),
        "inv_q": q_star,
        "inv_orders": float(it["annual_units"] / q_star),
        "inv_lead": int(it["lead_time"]),
        "inv_daily": float(it["daily_mean"]),
        "inv_sd": float(it["daily_sd"]),
        "inv_ltd": rop.lead_time_demand,
        "inv_ss": rop.safety_stock,
        "inv_rop": rop.reorder_point,
        "inv_sl": service_level * 100,
        "inv_current_rop": int(it["reorder_point"]),
        "inv_current_q": int(it["order_quantity"]),
    }
    inputs = inputs_table(
        [
            ("Cost per purchase order ($)", f"{order_cost:,.2f}"),
            ("Holding cost per year, as a fraction of unit cost", f"{holding_rate:g}"),
            ("Chance of not running out during a replenishment cycle", f"{service_level:g}"),
        ]
    )
    return Results(
        values=values,
        tables={"inputs": inputs},
        frames={
            "abc": abc.assign(value_k=abc["value"] / 1e3),
            "costs": quantities.melt("order_quantity", var_name="cost", value_name="dollars"),
        },
    )


def abc_chart(r: Results) -> alt.Chart:
    """Annual spend by supply item, coloured by ABC class (inventory basics)."""
    return charts.bar_chart(
        r.frames["abc"],
        category="item",
        value="value_k",
        color="class",
        color_title="ABC class",
        title="Annual spend by supply item, with ABC class",
        description="Horizontal bar chart of the annual value of 20 supply items, largest first, "
        "colored by ABC class: a few A items account for most of the spend.",
        category_title="Supply item",
        value_title="Annual value ($ thousands)",
    )


def order_cost_chart(r: Results) -> alt.Chart:
    """Annual ordering, holding and total cost by order size for the item (inventory basics)."""
    return charts.line_chart(
        r.frames["costs"],
        x="order_quantity",
        y="dollars",
        color="cost",
        color_title="Annual cost",
        title=f"{r['inv_item']}: annual ordering and holding cost by order size",
        description="Line chart: ordering cost falls and holding cost rises as the order "
        "quantity grows; their total is lowest, and flat, around the economic order quantity.",
        x_title="Units per order",
        y_title="Cost per year ($)",
    )


def _replay(
    demand: np.ndarray, reorder_at: np.ndarray, order_size: int, lead: np.ndarray
) -> pd.DataFrame:
    """Day-by-day (s, Q) inventory replay: stock, unmet demand and stock-outs for each day.

    ``reorder_at`` and ``lead`` give each day's reorder point and the lead time of an order
    placed that day, so a scenario can change them for part of the year.
    """
    n = len(demand)
    arrivals = np.zeros(n + int(lead.max()) + 1, dtype=int)
    on_hand, on_order = int(reorder_at[0]) + order_size // 2, 0
    rows = []
    for t in range(n):
        on_hand += arrivals[t]
        on_order -= arrivals[t]
        issued = min(int(demand[t]), on_hand)
        on_hand -= issued
        while on_hand + on_order <= reorder_at[t]:
            arrivals[t + int(lead[t])] += order_size
            on_order += order_size
        rows.append((on_hand, int(demand[t]) - issued))
    return pd.DataFrame(rows, columns=["on_hand", "unmet"])


def shortage_scenarios(
    *,
    disruption: tuple[str, str] = ("2025-06-01", "2025-08-31"),
    disrupted_lead: int = 30,
    outbreak_factor: float = 1.5,
    service_level: float = 0.95,
) -> Results:
    """Replay the N95 reorder policy through a slow supplier, an outbreak and the response.

    Inputs: the first and last day of the disruption, its lead time in days, the demand
    multiplier during the outbreak and the target chance of not running out in a cycle.
    """
    usage = data.load("supply_usage")
    item = usage[usage["item_id"] == ITEM].sort_values("date").reset_index(drop=True)
    demand = item["demand_units"].to_numpy().astype(int)
    dates = item["date"]
    unit_cost = float(item["unit_cost"].iloc[0])
    reorder_at = int(item["reorder_point"].iloc[0])
    order_size = int(item["order_quantity"].iloc[0])
    lead = int(item["lead_time_days"].iloc[0])
    during = (dates >= disruption[0]) & (dates <= disruption[1])

    normal_lead = np.full(len(demand), lead)
    long_lead = np.where(during, disrupted_lead, lead)
    surge = np.where(during, np.round(demand * outbreak_factor), demand).astype(int)
    base_rop = np.full(len(demand), reorder_at)
    # the response: recompute the reorder point for the disrupted lead time and the surge demand
    window = surge[during.to_numpy()]
    response = supply.reorder_point(
        float(window.mean()), disrupted_lead, float(window.std()), service_level
    )
    new_rop = int(np.ceil(response.reorder_point))
    raised_rop = np.where(during, new_rop, reorder_at)
    # the warning comes a lead time ahead, so the higher reorder point starts early enough to act
    ahead = pd.Timestamp(disruption[0]) - pd.Timedelta(days=disrupted_lead)
    raised_rop[(dates >= ahead).to_numpy() & ~during.to_numpy()] = new_rop

    runs = {
        "1. Normal year": (demand, _replay(demand, base_rop, order_size, normal_lead)),
        "2. Slow supplier": (demand, _replay(demand, base_rop, order_size, long_lead)),
        "3. Slow supplier + outbreak": (surge, _replay(surge, base_rop, order_size, long_lead)),
        "4. Outbreak, reorder point raised in time": (
            surge,
            _replay(surge, raised_rop, order_size, long_lead),
        ),
    }
    summary = pd.DataFrame(
        [
            {
                "Scenario": name,
                "Days out of stock": int((run["on_hand"] == 0).sum()),
                "Units not available": int(run["unmet"].sum()),
                "Fill rate (%)": 100 * (1 - run["unmet"].sum() / asked.sum()),
                "Average stock ($)": float(run["on_hand"].mean()) * unit_cost,
            }
            for name, (asked, run) in runs.items()
        ]
    )
    stock = pd.concat(
        [
            pd.DataFrame({"date": dates, "scenario": name, "on_hand": run["on_hand"]})
            for name, (_, run) in runs.items()
            if not name.startswith("1")
        ]
    )
    s3, s4 = summary.iloc[2], summary.iloc[3]
    values = {
        "sh_lead": lead,
        "sh_long": disrupted_lead,
        "sh_factor": (outbreak_factor - 1) * 100,
        "sh_s3_days": int(s3["Days out of stock"]),
        "sh_s3_units": int(s3["Units not available"]),
        "sh_s3_fill": float(s3["Fill rate (%)"]),
        "sh_s4_days": int(s4["Days out of stock"]),
        "sh_s4_fill": float(s4["Fill rate (%)"]),
        "sh_rop_old": reorder_at,
        "sh_rop_new": new_rop,
        "sh_extra_stock": float(s4["Average stock ($)"] - summary.iloc[0]["Average stock ($)"]),
        "sh_s2_days": int(summary.iloc[1]["Days out of stock"]),
    }
    return Results(
        values=values,
        tables={"scenarios": summary},
        frames={"stock": stock, "demand": item.assign(surge=surge, disrupted=during)},
    )


def stock_on_hand_chart(r: Results) -> alt.Chart:
    """Daily respirators on hand under the three shortage scenarios."""
    return charts.line_chart(
        r.frames["stock"],
        x="date",
        x_type="T",
        y="on_hand",
        color="scenario",
        color_title="Scenario",
        title="N95 respirators on hand under three shortage scenarios",
        description="Daily stock on hand through 2025 for three scenarios; with a slow supplier "
        "and an outbreak, stock falls to zero repeatedly in the summer, while raising the reorder "
        "point ahead of the disruption keeps stock on the shelf through the summer.",
        x_title="Date",
        y_title="Respirators on hand (units)",
        width=600,
    )


def _policy(usage: pd.DataFrame) -> pd.DataFrame:
    """One row per item: the year's spend and use, average stock on hand and stock-out days."""
    items = _items(usage)
    stock = usage.groupby("item_id", observed=True).agg(
        on_hand=("on_hand_end", "mean"),
        stockout_days=("stockout", "sum"),
        unmet=("unmet_units", "sum"),
    )
    items = items.join(stock)
    items["stock_value"] = items["on_hand"] * items["unit_cost"]
    return items


def case_inventory_cut(
    *, cut: float = 0.20, service_now: float = 0.95, service_cut: float = 0.90
) -> Results:
    """Case: the CFO asks for a 20% cut in inventory; where the dollars and the stock-outs are.

    Inputs: the cut asked for (a fraction of average stock value), the service level the
    reorder points are set for today, and the lower one proposed to release safety stock.
    """
    items = _policy(data.load("supply_usage"))
    abc = supply.abc_classes(items.set_index("item")["annual_value"]).set_index("item")
    items = items.join(abc["class"], on="item")
    ss = pd.DataFrame(
        {
            level: [
                supply.reorder_point(
                    row.daily_mean, row.lead_time, row.daily_sd, level
                ).safety_stock
                * row.unit_cost
                for row in items.itertuples()
            ]
            for level in (service_now, service_cut)
        },
        index=items.index,
    )
    orders = items["annual_units"] / items["order_quantity"]
    by_class = (
        items.groupby("class")
        .agg(
            items=("item", "size"),
            spend=("annual_value", "sum"),
            stock=("stock_value", "sum"),
            stockout_days=("stockout_days", "sum"),
        )
        .reset_index()
    )
    spend, stock = float(items["annual_value"].sum()), float(items["stock_value"].sum())
    by_class["Share of spend (%)"] = 100 * by_class["spend"] / spend
    by_class["Share of stock value (%)"] = 100 * by_class["stock"] / stock
    table = by_class.rename(
        columns={
            "class": "ABC class",
            "items": "Items",
            "stock": "Average stock on hand ($)",
            "stockout_days": "Stock-out days",
        }
    ).drop(columns="spend")
    c_row = by_class.set_index("class").loc["C"]
    released = float((ss[service_now] - ss[service_cut]).sum())
    values = {
        "ic_items": len(items),
        "ic_spend_k": spend / 1e3,
        "ic_stock_k": stock / 1e3,
        "ic_turns": spend / stock,
        "ic_days": 365 * stock / spend,
        "ic_cut_pct": cut * 100,
        "ic_cut_dollars": cut * stock,
        "ic_stockout_days": int(items["stockout_days"].sum()),
        "ic_stockout_items": int((items["stockout_days"] > 0).sum()),
        "ic_unmet": int(items["unmet"].sum()),
        "ic_c_items": int(c_row["items"]),
        "ic_c_spend_pct": float(c_row["Share of spend (%)"]),
        "ic_c_stock_pct": float(c_row["Share of stock value (%)"]),
        "ic_c_stockout_days": int(c_row["stockout_days"]),
        "ic_sl_now": service_now * 100,
        "ic_sl_cut": service_cut * 100,
        "ic_ss_now": float(ss[service_now].sum()),
        "ic_ss_released": released,
        "ic_ss_share_of_cut": 100 * released / (cut * stock),
        "ic_cycles": float(orders.sum()),
        "ic_risky_now": float(orders.sum() * (1 - service_now)),
        "ic_risky_cut": float(orders.sum() * (1 - service_cut)),
    }
    return Results(
        values=values,
        tables={"by_class": table},
        frames={"items": items.reset_index()},
    )


def inventory_cut_chart(r: Results) -> alt.Chart:
    """Average stock on hand ($) per item, coloured by ABC class (the inventory-cut case)."""
    return charts.bar_chart(
        r.frames["items"],
        category="item",
        value="stock_value",
        color="class",
        color_title="ABC class",
        title="Average value on the shelf, by supply item and ABC class",
        description="Horizontal bar chart of the average dollar value of stock on hand for 20 "
        "supply items, largest first, colored by ABC class: the cheap C items hold a larger "
        "share of the stock on the shelves than of the year's spend.",
        category_title="Supply item",
        value_title="Average stock on hand ($)",
    )


def case_lead_time_contract(
    *,
    item_id: str = "SUP-001",
    discount: float = 0.06,
    offered_lead: int = 21,
    holding_rate: float = 0.25,
    service_level: float = 0.95,
    slip_days: int = 14,
) -> Results:
    """Case: a lower price for a longer lead time on a high-spend item; what the stock costs.

    Inputs: the item, the price discount offered, the lead time that comes with it (days), the
    yearly holding cost as a fraction of unit cost, the target cycle service level, and a
    delay (days) the offered shipments could slip by in a disruption.
    """
    it = _items(data.load("supply_usage")).loc[item_id]
    now = supply.reorder_point(it["daily_mean"], it["lead_time"], it["daily_sd"], service_level)
    offer = supply.reorder_point(it["daily_mean"], offered_lead, it["daily_sd"], service_level)
    new_cost = float(it["unit_cost"]) * (1 - discount)
    savings = float(it["annual_units"]) * float(it["unit_cost"]) * discount
    # the extra stock the longer lead time needs: more safety stock, and a year's orders in
    # transit (pipeline stock, owned from shipment under many direct-import terms)
    extra_safety = offer.safety_stock - now.safety_stock
    pipeline = float(it["daily_mean"]) * (offered_lead - int(it["lead_time"]))
    holding = holding_rate * new_cost * (extra_safety + pipeline)
    table = pd.DataFrame(
        {
            "Terms": ["Current contract", "Offer"],
            "Unit price ($)": [float(it["unit_cost"]), new_cost],
            "Lead time (days)": [int(it["lead_time"]), offered_lead],
            "Safety stock (units)": [now.safety_stock, offer.safety_stock],
            "Reorder point (units)": [now.reorder_point, offer.reorder_point],
        }
    )
    values = {
        "lt_item": str(it["item"]),
        "lt_price": float(it["unit_cost"]),
        "lt_annual": float(it["annual_units"]),
        "lt_spend": float(it["annual_units"]) * float(it["unit_cost"]),
        "lt_discount": discount * 100,
        "lt_new_price": new_cost,
        "lt_lead_now": int(it["lead_time"]),
        "lt_lead_offer": offered_lead,
        "lt_savings": savings,
        "lt_ss_now": now.safety_stock,
        "lt_ss_offer": offer.safety_stock,
        "lt_rop_now": now.reorder_point,
        "lt_rop_offer": offer.reorder_point,
        "lt_pipeline": pipeline,
        "lt_holding": holding,
        "lt_net": savings - holding,
        "lt_sl": service_level * 100,
        "lt_slip": slip_days,
        "lt_slip_units": float(it["daily_mean"]) * slip_days,
        "lt_slip_vs_ss": float(it["daily_mean"]) * slip_days / offer.safety_stock,
        "lt_daily": float(it["daily_mean"]),
    }
    return Results(values=values, tables={"terms": table})


def budget_and_kpis(*, price_increase: float = 0.03, volume_change: float = 0.0) -> Results:
    """Next year's supply budget, the chain's KPIs and its high-cost items, from a year of use.

    Inputs: the expected price increase and change in volume (fractions), the two drivers a
    supply budget is built from (next year's spend = this year's units x (1 + volume change) x
    unit cost x (1 + price increase)).
    """
    usage = data.load("supply_usage")
    usage = usage.assign(
        spend=usage["issued_units"] * usage["unit_cost"],
        stock_value=usage["on_hand_end"] * usage["unit_cost"],
        month=usage["date"].dt.month,
    )
    items = _items(usage)
    spend = float(usage["spend"].sum())
    budget = spend * (1 + volume_change) * (1 + price_increase)
    monthly = usage.groupby("month")["spend"].sum()
    n_days = usage["date"].nunique()
    average_stock = float(usage.groupby("date")["stock_value"].sum().mean())
    by_cost = items.sort_values("unit_cost", ascending=False)
    top = by_cost.head(3)
    items_spend = usage.groupby("item_id", observed=True)["spend"].sum()
    high = pd.DataFrame(
        {
            "Item": top["item"],
            "Unit cost ($)": top["unit_cost"],
            "Spend in the year ($)": items_spend.loc[top.index],
        }
    ).reset_index(drop=True)
    values = {
        "bk_spend": spend / 1e3,
        "bk_budget": budget / 1e3,
        "bk_price": price_increase * 100,
        "bk_volume": volume_change * 100,
        "bk_month_min": float(monthly.min()) / 1e3,
        "bk_month_max": float(monthly.max()) / 1e3,
        "bk_fill_rate": float(usage["issued_units"].sum() / usage["demand_units"].sum()) * 100,
        "bk_stockout_days": int(usage["stockout"].sum()),
        "bk_item_days": len(usage),
        "bk_turns": spend / average_stock,
        "bk_days_on_hand": average_stock / (spend / n_days),
        "bk_average_stock": average_stock / 1e3,
        "bk_top_share": float(items_spend.loc[top.index].sum()) / spend * 100,
        "bk_top_item": str(top["item"].iloc[0]),
    }
    kpis = pd.DataFrame(
        {
            "KPI": ["Fill rate (%)", "Stock-out item-days", "Inventory turns", "Days on hand"],
            "Value": [
                f"{values['bk_fill_rate']:.2f}",
                f"{values['bk_stockout_days']:,} of {values['bk_item_days']:,}",
                f"{values['bk_turns']:.1f}",
                f"{values['bk_days_on_hand']:.1f}",
            ],
        }
    )
    frame = monthly.rename("spend_k").div(1e3).reset_index()
    return Results(
        values=values, tables={"high_cost": high, "kpis": kpis}, frames={"monthly": frame}
    )
