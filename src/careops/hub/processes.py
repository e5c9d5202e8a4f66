"""Find and stop every process of one local hub: hub, proxy, single-user servers, kernels.

Single-user servers and kernels run in sessions of their own (so a Ctrl-C meant for the hub
does not reach them); they are found instead by the state directory they carry in their
environment (``CAREOPS_HUB_STATE``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

from careops.hub.config import STATE_ENV

__all__ = ["hub_processes", "kill_hub_processes"]


def hub_processes(state: Path, proc: Path = Path("/proc")) -> list[int]:
    """PIDs of the running processes whose environment names ``state`` as their hub's state."""
    tag = f"{STATE_ENV}={Path(state).resolve()}".encode()
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone already, or not ours to read
            continue
        if tag in environ.split(b"\0"):
            found.append(int(entry.name))
    return sorted(found)


def kill_hub_processes(state: Path, grace: float = 5.0) -> list[int]:
    """SIGTERM the hub's leftover processes, then SIGKILL what is still alive after ``grace`` s."""
    pids = hub_processes(state)
    _signal_all(pids, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _alive(pids):
        time.sleep(0.1)
    _signal_all(_alive(pids), signal.SIGKILL)
    return pids


def _signal_all(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":  # a zombie is dead; its parent reaps it
            alive.append(pid)
    return alive
