"""Check a data file a person edits and report every problem at once, each by file and line.

The curriculum, the data dictionaries, the seminar's sessions and the capstone milestones are
YAML files read with :func:`careops.yamlfile.load_yaml` (mappings remember their lines). Their
loaders check them through one :class:`Problems` collector: the field readers
(:meth:`Problems.required`, :meth:`Problems.choice`, :meth:`Problems.unknown_keys`, ...) record
a problem and carry on instead of stopping at the first, and :meth:`Problems.raise_if_any`
raises ONE :class:`~careops.errors.InputError` listing them all, one per line, each
``file:line: field: value: rule (did you mean X?)``. The error's own ``file``, ``line``,
``field``, ``value`` and ``rule`` are the first problem's; ``problems`` holds every one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careops.errors import RULES, InputError, _fill, show
from careops.yamlfile import line_of

__all__ = ["Problem", "Problems", "did_you_mean"]

MISSING: Any = None  # what a reader returns for a field it recorded a problem for

_EXPECTED = {
    str: "text",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "a mapping of fields",
    dt.date: "a date written YYYY-MM-DD",
}


def did_you_mean(word: Any, candidates: Iterable[Any]) -> str | None:
    """The candidate closest to ``word`` (difflib), or None when none is close."""
    names = [str(c) for c in candidates]
    hint = difflib.get_close_matches(str(word), names, n=1)
    return hint[0] if hint else None


@dataclass(frozen=True)
class Problem:
    """One problem in a data file: where (file, line), which field, which value, which rule."""

    file: str | None
    line: int | None
    field: str
    value: Any
    rule: str
    limits: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    suggestion: str | None = None

    @property
    def where(self) -> str:
        """``file:line`` (or ``file``) of the problem; '' when it came from no file."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def body(self) -> str:
        """The problem without its location: ``field: value: rule (did you mean X?)``."""
        rule = _fill(RULES[self.rule], self.limits)
        text = self.message or f"{self.field}: {show(self.value)}: {rule}"
        if self.suggestion is not None and "did you mean" not in text:
            text += f" (did you mean {self.suggestion!r}?)"
        return text

    def __str__(self) -> str:
        return f"{self.where}: {self.body}" if self.where else self.body

    @classmethod
    def of(cls, error: InputError) -> Problem:
        """The problem an InputError describes (its file, line, field, value, rule, message)."""
        return cls(
            error.file,
            error.line,
            error.field,
            error.value,
            error.rule,
            dict(error.limits),
            error.message,
        )


class Problems:
    """Collects the problems of one data file (or several) instead of stopping at the first."""

    def __init__(self, file: str | Path | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.items: list[Problem] = []

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    # recording -----------------------------------------------------------------
    def add(
        self,
        field: str,
        value: Any,
        rule: str,
        *,
        line: int | None = None,
        file: str | Path | None = None,
        message: str | None = None,
        hint: str | None = None,
        **limits: Any,
    ) -> None:
        """Record one problem (``rule`` is a code of careops.errors.RULES; ``hint`` the
        'did you mean' value)."""
        if rule not in RULES:
            raise KeyError(f"Problems.add: unknown rule {rule!r} (add it to careops.errors.RULES)")
        where = str(file) if file is not None else self.file
        problem = Problem(where, line, field, value, rule, limits, message, hint)
        if problem not in self.items:  # two readers of one broken entry report it once
            self.items.append(problem)

    def add_error(self, error: InputError) -> None:
        """Record an InputError raised by a check this file calls (every problem it lists)."""
        found = getattr(error, "problems", None)
        if found:
            self.items.extend(found)
            return
        problem = Problem.of(error)
        if problem.file is None and self.file is not None:
            problem = dataclasses.replace(problem, file=self.file)
        self.items.append(problem)

    def extend(self, other: Problems) -> None:
        """Take over the problems another collector found."""
        self.items.extend(other.items)

    # field readers: return the value, or None after recording why it is unusable --------
    def required(
        self,
        entry: Any,
        key: str,
        kind: type | tuple[type, ...],
        where: str = "",
        *,
        positive: bool = False,
        message: str | None = None,
    ) -> Any:
        """``entry[key]`` if present, non-empty and of ``kind``; else record a problem.

        ``kind`` is str, int, float, list, dict or datetime.date (a datetime counts as its date;
        an int counts as a float; a bool is never a number). ``positive`` also requires > 0."""
        name = f"{where}.{key}" if where else key
        line = line_of(entry, key)
        if not isinstance(entry, dict):
            self.add(
                where or "the file",
                entry,
                "type",
                expected="a mapping of fields",
                line=line_of(entry),
            )
            return MISSING
        if key not in entry or entry[key] is None or entry[key] == "":
            self.add(
                name,
                entry.get(key),
                "required",
                line=line,
                message=message and message.format(where=where or "the file", key=key),
            )
            return MISSING
        value = entry[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if dt.date in kinds and isinstance(value, dt.datetime):
            value = value.date()
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            if int in kinds and isinstance(value, float | str):
                self.add(name, value, "whole", line=line)
            else:
                expected = " or ".join(_EXPECTED.get(k, k.__name__) for k in kinds)
                self.add(name, value, "type", expected=expected, line=line)
            return MISSING
        if positive and value <= 0:
            self.add(name, value, "positive", line=line)
            return MISSING
        return value

    def optional(
        self,
        entry: Any,
        key: str,
        kind: type | tuple[type, ...],
        where: str = "",
        default: Any = None,
    ) -> Any:
        """``entry[key]`` checked like :meth:`required` when given, else ``default``."""
        if not isinstance(entry, dict) or entry.get(key) is None:
            return default
        value = self.required(entry, key, kind, where)
        return default if value is None else value

    def strings(self, entry: Any, key: str, where: str = "") -> tuple[str, ...]:
        """A list of text (a single text counts as a list of one); () when absent or wrong."""
        value = entry.get(key) if isinstance(entry, dict) else None
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(
                f"{where}.{key}" if where else key,
                value,
                "type",
                expected="a list of text",
                line=line_of(entry, key),
            )
            return ()
        return tuple(value)

    def choice(
        self,
        entry: Any,
        key: str,
        choices: Iterable[Any],
        where: str = "",
        *,
        message: str | None = None,
    ) -> Any:
        """``entry[key]`` if it is one of ``choices``; else record it with a 'did you mean'."""
        options = list(choices)
        value = self.required(entry, key, str, where)
        if value is None:
            return MISSING
        if value not in options:
            name = f"{where}.{key}" if where else key
            self.add(
                name,
                value,
                "choice",
                choices=options,
                line=line_of(entry, key),
                hint=did_you_mean(value, options),
                message=message
                and message.format(field=name, value=value, choices=", ".join(map(str, options))),
            )
            return MISSING
        return value

    def unknown_keys(self, entry: Any, allowed: Iterable[str], where: str = "") -> list[str]:
        """Record every key of ``entry`` not in ``allowed`` (with a 'did you mean'); return them."""
        if not isinstance(entry, dict):
            return []
        known = list(allowed)
        unknown = sorted(str(k) for k in entry if k not in known)
        for key in unknown:
            self.add(
                f"{where}.{key}" if where else key,
                key,
                "known",
                suggestion="",
                hint=did_you_mean(key, known),
                line=line_of(entry, key),
                message=f"{where or 'the file'} has an unknown field {key!r}",
            )
        return unknown

    # the end ---------------------------------------------------------------------
    def lines(self) -> list[str]:
        """Every problem as ``file:line: ...``, in the order found."""
        return [str(p) for p in self.items]

    def error(self, cls: type[InputError] = InputError) -> InputError:
        """ONE error listing every problem, one per line; its fields are the first problem's."""
        if not self.items:
            raise ValueError("Problems.error: no problem was recorded")
        first, rest = self.items[0], self.items[1:]
        message = "\n".join([first.body, *(str(p) for p in rest)])
        error = cls(
            first.field,
            first.value,
            first.rule,
            file=first.file,
            line=first.line or None,
            message=message,
            **first.limits,
        )
        error.problems = tuple(self.items)
        return error

    def raise_if_any(self, cls: type[InputError] = InputError) -> None:
        """Raise :meth:`error` if any problem was recorded (the collected check is over)."""
        if self.items:
            raise self.error(cls)
