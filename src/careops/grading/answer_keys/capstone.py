"""Answer-key facts of the capstone milestone assignments (capstone-2 to capstone-7)."""

from __future__ import annotations

from careops.grading.answers import facts_for, money_k, pct, word


@facts_for("capstone-2")
def _topic_problem() -> dict[str, str]:
    """Whole-year baseline of admitted patients' ED length of stay (the W1 worked example)."""
    from careops import data

    visits = data.load("ed_visits")
    days = int(visits["arrival"].dt.normalize().nunique())
    hours = visits.loc[visits["disposition"] == "admitted", "los_min"].astype(float) / 60
    return {
        "median_los_h": f"{float(hours.median()):.1f}",
        "share_over_4": pct(float((hours > 4).mean())),
        "excess_4": f"{float((hours - 4).clip(lower=0).sum()) / days:.1f}",
    }


# capstone-3's five fictional study summaries (the table in the notebook's setup cell)
EVIDENCE_STUDIES = {
    "study": ["A", "B", "C", "D", "E"],
    "intervention_events": [310, 220, 450, 95, 160],
    "intervention_total": [1000, 400, 1500, 250, 600],
    "control_events": [410, 260, 540, 100, 210],
    "control_total": [1000, 400, 1500, 250, 600],
}


@facts_for("capstone-3")
def _evidence_review() -> dict[str, str]:
    """Risk ratios and intervals of the fictional studies, and study C at the local baseline."""
    from careops import data
    from careops.stats import risk_difference_at, risk_measures

    out: dict[str, str] = {}
    ratios: dict[str, float] = {}
    s = EVIDENCE_STUDIES
    for i, study in enumerate(s["study"]):
        r = risk_measures(
            s["intervention_events"][i],
            s["intervention_total"][i],
            s["control_events"][i],
            s["control_total"][i],
        )
        if r.risk_ratio is None or r.risk_ratio_ci is None:  # no study has a zero cell
            raise ValueError(f"capstone-3 study {study}: risk ratio undefined")
        ratios[study] = r.risk_ratio
        out[f"rr_{study}"] = f"{r.risk_ratio:.2f}"
        out[f"ci_{study}"] = f"{r.risk_ratio_ci[0]:.2f} to {r.risk_ratio_ci[1]:.2f}"
    visits = data.load("ed_visits")
    admitted = visits[visits["disposition"] == "admitted"]
    baseline = float((admitted["los_min"] > 240).mean())
    avoided = risk_difference_at(baseline, ratios["C"]) * len(admitted) / 12
    return out | {"baseline": pct(baseline), "avoided_C": f"{avoided:.1f}"}


def _count_text(n: int, thing: str) -> str:
    """'one shift', 'two trends', 'no trend'."""
    if n == 0:
        return f"no {thing}"
    return f"{word(n)} {thing}" + ("" if n == 1 else "s")


@facts_for("capstone-4")
def _current_state() -> dict[str, str]:
    """Run-chart reading of the year's weekly median LOS of admitted patients, and weekdays."""
    import calendar

    from careops import data, measures, spc

    visits = data.load("ed_visits")
    admitted = visits[visits["disposition"] == "admitted"]
    weekly = measures.weekly(admitted, "arrival", median_los=("los_min", "median"))
    series = (weekly["median_los"] / 60).astype(float).to_numpy()
    r = spc.run_chart_signals(series)
    shifts = [
        f"{word(int(s.length))} weeks {s.side} the median (weeks {s.start + 1}-{s.end + 1})"
        for s in r.shifts.itertuples()
    ]
    trends = [f"weeks {t.start + 1}-{t.end + 1} {t.direction}" for t in r.trends.itertuples()]
    astro = [f"week {a.index + 1}, {a.value:.1f} hours" for a in r.astronomical.itertuples()]
    hours = admitted["los_min"].astype(float) / 60
    by_day = hours.groupby(admitted["arrival"].dt.day_of_week).median()
    return {
        "weeks": str(len(series)),
        "median": f"{r.median:.1f}",
        "runs": str(r.runs),
        "runs_limits": f"{r.runs_lower_limit} to {r.runs_upper_limit}",
        "shifts_text": _count_text(len(shifts), "shift")
        + (f" of {'; '.join(shifts)}" if shifts else ""),
        "trends_text": _count_text(len(trends), "trend")
        + (f" ({'; '.join(trends)})" if trends else ""),
        "astro_text": _count_text(len(astro), "astronomical candidate")
        + (f" ({'; '.join(astro)})" if astro else ""),
        "slowest_day": calendar.day_name[int(by_day.idxmax())],
        "slowest_day_h": f"{float(by_day.max()):.1f}",
        "fastest_day": calendar.day_name[int(by_day.idxmin())],
        "fastest_day_h": f"{float(by_day.min()):.1f}",
    }


# --- capstone-5 to capstone-7: the reminder project of the capstone chapter (book/capstone) ---

# capstone-6's worked example: the teaching series its W1 reads (the same for everyone)
EARLY_WEEKS = 34  # 26 baseline weeks, then 8 weeks after the change
EARLY_CHANGE = 26
EARLY_OUTCOME = {"effect": -3.0, "level": 21.0, "noise": 1.5, "seed": 21}
EARLY_BALANCE = {"effect": 1.0, "level": 9.0, "noise": 0.8, "seed": 121}


@facts_for("capstone-5")
def _intervention_design() -> dict[str, str]:
    """Reminded vs not reminded no-show rates on the full year, and the PDSA prediction."""
    from careops import data
    from careops.stats import risk_measures

    appointments = data.load("clinic_appointments")
    reminded = appointments["reminder_sent"].astype(bool)
    no_show = appointments["no_show"].astype(bool)
    effect = risk_measures(
        int(no_show[reminded].sum()),
        int(reminded.sum()),
        int(no_show[~reminded].sum()),
        int((~reminded).sum()),
    )
    coverage = 0.95  # the worked example's coverage, in the students' code
    predicted = coverage * effect.exposed_risk + (1 - coverage) * effect.control_risk
    base = float(no_show.mean())
    return {
        "base_rate": pct(base, 1),
        "current_coverage": pct(float(reminded.mean())),
        "reminded_rate": pct(effect.exposed_risk, 1),
        "unreminded_rate": pct(effect.control_risk, 1),
        "arr": f"{100 * effect.absolute_risk_reduction:.1f}",
        "arr_low": f"{100 * effect.arr_ci[0]:.1f}",
        "arr_high": f"{100 * effect.arr_ci[1]:.1f}",
        "predicted": pct(predicted, 1),
        "avoided": f"{(base - predicted) * len(appointments):,.0f}",
    }


@facts_for("capstone-6")
def _early_results() -> dict[str, str]:
    """XmR limits, signals and the frozen-median shift of capstone-6's worked series."""
    import numpy as np

    from careops import spc

    facts: dict[str, str] = {}
    for name, spec in (("", EARLY_OUTCOME), ("lead_", EARLY_BALANCE)):
        values = spc.step_change_series(EARLY_WEEKS, EARLY_CHANGE, **spec)
        base, after = values[:EARLY_CHANGE], values[EARLY_CHANGE:]
        limits = spc.xmr_limits(base)
        signals = spc.western_electric_signals(after, limits.center, limits.sigma)
        median = float(np.median(base))
        shifts = spc.run_chart_signals(after, median=median).shifts
        facts |= {
            f"{name}center": f"{limits.center:.1f}",
            f"{name}ucl": f"{limits.ucl:.1f}",
            f"{name}lcl": f"{limits.lcl:.1f}",
            f"{name}base_median": f"{median:.1f}",
            f"{name}after_median": f"{float(np.median(after)):.1f}",
            f"{name}change": f"{abs(median - float(np.median(after))):.1f}",
            f"{name}n_signals": word(len(signals)),
            f"{name}shift_length": word(int(shifts["length"].max()) if len(shifts) else 0),
        }
        if name == "":
            first = signals.iloc[0]
            facts |= {
                "first_signal_week": word(int(first["index"]) + 1),
                "first_signal_rule": str(first["description"]),
                "baseline_signals": word(len(spc.run_chart_signals(base).signals())),
            }
    return facts


@facts_for("capstone-7")
def _report() -> dict[str, str]:
    """The worked executive summary: kept visits, margin, NPV and payback on the full year."""
    from careops import data
    from careops.finance import contribution_margin, npv, payback_period

    appointments = data.load("clinic_appointments")
    # the worked example's assumptions, in the students' code
    reduction, price, variable_cost = 4.0, 180, 60
    setup_cost, annual_cost, years, rate = 25000, 6000, 5, 0.06
    kept = len(appointments) * reduction / 100
    margin = kept * contribution_margin(price, variable_cost)
    flows = [-setup_cost] + [margin - annual_cost] * years
    payback = payback_period(flows)
    half = [-setup_cost] + [margin / 2 - annual_cost] * years  # if the fall were half as large
    return {
        "base_rate": pct(float(appointments["no_show"].astype(bool).mean()), 1),
        "appointments": f"{len(appointments):,}",
        "kept": f"{kept:,.0f}",
        "margin": money_k(margin),
        "npv": money_k(npv(rate, flows)),
        "npv_half": money_k(npv(rate, half)),
        "payback": "never" if payback is None else f"{12 * payback:.1f} months",
    }
