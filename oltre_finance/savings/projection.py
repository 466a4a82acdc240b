"""Month-by-month projection of savings, net of Italian taxes, stamp duty and costs, in nominal and real terms.

Each month ``m`` (contributions at the end of the month):

1. the month's income is ``balance · R / 12``. A fund's value grows by it
   every month; on accounts, deposits and bonds it accrues as simple
   interest and is credited at the end of every 12th month (and of the last
   month), as banks and Poste credit interest yearly;
2. yearly costs are taken a twelfth a month on the same balance,
   ``balance · c / 12``, so that a fund grows at ``(R - c) / 12`` a month
   (costs subtracted from the return, as Italian calculators do);
3. the monthly contribution is added;
4. at the end of every 12th month and of the last month:
   - with yearly taxation, the tax rate applies to the year's income
     (balance minus the balance at the start of the year and the year's
     contributions), as banks withhold tax on credited interest;
   - the stamp duty of the period is paid: a share of the rate on the value
     (financial products; postal bonds above the exempt amount), or the
     fixed amount on a current account whose average balance is above the
     threshold;
5. at the end, with taxation at the end (funds, ETF, postal bonds), the tax
   rate applies to the gain: final value plus the stamp duty paid minus what
   was put in (the stamp duty does not lower the taxable gain).

Real values divide by ``(1 + inflation)^(m/12)``. The arithmetic runs in
Decimal; figures are rounded to the cent when reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from oltre_finance import validate
from oltre_finance.money import ZERO, cents
from oltre_finance.savings.instruments import Instrument, StampDuty, tax_rules

__all__ = ["MIN_INFLATION", "Projection", "ProjectionRow", "project"]

#: The lowest yearly inflation accepted (prices halving in a year); the highest is 100 %.
MIN_INFLATION = Decimal("-0.5")


class ProjectionRow(NamedTuple):
    """End of one month: what was put in so far, the balance (nominal and real), what taxes, duty and costs took."""

    month: int
    contributed: Decimal
    balance: Decimal
    real_balance: Decimal
    taxes: Decimal
    stamp_duty: Decimal
    costs: Decimal


@dataclass(frozen=True, kw_only=True)
class Projection:
    """A projection and its totals (cumulative figures are in the last row)."""

    instrument: Instrument
    inflation: Decimal
    rows: tuple[ProjectionRow, ...] = field(repr=False)

    @property
    def final(self) -> ProjectionRow:
        return self.rows[-1]


def _stamp_duty(
    duty: StampDuty, kind: str, base: Decimal, value: Decimal, average: Decimal, fraction: Decimal
) -> Decimal:
    """Stamp duty of a period that is ``fraction`` of a year.

    ``base`` is what the proportional duty is charged on (the instrument's convention), ``value`` what the
    postal bonds' exemption looks at (their redemption value), ``average`` the average balance of an account.
    """
    if kind == "financial_products":
        return duty.financial_products_rate * max(base, ZERO) * fraction
    if kind == "postal_bonds":
        return duty.financial_products_rate * base * fraction if value > duty.postal_bonds_exempt_up_to else ZERO
    if kind == "current_account":
        return duty.current_account_fixed * fraction if average > duty.current_account_threshold else ZERO
    return ZERO


def _duty_base(instrument: Instrument, *, balance: Decimal, capital: Decimal, invested: Decimal) -> Decimal:
    """The amount the proportional duty applies to, by the instrument's convention (see instruments.DutyBase)."""
    if instrument.stamp_duty_base == "capital":
        return capital
    if instrument.stamp_duty_base == "nominal":
        return invested
    return balance


def project(
    initial: Decimal,
    monthly: Decimal,
    months: int,
    *,
    instrument: Instrument,
    on_date: date,
    inflation: Decimal = ZERO,
) -> Projection:
    """Project ``initial`` plus ``monthly`` a month for ``months`` months in ``instrument``.

    ``on_date`` chooses the stamp duty rules in force; ``inflation`` is a
    yearly rate for the real values. See the module for the monthly steps.

    Examples
    --------
    >>> from oltre_finance.savings.instruments import instrument
    >>> deposit = instrument("conto_deposito", on_date=date(2026, 11, 24)).with_return(Decimal("0.03"))
    >>> result = project(Decimal("10000"), Decimal("0"), 12, instrument=deposit, on_date=date(2026, 11, 24))
    >>> result.final.taxes, result.final.stamp_duty, result.final.balance
    (Decimal('78.00'), Decimal('20.00'), Decimal('10202.00'))
    """
    start = validate.amount(initial, field="initial", label_it="La somma iniziale")
    payment = validate.amount(monthly, field="monthly", label_it="Il versamento mensile")
    n = validate.months(months, field="months")
    prices = validate.rate(inflation, field="inflation", label_it="L'inflazione", minimum=MIN_INFLATION)
    duty_rules = tax_rules(on_date).stamp_duty
    rate = instrument.gross_return / 12
    cost_rate = instrument.annual_costs / 12
    monthly_credit = instrument.compounding == "monthly"
    accrued = ZERO
    deflator = (1 + prices) ** (Decimal(1) / 12)
    balance = start
    invested = start
    year_start = start
    year_contributions = ZERO
    period_sum = ZERO
    period_months = 0
    taxes = duty_paid = costs = ZERO
    price_level = Decimal(1)
    rows: list[ProjectionRow] = []
    for month in range(1, n + 1):
        accrued += balance * rate
        cost = balance * cost_rate
        if monthly_credit or month % 12 == 0 or month == n:
            balance += accrued
            accrued = ZERO
        balance = balance - cost + payment
        costs += cost
        invested += payment
        year_contributions += payment
        period_sum += balance
        period_months += 1
        if month % 12 == 0 or month == n:
            if instrument.tax_timing == "yearly":
                income = balance - year_start - year_contributions
                tax = instrument.tax_rate * income if income > 0 else ZERO
                balance -= tax
                taxes += tax
            base = _duty_base(instrument, balance=balance, capital=year_start + year_contributions, invested=invested)
            duty = _stamp_duty(
                duty_rules,
                instrument.stamp_duty,
                base,
                balance,
                period_sum / period_months,
                Decimal(period_months) / 12,
            )
            balance -= duty
            duty_paid += duty
            year_start, year_contributions, period_sum, period_months = balance, ZERO, ZERO, 0
        if month == n and instrument.tax_timing == "at_end":
            gain = balance + duty_paid - invested
            tax = instrument.tax_rate * gain if gain > 0 else ZERO
            balance -= tax
            taxes += tax
        price_level *= deflator
        rows.append(
            ProjectionRow(
                month=month,
                contributed=cents(invested),
                balance=cents(balance),
                real_balance=cents(balance / price_level),
                taxes=cents(taxes),
                stamp_duty=cents(duty_paid),
                costs=cents(costs),
            )
        )
    return Projection(instrument=instrument, inflation=prices, rows=tuple(rows))
