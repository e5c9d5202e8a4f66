"""Run a student's kernel inside bubblewrap with no network and hard resource limits.

Only the submission's working directory (read-write), the kernel's runtime directory
(connection file and ipc sockets) and read-only system/Python paths are visible, so student
code cannot read the instructor's source/ (solutions, hidden tests), write the gradebook or
reach any host. ``prlimit`` caps address space and CPU seconds. The kernel talks to the
grader over zmq ``ipc`` sockets (files in the runtime directory), which work across the
network namespace that bwrap unshares.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from traitlets import Integer, List, Unicode

from careops.errors import GradingError, InputError
from careops.grading._compat import HookedKernelManager

# /etc entries a Python kernel needs (user names, DNS config files, linker cache, certificates)
_ETC_ENTRIES = (
    "passwd",
    "group",
    "hosts",
    "nsswitch.conf",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "ssl",
    "ca-certificates",
    "alternatives",
    "fonts",
    "mime.types",
    "locale.alias",
)
_TOP_LEVEL = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONHASHSEED", "CAREOPS_DATASETS")


def bwrap_path() -> str:
    """Path of the bwrap executable; raises GradingError with the fix when it is missing."""
    found = shutil.which("bwrap")
    if not found:
        raise GradingError(
            "bwrap (bubblewrap) is not installed: run `make sandbox-deps` "
            "(apt-get install bubblewrap) before grading"
        )
    return found


def _package_roots() -> list[Path]:
    """Read-only paths Python needs: the interpreter's prefixes and where careops lives."""
    import careops

    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    roots |= {p.resolve() for p in list(roots)}
    roots.add(Path(sys.executable).resolve().parent.parent)
    package_parent = Path(careops.__file__).resolve().parent.parent
    roots.add(package_parent)
    for datasets in (
        package_parent.parent / "datasets",
        Path(os.environ.get("CAREOPS_DATASETS", "")),
    ):
        if str(datasets) not in ("", ".") and datasets.is_dir():
            roots.add(datasets.resolve())
    return sorted(r for r in roots if r.exists())


@dataclass(frozen=True)
class Limits:
    """Resource limits for one sandboxed kernel (address space in MiB, CPU seconds)."""

    memory_mb: int = 2048
    cpu_seconds: int = 120
    extra_ro_paths: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.memory_mb < 256:
            raise InputError("memory_mb", self.memory_mb, "at_least", minimum=256)
        if self.cpu_seconds < 1:
            raise InputError("cpu_seconds", self.cpu_seconds, "at_least", minimum=1)


def sandbox_command(
    argv: Sequence[str],
    *,
    workdir: str | os.PathLike[str],
    runtime_dir: str | os.PathLike[str],
    limits: Limits,
) -> list[str]:
    """Wrap a kernel argv in bwrap (+ prlimit) exposing only workdir and runtime_dir writable."""
    workdir, runtime_dir = Path(workdir).resolve(), Path(runtime_dir).resolve()
    cmd = [
        bwrap_path(),
        "--die-with-parent",
        "--unshare-all",
        "--cap-drop",
        "ALL",
        "--clearenv",
        "--tmpfs",
        "/",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    for name in _TOP_LEVEL:
        top = Path("/") / name
        if top.is_symlink():
            cmd += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            cmd += ["--ro-bind", str(top), str(top)]
    for entry in _ETC_ENTRIES:
        cmd += ["--ro-bind-try", f"/etc/{entry}", f"/etc/{entry}"]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    for root in [*_package_roots(), *map(Path, limits.extra_ro_paths)]:
        if not str(root).startswith("/usr/"):
            cmd += ["--ro-bind", str(root), str(root)]
    # the only writable places: the kernel's runtime dir (sockets, home, tmp) and the workdir;
    # everything else, including the parents of these two, is a read-only empty tree
    home, tmp = runtime_dir / "home", runtime_dir / "tmp"
    home.mkdir(exist_ok=True)
    tmp.mkdir(exist_ok=True)
    cmd += [
        "--bind",
        str(runtime_dir),
        str(runtime_dir),
        "--bind",
        str(workdir),
        str(workdir),
        "--remount-ro",
        "/",
        "--chdir",
        str(workdir),
    ]
    env = {k: os.environ[k] for k in _KEPT_ENV if k in os.environ}
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".mpl"),
        JUPYTER_RUNTIME_DIR=str(runtime_dir),
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONDONTWRITEBYTECODE="1",
        CAREOPS_SANDBOXED="1",
    )
    for key, value in sorted(env.items()):
        cmd += ["--setenv", key, value]
    prlimit = shutil.which("prlimit") or "/usr/bin/prlimit"
    memory = limits.memory_mb * 1024 * 1024
    cmd += ["--", prlimit, f"--as={memory}", f"--cpu={limits.cpu_seconds}", "--core=0", "--", *argv]
    return cmd


def short_runtime_dir() -> Path:
    """A fresh private directory with a short path (ipc socket paths must stay < 108 bytes)."""
    return Path(tempfile.mkdtemp(prefix="cog-", dir="/tmp"))


class SandboxKernelManager(HookedKernelManager):
    """A kernel manager whose kernels start inside the bwrap sandbox over ipc transport.

    Configure from nbgrader_config.py: ``c.SandboxKernelManager.memory_mb = 2048``.
    """

    memory_mb = Integer(2048, help="Address-space limit of the kernel, MiB").tag(config=True)
    cpu_seconds = Integer(120, help="CPU-time limit of the kernel, seconds").tag(config=True)
    extra_ro_paths = List(Unicode(), help="More paths to expose read-only").tag(config=True)

    def __init__(self, **kwargs: object) -> None:
        runtime = short_runtime_dir()
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("connection_file", str(runtime / "kernel.json"))
        super().__init__(**kwargs)
        self.sandbox_runtime_dir = runtime

    @property
    def kernel_spec(self) -> object:
        """The kernelspec, interrupted by message: a signal would hit bwrap, not the kernel."""
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec

    @property
    def limits(self) -> Limits:
        """The limits configured on this manager."""
        return Limits(self.memory_mb, self.cpu_seconds, tuple(self.extra_ro_paths))

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The ipykernel argv, wrapped in the sandbox rooted at the launch cwd."""
        argv = super().format_kernel_cmd(extra_arguments)
        if argv and os.path.isabs(argv[0]):  # "/repo/benchmarks/../.venv/bin/python": the
            argv[0] = os.path.normpath(argv[0])  # sandbox has no /repo/benchmarks to pass through
        workdir = self.launch_cwd() or os.getcwd()
        return sandbox_command(
            argv, workdir=workdir, runtime_dir=self.sandbox_runtime_dir, limits=self.limits
        )

    def launch_options(self, kw: dict[str, Any]) -> dict[str, Any]:
        """The kernel's own output is discarded (set CAREOPS_SANDBOX_DEBUG to keep it)."""
        if not os.environ.get("CAREOPS_SANDBOX_DEBUG"):
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
        return kw

    def after_cleanup(self, restart: bool) -> None:
        """Remove the private runtime directory once the kernel is gone for good."""
        if not restart:
            shutil.rmtree(self.sandbox_runtime_dir, ignore_errors=True)
