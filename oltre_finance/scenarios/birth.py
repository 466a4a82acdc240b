"""The birth of a child: a new member, the first year's costs, the parent's leave, the Assegno Unico.

* **Costs** come from the Federconsumatori survey of a child's first year
  (``italy/data/birth.json``) at its minimum, its maximum or the midpoint:
  equipment (pram, cot, car seat) as one-off costs in the month before the
  birth, everything else as monthly costs from the birth on. The running
  costs stay after the first year, as a child keeps costing.
* **Leave**: the salary named by ``leave_salary`` is replaced, month by
  month, by the maternity and parental leave pay
  (:func:`oltre_finance.italy.parental_leave.leave_months`), then returns.
  The leave months are temporary items: the calendar shows them, the lasting
  monthly budget shows the month after the leave.
* **Assegno Unico**: what the household receives more with the new child
  (:func:`oltre_finance.italy.assegno_unico.assegno_unico`), with the 50 %
  increase for the first year as a temporary item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.italy.assegno_unico import Child, newborn_application_days
from oltre_finance.italy.data_files import load_rule
from oltre_finance.italy.parental_leave import LeaveMonth, leave_months
from oltre_finance.money import ZERO, D, cents
from oltre_finance.months import first_of_month
from oltre_finance.scenarios.benefits import household_assegno_unico
from oltre_finance.scenarios.event import Event, HouseholdData, data_of, date_parameter, item, money_parameter, rebuild

__all__ = ["CostLevel", "FirstYearCost", "birth", "first_year_costs"]

CostLevel = Literal["minimo", "medio", "massimo"]
#: The youngest a parent can plausibly be at a child's birth.
MIN_PARENT_AGE = 14


@dataclass(frozen=True, kw_only=True)
class FirstYearCost:
    """One item of a child's first-year cost at the chosen level."""

    label_it: str
    category: str
    subcategory: str
    yearly: Decimal
    once: bool  # bought once (equipment) rather than spent every month
    source: str


def first_year_costs(level: CostLevel = "medio") -> tuple[FirstYearCost, ...]:
    """The first-year costs of a child at ``level``; their yearly amounts add up to the survey's total.

    Examples
    --------
    >>> [sum(cost.yearly for cost in first_year_costs(level)) for level in ("minimo", "massimo")]
    [Decimal('7431.58'), Decimal('17585.78')]
    """
    if level not in ("minimo", "medio", "massimo"):
        raise InvalidInputError(
            "cost_level must be minimo, medio or massimo", field="cost_level", message_it="Livello di spesa non valido."
        )
    costs = []
    for entry in load_rule("birth.json")["first_year_costs"]["items"]:
        low, high = Decimal(entry["yearly_min"]), Decimal(entry["yearly_max"])
        yearly = {"minimo": low, "massimo": high, "medio": cents((low + high) / 2)}[level]
        costs.append(
            FirstYearCost(
                label_it=entry["label_it"], category=entry["category"], subcategory=entry["subcategory"],
                yearly=yearly, once=entry["when"] == "once", source=entry["source"],
            )
        )  # fmt: skip
    return tuple(costs)


def birth(
    *,
    on: date,
    ages_on: date,
    parent: str,
    child: str = "Neonato",
    cost_level: CostLevel = "medio",
    leave_salary: str | None = None,
    maternity: bool = True,
    months_before_birth: int = 2,
    parental_months: int = 0,
    top_up: bool = False,
    isee: Decimal | None = None,
    nursery_monthly: Decimal = ZERO,
    nursery_from: date | None = None,
) -> Event:
    """A child called ``child`` is born to ``parent`` in ``on``'s month.

    ``ages_on`` is the date the members' ages refer to (usually today). A
    birth before the parent's own, or when the parent would be under 14, is
    refused, and so is one more than a year before ``ages_on`` (that child
    is a member already) or more than five years after it.
    ``leave_salary`` is the label of the monthly salary of the parent who
    takes the leave (none: no leave is modelled); ``isee`` gives the Assegno
    Unico's amount (none: the minimum, as without ISEE); ``nursery_monthly``
    is the nursery fee from ``nursery_from`` (default: the child's first
    birthday).

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household = load_sample("affitto_meta_reddito")
    >>> event = birth(on=date(2027, 3, 1), ages_on=date(2026, 11, 1), parent=household.members[0].name)
    >>> after = event.apply(household)
    >>> after.members[-1].name, after.members[-1].age, len(after.members) - len(household.members)
    ('Neonato', 0, 1)
    """
    on = first_of_month(date_parameter(on, "on", "Data della nascita"))
    ages_on = date_parameter(ages_on, "ages_on", "Data di riferimento delle età")
    if on < first_of_month(ages_on, plus=-12):
        raise InvalidInputError(
            "a child born more than a year ago is already a member", field="on",
            message_it="Per un figlio già nato da più di un anno, aggiungilo tra i componenti.",
        )  # fmt: skip
    if on > first_of_month(ages_on, plus=60):
        raise InvalidInputError(
            "the birth must fall within five years of ages_on", field="on",
            message_it="La nascita deve cadere entro i prossimi cinque anni.",
        )  # fmt: skip
    if not isinstance(child, str) or not child.strip():
        raise InvalidInputError("the child needs a name", field="child", message_it="Scrivi il nome del bambino.")
    costs = first_year_costs(cost_level)
    isee_value = None if isee is None else money_parameter(isee, "isee", "L'ISEE")
    nursery = money_parameter(nursery_monthly, "nursery_monthly", "L'importo della retta del nido")
    nursery_start = first_of_month(on, plus=12) if nursery_from is None else first_of_month(nursery_from)
    if nursery_start < on:
        raise InvalidInputError(
            "the nursery cannot start before the birth",
            field="nursery_from",
            message_it="Il nido inizia dopo la nascita.",
        )
    options: dict[str, Any] = {
        "maternity": maternity, "months_before_birth": months_before_birth,
        "parental_months": parental_months, "top_up": top_up,
    }  # fmt: skip
    years_ahead = (on.year * 12 + on.month - ages_on.year * 12 - ages_on.month) // 12

    def transform(household: Household) -> Household:
        _check_family(household, parent=parent, child=child, years_ahead=years_ahead)
        leave_months(monthly_pay=ZERO, birth=on, **options)  # wrong leave options fail even without a salary
        data = data_of(household)
        data["members"].append({"role": "child", "name": child, "age": 0, "dependent": True})
        for cost in costs:
            data["expenses"].append(_cost_item(cost, child, on))
        if nursery > 0:
            data["expenses"].append(
                item("istruzione_figli/nido", f"Retta del nido di {child}", nursery, starts=nursery_start)
            )
        if leave_salary is not None:
            data["incomes"] = _with_leave(data["incomes"], leave_salary, parent, on, options)
        data["incomes"].extend(_assegno_unico_increase(household, child, on, isee_value))
        return rebuild(data)

    parameters = {
        "on": on, "ages_on": ages_on, "parent": parent, "child": child, "cost_level": cost_level,
        "leave_salary": leave_salary, **options, "isee": isee_value, "nursery_monthly": nursery,
        "nursery_from": nursery_start,
    }  # fmt: skip
    advice = (
        f"Chiedete all'INPS l'Assegno Unico per il nuovo nato: con la domanda entro {newborn_application_days(on)} "
        "giorni dalla nascita spetta anche per i mesi già trascorsi.",
        "Aggiornate l'ISEE con il nuovo componente: cambia l'importo dell'Assegno Unico e dei bonus.",
        "Chiedete al datore di lavoro se il contratto integra l'indennità di maternità fino al 100 % dello stipendio.",
    )
    label = f"Nasce {child} a {on.month:02d}/{on.year}"
    return Event("birth", label, parameters, transform, advice)


def _check_family(household: Household, *, parent: str, child: str, years_ahead: int) -> None:
    person = next((m for m in household.members if m.name == parent), None)
    if person is None or person.role != "adult":
        raise InvalidInputError(
            f"no adult member named {parent!r}", field="parent", message_it="Nessun adulto con questo nome."
        )
    age_at_birth = person.age + years_ahead
    if age_at_birth < 0:
        raise InvalidInputError(
            "the child would be born before the parent", field="on",
            message_it="Il figlio nascerebbe prima del genitore: controlla la data.",
        )  # fmt: skip
    if age_at_birth < MIN_PARENT_AGE:
        raise InvalidInputError(
            f"the parent would be {age_at_birth} at the birth", field="on",
            message_it="Il genitore sarebbe troppo giovane: controlla la data o l'età.",
        )  # fmt: skip
    if any(m.name == child for m in household.members):
        raise InvalidInputError(
            f"a member is already called {child!r}", field="child", message_it="Nome già presente in famiglia."
        )


def _cost_item(cost: FirstYearCost, child: str, on: date) -> dict[str, object]:
    kind = f"{cost.category}/{cost.subcategory}"
    if cost.once:
        return item(kind, f"{cost.label_it} per {child}", cost.yearly, "one_off", on=first_of_month(on, plus=-1))
    return item(kind, f"{cost.label_it} per {child}", cents(cost.yearly / 12), starts=on)


def _with_leave(
    incomes: list[HouseholdData], label: str, parent: str, on: date, options: Mapping[str, Any]
) -> list[HouseholdData]:
    """The incomes with the salary ``label`` paused for the leave months and replaced by the leave pay."""
    salary = next((i for i in incomes if i["label"] == label), None)
    if salary is None or salary["frequency"] != "monthly" or salary["source"] not in ("salary", "self_employment"):
        raise InvalidInputError(
            f"no monthly salary labelled {label!r}", field="leave_salary", message_it="Stipendio mensile non trovato."
        )
    months = leave_months(monthly_pay=D(salary["amount"]), birth=on, **options)
    if not months:
        return incomes
    first, last = months[0].month, months[-1].month
    before = dict(salary, ends=f"{first_of_month(first, plus=-1):%Y-%m}")
    after = dict(salary, starts=f"{first_of_month(last, plus=1):%Y-%m}")
    pay = [_leave_item(group, parent) for group in _runs(months)]
    position = incomes.index(salary)
    return [*incomes[:position], before, *pay, after, *incomes[position + 1 :]]


def _runs(months: tuple[LeaveMonth, ...]) -> list[list[LeaveMonth]]:
    """Consecutive months of the same kind and pay, grouped."""
    runs: list[list[LeaveMonth]] = []
    for month in months:
        if runs and (runs[-1][-1].kind, runs[-1][-1].pay) == (month.kind, month.pay):
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _leave_item(run: list[LeaveMonth], parent: str) -> dict[str, object]:
    kind = "Indennità di maternità" if run[0].kind == "maternità" else "Congedo parentale"
    percent = f"{run[0].rate * 100:.0f} %"
    return item("other_benefit", f"{kind} di {parent} ({percent})", run[0].pay, starts=run[0].month, ends=run[-1].month)


def _assegno_unico_increase(household: Household, child: str, on: date, isee: Decimal | None) -> list[HouseholdData]:
    """What the Assegno Unico grows by with the new child: in the first year (with the newborn increase, where the
    year's rule has one) and after."""
    now, first_year, later = (
        household_assegno_unico(household, isee=isee, on_date=on, more_children=more).monthly
        for more in ((), (Child(0),), (Child(1),))
    )
    if first_year == later:  # no increase for a newborn this year: one line from the birth on
        return [item("assegno_unico", f"Assegno Unico per {child}", later - now, starts=on)] if later > now else []
    items = []
    if first_year > now:
        items.append(
            item("assegno_unico", f"Assegno Unico per {child} (primo anno, con la maggiorazione)", first_year - now,
                 starts=on, ends=first_of_month(on, plus=11))
        )  # fmt: skip
    if later > now:
        items.append(
            item("assegno_unico", f"Assegno Unico per {child}", later - now, starts=first_of_month(on, plus=12))
        )
    return items
