"""The numbers, tables and charts of the Quantitative Methods chapter (book/quantitative)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from careops import data, stats
from careops.chapters import Results
from careops.charts import basic

__all__ = [
    "SENSITIVITY",
    "SPECIFICITY",
    "arrivals_forecast_chart",
    "forecasting_from_ehr_data",
    "ppv_chart",
    "reading_a_trial",
    "weekday_arrivals_chart",
]

# the readmission score's accuracy, from the vendor's validation study (inputs of page 01)
SENSITIVITY, SPECIFICITY = 0.70, 0.80
_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def reading_a_trial() -> Results:
    """Page 01: RAND HIE free care against 95% coinsurance (risk, NNH, bias) and a score's PPV."""
    hie = data.load("rand_hie")
    coinsurance = (np.exp(hie["lncoins"]) - 1).round().astype(int)  # percent, from ln(coins + 1)
    arms = hie.assign(coinsurance=coinsurance, no_visit=hie["mdvis"].eq(0))
    arms = arms[arms["coinsurance"].isin([0, 95])]
    arms = arms.assign(plan=np.where(arms["coinsurance"] == 0, "Free care", "95% coinsurance"))
    free = arms[arms["plan"] == "Free care"]
    cost_sharing = arms[arms["plan"] == "95% coinsurance"]
    rm = stats.risk_measures(
        exposed_events=int(cost_sharing["no_visit"].sum()),
        exposed_total=len(cost_sharing),
        control_events=int(free["no_visit"].sum()),
        control_total=len(free),
    )
    risk = pd.DataFrame(
        {
            "Measure": [
                "Risk of no visit, free care (%)",
                "Risk of no visit, 95% coinsurance (%)",
                "Absolute risk difference (percentage points)",
                "Relative risk (ratio)",
                "Number needed to harm (person-years)",
            ],
            "Estimate": [
                rm.control_risk * 100,
                rm.exposed_risk * 100,
                -rm.absolute_risk_reduction * 100,
                rm.risk_ratio,
                rm.nnt,
            ],
            "95% interval": [
                "",
                "",
                f"{-rm.arr_ci[1] * 100:.1f} to {-rm.arr_ci[0] * 100:.1f}",
                f"{rm.risk_ratio_ci[0]:.2f} to {rm.risk_ratio_ci[1]:.2f}",
                f"{rm.nnt_ci[0]:.1f} to {rm.nnt_ci[1]:.1f}",
            ],
        }
    ).round(2)

    baseline = (
        arms.groupby("plan")
        .agg(
            person_years=("mdvis", "size"),
            poor_health=("hlthp", "mean"),
            fair_health=("hlthf", "mean"),
            physical_limitation=("physlm", "mean"),
            chronic_disease_index=("disea", "mean"),
        )
        .reset_index()
    )
    for col in ("poor_health", "fair_health", "physical_limitation"):
        baseline[col] *= 100
    baseline = baseline.rename(
        columns={
            "plan": "Plan",
            "person_years": "Person-years",
            "poor_health": "Poor health (%)",
            "fair_health": "Fair health (%)",
            "physical_limitation": "Physical limitation (%)",
            "chronic_disease_index": "Chronic disease index",
        }
    ).round(1)
    model = smf.logit(
        "no_visit ~ C(plan, Treatment('Free care')) + hlthp + hlthf + hlthg + physlm + disea",
        data=arms.assign(no_visit=arms["no_visit"].astype(int)),
    ).fit(disp=False)

    stays = data.load("inpatient_stays")
    prevalence = float(stays["readmitted_30d"].mean())
    ppv = stats.ppv_at_prevalence(SENSITIVITY, SPECIFICITY, prevalence)
    curve = pd.DataFrame({"prevalence_pct": np.arange(2, 41, 2)})
    curve["ppv_pct"] = [
        100 * stats.ppv_at_prevalence(SENSITIVITY, SPECIFICITY, p / 100)
        for p in curve["prevalence_pct"]
    ]
    values = {
        "hie_free_n": len(free),
        "hie_cs_n": len(cost_sharing),
        "hie_free_risk": rm.control_risk * 100,
        "hie_cs_risk": rm.exposed_risk * 100,
        "hie_ard": -rm.absolute_risk_reduction * 100,
        "hie_ard_lo": -rm.arr_ci[1] * 100,
        "hie_ard_hi": -rm.arr_ci[0] * 100,
        "hie_rr": rm.risk_ratio,
        "hie_rel": (rm.risk_ratio - 1) * 100,
        "hie_nnh": rm.nnt,
        "hie_nnh_lo": rm.nnt_ci[0],
        "hie_nnh_hi": rm.nnt_ci[1],
        "hie_or": rm.odds_ratio,
        "hie_or_adj": float(np.exp(model.params.iloc[1])),
        "q_sens": SENSITIVITY * 100,
        "q_spec": SPECIFICITY * 100,
        "q_prev": prevalence * 100,
        "q_ppv": ppv * 100,
        "q_flagged_per_true": 1 / ppv,
    }
    return Results(
        values=values,
        tables={"risk": risk, "baseline": baseline},
        frames={"arms": arms, "ppv": curve},
    )


def ppv_chart(r: Results) -> alt.Chart:
    """Page 01's curve: the score's positive predictive value against prevalence."""
    return basic.line_chart(
        r.frames["ppv"],
        x="prevalence_pct",
        y="ppv_pct",
        points=True,
        title="The same score is right less often where the outcome is rare",
        description="Line chart of positive predictive value against prevalence for a score with "
        "70% sensitivity and 80% specificity: the share of flagged patients who truly have the "
        "outcome rises from under 10% at 2% prevalence to about 70% at 40% prevalence.",
        x_title="Prevalence of the outcome (%)",
        y_title="Flagged patients who have the outcome (%)",
    )


def forecasting_from_ehr_data() -> Results:
    """Page 02: what the ED's EHR leaves out, the weekly pattern, and a weekly ETS forecast."""
    ed = data.load("ed_visits")
    seen = ed["time_to_provider_min"].notna()
    daily = ed.set_index("arrival").resample("D").size().astype(float)
    daily.index.freq = "D"
    by_weekday = daily.groupby(daily.index.day_name()).mean()
    week = pd.DataFrame({"day": by_weekday.index, "arrivals": by_weekday.to_numpy()})

    train, test = daily[:"2025-10-31"], daily["2025-11-01":]
    fit = ETSModel(train, error="add", trend=None, seasonal="add", seasonal_periods=7).fit(
        disp=False
    )
    pred = fit.get_prediction(start=test.index[0], end=test.index[-1]).summary_frame(alpha=0.2)
    inside = (test >= pred["pi_lower"]) & (test <= pred["pi_upper"])
    mondays = pred.index.day_name() == "Monday"
    values = {
        "ehr_missing": int((~seen).sum()),
        "ehr_missing_lwbs_pct": float(
            ed.loc[~seen, "disposition"].eq("left_without_being_seen").mean()
        )
        * 100,
        "ehr_median_wait": float(ed.loc[seen, "time_to_provider_min"].median()),
        "ehr_los_lwbs": float(ed.loc[~seen, "los_min"].median()),
        "ehr_mon": float(by_weekday["Monday"]),
        "ehr_sun": float(by_weekday["Sunday"]),
        "ehr_mean": float(daily.mean()),
        "ehr_sd": float(daily.std()),
        "ehr_poisson_sd": float(daily.mean()) ** 0.5,
        "fc_mape": float(((pred["mean"] - test).abs() / test).mean() * 100),
        "fc_naive_mape": float(((train.mean() - test).abs() / test).mean() * 100),
        "fc_inside": float(inside.mean() * 100),
        "fc_upper_mon": float(pred.loc[mondays, "pi_upper"].mean()),
    }
    recent = daily["2025-09-01":]
    forecast = pd.concat(
        [
            pd.DataFrame({"date": recent.index, "series": "Actual", "arrivals": recent.to_numpy()}),
            pd.DataFrame(
                {"date": pred.index, "series": "Forecast", "arrivals": pred["mean"].to_numpy()}
            ),
            pd.DataFrame(
                {
                    "date": pred.index,
                    "series": "80% interval, upper",
                    "arrivals": pred["pi_upper"].to_numpy(),
                }
            ),
            pd.DataFrame(
                {
                    "date": pred.index,
                    "series": "80% interval, lower",
                    "arrivals": pred["pi_lower"].to_numpy(),
                }
            ),
        ]
    )
    return Results(
        values=values,
        frames={"daily": daily.to_frame("arrivals"), "week": week, "forecast": forecast},
    )


def weekday_arrivals_chart(r: Results) -> alt.Chart:
    """Page 02's bars: average ED arrivals on each day of the week."""
    return basic.bar_chart(
        r.frames["week"],
        category="day",
        value="arrivals",
        horizontal=False,
        sort=_WEEK,
        title="Average ED arrivals by day of the week, 2025",
        description="Vertical bar chart of average daily arrivals for each weekday: Monday is the "
        "busiest day and the weekend the quietest.",
        category_title="Day of the week",
        value_title="Average arrivals per day (visits)",
    )


def arrivals_forecast_chart(r: Results) -> alt.Chart:
    """Page 02's lines: the November-December forecast, its 80% interval and the actual days."""
    return basic.line_chart(
        r.frames["forecast"],
        x="date",
        x_type="T",
        y="arrivals",
        color="series",
        color_title="Series",
        title="ED arrivals: November-December forecast against what happened",
        description="Daily ED arrivals from September to December with the model's forecast for "
        "November and December and its 80% prediction interval; the actual counts zig-zag around "
        "the forecast and mostly stay inside the interval.",
        x_title="Date",
        y_title="Arrivals per day (visits)",
        width=600,
    )
