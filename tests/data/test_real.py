"""Real datasets: provenance is recorded, and re-importing reproduces the committed copy."""

from __future__ import annotations

import importlib.util

import pytest

from careops import data
from careops.data import registry

REAL = [n for n in registry.names() if not registry.is_synthetic(n)]


@pytest.mark.parametrize("name", REAL)
def test_real_dataset_records_package_licence_and_citation(name: str):
    d = data.dictionary(name)
    assert not d.synthetic
    assert d.package and any(ch.isdigit() for ch in d.package)  # package and version
    assert d.licence and d.citations


@pytest.mark.parametrize("name", REAL)
def test_reimporting_a_real_dataset_reproduces_the_committed_file(name: str):
    package = registry.module(name).PACKAGE
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} is not installed (the committed copy is used instead)")
    assert data.render(name).encode("utf-8") == data.path(name).read_bytes()


def test_real_datasets_cannot_be_generated():
    with pytest.raises(data.DatasetError, match="real data"):
        data.generate("rand_hie")


def test_covid_testing_has_no_name_columns_and_ages_top_coded():
    df = data.load("covid_testing")
    assert not any("name" in c and c != "clinic_name" for c in df.columns)
    assert df["age"].max() == 90
