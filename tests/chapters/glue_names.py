"""The glue names a book notebook's prose quotes, read from its markdown cells."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
# {glue}`name`, {glue:text}`name:.1f`, {glue:md}`name`, ```{glue:figure} name
GLUE = re.compile(r"\{glue(?::\w+)?\}\s*`?([A-Za-z_][\w]*)")


def markdown_glue_names(notebook: str) -> set[str]:
    """Every name the markdown of ``notebook`` (repo-relative) glues in."""
    nb = nbformat.read(ROOT / notebook, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return set(GLUE.findall(text))
