"""The "Calcolatore prestito" app: a loan's instalment, TAEG, cost, schedule and usury check.

All the arithmetic is in the core (:mod:`oltre_finance.loans`,
:mod:`oltre_finance.italy.usury`); this module reads the fields, calls the
core and lays out the answer in Italian.
"""

from __future__ import annotations

import base64
import logging
from datetime import date
from html import escape
from urllib.parse import quote

import ipywidgets as widgets

from oltre_finance.errors import OltreFinanceError
from oltre_finance.io.schedule_csv import schedule_to_csv
from oltre_finance.italy.usury import TegmTable, available_tables, table_on, usury_check
from oltre_finance.loans import CreditCost, Loan, Schedule, loan_taeg
from oltre_finance.loans.affordability import instalment_to_income
from oltre_finance.money import format_eur, format_percent
from oltre_finance.ui.blocks import UNEXPECTED_ERROR, cards_html
from oltre_finance.views.charts import loan_chart
from oltre_finance.ui.fields import Field, amount_field, integer_field, optional_amount, percent_field
from oltre_finance.ui.loan_texts import PERIOD_NAMES, describe_loan, describe_usury
from oltre_finance.ui.style import stylesheet

__all__ = ["LoanCalculatorApp"]

log = logging.getLogger(__name__)

#: Categories of the usury table a household meets, shown first.
HOUSEHOLD_CATEGORIES = (
    "credito_personale",
    "credito_finalizzato",
    "cessione_quinto_stipendio_pensione",
    "mutui_ipotecari_tasso_fisso",
    "mutui_ipotecari_tasso_variabile",
    "credito_revolving",
    "finanziamenti_carte_di_credito",
    "aperture_credito_conto_corrente",
    "scoperti_senza_affidamento",
    "altri_finanziamenti",
)
ROWS_SHOWN = 6  # first and last rows of the schedule table


def _usury_table(today: date) -> tuple[TegmTable, str]:
    """The table in force today, or the latest shipped with a note saying so."""
    try:
        return table_on(today), ""
    except OltreFinanceError:
        latest = available_tables()[-1]
        note = (
            f" Nota: i tassi soglia di oggi non sono ancora nel programma; uso l'ultima tabella disponibile "
            f"(dal {latest.start:%d/%m/%Y} al {latest.end:%d/%m/%Y})."
        )
        return latest, note


class LoanCalculatorApp:
    """Build with ``LoanCalculatorApp()`` and display ``.widget``."""

    def __init__(self, *, today: date | None = None) -> None:
        self.today = today or date.today()
        self.table, self.table_note = _usury_table(self.today)
        self.fields: dict[str, Field] = {
            "principal": amount_field("principal", "Importo richiesto (€)", "10.000", hint="es. 10.000 o 12.500,50"),
            "annual_rate": percent_field("annual_rate", "TAN (%)", "7,5", hint="tasso annuo nominale, es. 7,5"),
            "months": integer_field("months", "Durata (mesi)", "60", hint="da 1 a 600"),
            "upfront_fees": amount_field(
                "upfront_fees", "Spese iniziali (€)", "250", hint="istruttoria, intermediazione"
            ),
            "instalment_fee": amount_field("instalment_fee", "Spese per rata (€)", "2", hint="incasso rata"),
            "income": Field(
                "income",
                "Reddito netto mensile (€)",
                "",
                lambda text: optional_amount(text, field="income"),
                hint="facoltativo: per il rapporto rata/reddito",
            ),
        }
        self.method = widgets.ToggleButtons(
            options=[
                ("Alla francese (rata costante)", "french"),
                ("All'italiana (rata decrescente)", "italian"),
            ],
            value="french",
            style={"button_width": "auto"},
        )
        self.method.add_class("of-method")
        self.periodicity = widgets.Dropdown(
            options=[(f"Rata {name}", per_year) for per_year, (name, _) in PERIOD_NAMES.items()],
            value=12,
            layout=widgets.Layout(width="14em"),
        )
        self.category = widgets.Dropdown(
            options=self._category_options(), layout=widgets.Layout(width="26em", max_width="90vw")
        )
        self.category.add_class("of-category")

        self.status = widgets.HTML()
        self.status.add_class("of-status")
        self.cards = widgets.HTML()
        self.cards.add_class("of-summary")
        self.sentence = widgets.HTML()
        self.usury = widgets.HTML()
        self.usury.add_class("of-usury")
        self.affordability = widgets.HTML()
        self.affordability.add_class("of-affordability")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.chart.add_class("of-chart")
        self.table_view = widgets.HTML()
        self.table_view.add_class("of-schedule")

        for field in self.fields.values():
            field.on_change(self.refresh)
        for control in (self.method, self.periodicity, self.category):
            control.observe(lambda _change: self.refresh(), names="value")

        self.widget = self._layout()
        self.widget.add_class("of-app")
        self.refresh()

    def _category_options(self) -> list[tuple[str, str]]:
        categories = self.table.categories
        ordered = [key for key in HOUSEHOLD_CATEGORIES if key in categories]
        ordered += [key for key in categories if key not in ordered]
        return [(categories[key], key) for key in ordered]

    def _layout(self) -> widgets.VBox:
        field_row = widgets.Box([field.box for field in self.fields.values()])
        field_row.add_class("of-fields")
        selectors = widgets.HBox(
            [
                widgets.VBox([widgets.HTML("<label class='of-label'>Periodicità</label>"), self.periodicity]),
                widgets.VBox(
                    [
                        widgets.HTML("<label class='of-label'>Tipo di finanziamento (soglia di usura)</label>"),
                        self.category,
                    ]
                ),
            ]
        )
        selectors.add_class("of-row")
        choices = widgets.VBox(
            [widgets.HTML("<label class='of-label'>Metodo di ammortamento</label>"), self.method, selectors]
        )
        return widgets.VBox(
            [
                stylesheet(),
                widgets.HTML(
                    "<h2>Calcolatore prestito</h2><div class='of-intro'>Scrivi importo, tasso e durata come li "
                    "trovi nel preventivo (modulo SECCI): il calcolatore mostra la rata, il TAEG, quanto costa "
                    "il prestito e se il tasso rispetta la soglia di usura. I dati restano su questo computer.</div>"
                ),
                field_row,
                choices,
                self.status,
                self.cards,
                self.sentence,
                self.usury,
                self.affordability,
                self.chart,
                widgets.HTML("<h3>Piano di ammortamento</h3>"),
                self.table_view,
            ]
        )

    # -- computing -------------------------------------------------------

    def _read_loan(self) -> tuple[Loan, object] | None:
        values = {}
        for key, field in self.fields.items():
            try:
                values[key] = field.read()
            except OltreFinanceError:
                values[key] = None
        if any(value is None for key, value in values.items() if key != "income"):
            return None
        if self.fields["income"].text.value.strip() and values["income"] is None:
            return None
        try:
            loan = Loan(
                values["principal"],
                values["annual_rate"],
                values["months"],
                method=self.method.value,
                periods_per_year=self.periodicity.value,
                upfront_fees=values["upfront_fees"],
                instalment_fee=values["instalment_fee"],
            )
        except OltreFinanceError as error:
            target = self.fields.get(error.field or "", self.fields["months"])
            target.show_error(error.message_it)
            return None
        return loan, values["income"]

    def refresh(self) -> None:
        """Recompute everything from the fields; keep the last results if a field is wrong."""
        try:
            read = self._read_loan()
            if read is None:
                self.status.value = (
                    "<div class='of-banner of-banner-red'>Correggi il campo segnato in rosso: i risultati qui "
                    "sotto si riferiscono all'ultimo calcolo valido.</div>"
                )
                return
            loan, income = read
            cost = loan_taeg(loan)
            self.status.value = ""
            self._show_results(loan, cost, income)
        except Exception:  # the person must never see a traceback
            log.exception("loan calculator failed")
            self.status.value = UNEXPECTED_ERROR

    def _show_results(self, loan: Loan, cost: CreditCost, income: object) -> None:
        plan = cost.schedule
        period_name = PERIOD_NAMES[loan.periods_per_year][0]
        first_label = f"Rata {period_name}" if loan.method == "french" else f"Prima rata {period_name}"
        if loan.instalment_fee:
            first_label += " (spese incluse)"
        cards = [
            (first_label, format_eur(plan.payment), "of-card-payment"),
            ("TAEG", format_percent(cost.taeg), "of-card-taeg"),
            ("Interessi totali", format_eur(cost.total_interest), "of-card-interest"),
            ("Costo totale del credito", format_eur(cost.total_cost), "of-card-cost"),
            ("Totale da restituire", format_eur(cost.total_payable), "of-card-total"),
        ]
        self.cards.value = cards_html(cards)
        self.sentence.value = f"<p class='of-sentence'>{escape(describe_loan(loan, cost))}</p>"
        self._show_usury(loan, cost)
        self._show_affordability(plan, income)
        self.chart.value = loan_chart(plan)
        self.table_view.value = self._schedule_html(plan) + self._download_link(plan)

    def _show_usury(self, loan: Loan, cost: CreditCost) -> None:
        check = usury_check(cost.taeg, self.category.value, self.today, amount=loan.principal, table=self.table)
        band = "red" if check.is_usurious else "green"
        self.usury.value = (
            f"<div class='of-banner of-banner-{band}'>{escape(describe_usury(check) + self.table_note)}"
            f"<div class='of-source'>Fonte: {escape(check.table.source)}. Regola: {escape(check.threshold_rule)}."
            "</div></div>"
        )

    def _show_affordability(self, plan: Schedule, income: object) -> None:
        if income is None:
            self.affordability.value = ""
            return
        try:
            indicator = instalment_to_income(
                plan.payment, income, on_date=self.today, periods_per_year=plan.loan.periods_per_year
            )
        except OltreFinanceError as error:
            self.fields["income"].show_error(error.message_it)
            self.affordability.value = ""
            return
        self.affordability.value = (
            f"<div class='of-banner of-banner-{indicator.band.value}'>{escape(indicator.sentence_it)}"
            f"<div class='of-source'>Soglie: {escape(indicator.source)}</div></div>"
        )

    @staticmethod
    def _schedule_html(plan: Schedule) -> str:
        rows = plan.rows
        shown = list(rows) if len(rows) <= 2 * ROWS_SHOWN else [*rows[:ROWS_SHOWN], None, *rows[-ROWS_SHOWN:]]
        header = "".join(
            f"<th>{name}</th>"
            for name in (
                "Rata n.",
                "Importo pagato",
                "Quota interessi",
                "Quota capitale",
                "Spese",
                "Debito residuo",
            )
        )
        body = []
        for row in shown:
            if row is None:
                body.append(
                    f"<tr><td colspan='6' style='text-align:center'>… altre {len(rows) - 2 * ROWS_SHOWN} "
                    "rate …</td></tr>"
                )
                continue
            cells = (row.payment, row.interest, row.principal, row.fee, row.balance)
            body.append(f"<tr><td>{row.number}</td>" + "".join(f"<td>{format_eur(v)}</td>" for v in cells) + "</tr>")
        table = f"<table class='of-table'><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        return f"<div class='of-scroll'>{table}</div>"

    @staticmethod
    def _download_link(plan: Schedule) -> str:
        payload = base64.b64encode(schedule_to_csv(plan).encode("utf-8")).decode("ascii")
        filename = quote(f"piano_ammortamento_{len(plan.rows)}_rate.csv")
        return (
            f"<p><a class='of-download' download='{filename}' href='data:text/csv;base64,{payload}'>"
            "⬇ Scarica il piano completo (CSV per Excel o LibreOffice)</a></p>"
        )
