"""Two sums used in the courses: what waiting costs, and what a small daily expense becomes.

Both use the monthly model of :mod:`.goals` (nominal yearly return ÷ 12,
contributions at the end of the month), gross of taxes and costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.money import cents
from oltre_finance.savings.goals import future_value, required_contribution

__all__ = ["DAYS_PER_MONTH", "DailyExpense", "Waiting", "cost_of_waiting", "small_daily_expense"]

#: A month of a daily habit, as the published example counts it (4,10 € a day = 123 € a month).
DAYS_PER_MONTH = 30


@dataclass(frozen=True, kw_only=True)
class Waiting:
    """Starting now against starting ``delay`` months later, with the same end date."""

    value_now: Decimal
    value_later: Decimal
    #: What the wait costs at the end.
    cost: Decimal
    #: Monthly amount that, started later, reaches the same end value.
    monthly_to_catch_up: Decimal


def cost_of_waiting(monthly: Decimal, months: int, *, delay: int = 12, annual_return: Decimal) -> Waiting:
    """What starting ``delay`` months late costs a plan of ``monthly`` a month over ``months`` months.

    Examples
    --------
    >>> wait = cost_of_waiting(Decimal("100"), 120, annual_return=Decimal("0"))
    >>> wait.cost, wait.monthly_to_catch_up
    (Decimal('1200.00'), Decimal('111.12'))
    """
    payment = validate.amount(monthly, field="monthly", label_it="Il versamento mensile", positive=True)
    n = validate.months(months, field="months")
    validate.months(delay, field="delay", label_it="Il ritardo", maximum=n - 1)
    now = future_value(Decimal(0), payment, n, annual_return=annual_return)
    later = future_value(Decimal(0), payment, n - delay, annual_return=annual_return)
    catch_up = required_contribution(cents(now), n - delay, annual_return=annual_return).monthly
    return Waiting(
        value_now=cents(now), value_later=cents(later), cost=cents(now - later), monthly_to_catch_up=catch_up
    )


@dataclass(frozen=True, kw_only=True)
class DailyExpense:
    """A daily expense over some years: what it costs, and what it would become if saved."""

    monthly: Decimal
    spent: Decimal
    if_saved: Decimal


def small_daily_expense(per_day: Decimal, years: int, *, annual_return: Decimal) -> DailyExpense:
    """What ``per_day`` euro a day add up to in ``years`` years, spent or saved monthly.

    Examples
    --------
    >>> habit = small_daily_expense(Decimal("3"), 10, annual_return=Decimal("0.02"))
    >>> habit.monthly, habit.spent, habit.if_saved
    (Decimal('90.00'), Decimal('10800.00'), Decimal('11944.77'))
    """
    daily = validate.amount(per_day, field="per_day", label_it="La spesa al giorno", positive=True)
    validate.count(years, field="years", label_it="Gli anni", minimum=1, maximum=validate.MAX_MONTHS // 12)
    monthly = daily * DAYS_PER_MONTH
    months = years * 12
    saved = future_value(Decimal(0), monthly, months, annual_return=annual_return)
    return DailyExpense(monthly=cents(monthly), spent=cents(monthly * months), if_saved=cents(saved))
