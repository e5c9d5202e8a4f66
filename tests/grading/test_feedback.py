"""Hidden tests and their tracebacks are redacted from feedback; the HTML check finds leaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_output

from careops.grading.feedback import (
    HIDDEN_PLACEHOLDER,
    find_hidden_lines,
    hidden_lines,
    redact_cell,
)
from careops.grading.feedback_run import FeedbackLeakError, check_feedback_pages

SOURCE = (
    "check_number(takt(480, 60), 8.0)\n### BEGIN HIDDEN TESTS\n"
    "check_number(takt(450, 90), 5.0, name='secret_case')\n### END HIDDEN TESTS"
)


def _error(line: int, text: str) -> dict:
    tb = [
        "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m"
        f"\x1b[32m, line {line}\x1b[39m\n{text}"
    ]
    return new_output("error", ename="AssertionError", evalue="answer is wrong", traceback=tb)


def test_hidden_lines_are_the_code_between_the_delimiters() -> None:
    assert hidden_lines(SOURCE) == ["check_number(takt(450, 90), 5.0, name='secret_case')"]


def test_redaction_removes_the_hidden_region_from_the_source() -> None:
    cell = new_code_cell(SOURCE)
    assert redact_cell(cell)
    assert "secret_case" not in cell.source
    assert HIDDEN_PLACEHOLDER in cell.source
    assert cell.source.startswith("check_number(takt(480, 60), 8.0)")


def test_an_error_raised_by_a_hidden_line_is_replaced_by_a_generic_message() -> None:
    cell = new_code_cell(SOURCE, outputs=[_error(3, "----> 3 check_number(takt(450, 90), 5.0)")])
    redact_cell(cell)
    (output,) = cell.outputs
    assert output.ename == "HiddenTestFailed"
    assert "450" not in "".join(output.traceback)


def test_an_error_raised_by_a_visible_line_is_kept_for_the_student() -> None:
    cell = new_code_cell(SOURCE, outputs=[_error(1, "----> 1 check_number(takt(480, 60), 8.0)")])
    redact_cell(cell)
    assert cell.outputs[0].ename == "AssertionError"


def test_cells_without_hidden_tests_are_untouched() -> None:
    cell = new_code_cell("check_number(x, 1.0)", outputs=[_error(1, "boom")])
    assert not redact_cell(cell)
    assert cell.outputs[0].ename == "AssertionError"


def test_find_hidden_lines_sees_through_syntax_highlighting() -> None:
    html = (
        '<span class="n">check_number</span><span class="p">(</span>takt(450, 90), 5.0, '
        'name=<span class="s1">&#39;secret_case&#39;</span>)'
    )
    assert find_hidden_lines(html, hidden_lines(SOURCE)) == hidden_lines(SOURCE)


def test_a_leaking_feedback_page_is_removed_and_reported(tmp_path: Path) -> None:
    page = tmp_path / "tiny.html"
    page.write_text(
        "<pre>check_number(takt(450, 90), 5.0, name='secret_case')</pre>", encoding="utf-8"
    )
    with pytest.raises(FeedbackLeakError, match="hidden"):
        check_feedback_pages([page], hidden_lines(SOURCE))
    assert not page.exists()


def test_a_hidden_line_the_student_wrote_themselves_is_not_a_leak(tmp_path: Path) -> None:
    line = "check_number(takt(450, 90), 5.0, name='secret_case')"
    page = tmp_path / "feedback" / "ann" / "a1" / "tiny.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"<pre>{line}</pre>", encoding="utf-8")
    submitted = tmp_path / "submitted" / "ann" / "a1"
    submitted.mkdir(parents=True)
    (submitted / "tiny.ipynb").write_text(
        f'{{"cells": [{{"source": "{line}"}}]}}', encoding="utf-8"
    )
    check_feedback_pages([page], hidden_lines(SOURCE), tmp_path / "submitted")
    assert page.exists()
