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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError, RuleDataError
from oltre_finance.italy.data_files import load_rule, series, version_on
from oltre_finance.money import ZERO, cents

__all__ = [
    "CareTaxRelief",
    "CompanionAllowance",
    "DomesticWorkerCost",
    "RsaFees",
    "care_tax_relief",
    "companion_allowance",
    "domestic_worker_cost",
    "rsa_fees",
]

Level = Literal["BS", "CS"]
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
    carried_forward: bool
    verified_to: date
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
    rule = version_on(series("care.json", "domestic_work"), on_date)
    hours = _hours(live_in, weekly_hours, rule)
    if live_in:
        pay = _amount(rule["live_in_monthly"], level)
        board = Decimal(rule["board_lodging_daily"]) * rule["thirteenth_board_days"]
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
    tfr = cents(rule["pay_months_a_year"] * (pay + board) / Decimal(rule["tfr_divisor"]))
    cover = thirteenth if holiday_cover else ZERO
    quarterly = cents(employer_per_hour * hours * rule["quarter_weeks"])
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
        carried_forward=rule.carried_forward,
        verified_to=rule.verified_to,
    )


def _hours(live_in: bool, weekly_hours: int | None, rule: Mapping[str, Any]) -> int:
    if live_in:
        return int(rule["weekly_hours_live_in"])
    return validate.count(
        weekly_hours, field="weekly_hours", label_it="Ore alla settimana", minimum=1,
        maximum=int(rule["weekly_hours_max_hourly"]),
    )  # fmt: skip


def _amount(table: Mapping[str, str], level: str) -> Decimal:
    if level not in table:
        raise RuleDataError(f"no pay for level {level} in this year", field="level", message_it="Livello non previsto.")
    return Decimal(table[level])


def _hourly_band(rule: Mapping[str, Any], hourly: Decimal, hours: int) -> Mapping[str, str]:
    """The contribution per hour: a fixed amount above the weekly threshold of hours, else by effective hourly pay."""
    if hours > rule["contribution_hours_threshold"]:
        return rule["contribution_over_24h"]  # type: ignore[no-any-return]
    effective = hourly * rule["pay_months_a_year"] / 12
    for band in rule["contribution_bands_up_to_24h"]:
        if band["effective_hourly_up_to"] is None or effective <= Decimal(band["effective_hourly_up_to"]):
            return band  # type: ignore[no-any-return]
    raise RuleDataError("no contribution band", field="on_date", message_it="Dati dei contributi mancanti.")


@dataclass(frozen=True, kw_only=True)
class CompanionAllowance:
    """The *indennità di accompagnamento*: a monthly amount, 12 months a year, whatever the income."""

    monthly: Decimal
    #: The amount is the last verified one, used past ``verified_to``.
    carried_forward: bool
    verified_to: date
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
    data = series("care.json", "companion_allowance")
    rule = version_on(data, on_date)
    return CompanionAllowance(
        monthly=Decimal(rule["monthly"]),
        carried_forward=rule.carried_forward,
        verified_to=rule.verified_to,
        reference=load_rule("care.json")["companion_allowance"]["reference"],
        source=rule["source"],
    )


@dataclass(frozen=True, kw_only=True)
class CareTaxRelief:
    """What the family gets back in taxes for a family assistant (TUIR artt. 10 and 15)."""

    contributions_deduction_max: Decimal
    care_expense_credit_rate: Decimal
    care_expense_credit_max: Decimal
    care_expense_income_max: Decimal
    source: str

    @property
    def credit_max(self) -> Decimal:
        """The largest yearly tax credit on the care expense."""
        return cents(self.care_expense_credit_rate * self.care_expense_credit_max)


def care_tax_relief(on_date: date) -> CareTaxRelief:
    """The tax relief for employing a family assistant in force on ``on_date``.

    Examples
    --------
    >>> relief = care_tax_relief(date(2026, 1, 1))
    >>> relief.contributions_deduction_max, relief.credit_max
    (Decimal('1549.37'), Decimal('399.00'))
    """
    rule = version_on(series("care.json", "tax_relief"), on_date)
    return CareTaxRelief(
        contributions_deduction_max=Decimal(rule["contributions_deduction_max"]),
        care_expense_credit_rate=Decimal(rule["care_expense_credit_rate"]),
        care_expense_credit_max=Decimal(rule["care_expense_credit_max"]),
        care_expense_income_max=Decimal(rule["care_expense_income_max"]),
        source=rule["source"],
    )


@dataclass(frozen=True, kw_only=True)
class RsaFees:
    """What a resident pays in a Lombard nursing home (RSA) with a regional contract, a survey's figures."""

    monthly_min: Decimal
    monthly_average: Decimal
    monthly_max: Decimal
    #: The survey's year; ``carried_forward`` when used for a later year.
    year: int
    carried_forward: bool
    verified_to: date
    basis: str
    source: str


def rsa_fees(on_date: date) -> RsaFees:
    """The latest surveyed RSA fees in Lombardy for ``on_date``.

    Examples
    --------
    >>> fees = rsa_fees(date(2024, 6, 1))
    >>> fees.monthly_average, fees.year, fees.carried_forward
    (Decimal('2236.00'), 2024, False)
    """
    rule = version_on(series("care.json", "rsa_lombardy"), on_date)
    return RsaFees(
        monthly_min=Decimal(rule["monthly_min"]),
        monthly_average=Decimal(rule["monthly_average"]),
        monthly_max=Decimal(rule["monthly_max"]),
        year=rule.valid_from.year,
        carried_forward=rule.carried_forward,
        verified_to=rule.verified_to,
        basis=rule["basis"],
        source=rule["source"],
    )
