"""Answer-key facts of the later Integrating New Technology assignments."""

from __future__ import annotations

from careops.grading.answers import facts_for, pct

# technology-2's worked examples, as its notebook states them (Q2 and Q3 prompts and code)
_UPFRONT = 600_000
_FULL_SAVINGS = 250_000
_ADOPTION = (0.4, 0.7, 0.9, 0.9, 0.9)
_RATE = 0.05
_PILOT = {"tested": (12, 1000), "usual": (40, 1000)}
_TEST_COST = 250


@facts_for("technology-2")
def _technology_2() -> dict[str, str]:
    """No-show rates by visit mode, the remote-monitoring case and the genotyping pilot."""
    from careops import data
    from careops.finance import npv, payback_period
    from careops.stats import risk_measures

    appts = data.load("clinic_appointments")
    rates = appts["no_show"].astype(float).groupby(appts["telehealth"]).mean()
    flows = [-_UPFRONT] + [_FULL_SAVINGS * a for a in _ADOPTION]
    payback = payback_period(flows)
    nnt = risk_measures(*_PILOT["tested"], *_PILOT["usual"]).nnt
    return {
        "ns_tele": pct(float(rates[True]), 1),
        "ns_person": pct(float(rates[False]), 1),
        "tele_vs_person": "less often" if rates[True] < rates[False] else "no less often",
        "tech_npv": f"${npv(_RATE, flows):,.0f}",
        "tech_payback": "never" if payback is None else f"{payback:.1f}",
        "nnt": f"{nnt:.1f}",
        "cost_per_event": f"${nnt * _TEST_COST:,.0f}",
    }
