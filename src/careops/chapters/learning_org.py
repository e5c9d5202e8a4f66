"""The numbers, tables and charts of the Learning Organization chapter (book/learning-org)."""

from __future__ import annotations

import altair as alt
import pandas as pd
from statsmodels.tools.eval_measures import meanabs
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from careops import data, measures
from careops.chapters import Results
from careops.charts import basic

__all__ = [
    "CUTOFF",
    "HOURLY_FORMAT",
    "demand_forecast_chart",
    "ehr_data_for_improvement",
    "forecasting_ed_demand",
    "lwbs_by_hour_chart",
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
