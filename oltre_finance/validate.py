"""The one family of input validators: amounts, rates, months and counts.

Every core function and view model checks what it is given through these
four functions, so the same value is accepted or refused the same way
everywhere, with the same caps and an error that names its field::

    amount(value, field=..., label_it=...)   Decimal, 0 ≤ x ≤ MAX_AMOUNT
    rate(value, field=..., label_it=...)     Decimal fraction, 0 ≤ x ≤ MAX_RATE
    months(value, field=..., label_it=...)   int, 1 ≤ n ≤ MAX_MONTHS
    count(value, field=..., label_it=...)    int, 0 ≤ n ≤ MAX_COUNT

Each takes keyword bounds for the cases that need other limits
(``positive=True``, ``minimum=``, ``maximum=``, ``signed=True``). The caps
are not legal figures: they are the limits past which a household value is
a typing mistake, and they keep every later computation finite (a 30-digit
amount cannot even be rounded to the cent in the default context).
"""

from __future__ import annotations

from decimal import Decimal

from oltre_finance.errors import InvalidAmountError, InvalidRateError, InvalidTermError
from oltre_finance.money import D, format_number

__all__ = ["MAX_AMOUNT", "MAX_COUNT", "MAX_MONTHS", "MAX_RATE", "amount", "count", "months", "rate"]

#: No household figure (a salary, a loan, a house) comes near ten million euro.
MAX_AMOUNT = Decimal("10000000")
#: 100 % a year: far above any usury threshold ever published.
MAX_RATE = Decimal("1")
#: Fifty years: the longest mortgage, or projection, a household plans.
MAX_MONTHS = 600
#: Members, debts, children, payments: any count a household has.
MAX_COUNT = 1000


def amount(
    value: object,
    *,
    field: str,
    label_it: str = "L'importo",
    positive: bool = False,
    signed: bool = False,
    maximum: Decimal = MAX_AMOUNT,
) -> Decimal:
    """An amount of money: a finite Decimal within ``[0, maximum]``.

    ``positive`` refuses zero; ``signed`` accepts negative amounts down to
    ``-maximum`` (a change, a balance). ``label_it`` starts the Italian
    message ("L'importo", "Il reddito", ...).

    Examples
    --------
    >>> amount("1234.56", field="principal")
    Decimal('1234.56')
    >>> amount("-5", field="principal")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidAmountError: principal must not be negative
    >>> amount("1e26", field="principal")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidAmountError: principal is above 10000000
    """
    number = D(value, field=field)
    floor = -maximum if signed else Decimal(0)
    if number < floor:
        raise InvalidAmountError(
            f"{field} must not be negative" if not signed else f"{field} is below -{maximum}",
            field=field,
            message_it=f"{label_it} non può essere negativo." if not signed else f"{label_it} è troppo basso.",
        )
    if positive and number == 0:
        raise InvalidAmountError(
            f"{field} must be positive", field=field, message_it=f"{label_it} deve essere maggiore di zero."
        )
    if number > maximum:
        raise InvalidAmountError(
            f"{field} is above {maximum}",
            field=field,
            message_it=f"{label_it} è troppo alto: al massimo {format_number(maximum, decimals=0)} €.",
        )
    return number


def rate(
    value: object,
    *,
    field: str,
    label_it: str = "Il tasso",
    minimum: Decimal = Decimal(0),
    maximum: Decimal = MAX_RATE,
) -> Decimal:
    """A rate as a fraction (``0.035`` for 3,5 %) within ``[minimum, maximum]``.

    Examples
    --------
    >>> rate("0.035", field="annual_rate")
    Decimal('0.035')
    >>> rate("5", field="annual_rate")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidRateError: annual_rate must be between 0 and 1 (a fraction: 0.05 for 5 %)
    """
    try:
        number = D(value, field=field)
    except InvalidAmountError as error:
        raise InvalidRateError(str(error), field=field, message_it=error.message_it) from None
    if not minimum <= number <= maximum:
        raise InvalidRateError(
            f"{field} must be between {minimum} and {maximum} (a fraction: 0.05 for 5 %)",
            field=field,
            message_it=f"{label_it} deve essere tra {format_number(minimum * 100, decimals=0)} % "
            f"e {format_number(maximum * 100, decimals=0)} %.",
        )
    return number


def _whole(value: object, *, field: str, label_it: str, minimum: int, maximum: int, unit_it: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise InvalidTermError(
            f"{field} must be a whole number from {minimum} to {maximum}",
            field=field,
            message_it=f"{label_it}: serve un numero intero{unit_it} da {minimum} a {maximum}.",
        )
    return value


def months(
    value: object, *, field: str, label_it: str = "La durata", minimum: int = 1, maximum: int = MAX_MONTHS
) -> int:
    """A number of months: an ``int`` within ``[minimum, maximum]``.

    Examples
    --------
    >>> months(120, field="months")
    120
    >>> months(12.0, field="months")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidTermError: months must be a whole number from 1 to 600
    """
    return _whole(value, field=field, label_it=label_it, minimum=minimum, maximum=maximum, unit_it=" di mesi")


def count(value: object, *, field: str, label_it: str = "Il numero", minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """A count (members, children, payments): an ``int`` within ``[minimum, maximum]``.

    Examples
    --------
    >>> count(3, field="members", minimum=1)
    3
    >>> count(True, field="members")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidTermError: members must be a whole number from 0 to 1000
    """
    return _whole(value, field=field, label_it=label_it, minimum=minimum, maximum=maximum, unit_it="")
