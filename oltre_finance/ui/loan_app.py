"""The "Calcolatore prestito" app: a loan's instalment, TAEG, cost, schedule, usury check and weight on the income.

What it shows and means is decided in :mod:`oltre_finance.views.loan`; this module binds the fields to it, shows
the result and hands the loan to the current household when the person asks.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote

import ipywidgets as widgets

from oltre_finance.household import Household
from oltre_finance.ui.fields import Field
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.shell import AppShell
from oltre_finance.validate import MAX_MONTHS
from oltre_finance.views.blocks import Banner, Errors, frozen_errors
from oltre_finance.views.charts import loan_chart
from oltre_finance.views.loan import (
    ADD_LABEL,
    FIX_FIRST,
    METHOD_OPTIONS,
    PERIOD_OPTIONS,
    LoanInputs,
    LoanView,
    ParsedLoan,
    add_loan_to_household,
    added_banner,
    category_in,
    category_options,
    income_prompt,
    inputs_from_state,
    loan_view,
    parse_loan,
    rates_in_force,
    signing_rates,
)
from oltre_finance.views.render import banner_html, cards_html, figure_html, table_html

__all__ = ["LoanCalculatorApp"]

INTRO = (
    "Scrivi importo, tasso e durata come li trovi nel preventivo (modulo SECCI): il calcolatore mostra la rata, il "
    "TAEG, quanto costa il prestito e se il tasso rispetta la soglia di usura. Quello che scrivi resta in questo "
    "browser."
)
#: Text boxes: key → (label, hint). The keys are :class:`LoanInputs`' fields.
TEXTS = {
    "principal": ("Importo richiesto (€)", "es. 10.000 o 12.500,50"),
    "annual_rate": ("TAN (%)", "tasso annuo nominale, es. 7,5"),
    "months": ("Durata (mesi)", f"da 1 a {MAX_MONTHS}"),
    "upfront_fees": ("Spese iniziali (€)", "istruttoria, intermediazione; vuoto: nessuna"),
    "instalment_fee": ("Spese per rata (€)", "incasso rata; vuoto: nessuna"),
    "income": ("Reddito netto mensile (€)", ""),
    "signed": ("Data della firma", "per le soglie di usura; vuoto: oggi; es. 11/2024"),
}
APP = "loan"
WIDE_LABEL = {"description_width": "initial"}


class LoanCalculatorApp:
    """Build with ``LoanCalculatorApp()`` and display ``.widget``; pass a ``session`` to share the household."""

    def __init__(self, *, session: HouseholdSession | None = None, today: date | None = None) -> None:
        self.shell = AppShell("Calcolatore prestito", INTRO, on_input=self.refresh, session=session, today=today)
        self.session = self.shell.session
        self.today = self.session.today
        self.rates = rates_in_force(self.today)
        start = LoanInputs()
        self.fields = {
            key: Field(key, label, getattr(start, key), str, hint=hint) for key, (label, hint) in TEXTS.items()
        }
        self.fields["label"] = Field("label", "Nome del prestito", "", str, hint="facoltativo, es. Auto")
        self.method = widgets.ToggleButtons(
            options=METHOD_OPTIONS,
            value=start.method,
            description="Metodo di ammortamento",
            style=WIDE_LABEL | {"button_width": "auto"},
        )
        self.method.add_class("of-method")
        self.periodicity = widgets.Dropdown(
            options=PERIOD_OPTIONS,
            value=start.periods_per_year,
            description="Ogni quanto si paga",
            style=WIDE_LABEL,
            layout=widgets.Layout(width="100%"),
        )
        self.category = widgets.Dropdown(
            options=category_options(self.rates.table),
            value=start.category,
            description="Tipo di finanziamento (per la soglia di usura)",
            style=WIDE_LABEL,
            layout=widgets.Layout(width="100%"),
        )
        self.category.add_class("of-category")
        for field in self.fields.values():
            field.on_change(self.shell.input_changed)
        for control in (self.method, self.periodicity, self.category):
            control.observe(lambda _change: self.shell.input_changed(), names="value")
        # The kind of credit the person chose, kept across the names of other periods (see _follow_signing_date).
        self.chosen_category = start.category
        self._offering = False
        self.category.observe(self._chose_category, names="value")

        self.cards = self.shell.headline
        self.sentence = widgets.HTML()
        self.sentence.add_class("of-sentence-box")
        self.banners = widgets.HTML()
        self.banners.add_class("of-loan-checks")
        self.add_button = widgets.Button(description=ADD_LABEL, layout=widgets.Layout(width="auto"))
        self.add_button.add_class("of-add-loan")
        self.add_button.on_click(lambda _b: self._guarded(self.add_to_household))
        self.added = widgets.HTML()
        self.added.add_class("of-loan-added-box")
        self.chart = widgets.HTML()
        self.table_view = widgets.HTML()
        self.table_view.add_class("of-schedule-box")
        self.view: LoanView | None = None

        boxes = [self.fields[key].box for key in TEXTS]
        field_row = widgets.Box(boxes)
        field_row.add_class("of-fields")
        choices = widgets.Box([_labelled_box(self.periodicity, "13em"), _labelled_box(self.category, "30em")])
        choices.add_class("of-fields")
        add_row = widgets.Box([self.fields["label"].box, self.add_button])
        add_row.add_class("of-fields")
        adding = widgets.VBox([widgets.HTML("<h3>Nel bilancio della famiglia</h3>"), add_row, self.added])
        adding.add_class("of-loan-add")
        self.widget = self.shell.layout(
            inputs=[field_row, self.method, choices],
            results=[self.sentence, self.banners, adding, self.chart, self.table_view],
        )
        self.widget.add_class("of-loan-app")
        self.session.on_app_state(APP, self._restore)
        self.shell.follow(lambda _household: self._compute())

    @property
    def household(self) -> Household:
        return self.session.household

    # -- reading and keeping the fields -------------------------------------------------------------------------

    def inputs(self) -> LoanInputs:
        texts: dict[str, Any] = {key: field.text.value for key, field in self.fields.items()}
        choices = {"method": self.method.value, "periods_per_year": self.periodicity.value}
        return LoanInputs(**texts, **choices, category=self.category.value)

    def _restore(self, state: dict[str, Any]) -> None:
        """Put back what the browser kept (or the first view's values, after "Ricomincia da zero")."""
        kept = signing_rates(state.get("signed", ""), today=self.today)
        rates = kept if not isinstance(kept, str) else rates_in_force(self.today)
        inputs = inputs_from_state(state, table=rates.table)

        def fill() -> None:
            for key, field in self.fields.items():
                field.text.value = getattr(inputs, key)
            self.method.value, self.periodicity.value = inputs.method, inputs.periods_per_year
            self._offering = True
            try:
                self.category.options = category_options(rates.table)
                self.category.value = inputs.category
            finally:
                self._offering = False
            self.chosen_category = inputs.category

        self.rates = rates
        self.shell.quietly(fill)
        self.added.value = ""
        self._guarded(self._compute)

    def refresh(self) -> None:
        """A field changed: keep the fields in the browser and recompute."""
        self.session.keep_app_state(APP, self.inputs().state())
        self.added.value = ""
        self._compute()

    # -- computing and showing ----------------------------------------------------------------------------------

    def _chose_category(self, change: dict[str, Any]) -> None:
        if not self._offering and change["new"] is not None:
            self.chosen_category = change["new"]

    def _follow_signing_date(self) -> str | None:
        """The usury table of the date typed (its categories offered in the list), or the date's message."""
        rates = signing_rates(self.fields["signed"].text.value, today=self.today)
        if isinstance(rates, str):
            return rates
        if rates.table != self.rates.table:
            self.rates = rates
            options = category_options(rates.table)
            keep = category_in(rates.table, self.chosen_category)

            def offer() -> None:
                self._offering = True
                try:
                    self.category.options = options
                    self.category.value = keep
                finally:
                    self._offering = False

            self.shell.quietly(offer)
        self.rates = rates
        return None

    def _parse(self) -> ParsedLoan | Errors:
        date_error = self._follow_signing_date()
        parsed = parse_loan(self.inputs(), table=self.rates.table)
        if date_error is not None:
            parsed = frozen_errors({**({} if isinstance(parsed, ParsedLoan) else dict(parsed)), "signed": date_error})
        errors = {} if isinstance(parsed, ParsedLoan) else parsed
        for key, field in self.fields.items():
            if key in errors:
                field.show_error(errors[key])
            else:
                field.clear_error()
        prompt = income_prompt(self.household, self.fields["income"].text.value)
        income = self.fields["income"]
        income.text.placeholder = prompt.placeholder
        if "income" not in errors:
            income.message.value = f"<span class='of-hint'>{escape(prompt.hint)}</span>"
        return parsed

    def _compute(self) -> None:
        parsed = self._parse()
        if not isinstance(parsed, ParsedLoan):
            self.shell.show_invalid()
            return
        self.shell.clear_status()
        self._show(loan_view(parsed, self.household, today=self.today, rates=self.rates))

    def _show(self, view: LoanView) -> None:
        self.view = view
        self.cards.value = cards_html(view.cards) + self.shell.dots_html(view.lights)
        self.sentence.value = f"<p class='of-sentence'>{escape(view.sentence)}</p>{cards_html(view.more_cards)}"
        shown = [view.usury, view.affordability, view.household_debts]
        self.banners.value = "".join(banner_html(banner) for banner in shown if banner is not None)
        self.add_button.description = view.add_label
        svg = loan_chart(view.schedule, narrow=self.session.narrow)
        self.chart.value = figure_html(svg, alt=view.chart_alt, key="loan-chart")
        payload = base64.b64encode(view.csv_text.encode("utf-8")).decode("ascii")
        self.table_view.value = table_html(view.table) + (
            f"<p><a class='of-download' download='{quote(view.csv_name)}' href='data:text/csv;base64,{payload}'>"
            "⬇ Scarica il piano completo (file CSV per Excel o LibreOffice)</a></p>"
        )

    # -- the household ------------------------------------------------------------------------------------------

    def add_to_household(self) -> None:
        """Add the loan on screen to the current household's debts and expenses (once; again: updated)."""
        parsed = self._parse()
        if not isinstance(parsed, ParsedLoan):
            self.added.value = (
                f"<div role='alert'>{banner_html(Banner(key='loan-added', tone='red', text=FIX_FIRST))}</div>"
            )
            return
        before = self.household
        after = add_loan_to_household(before, parsed, today=self.today)
        if after != before:
            self.shell.accept(after)
        self._compute()
        self.added.value = f"<div role='status'>{banner_html(added_banner(before, after, parsed))}</div>"

    def _guarded(self, action: Callable[[], None]) -> None:
        self.shell.guard(action)  # the shell's Italian message instead of a traceback


def _labelled_box(control: widgets.Widget, width: str) -> widgets.Box:
    """A choice with its label above it, as the text fields have."""
    box = widgets.VBox([control], layout=widgets.Layout(width=width, margin="0 1.5em 0.6em 0", max_width="100%"))
    box.add_class("of-field")
    return box
