"""careops.chapters.seminar: each function returns what its notebook's prose quotes, and the
numbers agree with the trial's counts worked by hand and with the ratings counted directly."""

from __future__ import annotations

import pytest
import yaml
from glue_names import ROOT, markdown_glue_names

from careops.chapters import Results, seminar

SEMINAR = ROOT / "seminar"


@pytest.fixture(scope="module")
def club() -> Results:
    return seminar.journal_club()


@pytest.fixture(scope="module")
def critique() -> Results:
    return seminar.capstone_critique(SEMINAR)


@pytest.mark.parametrize(
    ("notebook", "fixture"),
    [("02-journal-club", "club"), ("03-capstone-critique", "critique")],
)
def test_every_value_the_prose_quotes_is_returned(notebook, fixture, request):
    names = markdown_glue_names(f"book/seminar/{notebook}.ipynb")
    assert names, "the scan found no glue names"
    assert names <= set(request.getfixturevalue(fixture).values)


def test_journal_club_effect_from_the_reconstructed_counts(club):
    # 19.9% of 2,212 control procedures = 440 events; 11.5% of 2,263 checklist ones = 260
    control, checklist = 440 / 2212, 260 / 2263
    arr = control - checklist
    assert club["arr"] == f"{arr:.1%}"
    assert club["rrr"] == f"{arr / control:.0%}"
    assert club["nnt"] == f"{1 / arr:.0f}"
    assert club["avoided"] == f"{6000 * arr:,.0f}"
    assert float(club["arr_lo"].rstrip("%")) < float(club["arr_hi"].rstrip("%"))
    assert club.tables["effect"]["Value"].iloc[0] == f"{control:.1%}"


def test_critique_lists_every_milestone_and_flags_the_worst_rated(critique):
    raw = yaml.safe_load((SEMINAR / "capstone.yml").read_text(encoding="utf-8"))
    assert critique["n_milestones"] == len(raw["milestones"])
    assert critique.tables["milestones"]["Milestone"].tolist() == [
        m["title"] for m in sorted(raw["milestones"], key=lambda m: str(m["due"]))
    ]
    # the only milestone with an "at risk" rating, and the only one all four rate alike
    at_risk = [m for m, vs in seminar.RATINGS.items() if "At risk" in vs]
    assert critique["flagged"] == at_risk[0] == "Current-state analysis"
    alike = [m for m, vs in seminar.RATINGS.items() if len(set(vs)) == 1]
    assert critique["n_agree"] == len(alike) == 1
    summary = critique.tables["summary"]
    counts = {m: vs.count("Needs attention") for m, vs in seminar.RATINGS.items()}
    assert summary["Needs attention (reviewers)"].to_dict() == counts
