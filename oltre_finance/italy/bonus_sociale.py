"""Bonus sociale elettrico (ARERA): who is entitled by ISEE and children, and what it is worth in a year.

An estimate (*stima indicativa*). The bonus is a daily amount per supply,
set by ARERA each year by household size, credited on the bills. The gas
bonus depends on the climate zone and the uses of gas; its tables were not
available, so it is not estimated here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.data_files import load_rule, version_on
from oltre_finance.money import ZERO, D, cents

__all__ = ["ElectricityBonus", "electricity_bonus"]


@dataclass(frozen=True, kw_only=True)
class ElectricityBonus:
    """Whether the household is entitled, and the bonus over the year."""

    entitled: bool
    daily: Decimal
    yearly: Decimal
    isee_limit: Decimal
    source: str
    note_it: str = ""
    label_it: str = "stima indicativa"


def electricity_bonus(*, isee: Decimal, members: int, dependent_children: int, on_date: date) -> ElectricityBonus:
    """The electricity bonus of a household of ``members`` with ``isee`` on ``on_date``.

    Notes
    -----
    Entitled when ``ISEE ≤`` the year's threshold, or ``≤ 20.000 €`` with at
    least four dependent children; worth the daily amount for the household
    size times the days of the year.

    Examples
    --------
    >>> bonus = electricity_bonus(isee=Decimal("8000"), members=3, dependent_children=1, on_date=date(2026, 2, 1))
    >>> bonus.entitled, bonus.yearly
    (True, Decimal('186.15'))
    """
    value = D(isee, field="isee")
    if value < 0:
        raise InvalidInputError("isee must not be negative", field="isee", message_it="L'ISEE non può essere negativo.")
    for name, number in (("members", members), ("dependent_children", dependent_children)):
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 20:
            raise InvalidInputError(f"{name} out of range", field=name, message_it="Numero non valido.")
    if members < 1 or dependent_children >= members:
        raise InvalidInputError(
            "the household needs an adult", field="members", message_it="Il nucleo deve avere almeno un adulto."
        )
    rule = version_on(load_rule("bonus_sociale.json")["versions"], on_date, rule="bonus sociale")
    limit = Decimal(rule["isee_max_4_children"] if dependent_children >= 4 else rule["isee_max"])
    size = "1-2" if members <= 2 else "3-4" if members <= 4 else "5+"
    daily = Decimal(rule["daily"][size])
    entitled = value <= limit
    days = 366 if calendar.isleap(on_date.year) else 365
    return ElectricityBonus(
        entitled=entitled,
        daily=daily if entitled else ZERO,
        yearly=cents(daily * days) if entitled else ZERO,
        isee_limit=limit,
        source=rule["source"],
        note_it=rule.get("extra_note", ""),
    )
