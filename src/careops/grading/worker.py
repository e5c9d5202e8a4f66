"""Worker side of parallel autograding: execute sanitized notebooks in warm sandboxed kernels.

A job carries everything it needs (notebook JSON, support files, execution settings), so it
runs the same in a local process pool or on a Dask worker, and touches no gradebook. Each
worker thread keeps one spare kernel booting while it runs the current job: kernel start-up,
not grading, dominates small assignments.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_core.utils import run_sync
from traitlets.config import Config

from careops.grading.execute import SandboxedExecute
from careops.grading.sandbox import SandboxKernelManager

DEFAULT_KERNEL = "python3"


@dataclass(frozen=True)
class ExecJob:
    """One submission to execute: sanitized notebooks (name -> JSON) and support files."""

    student: str
    assignment: str
    notebooks: dict[str, str]
    files: dict[str, bytes] = field(default_factory=dict)
    config: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ExecResult:
    """The executed notebooks of one submission (name -> JSON) and how long it took."""

    student: str
    assignment: str
    notebooks: dict[str, str]
    seconds: float


class _WarmKernel:
    """A sandboxed kernel already launched in its own scratch working directory."""

    def __init__(self, config: Config, kernel_name: str) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="cog-work-"))
        self.km = SandboxKernelManager(kernel_name=kernel_name, config=config)
        run_sync(self.km.start_kernel)(cwd=str(self.workdir))
        _LIVE.add(self)

    def alive(self) -> bool:
        """Whether the kernel process is still running."""
        process = getattr(self.km.provisioner, "process", None)
        return process is not None and process.poll() is None

    def close(self) -> None:
        """Kill the kernel and remove its scratch directory."""
        _LIVE.discard(self)
        try:
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
            else:
                run_sync(self.km.cleanup_resources)()
        except Exception:  # a kernel killed from outside is already gone
            self.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def kill(self) -> None:
        """Synchronous last-resort kill (safe from any thread)."""
        process = getattr(self.km.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)
        shutil.rmtree(self.km.sandbox_runtime_dir, ignore_errors=True)


_LIVE: set[_WarmKernel] = set()
_LOCAL = threading.local()


class _Pool:
    """Per-thread pool holding one spare kernel for the next job."""

    def __init__(self, config: Config, kernel_name: str) -> None:
        self.config, self.kernel_name = config, kernel_name
        self.spare: _WarmKernel | None = None

    def take(self, spare: bool = True) -> _WarmKernel:
        """A running kernel (the spare if it is healthy), and a new spare launched behind it.

        ``spare=False`` (the last notebook of a one-off run) launches no spare: on a small
        machine a kernel booting for nobody slows down the one being graded.
        """
        kernel, self.spare = self.spare, None
        if kernel is None or not kernel.alive():
            if kernel is not None:
                kernel.kill()
            kernel = _WarmKernel(self.config, self.kernel_name)
        if spare:
            self.spare = _WarmKernel(self.config, self.kernel_name)
        return kernel


def _pool(settings: dict[str, dict[str, Any]], kernel_name: str) -> _Pool:
    key = json.dumps([settings, kernel_name], sort_keys=True, default=str)
    pools: dict[str, _Pool] = getattr(_LOCAL, "pools", None) or {}
    _LOCAL.pools = pools
    if key not in pools:
        pools[key] = _Pool(Config(settings), kernel_name)
    return pools[key]


def prime_worker(settings: dict[str, dict[str, Any]] | None = None) -> bool:
    """Import the grading stack and boot a spare kernel before the first job arrives."""
    pool = _pool(settings or {}, DEFAULT_KERNEL)
    if pool.spare is None:
        pool.spare = _WarmKernel(pool.config, pool.kernel_name)
    return True


def release_warm_kernels() -> int:
    """Kill every spare kernel of this process (end of a run); returns how many."""
    live = list(_LIVE)
    for kernel in live:
        _LIVE.discard(kernel)
        kernel.kill()
    return len(live)


atexit.register(release_warm_kernels)


def _run_notebook(
    text: str,
    files: dict[str, bytes],
    pool: _Pool,
    config: Config,
    spare: bool = True,
    who: dict[str, str] | None = None,
) -> str:
    nb = nbformat.reads(text, as_version=4)
    kernel_name = nb.metadata.get("kernelspec", {}).get("name") or DEFAULT_KERNEL
    kernel = pool.take(spare) if kernel_name == pool.kernel_name else None
    workdir = kernel.workdir if kernel else Path(tempfile.mkdtemp(prefix="cog-work-"))
    for relpath, content in files.items():
        target = workdir / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    executor = SandboxedExecute(config=config)
    try:
        resources = {"metadata": {"path": str(workdir)}, "nbgrader": dict(who or {})}
        executor.preprocess(nb, resources, km=kernel.km if kernel else None)
    finally:
        kc = getattr(executor, "kc", None)
        if kernel is not None and kc is not None:
            kc.stop_channels()
        if kernel is not None:
            kernel.close()
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return nbformat.writes(nb)


def execute_job(job: ExecJob, *, last: bool = False) -> ExecResult:
    """Execute every notebook of a submission in the sandbox; no gradebook access.

    ``last=True`` (a run's only or final job, graded in-process) boots no spare kernel after
    the submission's last notebook.
    """
    started = time.monotonic()
    config = Config(job.config)
    pool = _pool(job.config, DEFAULT_KERNEL)
    names = sorted(job.notebooks)
    executed = {
        name: _run_notebook(
            job.notebooks[name],
            job.files,
            pool,
            config,
            spare=not (last and i == len(names) - 1),
            who={"student": job.student, "assignment": job.assignment, "notebook": name},
        )
        for i, name in enumerate(names)
    }
    return ExecResult(job.student, job.assignment, executed, time.monotonic() - started)


def _finalize_in_child() -> None:
    """multiprocessing children skip atexit: register the cleanup with multiprocessing too."""
    import multiprocessing.util

    multiprocessing.util.Finalize(None, release_warm_kernels, exitpriority=10)


_finalize_in_child()
