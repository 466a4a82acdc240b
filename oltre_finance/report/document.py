"""The personalised plan of a meeting, as plain data: sections of sentences, cards, banners, tables and figures.

Everything comes from the apps' own view models (budget, payoff, savings)
and from :func:`~oltre_finance.followup.compare_meetings`: the printed plan
never computes a figure of its own. The PDF (:mod:`.pdf`), the HTML page
(:mod:`.html`) and the workbook (:mod:`.xlsx`) render this one record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from oltre_finance.consultation import ACTION_STATUSES, DEBT_STRATEGIES, Action, Case, Meeting
from oltre_finance.errors import StoreError
from oltre_finance.followup import compare_meetings
from oltre_finance.italy.data_files import freeze, load_rule
from oltre_finance.money import format_eur, format_number
from oltre_finance.months import month_name
from oltre_finance.views.blocks import Banner, Card, Table
from oltre_finance.views.budget import BudgetView, budget_view
from oltre_finance.views.charts import calendar_chart
from oltre_finance.views.payoff import PayoffInputs, PayoffParsed, PayoffView, parse_payoff, payoff_rows, payoff_view
from oltre_finance.views.savings import ParsedSavings, SavingsView, initial_inputs, parse_savings, savings_view

__all__ = ["Contact", "Figure", "PlanDocument", "Section", "actions_table", "plan_document"]


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A chart as SVG markup, with the text that says what it shows."""

    key: str
    svg: str
    #: What it shows, in full, for whoever cannot see it (the PDF's alternative text, the page's ``alt``).
    alt: str
    #: The short line printed under it.
    caption: str


@dataclass(frozen=True, kw_only=True)
class Section:
    """One part of the plan: a title and what it holds, in order of reading."""

    key: str
    title: str
    sentences: tuple[str, ...] = ()
    cards: tuple[Card, ...] = ()
    banners: tuple[Banner, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Contact:
    name: str
    text: str
    url: str


@dataclass(frozen=True, kw_only=True)
class PlanDocument:
    """The plan handed to the household after a meeting."""

    title: str
    #: Case code, meeting number and date, consultant: the line under the title.
    subtitle: str
    sections: tuple[Section, ...]
    contacts: tuple[Contact, ...]
    glossary: tuple[tuple[str, str], ...]
    disclaimer: str
    #: The views the sections were made from, for the workbook and for tests.
    budget: BudgetView
    payoff: PayoffView
    savings: SavingsView


@cache
def _texts() -> Any:
    return freeze(json.loads(files("oltre_finance.report").joinpath("texts.json").read_text(encoding="utf-8")))


def _situation(view: BudgetView) -> Section:
    if view.empty:
        return Section(key="situation", title="La situazione oggi", sentences=(view.empty_hint,))
    categories = Table(
        key="categories", caption="Le spese di ogni mese, per voce", columns=("Voce", "Al mese"),
        rows=tuple((name, format_eur(amount)) for name, amount in view.categories),
    )  # fmt: skip
    sentences = (view.reference,) if view.reference else ()
    return Section(key="situation", title="La situazione oggi", cards=view.cards, banners=view.indicators,
                   sentences=sentences, tables=(categories,))  # fmt: skip


def _calendar(view: BudgetView) -> Section:
    if view.empty:
        return Section(key="calendar", title="I prossimi 12 mesi", sentences=(view.empty_hint,))
    rows = tuple(
        (month_name(date(m.year, m.month, 1)), format_eur(m.income), format_eur(m.outgoings), format_eur(m.balance),
         format_eur(m.cash))
        for m in view.months
    )  # fmt: skip
    table = Table(key="calendar", caption="Mese per mese: entrate, uscite e soldi disponibili a fine mese",
                  columns=("Mese", "Entrate", "Uscite", "Saldo", "Disponibili"), rows=rows)  # fmt: skip
    months = [(m.year, m.month, m.income, m.outgoings, m.cash) for m in view.months]
    figure = Figure(key="calendar-chart", svg=calendar_chart(months), alt=view.calendar_alt,
                    caption="Entrate e uscite di ogni mese, e i soldi disponibili a fine mese")  # fmt: skip
    return Section(key="calendar", title="I prossimi 12 mesi", banners=(view.calendar,), tables=(table,),
                   figures=(figure,))  # fmt: skip


def _payoff(meeting: Meeting, today: date) -> PayoffView:
    strategy = meeting.plan.debt_strategy if meeting.plan else "avalanche"
    inputs = PayoffInputs(debts=payoff_rows(meeting.household), strategy=strategy)
    first = payoff_view(_parsed(inputs), meeting.household, today=today)
    extra = meeting.plan.debt_extra if meeting.plan else Decimal(0)
    if not extra or first.empty:
        return first
    chosen = PayoffInputs(debts=inputs.debts, strategy=strategy, budget=format_number(first.minimums + extra))
    return payoff_view(_parsed(chosen), meeting.household, today=today)


def _parsed(inputs: PayoffInputs) -> PayoffParsed:
    parsed = parse_payoff(inputs)
    if not isinstance(parsed, PayoffParsed):  # the household's debts were validated when it was stored
        raise StoreError("the stored debts do not parse", field=None, message_it="I debiti salvati non sono validi.")
    return parsed


def _debts(view: PayoffView, meeting: Meeting) -> Section:
    if view.empty:
        return Section(key="debts", title="Il piano per i debiti", sentences=(view.empty_hint,))
    strategy = DEBT_STRATEGIES[meeting.plan.debt_strategy] if meeting.plan else DEBT_STRATEGIES["avalanche"]
    lines = (f"Ordine scelto: {strategy}.", view.sentence)
    return Section(key="debts", title="Il piano per i debiti", sentences=lines, cards=view.cards,
                   banners=view.notes, tables=(view.debt_table,))  # fmt: skip


def _savings(meeting: Meeting, today: date) -> SavingsView:
    inputs = initial_inputs(meeting.household, today=today)
    if meeting.plan and meeting.plan.savings_monthly:
        inputs = initial_inputs(meeting.household, today=today,
                                kept={"monthly": format_number(meeting.plan.savings_monthly)})  # fmt: skip
    parsed = parse_savings(inputs, today=today)
    if not isinstance(parsed, ParsedSavings):
        raise StoreError(
            "the stored savings do not parse", field=None, message_it="I risparmi salvati non sono validi."
        )
    return savings_view(parsed, meeting.household, today=today)


def _saving(view: SavingsView) -> Section:
    banners = tuple(b for b in (view.deficit, view.fund_banner, view.over_surplus) if b is not None)
    sentences = tuple(s for s in (view.projection_sentence, view.goals_note) if s)
    return Section(key="savings", title="Il piano di risparmio", cards=view.cards, banners=banners,
                   sentences=sentences, tables=(view.goals_table,))  # fmt: skip


def actions_table(actions: Sequence[Action], today: date) -> Table:
    """The agreed actions as a table: what, who, by when, and the status on ``today`` ("in ritardo" when late)."""
    rows = tuple(
        (a.text, a.owner or "—", f"{a.due:%d/%m/%Y}" if a.due else "—",
         "in ritardo" if a.overdue(today) else ACTION_STATUSES[a.status])
        for a in actions
    )  # fmt: skip
    return Table(key="actions", caption="Chi fa che cosa, e per quando",
                 columns=("Azione", "Chi", "Entro il", "Stato"), rows=rows)  # fmt: skip


def _actions(meeting: Meeting, today: date) -> Section:
    actions = meeting.plan.actions if meeting.plan else ()
    if not actions:
        return Section(key="actions", title="Le azioni concordate", sentences=("Nessuna azione concordata.",))
    table = actions_table(actions, today)
    notes = (meeting.plan.notes,) if meeting.plan and meeting.plan.notes else ()
    return Section(key="actions", title="Le azioni concordate", tables=(table,), sentences=notes)


def _progress(case: Case, meeting: Meeting, today: date) -> Section | None:
    earlier = [m for m in case.meetings if m.on < meeting.on or (m.on == meeting.on and m.number < meeting.number)]
    if not earlier:
        return None
    comparison = compare_meetings(case, earlier[-1].number, meeting.number, today=today)
    title = f"I progressi dall'incontro del {earlier[-1].on:%d/%m/%Y}"
    return Section(key="progress", title=title, sentences=comparison.sentences_it)


def plan_document(case: Case, number: int, *, today: date | None = None) -> PlanDocument:
    """The plan of meeting ``number`` of ``case``, computed as the apps compute it on the meeting's day.

    ``today`` (by default the meeting's date) is the day the calendar and the plans start from.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> meeting = Meeting(number=1, on=date(2026, 12, 1), consultant="Anna", household=load_sample("madre_separata"))
    >>> document = plan_document(Case(code="OF-PROVA", opened_on=date(2026, 12, 1), meetings=(meeting,)), 1)
    >>> [section.key for section in document.sections]
    ['situation', 'calendar', 'debts', 'savings', 'actions']
    """
    meeting = case.meeting(number)
    day = today or meeting.on
    budget = budget_view(meeting.household, today=day)
    payoff = _payoff(meeting, day)
    savings = _savings(meeting, day)
    progress = _progress(case, meeting, day)
    sections = [
        _situation(budget),
        _calendar(budget),
        _debts(payoff, meeting),
        _saving(savings),
        _actions(meeting, day),
    ]
    if progress is not None:
        sections.insert(1, progress)
    texts = _texts()
    where = load_rule("overindebtedness.json")["where_to_go"]
    contacts = tuple(Contact(name=item["name_it"], text=item["text_it"], url=item["url"]) for item in texts["contacts"])
    contacts += tuple(Contact(name=item["name_it"], text=item["text_it"], url=item["url"]) for item in where)
    who = f", con {meeting.consultant}" if meeting.consultant else ""
    return PlanDocument(
        title=f"Il piano di {meeting.household.name}",
        subtitle=f"Caso {case.code} · incontro {meeting.number} del {meeting.on:%d/%m/%Y}{who}",
        sections=tuple(sections),
        contacts=contacts,
        glossary=tuple((item["term"], item["text"]) for item in texts["glossary"]),
        disclaimer=texts["disclaimer"],
        budget=budget,
        payoff=payoff,
        savings=savings,
    )
