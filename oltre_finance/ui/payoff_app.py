"""The "Piano di rientro" app: the household's debts, a monthly amount, a strategy; when the household is free of debt.

Everything it shows is decided in :mod:`oltre_finance.views.payoff`; this
module binds widgets to it. The debts are the current household's: a debt
added, changed or removed here is the household's debt in every app. The
plan's own fields (:mod:`oltre_finance.ui.payoff_fields`: the monthly
amount, the strategy and order, a one-off payment, the consolidation loan)
are kept in the browser beside it.
"""

from __future__ import annotations

from datetime import date
from html import escape

import ipywidgets as widgets

from oltre_finance.household import Household
from oltre_finance.ui.payoff_fields import PlanFields
from oltre_finance.ui.row_editor import RowEditor
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.shell import AppShell
from oltre_finance.views.blocks import Errors
from oltre_finance.views.charts import balances_chart
from oltre_finance.views.payoff import (
    APP,
    DEBT_SECTION,
    PayoffInputs,
    PayoffParsed,
    PayoffView,
    app_state,
    parse_debts,
    parse_payoff,
    payoff_rows,
    payoff_view,
    restore_state,
    with_debts,
)
from oltre_finance.views.payoff_render import consolidation_html, orientation_html
from oltre_finance.views.render import banner_html, cards_html, figure_html, table_html

__all__ = ["PayoffApp"]

INTRO = (
    "Elenca i debiti della famiglia, scrivi quanto puoi dare ogni mese e scegli in che ordine pagarli. Le rate "
    "minime si pagano sempre; quello che avanza va a un debito alla volta, e quando un debito finisce la sua rata "
    "passa al successivo. I debiti che scrivi qui sono quelli della famiglia anche nelle altre app."
)
CONSOLIDATION_INTRO = (
    "Il nuovo prestito chiude tutti i debiti tranne quelli a piano fisso (come la cessione del quinto); le spese "
    "iniziali si tolgono dall'importo erogato. Lo confrontiamo con il piano qui sopra, con lo stesso importo ogni "
    "mese: il nuovo prestito segue il suo piano di rate, e i soldi che avanzano restano alla famiglia."
)


def _html(css: str) -> widgets.HTML:
    area = widgets.HTML()
    area.add_class(css)
    return area


def _heading(text: str, hint: str = "") -> widgets.HTML:
    return widgets.HTML(f"<h3>{escape(text)}</h3>" + (f"<p class='of-hint'>{escape(hint)}</p>" if hint else ""))


class PayoffApp:
    """Build with ``PayoffApp()`` and display ``.widget``; pass a ``session`` to share it with other apps."""

    def __init__(self, *, session: HouseholdSession | None = None, today: date | None = None) -> None:
        self.shell = AppShell("Piano di rientro", INTRO, on_input=self.refresh, session=session, today=today)
        self.session = self.shell.session
        self.today = self.session.today
        self.view: PayoffView | None = None
        self._loaded: Household | None = None
        self.debts = RowEditor(DEBT_SECTION, self.shell.input_changed)
        self.plan = PlanFields(self.today, self.shell.input_changed)
        self.notes = _html("of-notes")
        self.chart = _html("of-chart")
        self.debt_table = _html("of-debt-table")
        self.comparison = _html("of-comparison")
        self.consolidation = _html("of-consolidation")
        self.orientation = _html("of-orientation")
        self.widget = self.shell.layout(
            inputs=[self.debts.box, _heading("Il piano"), *self.plan.plan_widgets],
            results=[self.notes, self.chart, self.debt_table, _heading("Le strategie a confronto"), self.comparison,
                     _heading("Un prestito per chiudere tutto? (consolidamento)", CONSOLIDATION_INTRO),
                     self.plan.loan_box, self.consolidation, _heading("Quando chiedere aiuto"), self.orientation],
        )  # fmt: skip
        self.widget.add_class("of-payoff")
        self.session.on_app_state(APP, self._restore)
        self.shell.follow(self._show_household)

    @property
    def household(self) -> Household:
        return self.session.household

    def inputs(self) -> PayoffInputs:
        """What the person sees on screen, as the view reads it."""
        return self.plan.inputs(self.debts.values())

    def refresh(self) -> None:
        """Read the fields: write the debts back to the household, then show the plan or each error by its field."""
        inputs = self.inputs()
        self.session.keep_app_state(APP, app_state(inputs, today=self.today))
        debts = parse_debts(inputs.debts)
        if isinstance(debts, tuple):
            household = with_debts(self.household, debts)
            if household is not self.household:
                self._loaded = household
                self.shell.accept(household)
        self._compute(inputs)

    def _compute(self, inputs: PayoffInputs) -> None:
        parsed = parse_payoff(inputs)
        if not isinstance(parsed, PayoffParsed):
            self._show_errors(parsed)
            self.shell.show_invalid()
            return
        view = payoff_view(parsed, self.household, today=self.today)
        self.shell.clear_status()  # valid again: the results below are the current ones
        self._show_errors(view.consolidation.errors)
        self._show(view)

    def _show_errors(self, errors: Errors) -> None:
        self.debts.show_errors(errors)
        self.plan.show_errors(errors)

    def _show_household(self, household: Household) -> None:
        """The household was opened, restored or changed elsewhere (or the page changed width)."""
        if household is not self._loaded:
            self._loaded = household
            self.debts.load(payoff_rows(household))
        self._compute(self.inputs())

    def _restore(self, fields: dict[str, object]) -> None:
        """The browser gave back the plan's own fields (or "Ricomincia da zero" cleared them)."""
        self.plan.restore(restore_state(fields, today=self.today))
        self._compute(self.inputs())

    def _show(self, view: PayoffView) -> None:
        self.view = view
        self.shell.headline.value = cards_html(view.cards)
        self.plan.show(view)
        sentence = f"<p class='of-sentence'>{escape(view.sentence)}</p>" if view.sentence else ""
        self.notes.value = sentence + "".join(banner_html(note) for note in view.notes)
        if view.empty:
            self.chart.value = self.comparison.value = ""
            self.debt_table.value = f"<div class='of-banner of-banner-info of-empty'>{escape(view.empty_hint)}</div>"
        else:
            chart = view.chart
            svg = balances_chart(chart.names, chart.balances, chart.start, chart.free_month, narrow=self.session.narrow)
            self.chart.value = figure_html(svg, alt=view.chart_alt, key="balances-chart")
            self.debt_table.value = table_html(view.debt_table)
            self.comparison.value = table_html(view.comparison_table)
        self.consolidation.value = consolidation_html(view.consolidation)
        self.orientation.value = orientation_html(view.orientation)
