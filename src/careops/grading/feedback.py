"""Keep hidden tests out of feedback: redact them in the notebook, then verify the HTML.

nbgrader restores hidden tests into the autograded notebook (that is how they run) and its
feedback HTML shows that notebook, tracebacks included. ``RedactHiddenTests`` (a
GenerateFeedback preprocessor) removes the hidden region from each test cell's source and
replaces any error raised from that region with a generic message; ``find_hidden_lines`` then
checks the rendered HTML text, so a leak fails loudly instead of reaching a student.

The hidden-test delimiters are the course's (``ClearHiddenTests.begin_test_delimeter`` and
``end_test_delimeter`` in its nbgrader config, see :mod:`careops.grading.delimiters`): every
function takes them, and ``RedactHiddenTests`` reads them from the config nbgrader gives it.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_output
from traitlets import Bool, Unicode

from careops.grading.delimiters import DEFAULT, Delimiters

HIDDEN_PLACEHOLDER = "# (hidden tests ran here; they are not shown)"
HIDDEN_FAILURE = (
    "A hidden test failed. Your answer passed the visible checks but not the full set: "
    "re-read the question (units, edge cases, using the data rather than typed-in numbers)."
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_LINE = re.compile(r"(?:Cell In\s*\[\d*\],\s*line|Input In \[\d*\],.*?line)\s*(\d+)")
_TAGS = re.compile(r"<[^>]+>")


def region_lines(source: str, begin: str, end: str) -> tuple[list[str], list[int]]:
    """The source lines and the 1-based numbers of lines inside begin/end regions (delimiters
    too)."""
    lines = source.splitlines()
    inner: list[int] = []
    inside = False
    for number, line in enumerate(lines, start=1):
        # as nbgrader reads them: a line with the begin delimiter never closes the region
        if begin in line:
            inside = True
            inner.append(number)
        elif inside:
            inner.append(number)
            inside = end not in line
    return lines, inner


def split_hidden(source: str, delimiters: Delimiters = DEFAULT) -> tuple[list[str], list[int]]:
    """The source lines and the 1-based line numbers inside hidden-test regions (delimiters too)."""
    return region_lines(source, *delimiters.hidden)


def _is_hidden_delimiter(line: str, delimiters: Delimiters) -> bool:
    return any(marker in line for marker in delimiters.hidden)


def hidden_lines(source: str, delimiters: Delimiters = DEFAULT) -> list[str]:
    """The meaningful code lines of a cell's hidden-test regions (no delimiters, no blanks)."""
    lines, numbers = split_hidden(source, delimiters)
    picked = (lines[n - 1].strip() for n in numbers)
    return [
        line
        for line in picked
        if line and not _is_hidden_delimiter(line, delimiters) and not line.startswith("#")
    ]


def _error_from_hidden(
    output: NotebookNode, lines: list[str], hidden: list[int], delimiters: Delimiters
) -> bool:
    """Whether an error output was raised from (or shows) a hidden line."""
    text = _ANSI.sub("", "\n".join([*output.get("traceback", []), str(output.get("evalue", ""))]))
    for match in _CELL_LINE.finditer(text):
        if int(match.group(1)) in hidden:
            return True
    secret = [lines[n - 1].strip() for n in hidden]
    return any(
        line and line in text for line in secret if not _is_hidden_delimiter(line, delimiters)
    )


def redact_cell(
    cell: NotebookNode, placeholder: str = HIDDEN_PLACEHOLDER, delimiters: Delimiters = DEFAULT
) -> bool:
    """Redact one cell in place; True if it had hidden tests."""
    if cell.cell_type != "code" or delimiters.begin_hidden not in cell.source:
        return False
    lines, hidden = split_hidden(cell.source, delimiters)
    outputs = []
    for output in cell.get("outputs", []):
        if output.output_type == "error" and _error_from_hidden(output, lines, hidden, delimiters):
            outputs.append(
                new_output(
                    "error",
                    ename="HiddenTestFailed",
                    evalue=HIDDEN_FAILURE,
                    traceback=[f"HiddenTestFailed: {HIDDEN_FAILURE}"],
                )
            )
        elif output.output_type == "error":
            outputs.append(output)
        # stream/display outputs of a hidden-test cell may echo hidden values: drop them
    cell.outputs = outputs
    kept: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number not in hidden:
            kept.append(line)
        elif delimiters.begin_hidden in line:
            indent = line[: len(line) - len(line.lstrip())]
            kept.append(indent + placeholder)
    cell.source = "\n".join(kept)
    return True


class RedactHiddenTests(Preprocessor):
    """GenerateFeedback preprocessor: hidden tests and their tracebacks never reach students.

    The hidden-test delimiters are those of the config nbgrader runs with (the course's).
    """

    enabled = Bool(True).tag(config=True)
    placeholder = Unicode(HIDDEN_PLACEHOLDER).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        """Redact every cell of the notebook."""
        delimiters = Delimiters.from_config(self.config)
        for cell in nb.cells:
            redact_cell(cell, self.placeholder, delimiters)
        return nb, resources


def html_text(html: str) -> str:
    """The visible text of an HTML page (tags removed, entities decoded, spaces collapsed)."""
    text = html_lib.unescape(_TAGS.sub("", html))
    return re.sub(r"[ \t]+", " ", text)


def find_hidden_lines(html: str, secrets: Iterable[str]) -> list[str]:
    """Hidden-test lines that appear in a rendered feedback page (should be none)."""
    text = html_text(html)
    return [line for line in secrets if re.sub(r"[ \t]+", " ", line) in text]


def visible_source(source: str, delimiters: Delimiters = DEFAULT) -> str:
    """A cell's source without its hidden-test regions (what students may see)."""
    lines, hidden = split_hidden(source, delimiters)
    return "\n".join(line for number, line in enumerate(lines, start=1) if number not in hidden)


def source_hidden_lines(source_dir: Path, delimiters: Delimiters = DEFAULT) -> list[str]:
    """Hidden-test lines of an assignment's notebooks that appear nowhere in the visible text."""
    secrets: list[str] = []
    visible: list[str] = []
    for path in sorted(Path(source_dir).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            visible.append(visible_source(cell.source, delimiters))
            if cell.cell_type == "code":
                secrets.extend(hidden_lines(cell.source, delimiters))
    shown = "\n".join(visible)
    return [line for line in dict.fromkeys(secrets) if line not in shown]
