"""The "Eventi di vita" app: add life events to a household and compare its months before and after.

The events and the comparison are in :mod:`oltre_finance.scenarios`; each
event's fields are in :mod:`oltre_finance.ui.event_forms`. This module
loads the household, keeps the list of events, and shows the comparison:
the sentence on what changes and what to do first, the cards, the chart of
the next 12 months, the month-by-month table, the indicators and the
benefits that may apply.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from html import escape

import ipywidgets as widgets

from oltre_finance.budget import CalendarMonth
from oltre_finance.errors import InvalidAmountError, OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.money import ZERO, format_eur
from oltre_finance.months import first_of_month
from oltre_finance.scenarios import Comparison, Event, ScenarioResult, baseline, compare
from oltre_finance.ui.blocks import (
    MONTH_NAMES,
    UNEXPECTED_ERROR,
    banner,
    cards_html,
    dot,
    labelled,
    month_name,
    output,
    wrapping_row,
)
from oltre_finance.views.charts import before_after_chart
from oltre_finance.ui.event_forms import EVENT_KINDS, EventForm
from oltre_finance.ui.fields import Field, optional_amount
from oltre_finance.ui.goal_rows import month_options
from oltre_finance.ui.household_picker import HouseholdPicker
from oltre_finance.ui.style import stylesheet

__all__ = ["EventsApp"]

log = logging.getLogger(__name__)
SCENARIO = "Dopo gli eventi"


class EventsApp:
    """Build with ``EventsApp()`` and display ``.widget``."""

    def __init__(self, *, today: date | None = None, sample: str | None = "coppia_neonato") -> None:
        self.today = today or date.today()
        self.picker = HouseholdPicker(
            self._show_household, sample=sample, unchanged_it="La famiglia sullo schermo non è cambiata."
        )

        first = first_of_month(self.today, plus=1)
        self.start = widgets.Dropdown(options=month_options(first, 24)[1:], layout=widgets.Layout(width="13em"))
        self.start.add_class("of-start")
        self.isee = Field(
            "isee", "ISEE della famiglia (€)", "", _isee,
            placeholder="se lo conoscete", hint="serve per stimare Assegno Unico e bonus",
        )  # fmt: skip

        self.kind = widgets.Dropdown(
            options=[(name, key) for key, name in EVENT_KINDS.items()], layout=widgets.Layout(width="18em")
        )
        self.kind.add_class("of-event-kind")
        add = widgets.Button(description="+ Aggiungi evento", button_style="primary")
        add.add_class("of-add-event")
        add.on_click(lambda _b: self.add_event(self.kind.value))
        self.forms: list[EventForm] = []
        self.forms_box = widgets.VBox()

        self.status = output("of-status")
        self.sentence = output("of-outcome")
        self.cards = output("of-summary")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.chart.add_class("of-events-chart")
        self.changes = output("of-changes")
        self.months_table = output("of-months")
        self.indicators = output("of-indicators")
        self.benefits = output("of-benefits")
        self.steps = output("of-steps")

        self.household: Household | None = None
        self.start.observe(lambda _c: self.refresh(), names="value")
        self.isee.on_change(self.refresh)

        self.widget = widgets.VBox(
            [
                stylesheet(),
                widgets.HTML(
                    "<h2>Eventi di vita</h2><div class='of-intro'>Una nascita, la cura di un genitore, una "
                    "separazione, la casa, il lavoro perso, un prestito: aggiungi uno o più eventi e guarda come "
                    "cambiano i prossimi 12 mesi della famiglia, quali aiuti pubblici potrebbero spettare e che cosa "
                    "fare per primo. Sono stime indicative; i dati restano su questo computer.</div>"
                ),
                self.picker.box,
                widgets.HTML("<h3>1. Da quando guardare</h3>"),
                wrapping_row([labelled("Primo mese dei 12", self.start), self.isee.box]),
                widgets.HTML("<h3>2. Gli eventi</h3>"),
                self.forms_box,
                wrapping_row([self.kind, add]),
                widgets.HTML("<h3>3. Prima e dopo</h3>"),
                self.status,
                self.sentence,
                self.cards,
                self.chart,
                self.changes,
                self.steps,
                self.benefits,
                self.indicators,
                self.months_table,
            ]
        )
        self.widget.add_class("of-app")
        self.picker.load_choice()

    # -- household and events ----------------------------------------------------

    def _show_household(self, household: Household | None) -> None:
        assert household is not None  # this app offers no empty start
        self.household = household
        self.forms = []  # the events' fields are prefilled from the household: start again
        self.forms_box.children = []
        self.refresh()

    @property
    def first_month(self) -> date:
        year, month = self.start.value.split("-")
        return date(int(year), int(month), 1)

    def add_event(self, kind: str) -> EventForm:
        """Add the form of an event of ``kind`` (a key of ``EVENT_KINDS``) and recompute."""
        assert self.household is not None
        form = EventForm(
            kind, self.household, start=self.first_month, today=self.today, on_change=self.refresh,
            on_remove=self._remove,
        )  # fmt: skip
        self.forms.append(form)
        self.forms_box.children = [f.box for f in self.forms]
        self.refresh()
        return form

    def _remove(self, form: EventForm) -> None:
        self.forms.remove(form)
        self.forms_box.children = [f.box for f in self.forms]
        self.refresh()

    # -- computing -----------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the comparison; keep the last results on screen if a field is wrong."""
        if self.household is None:
            return
        try:
            self._refresh(self.household)
        except Exception:  # the person must never see a traceback
            log.exception("events app failed")
            self.status.value = UNEXPECTED_ERROR

    def _events(self, household: Household, isee: Decimal | None) -> list[Event] | None:
        """The events of the forms, applied once here so that an error shows beside its own form.

        Every form is read, so that every wrong field shows at once.
        """
        events = []
        failed = False
        for form in self.forms:
            event = form.event(isee)
            if event is None:
                failed = True
                continue
            if failed:
                continue  # it applies to the household after the wrong event: check it once that is mended
            try:
                household = event.apply(household)
            except OltreFinanceError as error:
                form.show_error(error)
                failed = True
                continue
            events.append(event)
        return None if failed else events

    def _refresh(self, household: Household) -> None:
        try:
            isee = self.isee.read()
        except OltreFinanceError:
            self._stale()
            return
        events = self._events(household, isee)
        if events is None:
            self._stale()
            return
        start = self.first_month
        if not events:
            base = baseline(household, start_year=start.year, start_month=start.month, isee=isee)
            self.status.value = banner("info", "Aggiungi un evento qui sopra per vedere che cosa cambia.")
            self._show_base(base)
            return
        result = compare(household, {SCENARIO: events}, start_year=start.year, start_month=start.month, isee=isee)
        self.status.value = ""
        self._show(result)

    def _stale(self) -> None:
        self.status.value = banner(
            "red", "Correggi il campo segnato in rosso: i risultati qui sotto si riferiscono all'ultimo calcolo valido."
        )

    # -- showing -------------------------------------------------------------

    def _show_base(self, base: ScenarioResult) -> None:
        self.sentence.value = ""
        self.cards.value = cards_html(
            [
                ("Saldo del mese, oggi", format_eur(base.summary.balance), _sign(base.summary.balance)),
                ("Mesi in rosso nei prossimi 12", str(len(base.calendar.short_months)), "of-card-short"),
                ("Soldi disponibili tra 12 mesi", format_eur(base.calendar.months[-1].cash), "of-card-cash"),
            ]
        )
        self.chart.value = before_after_chart(*_series(base, base))
        for area in (self.changes, self.steps, self.indicators, self.months_table):
            area.value = ""
        self.benefits.value = _benefits_html(base)

    def _show(self, result: Comparison) -> None:
        base, after = result.base, result.scenarios[0]
        self.sentence.value = f"<p class='of-sentence of-outcome-text'>{escape(result.sentence_it(SCENARIO))}</p>"
        runs_out = next((m for m in after.calendar.months if m.cash < 0), None)
        self.cards.value = cards_html(
            [
                ("Saldo del mese, oggi", format_eur(base.summary.balance), _sign(base.summary.balance)),
                ("Saldo del mese, dopo (a regime)", format_eur(after.summary.balance), _sign(after.summary.balance)),
                ("Mesi in rosso su 12", f"{len(base.calendar.short_months)} → {len(after.calendar.short_months)}",
                 "of-card-short"),
                ("I soldi finiscono", month_name(date(runs_out.year, runs_out.month, 1)) if runs_out else "no",
                 "of-card-negative" if runs_out else ""),
            ]
        )  # fmt: skip
        self.chart.value = before_after_chart(*_series(base, after))
        events = "".join(f"<li>{escape(label)}</li>" for label in after.events)
        changes = "".join(f"<li>{escape(line)}</li>" for line in result.changes[SCENARIO])
        self.changes.value = f"<h4>Che cosa cambia</h4><ul class='of-events-list'>{events}</ul><ul>{changes}</ul>"
        steps = "".join(f"<li>{escape(step)}</li>" for step in after.first_steps)
        self.steps.value = (
            f"<h4>Che cosa fare, nell'ordine</h4><ol class='of-first-steps'>{steps}</ol>" if steps else ""
        )
        self.benefits.value = _benefits_html(after)
        self.indicators.value = _indicators_html(base, after)
        self.months_table.value = _months_html(base, after)


def _isee(text: str) -> Decimal | None:
    """The ISEE field: empty when not known, never negative."""
    value = optional_amount(text, field="isee")
    if value is not None and value < 0:
        raise InvalidAmountError(
            "isee must not be negative", field="isee", message_it="L'ISEE non può essere negativo."
        )
    return value


def _sign(amount: Decimal) -> str:
    return "of-card-negative" if amount < 0 else ""


def _series(
    base: ScenarioResult, after: ScenarioResult
) -> tuple[list[tuple[int, int]], list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]]:
    months = [(m.year, m.month) for m in base.calendar.months]
    return (
        months,
        [(m.balance, m.cash) for m in base.calendar.months],
        [(m.balance, m.cash) for m in after.calendar.months],
    )


def _benefits_html(result: ScenarioResult) -> str:
    if not result.benefits:
        return (
            "<h4>Aiuti che potrebbero spettare</h4><p class='of-source'>Con figli a carico o con l'ISEE si stimano "
            "qui l'Assegno Unico e il bonus sociale per la luce.</p>"
        )
    rows = []
    for benefit in result.benefits:
        counted = "—" if benefit.counted is None else format_eur(benefit.counted)
        worth = format_eur(benefit.monthly) if benefit.entitled else "non spetta"
        rows.append(
            f"<tr><td style='text-align:left'>{escape(benefit.title_it)}</td><td>{worth}</td><td>{counted}</td>"
            f"<td style='text-align:left'>{escape(benefit.note_it)}</td></tr>"
        )
    gas_note = ""
    if any(b.key == "bonus_gas" for b in result.benefits):
        gas_note = " Per il bonus gas si mostra il minimo dell'anno: l'importo dipende da zona climatica e usi."
    sources = " · ".join(f"{escape(b.reference)}; {escape(b.source)}" for b in result.benefits)
    return (
        "<h4>Aiuti che potrebbero spettare</h4><div class='of-scroll'><table class='of-table of-benefits-table'>"
        "<tr><th style='text-align:left'>Aiuto</th><th>Stima al mese</th><th>Già nel bilancio</th>"
        "<th style='text-align:left'>Nota</th></tr>" + "".join(rows) + "</table></div>"
        f"<p class='of-source'>Stima indicativa: l'importo vero lo decide l'ente. Fonti: {sources}.{gas_note}</p>"
    )


def _indicators_html(base: ScenarioResult, after: ScenarioResult) -> str:
    rows = []
    for key, new in after.summary.indicators.items():
        old = base.summary.indicators.get(key)
        if old is None:
            continue
        rows.append(
            f"<tr><td style='text-align:left'>{escape(new.name_it)}</td><td>{dot(old.band)}{escape(old.shown_it)}</td>"
            f"<td>{dot(new.band)}{escape(new.shown_it)}</td></tr>"
        )
    return (
        "<h4>I semafori del bilancio (mese tipo, a eventi conclusi)</h4><div class='of-scroll'><table class='of-table'>"
        "<tr><th style='text-align:left'></th><th>Oggi</th><th>Dopo</th></tr>" + "".join(rows) + "</table></div>"
    )


def _items(month: CalendarMonth) -> dict[str, Decimal]:
    return {item.label: item.amount for item in month.incomes + month.expenses}


def _what_changes(base: CalendarMonth, after: CalendarMonth, previous: CalendarMonth | None) -> list[str]:
    """Items of the month after the events that stop (−) and that start (+) this month."""
    before, now = _items(base), _items(after)
    earlier = _items(previous) if previous is not None else before
    starts = [f"+ {label}" for label, amount in now.items() if before.get(label) != amount and label not in earlier]
    stops = [f"− {label}" for label in before if label not in now and label in earlier]
    return stops + starts


def _months_html(base: ScenarioResult, after: ScenarioResult) -> str:
    rows = []
    previous = None
    for before, now in zip(base.calendar.months, after.calendar.months, strict=True):
        new = _what_changes(before, now, previous)
        previous = now
        shown = ", ".join(new[:3]) + (f" e altre {len(new) - 3}" if len(new) > 3 else "")
        css = "of-late" if now.short else ""
        rows.append(
            f"<tr class='{css}'><td style='text-align:left'>{MONTH_NAMES[now.month - 1]} {now.year}</td>"
            f"<td>{format_eur(before.balance)}</td><td>{format_eur(now.income)}</td><td>{format_eur(now.outgoings)}</td>"
            f"<td><b>{format_eur(now.balance)}</b></td><td>{format_eur(now.cash)}</td>"
            f"<td style='text-align:left' class='of-new-items'>{escape(shown)}</td></tr>"
        )
    gap = sum((m.balance for m in after.calendar.months), ZERO) - sum((m.balance for m in base.calendar.months), ZERO)
    return (
        "<h4>Mese per mese</h4><div class='of-scroll'><table class='of-table of-months-table'>"
        "<tr><th style='text-align:left'>Mese</th><th>Saldo oggi</th><th>Entrate dopo</th><th>Uscite dopo</th>"
        "<th>Saldo dopo</th><th>Soldi disponibili</th>"
        "<th style='text-align:left'>Voci che iniziano (+) o finiscono (−)</th></tr>"
        + "".join(rows)
        + f"</table></div><p class='of-source'>In 12 mesi gli eventi cambiano il saldo di {format_eur(gap)}. "
        "In rosso i mesi in cui le uscite superano le entrate.</p>"
    )
