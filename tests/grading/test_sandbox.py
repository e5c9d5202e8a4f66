"""Student code in the autograder's sandbox cannot reach solutions, gradebook or network."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest

from careops.errors import GradingError, InputError
from careops.grading.sandbox import Limits, sandbox_command

from .conftest import run_sandboxed

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("bwrap_available")]


def _workdir(course: Path) -> Path:
    return course / "autograded" / "alice" / "a1"


def test_sandboxed_code_cannot_read_the_source_solutions(fake_course: Path) -> None:
    secret = fake_course / "source" / "a1" / "a1.ipynb"
    assert secret.read_text(encoding="utf-8") == "SECRET-SOLUTION-42"  # readable outside
    ran = run_sandboxed(
        f"try:\n    print(open({str(secret)!r}).read())\n"
        "except OSError as e:\n    print('BLOCKED', e.errno)",
        _workdir(fake_course),
    )
    assert "SECRET-SOLUTION-42" not in ran.stdout
    assert f"BLOCKED {errno.ENOENT}" in ran.stdout


def test_sandboxed_code_cannot_write_the_gradebook(fake_course: Path) -> None:
    gradebook = fake_course / "gradebook.db"
    ran = run_sandboxed(
        f"try:\n    open({str(gradebook)!r}, 'wb').write(b'x')\n    print('WROTE')\n"
        "except OSError as e:\n    print('BLOCKED', e.errno)",
        _workdir(fake_course),
    )
    assert "BLOCKED" in ran.stdout
    assert gradebook.read_bytes() == b"SQLite format 3\x00"


def test_sandboxed_code_cannot_connect_to_a_localhost_service(fake_course: Path) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()  # reachable outside
        ran = run_sandboxed(
            "import socket\ntry:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
            "    print('CONNECTED')\n"
            "except OSError as e:\n    print('BLOCKED', e.errno)",
            _workdir(fake_course),
        )
    finally:
        server.close()
    assert "CONNECTED" not in ran.stdout
    assert "BLOCKED" in ran.stdout


def test_sandboxed_code_has_no_route_to_a_public_address(fake_course: Path) -> None:
    ran = run_sandboxed(
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 443), timeout=3)\n"
        "    print('CONNECTED')\nexcept OSError as e:\n    print('BLOCKED', e.errno)",
        _workdir(fake_course),
    )
    assert f"BLOCKED {errno.ENETUNREACH}" in ran.stdout


def test_allocating_beyond_the_memory_limit_fails(fake_course: Path) -> None:
    ran = run_sandboxed(
        "block = bytearray(3 * 1024**3)\nprint('ALLOCATED')", _workdir(fake_course), memory_mb=1536
    )
    assert "ALLOCATED" not in ran.stdout
    assert ran.ename == "MemoryError"


def test_spinning_past_the_cpu_limit_kills_the_kernel(fake_course: Path) -> None:
    ran = run_sandboxed("while True:\n    pass", _workdir(fake_course), cpu_seconds=4, timeout=20)
    assert ran.status == "died"
    assert ran.kernel_alive is False


def test_sandboxed_code_can_use_its_workdir_and_careops(fake_course: Path) -> None:
    workdir = _workdir(fake_course)
    ran = run_sandboxed(
        "from careops.grading.checks import check_number\ncheck_number(0.5, 0.5)\n"
        "open('notes.txt', 'w').write('ok')\nimport os\nprint('CWD', os.getcwd())",
        workdir,
    )
    assert ran.status == "ok"
    assert f"CWD {workdir}" in ran.stdout
    assert (workdir / "notes.txt").read_text(encoding="utf-8") == "ok"


def test_sandboxed_code_does_not_inherit_the_graders_environment(
    fake_course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREOPS_TEST_TOKEN", "s3cret-token")
    ran = run_sandboxed(
        "import os\nprint('TOKEN', os.environ.get('CAREOPS_TEST_TOKEN'))", _workdir(fake_course)
    )
    assert "TOKEN None" in ran.stdout


def test_sandbox_command_exposes_the_workdir_but_not_the_course_root(tmp_path: Path) -> None:
    workdir, runtime = tmp_path / "course" / "autograded" / "bob" / "a1", tmp_path / "rt"
    workdir.mkdir(parents=True)
    runtime.mkdir()
    cmd = sandbox_command(["python", "-V"], workdir=workdir, runtime_dir=runtime, limits=Limits())
    binds = {cmd[i + 2] for i, arg in enumerate(cmd) if arg in ("--bind", "--ro-bind")}
    assert str(workdir) in binds
    assert str(tmp_path / "course") not in binds
    assert "--unshare-all" in cmd and "--share-net" not in cmd
    assert any(arg.startswith("--as=") for arg in cmd) and any(
        arg.startswith("--cpu=") for arg in cmd
    )


def test_limits_reject_a_memory_limit_too_small_for_a_kernel() -> None:
    with pytest.raises(InputError, match="memory_mb") as caught:
        Limits(memory_mb=16)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "memory_mb",
        16,
        "at_least",
    )


def test_missing_bwrap_is_reported_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", os.devnull)
    with pytest.raises(GradingError, match="make sandbox-deps"):
        sandbox_command(["python"], workdir="/tmp", runtime_dir="/tmp", limits=Limits())
