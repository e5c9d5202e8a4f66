"""Headless Chromium (Debian's package, driven by Playwright) against the built site on
localhost."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import shutil
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
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
        self.missing: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        """Record a request the site answered with an error (a file the page needs is missing)."""
        if response.status >= 400 and response.url.startswith(self.base):
            self.missing.append(f"{response.status} {response.url[len(self.base) :]}")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def open(self, path: str, wait_ms: int = 300):
        """Open a page and wait until it has settled: loaded, no request for 500 ms (widgets and
        charts fetch modules and icon fonts after the load event), web fonts ready."""
        url = path if path.startswith("about:") else f"{self.base}/{path.lstrip('/')}"
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("document.fonts.ready.then(() => true)")
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


def all_pages(site: Path) -> list[str]:
    """Every HTML page of the built site (the journal-club site is published under it)."""
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts
    )


AXE = Path(__file__).resolve().parents[2] / "_build" / "html" / "_static" / "vendor" / "axe.min.js"


@dataclass
class PageAudit:
    """What one visit of a page showed: off-site requests, console errors, axe violations."""

    offsite: list[str]
    console_errors: list[str]
    violations: list[dict]
    missing: list[str]


AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    return r.violations.filter(x => ['serious', 'critical'].includes(x.impact))
        .map(x => ({id: x.id, impact: x.impact, \
nodes: x.nodes.slice(0, 2).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def site_pages(site) -> list[str]:
    """Every page of both sites, relative to the site's root."""
    return all_pages(site)


AUDIT_TABS = 4  # pages audited at once: most of a visit is waiting for the network to settle


async def _audit_pages(base: str, pages: list[str], axe: str) -> dict[str, PageAudit]:
    """Visit every page in AUDIT_TABS tabs at once, as PageVisit does one at a time: requests
    outside the site blocked and recorded, console errors and missing files kept, axe run."""
    from playwright.async_api import async_playwright

    todo = list(pages)
    found: dict[str, PageAudit] = {}

    async def tab(browser) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        offsite: list[str] = []
        errors: list[str] = []
        missing: list[str] = []

        async def route(r) -> None:
            url = r.request.url
            if url.startswith(base) or url.startswith(("data:", "blob:", "about:")):
                await r.continue_()
            else:
                offsite.append(url)
                await r.abort()

        def response(r) -> None:
            if r.status >= 400 and r.url.startswith(base):
                missing.append(f"{r.status} {r.url[len(base) :]}")

        await context.route("**/*", route)
        page = await context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", response)
        try:
            while todo:
                rel = todo.pop(0)
                for kept in (offsite, errors, missing):
                    kept.clear()
                await page.goto(f"{base}/{rel}", wait_until="load")
                await page.wait_for_load_state("networkidle")
                await page.evaluate("document.fonts.ready.then(() => true)")
                await page.evaluate("localStorage.clear()")
                seen = (list(offsite), list(errors), list(missing))
                await page.add_script_tag(content=axe)
                found[rel] = PageAudit(seen[0], seen[1], await page.evaluate(AXE_RUN), seen[2])
        finally:
            await context.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(tab(browser) for _ in range(AUDIT_TABS)))
        finally:
            await browser.close()
    return found


@pytest.fixture(scope="module")
def audits(site_pages, served_site) -> dict[str, PageAudit]:
    """Every page of both sites visited once (the slowest part of the suite), with axe run in it.

    The visits run on Playwright's async API in a thread of their own: a sync Playwright left
    open on this thread by another fixture keeps an event loop running here."""
    assert AXE.is_file(), "axe-core is not vendored"
    axe = AXE.read_text(encoding="utf-8")
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        found = pool.submit(asyncio.run, _audit_pages(served_site, site_pages, axe)).result()
    return {rel: found[rel] for rel in site_pages}
