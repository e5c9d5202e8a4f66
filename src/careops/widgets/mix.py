"""Finance exercises: payer-mix revenue, and the case mix index with DRG payment."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from careops import data, finance
from careops.charts import finance as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to, money
from careops.widgets.static import Static

__all__ = ["case_mix_exercise", "payer_mix_exercise"]

PAYERS = {  # payer: (visits per month, payment per visit $), an outpatient imaging centre
    "Medicare": (420, 95),
    "Medicaid": (260, 62),
    "Commercial": (380, 185),
    "Self-pay": (40, 30),
}


def _key(payer: str) -> str:
    return payer.lower().replace("-", "_")


def payer_mix_exercise(payers: dict[str, tuple[float, float]] = PAYERS) -> Exercise:
    """Revenue by payer for an imaging centre: total revenue and the average payment per visit."""
    names = list(payers)
    inputs: list[Number] = []
    for p, (volume, rate) in payers.items():
        inputs.append(
            Number(
                f"vol_{_key(p)}", f"{p}: visits", volume, unit="per month", minimum=0, example="400"
            )
        )
        inputs.append(
            Number(
                f"rate_{_key(p)}",
                f"{p}: payment",
                rate,
                unit="$ per visit",
                minimum=0,
                example="95",
            )
        )

    def volumes(v: Values) -> dict[str, float]:
        return {p: v[f"vol_{_key(p)}"] for p in names}

    def rates(v: Values) -> dict[str, float]:
        return {p: v[f"rate_{_key(p)}"] for p in names}

    def compute(v: Values) -> finance.PayerMixRevenue:
        result = finance.payer_mix_revenue(volumes(v), rates(v))
        if result.total <= 0:
            raise InputError(
                "revenue",
                0,
                "total_positive",
                message="no revenue: every payer has 0 visits or a $0 payment",
            )
        return result

    def check(v: Values, a: Values, r: finance.PayerMixRevenue) -> Feedback:
        fb = Feedback()
        visits = sum(volumes(v).values())
        if close_to(a["total"], r.total, abs_tol=1):
            fb.add(
                True, f"Total revenue is {money(r.total)}: visits × payment, added over the payers."
            )
        elif close_to(a["total"], sum(rates(v).values()) * visits / len(names), abs_tol=1):
            fb.add(
                False,
                "You multiplied all visits by the simple average payment. Payers pay different "
                "amounts: multiply each payer's visits by its own payment, then add.",
            )
        else:
            fb.add(False, "For each payer, visits × payment per visit; then add the payers.")
        average = r.total / visits  # the revenue-weighted average payment, from careops' total
        simple = sum(rates(v).values()) / len(names)
        if close_to(a["average"], average, abs_tol=0.5):
            fb.add(
                True,
                f"The average payment is {money(average)} per visit: total revenue ÷ "
                f"{visits:,.0f} visits. It moves with the mix, not only with the rates.",
            )
        elif close_to(a["average"], simple, abs_tol=0.5):
            fb.add(
                False,
                f"{money(simple)} is the plain average of the four rates. It ignores how many "
                "visits each payer brings: divide total revenue by total visits.",
            )
        else:
            fb.add(False, "Average payment per visit = total revenue ÷ total visits.")
        top = r.share.idxmax()
        if a["largest"] == top:
            fb.add(True, f"{top} brings the most revenue ({r.share[top]:.0%} of it).")
        else:
            most_visits = max(volumes(v), key=volumes(v).get)
            extra = (
                " It brings the most visits, but not the most dollars."
                if a["largest"] == most_visits
                else ""
            )
            fb.add(
                False, f"Not {a['largest']}: compare revenue (visits × payment), not visits.{extra}"
            )
        return fb

    def chart(v: Values, r: finance.PayerMixRevenue):
        return charts.payer_visits_chart(
            pd.DataFrame(
                {
                    "payer": names,
                    "visits": list(volumes(v).values()),
                    "rate": list(rates(v).values()),
                }
            )
        )

    def reveal(v: Values, r: finance.PayerMixRevenue):
        table = pd.DataFrame(
            {
                "payer": r.by_payer.index,
                "revenue": r.by_payer.to_numpy(),
                "share": r.share.to_numpy(),
            }
        )
        return charts.payer_revenue_chart(table)

    def answers(v: Values, r: finance.PayerMixRevenue) -> Values:
        return {
            "total": r.total,
            "average": r.total / sum(volumes(v).values()),
            "largest": r.share.idxmax(),
        }

    def slips(v: Values, r: finance.PayerMixRevenue) -> dict[str, list[float]]:
        """All visits at the plain average payment; the plain average of the rates."""
        simple = sum(rates(v).values()) / len(names)
        return {"total": [simple * sum(volumes(v).values())], "average": [simple]}

    static = Static(  # the static site's grid: the commercial and Medicaid volumes, the rate
        grid={
            "vol_commercial": [200, 290, 380, 470, 560],
            "vol_medicaid": [140, 260, 380, 500],
            "rate_commercial": [125, 155, 185, 215, 245],
        },
        answers=answers,
        tolerance={"total": 1.0, "average": 0.5},
        slips=slips,
    )

    return Exercise(
        title="Payer mix: what does the imaging centre earn per visit?",
        prompt=(
            "An outpatient imaging centre is paid different amounts by each payer. Change the "
            "visits and payments to see how the mix moves revenue. Find the <b>total revenue</b> "
            "per "
            "month, the <b>average payment per visit</b>, and the payer that brings the <b>most "
            "revenue</b>."
        ),
        inputs=inputs,
        answers=[
            Number("total", "Total revenue", unit="$ per month", example="112,000"),
            Number("average", "Average payment", unit="$ per visit", example="102"),
            Choice("largest", "Payer bringing the most revenue", names, radio=True),
        ],
        labels={f"volumes[{p!r}]": f"{p}: visits" for p in names}
        | {f"rates[{p!r}]": f"{p}: payment" for p in names},
        explain=lambda e, v: (
            "There is no revenue: every payer has 0 visits or a $0 payment. Give at least one "
            "payer some visits and a payment."
            if (e.field, e.rule) == ("revenue", "total_positive")
            else None
        ),
        compute=compute,
        check=check,
        chart=chart,
        reveal=reveal,
        static=static if payers == PAYERS else None,
    )


@lru_cache(maxsize=1)
def _stays() -> pd.DataFrame:
    return data.load("inpatient_stays")


def _case_mix(v: Values) -> pd.DataFrame:
    stays = _stays()
    if v["service_line"] != "Whole hospital":
        stays = stays[stays["service_line"] == v["service_line"]]
    table = (
        stays.groupby(["drg", "drg_description"], observed=True)
        .agg(discharges=("stay_id", "size"), weight=("drg_weight", "first"))
        .reset_index()
    )
    table["drg_label"] = (
        table["drg"].astype(str) + " " + table["drg_description"].astype(str).str.slice(0, 40)
    )
    return table


def _drg_table(table: pd.DataFrame) -> str:
    rows = "".join(
        f"<tr><td>{r.drg_label}</td><td>{r.weight:.2f}</td><td>{r.discharges:,}</td></tr>"
        for r in table.itertuples(index=False)
    )
    return (
        f"<table><tr><th>DRG</th><th>Relative weight</th><th>Discharges</th></tr>{rows}</table>"
        f"<p>{int(table['discharges'].sum()):,} discharges in {len(table)} DRGs.</p>"
    )


def case_mix_exercise(*, service_line: str = "Medicine", base_rate: float = 6_500) -> Exercise:
    """Case mix index for a service line (inpatient_stays) and its average DRG payment."""
    lines = ["Whole hospital", "Medicine", "Cardiology", "Orthopedics"]

    def compute(v: Values) -> dict:
        table = _case_mix(v)
        cmi = finance.case_mix_index(table["weight"], table["discharges"])
        return {
            "table": table,
            "cmi": cmi,
            "payment": finance.drg_payment(v["base_rate"], cmi),
            "simple": finance.case_mix_index(table["weight"]),
        }

    def check(v: Values, a: Values, r: dict) -> Feedback:
        fb = Feedback()
        if close_to(a["cmi"], r["cmi"], abs_tol=0.005):
            fb.add(
                True,
                f"CMI = {r['cmi']:.3f}: the DRG weights averaged over every discharge, so common "
                "DRGs count more.",
            )
        elif close_to(a["cmi"], r["simple"], abs_tol=0.005):
            fb.add(
                False,
                f"{r['simple']:.3f} averages the DRG list, one vote per DRG. The CMI averages "
                "over discharges: weight each DRG by how many patients had it.",
            )
        else:
            fb.add(False, "CMI = sum of (DRG weight × discharges) ÷ total discharges.")
        if close_to(a["payment"], r["payment"], rel=0.005, abs_tol=1):
            fb.add(
                True,
                f"Average DRG payment ≈ {money(v['base_rate'])} × {r['cmi']:.3f} = "
                f"{money(r['payment'])} per discharge.",
            )
        elif close_to(a["payment"], v["base_rate"], abs_tol=1):
            fb.add(
                False,
                "That is the base rate, the payment for a DRG of weight 1.0. Multiply it by the "
                "CMI.",
            )
        else:
            fb.add(
                False,
                "DRG payment = hospital base rate × relative weight; on average, base rate × CMI.",
            )
        return fb

    static = Static(  # the static site's grid: every service line (the base rate as given)
        grid={"service_line": lines},
        answers=lambda v, r: {"cmi": r["cmi"], "payment": r["payment"]},
        tolerance={"cmi": 0.005, "payment": 1.0},
        relative={"payment": 0.005},
        slips=lambda v, r: {"cmi": [r["simple"]], "payment": [(v["base_rate"], 1.0)]},
    )

    return Exercise(
        title="Case mix index and DRG payment",
        prompt=(
            "Under Medicare's DRG system each discharge is paid the hospital's <b>base rate × the "
            "DRG's relative weight</b>. The <b>case mix index</b> (CMI) is the average weight over "
            "all discharges: a higher CMI means sicker, costlier patients and higher payment. "
            "Using a year of the hospital's discharges, find the CMI for the service line and "
            "the average DRG payment per discharge."
        ),
        inputs=[
            Choice("service_line", "Service line", lines, default=service_line),
            Number(
                "base_rate", "Hospital base rate", base_rate, unit="$", minimum=0, example="6,500"
            ),
        ],
        answers=[
            Number("cmi", "Case mix index", example="0.95"),
            Number("payment", "Average DRG payment", unit="$ per discharge", example="5,900"),
        ],
        compute=compute,
        check=check,
        chart=lambda v, r: charts.case_mix_chart(r["table"]),
        reveal=lambda v, r: charts.case_mix_chart(r["table"], cmi=r["cmi"]),
        summary=lambda v, r: _drg_table(r["table"]),
        static=static,
    )
