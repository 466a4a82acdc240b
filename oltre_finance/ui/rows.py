"""Editable rows for incomes and expenses, each with its Italian error line.

A row turns its widgets into the dict that :func:`household_from_dict`
reads; amounts are parsed the Italian way here, at the UI boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Expense, Income, categories
from oltre_finance.money import format_number, parse_amount
from oltre_finance.views.charts import MONTHS_IT

__all__ = ["FREQUENCY_LABELS", "ItemRow", "header"]

FREQUENCY_LABELS = {
    "monthly": "mensile",
    "weekly": "settimanale",
    "bimonthly": "bimestrale",
    "quarterly": "trimestrale",
    "half_yearly": "semestrale",
    "yearly": "annuale",
    "one_off": "una tantum",
}
#: Widths shared by the rows and their column titles (pixels, so both line up).
WIDTHS = {
    "label": "220px",
    "kind": "170px",
    "amount": "125px",
    "frequency": "140px",
    "month": "85px",
    "essential": "115px",
}
INCOME_SOURCES = {
    "salary": "Stipendio",
    "pension": "Pensione",
    "self_employment": "Lavoro autonomo",
    "naspi": "NASpI",
    "assegno_unico": "Assegno Unico",
    "other_benefit": "Altri sussidi",
    "maintenance": "Mantenimento",
    "rent_received": "Affitto percepito",
    "other": "Altro",
}


class ItemRow:
    """One income or expense as a line of widgets."""

    def __init__(
        self,
        kind: str,
        item: Income | Expense | None,
        on_change: Callable[[], None],
        on_remove: Callable[[ItemRow], None],
    ) -> None:
        self.kind = kind
        self._item = item
        self.label = widgets.Text(
            value=item.label if item else "",
            placeholder="descrizione",
            continuous_update=False,
            layout=widgets.Layout(width=WIDTHS["label"]),
        )
        if kind == "expense":
            options = [(entry["label"], key) for key, entry in categories().items()]
            value = item.category if isinstance(item, Expense) else "altro"
        else:
            options = [(label, key) for key, label in INCOME_SOURCES.items()]
            value = item.source if isinstance(item, Income) else "salary"
        self.kind_choice = widgets.Dropdown(options=options, value=value, layout=widgets.Layout(width=WIDTHS["kind"]))
        self.amount = widgets.Text(
            value=format_number(item.amount) if item else "",
            placeholder="importo €",
            continuous_update=False,
            layout=widgets.Layout(width=WIDTHS["amount"]),
        )
        self.amount.add_class("of-row-amount")
        self.frequency = widgets.Dropdown(
            options=[(label, key) for key, label in FREQUENCY_LABELS.items()],
            value=item.frequency if item else "monthly",
            layout=widgets.Layout(width=WIDTHS["frequency"]),
        )
        self.month = widgets.Dropdown(
            options=[(name, k + 1) for k, name in enumerate(MONTHS_IT)],
            value=item.month if item else 1,
            layout=widgets.Layout(width=WIDTHS["month"]),
        )
        self.essential = widgets.Checkbox(
            value=item.essential if isinstance(item, Expense) else True,
            description="essenziale",
            indent=False,
            layout=widgets.Layout(width=WIDTHS["essential"]),
        )
        remove = widgets.Button(description="✕", tooltip="Elimina", layout=widgets.Layout(width="2.5em"))
        remove.on_click(lambda _button: on_remove(self))
        self.error = widgets.HTML()
        controls = [self.label, self.kind_choice, self.amount, self.frequency, self.month]
        if kind == "expense":
            controls.append(self.essential)
        line = widgets.HBox([*controls, remove])
        line.add_class("of-item-line")
        self.box = widgets.VBox([line, self.error])
        self.box.add_class(f"of-{kind}-row")
        for control in controls:
            control.observe(lambda _change: on_change(), names="value")
        self._sync_month()
        self.frequency.observe(lambda _change: self._sync_month(), names="value")

    def _sync_month(self) -> None:
        # The month matters only for items that do not fall every month.
        self.month.disabled = self.frequency.value in ("monthly", "weekly")

    def show_error(self, message: str) -> None:
        self.error.value = f"<span class='of-error' role='alert'>⚠ {escape(message)}</span>"

    def clear_error(self) -> None:
        self.error.value = ""

    def as_dict(self) -> dict[str, Any]:
        """The row as household data; raises (and shows) the error of a wrong amount."""
        try:
            amount = parse_amount(self.amount.value, field="amount")
        except OltreFinanceError as error:
            self.show_error(error.message_it)
            raise
        data: dict[str, Any] = {
            "label": self.label.value.strip() or "senza nome",
            "amount": str(amount),
            "frequency": self.frequency.value,
            "month": self.month.value,
        }
        if self.frequency.value == "one_off" and self._item is not None and self._item.year is not None:
            data["year"] = self._item.year
        if self.frequency.value != "one_off" and self._item is not None:  # keep a temporary item's window
            data |= self._item.model_dump(mode="json", include={"starts", "ends"}, exclude_none=True)
        if self.kind == "expense":
            subcategory = self._item.subcategory if isinstance(self._item, Expense) else None
            if subcategory is not None and self.kind_choice.value != getattr(self._item, "category", None):
                subcategory = None
            data |= {"category": self.kind_choice.value, "subcategory": subcategory, "essential": self.essential.value}
        else:
            data["source"] = self.kind_choice.value
        return data


def header(kind: str) -> widgets.HBox:
    """Column titles above the rows, with the same widths as the row's widgets."""
    columns = [
        ("Descrizione", "label"),
        ("Categoria" if kind == "expense" else "Tipo", "kind"),
        ("Importo (€)", "amount"),
        ("Frequenza", "frequency"),
        ("Mese", "month"),
    ]
    if kind == "expense":
        columns.append(("Tipo di spesa", "essential"))
    titles = [
        widgets.HTML(f"<span class='of-label'>{name}</span>", layout=widgets.Layout(width=WIDTHS[key]))
        for name, key in columns
    ]
    row = widgets.HBox(titles)
    row.add_class("of-item-line")
    return row
