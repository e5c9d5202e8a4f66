"""No real patient identifiers: every file in datasets/ passes a HIPAA Safe Harbor scan."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careops.data.paths import datasets_dir
from careops.data.privacy import NAMES_FILE, person_names, scan_file, scan_frame, scan_text
from careops.errors import InputError

FILES = sorted(p for p in datasets_dir().iterdir() if p.is_file())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_committed_file_has_no_safe_harbor_identifiers(path: Path):
    findings = scan_file(path)
    assert not findings, "\n".join(f.describe() for f in findings)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("id,ssn\n1,123-45-6789\n", "SSN-like number"),
        ("id,contact\n1,(215) 555-0143\n", "phone number"),
        ("id,contact\n1,jane.doe@example.org\n", "e-mail address"),
        ("id,zip\n1,19104-4399\n", "ZIP+4 code"),
        ("id,home\n1,1600 Walnut Street\n", "street address"),
        ("id,link\n1,https://portal.example.org/p/1\n", "URL"),
        ("id,host\n1,10.20.30.40\n", "IP address"),
    ],
)
def test_scan_finds_each_kind_of_planted_identifier(tmp_path: Path, text: str, rule: str):
    path = tmp_path / "planted.csv"
    path.write_text(text)
    assert rule in {f.rule for f in scan_file(path)}


def test_scan_finds_names_mrns_birth_dates_and_old_ages():
    df = pd.DataFrame(
        {
            "patient_name": ["Mary Johnson"],
            "referred_by": ["Dr Robert Smith"],
            "dob": ["1950-03-02"],
            "record": ["P000123"],
            "age_years": ["97"],
        }
    )
    rules = {(f.column, f.rule) for f in scan_frame(df, "planted.csv")}
    assert ("patient_name", "column of person names") in rules
    assert ("referred_by", "common person name") in rules
    assert ("dob", "date-of-birth column") in rules
    assert ("record", "MRN-like key") in rules
    assert ("age_years", "age over 90 (Safe Harbor requires 90+ grouping)") in rules


def test_opaque_keys_and_citation_urls_in_dictionaries_are_not_findings():
    df = pd.DataFrame({"patient_id": ["pt-3f9a1c", "pt-000123"], "item_id": ["SUP-001", "SUP-002"]})
    assert scan_frame(df, "ok.csv") == []
    assert scan_text("doi: 10.1097/00000542-200004000-00035, https://github.com/x/y", "x.yml") == []


def test_the_names_come_from_the_packaged_data_file(tmp_path: Path):
    assert NAMES_FILE.name == "privacy_names.yml" and NAMES_FILE.is_file()
    assert {"mary", "johnson", "robert", "smith"} <= person_names()
    mine = tmp_path / "names.yml"
    mine.write_text("first_names: [Zelda]\nlast_names: [Quixote]\n", encoding="utf-8")
    assert person_names(mine) == {"zelda", "quixote"}


def test_a_names_file_without_a_list_names_the_file_line_and_key(tmp_path: Path):
    bad = tmp_path / "names.yml"
    bad.write_text("first_names: [ann]\nlast_names: smith\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        person_names(bad)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(bad), 2, "last_names")
