"""The one pattern every exercise uses: inputs -> compute (careops) -> chart + feedback.

An :class:`Exercise` is built from plain specs (:class:`Number`, :class:`Choice`) for the
scenario inputs and for the student's answers, a ``compute`` function that calls careops, an
optional ``chart`` function that draws the result, and a ``check`` function that compares the
answers with the careops result and returns :class:`Feedback`. It owns the ipywidgets, the
parsing of what students type, the rewording of errors for clinicians (from the typed
:class:`careops.errors.InputError`: its ``field`` becomes the label the student sees, its ``rule``
plain words), and the updates. A new
exercise is therefore one small function that fills in those four pieces.

The chart is shown as an ordinary notebook output below the controls (a display handle the
exercise updates in place), so the built site shows it too, drawn by the vendored vega-embed.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import ipywidgets as w
from IPython.display import display

import careops.charts  # noqa: F401  (switches Altair to the offline mimetype renderer)
from careops.errors import InputError, plain_rule, show

__all__ = [
    "Choice",
    "Exercise",
    "Feedback",
    "Number",
    "close_to",
    "money",
    "parse_number",
]

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
PLEASE = "Please answer every part:"  # heads the list of answers Check cannot read yet
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Number:
    """A number the student sets (slider) or types (text box), with its unit and range."""

    name: str
    label: str
    default: float | None = None
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    slider: bool = False
    whole: bool = False
    percent: bool = False  # shown in % (default/minimum/maximum too); compute gets a fraction
    example: str = ""  # shown as the placeholder of an empty text box

    def describe(self) -> str:
        """The label with its unit, as the student sees it."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Choice:
    """A choice among named options (a dropdown, or radio buttons when ``radio``)."""

    name: str
    label: str
    options: Sequence[str] | Sequence[tuple[str, Any]]
    default: Any = None
    radio: bool = False

    def describe(self) -> str:
        """The label as the student sees it."""
        return self.label


Spec = Number | Choice


@dataclass
class Feedback:
    """The verdict on the student's answers: one line per part, and whether all are right."""

    lines: list[tuple[bool, str]] = field(default_factory=list)

    def add(self, ok: bool, message: str) -> Feedback:
        """Record one part of the answer (right or not, and what to say about it)."""
        self.lines.append((bool(ok), message))
        return self

    @property
    def correct(self) -> bool:
        """True when every part is right."""
        return bool(self.lines) and all(ok for ok, _ in self.lines)

    @property
    def text(self) -> str:
        """The feedback as plain text (one line per part)."""
        return "\n".join(("Right: " if ok else "Not yet: ") + msg for ok, msg in self.lines)

    def to_html(self) -> str:
        """The feedback as HTML: a mark and a sentence per part (colour is never the only cue)."""
        items = []
        for ok, msg in self.lines:
            mark, colour = ("✓ Right", "#15803d") if ok else ("✗ Not yet", "#b45309")
            items.append(
                f'<li><strong style="color:{colour}">{mark}.</strong> {html.escape(msg)}</li>'
            )
        verdict = "All correct — well done." if self.correct else "Some answers need another look."
        return (
            f'<div role="status"><p><strong>{verdict}</strong></p><ul>{"".join(items)}</ul></div>'
        )


def parse_number(spec: Number, raw: Any) -> float:
    """Read what a student typed as a number; raise InputError (field = the spec's name) whose
    message is already in plain words, since the student typed it into a labelled box."""
    label = spec.describe()
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = str(raw if raw is not None else "").strip()
        if not text:
            raise InputError(
                spec.name,
                raw,
                "required",
                message=f"{label} is empty: type a number{_example(spec)}.",
            )
        cleaned = text.replace(",", "").replace("$", "").replace(" ", "")
        if spec.percent:
            cleaned = cleaned.removesuffix("%")
        if not _NUMBER.match(cleaned):
            raise InputError(
                spec.name,
                raw,
                "number",
                message=f"{label}: “{text}” is not a number. Use digits only{_example(spec)}.",
            )
        value = float(cleaned)
    if not math.isfinite(value):
        raise InputError(
            spec.name, raw, "finite", message=f"{label}: “{raw}” is not a usable number."
        )
    if spec.whole and value != math.floor(value):
        raise InputError(
            spec.name,
            value,
            "whole",
            message=f"{label} must be a whole number, but it is {_fmt(value)}.",
        )
    if spec.minimum == 0 and value < 0:
        raise InputError(
            spec.name,
            value,
            "non_negative",
            message=f"{label} cannot be negative, but it is {_fmt(value)}.",
        )
    if spec.minimum is not None and value < spec.minimum:
        raise InputError(
            spec.name,
            value,
            "at_least",
            minimum=spec.minimum,
            message=f"{label} must be at least {_fmt(spec.minimum)}, but it is {_fmt(value)}.",
        )
    if spec.maximum is not None and value > spec.maximum:
        raise InputError(
            spec.name,
            value,
            "at_most",
            maximum=spec.maximum,
            message=f"{label} must be at most {_fmt(spec.maximum)}, but it is {_fmt(value)}.",
        )
    if spec.whole:
        return int(value)
    return value / 100 if spec.percent else value


def _example(spec: Number) -> str:
    return f", for example {spec.example}" if spec.example else ""


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def close_to(answer: float, expected: float, *, rel: float = 0.0, abs_tol: float = 0.0) -> bool:
    """True when an answer is within ``rel`` (relative) or ``abs_tol`` of the expected value."""
    return math.isclose(answer, expected, rel_tol=rel, abs_tol=abs_tol)


def money(x: float) -> str:
    """Dollars for feedback text: $12,345 (negative as -$12,345)."""
    return f"-${abs(x):,.0f}" if x < 0 else f"${x:,.0f}"


# --- rewording careops errors -------------------------------------------------------------

# fields careops names the same way in every exercise, in the words a clinician uses
_LABELS: dict[str, str] = {
    "offered load": "the workload (patients' worth of care at once)",
}


def label_of(field: str, labels: Mapping[str, str]) -> str:
    """The label a student sees for a careops argument: ``labels[field]``, else the label of the
    argument it indexes (``values[2]`` -> ``<label of values>[2]``), else the name as it is."""
    known = _LABELS | dict(labels)
    if field in known:
        return known[field]
    base, bracket, rest = field.partition("[")
    if bracket and base in known:
        return f"{known[base]}[{rest}"
    return field


def reword(error: InputError, labels: Mapping[str, str]) -> str:
    """A careops input error in a clinician's words, built from its fields (never its text):
    the field's label, the broken rule in plain words, and the value the student gave."""
    limits = {k: label_of(x, labels) if isinstance(x, str) else x for k, x in error.limits.items()}
    words = plain_rule(error.replace(limits=limits))
    text = f"{label_of(error.field, labels)} {words}"
    if error.value is not None:
        text += f", but it is {show(error.value)}"
    return text[:1].upper() + text[1:] + "."


# --- the exercise -------------------------------------------------------------------------

Values = dict[str, Any]


class Exercise:
    """Scenario inputs -> careops result -> chart, plus answers -> Check -> feedback."""

    def __init__(
        self,
        *,
        title: str,
        prompt: str,
        inputs: Sequence[Spec],
        answers: Sequence[Spec],
        compute: Callable[[Values], Any],
        check: Callable[[Values, Values, Any], Feedback],
        chart: Callable[[Values, Any], alt.TopLevelMixin] | None = None,
        summary: Callable[[Values, Any], str] | None = None,
        labels: Mapping[str, str] | None = None,
        explain: Callable[[InputError, Values], str | None] | None = None,
        reveal: Callable[[Values, Any], alt.TopLevelMixin] | None = None,
        static: Any = None,  # a careops.widgets.static.Static (which imports this module)
    ) -> None:
        self.title = title
        self.prompt = prompt
        self.static = static  # how the exercise works on the static site (careops.widgets.static)
        self._compute, self._check, self._chart, self._summary = compute, check, chart, summary
        self._explain = explain
        self._reveal = reveal  # the chart with the answers marked, drawn once Check is pressed
        self._labels = {s.name: s.describe() for s in inputs} | dict(labels or {})
        self.input_specs = {s.name: s for s in inputs}
        self.answer_specs = {s.name: s for s in answers}
        self.controls: dict[str, w.ValueWidget] = {s.name: _control(s) for s in inputs}
        self.answer_controls: dict[str, w.ValueWidget] = {
            s.name: _control(s, blank=True) for s in answers
        }
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.summary = w.HTML()
        self.feedback = w.HTML(value=_hint("Type your answer and press Check."))
        self.check_button = w.Button(
            description="Check", button_style="primary", tooltip="Check my answer"
        )
        self.check_button.on_click(lambda _button: self.check())
        self.values: Values | None = None
        self.result: Any = None
        self.chart: alt.TopLevelMixin | None = None
        self.last_feedback: Feedback | None = None
        self._handle: Any = None
        for control in self.controls.values():
            control.observe(self._on_input, names="value")
        self.widget = self._layout(prompt)
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _layout(self, prompt: str) -> w.VBox:
        parts: list[w.Widget] = [w.HTML(f"<h4>{html.escape(self.title)}</h4><p>{prompt}</p>")]
        if self.controls:
            parts += [
                w.HTML("<strong>The situation</strong> (change it and watch the chart)"),
                w.VBox(_labelled(self.input_specs, self.controls)),
                self.status,
                self.summary,
            ]
        parts += [
            w.HTML("<strong>Your answer</strong>"),
            w.VBox(_labelled(self.answer_specs, self.answer_controls)),
            self.check_button,
            self.feedback,
        ]
        return w.VBox(parts, layout=w.Layout(border="1px solid #cbd5e1", padding="0.75em"))

    # -- reading -------------------------------------------------------------------------

    def _read(
        self, specs: Mapping[str, Spec], controls: Mapping[str, w.ValueWidget]
    ) -> tuple[Values, list[str]]:
        values: Values = {}
        problems: list[str] = []
        for name, spec in specs.items():
            raw = controls[name].value
            if isinstance(spec, Number):
                try:
                    values[name] = parse_number(spec, raw)
                except InputError as error:
                    problems.append(str(error))
            elif raw is None:
                problems.append(f"{spec.describe()}: choose one of the options.")
            else:
                values[name] = raw
        return values, problems

    def _words(self, error: InputError, values: Values) -> str:
        if self._explain is not None:
            special = self._explain(error, values)
            if special:
                return special
        return reword(error, self._labels)

    # -- updating ------------------------------------------------------------------------

    def _on_input(self, _change: Any) -> None:
        self.refresh()
        if self.last_feedback is not None:
            self.last_feedback = None
            self.feedback.value = _hint("The situation changed: press Check again.")

    def refresh(self) -> None:
        """Recompute from the current inputs; on bad input say what is wrong and keep the rest."""
        values, problems = self._read(self.input_specs, self.controls)
        if problems:
            self._fail(problems)
            return
        try:
            result = self._compute(values)
            chart = self._chart(values, result) if self._chart is not None else None
            summary = self._summary(values, result) if self._summary is not None else ""
        except InputError as error:
            self._fail([self._words(error, values)])
            return
        self.values, self.result, self.chart = values, result, chart
        self.status.value = ""
        self.summary.value = summary
        self._show_chart()

    def _fail(self, problems: list[str]) -> None:
        self.values = self.result = None
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        self.status.value = (
            '<div role="alert" style="color:#b91c1c"><strong>Please fix this first:</strong>'
            f"<ul>{items}</ul><em>The chart shows the last numbers that worked.</em></div>"
        )

    def check(self) -> Feedback | None:
        """Compare the answers with the careops result and show specific feedback."""
        if self.result is None:
            self.feedback.value = _hint("Fix the situation above first; then press Check.")
            self.last_feedback = None
            return None
        answers, problems = self._read(self.answer_specs, self.answer_controls)
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            self.feedback.value = (
                f'<div role="alert"><strong>{PLEASE}</strong><ul>{items}</ul></div>'
            )
            self.last_feedback = None
            return None
        try:
            verdict = self._check(self.values or {}, answers, self.result)
        except InputError as error:
            self.feedback.value = (
                f'<div role="alert">{html.escape(self._words(error, answers))}</div>'
            )
            self.last_feedback = None
            return None
        self.last_feedback = verdict
        self.feedback.value = verdict.to_html()
        if self._reveal is not None:
            self.chart = self._reveal(self.values or {}, self.result)
            self._show_chart()
        return verdict

    # -- showing -------------------------------------------------------------------------

    def _bundle(self) -> dict[str, Any]:
        assert self.chart is not None
        spec = self.chart.to_dict(validate=False)
        return {VEGALITE_MIME: spec, "text/plain": spec.get("description", self.title)}

    def _show_chart(self) -> None:
        if self._handle is not None and self.chart is not None:
            self._handle.update(self._bundle(), raw=True)

    def _ipython_display_(self) -> None:
        if self.static is not None and self.static.show(self):  # shown for the static site
            return
        display(self.widget)
        if self.chart is not None:
            self._handle = display(self._bundle(), raw=True, display_id=True)


def _labelled(specs: Mapping[str, Spec], controls: Mapping[str, w.ValueWidget]) -> list[w.Widget]:
    """The controls in order; radio buttons get their question on a line of its own (long
    questions do not fit in a description)."""
    out: list[w.Widget] = []
    for name, spec in specs.items():
        if isinstance(spec, Choice) and spec.radio:
            out.append(w.HTML(f"<span>{html.escape(spec.label)}</span>"))
        out.append(controls[name])
    return out


def _hint(text: str) -> str:
    return f'<em style="color:#475569">{html.escape(text)}</em>'


def _control(spec: Spec, *, blank: bool = False) -> w.ValueWidget:
    style = {"description_width": "21em"}
    layout = w.Layout(width="92%", max_width="40em")
    if isinstance(spec, Choice):
        options = list(spec.options)
        first = options[0][1] if isinstance(options[0], tuple) else options[0]
        default = spec.default if spec.default is not None else (None if blank else first)
        if spec.radio:  # the question is shown above the buttons (see _labelled)
            return w.RadioButtons(options=options, value=default, layout=w.Layout(width="auto"))
        return w.Dropdown(
            options=options,
            value=default,
            description=spec.label,
            style=style,
            layout=w.Layout(width="auto"),
        )
    label = spec.describe()
    if spec.slider:
        if spec.minimum is None or spec.maximum is None:
            raise ValueError(f"slider {spec.name!r} needs a minimum and a maximum")
        common = {
            "value": spec.default if spec.default is not None else spec.minimum,
            "min": spec.minimum,
            "max": spec.maximum,
            "step": spec.step or 1,
            "description": label,
            "continuous_update": False,
            "style": style,
            "layout": layout,
        }
        if spec.whole:
            return w.IntSlider(**common)
        whole_steps = float(spec.step or 1).is_integer()
        return w.FloatSlider(readout_format=".0f" if whole_steps else ".2f", **common)
    value = "" if spec.default is None else _fmt_plain(spec.default)
    return w.Text(
        value=value,
        description=label,
        placeholder=spec.example,
        continuous_update=False,
        style=style,
        layout=layout,
    )


def _fmt_plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
