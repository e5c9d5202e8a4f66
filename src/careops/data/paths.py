"""Where the committed data files live: ``datasets/`` at the repository root."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CAREOPS_DATASETS"


def datasets_dir() -> Path:
    """The datasets folder: $CAREOPS_DATASETS, else the repository's ``datasets/``, else ./datasets."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3] / "datasets"
    if repo.is_dir():
        return repo
    for parent in (Path.cwd(), *Path.cwd().parents):
        candidate = parent / "datasets"
        if (candidate / "index.md").is_file():
            return candidate
    return repo
