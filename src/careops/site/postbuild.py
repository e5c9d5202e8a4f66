"""Post-build checks of the published site: self-contained, and nothing secret in it.

Run by ``careops site check`` (and by ``careops site build``, after the build) and by the
site tests. A page fails when it loads a script, style, font or image from outside the site
(links in prose are fine), or when any file carries an nbgrader solution region, a hidden
test, or a copy of a file from ``autograders/source/``. The region delimiters looked for are
the course's (its ``nbgrader_config.py``, beside ``source/``), nbgrader's defaults when there
is no course.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from careops.grading.delimiters import DEFAULT, Delimiters, course_delimiters

TEXT_SUFFIXES = {".html", ".js", ".json", ".txt", ".ipynb", ".md", ".css", ".py", ".xml", ".ics"}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?((?:[a-z]+:)?//[^'")\s]+)""", re.IGNORECASE)
# hosts that inline scripts use to load code at run time (Altair's HTML renderer, require.js paths)
CDN_IN_SCRIPT = re.compile(
    r"(?:https?:)?//(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|esm\.sh|"
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|ajax\.googleapis\.com|code\.jquery\.com|"
    r"cdn\.plot\.ly|cdn\.bokeh\.org)[^\s\"'<>)]*",
    re.IGNORECASE,
)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]((?:[a-z]+:)?//[^'"]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem in the built site: the file, what is wrong, and the offending value."""

    path: str
    problem: str
    value: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}: {self.value}"


class _ResourceParser(HTMLParser):
    """Collects every URL a page loads (not the ones it merely links to)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []
        self.inline_styles: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.loads.append(("script", a["src"]))
        elif tag == "link":
            rel = a.get("rel", "").lower()
            if any(
                r in rel
                for r in ("stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch")
            ):
                self.loads.append((f"link rel={rel}", a.get("href", "")))
        elif tag in {
            "img",
            "source",
            "audio",
            "video",
            "embed",
            "track",
            "iframe",
            "input",
        } and a.get("src"):
            self.loads.append((tag, a["src"]))
        elif tag == "object" and a.get("data"):
            self.loads.append((tag, a["data"]))
        if tag in {"img", "source"} and a.get("srcset"):
            for part in a["srcset"].split(","):
                self.loads.append((f"{tag} srcset", part.strip().split(" ")[0]))
        if a.get("style"):
            self.inline_styles.append(a["style"])
        self._in_style = tag == "style"
        self._in_script = tag == "script" and not a.get("src")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_styles.append(data)
        if self._in_script:
            self.inline_scripts.append(data)


def external_loads(html_text: str) -> list[tuple[str, str]]:
    """(kind, url) for every resource the page would fetch from another origin."""
    parser = _ResourceParser()
    parser.feed(html_text)
    found = [(kind, url) for kind, url in parser.loads if EXTERNAL.match(url.strip())]
    for style in parser.inline_styles:
        found += [("css url()", u) for u in CSS_URL.findall(style)]
        found += [("css @import", u) for u in CSS_IMPORT.findall(style)]
    for script in parser.inline_scripts:
        found += [("script loaded by an inline script", u) for u in CDN_IN_SCRIPT.findall(script)]
    return found


def check_offline(site: Path) -> list[Finding]:
    """Every external script/style/font/image load in the site's HTML and CSS files."""
    findings = []
    for page in sorted(site.rglob("*.html")):
        for kind, url in external_loads(page.read_text(encoding="utf-8", errors="replace")):
            findings.append(
                Finding(str(page.relative_to(site)), f"loads a {kind} from outside the site", url)
            )
    for sheet in sorted(site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
        # `@import url(...)` matches both patterns: report each address once
        for url in dict.fromkeys(CSS_URL.findall(text) + CSS_IMPORT.findall(text)):
            findings.append(
                Finding(str(sheet.relative_to(site)), "stylesheet loads from outside the site", url)
            )
    return findings


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_secrets(
    site: Path, grading_source: Path | None = None, delimiters: Delimiters | None = None
) -> list[Finding]:
    """nbgrader region delimiters anywhere, and files copied from grading sources.

    The delimiters are the given ones, else those of the course grading_source belongs to
    (``grading_source/../nbgrader_config.py``), else nbgrader's defaults; nbgrader's defaults
    are looked for as well (a page with them came from an nbgrader notebook all the same).
    """
    if delimiters is None:
        delimiters = course_delimiters(
            grading_source.parent if grading_source is not None else None
        )
    findings = []
    source_digests: dict[str, str] = {}
    if grading_source is not None and grading_source.is_dir():
        for f in grading_source.rglob("*"):
            if f.is_file() and f.stat().st_size > 0:
                source_digests[_digest(f.read_bytes())] = str(f)
    for f in sorted(site.rglob("*")):
        if not f.is_file():
            continue
        rel = str(f.relative_to(site))
        if "autograders/source" in rel.replace("\\", "/"):
            findings.append(Finding(rel, "file from autograders/source/ published", rel))
        data = f.read_bytes()
        if source_digests.get(_digest(data)):
            findings.append(
                Finding(rel, "copy of a grading source file", source_digests[_digest(data)])
            )
        if f.suffix in TEXT_SUFFIXES:
            text = data.decode("utf-8", errors="replace")
            for marker in dict.fromkeys((*delimiters.markers, *DEFAULT.markers)):
                if marker in text:
                    findings.append(Finding(rel, "nbgrader marker published", marker))
            if "data-careops-check" in text:  # an exercise's static Check: answers stay encoded
                from careops.widgets.static import readable_answers

                for sentence in readable_answers(text):
                    findings.append(Finding(rel, "exercise answer readable before Check", sentence))
    return findings
