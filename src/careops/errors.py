"""Typed errors shared by every layer: what went wrong travels as fields, not as text.

``InputError`` carries the offending ``field``, its ``value`` and the ``rule`` it broke (a
short code from :data:`RULES`, with the rule's parameters in ``limits``), plus, where the input
came from a file, the ``file`` and ``line``. The analytics, data, seminar and grading layers
raise it; widgets turn ``field`` into the label a student sees and ``rule`` into plain words
(:func:`plain_rule`); the ``careops`` command prints it as one line (:meth:`CareopsError.one_line`).
It subclasses ``ValueError`` so callers that catch ``ValueError`` keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["RULES", "CareopsError", "GradingError", "InputError", "plain_rule", "show"]

# rule code -> the words used in messages; {placeholders} come from InputError.limits
RULES: dict[str, str] = {
    "number": "must be a number",
    "finite": "must be a finite number",
    "positive": "must be greater than 0",
    "non_negative": "must be 0 or more",
    "probability": "must be between 0 and 1",
    "open_probability": "must be strictly between 0 and 1",
    "whole": "must be a whole number",
    "at_least": "must be at least {minimum}",
    "at_most": "must be at most {maximum}",
    "less_than": "must be less than {maximum}",
    "greater_than": "must be greater than {minimum}",
    "between": "must be between {minimum} and {maximum}",
    "sequence": "must be a sequence of numbers",
    "min_length": "must have at least {minimum} value(s)",
    "one_dimensional": "must be one-dimensional",
    "same_length": "must all have the same length",
    "stable": "must stay below {maximum} (the queue would grow without limit)",
    "choice": "must be one of {choices}",
    "required": "is required",
    "type": "must be {expected}",
    "format": "is not in the expected format ({expected})",
    "exists": "does not exist",
    "unique": "must be unique",
    "parse": "could not be read ({reason})",
    "known": "is not known{suggestion}",
    "order": "must come after {other}",
    "not_above": "cannot exceed {other}",
    "total_positive": "must add up to more than 0",
    "total": "must add up to {total}",
    "both_signs": "must contain both a negative and a positive value",
    "negative": "must be negative",
    "defined": "leaves the result undefined ({reason})",
    "count": "must have {expected}",
    "check": "breaks the rule {check}",
}


def _is_numpy_scalar(value: Any) -> bool:
    """A numpy scalar (np.float64, np.int64, ...), told without importing numpy: the ``careops``
    command imports this module on every run and needs numpy for none of its messages."""
    return (
        type(value).__module__ == "numpy"
        and hasattr(value, "item")
        and getattr(value, "ndim", None) == 0
    )


def show(value: Any) -> str:
    """repr() of a value for messages, numpy scalars shown as plain Python values."""
    if _is_numpy_scalar(value):
        value = value.item()
    if isinstance(value, Path):
        value = str(value)
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


class CareopsError(Exception):
    """Base of every error careops raises on purpose; the CLI prints these as one line."""

    def one_line(self) -> str:
        """The message on a single line (what the ``careops`` command prints): several
        problems, one per line in the message, are joined with '; '."""
        lines = (" ".join(line.split()) for line in str(self).splitlines())
        return "; ".join(line for line in lines if line)


class GradingError(CareopsError):
    """A grading step that could not be carried out (nothing was graded wrongly because of it)."""


class InputError(CareopsError, ValueError):
    """A bad input value: which ``field``, which ``value``, which ``rule`` it broke, and where."""

    def __init__(
        self,
        field: str,
        value: Any,
        rule: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        message: str | None = None,
        **limits: Any,
    ) -> None:
        if rule not in RULES:
            raise KeyError(f"InputError: unknown rule {rule!r} (add it to careops.errors.RULES)")
        self.field = field
        self.value = value.item() if _is_numpy_scalar(value) else value
        self.rule = rule
        self.limits = limits
        self.file = str(file) if file is not None else None
        self.line = line
        self.message = message
        super().__init__(self._text())

    @property
    def requirement(self) -> str:
        """The rule in words, with its parameters filled in ("must be at least 1")."""
        return _fill(RULES[self.rule], self.limits)

    @property
    def where(self) -> str:
        """``file:line`` (or just ``file``) when the value came from a file, else ''."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    @property
    def body(self) -> str:
        """The message without the ``file:line:`` in front."""
        return self.message or f"{self.field} {self.requirement}, got {show(self.value)}"

    def _text(self) -> str:
        return f"{self.where}: {self.body}" if self.where else self.body

    def located(self, file: str | Path, line: int | None = None) -> InputError:
        """The same error, pointing at the file (and line) the value was read from."""
        return self.replace(file=file, line=line if line is not None else self.line)

    def replace(self, **changes: Any) -> InputError:
        """A copy with some of ``field``, ``value``, ``rule``, ``file``, ``line``, ``message``
        or ``limits`` changed (a caller re-labels an error it passes on; the original stays)."""
        parts: dict[str, Any] = {
            "field": self.field,
            "value": self.value,
            "rule": self.rule,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "limits": self.limits,
        }
        unknown = set(changes) - set(parts)
        if unknown:
            raise TypeError(f"InputError.replace: unknown part(s) {sorted(unknown)}")
        parts |= changes
        limits = parts.pop("limits")
        return type(self)(
            parts.pop("field"), parts.pop("value"), parts.pop("rule"), **parts, **limits
        )

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across process pools
        return (
            _rebuild,
            (
                type(self),
                self.field,
                self.value,
                self.rule,
                self.file,
                self.line,
                self.message,
                self.limits,
            ),
        )


def _rebuild(
    cls: type[InputError],
    field: str,
    value: Any,
    rule: str,
    file: str | None,
    line: int | None,
    message: str | None,
    limits: dict[str, Any],
) -> InputError:
    return cls(field, value, rule, file=file, line=line, message=message, **limits)


def _fill(template: str, limits: Mapping[str, Any]) -> str:
    values = {k: _plain(v) for k, v in limits.items()}
    try:
        return template.format(**values)
    except KeyError as missing:
        raise KeyError(f"rule text {template!r} needs {missing} in InputError limits") from None


def _plain(value: Any) -> str:
    if _is_numpy_scalar(value):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return str(value)


# plain words a student reads in a widget, by rule ("{label} ..." is prepended by the caller)
_PLAIN: dict[str, str] = {
    "positive": "must be more than zero",
    "non_negative": "cannot be negative",
    "whole": "must be a whole number",
    "number": "must be a number",
    "finite": "must be a number",
    "probability": "must be a share between 0 and 1",
    "open_probability": "must be a share between 0 and 1 (not exactly 0 or 1)",
    "stable": "is too high: the work arriving exceeds the capacity ({maximum}), "
    "so the queue would grow without limit",
}


def plain_rule(error: InputError) -> str:
    """The broken rule in a clinician's words ("must be more than zero")."""
    template = _PLAIN.get(error.rule)
    return _fill(template, error.limits) if template else error.requirement
