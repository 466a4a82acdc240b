"""Follow-up: what changed between two meetings of a case, in figures and in plain Italian.

At a second meeting the consultant and the household look back: did the
month get better, which expenses moved, how much debt was paid down, which
of the agreed actions are done, were the spending targets kept.
:func:`compare_meetings` reads the two household snapshots of a
:class:`~oltre_finance.consultation.Case` through
:func:`~oltre_finance.budget.summarize` and the plan agreed at the first of
the two, and gives a :class:`MeetingComparison`: the figures before and
after, and the sentences that say them.

Texts typed by people (debt labels, actions) are carried as typed; whoever
shows them escapes them (HTML, Typst), never this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from oltre_finance.budget import BudgetSummary, summarize
from oltre_finance.consultation import Action, Case, Plan
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Debt, Household, categories
from oltre_finance.indicators import Indicator
from oltre_finance.money import ZERO, cents, format_eur

__all__ = [
    "BeforeAfter",
    "CategoryChange",
    "DebtChange",
    "IndicatorChange",
    "MeetingComparison",
    "TargetCheck",
    "compare_meetings",
    "pair_debts",
]

#: How many category changes (the largest) the sentences mention.
SENTENCE_CATEGORIES = 3

DebtStatus = Literal["open", "closed", "new"]


@dataclass(frozen=True, kw_only=True)
class BeforeAfter:
    """A monthly figure or a balance at the first meeting (``before``) and at the second (``after``)."""

    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        """``after − before``: positive when the figure went up."""
        return self.after - self.before


@dataclass(frozen=True, kw_only=True)
class CategoryChange(BeforeAfter):
    """The monthly expenses of one category (0 where the category had none)."""

    category: str
    name_it: str


@dataclass(frozen=True, kw_only=True)
class DebtChange(BeforeAfter):
    """One debt's balance at the two meetings: ``open`` (in both), ``closed`` (gone) or ``new``.

    A closed debt is 0 after, a new one 0 before.
    """

    label: str
    kind: str
    status: DebtStatus

    @property
    def paid_down(self) -> Decimal:
        """How much less is owed (0 when the balance stayed or grew); a closed debt's whole balance."""
        return max(self.before - self.after, ZERO)


@dataclass(frozen=True, kw_only=True)
class IndicatorChange:
    """A budget indicator at the two meetings (``None`` where it cannot be computed, e.g. no income)."""

    key: str
    name_it: str
    before: Indicator | None
    after: Indicator | None

    def _moved(self, sign: int) -> bool:
        if self.before is None or self.after is None:
            return False
        step = (self.after.value - self.before.value) * sign
        return step < 0 if self.after.higher_is_worse else step > 0

    @property
    def improved(self) -> bool:
        """The value moved the good way (down where higher is worse, up for months of savings)."""
        return self._moved(1)

    @property
    def worsened(self) -> bool:
        """The value moved the bad way."""
        return self._moved(-1)


@dataclass(frozen=True, kw_only=True)
class TargetCheck:
    """A spending target of the plan against the category's monthly expenses at the second meeting."""

    category: str
    name_it: str
    target: Decimal
    actual: Decimal

    @property
    def kept(self) -> bool:
        """The category did not exceed its target."""
        return self.actual <= self.target


@dataclass(frozen=True, kw_only=True)
class MeetingComparison:
    """What changed between meeting ``a`` and meeting ``b`` of a case."""

    code: str
    a: int
    b: int
    a_on: date
    b_on: date
    #: Monthly equivalents of :func:`~oltre_finance.budget.summarize`.
    income: BeforeAfter
    expenses: BeforeAfter
    balance: BeforeAfter
    #: The month was in deficit at ``a`` (balance below 0) and is in surplus at ``b`` (above 0).
    balance_turned_positive: bool
    #: Every category with expenses at either meeting, largest change (in absolute value) first.
    categories: tuple[CategoryChange, ...]
    #: Debts of ``a`` in their order (open or closed), then the new debts of ``b``.
    debts: tuple[DebtChange, ...]
    total_debt: BeforeAfter
    liquid_savings: BeforeAfter
    #: Every asset, the home included.
    total_assets: BeforeAfter
    #: Indicator key → before and after, for the indicators known at either meeting.
    indicators: Mapping[str, IndicatorChange]
    #: The actions of the plan of ``a`` by status; ``actions_overdue`` is the part of ``actions_to_do`` past due.
    actions_done: tuple[Action, ...]
    actions_to_do: tuple[Action, ...]
    actions_overdue: tuple[Action, ...]
    actions_cancelled: tuple[Action, ...]
    #: The spending targets of the plan of ``a``, in the plan's order.
    targets: tuple[TargetCheck, ...]
    sentences_it: tuple[str, ...]

    @property
    def debts_closed(self) -> tuple[DebtChange, ...]:
        return tuple(debt for debt in self.debts if debt.status == "closed")

    @property
    def debts_new(self) -> tuple[DebtChange, ...]:
        return tuple(debt for debt in self.debts if debt.status == "new")


def _key(label: str) -> str:
    return label.strip().casefold()


def pair_debts(
    before: Sequence[Debt], after: Sequence[Debt]
) -> tuple[tuple[tuple[Debt, Debt | None], ...], tuple[Debt, ...]]:
    """Each debt of ``before`` with its twin in ``after`` (``None``: closed), and the new debts of ``after``.

    Debts are matched by label, trimmed and in any case; the n-th of a repeated label pairs with the n-th.
    """
    unmatched = list(after)
    pairs: list[tuple[Debt, Debt | None]] = []
    for debt in before:
        twin = next((item for item in unmatched if _key(item.label) == _key(debt.label)), None)
        if twin is not None:
            unmatched.remove(twin)
        pairs.append((debt, twin))
    return tuple(pairs), tuple(unmatched)


def _debts(before: tuple[Debt, ...], after: tuple[Debt, ...]) -> tuple[DebtChange, ...]:
    pairs, new = pair_debts(before, after)
    rows = [
        DebtChange(label=debt.label, kind=debt.kind, status="closed", before=cents(debt.balance), after=ZERO)
        if twin is None
        else DebtChange(label=twin.label, kind=twin.kind, status="open", before=cents(debt.balance),
                        after=cents(twin.balance))
        for debt, twin in pairs
    ]  # fmt: skip
    rows += [
        DebtChange(label=debt.label, kind=debt.kind, status="new", before=ZERO, after=cents(debt.balance))
        for debt in new
    ]
    return tuple(rows)


def _total(values: list[Decimal]) -> Decimal:
    return cents(sum(values, ZERO))


def _name(category: str) -> str:
    entry = categories().get(category)
    return str(entry["label"]) if entry else category


def _categories(before: BudgetSummary, after: BudgetSummary) -> tuple[CategoryChange, ...]:
    keys = set(before.by_category) | set(after.by_category)
    rows = [
        CategoryChange(
            category=key,
            name_it=_name(key),
            before=before.by_category.get(key, ZERO),
            after=after.by_category.get(key, ZERO),
        )
        for key in keys
    ]
    return tuple(sorted(rows, key=lambda row: (-abs(row.change), -row.after, row.category)))


def _indicators(before: BudgetSummary, after: BudgetSummary) -> Mapping[str, IndicatorChange]:
    rows = {}
    for key in dict.fromkeys([*before.indicators, *after.indicators]):  # the budget's own order
        old, new = before.indicators.get(key), after.indicators.get(key)
        shown = new or old
        name = shown.name_it if shown and shown.name_it else key
        rows[key] = IndicatorChange(key=key, name_it=name, before=old, after=new)
    return MappingProxyType(rows)


# --- sentences -------------------------------------------------------------------------------------------------


def _signed(amount: Decimal) -> str:
    return f"+{format_eur(amount)}" if amount > 0 else format_eur(amount)


def _from_to(figure: BeforeAfter) -> str:
    return f"da {format_eur(figure.before)} a {format_eur(figure.after)}"


def _moved(figure: BeforeAfter, *, up: str, down: str) -> str:
    return f"{up if figure.change > 0 else down} di {format_eur(abs(figure.change))}"


def _budget_sentences(c: MeetingComparison) -> list[str]:
    out = [
        f"Le {what} sono {_moved(figure, up='salite', down='scese')} al mese."
        for what, figure in (("entrate", c.income), ("uscite", c.expenses))
        if figure.change
    ]
    old, new = _signed(c.balance.before), _signed(c.balance.after)
    if not c.balance.change:
        out.append(f"Il saldo del mese è rimasto di {new}.")
    elif c.balance_turned_positive:
        out.append(f"Il saldo del mese è passato da {old} a {new}: ora entra più di quanto esce.")
    elif c.balance.before > 0 > c.balance.after:
        out.append(f"Il saldo del mese è passato da {old} a {new}: ora esce più di quanto entra.")
    else:
        out.append(f"Il saldo del mese è passato da {old} a {new}.")
    for row in [row for row in c.categories if row.change][:SENTENCE_CATEGORIES]:
        more = "in più" if row.change > 0 else "in meno"
        out.append(f"{row.name_it}: {format_eur(abs(row.change))} {more} al mese ({_from_to(row)}).")
    return out


def _debt_sentences(c: MeetingComparison) -> list[str]:
    out = []
    for debt in c.debts:
        if debt.status == "closed":
            out.append(f"Il debito «{debt.label}» è chiuso (era di {format_eur(debt.before)}).")
        elif debt.status == "new":
            out.append(f"C'è un nuovo debito: «{debt.label}», di {format_eur(debt.after)}.")
        elif debt.change:
            out.append(f"Il debito «{debt.label}» è {_moved(debt, up='salito', down='sceso')} ({_from_to(debt)}).")
    if len(c.debts) > 1 and c.total_debt.change:
        out.append(
            f"In tutto i debiti sono {_moved(c.total_debt, up='saliti', down='scesi')} ({_from_to(c.total_debt)})."
        )
    if c.liquid_savings.change:
        moved = _moved(c.liquid_savings, up="saliti", down="scesi")
        out.append(f"I risparmi disponibili sono {moved} ({_from_to(c.liquid_savings)}).")
    if c.total_assets.change != c.liquid_savings.change:
        out.append(f"Il patrimonio in tutto (conti, investimenti e casa) è passato {_from_to(c.total_assets)}.")
    return out


def _indicator_sentences(c: MeetingComparison) -> list[str]:
    out = []
    for row in c.indicators.values():
        if row.before is None or row.after is None or row.before.band == row.after.band:
            continue
        way = "migliora" if row.improved else "peggiora"
        out.append(
            f"{row.name_it}: {way}, dal {row.before.band.word_it} al {row.after.band.word_it} "
            f"(da {row.before.shown_it} a {row.after.shown_it})."
        )
    return out


def _actions_head(done: int, agreed: int) -> str:
    if agreed == 1:
        return "L'azione concordata è fatta" if done else "L'azione concordata non è ancora fatta"
    if done == agreed:
        return f"Tutte e {agreed} le azioni concordate sono fatte"
    if not done:
        return f"Nessuna delle {agreed} azioni concordate è ancora fatta"
    if done == 1:
        return f"1 azione su {agreed} è fatta"
    return f"{done} azioni su {agreed} sono fatte"


def _action_sentences(c: MeetingComparison) -> list[str]:
    out = []
    agreed = len(c.actions_done) + len(c.actions_to_do)
    if agreed:
        late = [
            f"«{item.text}» è in ritardo (scadeva il {item.due:%d/%m/%Y})" for item in c.actions_overdue if item.due
        ]
        out.append("; ".join([_actions_head(len(c.actions_done), agreed), *late]) + ".")
    cancelled = len(c.actions_cancelled)
    if cancelled:
        out.append("1 azione è stata annullata." if cancelled == 1 else f"{cancelled} azioni sono state annullate.")
    return out


def _target_sentences(c: MeetingComparison) -> list[str]:
    kept, count = sum(1 for row in c.targets if row.kept), len(c.targets)
    if not count:
        return []
    if kept == count:
        return [
            "L'obiettivo di spesa concordato è stato rispettato."
            if count == 1
            else f"Tutti e {count} gli obiettivi di spesa concordati sono stati rispettati."
        ]
    out = [f"Obiettivi di spesa rispettati: {kept} su {count}."]
    out += [
        f"{row.name_it}: {format_eur(row.actual)} al mese, {format_eur(row.actual - row.target)} oltre "
        f"l'obiettivo di {format_eur(row.target)}."
        for row in c.targets
        if not row.kept
    ]
    return out


def _sentences(c: MeetingComparison) -> tuple[str, ...]:
    return tuple(
        _budget_sentences(c)
        + _debt_sentences(c)
        + _indicator_sentences(c)
        + _action_sentences(c)
        + _target_sentences(c)
    )


# --- the comparison --------------------------------------------------------------------------------------------


def _assets(household: Household) -> Decimal:
    return _total([asset.value for asset in household.assets])


def _targets(plan: Plan | None, after: BudgetSummary) -> tuple[TargetCheck, ...]:
    if plan is None:
        return ()
    return tuple(
        TargetCheck(category=key, name_it=_name(key), target=cents(target), actual=after.by_category.get(key, ZERO))
        for key, target in plan.budget_targets.items()
    )


def compare_meetings(case: Case, a: int, b: int, *, today: date) -> MeetingComparison:
    """What changed between meeting ``a`` and a later meeting ``b`` of ``case``, with its sentences.

    Notes
    -----
    Both snapshots go through :func:`~oltre_finance.budget.summarize`; every
    change is ``after − before`` of its figures (monthly equivalents
    rounded to the cent). A category missing at one meeting counts 0 there.
    Debts are paired by label, trimmed and in any case (the *n*-th debt
    with a repeated label pairs with the *n*-th); paid down =
    ``max(before − after, 0)``, the whole balance for a closed debt. The
    balance *turned positive* when it was below 0 at ``a`` and is above 0
    at ``b``. An indicator improved when its value went down (up where
    higher is better, as the months of savings). A target is kept when the
    category's monthly expenses at ``b`` do not exceed it. An action is
    overdue when it is still to do after its due date, on ``today``. The
    sentences name at most ``SENTENCE_CATEGORIES`` categories, the largest
    changes, and an indicator only when its band changed.

    Examples
    --------
    >>> from datetime import date
    >>> from oltre_finance.consultation import Case, Meeting
    >>> from oltre_finance.io.samples import load_sample
    >>> before = load_sample("prestiti_revolving")
    >>> card = before.debts[4].model_copy(update={"balance": before.debts[4].balance - 800})
    >>> after = before.model_copy(update={"debts": (*before.debts[:4], card, *before.debts[5:])})
    >>> case = Case(code="OF-1", opened_on=date(2027, 1, 10), meetings=(
    ...     Meeting(number=1, on=date(2027, 1, 10), consultant="Rita", household=before),
    ...     Meeting(number=2, on=date(2027, 3, 10), consultant="Rita", household=after)))
    >>> comparison = compare_meetings(case, 1, 2, today=date(2027, 3, 10))
    >>> comparison.debts[4].paid_down, comparison.total_debt.change
    (Decimal('800.00'), Decimal('-800.00'))
    >>> print(comparison.sentences_it[1].replace("\\u00a0", " "))
    Il debito «Carta revolving» è sceso di 800,00 € (da 3.850,00 € a 3.050,00 €).
    """
    if not isinstance(today, date):
        raise InvalidInputError("today must be a date", field="today", message_it="Serve la data di oggi.")
    first, second = case.meeting(a), case.meeting(b)
    if a == b:
        raise InvalidInputError(
            "a meeting cannot be compared with itself",
            field="b",
            message_it="Per il confronto servono due incontri diversi.",
        )
    if second.on < first.on:
        raise InvalidInputError(
            f"meeting {b} is earlier than meeting {a}",
            field="b",
            message_it=f"L'incontro numero {b} è precedente all'incontro numero {a}: confronta un incontro con uno "
            "successivo.",
        )
    old, new = summarize(first.household), summarize(second.household)
    debts = _debts(first.household.debts, second.household.debts)
    actions = first.plan.actions if first.plan else ()
    comparison = MeetingComparison(
        code=case.code,
        a=a,
        b=b,
        a_on=first.on,
        b_on=second.on,
        income=BeforeAfter(before=old.income, after=new.income),
        expenses=BeforeAfter(before=old.expenses, after=new.expenses),
        balance=BeforeAfter(before=old.balance, after=new.balance),
        balance_turned_positive=old.balance < 0 < new.balance,
        categories=_categories(old, new),
        debts=debts,
        total_debt=BeforeAfter(before=_total([d.before for d in debts]), after=_total([d.after for d in debts])),
        liquid_savings=BeforeAfter(before=old.liquid_savings, after=new.liquid_savings),
        total_assets=BeforeAfter(before=_assets(first.household), after=_assets(second.household)),
        indicators=_indicators(old, new),
        actions_done=tuple(item for item in actions if item.status == "fatta"),
        actions_to_do=tuple(item for item in actions if item.status == "da_fare"),
        actions_overdue=tuple(item for item in actions if item.overdue(today)),
        actions_cancelled=tuple(item for item in actions if item.status == "annullata"),
        targets=_targets(first.plan, new),
        sentences_it=(),
    )
    return replace(comparison, sentences_it=_sentences(comparison))
