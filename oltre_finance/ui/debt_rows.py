"""Editable rows for a household's debts, each with its Italian error line.

A row reads its widgets into a :class:`~oltre_finance.debts.Debt`; amounts
and rates are parsed the Italian way here, at the UI boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import escape

import ipywidgets as widgets

from oltre_finance.debts import Debt, FixedInstalment, FixedPlan, MinimumRule, PercentOfBalance
from oltre_finance.errors import OltreFinanceError
from oltre_finance.money import ZERO, format_number, parse_amount, parse_percent
from oltre_finance.ui.blocks import column_cell, column_header

__all__ = ["KIND_LABELS", "DebtRow", "debt_header"]

KIND_LABELS = {
    "personal_loan": "Prestito",
    "mortgage": "Mutuo",
    "cessione_quinto": "Cessione del quinto",
    "revolving_card": "Carta revolving",
    "bnpl": "Compra ora, paga dopo",
    "rent_arrears": "Affitto arretrato",
    "bill_arrears": "Bollette arretrate",
    "tax_arrears": "Tasse arretrate",
    "family_loan": "Prestito da parenti o amici",
}
RULE_LABELS = {
    "fixed": "Rata fissa",
    "percent": "% del debito (carta)",
    "plan": "Piano fisso (quinto)",
}
WIDTHS = {
    "name": "210px",
    "kind": "175px",
    "balance": "115px",
    "rate": "80px",
    "rule": "170px",
    "minimum": "95px",
    "floor": "95px",
}


COLUMNS = [
    ("Debito", "name"),
    ("Tipo", "kind"),
    ("Debito residuo (€)", "balance"),
    ("TAN %", "rate"),
    ("Come si paga", "rule"),
    ("Rata / %", "minimum"),
    ("Minimo (€)", "floor"),
]


def _text(value: str, placeholder: str, width: str) -> widgets.Text:
    return widgets.Text(
        value=value, placeholder=placeholder, continuous_update=False, layout=widgets.Layout(width=width)
    )


def _percent_text(rate: Decimal) -> str:
    return format_number(rate * 100, decimals=2).rstrip("0").rstrip(",")


class DebtRow:
    """One debt as a line of widgets."""

    def __init__(self, debt: Debt | None, on_change: Callable[[], None], on_remove: Callable[[DebtRow], None]) -> None:
        rule = debt.minimum if debt else FixedInstalment(ZERO)
        self.name = _text(debt.name if debt else "", "nome del debito", WIDTHS["name"])
        self.kind = widgets.Dropdown(
            options=[(label, key) for key, label in KIND_LABELS.items()],
            value=debt.kind if debt else "personal_loan",
            layout=widgets.Layout(width=WIDTHS["kind"]),
        )
        self.balance = _text(format_number(debt.balance) if debt else "", "debito €", WIDTHS["balance"])
        self.balance.add_class("of-debt-balance")
        self.rate = _text(_percent_text(debt.annual_rate) if debt else "0", "TAN %", WIDTHS["rate"])
        self.rule = widgets.Dropdown(
            options=[(label, key) for key, label in RULE_LABELS.items()],
            value="percent"
            if isinstance(rule, PercentOfBalance)
            else "plan"
            if isinstance(rule, FixedPlan)
            else "fixed",
            layout=widgets.Layout(width=WIDTHS["rule"]),
        )
        if isinstance(rule, PercentOfBalance):
            minimum, floor = _percent_text(rule.percent), format_number(rule.floor)
        else:
            amount = rule.instalment if isinstance(rule, FixedPlan) else rule.amount
            minimum, floor = format_number(amount), ""
        self.minimum = _text(minimum, "rata €", WIDTHS["minimum"])
        self.minimum.add_class("of-debt-minimum")
        self.floor = _text(floor, "minimo €", WIDTHS["floor"])
        self._months = rule.months if isinstance(rule, FixedPlan) else None
        remove = widgets.Button(description="✕", tooltip="Elimina il debito", layout=widgets.Layout(width="2.5em"))
        remove.on_click(lambda _button: on_remove(self))
        self.error = widgets.HTML()
        controls = [self.name, self.kind, self.balance, self.rate, self.rule, self.minimum, self.floor]
        cells = [column_cell(title, control) for (title, _key), control in zip(COLUMNS, controls, strict=True)]
        self._floor_cell = cells[-1]
        line = widgets.HBox([*cells, remove])
        line.add_class("of-item-line")
        self.box = widgets.VBox([line, self.error])
        self.box.add_class("of-debt-row")
        for control in controls:
            control.observe(lambda _change: on_change(), names="value")
        self.rule.observe(lambda _change: self._sync_rule(), names="value")
        self._sync_rule()

    def _sync_rule(self) -> None:
        # A card's minimum is a percentage with a floor; the other rules take one amount.
        percent = self.rule.value == "percent"
        self._floor_cell.layout.visibility = "visible" if percent else "hidden"
        self.minimum.placeholder = "% del debito" if percent else "rata €"

    def show_error(self, message: str) -> None:
        self.error.value = f"<span class='of-error' role='alert'>⚠ {escape(message)}</span>"

    def clear_error(self) -> None:
        self.error.value = ""

    @property
    def is_blank(self) -> bool:
        """A new row not filled in yet."""
        return not self.balance.value.strip()

    def read(self, fallback_name: str) -> Debt:
        """The row as a Debt; raises (and shows beside the row) the error of a wrong value."""
        try:
            debt = Debt(
                name=self.name.value.strip() or fallback_name,
                kind=self.kind.value,
                balance=parse_amount(self.balance.value, field="balance"),
                annual_rate=parse_percent(self.rate.value or "0", field="annual_rate"),
                minimum=self._rule(),
            )
        except OltreFinanceError as error:
            self.show_error(error.message_it)
            raise
        self.clear_error()
        return debt

    def _rule(self) -> MinimumRule:
        if self.rule.value == "percent":
            floor = parse_amount(self.floor.value, field="minimum.floor") if self.floor.value.strip() else ZERO
            return PercentOfBalance(parse_percent(self.minimum.value, field="minimum.percent"), floor)
        amount = parse_amount(self.minimum.value or "0", field="minimum.amount")
        if self.rule.value == "plan":
            return FixedPlan(amount, months=self._months)
        return FixedInstalment(amount)


def debt_header() -> widgets.HBox:
    """Column titles above the debt rows."""
    return column_header(COLUMNS, WIDTHS)
