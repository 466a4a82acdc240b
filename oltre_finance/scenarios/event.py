"""A life event: a named, pure transformation of a household, and small tools to write one.

Events never change the household they are given: they build a new one from
its data and validate it again, so a wrong parameter gives a typed error
naming the parameter, and applying the same events twice gives the same
household.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from oltre_finance.errors import InvalidAmountError, InvalidInputError
from oltre_finance.household import Household, household_from_dict
from oltre_finance.money import cents
from oltre_finance.validate import amount

__all__ = ["Event", "apply_events", "data_of", "date_parameter", "item", "money_parameter", "rebuild"]

HouseholdData = dict[str, Any]


@dataclass(frozen=True)
class Event:
    """A life event ready to apply: what it is called, its parameters, and what it does."""

    key: str
    label_it: str
    parameters: Mapping[str, object] = field(compare=False)
    transform: Callable[[Household], Household] = field(repr=False, compare=False)
    #: What to do about it, in plain Italian (deadlines, applications), most urgent first.
    advice_it: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def apply(self, household: Household) -> Household:
        """The household after the event."""
        return self.transform(household)


def apply_events(household: Household, events: tuple[Event, ...] | list[Event]) -> Household:
    """Apply ``events`` in order.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household = load_sample("madre_separata")
    >>> apply_events(household, []) == household
    True
    """
    for event in events:
        household = event.apply(household)
    return household


def data_of(household: Household) -> HouseholdData:
    """The household as plain data (amounts as strings), ready to edit and rebuild."""
    return household.model_dump(mode="json")


def rebuild(data: HouseholdData) -> Household:
    """A validated household from edited data."""
    return household_from_dict(data)


def money_parameter(value: object, field_name: str, label_it: str, *, positive: bool = False) -> Decimal:
    """An amount parameter of an event: a Decimal to the cent, not negative (or positive).

    ``label_it`` starts the Italian message (``"Il nuovo affitto"``): see :func:`oltre_finance.validate.amount`.
    """
    number = amount(value, field=field_name, label_it=label_it, positive=positive)
    if number != cents(number):
        raise InvalidAmountError(
            f"{field_name} has fractions of a cent",
            field=field_name,
            message_it=f"{label_it} ha al massimo due decimali.",
        )
    return cents(number)


def date_parameter(value: object, field_name: str, label_it: str) -> date:
    """A date parameter of an event: a real ``date``."""
    if not isinstance(value, date):
        raise InvalidInputError(
            f"{field_name} must be a date", field=field_name, message_it=f"{label_it}: data non valida."
        )
    return value


def item(kind: str, label: str, amount: Decimal, frequency: str = "monthly", **extra: object) -> dict[str, object]:
    """A new income (``kind`` = its source) or expense (``kind`` = "category/subcategory") as household data.

    ``starts`` and ``ends`` dates become months; a one-off's ``on`` date gives its month and year.
    """
    data: dict[str, object] = {"label": label, "amount": str(amount), "frequency": frequency}
    if "/" in kind:
        category, subcategory = kind.split("/")
        data |= {"category": category, "subcategory": subcategory or None, "essential": extra.pop("essential", True)}
    else:
        data["source"] = kind
    on = extra.pop("on", None)
    if isinstance(on, date):
        data |= {"month": on.month, "year": on.year}
    for key in ("starts", "ends"):
        day = extra.pop(key, None)
        if isinstance(day, date):
            data[key] = f"{day.year:04d}-{day.month:02d}"
    return data | extra
