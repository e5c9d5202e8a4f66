"""The numbers, tables and charts of the Quantitative Methods chapter (book/quantitative)."""

from __future__ import annotations

from typing import Any

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
    "case_los_readmissions",
    "case_reminder_calls",
    "ed_los_by_acuity_chart",
    "ed_los_inference",
    "forecasting_from_ehr_data",
    "los_readmission_chart",
    "ppv_chart",
    "reading_a_trial",
    "reminder_strata_chart",
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


_LEAD_BANDS = ([-1, 7, 14, 28, 10_000], ["0-7 days", "8-14 days", "15-28 days", "29+ days"])


def _odds_ratio(fit: Any, term: str) -> tuple[float, float, float]:
    """A logistic model's odds ratio for ``term``, with its 95% confidence interval."""
    lo, hi = fit.conf_int().loc[term]
    return float(np.exp(fit.params[term])), float(np.exp(lo)), float(np.exp(hi))


def case_reminder_calls(*, calls_per_hour: float = 12.0) -> Results:
    """Case: do reminder calls prevent no-shows? The crude gap, strata, and an adjusted model.

    Input: the reminder calls a scheduler can make in an hour (to cost an expansion).
    """
    appts = data.load("clinic_appointments")
    appts = appts.assign(
        reminded=appts["reminder_sent"].astype(bool).astype(int),
        missed=appts["no_show"].astype(bool).astype(int),
        lead=pd.cut(appts["lead_time_days"], _LEAD_BANDS[0], labels=_LEAD_BANDS[1]),
        age=appts["age_years"].astype(float),
        lead_days=appts["lead_time_days"].astype(float),
        prior=appts["prior_no_shows"].astype(float),
    )
    yes, no = appts[appts["reminded"] == 1], appts[appts["reminded"] == 0]
    crude = stats.two_proportion_test(
        int(no["missed"].sum()), len(no), int(yes["missed"].sum()), len(yes)
    )
    fit = smf.logit(
        "missed ~ reminded + lead_days + prior + age + C(clinic) + C(payer)", data=appts
    ).fit(disp=0)
    unadjusted = smf.logit("missed ~ reminded", data=appts).fit(disp=0)
    odds, lo, hi = _odds_ratio(fit, "reminded")
    p_value = float(fit.pvalues["reminded"])
    strata = (
        appts.assign(group=appts["reminded"].map({1: "Reminder sent", 0: "No reminder"}))
        .groupby(["lead", "group"], observed=True)
        .agg(no_show_rate=("missed", "mean"), appointments=("missed", "size"))
        .reset_index()
    )
    reminded_by_prior = appts.groupby(appts["prior"] > 0)["reminded"].mean()
    not_reminded = len(no)
    values = {
        "rc_n": len(appts),
        "rc_share": 100 * len(yes) / len(appts),
        "rc_ns_yes": 100 * crude.proportion_b,
        "rc_ns_no": 100 * crude.proportion_a,
        "rc_diff": 100 * crude.difference,
        "rc_lo": 100 * crude.difference_ci[0],
        "rc_hi": 100 * crude.difference_ci[1],
        "rc_or_crude": float(np.exp(unadjusted.params["reminded"])),
        "rc_or": odds,
        "rc_or_lo": lo,
        "rc_or_hi": hi,
        "rc_p": p_value,
        "rc_rem_prior": 100 * float(reminded_by_prior[True]),
        "rc_rem_noprior": 100 * float(reminded_by_prior[False]),
        "rc_not_reminded": not_reminded,
        "rc_calls_per_hour": calls_per_hour,
        "rc_hours": not_reminded / calls_per_hour,
        "rc_avoided": not_reminded * crude.difference,
        "rc_p_text": "< 0.001" if p_value < 0.001 else f"= {p_value:.3f}",
    }
    return Results(values=values, frames={"strata": strata})


def reminder_strata_chart(r: Results) -> alt.Chart:
    """No-show rate with and without a reminder, within each band of booking lead time."""
    return basic.grouped_bar_chart(
        r.frames["strata"],
        x="lead",
        y="no_show_rate",
        color="group",
        x_title="Days between booking and appointment",
        y_title="No-show rate (share of appointments)",
        color_title="Reminder",
        title="No-show rate with and without a reminder, by booking lead time",
        percent=True,
        sort=_LEAD_BANDS[1],
        description="Grouped bar chart: in each band of lead time, from under a week to more "
        "than four weeks, appointments with a reminder were missed less often than those "
        "without, and no-shows rise with lead time in both groups.",
    )


_LOS_BANDS = (
    [0, 0.75, 1.0, 1.5, 100],
    ["Under 75%", "75-100%", "100-150%", "Over 150%"],
)


def case_los_readmissions() -> Results:
    """Case: are short stays readmitted more? The crude gap and a model adjusted for case mix."""
    stays = data.load("inpatient_stays")
    alive = stays[stays["discharge_disposition"] != "died"]
    alive = alive.assign(
        readmit=alive["readmitted_30d"].astype(bool).astype(int),
        short=(alive["los_days"] < alive["drg_gmlos_days"]).astype(int),
        ratio=pd.cut(
            alive["los_days"] / alive["drg_gmlos_days"], _LOS_BANDS[0], labels=_LOS_BANDS[1]
        ),
        age=alive["age_years"].astype(float),
    )
    short, rest = alive[alive["short"] == 1], alive[alive["short"] == 0]
    crude = stats.two_proportion_test(
        int(short["readmit"].sum()), len(short), int(rest["readmit"].sum()), len(rest)
    )
    adjusted = smf.logit(
        "readmit ~ short + age + drg_weight + C(service_line) + C(payer)", data=alive
    ).fit(disp=0)
    unadjusted = smf.logit("readmit ~ short", data=alive).fit(disp=0)
    odds, lo, hi = _odds_ratio(adjusted, "short")
    crude_or, crude_lo, crude_hi = _odds_ratio(unadjusted, "short")
    bands = (
        alive.groupby("ratio", observed=True)
        .agg(rate=("readmit", "mean"), stays=("readmit", "size"))
        .reset_index()
    )
    by_line = alive.groupby("service_line", observed=True).agg(
        short=("short", "mean"), rate=("readmit", "mean")
    )
    values = {
        "lr_n": len(alive),
        "lr_short_share": 100 * len(short) / len(alive),
        "lr_rate_short": 100 * crude.proportion_a,
        "lr_rate_rest": 100 * crude.proportion_b,
        "lr_diff": 100 * crude.difference,
        "lr_lo": 100 * crude.difference_ci[0],
        "lr_hi": 100 * crude.difference_ci[1],
        "lr_p": crude.p_value,
        "lr_or_crude": crude_or,
        "lr_or_crude_lo": crude_lo,
        "lr_or_crude_hi": crude_hi,
        "lr_or": odds,
        "lr_or_lo": lo,
        "lr_or_hi": hi,
        "lr_p_adj": float(adjusted.pvalues["short"]),
        "lr_obs_short": 100 * float(by_line.loc["Obstetrics", "short"]),
        "lr_obs_rate": 100 * float(by_line.loc["Obstetrics", "rate"]),
        "lr_card_rate": 100 * float(by_line.loc["Cardiology", "rate"]),
    }
    return Results(values=values, frames={"bands": bands})


def los_readmission_chart(r: Results) -> alt.Chart:
    """30-day readmission rate by length of stay relative to the DRG's expected stay."""
    return basic.bar_chart(
        r.frames["bands"],
        category="ratio",
        value="rate",
        horizontal=False,
        sort=_LOS_BANDS[1],
        title="Readmission within 30 days, by length of stay against the DRG's expected stay",
        description="Bar chart of the 30-day readmission rate in four bands of length of stay "
        "as a share of the DRG's geometric mean length of stay: the rates differ little "
        "between the bands.",
        category_title="Length of stay, as a share of the DRG's expected stay",
        value_title="Readmitted within 30 days (share)",
    )


_ESI = ["1", "2", "3", "4", "5"]


def ed_los_inference() -> Results:
    """Page 04: ambulance against walk-in ED length of stay, crude (Welch) and adjusted (OLS)."""
    ed = data.load("ed_visits")
    ed = ed.assign(
        los=ed["los_min"].astype(float),
        esi=ed["esi"].astype(int).astype(str),
        age=ed["age_years"].astype(float),
        ambulance=ed["arrival_mode"].eq("ambulance").astype(int),
    )
    crude = stats.mean_difference(
        ed.loc[ed["ambulance"] == 1, "los"], ed.loc[ed["ambulance"] == 0, "los"]
    )
    fit = smf.ols("los ~ ambulance + C(esi) + age", data=ed).fit()
    lo, hi = (float(x) for x in fit.conf_int().loc["ambulance"])
    share_high = ed.assign(high=ed["esi"].isin(["1", "2"])).groupby("ambulance")["high"].mean()
    by_esi = (
        ed.assign(mode=ed["ambulance"].map({1: "Ambulance", 0: "Walk-in"}))
        .groupby(["esi", "mode"])
        .agg(mean_los=("los", "mean"), visits=("los", "size"))
        .reset_index()
    )
    coef = {
        "ambulance": "Arrived by ambulance (vs walk-in)",
        "C(esi)[T.3]": "ESI 3 (vs ESI 1)",
        "C(esi)[T.5]": "ESI 5 (vs ESI 1)",
        "age": "Each year of age",
    }
    ci = fit.conf_int()
    table = pd.DataFrame(
        {
            "Term": list(coef.values()),
            "Minutes": [float(fit.params[t]) for t in coef],
            "95% interval": [f"{ci.loc[t, 0]:.1f} to {ci.loc[t, 1]:.1f}" for t in coef],
            "p": [f"{fit.pvalues[t]:.3f}" if fit.pvalues[t] >= 0.001 else "< 0.001" for t in coef],
        }
    ).round(1)
    p_adj = float(fit.pvalues["ambulance"])
    values = {
        "inf_n": len(ed),
        "inf_n_amb": crude.n_a,
        "inf_n_walk": crude.n_b,
        "inf_mean_amb": crude.mean_a,
        "inf_mean_walk": crude.mean_b,
        "inf_diff": crude.difference,
        "inf_lo": crude.difference_ci[0],
        "inf_hi": crude.difference_ci[1],
        "inf_t": crude.t,
        "inf_df": crude.df,
        "inf_high_amb": 100 * float(share_high[1]),
        "inf_high_walk": 100 * float(share_high[0]),
        "inf_adj": float(fit.params["ambulance"]),
        "inf_adj_lo": lo,
        "inf_adj_hi": hi,
        "inf_adj_p": p_adj,
        "inf_adj_p_text": "< 0.001" if p_adj < 0.001 else f"= {p_adj:.2f}",
        "inf_age": float(fit.params["age"]),
        "inf_age_decade": 10 * float(fit.params["age"]),
        "inf_esi5": -float(fit.params["C(esi)[T.5]"]),
        "inf_r2": 100 * float(fit.rsquared),
    }
    return Results(values=values, tables={"model": table}, frames={"by_esi": by_esi})


def ed_los_by_acuity_chart(r: Results) -> alt.Chart:
    """Page 04's bars: mean ED length of stay by triage level, ambulance against walk-in."""
    return basic.grouped_bar_chart(
        r.frames["by_esi"],
        x="esi",
        y="mean_los",
        color="mode",
        x_title="Emergency Severity Index (1 = most urgent)",
        y_title="Mean length of stay (minutes)",
        color_title="Arrival",
        title="ED length of stay by triage level and arrival mode",
        sort=_ESI,
        description="Grouped bar chart of mean ED length of stay for each ESI level, ambulance "
        "against walk-in arrivals: stays shorten from ESI 1 to ESI 5, and within a level the "
        "two arrival modes differ far less than they do overall.",
    )
