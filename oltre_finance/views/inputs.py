"""Reading what a person typed into a field: one family of readers for every view model.

Each reader takes the text as typed and gives the value, or raises
:class:`FieldError` with the Italian message to show beside the field. An
amount is read the Italian way (:func:`~oltre_finance.money.parse_amount`),
never negative, at most the household's :data:`~oltre_finance.household.MAX_AMOUNT`.
"""

from __future__ import annotations

from decimal import Decimal

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import MAX_AMOUNT
from oltre_finance.money import format_number, parse_amount, parse_percent

__all__ = ["FieldError", "read_amount", "read_percent", "read_whole"]

EMPTY_AMOUNT = "Scrivi l'importo, per esempio 1.450."


class FieldError(Exception):
    """A field's text cannot be read; ``message`` is what the person reads beside it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_amount(
    text: object, *, field: str = "amount", positive: bool = False, optional: bool = False, empty: str = EMPTY_AMOUNT
) -> Decimal | None:
    """An amount of euro: ``None`` for an empty box when ``optional``; above zero when ``positive``.

    Examples
    --------
    >>> read_amount("1.450"), read_amount(" ", optional=True)
    (Decimal('1450'), None)
    >>> read_amount("-5")
    Traceback (most recent call last):
    ...
    oltre_finance.views.inputs.FieldError: L'importo non può essere negativo.
    """
    if isinstance(text, str) and not text.strip():
        if optional:
            return None
        raise FieldError(empty)
    try:
        value = parse_amount(text, field=field)
    except OltreFinanceError as error:
        raise FieldError(error.message_it) from None
    if positive and value <= 0:
        raise FieldError("L'importo deve essere maggiore di zero.")
    if value < 0:
        raise FieldError("L'importo non può essere negativo.")
    if value > MAX_AMOUNT:
        raise FieldError(f"Importo troppo grande: al massimo {format_number(MAX_AMOUNT, decimals=0)} €.")
    return value


def read_whole(text: object, *, low: int, high: int, message: str, optional: bool = False) -> int | None:
    """A whole number from ``low`` to ``high`` (a count of months, an age); ``message`` says what is wanted.

    Examples
    --------
    >>> read_whole("60", low=1, high=600, message="Da 1 a 600 mesi.")
    60
    """
    value = text.strip() if isinstance(text, str) else None
    if value == "" and optional:
        return None
    if value is None or not value.isdigit() or len(value) > 6 or not low <= int(value) <= high:
        raise FieldError(message)
    return int(value)


def read_percent(
    text: object, *, field: str, message: str, low: Decimal = Decimal(0), high: Decimal = Decimal(1)
) -> Decimal:
    """A percentage typed as ``7,5`` read as a fraction, from ``low`` to ``high``.

    Examples
    --------
    >>> read_percent("7,5", field="annual_rate", message="Il TAN va da 0 a 100 %.")
    Decimal('0.075')
    """
    try:
        rate = parse_percent(text, field=field)
    except OltreFinanceError as error:
        raise FieldError(error.message_it) from None
    if not low <= rate <= high:
        raise FieldError(message)
    return rate
