"""The emergency fund: months of essential expenses set aside before any other goal.

The target is ``months`` times the household's monthly essential expenses
(from :func:`oltre_finance.budget.summarize`); what is already covered is
its liquid savings (current accounts and deposits). The gap closes either by
a date (the monthly amount needed) or with a monthly amount (the months it
takes). Three to six months is the usual guidance; six is the default here
because the programme's households have just lived through a life event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.budget import summarize
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.money import ZERO, cents
from oltre_finance.months import first_of_month
from oltre_finance.savings.goals import months_to_goal, required_contribution
from oltre_finance.savings.plan import months_between

__all__ = ["DEFAULT_MONTHS", "EmergencyFund", "emergency_fund"]

DEFAULT_MONTHS = 6
#: The most months of expenses a fund is counted in (two years).
MAX_FUND_MONTHS = 24


@dataclass(frozen=True, kw_only=True)
class EmergencyFund:
    """The emergency fund's target, what covers it, and how the gap closes."""

    months: int
    essential_monthly: Decimal
    target: Decimal
    covered: Decimal
    gap: Decimal
    #: Monthly amount that closes the gap by ``by`` (when a date was given).
    monthly_needed: Decimal | None
    by: date | None
    #: Months the given monthly amount takes to close the gap (when an amount was given).
    months_to_close: int | None
    reached_on: date | None

    @property
    def reached(self) -> bool:
        """Whether the liquid savings already cover the target."""
        return self.gap == 0


def emergency_fund(
    household: Household,
    *,
    start: date,
    months: int = DEFAULT_MONTHS,
    by: date | None = None,
    monthly: Decimal | None = None,
    annual_return: Decimal = ZERO,
) -> EmergencyFund:
    """The emergency fund of ``household``, saving from the month of ``start``.

    Pass ``by`` for the monthly amount that closes the gap by that date, or
    ``monthly`` for the months that amount takes (or both).

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> fund = emergency_fund(load_sample("coppia_neonato"), start=date(2026, 12, 1), by=date(2027, 11, 1))
    >>> fund.target == 6 * fund.essential_monthly, fund.monthly_needed > 0
    (True, True)
    """
    validate.months(months, field="months", label_it="I mesi del fondo", maximum=MAX_FUND_MONTHS)
    if not isinstance(start, date):
        raise InvalidInputError("start must be a date", field="start", message_it="Data di inizio non valida.")
    summary = summarize(household)
    essential = summary.essential
    target = cents(essential * months)
    covered = summary.liquid_savings
    gap = max(target - covered, ZERO)
    needed = None
    if by is not None:
        if not isinstance(by, date) or months_between(start, by) < 1:
            raise InvalidInputError(
                "by must be a date after the start", field="by", message_it="La data deve essere nel futuro."
            )
        if gap > 0:
            needed = required_contribution(
                target, months_between(start, by), annual_return=annual_return, initial=covered
            ).monthly
        else:
            needed = ZERO
    to_close = None
    reached_on = None
    if monthly is not None:
        amount = validate.amount(monthly, field="monthly", label_it="Il versamento mensile")
        if gap > 0:
            answer = months_to_goal(target, amount, annual_return=annual_return, initial=covered)
            to_close = answer.months
            reached_on = first_of_month(start, plus=to_close - 1)
        else:
            to_close = 0
    return EmergencyFund(
        months=months,
        essential_monthly=essential,
        target=target,
        covered=covered,
        gap=gap,
        monthly_needed=needed,
        by=by,
        months_to_close=to_close,
        reached_on=reached_on,
    )
