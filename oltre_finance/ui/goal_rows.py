"""Editable rows for savings goals (name, target, already saved, by when), each with its Italian error line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

import ipywidgets as widgets

from oltre_finance.errors import OltreFinanceError
from oltre_finance.money import ZERO, format_number, parse_amount
from oltre_finance.months import first_of_month
from oltre_finance.savings import SavingsGoal
from oltre_finance.ui.blocks import column_cell, column_header, month_name

__all__ = ["NO_DATE", "GoalRow", "goal_header", "month_options"]

NO_DATE = "nessuna"
WIDTHS = {"name": "230px", "target": "125px", "saved": "125px", "by": "170px"}
COLUMNS = [("Obiettivo", "name"), ("Quanto serve (€)", "target"), ("Già da parte (€)", "saved"), ("Entro", "by")]


def month_options(start: date, count: int) -> list[tuple[str, str]]:
    """``count`` months from ``start`` as dropdown options, plus "no date"."""
    options = [("senza data", NO_DATE)]
    for k in range(count):
        day = first_of_month(start, plus=k)
        options.append((month_name(day), f"{day.year}-{day.month:02d}"))
    return options


class GoalRow:
    """One savings goal as a line of widgets."""

    def __init__(
        self,
        goal: SavingsGoal | None,
        options: list[tuple[str, str]],
        on_change: Callable[[], None],
        on_remove: Callable[[GoalRow], None],
    ) -> None:
        def text(value: str, placeholder: str, key: str) -> widgets.Text:
            return widgets.Text(
                value=value, placeholder=placeholder, continuous_update=False, layout=widgets.Layout(width=WIDTHS[key])
            )

        self.name = text(goal.name if goal else "", "per esempio: auto", "name")
        self.target = text(format_number(goal.target) if goal else "", "importo €", "target")
        self.target.add_class("of-goal-target")
        self.saved = text(format_number(goal.saved) if goal else "0", "importo €", "saved")
        by = f"{goal.by.year}-{goal.by.month:02d}" if goal and goal.by else NO_DATE
        values = [value for _label, value in options]
        self.by = widgets.Dropdown(
            options=options, value=by if by in values else NO_DATE, layout=widgets.Layout(width=WIDTHS["by"])
        )
        remove = widgets.Button(description="✕", tooltip="Elimina l'obiettivo", layout=widgets.Layout(width="2.5em"))
        remove.on_click(lambda _button: on_remove(self))
        self.error = widgets.HTML()
        controls = [self.name, self.target, self.saved, self.by]
        line = widgets.HBox(
            [*(column_cell(title, c) for (title, _k), c in zip(COLUMNS, controls, strict=True)), remove]
        )
        line.add_class("of-item-line")
        self.box = widgets.VBox([line, self.error])
        self.box.add_class("of-goal-row")
        for control in controls:
            control.observe(lambda _change: on_change(), names="value")

    @property
    def is_blank(self) -> bool:
        return not self.target.value.strip()

    def show_error(self, message: str) -> None:
        self.error.value = f"<span class='of-error' role='alert'>⚠ {escape(message)}</span>"

    def clear_error(self) -> None:
        self.error.value = ""

    def read(self, fallback_name: str) -> SavingsGoal:
        """The row as a SavingsGoal; raises (and shows beside the row) the error of a wrong value."""
        try:
            by = None
            if self.by.value != NO_DATE:
                year, month = self.by.value.split("-")
                by = date(int(year), int(month), 1)
            goal = SavingsGoal(
                name=self.name.value.strip() or fallback_name,
                target=parse_amount(self.target.value, field="target"),
                saved=parse_amount(self.saved.value, field="saved") if self.saved.value.strip() else ZERO,
                by=by,
            )
        except OltreFinanceError as error:
            self.show_error(error.message_it)
            raise
        self.clear_error()
        return goal


def goal_header() -> widgets.HBox:
    """Column titles above the goal rows."""
    return column_header(COLUMNS, WIDTHS)
