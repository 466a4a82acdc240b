"""Early repayment (*estinzione anticipata*), total or partial.

The consumer may repay a loan early at any time (art. 125-sexies TUB for
consumer credit; art. 120-ter TUB for mortgages on a home). The lender may
ask a compensation (*indennizzo*) on consumer credit only, within the caps
of the law, and the consumer is owed a reduction of the costs paid up front.
The caps and exemptions live in ``italy/data/early_repayment.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidTermError
from oltre_finance.italy.data_files import load_rule, version_on
from oltre_finance.loans.amortization import Loan, Schedule, ScheduleRow, amortize, schedule
from oltre_finance.money import ZERO, D, cents

__all__ = ["Contract", "EarlyRepayment", "Option", "early_repayment"]

Option = Literal["shorter_term", "lower_instalment"]
Contract = Literal["consumer_credit", "home_mortgage"]
OPTIONS: tuple[Option, ...] = ("shorter_term", "lower_instalment")
CONTRACTS: tuple[Contract, ...] = ("consumer_credit", "home_mortgage")


@dataclass(frozen=True, kw_only=True)
class EarlyRepayment:
    """What an early repayment costs and saves.

    ``remaining`` is the schedule of what is left to pay after a partial
    repayment (``None`` after a total one); its rows are numbered on from
    the original schedule.
    """

    after_instalment: int
    outstanding: Decimal
    amount: Decimal
    is_total: bool
    compensation: Decimal
    compensation_rate: Decimal
    compensation_rule_it: str
    upfront_fees_refund: Decimal
    interest_saved: Decimal
    fees_saved: Decimal
    remaining: Schedule | None
    source: str

    @property
    def paid_now(self) -> Decimal:
        """What the borrower pays on the day: capital repaid plus compensation."""
        return self.amount + self.compensation

    @property
    def net_saving(self) -> Decimal:
        """Interest and fees avoided plus refund, less the compensation."""
        return self.interest_saved + self.fees_saved + self.upfront_fees_refund - self.compensation


def early_repayment(
    loan: Loan,
    *,
    after_instalment: int,
    on_date: date,
    amount: Decimal | None = None,
    option: Option = "shorter_term",
    contract: Contract = "consumer_credit",
) -> EarlyRepayment:
    """Repay ``amount`` (all of it when ``None``) right after instalment ``after_instalment``.

    ``option`` says what a partial repayment changes: ``"shorter_term"``
    keeps the instalment (the Italian method: the principal share) and ends
    sooner; ``"lower_instalment"`` keeps the end date and lowers it.

    Notes
    -----
    Compensation on consumer credit (art. 125-sexies c. 2-3 TUB): at most
    1 % of the amount repaid if more than a year of the contract remains,
    0.5 % otherwise, never more than the interest the repayment avoids, and
    none when the whole residual debt is repaid and it is at most 10,000 €.
    None on a home mortgage (art. 120-ter TUB).

    Up-front fees are refunded in proportion to the interest still to run
    (the *costo ammortizzato* criterion, the default of art. 125-sexies c. 2
    as amended in 2021) and to the share of the debt repaid:
    ``fees × (interest still due / total interest) × (amount / outstanding)``;
    pro rata temporis at 0 %. It is an estimate: the contract may state
    another criterion.

    Examples
    --------
    >>> loan = Loan(Decimal("10000"), Decimal("0.08"), 48)
    >>> result = early_repayment(loan, after_instalment=12, on_date=date(2026, 11, 24))
    >>> result.outstanding, result.compensation, result.interest_saved
    (Decimal('7732.84'), Decimal('77.33'), Decimal('1001.98'))
    """
    plan = schedule(loan)
    n = len(plan.rows)
    if isinstance(after_instalment, bool) or not isinstance(after_instalment, int) or not 0 <= after_instalment < n:
        raise InvalidTermError(
            f"after_instalment must be between 0 and {n - 1}",
            field="after_instalment",
            message_it=f"Il numero di rate già pagate va da 0 a {n - 1}.",
        )
    if option not in OPTIONS:
        raise InvalidInputError(
            f"option must be one of {OPTIONS}", field="option", message_it="Scegli: durata più breve o rata più bassa."
        )
    if contract not in CONTRACTS:
        raise InvalidInputError(
            f"contract must be one of {CONTRACTS}", field="contract", message_it="Tipo di contratto non valido."
        )
    paid, still_due = plan.rows[:after_instalment], plan.rows[after_instalment:]
    outstanding = paid[-1].balance if paid else loan.principal
    repaid = outstanding if amount is None else D(amount, field="amount")
    if repaid <= 0 or repaid > outstanding or repaid != cents(repaid):
        raise InvalidAmountError(
            "amount must be positive, in cents, and not above the outstanding balance",
            field="amount",
            message_it="L'importo da rimborsare deve essere positivo e non superiore al debito residuo.",
        )
    is_total = repaid == outstanding
    remaining_rows = () if is_total else _remaining_rows(loan, plan, outstanding - repaid, after_instalment, option)

    interest_saved = _sum(r.interest for r in still_due) - _sum(r.interest for r in remaining_rows)
    fees_saved = _sum(r.fee for r in still_due) - _sum(r.fee for r in remaining_rows)
    months_left = len(still_due) * 12 // loan.periods_per_year
    rules = version_on(load_rule("early_repayment.json")[contract], on_date, rule="early repayment")
    rate, rule_it = _compensation_rate(rules, months_left=months_left, is_total=is_total, amount=repaid)
    compensation = min(cents(repaid * rate), interest_saved)
    if compensation < cents(repaid * rate):
        rule_it += " Ridotto agli interessi risparmiati, come prevede la legge."
    return EarlyRepayment(
        after_instalment=after_instalment,
        outstanding=outstanding,
        amount=repaid,
        is_total=is_total,
        compensation=compensation,
        compensation_rate=rate,
        compensation_rule_it=rule_it,
        upfront_fees_refund=_upfront_refund(loan, plan, still_due, repaid / outstanding),
        interest_saved=interest_saved,
        fees_saved=fees_saved,
        remaining=Schedule(loan, remaining_rows) if remaining_rows else None,
        source=rules["source"],
    )


def _sum(values: object) -> Decimal:
    return sum(values, ZERO)  # type: ignore[call-overload, no-any-return]


def _remaining_rows(
    loan: Loan, plan: Schedule, balance: Decimal, after: int, option: Option
) -> tuple[ScheduleRow, ...]:
    periods_left = len(plan.rows) - after
    keep = None
    if option == "shorter_term":
        first = plan.rows[0]
        keep = first.instalment if loan.method == "french" else first.principal
    return amortize(
        balance,
        loan.periodic_rate,
        periods_left,
        method=loan.method,
        fee=loan.instalment_fee,
        first_number=after + 1,
        instalment=keep,
    )


def _compensation_rate(
    rules: dict[str, object], *, months_left: int, is_total: bool, amount: Decimal
) -> tuple[Decimal, str]:
    if rules.get("no_compensation"):
        return ZERO, str(rules["rule_it"])
    exempt = D(str(rules["exempt_total_repayment_up_to"]))
    if is_total and amount <= exempt:
        return ZERO, str(rules["exempt_rule_it"])
    if months_left > 12:
        return D(str(rules["rate_more_than_one_year_left"])), str(rules["rule_more_than_one_year_it"])
    return D(str(rules["rate_one_year_or_less_left"])), str(rules["rule_one_year_or_less_it"])


def _upfront_refund(loan: Loan, plan: Schedule, still_due: tuple[ScheduleRow, ...], share: Decimal) -> Decimal:
    if loan.upfront_fees == 0:
        return ZERO
    total_interest = plan.total_interest
    if total_interest > 0:
        running = _sum(r.interest for r in still_due) / total_interest
    else:
        running = Decimal(len(still_due)) / len(plan.rows)
    return cents(loan.upfront_fees * running * share)
