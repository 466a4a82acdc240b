"""A consolidation loan checked against the current repayment plan.

A consolidation offer replaces several debts with one new loan: one lower
instalment, often over many more months, so that the household may pay
more in total. :func:`consolidation_offer` runs both plans with the same
monthly budget and strategy and puts them side by side: the new
instalment, its months, interest, fees and TAEG, the usury check of the
quarter, the months it takes to recover the up-front fees, and whether the
household pays more in the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from oltre_finance.debts.model import Debt, FixedPlan
from oltre_finance.debts.payoff import (
    Note,
    PayoffPlan,
    Strategy,
    _budget,
    _check_debts,
    _plan,
    _simulate,
    _target_order,
    minimum_payments,
    payoff_plan,
)
from oltre_finance.errors import InvalidAmountError, InvalidInputError, RuleDataError
from oltre_finance.italy.usury import UsuryCheck, usury_check
from oltre_finance.loans.amortization import Loan, loan_taeg
from oltre_finance.money import ZERO, format_eur
from oltre_finance.validate import MAX_MONTHS

__all__ = ["CONSOLIDATION_NAME", "ConsolidationOffer", "consolidation_offer"]

#: Name of the new loan in the plan with consolidation.
CONSOLIDATION_NAME = "Prestito di consolidamento"


@dataclass(frozen=True, kw_only=True)
class ConsolidationOffer:
    """The consolidation loan against the current plan (same budget, same strategy)."""

    loan: Loan
    consolidated: tuple[str, ...]
    kept: tuple[str, ...]
    #: Monthly payment of the new loan, instalment fee included.
    instalment: Decimal
    months: int
    total_interest: Decimal
    #: Up-front fees plus every instalment fee.
    fees: Decimal
    taeg: Decimal
    #: First-month minimums of the debts the loan replaces.
    replaced_minimums: Decimal
    #: Money left to the household after closing the debts (more debt, not savings).
    cash_out: Decimal
    current: PayoffPlan = field(repr=False)
    with_consolidation: PayoffPlan = field(repr=False)
    #: Interest of the current plan.
    cost_current: Decimal
    #: Interest of the plan with consolidation, plus the loan's fees.
    cost_with: Decimal
    #: The first month from which the consolidation has cost less so far, for good; None if never.
    break_even_month: int | None
    usury: UsuryCheck | None
    notes: tuple[Note, ...]

    @property
    def extra_cost(self) -> Decimal:
        """What consolidating costs more (negative: saves) over the whole plan."""
        return self.cost_with - self.cost_current

    @property
    def pays_more(self) -> bool:
        """Whether the household pays more in total with the consolidation."""
        return self.extra_cost > 0


def consolidation_offer(
    debts: Sequence[Debt],
    new_loan: Loan,
    *,
    monthly_budget: Decimal | None = None,
    strategy: Strategy = "avalanche",
    order: Sequence[str] | None = None,
    consolidate: Sequence[str] | None = None,
    on_date: date | None = None,
    usury_category: str = "credito_personale",
    start: date | None = None,
) -> ConsolidationOffer:
    """Compare ``new_loan``, used to close some of ``debts``, with the current plan.

    ``consolidate`` names the debts the loan closes (by default every debt
    that accepts early repayment, i.e. all but fixed plans such as a
    *cessione del quinto*). The loan's amount, net of its up-front fees,
    must cover them; what is left is cash in hand. ``monthly_budget``
    defaults to the minimums the household pays today.

    Notes
    -----
    Both plans use the same budget: in the plan with consolidation the new
    loan is a fixed plan (its French schedule, as the contract says) and its
    instalment fees are taken from the budget; money it frees goes to the
    debts kept, and once they are closed it stays with the household rather
    than repaying the new loan early. ``cost = Σ interest (+ fees)``; the break-even
    month is the first ``m`` from which the consolidation's cumulative cost
    stays at or below the current plan's.

    Examples
    --------
    >>> from oltre_finance.debts.model import FixedInstalment
    >>> debts = [
    ...     Debt(name="Carta", kind="revolving_card", balance=Decimal("3000"), annual_rate=Decimal("0.18"),
    ...          minimum=FixedInstalment(Decimal("100"))),
    ...     Debt(name="Auto", balance=Decimal("5000"), annual_rate=Decimal("0.09"),
    ...          minimum=FixedInstalment(Decimal("200"))),
    ... ]
    >>> offer = consolidation_offer(debts, Loan(Decimal("8300"), Decimal("0.075"), 84, upfront_fees=Decimal("300")))
    >>> offer.instalment, offer.months, offer.pays_more
    (Decimal('127.31'), 84, True)
    """
    items = _check_debts(debts)
    if not isinstance(new_loan, Loan):
        raise InvalidInputError("new_loan must be a Loan", field="new_loan", message_it="Prestito non valido.")
    if new_loan.method != "french" or new_loan.periods_per_year != 12:
        raise InvalidInputError(
            "a consolidation loan must have monthly French instalments",
            field="new_loan",
            message_it="Il prestito di consolidamento deve avere rate mensili costanti.",
        )
    names = [debt.name for debt in items]
    if CONSOLIDATION_NAME in names:
        raise InvalidInputError(
            "a debt already has the consolidation loan's name",
            field="debts",
            message_it=f"Un debito si chiama già «{CONSOLIDATION_NAME}»: cambia il nome.",
        )
    chosen = _chosen(items, consolidate)
    replaced = [debt for debt in items if debt.name in chosen]
    kept = tuple(debt for debt in items if debt.name not in chosen)
    net_disbursed = new_loan.principal - new_loan.upfront_fees
    closed = sum((debt.balance for debt in replaced), ZERO)
    if net_disbursed < closed:
        raise InvalidAmountError(
            "the new loan, net of its up-front fees, does not cover the debts to close",
            field="principal",
            message_it="Il nuovo prestito, tolte le spese iniziali, non basta a chiudere i debiti scelti.",
        )
    cost = loan_taeg(new_loan)
    rows = cost.schedule.rows
    fee = new_loan.instalment_fee
    instalment = rows[0].payment
    replaced_minimums = minimum_payments(replaced)
    budget = _budget(monthly_budget, "monthly_budget") if monthly_budget is not None else minimum_payments(items)
    current = payoff_plan(items, budget, strategy=strategy, order=order, start=start)
    loan_debt = Debt(
        name=CONSOLIDATION_NAME,
        kind="personal_loan",
        balance=new_loan.principal,
        annual_rate=new_loan.annual_rate,
        minimum=FixedPlan(instalment - fee, months=len(rows)),
    )
    with_items = (*kept, loan_debt)
    kept_order = None if order is None else [name for name in order if name not in chosen]
    targets = _target_order(with_items, strategy, kept_order, True)
    fees_by_month = {row.number: -row.fee for row in rows if row.fee}
    run = _simulate(
        with_items,
        budget,
        targets,
        roll_over=strategy != "minimums_only",
        adjustments=fees_by_month,
        horizon=MAX_MONTHS,
    )
    with_plan = _plan(with_items, budget, strategy, targets, run, arrears_first=True, start=start)
    fees = cost.total_fees
    cost_current = current.total_interest
    cost_with = with_plan.total_interest + fees
    usury = _usury(cost.taeg, usury_category, on_date)
    break_even = _break_even(current, with_plan, new_loan.upfront_fees, fee, len(rows))
    offer = ConsolidationOffer(
        loan=new_loan,
        consolidated=tuple(debt.name for debt in replaced),
        kept=tuple(debt.name for debt in kept),
        instalment=instalment,
        months=len(rows),
        total_interest=cost.total_interest,
        fees=fees,
        taeg=cost.taeg,
        replaced_minimums=replaced_minimums,
        cash_out=net_disbursed - closed,
        current=current,
        with_consolidation=with_plan,
        cost_current=cost_current,
        cost_with=cost_with,
        break_even_month=break_even,
        usury=usury,
        notes=(),
    )
    return _with_notes(offer)


def _chosen(debts: tuple[Debt, ...], consolidate: Sequence[str] | None) -> set[str]:
    if consolidate is None:
        chosen = {debt.name for debt in debts if debt.accepts_extra and debt.balance > 0}
    else:
        chosen = set(consolidate)
        by_name = {debt.name: debt for debt in debts}
        for name in chosen:
            if name not in by_name:
                raise InvalidInputError(
                    f"consolidate names an unknown debt {name!r}",
                    field="consolidate",
                    message_it="Tra i debiti da consolidare ce n'è uno che non esiste.",
                )
    if not chosen:
        raise InvalidInputError(
            "no debt to consolidate", field="consolidate", message_it="Scegli almeno un debito da consolidare."
        )
    return chosen


def _usury(taeg: Decimal, category: str, on_date: date | None) -> UsuryCheck | None:
    if on_date is None:
        return None
    try:
        return usury_check(taeg, category, on_date)
    except RuleDataError:
        return None  # no table for that quarter yet: the offer stands, without the check


def _cumulative(plan: PayoffPlan, months: int) -> list[Decimal]:
    by_month = [ZERO] * (months + 1)
    for row in plan.rows:
        by_month[row.month] += row.interest
    total = ZERO
    result = []
    for amount in by_month:
        total += amount
        result.append(total)
    return result


def _break_even(current: PayoffPlan, with_plan: PayoffPlan, upfront: Decimal, fee: Decimal, n: int) -> int | None:
    horizon = max(current.months, with_plan.months)
    now = _cumulative(current, horizon)
    then = _cumulative(with_plan, horizon)
    cheaper_from: int | None = None
    for month in range(1, horizon + 1):
        with_cost = then[month] + upfront + fee * min(month, n)
        cheaper = with_cost <= now[month]
        cheaper_from = (cheaper_from or month) if cheaper else None
    return cheaper_from


def _with_notes(offer: ConsolidationOffer) -> ConsolidationOffer:
    notes: list[Note] = []
    if offer.pays_more:
        notes.append(
            Note(
                "pays_more",
                f"Con il consolidamento paghi {format_eur(offer.extra_cost)} in più in totale: "
                "la rata è una sola, ma interessi e spese costano di più.",
            )
        )
    else:
        notes.append(Note("saves", f"Con il consolidamento risparmi {format_eur(-offer.extra_cost)} in totale."))
    if offer.instalment < offer.replaced_minimums:
        notes.append(
            Note(
                "lower_instalment",
                f"La nuova rata ({format_eur(offer.instalment)}) è più bassa delle rate che sostituisce "
                f"({format_eur(offer.replaced_minimums)}).",
            )
        )
    if offer.cash_out > 0:
        notes.append(
            Note(
                "cash_out",
                f"Il nuovo prestito ti lascia {format_eur(offer.cash_out)} in contanti: "
                "non è un risparmio, è debito in più che paga interessi.",
            )
        )
    if offer.usury is not None and offer.usury.is_usurious:
        notes.append(
            Note("usurious", "Il TAEG supera il tasso soglia d'usura del trimestre: non firmare e chiedi aiuto.")
        )
    if not offer.with_consolidation.feasible:
        notes.append(Note("shortfall", "Con il consolidamento il budget non copre tutte le rate."))
    return replace(offer, notes=tuple(notes))
