"""Finding and stopping every process of one hub by the state it carries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from careops.hub.config import STATE_ENV
from careops.hub.processes import hub_processes, kill_hub_processes


def test_processes_tagged_with_the_state_are_found_and_killed_others_are_left(
    tmp_path: Path,
) -> None:
    mine, other = tmp_path / "mine", tmp_path / "other"
    sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
    tagged = subprocess.Popen(
        sleep, env=os.environ | {STATE_ENV: str(mine)}, start_new_session=True
    )
    untagged = subprocess.Popen(sleep, env=os.environ | {STATE_ENV: str(other)})
    try:
        assert hub_processes(mine) == [tagged.pid]
        assert kill_hub_processes(mine, grace=2) == [tagged.pid]
        assert tagged.wait(timeout=5) != 0
        assert untagged.poll() is None
        assert hub_processes(mine) == []
    finally:
        for p in (tagged, untagged):
            p.kill()
            p.wait()
