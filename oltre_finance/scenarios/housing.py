"""Housing events: a rent increase, a move, a mortgage rate reset, a new loan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.loans import Loan, annuity_payment, schedule
from oltre_finance.money import cents, format_eur, format_percent
from oltre_finance.months import first_of_month, month_name
from oltre_finance.rates import periodic_rate
from oltre_finance.scenarios.event import Event, HouseholdData, data_of, date_parameter, money_parameter, rebuild

__all__ = ["mortgage_reset", "move_home", "new_loan", "rent_change"]


def _is_rent(expense: dict[str, object]) -> bool:
    return expense["category"] == "casa" and expense.get("subcategory") == "affitto"


#: The first and last months a rent change can start in (the month before must fit a household file).
_FIRST_START, _LAST_START = date(2000, 2, 1), date(2100, 12, 1)


def rent_change(new_rent: Decimal, *, starts: date | None = None) -> Event:
    """The rent becomes ``new_rent`` a month (an increase, or a renegotiation), from ``starts``'s month if given.

    Without ``starts`` the rent is simply replaced. With it, each rent paid
    before that month ends the month before (``ends``), a rent that would
    start later is dropped, and the new rent runs from ``starts`` with the
    first rent's label (and its end, if it has one), so the 12-month
    calendar shows the old rent until then and the new one from then on.
    A one-off *affitto* item (such as a deposit) is not the rent and stays.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> after = rent_change(Decimal("1100")).apply(load_sample("affitto_meta_reddito"))
    >>> [e.amount for e in after.expenses if e.subcategory == "affitto"]
    [Decimal('1100.00')]
    >>> from oltre_finance.money import NBSP
    >>> event = rent_change(Decimal("1250"), starts=date(2027, 9, 1))
    >>> event.label_it.replace(NBSP, " ")
    "L'affitto diventa 1.250,00 € al mese da settembre 2027"
    >>> [(e.amount, e.starts, e.ends) for e in event.apply(load_sample("affitto_meta_reddito")).expenses
    ...  if e.subcategory == "affitto"]
    [(Decimal('1150.00'), None, datetime.date(2027, 8, 1)), (Decimal('1250.00'), datetime.date(2027, 9, 1), None)]
    """
    rent = money_parameter(new_rent, "new_rent", "Il nuovo affitto", positive=True)
    start = None if starts is None else first_of_month(date_parameter(starts, "starts", "Mese del nuovo affitto"))
    if start is not None and not _FIRST_START <= start <= _LAST_START:
        raise InvalidInputError(
            "starts must be from February 2000 to December 2100", field="starts",
            message_it=f"Mese del nuovo affitto: da {month_name(_FIRST_START)} a {month_name(_LAST_START)}.",
        )  # fmt: skip

    def transform(household: Household) -> Household:
        data = data_of(household)
        rents = [e for e in data["expenses"] if _is_rent(e) and e["frequency"] != "one_off"]
        if not rents:
            raise InvalidInputError(
                "the household pays no rent", field="new_rent", message_it="La famiglia non paga un affitto."
            )
        if start is None:
            first = rents[0] | {"amount": str(rent), "frequency": "monthly", "month": 1, "year": None}
            data["expenses"] = [
                first if e is rents[0] else e for e in data["expenses"] if not any(e is r for r in rents[1:])
            ]
            return rebuild(data)
        return rebuild(_rent_from(data, rents, rent, start))

    parameters = {"new_rent": rent, "starts": start}
    label = f"L'affitto diventa {format_eur(rent)} al mese" + ("" if start is None else f" da {month_name(start)}")
    return Event("rent_change", label, parameters, transform)


def _rent_from(data: HouseholdData, rents: list[HouseholdData], rent: Decimal, start: date) -> HouseholdData:
    """``data`` with ``rents`` ending the month before ``start`` and one rent of ``rent`` from ``start``."""
    month = f"{start:%Y-%m}"
    running = [e for e in rents if e.get("ends") is None or e["ends"] >= month]
    if not running:
        raise InvalidInputError(
            "the rent ends before starts", field="starts",
            message_it=f"L'affitto finisce prima di {month_name(start)}.",
        )  # fmt: skip
    before = f"{first_of_month(start, plus=-1):%Y-%m}"
    ends = running[0].get("ends")
    since = max(month, running[0].get("starts") or month)
    new = running[0] | {"amount": str(rent), "frequency": "monthly", "month": 1, "year": None, "starts": since}
    expenses: list[HouseholdData] = []
    for expense in data["expenses"]:
        if any(expense is r for r in running):
            if expense.get("starts") is None or expense["starts"] < month:  # paid before the change: it stops
                expenses.append(
                    expense | {"ends": before if expense.get("ends") is None else min(expense["ends"], before)}
                )
            if expense is running[0]:
                expenses.append(new | {"ends": ends})
        else:
            expenses.append(expense)
    return data | {"expenses": expenses}


def move_home(new_rent: Decimal, *, moving_costs: Decimal, on: date) -> Event:
    """A move to a rented home: the new rent replaces rent or mortgage, plus one-off moving costs in ``on``'s month.

    A mortgage instalment on the home left stays (the house may be sold or let later; that is another event).
    """
    rent = money_parameter(new_rent, "new_rent", "Il nuovo affitto", positive=True)
    costs = money_parameter(moving_costs, "moving_costs", "L'importo delle spese di trasloco")
    if not isinstance(on, date):
        raise InvalidInputError("on must be a date", field="on", message_it="Data del trasloco non valida.")

    def transform(household: Household) -> Household:
        data = data_of(household)
        kept = [e for e in data["expenses"] if not _is_rent(e)]
        kept.append(
            {"category": "casa", "subcategory": "affitto", "label": "Affitto della nuova casa", "amount": str(rent),
             "frequency": "monthly", "month": 1, "year": None, "essential": True}
        )  # fmt: skip
        if costs > 0:
            kept.append(
                {"category": "casa", "subcategory": "arredamento", "label": "Trasloco, caparra e spese di agenzia",
                 "amount": str(costs), "frequency": "one_off", "month": on.month, "year": on.year, "essential": True}
            )  # fmt: skip
        data["expenses"] = kept
        return rebuild(data)

    label = f"Trasloco: affitto {format_eur(rent)} al mese, spese iniziali {format_eur(costs)}"
    return Event("move_home", label, {"new_rent": rent, "moving_costs": costs, "on": on}, transform)


def mortgage_reset(new_rate: Decimal) -> Event:
    """A variable-rate mortgage resets to ``new_rate`` (TAN): the instalment is recomputed on the debt left.

    Notes
    -----
    New instalment: the French annuity of the remaining balance at
    ``new_rate / 12`` over the remaining months
    (:func:`oltre_finance.loans.annuity_payment`).
    """
    rate = validate.rate(new_rate, field="new_rate", label_it="Il nuovo TAN del mutuo")

    def transform(household: Household) -> Household:
        data = data_of(household)
        mortgages = [d for d in data["debts"] if d["kind"] == "mortgage"]
        if not mortgages:
            raise InvalidInputError(
                "the household has no mortgage", field="new_rate", message_it="La famiglia non ha un mutuo."
            )
        for debt in mortgages:
            months = debt.get("remaining_months")
            if not months:
                raise InvalidInputError(
                    "the mortgage needs its remaining months", field="new_rate",
                    message_it="Per ricalcolare la rata servono i mesi rimasti del mutuo.",
                )  # fmt: skip
            old = debt["instalment"]
            new = annuity_payment(Decimal(debt["balance"]), periodic_rate(rate), months)
            debt["annual_rate"], debt["instalment"] = str(rate), str(new)
            for expense in data["expenses"]:
                if expense.get("subcategory") == "rata_mutuo" and expense["amount"] == old:
                    expense["amount"] = str(new)
        return rebuild(data)

    advice = (
        "Chiedete alla banca una rinegoziazione, o a un'altra banca la surroga del mutuo: per legge è senza spese.",
    )
    label = f"Il mutuo passa al tasso {format_percent(rate)}"
    return Event("mortgage_reset", label, {"new_rate": rate}, transform, advice)


def new_loan(loan: Loan, *, label: str, on: date) -> Event:
    """A new loan taken in ``on``'s month: the money received once, its instalment every month, the debt listed."""
    if not isinstance(loan, Loan):
        raise InvalidInputError("loan must be a Loan", field="loan", message_it="Prestito non valido.")
    if not isinstance(on, date):
        raise InvalidInputError("on must be a date", field="on", message_it="Data del prestito non valida.")
    plan = schedule(loan)
    instalment = plan.rows[0].payment

    def transform(household: Household) -> Household:
        data = data_of(household)
        data["incomes"].append(
            {"source": "other", "label": f"{label}: somma ricevuta", "amount": str(loan.principal - loan.upfront_fees),
             "frequency": "one_off", "month": on.month, "year": on.year}
        )  # fmt: skip
        data["expenses"].append(
            {"category": "debiti", "subcategory": "prestito", "label": f"Rata: {label}", "amount": str(instalment),
             "frequency": "monthly", "month": 1, "year": None, "essential": True}
        )  # fmt: skip
        data["debts"].append(
            {"kind": "personal_loan", "label": label, "balance": str(loan.principal),
             "annual_rate": str(loan.annual_rate), "instalment": str(instalment), "remaining_months": len(plan.rows)}
        )  # fmt: skip
        return rebuild(data)

    text = (
        f"Nuovo prestito di {format_eur(loan.principal)}, rata {format_eur(cents(instalment))} "
        f"per {len(plan.rows)} mesi"
    )
    return Event("new_loan", text, {"loan": loan, "label": label, "on": on}, transform)
