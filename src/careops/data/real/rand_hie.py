"""Real data: the RAND Health Insurance Experiment (subset used by Cameron & Trivedi 2005).

Source: ``statsmodels.datasets.randhie`` (statsmodels is BSD-3-Clause; the dataset is marked
"in the public domain" by statsmodels). The RAND HIE (1974-1982) randomized families to
insurance plans with different coinsurance rates; this subset has 20,190 person-years with
the number of outpatient physician visits and the plan and health covariates. Copied
unchanged. (The statsmodels description says fmde is 0 when idp = 1; 3,779 rows break that,
so it is documented, not enforced.)
"""

from __future__ import annotations

import pandas as pd

from careops.data.real.common import require
from careops.data.schema import rule

PACKAGE = "statsmodels"


def fetch() -> pd.DataFrame:
    """The dataset as committed, rebuilt from the installed statsmodels."""
    randhie = require("statsmodels.datasets.randhie", PACKAGE, "rand_hie")
    return randhie.load_pandas().data.reset_index(drop=True)


def rules() -> list:
    """Cross-column rules of rand_hie."""
    return [
        rule(
            "at most one of hlthg, hlthf, hlthp is 1 (excellent health is the omitted level)",
            ["hlthg", "hlthf", "hlthp"],
            lambda df: (df["hlthg"] + df["hlthf"] + df["hlthp"]) <= 1,
        ),
    ]
