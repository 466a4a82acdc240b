"""Bonus sociale for electricity and gas (ARERA): who is entitled by ISEE and children, and what it is worth in a year.

An estimate (*stima indicativa*). The electricity bonus is a daily amount per
supply, set by ARERA each year by household size, credited on the bills.
The gas bonus has the same ISEE thresholds, but its amount depends on the
climate zone, the uses of gas and the household size; ARERA's full table was
not available, so :func:`gas_bonus` gives the published range of the year.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.data_files import RuleVersion, series, version_on
from oltre_finance.italy.isee import MAX_MEMBERS
from oltre_finance.money import ZERO, cents

__all__ = ["ElectricityBonus", "GasBonus", "electricity_bonus", "gas_bonus"]


@dataclass(frozen=True, kw_only=True)
class ElectricityBonus:
    """Whether the household is entitled, and the bonus over the year."""

    entitled: bool
    daily: Decimal
    yearly: Decimal
    isee_limit: Decimal
    source: str
    #: The year's amounts are not yet published: the last verified ones are used (up to ``verified_to``).
    carried_forward: bool
    verified_to: date
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
    value = validate.amount(isee, field="isee", label_it="L'ISEE")
    rule, limit = _rule_and_limit(isee=value, members=members, dependent_children=dependent_children, on_date=on_date)
    daily = Decimal(rule["daily"][_size_band(rule["daily"], members)])
    entitled = value <= limit
    days = 366 if calendar.isleap(on_date.year) else 365
    return ElectricityBonus(
        entitled=entitled,
        daily=daily if entitled else ZERO,
        yearly=cents(daily * days) if entitled else ZERO,
        isee_limit=limit,
        source=rule["source"],
        carried_forward=rule.carried_forward,
        verified_to=rule.verified_to,
        note_it=rule.get("extra_note", ""),
    )


def _rule_and_limit(
    *, isee: Decimal, members: int, dependent_children: int, on_date: date
) -> tuple[RuleVersion, Decimal]:
    """The year's rule and the ISEE threshold that applies, after checking the household."""
    validate.count(members, field="members", label_it="I componenti del nucleo", minimum=1, maximum=MAX_MEMBERS)
    validate.count(dependent_children, field="dependent_children", label_it="I figli a carico", maximum=MAX_MEMBERS)
    if dependent_children >= members:
        raise InvalidInputError(
            "the household needs an adult", field="members", message_it="Il nucleo deve avere almeno un adulto."
        )
    rule = version_on(series("bonus_sociale.json"), on_date)
    many = dependent_children >= rule["many_children_from"]
    return rule, Decimal(rule["isee_max_4_children"] if many else rule["isee_max"])


def _size_band(daily: Mapping[str, str], members: int) -> str:
    """The key of the household-size band of ``members`` ("1-2", "3-4", "5+": the data file's bands)."""
    for band in daily:
        upper = band.split("-")[-1]
        if band.endswith("+") or members <= int(upper):
            return band
    raise InvalidInputError("no size band", field="members", message_it="Numero di componenti non previsto.")


@dataclass(frozen=True, kw_only=True)
class GasBonus:
    """Whether the household is entitled to the gas bonus, and the year's published range of amounts."""

    entitled: bool
    #: The lowest and highest yearly amounts of the year (zone, uses and size decide); ``None`` when not published.
    yearly_min: Decimal | None
    yearly_max: Decimal | None
    isee_limit: Decimal
    source: str
    carried_forward: bool
    verified_to: date
    note_it: str
    label_it: str = "stima indicativa"


def gas_bonus(*, isee: Decimal, members: int, dependent_children: int, on_date: date) -> GasBonus:
    """The gas bonus of a household with a gas supply: entitled with the electricity bonus's thresholds.

    Examples
    --------
    >>> bonus = gas_bonus(isee=Decimal("8000"), members=3, dependent_children=1, on_date=date(2026, 2, 1))
    >>> bonus.entitled, bonus.yearly_min, bonus.yearly_max
    (True, Decimal('39.16'), Decimal('156.45'))
    """
    value = validate.amount(isee, field="isee", label_it="L'ISEE")
    rule, limit = _rule_and_limit(isee=value, members=members, dependent_children=dependent_children, on_date=on_date)
    entitled = value <= limit
    known = rule.get("gas_yearly_range")
    if known is None:
        return GasBonus(
            entitled=entitled, yearly_min=None, yearly_max=None, isee_limit=limit, source=rule["source"],
            carried_forward=rule.carried_forward, verified_to=rule.verified_to,
            note_it="importi del bonus gas di quest'anno non disponibili",
        )  # fmt: skip
    return GasBonus(
        entitled=entitled,
        yearly_min=Decimal(known["min"]) if entitled else ZERO,
        yearly_max=Decimal(known["max"]) if entitled else ZERO,
        isee_limit=limit,
        source=known["source"],
        carried_forward=rule.carried_forward,
        verified_to=rule.verified_to,
        note_it=known["note"],
    )
