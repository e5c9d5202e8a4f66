"""``python -m careops.grading.answers`` sees the facts the answer_keys modules register."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from careops.grading.course import REPO_COURSE


def test_module_entry_point_checks_facts_registered_by_answer_keys(tmp_path: Path) -> None:
    """operations-2's facts live in answer_keys/operations.py; run as a script, --check must
    find them (a __main__ copy of the module once had an empty registry: 'known: none')."""
    shutil.copytree(REPO_COURSE / "source" / "operations-2", tmp_path / "operations-2")
    run = subprocess.run(
        [sys.executable, "-m", "careops.grading.answers", "--check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "not computed" not in run.stdout
    assert run.stdout.strip() == "answer keys agree with the data"
    assert run.returncode == 0
