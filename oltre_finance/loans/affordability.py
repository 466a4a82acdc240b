"""Can the household carry the instalment? Instalment-to-income and the *quinto*.

Two questions a consultant asks before any loan: what share of the monthly
net income the instalments take (with the usual traffic-light bands), and,
for a *cessione del quinto*, the largest instalment the law allows on a
salary or a pension and the loan that instalment buys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError, InvalidTermError
from oltre_finance.indicators import Indicator, judge
from oltre_finance.italy.data_files import load_rule, series, version_on
from oltre_finance.loans.amortization import Loan, annuity_payment
from oltre_finance.money import CENT, ZERO, cents, format_eur, format_percent, round_fraction
from oltre_finance.rates import periodic_rate

__all__ = [
    "IncomeKind",
    "QuintoCapacity",
    "instalment_rule",
    "instalment_to_income",
    "quinto_capacity",
    "quinto_loan",
]

IncomeKind = Literal["salary", "pension"]


def instalment_rule(on_date: date) -> Mapping[str, Any]:
    """The instalment-to-income convention in force on ``on_date``: its bands, sentences and source.

    The one statement of the 30/35 % convention, read by this module, the
    budget's debt-service indicator and the over-indebtedness signals.
    """
    rules = series("affordability.json", "instalment_to_income")
    return {
        **version_on(rules, on_date),
        "sentences": load_rule("affordability.json")["instalment_to_income"]["sentences"],
    }


def instalment_to_income(
    instalment: Decimal, net_monthly_income: Decimal, *, on_date: date, periods_per_year: int = 12
) -> Indicator:
    """Share of the monthly net income taken by an instalment, with its band.

    A quarterly or half-yearly instalment is spread over the months it
    covers (``instalment × periods_per_year / 12``).

    Notes
    -----
    ``ratio = monthly instalment / monthly net income``; green up to 30 %,
    amber up to 35 %, red above (``italy/data/affordability.json``): an
    educational convention drawn from lenders' practice and Banca d'Italia's
    vulnerability measure, not a legal limit.

    Examples
    --------
    >>> check = instalment_to_income(Decimal("554.60"), Decimal("1800"), on_date=date(2026, 11, 24))
    >>> check.value, check.band.value
    (Decimal('0.3081'), 'amber')
    """
    payment = validate.amount(instalment, field="instalment", label_it="La rata")
    income = validate.amount(net_monthly_income, field="income", label_it="Il reddito", positive=True)
    monthly = payment * periods_per_year / 12
    ratio = round_fraction(monthly / income, places=4)
    return judge("instalment_to_income", ratio, shown=format_percent(ratio, decimals=1), rule=instalment_rule(on_date))


@dataclass(frozen=True, kw_only=True)
class QuintoCapacity:
    """The largest instalment a *cessione del quinto* allows."""

    income_kind: IncomeKind
    #: The monthly net amount as on the payslip or pension statement.
    net_monthly: Decimal
    #: How many monthly amounts a year (12, or 13 with the tredicesima, 14 with the quattordicesima).
    payments_per_year: int
    #: Yearly net divided by 12: the base the fifth is taken from.
    monthly_base: Decimal
    #: What must be left of a monthly pension after the instalment (``0`` for a salary).
    protected_amount: Decimal
    max_instalment: Decimal
    max_months: int
    source: str
    explanation_it: str
    #: The protected minimum of a pension is the last verified one, used past ``verified_to``.
    carried_forward: bool
    verified_to: date


def quinto_capacity(
    net_monthly: Decimal, *, on_date: date, payments_per_year: int = 13, income_kind: IncomeKind = "salary"
) -> QuintoCapacity:
    """Largest monthly instalment of a *cessione del quinto* on a salary or pension.

    Notes
    -----
    Salary: ``max = (net_monthly × payments_per_year / 12) / 5``, rounded
    down to the cent (D.P.R. 180/1950 art. 5: a fifth of the pay net of
    withholdings; the tredicesima and quattordicesima enter as monthly
    shares, as the employer's *certificato di stipendio* reports them).
    Pension (D.P.R. 180/1950 art. 1 as extended by D.L. 35/2005): the same
    fifth, but what is left of the monthly pension after the instalment must
    not fall below the INPS *trattamento minimo* of the year
    (``italy/data/quinto.json``): ``max = min(base / 5, net_monthly - minimum)``.

    Examples
    --------
    >>> capacity = quinto_capacity(Decimal("1500"), on_date=date(2026, 11, 24))
    >>> capacity.monthly_base, capacity.max_instalment
    (Decimal('1625.00'), Decimal('325.00'))
    """
    net = validate.amount(net_monthly, field="net_monthly", label_it="L'importo netto mensile", positive=True)
    if isinstance(payments_per_year, bool) or payments_per_year not in (12, 13, 14):
        raise InvalidTermError(
            "payments_per_year must be 12, 13 or 14",
            field="payments_per_year",
            message_it="Le mensilità all'anno sono 12, 13 o 14.",
        )
    if income_kind not in ("salary", "pension"):
        raise InvalidInputError(
            "income_kind must be 'salary' or 'pension'",
            field="income_kind",
            message_it="Scegli stipendio o pensione.",
        )
    rule = version_on(series("quinto.json", income_kind), on_date)
    base = cents(net * payments_per_year / 12)  # half up, like every amount of money
    protected = Decimal(rule.get("protected_minimum", "0"))
    fraction = Decimal(rule["fraction"])
    fifth = cents(base * fraction, rounding="down")
    max_instalment = max(min(fifth, net - protected), ZERO)
    explanation = (
        f"Un quinto di {format_eur(base)} al mese ({format_eur(net)} per {payments_per_year} mensilità, diviso 12)"
    )
    if max_instalment < fifth:
        explanation += (
            f"; ma dopo la rata alla pensione devono restare almeno {format_eur(protected)} (trattamento minimo INPS)"
        )
    return QuintoCapacity(
        income_kind=income_kind,
        net_monthly=net,
        payments_per_year=payments_per_year,
        monthly_base=base,
        protected_amount=protected,
        max_instalment=max_instalment,
        max_months=int(rule["max_months"]),
        source=rule["source"],
        explanation_it=f"{explanation}: la rata può arrivare a {format_eur(max_instalment)}.",
        carried_forward=rule.carried_forward,
        verified_to=rule.verified_to,
    )


def quinto_loan(max_instalment: Decimal, annual_rate: Decimal, months: int, *, on_date: date) -> Loan:
    """The largest loan whose French instalment stays within ``max_instalment``.

    Notes
    -----
    ``P = R · (1 - (1 + j)^-n) / j`` rounded down to the cent, then lowered
    cent by cent if rounding the instalment would exceed ``R``. The law caps
    the duration (ten years, ``max_months`` in ``italy/data/quinto.json``).

    Examples
    --------
    >>> loan = quinto_loan(Decimal("325"), Decimal("0.065"), 120, on_date=date(2026, 11, 24))
    >>> loan.principal
    Decimal('28622.26')
    """
    cap = validate.amount(max_instalment, field="max_instalment", label_it="La rata massima", positive=True)
    longest = int(version_on(series("quinto.json", "salary"), on_date)["max_months"])
    validate.months(months, field="months", label_it="La durata della cessione del quinto", maximum=longest)
    rate = periodic_rate(annual_rate)
    exact = cap * months if rate == 0 else cap * (1 - (1 + rate) ** -months) / rate
    principal = cents(exact, rounding="down")
    while annuity_payment(principal, rate, months) > cap:
        principal -= CENT
    return Loan(principal, validate.rate(annual_rate, field="annual_rate", label_it="Il TAN"), months)
