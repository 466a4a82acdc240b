"""The payoff plan's own fields: the monthly amount and its slider, the strategy and order, a one-off payment, a loan.

They are the app's, not the household's: :class:`PlanFields` reads them into
a :class:`~oltre_finance.views.payoff.PayoffInputs`, fills them back from
what the browser kept, and shows the view's proposals (the monthly amount,
the consolidation loan's amount) until the person types a figure of their
own. :func:`follow_card_minimum` shows a card's percentage minimum only on
the debt rows it applies to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.money import format_eur, format_number
from oltre_finance.ui.fields import AmountWithSlider, Field, optional_amount
from oltre_finance.ui.sortable import SortableList
from oltre_finance.views.payoff import (
    LOAN_DEFAULTS,
    SLIDER_CEILING,
    STRATEGY_CHOICES,
    PayoffInputs,
    PayoffView,
    extra_month_options,
)

__all__ = ["LOAN_LABELS", "PlanFields"]

LOAN_LABELS = {
    "loan_amount": "Importo del prestito (€)",
    "loan_rate": "TAN del prestito (%)",
    "loan_months": "Durata (mesi)",
    "loan_fees": "Spese iniziali (€)",
    "loan_fee": "Spese per rata (€)",
}
_STYLE = {"description_width": "initial"}


def _wrapping(children: list[widgets.Widget]) -> widgets.HBox:
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap"))


def _lenient(text: str) -> Decimal:
    """The slider follows any amount typed; the view judges it."""
    return optional_amount(text, field="budget") or Decimal(0)


class PlanFields:
    """The plan's fields; ``on_change()`` after each change the person makes (never for :meth:`restore`)."""

    def __init__(self, today: date, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self._filling = 0
        #: Fields that show the view's proposal until the person types their own figure.
        self.auto = {"budget": True, "loan_amount": True}
        self.budget = Field("budget", "Quanto puoi dare ogni mese per i debiti (€)", "", _lenient,
                            hint="rate minime comprese")  # fmt: skip
        self.budget.box.layout.width, self.budget.box.layout.max_width = "24em", "100%"
        self.amount = AmountWithSlider(self.budget, slider_max=1000, ceiling=SLIDER_CEILING)
        self.slider = self.amount.slider
        self.slider.description = "Importo al mese (cursore)"
        self.slider.layout.width, self.slider.layout.max_width = "34em", "100%"
        self.slider.add_class("of-budget-slider")
        self.slider.observe(lambda c: setattr(self.slider, "value_text", format_eur(Decimal(c["new"]))), names="value")
        self.note = widgets.HTML()
        self.note.add_class("of-budget-note")
        self.strategy = widgets.RadioButtons(options=list(STRATEGY_CHOICES), value="avalanche", style=_STYLE,
                                             description="In che ordine pagare",
                                             layout=widgets.Layout(width="auto", max_width="100%"))  # fmt: skip
        self.strategy.add_class("of-strategy")
        self.order = SortableList(label="Ordine in cui chiudere i debiti")
        how = "<span class='of-hint'>Trascina i debiti (o usa ▲ ▼) nell'ordine in cui vuoi chiuderli:</span>"
        self.order_box = widgets.VBox([widgets.HTML(how), self.order])
        self.order_box.add_class("of-order")
        self.extra = Field("extra", "Versamento extra (€)", "", str, hint="una volta sola: per esempio la tredicesima")
        self.extra_month = widgets.Dropdown(options=list(extra_month_options(today)), value=1, description="Nel mese",
                                            style=_STYLE, layout=widgets.Layout(width="12em"))  # fmt: skip
        month = widgets.VBox([self.extra_month])
        month.add_class("of-field")
        self.loan = {key: Field(key, label, LOAN_DEFAULTS.get(key, ""), str) for key, label in LOAN_LABELS.items()}
        for key, field in self.loan.items():
            field.box.layout.width = "12.5em" if key == "loan_amount" else "11em"
        self.plan_widgets = [_wrapping([self.budget.box, self.extra.box, month]), self.slider, self.note,
                             self.strategy, self.order_box]  # fmt: skip
        self.loan_box = _wrapping([field.box for field in self.loan.values()])

        self.amount.on_change(lambda: self._typed("budget"))
        self.extra.on_change(lambda: self._typed("extra"))
        for key, field in self.loan.items():
            field.on_change(lambda key=key: self._typed(key))
        for control, name in ((self.strategy, "value"), (self.order, "order"), (self.extra_month, "value")):
            control.observe(lambda _c: self._typed(""), names=name)

    @property
    def fields(self) -> dict[str, Field]:
        """The text fields by the name the view's errors use."""
        return {"budget": self.budget, "extra": self.extra, **self.loan}

    def _typed(self, key: str) -> None:
        if self._filling:
            return
        if key in self.auto:  # an emptied field goes back to the proposal
            self.auto[key] = not self.fields[key].text.value.strip()
        self._on_change()

    def _fill(self, action: Callable[[], None]) -> None:
        self._filling += 1
        try:
            action()
        finally:
            self._filling -= 1

    def inputs(self, debts: tuple[Mapping[str, Any], ...]) -> PayoffInputs:
        """What the person sees on screen, with ``debts`` (the row editor's rows), as the view reads it."""
        loan = {key: field.text.value for key, field in self.loan.items()}
        if self.auto["loan_amount"]:
            loan["loan_amount"] = ""
        budget = "" if self.auto["budget"] else self.budget.text.value
        return PayoffInputs(debts=debts, budget=budget, strategy=self.strategy.value, order=tuple(self.order.order),
                            extra=self.extra.text.value, extra_month=self.extra_month.value, **loan)  # fmt: skip

    def restore(self, kept: PayoffInputs) -> None:
        """Fill the fields with what the browser kept (an empty amount: the proposal)."""
        self.auto = {"budget": not kept.budget.strip(), "loan_amount": not kept.loan_amount.strip()}

        def fill() -> None:
            self.budget.text.value = kept.budget
            self.strategy.value = kept.strategy
            self.order.order = list(kept.order)
            self.extra.text.value = kept.extra
            self.extra_month.value = kept.extra_month
            for key, field in self.loan.items():
                field.text.value = getattr(kept, key)

        self._fill(fill)

    def show(self, view: PayoffView) -> None:
        """The view's proposals in the fields the person has not typed, the custom order, the amount's note."""
        if self.auto["budget"]:
            self.amount.set(view.proposed_budget, slider_max=view.slider_max)

        def fill() -> None:
            if self.auto["loan_amount"]:
                amount = view.consolidation.amount
                self.loan["loan_amount"].text.value = format_number(amount) if amount else ""
            if tuple(self.order.order) != view.order:
                self.order.order = list(view.order)

        self._fill(fill)
        self.order_box.layout.display = None if view.show_order else "none"
        self.note.value = f"<p class='of-hint'>{escape(view.budget_hint)}</p>"

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for key, field in self.fields.items():
            if key in errors:
                field.show_error(errors[key])
            else:
                field.clear_error()
