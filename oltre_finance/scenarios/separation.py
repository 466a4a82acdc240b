"""A separation: one household becomes two.

The members who leave take the incomes named as theirs, the expenses named
as theirs, and the Assegno Unico follows the children. The household that
stays keeps the home and everything else. The maintenance paid by the one
who leaves is an expense for one household and an income for the other, so
the incomes and expenses of the original household are all found again in
the two, plus what the separation adds: the second home's rent and
utilities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.money import ZERO, format_eur
from oltre_finance.scenarios.event import Event, data_of, money_parameter, rebuild

__all__ = ["Separation", "separate", "separation"]


@dataclass(frozen=True, kw_only=True)
class Separation:
    """The two households after a separation, and what the separation added."""

    staying: Household
    leaving: Household
    maintenance: Decimal
    #: New monthly costs of the second home (rent and utilities).
    new_costs: Decimal


def separate(
    household: Household,
    *,
    leaving: Sequence[str],
    incomes_leaving: Sequence[str] = (),
    expenses_leaving: Sequence[str] = (),
    maintenance: Decimal = ZERO,
    new_rent: Decimal,
    new_utilities: Decimal = ZERO,
) -> Separation:
    """Split ``household``: the members named in ``leaving`` form a new household.

    ``incomes_leaving`` and ``expenses_leaving`` are the labels of the items
    that go with them; ``maintenance`` is paid monthly by the leaving
    household to the one that stays (for the children); ``new_rent`` and
    ``new_utilities`` are the second home's monthly costs.

    Examples
    --------
    >>> from oltre_finance.household import household_from_dict
    >>> couple = household_from_dict({"name": "Famiglia", "members": [
    ...     {"role": "adult", "name": "Anna", "age": 40}, {"role": "adult", "name": "Luca", "age": 42},
    ...     {"role": "child", "name": "Sara", "age": 8, "dependent": True}],
    ...     "incomes": [{"source": "salary", "label": "Stipendio di Luca", "amount": "1900", "frequency": "monthly"},
    ...                 {"source": "salary", "label": "Stipendio di Anna", "amount": "1500", "frequency": "monthly"}]})
    >>> split = separate(couple, leaving=["Luca"], incomes_leaving=["Stipendio di Luca"],
    ...                  maintenance=Decimal("350"), new_rent=Decimal("700"))
    >>> [m.name for m in split.leaving.members], [i.label for i in split.staying.incomes]
    (['Luca'], ['Stipendio di Anna', 'Mantenimento per i figli'])
    """
    data = data_of(household)
    names = [member["name"] for member in data["members"]]
    going = list(leaving)
    if len(data["members"]) < 2:
        raise InvalidInputError(
            "a one-person household cannot separate", field="leaving", message_it="In famiglia c'è una sola persona."
        )
    for name in going:
        if name not in names:
            raise InvalidInputError(f"no member named {name!r}", field="leaving", message_it="Persona non in famiglia.")
    if not going or len(set(going)) == len(names):
        raise InvalidInputError(
            "someone must leave and someone must stay", field="leaving",
            message_it="Qualcuno deve andare e qualcuno restare.",
        )  # fmt: skip
    members_going = [m for m in data["members"] if m["name"] in going]
    if not any(m["role"] == "adult" for m in members_going):
        raise InvalidInputError("an adult must leave", field="leaving", message_it="Deve andare via almeno un adulto.")
    for field, labels, items in (
        ("incomes_leaving", incomes_leaving, data["incomes"]),
        ("expenses_leaving", expenses_leaving, data["expenses"]),
    ):
        known = {item["label"] for item in items}
        for label in labels:
            if label not in known:
                raise InvalidInputError(f"no item labelled {label!r}", field=field, message_it="Voce non trovata.")
    paid = money_parameter(maintenance, "maintenance", "Il mantenimento")
    rent = money_parameter(new_rent, "new_rent", "L'affitto della nuova casa", positive=True)
    utilities = money_parameter(new_utilities, "new_utilities", "L'importo delle utenze della nuova casa")
    children_go = all(m["name"] in going for m in data["members"] if m["role"] == "child")
    children_exist = any(m["role"] == "child" for m in data["members"])

    def goes_income(item: dict[str, object]) -> bool:
        if item["source"] == "assegno_unico" and children_exist:
            return children_go  # the benefit follows the children
        return item["label"] in incomes_leaving

    stay = dict(data, members=[m for m in data["members"] if m["name"] not in going])
    go = dict(data, name=f"{data['name']} (nuova casa)", description="", assets=[], debts=[], goals=[])
    go["members"] = members_going
    stay["incomes"] = [i for i in data["incomes"] if not goes_income(i)]
    go["incomes"] = [i for i in data["incomes"] if goes_income(i)]
    stay["expenses"] = [e for e in data["expenses"] if e["label"] not in expenses_leaving]
    go["expenses"] = [e for e in data["expenses"] if e["label"] in expenses_leaving]
    go["expenses"].append(_monthly("casa", "affitto", "Affitto della nuova casa", rent))
    if utilities > 0:
        go["expenses"].append(_monthly("utenze", "bollette", "Utenze della nuova casa", utilities))
    if paid > 0:
        go["expenses"].append(_monthly("altro", "varie", "Mantenimento per i figli", paid))
        stay["incomes"].append(
            {"source": "maintenance", "label": "Mantenimento per i figli", "amount": str(paid), "frequency": "monthly",
             "month": 1, "year": None}
        )  # fmt: skip
    return Separation(staying=rebuild(stay), leaving=rebuild(go), maintenance=paid, new_costs=rent + utilities)


def _monthly(category: str, subcategory: str, label: str, amount: Decimal) -> dict[str, object]:
    return {
        "category": category, "subcategory": subcategory, "label": label, "amount": str(amount),
        "frequency": "monthly", "month": 1, "year": None, "essential": True,
    }  # fmt: skip


def separation(
    *,
    leaving: Sequence[str],
    incomes_leaving: Sequence[str] = (),
    expenses_leaving: Sequence[str] = (),
    maintenance: Decimal = ZERO,
    new_rent: Decimal,
    new_utilities: Decimal = ZERO,
) -> Event:
    """The separation as an event on the household that stays (see :func:`separate`)."""
    paid = money_parameter(maintenance, "maintenance", "Il mantenimento")
    options = {
        "leaving": tuple(leaving), "incomes_leaving": tuple(incomes_leaving),
        "expenses_leaving": tuple(expenses_leaving), "maintenance": paid,
        "new_rent": money_parameter(new_rent, "new_rent", "L'affitto della nuova casa", positive=True),
        "new_utilities": money_parameter(new_utilities, "new_utilities", "L'importo delle utenze della nuova casa"),
    }  # fmt: skip

    def transform(household: Household) -> Household:
        return separate(household, **options).staying  # type: ignore[arg-type]

    label = f"Separazione: vanno via {', '.join(leaving)}; mantenimento {format_eur(paid)} al mese"
    advice = ("Con la separazione cambia il nucleo: presentate una nuova DSU per l'ISEE di ciascuna casa.",)
    return Event("separation", label, options, transform, advice)
