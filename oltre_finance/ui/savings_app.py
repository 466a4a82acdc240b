"""The "Piano di risparmio" app: the emergency fund first, then the household's goals, in the instrument chosen.

What it means is decided in :mod:`oltre_finance.views.savings` (the fields
the household gives, the plan, the deficit said first, what goes back to the
household); this module binds widgets to it. The goals are the household's
(the same rows as in "Bilancio familiare"); the monthly amount, the
instrument, its return, inflation and the fund's months and date are the
app's own fields, kept in the browser.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.household import Household
from oltre_finance.money import parse_amount
from oltre_finance.ui.fields import AmountWithSlider, amount_field, percent_field
from oltre_finance.ui.row_editor import RowEditor
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.shell import AppShell
from oltre_finance.views.blocks import Errors
from oltre_finance.views.charts import fan_chart
from oltre_finance.views.household_form import SECTIONS
from oltre_finance.views.render import banner_html, cards_html, figure_html, link_html, table_html
from oltre_finance.views.savings import (
    APP,
    ParsedSavings,
    SavingsInputs,
    SavingsView,
    app_state,
    choices,
    default_gross,
    initial_inputs,
    parse_savings,
    savings_view,
    slider_max,
)

__all__ = ["SavingsApp"]

INTRO = (
    "Prima il fondo di emergenza, poi gli obiettivi con una data. Scegli quanto mettere da parte ogni mese e dove "
    "tenere i soldi: vedi quando arrivi a ogni obiettivo, quanto valgono i risparmi in euro di oggi e quanto si "
    "prendono tasse, bollo e costi. Gli obiettivi sono quelli della famiglia, gli stessi di «Bilancio familiare»; "
    "quello che scrivi resta in questo browser."
)
_STYLE = {"description_width": "initial"}
_CELL = widgets.Layout(margin="0 1.5em 0.6em 0")


def _html(css: str) -> widgets.HTML:
    area = widgets.HTML()
    area.add_class(css)
    return area


def _dropdown(label: str, options: Any, css: str, width: str) -> widgets.Dropdown:
    control = widgets.Dropdown(options=list(options), description=label, style=_STYLE,
                               layout=widgets.Layout(width=width, max_width="100%"))  # fmt: skip
    control.add_class(css)
    return control


def _boxed(*controls: widgets.Widget) -> widgets.Box:
    """Fields side by side, wrapping on a phone, each label above its control."""
    cells = []
    for control in controls:
        cell = control if isinstance(control, widgets.VBox) else widgets.VBox([control], layout=_CELL)
        cell.add_class("of-field")
        cells.append(cell)
    row = widgets.Box(cells, layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
    row.add_class("of-savings-fields")
    return row


class SavingsApp:
    """Build with ``SavingsApp()`` and display ``.widget``; pass a ``session`` to share it with other apps."""

    def __init__(self, *, session: HouseholdSession | None = None, today: date | None = None) -> None:
        self.shell = AppShell("Piano di risparmio", INTRO, session=session, today=today, on_input=self.refresh)
        self.session = self.shell.session
        self.today = self.session.today
        options = choices(self.today)
        self.fund_months = _dropdown("Quanti mesi di spese essenziali", options.fund_months, "of-fund-months", "15em")
        self.fund_by = _dropdown("Entro", options.fund_by, "of-fund-by", "12em")
        self.goals = RowEditor(SECTIONS["goals"], self.shell.input_changed)
        self.monthly = amount_field("monthly", "Quanto puoi mettere da parte ogni mese (€)", "0")
        self.monthly.box.layout.width, self.monthly.box.layout.max_width = "24em", "100%"
        self.amount = AmountWithSlider(self.monthly, slider_max=1000)
        self.slider = self.amount.slider
        self.slider.layout.margin = "0 0 0.6em 0"
        self.instrument = _dropdown("Dove tieni i risparmi", options.instruments, "of-instrument", "22em")
        self.gross = percent_field("gross", "Rendimento lordo annuo (%)", "")
        self.inflation = percent_field("inflation", "Inflazione annua (%)", "")
        self.gross.box.layout.width = self.inflation.box.layout.width = "15em"
        areas = ("choice-message", "deficit-area", "fund", "instrument-note", "over", "goals-area", "chart-area",
                 "projection")  # fmt: skip
        (self.choice_message, self.deficit, self.fund_text, self.instrument_note, self.over, self.goals_table,
         self.chart, self.projection) = (_html(f"of-{area}") for area in areas)  # fmt: skip
        self.view: SavingsView | None = None
        #: The app's own fields as last kept in the browser; the monthly amount is there once the person chose it.
        self.state: dict[str, Any] = {}
        self.monthly_chosen = False
        self._loaded: Household | None = None
        self._filling = False

        for control in (self.fund_months, self.fund_by):
            control.observe(lambda _c: self.shell.input_changed(), names="value")
        self.instrument.observe(lambda _c: self._instrument_chosen(), names="value")
        self.amount.on_change(self._monthly_changed)
        self.gross.on_change(self.shell.input_changed)
        self.inflation.on_change(self.shell.input_changed)

        self.widget = self.shell.layout(
            inputs=[
                self.deficit,
                widgets.HTML("<h2>Il fondo di emergenza</h2>"),
                _boxed(self.fund_months, self.fund_by),
                self.fund_text,
                self.goals.box,
                widgets.HTML(
                    "<p class='of-source'>L'ordine conta: il primo obiettivo della lista si finanzia per primo.</p>"
                ),
                widgets.HTML("<h2>Il piano</h2>"),
                self.monthly.box,
                self.slider,
                _boxed(self.instrument, self.gross.box, self.inflation.box),
                self.choice_message,
                self.instrument_note,
            ],
            results=[self.over, self.goals_table, self.chart, self.projection],
        )
        self.session.on_app_state(APP, self._restored)
        self.shell.follow(self._show_household)

    @property
    def household(self) -> Household:
        return self.session.household

    # -- filling the fields ---------------------------------------------------------------------------------

    def _fill(self, inputs: SavingsInputs, *, goals: bool = True) -> None:
        """Show ``inputs`` in the fields without recomputing for each."""

        def fill() -> None:
            self.fund_months.value = inputs.fund_months
            self.fund_by.value = inputs.fund_by
            self.instrument.value = inputs.instrument
            self.gross.text.value = inputs.gross
            self.inflation.text.value = inputs.inflation
            self.amount.set(parse_amount(inputs.monthly), slider_max=slider_max(self.household))
            if goals:
                self.goals.load(inputs.goals)

        self._filling = True
        try:
            self.shell.quietly(fill)
        finally:
            self._filling = False

    def _show_household(self, household: Household) -> None:
        """The household was opened, restored, changed elsewhere, or the page changed width."""
        if household is not self._loaded:
            self._fill(initial_inputs(household, today=self.today, kept=self.state))
            self._loaded = household
        self._compute(write_back=False)

    def _restored(self, fields: dict[str, Any]) -> None:
        """The browser gave back the app's own fields (or "Ricomincia da zero" cleared them)."""
        self.state = dict(fields)
        self.monthly_chosen = "monthly" in fields
        self._fill(initial_inputs(self.household, today=self.today, kept=self.state), goals=False)
        self._compute(write_back=False)

    def _instrument_chosen(self) -> None:
        if self._filling:
            return
        self.shell.quietly(lambda: setattr(self.gross.text, "value", default_gross(self.instrument.value,
                                                                                   today=self.today)))  # fmt: skip
        self.shell.input_changed()

    def _monthly_changed(self) -> None:
        self.monthly_chosen = True
        self.shell.input_changed()

    # -- computing ------------------------------------------------------------------------------------------

    def _inputs(self) -> SavingsInputs:
        return SavingsInputs(
            monthly=self.monthly.text.value, instrument=self.instrument.value, gross=self.gross.text.value,
            inflation=self.inflation.text.value, fund_months=self.fund_months.value, fund_by=self.fund_by.value,
            goals=self.goals.values(),
        )  # fmt: skip

    def refresh(self) -> None:
        """Read the fields; show the plan and write the goals back to the household, or each error beside its field."""
        self._compute(write_back=True)

    def _compute(self, *, write_back: bool) -> None:
        inputs = self._inputs()
        parsed = parse_savings(inputs, today=self.today)
        if not isinstance(parsed, ParsedSavings):
            self._show_errors(parsed)
            self.shell.show_invalid()
            return
        view = savings_view(parsed, self.household, today=self.today)
        self._show_errors(view.field_notes)
        self.shell.clear_status()
        if write_back:
            if view.household != self.household:
                self._loaded = view.household
                self.shell.accept(view.household)
            self.state = app_state(inputs, monthly_chosen=self.monthly_chosen)
            self.session.keep_app_state(APP, self.state)
        self._show(view)

    def _show_errors(self, errors: Errors) -> None:
        for field in (self.monthly, self.gross, self.inflation):
            text = errors.get(field.key)
            if text:
                field.show_error(text)
            else:
                field.clear_error()
        others = [errors[key] for key in ("instrument", "fund_months", "fund_by") if key in errors]
        self.choice_message.value = "".join(f"<span class='of-error' role='alert'>⚠ {escape(t)}</span>" for t in others)
        self.goals.show_errors(errors)

    def _show(self, view: SavingsView) -> None:
        self.view = view
        line = f"<p class='of-deficit-line' role='status'>{escape(view.deficit_line)}</p>" if view.deficit_line else ""
        self.shell.headline.value = cards_html(view.cards) + line
        self.deficit.value = "".join(banner_html(b) for b in (view.deficit, view.empty) if b is not None)
        note = f"<p class='of-source'>{escape(view.emergency_note)}</p>" if view.emergency_note else ""
        self.fund_text.value = banner_html(view.fund_banner) + note
        sources = "; ".join(link_html(link) for link in view.sources)
        self.instrument_note.value = (f"<p class='of-source'>{escape(view.instrument_note)}</p>"
                                      f"<p class='of-source'>Fonti: {sources}</p>")  # fmt: skip
        self.over.value = banner_html(view.over_surplus) if view.over_surplus else ""
        self.goals_table.value = table_html(view.goals_table) + f"<p class='of-source'>{escape(view.goals_note)}</p>"
        chart = view.chart
        svg = fan_chart(
            chart.bands, chart.start, goal=chart.goal, contributed=chart.contributed, narrow=self.session.narrow
        )
        self.chart.value = figure_html(svg, alt=view.chart_alt, key="fan-chart")
        simulation = banner_html(view.simulation) if view.simulation else ""
        self.projection.value = (f"{simulation}<p class='of-sentence'>{escape(view.projection_sentence)}</p>"
                                 f"<p class='of-source'>{escape(view.disclaimer)}</p>")  # fmt: skip
