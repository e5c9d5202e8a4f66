"""Seminar exercise: read a two-arm trial's result as a journal club would, in absolute terms.

A colleague brings a randomized trial of a pharmacist-led medication review before discharge
(a hypothetical trial: the counts are the student's to set). From the patients and the 30-day
readmissions in each arm the student gives the absolute risk reduction, the number needed to
treat, and whether the 95% interval of the reduction excludes no effect. Every number comes
from careops.stats.risk_measures (the Newcombe interval for a difference of two proportions).
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from careops import stats
from careops.charts import stats as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["CONTROL", "EXCLUDES", "INCLUDES", "PROGRAMME", "trial_result_exercise"]

CONTROL, PROGRAMME = "Usual discharge", "Pharmacist review"
EXCLUDES = "Yes: the whole interval lies above 0, so chance alone is an unlikely explanation"
INCLUDES = "No: the interval includes 0, so the trial cannot rule out no effect"
_ARR_TOL = 0.0005  # 0.05 percentage points: the ARR typed to one decimal
_NNT_TOL = 0.5  # an NNT rounded to a whole number either way


def _compute(v: Values) -> stats.RiskMeasures:
    n = int(v["patients"])
    return stats.risk_measures(int(v["programme"]), n, int(v["control"]), n)


def _pp(x: float) -> str:
    """A fraction as percentage points to one decimal: 0.0833 -> '8.3'."""
    return f"{100 * x:.1f}"


def _rounded_up(nnt: float) -> int:
    """The NNT as usually reported: the next whole patient up."""
    return math.ceil(round(nnt, 9))


def _check_arr(v: Values, r: stats.RiskMeasures, given: float) -> tuple[bool, str]:
    arr, cr, er = r.absolute_risk_reduction, r.control_risk, r.exposed_risk
    if close_to(given, arr, abs_tol=_ARR_TOL):
        return True, (
            f"ARR = {_pp(cr)}% − {_pp(er)}% = {_pp(arr)} percentage points: the readmission risk "
            "with usual discharge minus the risk with the review."
        )
    if close_to(given, r.relative_risk_reduction or 0.0, abs_tol=_ARR_TOL):
        return False, (
            f"That is the relative risk reduction, the ARR ÷ the usual-care risk ({_pp(cr)}%). "
            "The headline number in many abstracts; the absolute reduction is the difference "
            "of the two risks."
        )
    if close_to(given, arr / 2, abs_tol=_ARR_TOL):
        return False, (
            "You divided the difference in readmissions by the patients in both arms. Each "
            "arm's risk is its readmissions ÷ its own patients; then subtract."
        )
    if close_to(given, -arr, abs_tol=_ARR_TOL):
        return False, (
            "The sign is reversed: a reduction is the usual-care risk minus the review's risk, "
            "positive when the review helps."
        )
    if close_to(given, arr / 100, abs_tol=0.00005):
        return False, f"That looks like a fraction: type it in percentage points ({_pp(arr)})."
    return False, "ARR = usual-care risk − review risk, each as readmissions ÷ patients (in %)."


def _check_nnt(v: Values, r: stats.RiskMeasures, given: float) -> tuple[bool, str]:
    nnt = float(r.nnt or 0.0)
    up = _rounded_up(nnt)
    if close_to(given, nnt, abs_tol=_NNT_TOL) or close_to(given, up, abs_tol=0.01):
        return True, (
            f"NNT = 1 ÷ ARR = 1 ÷ {r.absolute_risk_reduction:.4f} = {nnt:.1f}, usually reported "
            f"rounded up ({up}): about {up} patients reviewed for one readmission avoided."
        )
    if r.relative_risk_reduction and close_to(
        given, 1 / r.relative_risk_reduction, abs_tol=_NNT_TOL
    ):
        return False, (
            "That is 1 ÷ the relative risk reduction. The NNT inverts the absolute reduction: "
            "1 ÷ ARR, with the ARR as a fraction."
        )
    if close_to(given, 2 * nnt, abs_tol=_NNT_TOL):
        return False, (
            "That counts the patients of both arms per readmission avoided. The NNT is per "
            "patient treated: 1 ÷ ARR."
        )
    if close_to(given, nnt / 100, abs_tol=nnt / 1000):
        return False, (
            f"You divided 1 by the ARR in percentage points. Use it as a fraction "
            f"(1 ÷ {r.absolute_risk_reduction:.4f}), or divide 100 by it."
        )
    return False, "NNT = 1 ÷ ARR (the ARR as a fraction), the patients treated per event avoided."


def _check_interval(v: Values, r: stats.RiskMeasures, chosen: str) -> tuple[bool, str]:
    lo, hi = r.arr_ci
    span = f"{_pp(lo)} to {_pp(hi)} percentage points"
    excludes = lo > 0
    if chosen == (EXCLUDES if excludes else INCLUDES):
        if excludes:
            low, high = (_rounded_up(x) for x in r.nnt_ci or (0.0, 0.0))
            return True, (
                f"The 95% interval of the ARR runs from {span}, wholly above 0. Even its low end "
                f"is a benefit: the NNT's interval is about {low} to {high} patients."
            )
        return True, (
            f"The 95% interval of the ARR runs from {span}: it crosses 0. The trial is "
            "compatible with no effect (and even slight harm); more patients would narrow it."
        )
    if excludes:
        return False, (
            f"The interval runs from {span}: its lower end is above 0, so it excludes no effect."
        )
    return False, (
        f"The interval runs from {span}: its lower end is at or below 0. A point estimate "
        "above 0 is not enough; the whole interval must clear 0."
    )


def _check(v: Values, a: Values, r: stats.RiskMeasures) -> Feedback:
    fb = Feedback()
    fb.add(*_check_arr(v, r, a["arr"]))
    fb.add(*_check_nnt(v, r, a["nnt"]))
    fb.add(*_check_interval(v, r, a["interval"]))
    return fb


def _arms(v: Values) -> pd.DataFrame:
    n = int(v["patients"])
    events = [int(v["control"]), int(v["programme"])]
    return pd.DataFrame(
        {
            "arm": [CONTROL, PROGRAMME],
            "events": events,
            "total": [n, n],
            "risk": [e / n for e in events],
        }
    )


def _summary(v: Values, r: stats.RiskMeasures) -> str:
    n = int(v["patients"])
    return (
        f"<p>{n:,} patients in each arm. Readmitted within 30 days: {int(v['control'])} with "
        f"usual discharge, {int(v['programme'])} with the pharmacist review.</p>"
    )


def _chart(v: Values, r: stats.RiskMeasures) -> alt.TopLevelMixin:
    n = int(v["patients"])
    return charts.arm_risks_chart(
        _arms(v),
        max_risk=0.7,
        title=f"Readmitted within 30 days, by arm ({n:,} patients in each)",
        description=(
            f"Horizontal bars of the share readmitted in each arm of {n:,} patients: "
            f"{int(v['control'])} with usual discharge, {int(v['programme'])} with the "
            "pharmacist review."
        ),
    )


def _reveal(v: Values, r: stats.RiskMeasures) -> alt.TopLevelMixin:
    lo, hi = r.arr_ci
    interval = charts.difference_interval_chart(
        100 * r.absolute_risk_reduction,
        100 * lo,
        100 * hi,
        label="Absolute risk reduction",
        unit="percentage points",
    )
    return alt.vconcat(_chart(v, r), interval).properties(
        description=(
            "The two arms' readmission risks, then the absolute risk reduction, "
            f"{_pp(r.absolute_risk_reduction)} percentage points, with its 95% interval from "
            f"{_pp(lo)} to {_pp(hi)}."
        )
    )


def _count(name: str, label: str, default: int, low: int, high: int, step: int) -> Number:
    return Number(
        name,
        label,
        default,
        unit="patients",
        minimum=low,
        maximum=high,
        step=step,
        slider=True,
        whole=True,
    )


def trial_result_exercise(
    *, patients: int = 300, control: int = 50, programme: int = 25
) -> Exercise:
    """Set the arms' patients and readmissions; give the ARR, the NNT and read the interval."""
    return Exercise(
        title="Reading a trial's result: the absolute effect and its interval",
        prompt=(
            "A randomized trial compares usual discharge with a pharmacist's medication review "
            "before discharge; the outcome is readmission within 30 days. Set the patients in "
            "each arm and the readmissions in each. Give the <b>absolute risk reduction</b> (in "
            "percentage points, one decimal), the <b>number needed to treat</b>, and say whether "
            "the <b>95% interval</b> of the reduction excludes no effect."
        ),
        inputs=[
            _count("patients", "Patients in each arm", patients, 100, 500, 100),
            _count("control", "Readmitted, usual discharge", control, 40, 60, 5),
            _count("programme", "Readmitted, pharmacist review", programme, 15, 35, 5),
        ],
        answers=[
            Number(
                "arr",
                "Absolute risk reduction",
                unit="percentage points",
                percent=True,
                example="4.5",
            ),
            Number("nnt", "Number needed to treat", unit="patients", minimum=0, example="30"),
            Choice(
                "interval",
                "Does the 95% interval exclude no effect?",
                [EXCLUDES, INCLUDES],
                radio=True,
            ),
        ],
        compute=_compute,
        check=_check,
        chart=_chart,
        reveal=_reveal,
        summary=_summary,
        static=Static(
            # the three counts, every step: 5 x 5 x 5 = 125 points
            grid={
                "patients": list(range(100, 501, 100)),
                "control": list(range(40, 61, 5)),
                "programme": list(range(15, 36, 5)),
            },
            answers=lambda v, r: {
                "arr": r.absolute_risk_reduction,
                "nnt": r.nnt,
                "interval": EXCLUDES if r.arr_ci[0] > 0 else INCLUDES,
            },
            tolerance={"arr": _ARR_TOL, "nnt": _NNT_TOL},
            slips=lambda v, r: {
                "arr": [
                    r.relative_risk_reduction,
                    r.absolute_risk_reduction / 2,
                    -r.absolute_risk_reduction,
                    (r.absolute_risk_reduction / 100, 0.00005),
                ],
                "nnt": [
                    (_rounded_up(r.nnt), 0.01),
                    1 / r.relative_risk_reduction,
                    2 * r.nnt,
                    (r.nnt / 100, r.nnt / 1000),
                ],
            },
        ),
    )
