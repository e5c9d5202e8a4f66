"""The loader: typed frames, schema failures as DatasetError, catalog, unknown names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careops import data


def test_load_gives_the_dictionary_types():
    df = data.load("ed_visits")
    assert pd.api.types.is_datetime64_any_dtype(df["arrival"])
    assert isinstance(df["disposition"].dtype, pd.CategoricalDtype)
    assert str(df["time_to_provider_min"].dtype) == "Int64"
    assert df["time_to_provider_min"].isna().any()
    assert list(df.columns) == data.dictionary("ed_visits").column_names


def test_load_keeps_drg_codes_with_leading_zero():
    df = data.load("inpatient_stays")
    assert "065" in set(df["drg"].astype(str))
    assert str(df["readmitted_30d"].dtype) == "boolean"


def test_catalog_lists_every_dataset_with_rows_and_licence():
    cat = data.catalog()
    assert {"name", "description", "rows", "source", "licence", "synthetic"} <= set(cat.columns)
    assert set(cat["name"]) == set(data.names())
    assert (cat["rows"] > 0).all()
    assert cat["synthetic"].dtype == bool
    assert cat.set_index("name").loc["ed_visits", "rows"] == len(data.load("ed_visits"))


def test_unknown_dataset_names_the_value_and_the_choices():
    with pytest.raises(data.DatasetError, match=r"unknown dataset 'ed_visit'.*ed_visits"):
        data.load("ed_visit")


def test_dataset_error_is_a_value_error():
    assert issubclass(data.DatasetError, ValueError)


def _edit(file: Path, old: str, new: str, count: int = 1) -> None:
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, count))


def test_out_of_range_value_names_dataset_column_rule_and_row(datasets_copy: Path):
    df = pd.read_csv(datasets_copy / "ed_visits.csv", dtype=str, keep_default_na=False)
    df.loc[2, "esi"] = "7"
    df.to_csv(datasets_copy / "ed_visits.csv", index=False)
    with pytest.raises(data.DatasetError) as info:
        data.load("ed_visits")
    message = str(info.value)
    assert "ed_visits" in message and "'esi'" in message
    assert "less_than_or_equal_to(5)" in message and "[2]" in message


def test_cross_column_rule_failure_shows_the_offending_rows(datasets_copy: Path):
    df = pd.read_csv(datasets_copy / "inpatient_stays.csv", dtype=str, keep_default_na=False)
    df.loc[4, "discharge_date"] = "2024-12-01"
    df.to_csv(datasets_copy / "inpatient_stays.csv", index=False)
    with pytest.raises(data.DatasetError) as info:
        data.load("inpatient_stays")
    message = str(info.value)
    assert "discharge_date >= admission_date" in message
    assert "2024-12-01" in message and "[4]" in message


def test_unknown_category_is_reported_not_silently_dropped(datasets_copy: Path):
    _edit(datasets_copy / "ed_visits.csv", ",discharged\n", ",went_home\n")
    with pytest.raises(data.DatasetError, match=r"'disposition'.*went_home"):
        data.load("ed_visits")


def test_text_in_a_number_column_names_the_value(datasets_copy: Path):
    df = pd.read_csv(datasets_copy / "ed_visits.csv", dtype=str, keep_default_na=False)
    df.loc[0, "los_min"] = "about an hour"
    df.to_csv(datasets_copy / "ed_visits.csv", index=False)
    with pytest.raises(data.DatasetError, match=r"'los_min'.*about an hour"):
        data.load("ed_visits")


def test_missing_column_is_reported(datasets_copy: Path):
    df = pd.read_csv(datasets_copy / "ed_visits.csv", dtype=str, keep_default_na=False)
    df.drop(columns="esi").to_csv(datasets_copy / "ed_visits.csv", index=False)
    with pytest.raises(data.DatasetError, match=r"ed_visits: columns \['esi'\]"):
        data.load("ed_visits")


def test_missing_file_names_the_path(datasets_copy: Path):
    (datasets_copy / "ed_visits.csv").unlink()
    with pytest.raises(data.DatasetError, match=r"ed_visits.*does not exist"):
        data.load("ed_visits")


def test_generate_with_another_seed_gives_other_data():
    a = data.generate("inpatient_stays")
    b = data.generate("inpatient_stays", seed=7)
    assert not a["stay_id"].equals(b["stay_id"])


def test_generate_rejects_a_bad_seed():
    with pytest.raises(data.DatasetError, match=r"seed.*-3"):
        data.generate("ed_visits", seed=-3)


def test_generated_frame_equals_loaded_frame():
    pd.testing.assert_frame_equal(data.generate("ed_visits"), data.load("ed_visits"))


def test_write_then_load_round_trips(datasets_copy: Path):
    (datasets_copy / "inpatient_stays.csv").unlink()
    data.write("inpatient_stays")
    assert data.check("inpatient_stays") > 5000


def test_malformed_dictionary_names_the_file_and_field(datasets_copy: Path):
    _edit(datasets_copy / "claims.yml", "    type: bool\n", "    type: boolean\n")
    with pytest.raises(
        data.DatasetError, match=r"claims.yml:\d+: column 'denied'.*'boolean'"
    ) as info:
        data.load("claims")
    assert (info.value.field, info.value.value) == ("columns['denied'].type", "boolean")
    lines = (datasets_copy / "claims.yml").read_text(encoding="utf-8").splitlines()
    assert lines[info.value.line - 1].strip() == "type: boolean"


def test_the_package_names_its_functions_whatever_submodules_were_imported_first() -> None:
    """careops.data loads its functions lazily; no submodule may shadow one of them."""
    import importlib
    import pkgutil

    import careops.data as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("sphinx", "cli"):
            importlib.import_module(f"careops.data.{info.name}")
    for name in package.__all__:
        assert callable(getattr(package, name)), name
        assert not isinstance(getattr(package, name), type(package)), name
