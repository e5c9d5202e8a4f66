"""Fixtures for the seminar tests: a private copy of the seminar folder to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEMINAR = ROOT / "seminar"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of seminar/ (data, site pages, templates) in tmp_path, safe to edit."""
    dest = tmp_path / "seminar"
    shutil.copytree(SEMINAR, dest, ignore=shutil.ignore_patterns("*.ipynb_checkpoints"))
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def edit():
    """edit(path, old, new): replace one exact occurrence of old (fails loudly if absent)."""
    return _edit


@pytest.fixture
def line_of():
    """line_of(path, needle): 1-based line number of the first line containing needle."""
    return _line_of


@pytest.fixture(scope="session")
def seminar_root() -> Path:
    """The committed seminar folder."""
    return SEMINAR
