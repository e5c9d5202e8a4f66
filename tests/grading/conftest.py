"""Shared helpers for the grading tests: a sandboxed kernel runner and a fake course layout."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pickle
import queue
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from careops.grading.sandbox import SandboxKernelManager


@dataclass
class Ran:
    """What one cell printed and how it ended inside the sandbox."""

    status: str
    stdout: str
    ename: str | None
    kernel_alive: bool


async def _run(code: str, workdir: Path, memory_mb: int, cpu_seconds: int, timeout: float) -> Ran:
    km = SandboxKernelManager(kernel_name="python3", memory_mb=memory_mb, cpu_seconds=cpu_seconds)
    await km.start_kernel(cwd=str(workdir))
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    ename = None
    try:
        await kc.wait_for_ready(timeout=60)

        def hook(msg: dict) -> None:
            nonlocal ename
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                ename = msg["content"]["ename"]

        task = asyncio.ensure_future(
            kc.execute_interactive(code, timeout=timeout, output_hook=hook)
        )
        status = "timeout"
        while not task.done():
            await asyncio.sleep(0.2)
            if not await km.is_alive():
                task.cancel()
                status = "died"
                break
        if task.done() and not task.cancelled():
            try:
                status = task.result()["content"]["status"]
            except (TimeoutError, queue.Empty):
                status = "timeout"
        alive = await km.is_alive()
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    return Ran(status, "".join(out), ename, alive)


def run_sandboxed(
    code: str, workdir: Path, *, memory_mb: int = 2048, cpu_seconds: int = 60, timeout: float = 30
) -> Ran:
    """Run code in a fresh sandboxed kernel whose cwd is workdir."""
    return asyncio.run(_run(code, workdir, memory_mb, cpu_seconds, timeout))


@pytest.fixture
def fake_course(tmp_path: Path) -> Path:
    """A course folder with a secret solution in source/, a gradebook and a student's workdir."""
    course = tmp_path / "course"
    (course / "source" / "a1").mkdir(parents=True)
    (course / "source" / "a1" / "a1.ipynb").write_text("SECRET-SOLUTION-42", encoding="utf-8")
    (course / "gradebook.db").write_bytes(b"SQLite format 3\x00")
    workdir = course / "autograded" / "alice" / "a1"
    workdir.mkdir(parents=True)
    return course


@pytest.fixture(scope="session")
def bwrap_available() -> None:
    """Skip-free guard: the sandbox is required; fail with the fix when bwrap is missing."""
    if shutil.which("bwrap") is None:
        pytest.fail("bwrap is not installed: run `make sandbox-deps`")


T = TypeVar("T")


def shared_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]
) -> T:
    """Build an expensive fixture once per test run, even when xdist workers both need it.

    The first worker to arrive builds it under a lock in the run's shared temp folder and
    pickles the result; any other worker waits, then reuses it. (xdist_group alone is not
    enough: with pytest 9.2, pytest-xdist 3.8's loadgroup no longer keeps a group together.)
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    result = shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if result.is_file():
            return pickle.loads(result.read_bytes())
        workdir = shared / name
        workdir.mkdir(exist_ok=True)
        value = build(workdir)
        result.write_bytes(pickle.dumps(value))
        return value
