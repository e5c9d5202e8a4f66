"""Answer-key facts: every number or ranking a model answer or rubric states, from the data.

A model answer (a markdown solution cell in ``autograders/source``) never types a claim
about the data. It wraps it in a fact marker, ``<!--fact NAME-->TEXT<!--/fact-->``, and
:func:`fill` writes TEXT from :func:`facts` (computed with the careops analytics on the
course datasets), so the text graders read cannot drift from the data. Numbers that the
assignment sets itself (a target, an assumption, a scenario) are either in the students'
prompt already or wrapped in ``<!--given-->TEXT<!--/given-->``. HTML comments do not render,
and solution cells are stripped from the release, so students see neither.

:func:`check_notebook` re-derives every fact and reports, per notebook and cell:
- a fact marker whose text differs from the fact computed now (or names no known fact);
- a number in a model answer or rubric that is neither a fact, marked given, nor in the
  visible prompt or code; a number in the header's description of the data that is unmarked;
- a ranking word (highest, busiest, worst, ...) in a model-answer sentence without a fact.

Run ``python -m careops.grading.answers`` to fill the markers, ``--check`` to only check.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import nbformat
import pandas as pd

from careops.errors import InputError

__all__ = [
    "FACT",
    "GIVEN",
    "assignments",
    "check_assignment",
    "check_notebook",
    "facts",
    "facts_for",
    "fill",
    "fill_notebook",
    "hour",
    "money_k",
    "pct",
    "word",
]

FACT = re.compile(r"<!--\s*fact\s+([\w.-]+)\s*-->(.*?)<!--\s*/fact\s*-->", re.S)
GIVEN = re.compile(r"<!--\s*given\s*-->(.*?)<!--\s*/given\s*-->", re.S)
_REGION = re.compile(r"^[^\n]*BEGIN (SOLUTION|HIDDEN TESTS).*?END \1[^\n]*$", re.S | re.M)
_NUMBER = re.compile(r"(?<![\w.\-])\$?\d+(?:[.,:]\d+)*(?:\s?%|k\b|M\b)?")
_SMALL = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
_WORDS = {w: float(i) for i, w in enumerate(_SMALL)}
_WORDS |= {
    "thirty": 30.0,
    "forty": 40.0,
    "fifty": 50.0,
    "hundred": 100.0,
    "thousand": 1000.0,
    "half": 0.5,
    "third": 1 / 3,
    "quarter": 0.25,
    "fifth": 0.2,
    "twice": 2.0,
    "double": 2.0,
    "dozen": 12.0,
}
# "one" is left out: it is nearly always "a single" ("one change"), not a count from the data
_NUMBER_WORD = re.compile(
    r"\b(" + "|".join(w for w in _WORDS if w != "one") + r")\b(?!-(?:sided|tailed))", re.I
)
_POINTS = re.compile(r"\*\*Total:.*|\(\d+ points?\)")
_RANKING = re.compile(
    r"\b(highest|lowest|largest|smallest|biggest|busiest|quietest|worst|best|"
    r"peaks?|top|most|least|fewest|maximum|minimum)\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")

_REGISTRY: dict[str, Callable[[], dict[str, str]]] = {}


def facts_for(
    assignment: str,
) -> Callable[[Callable[[], dict[str, str]]], Callable[[], dict[str, str]]]:
    """Register the function computing an assignment's facts."""

    def register(func: Callable[[], dict[str, str]]) -> Callable[[], dict[str, str]]:
        _REGISTRY[assignment] = func
        return func

    return register


def _load_answer_keys() -> None:
    """Import every module of careops.grading.answer_keys, each registering its assignments."""
    from careops.grading import answer_keys

    for module in pkgutil.iter_modules(answer_keys.__path__):
        importlib.import_module(f"{answer_keys.__name__}.{module.name}")


def assignments() -> list[str]:
    """Assignments that have computed facts."""
    _load_answer_keys()
    return sorted(_REGISTRY)


@cache
def facts(assignment: str) -> dict[str, str]:
    """The facts of one assignment, name -> text as the model answer prints it."""
    _load_answer_keys()
    if assignment not in _REGISTRY:
        raise InputError("assignment", assignment, "choice", choices=", ".join(assignments()))
    return dict(_REGISTRY[assignment]())


# --- formatting ----------------------------------------------------------------------------


def word(n: int) -> str:
    """A small whole number in words (as prose writes it), digits above twenty."""
    return _SMALL[n] if 0 <= n < len(_SMALL) else f"{n:,}"


def pct(x: float, digits: int = 0) -> str:
    """A share as a percentage, e.g. 0.384 -> 38%."""
    return f"{100 * x:.{digits}f}%"


def money_k(x: float) -> str:
    """Dollars in thousands, e.g. 65261 -> $65.3k."""
    return f"${x / 1000:,.1f}k"


def hour(h: int) -> str:
    """An hour of the day as a clock time, e.g. 19 -> 19:00."""
    return f"{int(h):02d}:00"


# --- the facts of each assignment ----------------------------------------------------------


@facts_for("operations-1")
def _operations() -> dict[str, str]:
    from careops import data, measures
    from careops.lean import littles_law

    visits = data.load("ed_visits")
    census = littles_law(
        throughput=measures.arrival_rate(visits["arrival"], per="hour"),
        flow_time=float(visits["los_min"].mean()) / 60,
    )
    by_hour = measures.arrivals_by_hour(visits["arrival"])
    seen = visits.dropna(subset=["time_to_provider_min"])
    over_30 = (seen["time_to_provider_min"] > 30).astype(float).groupby(seen["esi"]).mean()
    out = {
        "census": f"{census:.1f}",
        "busiest_hour": hour(int(by_hour.idxmax())),
        "quietest_hour": hour(int(by_hour.idxmin())),
        "worst_wait_esi": f"ESI {int(over_30.idxmax())}",
        "worst_wait_share": pct(float(over_30.max())),
    }
    out |= {f"over_30_esi{int(esi)}": pct(share) for esi, share in over_30.items()}
    return out


def _labor_variances() -> pd.DataFrame:
    """Flexible-budget labor variances of every department-month (Q1's method)."""
    from careops import data
    from careops.finance import flexible_budget_variance

    budget = data.load("department_budget")
    rows = []
    for _, row in budget.iterrows():
        result = flexible_budget_variance(
            budget_volume=float(row["budget_volume"]),
            budget_quantity_per_unit=float(row["budget_hours_per_uos"]),
            budget_price=float(row["budget_wage_rate"]),
            actual_volume=float(row["actual_volume"]),
            actual_quantity_per_unit=float(row["actual_hours"]) / float(row["actual_volume"]),
            actual_price=float(row["actual_wage_rate"]),
        )
        rows.append(
            {
                "department": str(row["department"]),
                "month": row["month"],
                "unit": str(row["unit_of_service"]),
                "budget_volume": int(row["budget_volume"]),
                "actual_volume": int(row["actual_volume"]),
                "budget_rate": float(row["budget_wage_rate"]),
                "actual_rate": float(row["actual_wage_rate"]),
                "budget_hpu": float(row["budget_hours_per_uos"]),
                "actual_hpu": float(row["actual_hours"]) / float(row["actual_volume"]),
                "volume": result.volume.amount,
                "quantity": result.quantity.amount,
                "price": result.price.amount,
                "total": result.total.amount,
            }
        )
    return pd.DataFrame(rows)


def _variance_facts(prefix: str, row: pd.Series) -> dict[str, str]:
    """Facts of one department-month's labor variance, names starting with prefix."""
    return {
        f"{prefix}_budget_rate": f"${row['budget_rate']:.2f}",
        f"{prefix}_actual_rate": f"${row['actual_rate']:.2f}",
        f"{prefix}_budget_hours_per_unit": f"{row['budget_hpu']:.1f}",
        f"{prefix}_actual_hours_per_unit": f"{row['actual_hpu']:.1f}",
        f"{prefix}_department": row["department"],
        f"{prefix}_month": row["month"].strftime("%B %Y"),
        f"{prefix}_unit": row["unit"],
        f"{prefix}_budget_volume": f"{row['budget_volume']:,}",
        f"{prefix}_actual_volume": f"{row['actual_volume']:,}",
        **{
            f"{prefix}_{part}": money_k(row[part])
            for part in ("total", "volume", "quantity", "price")
        },
    }


@facts_for("finance-1")
def _finance() -> dict[str, str]:
    variances = _labor_variances()
    worst = variances.loc[variances["total"].idxmax()]
    medsurg = variances[variances["department"] == "Medical-Surgical Unit"]
    return {
        "departments": word(variances["department"].nunique()),
        **_variance_facts("worst", worst),
        **_variance_facts("medsurg", medsurg.loc[medsurg["total"].idxmax()]),
    }


BASE_RATE = 6_500  # the DRG base rate service-lines-1 prints Cardiology's revenue at


@facts_for("service-lines-1")
def _service_lines() -> dict[str, str]:
    from careops import data
    from careops.finance import case_mix_index, drg_payment

    stays = data.load("inpatient_stays")
    lines = stays["service_line"].astype(str)
    cmi = pd.Series(
        {line: case_mix_index(group["drg_weight"]) for line, group in stays.groupby(lines)}
    ).sort_values(ascending=False)
    revenue = pd.Series(
        {
            line: sum(drg_payment(BASE_RATE, float(w)) for w in group["drg_weight"])
            for line, group in stays.groupby(lines)
        }
    )
    readmitted = stays["readmitted_30d"].astype(float)
    rates = readmitted.groupby(lines).mean()
    rank = list(cmi.index).index("Cardiology")
    return {
        "highest_cmi_line": str(cmi.index[0]),
        "highest_cmi": f"{cmi.iloc[0]:.2f}",
        "base_rate": f"${BASE_RATE:,}",
        "cardiology_cmi": f"{cmi['Cardiology']:.2f}",
        "cardiology_cmi_rank": ("highest", "second-highest", "third-highest")[rank]
        if rank < 3
        else f"number {rank + 1}",
        "cardiology_revenue": f"${revenue['Cardiology'] / 1e6:.1f}M",
        "cardiology_revenue_share": pct(revenue["Cardiology"] / revenue.sum()),
        "cardiology_readmission": pct(rates["Cardiology"], 1),
        "all_readmission": pct(float(readmitted.mean()), 1),
        "highest_readmission_line": str(rates.idxmax()),
        "highest_readmission": pct(float(rates.max()), 1),
    }


# The seminar's fictional trial (header and Q1): intervention arm first, as risk_measures takes it.
TRIAL = {"exposed_events": 180, "exposed_total": 1000, "control_events": 230, "control_total": 1000}
CALL_MINUTES = 20  # the model answer's assumption for one follow-up call


@facts_for("seminar-1")
def _seminar() -> dict[str, str]:
    from careops.stats import risk_measures

    r = risk_measures(**TRIAL)
    low, high = r.risk_ratio_ci
    return {
        "patients": f"{TRIAL['exposed_total'] + TRIAL['control_total']:,}",
        "exposed_events": f"{TRIAL['exposed_events']}",
        "exposed_total": f"{TRIAL['exposed_total']:,}",
        "control_events": f"{TRIAL['control_events']}",
        "control_total": f"{TRIAL['control_total']:,}",
        "risk_ratio": f"{r.risk_ratio:.2f}",
        "risk_ratio_ci": f"{low:.2f} to {high:.2f}",
        "arr_points": f"{100 * r.absolute_risk_reduction:.0f}",
        "nnt": f"{r.nnt:.0f}",
        "call_minutes": f"{CALL_MINUTES}",
        "nurse_hours_per_readmission": f"{r.nnt * CALL_MINUTES / 60:.1f}",
    }


# The pilot in quantitative-1's model answer: drop worth detecting, power, two-sided alpha.
PILOT = {"drop": 0.04, "power": 0.8, "alpha": 0.05}


@facts_for("quantitative-1")
def _quantitative() -> dict[str, str]:
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    from careops import data

    appts = data.load("clinic_appointments")
    no_show = appts["no_show"].astype(float)
    by_reminder = no_show.groupby(appts["reminder_sent"].astype(bool)).mean()
    baseline = round(float(no_show.mean()), 2)
    effect = proportion_effectsize(baseline, baseline - PILOT["drop"])
    per_arm = NormalIndPower().solve_power(
        effect_size=effect, alpha=PILOT["alpha"], power=PILOT["power"]
    )
    return {
        "pilot_drop": f"{100 * PILOT['drop']:.0f}",
        "pilot_power": pct(PILOT["power"]),
        "pilot_alpha": pct(PILOT["alpha"]),
        "no_show": pct(baseline),
        "no_show_without_reminder": pct(by_reminder[False], 1),
        "no_show_with_reminder": pct(by_reminder[True], 1),
        "pilot_per_arm": f"{round(per_arm, -2):,.0f}",
    }


@facts_for("resources-1")
def _resources() -> dict[str, str]:
    from careops import data
    from careops.queueing import beds_needed

    stays = data.load("inpatient_stays")
    days = (stays["admission_date"].max() - stays["admission_date"].min()).days + 1
    cardiology = stays[stays["service_line"] == "Cardiology"]
    per_day, los = len(cardiology) / days, float(cardiology["los_days"].mean())
    now, surge = beds_needed(per_day, los, 0.05), beds_needed(per_day * 1.15, los, 0.05)
    return {
        "cardiology_beds": f"{now}",
        "cardiology_surge_beds": f"{surge}",
        "cardiology_extra_beds": word(surge - now),
    }


@facts_for("supply-chain-1")
def _supply() -> dict[str, str]:
    from careops import data
    from careops.supply import reorder_point

    usage = data.load("supply_usage")
    spend = (
        (usage["unit_cost"] * usage["issued_units"].astype(float))
        .groupby(usage["item_id"].astype(str))
        .sum()
    )
    item = str(spend.idxmax())
    rows = usage[usage["item_id"] == item].sort_values("date")
    demand = rows["demand_units"].astype(float)
    last = rows.iloc[-1]
    rop = reorder_point(
        float(demand.mean()), float(rows["lead_time_days"].iloc[0]), float(demand.std()), 0.95
    ).reorder_point
    return {
        "items": f"{usage['item_id'].nunique()}",
        "top_item": item,
        "top_item_name": str(rows["item_description"].iloc[0]),
        "top_item_demand": f"{demand.mean():.0f}",
        "top_item_on_hand": f"{int(last['on_hand_end']):,}",
        "top_item_on_order": f"{int(last['on_order_end']):,}",
        "top_item_days_on_hand": f"{last['on_hand_end'] / demand.mean():.1f}",
        "top_item_days_with_order": (
            f"{(last['on_hand_end'] + last['on_order_end']) / demand.mean():.0f}"
        ),
        "top_item_six_weeks": f"{42 * demand.mean():,.0f}",
        "top_item_reorder_point": f"{rop:,.0f}",
    }


@facts_for("technology-1")
def _technology() -> dict[str, str]:
    from careops.stats import ppv_at_prevalence

    return {"alerts_per_true_case": f"{1 / ppv_at_prevalence(0.85, 0.9, 0.02):.1f}"}


@facts_for("capstone-1")
def _capstone() -> dict[str, str]:
    from careops import data

    cases = data.load("or_cases")
    done = cases[~cases["canceled"].astype(bool)]
    first = done.sort_values("scheduled_start").groupby(["room", "date"], observed=True).head(1)
    delay = (first["actual_start"] - first["scheduled_start"]).dt.total_seconds() / 60
    return {"on_time_baseline": pct(float((delay <= 5).mean()))}


@facts_for("learning-org-1")
def _learning_org() -> dict[str, str]:
    from careops.spc import SHIFT_LENGTH

    return {"shift_length": word(SHIFT_LENGTH)}


@facts_for("leadership-1")
def _leadership() -> dict[str, str]:
    from careops import data

    staffing = data.load("nurse_staffing")
    sums = staffing.groupby("unit", observed=True)[["rn_overtime", "rn_worked"]].sum()
    share = (sums["rn_overtime"] / sums["rn_worked"]).astype(float)
    return {
        "highest_overtime_unit": str(share.idxmax()),
        "highest_overtime_share": pct(float(share.max()), 1),
    }


@facts_for("skillsets-1")
def _skillsets() -> dict[str, str]:
    return {}


# --- checking and filling ------------------------------------------------------------------


def _meta(cell: nbformat.NotebookNode) -> dict:
    """The nbgrader metadata of a cell."""
    return cell.get("metadata", {}).get("nbgrader", {})


def _strip_markers(text: str) -> str:
    """Text with fact and given markers (and what they hold) removed."""
    return GIVEN.sub(" ", FACT.sub(" ", text))


def _values(text: str) -> list[tuple[str, set, bool]]:
    """Every number in the text: token, the values it may stand for, whether it is a word."""
    found = []
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        raw = token.replace("$", "").replace(",", "").replace(" ", "")
        keys: set = {raw}
        scale = 1000.0 if raw.endswith("k") else 1e6 if raw.endswith("M") else 1.0
        number = raw.rstrip("%kM")
        if ":" not in number:
            value = float(number) * scale
            keys.add(value / 100 if raw.endswith("%") else value)
        found.append((token, keys, False))
    for match in _NUMBER_WORD.finditer(text):
        found.append((match.group(0), {_WORDS[match.group(0).lower()]}, True))
    return found


def _rubric(source: str) -> str:
    """The rubric of a prompt cell, without its points column."""
    if "**Rubric**" not in source:
        return ""
    lines = source.split("**Rubric**", 1)[1].splitlines()
    return "\n".join(line.rsplit("|", 2)[0] if line.startswith("|") else line for line in lines)


def _description(header: str) -> str:
    """The header's description of the data: not the title, points line or boilerplate."""
    keep = []
    for block in header.split("\n\n")[1:]:
        if "**Total:" in block or block.startswith(("How it works", "This assignment")):
            continue
        keep.append(block)
    return "\n\n".join(keep)


def _visible(nb: nbformat.NotebookNode) -> set:
    """Values of the digits students are given: prompts (not rubrics or points) and code.

    Test cells are left out: a toy table's numbers are not facts an answer may quote.
    """
    keys: set = set()
    for cell in nb.cells:
        if _meta(cell).get("grade") or (
            cell.cell_type == "markdown" and _meta(cell).get("solution")
        ):
            continue
        text = _REGION.sub("", cell.source)
        if cell.cell_type == "markdown":
            text = text.split("**Rubric**", 1)[0]
            text = _POINTS.sub("", FACT.sub(r"\2", GIVEN.sub(r"\1", text)))
        for _, values, _word in _values(text):
            keys |= values
    return keys


def check_notebook(
    path: str | Path, assignment: str | None = None, known: dict[str, str] | None = None
) -> list[str]:
    """What in one notebook's answer key the data (or the markers) do not support."""
    path = Path(path)
    assignment = assignment or path.parent.name
    if known is None:  # an assignment with no registered facts: each marker is reported below
        known = facts(assignment) if assignment in assignments() else {}
    nb = nbformat.read(path, as_version=4)
    given = _visible(nb)
    problems: list[str] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        where = f"{path}: cell {_meta(cell).get('grade_id') or index}"
        for match in FACT.finditer(cell.source):
            name, text = match.group(1), match.group(2)
            if name not in known:
                problems.append(
                    f"{where}: fact {name!r} is not computed for {assignment} "
                    f"(known: {', '.join(sorted(known)) or 'none'})"
                )
            elif text != known[name]:
                problems.append(
                    f"{where}: fact {name} reads {text!r}, the data give {known[name]!r}"
                )
        is_answer = bool(_meta(cell).get("solution"))
        if is_answer:
            scanned, free = cell.source, given
        elif index == 0:
            scanned, free = _description(cell.source), set()
        else:
            scanned, free = _rubric(cell.source), given
        for token, values, is_word in _values(_strip_markers(scanned)):
            # a digit the prompt or code already gives is given; a word never is ("two weeks")
            if is_word or not values & free:
                problems.append(
                    f"{where}: number {token!r} is typed: mark it "
                    "<!--fact NAME--> (from the data) or <!--given--> (set by the "
                    "assignment)"
                )
        if is_answer:
            for sentence in _SENTENCE.split(cell.source):
                ranking = _RANKING.search(_strip_markers(sentence))
                if ranking and not FACT.search(sentence):
                    problems.append(
                        f"{where}: ranking {ranking.group(0)!r} has no fact in its "
                        f"sentence: {_strip_markers(sentence).strip()[:120]!r}"
                    )
    return problems


def check_assignment(source_dir: str | Path) -> list[str]:
    """Answer-key problems of every notebook of one assignment folder."""
    source_dir = Path(source_dir)
    return [
        p for nb in sorted(source_dir.glob("*.ipynb")) for p in check_notebook(nb, source_dir.name)
    ]


def fill_notebook(path: str | Path, assignment: str | None = None) -> bool:
    """Write each fact marker's text from the data; True when the notebook changed."""
    path = Path(path)
    assignment = assignment or path.parent.name
    known = facts(assignment)
    nb = nbformat.read(path, as_version=4)

    def insert(match: re.Match) -> str:
        name = match.group(1)
        if name not in known:
            raise InputError(
                "fact",
                name,
                "known",
                file=path,
                suggestion=f" for {assignment} (known: {', '.join(sorted(known))})",
            )
        return f"<!--fact {name}-->{known[name]}<!--/fact-->"

    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown" and FACT.search(cell.source):
            new = FACT.sub(insert, cell.source)
            changed |= new != cell.source
            cell.source = new
    if changed:
        nbformat.write(nb, path)
    return changed


def fill(source_root: str | Path) -> list[Path]:
    """Fill the fact markers of every assignment under source_root; the notebooks changed."""
    return [nb for nb in sorted(Path(source_root).glob("*/*.ipynb")) if fill_notebook(nb)]


def main(argv: list[str] | None = None) -> int:
    """Fill (default) or check the answer keys of the assignments under a source folder."""
    parser = argparse.ArgumentParser(
        prog="python -m careops.grading.answers", description=main.__doc__
    )
    parser.add_argument("source", nargs="?", default="autograders/source")
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    root = Path(args.source)
    if not args.check:
        for path in fill(root):
            print(f"filled {path}")
    problems = [
        p
        for folder in sorted(d for d in root.iterdir() if d.is_dir())
        for p in check_assignment(folder)
    ]
    print("\n".join(problems) or "answer keys agree with the data")
    return 1 if problems else 0


if __name__ == "__main__":
    # run the imported module, not this __main__ copy: answer_keys register their facts with
    # careops.grading.answers, so this copy's registry would hold only the ones defined above
    from careops.grading import answers as _answers

    sys.exit(_answers.main())
