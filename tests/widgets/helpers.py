"""Helpers for driving exercises as a student would, and for reading charts drawn by Vega."""

from __future__ import annotations

import re
from typing import Any

import vl_convert as vlc

from careops.widgets.core import Exercise


def svg_texts(spec: dict[str, Any]) -> list[str]:
    """Every text Vega draws for a Vega-Lite spec (rendered headless by vl-convert)."""
    svg = vlc.vegalite_to_svg(spec)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [re.sub(r"&[a-z]+;", "", t).replace("\u2212", "-") for t in texts]


def set_param(spec: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    """The spec with parameter ``name`` starting at ``value`` (as if its slider were moved)."""
    found = False
    for holder in [
        spec,
        *spec.get("layer", []),
        *spec.get("vconcat", []),
        *spec.get("hconcat", []),
    ]:
        for param in holder.get("params", []):
            if param["name"] == name:
                param["value"] = value
                found = True
    if not found:
        raise KeyError(f"no parameter {name!r} in the chart")
    return spec


def answer(ex: Exercise, **answers: Any) -> str:
    """Type the answers, press Check, return the feedback as plain text ('' if none)."""
    for name, value in answers.items():
        ex.answer_controls[name].value = value
    ex.check_button.click()
    return ex.last_feedback.text if ex.last_feedback is not None else _plain(ex.feedback.value)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def plain(html: str) -> str:
    """HTML to plain text, for asserting on status and feedback boxes."""
    return _plain(html)
