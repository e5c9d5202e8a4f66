"""careops.simulation: the simpy clinic obeys Little's law and matches M/M/c queueing theory."""

from __future__ import annotations

import pytest

from careops import queueing
from careops.simulation import simulate_clinic


def test_littles_law_holds_exactly_over_whole_sessions():
    # Little (1961), Oper Res 9:383: L = lambda W; exact when each session is observed
    # from empty to empty, because the census area equals the sum of the times in system.
    run = simulate_clinic(12, 2, 9, sessions=5, seed=3)
    assert run.mean_in_clinic == pytest.approx(run.throughput * run.mean_flow_time, rel=1e-9)


@pytest.mark.parametrize(("per_hour", "providers", "minutes"), [(10, 2, 10), (6, 1, 8)])
def test_long_run_wait_matches_erlang_c(per_hour, providers, minutes):
    # M/M/c: exponential visits, Poisson arrivals; long-run mean wait Wq = C(A, N) h / (N - A)
    # (Erlang C, as in careops.queueing, itself checked against published call-centre tables).
    run = simulate_clinic(
        per_hour,
        providers,
        minutes,
        session_minutes=60 * 24 * 90,
        sessions=1,
        visit_distribution="exponential",
        seed=11,
    )
    expected = queueing.average_wait(per_hour / 60, minutes, providers)
    assert run.mean_wait == pytest.approx(expected, rel=0.12)


def test_scheduled_arrivals_wait_less_than_random_ones():
    random = simulate_clinic(10, 2, 10, pattern="random", seed=5)
    smooth = simulate_clinic(10, 2, 10, pattern="scheduled", seed=5)
    assert smooth.mean_wait < random.mean_wait


def test_same_seed_same_run():
    a = simulate_clinic(8, 1, 6, seed=9).to_dict()
    b = simulate_clinic(8, 1, 6, seed=9).to_dict()
    assert a == b


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"providers": 0}, "providers must be at least 1, got 0"),
        ({"arrivals_per_hour": -2}, "arrivals_per_hour must be greater than 0, got -2"),
        ({"pattern": "burst"}, "pattern must be one of"),
        ({"visit_distribution": "uniform"}, "visit_distribution must be one of"),
    ],
)
def test_bad_arguments_are_named(kwargs, words):
    args = {"arrivals_per_hour": 10, "providers": 2, "visit_minutes": 10} | kwargs
    with pytest.raises(ValueError, match=words):
        simulate_clinic(**args)
