"""The region delimiters of a course: what marks solutions, hidden tests and mark schemes.

nbgrader makes them settings (``ClearSolutions.begin_solution_delimeter``,
``ClearHiddenTests.begin_test_delimeter``, ``ClearMarkScheme.begin_mark_scheme_delimeter``, ...
spelled "delimeter" as nbgrader spells them). Every careops check that looks for those regions
(feedback redaction, ``careops grade validate``'s leak checks, the site's post-build scan) reads
them from here, so a course that changes them in ``nbgrader_config.py`` keeps its redaction and
leak checks. Defaults are whatever nbgrader's own classes say, read from them, never retyped.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearSolutions
from traitlets.config import Config

from careops.errors import InputError

# field of Delimiters -> the nbgrader setting it comes from (named in errors)
TRAITS = {
    "begin_solution": "ClearSolutions.begin_solution_delimeter",
    "end_solution": "ClearSolutions.end_solution_delimeter",
    "begin_hidden": "ClearHiddenTests.begin_test_delimeter",
    "end_hidden": "ClearHiddenTests.end_test_delimeter",
    "begin_mark_scheme": "ClearMarkScheme.begin_mark_scheme_delimeter",
    "end_mark_scheme": "ClearMarkScheme.end_mark_scheme_delimeter",
}


@dataclass(frozen=True)
class Delimiters:
    """The delimiters of one course's nbgrader regions, and whether nbgrader enforces metadata."""

    begin_solution: str
    end_solution: str
    begin_hidden: str
    end_hidden: str
    begin_mark_scheme: str
    end_mark_scheme: str
    enforce_solution_metadata: bool = True
    enforce_hidden_metadata: bool = True

    @classmethod
    def from_config(cls, config: Config | None = None) -> Delimiters:
        """The delimiters a traitlets Config gives nbgrader (nbgrader's defaults where unset)."""
        # nbgrader's own preprocessors resolve the config (class hierarchy, deprecated options);
        # ClearSolutions edits the config it is given, so it gets a copy
        config = copy.deepcopy(config) if config is not None else Config()
        solutions = ClearSolutions(config=config)
        hidden = ClearHiddenTests(config=config)
        scheme = ClearMarkScheme(config=config)
        found = cls(
            begin_solution=solutions.begin_solution_delimeter,
            end_solution=solutions.end_solution_delimeter,
            begin_hidden=hidden.begin_test_delimeter,
            end_hidden=hidden.end_test_delimeter,
            begin_mark_scheme=scheme.begin_mark_scheme_delimeter,
            end_mark_scheme=scheme.end_mark_scheme_delimeter,
            enforce_solution_metadata=bool(solutions.enforce_metadata),
            enforce_hidden_metadata=bool(hidden.enforce_metadata),
        )
        found.check()
        return found

    @classmethod
    def of_course(cls, course_dir: str | os.PathLike[str]) -> Delimiters:
        """The delimiters of the course whose nbgrader_config.py is in course_dir."""
        from careops.grading.course import CONFIG_NAME, load_config

        try:
            return cls.from_config(load_config(course_dir))
        except InputError as error:
            raise error.located(Path(course_dir) / CONFIG_NAME) from None

    def check(self) -> None:
        """Reject an empty delimiter: every line would contain it, so every check would misfire."""
        for name, trait in TRAITS.items():
            value = getattr(self, name)
            if not value.strip():
                raise InputError(
                    trait,
                    value,
                    "required",
                    message=(
                        f"nbgrader setting {trait} is empty ({value!r}): every line would match it"
                    ),
                )

    @property
    def solution(self) -> tuple[str, str]:
        """(begin, end) of a solution region."""
        return self.begin_solution, self.end_solution

    @property
    def hidden(self) -> tuple[str, str]:
        """(begin, end) of a hidden-test region."""
        return self.begin_hidden, self.end_hidden

    @property
    def mark_scheme(self) -> tuple[str, str]:
        """(begin, end) of a mark-scheme region."""
        return self.begin_mark_scheme, self.end_mark_scheme

    @property
    def markers(self) -> tuple[str, ...]:
        """Every delimiter: none of them may appear in anything students see."""
        return (*self.solution, *self.hidden, *self.mark_scheme)

    def is_marker(self, line: str) -> bool:
        """Whether a line holds any delimiter."""
        return any(marker in line for marker in self.markers)


def course_delimiters(course_dir: str | os.PathLike[str] | None) -> Delimiters:
    """The course's delimiters when course_dir holds an nbgrader config, else nbgrader's
    defaults."""
    from careops.grading.course import CONFIG_NAME

    if course_dir is not None and (Path(course_dir) / CONFIG_NAME).is_file():
        return Delimiters.of_course(course_dir)
    return Delimiters.from_config()


DEFAULT = Delimiters.from_config()
