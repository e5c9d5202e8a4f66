"""Sphinx extension: program pages generated from the curriculum data instead of typed.

Directives: ``program-credits`` (the catalog with credits and total), ``plan-table PLAN`` (one
published term plan), ``credit-report`` (plan totals against the program total, and every
disagreement), ``name-variants`` (printed course names and the course each means),
``course-summary COURSE`` (a chapter's credits, terms, description and objectives) and
``course-schedule COURSE`` (its week-by-week schedule, :mod:`careops.curriculum.schedule`).
``careops.site.sphinx`` loads this extension, so the book's ``_config.yml`` lists only that one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from careops import curriculum
from careops.curriculum import schedule
from careops.errors import InputError
from careops.site.nodes import table

# the CSS class of every generated program table
CLASSES = ("careops-table",)
TERM_TITLES = {"fall": "Fall", "january": "January", "spring": "Spring"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def chapter_doc(course_id: str) -> str:
    """The document name of a course's chapter landing page."""
    return f"book/{course_id}/index"


def doc_link(docname: str, text: str) -> addnodes.pending_xref:
    """An inline cross-reference to another page of the book."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=True, refwarn=True
    )
    ref += nodes.inline(text=text)
    return ref


class CurriculumDirective(SphinxDirective):
    """Base: loads the catalog once per build and records the data file as a dependency."""

    def catalog(self) -> curriculum.Catalog:
        self.env.note_dependency(str(curriculum.DATA_FILE))
        return curriculum.load()

    def course_link(self, course: curriculum.Course, text: str | None = None) -> nodes.Node:
        label = text or course.title
        if chapter_doc(course.id) in self.env.found_docs:
            return doc_link(chapter_doc(course.id), label)
        return nodes.Text(label)


class ProgramCredits(CurriculumDirective):
    """The catalog: every course in curriculum order with its credits and the total."""

    def run(self) -> list[nodes.Node]:
        cat = self.catalog()
        rows = [[str(c.order), self.course_link(c), str(c.credits)] for c in cat.courses]
        rows.append(["", nodes.strong(text="Total"), nodes.strong(text=str(cat.catalog_credits))])
        return [
            table(
                ["#", "Course", "Credits"],
                rows,
                caption="Core curriculum and credits",
                classes=CLASSES,
            )
        ]


class PlanTable(CurriculumDirective):
    """One published term plan as a table by term, courses named as the plan prints them."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        cat = self.catalog()
        try:
            plan = cat.plan(self.arguments[0])
        except KeyError as exc:
            raise self.error(f"plan-table: {exc.args[0]}") from None
        rows: list[list[Any]] = []
        for term, entries in plan.by_term().items():
            months = cat.terms[term].get("months", "")
            for i, e in enumerate(entries):
                when = (
                    TERM_TITLES[term]
                    if months == TERM_TITLES[term]
                    else f"{TERM_TITLES[term]} ({months})"
                )
                label = when if i == 0 else ""
                course = cat.course(e.course_id)
                printed = self.course_link(course, e.printed_name)
                if e.printed_name != course.title:
                    printed = nodes.inline(
                        "",
                        "",
                        printed,
                        nodes.Text(" "),
                        nodes.emphasis(text=f"(catalog: {course.title})"),
                    )
                rows.append([label, printed, str(e.credits)])
        rows.append(["", nodes.strong(text="Total"), nodes.strong(text=str(plan.total_credits))])
        return [
            table(
                ["Term", "Course (as published)", "Credits"],
                rows,
                caption=plan.title,
                classes=CLASSES,
            )
        ]


class CreditReport(CurriculumDirective):
    """Plan totals against the program total, and every course whose credits disagree."""

    def run(self) -> list[nodes.Node]:
        cat = self.catalog()
        rows = []
        for pid, total in cat.plan_totals().items():
            plan = cat.plan(pid)
            expected = cat.total_credits if pid in cat.complete_plans else "part of a plan"
            ok = total == cat.total_credits if pid in cat.complete_plans else None
            verdict = "matches" if ok else ("does not match" if ok is False else "—")
            rows.append([plan.title, str(total), str(expected), verdict])
        out: list[nodes.Node] = [
            table(
                ["Plan", "Credits as published", "Program total", "Verdict"],
                rows,
                caption="Credit totals",
                classes=CLASSES,
            )
        ]
        found = cat.discrepancies()
        if found:
            warn = nodes.warning(classes=["careops-discrepancy"])
            warn += nodes.paragraph(
                text="The published plans disagree with the course catalog. "
                "The course reports the discrepancy rather than silently choosing:"
            )
            items = nodes.bullet_list()
            for d in found:
                items += nodes.list_item("", nodes.paragraph(text=d.describe(cat)))
            warn += items
            out.append(warn)
        return out


class NameVariants(CurriculumDirective):
    """Every printed variant of a course name and the one course it means."""

    def run(self) -> list[nodes.Node]:
        cat = self.catalog()
        rows = [[variant, self.course_link(c)] for c in cat.courses for variant in c.aliases]
        return [
            table(
                ["Name as printed in a plan", "Course in the catalog"],
                rows,
                caption="Course name variants",
                classes=CLASSES,
            )
        ]


class CourseSummary(CurriculumDirective):
    """A chapter's landing block: credits, terms, description and objectives from the data."""

    required_arguments = 1
    option_spec: ClassVar[dict] = {"no-description": directives.flag}

    def run(self) -> list[nodes.Node]:
        cat = self.catalog()
        try:
            course = cat.course(self.arguments[0])
        except KeyError as exc:
            raise self.error(f"course-summary: {exc.args[0]}") from None
        facts = nodes.field_list(classes=["careops-course-facts"])
        facts += _field("Credits", f"{course.credits} of {cat.total_credits}")
        for pid in ("full-time", "part-time-year-1", "part-time-year-2"):
            entries = [e for e in cat.plan(pid).entries if e.course_id == course.id]
            if entries:
                when = ", ".join(f"{TERM_TITLES[e.term]} ({e.credits} cr)" for e in entries)
                facts += _field(cat.plan(pid).title, when)
        out: list[nodes.Node] = [facts]
        if course.description and "no-description" not in self.options:
            for para in course.description.split("\n\n"):
                out.append(nodes.paragraph(text=para))
        if course.objectives:
            out.append(nodes.rubric(text="Learning objectives"))
            if course.objectives_lead:
                out.append(nodes.paragraph(text=course.objectives_lead))
            items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            for o in course.objectives:
                items += nodes.list_item("", nodes.paragraph(text=o))
            out.append(items)
        else:
            note = nodes.note()
            note += nodes.paragraph(
                text="The program documents list this course and its credits but give no "
                "description or learning objectives for it; this chapter says so rather than "
                "inventing them."
            )
            out.append(note)
        return out


class CourseSchedule(CurriculumDirective):
    """A course's week-by-week table (Week | Sections | Readings | Exercise | Assessment) from the
    full-time plan and the course's pages, with the assumptions it rests on stated above it."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        cat = self.catalog()
        cid = self.arguments[0]
        try:
            course = cat.course(cid)
            terms = schedule.course_terms(cat, cid)
        except KeyError as exc:
            raise self.error(f"course-schedule: {exc.args[0]}") from None
        root = Path(self.env.srcdir)
        try:
            material = schedule.read_material(root, cid)
        except InputError as exc:
            raise self.error(f"course-schedule {cid}: {exc}") from None
        for page in [*(s.doc for s in material.sections), f"book/{cid}/index"]:
            for suffix in (".md", ".ipynb"):
                if (root / f"{page}{suffix}").is_file():
                    self.env.note_dependency(str(root / f"{page}{suffix}"))
        try:
            weeks = schedule.build(cat, cid, material)
        except ValueError as exc:
            raise self.error(f"course-schedule {cid}: {exc}") from None
        bibfiles = getattr(self.config, "bibtex_bibfiles", None) or []
        bib = _bibliography(root, bibfiles) if any(w.readings for w in weeks) else {}
        span = ", then ".join(
            f"the {_term_name(cat, t)} ({cat.terms[t].get('months', '')}, "
            f"{schedule.TERM_WEEKS[t]} weeks, {c} cr)"
            for t, c in terms
        )
        assumed = ", ".join(
            f"{_term_name(cat, t)} {n} weeks" for t, n in schedule.TERM_WEEKS.items()
        )
        note = nodes.paragraph(
            text=f"{course.title} ({course.credits} cr) runs in {span} in the "
            f"{cat.plan(schedule.PLAN).title} plan. The program documents give each term's "
            f"months, not its weeks or dates; this schedule assumes {assumed}, and numbers "
            "weeks, not dates. A section starts in the week it is listed and runs until the "
            "next one starts; an exercise or reading goes in the week of the first section "
            "that links or cites it (one named only on the chapter page goes with the last "
            "section); the course's assignments fall due at evenly spaced weeks, the last "
            "one in the final week."
            + (
                " Sections are shared between the terms in proportion to the credits earned "
                "in each."
                if len(terms) > 1
                else ""
            ),
            classes=["careops-schedule-note"],
        )
        rows = []
        for w in weeks:
            label = str(w.number)
            if len(terms) > 1:
                label = f"{w.number} ({TERM_TITLES[w.term]} {w.term_week})"
            cells_sections: list[Any] = _joined([_doc_ref(d) for d in w.sections])
            if w.continuing:
                cells_sections += [
                    nodes.Text(" ") if w.sections else nodes.Text(""),
                    nodes.emphasis(text="continued: "),
                    *_joined([_doc_ref(d) for d in w.continuing]),
                ]
            rows.append(
                [
                    label,
                    cells_sections,
                    _joined([self.reading(bib, k) for k in w.readings]),
                    _joined([_doc_ref(e) for e in w.exercises]),
                    _joined(
                        [
                            nodes.strong(text=schedule.assessment_title(root, a) + " due")
                            for a in w.assessments
                        ]
                    ),
                ]
            )
        return [
            note,
            table(
                ["Week", "Sections", "Readings", "Exercise", "Assessment"],
                rows,
                caption=f"{course.short_title}: week by week",
                classes=(*CLASSES, "careops-schedule"),
                widths=[2, 5, 4, 4, 3],
            ),
        ]

    def reading(self, bib: dict[str, Any], key: str) -> nodes.Node:
        """A reading as a link to its DOI (or URL), not a citation: the key may be cited
        elsewhere too, and a second citing page would break the strict build."""
        entry = bib.get(key)
        if entry is None:
            raise self.error(
                f"course-schedule: reading {key!r} is cited but is in none of "
                f"{getattr(self.config, 'bibtex_bibfiles', [])}"
            )
        fields = entry.fields
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        who = " ".join(people[0].last_names) if people else fields.get("organization", key)
        if len(people) > 2:
            who += " et al."
        elif len(people) == 2:
            who += " and " + " ".join(people[1].last_names)
        label = f"{who} ({fields.get('year', 'n.d.')}), {fields.get('title', key).strip('{}')}"
        label = label.replace("{", "").replace("}", "")
        doi = fields.get("doi")
        href = f"https://doi.org/{doi}" if doi else fields.get("url")
        if not href:
            return nodes.Text(label)
        return nodes.reference("", label, refuri=href)


def _term_name(cat: curriculum.Catalog, term: str) -> str:
    """A term's title for the middle of a sentence: "fall term", but "January term"."""
    title = cat.terms[term]["title"]
    return title if title.split()[0] in MONTHS else title[0].lower() + title[1:]


def _bibliography(root: Path, files: list[str]) -> dict[str, Any]:
    """Every entry of the book's BibTeX files by key."""
    from pybtex.database import parse_file  # sphinxcontrib-bibtex's parser, needed only here

    entries: dict[str, Any] = {}
    for f in files:
        entries.update(parse_file(str(root / f)).entries)
    return entries


def _doc_ref(docname: str) -> addnodes.pending_xref:
    """A link to a page titled as the page is (Sphinx fills the title in when it resolves)."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=False, refwarn=True
    )
    ref += nodes.inline(text=docname)
    return ref


def _joined(parts: list[nodes.Node]) -> list[nodes.Node]:
    """Inline nodes separated by semicolons (an empty list is an empty cell)."""
    out: list[nodes.Node] = []
    for i, p in enumerate(parts):
        if i:
            out.append(nodes.Text("; "))
        out.append(p)
    return out


def _field(name: str, value: str) -> nodes.field:
    return nodes.field(
        "", nodes.field_name(text=name), nodes.field_body("", nodes.paragraph(text=value))
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("program-credits", ProgramCredits)
    app.add_directive("plan-table", PlanTable)
    app.add_directive("credit-report", CreditReport)
    app.add_directive("name-variants", NameVariants)
    app.add_directive("course-summary", CourseSummary)
    app.add_directive("course-schedule", CourseSchedule)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
