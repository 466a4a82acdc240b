"""Early repayment (*estinzione anticipata*), total or partial.

The consumer may repay a loan early at any time (art. 125-sexies TUB for
consumer credit; art. 120-ter TUB for mortgages on a home). The lender may
ask a compensation (*indennizzo*) on consumer credit only, within the caps
of the law, and the consumer is owed a reduction of the costs paid up front
in proportion to the residual life of the contract, by the *costo
ammortizzato* criterion unless the contract says *proporzionalità lineare*.
The caps and exemptions live in ``italy/data/early_repayment.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidAmountError, InvalidInputError
from oltre_finance.italy.data_files import series, version_on
from oltre_finance.loans.amortization import Loan, Schedule, ScheduleRow, amortize, schedule
from oltre_finance.money import ZERO, cents, format_eur, format_percent
from oltre_finance.rates import taeg

__all__ = [
    "Contract",
    "CostReduction",
    "EarlyRepayment",
    "Option",
    "early_repayment",
    "unamortised_upfront_fees",
]

Option = Literal["shorter_term", "lower_instalment"]
Contract = Literal["consumer_credit", "home_mortgage"]
CostReduction = Literal["amortised_cost", "linear"]
OPTIONS: tuple[Option, ...] = ("shorter_term", "lower_instalment")
CONTRACTS: tuple[Contract, ...] = ("consumer_credit", "home_mortgage")
COST_REDUCTIONS: tuple[CostReduction, ...] = ("amortised_cost", "linear")


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
        """What the borrower pays on the day: capital repaid, less the refund, plus compensation."""
        return self.amount - self.upfront_fees_refund + self.compensation

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
    cost_reduction: CostReduction = "amortised_cost",
) -> EarlyRepayment:
    """Repay ``amount`` (all of it when ``None``) right after instalment ``after_instalment``.

    ``option`` says what a partial repayment changes: ``"shorter_term"``
    keeps the instalment (the Italian method: the principal share) and ends
    sooner; ``"lower_instalment"`` keeps the end date and lowers it.

    Notes
    -----
    Up-front fees are reduced in proportion to the residual life of the
    contract (art. 125-sexies c. 1-2 TUB as replaced by D.L. 73/2021; all
    contracts after Corte cost. 263/2022), for the share of the debt repaid:

    * ``"amortised_cost"`` (*costo ammortizzato*, the legal default): the
      fees not yet amortised at the loan's effective rate, i.e. the
      residual debt minus the present value of the remaining instalments at
      the rate ``r`` that equates ``principal - fees`` to the instalments;
    * ``"linear"`` (*proporzionalità lineare*): ``fees × periods left / n``.

    Compensation on consumer credit (art. 125-sexies TUB; Directive
    2008/48/EC art. 16): at most 1 % of the amount repaid early (the capital
    net of the refund, ABF Collegio di coordinamento 11679/2021) if more than
    a year of the contract remains, 0.5 % otherwise, never more than the
    interest the repayment avoids, and none when the whole residual debt is
    repaid and it is at most 10,000 €. None on a home mortgage (art. 120-ter
    TUB). Other exemptions (repayment by a credit insurance, overdrafts,
    variable-rate periods) are not modelled.

    Examples
    --------
    >>> loan = Loan(Decimal("20000"), Decimal("0.08"), 48, upfront_fees=Decimal("400"))
    >>> result = early_repayment(loan, after_instalment=12, on_date=date(2026, 11, 24))
    >>> result.outstanding, result.interest_saved, result.upfront_fees_refund, result.compensation
    (Decimal('15581.20'), Decimal('1996.09'), Decimal('239.39'), Decimal('153.42'))
    """
    plan = schedule(loan)
    n = len(plan.rows)
    validate.count(after_instalment, field="after_instalment", label_it="Il numero di rate già pagate", maximum=n - 1)
    if option not in OPTIONS:
        raise InvalidInputError(
            f"option must be one of {OPTIONS}",
            field="option",
            message_it="Scegli: durata più breve o rata più bassa.",
        )
    if contract not in CONTRACTS:
        raise InvalidInputError(
            f"contract must be one of {CONTRACTS}",
            field="contract",
            message_it="Tipo di contratto non valido.",
        )
    if cost_reduction not in COST_REDUCTIONS:
        raise InvalidInputError(
            f"cost_reduction must be one of {COST_REDUCTIONS}",
            field="cost_reduction",
            message_it="Criterio di riduzione dei costi non valido.",
        )
    paid, still_due = plan.rows[:after_instalment], plan.rows[after_instalment:]
    outstanding = paid[-1].balance if paid else loan.principal
    repaid = outstanding
    if amount is not None:
        repaid = validate.amount(amount, field="amount", label_it="L'importo da rimborsare", positive=True)
    if repaid > outstanding or repaid != cents(repaid):
        raise InvalidAmountError(
            "amount must be in cents and not above the outstanding balance",
            field="amount",
            message_it="L'importo da rimborsare ha al massimo due decimali e non supera il debito residuo.",
        )
    is_total = repaid == outstanding
    remaining_rows = () if is_total else _remaining_rows(loan, plan, outstanding - repaid, after_instalment, option)

    interest_saved = _sum(r.interest for r in still_due) - _sum(r.interest for r in remaining_rows)
    fees_saved = _sum(r.fee for r in still_due) - _sum(r.fee for r in remaining_rows)
    months_left = len(still_due) * 12 // loan.periods_per_year
    refund = cents(unamortised_upfront_fees(loan, after_instalment, criterion=cost_reduction) * repaid / outstanding)
    rules = version_on(series("early_repayment.json", contract), on_date)
    rate, rule_it = _compensation_rate(rules, months_left=months_left, is_total=is_total, amount=repaid)
    ceiling = cents((repaid - refund) * rate)
    compensation = min(ceiling, interest_saved)
    if compensation < ceiling:
        rule_it += " L'indennizzo non può superare gli interessi risparmiati."
    return EarlyRepayment(
        after_instalment=after_instalment,
        outstanding=outstanding,
        amount=repaid,
        is_total=is_total,
        compensation=compensation,
        compensation_rate=rate,
        compensation_rule_it=rule_it,
        upfront_fees_refund=refund,
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
    rules: Mapping[str, object], *, months_left: int, is_total: bool, amount: Decimal
) -> tuple[Decimal, str]:
    """The compensation rate that applies and its sentence, formatted from the rule's figures."""
    if rules.get("no_compensation"):
        return ZERO, str(rules["rule_it"])
    exempt = Decimal(str(rules["exempt_total_repayment_up_to"]))
    if is_total and amount <= exempt:
        return ZERO, str(rules["exempt_rule_it"]).format(exempt=format_eur(exempt))
    key = "more_than_one_year" if months_left > 12 else "one_year_or_less"
    rate = Decimal(str(rules[f"rate_{key}_left"]))
    return rate, str(rules[f"rule_{key}_it"]).format(rate=format_percent(rate))


def unamortised_upfront_fees(loan: Loan, after_instalment: int, *, criterion: CostReduction) -> Decimal:
    """The part of the up-front fees not yet "used" after ``after_instalment`` instalments.

    See :func:`early_repayment` for the two criteria. Not rounded: the caller
    scales it to the share repaid and rounds once.

    Examples
    --------
    >>> loan = Loan(Decimal("10000"), Decimal("0.06"), 24, upfront_fees=Decimal("240"))
    >>> unamortised_upfront_fees(loan, 12, criterion="linear")
    Decimal('120')
    >>> round(unamortised_upfront_fees(loan, 12, criterion="amortised_cost"), 2)
    Decimal('65.42')
    """
    fees = loan.upfront_fees
    plan = schedule(loan)
    n = len(plan.rows)
    if fees == 0 or after_instalment >= n:
        return ZERO
    if after_instalment == 0:
        return fees
    if criterion == "linear":
        return fees * (n - after_instalment) / n
    ppy = loan.periods_per_year
    instalments = [(Decimal(row.number) / ppy, row.instalment) for row in plan.rows if row.instalment > 0]
    annual = taeg([(0, loan.principal - fees)], instalments, rounded=False)
    discount = 1 / (1 + annual) ** (Decimal(1) / ppy)
    remaining = plan.rows[after_instalment:]
    present_value = sum((row.instalment * discount ** (row.number - after_instalment) for row in remaining), ZERO)
    balance = plan.rows[after_instalment - 1].balance
    return min(max(balance - present_value, ZERO), fees)
