"""Money as Decimal: conversion, rounding to the cent, Italian parsing and formatting.

Arithmetic and formatting are kept apart: the core computes with
:class:`~decimal.Decimal` and rounds with :func:`cents`; only the edges
(apps, reports) call :func:`format_eur` and :func:`format_percent`, which
go through Babel's ``it_IT`` locale.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal

from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidRateError

__all__ = [
    "CENT",
    "ZERO",
    "D",
    "cents",
    "format_eur",
    "format_number",
    "format_percent",
    "parse_amount",
    "parse_percent",
    "round_fraction",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
NBSP = "\u00a0"
_LOCALE = "it_IT"


def D(value: object, *, field: str = "value") -> Decimal:
    """Convert ``value`` to a finite Decimal, refusing floats.

    Accepts ``int``, ``Decimal`` and ``str`` in Python notation (``"1234.56"``;
    for what people type use :func:`parse_amount`). A float is refused because
    it cannot hold most amounts exactly (``0.1 + 0.2 != 0.3``).

    Examples
    --------
    >>> D("1234.56"), D(5), D(Decimal("0.035"))
    (Decimal('1234.56'), Decimal('5'), Decimal('0.035'))
    >>> D(0.1, field="principal")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidAmountError: principal: a float cannot be money; pass a str or Decimal such as '0.1'
    """
    if isinstance(value, bool):
        raise InvalidAmountError(
            f"{field}: expected a number, got a boolean",
            field=field,
            message_it="Serve un numero.",
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        raise InvalidAmountError(
            f"{field}: a float cannot be money; pass a str or Decimal such as '{value!r}'",
            field=field,
            message_it="Il numero deve essere passato come testo o Decimal, non float.",
        )
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidAmountError(
                f"{field}: not a number in Python notation (use parse_amount for Italian text)",
                field=field,
                message_it="Non è un numero.",
            ) from None
    else:
        raise InvalidAmountError(
            f"{field}: expected str, int or Decimal, got {type(value).__name__}",
            field=field,
            message_it="Serve un numero.",
        )
    if not result.is_finite():
        raise InvalidAmountError(f"{field}: must be a finite number", field=field, message_it="Serve un numero finito.")
    return result


_ROUNDINGS = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}


def cents(amount: Decimal, *, rounding: str = "half_up", step: Decimal = CENT) -> Decimal:
    """Round money to the cent, half up: the one rounding function for money.

    ``rounding="down"`` truncates towards zero (a fifth of a salary, a
    principal that must not exceed a cap), ``"up"`` away from zero (a saving
    that must reach a goal). ``step`` rounds to a coarser unit where a rule
    says so (the Assegno Unico's 0,10 €).

    Examples
    --------
    >>> cents(Decimal("2.675")), cents(Decimal("-2.675")), cents(Decimal("7"))
    (Decimal('2.68'), Decimal('-2.68'), Decimal('7.00'))
    >>> cents(Decimal("1625.065")), cents(Decimal("2.679"), rounding="down"), cents(Decimal("2.671"), rounding="up")
    (Decimal('1625.07'), Decimal('2.67'), Decimal('2.68'))
    >>> cents(Decimal("189.17"), step=Decimal("0.10"))
    Decimal('189.20')
    """
    if rounding not in _ROUNDINGS:
        raise ValueError(f"rounding must be one of {sorted(_ROUNDINGS)}")
    mode = _ROUNDINGS[rounding]
    if step == CENT:
        return amount.quantize(CENT, rounding=mode)
    return (amount / step).quantize(Decimal(1), rounding=mode) * step


def round_fraction(value: Decimal, *, places: int) -> Decimal:
    """Round a ratio or a rate (never money) half up to ``places`` decimals.

    Shares of income, savings rates and TAEG are fractions, not money: they
    are rounded here, so that :func:`cents` and this function are the only
    two places in the package that round.

    Examples
    --------
    >>> round_fraction(Decimal("0.123456"), places=4), round_fraction(Decimal("3.25"), places=1)
    (Decimal('0.1235'), Decimal('3.3'))
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# What a number may look like once the currency sign and spaces are gone:
# digits with optional '.' or ',' separators and an optional sign.
_NUMBER_CHARS = re.compile(r"^[+-]?[0-9.,]+$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.234 / 12.345.678


def _parse_number(text: object, *, field: str, grouping: bool, error: type[InvalidInputError]) -> Decimal:
    """Read a number written the Italian way; see :func:`parse_amount`."""
    if not isinstance(text, str):
        raise error(
            f"{field}: expected text, got {type(text).__name__}",
            field=field,
            message_it="Serve un numero scritto come testo.",
        )
    cleaned = text.strip().replace("\u2212", "-")  # typographic minus
    for token in ("€", "EUR", "eur", "%"):
        cleaned = cleaned.replace(token, "")
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", cleaned)
    if not cleaned:
        raise error(f"{field}: empty", field=field, message_it="Campo vuoto: scrivi un numero.")
    if not _NUMBER_CHARS.match(cleaned) or not any(c.isdigit() for c in cleaned):
        raise error(
            f"{field}: not a number",
            field=field,
            message_it="Non è un numero: usa solo cifre, il punto per le migliaia e la virgola per i decimali.",
        )
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = cleaned[0].replace("+", ""), cleaned[1:]
    ambiguous = error(
        f"{field}: ambiguous or malformed separators",
        field=field,
        message_it="Numero ambiguo: scrivi per esempio 1.234,56 (punto per le migliaia, virgola per i decimali).",
    )
    if "," in cleaned:
        integer, _, decimals = cleaned.partition(",")
        if "," in decimals or "." in decimals or not decimals:
            raise ambiguous  # 1,234.56 or 1,2,3 or "12,"
        if "." in integer:
            if not (grouping and _GROUPED.match(integer)):
                raise ambiguous
            integer = integer.replace(".", "")
        if not integer:
            integer = "0"
        if grouping and len(decimals) == 3:
            raise ambiguous  # "1,234": English thousands or 1,234 €?
        number = f"{integer}.{decimals}"
    elif "." in cleaned:
        if grouping and _GROUPED.match(cleaned):
            number = cleaned.replace(".", "")  # 1.500 is 1500 (money has 2 decimals)
        elif cleaned.count(".") == 1 and not cleaned.endswith("."):
            number = cleaned  # 1234.56, 12.5: a decimal point
        else:
            raise ambiguous
    else:
        number = cleaned
    return Decimal(sign + number)


def parse_amount(text: object, *, field: str = "amount") -> Decimal:
    """Read an amount of euro as Italians type it.

    Accepts ``"1.234,56"``, ``"1234,56"``, ``"€ 1.234,56"``, ``"1234.56"``,
    ``"-12,5"``, ``"1.500"`` (one thousand five hundred: money has at most two
    decimals, so three digits after a single point are a thousands group).
    Refuses what is empty, not a number, has more than two decimals, or could
    be read two ways (``"1,234"``, ``"1,234.56"``, ``"12.34.5"``).

    Examples
    --------
    >>> parse_amount("€ 1.234,56"), parse_amount("1234.56"), parse_amount("-12,5")
    (Decimal('1234.56'), Decimal('1234.56'), Decimal('-12.5'))
    >>> parse_amount("1.500")
    Decimal('1500')
    >>> parse_amount("1,234")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidAmountError: amount: ambiguous or malformed separators
    """
    value = _parse_number(text, field=field, grouping=True, error=InvalidAmountError)
    if -value.as_tuple().exponent > 2:  # type: ignore[operator]
        raise InvalidAmountError(
            f"{field}: more than two decimals",
            field=field,
            message_it="Un importo ha al massimo due decimali (i centesimi).",
        )
    return value


def parse_percent(text: object, *, field: str = "rate") -> Decimal:
    """Read a percentage typed by a person and return it as a fraction.

    ``"3,5"``, ``"3.5"`` and ``"3,5 %"`` all mean 3.5 % and give
    ``Decimal('0.035')``. Thousands separators are not accepted: a point or
    a comma is the decimal separator.

    Examples
    --------
    >>> parse_percent("3,5 %"), parse_percent("7.25"), parse_percent("0")
    (Decimal('0.035'), Decimal('0.0725'), Decimal('0'))
    """
    return _parse_number(text, field=field, grouping=False, error=InvalidRateError) / 100


def format_number(value: Decimal, *, decimals: int = 2) -> str:
    """Format a number the Italian way with a fixed number of decimals.

    Examples
    --------
    >>> format_number(Decimal("1234567.891")), format_number(Decimal("3"), decimals=0)
    ('1.234.567,89', '3')
    """
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # never show "-0,00"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=_LOCALE, decimal_quantization=False)


def format_eur(amount: Decimal) -> str:
    """Format euro as ``1.234,56 €`` (rounded half up to the cent).

    The space before ``€`` is a no-break space, so that the sign never
    wraps onto a line of its own.

    Examples
    --------
    >>> format_eur(Decimal("1234.56")).replace(NBSP, " ")
    '1.234,56 €'
    >>> format_eur(Decimal("-0.005")).replace(NBSP, " ")
    '-0,01 €'
    """
    return f"{format_number(cents(amount))}{NBSP}€"


def format_percent(rate: Decimal, *, decimals: int = 2) -> str:
    """Format a fraction as a percentage: ``Decimal('0.035')`` → ``3,50 %``.

    Examples
    --------
    >>> format_percent(Decimal("0.035")).replace(NBSP, " ")
    '3,50 %'
    >>> format_percent(Decimal("0.17225"), decimals=4).replace(NBSP, " ")
    '17,2250 %'
    """
    return f"{format_number(rate * 100, decimals=decimals)}{NBSP}%"
