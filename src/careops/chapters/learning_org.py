"""The numbers, tables and charts of the Learning Organization chapter (book/learning-org)."""

from __future__ import annotations

import altair as alt
import pandas as pd
from statsmodels.tools.eval_measures import meanabs
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from careops import data, measures, spc
from careops.chapters import Results
from careops.charts import basic

__all__ = [
    "CUTOFF",
    "HOME_DRGS",
    "HOURLY_FORMAT",
    "case_hospital_at_home",
    "case_post_acute_network",
    "demand_forecast_chart",
    "ehr_data_for_improvement",
    "forecasting_ed_demand",
    "hospital_at_home_chart",
    "lwbs_by_hour_chart",
    "post_acute_p_chart",
]

# how page 02 shows its hourly table
HOURLY_FORMAT = {
    "Arrivals per day": "{:.1f}",
    "Median minutes to provider": "{:.0f}",
    "Left without being seen": "{:.1%}",
}
CUTOFF = pd.Timestamp("2025-10-31")  # page 03 forecasts as if it were this day
_ETS = "Exponential smoothing (weekly)"
_NAIVE = "Same day last week"
_AVERAGE = "Recent 4-week average"


def ehr_data_for_improvement() -> Results:
    """Page 02: the ED's left-without-being-seen rate by hour of arrival, against arrivals."""
    visits = data.load("ed_visits")
    visits["hour"] = visits["arrival"].dt.hour
    visits["lwbs"] = visits["disposition"].eq("left_without_being_seen")
    hourly = visits.groupby("hour").agg(
        arrivals=("visit_id", "size"),
        lwbs_rate=("lwbs", "mean"),
        median_wait=("time_to_provider_min", "median"),
    )
    hourly["arrivals_per_day"] = measures.arrivals_by_hour(visits["arrival"])
    hourly = hourly.reset_index()
    peak = hourly.loc[hourly["lwbs_rate"].idxmax()]
    low = hourly.loc[hourly["lwbs_rate"].idxmin()]
    values = {
        "lwbs_overall": f"{visits['lwbs'].mean():.1%}",
        "n_lwbs": f"{int(visits['lwbs'].sum()):,}",
        "peak_hour": f"{int(peak['hour']):02d}:00",
        "peak_rate": f"{peak['lwbs_rate']:.1%}",
        "low_hour": f"{int(low['hour']):02d}:00",
        "low_rate": f"{low['lwbs_rate']:.1%}",
        "corr": f"{hourly['arrivals_per_day'].corr(hourly['lwbs_rate']):.2f}",
    }
    table = hourly[["hour", "arrivals_per_day", "median_wait", "lwbs_rate"]].rename(
        columns={
            "hour": "Hour",
            "arrivals_per_day": "Arrivals per day",
            "median_wait": "Median minutes to provider",
            "lwbs_rate": "Left without being seen",
        }
    )
    return Results(values=values, tables={"hourly": table}, frames={"hourly": hourly})


def lwbs_by_hour_chart(r: Results) -> alt.LayerChart:
    """Page 02's bars and line: arrivals per day and the share who left, by hour of arrival."""
    return basic.bar_line_chart(
        r.frames["hourly"],
        x="hour",
        bar="arrivals_per_day",
        line="lwbs_rate",
        x_title="Hour of arrival (0-23)",
        bar_title="Arrivals per day (average)",
        line_title="Left without being seen (share of arrivals)",
        title="Arrivals and patients lost, by hour of arrival, 2025",
        description=(
            "Bars show average arrivals per day for each hour; a line shows the share who left "
            f"without being seen, highest at {r['peak_hour']} ({r['peak_rate']}) and lowest at "
            f"{r['low_hour']} ({r['low_rate']})."
        ),
    )


def forecasting_ed_demand() -> Results:
    """Page 03: three forecasts of daily ED arrivals for November-December, and their errors."""
    visits = data.load("ed_visits")
    daily = visits.set_index("arrival").resample("D").size().astype(float)
    daily.index.freq = "D"
    train, test = daily[:CUTOFF], daily[CUTOFF + pd.Timedelta(days=1) :]
    weekday = train.groupby(train.index.day_name()).mean()
    model = ETSModel(train, error="add", trend=None, seasonal="add", seasonal_periods=7).fit(
        disp=False
    )
    pred = model.get_prediction(start=test.index[0], end=test.index[-1]).summary_frame(alpha=0.2)
    naive = daily.shift(7)[test.index]
    average = pd.Series(train.iloc[-28:].mean(), index=test.index)
    errors = pd.Series(
        {
            _NAIVE: meanabs(test, naive),
            _AVERAGE: meanabs(test, average),
            _ETS: meanabs(test, pred["mean"]),
        }
    )
    coverage = float(((test >= pred["pi_lower"]) & (test <= pred["pi_upper"])).mean())
    values = {
        "n_train": len(train),
        "n_test": len(test),
        "busiest_day": weekday.idxmax(),
        "busiest_mean": f"{weekday.max():.0f}",
        "quietest_day": weekday.idxmin(),
        "quietest_mean": f"{weekday.min():.0f}",
        "mae_naive": f"{errors[_NAIVE]:.1f}",
        "mae_avg": f"{errors[_AVERAGE]:.1f}",
        "mae_ets": f"{errors[_ETS]:.1f}",
        "best_model": errors.idxmin(),
        "coverage": f"{coverage:.0%}",
        "pi_width": f"{(pred['pi_upper'] - pred['pi_lower']).mean():.0f}",
        "mean_test": f"{test.mean():.0f}",
    }
    october = daily["2025-10-01":]
    frame = pd.concat(
        [
            pd.DataFrame({"date": october.index, "series": "Actual", "value": october.values}),
            pd.DataFrame(
                {
                    "date": test.index,
                    "series": _ETS,
                    "value": pred["mean"].values,
                    "lower": pred["pi_lower"].values,
                    "upper": pred["pi_upper"].values,
                }
            ),
            pd.DataFrame({"date": test.index, "series": _NAIVE, "value": naive.values}),
        ]
    )
    table = errors.rename("Mean absolute error (arrivals a day)").round(1).to_frame()
    return Results(values=values, tables={"errors": table}, frames={"forecast": frame})


def demand_forecast_chart(r: Results) -> alt.LayerChart:
    """Page 03's lines: actual arrivals, two forecasts and the smoothing model's 80% interval."""
    return basic.forecast_chart(
        r.frames["forecast"],
        x="date",
        y_title="ED arrivals per day",
        title="Forecast against actual daily ED arrivals, November-December 2025",
        description=(
            "Line chart of actual daily ED arrivals from October to December 2025 with two "
            "forecasts for November and December and the 80% prediction interval of the "
            "smoothing model; the smoothing model's average error is "
            f"{r['mae_ets']} arrivals a day."
        ),
    )


# conditions a hospital-at-home program commonly admits (DRG codes of inpatient_stays)
HOME_DRGS = {
    "291": "Heart failure",
    "194": "Pneumonia",
    "603": "Cellulitis",
    "690": "Urinary tract infection",
}


def case_hospital_at_home(*, uptake: float = 0.3, busy: float = 0.95) -> Results:
    """Case: which stays a hospital-at-home program could take, and the beds it would free.

    Inputs: the share of eligible patients who would accept care at home (an assumption), and
    the quantile of the daily census that stands for a busy day.
    """
    stays = data.load("inpatient_stays")
    year = stays[stays["admission_date"].dt.year == 2025]
    eligible = (
        year["drg"].astype(str).isin(HOME_DRGS)
        & (year["admission_type"] == "emergency")
        & year["discharge_disposition"].isin(["home", "home_health"])
    )
    days = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    noon = days + pd.Timedelta(hours=12)
    at_noon = measures.census(year["admission_date"], year["discharge_date"], noon)
    moved = measures.census(
        year.loc[eligible, "admission_date"], year.loc[eligible, "discharge_date"], noon
    )
    census = pd.DataFrame({"date": days, "Current census": at_noon.to_numpy()}).assign(
        **{"With care at home": at_noon.to_numpy() - uptake * moved.to_numpy()}
    )
    top = at_noon.quantile(busy)
    by_condition = (
        year[eligible]
        .assign(condition=year.loc[eligible, "drg"].astype(str).map(HOME_DRGS))
        .groupby("condition")
        .agg(stays=("stay_id", "size"), bed_days=("los_days", "sum"))
    )
    medicare = float((year.loc[eligible, "payer"] == "Medicare").mean())
    values = {
        "hh_stays": len(year),
        "hh_conditions": len(HOME_DRGS),
        "hh_eligible": int(eligible.sum()),
        "hh_eligible_pct": 100 * float(eligible.mean()),
        "hh_bed_days": int(year.loc[eligible, "los_days"].sum()),
        "hh_adc": float(at_noon.mean()),
        "hh_adc_eligible": float(moved.mean()),
        "hh_uptake": uptake * 100,
        "hh_beds_freed": uptake * float(moved.mean()),
        "hh_p95": float(top),
        "hh_p95_after": float(census["With care at home"].quantile(busy)),
        "hh_busy": busy * 100,
        "hh_medicare_pct": 100 * medicare,
        "hh_top_condition": str(by_condition["stays"].idxmax()),
        "hh_age": float(year.loc[eligible, "age_years"].mean()),
        "hh_los": float(year.loc[eligible, "los_days"].mean()),
    }
    return Results(
        values=values,
        tables={"conditions": by_condition.reset_index()},
        frames={"census": census.melt("date", var_name="series", value_name="patients")},
    )


def hospital_at_home_chart(r: Results) -> alt.Chart:
    """Daily noon census, as it was and with the assumed share of eligible stays at home."""
    return basic.line_chart(
        r.frames["census"],
        x="date",
        x_type="T",
        y="patients",
        color="series",
        color_title="Census",
        title="Inpatients at noon, 2025: as it was, and with some eligible stays at home",
        description="Line chart of the daily noon inpatient census through 2025, and the same "
        "census less the assumed share of eligible patients treated at home: the second line "
        "runs a few patients below the first every day.",
        x_title="Date",
        y_title="Patients in a hospital bed at noon",
        width=600,
    )


def case_post_acute_network(*, disposition: str = "skilled_nursing") -> Results:
    """Case: readmissions by where patients go after discharge, and the monthly p chart a
    learning collaborative with skilled nursing facilities would read."""
    stays = data.load("inpatient_stays")
    alive = stays[
        (stays["discharge_disposition"] != "died") & (stays["discharge_date"].dt.year == 2025)
    ]
    alive = alive.assign(readmit=alive["readmitted_30d"].astype(bool))
    by_place = alive.groupby("discharge_disposition", observed=True).agg(
        discharges=("readmit", "size"), rate=("readmit", "mean")
    )
    early = alive[alive["readmit"]]["days_to_readmission"] <= 7
    group = alive[alive["discharge_disposition"] == disposition]
    monthly = group.groupby(group["discharge_date"].dt.month).agg(
        readmitted=("readmit", "sum"), discharges=("readmit", "size")
    )
    chart = spc.p_chart(monthly["readmitted"].to_numpy(), monthly["discharges"].to_numpy())
    chart["month"] = pd.to_datetime(
        {"year": 2025, "month": monthly.index.to_numpy(), "day": 1}
    ).to_numpy()
    names = {
        "proportion": "Readmitted (share)",
        "center": "Center line",
        "ucl": "Upper limit",
        "lcl": "Lower limit",
    }
    lines = chart.melt("month", list(names), var_name="series", value_name="share")
    lines["series"] = lines["series"].map(names)
    values = {
        "pa_discharges": len(alive),
        "pa_rate": 100 * float(alive["readmit"].mean()),
        "pa_home": 100 * float(by_place.loc["home", "rate"]),
        "pa_hh": 100 * float(by_place.loc["home_health", "rate"]),
        "pa_snf": 100 * float(by_place.loc["skilled_nursing", "rate"]),
        "pa_snf_n": int(by_place.loc["skilled_nursing", "discharges"]),
        "pa_hh_n": int(by_place.loc["home_health", "discharges"]),
        "pa_post_acute_pct": 100
        * float(by_place.loc[["skilled_nursing", "home_health"], "discharges"].sum())
        / len(alive),
        "pa_early_pct": 100 * float(early.mean()),
        "pa_month_n": float(monthly["discharges"].mean()),
        "pa_month_min": 100 * float(chart["proportion"].min()),
        "pa_month_max": 100 * float(chart["proportion"].max()),
        "pa_beyond": int(chart["beyond_limits"].sum()),
        "pa_ucl": 100 * float(chart["ucl"].mean()),
        "pa_lcl": 100 * float(chart["lcl"].mean()),
    }
    return Results(values=values, frames={"p_chart": lines, "by_place": by_place.reset_index()})


def post_acute_p_chart(r: Results) -> alt.Chart:
    """Monthly 30-day readmission share of patients discharged to skilled nursing, p chart."""
    return basic.line_chart(
        r.frames["p_chart"],
        x="month",
        x_type="T",
        y="share",
        color="series",
        color_title="Line",
        title="Readmitted within 30 days after discharge to skilled nursing, by month (p chart)",
        description="p chart of the monthly share of patients discharged to a skilled nursing "
        "facility who were readmitted within 30 days, with its center line and 3-sigma "
        "limits: the monthly shares move up and down within the limits.",
        x_title="Month of discharge",
        y_title="Share readmitted",
        width=600,
    )
