"""The suite's parallel run keeps grouped tests together (a notebook's cells share one kernel)."""

import pytest


def _require_loadgroup(config: pytest.Config) -> None:
    if getattr(config.option, "dist", "no") != "loadgroup" and not getattr(
        config.option, "loadgroup", False
    ):
        pytest.skip("not a parallel --dist loadgroup run")


@pytest.mark.xdist_group("grouping-probe")
def test_xdist_group_marks_reach_the_scheduler(request):
    """Under --dist loadgroup, xdist tags a grouped test's id with its group; when a pytest
    release drops the attribute xdist writes, the tag is missing and groups silently split."""
    _require_loadgroup(request.config)
    assert request.node.nodeid.endswith("@grouping-probe"), request.node.nodeid


def test_every_notebook_cell_carries_its_notebooks_group(request):
    """The cells of one notebook share a kernel: each must be scheduled in its notebook's group."""
    _require_loadgroup(request.config)
    cells = [i for i in request.session.items if i.nodeid.split("::")[0].endswith(".ipynb")]
    if not cells:
        pytest.skip("a partial run without notebooks")
    ungrouped = [i.nodeid for i in cells if "@nb:" not in i.nodeid]
    assert ungrouped == [], ungrouped[:5]
