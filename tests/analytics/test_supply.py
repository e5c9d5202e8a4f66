"""careops.supply against published worked examples, invariants and bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careops import supply

# --- EOQ ---------------------------------------------------------------------------------


def test_eoq_matches_heizer_render_sharp_inc_example():
    # Heizer & Render, Operations Management, Ch. 12 Example 3 "Finding the optimal order
    # size at Sharp, Inc." (holooly.com Q.12.EX.3): D = 1,000 needles/year, S = $10 per
    # order, H = $0.50 per unit per year -> Q* = 200 units.
    assert supply.eoq(order_cost=10, holding_cost=0.50, annual_demand=1_000) == pytest.approx(200)


def test_eoq_matches_heizer_render_learning_exercise():
    # Same example, learning exercise: if D rises to 1,200 units, Q* = 219 units.
    assert round(supply.eoq(10, 0.50, 1_200)) == 219


def test_eoq_rejects_zero_holding_cost():
    with pytest.raises(ValueError, match="holding_cost must be greater than 0, got 0"):
        supply.eoq(10, 0, 1_000)


@settings(deadline=None)
@given(s=st.floats(0.01, 1e4), h=st.floats(0.01, 1e4), d=st.floats(1, 1e7))
def test_eoq_balances_ordering_and_holding_cost(s, h, d):
    q = supply.eoq(s, h, d)
    assert d / q * s == pytest.approx(q / 2 * h, rel=1e-9)


# --- reorder point -----------------------------------------------------------------------


def test_reorder_point_matches_thomas_bike_shop_problem():
    # Render, Stair & Hanna, Quantitative Analysis for Management, "Thomas' Bike Shop"
    # (worked solution at wizedu.com): mean demand 70 units/day, lead time 4 days, sd of
    # demand over the lead time 15, 95 % service level -> safety stock 1.65 x 15 = 24.75,
    # reorder point 280 + 24.75 (the solution rounds to 25 and 305). The exact z is
    # 1.6449, so we allow the table rounding of z.
    result = supply.reorder_point(demand_rate=70, lead_time=4, demand_sd=15 / 2, service_level=0.95)
    assert result.lead_time_demand == pytest.approx(280)
    assert result.lead_time_demand_sd == pytest.approx(15)
    assert result.safety_stock == pytest.approx(24.75, abs=0.1)
    assert result.reorder_point == pytest.approx(304.75, abs=0.1)
    assert result.z == pytest.approx(1.645, abs=1e-3)


def test_reorder_point_with_no_variability_has_no_safety_stock():
    result = supply.reorder_point(10, 3, 0, 0.99)
    assert (result.safety_stock, result.reorder_point) == (0, 30)


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1])
def test_reorder_point_rejects_impossible_service_levels(level):
    with pytest.raises(ValueError, match="service_level must be strictly between 0 and 1"):
        supply.reorder_point(10, 3, 2, level)


@settings(deadline=None)
@given(st.floats(0.5, 0.999), st.floats(0.5, 0.999))
def test_reorder_point_rises_with_service_level(a, b):
    low, high = sorted((a, b))
    assert (
        supply.reorder_point(10, 4, 3, low).reorder_point
        <= supply.reorder_point(10, 4, 3, high).reorder_point
    )


# --- newsvendor --------------------------------------------------------------------------


def test_newsvendor_matches_cachon_terwiesch_problem_12_1():
    # Cachon & Terwiesch, Matching Supply with Demand, 3rd ed., solutions to Ch. 12
    # (Q12.1 d): Cu = 20 - 12 = 8, Co = 12 - 8 = 4, critical ratio 0.6667; demand
    # N(200, 80); table z rounded up to 0.44 gives Q = 235.2. The exact z is 0.4307, so
    # the order is within one table step (0.01 x 80) of the published 235.2.
    result = supply.newsvendor(shortage_cost=8, overage_cost=4, mean=200, sd=80)
    assert result.critical_ratio == pytest.approx(2 / 3)
    assert result.z == pytest.approx(0.4307, abs=1e-4)
    assert result.order_quantity == pytest.approx(235.2, abs=0.8)


def test_newsvendor_with_equal_costs_orders_the_mean():
    assert supply.newsvendor(5, 5, 120, 30).order_quantity == pytest.approx(120)


def test_newsvendor_rejects_zero_overage_cost():
    with pytest.raises(ValueError, match="overage_cost must be greater than 0, got 0"):
        supply.newsvendor(5, 0, 120, 30)


# --- ABC ---------------------------------------------------------------------------------

SILICON_CHIPS = {  # Heizer & Render Ch. 12 Example 1: annual dollar volume by stock number
    "#10286": 90_000,
    "#11526": 77_000,
    "#12760": 26_350,
    "#10867": 15_001,
    "#10500": 12_500,
    "#12572": 8_502,
    "#14075": 1_200,
    "#01036": 850,
    "#01307": 504,
    "#10572": 150,
}


def test_abc_classes_reproduce_heizer_render_silicon_chips():
    # Heizer & Render, Ch. 12 Example 1 "ABC analysis for a chip manufacturer" (holooly
    # Q.12.EX.1): two A items (72 % of $232,057), three B items (23 %), five C items
    # (5 %). The book notes the split "is not hard and fast": its B group ends at 95.1 %,
    # so the published classes come out with cutoffs (0.75, 0.96).
    table = supply.abc_classes(SILICON_CHIPS, cutoffs=(0.75, 0.96))
    assert table["value"].sum() == pytest.approx(232_057)
    assert table["class"].tolist() == ["A"] * 2 + ["B"] * 3 + ["C"] * 5
    assert table["item"].tolist()[:2] == ["#10286", "#11526"]
    assert table["share"].iloc[0] == pytest.approx(0.388, abs=5e-4)


def test_abc_classes_with_default_cutoffs_put_the_item_crossing_95_percent_in_c():
    table = supply.abc_classes(pd.Series(SILICON_CHIPS))
    assert table["class"].tolist() == ["A"] * 2 + ["B"] * 2 + ["C"] * 6


def test_abc_classes_make_the_top_item_a_even_if_it_alone_passes_the_a_cutoff():
    table = supply.abc_classes([3, 85, 8, 4])  # cumulative 0.85, 0.93, 0.97, 1.00
    assert table["class"].tolist() == ["A", "B", "C", "C"]
    assert table["item"].tolist() == [1, 2, 3, 0]


def test_abc_classes_reject_cutoffs_out_of_order():
    with pytest.raises(
        ValueError, match=r"cutoffs\[1\] \(0.7\) must be greater than cutoffs\[0\] \(0.8\)"
    ):
        supply.abc_classes([1, 2, 3], cutoffs=(0.8, 0.7))


def test_abc_classes_reject_negative_values():
    with pytest.raises(ValueError, match=r"values\[1\] must be 0 or more, got -2"):
        supply.abc_classes([1, -2, 3])


@settings(deadline=None)
@given(st.lists(st.floats(0.01, 1e6), min_size=1, max_size=40))
def test_abc_classes_are_ordered_a_then_b_then_c(values):
    table = supply.abc_classes(values)
    ranks = table["class"].map({"A": 0, "B": 1, "C": 2}).tolist()
    assert ranks == sorted(ranks)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)


# --- shortages ----------------------------------------------------------------------------


def test_days_of_supply_matches_pharmacytutor_pharmacy_example():
    # pharmacytutor.com, "What is Days Supply?", Scenario 2: a pharmacy holds 300 units and
    # uses 15 a day -> Days Supply = 300 / 15 = 20 days.
    assert supply.days_of_supply(300, 15) == pytest.approx(20)


def test_days_of_supply_refuses_zero_usage():
    with pytest.raises(ValueError, match="daily_usage must be greater than 0, got 0"):
        supply.days_of_supply(300, 0)


def test_shortage_projection_by_hand():
    # 1,800 bags on hand, 300 used and 300 delivered a day. Deliveries fall by half for 30
    # days and conservation saves 20 %: the stock falls by 240 - 150 = 90 bags a day, is
    # empty at the end of day 20 and 90 bags a day go without on days 21-30 (900 in all).
    r = supply.shortage_projection(1_800, 300, 300, 0.5, 30, 0.2, horizon=60)
    assert r.stock_out_day == 21
    assert r.units_short == pytest.approx(900)
    assert r.days["stock"].iloc[19] == pytest.approx(0)
    assert r.days["stock"].iloc[18] == pytest.approx(90)
    assert r.days["short"].iloc[20:30].tolist() == pytest.approx([90] * 10)
    assert r.days["short"].iloc[30:].sum() == 0  # normal supply meets normal demand again


def test_shortage_projection_covered_by_the_stock_has_no_stock_out():
    r = supply.shortage_projection(1_800, 300, 300, 0.2, 14, 0.1)
    assert r.stock_out_day is None and r.units_short == 0
    assert r.days["stock"].min() == pytest.approx(1_800 - 14 * (270 - 240))


@settings(deadline=None)
@given(
    on_hand=st.floats(0, 1e4),
    demand=st.floats(0, 1e3),
    cut=st.floats(0, 1),
    duration=st.integers(0, 60),
    saved=st.floats(0, 1),
)
def test_shortage_projection_balances_every_unit(on_hand, demand, cut, duration, saved):
    r = supply.shortage_projection(on_hand, demand, demand, cut, duration, saved, horizon=60)
    d = r.days
    # what was there + what came = what was used and still there at the end - what was short
    balance = on_hand + d["delivered"].sum() - (d["used"].sum() - r.units_short)
    assert balance == pytest.approx(d["stock"].iloc[-1], abs=1e-6 * max(1.0, on_hand, demand))
    assert (d["stock"] >= 0).all()


def test_shortage_projection_names_a_cut_given_in_percent():
    with pytest.raises(ValueError, match="supply_cut") as err:
        supply.shortage_projection(1_800, 300, 300, 50, 30)
    assert err.value.field == "supply_cut"
