"""The "Piano di rientro" view: the household's debts, a monthly amount, a strategy; as plain data.

What the app shows is decided here, where a test reaches it without a
browser: the debt rows (the household's debts, with a revolving card's
minimum as a percentage with a floor), the monthly amount proposed when the
person has not chosen one, the slider's range, the months offered for a
one-off payment, the custom order kept in step with the debts, each note's
tone, the plan's cards, tables and chart with its text, the consolidation
offer with its TAEG and usury check, and the over-indebtedness orientation
read from the household's income, members and budget.

``parse_payoff(PayoffInputs) -> PayoffParsed | Errors`` reads what the
person typed; :func:`payoff_view` computes; :func:`with_debts` is the
household written back (its debts are the ones typed here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

from oltre_finance import validate
from oltre_finance.budget import BudgetSummary, summarize
from oltre_finance.debts import (
    ConsolidationOffer,
    Debt,
    PayoffPlan,
    StrategyComparison,
    compare_strategies,
    consolidation_offer,
    debts_from_household,
    household_orientation,
    minimum_payments,
)
from oltre_finance.debts.instalments import link_instalments
from oltre_finance.debts.orientation import Orientation, Signal
from oltre_finance.debts.payoff import MAX_DEBTS
from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Debt as HouseholdDebt
from oltre_finance.household import Household
from oltre_finance.italy.overindebtedness import rules as overindebtedness_rules
from oltre_finance.italy.usury import usury_check
from oltre_finance.loans import Loan
from oltre_finance.money import ZERO, cents, format_eur, format_percent
from oltre_finance.months import first_of_month, month_name
from oltre_finance.validate import MAX_MONTHS
from oltre_finance.views.blocks import Banner, Card, Errors, Link, Table, Tone, frozen_errors
from oltre_finance.views.household_form import CARD_COLUMNS, SECTIONS, form_rows, parse_form, shows_card_minimum
from oltre_finance.views.inputs import FieldError, read_amount, read_percent, read_whole
from oltre_finance.views.loan import describe_usury, rates_in_force

__all__ = [
    "APP",
    "CARD_COLUMNS",
    "DEBT_SECTION",
    "STRATEGY_CHOICES",
    "BalancesChart",
    "ConsolidationView",
    "HelpItem",
    "OrientationView",
    "PayoffInputs",
    "PayoffParsed",
    "PayoffView",
    "app_state",
    "default_budget",
    "extra_month_options",
    "parse_debts",
    "parse_payoff",
    "payoff_rows",
    "payoff_view",
    "restore_state",
    "shows_card_minimum",
    "with_debts",
]

#: The app's name for its own fields kept in the browser.
APP = "payoff"
ChosenStrategy = Literal["avalanche", "snowball", "custom"]
STRATEGY_CHOICES: tuple[tuple[str, ChosenStrategy], ...] = (
    ("Valanga: prima il tasso più alto", "avalanche"),
    ("Palla di neve: prima il debito più piccolo", "snowball"),
    ("Ordine scelto da me", "custom"),
)
#: What the proposed monthly amount adds to the minimums, when the budget leaves that much free.
SUGGESTED_EXTRA = Decimal(100)
#: The slider goes up to this (a typed amount may be higher).
SLIDER_CEILING = 10_000
#: A one-off payment may fall in one of the plan's first months.
EXTRA_MONTHS = 36
#: A consolidation loan as banks commonly offer it, until the person types the offer they have.
LOAN_DEFAULTS = {"loan_rate": "7,9", "loan_months": "84", "loan_fees": "300", "loan_fee": "0"}
USURY_CATEGORY = "credito_personale"

#: The household's "Debiti" columns, a revolving card's minimum among them.
DEBT_SECTION = SECTIONS["debts"]


# -- the person's input ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PayoffInputs:
    """What the person typed: the debt rows (as the row editor gives them) and the plan's own fields."""

    debts: tuple[Mapping[str, Any], ...] = ()
    #: Empty: the proposed amount (:func:`default_budget`).
    budget: str = ""
    strategy: str = "avalanche"
    order: tuple[str, ...] = ()
    extra: str = ""
    #: The plan month of the one-off payment (1 is next month).
    extra_month: int = 1
    #: Empty: as much as closing the debts and paying the initial fees needs.
    loan_amount: str = ""
    loan_rate: str = LOAN_DEFAULTS["loan_rate"]
    loan_months: str = LOAN_DEFAULTS["loan_months"]
    loan_fees: str = LOAN_DEFAULTS["loan_fees"]
    loan_fee: str = LOAN_DEFAULTS["loan_fee"]

    def __post_init__(self) -> None:
        rows = self.debts if isinstance(self.debts, list | tuple) else ()
        object.__setattr__(
            self, "debts", tuple(MappingProxyType(dict(row)) for row in rows if isinstance(row, Mapping))
        )


@dataclass(frozen=True, kw_only=True)
class PayoffParsed:
    """The inputs once read: the household's debts and the plan's figures (``None``: the proposed one)."""

    debts: tuple[HouseholdDebt, ...]
    budget: Decimal | None
    strategy: ChosenStrategy
    order: tuple[str, ...]
    extra: Decimal | None
    extra_month: int
    loan_amount: Decimal | None
    loan_rate: Decimal
    loan_months: int
    loan_fees: Decimal
    loan_fee: Decimal


def _optional_amount(text: object, field: str, *, positive: bool = False) -> Decimal | None:
    return read_amount(text, field=field, positive=positive, optional=True)


def _whole(text: object, *, low: int, high: int, message: str) -> int:
    return int(read_whole(text, low=low, high=high, message=message) or 0)


def _rate(text: object, field: str) -> Decimal:
    return read_percent(text, field=field, message="Il TAN va da 0 a 100 %.")


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key, "")
    return value.strip() if isinstance(value, str) else ""


_SOMEONE = {"name": "-", "role": "adult", "age": "40"}


def parse_debts(rows: Sequence[Mapping[str, Any]]) -> tuple[HouseholdDebt, ...] | Errors:
    """The household's debts the rows make, or each wrong field's message keyed ``debts.N.field``.

    A row whose balance is still empty is not yet a debt (the person is typing it).

    Examples
    --------
    >>> card = {"label": "Carta", "kind": "revolving_card", "balance": "3.850", "annual_rate": "17,9",
    ...         "instalment": "", "remaining_months": "", "minimum_percent": "3", "minimum_floor": "25"}
    >>> debt, = parse_debts([card])
    >>> debt.balance, debt.annual_rate, debt.minimum_percent, debt.minimum_floor
    (Decimal('3850'), Decimal('0.179'), Decimal('0.03'), Decimal('25'))
    >>> dict(parse_debts([card | {"minimum_percent": "tre"}]))["debts.0.minimum_percent"][:13]
    'Non è un nume'
    """
    if len(rows) > MAX_DEBTS:
        return frozen_errors({"debts": f"Al massimo {MAX_DEBTS} debiti in un piano."})
    parsed = parse_form("-", {"members": [_SOMEONE], "debts": list(rows)})
    if not isinstance(parsed, Household):
        return frozen_errors({key: text for key, text in parsed.items() if key.startswith("debts")}
                             or {"debts": "Controlla i debiti."})  # fmt: skip
    return parsed.debts


def parse_payoff(inputs: PayoffInputs) -> PayoffParsed | Errors:
    """Read what the person typed; every wrong field gets its Italian message.

    Examples
    --------
    >>> parse_payoff(PayoffInputs(budget="1.235")).budget
    Decimal('1235')
    >>> dict(parse_payoff(PayoffInputs(budget="-5", loan_months="0")))
    {'budget': "L'importo non può essere negativo.", 'loan_months': 'Scrivi la durata in mesi, da 1 a 600.'}
    """
    errors: dict[str, str] = {}
    debts = parse_debts(inputs.debts)
    if not isinstance(debts, tuple):
        errors |= debts
    values: dict[str, Any] = {}
    readers: dict[str, Any] = {
        "budget": lambda: _optional_amount(inputs.budget, "budget"),
        "strategy": lambda: _strategy(inputs.strategy),
        "order": lambda: _order(inputs.order),
        "extra": lambda: _optional_amount(inputs.extra, "extra"),
        "extra_month": lambda: _extra_month(inputs.extra_month),
        "loan_amount": lambda: _optional_amount(inputs.loan_amount, "loan_amount", positive=True),
        "loan_rate": lambda: _rate(inputs.loan_rate, "loan_rate"),
        "loan_months": lambda: _whole(
            inputs.loan_months, low=1, high=MAX_MONTHS, message=f"Scrivi la durata in mesi, da 1 a {MAX_MONTHS}."
        ),
        "loan_fees": lambda: _optional_amount(inputs.loan_fees, "loan_fees") or ZERO,
        "loan_fee": lambda: _optional_amount(inputs.loan_fee, "loan_fee") or ZERO,
    }
    for key, read in readers.items():
        try:
            values[key] = read()
        except FieldError as error:
            errors[key] = error.message
    if errors or not isinstance(debts, tuple):
        return frozen_errors(errors)
    return PayoffParsed(debts=debts, **values)


def _strategy(value: object) -> ChosenStrategy:
    for _label, key in STRATEGY_CHOICES:
        if value == key:
            return key
    raise FieldError("Scegli una strategia dall'elenco.")


def _order(value: object) -> tuple[str, ...]:
    if not isinstance(value, tuple | list) or not all(isinstance(name, str) for name in value):
        raise FieldError("Ordine dei debiti non valido: riordinali.")
    return tuple(value)


def _extra_month(value: object) -> int:
    try:
        return validate.months(value, field="extra_month", maximum=EXTRA_MONTHS)
    except OltreFinanceError:
        raise FieldError("Scegli il mese dall'elenco.") from None


# -- the household, both ways ---------------------------------------------------------


def payoff_rows(household: Household) -> tuple[dict[str, Any], ...]:
    """The debt rows of ``household`` for the row editor."""
    return form_rows(household)["debts"]


def with_debts(household: Household, debts: tuple[HouseholdDebt, ...]) -> Household:
    """``household`` with the debts typed here, each instalment once among its expenses: what the app writes back.

    Examples
    --------
    >>> from oltre_finance.views.household import empty_household
    >>> car = HouseholdDebt(kind="personal_loan", label="Auto", balance=Decimal("8000"), instalment=Decimal("290"))
    >>> [(e.label, e.amount) for e in with_debts(empty_household(), (car,)).expenses]
    [('Rata: Auto', Decimal('290'))]
    """
    if household.debts == debts:
        return household
    return link_instalments(household.model_copy(update={"debts": debts}), before=household)


# -- the app's own fields, kept in the browser ----------------------------------------

_TEXT_STATE = ("budget", "extra", "loan_amount", "loan_rate", "loan_months", "loan_fees", "loan_fee")


def app_state(inputs: PayoffInputs, *, today: date) -> dict[str, Any]:
    """The fields to keep beside the household (plain JSON); the one-off month as a calendar month."""
    month = first_of_month(today, plus=inputs.extra_month)
    state: dict[str, Any] = {key: getattr(inputs, key) for key in _TEXT_STATE}
    return state | {"strategy": inputs.strategy, "order": list(inputs.order), "extra_month": f"{month:%Y-%m}"}


def restore_state(state: Mapping[str, Any], *, today: date) -> PayoffInputs:
    """The fields as kept by the browser, each checked; anything unusable goes back to its default.

    Examples
    --------
    >>> kept = restore_state({"budget": "900", "strategy": "x", "extra_month": "2027-03"}, today=date(2026, 11, 24))
    >>> kept.budget, kept.strategy, kept.extra_month
    ('900', 'avalanche', 4)
    """
    default = PayoffInputs()
    values: dict[str, Any] = {}
    for key in _TEXT_STATE:
        value = state.get(key)
        values[key] = value[:40] if isinstance(value, str) else getattr(default, key)
    strategy = state.get("strategy")
    values["strategy"] = strategy if strategy in {key for _label, key in STRATEGY_CHOICES} else default.strategy
    order = state.get("order")
    values["order"] = tuple(n for n in order if isinstance(n, str))[:MAX_DEBTS] if isinstance(order, list) else ()
    values["extra_month"] = default.extra_month
    month = state.get("extra_month")
    if isinstance(month, str) and len(month) == 7 and month[:4].isdigit() and month[5:].isdigit():
        year, number = int(month[:4]), int(month[5:])
        start = first_of_month(today, plus=1)
        index = (year - start.year) * 12 + number - start.month + 1
        if 1 <= index <= EXTRA_MONTHS:
            values["extra_month"] = index
    return PayoffInputs(**values)


def extra_month_options(today: date) -> tuple[tuple[str, int], ...]:
    """The months a one-off payment may fall in, from next month: ``("dicembre 2026", 1)``, ..."""
    start = first_of_month(today, plus=1)
    return tuple((month_name(first_of_month(start, plus=k)), k + 1) for k in range(EXTRA_MONTHS))


# -- the proposed monthly amount -------------------------------------------------------


def default_budget(minimums: Decimal, summary: BudgetSummary) -> tuple[Decimal, str]:
    """The monthly amount proposed for the debts, and why.

    The minimums always; on top, what the household's budget leaves free each
    month, up to :data:`SUGGESTED_EXTRA` (all of it only when no income is
    typed yet, so that the budget cannot say). A budget in deficit proposes
    the minimums alone.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> default_budget(Decimal("80.00"), summarize(load_sample("affitto_meta_reddito")))[0]
    Decimal('111.83')
    """
    if minimums <= 0:
        return ZERO, "Senza debiti da pagare non serve un importo."
    start = f"Proposta: le rate minime ({format_eur(minimums)})"
    if summary.income <= 0:
        return cents(minimums + SUGGESTED_EXTRA), f"{start} più {format_eur(SUGGESTED_EXTRA)}. Cambiala pure."
    if summary.balance <= 0:
        return minimums, (
            f"{start}: il bilancio della famiglia non lascia soldi liberi "
            f"(saldo del mese {format_eur(summary.balance)})."
        )
    extra = min(SUGGESTED_EXTRA, summary.balance)
    why = (
        "dei soldi che il bilancio lascia liberi ogni mese"
        if extra < summary.balance
        else ("cioè quanto il bilancio lascia libero ogni mese")
    )
    return cents(minimums + extra), f"{start} più {format_eur(extra)}, {why}. Cambiala pure."


def _slider_max(minimums: Decimal, budget: Decimal) -> int:
    """Up to about three times the minimums (a small move is a small change), at least 1.000 €."""
    span = int(minimums * 3) // 500 * 500 + 500
    fit = int(budget) // 500 * 500 + 500
    return max(1000, min(SLIDER_CEILING, max(span, fit)))


# -- the result -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class BalancesChart:
    """What is left of each debt at the end of each month (month 0: now), for the stacked chart."""

    names: tuple[str, ...]
    balances: tuple[tuple[Decimal, ...], ...]
    #: (year, month) of month 0.
    start: tuple[int, int]
    free_month: int | None


@dataclass(frozen=True, kw_only=True)
class ConsolidationView:
    #: The loan's amount when the field is left empty: the debts it closes plus the initial fees.
    amount: Decimal
    amount_hint: str
    cards: tuple[Card, ...]
    banners: tuple[Banner, ...]
    sentences: tuple[str, ...]
    offer: ConsolidationOffer | None
    #: Messages for the loan's fields found while computing (the amount does not cover the debts...).
    errors: Errors


@dataclass(frozen=True, kw_only=True)
class HelpItem:
    """A procedure or a place to turn to: its name (a link to its site, if it has one), what it does, its law."""

    name: Link
    text: str
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class OrientationView:
    head: Banner
    signals: tuple[Banner, ...]
    help: tuple[HelpItem, ...]
    disclaimer: str


@dataclass(frozen=True, kw_only=True)
class PayoffView:
    debts: tuple[Debt, ...]
    #: Month 1 of the plan (next month).
    start: date
    minimums: Decimal
    #: The amount the plan uses, and the one proposed (shown in the field while the person has not typed one).
    budget: Decimal
    proposed_budget: Decimal
    budget_hint: str
    slider_max: int
    #: The custom order, in step with the debts (those that take extra money).
    order: tuple[str, ...]
    show_order: bool
    plan: PayoffPlan
    comparison: StrategyComparison
    cards: tuple[Card, ...]
    #: What the month's money does, in one sentence ('' without debts).
    sentence: str
    notes: tuple[Banner, ...]
    empty: bool
    empty_hint: str
    chart: BalancesChart
    chart_alt: str
    debt_table: Table
    comparison_table: Table
    consolidation: ConsolidationView
    orientation: OrientationView


def _in_months(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append("1 anno" if years == 1 else f"{years} anni")
    if rest:
        parts.append("1 mese" if rest == 1 else f"{rest} mesi")
    return " e ".join(parts) or "subito"


def _free(plan: PayoffPlan) -> tuple[str, str]:
    """When the household is free of debt, and how long that is from now."""
    if plan.debt_free_month is None:
        return "mai, con questo importo", f"dopo {plan.months // 12} anni restano debiti"
    if plan.debt_free_month == 0:
        return "già ora", "nessun debito da pagare"
    when = plan.debt_free_date
    assert when is not None
    return month_name(when), f"fra {_in_months(plan.debt_free_month)}"


def _when(plan: PayoffPlan, month: int | None) -> str:
    return "mai" if month is None else "già chiuso" if month == 0 else month_name(plan.month_date(month))


def _at(month: str) -> str:
    """ "a settembre 2032", "ad aprile 2028"."""
    return f"ad {month}" if month.startswith("a") else f"a {month}"


def _cards(plan: PayoffPlan, comparison: StrategyComparison) -> tuple[Card, ...]:
    free, detail = _free(plan)
    saved = next(row.interest_saved for row in comparison.rows if row.strategy == plan.strategy)
    cards = [
        Card(key="free", label=f"Liberi dai debiti ({detail})", value=free, negative=plan.debt_free_month is None),
        Card(key="interest", label="Interessi da pagare", value=format_eur(plan.total_interest)),
        Card(key="minimums", label="Rate minime del primo mese", value=format_eur(plan.first_minimums)),
    ]
    if saved is not None and plan.debts:
        cards.append(
            Card(key="saved", label="Interessi risparmiati rispetto alle sole rate minime", value=format_eur(saved))
        )
    return tuple(cards)


_RED_NOTES = frozenset({"shortfall", "never_ends_on_minimum", "open_at_horizon"})
_AMBER_NOTES = frozenset({"arrears_first", "arrears_not_first"})


def _notes(plan: PayoffPlan) -> tuple[Banner, ...]:
    def tone(code: str) -> Tone:
        return "red" if code in _RED_NOTES else "amber" if code in _AMBER_NOTES else "info"

    return tuple(Banner(key=f"note-{note.code}", tone=tone(note.code), text=note.text_it) for note in plan.notes)


def _sentence(plan: PayoffPlan) -> str:
    if not plan.debts or plan.debt_free_month == 0 or plan.monthly_budget < plan.first_minimums:
        return ""  # nothing to pay, or the shortfall note says what is missing
    spare = plan.monthly_budget - plan.first_minimums
    if spare > 0 and plan.order:
        text = (
            f"Ogni mese {format_eur(plan.monthly_budget)}: {format_eur(plan.first_minimums)} vanno alle rate minime "
            f"e {format_eur(spare)} in più a «{plan.order[0]}»."
        )
    else:
        text = f"Ogni mese {format_eur(plan.monthly_budget)} vanno alle rate minime."
    return text + " Quando un debito è chiuso, la sua rata passa al debito successivo."


def _chart(plan: PayoffPlan, today: date) -> BalancesChart:
    return BalancesChart(
        names=tuple(debt.name for debt in plan.debts),
        balances=plan.balance_grid(),
        start=(today.year, today.month),
        free_month=plan.debt_free_month,
    )


def _chart_alt(plan: PayoffPlan, today: date) -> str:
    total = sum((debt.balance for debt in plan.debts), ZERO)
    each = "; ".join(
        f"{o.name}: {format_eur(o.starting_balance)}, chiuso {_at(_when(plan, o.paid_off_month))}"
        if o.paid_off_month
        else f"{o.name}: {format_eur(o.starting_balance)}, {_when(plan, o.paid_off_month)}"
        for o in plan.outcomes
    )
    free, _detail = _free(plan)
    return (
        f"Grafico a fasce di quanto resta da pagare, debito per debito, mese per mese da {month_name(today)}. "
        f"Oggi {format_eur(total)} in tutto. {each}. Liberi dai debiti: {free}."
    )


def _debt_table(plan: PayoffPlan) -> Table:
    position = {name: k for k, name in enumerate(plan.order, start=1)}
    ordered = sorted(plan.outcomes, key=lambda o: (o.paid_off_month is None, o.paid_off_month or 0))
    rows = tuple(
        (
            o.name,
            str(position[o.name]) if o.name in position else "piano fisso",
            format_eur(o.starting_balance),
            _when(plan, o.paid_off_month),
            format_eur(o.interest),
        )
        for o in ordered
    )
    return Table(
        key="debt-table",
        caption="Debito per debito, nell'ordine in cui si chiudono",
        columns=("Debito", "Ordine", "Debito oggi", "Chiuso a", "Interessi"),
        rows=rows,
    )


def _comparison_table(comparison: StrategyComparison, chosen: str) -> Table:
    rows = []
    for row in comparison.rows:
        plan = comparison.plans[row.strategy]
        label = row.label_it + (" (la tua scelta)" if row.strategy == chosen else "")
        saved = "—" if row.interest_saved is None else format_eur(row.interest_saved)
        flexible = "già ora" if row.flexible_free_month == 0 else _when(plan, row.flexible_free_month)
        rows.append((label, _free(plan)[0], flexible, format_eur(row.total_interest), saved, row.first_target or "—"))
    return Table(
        key="comparison",
        caption="Quattro modi di pagare, con lo stesso importo ogni mese",
        columns=(
            "Strategia",
            "Liberi dai debiti",
            "Chiusi i debiti che puoi anticipare",
            "Interessi",
            "Risparmio sulle sole rate minime",
            "Primo debito da chiudere",
        ),
        rows=tuple(rows),
    )


# -- consolidation --------------------------------------------------------------------

_LOAN_FIELDS = {
    "principal": "loan_amount",
    "annual_rate": "loan_rate",
    "months": "loan_months",
    "upfront_fees": "loan_fees",
    "instalment_fee": "loan_fee",
}
_OFFER_TONES: dict[str, Tone] = {"pays_more": "red", "shortfall": "red", "saves": "green"}


def _usury_banner(offer: ConsolidationOffer, today: date) -> Banner | None:
    """The new loan's TAEG against the usury threshold, worded as in "Calcolatore prestito"."""
    rates = rates_in_force(today)
    try:
        check = usury_check(offer.taeg, USURY_CATEGORY, today, table=rates.table)
    except OltreFinanceError:
        return None  # a table without the category: the offer stands, without the check
    table = check.table
    text = describe_usury(check) + (f" {rates.note}" if rates.note else "")
    return Banner(key="offer-usurious" if check.is_usurious else "offer-usury",
                  tone="red" if check.is_usurious else "green", text=text,
                  sources=(Link(text=f"Tassi soglia: {table.act}", url=table.url),))  # fmt: skip


def _consolidation(
    parsed: PayoffParsed, debts: tuple[Debt, ...], budget: Decimal, order: tuple[str, ...], start: date, today: date
) -> ConsolidationView:
    closing = sum((debt.balance for debt in debts if debt.accepts_extra and debt.balance > 0), ZERO)
    amount = cents(closing + parsed.loan_fees) if closing else ZERO
    hint = (
        f"Importo proposto: {format_eur(amount)}, cioè i debiti da chiudere ({format_eur(closing)}) più le "
        "spese iniziali; se cancelli l'importo, torna questa proposta."
        if closing
        else ""
    )

    def view(*, errors: Mapping[str, str] = {}, banner: Banner | None = None) -> ConsolidationView:
        return ConsolidationView(
            amount=amount,
            amount_hint=hint,
            cards=(),
            banners=(banner,) if banner else (),
            sentences=(),
            offer=None,
            errors=frozen_errors(errors),
        )

    if not closing:
        return view(banner=Banner(key="offer-none", tone="info", text="Non ci sono debiti da consolidare."))
    try:
        loan = Loan(
            parsed.loan_amount or amount,
            parsed.loan_rate,
            parsed.loan_months,
            upfront_fees=parsed.loan_fees,
            instalment_fee=parsed.loan_fee,
        )
        offer = consolidation_offer(
            list(debts),
            loan,
            monthly_budget=budget,
            strategy=parsed.strategy,
            order=order if parsed.strategy == "custom" else None,
            start=start,
        )
    except OltreFinanceError as error:
        field = _LOAN_FIELDS.get(error.field or "")
        if field is None:  # a debt has the new loan's name
            return view(banner=Banner(key="offer-invalid", tone="amber", text=error.message_it))
        return view(
            errors={field: error.message_it},
            banner=Banner(
                key="offer-invalid", tone="amber", text="Correggi i dati del nuovo prestito per vedere il confronto."
            ),
        )
    cards = (
        Card(key="instalment", label="Nuova rata", value=format_eur(offer.instalment)),
        Card(key="replaced", label="Al posto di", value=format_eur(offer.replaced_minimums)),
        Card(key="taeg", label="TAEG", value=format_percent(offer.taeg)),
        Card(key="cost-with", label="Interessi e spese", value=format_eur(offer.cost_with), negative=offer.pays_more),
        Card(key="cost-now", label="Senza consolidare", value=format_eur(offer.cost_current)),
    )
    banners = [
        Banner(key=f"offer-{note.code}", tone=_OFFER_TONES.get(note.code, "info"), text=note.text_it)
        for note in offer.notes
        if note.code != "usurious"
    ]
    usury = _usury_banner(offer, today)
    if usury is not None:
        banners.append(usury)
    if offer.break_even_month is not None:
        banners.append(
            Banner(
                key="offer-break-even",
                tone="info",
                text=(
                    f"Le spese iniziali si recuperano in {_in_months(offer.break_even_month)}: da "
                    f"{month_name(offer.current.month_date(offer.break_even_month))} il consolidamento costa meno."
                ),
            )
        )
    sentences = []
    months_free = offer.with_consolidation.debt_free_month
    if months_free and offer.current.debt_free_month is not None:
        sentences.append(
            f"Con il consolidamento liberi dai debiti {_at(_when(offer.with_consolidation, months_free))}; "
            f"senza, {_at(_free(offer.current)[0])}."
        )
    return ConsolidationView(
        amount=amount,
        amount_hint=hint,
        cards=cards,
        banners=tuple(banners),
        sentences=tuple(sentences),
        offer=offer,
        errors=frozen_errors({}),
    )


# -- over-indebtedness orientation ----------------------------------------------------

#: The data file's arrears source names a survey by its English code; a person reads this instead.
#: (To move into ``italy/data/overindebtedness.json``, ``signals.arrears_source``.)
_ARREARS_SOURCE = (
    "Eurostat, indagine europea sulle condizioni di vita delle famiglie: arretrati su affitto o mutuo, bollette "
    "e rate di prestiti negli ultimi 12 mesi per difficoltà economiche"
)


_TONES: dict[str, Tone] = {"green": "green", "amber": "amber", "red": "red"}


def _signal_banner(signal: Signal, result: Orientation, plan: PayoffPlan, income: Decimal) -> Banner:
    """A signal with its source in a person's words, linked where the law can be read."""
    key, text, link = signal.key, signal.text_it, Link(text=signal.reference)
    if key == "instalments_over_available_income":
        link = Link(text=f"Codice della crisi, {result.dignified_living.reference}", url=result.dignified_living.url)
    elif key == "income_within_incapiente_reference":
        link = Link(text=f"Codice della crisi, {result.incapiente.reference}", url=result.incapiente.url)
    elif key == "debt_service_high":
        link = Link(text="Banca d'Italia, misura della vulnerabilità finanziaria delle famiglie")
    elif key == "arrears":
        link = Link(text=_ARREARS_SOURCE)
    elif key == "budget_deficit":
        link = Link(text="il bilancio della famiglia (app «Bilancio familiare»)")
    elif key == "minimums_not_covered":
        link = Link(text="questo piano di rientro")
    return Banner(key=f"signal-{key}", tone=_TONES.get(signal.band.value, "info"), text=text, sources=(link,))


def _orientation(household: Household, plan: PayoffPlan, summary: BudgetSummary, year: int) -> OrientationView:
    disclaimer = overindebtedness_rules()["disclaimer_it"]
    if not plan.debts or plan.first_minimums == 0:
        return OrientationView(
            head=Banner(
                key="occ",
                tone="info",
                text=("Quando ci sono debiti da pagare, qui vedi se le rate sono sostenibili per la famiglia."),
            ),
            signals=(),
            help=(),
            disclaimer=disclaimer,
        )
    if summary.income <= 0:
        return OrientationView(
            head=Banner(
                key="occ",
                tone="info",
                text=(
                    "Per capire se le rate sono sostenibili servono le entrate della famiglia: aggiungile in «Bilancio "
                    "familiare»."
                ),
            ),
            signals=(),
            help=(),
            disclaimer=disclaimer,
        )
    result = household_orientation(household, year=year, plan=plan)
    head = Banner(
        key="occ",
        tone="red" if result.suggest_occ else "green",
        text=result.sentence_it,
    )
    signals = tuple(_signal_banner(signal, result, plan, summary.income) for signal in result.signals)
    help_items: tuple[HelpItem, ...] = ()
    if result.suggest_occ:
        help_items = tuple(
            HelpItem(name=Link(text=r.name_it), text=r.text_it, reference=r.reference) for r in result.procedures
        ) + tuple(HelpItem(name=Link(text=r.name_it, url=r.reference), text=r.text_it) for r in result.where_to_go)
    return OrientationView(head=head, signals=signals, help=help_items, disclaimer=result.disclaimer_it)


# -- the whole view -------------------------------------------------------------------


def _synced_order(kept: tuple[str, ...], debts: tuple[Debt, ...]) -> tuple[str, ...]:
    """The order the person set, with new debts at the end and the ones gone left out."""
    names = [debt.name for debt in debts if debt.accepts_extra]
    first = [name for name in dict.fromkeys(kept) if name in names]
    return (*first, *(name for name in names if name not in first))


EMPTY_HINT = (
    "Aggiungi i debiti della famiglia (o apri una famiglia di esempio): qui compariranno la data in cui sarete "
    "liberi dai debiti, il grafico e il confronto tra le strategie."
)


def payoff_view(parsed: PayoffParsed, household: Household, *, today: date) -> PayoffView:
    """The plan for ``household`` with the debts and fields in ``parsed``; month 1 is the month after ``today``.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household = load_sample("coppia_neonato")
    >>> parsed = parse_payoff(PayoffInputs(debts=payoff_rows(household)))
    >>> view = payoff_view(parsed, household, today=date(2026, 11, 24))
    >>> view.budget, view.cards[0].value, view.plan.total_interest
    (Decimal('310.00'), 'maggio 2028', Decimal('303.77'))
    """
    current = with_debts(household, parsed.debts)
    debts = debts_from_household(current)
    summary = summarize(current)
    start = first_of_month(today, plus=1)
    minimums = minimum_payments(debts)
    proposed, hint = default_budget(minimums, summary)
    budget = proposed if parsed.budget is None else cents(parsed.budget)
    order = _synced_order(parsed.order, debts)
    extras = {parsed.extra_month: cents(parsed.extra)} if parsed.extra else None
    comparison = compare_strategies(debts, budget, order=order, extra_payments=extras, start=start)
    plan = comparison.plans[parsed.strategy]
    return PayoffView(
        debts=debts,
        start=start,
        minimums=minimums,
        budget=budget,
        proposed_budget=proposed,
        budget_hint=hint,
        slider_max=_slider_max(minimums, budget),
        order=order,
        show_order=parsed.strategy == "custom",
        plan=plan,
        comparison=comparison,
        cards=_cards(plan, comparison),
        sentence=_sentence(plan),
        notes=_notes(plan),
        empty=not debts,
        empty_hint=EMPTY_HINT,
        chart=_chart(plan, today),
        chart_alt=_chart_alt(plan, today),
        debt_table=_debt_table(plan),
        comparison_table=_comparison_table(comparison, parsed.strategy),
        consolidation=_consolidation(parsed, debts, budget, order, start, today),
        orientation=_orientation(current, plan, summary, today.year),
    )
