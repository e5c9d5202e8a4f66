"""Finance exercise: a five-year business plan for a new sleep centre (cash flows, NPV and the
year it breaks even), from volume, payer mix, staffing and capital."""

from __future__ import annotations

from careops import finance
from careops.charts import finance as charts
from careops.errors import InputError
from careops.widgets.core import Choice, Exercise, Feedback, Number, Values, close_to, money
from careops.widgets.static import Static

__all__ = ["BREAK_EVEN_YEARS", "business_plan_exercise", "plan_of"]

YEARS = 5
PAYERS = ("Commercial", "Medicare", "Medicaid")
NEVER = f"Not within {YEARS} years"
# how close a typed dollar amount must be (to the answer or to a slip), kernel and static alike
CLOSE = {"year_one": {"rel": 0.005, "abs_tol": 500.0}, "npv": {"rel": 0.01, "abs_tol": 1_000.0}}
BREAK_EVEN_YEARS = [f"Year {y}" for y in range(1, YEARS + 1)] + [NEVER]


def _key(payer: str) -> str:
    return payer.lower()


def plan_of(v: Values) -> finance.ServicePlan:
    """The careops plan for the exercise's inputs (shares and rates as fractions)."""
    return finance.service_plan(
        first_year_visits=v["visits"],
        growth=v["growth"],
        payer_shares={p: v[f"share_{_key(p)}"] for p in PAYERS},
        payments={p: v[f"pay_{_key(p)}"] for p in PAYERS},
        staff_fte=v["fte"],
        cost_per_fte=v["cost_per_fte"],
        capital=v["capital"],
        rate=v["rate"],
        years=YEARS,
    )


def _answer_year(plan: finance.ServicePlan) -> str:
    year = plan.break_even_year
    return NEVER if year is None else f"Year {year}"


def _check_year_one(v: Values, given: float, plan: finance.ServicePlan) -> tuple[bool, str]:
    first = plan.table.iloc[1]

    def near(x: float) -> bool:
        return close_to(given, x, **CLOSE["year_one"])

    staffing = v["fte"] * v["cost_per_fte"]
    simple = sum(v[f"pay_{_key(p)}"] for p in PAYERS) / len(PAYERS)
    if near(first["cash_flow"]):
        return True, (
            f"Year 1: {first['visits']:,.0f} visits × ${plan.payment_per_visit:,.2f} "
            f"(the payer-mix average payment) − {money(staffing)} of staff = "
            f"{money(first['cash_flow'])}."
        )
    if near(first["revenue"]):
        return False, (
            "That is year 1's revenue. Net cash flow also pays the staff: subtract FTEs × cost "
            "per FTE."
        )
    if near(first["cash_flow"] - v["capital"]):
        return False, (
            "The capital is spent once, before the service opens (year 0). Leave it out of "
            "year 1's cash flow."
        )
    if near(first["visits"] * simple - staffing):
        return False, (
            "You averaged the three payments as if every payer sent the same number of "
            "patients. Weight each payment by its payer's share of visits."
        )
    return False, (
        "Year-1 net cash flow = visits × average payment per visit (weighted by payer mix) − "
        "FTEs × cost per FTE."
    )


def _check_npv(v: Values, given: float, plan: finance.ServicePlan) -> tuple[bool, str]:
    flows = plan.cash_flows

    def near(x: float) -> bool:
        return close_to(given, x, **CLOSE["npv"])

    if near(plan.npv):
        verdict = "adds value" if plan.npv > 0 else "does not earn the hospital's rate"
        return True, (
            f"NPV at {v['rate']:.0%} is {money(plan.npv)}: the plan {verdict}. Each year's "
            "cash is divided by (1 + rate)^year, and the capital (year 0) is not discounted."
        )
    if near(sum(flows)):
        return False, (
            f"You added the five years without discounting ({money(sum(flows))}). Divide each "
            "year's cash flow by (1 + rate)^year first."
        )
    if near(plan.npv / (1 + v["rate"])):
        return False, (
            "You discounted the capital too, as Excel's =NPV() does when year 0 is inside the "
            "range. The capital is spent today: leave it undiscounted."
        )
    if near(plan.npv + v["capital"]):
        return False, (
            "That is the present value of years 1-5 only: subtract the capital outlay to get "
            "the NPV."
        )
    return False, "NPV = −capital + the sum over years 1-5 of cash flow ÷ (1 + rate)^year."


def _check_year(given: str, plan: finance.ServicePlan) -> tuple[bool, str]:
    right = _answer_year(plan)
    cumulative = plan.table["cumulative"].tolist()
    if given == right:
        if plan.break_even_year is None:
            return True, (
                f"After {YEARS} years the cumulative cash is still "
                f"{money(cumulative[-1])}: the plan has not paid back its capital."
            )
        y = plan.break_even_year
        return True, (
            f"The cumulative cash turns positive in year {y} ({money(cumulative[y])}); "
            f"at the end of year {y - 1} it was {money(cumulative[y - 1])}."
        )
    positive = [y for y in range(1, YEARS + 1) if plan.cash_flows[y] > 0]
    if given != NEVER:
        chosen = int(given.split()[-1])
        if positive and chosen == positive[0] and cumulative[chosen] < 0:
            return False, (
                f"Year {chosen} is the first year with a positive cash flow, but the capital is "
                f"not yet paid back: the cumulative cash is still {money(cumulative[chosen])}."
            )
        if cumulative[chosen] < 0:
            return False, (
                f"At the end of year {chosen} the cumulative cash is still "
                f"{money(cumulative[chosen])}: keep adding years until it turns positive."
            )
        return False, (
            f"The cumulative cash was already positive before year {chosen}: break-even is "
            "the first year it turns positive."
        )
    return False, (
        "Add up the cash flows from year 0 (the capital): the cumulative turns positive "
        f"within {YEARS} years ({money(cumulative[-1])} at the end of year {YEARS})."
    )


def _compute(v: Values) -> finance.ServicePlan:
    return plan_of(v)


def _check(v: Values, a: Values, plan: finance.ServicePlan) -> Feedback:
    fb = Feedback()
    fb.add(*_check_year_one(v, a["year_one"], plan))
    fb.add(*_check_npv(v, a["npv"], plan))
    fb.add(*_check_year(a["break_even_year"], plan))
    return fb


def _chart(v: Values, plan: finance.ServicePlan):
    flows = plan.table[["year", "cash_flow", "cumulative"]]
    return charts.cash_flow_chart(flows, payback=None, reveal=False)


def _summary(v: Values, plan: finance.ServicePlan) -> str:
    visits = ", ".join(f"{x:,.0f}" for x in plan.table["visits"].iloc[1:])
    return f"Visits in years 1-{YEARS}: {visits}."


def _answers(v: Values, plan: finance.ServicePlan) -> dict[str, object]:
    return {
        "year_one": plan.cash_flows[1],
        "npv": plan.npv,
        "break_even_year": _answer_year(plan),
    }


def _slips(v: Values, plan: finance.ServicePlan) -> dict[str, list[float]]:
    first = plan.table.iloc[1]
    staffing = v["fte"] * v["cost_per_fte"]
    simple = sum(v[f"pay_{_key(p)}"] for p in PAYERS) / len(PAYERS)
    return {
        "year_one": [
            float(first["revenue"]),
            float(first["cash_flow"] - v["capital"]),
            float(first["visits"] * simple - staffing),
        ],
        "npv": [sum(plan.cash_flows), plan.npv / (1 + v["rate"]), plan.npv + v["capital"]],
    }


# the static site's grid: first-year visits, growth, staff and capital, each of which moves the
# chart (the discount rate does not: it stays at its default there; the payer shares must add
# up to 100%, so one of them alone cannot move)
STATIC = Static(
    grid={
        "visits": [1_600, 2_000, 2_400, 2_800, 3_200],
        "growth": [0, 4, 8, 12, 16],
        "fte": [4, 5, 6],
        "capital": [700_000, 900_000, 1_100_000],
    },
    answers=_answers,
    tolerance={name: c["abs_tol"] for name, c in CLOSE.items()},
    relative={name: c["rel"] for name, c in CLOSE.items()},
    slips=_slips,
)


def _explain(error: InputError, v: Values) -> str | None:
    if error.field == "payer_shares" and error.rule == "total":
        total = sum(v[f"share_{_key(p)}"] for p in PAYERS)
        return (
            f"The payer shares add up to {total:.0%}: every visit has one payer, so the "
            "commercial, Medicare and Medicaid shares must add up to 100%."
        )
    if error.field == "capital":
        return "The capital outlay must be more than zero: a new service costs money to open."
    return None


def business_plan_exercise(
    *,
    visits: int = 2_400,
    growth: float = 8,
    shares: tuple[float, float, float] = (40, 45, 15),
    payments: tuple[float, float, float] = (420, 280, 170),
    fte: float = 5,
    cost_per_fte: float = 110_000,
    capital: float = 900_000,
    rate: float = 8,
) -> Exercise:
    """A new sleep centre: year-1 net cash flow, five-year NPV and the break-even year."""
    share_inputs = [
        Number(
            f"share_{_key(p)}",
            f"{p}: share of visits",
            s,
            unit="%",
            minimum=0,
            maximum=100,
            step=5,
            slider=True,
            percent=True,
        )
        for p, s in zip(PAYERS, shares, strict=True)
    ]
    pay_inputs = [
        Number(f"pay_{_key(p)}", f"{p}: payment", x, unit="$ per visit", minimum=0, example="300")
        for p, x in zip(PAYERS, payments, strict=True)
    ]
    return Exercise(
        title="Business plan: does a new sleep centre pay its way in five years?",
        prompt=(
            "The hospital plans a sleep centre: it builds and equips two rooms (the capital, "
            "spent before opening), hires technologists and staff, and expects the visits "
            "below in year 1, growing each year. Each payer pays its own amount per visit. "
            "Find the <b>year-1 net cash flow</b>, the <b>five-year NPV</b> at the hospital's "
            "discount rate, and the <b>year the plan breaks even</b> (its cumulative cash "
            "turns positive)."
        ),
        inputs=[
            Number(
                "visits",
                "First-year visits",
                visits,
                unit="visits",
                minimum=0,
                maximum=6_000,
                step=200,
                slider=True,
                whole=True,
            ),
            Number(
                "growth",
                "Visit growth per year",
                growth,
                unit="%",
                minimum=0,
                maximum=20,
                step=2,
                slider=True,
                percent=True,
            ),
            *share_inputs,
            *pay_inputs,
            Number(
                "fte",
                "Staff",
                fte,
                unit="FTEs",
                minimum=0,
                maximum=20,
                step=0.5,
                slider=True,
            ),
            Number(
                "cost_per_fte",
                "Cost per FTE (pay and benefits)",
                cost_per_fte,
                unit="$ a year",
                minimum=0,
                example="110,000",
            ),
            Number("capital", "Capital outlay", capital, unit="$", minimum=0, example="900,000"),
            Number(
                "rate",
                "Hospital's discount rate",
                rate,
                unit="%",
                minimum=0,
                maximum=15,
                step=1,
                slider=True,
                percent=True,
            ),
        ],
        answers=[
            Number("year_one", "Year-1 net cash flow", unit="$", example="150,000"),
            Number("npv", "Five-year NPV", unit="$", example="-40,000"),
            Choice("break_even_year", "The plan breaks even in", BREAK_EVEN_YEARS, radio=True),
        ],
        labels={
            "first_year_visits": "First-year visits",
            "growth": "Visit growth per year (%)",
            "staff_fte": "Staff (FTEs)",
            "cost_per_fte": "Cost per FTE ($ a year)",
            "capital": "Capital outlay ($)",
        },
        compute=_compute,
        check=_check,
        chart=_chart,
        summary=_summary,
        explain=_explain,
        static=STATIC,
    )
