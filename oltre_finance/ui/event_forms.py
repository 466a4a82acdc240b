"""One form per life event: its fields, prefilled from the household, each with its Italian error line.

A form reads its fields into the parameters of an event of
:mod:`oltre_finance.scenarios` and builds it. The field keys are the
events' parameter names, so an error raised by an event (which names its
parameter) is shown beside the right field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.loans import Loan
from oltre_finance.money import ZERO, cents, format_number
from oltre_finance.scenarios import (
    Event,
    birth,
    first_year_costs,
    job_loss,
    mortgage_reset,
    move_home,
    new_loan,
    parent_care,
    rent_change,
    separation,
)
from oltre_finance.scenarios.birth import CostLevel
from oltre_finance.ui.blocks import banner
from oltre_finance.ui.fields import Field, amount_field, integer_field, optional_amount, percent_field
from oltre_finance.ui.goal_rows import month_options

__all__ = ["EVENT_KINDS", "Choice", "EventForm"]

#: Event kind → the name a person reads.
EVENT_KINDS = {
    "job_loss": "Perdita del lavoro",
    "birth": "Nascita di un figlio",
    "parent_care": "Cura di un genitore anziano",
    "separation": "Separazione",
    "rent_change": "Cambia l'affitto",
    "move_home": "Trasloco in affitto",
    "mortgage_reset": "Mutuo: cambia il tasso",
    "new_loan": "Nuovo prestito",
}


class Choice:
    """A dropdown, several-choice list or tick box with a label and an error line, read like a :class:`Field`."""

    def __init__(self, key: str, label: str, control: widgets.ValueWidget, *, hint: str = "") -> None:
        self.key = key
        self.control = control
        control.add_class(f"of-field-{key}")
        self._hint = f"<span class='of-hint'>{escape(hint)}</span>" if hint else ""
        self.message = widgets.HTML(self._hint)
        self.message.add_class(f"of-message-{key}")
        title = (
            []
            if isinstance(control, widgets.Checkbox)
            else [widgets.HTML(f"<label class='of-label'>{escape(label)}</label>")]
        )
        if isinstance(control, widgets.Checkbox):
            control.description = label
            control.indent = False
        self.box = widgets.VBox([*title, control, self.message], layout=widgets.Layout(margin="0 1.5em 0.6em 0"))
        self.box.add_class("of-field")

    def read(self) -> Any:
        self.clear_error()
        return self.control.value

    def show_error(self, message: str) -> None:
        self.message.value = f"<span class='of-error' role='alert'>⚠ {escape(message)}</span>"

    def clear_error(self) -> None:
        self.message.value = self._hint

    def on_change(self, callback: Callable[[], None]) -> None:
        self.control.observe(lambda _change: callback(), names="value")


Control = Field | Choice


def _dropdown(options: list[tuple[str, Any]], value: Any = None, width: str = "16em") -> widgets.Dropdown:
    chosen = value if value is not None and value in [v for _, v in options] else options[0][1]
    return widgets.Dropdown(options=options, value=chosen, layout=widgets.Layout(width=width, max_width="85vw"))


def _several(options: list[str], chosen: list[str]) -> widgets.SelectMultiple:
    return widgets.SelectMultiple(
        options=options, value=tuple(chosen), rows=min(max(len(options), 2), 6),
        layout=widgets.Layout(width="26em", max_width="85vw"),
    )  # fmt: skip


def _month_choice(key: str, label: str, start: date, default: int) -> Choice:
    options = month_options(start, 60)[1:]  # no "senza data": an event has a month
    return Choice(key, label, _dropdown(options, options[default][1], "13em"))


def _as_date(value: str) -> date:
    year, month = value.split("-")
    return date(int(year), int(month), 1)


def _text(key: str, label: str, value: str) -> Field:
    return Field(key, label, value, lambda text: text.strip())


@dataclass
class _Context:
    household: Household
    start: date
    today: date

    @property
    def adults(self) -> list[str]:
        return [m.name for m in self.household.members if m.role == "adult"]

    @property
    def salaries(self) -> list[str]:
        return [i.label for i in self.household.incomes if i.source in ("salary", "self_employment")]

    def yearly(self, labels: list[str]) -> Decimal:
        return sum((i.yearly_amount for i in self.household.incomes if i.label in labels), ZERO)


def _job_loss_controls(ctx: _Context) -> list[Control]:
    adults = ctx.adults
    person = next((a for a in adults if any(a in s for s in ctx.salaries)), adults[0] if adults else "")
    theirs = [s for s in ctx.salaries if person in s]
    pay = format_number(cents(4 * ctx.yearly(theirs)), decimals=0)
    return [
        Choice("member", "Chi perde il lavoro", _dropdown([(a, a) for a in adults] or [("—", "")], person)),
        Choice("salary_labels", "Entrate che si perdono", _several(ctx.salaries, theirs),
               hint="Ctrl o ⌘ per sceglierne più di una"),
        amount_field("taxable_pay_4y", "Retribuzione lorda degli ultimi 4 anni (€)", pay,
                     hint="dalla CU; precompilata con il netto"),
        integer_field("contribution_weeks_4y", "Settimane di contributi in 4 anni", "208"),
        _month_choice("on", "Quando", ctx.start, 0),
    ]  # fmt: skip


def _job_loss(values: dict[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return job_loss(
        member=values["member"], salary_labels=list(values["salary_labels"]), taxable_pay_4y=values["taxable_pay_4y"],
        contribution_weeks_4y=values["contribution_weeks_4y"], on=_as_date(values["on"]),
    )  # fmt: skip


NO_LEAVE = "—"


def _birth_controls(ctx: _Context) -> list[Control]:
    monthly = [i.label for i in ctx.household.incomes if i.source == "salary" and i.frequency == "monthly"]
    return [
        Choice("parent", "Genitore", _dropdown([(a, a) for a in ctx.adults] or [("—", "")])),
        _text("child", "Nome del bambino", "Neonato"),
        _month_choice("on", "Mese della nascita", ctx.start, 3),
        Choice("cost_level", "Spese del primo anno", _dropdown(
            [(f"{word} ({_first_year_total(level)} l'anno)", level) for word, level in COST_LEVELS], "medio")),
        Choice("leave_salary", "Stipendio di chi va in congedo", _dropdown(
            [("nessuno", NO_LEAVE), *[(label, label) for label in monthly]], width="22em")),
        Choice("parental_months", "Mesi di congedo parentale dopo la maternità",
               _dropdown([(str(n), n) for n in range(7)], 0, "6em")),
        Choice("top_up", "Il contratto integra la maternità al 100 %", widgets.Checkbox(value=False)),
        amount_field("nursery_monthly", "Retta del nido dal primo compleanno (€ al mese)", "0"),
    ]  # fmt: skip


COST_LEVELS = (("contenute", "minimo"), ("medie", "medio"), ("alte", "massimo"))


def _first_year_total(level: CostLevel) -> str:
    """The survey's first-year total at ``level``, to the hundred euro."""
    total = sum((cost.yearly for cost in first_year_costs(level)), ZERO)
    hundreds = (total / 100).quantize(Decimal(1)) * 100
    return f"{format_number(hundreds, decimals=0)}\u00a0€"


def _birth(values: dict[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    leave = None if values["leave_salary"] == NO_LEAVE else values["leave_salary"]
    return birth(
        on=_as_date(values["on"]), ages_on=ctx.today, parent=values["parent"], child=values["child"],
        cost_level=values["cost_level"], leave_salary=leave, parental_months=values["parental_months"],
        top_up=values["top_up"], isee=isee, nursery_monthly=values["nursery_monthly"],
    )  # fmt: skip


def _care_controls(ctx: _Context) -> list[Control]:
    return [
        _text("parent", "Nome del genitore", "Nonna"),
        integer_field("age", "Età", "84"),
        Choice("care", "Chi se ne occupa", _dropdown(
            [("badante convivente", "live_in"), ("badante a ore", "hourly"), ("RSA (casa di riposo)", "rsa")])),
        integer_field("weekly_hours", "Ore a settimana (badante a ore)", "25"),
        amount_field("pension", "Pensione netta del genitore (€ al mese)", "900"),
        Choice("with_companion_allowance", "Ha l'indennità di accompagnamento", widgets.Checkbox(value=True)),
        Choice("moves_in", "Viene a vivere in famiglia", widgets.Checkbox(value=True)),
        Field("rsa_monthly", "Retta della RSA (€ al mese)", "", lambda text: optional_amount(text, field="rsa_monthly"),
              placeholder="2.236", hint="vuoto: media della Lombardia"),
        amount_field("other_costs", "Ausili, farmaci, terapie (€ al mese)", "100"),
        _month_choice("on", "Da quando", ctx.start, 0),
    ]  # fmt: skip


def _care(values: dict[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return parent_care(
        on=_as_date(values["on"]), parent=values["parent"], age=values["age"], care=values["care"],
        weekly_hours=values["weekly_hours"], pension=values["pension"],
        with_companion_allowance=values["with_companion_allowance"], moves_in=values["moves_in"],
        rsa_monthly=values["rsa_monthly"], other_costs=values["other_costs"],
    )  # fmt: skip


def _separation_controls(ctx: _Context) -> list[Control]:
    members = [m.name for m in ctx.household.members]
    leaving = ctx.adults[-1:] if len(ctx.adults) > 1 else []
    incomes = ctx.household.incomes
    theirs = [i.label for i in incomes if leaving and leaving[0] in i.label]
    return [
        Choice("leaving", "Chi va a vivere altrove", _several(members, leaving)),
        Choice("incomes_leaving", "Entrate che vanno con loro", _several([i.label for i in incomes], theirs)),
        amount_field("maintenance", "Mantenimento per i figli (€ al mese)", "300"),
        amount_field("new_rent", "Affitto della nuova casa (€ al mese)", "700"),
        amount_field("new_utilities", "Utenze della nuova casa (€ al mese)", "150"),
    ]  # fmt: skip


def _separation(values: dict[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return separation(
        leaving=list(values["leaving"]), incomes_leaving=list(values["incomes_leaving"]),
        maintenance=values["maintenance"], new_rent=values["new_rent"], new_utilities=values["new_utilities"],
    )  # fmt: skip


def _current_rent(ctx: _Context) -> Decimal:
    rents = [e.amount for e in ctx.household.expenses if e.subcategory == "affitto"]
    return rents[0] if rents else Decimal(800)


def _rent_controls(ctx: _Context) -> list[Control]:
    rent = format_number(cents(_current_rent(ctx) * Decimal("1.1")), decimals=0)
    return [amount_field("new_rent", "Nuovo affitto (€ al mese)", rent, hint="precompilato: +10 %")]


def _move_controls(ctx: _Context) -> list[Control]:
    return [
        amount_field("new_rent", "Affitto della nuova casa (€ al mese)", format_number(_current_rent(ctx), decimals=0)),
        amount_field("moving_costs", "Trasloco, caparra e allacci (€)", "2.500"),
        _month_choice("on", "Quando", ctx.start, 2),
    ]


def _mortgage_controls(ctx: _Context) -> list[Control]:
    return [percent_field("new_rate", "Nuovo tasso del mutuo (TAN, %)", "4")]


def _loan_controls(ctx: _Context) -> list[Control]:
    return [
        _text("label", "Per cosa", "Prestito per l'auto"),
        amount_field("principal", "Importo (€)", "10.000"),
        percent_field("annual_rate", "TAN (%)", "8"),
        integer_field("months", "Mesi", "60"),
        _month_choice("on", "Quando", ctx.start, 0),
    ]


def _loan(values: dict[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    loan = Loan(values["principal"], values["annual_rate"], values["months"])
    return new_loan(loan, label=values["label"] or "Nuovo prestito", on=_as_date(values["on"]))


_CONTROLS: dict[str, Callable[[_Context], list[Control]]] = {
    "job_loss": _job_loss_controls, "birth": _birth_controls, "parent_care": _care_controls,
    "separation": _separation_controls, "rent_change": _rent_controls, "move_home": _move_controls,
    "mortgage_reset": _mortgage_controls, "new_loan": _loan_controls,
}  # fmt: skip


#: Event kind → what builds the event from the fields' values (the ISEE sets a newborn's Assegno Unico).
_BUILDERS: dict[str, Callable[[dict[str, Any], _Context, Decimal | None], Event]] = {
    "job_loss": _job_loss, "birth": _birth, "parent_care": _care, "separation": _separation, "new_loan": _loan,
    "rent_change": lambda v, _c, _i: rent_change(v["new_rent"]),
    "move_home": lambda v, _c, _i: move_home(v["new_rent"], moving_costs=v["moving_costs"], on=_as_date(v["on"])),
    "mortgage_reset": lambda v, _c, _i: mortgage_reset(v["new_rate"]),
}  # fmt: skip


class EventForm:
    """The fields of one event, a remove button, and the event they build."""

    def __init__(
        self,
        kind: str,
        household: Household,
        *,
        start: date,
        today: date,
        on_change: Callable[[], None],
        on_remove: Callable[[EventForm], None],
    ) -> None:
        self.kind = kind
        self.context = _Context(household, start, today)
        self.controls = {control.key: control for control in _CONTROLS[kind](self.context)}
        for control in self.controls.values():
            control.on_change(on_change)
        self.message = widgets.HTML()
        remove = widgets.Button(description="Togli", icon="trash", layout=widgets.Layout(width="7em"))
        remove.add_class("of-remove-event")
        remove.on_click(lambda _b: on_remove(self))
        title = widgets.HTML(f"<h4 class='of-event-title'>{escape(EVENT_KINDS[kind])}</h4>")
        fields = widgets.HBox([c.box for c in self.controls.values()], layout=widgets.Layout(flex_flow="row wrap"))
        head = widgets.HBox([title, remove])
        head.add_class("of-event-head")
        self.box = widgets.VBox([head, fields, self.message])
        self.box.add_class("of-event")
        self.box.add_class(f"of-event-{kind}")

    def event(self, isee: Decimal | None) -> Event | None:
        """The event, or None with the errors shown beside their fields."""
        values: dict[str, Any] = {}
        failed = False
        for key, control in self.controls.items():
            try:
                values[key] = control.read()
            except OltreFinanceError:
                failed = True
        self.message.value = ""
        if failed:
            return None
        try:
            return _BUILDERS[self.kind](values, self.context, isee)
        except OltreFinanceError as error:
            self.show_error(error)
            return None

    def show_error(self, error: OltreFinanceError) -> None:
        """Beside the field the error names, or under the form."""
        control = self.controls.get(error.field or "")
        if control is not None:
            control.show_error(error.message_it)
        else:
            self.message.value = banner("red", escape(error.message_it))
