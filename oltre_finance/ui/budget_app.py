"""The "Bilancio familiare" app: incomes and expenses, the monthly summary, indicators, the 12-month calendar.

The arithmetic is in :mod:`oltre_finance.budget`; files go through
:mod:`oltre_finance.io.household_file`. This module keeps the household
being edited, turns the rows into a new (immutable) household on every
change and lays out the answer in Italian.
"""

from __future__ import annotations

import base64
import logging
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.budget import cashflow_calendar, fifty_thirty_twenty, summarize
from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household, categories, household_from_dict
from oltre_finance.io.household_file import household_to_json
from oltre_finance.money import format_eur, format_number, format_percent
from oltre_finance.ui.blocks import UNEXPECTED_ERROR, cards_html, dot, output
from oltre_finance.ui.charts import MONTHS_IT, calendar_chart, category_chart
from oltre_finance.ui.fields import amount_field
from oltre_finance.ui.household_picker import HouseholdPicker
from oltre_finance.ui.rows import ItemRow, header
from oltre_finance.ui.style import stylesheet

__all__ = ["BudgetApp"]

log = logging.getLogger(__name__)


def _empty_household() -> Household:
    return household_from_dict({"name": "La mia famiglia", "members": [{"role": "adult", "name": "Io", "age": 40}]})


class BudgetApp:
    """Build with ``BudgetApp()`` and display ``.widget``."""

    def __init__(self, *, today: date | None = None, sample: str | None = "affitto_meta_reddito") -> None:
        self.today = today or date.today()
        self.picker = HouseholdPicker(
            self._show_household, sample=sample, unchanged_it="La famiglia sullo schermo non è cambiata.",
            empty_label="Famiglia vuota (inserisci i tuoi dati)",
        )  # fmt: skip
        self.savings = amount_field(
            "savings",
            "Soldi disponibili oggi su conti e libretti (€)",
            "0",
            hint="servono per il calendario e per i mesi coperti dai risparmi",
        )
        self.savings.box.layout.width = "26em"
        self.savings.on_change(self.refresh)
        self.income_rows_box = widgets.VBox()
        self.expense_rows_box = widgets.VBox()
        add_income = widgets.Button(description="+ Aggiungi entrata")
        add_expense = widgets.Button(description="+ Aggiungi spesa")
        add_income.on_click(lambda _b: self._add_row("income"))
        add_expense.on_click(lambda _b: self._add_row("expense"))
        self.status = output("of-status")
        self.cards = output("of-summary")
        self.indicators = output("of-indicators")
        self.category_image = widgets.Image(format="png", layout=widgets.Layout(max_width="700px"))
        self.calendar_image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.calendar_image.add_class("of-calendar-chart")
        self.calendar_text = output("of-calendar")
        self.download = widgets.HTML()

        self._loading = False
        self.household = _empty_household()
        self.rows: dict[str, list[ItemRow]] = {"income": [], "expense": []}

        self.widget = widgets.VBox(
            [
                stylesheet(),
                widgets.HTML(
                    "<h2>Bilancio familiare</h2><div class='of-intro'>Scegli una famiglia di esempio o parti da "
                    "zero, poi scrivi entrate e spese con la loro frequenza (mensile, bimestrale, annuale…). "
                    "Vedi il bilancio del mese, i semafori e i mesi in cui i soldi non bastano. "
                    "I dati restano su questo computer.</div>"
                ),
                self.picker.box,
                self.savings.box,
                widgets.HTML("<h3>Entrate (nette)</h3>"),
                header("income"),
                self.income_rows_box,
                add_income,
                widgets.HTML("<h3>Spese</h3>"),
                header("expense"),
                self.expense_rows_box,
                add_expense,
                self.status,
                widgets.HTML("<h3>Il mese</h3>"),
                self.cards,
                self.indicators,
                self.category_image,
                widgets.HTML("<h3>Il calendario dei prossimi 12 mesi</h3>"),
                self.calendar_image,
                self.calendar_text,
                self.download,
            ]
        )
        self.widget.add_class("of-app")
        self.picker.load_choice()

    # -- loading -------------------------------------------------------------

    def _show_household(self, chosen: Household | None) -> None:
        household = chosen or _empty_household()  # None: the person starts from an empty household
        self.household = household
        self.rows = {"income": [], "expense": []}
        for item in household.incomes:
            self.rows["income"].append(ItemRow("income", item, self.refresh, self._remove_row))
        for item in household.expenses:
            self.rows["expense"].append(ItemRow("expense", item, self.refresh, self._remove_row))
        self._redraw_rows()
        liquid = sum((asset.value for asset in household.assets if asset.liquid), Decimal(0))
        self._loading = True  # setting the field must not recompute with half-built state
        self.savings.text.value = format_number(liquid)
        self._loading = False
        self.refresh()

    def _add_row(self, kind: str) -> None:
        self.rows[kind].append(ItemRow(kind, None, self.refresh, self._remove_row))
        self._redraw_rows()

    def _remove_row(self, row: ItemRow) -> None:
        self.rows[row.kind].remove(row)
        self._redraw_rows()
        self.refresh()

    def _redraw_rows(self) -> None:
        self.income_rows_box.children = [row.box for row in self.rows["income"]]
        self.expense_rows_box.children = [row.box for row in self.rows["expense"]]

    # -- computing -----------------------------------------------------------

    def _edited_household(self) -> Household | None:
        """The household as the rows say, or ``None`` (errors shown beside the rows)."""
        lists: dict[str, list[dict[str, Any]]] = {"income": [], "expense": []}
        failed = False
        for kind, rows in self.rows.items():
            for row in rows:
                if not row.amount.value.strip():
                    row.clear_error()
                    continue  # a new row not filled in yet
                try:
                    lists[kind].append(row.as_dict())
                    row.clear_error()
                except OltreFinanceError:
                    failed = True
        try:
            savings = self.savings.read()
            if savings < 0:
                self.savings.show_error("I soldi disponibili non possono essere negativi.")
                failed = True
        except OltreFinanceError:
            failed = True
        if failed:
            return None
        data = self.household.model_dump(mode="json") | {"incomes": lists["income"], "expenses": lists["expense"]}
        liquid = [asset for asset in self.household.assets if asset.liquid]
        if savings != sum((asset.value for asset in liquid), Decimal(0)):
            # The person typed a new total: it replaces the accounts and deposits listed in the file.
            others = [asset.model_dump(mode="json") for asset in self.household.assets if not asset.liquid]
            data["assets"] = [*others, {"kind": "current_account", "label": "Conti e libretti", "value": str(savings)}]
        try:
            return household_from_dict(data)
        except OltreFinanceError as error:
            path = (error.field or "").split(".")
            if len(path) >= 2 and path[0] in ("incomes", "expenses") and path[1].isdigit():
                kind = "income" if path[0] == "incomes" else "expense"
                filled = [row for row in self.rows[kind] if row.amount.value.strip()]
                filled[int(path[1])].show_error("Valore non valido: controlla importo e frequenza.")
            else:
                self.status.value = f"<div class='of-banner of-banner-red'>{escape(error.message_it)}</div>"
            return None

    def refresh(self) -> None:
        """Recompute from the rows; keep the last results on screen if a row is wrong."""
        if self._loading:
            return
        try:
            household = self._edited_household()
            if household is None:
                self.status.value = (
                    "<div class='of-banner of-banner-red'>Correggi la riga segnata in rosso: i risultati qui sotto "
                    "si riferiscono all'ultimo calcolo valido.</div>"
                )
                return
            self.status.value = ""
            self.household = household
            self._show_results(household)
        except Exception:  # the person must never see a traceback
            log.exception("budget app failed")
            self.status.value = UNEXPECTED_ERROR

    def _show_results(self, household: Household) -> None:
        payload = base64.b64encode(household_to_json(household).encode("utf-8")).decode("ascii")
        self.download.value = (
            f"<p><a class='of-download' download='famiglia.json' href='data:application/json;base64,{payload}'>"
            "⬇ Scarica la famiglia (file JSON da ricaricare la prossima volta)</a></p>"
        )
        summary = summarize(household)
        balance_class = "of-card-negative" if summary.in_deficit else ""
        rate = "—" if summary.savings_rate is None else format_percent(summary.savings_rate, decimals=1)
        cards = [
            ("Entrate al mese", format_eur(summary.income), "of-card-income"),
            ("Uscite al mese", format_eur(summary.expenses), "of-card-expenses"),
            ("Saldo del mese", format_eur(summary.balance), f"of-card-balance {balance_class}"),
            ("Quota risparmiata", rate, "of-card-rate"),
        ]
        self.cards.value = cards_html(cards)
        lights = []
        for key, indicator in summary.indicators.items():
            lights.append(
                f"<div class='of-banner of-banner-{indicator.band.value} of-indicator-{key}'>"
                f"{dot(indicator.band)}<b>{escape(indicator.name_it)}</b>: "
                f"{escape(indicator.sentence_it)}<div class='of-source'>{escape(indicator.source)}</div></div>"
            )
        if summary.income > 0:
            view = fifty_thirty_twenty(summary)
            lights.append(
                "<p class='of-source of-503020'>Vista 50/30/20, solo come riferimento: spese essenziali "
                f"{format_percent(view.needs, decimals=0)} (riferimento 50 %), altre spese "
                f"{format_percent(view.wants, decimals=0)} (30 %), risparmio {format_percent(view.saving, decimals=0)}"
                " (20 %).</p>"
            )
        self.indicators.value = "".join(lights)
        has_items = bool(household.incomes or household.expenses)
        for image in (self.category_image, self.calendar_image):
            image.layout.display = None if has_items else "none"
        if not has_items:
            self.indicators.value = (
                "<div class='of-banner of-banner-info'>Aggiungi le entrate e le spese della famiglia: qui "
                "compariranno i semafori, il grafico di dove vanno i soldi e il calendario dei prossimi 12 mesi."
                "</div>"
            )
            self.calendar_text.value = ""
            return
        labels = {key: entry["label"] for key, entry in categories().items()}
        self.category_image.value = category_chart(summary.by_category, labels)

        first_year, first_month = (
            (self.today.year, self.today.month + 1) if self.today.month < 12 else (self.today.year + 1, 1)
        )
        calendar = cashflow_calendar(household, start_year=first_year, start_month=first_month)
        self.calendar_image.value = calendar_chart(
            [(m.year, m.month, m.income, m.outgoings, m.cash) for m in calendar.months]
        )
        self.calendar_text.value = self._calendar_sentence(calendar)

    @staticmethod
    def _calendar_sentence(calendar: Any) -> str:
        short = calendar.short_months
        if short:
            names = ", ".join(f"{MONTHS_IT[m.month - 1]} {m.year}" for m in short)
            worst = min(short, key=lambda m: m.balance)
            big = max(worst.expenses, key=lambda item: item.amount, default=None)
            cause = f" (la spesa più grande: {escape(big.label)}, {format_eur(big.amount)})" if big else ""
            text = (
                f"Mesi in cui le uscite superano le entrate: <b>{escape(names)}</b>. Il più difficile è "
                f"{MONTHS_IT[worst.month - 1]} {worst.year}, con {format_eur(worst.balance)}{cause}."
            )
            band = "amber"
        else:
            text = "In nessuno dei prossimi 12 mesi le uscite superano le entrate."
            band = "green"
        if calendar.set_aside > 0:
            text += (
                " Per le spese che non arrivano ogni mese conviene mettere da parte "
                f"<b>{format_eur(calendar.set_aside)}</b> al mese (accantonamento)."
            )
        overdrawn = [m for m in calendar.months if m.cash < 0]
        if overdrawn:
            band = "red"
            text += (
                f" Attenzione: da {MONTHS_IT[overdrawn[0].month - 1]} {overdrawn[0].year} i soldi disponibili "
                "non bastano più."
            )
        return f"<div class='of-banner of-banner-{band}'>{text}</div>"
