"""The "Bilancio familiare" view: a household's month, its traffic lights and its next 12 months, as plain data.

Everything the budget app shows is decided here from the core's
:func:`~oltre_finance.budget.summarize` and
:func:`~oltre_finance.budget.cashflow_calendar`: the cards, the indicators
with their band, the reference 50/30/20 sentence, the categories for the
chart, the calendar from the current month and its sentence, and the text
alternative of each chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.budget import BudgetSummary, CalendarMonth, cashflow_calendar, fifty_thirty_twenty, summarize
from oltre_finance.household import Household, categories
from oltre_finance.money import format_eur, format_percent
from oltre_finance.months import month_name
from oltre_finance.views.blocks import Banner, Card, Link, Tone

__all__ = ["BudgetView", "budget_view"]


@dataclass(frozen=True, kw_only=True)
class BudgetView:
    summary: BudgetSummary
    #: The headline: income, expenses, balance, share saved.
    cards: tuple[Card, ...]
    #: The traffic lights, one banner each, in the order of the rules.
    indicators: tuple[Banner, ...]
    #: "Vista 50/30/20" as a reference sentence ('' without income).
    reference: str
    #: Nothing typed yet: the app shows ``empty_hint`` instead of charts.
    empty: bool
    empty_hint: str
    #: (Italian category name, monthly amount), largest first.
    categories: tuple[tuple[str, Decimal], ...]
    categories_alt: str
    #: The next 12 months, from the current one.
    months: tuple[CalendarMonth, ...]
    calendar: Banner
    calendar_alt: str


def _cards(summary: BudgetSummary) -> tuple[Card, ...]:
    rate = "—" if summary.savings_rate is None else format_percent(summary.savings_rate)
    return (
        Card(key="income", label="Entrate al mese", value=format_eur(summary.income)),
        Card(key="expenses", label="Uscite al mese", value=format_eur(summary.expenses)),
        Card(key="balance", label="Saldo del mese", value=format_eur(summary.balance), negative=summary.in_deficit),
        Card(key="rate", label="Quota risparmiata", value=rate, negative=summary.in_deficit),
    )


def _indicators(summary: BudgetSummary) -> tuple[Banner, ...]:
    return tuple(
        Banner(
            key=f"indicator-{key}",
            tone=indicator.band.value,
            strong=indicator.name_it,
            text=indicator.sentence_it,
            dot=True,
            value=indicator.shown_it,
            sources=(Link(text=indicator.source, url=indicator.source_url),),
        )
        for key, indicator in summary.indicators.items()
    )


def _reference(summary: BudgetSummary) -> str:
    if summary.income <= 0:
        return ""
    view = fifty_thirty_twenty(summary)
    return (
        f"Vista 50/30/20, solo come riferimento: spese essenziali {format_percent(view.needs)}, "
        f"altre spese {format_percent(view.wants)}, risparmio {format_percent(view.saving)}."
    )


def _calendar_banner(months: tuple[CalendarMonth, ...], set_aside: Decimal) -> Banner:
    tone: Tone
    short = [m for m in months if m.short]
    if short:
        names = ", ".join(month_name(date(m.year, m.month, 1)) for m in short)
        worst = min(short, key=lambda m: m.balance)
        big = max(worst.expenses, key=lambda item: item.amount, default=None)
        cause = f" (la spesa più grande: {big.label}, {format_eur(big.amount)})" if big else ""
        text = (
            f"Mesi in cui le uscite superano le entrate: {names}. Il più difficile è "
            f"{month_name(date(worst.year, worst.month, 1))}, con {format_eur(worst.balance)}{cause}."
        )
        tone = "amber"
    else:
        text, tone = "In nessuno dei prossimi 12 mesi le uscite superano le entrate.", "green"
    if set_aside > 0:
        text += (
            f" Per le spese che non arrivano ogni mese conviene mettere da parte {format_eur(set_aside)} al mese "
            "(accantonamento)."
        )
    overdrawn = [m for m in months if m.cash < 0]
    if overdrawn:
        tone = "red"
        text += f" Attenzione: da {month_name(date(overdrawn[0].year, overdrawn[0].month, 1))} i soldi disponibili "
        text += "non bastano più."
    return Banner(key="calendar-sentence", tone=tone, text=text)


def _categories_alt(items: tuple[tuple[str, Decimal], ...]) -> str:
    if not items:
        return "Nessuna spesa inserita."
    listed = "; ".join(f"{name} {format_eur(amount)}" for name, amount in items)
    return f"Grafico a barre delle spese di ogni mese per categoria, dalla più grande: {listed}."


def _calendar_alt(months: tuple[CalendarMonth, ...]) -> str:
    parts = "; ".join(
        f"{month_name(date(m.year, m.month, 1))}: entrate {format_eur(m.income)}, uscite {format_eur(m.outgoings)}, "
        f"a fine mese {format_eur(m.cash)}"
        for m in months
    )
    return f"Grafico dei prossimi 12 mesi, entrate e uscite di ogni mese e i soldi disponibili a fine mese. {parts}."


def budget_view(household: Household, *, today: date) -> BudgetView:
    """What the budget app shows for ``household``; the calendar starts with ``today``'s month.

    Examples
    --------
    >>> from datetime import date
    >>> from oltre_finance.io.samples import load_sample
    >>> view = budget_view(load_sample("madre_separata"), today=date(2026, 12, 1))
    >>> (view.months[0].year, view.months[0].month), [card.key for card in view.cards]
    ((2026, 12), ['income', 'expenses', 'balance', 'rate'])
    """
    summary = summarize(household)
    calendar = cashflow_calendar(household, start_year=today.year, start_month=today.month)
    names = {key: entry["label"] for key, entry in categories().items()}
    spent = tuple((names.get(key, key), amount) for key, amount in summary.by_category.items())
    return BudgetView(
        summary=summary,
        cards=_cards(summary),
        indicators=_indicators(summary),
        reference=_reference(summary),
        empty=not (household.incomes or household.expenses),
        empty_hint=(
            "Aggiungi le entrate e le spese della famiglia: qui compariranno i semafori, il grafico di dove vanno "
            "i soldi e il calendario dei prossimi 12 mesi."
        ),
        categories=spent,
        categories_alt=_categories_alt(spent),
        months=calendar.months,
        calendar=_calendar_banner(calendar.months, calendar.set_aside),
        calendar_alt=_calendar_alt(calendar.months),
    )
