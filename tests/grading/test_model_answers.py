"""Model answers and rubrics state only what the data give (careops.grading.answers).

Every assignment notebook under autograders/source is re-checked against facts computed now
from the datasets; the four answers the content review found wrong are re-derived here by
hand, independently of careops.grading.answers; and a wrong number, a typed number and an
unsupported ranking planted in a copy are each caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from careops import data
from careops.grading import answers

SOURCE = Path(__file__).resolve().parents[2] / "autograders" / "source"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def _cell(path: Path, grade_id: str) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(
        c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def _notebook(assignment: str) -> Path:
    return next((SOURCE / assignment).glob("*.ipynb"))


def _copy(tmp_path: Path, assignment: str) -> Path:
    """A copy of one assignment folder, named as the original (its facts are looked up by name)."""
    folder = tmp_path / assignment
    shutil.copytree(SOURCE / assignment, folder)
    return next(folder.glob("*.ipynb"))


def _edit(path: Path, grade_id: str, old: str, new: str) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    assert old in cell.source, f"{old!r} not in {grade_id}"
    cell.source = cell.source.replace(old, new, 1)
    nbformat.write(nb, path)


def test_every_assignment_is_covered() -> None:
    """Each assignment folder has computed facts, so none escapes the check."""
    assert len(ASSIGNMENTS) >= 30
    assert set(ASSIGNMENTS) <= set(answers.assignments())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_answer_key_agrees_with_the_data(assignment: str) -> None:
    """No fact marker differs from the data, no number is typed, no ranking is unsupported."""
    assert answers.check_assignment(SOURCE / assignment) == []


def _facts_in(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for match in answers.FACT.finditer(text):
        found.setdefault(match.group(1), []).append(match.group(2))
    return found


def test_operations_census_and_busiest_hour_rederived() -> None:
    """ED model answer: Little's-law census and busiest hour, computed by hand from ed_visits."""
    visits = data.load("ed_visits")
    census = len(visits) / (365 * 24) * float(visits["los_min"].mean()) / 60
    busiest = int(visits["arrival"].dt.hour.value_counts().idxmax())
    facts = _facts_in(_cell(_notebook("operations-1"), "w1_answer"))
    assert facts["census"] == [f"{census:.1f}"]
    assert set(facts["busiest_hour"]) == {f"{busiest:02d}:00"}


def test_finance_departments_and_worst_variance_rederived() -> None:
    """Finance: number of departments, and the worst labor overrun (actual - budget labor cost)."""
    budget = data.load("department_budget")
    overrun = budget["actual_labor_cost"] - budget["budget_labor_cost"]
    worst = budget.loc[overrun.idxmax()]
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    header = _facts_in(_cell(_notebook("finance-1"), "header"))
    assert header["departments"] == [words[budget["department"].nunique()]]
    facts = _facts_in(_cell(_notebook("finance-1"), "w1_answer"))
    assert facts["worst_department"] == [str(worst["department"])]
    assert facts["worst_month"] == [worst["month"].strftime("%B %Y")]
    assert facts["worst_total"] == [f"${overrun.max() / 1000:,.1f}k"]


def test_service_lines_highest_cmi_rederived() -> None:
    """Service lines: the line with the highest mean DRG weight is the one the answer names."""
    stays = data.load("inpatient_stays")
    cmi = stays["drg_weight"].groupby(stays["service_line"].astype(str)).mean()
    text = _cell(_notebook("service-lines-1"), "w1_answer")
    facts = _facts_in(text)
    assert facts["highest_cmi_line"] == [str(cmi.idxmax())]
    assert facts["cardiology_cmi"] == [f"{cmi['Cardiology']:.2f}"]
    if cmi.idxmax() != "Cardiology":
        assert "Cardiology has the highest" not in answers.FACT.sub(r"\2", text)


def test_seminar_answer_asserts_only_what_the_prompt_gives() -> None:
    """Seminar: no trial design fact the prompt does not state; effect sizes from the counts."""
    path = _notebook("seminar-1")
    text = answers.FACT.sub(r"\2", _cell(path, "w1_answer")).lower()
    prompt = answers.FACT.sub(r"\2", _cell(path, "header")).lower()
    for claim in ("concealed allocation", "from claims", "younger"):
        assert claim not in text or claim in prompt
    facts = _facts_in(_cell(path, "w1_answer"))
    assert facts["risk_ratio"] == [f"{0.18 / 0.23:.2f}"]
    assert set(facts["nnt"]) == {"20"}


def test_wrong_number_in_a_fact_marker_fails_and_fill_restores_it(tmp_path: Path) -> None:
    """A fact marker holding a number the data contradict is reported; fill writes it back."""
    path = _copy(tmp_path, "operations-1")
    right = answers.facts("operations-1")["census"]
    _edit(
        path,
        "w1_answer",
        f"<!--fact census-->{right}<!--/fact-->",
        "<!--fact census-->20<!--/fact-->",
    )
    problems = answers.check_notebook(path)
    assert any("fact census reads '20'" in p and repr(right) in p for p in problems), problems
    assert answers.fill_notebook(path) is True
    assert answers.check_notebook(path) == []
    assert answers.fill_notebook(path) is False


def test_typed_number_fails(tmp_path: Path) -> None:
    """A number typed into a model answer (no marker, not in the prompt) is reported."""
    path = _copy(tmp_path, "operations-1")
    _edit(path, "w1_answer", "To: COO.", "To: COO. The ED holds about 20 patients.")
    problems = answers.check_notebook(path)
    assert any("w1_answer: number '20' is typed" in p for p in problems), problems


def test_typed_number_word_fails_even_if_the_prompt_uses_it(tmp_path: Path) -> None:
    """'three departments' typed as a word is reported though the prompt says 'three parts'."""
    path = _copy(tmp_path, "finance-1")
    assert "three parts" in _cell(path, "w1_prompt")
    _edit(path, "w1_answer", "Action:", "Three departments ran over. Action:")
    problems = answers.check_notebook(path)
    assert any("w1_answer: number 'Three' is typed" in p for p in problems), problems


def test_unsupported_ranking_fails(tmp_path: Path) -> None:
    """'Cardiology has the highest case mix index' with no fact behind it is reported."""
    path = _copy(tmp_path, "service-lines-1")
    _edit(
        path,
        "w1_answer",
        "Grow referrals",
        "Cardiology has the highest case mix index. Grow referrals",
    )
    problems = answers.check_notebook(path)
    assert any("ranking 'highest' has no fact" in p for p in problems), problems


def test_typed_count_in_the_header_fails(tmp_path: Path) -> None:
    """The header's description of the data may not type a count ('three departments')."""
    path = _copy(tmp_path, "finance-1")
    _edit(path, "header", "<!--fact departments-->six<!--/fact-->", "three")
    problems = answers.check_notebook(path)
    assert any("cell header: number 'three' is typed" in p for p in problems), problems


def test_unknown_fact_fails(tmp_path: Path) -> None:
    """A marker naming a fact nobody computes is reported, and fill refuses it by name."""
    path = _copy(tmp_path, "technology-1")
    _edit(path, "w1_answer", "<!--fact alerts_per_true_case-->", "<!--fact alerts_per_case-->")
    problems = answers.check_notebook(path)
    assert any("fact 'alerts_per_case' is not computed" in p for p in problems), problems
    with pytest.raises(ValueError, match="alerts_per_case"):
        answers.fill_notebook(path)


def test_an_assignment_with_no_registered_facts_has_each_marker_reported(tmp_path: Path) -> None:
    """A new assignment whose facts nobody computes yet is checked, not a crash."""
    folder = tmp_path / "technology-99"
    shutil.copytree(SOURCE / "technology-1", folder)
    problems = answers.check_assignment(folder)
    assert any("fact 'alerts_per_true_case' is not computed" in p for p in problems), problems


def test_careops_grade_validate_reports_a_typed_number_in_a_model_answer(tmp_path: Path) -> None:
    """`careops grade validate` runs the answer-key check on the course's assignments."""
    from careops.grading.validate import answer_key_problems

    path = _copy(tmp_path, "operations-1")
    assert answer_key_problems(path.parent) == []
    _edit(path, "w1_answer", "To: COO.", "To: COO. The ED holds about 20 patients.")
    assert any("number '20' is typed" in p for p in answer_key_problems(path.parent))
