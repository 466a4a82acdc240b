"""Input fields that read Italian text and show their own error beside them.

A field owns a text box and a message line. ``read()`` returns the parsed
value or raises the typed error; ``show_error`` / ``clear_error`` put a short
Italian message beside the box, so a wrong field never blanks the page.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.errors import InvalidTermError, OltreFinanceError
from oltre_finance.money import format_number, parse_amount, parse_percent
from oltre_finance.ui.range_slider import RangeSlider

__all__ = ["AmountWithSlider", "Field", "amount_field", "integer_field", "optional_amount", "percent_field"]


def _parse_whole(text: object, *, field: str) -> int:
    if not isinstance(text, str) or not text.strip().isdigit():
        raise InvalidTermError(
            f"{field}: not a whole number", field=field, message_it="Scrivi un numero intero, per esempio 60."
        )
    return int(text.strip())


class Field:
    """A labelled text box with an Italian error message beside it."""

    def __init__(
        self,
        key: str,
        label: str,
        value: str,
        parse: Callable[[str], Any],
        *,
        hint: str = "",
        placeholder: str = "",
    ) -> None:
        self.key = key
        self._parse = parse
        # The description is the field's real <label>; the shell debounces every keystroke.
        self.text = widgets.Text(
            value=value,
            placeholder=placeholder,
            description=label,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self.text.add_class(f"of-field-{key}")
        self.message = widgets.HTML(value=self._hint_html(hint))
        self.message.add_class(f"of-message-{key}")
        self._hint = hint
        self.box = widgets.VBox(
            [self.text, self.message], layout=widgets.Layout(width="13em", margin="0 1.5em 0.6em 0")
        )
        self.box.add_class("of-field")

    @staticmethod
    def _hint_html(hint: str) -> str:
        return f"<span class='of-hint'>{escape(hint)}</span>" if hint else ""

    def read(self) -> Any:
        """The parsed value; shows and re-raises the error if the text is not valid."""
        try:
            value = self._parse(self.text.value)
        except OltreFinanceError as error:
            self.show_error(error.message_it)
            raise
        self.clear_error()
        return value

    def show_error(self, message: str) -> None:
        self.message.value = f"<span class='of-error' role='alert'>⚠ {escape(message)}</span>"
        self.text.add_class("of-invalid")

    def clear_error(self) -> None:
        self.message.value = self._hint_html(self._hint)
        self.text.remove_class("of-invalid")

    def on_change(self, callback: Callable[[], None]) -> None:
        self.text.observe(lambda _change: callback(), names="value")


def amount_field(key: str, label: str, value: str, **kwargs: Any) -> Field:
    """An amount in euro typed the Italian way (``10.000`` or ``1.234,56``)."""
    return Field(key, label, value, lambda text: parse_amount(text, field=key), **kwargs)


def percent_field(key: str, label: str, value: str, **kwargs: Any) -> Field:
    """A percentage (``7,5``), read as a fraction."""
    return Field(key, label, value, lambda text: parse_percent(text, field=key), **kwargs)


def integer_field(key: str, label: str, value: str, **kwargs: Any) -> Field:
    """A whole number (a count of months)."""
    return Field(key, label, value, lambda text: _parse_whole(text, field=key), **kwargs)


def optional_amount(text: str, *, field: str) -> Decimal | None:
    """An amount, or ``None`` when the box is left empty."""
    return None if not text.strip() else parse_amount(text, field=field)


class AmountWithSlider:
    """An amount field with a slider under it, kept in step: typing moves the slider, the slider writes the amount.

    ``on_change`` runs once for every change made by the person, never for :meth:`set`. The slider's
    range grows to fit a typed amount, up to ``ceiling`` (``None``: no limit).
    """

    def __init__(
        self,
        field: Field,
        *,
        slider_max: int,
        step: int = 10,
        ceiling: int | None = None,
        slider_label: str = "Col cursore (€ al mese)",
    ) -> None:
        self.field = field
        self.ceiling = ceiling
        # The browser's own range input, inside its label (ipywidgets' slider handle has no accessible name).
        self.slider = RangeSlider(min=0, max=slider_max, step=step, description=slider_label)
        self._callbacks: list[Callable[[], None]] = []
        self._busy = False
        field.on_change(self._typed)
        self.slider.observe(lambda _change: self._moved(), names="value")

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def set(self, amount: Decimal, *, slider_max: int | None = None) -> None:
        """Show ``amount`` in both, without telling anyone (the app is loading)."""
        self._busy = True
        try:
            self.field.text.value = format_number(amount)
            if slider_max is not None:
                self.slider.max = slider_max
            self.slider.value = max(0, min(int(amount), self.slider.max))
        finally:
            self._busy = False

    def _typed(self) -> None:
        if self._busy:
            return
        try:
            value = int(self.field.read())
        except OltreFinanceError:
            self._changed()  # the app shows that a field is wrong
            return
        self._busy = True
        wanted = value if self.ceiling is None else min(value, self.ceiling)
        self.slider.max = max(self.slider.max, wanted)
        self.slider.value = max(0, min(value, self.slider.max))
        self._busy = False
        self._changed()

    def _moved(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.field.text.value = format_number(Decimal(self.slider.value))  # a whole number of euro
        self._busy = False
        self._changed()

    def _changed(self) -> None:
        for callback in self._callbacks:
            callback()
