"""Sphinx extension: the seminar schedule, reading list and capstone milestones, from the data
files.

Directives (usable in the main book and in the journal-club site)::

    ```{seminar-schedule}
    :term: fall-2026            (optional: one term; default every term)
    :format: journal-club       (optional: one format)
    ```

    ```{seminar-readings}
    :topic: nurse staffing      (optional: one topic tag)
    ```

    ```{capstone-milestones}
    :only: topic-problem, current-state   (optional)
    :detail:                              (optional: one block per milestone, with the seed's words)
    ```

and the role ``{seminar-site}`Critique template <templates/critique.html>``` for a link into
the journal-club site. Configuration (conf.py / ``sphinx: config:`` in _config.yml):

- ``seminar_dir``: folder with sessions.yml, readings.bib, capstone.yml (default ``seminar``,
  relative to the book's source folder);
- ``seminar_site_url``: where the journal-club site is published, absolute or relative to this
  site's root (default empty: session titles are not linked);
- ``seminar_session_pages``: docname folder of session pages when they are in this same book
  (the journal-club site sets ``sessions``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole, SphinxDirective

from careops.seminar.program import (
    BIB_FILE,
    CAPSTONE_FILE,
    SESSIONS_FILE,
    Program,
    Session,
    load_program,
)
from careops.seminar.readings import as_nodes
from careops.seminar.yamlio import SeminarError
from careops.site.nodes import table

_CACHE: dict[tuple[str, tuple[float, ...]], Program] = {}


def seminar_folder(srcdir: str | Path, setting: str) -> Path:
    """The configured seminar folder, resolved against the book's source folder."""
    folder = Path(setting)
    return folder if folder.is_absolute() else Path(srcdir) / folder


def cached_program(folder: Path) -> Program:
    """load_program, reused while none of the three files has changed."""
    files = [folder / SESSIONS_FILE, folder / BIB_FILE, folder / CAPSTONE_FILE]
    key = (str(folder.resolve()), tuple(f.stat().st_mtime if f.exists() else 0.0 for f in files))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_program(folder)
    return _CACHE[key]


def long_date(day) -> str:
    """``Wed 9 Sep 2026``: unambiguous in every locale."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_date(day) -> str:
    """``Wed 9 Sep``, for tables whose heading gives the year."""
    return f"{day:%a} {day.day} {day:%b}"


def _paragraph(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


class _SeminarDirective(SphinxDirective):
    """Shared loading, linking and error reporting."""

    def program(self) -> Program:
        folder = seminar_folder(self.env.srcdir, self.config.seminar_dir)
        for name in (SESSIONS_FILE, BIB_FILE, CAPSTONE_FILE):
            if (folder / name).exists():
                self.env.note_dependency(str((folder / name).resolve()))
        return cached_program(folder)

    def site_url(self, path: str) -> str:
        """URL of ``path`` in the journal-club site, as seen from the current page ('' if
        unknown)."""
        base = self.config.seminar_site_url
        if not base:
            return ""
        base = base if base.endswith("/") else base + "/"
        if "://" not in base and not base.startswith("/"):
            base = "../" * self.env.docname.count("/") + base
        return base + path

    def session_link(self, session: Session, text: str) -> nodes.Node:
        pages = self.config.seminar_session_pages
        if pages:
            xref = addnodes.pending_xref(
                "",
                refdomain="std",
                reftype="doc",
                reftarget=f"/{pages.strip('/')}/{session.id}",
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            xref += nodes.inline(text=text)
            return xref
        url = self.site_url(f"sessions/{session.id}.html")
        return nodes.reference(text=text, refuri=url) if url else nodes.Text(text)

    def failure(self, exc: SeminarError) -> list[nodes.Node]:
        return [self.state.document.reporter.error(f"seminar data: {exc}", line=self.lineno)]


class ScheduleDirective(_SeminarDirective):
    """``{seminar-schedule}``: one table per term of date, time, format, session, presenter,
    readings."""

    option_spec: ClassVar[dict[str, Any]] = {
        "term": directives.unchanged,
        "format": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        try:
            program = self.program()
        except SeminarError as exc:
            return self.failure(exc)
        term_ids = list(program.terms)
        if "term" in self.options:
            if self.options["term"] not in program.terms:
                return [
                    self.state.document.reporter.error(
                        f"seminar-schedule: term {self.options['term']!r} is not one of {term_ids}",
                        line=self.lineno,
                    )
                ]
            term_ids = [self.options["term"]]
        out: list[nodes.Node] = []
        for term_id in term_ids:
            term = program.terms[term_id]
            sessions = [
                s
                for s in program.sessions_in(term_id)
                if self.options.get("format") in (None, s.format)
            ]
            if not sessions:
                continue
            out.append(
                nodes.rubric(text=f"{term.name}: {long_date(term.start)} to {long_date(term.end)}")
            )
            rows = [self._row(program, s) for s in sessions]
            out.append(
                table(
                    ["Date", "Time", "Format", "Session", "Presenter", "Readings or milestones"],
                    rows,
                    widths=[12, 8, 10, 30, 22, 18],
                    classes=["seminar-schedule"],
                )
            )
        return out

    def _row(self, program: Program, s: Session) -> list[Any]:
        extra: list[nodes.Node | str] = []
        for i, key in enumerate(s.readings):
            r = program.readings[key]
            extra += (["; "] if i else []) + [nodes.reference(text=r.short, refuri=r.link)]
        for i, mid in enumerate(s.milestones):
            extra += (["; "] if i or extra else []) + [program.milestone(mid).title]
        time = f"{s.start:%H:%M}–{s.end:%H:%M}"
        return [
            short_date(s.date),
            time,
            s.format_label,
            [self.session_link(s, s.title)],
            s.presenter,
            extra or "",
        ]


class ReadingsDirective(_SeminarDirective):
    """``{seminar-readings}``: the reading list grouped by topic, each with the session that
    discusses it."""

    option_spec: ClassVar[dict[str, Any]] = {"topic": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        try:
            program = self.program()
        except SeminarError as exc:
            return self.failure(exc)
        out: list[nodes.Node] = []
        wanted = self.options.get("topic")
        for topic, readings in program.readings_by_topic():
            if wanted and topic.tag != wanted:
                continue
            out.append(nodes.rubric(text=topic.title))
            items = nodes.bullet_list(classes=["seminar-readings"])
            for r in readings:
                para = _paragraph(*as_nodes(program.bibliography, r.key))
                for i, s in enumerate(program.sessions_citing(r.key)):
                    para += nodes.Text(" Discussed " if i == 0 else "; ")
                    para += self.session_link(s, long_date(s.date))
                    para += nodes.Text(".")
                items += nodes.list_item("", para)
            out.append(items)
        if wanted and not out:
            return [
                self.state.document.reporter.error(
                    f"seminar-readings: no reading has topic {wanted!r}", line=self.lineno
                )
            ]
        return out


class MilestonesDirective(_SeminarDirective):
    """``{capstone-milestones}``: the capstone milestones as a table, or in detail with the
    seed's words."""

    option_spec: ClassVar[dict[str, Any]] = {
        "only": directives.unchanged,
        "detail": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        try:
            program = self.program()
        except SeminarError as exc:
            return self.failure(exc)
        milestones = list(program.milestones)
        if "only" in self.options:
            wanted = [m.strip() for m in self.options["only"].split(",") if m.strip()]
            unknown = sorted(set(wanted) - {m.id for m in milestones})
            if unknown:
                return [
                    self.state.document.reporter.error(
                        f"capstone-milestones: unknown milestone ids {unknown}", line=self.lineno
                    )
                ]
            milestones = [m for m in milestones if m.id in wanted]
        reviews = {m.id: [s for s in program.sessions if m.id in s.milestones] for m in milestones}
        if "detail" in self.options:
            return [node for m in milestones for node in self._detail(program, m, reviews[m.id])]
        rows = []
        for m in milestones:
            deliverables = nodes.bullet_list()
            for d in m.deliverables:
                deliverables += nodes.list_item("", _paragraph(d))
            reviewed: list[nodes.Node | str] = []
            for i, s in enumerate(reviews[m.id]):
                reviewed += (["; "] if i else []) + [self.session_link(s, long_date(s.date))]
            term = program.terms[m.term].name
            rows.append(
                [
                    str(m.number),
                    m.title,
                    f"{term}; due {long_date(m.due)}",
                    deliverables,
                    m.report_section,
                    reviewed or "—",
                ]
            )
        return [
            table(
                [
                    "#",
                    "Milestone",
                    "Term and due date",
                    "Deliverables",
                    "Report section",
                    "Peer feedback",
                ],
                rows,
                widths=[4, 18, 18, 36, 14, 14],
                classes=["capstone-milestones"],
            )
        ]

    def _detail(self, program: Program, m, sessions: list[Session]) -> list[nodes.Node]:
        out: list[nodes.Node] = [nodes.rubric(text=f"Milestone {m.number}: {m.title}")]
        when = _paragraph(
            nodes.strong(text="Due: "),
            f"{long_date(m.due)} ({program.terms[m.term].name}). ",
            nodes.strong(text="Report section: "),
            m.report_section + ".",
        )
        if sessions:
            when += nodes.Text(" Peer feedback: ")
            for i, s in enumerate(sessions):
                when += nodes.Text("; " if i else "")
                when += self.session_link(s, long_date(s.date))
            when += nodes.Text(".")
        out.append(when)
        if m.seed:
            out.append(
                nodes.block_quote(
                    "",
                    _paragraph(f"“{m.seed}”"),
                    nodes.attribution(text="program seed, Capstone and Practicum"),
                )
            )
        if m.seed_note:
            out.append(_paragraph(nodes.emphasis(text="Where the seed is silent: "), m.seed_note))
        items = nodes.bullet_list()
        for d in m.deliverables:
            items += nodes.list_item("", _paragraph(d))
        out.append(_paragraph(nodes.strong(text="Deliverables")))
        out.append(items)
        if m.done_when:
            out.append(_paragraph(nodes.strong(text="Done when: "), m.done_when))
        return out


class SeminarSiteRole(ReferenceRole):
    """``{seminar-site}`text <path>```: a link into the journal-club site, or plain text if
    unset."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        base = self.config.seminar_site_url
        if not base:
            return [nodes.inline(text=self.title)], []
        base = base if base.endswith("/") else base + "/"
        if "://" not in base and not base.startswith("/"):
            base = "../" * self.env.docname.count("/") + base
        return [nodes.reference(self.rawtext, self.title, refuri=base + self.target)], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("seminar_dir", "seminar", "env")
    app.add_config_value("seminar_site_url", "", "env")
    app.add_config_value("seminar_session_pages", "", "env")
    app.add_directive("seminar-schedule", ScheduleDirective)
    app.add_directive("seminar-readings", ReadingsDirective)
    app.add_directive("capstone-milestones", MilestonesDirective)
    app.add_role("seminar-site", SeminarSiteRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
