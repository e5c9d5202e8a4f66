"""The curriculum data follows the program documents (seeds/program-curriculum.txt)."""

import re
from pathlib import Path

import pytest

from careops import curriculum

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "program-curriculum.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "program-curriculum.txt"
CURRICULUM_ORDER = [
    "operations",
    "finance",
    "leadership",
    "quantitative",
    "resources",
    "supply-chain",
    "service-lines",
    "technology",
    "learning-org",
    "skillsets",
    "seminar",
    "capstone",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def catalog():
    return curriculum.load()


def test_catalog_has_the_twelve_core_courses_in_curriculum_order(catalog):
    assert [c.id for c in catalog.courses] == CURRICULUM_ORDER


def test_catalog_credits_total_36(catalog):
    assert catalog.catalog_credits == 36 == catalog.total_credits


def test_course_credits_match_the_core_courses_table(catalog):
    credits = {c.id: c.credits for c in catalog.courses}
    assert credits == {
        "operations": 4,
        "finance": 4,
        "leadership": 2,
        "quantitative": 3,
        "resources": 2,
        "supply-chain": 2,
        "service-lines": 4,
        "technology": 2,
        "learning-org": 2,
        "skillsets": 3,
        "seminar": 2,
        "capstone": 6,
    }


def test_descriptions_and_objectives_are_verbatim_from_the_seed(catalog):
    seed = squash(SEED.read_text(encoding="utf-8"))
    for course in catalog.courses:
        assert squash(course.title) in seed, course.id
        for para in course.description.split("\n\n"):
            assert squash(para) in seed, f"{course.id}: description paragraph not in the seed"
        for objective in course.objectives:
            assert squash(objective) in seed, f"{course.id}: objective not in the seed: {objective}"


def test_objective_counts_follow_the_seed(catalog):
    counts = {c.id: len(c.objectives) for c in catalog.courses}
    assert counts == {
        "operations": 4,
        "finance": 4,
        "leadership": 0,
        "quantitative": 3,
        "resources": 3,
        "supply-chain": 3,
        "service-lines": 4,
        "technology": 4,
        "learning-org": 3,
        "skillsets": 3,
        "seminar": 3,
        "capstone": 4,
    }


def test_repository_copy_of_the_seed_matches_shared_seed_when_present():
    if not SHARED_SEED.is_file():
        pytest.skip("shared/seeds is not beside this clone")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_plan_totals_are_the_published_sums(catalog):
    assert catalog.plan_totals() == {
        "full-time": 36,
        "part-time-year-1": 18,
        "part-time-year-2": 17,
        "part-time": 35,
    }


def test_part_time_plan_is_one_seminar_credit_short(catalog):
    found = {
        (d.plan_id, d.course_id, d.plan_credits, d.catalog_credits) for d in catalog.discrepancies()
    }
    assert found == {("part-time-year-2", "seminar", 1, 2), ("part-time", "seminar", 1, 2)}


def test_full_time_plan_gives_every_course_its_catalog_credits(catalog):
    assert catalog.plan("full-time").credits_by_course() == {
        c.id: c.credits for c in catalog.courses
    }


@pytest.mark.parametrize(
    ("printed", "course_id"),
    [
        ("Clinical Operations Management and Workflow", "operations"),
        ("Clinical Operations Management and Workflows", "operations"),
        ("Financial Planning and Management", "finance"),
        ("Quantitative Science and Clinical Research in Health Care Operations", "quantitative"),
        ("Integrating Technology into Health Care Delivery", "technology"),
        ("Integrating New Technology into Healthcare Delivery", "technology"),
        ("Creating a Learning Organization in Healthcare Settings", "learning-org"),
        ("Clinical Service Operations Skillset", "skillsets"),
        ("Clinical Services Operations Skillsets", "skillsets"),
        ("Seminar Series", "seminar"),
        ("Capstone", "capstone"),
    ],
)
def test_every_printed_name_variant_maps_to_one_course(catalog, printed, course_id):
    assert catalog.resolve(printed) == course_id


def test_every_plan_entry_resolves_to_a_catalog_course(catalog):
    ids = {c.id for c in catalog.courses}
    for plan in catalog.plans.values():
        assert {e.course_id for e in plan.entries} <= ids


def test_unknown_course_name_is_a_key_error_naming_it(catalog):
    with pytest.raises(KeyError, match="Basket Weaving"):
        catalog.resolve("Basket Weaving")
