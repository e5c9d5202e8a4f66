"""careops.chapters.learning_org: each function returns what its notebook's prose quotes, and the
numbers agree with the ED visits counted directly (by hour, by day)."""

from __future__ import annotations

import pandas as pd
import pytest
from glue_names import markdown_glue_names

from careops import data
from careops.chapters import Results, learning_org


@pytest.fixture(scope="module")
def ehr() -> Results:
    return learning_org.ehr_data_for_improvement()


@pytest.fixture(scope="module")
def demand() -> Results:
    return learning_org.forecasting_ed_demand()


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    return data.load("ed_visits")


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("02-ehr-data-for-improvement", "ehr"), ("03-forecasting-ed-demand", "demand")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/learning-org/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_ehr_lwbs_by_hour_matches_a_crosstab_of_the_visits(ehr, visits):
    lwbs = visits["disposition"].eq("left_without_being_seen")
    assert ehr["n_lwbs"] == f"{int(lwbs.sum()):,}"
    by_hour = lwbs.groupby(visits["arrival"].dt.hour).agg(["mean", "size"])
    assert ehr["peak_hour"] == f"{by_hour['mean'].idxmax():02d}:00"
    assert ehr["low_rate"] == f"{by_hour['mean'].min():.1%}"
    # arrivals per day is arrivals per hour over a fixed number of days: same correlation
    assert ehr["corr"] == f"{by_hour['size'].corr(by_hour['mean']):.2f}"
    assert len(ehr.tables["hourly"]) == 24


def test_demand_split_and_naive_error_by_hand(demand, visits):
    daily = visits["arrival"].dt.normalize().value_counts().sort_index()
    assert demand["n_train"] + demand["n_test"] == len(daily)
    test = daily[daily.index > learning_org.CUTOFF]
    assert demand["n_test"] == len(test)
    week_before = daily.reindex(test.index - pd.Timedelta(days=7)).to_numpy()
    assert demand["mae_naive"] == f"{(test - week_before).abs().mean():.1f}"
    assert demand["mean_test"] == f"{test.mean():.0f}"


def test_demand_best_model_has_the_smallest_error_and_coverage_is_drawn(demand):
    errors = demand.tables["errors"].iloc[:, 0]
    assert demand["best_model"] == errors.idxmin()
    quoted = [float(demand[k]) for k in ("mae_naive", "mae_avg", "mae_ets")]
    assert errors.min() == min(quoted)
    frame = demand.frames["forecast"]
    model = frame[frame["series"] == "Exponential smoothing (weekly)"].set_index("date")
    actual = frame[frame["series"] == "Actual"].set_index("date")["value"][model.index]
    inside = (actual >= model["lower"]) & (actual <= model["upper"])
    assert demand["coverage"] == f"{inside.mean():.0%}"


@pytest.fixture(scope="module")
def at_home() -> Results:
    return learning_org.case_hospital_at_home()


@pytest.fixture(scope="module")
def network() -> Results:
    return learning_org.case_post_acute_network()


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("case-hospital-at-home", "at_home"), ("case-post-acute-network", "network")],
)
def test_every_value_a_case_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/learning-org/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_hospital_at_home_eligible_stays_and_census_by_hand(at_home):
    stays = data.load("inpatient_stays")
    eligible = stays[
        stays["drg"].astype(str).isin(["291", "194", "603", "690"])
        & (stays["admission_type"] == "emergency")
        & stays["discharge_disposition"].isin(["home", "home_health"])
    ]
    assert at_home["hh_eligible"] == len(eligible)
    assert at_home["hh_bed_days"] == eligible["los_days"].sum()
    # the census at noon of 1 July: stays admitted on or before that day, discharged after it
    noon = pd.Timestamp("2025-07-01 12:00")
    present = (eligible["admission_date"] <= noon) & (eligible["discharge_date"] > noon)
    census = at_home.frames["census"]
    day = census[census["date"] == pd.Timestamp("2025-07-01")].set_index("series")["patients"]
    assert day["Current census"] - day["With care at home"] == pytest.approx(0.3 * present.sum())
    assert at_home["hh_beds_freed"] == pytest.approx(0.3 * at_home["hh_adc_eligible"])


def test_post_acute_rates_and_p_chart_limits_by_hand(network):
    stays = data.load("inpatient_stays")
    alive = stays[
        (stays["discharge_disposition"] != "died") & (stays["discharge_date"].dt.year == 2025)
    ]
    snf = alive[alive["discharge_disposition"] == "skilled_nursing"]
    readmit = snf["readmitted_30d"].astype(bool)
    assert network["pa_snf"] == pytest.approx(100 * readmit.mean())
    monthly = readmit.groupby(snf["discharge_date"].dt.month).agg(["sum", "size"])
    p_bar = monthly["sum"].sum() / monthly["size"].sum()
    ucl = p_bar + 3 * (p_bar * (1 - p_bar) / monthly["size"]) ** 0.5
    assert network["pa_ucl"] == pytest.approx(100 * ucl.mean())
    assert network["pa_month_max"] == pytest.approx(100 * (monthly["sum"] / monthly["size"]).max())
    early = alive.loc[alive["readmitted_30d"].astype(bool), "days_to_readmission"] <= 7
    assert network["pa_early_pct"] == pytest.approx(100 * early.mean())
