"""What one student sees: their variant of an assignment, executed, written for the instructor.

``careops grade preview ASSIGNMENT --student ID`` answers "what did student X get?": it runs the
released notebooks (and the source, as an answer key) in the sandbox as that student. It lives
apart from :mod:`careops.grading.variants`, which the executor imports, so that the draw does not
import the grading machinery back.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nbgrader.apps import NbGraderAPI

from careops.errors import GradingError, InputError
from careops.grading.autograde import execution_settings
from careops.grading.course import (
    CONFIG_NAME,
    find_course_dir,
    load_config,
    source_assignments,
    write_course_config,
)
from careops.grading.variants import Case, check_student, declaration, draw, has_declaration
from careops.grading.worker import ExecJob, execute_job, release_warm_kernels

__all__ = ["Preview", "preview"]


@dataclass(frozen=True)
class Preview:
    """Where a student's preview was written and the case they drew."""

    folder: Path
    notebooks: tuple[str, ...]
    case: Case | None

    def __str__(self) -> str:
        drawn = f"{self.case!r}" if self.case is not None else "no variants (same for everyone)"
        return f"preview written to {self.folder} ({', '.join(self.notebooks)}): {drawn}"


def preview(
    assignment: str, student: str, *, course_dir: str | os.PathLike[str] | None = None
) -> Preview:
    """Write what ``student`` sees to ``preview/<student>/<assignment>/`` under the course.

    The released notebooks, executed in the sandbox as that student (their variant's data and
    printed results), plus ``answer-key/``: the source notebooks executed the same way (the
    model solutions' numbers for this student, hidden tests bound to their case) and
    ``case.json`` (the drawn parameters). Built in a throwaway course from ``source/``.
    """
    course = find_course_dir(course_dir)
    if assignment not in source_assignments(course):
        raise InputError(
            "assignment",
            assignment,
            "exists",
            file=course / "source",
            message=f"assignment {assignment!r} is not in {course / 'source'}",
        )
    check_student(assignment, student)
    source = course / "source" / assignment
    drawn = draw(declaration(assignment, source), student) if has_declaration(source) else None
    scratch = Path(tempfile.mkdtemp(prefix="careops-preview-"))
    try:
        write_course_config(scratch, course_id="careops-preview", base=course / CONFIG_NAME)
        config = load_config(scratch)
        shutil.copytree(source, scratch / "source" / assignment)
        result = NbGraderAPI(config=config).generate_assignment(assignment, force=True)
        if not result.get("success"):
            raise GradingError(
                f"{assignment}: generate_assignment failed: "
                + (result.get("error") or result.get("log", ""))[-400:]
            )
        out = course / "preview" / student / assignment
        if out.exists():
            shutil.rmtree(out)
        settings = execution_settings(config)
        for folder, target in (
            (scratch / "release" / assignment, out),
            (source, out / "answer-key"),
        ):
            notebooks = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.ipynb")}
            files = {
                str(p.relative_to(folder)): p.read_bytes()
                for p in folder.rglob("*")
                if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts
            }
            job = ExecJob(student, assignment, notebooks, files, settings)
            executed = execute_job(job, last=True).notebooks
            target.mkdir(parents=True, exist_ok=True)
            for relpath, content in files.items():
                (target / relpath).parent.mkdir(parents=True, exist_ok=True)
                (target / relpath).write_bytes(content)
            for name, text in executed.items():
                (target / f"{name}.ipynb").write_text(text, encoding="utf-8")
        record = {"assignment": assignment, "student": student, "variants": drawn is not None}
        if drawn is not None:
            record |= {"course": drawn.course, "parameters": dict(drawn.params)}
        (out / "case.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    finally:
        release_warm_kernels()
        shutil.rmtree(scratch, ignore_errors=True)
    names = tuple(sorted(f"{p.name}" for p in out.glob("*.ipynb")))
    return Preview(out, names, drawn)
