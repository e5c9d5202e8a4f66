"""``careops data list | generate | check`` through the real command-line entry point."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careops.cli import main


def test_data_list_prints_every_dataset(capsys: pytest.CaptureFixture[str]):
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert "ed_visits" in out and "rand_hie" in out and "real" in out


def test_data_generate_rewrites_the_committed_file(
    datasets_copy: Path, capsys: pytest.CaptureFixture[str]
):
    target = datasets_copy / "department_budget.csv"
    committed = target.read_bytes()
    target.write_text("broken")
    assert main(["data", "generate", "department_budget"]) == 0
    assert target.read_bytes() == committed
    assert "wrote" in capsys.readouterr().out


def test_data_generate_needs_a_name_or_all(capsys: pytest.CaptureFixture[str]):
    assert main(["data", "generate"]) == 2
    assert "NAME or --all" in capsys.readouterr().err


def test_data_check_reports_the_broken_dataset(
    datasets_copy: Path, capsys: pytest.CaptureFixture[str]
):
    path = datasets_copy / "claims.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "paid_amount"] = "99999999.00"
    df.to_csv(path, index=False)
    assert main(["data", "check", "claims", "department_budget"]) == 2
    captured = capsys.readouterr()
    assert "FAIL claims" in captured.out and "paid_amount <= billed_charges" in captured.out
    assert "ok   department_budget" in captured.out
    assert "1 of 2 datasets failed" in captured.err
