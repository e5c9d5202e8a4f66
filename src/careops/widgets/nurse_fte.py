"""Resource exercise: a unit's census and hours-per-patient-day target -> the FTEs to budget.

The course's ``nurse_staffing`` dataset gives each unit's average census over 2025 (the census at
the start of every 12-hour shift) and its target patients per RN (California's minimum ratios).
The ratio sets the target RN hours per patient day (24 h / patients per RN); the FTE arithmetic
is :func:`careops.finance.nursing_fte`: productive hours a day, productive FTEs at 2,080 paid
hours a year, and paid FTEs once the non-productive share of paid hours (time off) is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd

from careops import data, finance, measures
from careops.charts import basic as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["HOURS_PER_FTE", "UNITS", "NurseFteResult", "nurse_fte_exercise", "unit_year"]

HOURS_PER_FTE = 2080.0  # 40 paid hours a week x 52 weeks
DAYS = 365
UNITS = [
    "4W Medical-Surgical",
    "5E Medical-Surgical",
    "3N Telemetry",
    "2S Step-Down",
    "ICU",
    "Pediatrics",
]
SHARES = [12, 14, 16, 18, 20]  # non-productive share of paid hours, % (the slider's steps)
HOURS_TOL, FTE_TOL = 1.0, 0.1  # absolute: hours a day, FTEs (answers to one decimal)


@lru_cache(maxsize=1)
def _staffing() -> pd.DataFrame:
    return data.load("nurse_staffing")


@lru_cache(maxsize=len(UNITS))
def unit_year(unit: str) -> tuple[float, int, int, pd.DataFrame]:
    """A unit's 2025: average census (patients, over every shift start), staffed beds, target
    patients per RN, and the RN hours worked per patient day week by week (complete weeks)."""
    rows = _staffing()[_staffing()["unit"] == unit]
    census = float(rows["census"].astype(float).mean())
    weeks = measures.weekly(
        rows, "date", hours=("rn_hours", "sum"), census=("census", "sum")
    ).dropna()
    # two shift starts a day: half the summed census is the week's patient days
    weeks["hppd"] = weeks["hours"].astype(float) / (weeks["census"].astype(float) / 2)
    return (
        census,
        int(rows["beds"].iloc[0]),
        int(rows["target_patients_per_rn"].iloc[0]),
        weeks[["week", "hppd"]].reset_index(drop=True),
    )


@dataclass(frozen=True, eq=False)
class NurseFteResult:
    """The unit's facts, the careops answer, and the numbers the tempting slips give."""

    unit: str
    census: float
    beds: int
    ratio: int  # target patients per RN
    hppd: float  # target RN hours per patient day: 24 / ratio
    share: float  # non-productive share of paid hours (fraction)
    fte: finance.NursingFte
    beds_hours: float  # beds x HPPD: staffing the beds instead of the patients
    worked_hppd: float  # what the unit worked over 2025 (RN hours per patient day)
    weeks: pd.DataFrame

    @property
    def added_on_top(self) -> float:
        """Productive FTEs x (1 + share): the share taken of productive, not of paid, hours."""
        return self.fte.productive_fte * (1 + self.share)


def _compute(v: Values) -> NurseFteResult:
    census, beds, ratio, weeks = unit_year(v["unit"])
    hppd = 24 / ratio
    share = v["share"]
    fte = finance.nursing_fte(
        census, hppd, nonproductive_share=share, hours_per_fte=HOURS_PER_FTE, days=DAYS
    )
    worked = float(weeks["hppd"].mean())
    return NurseFteResult(
        unit=v["unit"],
        census=census,
        beds=beds,
        ratio=ratio,
        hppd=hppd,
        share=share,
        fte=fte,
        beds_hours=beds * hppd,
        worked_hppd=worked,
        weeks=weeks,
    )


def _summary(v: Values, r: NurseFteResult) -> str:
    return (
        f"<p><b>{r.unit}</b>: {r.beds} staffed beds, an average census of "
        f"<b>{r.census:.1f}</b> patients in 2025. Its ratio, 1 RN to {r.ratio} patients, "
        f"sets the target at 24 h ÷ {r.ratio} = <b>{r.hppd:.1f} RN hours per patient day</b>. "
        f"Non-productive time is <b>{100 * r.share:.0f}%</b> of paid hours; one FTE is paid "
        f"{HOURS_PER_FTE:,.0f} hours a year.</p>"
    )


def _check(v: Values, a: Values, r: NurseFteResult) -> Feedback:
    fb = Feedback()
    f = r.fte
    hours = a["hours"]
    if close_to(hours, f.daily_hours, abs_tol=HOURS_TOL):
        fb.add(
            True,
            f"{r.census:.1f} patients × {r.hppd:.1f} h = {f.daily_hours:.0f} productive RN hours "
            "a day: the care the unit must give, every day of the year.",
        )
    elif close_to(hours, r.beds_hours, abs_tol=HOURS_TOL):
        fb.add(
            False,
            f"That staffs all {r.beds} beds. Hours of care follow the patients: use the "
            "average census, not the beds.",
        )
    elif close_to(hours, r.census / r.ratio, abs_tol=0.5):
        fb.add(
            False,
            "That is the number of nurses on a shift (census ÷ patients per RN), not hours. "
            "Multiply the census by the hours per patient day.",
        )
    else:
        fb.add(False, "Productive hours a day = average census × RN hours per patient day.")

    typed = a["productive"]
    if close_to(typed, f.productive_fte, abs_tol=FTE_TOL):
        fb.add(
            True,
            f"{f.daily_hours:.0f} h × {DAYS} days ÷ {HOURS_PER_FTE:,.0f} h = "
            f"{f.productive_fte:.1f} productive FTEs: one full-time nurse covers "
            f"{HOURS_PER_FTE / DAYS:.1f} hours of each day of the year, not 8 or 12.",
        )
    elif close_to(typed, f.daily_hours / 8, abs_tol=FTE_TOL):
        fb.add(
            False,
            "Hours a day ÷ 8 counts the 8-hour nurse-days needed each day, as if every nurse "
            "worked 7 days a week. A full-time nurse works 5 days in 7: use the year's hours "
            f"÷ {HOURS_PER_FTE:,.0f}.",
        )
    elif close_to(typed, f.daily_hours / 12, abs_tol=FTE_TOL):
        fb.add(
            False,
            "Hours a day ÷ 12 is the 12-hour shifts filled each day, not FTEs. A full-time nurse "
            f"works about 3 of those a week: use the year's hours ÷ {HOURS_PER_FTE:,.0f}.",
        )
    elif close_to(typed, f.paid_fte, abs_tol=FTE_TOL):
        fb.add(
            False,
            "That already includes the time off. Productive FTEs are the hours worked on the "
            "unit only; the non-productive time comes in the next answer.",
        )
    else:
        fb.add(
            False,
            f"Productive FTEs = productive hours a day × {DAYS} ÷ {HOURS_PER_FTE:,.0f}.",
        )

    paid = a["paid"]
    if close_to(paid, f.paid_fte, abs_tol=FTE_TOL):
        fb.add(
            True,
            f"{f.productive_fte:.1f} ÷ (1 − {r.share:.2f}) = {f.paid_fte:.1f} paid FTEs to "
            "budget: each paid FTE works only "
            f"{100 * (1 - r.share):.0f}% of its hours on the unit.",
        )
    elif close_to(paid, f.productive_fte, abs_tol=FTE_TOL):
        fb.add(
            False,
            "That budgets no time off: vacations, holidays, sick days and education would "
            "leave shifts short or on overtime. Divide by (1 − the non-productive share).",
        )
    elif close_to(paid, r.added_on_top, abs_tol=FTE_TOL):
        fb.add(
            False,
            "Adding the share on top (× (1 + share)) takes it of the productive hours, but it "
            "is a share of paid hours: divide by (1 − share), which gives a little more.",
        )
    else:
        fb.add(False, "Paid FTEs = productive FTEs ÷ (1 − non-productive share).")
    return fb


def _chart(v: Values, r: NurseFteResult) -> alt.VConcatChart:
    weeks = r.weeks.assign(week=r.weeks["week"].dt.strftime("%Y-%m-%d"))
    worked = charts.line_chart(
        weeks,
        x="week",
        x_type="T",
        y="hppd",
        title=f"{r.unit}: RN hours worked per patient day, by week of 2025",
        x_title="Week (starting Monday)",
        y_title="RN hours per patient day (h)",
        points=True,
        rules={f"Target from the ratio: {r.hppd:.1f} h": r.hppd},
        description=(
            f"Line chart of the RN hours worked per patient day on {r.unit} in each complete "
            f"week of 2025 (average {r.worked_hppd:.1f} h), with a dashed line at the "
            f"{r.hppd:.1f} hours per patient day its ratio of 1 RN to {r.ratio} patients sets."
        ),
    )
    split = _paid_hours_split(r.share)
    return alt.vconcat(worked, split).properties(
        title=f"{r.unit}: the hours the unit works, and how a paid FTE's hours divide",
        description=f"{worked.description} {split.description}",
    )


def _paid_hours_split(share: float) -> alt.TopLevelMixin:
    """One paid FTE's year split into hours on the unit and paid time off (the share slider):
    the picture behind dividing by (1 − share), without any of the unit's FTE numbers."""
    off = share * HOURS_PER_FTE
    rows = pd.DataFrame(
        {
            "fte": ["One paid FTE"] * 2,
            "part": [
                f"Worked on the unit: {100 * (1 - share):.0f}% ({HOURS_PER_FTE - off:,.0f} h)",
                f"Paid time off: {100 * share:.0f}% ({off:,.0f} h)",
            ],
            "percent": [100 * (1 - share), 100 * share],
        }
    )
    return charts.bar_chart(
        rows,
        category="fte",
        value="percent",
        color="part",
        color_title="A year's paid hours",
        sort=None,
        title=f"One paid FTE: {HOURS_PER_FTE:,.0f} paid hours a year",
        category_title="Paid hours",
        value_title="Share of paid hours (%)",
        width=520,
        description=(
            f"Stacked bar of one paid FTE's {HOURS_PER_FTE:,.0f} hours a year: "
            f"{100 * (1 - share):.0f}% worked on the unit and {100 * share:.0f}% paid time off "
            "(vacation, holidays, sick days, education)."
        ),
    )


def nurse_fte_exercise(*, unit: str = "3N Telemetry", share: float = 14) -> Exercise:
    """Pick a unit and its non-productive share; find hours a day, productive and paid FTEs."""
    return Exercise(
        title="From census to FTEs: the RN budget of a unit",
        prompt=(
            "You are building next year's RN budget for a unit from last year's average "
            "census and the RN hours per patient day its ratio sets. Find the <b>productive "
            "RN hours a day</b>, the <b>productive FTEs</b> that cover them every day of the "
            "year, and the <b>paid FTEs</b> to budget once time off is covered (FTEs to one "
            "decimal)."
        ),
        inputs=[
            Choice("unit", "Unit", UNITS, default=unit),
            Number(
                "share",
                "Non-productive time",
                share,
                unit="% of paid hours",
                minimum=12,
                maximum=20,
                step=2,
                slider=True,
                percent=True,
            ),
        ],
        answers=[
            Number("hours", "Productive RN hours a day", unit="h", minimum=0, example="96"),
            Number("productive", "Productive FTEs", unit="FTE", minimum=0, example="16.9"),
            Number("paid", "Paid FTEs to budget", unit="FTE", minimum=0, example="19.6"),
        ],
        compute=_compute,
        check=_check,
        chart=_chart,
        summary=_summary,
        static=Static(
            grid={"unit": UNITS, "share": SHARES},  # 6 units x 5 shares = 30 points
            answers=lambda v, r: {
                "hours": r.fte.daily_hours,
                "productive": r.fte.productive_fte,
                "paid": r.fte.paid_fte,
            },
            tolerance={"hours": HOURS_TOL, "productive": FTE_TOL, "paid": FTE_TOL},
            slips=lambda v, r: {
                "hours": [r.beds_hours, (r.census / r.ratio, 0.5)],
                "productive": [
                    r.fte.daily_hours / 8,
                    r.fte.daily_hours / 12,
                    r.fte.paid_fte,
                ],
                "paid": [r.fte.productive_fte, r.added_on_top],
            },
        ),
    )
