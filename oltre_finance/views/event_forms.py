"""The "Eventi di vita" forms as data: which events are offered, their fields and defaults, and what was typed.

Which events are offered and the fields of each, with their defaults
prefilled from the household (:func:`event_form`); why an event cannot apply
to the household (rent change without a rent, job loss without a salary),
said beside its field; what a person typed, read into events
(:func:`parse_events`, every wrong field with its Italian message); and the
app's own fields as the browser keeps them (:func:`keep`, :func:`restore`).
The events never change the household: they are a "what if".

Errors are keyed ``isee``, ``start``, ``events.<n>.<field>`` (beside the
field of the n-th event) or ``events.<n>`` (under the n-th event's fields).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.italy.care import rsa_fees
from oltre_finance.italy.data_files import series, version_on
from oltre_finance.italy.naspi import lookback_years
from oltre_finance.loans import Loan
from oltre_finance.money import ZERO, cents, format_eur, format_number, format_percent, parse_percent
from oltre_finance.months import first_of_month, month_name
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
from oltre_finance.views.blocks import Errors, frozen_errors
from oltre_finance.views.inputs import FieldError, read_amount

__all__ = [
    "BUDGET_APP",
    "EVENT_KINDS",
    "MAX_EVENTS",
    "EventField",
    "EventForm",
    "EventInput",
    "EventsInput",
    "Kept",
    "ParsedEvents",
    "default_start",
    "event_form",
    "keep",
    "parse_events",
    "restore",
    "start_options",
]

#: Event kind → the name a person reads, in the order they are offered.
EVENT_KINDS: Mapping[str, str] = MappingProxyType({
    "job_loss": "Perdita del lavoro",
    "birth": "Nascita di un figlio",
    "parent_care": "Cura di un genitore anziano",
    "separation": "Separazione",
    "rent_change": "Cambia l'affitto",
    "move_home": "Trasloco in affitto",
    "mortgage_reset": "Mutuo: cambia il tasso",
    "new_loan": "Nuovo prestito",
})  # fmt: skip
#: The most events tried at once (and kept in the browser).
MAX_EVENTS = 10
#: How many months ahead an event can be placed, and the 12 months can start.
EVENT_MONTHS, START_MONTHS = 60, 24
NO_LEAVE = "—"
MAX_TEXT = 60
BUDGET_APP = "«Bilancio familiare»"

FieldKind = Literal["text", "amount", "optional_amount", "percent", "whole", "choice", "several", "check", "month"]
Option = tuple[str, Any]


@dataclass(frozen=True, kw_only=True)
class EventField:
    """One field of an event's form: its label (a real label on screen), its kind and its choices."""

    key: str
    label: str
    kind: FieldKind
    #: ``(label, value)`` choices of a choice, month or several-choice field.
    options: tuple[Option, ...] = ()
    #: Choices kept from before that no longer fit the household, shown marked (choosing them is an error).
    stale: tuple[Option, ...] = ()
    hint: str = ""
    placeholder: str = ""
    #: The choices are the household's own (its members, its incomes): a kept one may no longer be there.
    from_household: bool = False


@dataclass(frozen=True, kw_only=True)
class EventForm:
    """The form of one event for one household: its fields and the values they start with."""

    kind: str
    title: str
    fields: tuple[EventField, ...]
    #: Field key → value: text as typed, a choice's value, a tuple of values, a tick.
    values: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class EventInput:
    """One event as the person set it: its kind and each field's value (text as typed, choices as values)."""

    kind: str
    values: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True, kw_only=True)
class EventsInput:
    """What the person set: the first of the 12 months (``"2027-01"``), the ISEE as typed, the events."""

    start: str
    isee: str
    events: tuple[EventInput, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ParsedEvents:
    start: date
    isee: Decimal | None
    events: tuple[Event, ...]


@dataclass(frozen=True, kw_only=True)
class Kept:
    """What the browser kept of the app's own fields, checked: the person's own values of each event."""

    start: str
    isee: str
    events: tuple[tuple[str, Mapping[str, Any]], ...]


# -- months --------------------------------------------------------------------------------


def _month_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_options(first: date, count: int) -> tuple[Option, ...]:
    return tuple((month_name(day), _month_value(day)) for day in (first_of_month(first, plus=k) for k in range(count)))


def _as_month(value: str) -> date:
    year, month = value.split("-")
    return date(int(year), int(month), 1)


def start_options(today: date) -> tuple[Option, ...]:
    """The months the 12 months can start from: this month and the next ones."""
    return _month_options(today, START_MONTHS)


def default_start(today: date) -> str:
    """The 12 months start with the current month, like the budget's calendar."""
    return _month_value(first_of_month(today))


# -- the household as the forms see it -----------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    household: Household
    today: date

    @property
    def adults(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.name for m in self.household.members if m.role == "adult"))

    @property
    def salaries(self) -> tuple[str, ...]:
        """Labels of the incomes from work (what a job loss stops)."""
        return tuple(
            dict.fromkeys(i.label for i in self.household.incomes if i.source in ("salary", "self_employment"))
        )

    def month(self, plus: int) -> str:
        return _month_value(first_of_month(self.today, plus=plus))

    @property
    def rents(self) -> tuple[Decimal, ...]:
        """The rents paid regularly (an *affitto* in *casa*, not a one-off deposit), each a month."""
        return tuple(
            e.monthly_amount
            for e in self.household.expenses
            if e.category == "casa" and e.subcategory == "affitto" and e.frequency != "one_off"
        )

    @property
    def mortgage_rates(self) -> tuple[Decimal, ...]:
        return tuple(d.annual_rate for d in self.household.debts if d.kind == "mortgage")

    def free_name(self, name: str) -> str:
        """``name``, or ``name 2``, ``name 3``… when a member already has it."""
        taken = {m.name for m in self.household.members}
        return next(candidate for k in range(1, 100) if (candidate := name if k == 1 else f"{name} {k}") not in taken)


def _names(label: str, name: str) -> bool:
    """Whether ``label`` names ``name`` as a word ("Stipendio di Marco" names Marco)."""
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", label, re.IGNORECASE) is not None


def _whole_euro(amount: Decimal) -> str:
    return format_number(cents(amount), decimals=0)


def _choice(key: str, label: str, options: Sequence[Option], **more: Any) -> EventField:
    return EventField(key=key, label=label, kind="choice", options=tuple(options), **more)


def _month(key: str, label: str, ctx: _Context) -> EventField:
    return EventField(key=key, label=label, kind="month", options=_month_options(ctx.today, EVENT_MONTHS))


def _several(key: str, label: str, options: Sequence[str], hint: str = "") -> EventField:
    return EventField(
        key=key, label=label, kind="several", options=tuple((o, o) for o in options), hint=hint, from_household=True
    )


def _field(key: str, label: str, kind: FieldKind, **more: Any) -> EventField:
    return EventField(key=key, label=label, kind=kind, **more)


Fields = tuple[tuple[EventField, Any], ...]


# -- each event: its fields with their defaults, why it cannot apply, how it is built ------------------


def _job_loss_fields(ctx: _Context) -> Fields:
    adults, salaries = ctx.adults, ctx.salaries
    person = next((a for a in adults if any(_names(s, a) for s in salaries)), adults[0] if adults else "")
    theirs = list(salaries) if len(adults) == 1 else [s for s in salaries if _names(s, person)] or list(salaries[:1])
    yearly = sum((i.yearly_amount for i in ctx.household.incomes if i.label in theirs), ZERO)
    years = lookback_years(ctx.today)
    return (
        (_choice("member", "Chi perde il lavoro", [(a, a) for a in adults], from_household=True), person),
        (_several("salary_labels", "Entrate che si perdono", salaries, "Ctrl o ⌘ per sceglierne più di una"),
         tuple(theirs)),
        (_field("taxable_pay_4y", f"Retribuzione lorda degli ultimi {years} anni (€)", "amount",
                hint="dalla Certificazione Unica; precompilata con il netto"), _whole_euro(years * yearly)),
        (_field("contribution_weeks_4y", f"Settimane di contributi in {years} anni", "whole"), "208"),
        (_month("on", "Quando", ctx), ctx.month(0)),
    )  # fmt: skip


def _job_loss_cannot(ctx: _Context) -> dict[str, str]:
    if not ctx.adults:
        return {"member": f"Nella famiglia non c'è un adulto: aggiungilo in {BUDGET_APP}."}
    if not ctx.salaries:
        return {"salary_labels": "La famiglia non ha entrate da lavoro (stipendio o lavoro autonomo): aggiungile "
                f"in {BUDGET_APP} per vedere che cosa cambia se si perdono."}  # fmt: skip
    return {}


def _job_loss(v: Mapping[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return job_loss(member=v["member"], salary_labels=list(v["salary_labels"]), taxable_pay_4y=v["taxable_pay_4y"],
                    contribution_weeks_4y=v["contribution_weeks_4y"], on=_as_month(v["on"]))  # fmt: skip


COST_LEVELS: tuple[tuple[str, CostLevel], ...] = (("contenute", "minimo"), ("medie", "medio"), ("alte", "massimo"))


def _first_year_total(level: CostLevel) -> str:
    """The survey's first-year total at ``level``, to the hundred euro."""
    total = sum((cost.yearly for cost in first_year_costs(level)), ZERO)
    return f"{format_number(cents(total, step=Decimal(100)), decimals=0)}\u00a0€"


def _parental_limit(ctx: _Context) -> int:
    rule = version_on(series("birth.json", "leave"), ctx.today)
    return int(rule["parental_indemnified_months_one_parent"])


def _birth_fields(ctx: _Context) -> Fields:
    monthly = [i.label for i in ctx.household.incomes if i.source == "salary" and i.frequency == "monthly"]
    adults = ctx.adults
    return (
        (_choice("parent", "Genitore", [(a, a) for a in adults], from_household=True), adults[0] if adults else ""),
        (_field("child", "Nome del bambino", "text"), ctx.free_name("Neonato")),
        (_month("on", "Mese della nascita", ctx), ctx.month(4)),
        (_choice("cost_level", "Spese del primo anno",
                 [(f"{word} ({_first_year_total(level)} l'anno)", level) for word, level in COST_LEVELS]), "medio"),
        (_choice("leave_salary", "Stipendio di chi va in congedo",
                 [("nessuno", NO_LEAVE), *((label, label) for label in dict.fromkeys(monthly))], from_household=True),
         NO_LEAVE),
        (_choice("parental_months", "Mesi di congedo parentale dopo la maternità",
                 [(str(n), n) for n in range(_parental_limit(ctx) + 1)]), 0),
        (_field("top_up", "Il contratto porta la maternità allo stipendio pieno", "check"), False),
        (_field("nursery_monthly", "Retta del nido dal primo compleanno (€ al mese)", "amount"), "0"),
    )  # fmt: skip


def _no_adult(key: str) -> Callable[[_Context], dict[str, str]]:
    def cannot(ctx: _Context) -> dict[str, str]:
        return {} if ctx.adults else {key: f"Nella famiglia non c'è un adulto: aggiungilo in {BUDGET_APP}."}

    return cannot


def _birth(v: Mapping[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return birth(
        on=_as_month(v["on"]), ages_on=ctx.today, parent=v["parent"], child=v["child"], cost_level=v["cost_level"],
        leave_salary=None if v["leave_salary"] == NO_LEAVE else v["leave_salary"],
        parental_months=v["parental_months"], top_up=v["top_up"], isee=isee, nursery_monthly=v["nursery_monthly"],
    )  # fmt: skip


CARE_KINDS = (("badante convivente", "live_in"), ("badante a ore", "hourly"), ("RSA (casa di riposo)", "rsa"))


def _rsa_average(today: date) -> Decimal:
    return rsa_fees(today).monthly_average


def _care_fields(ctx: _Context) -> Fields:
    return (
        (_field("parent", "Nome del genitore", "text"), ctx.free_name("Nonna")),
        (_field("age", "Età", "whole"), "84"),
        (_choice("care", "Chi se ne occupa", CARE_KINDS), "live_in"),
        (_field("weekly_hours", "Ore a settimana (badante a ore)", "whole"), "25"),
        (_field("pension", "Pensione netta del genitore (€ al mese)", "amount"), "900"),
        (_field("with_companion_allowance", "Ha l'indennità di accompagnamento", "check"), True),
        (_field("moves_in", "Viene a vivere in famiglia", "check"), True),
        (_field("rsa_monthly", "Retta della RSA (€ al mese)", "optional_amount",
                placeholder=_whole_euro(_rsa_average(ctx.today)), hint="vuoto: la media della Lombardia"), ""),
        (_field("other_costs", "Ausili, farmaci, terapie (€ al mese)", "amount"), "100"),
        (_month("on", "Da quando", ctx), ctx.month(1)),
    )  # fmt: skip


def _care(v: Mapping[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return parent_care(
        on=_as_month(v["on"]), parent=v["parent"], age=v["age"], care=v["care"],
        weekly_hours=v["weekly_hours"] if v["care"] == "hourly" else None, pension=v["pension"],
        with_companion_allowance=v["with_companion_allowance"], moves_in=v["moves_in"],
        rsa_monthly=v["rsa_monthly"], other_costs=v["other_costs"],
    )  # fmt: skip


def _separation_fields(ctx: _Context) -> Fields:
    adults = ctx.adults
    leaving = adults[-1:] if len(adults) > 1 else ()
    labels = tuple(dict.fromkeys(i.label for i in ctx.household.incomes))
    theirs = tuple(label for label in labels if leaving and _names(label, leaving[0]))
    return (
        (_several("leaving", "Chi va a vivere altrove", [m.name for m in ctx.household.members]), tuple(leaving)),
        (_several("incomes_leaving", "Entrate che vanno con loro", labels), theirs),
        (_field("maintenance", "Mantenimento per i figli (€ al mese)", "amount"), "300"),
        (_field("new_rent", "Affitto della nuova casa (€ al mese)", "amount"), "700"),
        (_field("new_utilities", "Utenze della nuova casa (€ al mese)", "amount"), "150"),
    )  # fmt: skip


def _separation_cannot(ctx: _Context) -> dict[str, str]:
    if len(ctx.adults) >= 2:
        return {}
    return {"leaving": f"Per una separazione servono due adulti nella famiglia: aggiungili in {BUDGET_APP}."}


def _separation(v: Mapping[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    return separation(
        leaving=list(v["leaving"]), incomes_leaving=list(v["incomes_leaving"]), maintenance=v["maintenance"],
        new_rent=v["new_rent"], new_utilities=v["new_utilities"],
    )  # fmt: skip


RENT_RISE = Decimal("0.10")


def _rent_fields(ctx: _Context) -> Fields:
    rents = ctx.rents
    if rents:
        default = _whole_euro(sum(rents, ZERO) * (1 + RENT_RISE))
        hint = f"precompilato: l'affitto di oggi ({format_eur(sum(rents, ZERO))}) più il {format_percent(RENT_RISE)}"
    else:
        default, hint = "", ""
    return (
        (_field("new_rent", "Nuovo affitto (€ al mese)", "amount", hint=hint), default),
        (_month("starts", "Da quale mese", ctx), ctx.month(1)),
    )


def _rent_cannot(ctx: _Context) -> dict[str, str]:
    if ctx.rents:
        return {}
    return {"new_rent": f"La famiglia non paga un affitto: aggiungilo in {BUDGET_APP} come spesa «Affitto» nella "
            "categoria Casa. Per cambiare casa c'è l'evento «Trasloco in affitto»."}  # fmt: skip


def _move_fields(ctx: _Context) -> Fields:
    rent = sum(ctx.rents, ZERO) or Decimal(800)
    return (
        (_field("new_rent", "Affitto della nuova casa (€ al mese)", "amount"), _whole_euro(rent)),
        (_field("moving_costs", "Trasloco, caparra e allacci (€)", "amount"), "2.500"),
        (_month("on", "Quando", ctx), ctx.month(3)),
    )


MORTGAGE_RISE = Decimal("0.01")


def _percent_text(rate: Decimal) -> str:
    return format_number(rate * 100, decimals=2)


def _mortgage_fields(ctx: _Context) -> Fields:
    rates = ctx.mortgage_rates
    if rates:
        default = _percent_text(max(rates) + MORTGAGE_RISE)
        hint = f"precompilato: il tasso di oggi ({format_percent(max(rates))}) più {format_percent(MORTGAGE_RISE)}"
    else:
        default, hint = "4,00", ""
    return ((_field("new_rate", "Nuovo tasso del mutuo (TAN, %)", "percent", hint=hint), default),)


def _mortgage_cannot(ctx: _Context) -> dict[str, str]:
    if ctx.mortgage_rates:
        return {}
    return {"new_rate": f"La famiglia non ha un mutuo: aggiungilo tra i debiti in {BUDGET_APP}."}


def _loan_fields(ctx: _Context) -> Fields:
    return (
        (_field("label", "Per cosa", "text"), "Prestito per l'auto"),
        (_field("principal", "Importo (€)", "amount"), "10.000"),
        (_field("annual_rate", "TAN (%)", "percent"), "8,00"),
        (_field("months", "Mesi", "whole"), "60"),
        (_month("on", "Quando", ctx), ctx.month(1)),
    )


def _loan(v: Mapping[str, Any], ctx: _Context, isee: Decimal | None) -> Event:
    loan = Loan(v["principal"], v["annual_rate"], v["months"])
    return new_loan(loan, label=v["label"] or "Nuovo prestito", on=_as_month(v["on"]))


@dataclass(frozen=True)
class _Spec:
    fields: Callable[[_Context], Fields]
    build: Callable[[Mapping[str, Any], _Context, Decimal | None], Event]
    cannot: Callable[[_Context], dict[str, str]] = field(default=lambda _ctx: {})


_SPECS: Mapping[str, _Spec] = MappingProxyType({
    "job_loss": _Spec(_job_loss_fields, _job_loss, _job_loss_cannot),
    "birth": _Spec(_birth_fields, _birth, _no_adult("parent")),
    "parent_care": _Spec(_care_fields, _care),
    "separation": _Spec(_separation_fields, _separation, _separation_cannot),
    "rent_change": _Spec(_rent_fields, lambda v, _c, _i: rent_change(v["new_rent"], starts=_as_month(v["starts"])),
                         _rent_cannot),
    "move_home": _Spec(_move_fields, lambda v, _c, _i: move_home(v["new_rent"], moving_costs=v["moving_costs"],
                                                                 on=_as_month(v["on"]))),
    "mortgage_reset": _Spec(_mortgage_fields, lambda v, _c, _i: mortgage_reset(v["new_rate"]), _mortgage_cannot),
    "new_loan": _Spec(_loan_fields, _loan),
})  # fmt: skip


# -- the form of an event, with what the person set before ------------------------------------------------

_TEXT_KINDS = ("text", "amount", "optional_amount", "percent", "whole")


def _same(a: object, b: object) -> bool:
    """Equal and of the same type (``True`` is not the choice ``1``)."""
    return type(a) is type(b) and a == b


def _offered(options: Sequence[Option], value: object) -> bool:
    return any(_same(option, value) for _label, option in options)


def _stale_label(kind: FieldKind, value: object) -> str:
    if kind == "month" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value) and 1 <= int(value[5:]) <= 12:
        return f"{month_name(_as_month(value))} (non si può più scegliere)"
    return f"{value} (non c'è più)"


def _plain(value: object) -> bool:
    return isinstance(value, str | int | bool) and (not isinstance(value, str) or len(value) <= 200)


def _fit(spec: EventField, default: Any, own: Mapping[str, Any]) -> tuple[EventField, Any]:
    """The field and its value: the person's own value where this field can hold it, else the default.

    A kept month that has passed, or a kept member or income that the household no longer has, stays chosen
    and shown as such (:func:`parse_events` says why beside it); anything else that does not fit is left out.
    """
    if spec.key not in own:
        return spec, default
    value = own[spec.key]
    if spec.kind in _TEXT_KINDS:
        return spec, value if isinstance(value, str) and len(value) <= 200 else default
    if spec.kind == "check":
        return spec, value if isinstance(value, bool) else default
    chosen = tuple(dict.fromkeys(value)) if spec.kind == "several" and isinstance(value, list | tuple) else (value,)
    if not all(_plain(v) for v in chosen) or (spec.kind == "several" and not isinstance(value, list | tuple)):
        return spec, default
    gone = tuple((_stale_label(spec.kind, v), v) for v in chosen if not _offered(spec.options, v))
    if gone and not (spec.kind == "month" or spec.from_household):
        return spec, default
    fitted = chosen if spec.kind == "several" else value
    return (replace(spec, stale=gone) if gone else spec), fitted


def event_form(kind: str, household: Household, *, today: date, own: Mapping[str, Any] | None = None) -> EventForm:
    """The form of an event of ``kind`` for ``household``: its fields, prefilled from the household.

    ``own`` holds the values the person set before (kept in the browser): they replace the defaults, and a
    choice that no longer fits the household stays shown, marked, so that :func:`parse_events` says so
    beside it.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> form = event_form("rent_change", load_sample("affitto_meta_reddito"), today=date(2026, 12, 1))
    >>> [f.key for f in form.fields], form.values["new_rent"], form.values["starts"]
    (['new_rent', 'starts'], '1.265', '2027-01')
    """
    if kind not in _SPECS:
        raise KeyError(kind)
    ctx = _Context(household, today)
    fitted = [_fit(spec, default, own or {}) for spec, default in _SPECS[kind].fields(ctx)]
    return EventForm(
        kind=kind,
        title=EVENT_KINDS[kind],
        fields=tuple(f for f, _ in fitted),
        values=MappingProxyType({f.key: value for f, value in fitted}),
    )


# -- reading what the person typed ----------------------------------------------------------------------


def _amount(text: object, *, optional: bool = False) -> Decimal | None:
    return read_amount(text, optional=optional)


def _read(spec: EventField, value: object) -> Any:
    """The value of one field, typed; raises :class:`FieldError` with the Italian message."""
    kind = spec.kind
    if kind == "text":
        if not isinstance(value, str):
            raise FieldError("Scrivi un testo.")
        if len(value.strip()) > MAX_TEXT:
            raise FieldError(f"Al massimo {MAX_TEXT} caratteri.")
        return value.strip()
    if kind in ("amount", "optional_amount"):
        return _amount(value, optional=kind == "optional_amount")
    if kind == "percent":
        if not isinstance(value, str) or not value.strip():
            raise FieldError("Scrivi il tasso in percentuale, per esempio 4,5.")
        try:
            return parse_percent(value)
        except OltreFinanceError as error:
            raise FieldError(error.message_it) from None
    if kind == "whole":
        text = value.strip() if isinstance(value, str) else ""
        if not (text.isascii() and text.isdigit()):
            raise FieldError("Scrivi un numero intero, per esempio 60.")
        if len(text) > 6:
            raise FieldError("Numero troppo grande.")
        return int(text)
    if kind == "check":
        if not isinstance(value, bool):
            raise FieldError("Scegli sì o no.")
        return value
    chosen = tuple(value) if kind == "several" and isinstance(value, list | tuple) else (value,)
    for one in chosen:
        if not _offered(spec.options, one):
            if _plain(one) and (kind == "month" or spec.from_household):
                raise FieldError("Questo mese non si può più scegliere: scegline un altro." if kind == "month" else
                             f"«{one}» non c'è più nella famiglia: scegli di nuovo dall'elenco.")  # fmt: skip
            raise FieldError("Scegli dall'elenco.")
    if kind == "several":
        if not isinstance(value, list | tuple):
            raise FieldError("Scegli dall'elenco.")
        return chosen
    return value


def _isee(text: str) -> Decimal | None:
    try:
        return _amount(text, optional=True)
    except FieldError as wrong:
        raise FieldError(wrong.message.replace("L'importo", "L'ISEE")) from None


def _event(
    index: int, given: EventInput, household: Household, ctx: _Context, isee: Decimal | None
) -> Event | dict[str, str]:
    """The event built from ``given``, or its errors (keyed ``events.<index>[.field]``)."""
    where = f"events.{index}"
    if given.kind not in _SPECS:
        return {where: "Evento sconosciuto: toglilo."}
    spec = _SPECS[given.kind]
    form = event_form(given.kind, household, today=ctx.today)
    errors = {f"{where}.{key}": message for key, message in spec.cannot(ctx).items()}  # why it cannot apply
    values: dict[str, Any] = {}
    for field_spec in form.fields:
        try:
            values[field_spec.key] = _read(field_spec, given.values.get(field_spec.key))
        except FieldError as wrong:
            errors.setdefault(f"{where}.{field_spec.key}", wrong.message)
    if errors:
        return errors
    try:
        return spec.build(values, ctx, isee)
    except OltreFinanceError as error:
        return {_where(where, error, form): error.message_it}


def _where(where: str, error: OltreFinanceError, form: EventForm) -> str:
    return f"{where}.{error.field}" if error.field in {f.key for f in form.fields} else where


def parse_events(inputs: EventsInput, household: Household, *, today: date) -> ParsedEvents | Errors:
    """The events as typed, each built and applied in turn to ``household``, or every wrong field's message.

    An event applies to the household as the events before it left it, so once an event is wrong the ones
    after it are checked again only when it is mended.

    Examples
    --------
    >>> from oltre_finance.views.household import empty_household
    >>> typed = EventsInput(start="2026-12", isee="", events=(
    ...     EventInput(kind="rent_change", values={"new_rent": "900", "starts": "2027-09"}),))
    >>> dict(parse_events(typed, empty_household(), today=date(2026, 12, 1)))["events.0.new_rent"][:31]
    'La famiglia non paga un affitto'
    """
    errors: dict[str, str] = {}
    if not _offered(start_options(today), inputs.start):
        errors["start"] = "Scegli un mese dall'elenco."
    try:
        isee = _isee(inputs.isee)
    except FieldError as wrong:
        errors["isee"], isee = wrong.message, None
    if len(inputs.events) > MAX_EVENTS:
        errors[f"events.{MAX_EVENTS}"] = f"Al massimo {MAX_EVENTS} eventi insieme."
    events: list[Event] = []
    now = household
    for index, given in enumerate(inputs.events[:MAX_EVENTS]):
        ctx = _Context(now, today)
        built = _event(index, given, now, ctx, isee)
        if isinstance(built, dict):
            errors |= built
            break
        try:
            now = built.apply(now)
        except OltreFinanceError as error:
            errors[_where(f"events.{index}", error, event_form(given.kind, now, today=today))] = error.message_it
            break
        events.append(built)
    if errors:
        return frozen_errors(errors)
    return ParsedEvents(start=_as_month(inputs.start), isee=isee, events=tuple(events))


# -- the app's own fields in the browser -------------------------------------------------------------------


def keep(start: str, isee: str, events: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """The app's own fields as plain JSON values: each event with the values the person set."""
    return {
        "start": start,
        "isee": isee,
        "events": [{"kind": kind, "values": {k: list(v) if isinstance(v, tuple) else v for k, v in own.items()}}
                   for kind, own in events],
    }  # fmt: skip


def restore(kept: Mapping[str, Any], *, today: date) -> Kept:
    """What the browser kept, checked: anything that is not what :func:`keep` writes is left out, quietly.

    Examples
    --------
    >>> restore({"start": "2000-01", "isee": 5, "events": [{"kind": "?"}, {"kind": "birth", "values": {}}]},
    ...         today=date(2026, 12, 1))
    Kept(start='2026-12', isee='', events=(('birth', mappingproxy({})),))
    """
    start = kept.get("start")
    isee = kept.get("isee")
    first = start if isinstance(start, str) and _offered(start_options(today), start) else default_start(today)
    events = []
    listed = kept.get("events")
    for entry in listed if isinstance(listed, list) else []:
        if not isinstance(entry, dict) or entry.get("kind") not in _SPECS:
            continue
        values = entry.get("values")
        own = {k: v for k, v in values.items() if isinstance(k, str)} if isinstance(values, dict) else {}
        events.append((str(entry["kind"]), MappingProxyType(own)))
    return Kept(
        start=first,
        isee=isee if isinstance(isee, str) and len(isee) <= 40 else "",
        events=tuple(events[:MAX_EVENTS]),
    )
