"""Shared fixtures for the data-layer tests: a private copy of datasets/ to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careops.data.paths import datasets_dir


@pytest.fixture
def datasets_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the committed dictionaries and files that the loader reads instead."""
    target = tmp_path / "datasets"
    shutil.copytree(datasets_dir(), target)
    monkeypatch.setenv("CAREOPS_DATASETS", str(target))
    return target
