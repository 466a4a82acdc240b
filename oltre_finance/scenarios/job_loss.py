"""Job loss: a salary replaced by NASpI month by month, then nothing.

The NASpI falls over time (3 % a month from the sixth month) and ends, so it
enters the household as dated one-off incomes, one for each month of
payment: the 12-month calendar shows each month exactly, and the monthly
summary shows what remains once the benefit has ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.italy.isee import current_isee_income_drop
from oltre_finance.italy.naspi import NaspiEstimate, application_deadline_days, lookback_years, naspi_estimate
from oltre_finance.money import format_eur, format_percent
from oltre_finance.months import first_of_month
from oltre_finance.scenarios.event import Event, data_of, money_parameter, rebuild

__all__ = ["job_loss"]


def job_loss(
    *,
    member: str,
    salary_labels: Sequence[str],
    taxable_pay_4y: Decimal,
    contribution_weeks_4y: int,
    on: date,
) -> Event:
    """``member`` loses their job in ``on``'s month: the incomes ``salary_labels`` stop, NASpI starts the next month.

    The salaries are paid up to ``on``'s month (they end there), so the months before the job loss keep them.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household = load_sample("prestiti_revolving")
    >>> event = job_loss(member="Simone", salary_labels=["Stipendio di Simone (prima della cessione del quinto)",
    ...                  "Tredicesima di Simone"], taxable_pay_4y=Decimal("85000"), contribution_weeks_4y=208,
    ...                  on=date(2026, 12, 1))
    >>> after = event.apply(household)
    >>> naspi = [i for i in after.incomes if i.source == "naspi"]
    >>> len(naspi), naspi[0].month, naspi[0].year
    (25, 1, 2027)
    """
    if not isinstance(on, date):
        raise InvalidInputError("on must be a date", field="on", message_it="Data della perdita del lavoro non valida.")
    pay = money_parameter(
        taxable_pay_4y, "taxable_pay_4y", f"L'importo della retribuzione degli ultimi {lookback_years(on)} anni"
    )
    labels = tuple(salary_labels)

    def transform(household: Household) -> Household:
        person = next((m for m in household.members if m.name == member), None)
        if person is None or person.role == "child":
            raise InvalidInputError(
                f"no adult member named {member!r}", field="member", message_it="Nessun adulto con questo nome."
            )
        data = data_of(household)
        known = {income["label"] for income in data["incomes"]}
        missing = [label for label in labels if label not in known]
        if missing or not labels:
            raise InvalidInputError(
                "salary_labels must name the incomes that stop", field="salary_labels",
                message_it="Indica le entrate da lavoro che si perdono.",
            )  # fmt: skip
        estimate = naspi_estimate(
            taxable_pay_4y=pay, contribution_weeks_4y=contribution_weeks_4y, age=person.age, application_date=on
        )
        data["incomes"] = [_until(income, on) if income["label"] in labels else income for income in data["incomes"]]
        data["incomes"] = [income for income in data["incomes"] if income is not None]
        data["incomes"].extend(_naspi_incomes(estimate, member, on))
        return rebuild(data)

    label = f"{member} perde il lavoro a {on.month:02d}/{on.year}: NASpI al posto dello stipendio"
    parameters = {
        "member": member, "salary_labels": labels, "taxable_pay_4y": pay,
        "contribution_weeks_4y": contribution_weeks_4y, "on": on,
    }  # fmt: skip
    advice = (
        f"Presentate la domanda di NASpI all'INPS entro {application_deadline_days(on)} giorni dalla fine del lavoro.",
        f"Con un reddito calato di oltre il {format_percent(current_isee_income_drop(on), decimals=0)} si può "
        "chiedere l'ISEE corrente, che conta i redditi di oggi.",
    )
    return Event("job_loss", label, parameters, transform, advice)


def _until(income: dict[str, object], on: date) -> dict[str, object] | None:
    """A salary paid up to ``on``'s month, or ``None`` when it would only have come after it."""
    last = first_of_month(on)
    if income["frequency"] == "one_off":
        year = income.get("year")
        return income if isinstance(year, int) and (year, income["month"]) <= (last.year, last.month) else None
    starts = income.get("starts")
    if isinstance(starts, str) and starts > f"{last.year:04d}-{last.month:02d}":
        return None
    ends = income.get("ends")
    if isinstance(ends, str) and ends <= f"{last.year:04d}-{last.month:02d}":
        return income
    return income | {"ends": f"{last.year:04d}-{last.month:02d}"}


def _naspi_incomes(estimate: NaspiEstimate, member: str, on: date) -> list[dict[str, object]]:
    incomes = []
    for k, amount in enumerate(estimate.monthly_amounts, start=1):
        month = first_of_month(on, plus=k)
        if amount > 0:
            incomes.append(
                {"source": "naspi", "label": f"NASpI di {member}, mese {k} ({format_eur(amount)})",
                 "amount": str(amount), "frequency": "one_off", "month": month.month, "year": month.year}
            )  # fmt: skip
    return incomes
