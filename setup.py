"""Build hook: a wheel carries the course's datasets as ``careops/_datasets/``.

Everything else about the package is declared in ``pyproject.toml``. The datasets stay in
``datasets/`` at the repository root (one copy in git); a regular build copies the files the
loader reads into the wheel, while an editable install (``make``) keeps reading ``datasets/``
in the checkout, so a regenerated file is seen at once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATASETS = ROOT / "datasets"
PACKAGED = ("careops", "_datasets")
# data files (.csv), their dictionaries (.yml, read by careops.data) and provenance pages (.md)
PATTERNS = ("*.csv", "*.yml", "*.md")


def dataset_files(source: Path = DATASETS) -> list[Path]:
    """The files of datasets/ a wheel ships, sorted (nothing else in that folder)."""
    if not source.is_dir():
        raise FileNotFoundError(f"datasets folder {source} is missing: the wheel needs its data")
    return sorted({p for pattern in PATTERNS for p in source.glob(pattern) if p.is_file()})


class BuildPyWithDatasets(build_py):
    """build_py that also copies datasets/ into the built package (not in editable mode)."""

    def run(self) -> None:
        """Build the package as usual, then add the datasets next to it."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib).joinpath(*PACKAGED)
        target.mkdir(parents=True, exist_ok=True)
        for file in dataset_files():
            shutil.copy2(file, target / file.name)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        """The built files, the copied datasets included (the wheel's RECORD lists them)."""
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            target = Path(self.build_lib).joinpath(*PACKAGED)
            outputs += [str(target / f.name) for f in dataset_files()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithDatasets})
