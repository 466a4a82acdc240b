"""Savings instruments and the Italian rules that tax them, from a dated data file.

An :class:`Instrument` says how money grows (gross yearly return, yearly
costs), when the tax on its income is paid (every year, as on the interest
of an account or deposit, or at the end, as on a fund's or a postal bond's
gain), at which rate (26 % on financial income, 12.5 % on Italian
government bonds and postal bonds), and which stamp duty it bears (34.20 €
a year on a current account whose average balance is above 5,000 €, or
0.2 % a year of the value of financial products). The figures and their
sources are in ``italy/data/savings_instruments.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.data_files import load_rule, series, version_on
from oltre_finance.savings.goals import MIN_ANNUAL_RETURN

__all__ = ["Instrument", "StampDuty", "TaxRules", "instrument", "instrument_ids", "tax_rules"]

TaxTiming = Literal["yearly", "at_end"]
Compounding = Literal["monthly", "yearly"]
DutyKind = Literal["none", "current_account", "financial_products", "postal_bonds"]
#: What the proportional stamp duty is charged on (``stamp_duty_bases`` in the data file says why, with sources):
#: the market ``value`` at the end of the period, the deposited ``capital`` of a time deposit whose interest goes
#: to the linked current account, the ``nominal`` value of postal bonds (what was subscribed).
DutyBase = Literal["value", "capital", "nominal", "average_balance"]


@dataclass(frozen=True, kw_only=True)
class StampDuty:
    """The *imposta di bollo* in force: fixed on accounts, proportional on financial products."""

    current_account_fixed: Decimal
    current_account_threshold: Decimal
    financial_products_rate: Decimal
    postal_bonds_exempt_up_to: Decimal
    source: str


@dataclass(frozen=True, kw_only=True)
class TaxRules:
    """Tax rates on financial income in force on a date."""

    financial_income: Decimal
    government_bonds: Decimal
    stamp_duty: StampDuty
    source: str
    #: Used past the last day verified (``verified_to``), the latest of the taxes' and the duty's.
    carried_forward: bool
    verified_to: date


def tax_rules(on_date: date) -> TaxRules:
    """The tax rates and stamp duty in force on ``on_date``.

    Examples
    --------
    >>> rules = tax_rules(date(2026, 11, 24))
    >>> rules.financial_income, rules.government_bonds, rules.stamp_duty.financial_products_rate
    (Decimal('0.26'), Decimal('0.125'), Decimal('0.002'))
    """
    tax = version_on(series("savings_instruments.json", "taxes"), on_date)
    duty = version_on(series("savings_instruments.json", "stamp_duty"), on_date)
    return TaxRules(
        financial_income=Decimal(tax["financial_income"]),
        government_bonds=Decimal(tax["government_bonds"]),
        stamp_duty=StampDuty(
            current_account_fixed=Decimal(duty["current_account_fixed"]),
            current_account_threshold=Decimal(duty["current_account_threshold"]),
            financial_products_rate=Decimal(duty["financial_products_rate"]),
            postal_bonds_exempt_up_to=Decimal(duty["postal_bonds_exempt_up_to"]),
            source=duty["source"],
        ),
        source=tax["source"],
        carried_forward=tax.carried_forward or duty.carried_forward,
        verified_to=min(tax.verified_to, duty.verified_to),
    )


_RATES_IT = {
    "gross_return": "Il rendimento lordo",
    "annual_costs": "I costi annui",
    "tax_rate": "L'aliquota delle tasse",
    "volatility": "La volatilità",
}


@dataclass(frozen=True, kw_only=True)
class Instrument:
    """Where the money is kept and what it earns, costs and pays in taxes.

    ``gross_return`` and ``annual_costs`` are yearly fractions; ``tax_rate``
    applies to the income net of costs, paid ``tax_timing``. ``volatility``
    (yearly standard deviation of returns) is 0 for instruments whose
    return is known in advance.
    """

    id: str
    label_it: str
    gross_return: Decimal
    annual_costs: Decimal = Decimal(0)
    tax_rate: Decimal
    tax_timing: TaxTiming
    stamp_duty: DutyKind
    stamp_duty_base: DutyBase = "value"
    volatility: Decimal = Decimal(0)
    #: ``monthly``: the value grows every month (funds); ``yearly``: interest credited once a year.
    compounding: Compounding = "yearly"
    note_it: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        for name, label_it in _RATES_IT.items():
            low = MIN_ANNUAL_RETURN if name == "gross_return" else Decimal(0)
            value = validate.rate(getattr(self, name), field=name, label_it=label_it, minimum=low)
            object.__setattr__(self, name, value)
        if self.tax_timing not in ("yearly", "at_end"):
            raise InvalidInputError("tax_timing must be yearly or at_end", field="tax_timing", message_it="Non valido.")
        if self.compounding not in ("monthly", "yearly"):
            raise InvalidInputError(
                "compounding must be monthly or yearly", field="compounding", message_it="Non valido."
            )
        if self.stamp_duty not in ("none", "current_account", "financial_products", "postal_bonds"):
            raise InvalidInputError("unknown stamp duty kind", field="stamp_duty", message_it="Non valido.")
        if self.stamp_duty_base not in ("value", "capital", "nominal", "average_balance"):
            raise InvalidInputError("unknown stamp duty base", field="stamp_duty_base", message_it="Non valido.")

    @property
    def risky(self) -> bool:
        """Whether the return is uncertain (a fund or ETF)."""
        return self.volatility > 0

    def with_return(self, gross_return: Decimal) -> Instrument:
        """The same instrument with another gross yearly return."""
        return replace(self, gross_return=gross_return)


def _data() -> Any:
    return load_rule("savings_instruments.json")


def instrument_ids() -> tuple[str, ...]:
    """The instruments in the data file, in their order."""
    return tuple(item["id"] for item in _data()["instruments"])


def instrument(instrument_id: str, *, on_date: date) -> Instrument:
    """An instrument of the data file, with the tax rate in force on ``on_date``.

    Examples
    --------
    >>> btp = instrument("btp", on_date=date(2026, 11, 24))
    >>> btp.tax_rate, btp.tax_timing, btp.stamp_duty
    (Decimal('0.125'), 'yearly', 'financial_products')
    """
    for item in _data()["instruments"]:
        if item["id"] == instrument_id:
            break
    else:
        raise InvalidInputError(
            f"unknown instrument {instrument_id!r}", field="instrument", message_it="Strumento non disponibile."
        )
    rules = tax_rules(on_date)
    rate = rules.government_bonds if item["tax"] == "government_bonds" else rules.financial_income
    return Instrument(
        id=item["id"],
        label_it=item["label_it"],
        gross_return=Decimal(item["gross_return"]),
        annual_costs=Decimal(item.get("annual_costs", "0")),
        tax_rate=rate,
        tax_timing=item["tax_timing"],
        stamp_duty=item["stamp_duty"],
        stamp_duty_base=item["stamp_duty_base"],
        volatility=Decimal(item.get("volatility", "0")),
        compounding=item.get("compounding", "yearly"),
        note_it=item.get("note_it", ""),
        source=item.get("source", ""),
    )
