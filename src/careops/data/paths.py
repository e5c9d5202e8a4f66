"""Where the committed data files live: ``datasets/`` at the repository root.

An installed wheel carries them inside the package as ``careops/_datasets/`` (``setup.py``
copies them at build time); an editable install reads the checkout's ``datasets/``.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CAREOPS_DATASETS"
PACKAGED = Path(__file__).resolve().parents[1] / "_datasets"


def datasets_dir() -> Path:
    """The datasets folder: $CAREOPS_DATASETS, else the wheel's, else the repository's, else
    ./datasets."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    if (PACKAGED / "index.md").is_file():
        return PACKAGED
    repo = Path(__file__).resolve().parents[3] / "datasets"
    if repo.is_dir():
        return repo
    for parent in (Path.cwd(), *Path.cwd().parents):
        candidate = parent / "datasets"
        if (candidate / "index.md").is_file():
            return candidate
    return repo
