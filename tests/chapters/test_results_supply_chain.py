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
