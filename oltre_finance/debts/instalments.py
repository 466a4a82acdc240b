"""A debt's monthly instalment, counted once among the household's expenses.

The household keeps its debts as a register (what is owed, at what rate,
the instalment) and its month as expenses. A person who adds a debt with its
instalment should not have to type the instalment again as an expense, nor
see it counted twice: :func:`link_instalments` adds the expense a debt's
instalment needs, follows a changed instalment, and takes away the expense
it had added for a debt that is gone.

A debt and an expense go together when the expense is lasting (no end), in
*Debiti* (or *Casa → Rata del mutuo* for a mortgage) and its monthly
equivalent, to the cent, is the instalment (a quarterly instalment of 600 €
pays a debt of 200 € a month); each expense pays at most one debt.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from oltre_finance.household import Debt, Household, household_from_dict, occurrences_per_year
from oltre_finance.money import cents

__all__ = ["instalment_category", "instalment_label", "link_instalments"]

_SUBCATEGORY = {
    "revolving_card": "carta_revolving",
    "bnpl": "bnpl",
    "rent_arrears": "arretrati",
    "bill_arrears": "arretrati",
    "tax_arrears": "arretrati",
    "family_loan": "prestiti_familiari",
}


def instalment_label(debt: Debt) -> str:
    """The label of the expense added for ``debt``'s instalment."""
    return f"Rata: {debt.label}"[:120]


def _monthly(expense: dict[str, Any]) -> Decimal:
    return cents(Decimal(expense["amount"]) * occurrences_per_year(expense["frequency"]) / 12)


def instalment_category(kind: str) -> tuple[str, str]:
    """Where a debt's instalment goes among the expenses: (category, sub-category); a mortgage is housing.

    Examples
    --------
    >>> instalment_category("mortgage"), instalment_category("personal_loan")
    (('casa', 'rata_mutuo'), ('debiti', 'prestito'))
    """
    if kind == "mortgage":
        return "casa", "rata_mutuo"
    return "debiti", _SUBCATEGORY.get(kind, "prestito")


def _pays(expense: dict[str, Any], kind: str) -> bool:
    """Whether an expense can be a debt's instalment (lasting, in the debt's category)."""
    if expense["frequency"] in ("one_off", "weekly") or expense.get("ends"):
        return False
    if kind == "mortgage":
        return expense["category"] == "casa" and expense.get("subcategory") == "rata_mutuo"
    return bool(expense["category"] == "debiti")


def _expense_for(debt: Debt) -> dict[str, Any]:
    category, subcategory = instalment_category(debt.kind)
    return {
        "category": category,
        "subcategory": subcategory,
        "label": instalment_label(debt),
        "amount": str(debt.instalment),
        "frequency": "monthly",
        "essential": True,
    }


def link_instalments(household: Household, *, before: Household | None = None) -> Household:
    """``household`` with every debt's instalment among its monthly expenses, once.

    ``before`` is the household as it was before the person's change: a debt
    of the same label whose instalment changed moves its expense to the new
    amount (or removes it at 0), and the expense added for a debt that is no
    longer there goes with it.

    Examples
    --------
    >>> from oltre_finance.household import household_from_dict
    >>> start = household_from_dict({"name": "X", "members": [{"role": "adult", "name": "A", "age": 40}],
    ...     "debts": [{"kind": "personal_loan", "label": "Auto", "balance": "8000", "instalment": "290"}]})
    >>> [(e.label, e.amount) for e in link_instalments(start).expenses]
    [('Rata: Auto', Decimal('290'))]
    >>> link_instalments(link_instalments(start)) == link_instalments(start)
    True
    """
    data = household.model_dump(mode="json")
    expenses: list[dict[str, Any]] = data["expenses"]
    taken: set[int] = set()

    def find(kind: str, amount: Decimal, *, labels: tuple[str, ...] = ()) -> int | None:
        for index, expense in enumerate(expenses):
            if index in taken or not _pays(expense, kind) or _monthly(expense) != amount:
                continue
            if not labels or expense["label"] in labels:
                return index
        return None

    previous = {debt.label: debt for debt in (before.debts if before else ())}
    for debt in household.debts:
        old = previous.get(debt.label)
        if old is not None and old.instalment != debt.instalment and old.instalment > 0:
            index = find(debt.kind, old.instalment)
            if index is not None:  # the same expense, now monthly at the new instalment
                expenses[index] |= {"amount": str(debt.instalment), "frequency": "monthly", "month": 1}
        if debt.instalment > 0:
            index = find(debt.kind, debt.instalment)
            if index is None:
                expenses.append(_expense_for(debt))
                index = len(expenses) - 1
            taken.add(index)
    now = {debt.label for debt in household.debts}
    for old in previous.values():
        if old.label not in now and old.instalment > 0:  # a debt taken away: so is the expense added for it
            index = find(old.kind, old.instalment, labels=(instalment_label(old), old.label))
            if index is not None:
                expenses[index]["amount"] = "0"
    data["expenses"] = [e for e in expenses if Decimal(e["amount"]) > 0]
    return household_from_dict(data)
