"""Reading what a person typed into a field: one family of readers for every view model.

Each reader takes the text as typed and gives the value, or raises
:class:`FieldError` with the Italian message to show beside the field. An
amount is read the Italian way (:func:`~oltre_finance.money.parse_amount`)
and judged by :func:`oltre_finance.validate.amount` (never negative, at most
:data:`~oltre_finance.validate.MAX_AMOUNT`); whole numbers and percentages
are judged by :mod:`oltre_finance.validate` within the bounds each field
gives.
"""

from __future__ import annotations

from decimal import Decimal

from oltre_finance import validate
from oltre_finance.errors import OltreFinanceError
from oltre_finance.money import parse_amount, parse_percent

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
        return validate.amount(parse_amount(text, field=field), field=field, positive=positive)
    except OltreFinanceError as error:
        raise FieldError(error.message_it) from None


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
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 6:
        raise FieldError(message)
    try:
        return validate.count(int(value), field="whole", minimum=low, maximum=high)
    except OltreFinanceError:
        raise FieldError(message) from None


def read_percent(
    text: object, *, field: str, message: str, low: Decimal = Decimal(0), high: Decimal = validate.MAX_RATE
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
    try:
        return validate.rate(rate, field=field, minimum=low, maximum=high)
    except OltreFinanceError:
        raise FieldError(message) from None
