"""Parallel, resumable autograding on top of nbgrader's own Autograde converter.

Per submission: the parent *prepares* it (nbgrader's sanitize step: student and submission
rows, timestamp, master copies of locked and deleted cells), a worker *executes* it in the
sandbox (no gradebook access), and the parent *finishes* it (nbgrader's SaveAutoGrades, late
penalties, output limits). Only the parent touches the gradebook, one submission at a time,
so SQLite (or PostgreSQL, whatever ``CourseDirectory.db_url`` says) sees a single writer and
nothing is lost. A finished submission gets a marker holding its timestamp; a rerun skips
submissions whose marker matches, so an interrupted run resumes where it stopped.

A notebook that is not valid JSON (or not a notebook) is graded as the released, blank
notebook with a note at the top, so the student still gets a score and feedback.
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
from nbconvert.writers import FilesWriter
from nbformat.v4 import new_markdown_cell
from nbgrader import utils as nbgrader_utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from careops.grading.course import course_directory, find_course_dir, load_config
from careops.grading.worker import ExecJob, ExecResult, execute_job, prime_worker

log = logging.getLogger(__name__)
# nbgrader's gradebook code trips a harmless SQLAlchemy 2 autoflush warning on new submissions
warnings.filterwarnings("ignore", message=r"Object of type <Submitted", category=SAWarning)

MARKER = ".careops-autograded.json"
EXECUTION_SECTIONS = ("NotebookClient", "ExecutePreprocessor", "Execute", "SandboxedExecute",
                      "KernelManager", "AsyncKernelManager", "SandboxKernelManager")
UNREADABLE_NOTE = (
    "**Grader note:** the notebook you submitted, `{name}`, could not be read ({reason}). "
    "It was graded as the blank released notebook, so its autograded questions score 0. "
    "Contact your instructor if you have a working copy."
)


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
    seconds: float = 0.0

    def __str__(self) -> str:
        text = (f"{self.assignment}: {len(self.graded)} graded, {len(self.skipped)} already graded, "
                f"{len(self.failed)} failed in {self.seconds:.1f} s")
        return "\n".join([text, *(f"  failed {k}: {v}" for k, v in sorted(self.failed.items()))])


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
            raise ValueError(f"notebook {name!r} was not executed by the worker")
        return nbformat.reads(self.executed[name], as_version=4), resources


class _Converter(Autograde):
    """nbgrader's Autograde, driven one step at a time by the parallel runner."""

    def prepare_writer(self) -> None:
        self.writer = FilesWriter(parent=self, config=self.config)
        self.exporter = self.exporter_class(parent=self, config=self.config)

    def set_permissions(self, assignment_id: str, student_id: str) -> None:
        """Permissions are set once, when the submission is finished."""
        if getattr(self, "_finishing", False):
            super().set_permissions(assignment_id, student_id)


@contextmanager
def shared_gradebook_engines() -> Iterator[None]:
    """Let nbgrader's many short-lived Gradebook objects share one engine per database URL.

    nbgrader opens a new Gradebook (a new SQLAlchemy engine, table checks, an empty statement
    cache) for every step of every submission; in the parent, which grades hundreds of
    submissions, reusing the engine removes most of that overhead. Restored on exit.
    """
    import nbgrader.api

    original = nbgrader.api.create_engine
    engines: dict[tuple[str, str], Any] = {}

    def cached(url: Any, **kwargs: Any) -> Any:
        key = (str(url), repr(sorted(kwargs.items())))
        if key not in engines:
            engines[key] = original(url, **kwargs)
        return engines[key]

    nbgrader.api.create_engine = cached
    try:
        yield
    finally:
        nbgrader.api.create_engine = original
        for engine in engines.values():
            engine.dispose()


def _read_timestamp(folder: Path) -> str | None:
    path = folder / "timestamp.txt"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def find_submissions(coursedir: CourseDirectory, assignment: str,
                     students: list[str] | None = None) -> list[Submission]:
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
        self.converter = _Converter(coursedir=self.coursedir, config=self.config)
        self.converter.prepare_writer()
        self.settings = execution_settings(self.config)
        self._check_assignment()

    def _check_assignment(self) -> None:
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                gb.find_assignment(self.assignment)
            except MissingEntry:
                raise ValueError(
                    f"assignment {self.assignment!r} is not in the gradebook "
                    f"({self.coursedir.db_url}): run `nbgrader generate_assignment "
                    f"{self.assignment}` first") from None

    def dest(self, submission: Submission) -> Path:
        """The autograded folder of a submission."""
        return Path(self.converter._format_dest(submission.assignment, submission.student))

    @contextmanager
    def _in_course(self) -> Iterator[None]:
        previous = os.getcwd()
        os.chdir(self.coursedir.root)
        try:
            yield
        finally:
            os.chdir(previous)

    # --- prepare (parent, serial) -------------------------------------------------------
    def prepare(self, submission: Submission) -> ExecJob:
        """Sanitize a submission into autograded/ and package it for a worker."""
        conv, dest = self.converter, self.dest(submission)
        if dest.exists():
            shutil.rmtree(dest)
        conv._sanitizing = True
        conv._finishing = False
        conv.notebooks = sorted(str(p) for p in submission.path.glob("*.ipynb"))
        conv.init_assignment(submission.assignment, submission.student)
        conv._init_preprocessors()
        for path in conv.notebooks:
            self._sanitize(Path(path), submission)
        notebooks = {p.stem: p.read_text(encoding="utf-8") for p in sorted(dest.glob("*.ipynb"))}
        files = {str(p.relative_to(dest)): p.read_bytes() for p in dest.rglob("*")
                 if p.is_file() and p.suffix != ".ipynb" and p.name not in ("timestamp.txt", MARKER)}
        return ExecJob(submission.student, submission.assignment, notebooks, files, self.settings)

    def _sanitize(self, path: Path, submission: Submission) -> None:
        conv = self.converter
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nbformat.read(path, as_version=4)
            BaseConverter.convert_single_notebook(conv, str(path))
            return
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # unreadable or malformed notebook: grade the blank release
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
            log.warning("%s/%s: %s is unreadable (%s); grading the released notebook",
                        submission.student, submission.assignment, path.name, reason)
        release = Path(self.coursedir.root) / self.coursedir.release_directory / \
            submission.assignment / path.name
        if not release.is_file():
            raise ValueError(f"{path} is unreadable and there is no released copy at {release} "
                             "to grade instead: run `nbgrader generate_assignment` first")
        nb = nbformat.read(release, as_version=4)
        nb.cells.insert(0, new_markdown_cell(UNREADABLE_NOTE.format(name=path.name, reason=reason)))
        resources = conv.init_single_notebook_resources(str(path))
        output, resources = conv.exporter.from_notebook_node(nb, resources=resources)
        conv.write_single_notebook(output, resources)

    # --- finish (parent, serial) --------------------------------------------------------
    def finish(self, submission: Submission, result: ExecResult) -> None:
        """Score the executed notebooks into the gradebook and mark the submission done."""
        conv, dest = self.converter, self.dest(submission)
        conv._sanitizing = False
        conv._finishing = True
        conv.exporter._preprocessors = []
        conv.exporter.register_preprocessor(InjectExecuted(result.notebooks, parent=conv.exporter))
        for item in conv.autograde_preprocessors:
            cls = import_item(item) if isinstance(item, str) else item
            if not (isinstance(cls, type) and issubclass(cls, ExecutePreprocessor)):
                conv.exporter.register_preprocessor(cls)
        with nbgrader_utils.setenv(NBGRADER_EXECUTION="autograde"):
            for name in sorted(result.notebooks):
                BaseConverter.convert_single_notebook(conv, str(dest / f"{name}.ipynb"))
        conv.set_permissions(submission.assignment, submission.student)
        (dest / MARKER).write_text(json.dumps({
            "timestamp": submission.timestamp,
            "finished": datetime.now(UTC).isoformat(),
            "seconds": round(result.seconds, 3),
        }), encoding="utf-8")

    # --- the run ------------------------------------------------------------------------
    def run(self, executor: cf.Executor, *, slots: int, students: list[str] | None = None,
            force: bool = False, progress: bool = True) -> AutogradeSummary:
        """Grade every pending submission; one failure never stops the others."""
        from tqdm.auto import tqdm

        started = time.monotonic()
        summary = AutogradeSummary(self.assignment)
        queue: deque[Submission] = deque()
        for sub in find_submissions(self.coursedir, self.assignment, students):
            if not force and _marker_matches(self.dest(sub), sub):
                summary.skipped.append(sub.student)
            else:
                queue.append(sub)
        in_flight: dict[cf.Future[ExecResult], Submission] = {}
        bar = tqdm(total=len(queue), desc=f"autograde {self.assignment}", unit="submission",
                   disable=not progress)
        if queue:  # boot a kernel on each worker while the parent prepares the first jobs
            for _ in range(max(1, slots // 2)):
                executor.submit(prime_worker, self.settings)
        try:
            with self._in_course(), shared_gradebook_engines():
                while queue or in_flight:
                    while queue and len(in_flight) < slots:
                        sub = queue.popleft()
                        try:
                            job = self.prepare(sub)
                        except Exception as exc:
                            self._failed(summary, sub, "prepare", exc)
                            bar.update()
                            continue
                        in_flight[executor.submit(execute_job, job)] = sub
                    if not in_flight:
                        continue
                    done, _ = cf.wait(list(in_flight), return_when=cf.FIRST_COMPLETED)
                    for future in done:
                        sub = in_flight.pop(future)
                        try:
                            self.finish(sub, future.result())
                            summary.graded.append(sub.student)
                        except Exception as exc:
                            self._failed(summary, sub, "execute/finish", exc)
                        bar.update()
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise
        finally:
            bar.close()
        summary.seconds = time.monotonic() - started
        return summary

    @staticmethod
    def _failed(summary: AutogradeSummary, sub: Submission, step: str, exc: BaseException) -> None:
        message = f"{step}: {type(exc).__name__}: {exc}"
        log.error("%s/%s failed at %s", sub.student, sub.assignment, message)
        summary.failed[sub.student] = message


@contextmanager
def make_executor(workers: int, scheduler: str | None = None) -> Iterator[tuple[cf.Executor, int]]:
    """A local process pool, or a Dask cluster's executor when a scheduler address is given."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
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


def autograde(assignment: str, *, course_dir: str | os.PathLike[str] | None = None,
              workers: int = 2, scheduler: Any = None, students: list[str] | None = None,
              force: bool = False, progress: bool = True) -> AutogradeSummary:
    """Autograde an assignment's submissions in parallel into the course gradebook."""
    grader = ParallelAutograder(course_dir, assignment)
    with make_executor(workers, scheduler) as (executor, slots):
        return grader.run(executor, slots=slots * 2, students=students, force=force,
                          progress=progress)
