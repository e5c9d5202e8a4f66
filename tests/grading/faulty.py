"""nbgrader preprocessors that make one student's autograde fail, for the no-silent-zero tests.

Configured by import name in a test course's nbgrader_config.py (use ``f"{faulty.__name__}.X"``
so the name matches however pytest imported this package). Both act only for the students
listed in their ``students`` trait and only while their cause is present, so a rerun after
removing the cause grades the submission.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor
from sqlalchemy.engine import make_url
from traitlets import Bool, List, Unicode

# lock holders started by LockGradebookFor in this process, released by release_locks()
HOLDERS: list[subprocess.Popen[str]] = []

HOLD_LOCK = (
    "import sqlite3, sys\n"
    "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "con.execute('BEGIN EXCLUSIVE')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()  # hold the lock until the test closes stdin\n"
    "con.execute('ROLLBACK')\n"
)


class RaiseFor(Preprocessor):
    """A preprocessor that breaks on something in a student's own work.

    Raises while ``trigger`` exists, for the listed students, on a notebook holding ``needle``
    (text the student wrote, absent from the blank release: so grading the release instead
    would succeed, and hide the failure as a zero).
    """

    enabled = Bool(True).tag(config=True)  # nbconvert's Preprocessor is off by default
    students = List(Unicode(), help="students whose notebooks make it raise").tag(config=True)
    trigger = Unicode("", help="it raises only while this file exists").tag(config=True)
    needle = Unicode("", help="it raises only on a notebook with this text in a cell").tag(
        config=True
    )

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        """Raise RuntimeError for a listed student's notebook holding the needle."""
        student = resources["nbgrader"]["student"]
        holds = any(self.needle in cell.source for cell in nb.cells)
        if student in self.students and Path(self.trigger).exists() and holds:
            raise RuntimeError(f"injected preprocessor failure for {student}")
        return nb, resources


class LockGradebookFor(Preprocessor):
    """Has a separate Python process take an exclusive lock on the SQLite gradebook.

    Runs before SaveAutoGrades for a listed student while ``trigger`` exists: the lock is held
    (BEGIN EXCLUSIVE) by another process when nbgrader next writes that student's grades. The
    holder keeps it until ``release_locks()``.
    """

    enabled = Bool(True).tag(config=True)
    students = List(Unicode(), help="students whose grading meets a locked gradebook").tag(
        config=True
    )
    trigger = Unicode("", help="it starts a lock holder only while this file exists").tag(
        config=True
    )

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        """Start the lock holder for a listed student and wait until it holds the lock."""
        if resources["nbgrader"]["student"] in self.students and Path(self.trigger).exists():
            database = make_url(resources["nbgrader"]["db_url"]).database
            holder = subprocess.Popen(
                [sys.executable, "-c", HOLD_LOCK, str(database)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            HOLDERS.append(holder)
            assert holder.stdout is not None
            line = holder.stdout.readline().strip()
            if line != "locked":
                raise RuntimeError(f"the lock holder did not take the lock: {line!r}")
        return nb, resources


def release_locks() -> int:
    """End every lock holder this process started (closing stdin ends the transaction)."""
    count = 0
    while HOLDERS:
        holder = HOLDERS.pop()
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        count += 1
    return count
