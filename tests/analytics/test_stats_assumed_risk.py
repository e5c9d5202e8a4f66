"""careops.stats.risk_difference_at: a risk ratio carried to a local control risk."""

from __future__ import annotations

import math

import pytest

from careops.errors import InputError
from careops.stats import risk_difference_at, risk_measures


def test_cochrane_handbook_worked_example() -> None:
    """Cochrane Handbook 5.1, section 12.5.4.2: RR 0.92 at ACR 0.3 is 24 fewer per 1000, NNT 42."""
    arr = risk_difference_at(0.3, 0.92)
    assert round(1000 * arr) == 24
    assert math.ceil(1 / arr) == 42


def test_agrees_with_a_trial_whose_control_risk_is_the_assumed_one() -> None:
    """At the trial's own control risk the ARR is the trial's ARR (risk_measures)."""
    trial = risk_measures(60, 400, 90, 400)
    assert risk_difference_at(trial.control_risk, trial.risk_ratio) == pytest.approx(
        trial.absolute_risk_reduction
    )


def test_harm_is_negative() -> None:
    """A risk ratio above 1 gives a negative reduction (more events)."""
    assert risk_difference_at(0.2, 1.5) == pytest.approx(-0.1)


@pytest.mark.parametrize(
    ("acr", "rr", "field"),
    [(1.2, 0.8, "assumed_control_risk"), (0.3, -0.5, "risk_ratio"), (0.6, 2.0, "risk_ratio")],
)
def test_bad_input_names_the_field(acr: float, rr: float, field: str) -> None:
    """A risk outside 0-1, a negative ratio, or a ratio giving a risk above 1 is refused."""
    with pytest.raises(InputError) as err:
        risk_difference_at(acr, rr)
    assert err.value.field == field
