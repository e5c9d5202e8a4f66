"""careops.chapters.supply_chain: each function returns what its notebook's prose quotes, and the
numbers obey the inventory identities, checked against the data and by hand."""

from __future__ import annotations

import math

import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, supply_chain


@pytest.fixture(scope="module")
def basics() -> Results:
    return supply_chain.inventory_basics()


@pytest.fixture(scope="module")
def shortage() -> Results:
    return supply_chain.shortage_scenarios()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("01-inventory-basics", "basics"), ("02-shortage-scenarios", "shortage")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/supply-chain/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_eoq_by_hand_sits_at_the_bottom_of_the_cost_curve(basics):
    # Q* = sqrt(2 D S / H), with S = $40 an order and H = 25% of the unit cost a year
    by_hand = math.sqrt(2 * basics["inv_annual"] * 40.0 / (0.25 * basics["inv_cost"]))
    assert basics["inv_q"] == pytest.approx(by_hand)
    costs = basics.frames["costs"]
    total = costs[costs["cost"] == "Total"]
    cheapest = total.loc[total["dollars"].idxmin(), "order_quantity"]
    assert abs(cheapest - by_hand) <= 200  # the curve is drawn every 200 units
    assert basics["inv_rop"] == pytest.approx(basics["inv_ltd"] + basics["inv_ss"])
    assert basics["inv_ltd"] == pytest.approx(basics["inv_daily"] * basics["inv_lead"])


def test_abc_total_is_the_year_of_spend(basics):
    usage = data.load("supply_usage")
    spend = (usage["demand_units"] * usage["unit_cost"]).sum()
    assert basics["abc_total"] == pytest.approx(spend / 1e3)
    assert 0 < basics["abc_n_a"] < basics["abc_n"] == usage["item_id"].nunique()


def test_shortage_fill_rate_counts_the_units_asked_for(shortage):
    table = shortage.tables["scenarios"]
    demand = shortage.frames["demand"]
    asked = demand["surge"].sum()
    assert shortage["sh_s3_fill"] == pytest.approx(100 * (1 - shortage["sh_s3_units"] / asked))
    assert table["Units not available"].iloc[0] <= table["Units not available"].iloc[2]
    assert shortage["sh_s4_days"] < shortage["sh_s3_days"]
    assert (shortage.frames["stock"]["on_hand"] >= 0).all()


def test_no_disruption_replays_the_normal_year():
    # a "disruption" with the usual lead time and no outbreak changes nothing
    lead = int(data.load("supply_usage").query("item_id == 'SUP-004'")["lead_time_days"].iloc[0])
    calm = supply_chain.shortage_scenarios(disrupted_lead=lead, outbreak_factor=1.0)
    rows = calm.tables["scenarios"].drop(columns="Scenario")
    assert rows.iloc[1].equals(rows.iloc[0])
    assert rows.iloc[2].equals(rows.iloc[0])
    assert calm["sh_factor"] == 0


@pytest.fixture(scope="module")
def inventory_cut() -> Results:
    return supply_chain.case_inventory_cut()


@pytest.fixture(scope="module")
def lead_time() -> Results:
    return supply_chain.case_lead_time_contract()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-inventory-cut", "inventory_cut"), ("case-lead-time-contract", "lead_time")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/supply-chain/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_inventory_cut_stock_and_stockouts_counted_from_the_data(inventory_cut):
    usage = data.load("supply_usage")
    on_hand = usage.groupby("item_id")["on_hand_end"].mean()
    cost = usage.groupby("item_id")["unit_cost"].first()
    stock = float((on_hand * cost).sum())
    assert inventory_cut["ic_stock_k"] == pytest.approx(stock / 1e3)
    assert inventory_cut["ic_cut_dollars"] == pytest.approx(0.2 * stock)
    assert inventory_cut["ic_stockout_days"] == int(usage["stockout"].sum())
    assert inventory_cut["ic_stockout_items"] == usage.loc[usage["stockout"], "item_id"].nunique()
    table = inventory_cut.tables["by_class"]
    assert table["Share of stock value (%)"].sum() == pytest.approx(100)
    assert table["Items"].sum() == 20


def test_inventory_cut_safety_stock_released_by_hand(inventory_cut):
    # safety stock = z sigma sqrt(L) per item; 95% -> 90% releases (z95 - z90) sigma sqrt(L) c
    usage = data.load("supply_usage")
    items = usage.groupby("item_id").agg(
        sd=("demand_units", "std"), lead=("lead_time_days", "first"), c=("unit_cost", "first")
    )
    z95, z90 = 1.6448536, 1.2815516
    base = (items["sd"] * items["lead"] ** 0.5 * items["c"]).sum()
    assert inventory_cut["ic_ss_now"] == pytest.approx(z95 * base, rel=1e-6)
    assert inventory_cut["ic_ss_released"] == pytest.approx((z95 - z90) * base, rel=1e-6)
    assert inventory_cut["ic_risky_cut"] == pytest.approx(2 * inventory_cut["ic_risky_now"])


def test_lead_time_offer_net_saving_by_hand(lead_time):
    usage = data.load("supply_usage")
    gloves = usage[usage["item_id"] == "SUP-001"]
    daily, sd = gloves["demand_units"].mean(), gloves["demand_units"].std()
    savings = gloves["demand_units"].sum() * 8.50 * 0.06
    extra_ss = 1.6448536 * sd * (21**0.5 - 5**0.5)
    holding = 0.25 * 8.50 * 0.94 * (extra_ss + daily * (21 - 5))
    assert lead_time["lt_savings"] == pytest.approx(savings)
    assert lead_time["lt_holding"] == pytest.approx(holding, rel=1e-6)
    assert lead_time["lt_net"] == pytest.approx(savings - holding, rel=1e-6)
    assert lead_time["lt_slip_units"] == pytest.approx(daily * 14)
    terms = lead_time.tables["terms"]
    assert terms["Reorder point (units)"].iloc[1] == pytest.approx(
        daily * 21 + 1.6448536 * sd * 21**0.5, rel=1e-6
    )


def test_budget_and_kpis_by_hand():
    # an independent count: spend = issued x cost; fill rate = issued / asked; turns = spend /
    # average daily stock value; the budget grows by volume and price, each applied once
    usage = data.load("supply_usage")
    spend = (usage["issued_units"] * usage["unit_cost"]).sum()
    stock = (usage["on_hand_end"] * usage["unit_cost"]).groupby(usage["date"]).sum().mean()
    r = supply_chain.budget_and_kpis(price_increase=0.05, volume_change=0.10)
    assert r["bk_spend"] * 1e3 == pytest.approx(spend)
    assert r["bk_budget"] * 1e3 == pytest.approx(spend * 1.10 * 1.05)
    assert r["bk_fill_rate"] == pytest.approx(
        100 * usage["issued_units"].sum() / usage["demand_units"].sum()
    )
    assert r["bk_stockout_days"] == int((usage["unmet_units"] > 0).sum())
    assert r["bk_turns"] == pytest.approx(spend / stock)
    assert r["bk_turns"] * r["bk_days_on_hand"] == pytest.approx(365)
    high = r.tables["high_cost"]
    assert list(high["Unit cost ($)"]) == sorted(usage["unit_cost"].unique(), reverse=True)[:3]
    assert r.frames["monthly"]["spend_k"].sum() == pytest.approx(r["bk_spend"])
