"""Data exercise: compare readmission rates across hospitals fairly, with a funnel plot."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from careops import benchmarking, data
from careops.charts import stats as charts
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values
from careops.widgets.static import Static

__all__ = ["PEERS", "FunnelResult", "readmission_funnel_exercise"]

OURS = "Our hospital"
# Teaching data: the region's other hospitals (name, discharges, 30-day readmissions). Made up
# for the exercise, sized like US community and teaching hospitals; "Our hospital" comes from
# the course's inpatient_stays dataset.
PEERS: tuple[tuple[str, int, int], ...] = (
    ("Alder Community", 410, 78),
    ("Birch Valley", 1250, 196),
    ("Cedar Regional", 8800, 1530),
    ("Dogwood General", 2300, 318),
    ("Elm Street", 620, 88),
    ("Fir Point", 3900, 560),
    ("Ginkgo Memorial", 90, 19),
    ("Hawthorn", 5200, 745),
    ("Ironwood", 980, 139),
    ("Juniper Medical", 2750, 470),
    ("Kestrel Bay", 1700, 236),
    ("Larch County", 760, 108),
    ("Maple University", 9600, 1370),
    ("Nutmeg Rural", 220, 29),
    ("Oak Harbor", 4300, 540),
    ("Pine Ridge", 1450, 214),
    ("Quince Valley", 3300, 498),
    ("Rowan", 560, 85),
    ("Spruce Lake", 2050, 298),
)
TARGETS = [
    ("Regional rate (all 20 hospitals pooled)", "regional"),
    ("National benchmark: 14.0%", "national"),
]
NATIONAL = 0.14
OUTLIER_CHOICES = [
    "Yes: above the 99.8% limit — investigate",
    "A warning: between the 95% and 99.8% limits",
    "No: within the limits — too few patients to tell it from chance",
]
OUR_CHOICES = [
    "Above the 99.8% limit (investigate)",
    "Above the 95% limit only (watch)",
    "Within the funnel",
    "Below the funnel (better than the target)",
]


@lru_cache(maxsize=1)
def _ours() -> tuple[int, int]:
    """Our discharges and readmissions, Jan-Nov 2025 (December's 30 days are not yet observed)."""
    stays = data.load("inpatient_stays")
    stays = stays[stays["discharge_date"] < "2025-12-01"]
    return len(stays), int(stays["readmitted_30d"].sum())


@dataclass(frozen=True, eq=False)
class FunnelResult:
    """Where each hospital sits (careops.benchmarking) and the funnel lines to draw."""

    units: pd.DataFrame
    limits: pd.DataFrame
    target: float

    @property
    def above_outer(self) -> int:
        """Hospitals above the 99.8 % limit."""
        return int((self.units["position"] == "above 99.8%").sum())

    @property
    def highest(self) -> pd.Series:
        """The hospital with the highest rate."""
        return self.units.loc[self.units["proportion"].idxmax()]

    def position_of(self, unit: str) -> str:
        """A unit's position on the funnel."""
        return str(self.units.set_index("unit").loc[unit, "position"])


def _compute(v: Values) -> FunnelResult:
    n, events = _ours()
    names = [p[0] for p in PEERS] + [OURS]
    sizes = [p[1] for p in PEERS] + [n]
    counts = [p[2] for p in PEERS] + [events]
    target = NATIONAL if v["target"] == "national" else None
    units = benchmarking.compare_proportions(names, counts, sizes, target=target)
    theta = float(units["target"].iloc[0])
    grid = np.unique(np.geomspace(50, max(sizes) * 1.1, 120).round())
    parts = []
    for coverage, label in ((0.95, "95%"), (0.998, "99.8%")):
        lim = benchmarking.funnel_limits(theta, grid, coverage)
        for side in ("lower", "upper"):
            parts.append(
                pd.DataFrame(
                    {"size": lim["size"], "limit": lim[side], "funnel": label, "side": side}
                )
            )
    return FunnelResult(units=units, limits=pd.concat(parts, ignore_index=True), target=theta)


def _outlier_choice(position: str) -> str:
    if position == "above 99.8%":
        return OUTLIER_CHOICES[0]
    if position == "above 95%":
        return OUTLIER_CHOICES[1]
    return OUTLIER_CHOICES[2]


def _our_choice(position: str) -> str:
    if position == "above 99.8%":
        return OUR_CHOICES[0]
    if position == "above 95%":
        return OUR_CHOICES[1]
    if position.startswith("below"):
        return OUR_CHOICES[3]
    return OUR_CHOICES[2]


def _check(v: Values, a: Values, r: FunnelResult) -> Feedback:
    fb = Feedback()
    above = r.units[r.units["position"] == "above 99.8%"]
    if a["above"] == r.above_outer:
        names = ", ".join(above["unit"]) or "none"
        fb.add(True, f"{r.above_outer} above the outer (99.8%) limit: {names}.")
    elif a["above"] == _above_inner(r):
        fb.add(
            False,
            "You counted the hospitals above the inner (95%) funnel too. With 20 hospitals, "
            "about one will sit outside 95% limits by chance alone: count only those above "
            "the solid 99.8% line.",
        )
    elif a["above"] == 0 and r.above_outer:
        fb.add(
            False,
            "Look at the big hospitals on the right: their funnel is narrow, so a rate a few "
            "points above target is already beyond it.",
        )
    else:
        fb.add(False, "Count the points above the solid (99.8%) upper line.")

    top = r.highest
    truth = _outlier_choice(str(top["position"]))
    if a["highest"] == truth:
        fb.add(
            True,
            f"{top['unit']} has the highest rate ({top['proportion']:.1%}) but only "
            f"{top['size']} discharges: {truth.split(':')[0].lower()}.",
        )
    elif truth == OUTLIER_CHOICES[2]:
        fb.add(
            False,
            f"{top['unit']} has the highest rate, but with {top['size']} discharges a few "
            "patients swing the rate a lot: it is inside the funnel. A league table would "
            "have shamed it; the funnel does not.",
        )
    else:
        fb.add(
            False,
            f"Find {top['unit']} (rate {top['proportion']:.1%}, {top['size']} discharges) and "
            "see which line it is above.",
        )

    ours = _our_choice(r.position_of(OURS))
    if a["ours"] == ours:
        fb.add(True, f"Our hospital: {ours.lower()}.")
    else:
        fb.add(
            False,
            f"Our hospital (circled) is {ours.split(' (')[0].lower()}: compare it with the "
            "limits at its own volume, not with the target line alone.",
        )
    return fb


def _chart(v: Values, r: FunnelResult, reveal: bool):
    # Before Check the chart's data must not carry the answers (the page embeds the spec).
    units = r.units if reveal else r.units[["unit", "size", "proportion"]]
    return charts.funnel_plot(units, r.limits, target=r.target, highlight=OURS, reveal=reveal)


def readmission_funnel_exercise(*, target: str = "regional") -> Exercise:
    """A funnel plot of 30-day readmissions across 20 hospitals: find the real outliers."""
    return Exercise(
        title="Readmissions across hospitals: a funnel plot",
        prompt=(
            "Twenty hospitals report their 30-day readmission rates. Ranking them in a "
            "league table "
            "punishes small hospitals for chance. A <b>funnel plot</b> draws limits around "
            "the target "
            "that narrow as volume grows: inside the funnel is consistent with chance; beyond the "
            "99.8% (solid) limit is a signal to investigate. Check colours each hospital by "
            "its position."
        ),
        inputs=[Choice("target", "Compare against", TARGETS, default=target)],
        answers=[
            Number(
                "above",
                "Hospitals above the 99.8% limit",
                unit="hospitals",
                whole=True,
                minimum=0,
                example="5",
            ),
            Choice(
                "highest",
                "Is the hospital with the highest rate an outlier?",
                OUTLIER_CHOICES,
                radio=True,
            ),
            Choice("ours", "Our hospital is", OUR_CHOICES, radio=True),
        ],
        compute=_compute,
        check=_check,
        chart=lambda v, r: _chart(v, r, reveal=False),
        reveal=lambda v, r: _chart(v, r, reveal=True),
        static=Static(
            grid={"target": [value for _, value in TARGETS]},
            answers=lambda v, r: {
                "above": r.above_outer,
                "highest": _outlier_choice(str(r.highest["position"])),
                "ours": _our_choice(r.position_of(OURS)),
            },
            slips=lambda v, r: {"above": [_above_inner(r), 0]},
        ),
    )


def _above_inner(r: FunnelResult) -> int:
    """Hospitals above either funnel (the usual miscount: the 95% line counted too)."""
    return int(r.units["position"].str.startswith("above").sum())
