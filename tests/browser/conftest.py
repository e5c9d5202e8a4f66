"""Headless Chromium (Debian's package, driven by Playwright) against the built site on localhost."""

from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail("Debian's chromium is not installed: `make browser-deps` (make test does it)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(site: Path) -> Iterator[str]:
    """Serve _build/html on a free loopback port for the session."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Chromium for one module's tests, closed after them: while Playwright's sync API is open it
    leaves an asyncio loop running in this thread, and every later asyncio.run() (nbval's and the
    grading kernels') would fail on this worker."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class PageVisit:
    """A page opened with every request outside the site blocked and recorded."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.offsite: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def open(self, path: str, wait_ms: int = 300):
        url = path if path.startswith("about:") else f"{self.base}/{path.lstrip('/')}"
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(wait_ms)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, served_site):
    visits: list[PageVisit] = []

    def _open(path: str, wait_ms: int = 300) -> PageVisit:
        v = PageVisit(browser, served_site)
        visits.append(v)
        v.open(path, wait_ms)
        return v

    yield _open
    for v in visits:
        v.close()
