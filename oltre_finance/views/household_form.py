"""The household editor as data: its sections and columns, rows of typed text, and the household they make.

One row editor serves members, incomes, expenses, assets, debts and goals:
each section here says its columns (title, kind of value, choices) and
:func:`parse_form` turns the rows a person typed into a :class:`Household`,
or into ``{field: Italian message}`` keyed like ``expenses.2.amount`` (the
row's position on screen). :func:`form_rows` is the way back, to fill the
editor from a household. A row whose main figure is still empty is not yet
part of the household (the person is typing it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Expense, Household, categories, default_subcategory, household_from_dict
from oltre_finance.money import format_number
from oltre_finance.months import MONTH_NAMES
from oltre_finance.validate import MAX_MONTHS
from oltre_finance.views.blocks import Errors, frozen_errors
from oltre_finance.views.inputs import FieldError, read_amount, read_percent, read_whole

__all__ = [
    "CARD_COLUMNS",
    "FREQUENCIES",
    "INCOME_SOURCES",
    "SECTIONS",
    "Column",
    "Section",
    "form_rows",
    "parse_form",
    "shows_card_minimum",
    "subcategory_options",
]

ColumnKind = Literal["text", "amount", "percent", "whole", "choice", "subcategory", "check", "month"]
Row = Mapping[str, Any]

FREQUENCIES = (
    ("mensile", "monthly"), ("settimanale", "weekly"), ("bimestrale", "bimonthly"), ("trimestrale", "quarterly"),
    ("semestrale", "half_yearly"), ("annuale", "yearly"), ("una tantum", "one_off"),
)  # fmt: skip
INCOME_SOURCES = (
    ("Stipendio", "salary"), ("Pensione", "pension"), ("Lavoro autonomo", "self_employment"), ("NASpI", "naspi"),
    ("Assegno Unico", "assegno_unico"), ("Altri sussidi", "other_benefit"), ("Mantenimento", "maintenance"),
    ("Affitto percepito", "rent_received"), ("Altro", "other"),
)  # fmt: skip
ROLES = (("Adulto", "adult"), ("Figlio o figlia", "child"), ("Genitore anziano", "elderly_parent"), ("Altro", "other"))
ASSET_KINDS = (
    ("Conto corrente", "current_account"), ("Libretto o conto deposito", "savings"),
    ("Investimenti", "investments"), ("Casa di proprietà", "home"),
)  # fmt: skip
DEBT_KINDS = (
    ("Prestito", "personal_loan"), ("Mutuo", "mortgage"), ("Cessione del quinto", "cessione_quinto"),
    ("Carta revolving", "revolving_card"), ("Compra ora, paga dopo", "bnpl"), ("Affitto arretrato", "rent_arrears"),
    ("Bollette arretrate", "bill_arrears"), ("Tasse arretrate", "tax_arrears"),
    ("Prestito da parenti o amici", "family_loan"),
)  # fmt: skip
MONTH_CHOICES = tuple((name, k + 1) for k, name in enumerate(MONTH_NAMES))


@dataclass(frozen=True, kw_only=True)
class Column:
    key: str
    title: str
    kind: ColumnKind
    options: tuple[tuple[str, Any], ...] = ()
    placeholder: str = ""
    #: Width on a wide screen (CSS); on a phone each control takes the row's width.
    width: str = "9em"
    #: Whether a row asks for this column (from the row's values); ``None``: every row does.
    show_if: Callable[[Mapping[str, Any]], bool] | None = None


@dataclass(frozen=True, kw_only=True)
class Section:
    key: str
    title: str
    add_label: str
    #: The column whose emptiness means "row not filled in yet".
    main: str
    columns: tuple[Column, ...]

    def blank_row(self) -> dict[str, Any]:
        """A new row's values: the first choice of each list, empty texts, ticked "essenziale"."""
        row: dict[str, Any] = {}
        for column in self.columns:
            if column.kind in ("choice", "month"):
                row[column.key] = column.options[0][1]
            elif column.kind == "check":
                row[column.key] = column.key == "essential"
            else:
                row[column.key] = ""
        if self.key == "expenses":
            row |= {"category": "altro", "subcategory": default_subcategory("altro", "")}
        return row


def _label(width: str = "12em") -> Column:
    return Column(key="label", title="Descrizione", kind="text", placeholder="per esempio: affitto", width=width)


def _timing() -> tuple[Column, ...]:
    return (
        Column(key="amount", title="Importo (€)", kind="amount", placeholder="importo €", width="7em"),
        Column(key="frequency", title="Ogni quanto", kind="choice", options=FREQUENCIES, width="8.5em"),
        Column(key="month", title="Mese", kind="month", options=MONTH_CHOICES, width="7.5em"),
    )


#: A revolving card's minimum: a share of what is owed, with a floor in euro.
CARD_COLUMNS = ("minimum_percent", "minimum_floor")


def shows_card_minimum(row: Mapping[str, Any]) -> bool:
    """Whether a debt row asks for a card's minimum as a percentage: a revolving card, or a row that has one.

    Examples
    --------
    >>> shows_card_minimum({"kind": "revolving_card"}), shows_card_minimum({"kind": "mortgage"})
    (True, False)
    >>> shows_card_minimum({"kind": "bnpl", "minimum_percent": "5"})
    True
    """
    return row.get("kind") == "revolving_card" or any(_text(row, key) for key in CARD_COLUMNS)


SECTIONS: Mapping[str, Section] = MappingProxyType({
    "members": Section(key="members", title="Chi fa parte della famiglia", add_label="+ Aggiungi una persona",
        main="name", columns=(
        Column(key="name", title="Nome", kind="text", placeholder="nome", width="10em"),
        Column(key="role", title="Ruolo", kind="choice", options=ROLES, width="10em"),
        Column(key="age", title="Età (anni)", kind="whole", placeholder="anni", width="5em"),
        Column(key="dependent", title="A carico", kind="check"),
        Column(key="disability", title="Con disabilità", kind="check"),
    )),
    "incomes": Section(key="incomes", title="Entrate (nette)", add_label="+ Aggiungi un'entrata", main="amount",
        columns=(
        _label(),
        Column(key="source", title="Tipo", kind="choice", options=INCOME_SOURCES, width="10em"),
        *_timing(),
    )),
    "expenses": Section(key="expenses", title="Spese", add_label="+ Aggiungi una spesa", main="amount", columns=(
        _label(),
        Column(key="category", title="Categoria", kind="choice",
               options=tuple((entry["label"], key) for key, entry in categories().items()), width="10em"),
        Column(key="subcategory", title="Voce", kind="subcategory", width="10.5em"),
        *_timing(),
        Column(key="essential", title="Essenziale", kind="check"),
    )),
    "assets": Section(key="assets", title="Risparmi e patrimonio", add_label="+ Aggiungi un conto o un bene",
        main="value", columns=(
        _label(),
        Column(key="kind", title="Tipo", kind="choice", options=ASSET_KINDS, width="12em"),
        Column(key="value", title="Valore oggi (€)", kind="amount", placeholder="importo €", width="8em"),
    )),
    "debts": Section(key="debts", title="Debiti (la rata entra da sola tra le spese)", add_label="+ Aggiungi un debito",
        main="balance", columns=(
        _label(),
        Column(key="kind", title="Tipo", kind="choice", options=DEBT_KINDS, width="11em"),
        Column(key="balance", title="Debito residuo (€)", kind="amount", placeholder="importo €", width="9.5em"),
        Column(key="annual_rate", title="TAN (%)", kind="percent", placeholder="0", width="5.5em"),
        Column(key="instalment", title="Rata al mese (€)", kind="amount", placeholder="0", width="9em"),
        Column(key="remaining_months", title="Rate che restano", kind="whole", placeholder="mesi", width="9em"),
        Column(key="minimum_percent", title="Rata minima (% del debito)", kind="percent", placeholder="per es. 3",
               width="14.5em", show_if=shows_card_minimum),
        Column(key="minimum_floor", title="Rata minima, almeno (€)", kind="amount", placeholder="per es. 25",
               width="12em", show_if=shows_card_minimum),
    )),
    "goals": Section(key="goals", title="Obiettivi di risparmio", add_label="+ Aggiungi un obiettivo", main="target",
        columns=(
        _label(),
        Column(key="target", title="Quanto serve (€)", kind="amount", placeholder="importo €", width="8em"),
        Column(key="saved", title="Già da parte (€)", kind="amount", placeholder="0", width="8em"),
        Column(key="by", title="Entro (mm/aaaa)", kind="text", placeholder="06/2028", width="7em"),
    )),
})  # fmt: skip

#: What a row keeps that the editor does not show (a temporary item's window, a one-off's year).
_CARRIED = ("starts", "ends", "year")


def subcategory_options(category: str) -> tuple[tuple[str, str], ...]:
    """The sub-categories of ``category`` as ``(label, id)`` choices."""
    entry = categories().get(category) or categories()["altro"]
    return tuple((label, key) for key, label in entry["subcategories"].items())


# -- household → rows ---------------------------------------------------------------


def _amount_text(value: Decimal) -> str:
    return format_number(value)


def _percent_text(rate: Decimal) -> str:
    return format_number(rate * 100, decimals=2).rstrip("0").rstrip(",")


def form_rows(household: Household) -> dict[str, tuple[dict[str, Any], ...]]:
    """The editor's rows for ``household``, section by section."""
    rows: dict[str, list[dict[str, Any]]] = {key: [] for key in SECTIONS}
    for member in household.members:
        rows["members"].append({"name": member.name, "role": member.role, "age": str(member.age),
                                "dependent": member.dependent, "disability": member.disability})  # fmt: skip
    for kind, items in (("incomes", household.incomes), ("expenses", household.expenses)):
        for item in items:
            row: dict[str, Any] = {
                "label": item.label, "amount": _amount_text(item.amount), "frequency": item.frequency,
                "month": item.month,
            }  # fmt: skip
            row |= item.model_dump(mode="json", include=set(_CARRIED), exclude_none=True)
            if isinstance(item, Expense):
                row |= {"category": item.category, "subcategory": item.subcategory, "essential": item.essential}
            else:
                row["source"] = item.source
            rows[kind].append(row)
    for asset in household.assets:
        rows["assets"].append({"label": asset.label, "kind": asset.kind, "value": _amount_text(asset.value)})
    for debt in household.debts:
        rows["debts"].append({
            "label": debt.label, "kind": debt.kind, "balance": _amount_text(debt.balance),
            "annual_rate": _percent_text(debt.annual_rate), "instalment": _amount_text(debt.instalment),
            "remaining_months": "" if debt.remaining_months is None else str(debt.remaining_months),
            "minimum_percent": "" if debt.minimum_percent is None else _percent_text(debt.minimum_percent),
            "minimum_floor": "" if debt.minimum_floor is None else _amount_text(debt.minimum_floor),
        })  # fmt: skip
    for goal in household.goals:
        by = "" if not goal.by_year else f"{goal.by_month:02d}/{goal.by_year}" if goal.by_month else str(goal.by_year)
        rows["goals"].append({"label": goal.label, "target": _amount_text(goal.target),
                              "saved": _amount_text(goal.saved), "by": by})  # fmt: skip
    return {key: tuple(value) for key, value in rows.items()}


# -- rows → household ---------------------------------------------------------------


class _RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(row: Row, key: str) -> str:
    value = row.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _amount(row: Row, key: str, *, positive: bool = False, default: str | None = None) -> str:
    """An amount cell as household data (text); an empty cell is ``default`` when one is given."""
    try:
        value = read_amount(_text(row, key), field=key, positive=positive, optional=default is not None)
    except FieldError as error:
        raise _RowError(key, error.message) from None
    return str(value) if value is not None else str(default)


def _whole(row: Row, key: str, *, low: int, high: int, message: str, optional: bool = False) -> int | None:
    try:
        return read_whole(_text(row, key), low=low, high=high, message=message, optional=optional)
    except FieldError as error:
        raise _RowError(key, error.message) from None


def _percent(row: Row, key: str, message: str) -> Decimal:
    try:
        return read_percent(_text(row, key) or "0", field=key, message=message)
    except FieldError as error:
        raise _RowError(key, error.message) from None


def _choice(row: Row, column: Column) -> Any:
    value = row.get(column.key)
    allowed = [option for _label, option in column.options]
    if value not in allowed:
        raise _RowError(column.key, "Scegli una voce dall'elenco.")
    return value


def _columns(section: str) -> dict[str, Column]:
    return {column.key: column for column in SECTIONS[section].columns}


def _member(row: Row) -> dict[str, Any]:
    name = _text(row, "name")
    if not name:
        raise _RowError("name", "Scrivi il nome.")
    age = _whole(row, "age", low=0, high=120, message="Scrivi l'età in anni, da 0 a 120.")
    return {"name": name[:120], "role": _choice(row, _columns("members")["role"]), "age": age,
            "dependent": bool(row.get("dependent")), "disability": bool(row.get("disability"))}  # fmt: skip


def _recurring(row: Row, section: str) -> dict[str, Any]:
    columns = _columns(section)
    label = _text(row, "label")[:120] or "senza nome"
    data: dict[str, Any] = {
        "label": label,
        "amount": _amount(row, "amount", positive=True),
        "frequency": _choice(row, columns["frequency"]),
        "month": _choice(row, columns["month"]),
    }
    if data["frequency"] == "one_off" and row.get("year"):
        data["year"] = row["year"]
    if data["frequency"] != "one_off":
        data |= {key: row[key] for key in ("starts", "ends") if row.get(key)}
    if section == "expenses":
        category = _choice(row, columns["category"])
        subcategory = row.get("subcategory")
        if subcategory not in dict((key, label) for label, key in subcategory_options(category)):
            subcategory = default_subcategory(category, label)
        data |= {"category": category, "subcategory": subcategory, "essential": bool(row.get("essential"))}
    else:
        data["source"] = _choice(row, columns["source"])
    return data


def _asset(row: Row) -> dict[str, Any]:
    return {"label": _text(row, "label")[:120] or "senza nome", "kind": _choice(row, _columns("assets")["kind"]),
            "value": _amount(row, "value")}  # fmt: skip


def _debt(row: Row) -> dict[str, Any]:
    rate = _percent(row, "annual_rate", "Il TAN va da 0 a 100 %.")
    months = _whole(row, "remaining_months", low=0, high=MAX_MONTHS, optional=True,
                    message=f"Scrivi quante rate restano, da 0 a {MAX_MONTHS}.")  # fmt: skip
    data = {"label": _text(row, "label")[:120] or "senza nome", "kind": _choice(row, _columns("debts")["kind"]),
            "balance": _amount(row, "balance"), "annual_rate": str(rate),
            "instalment": _amount(row, "instalment", default="0")}  # fmt: skip
    return data | ({"remaining_months": months} if months is not None else {}) | _card_minimum(row, data["kind"])


def _card_minimum(row: Row, kind: str) -> dict[str, str]:
    """A card's minimum as a share of what is owed and its floor (none: an empty dict)."""
    if not _text(row, "minimum_percent"):
        if _text(row, "minimum_floor"):
            raise _RowError("minimum_floor", "Vale con la rata minima in %: scrivi anche quella, o lascia vuoto.")
        return {}
    percent = _percent(row, "minimum_percent", "La rata minima va da 0 a 100 % del debito (per esempio 3).")
    if percent == 0:
        raise _RowError("minimum_percent", "La rata minima va da 0 a 100 % del debito (per esempio 3).")
    if kind == "cessione_quinto":
        raise _RowError("minimum_percent", "La cessione del quinto ha una rata fissa: lascia vuoto.")
    floor = _amount(row, "minimum_floor", default="")
    return {"minimum_percent": str(percent)} | ({"minimum_floor": floor} if floor else {})


def _goal(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": _text(row, "label")[:120] or "senza nome",
        "target": _amount(row, "target", positive=True),
        "saved": _amount(row, "saved", default="0"),
    }
    by = _text(row, "by")
    if by.isdigit() and 2000 <= int(by) <= 2100:  # a year alone: by the end of it
        data["by_year"] = int(by)
    elif by:
        month, _, year = by.replace("-", "/").partition("/")
        if not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12 and 2000 <= int(year) <= 2100):
            raise _RowError("by", "Scrivi mese e anno così: 06/2028.")
        data |= {"by_month": int(month), "by_year": int(year)}
    return data  # fmt: skip


_READERS = {
    "members": _member,
    "incomes": lambda row: _recurring(row, "incomes"),
    "expenses": lambda row: _recurring(row, "expenses"),
    "assets": _asset,
    "debts": _debt,
    "goals": _goal,
}


def parse_form(name: str, rows: Mapping[str, Sequence[Row]], *, description: str = "") -> Household | Errors:
    """The household the editor's rows make, or the Italian message of each wrong field.

    Examples
    --------
    >>> rows = {"members": [{"name": "Giulia", "role": "adult", "age": "38"}],
    ...         "incomes": [{"label": "Stipendio", "source": "salary", "amount": "1.450", "frequency": "monthly",
    ...                      "month": 1}],
    ...         "expenses": [{"label": "Affitto", "category": "casa", "amount": "750", "frequency": "monthly",
    ...                       "month": 1, "essential": True}]}
    >>> household = parse_form("Giulia", rows)
    >>> household.expenses[0].subcategory, household.incomes[0].amount
    ('affitto', Decimal('1450'))
    >>> dict(parse_form("Giulia", rows | {"incomes": [rows["incomes"][0] | {"amount": "dieci"}]}))
    {'incomes.0.amount': 'Non è un numero: usa solo cifre, il punto per le migliaia e la virgola per i decimali.'}
    """
    errors: dict[str, str] = {}
    data: dict[str, Any] = {"name": name.strip()[:120] or "La mia famiglia", "description": description[:2000]}
    positions: dict[str, list[int]] = {}  # household index → row on screen, to place the model's own errors
    for section, reader in _READERS.items():
        items, places = [], []
        main = SECTIONS[section].main
        for index, row in enumerate(rows.get(section, ())):
            if not _text(row, main):
                continue  # a row not filled in yet
            try:
                items.append(reader(row))
                places.append(index)
            except _RowError as error:
                errors[f"{section}.{index}.{error.field}"] = error.message
        data[section] = items
        positions[section] = places
    if not data["members"] and "members" not in {key.split(".")[0] for key in errors}:
        errors["members"] = "Serve almeno una persona nella famiglia."
    if errors:
        return frozen_errors(errors)
    try:
        return household_from_dict(data)
    except OltreFinanceError as error:
        path = (error.field or "").split(".")
        if len(path) >= 2 and path[0] in positions and path[1].isdigit():
            path[1] = str(positions[path[0]][int(path[1])])
        return frozen_errors({".".join(path) or "household": error.message_it})
