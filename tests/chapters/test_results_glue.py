"""Glued values reach myst-nb as plain Python numbers, whatever numpy type computed them."""

from __future__ import annotations

import numpy as np

from careops.chapters import plain


def test_a_numpy_float_is_glued_as_a_float_whose_text_reads_back_as_a_number() -> None:
    value = plain(np.float64(1.634468401486989))
    assert type(value) is float
    assert float(repr(value)) == 1.634468401486989  # myst-nb formats {glue:text} from the repr


def test_a_numpy_integer_is_glued_as_an_int() -> None:
    assert type(plain(np.int64(7))) is int


def test_text_and_python_numbers_are_glued_unchanged() -> None:
    assert plain("Cardiology") == "Cardiology"
    assert plain(3) == 3 and type(plain(2.5)) is float
