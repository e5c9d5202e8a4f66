"""Generate (and optionally release) feedback with nbgrader, then prove no hidden test leaked.

nbgrader's GenerateFeedback runs with the course config, whose preprocessors include
``RedactHiddenTests``. Afterwards every feedback HTML page is scanned for the assignment's
hidden-test lines; a page that still shows one is deleted and the command fails, so a leak
can never be released.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from careops.grading.course import course_directory, find_course_dir, load_config
from careops.grading.feedback import find_hidden_lines, source_hidden_lines


class FeedbackLeakError(RuntimeError):
    """A feedback page showed a hidden test; the page was removed."""


@dataclass
class FeedbackResult:
    """Feedback pages written (and released) for an assignment."""

    assignment: str
    pages: list[Path] = field(default_factory=list)
    released: bool = False

    def __str__(self) -> str:
        return (f"{self.assignment}: {len(self.pages)} feedback pages"
                f"{', released' if self.released else ''}; no hidden test shown")


def check_feedback_pages(pages: list[Path], secrets: list[str]) -> None:
    """Delete and report any page that shows a hidden-test line."""
    leaks: dict[Path, list[str]] = {}
    for page in pages:
        found = find_hidden_lines(page.read_text(encoding="utf-8"), secrets)
        if found:
            leaks[page] = found
            page.unlink()
    if leaks:
        detail = "; ".join(f"{p}: {len(v)} hidden line(s)" for p, v in leaks.items())
        raise FeedbackLeakError(f"feedback showed hidden tests, pages removed: {detail}")


def generate_feedback(assignment: str, *, course_dir: str | os.PathLike[str] | None = None,
                      release: bool = False) -> FeedbackResult:
    """Run nbgrader generate_feedback (and release_feedback), checking every page for leaks."""
    from nbgrader.apps import NbGraderAPI

    course = find_course_dir(course_dir)
    config = load_config(course)
    coursedir = course_directory(config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    outcome = api.generate_feedback(assignment, force=True)
    if not outcome.get("success"):
        raise RuntimeError(f"nbgrader generate_feedback {assignment} failed: "
                           f"{(outcome.get('error') or outcome.get('log') or '')[-1500:]}")
    feedback_root = Path(coursedir.root) / coursedir.feedback_directory
    pages = sorted(feedback_root.glob(f"*/{assignment}/*.html"))
    secrets = [s for s in source_hidden_lines(Path(coursedir.root) / coursedir.source_directory
                                              / assignment) if len(s) >= 8]
    check_feedback_pages(pages, secrets)
    result = FeedbackResult(assignment, pages)
    if release:
        outcome = api.release_feedback(assignment)
        if not outcome.get("success"):
            raise RuntimeError(f"nbgrader release_feedback {assignment} failed: "
                               f"{(outcome.get('error') or outcome.get('log') or '')[-1500:]}")
        result.released = True
    return result
