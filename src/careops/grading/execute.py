"""nbgrader's Execute preprocessor, run in the sandbox and hardened against runaway kernels.

A cell that outlives the timeout is interrupted; if the kernel ignores the interrupt (a loop
that swallows KeyboardInterrupt) or dies (CPU or memory limit), the kernel is stopped and every
later code cell gets an explanatory error output instead of hanging the grader. Either way
the notebook comes back executed, so nbgrader can score it and write feedback.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jupyter_client.manager import KernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4 import new_output
from traitlets import Float

from careops.errors import GradingError
from careops.grading import variants
from careops.grading._compat import TimeoutHookExecute
from careops.grading.sandbox import SandboxKernelManager

STOPPED_ENAME = "KernelStopped"


class SandboxedExecute(TimeoutHookExecute):
    """Execute a notebook in a sandboxed kernel; never hang and never crash on student code."""

    interrupt_grace = Float(
        3.0,
        help="Seconds a timed-out cell gets to honour the interrupt before the kernel is killed",
    ).tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(**kwargs)
        self._stopped_reason: str | None = None
        self._student: str | None = None
        self._cases: dict[str, variants.Case] = {}

    def preprocess(
        self, nb: NotebookNode, resources: Any = None, km: KernelManager | None = None
    ) -> tuple[NotebookNode, Any]:
        """Execute every code cell; cells after a stopped kernel get an error output.

        When the resources name the student (nbgrader's autograde, careops' workers), the
        test cells are bound to that student's variant before any cell runs, and the kernel
        learns who the student is (``CAREOPS_STUDENT``) before the first cell.
        """
        self._stopped_reason = None
        self._student = (resources or {}).get("nbgrader", {}).get("student") or None
        self._cases = {}
        if self._student:
            folder = (resources or {}).get("metadata", {}).get("path") or "."
            self._cases = variants.bind_notebook(nb, self._student, folder)
        return super().preprocess(nb, resources, km)

    def _tell_student(self) -> None:
        """Tell the kernel (once, silently) who the student is and the cases drawn for them."""
        student, self._student = self._student, None
        assert self.kc is not None
        env = variants.grader_env(student, self._cases)
        code = f"__import__('os').environ.update({env!r})"
        reply = self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
        if reply is None or reply["content"].get("status") != "ok":
            raise GradingError(f"could not tell the kernel the student id {student!r}")

    def preprocess_cell(
        self, cell: NotebookNode, resources: Any, index: int
    ) -> tuple[NotebookNode, Any]:
        """Run one cell, turning a dead or killed kernel into an error output on the cell."""
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stopped_reason is not None:
            cell.outputs = [_stopped_output(f"Not run: {self._stopped_reason}.")]
            return cell, resources
        try:
            if self._student:
                self._tell_student()
            return super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as exc:
            if self._stopped_reason is None:
                self._stopped_reason = (
                    f"the kernel stopped while running cell {index} "
                    f"(time, CPU or memory limit reached: {type(exc).__name__})"
                )
            cell.outputs = [
                *cell.get("outputs", []),
                _stopped_output(f"This cell was stopped: {self._stopped_reason}."),
            ]
            return cell, resources

    async def on_cell_timeout(
        self, timeout: int, cell: NotebookNode | None
    ) -> dict[str, Any] | None:
        """Interrupt; if the kernel does not answer within the grace period, kill it."""
        self.log.error("Cell timed out after %ss; interrupting the kernel", timeout)
        assert self.km is not None and self.kc is not None
        await _maybe_await(self.km.interrupt_kernel())
        deadline = time.monotonic() + self.interrupt_grace
        answered = False
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                await _maybe_await(self.kc.shell_channel.get_msg(timeout=remaining))
            except Exception:  # queue.Empty: no reply within the grace period
                break
            answered = True
            break
        if not answered:
            self.log.error("Kernel ignored the interrupt; stopping it")
            self._stopped_reason = (
                f"the kernel was stopped after a cell ran longer than {timeout} s "
                "and ignored the interrupt"
            )
            await _maybe_await(self.km.shutdown_kernel(now=True))
        return {"content": {**self.error_on_timeout, "status": "error"}}


def _stopped_output(message: str) -> NotebookNode:
    """An error output that nbgrader scores as a failed test."""
    return new_output(
        "error", ename=STOPPED_ENAME, evalue=message, traceback=[f"{STOPPED_ENAME}: {message}"]
    )


async def _maybe_await(value: Any) -> Any:
    """Await coroutines (async kernel managers) and pass plain values through."""
    if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
        return await value
    return value
