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
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.errors import NoSolutionError
from oltre_finance.money import CENT, ZERO, cents

__all__ = [
    "MIN_ANNUAL_RETURN",
    "GoalAnswer",
    "future_value",
    "monthly_rate",
    "months_to_goal",
    "required_contribution",
]

#: The lowest yearly return accepted: a loss of everything (-100 %) has no meaning as a return.
MIN_ANNUAL_RETURN = Decimal("-0.99")


def monthly_rate(annual_return: Decimal) -> Decimal:
    """The monthly rate of a nominal yearly return: ``R / 12``.

    A return of -100 % or below has no meaning (everything is lost): the
    lowest accepted is :data:`MIN_ANNUAL_RETURN`; above 100 % a year is a
    typing slip.

    Examples
    --------
    >>> monthly_rate(Decimal("0.03"))
    Decimal('0.0025')
    >>> monthly_rate(Decimal("0"))
    Decimal('0')
    """
    rate = validate.rate(
        annual_return, field="annual_return", label_it="Il rendimento annuo", minimum=MIN_ANNUAL_RETURN
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
    goal = validate.amount(target, field="target", label_it="L'obiettivo", positive=True)
    start = validate.amount(initial, field="initial", label_it="L'importo già risparmiato")
    n = validate.months(months, field="months")
    if start >= goal:
        return GoalAnswer(monthly=ZERO, months=0, final_balance=cents(start), already_reached=True)
    j = monthly_rate(annual_return)
    if j == 0:
        exact = (goal - start) / n
    else:
        growth = (1 + j) ** n
        exact = (goal - start * growth) * j / (growth - 1)
    payment = cents(max(exact, ZERO), rounding="up")
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
    :data:`~oltre_finance.validate.MAX_MONTHS` (nothing saved and no growth,
    or losses faster than savings).

    Examples
    --------
    >>> months_to_goal(Decimal("1000"), Decimal("100"), annual_return=Decimal("0")).months
    10
    >>> months_to_goal(Decimal("10000"), Decimal("158.62"), annual_return=Decimal("0.02")).months
    60
    """
    goal = validate.amount(target, field="target", label_it="L'obiettivo", positive=True)
    payment = validate.amount(monthly, field="monthly", label_it="Il versamento mensile")
    start = validate.amount(initial, field="initial", label_it="L'importo già risparmiato")
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
        if n > validate.MAX_MONTHS:
            raise NoSolutionError(
                f"the goal takes more than {validate.MAX_MONTHS} months",
                field="monthly",
                message_it=f"Con questo versamento servirebbero più di {validate.MAX_MONTHS // 12} anni: "
                "aumenta il versamento mensile.",
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
    if not math.isfinite(months) or months > validate.MAX_MONTHS:
        return None
    return math.ceil(months)
