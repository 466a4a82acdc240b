"""Can the household carry the instalment? Instalment-to-income and the *quinto*.

Two questions a consultant asks before any loan: what share of the monthly
net income the instalments take (with the usual traffic-light bands), and,
for a *cessione del quinto*, the largest instalment the law allows on a
salary or a pension and the loan that instalment buys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidTermError
from oltre_finance.indicators import Band, Indicator, band_for
from oltre_finance.italy.data_files import load_rule, version_on
from oltre_finance.loans.amortization import Loan, annuity_payment
from oltre_finance.money import CENT, D, cents, format_eur, format_percent
from oltre_finance.rates import periodic_rate

__all__ = ["IncomeKind", "QuintoCapacity", "instalment_to_income", "quinto_capacity", "quinto_loan"]

IncomeKind = Literal["salary", "pension"]
_SENTENCES = {
    Band.GREEN: "Le rate prendono il {ratio} del reddito netto: una quota sostenibile.",
    Band.AMBER: "Le rate prendono il {ratio} del reddito netto: oltre il 30 %, la quota oltre la quale la "
    "Banca d'Italia comincia a considerare vulnerabile una famiglia. Resta poco margine per imprevisti e "
    "spese irregolari.",
    Band.RED: "Le rate prendono il {ratio} del reddito netto: oltre il 35 %, più di quanto le banche "
    "considerano sostenibile. Prima di firmare, valuta un importo più basso o una durata diversa, e "
    "parlane con un consulente.",
}


def _positive(value: object, field: str, label_it: str) -> Decimal:
    amount = D(value, field=field)
    if amount <= 0:
        raise InvalidAmountError(
            f"{field} must be positive", field=field, message_it=f"{label_it} deve essere maggiore di zero."
        )
    return amount


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
    payment = D(instalment, field="instalment")
    if payment < 0:
        raise InvalidAmountError(
            "instalment must not be negative",
            field="instalment",
            message_it="La rata non può essere negativa.",
        )
    income = _positive(net_monthly_income, "income", "Il reddito")
    monthly = payment * periods_per_year / 12
    rule = version_on(load_rule("affordability.json")["instalment_to_income"], on_date, rule="instalment to income")
    amber, red = Decimal(rule["amber_from"]), Decimal(rule["red_from"])
    ratio = (monthly / income).quantize(Decimal("0.0001"))
    band = band_for(ratio, amber_from=amber, red_from=red)
    return Indicator(
        key="instalment_to_income",
        value=ratio,
        band=band,
        amber_from=amber,
        red_from=red,
        source=rule["source"],
        sentence_it=_SENTENCES[band].format(ratio=format_percent(ratio, decimals=1)),
    )


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
    net = _positive(net_monthly, "net_monthly", "L'importo netto mensile")
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
    rule = version_on(load_rule("quinto.json")[income_kind], on_date, rule="cessione del quinto")
    base = cents(net * payments_per_year / 12)  # half up, like every amount of money
    protected = Decimal(rule.get("protected_minimum", "0"))
    fifth = (base / 5).quantize(CENT, rounding=ROUND_DOWN)
    max_instalment = max(min(fifth, net - protected), Decimal("0.00"))
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
    )


def quinto_loan(max_instalment: Decimal, annual_rate: Decimal, months: int) -> Loan:
    """The largest loan whose French instalment stays within ``max_instalment``.

    Notes
    -----
    ``P = R · (1 - (1 + j)^-n) / j`` rounded down to the cent, then lowered
    cent by cent if rounding the instalment would exceed ``R``. The law caps
    the duration at ten years (120 months).

    Examples
    --------
    >>> loan = quinto_loan(Decimal("325"), Decimal("0.065"), 120)
    >>> loan.principal
    Decimal('28622.26')
    """
    cap = _positive(max_instalment, "max_instalment", "La rata massima")
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
        raise InvalidTermError(
            "months must be between 1 and 120 for a cessione del quinto",
            field="months",
            message_it="La cessione del quinto dura al massimo 120 mesi (10 anni).",
        )
    rate = periodic_rate(annual_rate)
    exact = cap * months if rate == 0 else cap * (1 - (1 + rate) ** -months) / rate
    principal = exact.quantize(CENT, rounding=ROUND_DOWN)
    while annuity_payment(principal, rate, months) > cap:
        principal -= CENT
    return Loan(principal, D(annual_rate, field="annual_rate"), months)
