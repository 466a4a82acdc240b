"""Saving for a goal: the monthly amount that reaches it, the months a monthly amount takes.

Contributions are paid at the end of each month and grow at the monthly
rate ``j = R / 12``, where ``R`` is the nominal yearly return compounded
monthly: the convention of the TAN and of the Italian savings calculators
whose published examples the tests reproduce. The balance after ``n``
months is the future value of an ordinary annuity plus the initial sum
grown:

``FV(n) = S0 · (1 + j)^n + P · ((1 + j)^n - 1) / j``   (``S0 + P · n`` when ``j = 0``)

which is what ``numpy_financial.fv(j, n, -P, -S0)`` computes. These are
gross figures: taxes, stamp duty and costs are in :mod:`.projection`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from oltre_finance.errors import InvalidAmountError, InvalidRateError, InvalidTermError, NoSolutionError
from oltre_finance.money import CENT, ZERO, D, cents

__all__ = [
    "MAX_MONTHS",
    "GoalAnswer",
    "future_value",
    "monthly_rate",
    "months_to_goal",
    "required_contribution",
]

#: Longest horizon looked at: 100 years.
MAX_MONTHS = 1200
MAX_AMOUNT = Decimal("100000000")


def _amount(value: object, field: str, label_it: str, *, positive: bool = False) -> Decimal:
    amount = D(value, field=field)
    if amount < 0 or (positive and amount == 0):
        word = "maggiore di zero" if positive else "non negativo"
        raise InvalidAmountError(
            f"{field} must be {'positive' if positive else 'non-negative'}",
            field=field,
            message_it=f"{label_it}: deve essere {word}.",
        )
    if amount > MAX_AMOUNT:
        raise InvalidAmountError(f"{field} is too large", field=field, message_it=f"{label_it}: importo troppo alto.")
    return amount


def _months(value: object, field: str = "months") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MONTHS:
        raise InvalidTermError(
            f"{field} must be a whole number from 1 to {MAX_MONTHS}",
            field=field,
            message_it=f"I mesi vanno da 1 a {MAX_MONTHS}.",
        )
    return value


def monthly_rate(annual_return: Decimal) -> Decimal:
    """The monthly rate of a nominal yearly return: ``R / 12``.

    A return of -100 % or below has no meaning (everything is lost) and is
    refused; above 100 % a year is a typing slip.

    Examples
    --------
    >>> monthly_rate(Decimal("0.03"))
    Decimal('0.0025')
    >>> monthly_rate(Decimal("0"))
    Decimal('0')
    """
    try:
        rate = D(annual_return, field="annual_return")
    except InvalidAmountError as error:
        raise InvalidRateError(str(error), field="annual_return", message_it=error.message_it) from None
    if not Decimal(-1) < rate <= Decimal(1):
        raise InvalidRateError(
            "annual_return must be above -100 % and at most 100 % (a fraction: 0.03 for 3 %)",
            field="annual_return",
            message_it="Il rendimento annuo va da -100 % (escluso) a 100 %.",
        )
    return rate / 12


def future_value(initial: Decimal, monthly: Decimal, months: int, *, annual_return: Decimal) -> Decimal:
    """Balance after ``months`` months, not rounded (see the module's formula).

    Examples
    --------
    >>> cents(future_value(Decimal("1000"), Decimal("100"), 12, annual_return=Decimal("0")))
    Decimal('2200.00')
    """
    j = monthly_rate(annual_return)
    if months == 0:
        return initial
    if j == 0:
        return initial + monthly * months
    growth = (1 + j) ** months
    return initial * growth + monthly * (growth - 1) / j


@dataclass(frozen=True, kw_only=True)
class GoalAnswer:
    """How a goal is reached: the monthly amount, the months, the balance then."""

    monthly: Decimal
    months: int
    #: Balance at the end of ``months``, rounded to the cent (at least the target when reached).
    final_balance: Decimal
    #: The goal is already covered by what is saved: nothing more is needed.
    already_reached: bool


def required_contribution(
    target: Decimal, months: int, *, annual_return: Decimal, initial: Decimal = ZERO
) -> GoalAnswer:
    """The monthly amount that reaches ``target`` in ``months`` months.

    Notes
    -----
    ``P = (T - S0 · (1+j)^n) · j / ((1+j)^n - 1)``, or ``(T - S0) / n`` when
    ``j = 0``, rounded *up* to the cent so that the goal is reached.

    Examples
    --------
    >>> required_contribution(Decimal("6000"), 24, annual_return=Decimal("0")).monthly
    Decimal('250.00')
    >>> answer = required_contribution(Decimal("10000"), 60, annual_return=Decimal("0.02"))
    >>> answer.monthly, answer.final_balance >= 10000
    (Decimal('158.62'), True)
    >>> required_contribution(Decimal("500"), 12, annual_return=Decimal("0"), initial=Decimal("800")).already_reached
    True
    """
    goal = _amount(target, "target", "Obiettivo", positive=True)
    start = _amount(initial, "initial", "Già risparmiato")
    n = _months(months)
    if start >= goal:
        return GoalAnswer(monthly=ZERO, months=0, final_balance=cents(start), already_reached=True)
    j = monthly_rate(annual_return)
    if j == 0:
        exact = (goal - start) / n
    else:
        growth = (1 + j) ** n
        exact = (goal - start * growth) * j / (growth - 1)
    payment = max(exact, ZERO).quantize(CENT, rounding=ROUND_CEILING)
    # The formula is exact; the last digits of Decimal are not: settle on the smallest cent that reaches the goal.
    while not _reaches(goal, start, payment, n, annual_return):
        payment += CENT
    while payment > 0 and _reaches(goal, start, payment - CENT, n, annual_return):
        payment -= CENT
    final = future_value(start, payment, n, annual_return=annual_return)
    return GoalAnswer(monthly=payment, months=n, final_balance=cents(final), already_reached=False)


def months_to_goal(target: Decimal, monthly: Decimal, *, annual_return: Decimal, initial: Decimal = ZERO) -> GoalAnswer:
    """The months ``monthly`` takes to reach ``target``: the first month the balance, to the cent, reaches it.

    Raises :class:`NoSolutionError` when the goal is never reached within
    100 years (nothing saved and no growth, or losses faster than savings).

    Examples
    --------
    >>> months_to_goal(Decimal("1000"), Decimal("100"), annual_return=Decimal("0")).months
    10
    >>> months_to_goal(Decimal("10000"), Decimal("158.62"), annual_return=Decimal("0.02")).months
    60
    """
    goal = _amount(target, "target", "Obiettivo", positive=True)
    payment = _amount(monthly, "monthly", "Versamento mensile")
    start = _amount(initial, "initial", "Già risparmiato")
    if start >= goal:
        return GoalAnswer(monthly=cents(payment), months=0, final_balance=cents(start), already_reached=True)
    j = monthly_rate(annual_return)
    estimate = _estimate_months(goal, payment, start, j)
    if estimate is None:
        raise NoSolutionError(
            "the goal is never reached",
            field="monthly",
            message_it="Con questo versamento l'obiettivo non si raggiunge mai: aumenta il versamento mensile.",
        )
    n = max(1, estimate - 2)
    while not _reaches(goal, start, payment, n, annual_return):
        n += 1
        if n > MAX_MONTHS:
            raise NoSolutionError(
                "the goal takes more than 100 years",
                field="monthly",
                message_it="Con questo versamento servirebbero più di 100 anni: aumenta il versamento mensile.",
            )
    while n > 1 and _reaches(goal, start, payment, n - 1, annual_return):
        n -= 1
    final = future_value(start, payment, n, annual_return=annual_return)
    return GoalAnswer(monthly=cents(payment), months=n, final_balance=cents(final), already_reached=False)


def _reaches(goal: Decimal, start: Decimal, payment: Decimal, months: int, annual_return: Decimal) -> bool:
    """Whether the balance after ``months``, to the cent, is at least the goal."""
    return cents(future_value(start, payment, months, annual_return=annual_return)) >= goal


def _estimate_months(goal: Decimal, payment: Decimal, start: Decimal, j: Decimal) -> int | None:
    """A float estimate of the months (within a couple), or None when never reached."""
    if j == 0:
        if payment == 0:
            return None
        return math.ceil(float((goal - start) / payment))
    rate = float(j)
    # FV(n) = (S0 + P/j)(1+j)^n - P/j  ⇒  (1+j)^n = (T + P/j) / (S0 + P/j)
    numerator = float(goal) + float(payment) / rate
    denominator = float(start) + float(payment) / rate
    if denominator == 0 or numerator / denominator <= 0:
        return None
    ratio = numerator / denominator
    if (ratio > 1) != (rate > 0):
        return None  # the balance moves away from the goal, or converges below it
    months = math.log(ratio) / math.log1p(rate)
    if not math.isfinite(months) or months > MAX_MONTHS:
        return None
    return math.ceil(months)
