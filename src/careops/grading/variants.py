"""Per-student variants of an nbgrader assignment: each student draws their own case.

An assignment declares its variant parameters once, in ``source/<assignment>/variants.yml``
(nbgrader copies it into the release, and autograding overwrites the student's copy with the
source's)::

    course: operations            # the curriculum course: part of the seed
    parameters:
      month: {range: [1, 12]}                 # whole numbers 1..12
      rate: {range: [0.04, 0.10], step: 0.005}
      esi: {choices: [2, 3, 4, 5]}

A notebook draws its case in a locked cell, ``v = variants.case("operations-1")``, and uses
``v.month`` etc.; hidden tests write ``_case = variants.graded("operations-1")`` and compute
the expected answer with careops from ``_case``. Nothing is stored per student: the draw is
deterministic, one SHA-256 of (course, assignment, student id, parameter) per parameter
seeding a numpy Generator, so adding a parameter leaves the others' draws unchanged.

Who the student is, at run time (:func:`identity`): the ``CAREOPS_STUDENT`` variable (set by
careops' sandboxed executor when it grades or previews a submission), else the nbgrader
``CourseDirectory.student_id`` setting, else ``JUPYTERHUB_USER``; outside any course the
notebook gets a fixed demonstration case and says so.

Tampering: before a submission's first cell runs, the executor (:mod:`careops.grading.execute`)
draws the real student's case (from the submission folder's name and the source's
``variants.yml``) and writes it, as a literal namespace, over every ``variants.graded(...)``
call in the test cells (:func:`bind_notebook`). A submission that changes its environment, its
nbgrader config, its ``variants.yml`` or monkeypatches this module is therefore still graded
on its real student's case.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careops.errors import InputError

__all__ = [
    "DEMO_LINE",
    "DEMO_STUDENT",
    "ENV_VAR",
    "FILE_NAME",
    "STUDENT_ID",
    "Case",
    "Declaration",
    "bind_notebook",
    "bind_source",
    "case",
    "check_student",
    "declaration",
    "draw",
    "graded",
    "identity",
    "uses_variants",
]

FILE_NAME = "variants.yml"
ENV_VAR = "CAREOPS_STUDENT"  # set inside the sandboxed kernel by careops' executor
CASES_VAR = "CAREOPS_CASES"  # the cases it drew for that student (JSON), saving the kernel a draw
DEMO_STUDENT = "demonstration"
DEMO_LINE = "You are not in a course: this is the demonstration case."
# nbgrader student ids are folder names; these characters seed a draw (and survive a path)
STUDENT_ID = re.compile(r"[A-Za-z0-9_.@+-]{1,128}")
ALLOWED_TEXT = "letters, digits and _ . @ + - (1 to 128 characters)"
_GRADED = re.compile(r"""variants\.graded\(\s*(["'])([\w.-]+)\1\s*\)""")
_KINDS = ("range", "choices")
_KEYS = {"range", "choices", "step", "digits", "help"}
# names a case already uses (its fields and methods, and the grader's namespace)
RESERVED = frozenset(
    {"assignment", "course", "student", "params", "source", "demo", "seed", "sample"}
)


@dataclass(frozen=True)
class Parameter:
    """One variant parameter: whole/decimal numbers in a range (with a step) or a choice."""

    name: str
    choices: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    step: float | None = None
    digits: int = 4

    def values(self) -> tuple[Any, ...] | None:
        """Every value the parameter can take (None for a continuous range)."""
        if self.choices is not None:
            return self.choices
        assert self.low is not None and self.high is not None
        if self.step is None:
            return None
        count = math.floor((self.high - self.low) / self.step + 1e-9) + 1
        whole = all(float(x).is_integer() for x in (self.low, self.step))
        return tuple(
            round(self.low + k * self.step)
            if whole
            else round(self.low + k * self.step, self.digits)
            for k in range(count)
        )

    def pick(self, seed: int) -> Any:
        """The value drawn by a numpy Generator seeded with ``seed``."""
        import numpy as np

        rng = np.random.default_rng(seed)
        values = self.values()
        if values is None:
            assert self.low is not None and self.high is not None
            return round(float(rng.uniform(self.low, self.high)), self.digits)
        value = values[int(rng.integers(len(values)))]
        return value.item() if hasattr(value, "item") else value


@dataclass(frozen=True)
class Declaration:
    """An assignment's variant parameters, as declared in its variants.yml."""

    assignment: str
    course: str
    parameters: tuple[Parameter, ...]
    file: str | None = None

    def names(self) -> list[str]:
        """Parameter names, in declaration order."""
        return [p.name for p in self.parameters]


@dataclass(frozen=True)
class Case:
    """One student's case of an assignment: ``case.month`` etc. read the drawn parameters."""

    assignment: str
    course: str
    student: str
    params: Mapping[str, Any]
    source: str = "explicit"  # how the student was identified (env, nbgrader, hub, grader, demo)
    demo: bool = False

    def __getattr__(self, name: str) -> Any:
        params = self.__dict__.get("params", {})
        if name in params:
            return params[name]
        raise AttributeError(
            f"{self.__dict__.get('assignment')}: the case has no parameter {name!r} "
            f"(has: {', '.join(params) or 'none'})"
        )

    def seed(self, label: str = "") -> int:
        """A seed derived from this case and a label, for extra deterministic draws."""
        return _seed(self.course, self.assignment, self.student, label)

    def sample(self, frame: Any, share: float, label: str = "sample") -> Any:
        """A deterministic subset of a table's rows (``share`` of them, original order)."""
        if not 0 < float(share) <= 1:
            raise InputError("share", share, "between", minimum=0, maximum=1)
        return frame.sample(frac=float(share), random_state=self.seed(label) % 2**32).sort_index()

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        who = "demonstration case" if self.demo else f"student {self.student}"
        return f"{self.assignment} ({who}): {shown}"


def _seed(course: str, assignment: str, student: str, label: str) -> int:
    text = "\x1f".join((course, assignment, student, label)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(text).digest()[:16], "big")


def check_student(assignment: str, student: Any) -> str:
    """The student id, if it can seed a draw; else an InputError naming assignment and value."""
    if not isinstance(student, str) or not STUDENT_ID.fullmatch(student):
        raise InputError(
            "student id",
            student,
            "format",
            expected=ALLOWED_TEXT,
            message=f"{assignment}: student id {student!r} cannot seed a variant "
            f"(allowed: {ALLOWED_TEXT})",
        )
    return student


# --- the declaration ---------------------------------------------------------------------


def _parameter(assignment: str, name: str, spec: Any, file: str, line: int | None) -> Parameter:
    """One parameter from its YAML mapping; InputError naming assignment, parameter, value."""

    def bad(rule: str, what: str, **limits: Any) -> InputError:
        return InputError(
            f"parameters.{name}",
            spec,
            rule,
            file=file,
            line=line,
            message=f"{assignment}: variant parameter {name!r} {what}, got {spec!r}",
            **limits,
        )

    if name in RESERVED or not name.isidentifier() or name.startswith("_"):
        raise bad(
            "format",
            "is not a usable name (a Python name, not starting with _, and none of "
            f"{', '.join(sorted(RESERVED))})",
            expected="a Python name",
        )
    if not isinstance(spec, Mapping) or not any(k in spec for k in _KINDS):
        raise bad("required", "has no range or choices (write range: [low, high] or choices)")
    unknown = sorted(set(spec) - _KEYS)
    if unknown:
        raise bad("known", f"has unknown key(s) {', '.join(map(str, unknown))}", suggestion="")
    if "range" in spec and "choices" in spec:
        raise bad("format", "has both a range and choices", expected="one of them")
    digits = spec.get("digits", 4)
    if "choices" in spec:
        choices = spec["choices"]
        if not isinstance(choices, list) or len(choices) < 1:
            raise bad("min_length", "needs a list of at least one choice", minimum=1)
        return Parameter(name, choices=tuple(choices), digits=digits)
    bounds, step = spec["range"], spec.get("step")
    numeric = (int, float)
    if (
        not isinstance(bounds, list)
        or len(bounds) != 2
        or not all(isinstance(b, numeric) and not isinstance(b, bool) for b in bounds)
        or bounds[0] > bounds[1]
    ):
        raise bad("format", "needs range: [low, high] with low <= high", expected="[low, high]")
    if step is None and all(isinstance(b, int) for b in bounds):
        step = 1
    if step is not None and (not isinstance(step, numeric) or isinstance(step, bool) or step <= 0):
        raise bad("positive", "needs a step greater than 0")
    return Parameter(name, low=bounds[0], high=bounds[1], step=step, digits=digits)


def parse_declaration(data: Any, assignment: str, file: str) -> Declaration:
    """A Declaration from variants.yml's parsed content (errors name file, line, parameter)."""
    from careops.yamlfile import line_of

    if not isinstance(data, Mapping) or not isinstance(data.get("parameters"), Mapping):
        raise InputError(
            "parameters",
            data,
            "required",
            file=file,
            message=f"{assignment}: {FILE_NAME} needs a 'parameters' mapping",
        )
    course = data.get("course")
    if not isinstance(course, str) or not course:
        raise InputError(
            "course",
            course,
            "required",
            file=file,
            line=line_of(data, "course") if "course" in data else None,
            message=f"{assignment}: {FILE_NAME} needs 'course' (the curriculum course id), "
            f"got {course!r}",
        )
    params = data["parameters"]
    parsed = tuple(
        _parameter(assignment, str(name), spec, file, line_of(params, name))
        for name, spec in params.items()
    )
    if not parsed:
        raise InputError(
            "parameters",
            {},
            "min_length",
            minimum=1,
            file=file,
            message=f"{assignment}: {FILE_NAME} declares no parameters",
        )
    return Declaration(assignment, course, parsed, file)


def declaration(assignment: str, folder: str | os.PathLike[str] | None = None) -> Declaration:
    """The assignment's declaration: ``variants.yml`` in ``folder``, else in the cwd.

    A notebook runs in its assignment's folder (release, submission or source), which holds
    the file; the instructor's tools pass the source folder.
    """
    from careops.yamlfile import load_yaml

    path = Path(folder if folder is not None else os.getcwd()) / FILE_NAME
    if not path.is_file():
        raise InputError(
            "variants",
            str(path),
            "exists",
            file=path,
            message=f"{assignment}: no {FILE_NAME} next to the notebook ({path}); "
            "open the notebook from its assignment folder",
        )
    return parse_declaration(load_yaml(path), assignment, str(path))


def has_declaration(folder: str | os.PathLike[str]) -> bool:
    """Whether an assignment folder declares variants."""
    return (Path(folder) / FILE_NAME).is_file()


# --- identity and the draw ---------------------------------------------------------------


def _nbgrader_student_id() -> str | None:
    """CourseDirectory.student_id from the nbgrader config files (None when unset or '*')."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    config = Config()
    for directory in [*reversed(jupyter_config_path()), os.getcwd()]:
        for loader in (JSONFileConfigLoader, PyFileConfigLoader):
            name = "nbgrader_config." + ("json" if loader is JSONFileConfigLoader else "py")
            if (Path(directory) / name).is_file():
                config.merge(loader(name, path=directory).load_config())
    value = config.CourseDirectory.get("student_id") if "CourseDirectory" in config else None
    return value if isinstance(value, str) and value not in ("", "*") else None


def identity() -> tuple[str | None, str]:
    """(student id or None, where it came from): careops env, nbgrader config, JupyterHub."""
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR], "grader"
    configured = _nbgrader_student_id()
    if configured:
        return configured, "nbgrader"
    if os.environ.get("JUPYTERHUB_USER"):
        return os.environ["JUPYTERHUB_USER"], "JupyterHub"
    return None, "demo"


def draw(decl: Declaration, student: str, source: str = "explicit") -> Case:
    """The case of one student: each parameter from its own SHA-256-seeded Generator."""
    check_student(decl.assignment, student)
    params = {
        p.name: p.pick(_seed(decl.course, decl.assignment, student, p.name))
        for p in decl.parameters
    }
    return Case(decl.assignment, decl.course, student, params, source, student == DEMO_STUDENT)


def case(
    assignment: str,
    student: str | None = None,
    folder: str | os.PathLike[str] | None = None,
    quiet: bool = False,
) -> Case:
    """This student's case of an assignment (the demonstration case outside any course)."""
    if student is None and folder is None:
        given = _grader_case(assignment)
        if given is not None:
            return given
    decl = declaration(assignment, folder)
    source = "explicit"
    if student is None:
        student, source = identity()
    if student is None:
        if not quiet:
            print(DEMO_LINE)
        return draw(decl, DEMO_STUDENT, "demo")
    return draw(decl, student, source)


def _grader_case(assignment: str) -> Case | None:
    """The case the grader drew for this kernel's student (None when it drew none)."""
    import json

    student, cases = os.environ.get(ENV_VAR), os.environ.get(CASES_VAR)
    if not student or not cases:
        return None
    found = json.loads(cases).get(assignment)
    if not isinstance(found, dict) or found.get("student") != student:
        return None
    return Case(assignment, found["course"], student, found["params"], "grader")


def grader_env(student: str, cases: Mapping[str, Case]) -> dict[str, str]:
    """The variables the executor sets in a kernel: the student id and the cases it drew."""
    import json

    drawn = {
        name: {"course": c.course, "student": c.student, "params": dict(c.params)}
        for name, c in cases.items()
    }
    return {ENV_VAR: student, CASES_VAR: json.dumps(drawn)}


def graded(assignment: str, student: str | None = None) -> Case:
    """The case hidden tests check against (the grader replaces this call with a literal)."""
    return case(assignment, student, quiet=True)


# --- binding a submission to its real student (the executor calls this) -------------------


def uses_variants(source: str) -> bool:
    """Whether a cell's source calls ``variants.graded(...)``."""
    return _GRADED.search(source) is not None


def _literal(found: Case) -> str:
    """Python source of the case as a plain namespace: no careops code runs to build it, so
    nothing the student's code patched can change it."""
    return (
        f'__import__("types").SimpleNamespace(assignment={found.assignment!r}, '
        f"course={found.course!r}, student={found.student!r}, params={dict(found.params)!r}, "
        f"**{dict(found.params)!r})"
    )


def bind_source(
    source: str,
    student: str,
    folder: str | os.PathLike[str],
    known: dict[str, Declaration] | None = None,
) -> str:
    """A test cell's source with every ``variants.graded("A")`` replaced by A's drawn case.

    ``known`` caches declarations already read (one notebook has several test cells).
    """
    known = {} if known is None else known

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in known:
            known[name] = declaration(name, folder)
        return _literal(draw(known[name], student, "grader"))

    return _GRADED.sub(replace, source)


def bind_notebook(nb: Any, student: str, folder: str | os.PathLike[str]) -> dict[str, Case]:
    """Bind every grade cell of a notebook to ``student``'s case; the cases drawn, by assignment
    (empty when no cell draws one).

    Called before the first cell runs, so the declaration read from ``folder`` is the one the
    grader put there (nbgrader overwrites submitted copies of source files).
    """
    known: dict[str, Declaration] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and uses_variants(cell.source):
            cell.source = bind_source(cell.source, student, folder, known)
    return {name: draw(decl, student, "grader") for name, decl in known.items()}


def differing(cases: Sequence[Case]) -> list[str]:
    """Problems with a set of cases meant to differ: pairs of students drawing the same case."""
    problems, seen = [], {}
    for found in cases:
        key = tuple(sorted((k, repr(v)) for k, v in found.params.items()))
        if key in seen:
            problems.append(
                f"{found.assignment}: students {seen[key]} and {found.student} draw the same "
                f"case ({found!r})"
            )
        else:
            seen[key] = found.student
    return problems
