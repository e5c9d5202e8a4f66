"""Parallel, resumable autograding on top of nbgrader's own Autograde converter.

Per submission: the parent *prepares* it (nbgrader's sanitize step: student and submission
rows, timestamp, master copies of locked and deleted cells), a worker *executes* it in the
sandbox (no gradebook access), and the parent *finishes* it (nbgrader's SaveAutoGrades, late
penalties, output limits). Only the parent touches the gradebook, one submission at a time,
so SQLite (or PostgreSQL, whatever ``CourseDirectory.db_url`` says) sees a single writer and
nothing is lost. A finished submission gets a marker holding its timestamp; a rerun skips
submissions whose marker matches, so an interrupted run resumes where it stopped.

A notebook that cannot be read as a notebook (not JSON, not UTF-8, not a notebook, invalid
against the nbformat schema) is graded as the released, blank notebook with a note at the top,
so the student still gets a score and feedback. Any other failure (gradebook locked, folder
not writable, a preprocessor raising, a worker dying) marks that submission *failed*: it is
named with the reason, its half-written autograded folder is removed, no marker is written
(so a rerun retries it), and the other submissions are graded.

A run with one or two pending submissions (an instructor regrading a late hand-in) is graded
in this process: starting a pool of worker processes would cost more than it saves.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import multiprocessing
import os
import shutil
import time
import warnings
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor, Preprocessor
from nbformat.v4 import new_markdown_cell
from nbgrader import utils as nbgrader_utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from careops.errors import GradingError, InputError
from careops.grading import variants
from careops.grading._compat import StepwiseAutograde, shared_gradebook_engines
from careops.grading.course import (
    course_directory,
    find_course_dir,
    load_config,
    missing_assignment,
)
from careops.grading.worker import (
    ExecJob,
    ExecResult,
    execute_job,
    prime_worker,
    release_warm_kernels,
)

log = logging.getLogger(__name__)
# nbgrader's gradebook code trips a harmless SQLAlchemy 2 autoflush warning on new submissions
warnings.filterwarnings("ignore", message=r"Object of type <Submitted", category=SAWarning)

MARKER = ".careops-autograded.json"
EXECUTION_SECTIONS = (
    "NotebookClient",
    "ExecutePreprocessor",
    "Execute",
    "SandboxedExecute",
    "KernelManager",
    "AsyncKernelManager",
    "SandboxKernelManager",
)
UNREADABLE_NOTE = (
    "**Grader note:** the notebook you submitted, `{name}`, could not be read ({reason}). "
    "It was graded as the blank released notebook, so its autograded questions score 0. "
    "Contact your instructor if you have a working copy."
)
# what reading a file that is not a notebook raises, from json, the utf-8 codec, nbformat's
# reader and converters (a JSON list or string: AttributeError; "cells" not a list: TypeError;
# no "nbformat" key: jsonschema's ValidationError) and nbformat's schema validation
# (nbformat.ValidationError is jsonschema's)
NOT_A_NOTEBOOK = (ValueError, nbformat.ValidationError, AttributeError, TypeError, KeyError)
# the most pending submissions graded in this process rather than in a pool of workers
# (measured by benchmarks/bench_grading.py: with 1 or 2, a pool's start-up costs more than
# its parallelism saves)
IN_PROCESS_MAX = 2


@dataclass(frozen=True)
class Submission:
    """A student's submitted assignment folder and its timestamp text."""

    student: str
    assignment: str
    path: Path
    timestamp: str | None


@dataclass
class AutogradeSummary:
    """What a run did: graded, skipped (already graded) and failed submissions."""

    assignment: str
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unreadable: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    where: str = ""  # "in this process", "on N executor slots"

    def __str__(self) -> str:
        text = (
            f"{self.assignment}: {len(self.graded)} graded, {len(self.skipped)} already graded, "
            f"{len(self.failed)} failed in {self.seconds:.1f} s"
            f"{', ' + self.where if self.where and (self.graded or self.failed) else ''}"
        )
        blank = [
            f"  graded as the blank release (unreadable): {k}: {', '.join(v)}"
            for k, v in sorted(self.unreadable.items())
        ]
        failed = [f"  failed {k}: {v}" for k, v in sorted(self.failed.items())]
        return "\n".join([text, *blank, *failed])


class InjectExecuted(Preprocessor):
    """Stand-in for Execute in the parent: hands over the notebook a worker executed."""

    def __init__(self, executed: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.executed = executed
        self.enabled = True

    def preprocess(self, nb: nbformat.NotebookNode, resources: Any) -> tuple[Any, Any]:
        """Replace the sanitized notebook with its executed version."""
        name = resources["nbgrader"]["notebook"]
        if name not in self.executed:
            raise GradingError(f"notebook {name!r} was not executed by the worker")
        return nbformat.reads(self.executed[name], as_version=4), resources


def unreadable_reason(data: bytes) -> str | None:
    """Why these bytes cannot be read as a notebook (None when they are a valid notebook).

    Only parsing and schema validation of the student's file are guarded here; reading the
    file (OSError) is not, so a file system failure fails the submission instead.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(data.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
    except NOT_A_NOTEBOOK as exc:
        text = str(exc).strip()
        detail = text.splitlines()[0][:200] if text else ""
        return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return None


def _read_timestamp(folder: Path) -> str | None:
    path = folder / "timestamp.txt"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def find_submissions(
    coursedir: CourseDirectory, assignment: str, students: list[str] | None = None
) -> list[Submission]:
    """Submitted folders of an assignment (submitted/<student>/<assignment>/), by student id."""
    root = Path(coursedir.root) / coursedir.submitted_directory
    found = []
    for folder in sorted(root.glob(f"*/{assignment}")):
        student = folder.parent.name
        if folder.is_dir() and (students is None or student in students):
            found.append(Submission(student, assignment, folder, _read_timestamp(folder)))
    return found


def _marker_matches(dest: Path, submission: Submission) -> bool:
    marker = dest / MARKER
    if not marker.is_file():
        return False
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return data.get("timestamp") == submission.timestamp


def execution_settings(config: Config) -> dict[str, dict[str, Any]]:
    """The picklable part of the config that workers need to execute notebooks."""
    return {name: dict(config[name]) for name in EXECUTION_SECTIONS if name in config}


class ParallelAutograder:
    """Autograde one assignment's submissions through a concurrent.futures executor."""

    def __init__(self, course_dir: str | os.PathLike[str] | None, assignment: str) -> None:
        self.course_dir = find_course_dir(course_dir)
        self.config = load_config(self.course_dir)
        self.coursedir = course_directory(self.config)
        self.assignment = assignment
        self.converter = StepwiseAutograde(coursedir=self.coursedir, config=self.config)
        self.converter.prepare_writer()
        self.settings = execution_settings(self.config)
        self._check_assignment()

    def _check_assignment(self) -> None:
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                gb.find_assignment(self.assignment)
            except MissingEntry:
                raise missing_assignment(self.assignment, self.coursedir.db_url) from None
        source = Path(self.coursedir.root) / self.coursedir.source_directory / self.assignment
        if variants.has_declaration(source):  # a bad variants.yml stops before any grading
            variants.declaration(self.assignment, source)

    def dest(self, submission: Submission) -> Path:
        """The autograded folder of a submission."""
        return Path(self.converter.dest(submission.assignment, submission.student))

    @contextmanager
    def _in_course(self) -> Iterator[None]:
        previous = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            yield
        finally:
            os.chdir(previous)

    # --- prepare (parent, serial) -------------------------------------------------------
    def prepare(self, submission: Submission, unreadable: list[str] | None = None) -> ExecJob:
        """Sanitize a submission into autograded/ and package it for a worker.

        The names of notebooks that could not be read (graded as the blank release) are
        appended to ``unreadable``.
        """
        conv, dest = self.converter, self.dest(submission)
        (dest / MARKER).unlink(missing_ok=True)  # first: a stale marker must never survive
        if dest.exists():
            shutil.rmtree(dest)
        conv.begin_sanitize(
            submission.assignment,
            submission.student,
            sorted(str(p) for p in submission.path.glob("*.ipynb")),
        )
        for path in conv.notebooks:
            if not self._sanitize(Path(path), submission) and unreadable is not None:
                unreadable.append(Path(path).name)
        notebooks = {p.stem: p.read_text(encoding="utf-8") for p in sorted(dest.glob("*.ipynb"))}
        files = {
            str(p.relative_to(dest)): p.read_bytes()
            for p in dest.rglob("*")
            if p.is_file() and p.suffix != ".ipynb" and p.name not in ("timestamp.txt", MARKER)
        }
        return ExecJob(submission.student, submission.assignment, notebooks, files, self.settings)

    def _sanitize(self, path: Path, submission: Submission) -> bool:
        """Sanitize one notebook; False when it was unreadable and the blank release was used.

        Only reading the student's file as a notebook is guarded: every other error (the
        gradebook, the file system, a preprocessor) propagates and fails the submission.
        """
        conv = self.converter
        reason = unreadable_reason(path.read_bytes())
        if reason is None:
            conv.convert(str(path))
            return True
        log.warning(
            "%s/%s: %s is unreadable (%s); grading the released notebook",
            submission.student,
            submission.assignment,
            path.name,
            reason,
        )
        release = (
            Path(self.coursedir.root)
            / self.coursedir.release_directory
            / submission.assignment
            / path.name
        )
        if not release.is_file():
            raise GradingError(
                f"{path} is unreadable and there is no released copy at {release} "
                "to grade instead: run `nbgrader generate_assignment` first"
            )
        nb = nbformat.read(release, as_version=4)
        nb.cells.insert(0, new_markdown_cell(UNREADABLE_NOTE.format(name=path.name, reason=reason)))
        resources = conv.init_single_notebook_resources(str(path))
        output, resources = conv.exporter.from_notebook_node(nb, resources=resources)
        conv.write_single_notebook(output, resources)
        return False

    # --- finish (parent, serial) --------------------------------------------------------
    def finish(self, submission: Submission, result: ExecResult) -> None:
        """Score the executed notebooks into the gradebook and mark the submission done."""
        conv, dest = self.converter, self.dest(submission)
        steps: list[Any] = [InjectExecuted(result.notebooks, parent=conv.exporter)]
        for item in conv.autograde_preprocessors:
            cls = import_item(item) if isinstance(item, str) else item
            if not (isinstance(cls, type) and issubclass(cls, ExecutePreprocessor)):
                steps.append(cls)
        conv.begin_finish(steps)
        with nbgrader_utils.setenv(NBGRADER_EXECUTION="autograde"):
            for name in sorted(result.notebooks):
                conv.convert(str(dest / f"{name}.ipynb"))
        conv.set_permissions(submission.assignment, submission.student)
        (dest / MARKER).write_text(
            json.dumps(
                {
                    "timestamp": submission.timestamp,
                    "finished": datetime.now(UTC).isoformat(),
                    "seconds": round(result.seconds, 3),
                }
            ),
            encoding="utf-8",
        )

    # --- the run ------------------------------------------------------------------------
    def pending(
        self, students: list[str] | None = None, force: bool = False
    ) -> tuple[list[Submission], list[Submission]]:
        """(to grade, already graded): a submission is done when its marker matches."""
        todo, done = [], []
        for sub in find_submissions(self.coursedir, self.assignment, students):
            if not force and _marker_matches(self.dest(sub), sub):
                done.append(sub)
            else:
                todo.append(sub)
        return todo, done

    def run(
        self,
        executor: cf.Executor | None,
        *,
        slots: int = 1,
        students: list[str] | None = None,
        force: bool = False,
        progress: bool = True,
    ) -> AutogradeSummary:
        """Grade every pending submission; one failure never stops the others.

        With ``executor=None`` every submission is executed in this process, one at a time.
        """
        from tqdm.auto import tqdm

        started = time.monotonic()
        summary = AutogradeSummary(
            self.assignment,
            where="in this process" if executor is None else f"on {slots} executor slots",
        )
        todo, done = self.pending(students, force)
        summary.skipped = [sub.student for sub in done]
        bar = tqdm(
            total=len(todo),
            desc=f"autograde {self.assignment}",
            unit="submission",
            disable=not progress,
        )
        try:
            with self._in_course(), shared_gradebook_engines():
                if executor is None:
                    self._run_here(todo, summary, bar)
                else:
                    self._run_pool(executor, slots, todo, summary, bar)
        finally:
            bar.close()
        summary.seconds = time.monotonic() - started
        return summary

    def _prepare(self, sub: Submission, summary: AutogradeSummary) -> ExecJob | None:
        """Prepare a submission, or record it failed (None)."""
        unreadable: list[str] = []
        try:
            job = self.prepare(sub, unreadable)
        except Exception as exc:  # any failure of one submission is reported, not fatal
            self._failed(summary, sub, "prepare", exc)
            return None
        if unreadable:
            summary.unreadable[sub.student] = unreadable
        return job

    def _finish(
        self,
        sub: Submission,
        future: cf.Future[ExecResult] | None,
        job: ExecJob | None,
        summary: AutogradeSummary,
        last: bool = False,
    ) -> None:
        """Execute (in-process when there is no future) and finish, or record it failed."""
        try:
            result = future.result() if future is not None else execute_job(job, last=last)
            self.finish(sub, result)
        except Exception as exc:  # any failure of one submission is reported, not fatal
            self._failed(summary, sub, "execute/finish", exc)
        else:
            summary.graded.append(sub.student)

    def _run_here(self, todo: list[Submission], summary: AutogradeSummary, bar: Any) -> None:
        """Grade submissions one after the other in this process (no pool to start)."""
        try:
            if todo:  # the first kernel boots while the first submission is sanitized
                prime_worker(self.settings)
            for i, sub in enumerate(todo):
                job = self._prepare(sub, summary)
                if job is not None:
                    self._finish(sub, None, job, summary, last=i == len(todo) - 1)
                bar.update()
        finally:
            release_warm_kernels()

    def _run_pool(
        self,
        executor: cf.Executor,
        slots: int,
        todo: list[Submission],
        summary: AutogradeSummary,
        bar: Any,
    ) -> None:
        """Keep ``slots`` submissions executing on the executor; prepare and finish here."""
        queue: deque[Submission] = deque(todo)
        in_flight: dict[cf.Future[ExecResult], Submission] = {}
        if queue:  # boot a kernel on each worker while the parent prepares the first jobs
            for _ in range(max(1, slots // 2)):
                executor.submit(prime_worker, self.settings)
        try:
            while queue or in_flight:
                while queue and len(in_flight) < slots:
                    sub = queue.popleft()
                    job = self._prepare(sub, summary)
                    if job is None:
                        bar.update()
                        continue
                    in_flight[executor.submit(execute_job, job)] = sub
                if not in_flight:
                    continue
                finished, _ = cf.wait(list(in_flight), return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    self._finish(in_flight.pop(future), future, None, summary)
                    bar.update()
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise

    def _failed(
        self, summary: AutogradeSummary, sub: Submission, step: str, exc: BaseException
    ) -> None:
        """Record a failed submission and remove its half-written autograded folder."""
        detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        message = f"{step}: {type(exc).__name__}: {detail}"
        log.error("%s/%s failed at %s", sub.student, sub.assignment, message)
        summary.failed[sub.student] = message
        dest = self.dest(sub)
        if dest.is_dir():
            try:
                shutil.rmtree(dest)
            except OSError as error:
                log.error(
                    "%s: could not remove the half-written folder (%s); it has no "
                    "marker, so a rerun grades it again",
                    dest,
                    error,
                )


@contextmanager
def make_executor(workers: int, scheduler: str | None = None) -> Iterator[tuple[cf.Executor, int]]:
    """A local process pool, or a Dask cluster's executor when a scheduler address is given."""
    if workers < 1:
        raise InputError("workers", workers, "at_least", minimum=1)
    if scheduler:
        from distributed import Client

        from careops.grading.worker import release_warm_kernels

        client = Client(scheduler) if isinstance(scheduler, str) else scheduler
        try:
            slots = max(1, sum(client.nthreads().values()))
            yield client.get_executor(pure=False), slots
        finally:
            with suppress(Exception):
                client.run(release_warm_kernels)
            if isinstance(scheduler, str):
                client.close()
        return
    # forkserver: workers never inherit the parent's gradebook connections; they import the
    # worker module themselves, in parallel with the parent's first preparations
    context = multiprocessing.get_context("forkserver")
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool, workers


def autograde(
    assignment: str,
    *,
    course_dir: str | os.PathLike[str] | None = None,
    workers: int = 2,
    scheduler: Any = None,
    students: list[str] | None = None,
    force: bool = False,
    progress: bool = True,
) -> AutogradeSummary:
    """Autograde an assignment's submissions in parallel into the course gradebook.

    At most ``IN_PROCESS_MAX`` pending submissions (and no Dask scheduler) are graded in this
    process, with no pool of workers to start.
    """
    if workers < 1:
        raise InputError("workers", workers, "at_least", minimum=1)
    grader = ParallelAutograder(course_dir, assignment)
    if scheduler is None and len(grader.pending(students, force)[0]) <= IN_PROCESS_MAX:
        return grader.run(None, students=students, force=force, progress=progress)
    with make_executor(workers, scheduler) as (executor, slots):
        return grader.run(
            executor, slots=slots * 2, students=students, force=force, progress=progress
        )
