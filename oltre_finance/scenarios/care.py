"""Caring for an elderly parent: a family assistant (*badante*) or a care home (RSA), and the parent's own money.

* **Live-in or hourly badante**: the costs of the domestic-work contract
  (:func:`oltre_finance.italy.care.domestic_worker_cost`) as the family pays
  them: the pay every month, the thirteenth and the TFR in December, a
  substitute for the holidays in August, the contributions every quarter
  (January, April, July, October, for the quarter before).
* **RSA**: the monthly fee (default: the Lombardy average).
* **The parent's money**: their pension (with its thirteenth in December)
  and, when granted, the companion allowance
  (:func:`oltre_finance.italy.care.companion_allowance`) enter the budget,
  because they pay for the care. When the parent moves in, they also become
  a member of the household.

The board a live-in assistant receives, sick days and substitutes on rest
days are not counted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.italy.care import care_tax_relief, companion_allowance, domestic_worker_cost, rsa_fees
from oltre_finance.money import ZERO, format_eur, format_percent
from oltre_finance.months import first_of_month
from oltre_finance.scenarios.event import Event, HouseholdData, data_of, date_parameter, item, money_parameter, rebuild

__all__ = ["CareKind", "parent_care"]

CareKind = Literal["live_in", "hourly", "rsa"]
CARE_WORDS = {"live_in": "badante convivente", "hourly": "badante a ore", "rsa": "RSA"}


def parent_care(
    *,
    on: date,
    parent: str,
    age: int,
    care: CareKind = "live_in",
    weekly_hours: int | None = None,
    level: Literal["BS", "CS"] = "CS",
    pension: Decimal = ZERO,
    with_companion_allowance: bool = False,
    moves_in: bool = True,
    rsa_monthly: Decimal | None = None,
    other_costs: Decimal = ZERO,
) -> Event:
    """From ``on``'s month the household cares for ``parent`` (aged ``age``) with ``care``.

    ``pension`` is the parent's net monthly pension (paid 13 times a year);
    ``moves_in`` adds the parent to the household (not for an RSA);
    ``other_costs`` are monthly aids, medicines and therapies.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household = load_sample("madre_separata")
    >>> event = parent_care(on=date(2027, 1, 1), parent="Nonna Lia", age=84, pension=Decimal("900"),
    ...                     with_companion_allowance=True)
    >>> after = event.apply(household)
    >>> after.members[-1].role, [i.amount for i in after.incomes if "accompagnamento" in i.label]
    ('elderly_parent', [Decimal('549.61')])
    """
    on = first_of_month(date_parameter(on, "on", "Data di inizio"))
    validate.count(age, field="age", label_it="L'età del genitore", minimum=40, maximum=120)
    if not isinstance(parent, str) or not parent.strip():
        raise InvalidInputError("the parent needs a name", field="parent", message_it="Scrivi il nome del genitore.")
    if care not in CARE_WORDS:
        raise InvalidInputError(
            "care must be live_in, hourly or rsa", field="care", message_it="Tipo di cura non valido."
        )
    monthly_pension = money_parameter(pension, "pension", "L'importo della pensione")
    extra = money_parameter(other_costs, "other_costs", "L'importo delle altre spese di cura")
    costs = _care_costs(care, on, weekly_hours, level, rsa_monthly, parent)
    allowance = companion_allowance(on) if with_companion_allowance else None
    lives_here = moves_in and care != "rsa"

    def transform(household: Household) -> Household:
        if any(m.name == parent for m in household.members):
            raise InvalidInputError(
                f"a member is already called {parent!r}", field="parent", message_it="Nome già presente in famiglia."
            )
        data = data_of(household)
        if lives_here:
            data["members"].append(
                {"role": "elderly_parent", "name": parent, "age": age, "disability": with_companion_allowance}
            )
        purpose = "" if lives_here else " (per le spese di cura)"
        if monthly_pension > 0:
            data["incomes"].append(item("pension", f"Pensione di {parent}{purpose}", monthly_pension, starts=on))
            data["incomes"].append(
                item("pension", f"Tredicesima della pensione di {parent}{purpose}", monthly_pension, "yearly",
                     month=12, starts=on)
            )  # fmt: skip
        if allowance is not None:
            data["incomes"].append(
                item("other_benefit", f"Indennità di accompagnamento di {parent}", allowance.monthly, starts=on)
            )
        data["expenses"].extend(costs)
        if extra > 0:
            data["expenses"].append(
                item("cura_familiari/assistenza", f"Ausili, farmaci e terapie per {parent}", extra, starts=on)
            )
        return rebuild(data)

    parameters = {
        "on": on, "parent": parent, "age": age, "care": care, "weekly_hours": weekly_hours, "level": level,
        "pension": monthly_pension, "with_companion_allowance": with_companion_allowance, "moves_in": lives_here,
        "rsa_monthly": rsa_monthly, "other_costs": extra,
    }  # fmt: skip
    label = f"Dal {on.month:02d}/{on.year} cura di {parent}: {CARE_WORDS[care]}"
    return Event("parent_care", label, parameters, transform, _advice(care, with_companion_allowance, on))


def _care_costs(
    care: CareKind,
    on: date,
    weekly_hours: int | None,
    level: Literal["BS", "CS"],
    rsa_monthly: Decimal | None,
    parent: str,
) -> list[HouseholdData]:
    if care == "rsa":
        fee = money_parameter(
            rsa_fees(on).monthly_average if rsa_monthly is None else rsa_monthly, "rsa_monthly",
            "L'importo della retta della RSA", positive=True,
        )  # fmt: skip
        return [item("cura_familiari/rsa", f"Retta della RSA di {parent}", fee, starts=on)]
    cost = domestic_worker_cost(live_in=care == "live_in", on_date=on, level=level, weekly_hours=weekly_hours)
    who = "convivente" if care == "live_in" else f"{cost.weekly_hours} ore a settimana"
    return [
        item("cura_familiari/badante", f"Stipendio della badante ({who})", cost.monthly_pay, starts=on),
        item("cura_familiari/badante", "Tredicesima della badante", cost.thirteenth, "yearly", month=12, starts=on),
        item("cura_familiari/badante", "TFR della badante (da accantonare)", cost.tfr, "yearly", month=12, starts=on),
        item("cura_familiari/badante", "Sostituto nelle ferie della badante", cost.holiday_cover, "yearly", month=8,
             starts=on),
        item("cura_familiari/contributi_badante", "Contributi INPS e Cassacolf della badante",
             cost.quarterly_contributions, "quarterly", month=1, starts=first_of_month(on, plus=1)),
    ]  # fmt: skip


def _advice(care: CareKind, allowance: bool, on: date) -> tuple[str, ...]:
    advice = []
    if care != "rsa":
        relief = care_tax_relief(on)
        advice += [
            "L'assunzione della badante va comunicata all'INPS entro il giorno prima dell'inizio del lavoro; "
            "i contributi si pagano ogni tre mesi.",
            "I contributi della badante si deducono dal reddito fino a "
            f"{format_eur(relief.contributions_deduction_max)} l'anno, e con un reddito fino a "
            f"{format_eur(relief.care_expense_income_max)} si detrae il "
            f"{format_percent(relief.care_expense_credit_rate, decimals=0)} della spesa fino a "
            f"{format_eur(relief.care_expense_credit_max)} (TUIR artt. 10 e 15).",
        ]
    else:
        advice.append(
            "Chiedete all'ATS o al Comune l'elenco delle RSA con posti a contratto: un posto privato costa di più."
        )
    if allowance:
        advice.append(
            "L'indennità di accompagnamento si chiede all'INPS con il certificato del medico; non dipende dal reddito."
        )
    return tuple(advice)
