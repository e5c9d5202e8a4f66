"""Generate (and optionally release) feedback with nbgrader, then prove no hidden test leaked.

nbgrader's GenerateFeedback runs with the course config, whose preprocessors include
``RedactHiddenTests``. Afterwards every feedback HTML page is scanned for the assignment's
hidden-test lines; a page that still shows one is deleted and the command fails, so a leak
can never be released.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from careops.errors import GradingError
from careops.grading.course import (
    course_directory,
    find_course_dir,
    load_config,
    require_assignment,
)
from careops.grading.delimiters import Delimiters
from careops.grading.feedback import find_hidden_lines, source_hidden_lines


class FeedbackLeakError(GradingError):
    """A feedback page showed a hidden test; the page was removed."""


@dataclass
class FeedbackResult:
    """Feedback pages written (and released) for an assignment."""

    assignment: str
    pages: list[Path] = field(default_factory=list)
    released: bool = False

    def __str__(self) -> str:
        return (
            f"{self.assignment}: {len(self.pages)} feedback pages"
            f"{', released' if self.released else ''}; no hidden test shown"
        )


def _own_words(page: Path, submitted_root: Path | None) -> str:
    """What the student typed in the notebook behind a feedback page (may echo a hidden line)."""
    if submitted_root is None:
        return ""
    notebook, assignment, student = (
        page.with_suffix(".ipynb").name,
        page.parent.name,
        page.parent.parent.name,
    )
    path = submitted_root / student / assignment / notebook
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        cells = json.loads(text).get("cells", [])
        return "\n".join("".join(c.get("source", "")) for c in cells) + "\n" + text
    except (ValueError, AttributeError, TypeError):
        return text


def check_feedback_pages(
    pages: list[Path], secrets: list[str], submitted_root: Path | None = None
) -> None:
    """Delete and report any page that shows a hidden-test line the student did not write."""
    leaks: dict[Path, list[str]] = {}
    for page in pages:
        own = _own_words(page, submitted_root)
        found = [
            line
            for line in find_hidden_lines(page.read_text(encoding="utf-8"), secrets)
            if line not in own
        ]
        if found:
            leaks[page] = found
            page.unlink()
    if leaks:
        detail = "; ".join(f"{p}: {len(v)} hidden line(s)" for p, v in leaks.items())
        raise FeedbackLeakError(f"feedback showed hidden tests, pages removed: {detail}")


def _reason(outcome: dict) -> str:
    """Why an nbgrader API call failed: the last line of its error or log (the exception's
    message, not the traceback above it, which stays in nbgrader's own log)."""
    text = outcome.get("error") or outcome.get("log") or ""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"


def generate_feedback(
    assignment: str, *, course_dir: str | os.PathLike[str] | None = None, release: bool = False
) -> FeedbackResult:
    """Run nbgrader generate_feedback (and release_feedback), checking every page for leaks."""
    from nbgrader.apps import NbGraderAPI

    course = find_course_dir(course_dir)
    require_assignment(assignment, course)
    config = load_config(course)
    coursedir = course_directory(config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    outcome = api.generate_feedback(assignment, force=True)
    if not outcome.get("success"):
        raise GradingError(f"nbgrader generate_feedback {assignment} failed: {_reason(outcome)}")
    feedback_root = Path(coursedir.root) / coursedir.feedback_directory
    pages = sorted(feedback_root.glob(f"*/{assignment}/*.html"))
    source = Path(coursedir.root) / coursedir.source_directory / assignment
    secrets = [
        s for s in source_hidden_lines(source, Delimiters.from_config(config)) if len(s) >= 8
    ]
    check_feedback_pages(pages, secrets, Path(coursedir.root) / coursedir.submitted_directory)
    result = FeedbackResult(assignment, pages)
    if release:
        outcome = api.release_feedback(assignment)
        if not outcome.get("success"):
            raise GradingError(f"nbgrader release_feedback {assignment} failed: {_reason(outcome)}")
        result.released = True
    return result
