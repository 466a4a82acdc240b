"""One row editor for every list of a household: members, incomes, expenses, assets, debts, goals.

A section (:data:`oltre_finance.views.household_form.SECTIONS`) says the
columns; each row is a line of labelled controls whose values are plain
data (:meth:`RowEditor.values`). The editor shows each error beside the
control it names; it decides nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from oltre_finance.household import default_subcategory
from oltre_finance.views.household_form import Column, Section, subcategory_options

__all__ = ["RowEditor"]


class _Shared:
    """The layouts and styles every row of an editor uses: one browser model each, not one per control.

    A widget otherwise gets a layout and a style of its own; a household's budget made 2,700 widget models,
    most of them these. Showing or hiding a cell is a CSS class, so that sharing its layout is safe.
    """

    def __init__(self, section: Section) -> None:
        self.columns = {
            column.key: widgets.Layout(width="auto" if column.kind == "check" else column.width, max_width="100%")
            for column in section.columns
        }
        self.text = TextStyle(description_width="initial")
        self.choice = DescriptionStyle(description_width="initial")
        self.check = CheckboxStyle()
        self.box = widgets.Layout()
        self.message = widgets.Layout()
        self.message_style = HTMLStyle()
        self.remove = widgets.Layout(width="2.6em")
        self.remove_style = widgets.ButtonStyle()


def _control(column: Column, value: Any, shared: _Shared) -> widgets.Widget:
    layout = shared.columns[column.key]
    if column.kind in ("choice", "month"):
        options = list(column.options)
        allowed = [option for _label, option in options]
        return widgets.Dropdown(options=options, value=value if value in allowed else allowed[0],
                                description=column.title, style=shared.choice, layout=layout)  # fmt: skip
    if column.kind == "subcategory":
        return widgets.Dropdown(options=[], description=column.title, style=shared.choice, layout=layout)
    if column.kind == "check":
        return widgets.Checkbox(value=bool(value), description=column.title, indent=False, layout=layout,
                                style=shared.check)  # fmt: skip
    control = widgets.Text(value=str(value or ""), placeholder=column.placeholder, description=column.title,
                           continuous_update=True, style=shared.text, layout=layout)  # fmt: skip
    control.add_class(f"of-input-{column.kind}")
    return control


class _Row:
    def __init__(self, editor: RowEditor, values: Mapping[str, Any]) -> None:
        self.editor = editor
        self.carried = {key: value for key, value in values.items() if key in ("starts", "ends", "year")}
        shared = editor.shared
        self.controls = {
            column.key: _control(column, values.get(column.key), shared) for column in editor.section.columns
        }
        #: A field's message, made the first time it has one: most fields never do.
        self.messages: dict[str, widgets.HTML] = {}
        #: What stands in the line for each field: the control itself, or (once it has a message) a box
        #: holding the control over its message. Either carries the classes ``of-cell`` and ``of-cell-<key>``.
        self.cells: dict[str, widgets.DOMWidget] = dict(self.controls)
        for key, control in self.controls.items():
            control.add_class("of-cell")
            control.add_class(f"of-cell-{key}")
        remove = widgets.Button(description="✕", tooltip=f"Elimina questa riga ({editor.section.title})",
                                layout=shared.remove, style=shared.remove_style)  # fmt: skip
        remove.add_class("of-remove")
        remove.on_click(lambda _b: editor.remove(self))
        self.box = widgets.HBox([*self.cells.values(), remove], layout=shared.box)
        for name in ("of-item-line", "of-list-row", f"of-{editor.section.key}-row"):
            self.box.add_class(name)
        self._subcategory_chosen = "subcategory" in self.controls and bool(values.get("subcategory"))
        if "subcategory" in self.controls:
            self._fill_subcategories(values.get("subcategory"))
            self.controls["category"].observe(lambda _c: self._category_changed(), names="value")
            self.controls["label"].observe(lambda _c: self._label_changed(), names="value")
            self.controls["subcategory"].observe(lambda c: self._picked(c), names="value")
        if "frequency" in self.controls:
            self.controls["frequency"].observe(lambda _c: self._sync_month(), names="value")
            self._sync_month()
        for control in self.controls.values():
            control.observe(lambda _c: self._changed(), names="value")
        self._show_cells()

    def _changed(self) -> None:
        self._show_cells()
        self.editor.changed()

    def _show_cells(self) -> None:
        """Show the cells this row asks for (a card's minimum only on a card, say)."""
        values = self.values()
        for column in self.editor.section.columns:
            if column.show_if is not None:
                cell = self.cells[column.key]
                (cell.remove_class if column.show_if(values) else cell.add_class)("of-hidden")

    def _fill_subcategories(self, wanted: object) -> None:
        category = self.controls["category"].value
        options = subcategory_options(category)
        keys = [key for _label, key in options]
        value = wanted if wanted in keys else default_subcategory(category, self.controls["label"].value)
        self._setting = True
        self.controls["subcategory"].options = options
        self.controls["subcategory"].value = value
        self._setting = False

    def _category_changed(self) -> None:
        self._subcategory_chosen = False
        self._fill_subcategories(None)

    def _label_changed(self) -> None:
        if not self._subcategory_chosen:  # follow the description until the person picks a sub-category
            self._fill_subcategories(None)

    def _picked(self, _change: object) -> None:
        if not getattr(self, "_setting", False):
            self._subcategory_chosen = True

    def _sync_month(self) -> None:
        # The month matters only for items that do not fall every month.
        self.controls["month"].disabled = self.controls["frequency"].value in ("monthly", "weekly")

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` in this row's controls (the editor is loading: nothing recomputes)."""
        self.carried = {key: value for key, value in values.items() if key in ("starts", "ends", "year")}
        for column in self.editor.section.columns:
            control, value = self.controls[column.key], values.get(column.key)
            if column.kind == "subcategory":
                continue
            if column.kind == "check":
                control.value = bool(value)
            elif column.kind in ("choice", "month"):
                allowed = [option for _label, option in column.options]
                control.value = value if value in allowed else allowed[0]
            else:
                control.value = str(value or "")
        if "subcategory" in self.controls:
            self._subcategory_chosen = bool(values.get("subcategory"))
            self._fill_subcategories(values.get("subcategory"))
        self._show_cells()

    def values(self) -> dict[str, Any]:
        return {key: control.value for key, control in self.controls.items()} | self.carried

    def _give_message(self, key: str) -> None:
        """Put the field ``key`` in a box over a message line of its own, in its place in the row."""
        shared, control = self.editor.shared, self.controls[key]
        self.messages[key] = widgets.HTML(layout=shared.message, style=shared.message_style)
        # As wide as the control: the message wraps under it rather than widening the column.
        cell = widgets.VBox([control, self.messages[key]], layout=shared.columns[key])
        for name in [c for c in control._dom_classes if c in ("of-cell", f"of-cell-{key}", "of-hidden")]:
            control.remove_class(name)
            cell.add_class(name)
        children = list(self.box.children)
        children[children.index(control)] = cell
        self.box.children = children
        self.cells[key] = cell

    def show_errors(self, errors: Mapping[str, str]) -> None:
        for key, control in self.controls.items():
            text = errors.get(key)
            if text and key not in self.messages:
                self._give_message(key)
            if key in self.messages:
                self.messages[key].value = (
                    f"<span class='of-error' role='alert'>⚠ {escape(text)}</span>" if text else ""
                )
            (control.add_class if text else control.remove_class)("of-invalid")


class RowEditor:
    """The rows of one section, an "add" button and an error line for the section as a whole."""

    def __init__(self, section: Section, on_change: Callable[[], None]) -> None:
        self.section = section
        self._on_change = on_change
        self._loading = False
        self.shared = _Shared(section)
        self.rows: list[_Row] = []
        self.rows_box = widgets.VBox()
        self.rows_box.add_class(f"of-{section.key}-rows")
        add = widgets.Button(description=section.add_label)
        add.add_class(f"of-add-{section.key}")
        add.on_click(lambda _b: self.add())
        self.message = widgets.HTML()
        self.box = widgets.VBox([widgets.HTML(f"<h2>{escape(section.title)}</h2>"), self.rows_box, add, self.message])
        self.box.add_class("of-section")
        self.box.add_class(f"of-section-{section.key}")

    def load(self, rows: tuple[Mapping[str, Any], ...]) -> None:
        """Show ``rows`` (from :func:`~oltre_finance.views.household_form.form_rows`) without recomputing."""
        self._loading = True
        try:
            kept = self.rows[: len(rows)]  # rows already on screen are filled again, not built again
            for row, values in zip(kept, rows, strict=False):
                row.set_values(values)
            self.rows = kept + [_Row(self, values) for values in rows[len(kept) :]]
            self.rows_box.children = [row.box for row in self.rows]
            for row in self.rows:
                row.show_errors({})
        finally:
            self._loading = False

    def add(self) -> None:
        self.rows.append(_Row(self, self.section.blank_row()))
        self.rows_box.children = [row.box for row in self.rows]

    def remove(self, row: _Row) -> None:
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]
        self.changed()

    def changed(self) -> None:
        if not self._loading:
            self._on_change()

    def values(self) -> tuple[dict[str, Any], ...]:
        return tuple(row.values() for row in self.rows)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Errors keyed ``section.row.field`` (the section's own, or the whole list's under ``section``)."""
        prefix = self.section.key + "."
        for index, row in enumerate(self.rows):
            mine = {key.split(".", 2)[2]: text for key, text in errors.items()
                    if key.startswith(f"{prefix}{index}.") and key.count(".") >= 2}  # fmt: skip
            row.show_errors(mine)
        whole = errors.get(self.section.key, "")
        self.message.value = f"<span class='of-error' role='alert'>⚠ {escape(whole)}</span>" if whole else ""
