"""A real local JupyterHub (hub/jupyterhub_config.py) on free loopback ports, and headless
Chromium to use it as students and the instructor do.

Playwright's sync API refuses to start twice in one thread, and tests/browser keeps one open
for the whole session on its worker; so the hub tests drive their Chromium from a thread of
their own (:class:`ChromiumThread`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from careops.hub.config import STATE_ENV
from careops.hub.processes import hub_processes, kill_hub_processes
from careops.hub.settings import HubSettings

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PASSWORD = "hub-test-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
T = TypeVar("T")


# -- the hub --------------------------------------------------------------------------------


@dataclass
class Hub:
    """A running hub: its settings, its process and where it logs."""

    settings: HubSettings
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return self.settings.url

    def log_tail(self, lines: int = 60) -> str:
        """The end of the hub's log, for failure messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_ports(count: int) -> list[int]:
    """``count`` distinct free TCP ports on the loopback interface."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:``port``."""
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_until(check: Callable[[], T], timeout: float, what: str, interval: float = 0.25) -> T:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def _hub_answers(hub: Hub) -> bool:
    if hub.process.poll() is not None:
        pytest.fail(f"the hub exited with {hub.process.returncode}:\n{hub.log_tail()}")
    try:
        with urllib.request.urlopen(hub.url + "/hub/api", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop_hub(hub: Hub) -> None:
    """Stop the hub as Ctrl-C would (it stops every user's server), then kill what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(hub.process.pid, signal.SIGTERM)
    try:
        hub.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(hub.process.pid, signal.SIGKILL)
        hub.process.wait(timeout=10)
    kill_hub_processes(hub.settings.state, grace=3)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """hub/jupyterhub_config.py running on free ports with its state in a temporary directory."""
    if not (ROOT / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        pytest.fail("configurable-http-proxy is missing: run `npm ci` (make test does)")
    state = tmp_path_factory.mktemp("hub-state")
    port, api_port, proxy_api_port = free_ports(3)
    settings = HubSettings(
        state=state,
        repo_root=ROOT,
        port=port,
        api_port=api_port,
        proxy_api_port=proxy_api_port,
        password=PASSWORD,
        students=2,
    )
    env = os.environ | {
        STATE_ENV: str(state),
        "CAREOPS_HUB_PORT": str(port),
        "CAREOPS_HUB_API_PORT": str(api_port),
        "CAREOPS_HUB_PROXY_API_PORT": str(proxy_api_port),
        "CAREOPS_HUB_PASSWORD": PASSWORD,
        "CAREOPS_HUB_STUDENTS": "2",
    }
    log = state / "hub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(ROOT / "hub" / "jupyterhub_config.py")],
            cwd=state,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Hub(settings=settings, process=process, log=log)
    try:
        wait_until(lambda: _hub_answers(running), 60, "the hub to answer on /hub/api")
        yield running
    finally:
        stop_hub(running)
        left = hub_processes(state)
        busy = [p for p in (port, api_port, proxy_api_port) if port_open(p)]
        assert not left, f"hub processes still running after stop: {left}"
        assert not busy, f"ports still open after the hub stopped: {busy}"


# -- the instructor's terminal ----------------------------------------------------------------


def as_instructor(settings: HubSettings, *args: str, timeout: float = 120) -> str:
    """Run a command in the instructor's course directory with their home (their settings)."""
    home = settings.home(settings.instructor)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env |= {
        "HOME": str(home),
        "USER": settings.instructor,
        STATE_ENV: str(settings.state),
        "PATH": os.pathsep.join([str(VENV_BIN), env.get("PATH", "/usr/bin:/bin")]),
    }
    done = subprocess.run(
        list(args),
        cwd=settings.course_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


# -- Chromium in a thread of its own ------------------------------------------------------------


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail("Debian's chromium is not installed: `make browser-deps` (make test does)")


class ChromiumThread:
    """Headless Chromium whose Playwright lives on one worker thread; ``run`` calls into it."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hub-chromium")
        self._playwright: Any = None
        self.browser: Any = None
        self.run(self._start)

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call ``fn(*args, **kwargs)`` on the Playwright thread and return what it returns."""
        return self._pool.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        def _stop() -> None:
            try:
                if self.browser is not None:
                    self.browser.close()
            finally:
                if self._playwright is not None:
                    self._playwright.stop()

        try:
            self.run(_stop)
        finally:
            self._pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def chromium() -> Iterator[ChromiumThread]:
    """One headless Chromium for the module's users (each gets a context of their own)."""
    thread = ChromiumThread()
    try:
        yield thread
    finally:
        thread.close()
