"""careops.stats.rater_agreement: Cohen's kappa of two raters, against worked examples."""

from __future__ import annotations

import pytest

from careops.errors import InputError
from careops.stats import rater_agreement


def _labels(table: list[list[int]], names: list[str]) -> tuple[list[str], list[str]]:
    """Two raters' label lists that reproduce a cross-table (rows rater A, columns rater B)."""
    a: list[str] = []
    b: list[str] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [names[i]] * count
            b += [names[j]] * count
    return a, b


def test_two_categories_by_cohens_definition() -> None:
    """50 items, 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no: p_o 0.7, p_e 0.5, kappa 0.4.

    kappa = (p_o - p_e) / (1 - p_e), Cohen (1960), doi:10.1177/001316446002000104; p_e from
    the margins: (25 x 30 + 25 x 20) / 50^2 = 0.5.
    """
    a, b = _labels([[20, 5], [10, 15]], ["yes", "no"])
    r = rater_agreement(a, b)
    assert r.n == 50
    assert r.observed_agreement == pytest.approx(0.7)
    assert r.chance_agreement == pytest.approx(0.5)
    assert r.kappa == pytest.approx(0.4)
    assert r.table.loc["yes", "no"] == 5 and r.table.loc["no", "yes"] == 10


def test_three_categories_match_the_sas_printout() -> None:
    """statsmodels' test_inter_rater.py reproduces a SAS PROC FREQ printout for this table:
    simple kappa 0.4842, ASE 0.1380, 95% limits 0.2137 to 0.7547; by hand, 107 / 221."""
    a, b = _labels([[0, 4, 1], [0, 8, 0], [0, 1, 5]], ["c1", "c2", "c3"])
    r = rater_agreement(a, b)
    assert r.observed_agreement == pytest.approx(13 / 19)
    assert r.chance_agreement == pytest.approx(140 / 361)
    assert r.kappa == pytest.approx(107 / 221)
    assert r.kappa_ci == pytest.approx((0.2137, 0.7547), abs=1e-4)


def test_categories_fix_the_order_and_add_unused_ones() -> None:
    """A category neither rater used changes no share; the table follows the given order."""
    a, b = ["On track", "At risk", "On track"], ["On track", "On track", "On track"]
    plain = rater_agreement(a, b)
    fixed = rater_agreement(a, b, categories=["On track", "Needs attention", "At risk"])
    assert list(fixed.table.index) == ["On track", "Needs attention", "At risk"]
    assert fixed.kappa == pytest.approx(plain.kappa)
    assert fixed.observed_agreement == pytest.approx(2 / 3)
    assert fixed.kappa_ci is None  # rater B used one category: no standard error


def test_wider_interval_at_a_smaller_alpha() -> None:
    """alpha sets the interval's level: 99% is wider than 95% around the same kappa."""
    a, b = _labels([[20, 5], [10, 15]], ["yes", "no"])
    lo95, hi95 = rater_agreement(a, b).kappa_ci
    lo99, hi99 = rater_agreement(a, b, alpha=0.01).kappa_ci
    assert lo99 < lo95 < 0.4 < hi95 < hi99


@pytest.mark.parametrize(
    ("a", "b", "kwargs", "field"),
    [
        (["x", "y"], ["x"], {}, "rater_b"),
        (["x", "x"], ["x", "x"], {}, "rater_a, rater_b"),
        (["x", None], ["x", "y"], {}, "rater_a[1]"),
        (["x", "z"], ["x", "y"], {"categories": ["x", "y"]}, "categories"),
        ("xy", ["x", "y"], {}, "rater_a"),
    ],
)
def test_bad_input_names_the_field(a: object, b: object, kwargs: dict, field: str) -> None:
    """Unequal lengths, one shared category, a missing label, an unlisted category, a string."""
    with pytest.raises(InputError) as info:
        rater_agreement(a, b, **kwargs)
    assert info.value.field == field
