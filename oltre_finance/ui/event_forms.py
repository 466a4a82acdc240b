"""The fields of one life event on screen, built from its form in :mod:`oltre_finance.views.events`.

The view model says which fields an event has, their labels, choices,
defaults and messages; this module only makes the controls (each with a
real label), reads their values back, remembers which ones the person
changed (those are kept in the browser), and shows each error beside its
field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.views.blocks import Banner
from oltre_finance.views.event_forms import EventField, EventForm
from oltre_finance.views.render import banner_html

__all__ = ["EventBox"]

_STYLE = {"description_width": "initial"}
_TEXT = ("text", "amount", "optional_amount", "percent", "whole")


def _options(spec: EventField) -> list[tuple[str, Any]]:
    return [*spec.options, *spec.stale]


def _control(spec: EventField, value: Any) -> widgets.ValueWidget:
    """A control with ``spec``'s label as its real ``<label>``."""
    if spec.kind in _TEXT:
        return widgets.Text(value=value, description=spec.label, placeholder=spec.placeholder, continuous_update=True,
                            style=_STYLE, layout=widgets.Layout(width="100%"))  # fmt: skip
    if spec.kind == "check":
        return widgets.Checkbox(value=value, description=spec.label, indent=False, layout=widgets.Layout(width="auto"))
    if spec.kind == "several":
        options = _options(spec)
        return widgets.SelectMultiple(options=options, value=tuple(value), rows=min(max(len(options), 3), 6),
                                      description=spec.label, style=_STYLE,
                                      layout=widgets.Layout(width="24em", max_width="85vw"))  # fmt: skip
    options = _options(spec)
    return widgets.Dropdown(options=options, value=value if options else None, description=spec.label, style=_STYLE,
                            layout=widgets.Layout(width="auto", max_width="85vw"))  # fmt: skip


def _set(control: widgets.ValueWidget, spec: EventField, value: Any) -> None:
    """Show ``value`` (and ``spec``'s choices, which follow the household) in an existing control."""
    if spec.kind in ("choice", "month", "several"):
        options = _options(spec)
        if list(control.options) != options:
            control.options = options
        value = tuple(value) if spec.kind == "several" else (value if options else None)
    control.value = value


class EventBox:
    """The framed fields of one event, a remove button, and the values they hold."""

    def __init__(
        self,
        form: EventForm,
        *,
        on_change: Callable[[], None],
        on_remove: Callable[[EventBox], None],
        own: Iterable[str] = (),
    ) -> None:
        self.kind = form.kind
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.messages: dict[str, widgets.HTML] = {}
        self._hints: dict[str, str] = {}
        self._own = set(own)  # the fields the person changed
        self._loading = False
        self._on_change = on_change
        self.message = widgets.HTML()
        self.message.add_class("of-event-message")
        remove = widgets.Button(description="Togli", icon="trash", tooltip=f"Togli l'evento «{form.title}»",
                                layout=widgets.Layout(width="7em"))  # fmt: skip
        remove.add_class("of-remove-event")
        remove.on_click(lambda _b: on_remove(self))
        self.remove = remove
        head = widgets.HBox([widgets.HTML(f"<h3 class='of-event-title'>{escape(form.title)}</h3>"), remove])
        head.add_class("of-event-head")
        self.fields = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.box = widgets.VBox([head, self.fields, self.message])
        self.box.add_class("of-event")
        self.box.add_class(f"of-event-{form.kind}")
        self.load(form)

    def load(self, form: EventForm) -> None:
        """Show ``form`` (again, when the household changed) without counting it as the person's change."""
        self._loading = True
        try:
            cells = []
            for spec in form.fields:
                value = form.values[spec.key]
                if spec.key in self.controls:
                    _set(self.controls[spec.key], spec, value)
                else:
                    cells.append(self._cell(spec, value))
                self._hints[spec.key] = f"<span class='of-hint'>{escape(spec.hint)}</span>" if spec.hint else ""
                self.messages[spec.key].value = self._hints[spec.key]
            if cells:
                self.fields.children = cells
        finally:
            self._loading = False

    def _cell(self, spec: EventField, value: Any) -> widgets.VBox:
        control = _control(spec, value)
        control.add_class(f"of-field-{spec.key}")
        control.observe(lambda _change, key=spec.key: self._changed(key), names="value")
        message = widgets.HTML()
        message.add_class(f"of-message-{spec.key}")
        self.controls[spec.key], self.messages[spec.key] = control, message
        cell = widgets.VBox([control, message], layout=widgets.Layout(margin="0 1.5em 0.6em 0"))
        cell.add_class("of-field")
        cell.add_class(f"of-kind-{spec.kind}")
        return cell

    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self._own.add(key)
        self._on_change()

    def values(self) -> dict[str, Any]:
        """Every field's value as the person sees it (text as typed, choices as values)."""
        return {key: control.value for key, control in self.controls.items()}

    def own(self) -> dict[str, Any]:
        """The values the person changed (kept in the browser; the others follow the household)."""
        return {key: value for key, value in self.values().items() if key in self._own}

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message beside its field (``""``: under the fields); no message clears the field."""
        for key, control in self.controls.items():
            message = errors.get(key)
            if message is None:
                self.messages[key].value = self._hints[key]
                control.remove_class("of-invalid")
            else:
                self.messages[key].value = f"<span class='of-error' role='alert'>⚠ {escape(message)}</span>"
                control.add_class("of-invalid")
        other = errors.get("")
        self.message.value = banner_html(Banner(key="event-error", tone="red", text=other)) if other else ""
