"""A real PostgreSQL gradebook: parallel autograde records the same scores as with SQLite.

A hub course points ``CourseDirectory.db_url`` at PostgreSQL. This test starts a real server
(Debian's ``postgresql``: ``make postgres-deps``) on a free port in a temporary data directory,
as the ``postgres`` system user when run as root (postgres refuses to run as root), and stops it
afterwards. One course with 20 varied submissions is copied twice, one copy per gradebook;
``careops grade autograde --workers 2`` grades both, and every score of every grade cell of
every student must be the same.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from careops.cli import main
from careops.grading.course import load_config, write_course_config
from careops.grading.samples import EXPECTED_AUTO, TINY_NOTEBOOK, submit, tiny_source

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("grading-postgres"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("bwrap_available"),
]

ASSIGNMENT = "tinypg"
COURSE_ID = "careops-pg"
FIX = "run `make postgres-deps` (installs Debian's postgresql package)"
# correct, wrong, blank (the released notebook as it is), raising, hard-coded, spoofing, a
# deleted and an edited test cell, a corrupt file: scores differ from student to student
KINDS = [
    "correct",
    "wrong",
    "blank",
    "raises",
    "hard_coded",
    "spoof_eq",
    "edited_test",
    "deleted_test",
    "invalid_json",
    "correct",
] * 2
STUDENTS = {f"s{i:02d}": kind for i, kind in enumerate(KINDS)}
EXPECTED = {**EXPECTED_AUTO, "blank": 0.0}


@dataclass(frozen=True)
class Server:
    """A running PostgreSQL server and the URL of its empty gradebook database."""

    port: int
    db_url: str


def _pg_tool(name: str) -> str:
    """A PostgreSQL server program: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()],
    )
    if not candidates:
        pytest.fail(
            f"PostgreSQL's {name} is neither on PATH nor in /usr/lib/postgresql/*/bin: {FIX}"
        )
    return candidates[-1]


def _as_postgres() -> list[str]:
    """The command prefix that runs a program as the postgres user (root may not run postgres)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        pytest.fail("runuser (util-linux) is missing: cannot start PostgreSQL as the postgres user")
    try:
        subprocess.run(["id", "-u", "postgres"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        pytest.fail(f"there is no 'postgres' system user to run PostgreSQL as: {FIX}")
    return ["runuser", "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], cwd: Path, what: str, log: Path | None = None) -> None:
    """Run a server command; fail the test with its output (and the server log) if it fails."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        server_log = log.read_text(errors="replace")[-2000:] if log and log.is_file() else ""
        pytest.fail(
            f"PostgreSQL {what} failed ({' '.join(command)}): {done.stdout[-1000:]}"
            f"{done.stderr[-2000:]}\n{server_log}\nIf PostgreSQL is missing or broken: {FIX}"
        )


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    """A PostgreSQL server on a free 127.0.0.1 port in a temporary data directory, stopped after."""
    try:
        import psycopg
    except ImportError:
        pytest.fail("psycopg is not installed: `.venv/bin/pip install -e '.[test]'`")
    initdb, pg_ctl = _pg_tool("initdb"), _pg_tool("pg_ctl")
    prefix = _as_postgres()
    # under /tmp itself: pytest's tmp_path sits in a folder only root may enter
    home = Path(tempfile.mkdtemp(prefix="careops-pg-"))
    data, sockets, log = home / "data", home / "sock", home / "server.log"
    sockets.mkdir()
    if prefix:
        for path in (home, sockets):
            shutil.chown(path, "postgres", "postgres")
    port = _free_port()
    started = False
    try:
        _run(
            [
                *prefix,
                initdb,
                "-D",
                str(data),
                "-U",
                "careops",
                "--auth=trust",
                "--no-locale",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            home,
            "initdb",
        )
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        started = True
        _run(
            [
                *prefix,
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ],
            home,
            "start",
            log,
        )
        with psycopg.connect(
            host="127.0.0.1", port=port, user="careops", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE gradebook")
        yield Server(port, f"postgresql+psycopg://careops@127.0.0.1:{port}/gradebook")
    finally:
        if started:
            subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                cwd=home,
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(home, ignore_errors=True)


def _submit(course: Path, student: str, kind: str) -> None:
    submit(course, ASSIGNMENT, student, kind)


def _generate(course: Path) -> None:
    result = NbGraderAPI(config=load_config(course)).generate_assignment(ASSIGNMENT, force=True)
    assert result["success"], result.get("error") or result.get("log")


def _autograde(course: Path) -> None:
    code = main(
        [
            "grade",
            "--course-dir",
            str(course),
            "autograde",
            ASSIGNMENT,
            "--workers",
            "2",
            "--no-progress",
        ]
    )
    assert code == 0, f"careops grade autograde failed in {course}"


Scores = dict[tuple[str, str, str], tuple[float | None, float]]


def _scores(db_url: str) -> Scores:
    """(student, notebook, grade cell) -> (auto score, max score), from a gradebook."""
    with Gradebook(db_url, COURSE_ID) as gb:
        return {
            (sub.student.id, nb.name, grade.name): (grade.auto_score, grade.max_score)
            for sub in gb.assignment_submissions(ASSIGNMENT)
            for nb in sub.notebooks
            for grade in nb.grades
        }


@pytest.fixture(scope="module")
def graded(postgres: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same course, submissions and all, autograded once into SQLite and once into
    PostgreSQL."""
    root = tmp_path_factory.mktemp("pg")
    lite = root / "sqlite"
    write_course_config(lite, course_id=COURSE_ID, timeout=10)
    (lite / "source" / ASSIGNMENT).mkdir(parents=True)
    nbformat.write(tiny_source(), lite / "source" / ASSIGNMENT / f"{TINY_NOTEBOOK}.ipynb")
    _generate(lite)
    for student, kind in STUDENTS.items():
        _submit(lite, student, kind)
    pg = root / "postgres"
    shutil.copytree(lite, pg, ignore=shutil.ignore_patterns("gradebook.db"))
    write_course_config(
        pg, course_id=COURSE_ID, timeout=10, extra=f"c.CourseDirectory.db_url = {postgres.db_url!r}"
    )
    _generate(pg)  # the assignment into the PostgreSQL gradebook
    for course in (lite, pg):
        _autograde(course)
    return {"sqlite": lite, "postgres": pg}


def test_the_postgres_course_grades_into_postgres(
    graded: dict[str, Path], postgres: Server
) -> None:
    assert load_config(graded["postgres"]).CourseDirectory.db_url == postgres.db_url
    assert not (graded["postgres"] / "gradebook.db").exists()
    assert (graded["sqlite"] / "gradebook.db").is_file()


def test_every_score_in_postgres_equals_the_sqlite_run(
    graded: dict[str, Path], postgres: Server
) -> None:
    in_postgres = _scores(postgres.db_url)
    in_sqlite = _scores(f"sqlite:///{graded['sqlite'] / 'gradebook.db'}")
    assert {student for student, _, _ in in_postgres} == set(STUDENTS)
    assert len(in_postgres) == len(STUDENTS) * 3  # q1_tests, q2_tests, w1_answer
    assert in_postgres == in_sqlite


@pytest.mark.usefixtures("graded")
def test_the_postgres_scores_are_the_expected_ones(postgres: Server) -> None:
    with Gradebook(postgres.db_url, COURSE_ID) as gb:
        totals = {s.student.id: s.code_score for s in gb.assignment_submissions(ASSIGNMENT)}
    assert totals == {student: EXPECTED[kind] for student, kind in STUDENTS.items()}
    assert len(set(totals.values())) >= 3
