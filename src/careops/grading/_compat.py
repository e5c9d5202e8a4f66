"""Every use of a private nbgrader, nbconvert, nbclient or jupyter_client name, in one place.

careops drives nbgrader's Autograde converter one step at a time (sanitize in the parent,
execute in a worker, score in the parent), hooks nbclient's cell-timeout handling and
jupyter_client's kernel launch. None of that is public API, so each use is a small named
function or class here, with a docstring saying which behaviour of which version it relies on,
and a test in ``tests/grading/test_compat.py`` that fails loudly when an upgrade changes it.
The rest of ``careops`` must not touch a leading-underscore name of those packages (a test
greps for it). Tested with nbgrader 0.9.x, nbconvert 7.x, nbclient 0.10-0.11 and
jupyter_client 8.x (see the pins in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbconvert.exporters import Exporter
from nbconvert.writers import FilesWriter
from nbformat import NotebookNode
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.preprocessors import Execute

__all__ = [
    "HookedKernelManager",
    "StepwiseAutograde",
    "TimeoutHookExecute",
    "clear_preprocessors",
    "shared_gradebook_engines",
]


def clear_preprocessors(exporter: Exporter) -> None:
    """Remove every preprocessor registered on an nbconvert exporter.

    Relies on nbconvert 7 keeping registered preprocessors in the list
    ``Exporter._preprocessors`` (``register_preprocessor`` appends to it, ``from_notebook_node``
    runs it in order); nbconvert has no public way to unregister one.
    """
    exporter._preprocessors = []


class StepwiseAutograde(Autograde):
    """nbgrader's Autograde converter, driven one step at a time instead of through ``start()``.

    nbgrader 0.9's ``Autograde.convert_single_notebook`` sanitizes and executes a notebook in
    one call. careops splits it: ``begin_sanitize`` + ``convert`` (the sanitize preprocessors,
    reading ``submitted/``), a worker executes, then ``begin_finish`` + ``convert`` (reading
    ``autograded/``). This relies on the private ``Autograde._sanitizing`` flag choosing the
    input directory (``_input_directory``) and preprocessor list (``_init_preprocessors``), and
    on ``BaseConverter._format_dest`` naming the autograded folder.
    """

    finishing = False

    def prepare_writer(self) -> None:
        """Create the writer and exporter as ``BaseConverter.start()`` does (nbgrader 0.9)."""
        self.writer = FilesWriter(parent=self, config=self.config)
        self.exporter = self.exporter_class(parent=self, config=self.config)

    def dest(self, assignment: str, student: str) -> str:
        """The autograded folder of a submission (``BaseConverter._format_dest``, nbgrader 0.9)."""
        return self._format_dest(assignment, student)

    def begin_sanitize(self, assignment: str, student: str, notebooks: list[str]) -> None:
        """Read from submitted/, create the gradebook rows and register the sanitize steps.

        Sets nbgrader 0.9's private ``_sanitizing`` flag (so ``_input_directory`` is
        ``submitted/``), runs ``init_assignment`` (student and submission rows, timestamp,
        copies of the source's support files) and ``_init_preprocessors`` (registers
        ``sanitize_preprocessors`` on the exporter after clearing it).
        """
        self._sanitizing = True
        self.finishing = False
        self.notebooks = notebooks
        self.init_assignment(assignment, student)
        self._init_preprocessors()

    def begin_finish(self, preprocessors: list[Any]) -> None:
        """Read from autograded/ and run exactly these preprocessors on the next conversions.

        Clears nbgrader 0.9's ``_sanitizing`` flag, so ``_input_directory`` becomes
        ``autograded/`` where the sanitized notebooks are.
        """
        self._sanitizing = False
        self.finishing = True
        clear_preprocessors(self.exporter)
        for preprocessor in preprocessors:
            self.exporter.register_preprocessor(preprocessor)

    def convert(self, notebook_filename: str) -> None:
        """One notebook through the registered preprocessors, written to the autograded folder.

        ``BaseConverter.convert_single_notebook`` (not Autograde's, which would sanitize and
        execute in one go).
        """
        BaseConverter.convert_single_notebook(self, notebook_filename)

    def set_permissions(self, assignment_id: str, student_id: str) -> None:
        """Permissions are set once, when the submission is finished."""
        if self.finishing:
            super().set_permissions(assignment_id, student_id)


class TimeoutHookExecute(Execute):
    """nbgrader's Execute preprocessor with a public hook for a cell that timed out.

    nbclient 0.10/0.11 calls the private coroutine ``NotebookClient._async_handle_timeout(
    timeout, cell)`` when a cell outlives ``timeout`` (from ``_async_poll_for_reply``) and uses
    its return value as the cell's execute reply (``None``: raise ``CellTimeoutError``).
    Subclasses implement ``on_cell_timeout`` instead of overriding the private name.
    """

    async def on_cell_timeout(
        self, timeout: int, cell: NotebookNode | None
    ) -> dict[str, Any] | None:
        """What to do with a timed-out cell (default: nbclient's own handling)."""
        return await super()._async_handle_timeout(timeout, cell)

    async def _async_handle_timeout(
        self, timeout: int, cell: NotebookNode | None = None
    ) -> dict[str, Any] | None:
        return await self.on_cell_timeout(timeout, cell)


class HookedKernelManager(AsyncKernelManager):
    """jupyter_client's AsyncKernelManager with public hooks for launch and clean-up.

    Relies on jupyter_client 8: ``_async_pre_start_kernel`` stores the start arguments (``cwd``
    among them) in ``_launch_args`` before ``format_kernel_cmd`` is called;
    ``_async_start_kernel`` launches through ``_async_launch_kernel(kernel_cmd, **kw)``;
    ``shutdown_kernel`` and ``cleanup_resources`` end in ``_async_cleanup_resources(restart)``.
    """

    def launch_cwd(self) -> str | None:
        """The ``cwd`` the kernel is being started in (from ``_launch_args``), if any."""
        return (self._launch_args or {}).get("cwd")

    def launch_options(self, kw: dict[str, Any]) -> dict[str, Any]:
        """Adjust the keyword arguments of the kernel's ``Popen`` (default: unchanged)."""
        return kw

    def after_cleanup(self, restart: bool) -> None:
        """Called after the kernel's resources (connection file, ports) are cleaned up."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        await super()._async_launch_kernel(kernel_cmd, **self.launch_options(kw))

    _launch_kernel = _async_launch_kernel  # type: ignore[assignment]

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        self.after_cleanup(restart)

    cleanup_resources = _async_cleanup_resources  # type: ignore[assignment]


@contextmanager
def shared_gradebook_engines() -> Iterator[None]:
    """Let nbgrader's many short-lived Gradebook objects share one engine per database URL.

    nbgrader 0.9's ``Gradebook.__init__`` calls the module global ``nbgrader.api.create_engine``
    (SQLAlchemy's) for every Gradebook it opens: a new engine, table checks, an empty statement
    cache for every step of every submission. In the parent, which grades hundreds of
    submissions, reusing the engine removes most of that overhead. The module global is
    replaced for the duration and restored on exit; the engines are disposed of.
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
