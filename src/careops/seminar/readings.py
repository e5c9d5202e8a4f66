"""The journal club's readings: a BibTeX file as Zotero exports it, checked and formatted by
pybtex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pybtex.database
from pybtex.database import BibliographyData, Entry
from pybtex.exceptions import PybtexError
from pybtex.plugin import find_plugin
from pybtex.richtext import Text

from careops.errors import InputError
from careops.seminar.yamlio import SeminarError

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
REQUIRED_FIELDS = {
    "article": ("title", "journal", "year"),
}
DEFAULT_REQUIRED = ("title", "year")
_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])\s*([^,\s]*)")
_NON_ENTRIES = {"comment", "preamble", "string"}


@dataclass(frozen=True)
class Reading:
    """One peer-reviewed paper of the reading list, as the .bib file gives it."""

    key: str
    line: int
    entry_type: str
    authors: tuple[str, ...]  # last names, in order
    title: str
    journal: str
    year: str
    doi: str
    url: str
    keywords: tuple[str, ...]

    @property
    def link(self) -> str:
        """Where the paper lives: its DOI resolver address, else its URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    @property
    def short(self) -> str:
        """Author-year label such as ``Aiken et al. 2002`` or ``Hoot & Aronsky 2008``."""
        names = self.authors
        if not names:
            who = self.title.split(":")[0]
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who} {self.year}"


@dataclass(frozen=True)
class Bibliography:
    """The parsed .bib file: pybtex's data plus the checked readings, in file order."""

    path: Path
    data: BibliographyData
    readings: dict[str, Reading]

    def entry(self, key: str) -> Entry:
        return self.data.entries[key]


def _entry_spans(text: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    """Entries (type, key, line) found by brace matching, and text found outside any entry."""
    spans: list[tuple[str, str, int]] = []
    stray: list[str] = []
    pos = 0
    while True:
        match = _ENTRY_START.search(text, pos)
        outside = text[pos : match.start() if match else len(text)]
        for offset, raw in enumerate(outside.splitlines()):
            line = raw.strip()
            if line and not line.startswith("%") and ("=" in line or "{" in line or "}" in line):
                lineno = text.count("\n", 0, pos) + offset + 1
                stray.append(f"{lineno}: text outside any entry: {line!r}")
        if not match:
            return spans, stray
        kind, opener, key = match.group(1).lower(), match.group(2), match.group(3)
        closer = "}" if opener == "{" else ")"
        depth, i = 0, match.start(2)
        while i < len(text):
            ch = text[i]
            if ch == opener or (opener == "(" and ch == "{"):
                depth += 1
            elif ch == closer or (opener == "(" and ch == "}"):
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if kind not in _NON_ENTRIES:
            spans.append((kind, key, text.count("\n", 0, match.start()) + 1))
        pos = i + 1
        if i >= len(text):
            return spans, stray


def _plain(entry: Entry, field: str) -> str:
    """A field with LaTeX braces and escapes removed, as a reader sees it."""
    value = entry.fields.get(field, "")
    return str(Text.from_latex(value)) if value else ""


def load_bibliography(path: str | Path) -> Bibliography:
    """Parse and check the .bib file; every problem is reported with its line and entry key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeminarError(
            [InputError("file", str(path), "exists", file=path, message="file not found")]
        ) from None
    spans, stray = _entry_spans(text)
    problems = [f"{path}:{s} (an extra '}}' may have closed the entry early)" for s in stray]
    lines: dict[str, int] = {}
    for _kind, key, line in spans:
        if key in lines:
            problems.append(
                f"{path}:{line}: entry {key!r} is repeated (first at line {lines[key]})"
            )
        else:
            lines[key] = line
    if problems:
        raise SeminarError(problems)
    try:
        data = pybtex.database.parse_string(text, "bibtex")
    except PybtexError as exc:
        lineno = getattr(exc, "lineno", None)
        named = re.search(r"key (\S+)", str(exc))
        if not lineno and named and named.group(1) in lines:
            lineno = lines[named.group(1)]
        message = str(exc).split(": ", 1)[-1] if getattr(exc, "lineno", None) else str(exc)
        raise SeminarError(
            [
                InputError(
                    "BibTeX",
                    str(path),
                    "parse",
                    reason=message,
                    file=path,
                    line=lineno or None,
                    message=f"BibTeX does not parse: {message}",
                )
            ]
        ) from None

    readings: dict[str, Reading] = {}
    dois: dict[str, str] = {}
    for key, entry in data.entries.items():
        line = lines.get(key, 0)
        where = f"{path}:{line}: entry {key!r}"
        for field in REQUIRED_FIELDS.get(entry.type, DEFAULT_REQUIRED):
            if not entry.fields.get(field, "").strip():
                problems.append(f"{where} has no {field}")
        if entry.type == "article" and not entry.persons.get("author"):
            problems.append(f"{where} has no author")
        doi = entry.fields.get("doi", "").strip()
        url = entry.fields.get("url", "").strip()
        if not doi and not url:
            problems.append(f"{where} has neither a doi nor a url: readers cannot find the paper")
        if doi and not DOI_PATTERN.match(doi):
            problems.append(f"{where}: doi {doi!r} is not of the form 10.NNNN/suffix")
        if doi and doi.lower() in dois:
            problems.append(f"{where}: doi {doi!r} is also the doi of {dois[doi.lower()]!r}")
        if doi:
            dois.setdefault(doi.lower(), key)
        if url and not url.startswith(("https://", "http://")):
            problems.append(f"{where}: url {url!r} does not start with https:// or http://")
        keywords = tuple(
            k.strip() for k in re.split(r"[,;]", entry.fields.get("keywords", "")) if k.strip()
        )
        authors = tuple(
            " ".join(str(Text.from_latex(n)) for n in p.last_names)
            for p in entry.persons.get("author", [])
        )
        readings[key] = Reading(
            key=key,
            line=line,
            entry_type=entry.type,
            authors=authors,
            title=_plain(entry, "title"),
            journal=_plain(entry, "journal"),
            year=entry.fields.get("year", ""),
            doi=doi,
            url=url,
            keywords=keywords,
        )
    if problems:
        raise SeminarError(problems)
    return Bibliography(path=path, data=data, readings=readings)


@lru_cache(maxsize=1)
def _style():
    return find_plugin("pybtex.style.formatting", "unsrt")()


def formatted(bib: Bibliography, key: str) -> Text:
    """The reference in pybtex's unsrt style, with the DOI link only (Zotero's url repeats it)."""
    entry = bib.entry(key)
    if entry.fields.get("doi"):
        fields = {k: v for k, v in entry.fields.items() if k.lower() != "url"}
        entry = Entry(entry.type, fields=fields, persons=entry.persons)
        entry.key = key
    return _style().format_entry(key, entry).text


def as_markdown(bib: Bibliography, key: str) -> str:
    """The formatted reference as one line of Markdown (MyST), links included."""
    return formatted(bib, key).render_as("markdown").replace("\n", " ")


def as_text(bib: Bibliography, key: str) -> str:
    """The formatted reference as plain text (for the calendar)."""
    return formatted(bib, key).render_as("text").replace("\n", " ")


def as_nodes(bib: Bibliography, key: str) -> list:
    """The formatted reference as docutils nodes (for the Sphinx directives)."""
    backend = find_plugin("pybtex.backends", "docutils")()
    return formatted(bib, key).render(backend)
