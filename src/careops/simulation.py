"""Discrete-event simulation of a walk-in or scheduled clinic session (simpy), for teaching flow.

Patients arrive during a session (at random — a Poisson process — or evenly spaced, the
"smoothed" schedule), wait for the first free provider and are seen for a lognormal visit
time. Each session is observed from opening until the last patient leaves, so the measured
averages obey Little's law exactly: mean number in the clinic = throughput x mean time in
the clinic (Little 1961; the area under the census curve is the sum of the patients' times).

Units: minutes throughout, except ``arrivals_per_hour``. Analytics layer: no charts, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import simpy

from careops import _validate as v
from careops.errors import InputError

__all__ = ["ARRIVAL_PATTERNS", "VISIT_DISTRIBUTIONS", "ClinicRun", "simulate_clinic"]

ARRIVAL_PATTERNS = ("random", "scheduled")
VISIT_DISTRIBUTIONS = ("lognormal", "exponential")


@dataclass(frozen=True, eq=False)
class ClinicRun:
    """What the simulated sessions measured (times in minutes, throughput per minute).

    ``patients``: session, arrival, start, end, wait, flow_time (one row per patient).
    ``census``: session, minute, patients — the number in the clinic after each change.
    ``observed_minutes``: total observation time (each session, opening to last departure).
    """

    patients: pd.DataFrame
    census: pd.DataFrame
    observed_minutes: float
    throughput: float
    mean_flow_time: float
    mean_wait: float
    mean_in_clinic: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python view of the summary numbers."""
        return {
            "observed_minutes": self.observed_minutes,
            "throughput": self.throughput,
            "mean_flow_time": self.mean_flow_time,
            "mean_wait": self.mean_wait,
            "mean_in_clinic": self.mean_in_clinic,
            "patients": len(self.patients),
        }


def _arrival_times(
    rng: np.random.Generator, rate_per_min: float, minutes: float, pattern: str
) -> np.ndarray:
    if pattern == "scheduled":
        gap = 1 / rate_per_min
        return np.arange(0.0, minutes - 1e-9, gap)
    count = rng.poisson(rate_per_min * minutes)
    return np.sort(rng.uniform(0.0, minutes, size=count))


def _visit_times(
    rng: np.random.Generator, mean: float, cv: float, size: int, kind: str
) -> np.ndarray:
    if kind == "exponential":
        return rng.exponential(mean, size=size)
    if cv == 0:
        return np.full(size, mean)
    sigma2 = np.log1p(cv**2)
    return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), size=size)


def simulate_clinic(
    arrivals_per_hour: float,
    providers: int,
    visit_minutes: float,
    *,
    pattern: str = "random",
    session_minutes: float = 240,
    sessions: int = 20,
    visit_cv: float = 0.5,
    visit_distribution: str = "lognormal",
    seed: int = 2025,
) -> ClinicRun:
    """Simulate ``sessions`` clinic sessions and measure waits, flow time and census.

    ``pattern`` is "random" (Poisson arrivals) or "scheduled" (evenly spaced). Visit times
    are lognormal with mean ``visit_minutes`` and coefficient of variation ``visit_cv``.
    The same ``seed`` gives the same run (common random numbers across scenarios).
    """
    rate = v.positive("arrivals_per_hour", arrivals_per_hour) / 60.0
    n_providers = v.integer("providers", providers, minimum=1)
    mean_visit = v.positive("visit_minutes", visit_minutes)
    length = v.positive("session_minutes", session_minutes)
    n_sessions = v.integer("sessions", sessions, minimum=1)
    cv = v.non_negative("visit_cv", visit_cv)
    if pattern not in ARRIVAL_PATTERNS:
        raise InputError(
            "pattern",
            pattern,
            "choice",
            choices=list(ARRIVAL_PATTERNS),
            message=f"pattern must be one of {list(ARRIVAL_PATTERNS)}, got {pattern!r}",
        )
    if visit_distribution not in VISIT_DISTRIBUTIONS:
        raise InputError(
            "visit_distribution",
            visit_distribution,
            "choice",
            choices=list(VISIT_DISTRIBUTIONS),
            message=f"visit_distribution must be one of {list(VISIT_DISTRIBUTIONS)}, "
            f"got {visit_distribution!r}",
        )

    rng = np.random.default_rng(seed)
    rows: list[tuple[int, float, float, float]] = []
    census_rows: list[tuple[int, float, int]] = []
    observed = 0.0
    for session in range(n_sessions):
        arrivals = _arrival_times(rng, rate, length, pattern)
        visits = _visit_times(rng, mean_visit, cv, arrivals.size, visit_distribution)
        env = simpy.Environment()
        desk = simpy.Resource(env, capacity=n_providers)
        changes: list[tuple[float, int]] = [(0.0, 0)]
        in_clinic = [0]

        def patient(
            arrive: float,
            visit: float,
            env=env,
            desk=desk,
            changes=changes,
            in_clinic=in_clinic,
            session=session,
        ):
            yield env.timeout(arrive - env.now)
            in_clinic[0] += 1
            changes.append((env.now, in_clinic[0]))
            with desk.request() as turn:
                yield turn
                start = env.now
                yield env.timeout(visit)
            in_clinic[0] -= 1
            changes.append((env.now, in_clinic[0]))
            rows.append((session, arrive, start, env.now))

        for arrive, visit in zip(arrivals, visits, strict=True):
            env.process(patient(float(arrive), float(visit)))
        env.run()
        end = max(env.now, length)
        observed += end
        census_rows += [(session, t, n) for t, n in changes]
        census_rows.append((session, end, in_clinic[0]))

    patients = pd.DataFrame(rows, columns=["session", "arrival", "start", "end"])
    patients["wait"] = patients["start"] - patients["arrival"]
    patients["flow_time"] = patients["end"] - patients["arrival"]
    census = pd.DataFrame(census_rows, columns=["session", "minute", "patients"])
    census = census.groupby(["session", "minute"], as_index=False).last()

    area = 0.0
    for _, one in census.groupby("session"):
        t = one["minute"].to_numpy()
        n = one["patients"].to_numpy()
        area += float((np.diff(t) * n[:-1]).sum())
    count = len(patients)
    return ClinicRun(
        patients=patients,
        census=census,
        observed_minutes=observed,
        throughput=count / observed,
        mean_flow_time=float(patients["flow_time"].mean()) if count else 0.0,
        mean_wait=float(patients["wait"].mean()) if count else 0.0,
        mean_in_clinic=area / observed,
    )
