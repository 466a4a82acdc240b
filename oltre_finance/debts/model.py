"""One debt in a repayment plan, and the rule that sets its minimum payment.

Three minimum-payment rules cover what households meet:

- :class:`FixedInstalment`: a loan or an agreed instalment (*rata fissa*);
  paying more than it is allowed and shortens the debt;
- :class:`PercentOfBalance`: a revolving card's *rata minima*, a share of
  what is owed with a floor in euro;
- :class:`FixedPlan`: a plan that cannot be changed, such as a *cessione
  del quinto* taken from the payslip; it never receives extra payments.

:func:`debts_from_household` turns the debts of a
:class:`~oltre_finance.household.Household` into :class:`Debt` records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import get_args

from oltre_finance import validate
from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidRateError
from oltre_finance.household import DebtKind, Household
from oltre_finance.money import ZERO, cents
from oltre_finance.rates import periodic_rate

__all__ = [
    "ARREARS_KINDS",
    "Debt",
    "DebtKind",
    "FixedInstalment",
    "FixedPlan",
    "MinimumRule",
    "PercentOfBalance",
    "debts_from_household",
]

#: Arrears that carry eviction, disconnection or enforcement: paid first by default.
ARREARS_KINDS: frozenset[str] = frozenset({"rent_arrears", "bill_arrears", "tax_arrears"})

MAX_NAME_LENGTH = 120


def _money(value: object, field: str, label_it: str) -> Decimal:
    amount = validate.amount(value, field=field, label_it=label_it)
    if amount != cents(amount):
        raise InvalidAmountError(
            f"{field} has fractions of a cent", field=field, message_it=f"{label_it} ha al massimo due decimali."
        )
    return cents(amount)


@dataclass(frozen=True)
class FixedInstalment:
    """A fixed monthly instalment; extra payments are allowed.

    Examples
    --------
    >>> FixedInstalment(Decimal("150")).minimum(Decimal("90.40"))
    Decimal('90.40')
    """

    amount: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _money(self.amount, "minimum.amount", "L'importo della rata"))

    def minimum(self, due: Decimal) -> Decimal:
        """The payment due this month when ``due`` (balance plus interest) is owed."""
        return min(self.amount, due)


@dataclass(frozen=True)
class PercentOfBalance:
    """A revolving card's minimum: ``percent`` of what is owed, at least ``floor``.

    Notes
    -----
    ``minimum = min(due, max(floor, cents(percent · due)))`` where ``due`` is
    the balance plus the month's interest.

    Examples
    --------
    >>> rule = PercentOfBalance(Decimal("0.03"), Decimal("25"))
    >>> rule.minimum(Decimal("3850.00")), rule.minimum(Decimal("400")), rule.minimum(Decimal("10"))
    (Decimal('115.50'), Decimal('25.00'), Decimal('10'))
    """

    percent: Decimal
    floor: Decimal = ZERO

    def __post_init__(self) -> None:
        percent = validate.rate(self.percent, field="minimum.percent", label_it="La percentuale della rata minima")
        if percent == 0:
            raise InvalidRateError(
                "minimum.percent must be above 0",
                field="minimum.percent",
                message_it="La percentuale della rata minima deve essere maggiore di zero.",
            )
        object.__setattr__(self, "percent", percent)
        object.__setattr__(self, "floor", _money(self.floor, "minimum.floor", "L'importo minimo della rata"))

    def minimum(self, due: Decimal) -> Decimal:
        """The payment due this month when ``due`` (balance plus interest) is owed."""
        return min(due, max(self.floor, cents(self.percent * due)))


@dataclass(frozen=True)
class FixedPlan:
    """A plan that cannot be changed (a *cessione del quinto*): no extra payments.

    With ``months`` (the instalments left), the last one pays whatever is
    left, as the last row of an amortisation schedule does.

    Examples
    --------
    >>> FixedPlan(Decimal("320"), months=70).instalment
    Decimal('320.00')
    """

    instalment: Decimal
    months: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "instalment", _money(self.instalment, "minimum.instalment", "L'importo della rata"))
        if self.months is not None:
            validate.months(self.months, field="minimum.months", label_it="Le rate rimaste")

    def minimum(self, due: Decimal, month: int = 1) -> Decimal:
        """The instalment of ``month`` (1 is the first) when ``due`` is owed."""
        if self.months is not None and month >= self.months:
            return due
        return min(self.instalment, due)


MinimumRule = FixedInstalment | PercentOfBalance | FixedPlan


@dataclass(frozen=True, kw_only=True)
class Debt:
    """A debt to repay: what is owed, at what rate, and its minimum payment.

    ``annual_rate`` is the TAN as a fraction; interest is charged monthly at
    ``TAN / 12`` on the balance, rounded to the cent, as in
    :func:`oltre_finance.loans.schedule`. ``priority`` (lower first) orders
    the debts in a custom plan when no explicit order is given.

    Examples
    --------
    >>> card = Debt(name="Carta revolving", kind="revolving_card", balance=Decimal("3850"),
    ...             annual_rate=Decimal("0.179"), minimum=FixedInstalment(Decimal("150")))
    >>> card.monthly_interest(card.balance), card.is_arrears, card.accepts_extra
    (Decimal('57.43'), False, True)
    >>> Debt(name="", balance=Decimal("1"), minimum=FixedInstalment(Decimal("1")))
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidInputError: name must not be blank
    """

    name: str
    kind: DebtKind = "personal_loan"
    balance: Decimal
    annual_rate: Decimal = ZERO
    minimum: MinimumRule
    priority: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError("name must not be blank", field="name", message_it="Serve un nome per il debito.")
        if len(self.name) > MAX_NAME_LENGTH:
            raise InvalidInputError(
                "name too long",
                field="name",
                message_it=f"Il nome del debito ha al massimo {MAX_NAME_LENGTH} caratteri.",
            )
        if self.kind not in get_args(DebtKind):
            raise InvalidInputError(
                f"unknown debt kind {self.kind!r}", field="kind", message_it="Tipo di debito non valido."
            )
        rate = validate.rate(self.annual_rate, field="annual_rate", label_it="Il TAN")
        if not isinstance(self.minimum, FixedInstalment | PercentOfBalance | FixedPlan):
            raise InvalidInputError(
                "minimum must be FixedInstalment, PercentOfBalance or FixedPlan",
                field="minimum",
                message_it="Regola della rata minima non valida.",
            )
        if self.priority is not None:
            validate.count(self.priority, field="priority", label_it="La priorità")
        object.__setattr__(self, "name", self.name.strip())
        object.__setattr__(self, "balance", _money(self.balance, "balance", "Il debito residuo"))
        object.__setattr__(self, "annual_rate", rate)

    @property
    def monthly_rate(self) -> Decimal:
        """TAN / 12."""
        return periodic_rate(self.annual_rate)

    def monthly_interest(self, balance: Decimal) -> Decimal:
        """Interest of one month on ``balance``, rounded to the cent."""
        return cents(balance * self.monthly_rate)

    @property
    def is_arrears(self) -> bool:
        """Arrears on rent, bills or taxes (eviction, disconnection, enforcement)."""
        return self.kind in ARREARS_KINDS

    @property
    def accepts_extra(self) -> bool:
        """Whether money beyond the minimum may go to this debt."""
        return not isinstance(self.minimum, FixedPlan)


def debts_from_household(household: Household) -> tuple[Debt, ...]:
    """The household's debts as :class:`Debt` records, with unique names.

    A *cessione del quinto* becomes a :class:`FixedPlan` (it is taken from
    the payslip whatever the plan); a debt with a ``minimum_percent`` (a
    revolving card) a :class:`PercentOfBalance` with its ``minimum_floor``;
    every other debt a :class:`FixedInstalment` of its instalment. Repeated
    labels get a number.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> debts = debts_from_household(load_sample("prestiti_revolving"))
    >>> [(d.kind, type(d.minimum).__name__) for d in debts][:2]
    [('cessione_quinto', 'FixedPlan'), ('personal_loan', 'FixedInstalment')]
    >>> card = load_sample("prestiti_revolving").debts[4].model_copy(update={"minimum_percent": Decimal("0.03")})
    >>> debts_from_household(load_sample("prestiti_revolving").model_copy(update={"debts": (card,)}))[0].minimum
    PercentOfBalance(percent=Decimal('0.03'), floor=Decimal('0.00'))
    """
    result: list[Debt] = []
    seen: dict[str, int] = {}
    for debt in household.debts:
        name = debt.label.strip()
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            suffix = f" ({seen[name]})"
            name = name[: MAX_NAME_LENGTH - len(suffix)] + suffix
        rule: MinimumRule
        if debt.kind == "cessione_quinto":
            rule = FixedPlan(debt.instalment, months=debt.remaining_months or None)
        elif debt.minimum_percent is not None:
            rule = PercentOfBalance(debt.minimum_percent, debt.minimum_floor or ZERO)
        else:
            rule = FixedInstalment(debt.instalment)
        result.append(Debt(name=name, kind=debt.kind, balance=debt.balance, annual_rate=debt.annual_rate, minimum=rule))
    return tuple(result)
