"""The household profile: members, incomes, expenses, assets, debts and goals.

A validated, immutable pydantic model that every other module reads. Money
is :class:`~decimal.Decimal` (written as strings in JSON, never floats);
every recurring item has a frequency, and irregular ones say in which month
they fall, so that the cash-flow calendar can put a yearly car tax in its
month rather than spread it as 1/12.

Build a household from data with :func:`household_from_dict` (or read a
file with :func:`oltre_finance.io.household_file.load_household`): both
raise :class:`InvalidHouseholdError`, an :class:`OltreFinanceError` naming
the field. Constructing the models directly raises pydantic's own
``ValidationError`` (also a ``ValueError``).
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from oltre_finance import validate
from oltre_finance.errors import InvalidAmountError, InvalidHouseholdError, InvalidInputError
from oltre_finance.money import cents

__all__ = [
    "SCHEMA_VERSION",
    "Asset",
    "Debt",
    "DebtKind",
    "Expense",
    "Frequency",
    "Goal",
    "Household",
    "Income",
    "Member",
    "categories",
    "default_subcategory",
    "household_from_dict",
    "json_schema",
    "occurrences_per_year",
]

SCHEMA_VERSION = 1

Frequency = Literal["weekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly", "one_off"]
_PER_YEAR: dict[str, int] = {"weekly": 52, "monthly": 12, "bimonthly": 6, "quarterly": 4, "half_yearly": 2, "yearly": 1}


def occurrences_per_year(frequency: Frequency) -> int:
    """How many times a year an item of this frequency falls (``one_off``: once, not yearly).

    Examples
    --------
    >>> occurrences_per_year("weekly"), occurrences_per_year("bimonthly")
    (52, 6)
    """
    if frequency == "one_off":
        return 1
    return _PER_YEAR[frequency]


def _money(value: object) -> Decimal:
    """Money from JSON or Python: a string or integer, never a float.

    The typed errors of :mod:`oltre_finance.validate` are ``ValueError``: pydantic reports them as its own
    errors, and :func:`household_from_dict` turns those into an :class:`InvalidHouseholdError` naming the path.
    The sign is left to the fields (``PositiveMoney``, ``NonNegativeMoney``).
    """
    amount = validate.amount(value, field="amount", signed=True)  # first: a 30-digit number cannot even be rounded
    if amount != cents(amount):
        raise InvalidAmountError(
            "an amount has at most two decimals", field="amount", message_it="Un importo ha al massimo due decimali."
        )
    return amount


def _rate(value: object) -> Decimal:
    return validate.rate(value, field="annual_rate")


_MONEY_SCHEMA = {"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["1234.56"]}
Money = Annotated[
    Decimal, BeforeValidator(_money), PlainSerializer(str, return_type=str), WithJsonSchema(_MONEY_SCHEMA)
]
PositiveMoney = Annotated[Money, Field(gt=0)]
NonNegativeMoney = Annotated[Money, Field(ge=0)]
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^(0(\.\d+)?|1(\.0+)?)$", "examples": ["0.045"]}),
]
Month = Annotated[int, Field(ge=1, le=12)]


def _month_date(value: object) -> object:
    """A month as the first day of it; accepts ``date`` or ``"YYYY-MM"`` / ``"YYYY-MM-DD"`` text."""
    if isinstance(value, str) and len(value) == 7:
        value = f"{value}-01"
    return value


MonthDate = Annotated[
    date,
    BeforeValidator(_month_date),
    Field(ge=date(2000, 1, 1), le=date(2100, 12, 31)),
    AfterValidator(lambda day: day.replace(day=1)),
    PlainSerializer(lambda day: f"{day.year:04d}-{day.month:02d}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$", "examples": ["2027-03"]}),
]
Label = Annotated[str, Field(min_length=1, max_length=120)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class _Recurring(_Record):
    amount: PositiveMoney
    frequency: Frequency
    #: Month of the first occurrence in the year for bimonthly, quarterly,
    #: half-yearly, yearly and one-off items (January when not given).
    month: Month = 1
    #: Year of a one-off item; ``None`` means the next time that month comes.
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    #: First and last month a recurring item runs (any day of the month; ``None``: no limit).
    #: An item with an end is temporary, like a parental leave's reduced pay.
    starts: MonthDate | None = None
    ends: MonthDate | None = None

    @model_validator(mode="after")
    def _window(self) -> _Recurring:
        if self.frequency == "one_off" and (self.starts or self.ends):
            raise ValueError("a one-off item has a month and year, not starts/ends")
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError("ends is before starts")
        return self

    @property
    def temporary(self) -> bool:
        """The item ends (or happens once): it belongs to the calendar, not to the lasting month."""
        return self.frequency == "one_off" or self.ends is not None

    def runs_in(self, year: int, month: int) -> bool:
        """Whether (year, month) is inside the item's window."""
        here = (year, month)
        return (self.starts is None or (self.starts.year, self.starts.month) <= here) and (
            self.ends is None or here <= (self.ends.year, self.ends.month)
        )

    @property
    def yearly_amount(self) -> Decimal:
        """The item over a whole year (a one-off counts once)."""
        return self.amount * occurrences_per_year(self.frequency)

    @property
    def monthly_amount(self) -> Decimal:
        """Monthly equivalent, not rounded (``weekly × 52 / 12``); one-off items give 0."""
        if self.frequency == "one_off":
            return Decimal(0)
        return self.amount * occurrences_per_year(self.frequency) / 12


class Member(_Record):
    role: Literal["adult", "child", "elderly_parent", "other"]
    name: Label
    age: Annotated[int, Field(ge=0, le=120)]
    dependent: bool = False
    disability: bool = False


class Income(_Recurring):
    source: Literal[
        "salary",
        "pension",
        "self_employment",
        "naspi",
        "assegno_unico",
        "other_benefit",
        "maintenance",
        "rent_received",
        "other",
    ]
    label: Label


class Expense(_Recurring):
    category: str
    #: Always set once validated: when not given, :func:`default_subcategory` of the category and label.
    subcategory: Annotated[str, WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "null"}]})] = Field(
        default="",
        json_schema_extra={
            "default": None,
            "description": "Missing or null: derived from the category and the label (see categories.json).",
        },
    )
    label: Label
    essential: bool = True

    @model_validator(mode="before")
    @classmethod
    def _default_subcategory(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("subcategory") not in (None, ""):
            return data
        category, label = data.get("category"), data.get("label")
        if not isinstance(category, str) or category not in categories():
            return data  # the unknown category is reported below
        return data | {"subcategory": default_subcategory(category, label if isinstance(label, str) else "")}

    @model_validator(mode="after")
    def _known_category(self) -> Expense:
        known = categories()
        if self.category not in known:
            raise ValueError(f"unknown category {self.category!r}")
        if self.subcategory not in known[self.category]["subcategories"]:
            raise ValueError(f"unknown subcategory {self.subcategory!r} of {self.category!r}")
        return self


class Asset(_Record):
    kind: Literal["current_account", "savings", "investments", "home"]
    label: Label
    value: NonNegativeMoney

    @property
    def liquid(self) -> bool:
        """Money that can be used within days (accounts and deposits)."""
        return self.kind in ("current_account", "savings")


DebtKind = Literal[
    "mortgage",
    "personal_loan",
    "cessione_quinto",
    "revolving_card",
    "bnpl",
    "rent_arrears",
    "bill_arrears",
    "tax_arrears",
    "family_loan",
]


class Debt(_Record):
    """A debt the household repays.

    ``instalment`` is what it pays each month today. A revolving card whose
    minimum is a share of what is owed says so with ``minimum_percent`` (a
    fraction, above 0) and, optionally, ``minimum_floor`` (the least it asks
    in euro); both are missing in older files and for every other debt.
    """

    kind: DebtKind
    label: Label
    balance: NonNegativeMoney
    annual_rate: Rate = Decimal(0)
    instalment: NonNegativeMoney = Decimal(0)
    remaining_months: Annotated[int, Field(ge=0, le=validate.MAX_MONTHS)] | None = None
    minimum_percent: Annotated[Rate, Field(gt=0)] | None = None
    minimum_floor: NonNegativeMoney | None = None

    @model_validator(mode="after")
    def _minimum_rule(self) -> Debt:
        if self.minimum_floor is not None and self.minimum_percent is None:
            raise ValueError("minimum_floor needs minimum_percent")
        if self.minimum_percent is not None and self.kind == "cessione_quinto":
            raise ValueError("a cessione del quinto has a fixed instalment, not a minimum percent")
        return self


class Goal(_Record):
    label: Label
    target: PositiveMoney
    saved: NonNegativeMoney = Decimal(0)
    by_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    by_month: Month | None = None


class Household(_Record):
    """A household's whole profile (schema version 1)."""

    schema_version: Literal[1] = 1
    name: Label
    description: Annotated[str, Field(max_length=2000)] = ""
    members: Annotated[tuple[Member, ...], Field(min_length=1, max_length=20)]
    incomes: tuple[Income, ...] = ()
    expenses: tuple[Expense, ...] = ()
    assets: tuple[Asset, ...] = ()
    debts: tuple[Debt, ...] = ()
    goals: tuple[Goal, ...] = ()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a household file, as published in ``oltre_finance/schemas/``."""
    schema = Household.model_json_schema(mode="validation")
    schema["$id"] = "https://oltre-finance.example/schemas/household.schema.json"
    schema["title"] = "Profilo della famiglia (oltre_finance, versione 1)"
    return schema


@cache
def categories() -> dict[str, dict[str, Any]]:
    """Expense categories by id: Italian ``label``, ``subcategories`` (id → label), ``default`` and ``keywords``.

    ``keywords`` maps the start of a word of a label to a sub-category, in order (see
    :func:`default_subcategory`).
    """
    text = files("oltre_finance").joinpath("data", "categories.json").read_text(encoding="utf-8")
    return {entry["id"]: entry for entry in json.loads(text)["categories"]}


def _folded(text: str) -> str:
    """Lower case, no accents, words of letters and digits separated by one space."""
    bare = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return " ".join("".join(char if char.isalnum() else " " for char in bare.casefold()).split())


@cache
def _keywords(category: str) -> tuple[tuple[str, str], ...]:
    return tuple((_folded(word), sub) for word, sub in categories()[category]["keywords"].items())


def default_subcategory(category: str, label: str) -> str:
    """The sub-category of an expense of ``category`` described by ``label``, when none was chosen.

    Notes
    -----
    The keywords of the category (``data/categories.json``) are tried in
    their order: the first one that starts a word of the label gives the
    sub-category (case, accents and punctuation do not count; a keyword of
    several words matches them in a row). With no keyword, the category's
    ``default`` (for *casa*, the rent).

    Examples
    --------
    >>> default_subcategory("casa", "Affitto"), default_subcategory("casa", "Rata MUTUO")
    ('affitto', 'rata_mutuo')
    >>> default_subcategory("utenze", "Bolletta dell'elettricità"), default_subcategory("utenze", "Bollette")
    ('luce', 'bollette')
    >>> default_subcategory("altro", "Mantenimento per i figli")
    'varie'
    """
    known = categories()
    if category not in known:
        raise InvalidInputError(
            f"unknown category {category!r}", field="category", message_it="Categoria di spesa sconosciuta."
        )
    words = f" {_folded(label)}"
    return next((sub for word, sub in _keywords(category) if f" {word}" in words), known[category]["default"])


_FIELD_NAMES_IT = {
    "members": "componenti",
    "incomes": "entrate",
    "expenses": "spese",
    "assets": "patrimonio",
    "debts": "debiti",
    "goals": "obiettivi",
    "amount": "importo",
    "frequency": "frequenza",
    "category": "categoria",
    "month": "mese",
    "schema_version": "versione del file",
    "starts": "dal mese",
    "ends": "fino al mese",
}


def household_from_dict(data: object) -> Household:
    """Validate ``data`` (e.g. parsed JSON) into a :class:`Household`.

    Raises :class:`InvalidHouseholdError` whose ``field`` is the path of the
    first wrong field, like ``expenses.2.amount``.

    Examples
    --------
    >>> household = household_from_dict({"name": "Prova", "members": [
    ...     {"role": "adult", "name": "Anna", "age": 40}]})
    >>> household.members[0].name
    'Anna'
    >>> household_from_dict({"name": "Prova", "members": []})
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidHouseholdError: members: Tuple should have at least 1 item after validation, not 0
    """
    try:
        return Household.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(part) for part in first["loc"]) or "household"
        where = " → ".join(
            _FIELD_NAMES_IT.get(str(part), str(part + 1) if isinstance(part, int) else str(part))
            for part in first["loc"]
        )
        raise InvalidHouseholdError(
            f"{path}: {first['msg']}",
            field=path,
            message_it=f"Dato non valido in: {where or 'famiglia'}.",
        ) from None
