"""Every notebook of the book, the exercises and the seminar is executed by nbval."""

import pytest


def test_nbval_collected_every_notebook(request, collected_notebooks, repo_notebooks):
    if request.config.getoption(
        "--nbval-lax", default=False
    ) is False and not request.config.getoption("--nbval", default=False):
        pytest.fail("the suite must run with --nbval-lax (see pyproject.toml addopts)")
    args = [str(a) for a in request.config.args]
    if any(a.endswith(".py") or "::" in a for a in args):
        pytest.skip("a partial run (explicit test files) does not collect the notebooks")
    missing = sorted(repo_notebooks - collected_notebooks)
    assert not missing, f"notebooks that nbval did not run: {missing}"


def test_there_is_at_least_one_notebook(repo_notebooks):
    assert "book/program/overview.ipynb" in repo_notebooks
