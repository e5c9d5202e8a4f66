"""A scan of data files for HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)).

It looks for the identifier kinds that can hide in a teaching dataset: person names, SSNs,
phone numbers, e-mail addresses, street addresses, ZIP+4 codes, medical-record-number-like
keys, exact dates of birth, ages over 89, URLs and IP addresses. A clean scan is no proof of
de-identification; a finding is proof of a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from careops.errors import InputError
from careops.yamlfile import line_of, load_yaml

NAMES_FILE = Path(__file__).with_name("privacy_names.yml")
PERSON_NAME_COLUMN = re.compile(
    r"(^|_)(first|last|given|family|middle|full|patient|sur)_?name$|^name$", re.I
)
BIRTH_COLUMN = re.compile(r"birth|dob", re.I)
MRN_COLUMN = re.compile(r"(^|_)mrn($|_)|medical_record", re.I)
AGE_COLUMN = re.compile(r"(^|_)age($|_)", re.I)
TEXT_PATTERNS = {
    "SSN-like number": re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),
    "phone number": re.compile(r"(?<![\d.])\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?![\d-])"),
    "e-mail address": re.compile(r"\b[\w.+-]+@[\w-]+\.[A-Za-z]{2,}\b"),
    "ZIP+4 code": re.compile(r"(?<![\d-])\d{5}-\d{4}(?![\d-])"),
    "street address": re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|"
        r"Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl)\b\.?"
    ),
}
DATA_ONLY_PATTERNS = {
    "URL": re.compile(r"https?://|\bwww\.", re.I),
    "IP address": re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"),
}
MRN_VALUE = re.compile(r"^(?:MRN[-: ]?)?\d{6,10}$|^[A-Z]{1,3}\d{5,10}$", re.I)
TOKEN = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Finding:
    """One suspected identifier: where it is, which rule found it, and an example."""

    file: str
    column: str | None
    rule: str
    example: str

    def describe(self) -> str:
        where = f"{self.file}" + (f" column {self.column!r}" if self.column else "")
        return f"{where}: {self.rule} (e.g. {self.example!r})"


def scan_text(text: str, file: str, data_file: bool = False) -> list[Finding]:
    """Regex identifiers (SSN, phone, e-mail, ZIP+4, address; URL and IP in data files)."""
    patterns = {**TEXT_PATTERNS, **(DATA_ONLY_PATTERNS if data_file else {})}
    found = []
    for rule, pattern in patterns.items():
        match = pattern.search(text)
        if match:
            found.append(Finding(file, None, rule, match.group(0)))
    return found


@cache
def person_names(path: Path = NAMES_FILE) -> frozenset[str]:
    """The common first and last names (lower case) a column is checked against, read once
    from ``privacy_names.yml`` (a data file, so adding a name touches no code)."""
    data = load_yaml(path)
    names: set[str] = set()
    for key in ("first_names", "last_names"):
        values = data.get(key) if isinstance(data, dict) else None
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InputError(
                key, values, "type", expected="a list of names", file=path, line=line_of(data, key)
            )
        names.update(v.lower() for v in values)
    return frozenset(names)


def _names_in(values: pd.Series) -> str | None:
    names = person_names()
    for value in values.dropna().astype(str).unique()[:5000]:
        if any(w.lower() in names for w in TOKEN.findall(value)):
            return value
    return None


def scan_frame(df: pd.DataFrame, file: str) -> list[Finding]:
    """Column-level identifiers: name, birth-date and MRN columns, names, MRN-like keys,
    ages > 90."""
    found = []
    for col in df.columns:
        s = df[col]
        text = s.dropna().astype(str)
        if PERSON_NAME_COLUMN.search(col):
            found.append(Finding(file, col, "column of person names", col))
        if BIRTH_COLUMN.search(col):
            found.append(Finding(file, col, "date-of-birth column", col))
        if MRN_COLUMN.search(col):
            found.append(Finding(file, col, "medical record number column", col))
        numeric = pd.to_numeric(text, errors="coerce")
        if AGE_COLUMN.search(col) and numeric.notna().any() and (numeric > 90).any():
            found.append(
                Finding(
                    file, col, "age over 90 (Safe Harbor requires 90+ grouping)", str(numeric.max())
                )
            )
        if numeric.notna().all():
            continue
        mrn = text[text.str.match(MRN_VALUE)]
        if len(mrn):
            found.append(Finding(file, col, "MRN-like key", mrn.iloc[0]))
        name = _names_in(text)
        if name is not None:
            found.append(Finding(file, col, "common person name", name))
    return found


def scan_file(path: Path) -> list[Finding]:
    """Every finding in one file of datasets/ (CSV files are also scanned column by column)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    is_data = path.suffix.lower() in (".csv", ".tsv")
    found = scan_text(text, path.name, data_file=is_data)
    if is_data:
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], sep=sep)
        found.extend(scan_frame(df, path.name))
    return found


def scan_dir(folder: Path) -> list[Finding]:
    """Every finding in every text file under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in (
            ".csv",
            ".tsv",
            ".yml",
            ".yaml",
            ".md",
            ".txt",
            ".json",
        ):
            found.extend(scan_file(path))
    return found
