"""Where the money goes: the monthly budget summary, its indicators, and the 12-month calendar.

Two views of the same household:

* :func:`summarize` turns every income and expense into its monthly
  equivalent (a bimonthly 120 € bill is 60 € a month; weekly items count
  52 weeks) and reads the ratios a consultant looks at;
* :func:`cashflow_calendar` puts each item in the month it really falls (the
  car tax in its month, not as 1/12), shows the months that go short and
  the monthly set-aside (*accantonamento*) that would cover the irregular
  costs.

One-off and temporary items (those with an ``ends`` month, such as the
reduced pay of a parental leave) are not part of the lasting monthly budget:
they appear in the calendar, in their months. One-off expenses are also
totalled in the summary's ``one_off_expenses``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Expense, Household, Income, occurrences_per_year
from oltre_finance.indicators import Indicator, judge
from oltre_finance.italy.data_files import freeze, series
from oltre_finance.money import ZERO, cents, format_number, format_percent, round_fraction

__all__ = [
    "BudgetSummary",
    "CalendarItem",
    "CalendarMonth",
    "CashflowCalendar",
    "FiftyThirtyTwenty",
    "cashflow_calendar",
    "fifty_thirty_twenty",
    "summarize",
]

#: Sub-categories that make up the cost of housing (Eurostat counts rent or
#: mortgage, condominium, maintenance and the utilities of the home). An
#: expense typed without a sub-category has its category's default (see
#: :func:`oltre_finance.household.default_subcategory`): rent for *casa*,
#: the home's bills for *utenze*.
HOUSING_SUBCATEGORIES = {
    "casa": {"affitto", "rata_mutuo", "condominio", "manutenzione"},
    "utenze": {"luce", "gas", "acqua", "rifiuti", "bollette"},
}


def _is_housing(expense: Expense) -> bool:
    return expense.subcategory in HOUSING_SUBCATEGORIES.get(expense.category, set())


def _is_debt_service(expense: Expense) -> bool:
    return expense.category == "debiti" or (expense.category == "casa" and expense.subcategory == "rata_mutuo")


@cache
def _indicator_rules() -> Mapping[str, Any]:
    text = files("oltre_finance").joinpath("data", "budget_indicators.json").read_text(encoding="utf-8")
    rules: Mapping[str, Any] = freeze(json.loads(text))
    return rules


def _indicator(key: str, value: Decimal, shown: str) -> Indicator:
    rule = _indicator_rules()[key]
    if "rule" in rule:  # thresholds and source stated once, in an Italian rule's file (its latest version)
        name, _, path = rule["rule"].partition("#")
        latest = series(name, *path.split(".")).versions[-1]
        rule = {**rule, **{field: latest[field] for field in ("amber_from", "red_from", "source", "source_url")}}
    return judge(key, value, shown=shown, rule=rule)


def _percent(ratio: Decimal) -> str:
    return format_percent(ratio)


@dataclass(frozen=True, kw_only=True)
class BudgetSummary:
    """A household's month, in monthly equivalents rounded to the cent."""

    income: Decimal
    expenses: Decimal
    essential: Decimal
    discretionary: Decimal
    #: Category id → monthly amount, largest first; only categories with expenses.
    by_category: Mapping[str, Decimal]
    balance: Decimal
    #: Balance over income (negative in deficit); ``None`` when there is no income.
    savings_rate: Decimal | None
    liquid_savings: Decimal
    one_off_expenses: Decimal
    #: Indicators by key: housing_cost, debt_service, essential_expenses, emergency_months.
    #: A ratio over income is missing when the household has no income.
    indicators: Mapping[str, Indicator]

    @property
    def in_deficit(self) -> bool:
        return self.balance < 0


def _monthly(items: Iterable[Income | Expense]) -> Decimal:
    """Monthly equivalent of lasting items: their yearly total divided once by 12 (exact to the last digit)."""
    return sum((item.yearly_amount for item in items if not item.temporary), ZERO) / 12


def summarize(household: Household) -> BudgetSummary:
    """The monthly budget of ``household`` with its indicators.

    Notes
    -----
    Monthly equivalent of an item: ``amount × occurrences a year / 12``
    (weekly: 52, bimonthly: 6, quarterly: 4, half-yearly: 2, yearly: 1).
    Housing cost = rent or mortgage, condominium, maintenance and home
    utilities (``HOUSING_SUBCATEGORIES``); debt service = instalments in *debiti* plus the mortgage;
    months covered = liquid savings / monthly essential expenses. Sums are
    exact and rounded to the cent once, at the end.

    Examples
    --------
    >>> from oltre_finance.household import household_from_dict
    >>> household = household_from_dict({"name": "Prova", "members": [{"role": "adult", "name": "A", "age": 40}],
    ...     "incomes": [{"source": "salary", "label": "Stipendio", "amount": "2000", "frequency": "monthly"}],
    ...     "expenses": [{"category": "casa", "subcategory": "affitto", "label": "Affitto", "amount": "700",
    ...                   "frequency": "monthly"}]})
    >>> summary = summarize(household)
    >>> summary.balance, summary.indicators["housing_cost"].value, summary.indicators["housing_cost"].band.value
    (Decimal('1300.00'), Decimal('0.3500'), 'amber')
    """
    income = _monthly(household.incomes)
    expenses = household.expenses
    total = _monthly(expenses)
    essential = _monthly(e for e in expenses if e.essential)
    by_category = {
        category: _monthly(e for e in expenses if e.category == category) for category in {e.category for e in expenses}
    }
    by_category = {category: amount for category, amount in by_category.items() if amount}
    liquid = sum((asset.value for asset in household.assets if asset.liquid), ZERO)
    balance = income - total

    indicators: dict[str, Indicator] = {}
    if income > 0:
        for key, part in (
            ("housing_cost", _monthly(e for e in expenses if _is_housing(e))),
            ("debt_service", _monthly(e for e in expenses if _is_debt_service(e))),
            ("essential_expenses", essential),
        ):
            ratio = round_fraction(part / income, places=4)
            indicators[key] = _indicator(key, ratio, _percent(ratio))
    if essential > 0:
        months = round_fraction(liquid / essential, places=1)
        indicators["emergency_months"] = _indicator("emergency_months", months, format_number(months, decimals=1))

    return BudgetSummary(
        income=cents(income),
        expenses=cents(total),
        essential=cents(essential),
        discretionary=cents(total - essential),
        by_category=MappingProxyType(
            {key: cents(value) for key, value in sorted(by_category.items(), key=lambda kv: -kv[1])}
        ),
        balance=cents(balance),
        savings_rate=round_fraction(balance / income, places=4) if income > 0 else None,
        liquid_savings=cents(liquid),
        one_off_expenses=cents(sum((e.amount for e in expenses if e.frequency == "one_off"), ZERO)),
        indicators=MappingProxyType(indicators),
    )


@dataclass(frozen=True, kw_only=True)
class FiftyThirtyTwenty:
    """The 50/30/20 view: needs, wants and saving as shares of income (one view, not the rule)."""

    needs: Decimal
    wants: Decimal
    saving: Decimal
    target_needs: Decimal = Decimal("0.50")
    target_wants: Decimal = Decimal("0.30")
    target_saving: Decimal = Decimal("0.20")


def fifty_thirty_twenty(summary: BudgetSummary) -> FiftyThirtyTwenty:
    """Needs (essential), wants (discretionary) and saving (balance) over income.

    Examples
    --------
    >>> from oltre_finance.household import household_from_dict
    >>> household = household_from_dict({"name": "Prova", "members": [{"role": "adult", "name": "A", "age": 40}],
    ...     "incomes": [{"source": "salary", "label": "Stipendio", "amount": "2000", "frequency": "monthly"}],
    ...     "expenses": [{"category": "casa", "label": "Affitto", "amount": "900", "frequency": "monthly"},
    ...                  {"category": "tempo_libero", "label": "Uscite", "amount": "300", "frequency": "monthly",
    ...                   "essential": False}]})
    >>> view = fifty_thirty_twenty(summarize(household))
    >>> view.needs, view.wants, view.saving
    (Decimal('0.4500'), Decimal('0.1500'), Decimal('0.4000'))
    """
    if summary.income <= 0:
        raise InvalidInputError(
            "the 50/30/20 view needs an income",
            field="incomes",
            message_it="Per la vista 50/30/20 serve almeno un'entrata.",
        )
    return FiftyThirtyTwenty(
        needs=round_fraction(summary.essential / summary.income, places=4),
        wants=round_fraction(summary.discretionary / summary.income, places=4),
        saving=round_fraction(summary.balance / summary.income, places=4),
    )


@dataclass(frozen=True, kw_only=True)
class CalendarItem:
    label: str
    category: str | None  # None for incomes
    amount: Decimal
    essential: bool


@dataclass(frozen=True, kw_only=True)
class CalendarMonth:
    year: int
    month: int
    incomes: tuple[CalendarItem, ...]
    expenses: tuple[CalendarItem, ...]
    income: Decimal
    outgoings: Decimal
    #: Liquid savings at the end of the month (starting from today's).
    cash: Decimal

    @property
    def balance(self) -> Decimal:
        return self.income - self.outgoings

    @property
    def short(self) -> bool:
        """The month's outgoings exceed its income."""
        return self.balance < 0


@dataclass(frozen=True, kw_only=True)
class CashflowCalendar:
    months: tuple[CalendarMonth, ...]
    starting_cash: Decimal
    #: Monthly amount to set aside so that irregular (non-monthly) costs are covered when they fall.
    set_aside: Decimal

    @property
    def short_months(self) -> tuple[CalendarMonth, ...]:
        return tuple(month for month in self.months if month.short)


def _spread(total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` cent amounts that add up exactly (cumulative rounding)."""
    shares = [cents(total * k / count) for k in range(count + 1)]
    return [shares[k + 1] - shares[k] for k in range(count)]


def _falls(item: Income | Expense, year: int, month: int) -> bool:
    """Whether a non-weekly item falls in (year, month)."""
    if not item.runs_in(year, month):
        return False
    if item.frequency == "monthly":
        return True
    if item.frequency == "one_off":
        return month == item.month and item.year in (None, year)
    step = 12 // occurrences_per_year(item.frequency)
    return (month - item.month) % step == 0


def _amounts(item: Income | Expense, window: list[tuple[int, int]]) -> list[Decimal]:
    """The item's amount in each month of the window."""
    if item.frequency == "weekly":
        spread = _spread(item.amount * 52, 12)
        return [spread[k % 12] if item.runs_in(*window[k]) else ZERO for k in range(len(window))]
    amounts = [item.amount if _falls(item, year, month) else ZERO for year, month in window]
    if item.frequency == "one_off":  # once only: the first month it matches
        first = next((k for k, amount in enumerate(amounts) if amount), None)
        amounts = [amount if k == first else ZERO for k, amount in enumerate(amounts)]
    return amounts


def cashflow_calendar(household: Household, *, start_year: int, start_month: int, months: int = 12) -> CashflowCalendar:
    """Month by month: what comes in, what goes out and when, the running cash.

    Notes
    -----
    Each item falls in its own months, inside its ``starts``–``ends`` window
    when it has one: bimonthly, quarterly, half-yearly and
    yearly items from their ``month`` onwards every 2, 3, 6 or 12 months; a
    one-off item in its month (and year, if given). A weekly item is spread
    as 52 weeks a year over 12 months, rounded so that a year adds up to
    ``52 × amount`` to the cent. The set-aside is the yearly total of every
    non-monthly expense divided by 12.

    Examples
    --------
    >>> from oltre_finance.household import household_from_dict
    >>> household = household_from_dict({"name": "Prova", "members": [{"role": "adult", "name": "A", "age": 40}],
    ...     "incomes": [{"source": "salary", "label": "Stipendio", "amount": "1500", "frequency": "monthly"}],
    ...     "expenses": [{"category": "trasporti", "label": "Bollo auto", "amount": "240", "frequency": "yearly",
    ...                   "month": 4}]})
    >>> calendar = cashflow_calendar(household, start_year=2027, start_month=1)
    >>> [m.outgoings for m in calendar.months][2:5], calendar.set_aside
    ([Decimal('0.00'), Decimal('240.00'), Decimal('0.00')], Decimal('20.00'))
    """
    validate.count(start_month, field="start_month", label_it="Il mese di inizio", minimum=1, maximum=12)
    validate.months(months, field="months", label_it="I mesi del calendario", maximum=120)
    window = [((start_year * 12 + start_month - 1 + k) // 12, (start_month - 1 + k) % 12 + 1) for k in range(months)]
    income_rows = [(item, _amounts(item, window)) for item in household.incomes]
    expense_rows = [(item, _amounts(item, window)) for item in household.expenses]

    cash = sum((asset.value for asset in household.assets if asset.liquid), ZERO)
    starting = cash
    calendar = []
    for index, (year, month) in enumerate(window):
        incomes = tuple(
            CalendarItem(label=item.label, category=None, amount=amounts[index], essential=True)
            for item, amounts in income_rows
            if amounts[index]
        )
        expenses = tuple(
            CalendarItem(label=item.label, category=item.category, amount=amounts[index], essential=item.essential)
            for item, amounts in expense_rows
            if amounts[index]
        )
        income = sum((item.amount for item in incomes), ZERO)
        outgoings = sum((item.amount for item in expenses), ZERO)
        cash += income - outgoings
        calendar.append(
            CalendarMonth(
                year=year,
                month=month,
                incomes=incomes,
                expenses=expenses,
                income=income,
                outgoings=outgoings,
                cash=cash,
            )
        )
    irregular = sum(
        (e.yearly_amount for e in household.expenses if e.frequency not in ("monthly", "weekly") and not e.temporary),
        ZERO,
    )
    return CashflowCalendar(months=tuple(calendar), starting_cash=starting, set_aside=cents(irregular / 12))
