"""One loan: validation, amortisation schedules, cost and TAEG.

Two amortisation methods are supported, the two an Italian borrower meets:

* ``"french"`` (*ammortamento alla francese*): a constant instalment; the
  interest share falls and the principal share grows over time;
* ``"italian"`` (*ammortamento all'italiana*): a constant principal share;
  the instalment falls over time.

Every row is rounded to the cent as a lender's statement is: the interest
of a period is ``cents(balance × periodic rate)``, and the last row absorbs
what rounding left over, so the principal column adds up to the loan and
the final balance is exactly ``0.00``.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

from oltre_finance import validate
from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidTermError
from oltre_finance.money import CENT, ZERO, cents
from oltre_finance.rates import ALLOWED_PERIODS_PER_YEAR, periodic_rate, taeg

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CreditCost",
    "Loan",
    "Method",
    "Schedule",
    "ScheduleRow",
    "amortize",
    "annuity_payment",
    "loan_taeg",
    "schedule",
]

Method = Literal["french", "italian"]
METHODS: tuple[Method, ...] = ("french", "italian")


@dataclass(frozen=True)
class Loan:
    """A fixed-rate instalment loan.

    ``principal`` is the amount lent, ``annual_rate`` the TAN as a fraction,
    ``months`` the duration. ``periods_per_year`` sets how often instalments
    fall (12 monthly, 4 quarterly, 2 half-yearly, ...); ``months`` must be a
    whole number of periods. ``upfront_fees`` are paid when the loan starts
    (*spese di istruttoria*, brokerage), ``instalment_fee`` with every
    instalment (*spese di incasso rata*).

    Examples
    --------
    >>> loan = Loan(Decimal("100000"), Decimal("0.03"), 240)
    >>> loan.n_instalments, loan.periodic_rate
    (240, Decimal('0.0025'))
    >>> Loan(Decimal("-5"), Decimal("0.03"), 12)
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidAmountError: principal must not be negative
    """

    principal: Decimal
    annual_rate: Decimal
    months: int
    _: KW_ONLY
    method: Method = "french"
    periods_per_year: int = 12
    upfront_fees: Decimal = ZERO
    instalment_fee: Decimal = ZERO

    def __post_init__(self) -> None:
        principal = _principal(self.principal, "principal")
        annual_rate = validate.rate(self.annual_rate, field="annual_rate", label_it="Il TAN")
        duration = validate.months(self.months, field="months", label_it="La durata")
        _check_method(self.method)
        ppy = self.periods_per_year
        if isinstance(ppy, bool) or ppy not in ALLOWED_PERIODS_PER_YEAR:
            raise InvalidTermError(
                f"periods_per_year must be one of {ALLOWED_PERIODS_PER_YEAR}",
                field="periods_per_year",
                message_it="Periodicità delle rate non valida.",
            )
        if (duration * ppy) % 12:
            raise InvalidTermError(
                "months is not a whole number of periods",
                field="months",
                message_it="La durata deve contenere un numero intero di rate.",
            )
        upfront = _fee(self.upfront_fees, "upfront_fees", "L'importo delle spese iniziali")
        if upfront >= principal:
            raise InvalidAmountError(
                "upfront_fees must be below the principal",
                field="upfront_fees",
                message_it="Le spese iniziali devono essere inferiori all'importo.",
            )
        per_instalment = _fee(self.instalment_fee, "instalment_fee", "L'importo della spesa per rata")
        for name, value in (
            ("principal", principal),
            ("annual_rate", annual_rate),
            ("months", duration),
            ("upfront_fees", upfront),
            ("instalment_fee", per_instalment),
        ):
            object.__setattr__(self, name, value)

    @property
    def n_instalments(self) -> int:
        """Number of instalments over the whole duration."""
        return self.months * self.periods_per_year // 12

    @property
    def periodic_rate(self) -> Decimal:
        """Interest rate of one period (TAN / periods per year)."""
        return periodic_rate(self.annual_rate, periods_per_year=self.periods_per_year)


def _principal(value: object, name: str) -> Decimal:
    """What is lent or still owed: above zero, in cents."""
    principal = validate.amount(value, field=name, label_it="L'importo", positive=True)
    if principal != cents(principal):
        raise InvalidAmountError(
            f"{name} has fractions of a cent", field=name, message_it="L'importo ha al massimo due decimali."
        )
    return principal


def _fee(value: object, name: str, label_it: str) -> Decimal:
    fee = validate.amount(value, field=name, label_it=label_it)
    if fee != cents(fee):
        raise InvalidAmountError(f"{name} has fractions of a cent", field=name, message_it="Al massimo due decimali.")
    return fee


def _check_method(method: object) -> None:
    if method not in METHODS:
        raise InvalidInputError(
            f"method must be one of {METHODS}",
            field="method",
            message_it="Il metodo deve essere alla francese o all'italiana.",
        )


class ScheduleRow(NamedTuple):
    """One instalment: ``payment = interest + principal + fee``; ``balance`` is what is left after it."""

    number: int
    payment: Decimal
    interest: Decimal
    principal: Decimal
    fee: Decimal
    balance: Decimal

    @property
    def instalment(self) -> Decimal:
        """The *rata*: interest plus principal, without the collection fee."""
        return self.interest + self.principal


@dataclass(frozen=True)
class Schedule:
    """An amortisation schedule (*piano di ammortamento*)."""

    loan: Loan
    rows: tuple[ScheduleRow, ...]

    @property
    def instalment(self) -> Decimal:
        """The regular *rata* (interest + principal); for the Italian method, the first."""
        return self.rows[0].instalment

    @property
    def payment(self) -> Decimal:
        """What is paid each period, fee included; for the Italian method, the first."""
        return self.rows[0].payment

    @property
    def total_interest(self) -> Decimal:
        return sum((row.interest for row in self.rows), ZERO)

    @property
    def total_fees(self) -> Decimal:
        """Up-front fees plus every instalment fee."""
        return self.loan.upfront_fees + sum((row.fee for row in self.rows), ZERO)

    @property
    def total_paid(self) -> Decimal:
        """Everything the borrower pays: principal, interest and fees."""
        return self.loan.upfront_fees + sum((row.payment for row in self.rows), ZERO)

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (Decimal values, one row per instalment)."""
        import pandas as pd  # imported here: the core stays light to import

        frame = pd.DataFrame(self.rows, columns=list(ScheduleRow._fields))
        return frame.set_index("number")


def annuity_payment(principal: Decimal, rate: Decimal, n: int) -> Decimal:
    """Constant instalment of a French amortisation, rounded to the cent.

    Notes
    -----
    ``R = P · j / (1 - (1 + j)^-n)``, and ``R = P / n`` when ``j = 0``.

    Examples
    --------
    >>> annuity_payment(Decimal("100000"), Decimal("0.0025"), 240)
    Decimal('554.60')
    """
    return cents(_exact_annuity(principal, rate, n))


def schedule(loan: Loan) -> Schedule:
    """The amortisation schedule of ``loan``.

    Notes
    -----
    French: ``R = P·j / (1 - (1+j)^-n)`` rounded to the cent; each row pays
    interest ``I_k = cents(B_{k-1}·j)`` and principal ``R - I_k``.
    Italian: principal share ``Q = cents(P / n)``; each row pays ``Q`` and
    ``I_k = cents(B_{k-1}·j)``. In both, the last row repays the whole
    balance left, absorbing rounding.

    Examples
    --------
    >>> plan = schedule(Loan(Decimal("100000"), Decimal("0.03"), 240))
    >>> plan.payment, plan.rows[-1].balance, sum(r.principal for r in plan.rows)
    (Decimal('554.60'), Decimal('0.00'), Decimal('100000.00'))
    >>> italian = schedule(Loan(Decimal("100000"), Decimal("0.03"), 240, method="italian"))
    >>> italian.payment, italian.rows[-1].payment, italian.total_interest
    (Decimal('666.67'), Decimal('416.91'), Decimal('30124.74'))
    """
    rows = amortize(
        loan.principal,
        loan.periodic_rate,
        loan.n_instalments,
        method=loan.method,
        fee=loan.instalment_fee,
    )
    return Schedule(loan, rows)


def amortize(
    balance: Decimal,
    rate: Decimal,
    n: int,
    *,
    method: Method,
    fee: Decimal = ZERO,
    first_number: int = 1,
    instalment: Decimal | None = None,
) -> tuple[ScheduleRow, ...]:
    """Rows that repay ``balance`` in at most ``n`` periods at periodic ``rate``.

    ``instalment`` fixes the French instalment (or the Italian principal
    share) instead of deriving it from ``n``: the schedule then ends as soon
    as the balance is repaid, which is how a partial early repayment that
    shortens the term works.

    The inputs are checked as :class:`Loan` checks its own: ``balance`` above
    zero and in cents, ``rate`` from 0 to 100 %, ``n`` from 1 to
    :data:`~oltre_finance.validate.MAX_MONTHS`, a known ``method``, a fee
    not negative and in cents.

    Examples
    --------
    >>> [row.payment for row in amortize(Decimal("1000"), Decimal("0.01"), 3, method="french")]
    [Decimal('340.02'), Decimal('340.02'), Decimal('340.03')]
    >>> amortize(Decimal("1000"), Decimal("0.01"), 0, method="french")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidTermError: n must be a whole number from 1 to 600
    """
    balance = _principal(balance, "balance")
    rate = validate.rate(rate, field="rate", label_it="Il tasso del periodo")
    n = validate.months(n, field="n", label_it="Il numero di rate")
    _check_method(method)
    fee = _fee(fee, "fee", "L'importo della spesa per rata")
    first_number = validate.months(first_number, field="first_number", label_it="Il numero della prima rata")
    if instalment is not None:
        instalment = _principal(instalment, "instalment")
        return _rows(balance, rate, n, method=method, fee=fee, first_number=first_number, step=instalment)
    exact = balance / n if method == "italian" else _exact_annuity(balance, rate, n)
    step = cents(exact)
    rows = _rows(balance, rate, n, method=method, fee=fee, first_number=first_number, step=step)
    while len(rows) < n and step > 0:
        # Rounding repaid the loan before its term (only tiny loans over many
        # periods): lower the step a cent at a time, the last row absorbs the rest.
        step -= CENT
        rows = _rows(balance, rate, n, method=method, fee=fee, first_number=first_number, step=step)
    return rows


def _exact_annuity(principal: Decimal, rate: Decimal, n: int) -> Decimal:
    return principal / n if rate == 0 else principal * rate / (1 - (1 + rate) ** -n)


def _rows(
    balance: Decimal, rate: Decimal, n: int, *, method: Method, fee: Decimal, first_number: int, step: Decimal
) -> tuple[ScheduleRow, ...]:
    rows = []
    for k in range(n):
        interest = cents(balance * rate)
        principal = step - interest if method == "french" else step
        principal = max(min(principal, balance), ZERO)
        if k == n - 1:
            principal = balance  # the last row absorbs the rounding remainder
        balance -= principal
        rows.append(ScheduleRow(first_number + k, interest + principal + fee, interest, principal, fee, balance))
        if balance == 0:
            break
    return tuple(rows)


@dataclass(frozen=True, kw_only=True)
class CreditCost:
    """The cost of a loan as the pre-contract information sheet (SECCI) shows it."""

    taeg: Decimal
    total_interest: Decimal
    total_fees: Decimal
    #: Interest plus fees: the *costo totale del credito*.
    total_cost: Decimal
    #: Principal plus total cost: the *importo totale dovuto*.
    total_payable: Decimal
    schedule: Schedule = field(repr=False)


def loan_taeg(loan: Loan) -> CreditCost:
    """TAEG of ``loan`` including its fees, and its total cost of credit.

    Notes
    -----
    The borrower receives ``principal - upfront_fees`` at time 0 and pays
    each row's payment (instalment plus fee) at ``k / periods_per_year``
    years; :func:`oltre_finance.rates.taeg` solves the Annex I equation.

    Examples
    --------
    >>> cost = loan_taeg(Loan(Decimal("10000"), Decimal("0.07"), 60,
    ...                       upfront_fees=Decimal("300"), instalment_fee=Decimal("2")))
    >>> cost.taeg, cost.total_cost
    (Decimal('0.090705'), Decimal('2300.75'))
    """
    plan = schedule(loan)
    ppy = loan.periods_per_year
    draws = [(0, loan.principal - loan.upfront_fees)]
    repays = [(Decimal(row.number) / ppy, row.payment) for row in plan.rows if row.payment > 0]
    total_interest = plan.total_interest
    total_fees = plan.total_fees
    return CreditCost(
        taeg=taeg(draws, repays),
        total_interest=total_interest,
        total_fees=total_fees,
        total_cost=total_interest + total_fees,
        total_payable=loan.principal + total_interest + total_fees,
        schedule=plan,
    )
