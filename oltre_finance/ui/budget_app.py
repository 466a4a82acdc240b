"""The "Bilancio familiare" app: the household editor and its budget.

The whole household is edited here (members, incomes, expenses, savings,
debts, goals) and is the current household of every app. What it means is
decided in :mod:`oltre_finance.views.household_form` (rows → household) and
:mod:`oltre_finance.views.budget` (household → what to show); this module
binds widgets to them.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets

from oltre_finance.debts.instalments import link_instalments
from oltre_finance.household import Household
from oltre_finance.ui.row_editor import RowEditor
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.shell import AppShell
from oltre_finance.views.blocks import Errors
from oltre_finance.views.budget import BudgetView, budget_view
from oltre_finance.views.charts import calendar_chart, category_chart
from oltre_finance.views.household_form import SECTIONS, form_rows, parse_form
from oltre_finance.views.render import banner_html, banners_html, cards_html, figure_html

__all__ = ["BudgetApp"]

INTRO = (
    "Scrivi chi siete, le entrate e le spese con la loro frequenza (mensile, bimestrale, annuale…), i risparmi, "
    "i debiti e gli obiettivi. Vedi il bilancio del mese, i semafori e i mesi in cui i soldi non bastano. "
    "Quello che scrivi resta in questo browser e vale per tutte le app."
)


class BudgetApp:
    """Build with ``BudgetApp()`` and display ``.widget``; pass a ``session`` to share it with other apps."""

    def __init__(self, *, session: HouseholdSession | None = None, today: date | None = None) -> None:
        self.shell = AppShell("Bilancio familiare", INTRO, session=session, today=today, on_input=self.refresh)
        self.session = self.shell.session
        self.today = self.session.today
        self.name = widgets.Text(description="Nome della famiglia", continuous_update=True,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width="100%"))  # fmt: skip
        self.name.add_class("of-household-title")
        name_box = widgets.VBox([self.name], layout=widgets.Layout(width="28em", max_width="100%"))
        name_box.add_class("of-field")
        self.name.observe(lambda _c: self.shell.input_changed(), names="value")
        self.editors = {key: RowEditor(section, self.shell.input_changed) for key, section in SECTIONS.items()}
        self.cards = self.shell.headline
        self.indicators = widgets.HTML()
        self.indicators.add_class("of-indicators")
        self.category_chart = widgets.HTML()
        self.calendar_chart = widgets.HTML()
        self.calendar_text = widgets.HTML()
        self.calendar_text.add_class("of-calendar")
        self.view: BudgetView | None = None
        self._drawn: dict[str, object] = {}  # what each chart shows now: unchanged figures are not drawn again

        order = ("incomes", "expenses", "assets", "debts", "goals")
        self.widget = self.shell.layout(
            inputs=[name_box, self.editors["members"].box, *(self.editors[key].box for key in order)],
            results=[
                widgets.HTML("<h2>Il mese</h2>"),
                self.indicators,
                self.category_chart,
                widgets.HTML("<h2>Il calendario dei prossimi 12 mesi</h2>"),
                self.calendar_text,
                self.calendar_chart,
            ],
        )
        self.shell.follow(self._show_household)

    @property
    def household(self) -> Household:
        return self.session.household

    def _show_household(self, household: Household) -> None:
        """Fill the editor from ``household`` (opened, restored or changed by another app) and show its budget."""
        self.shell.quietly(lambda: setattr(self.name, "value", household.name))
        for key, rows in form_rows(household).items():
            self.editors[key].load(rows)
        self._show_errors({})
        self._show(household)

    def refresh(self) -> None:
        """Read the editor; show the budget, or each error beside its field (keeping the last results)."""
        rows = {key: editor.values() for key, editor in self.editors.items()}
        parsed = parse_form(self.name.value, rows, description=self.household.description)
        if not isinstance(parsed, Household):
            self._show_errors(parsed)
            self.shell.show_invalid()
            return
        self._show_errors({})
        linked = link_instalments(parsed, before=self.household)
        if linked.expenses != parsed.expenses:  # a debt's instalment joined (or left) the month's expenses
            self.editors["expenses"].load(form_rows(linked)["expenses"])
        self.shell.accept(linked)
        self._show(linked)

    def redraw(self) -> None:
        """Draw the charts again (the page changed width)."""
        self._show(self.household)

    def _show_errors(self, errors: Errors) -> None:
        for editor in self.editors.values():
            editor.show_errors(errors)

    def _show(self, household: Household) -> None:
        view = budget_view(household, today=self.today)
        self.view = view
        self.cards.value = cards_html(view.cards) + self.shell.dots_html(view.indicators)
        narrow = self.session.narrow
        if view.empty:
            self.indicators.value = banner_html(view.indicators[0]) if view.indicators else ""
            self.indicators.value += f"<div class='of-banner of-banner-info of-empty'>{view.empty_hint}</div>"
            self.category_chart.value = self.calendar_chart.value = self.calendar_text.value = ""
            self._drawn = {}
            return
        reference = f"<p class='of-source of-503020'>{view.reference}</p>" if view.reference else ""
        self.indicators.value = banners_html(view.indicators) + reference
        self.calendar_text.value = banner_html(view.calendar)
        months = [(m.year, m.month, m.income, m.outgoings, m.cash) for m in view.months]
        if self._drawn.get("category") != (view.categories, narrow):
            self._drawn["category"] = (view.categories, narrow)
            svg = category_chart(list(view.categories), narrow=narrow)
            self.category_chart.value = figure_html(svg, alt=view.categories_alt, key="category-chart")
        if self._drawn.get("calendar") != (months, narrow):
            self._drawn["calendar"] = (months, narrow)
            svg = calendar_chart(months, narrow=narrow)
            self.calendar_chart.value = figure_html(svg, alt=view.calendar_alt, key="calendar-chart")
