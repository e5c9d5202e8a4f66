"""Every synthetic dataset regenerates byte-for-byte from its committed seed."""

from __future__ import annotations

import pytest

from careops import data
from careops.data import registry

SYNTHETIC = [n for n in registry.names() if registry.is_synthetic(n)]


@pytest.mark.parametrize("name", SYNTHETIC)
def test_regenerating_reproduces_the_committed_file_exactly(name: str):
    committed = data.path(name).read_bytes()
    assert data.render(name).encode("utf-8") == committed
