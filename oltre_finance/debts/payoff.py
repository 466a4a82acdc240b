"""Repay several debts from one monthly budget: avalanche, snowball or a custom order.

The rules of a plan, month by month (``m = 1, 2, ...``):

1. every open debt is charged a month of interest, ``cents(balance · TAN/12)``;
2. every minimum is paid (the fixed instalment, the card's percentage with
   its floor, the fixed plan's instalment), never more than what is owed;
3. what is left of the budget, plus any one-off extra payment of the month,
   goes to the *target* debts in order, spilling into the next one in the
   same month when a debt closes. The budget stays the same when a debt
   closes, so its minimum rolls over to the next target;
4. fixed plans (a *cessione del quinto*) never receive extra money.

The target order is set once, from the starting balances: *avalanche*
takes the highest rate first (it pays the least interest), *snowball* the
smallest balance first (the first debt closes sooner), *custom* the order
given. Ties keep the order the debts are listed in (avalanche) or go to the
higher rate (snowball). Arrears on rent, bills and taxes come first by default, because
they carry eviction, disconnection or enforcement.

A budget below the minimums is not an error: the plan pays the minimums
anyway and reports the shortfall of each month. A debt whose minimum does
not cover its interest is flagged as never ending on its minimum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple

from oltre_finance import validate
from oltre_finance.debts.model import Debt, FixedPlan
from oltre_finance.errors import InvalidAmountError, InvalidInputError
from oltre_finance.money import ZERO, cents, format_eur
from oltre_finance.months import first_of_month

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_DEBTS",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "ComparisonRow",
    "DebtOutcome",
    "Note",
    "PayoffPlan",
    "PayoffRow",
    "Strategy",
    "StrategyComparison",
    "compare_strategies",
    "minimum_payments",
    "payoff_plan",
]

Strategy = Literal["avalanche", "snowball", "custom", "minimums_only"]
STRATEGIES: tuple[Strategy, ...] = ("avalanche", "snowball", "custom", "minimums_only")
STRATEGY_LABELS: dict[str, str] = {
    "avalanche": "Valanga (prima il tasso più alto)",
    "snowball": "Palla di neve (prima il debito più piccolo)",
    "custom": "Ordine scelto da te",
    "minimums_only": "Solo rate minime",
}
#: The most debts in one plan (the app's list says so too): a plan runs every debt for every month.
MAX_DEBTS = 100


class PayoffRow(NamedTuple):
    """One debt in one month of a plan: ``payment = interest + principal``."""

    month: int
    debt: str
    payment: Decimal
    interest: Decimal
    principal: Decimal
    balance: Decimal


@dataclass(frozen=True, kw_only=True)
class DebtOutcome:
    """How one debt ends under a plan."""

    name: str
    kind: str
    starting_balance: Decimal
    #: Month of the last payment (0: nothing owed at the start; None: still open at the horizon).
    paid_off_month: int | None
    interest: Decimal
    paid: Decimal
    #: The first month's minimum does not cover the month's interest.
    never_ends_on_minimum: bool


@dataclass(frozen=True)
class Note:
    """A finding of the plan, in plain Italian, with a code for programs."""

    code: str
    text_it: str
    debt: str | None = None


@dataclass(frozen=True, kw_only=True)
class PayoffPlan:
    """A month-by-month repayment plan and what it costs.

    ``rows`` hold every debt's payments month by month; ``shortfall`` the
    months where the budget did not cover the minimums, with the amount
    missing; ``unallocated`` the money of the budget no debt could take.
    """

    strategy: Strategy
    monthly_budget: Decimal
    #: Names of the debts in the order extra money goes to them.
    order: tuple[str, ...]
    debts: tuple[Debt, ...] = field(repr=False)
    outcomes: tuple[DebtOutcome, ...]
    rows: tuple[PayoffRow, ...] = field(repr=False)
    #: Months simulated: the debt-free month, or the horizon.
    months: int
    #: Month of the last payment (0 without debts); None when debts remain at the horizon.
    debt_free_month: int | None
    total_interest: Decimal
    total_paid: Decimal
    #: The minimums of the first month, all debts together.
    first_minimums: Decimal
    shortfall: tuple[tuple[int, Decimal], ...]
    unallocated: tuple[tuple[int, Decimal], ...]
    notes: tuple[Note, ...]
    #: Calendar month of month 1 (day 1), if the plan is dated.
    start: date | None = None

    @property
    def feasible(self) -> bool:
        """Whether the budget covered every minimum in every month."""
        return not self.shortfall

    @property
    def flexible_free_month(self) -> int | None:
        """Month the last debt that accepts extra money closes (fixed plans may run on); None if never."""
        months = [o.paid_off_month for o, d in zip(self.outcomes, self.debts, strict=True) if d.accepts_extra]
        if None in months:
            return None
        return max((m for m in months if m is not None), default=0)

    @property
    def max_shortfall(self) -> Decimal:
        """The largest amount missing in a month to pay the minimums."""
        return max((amount for _, amount in self.shortfall), default=ZERO)

    @property
    def debt_free_date(self) -> date | None:
        """The calendar month of the last payment (needs ``start``)."""
        if self.start is None or self.debt_free_month is None:
            return None
        return self.month_date(max(self.debt_free_month, 1))

    def month_date(self, month: int) -> date:
        """The first day of plan month ``month`` (1 is ``start``)."""
        if self.start is None:
            raise InvalidInputError("the plan has no start date", field="start", message_it="Il piano non ha una data.")
        return first_of_month(self.start, plus=month - 1)

    def outcome(self, name: str) -> DebtOutcome:
        """The outcome of the debt called ``name``."""
        for item in self.outcomes:
            if item.name == name:
                return item
        raise InvalidInputError(f"no debt named {name!r}", field="name", message_it="Debito non presente nel piano.")

    def table(self) -> pd.DataFrame:
        """Every row as a DataFrame: month, debt, payment, interest, principal, balance."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=list(PayoffRow._fields))

    def balances(self) -> pd.DataFrame:
        """Balance of each debt at the end of each month (month 0: the start), debts as columns."""
        import pandas as pd

        names = [debt.name for debt in self.debts]
        return pd.DataFrame(self.balance_grid(), columns=names, index=pd.RangeIndex(self.months + 1, name="month"))

    def balance_grid(self) -> tuple[tuple[Decimal, ...], ...]:
        """:meth:`balances` as plain rows, month by month, one balance per debt (in the order of ``debts``).

        For the apps' charts, which need no DataFrame (and a kernel need not import pandas to draw one).
        """
        names = [debt.name for debt in self.debts]
        grid = [[debt.balance for debt in self.debts]]
        current = dict(zip(names, grid[0], strict=True))
        by_month: dict[int, list[PayoffRow]] = {}
        for row in self.rows:
            by_month.setdefault(row.month, []).append(row)
        for month in range(1, self.months + 1):
            for row in by_month.get(month, ()):
                current[row.debt] = row.balance
            grid.append([current[name] for name in names])
        return tuple(tuple(row) for row in grid)


def _budget(value: object, field_name: str) -> Decimal:
    amount = validate.amount(value, field=field_name)
    if amount != cents(amount):
        raise InvalidAmountError(
            f"{field_name} has fractions of a cent", field=field_name, message_it="Al massimo due decimali."
        )
    return cents(amount)


def _check_debts(debts: Sequence[Debt]) -> tuple[Debt, ...]:
    items = tuple(debts)
    validate.count(len(items), field="debts", label_it="Il numero di debiti in un piano", maximum=MAX_DEBTS)
    for item in items:
        if not isinstance(item, Debt):
            raise InvalidInputError("debts must be Debt records", field="debts", message_it="Debito non valido.")
    names = [item.name for item in items]
    if len(set(names)) != len(names):
        raise InvalidInputError(
            "debt names must be unique", field="debts", message_it="Due debiti hanno lo stesso nome: cambiane uno."
        )
    return items


def _check_extras(extra_payments: Mapping[int, object] | None, horizon: int) -> dict[int, Decimal]:
    extras: dict[int, Decimal] = {}
    for month, amount in (extra_payments or {}).items():
        validate.months(month, field="extra_payments", label_it="Il mese del versamento extra", maximum=horizon)
        extras[month] = extras.get(month, ZERO) + _budget(amount, "extra_payments")
    return extras


def _target_order(
    debts: tuple[Debt, ...], strategy: Strategy, order: Sequence[str] | None, arrears_first: bool
) -> list[int]:
    """Indexes of the debts that take extra money, in the order they take it."""
    eligible = [i for i, debt in enumerate(debts) if debt.accepts_extra]
    if strategy == "custom":
        names = [debt.name for debt in debts]
        chosen = list(order or ())
        for name in chosen:
            if name not in names:
                raise InvalidInputError(
                    f"order names an unknown debt {name!r}",
                    field="order",
                    message_it="L'ordine nomina un debito che non c'è.",
                )
        if len(set(chosen)) != len(chosen):
            raise InvalidInputError("order repeats a debt", field="order", message_it="L'ordine ripete un debito.")
        first = [names.index(name) for name in chosen if debts[names.index(name)].accepts_extra]
        rest = sorted(
            (i for i in eligible if i not in first),
            key=lambda i: (debts[i].priority if debts[i].priority is not None else validate.MAX_COUNT + 1, i),
        )
        return first + rest
    if order is not None:
        raise InvalidInputError(
            "order is only for the custom strategy",
            field="order",
            message_it="L'ordine vale solo per la strategia personalizzata.",
        )
    if strategy == "avalanche":
        eligible.sort(key=lambda i: (-debts[i].annual_rate, i))  # ties keep the listed order, as Vertex42 does
    elif strategy == "snowball":
        eligible.sort(key=lambda i: (debts[i].balance, -debts[i].annual_rate, i))
    if arrears_first and strategy != "minimums_only":
        eligible.sort(key=lambda i: not debts[i].is_arrears)  # stable: keeps the strategy's order within each group
    return eligible


@dataclass(frozen=True)
class _Run:
    rows: tuple[PayoffRow, ...]
    paid_off: tuple[int | None, ...]
    interest: tuple[Decimal, ...]
    paid: tuple[Decimal, ...]
    months: int
    shortfall: tuple[tuple[int, Decimal], ...]
    unallocated: tuple[tuple[int, Decimal], ...]
    first_minimums: Decimal
    never_ends: tuple[bool, ...]


def _simulate(
    debts: tuple[Debt, ...],
    budget: Decimal,
    targets: list[int],
    *,
    roll_over: bool,
    adjustments: Mapping[int, Decimal],
    horizon: int,
) -> _Run:
    """The month loop. ``adjustments`` add to (or take from) the budget of a month."""
    count = len(debts)
    balance = [debt.balance for debt in debts]
    rate = [debt.monthly_rate for debt in debts]
    rules = [debt.minimum for debt in debts]
    is_plan = [isinstance(rule, FixedPlan) for rule in rules]
    paid_off: list[int | None] = [0 if b == 0 else None for b in balance]
    interest_total = [ZERO] * count
    paid_total = [ZERO] * count
    never_ends = [False] * count
    open_debts = [i for i in range(count) if balance[i] > 0]
    rows: list[PayoffRow] = []
    shortfall: list[tuple[int, Decimal]] = []
    unallocated: list[tuple[int, Decimal]] = []
    first_minimums = ZERO
    due = [ZERO] * count
    pay = [ZERO] * count
    charged = [ZERO] * count
    month = 0
    while open_debts and month < horizon:
        month += 1
        minimums = ZERO
        for i in open_debts:
            interest = cents(balance[i] * rate[i])
            owed = balance[i] + interest
            rule = rules[i]
            minimum = rule.minimum(owed, month) if is_plan[i] else rule.minimum(owed)  # type: ignore[call-arg]
            if month == 1 and minimum < owed and minimum <= interest:
                never_ends[i] = True
            charged[i], due[i], pay[i] = interest, owed, minimum
            minimums += minimum
        if month == 1:
            first_minimums = minimums
        available = budget + adjustments.get(month, ZERO)
        if available < minimums:
            shortfall.append((month, minimums - available))
            left = ZERO
        else:
            left = available - minimums
        if roll_over:
            for i in targets:
                if left <= 0:
                    break
                if paid_off[i] is None:
                    extra = min(left, due[i] - pay[i])
                    pay[i] += extra
                    left -= extra
        if left > 0:
            unallocated.append((month, left))
        still_open = []
        for i in open_debts:
            payment = pay[i]
            new_balance = due[i] - payment
            rows.append(PayoffRow(month, debts[i].name, payment, charged[i], payment - charged[i], new_balance))
            interest_total[i] += charged[i]
            paid_total[i] += payment
            balance[i] = new_balance
            if new_balance == 0:
                paid_off[i] = month
            else:
                still_open.append(i)
        open_debts = still_open
    return _Run(
        tuple(rows),
        tuple(paid_off),
        tuple(interest_total),
        tuple(paid_total),
        month,
        tuple(shortfall),
        tuple(unallocated),
        first_minimums,
        tuple(never_ends),
    )


def payoff_plan(
    debts: Sequence[Debt],
    monthly_budget: Decimal,
    *,
    strategy: Strategy = "avalanche",
    order: Sequence[str] | None = None,
    extra_payments: Mapping[int, Decimal] | None = None,
    arrears_first: bool = True,
    start: date | None = None,
    horizon: int = validate.MAX_MONTHS,
) -> PayoffPlan:
    """Plan the repayment of ``debts`` with ``monthly_budget`` a month.

    ``extra_payments`` maps a plan month (1 is the first) to a one-off amount
    added to that month's budget. ``order`` (debt names) is for the custom
    strategy; debts it leaves out follow by ``priority``, then as listed.
    ``horizon`` (at most 600 months) is where the plan stops looking.

    Notes
    -----
    Each month, per open debt: ``I = cents(B · TAN/12)``, ``due = B + I``,
    minimum paid; then the rest of the budget goes to the targets in order.
    ``payment = I + principal`` and ``B' = due - payment`` in every row.

    Examples
    --------
    >>> from oltre_finance.debts.model import FixedInstalment
    >>> debts = [
    ...     Debt(name="Carta", kind="revolving_card", balance=Decimal("1000"), annual_rate=Decimal("0.18"),
    ...          minimum=FixedInstalment(Decimal("50"))),
    ...     Debt(name="Prestito", balance=Decimal("3000"), annual_rate=Decimal("0.08"),
    ...          minimum=FixedInstalment(Decimal("100"))),
    ... ]
    >>> plan = payoff_plan(debts, Decimal("250"), strategy="avalanche")
    >>> plan.order, plan.outcome("Carta").paid_off_month, plan.debt_free_month, plan.total_interest
    (('Carta', 'Prestito'), 8, 18, Decimal('281.69'))
    >>> payoff_plan(debts, Decimal("100")).max_shortfall
    Decimal('50.00')
    """
    items = _check_debts(debts)
    budget = _budget(monthly_budget, "monthly_budget")
    if strategy not in STRATEGIES:
        raise InvalidInputError(
            f"strategy must be one of {STRATEGIES}", field="strategy", message_it="Strategia di rimborso non valida."
        )
    validate.months(horizon, field="horizon", label_it="L'orizzonte del piano")
    if start is not None and not isinstance(start, date):
        raise InvalidInputError("start must be a date", field="start", message_it="Data di inizio non valida.")
    extras = _check_extras(extra_payments, horizon)
    targets = _target_order(items, strategy, order, arrears_first)
    run = _simulate(items, budget, targets, roll_over=strategy != "minimums_only", adjustments=extras, horizon=horizon)
    return _plan(items, budget, strategy, targets, run, arrears_first=arrears_first, start=start)


def minimum_payments(debts: Sequence[Debt]) -> Decimal:
    """The minimums of all the debts in the first month (a month of interest charged, fixed plans included).

    Examples
    --------
    >>> from oltre_finance.debts.model import FixedInstalment, PercentOfBalance
    >>> minimum_payments([
    ...     Debt(name="Carta", balance=Decimal("1000"), annual_rate=Decimal("0.18"),
    ...          minimum=PercentOfBalance(Decimal("0.03"), Decimal("25"))),
    ...     Debt(name="Auto", balance=Decimal("5000"), minimum=FixedInstalment(Decimal("200")))])
    Decimal('230.45')
    """
    return payoff_plan(debts, ZERO, strategy="minimums_only", horizon=1).first_minimums


def _plan(
    debts: tuple[Debt, ...],
    budget: Decimal,
    strategy: Strategy,
    targets: list[int],
    run: _Run,
    *,
    arrears_first: bool,
    start: date | None,
) -> PayoffPlan:
    outcomes = tuple(
        DebtOutcome(
            name=debt.name,
            kind=debt.kind,
            starting_balance=debt.balance,
            paid_off_month=run.paid_off[i],
            interest=run.interest[i],
            paid=run.paid[i],
            never_ends_on_minimum=run.never_ends[i],
        )
        for i, debt in enumerate(debts)
    )
    months_off = [item.paid_off_month for item in outcomes]
    debt_free = None if None in months_off else max((m for m in months_off if m is not None), default=0)
    order = tuple(debts[i].name for i in targets)
    return PayoffPlan(
        strategy=strategy,
        monthly_budget=budget,
        order=order,
        debts=debts,
        outcomes=outcomes,
        rows=run.rows,
        months=run.months,
        debt_free_month=debt_free,
        total_interest=sum(run.interest, ZERO),
        total_paid=sum(run.paid, ZERO),
        first_minimums=run.first_minimums,
        shortfall=run.shortfall,
        unallocated=run.unallocated,
        notes=_notes(debts, strategy, order, run, debt_free, arrears_first=arrears_first, start=start),
        start=start,
    )


def _from_month(month: int, start: date | None) -> str:
    """ "Da 03/2028" when the plan is dated, "Dal mese 16" otherwise."""
    if start is None:
        return f"Dal mese {month}"
    return f"Da {first_of_month(start, plus=month - 1):%m/%Y}"


def _notes(
    debts: tuple[Debt, ...],
    strategy: Strategy,
    order: tuple[str, ...],
    run: _Run,
    debt_free: int | None,
    *,
    arrears_first: bool,
    start: date | None,
) -> tuple[Note, ...]:
    notes: list[Note] = []
    arrears = [debt.name for debt in debts if debt.is_arrears and debt.balance > 0]
    if arrears and strategy in ("avalanche", "snowball") and arrears_first:
        notes.append(
            Note(
                "arrears_first",
                "Gli arretrati di affitto, bollette e tasse vengono pagati per primi: "
                "rischiano sfratto, distacco delle utenze o riscossione coattiva.",
            )
        )
    if strategy == "custom" and arrears:
        is_arrears = [name in arrears for name in order]
        if True in is_arrears and False in is_arrears[: len(is_arrears) - is_arrears[::-1].index(True)]:
            notes.append(
                Note(
                    "arrears_not_first",
                    "Nell'ordine scelto gli arretrati di affitto, bollette o tasse non sono i primi: "
                    "di solito conviene chiuderli prima, perché rischiano sfratto, distacchi o riscossione coattiva.",
                )
            )
    if run.shortfall:
        worst = max(amount for _, amount in run.shortfall)
        notes.append(
            Note(
                "shortfall",
                f"Il budget non basta per le rate minime: mancano fino a {format_eur(worst)} al mese "
                f"(in {len(run.shortfall)} mesi). Le rate minime sono comunque nel piano: "
                "bisogna trovare la differenza o parlare con i creditori.",
            )
        )
    for i, debt in enumerate(debts):
        if run.never_ends[i]:
            text = (
                f"«{debt.name}» non ha una rata minima: se non riceve soldi in più non finisce mai."
                if debt.annual_rate == 0
                else f"La rata minima di «{debt.name}» non copre gli interessi del mese: "
                "pagando solo il minimo questo debito non finisce mai."
            )
            notes.append(Note("never_ends_on_minimum", text, debt.name))
        if not debt.accepts_extra and debt.balance > 0:
            how = "è trattenuta in busta paga: segue" if debt.kind == "cessione_quinto" else "segue"
            text = f"«{debt.name}» {how} il suo piano di rate fisso e non riceve versamenti extra."
            notes.append(Note("fixed_plan", text, debt.name))
    if debt_free is None:
        notes.append(
            Note(
                "open_at_horizon",
                f"Dopo {run.months} mesi restano debiti da pagare: con questo budget il piano non li chiude.",
            )
        )
    spare = [(month, amount) for month, amount in run.unallocated if month < run.months]
    if spare and strategy != "minimums_only":
        notes.append(
            Note(
                "spare_budget",
                f"{_from_month(spare[0][0], start)} avanzano fino a {format_eur(max(a for _, a in spare))} al mese: "
                "i debiti rimasti non accettano versamenti extra.",
            )
        )
    return tuple(notes)


class ComparisonRow(NamedTuple):
    """One strategy in a comparison."""

    strategy: Strategy
    label_it: str
    debt_free_month: int | None
    #: Month the debts that accept extra money are all closed (see :attr:`PayoffPlan.flexible_free_month`).
    flexible_free_month: int | None
    total_interest: Decimal
    #: Interest saved against paying the minimums only; None when that never ends.
    interest_saved: Decimal | None
    first_target: str | None


@dataclass(frozen=True)
class StrategyComparison:
    """Avalanche, snowball, custom and minimums only, side by side."""

    plans: Mapping[str, PayoffPlan]
    rows: tuple[ComparisonRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """The comparison as a DataFrame, one row per strategy."""
        import pandas as pd

        # object dtype keeps Decimal and None as they are (no float, no NaN)
        return pd.DataFrame(self.rows, columns=list(ComparisonRow._fields), dtype=object).set_index("strategy")


def compare_strategies(
    debts: Sequence[Debt],
    monthly_budget: Decimal,
    *,
    order: Sequence[str] | None = None,
    extra_payments: Mapping[int, Decimal] | None = None,
    arrears_first: bool = True,
    start: date | None = None,
    horizon: int = validate.MAX_MONTHS,
) -> StrategyComparison:
    """Plans for every strategy on the same debts and budget.

    The custom plan follows ``order`` (or the debts' priorities, then the
    order they are listed in).

    Examples
    --------
    >>> from oltre_finance.debts.model import FixedInstalment
    >>> def debt(name, balance, rate, minimum):
    ...     return Debt(name=name, balance=Decimal(balance), annual_rate=Decimal(rate),
    ...                 minimum=FixedInstalment(Decimal(minimum)))
    >>> debts = [debt("Carta", "1000", "0.18", "50"), debt("Prestito", "300", "0.08", "30")]
    >>> table = compare_strategies(debts, Decimal("150")).rows
    >>> [(row.strategy, row.debt_free_month, str(row.total_interest)) for row in table]
    [('avalanche', 10, '87.72'), ('snowball', 10, '97.54'), ('custom', 10, '87.72'), ('minimums_only', 24, '209.37')]
    """
    plans: dict[str, PayoffPlan] = {}
    for strategy in STRATEGIES:
        plans[strategy] = payoff_plan(
            debts,
            monthly_budget,
            strategy=strategy,
            order=order if strategy == "custom" else None,
            extra_payments=extra_payments,
            arrears_first=arrears_first,
            start=start,
            horizon=horizon,
        )
    baseline = plans["minimums_only"]
    labels = dict(STRATEGY_LABELS)
    if order is None and all(debt.priority is None for debt in plans["custom"].debts):
        labels["custom"] = "Nell'ordine dell'elenco"
    rows = tuple(
        ComparisonRow(
            strategy=plan.strategy,
            label_it=labels[plan.strategy],
            debt_free_month=plan.debt_free_month,
            flexible_free_month=plan.flexible_free_month,
            total_interest=plan.total_interest,
            interest_saved=None if baseline.debt_free_month is None else baseline.total_interest - plan.total_interest,
            first_target=plan.order[0] if plan.order and plan.strategy != "minimums_only" else None,
        )
        for plan in plans.values()
    )
    return StrategyComparison(MappingProxyType(plans), rows)
