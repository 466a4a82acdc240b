"""Care of a person who is not self-sufficient: the cost of a family assistant (*badante*), the companion allowance.

An estimate (*stima indicativa*) from the domestic-work contract (CCNL
lavoro domestico) and INPS's yearly contribution tables
(``italy/data/care.json``). The family, as employer, pays:

* the monthly minimum pay of the level (live-in: a monthly amount for 54
  hours a week; by the hour otherwise, over 52 weeks / 12 a month);
* the thirteenth month in December, which for a live-in worker includes
  the conventional value of board and lodging (daily value × 30);
* the TFR, a year's pay (board and lodging included) divided by 13,5;
* someone to cover the worker's holidays, worth one more month of pay;
* the INPS and Cassacolf contributions, paid every quarter for the hours
  of the quarter (13 weeks); the worker's share is withheld from the pay,
  so the family's cost is the employer's share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance.errors import InvalidInputError, RuleDataError
from oltre_finance.italy.data_files import load_rule, version_on
from oltre_finance.money import ZERO, cents

__all__ = ["CompanionAllowance", "DomesticWorkerCost", "companion_allowance", "domestic_worker_cost"]

Level = Literal["BS", "CS"]
WEEKS_A_QUARTER = 13
DOMESTIC_WORK_REFERENCE = "CCNL lavoro domestico; contributi INPS per il lavoro domestico"


@dataclass(frozen=True, kw_only=True)
class DomesticWorkerCost:
    """What a domestic worker costs the family, item by item, and over a year."""

    live_in: bool
    level: Level
    weekly_hours: int
    monthly_pay: Decimal
    thirteenth: Decimal
    tfr: Decimal
    holiday_cover: Decimal
    #: Employer's INPS and Cassacolf contributions for one quarter (13 weeks).
    quarterly_contributions: Decimal
    yearly: Decimal
    source: str
    label_it: str = "stima indicativa"

    @property
    def monthly_equivalent(self) -> Decimal:
        """The year's cost over 12 months."""
        return cents(self.yearly / 12)


def domestic_worker_cost(
    *, live_in: bool, on_date: date, level: Level = "CS", weekly_hours: int | None = None, holiday_cover: bool = True
) -> DomesticWorkerCost:
    """The cost of a family assistant at ``level`` (CS: care of a person who is not self-sufficient) on ``on_date``.

    ``weekly_hours`` is fixed at 54 for a live-in worker; an hourly worker
    works 1 to 40 hours a week. Up to 24 hours a week the contribution per
    hour depends on the effective hourly pay (the thirteenth included).

    Examples
    --------
    >>> cost = domestic_worker_cost(live_in=True, on_date=date(2024, 6, 1))
    >>> cost.monthly_pay, cost.thirteenth, cost.quarterly_contributions, cost.monthly_equivalent
    (Decimal('1127.04'), Decimal('1322.64'), Decimal('666.90'), Decimal('1675.92'))
    """
    if level not in ("BS", "CS"):
        raise InvalidInputError("level must be BS or CS", field="level", message_it="Livello non valido.")
    rule = version_on(load_rule("care.json")["domestic_work"]["versions"], on_date, rule="lavoro domestico")
    hours = _hours(live_in, weekly_hours, rule)
    if live_in:
        pay = _amount(rule["live_in_monthly"], level)
        board = Decimal(rule["board_lodging_daily"]) * 30
        contribution = rule["contribution_over_24h"]
    else:
        hourly = _amount(rule["hourly"], level)
        pay = cents(hourly * hours * 52 / 12)
        board = ZERO
        contribution = _hourly_band(rule, hourly, hours)
    cassacolf = rule["cassacolf"]
    employer_per_hour = (
        Decimal(contribution["total"]) - Decimal(contribution["worker"])
        + Decimal(cassacolf["total"]) - Decimal(cassacolf["worker"])
    )  # fmt: skip
    thirteenth = pay + board
    tfr = cents(13 * (pay + board) / Decimal(rule["tfr_divisor"]))
    cover = thirteenth if holiday_cover else ZERO
    quarterly = cents(employer_per_hour * hours * WEEKS_A_QUARTER)
    return DomesticWorkerCost(
        live_in=live_in,
        level=level,
        weekly_hours=hours,
        monthly_pay=pay,
        thirteenth=thirteenth,
        tfr=tfr,
        holiday_cover=cover,
        quarterly_contributions=quarterly,
        yearly=12 * pay + thirteenth + tfr + cover + 4 * quarterly,
        source=rule["source"],
    )


def _hours(live_in: bool, weekly_hours: int | None, rule: dict[str, Any]) -> int:
    if live_in:
        return int(rule["weekly_hours_live_in"])
    if isinstance(weekly_hours, bool) or not isinstance(weekly_hours, int) or not 1 <= weekly_hours <= 40:
        raise InvalidInputError(
            "weekly_hours must be a whole number from 1 to 40",
            field="weekly_hours",
            message_it="Ore alla settimana: da 1 a 40.",
        )
    return weekly_hours


def _amount(table: dict[str, str], level: str) -> Decimal:
    if level not in table:
        raise RuleDataError(f"no pay for level {level} in this year", field="level", message_it="Livello non previsto.")
    return Decimal(table[level])


def _hourly_band(rule: dict[str, Any], hourly: Decimal, hours: int) -> dict[str, str]:
    """The contribution per hour: a fixed amount above 24 hours a week, otherwise by effective hourly pay."""
    if hours > 24:
        return dict(rule["contribution_over_24h"])
    effective = hourly * 13 / 12
    for band in rule["contribution_bands_up_to_24h"]:
        if band["effective_hourly_up_to"] is None or effective <= Decimal(band["effective_hourly_up_to"]):
            return dict(band)
    raise RuleDataError("no contribution band", field="on_date", message_it="Dati dei contributi mancanti.")


@dataclass(frozen=True, kw_only=True)
class CompanionAllowance:
    """The *indennità di accompagnamento*: a monthly amount, 12 months a year, whatever the income."""

    monthly: Decimal
    verified_year: int
    reference: str
    source: str
    label_it: str = "stima indicativa"


def companion_allowance(on_date: date) -> CompanionAllowance:
    """The companion allowance in force on ``on_date`` (the latest verified amount).

    Examples
    --------
    >>> companion_allowance(date(2025, 3, 1)).monthly
    Decimal('542.02')
    """
    data = load_rule("care.json")["companion_allowance"]
    rule = version_on(data["versions"], on_date, rule="indennità di accompagnamento")
    return CompanionAllowance(
        monthly=Decimal(rule["monthly"]),
        verified_year=int(rule["verified_year"]),
        reference=data["reference"],
        source=rule["source"],
    )
