"""The course installs from a wheel (as on the JupyterHub image) and still finds its datasets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from careops import data
from careops.data import registry
from careops.data.paths import ENV_VAR, datasets_dir

ROOT = Path(__file__).resolve().parents[2]
# what `pip wheel .` reads from the checkout; copied, so the build leaves no build/ in the tree
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "datasets")
PROBE = """
import json, sys
import careops.data as d
from careops.data.paths import datasets_dir
frame = d.load("ed_visits")
print(json.dumps({"shape": list(frame.shape), "module": d.__file__,
                  "datasets": str(datasets_dir()), "path": sys.path}))
"""


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point careops at the checkout."""
    return {k: v for k, v in os.environ.items() if k not in (ENV_VAR, "PYTHONPATH")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps` of a copy of the checkout's build inputs."""
    checkout = tmp_path_factory.mktemp("checkout")
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, checkout / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(source, checkout / name)
    out = tmp_path_factory.mktemp("wheelhouse")
    # build isolation fetches setuptools>=77 (pyproject's build-system) from PyPI
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(out),
            str(checkout),
        ],
        check=True,
        env=_clean_env(),
    )
    built = sorted(out.glob("careops-*.whl"))
    assert len(built) == 1, f"expected one careops wheel in {out}, got {built}"
    return built[0]


def test_editable_checkout_reads_the_repository_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the checkout (make's editable install) the loader reads datasets/ at the repo root."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert datasets_dir() == ROOT / "datasets"
    assert not (ROOT / "src" / "careops" / "_datasets").exists()


@pytest.mark.slow
def test_wheel_holds_every_dataset_the_registry_names(wheel: Path) -> None:
    """Each registered dataset's data file and dictionary is in the wheel, byte for byte."""
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        for name in registry.names():
            for file in (data.dictionary(name).file, f"{name}.yml"):
                member = f"careops/_datasets/{file}"
                assert member in names, f"{wheel.name} lacks {member}"
                assert whl.read(member) == (ROOT / "datasets" / file).read_bytes(), member
    assert wheel.stat().st_size < 5_000_000, f"{wheel.name} is {wheel.stat().st_size} bytes"


@pytest.mark.slow
def test_wheel_alone_loads_a_dataset_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    """A venv with only the wheel's careops (deps borrowed, editable careops hidden) loads data."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # third-party packages from this interpreter's site-packages as a plain path entry: its .pth
    # files (the editable careops's among them) are not processed, so /work/main/src stays out
    (purelib / "careops-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = subprocess.run(
        [str(python), "-c", "import careops"],
        cwd=elsewhere,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert before.returncode != 0, "careops is importable before the wheel is installed"

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--quiet",
            str(wheel),
        ],
        check=True,
        env=_clean_env(),
    )
    run = subprocess.run(
        [str(python), "-c", PROBE], cwd=elsewhere, env=_clean_env(), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert Path(got["module"]).is_relative_to(purelib / "careops")
    assert Path(got["datasets"]) == purelib / "careops" / "_datasets"
    assert str(ROOT / "src") not in got["path"]
    expected = data.load("ed_visits").shape
    assert tuple(got["shape"]) == expected
