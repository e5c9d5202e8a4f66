"""LEAN exercise: simulate a clinic session (simpy) — staffing, smoothing and Little's law."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from careops import lean, queueing
from careops.charts import lean as charts
from careops.errors import InputError
from careops.simulation import ClinicRun, simulate_clinic
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to
from careops.widgets.static import Static

__all__ = ["FlowResult", "patient_flow_exercise"]

PATTERNS = [
    ("Walk-in: patients arrive at random", "random"),
    ("Scheduled: one slot every few minutes (smoothed)", "scheduled"),
]
ADD_PROVIDER = "Add one provider"
SMOOTH = "Schedule arrivals evenly"
CHANGES = [ADD_PROVIDER, SMOOTH]


@dataclass(frozen=True, eq=False)
class FlowResult:
    """Today's simulated clinic, its Little's law prediction and the two alternatives."""

    today: ClinicRun
    littles_wip: float
    more_staff: ClinicRun
    smoothed: ClinicRun
    overloaded: str

    @property
    def best_change(self) -> str:
        """Which change cuts the average wait more (by the simulation)."""
        return ADD_PROVIDER if self.more_staff.mean_wait <= self.smoothed.mean_wait else SMOOTH


def _compute(v: Values) -> FlowResult:
    kwargs = {"arrivals_per_hour": v["arrivals"], "visit_minutes": v["visit"], "sessions": 16}
    today = simulate_clinic(providers=v["providers"], pattern=v["pattern"], **kwargs)
    more = simulate_clinic(providers=v["providers"] + 1, pattern=v["pattern"], **kwargs)
    smooth = simulate_clinic(providers=v["providers"], pattern="scheduled", **kwargs)
    try:
        queueing.occupancy(v["arrivals"] / 60, v["visit"], v["providers"])
        overloaded = ""
    except InputError:  # unstable: the offered load reaches the number of providers
        overloaded = (
            "The providers have more work than minutes: the queue grows all session "
            "and the last patients wait very long. "
        )
    wip = lean.littles_law(throughput=today.throughput, flow_time=today.mean_flow_time)
    return FlowResult(
        today=today, littles_wip=wip, more_staff=more, smoothed=smooth, overloaded=overloaded
    )


def _summary(v: Values, r: FlowResult) -> str:
    t = r.today
    return (
        f"<p>{r.overloaded}Measured over 16 simulated sessions: throughput "
        f"<b>{t.throughput * 60:.2f} patients per hour</b>, average time in the clinic "
        f"<b>{t.mean_flow_time:.1f} minutes</b>, of which {t.mean_wait:.1f} waiting.</p>"
    )


def _check(v: Values, a: Values, r: FlowResult) -> Feedback:
    fb = Feedback()
    t = r.today
    wip, given = r.littles_wip, a["wip"]
    if close_to(given, wip, rel=0.03, abs_tol=0.05):
        fb.add(
            True,
            f"Little's law: {t.throughput * 60:.2f} per hour × {t.mean_flow_time / 60:.3f} "
            f"hours = {wip:.2f} patients. Counting them minute by minute in the simulation "
            f"gives {t.mean_in_clinic:.2f}: the law holds.",
        )
    elif close_to(given, t.throughput * 60 * t.mean_flow_time, rel=0.03):
        fb.add(
            False,
            "The units don't match: patients per HOUR times MINUTES. Convert the time to "
            "hours (÷ 60) first.",
        )
    elif close_to(given, t.throughput * 60 * t.mean_wait / 60, rel=0.03, abs_tol=0.05):
        fb.add(
            False,
            "You used the waiting time only; that counts the waiting room. Little's law for "
            "the whole clinic uses the whole time in the clinic.",
        )
    elif t.mean_flow_time > 0 and close_to(
        given, t.throughput * 60 / (t.mean_flow_time / 60), rel=0.03
    ):
        fb.add(
            False,
            "Multiply, don't divide: patients in the clinic = throughput × time in the clinic.",
        )
    else:
        fb.add(
            False,
            "Use Little's law: patients in the clinic = throughput × time in the clinic, in "
            "the same time unit.",
        )

    best = r.best_change
    waits = (
        f"one more provider: {r.more_staff.mean_wait:.1f} min; evenly scheduled: "
        f"{r.smoothed.mean_wait:.1f} min (today {t.mean_wait:.1f})"
    )
    if v["pattern"] == "scheduled" and a["change"] == SMOOTH:
        fb.add(
            False,
            "Arrivals are already scheduled evenly, so smoothing changes nothing here: "
            + waits
            + ".",
        )
    elif a["change"] == best:
        fb.add(True, f"{best} cuts the wait more — {waits}.")
    elif best == SMOOTH:
        fb.add(
            False,
            f"The simulation says {best.lower()} helps more — {waits}. Random arrivals bunch "
            "up; a provider idle at 9:10 cannot see the patients who all came at 9:30.",
        )
    else:
        fb.add(
            False,
            f"The simulation says {best.lower()} helps more — {waits}. When providers are "
            "this busy, evening out arrivals is not enough: the clinic needs more capacity.",
        )
    return fb


def _first_session(r: FlowResult) -> pd.DataFrame:
    """The first simulated session's census, its times to a tenth of a minute (what a chart
    can show; it keeps the static page's grid of simulations small)."""
    census = r.today.census
    first = census[census["session"] == 0]
    return first.assign(minute=first["minute"].round(1))


def _chart(v: Values, r: FlowResult) -> alt.Chart:
    return charts.flow_chart(_first_session(r))


def _reveal(v: Values, r: FlowResult) -> alt.VConcatChart:
    first = _first_session(r)
    waits = pd.DataFrame(
        {
            "scenario": ["Today", ADD_PROVIDER, SMOOTH],
            "mean_wait": [r.today.mean_wait, r.more_staff.mean_wait, r.smoothed.mean_wait],
        }
    )
    flow = charts.flow_chart(first, littles_wip=r.littles_wip)
    bars = charts.wait_comparison_chart(waits)
    return alt.vconcat(flow, bars).properties(
        title="Simulated clinic: patients in the clinic and average waits",
        description=f"{flow.description} {bars.description}",
    )


def patient_flow_exercise(
    *, arrivals: float = 10, providers: int = 2, visit: float = 10
) -> Exercise:
    """Simulate a clinic; predict its census with Little's law; pick the change that cuts waits."""
    return Exercise(
        title="Patient flow: staffing, smoothing and Little's law",
        prompt=(
            "A same-day clinic sees patients for a 4-hour session. Set how many arrive, how many "
            "providers see them and how long a visit takes; the computer simulates 16 sessions. "
            "<b>Use Little's law</b> with the measured throughput and time in the clinic to find "
            "the <b>average number of patients in the clinic</b>. Then decide which change cuts "
            "the wait more."
        ),
        inputs=[
            Number(
                "arrivals",
                "Patients arriving per hour",
                arrivals,
                unit="per hour",
                minimum=1,
                maximum=30,
                slider=True,
                step=1,
            ),
            Number(
                "providers",
                "Providers",
                providers,
                unit="people",
                minimum=1,
                maximum=6,
                slider=True,
                whole=True,
            ),
            Number(
                "visit",
                "Average visit length",
                visit,
                unit="minutes",
                minimum=2,
                maximum=60,
                slider=True,
                step=1,
            ),
            Choice("pattern", "How patients arrive", PATTERNS, default="random"),
        ],
        answers=[
            Number("wip", "Average patients in the clinic", unit="patients", example="6"),
            Choice("change", "Which change cuts the wait more?", CHANGES, radio=True),
        ],
        compute=_compute,
        check=_check,
        chart=_chart,
        reveal=_reveal,
        summary=_summary,
        static=Static(
            # a grid of seeded simulations (16 sessions each, three runs per point)
            grid={
                "arrivals": [6, 8, 10, 12, 14],
                "providers": [1, 2, 3],
                "visit": [5, 10, 15],
                "pattern": [value for _, value in PATTERNS],
            },
            answers=lambda v, r: {"wip": r.littles_wip, "change": _right_change(v, r)},
            tolerance={"wip": 0.05},
            relative={"wip": 0.03},
            slips=_slips,
        ),
    )


def _right_change(v: Values, r: FlowResult) -> str:
    """The change the check accepts (smoothing never, when arrivals are already scheduled)."""
    return ADD_PROVIDER if v["pattern"] == "scheduled" else r.best_change


def _slips(v: Values, r: FlowResult) -> dict[str, list[tuple[float, float]]]:
    """The Little's law mistakes the check names, each with the kernel's tolerance: minutes
    not turned into hours, the waiting time only, dividing instead of multiplying."""
    t = r.today
    rate = t.throughput * 60  # patients per hour
    minutes = rate * t.mean_flow_time
    waiting = rate * t.mean_wait / 60
    slips = [(minutes, 0.03 * minutes), (waiting, max(0.03 * waiting, 0.05))]
    if t.mean_flow_time > 0:
        divided = rate / (t.mean_flow_time / 60)
        slips.append((divided, 0.03 * divided))
    return {"wip": slips}
