"""The public support a household may claim, what it is worth, and whether the budget already counts it.

Estimates (*stima indicativa*) from :mod:`oltre_finance.italy`: the Assegno
Unico for the dependent children and, with an ISEE, the electricity bonus
and (for a household that pays a gas bill) the gas bonus.
The ISEE is the household's own figure (from its DSU, or from
:func:`oltre_finance.italy.isee.isee`): the household profile does not hold
everything the ISEE needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.household import Household
from oltre_finance.italy.assegno_unico import LEGAL_REFERENCE, AssegnoUnico, Child, assegno_unico
from oltre_finance.italy.bonus_sociale import electricity_bonus, gas_bonus
from oltre_finance.money import ZERO, cents, format_eur

__all__ = ["Benefit", "benefits", "household_assegno_unico"]


@dataclass(frozen=True, kw_only=True)
class Benefit:
    """One benefit: its name, what it is worth a month, and what the household already receives."""

    key: str
    #: The name as a title ("Assegno Unico per i figli") and with its article, inside a sentence.
    title_it: str
    name_it: str
    entitled: bool
    monthly: Decimal
    #: Monthly amount of this benefit already in the household's budget (``None``: not shown in the budget).
    counted: Decimal | None
    reference: str
    source: str
    note_it: str
    label_it: str = "stima indicativa"

    @property
    def missing(self) -> Decimal:
        """What the budget does not count yet, a month (0 when nothing is missing or it cannot be told)."""
        if not self.entitled or self.counted is None:
            return ZERO
        return max(self.monthly - self.counted, ZERO)


def household_assegno_unico(
    household: Household, *, isee: Decimal | None, on_date: date, more_children: Sequence[Child] = ()
) -> AssegnoUnico:
    """The Assegno Unico of the household's dependent children (and ``more_children``, say a newborn).

    Both parents count as working when two adults are each named in a salary or self-employment income.
    """
    children = [Child(m.age) for m in household.members if m.role == "child" and m.dependent]
    adults = [m.name for m in household.members if m.role == "adult"]
    earners = {
        name
        for name in adults
        for income in household.incomes
        if income.source in ("salary", "self_employment") and name in income.label
    }
    return assegno_unico(
        [*children, *more_children], isee=isee, on_date=on_date, both_parents_working=len(earners) >= 2
    )


def benefits(household: Household, *, isee: Decimal | None, on_date: date) -> tuple[Benefit, ...]:
    """The benefits ``household`` may claim on ``on_date`` with ``isee`` (``None``: no ISEE yet).

    What the budget already counts is read from the incomes that run in ``on_date``'s month.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> found = benefits(load_sample("madre_separata"), isee=Decimal("14000"), on_date=date(2026, 6, 1))
    >>> [(b.key, b.entitled, b.monthly) for b in found]
    [('assegno_unico', True, Decimal('407.60')), ('bonus_elettrico', False, Decimal('0.00')), \
('bonus_gas', False, Decimal('0.00'))]
    """
    found = []
    if any(m.role == "child" and m.dependent for m in household.members):
        estimate = household_assegno_unico(household, isee=isee, on_date=on_date)
        counted = sum(
            (i.monthly_amount for i in household.incomes
             if i.source == "assegno_unico" and i.frequency != "one_off" and i.runs_in(on_date.year, on_date.month)),
            ZERO,
        )  # fmt: skip
        found.append(
            Benefit(
                key="assegno_unico",
                title_it="Assegno Unico per i figli",
                name_it="l'Assegno Unico per i figli",
                entitled=estimate.monthly > 0,
                monthly=estimate.monthly,
                counted=cents(counted),
                reference=LEGAL_REFERENCE,
                source=estimate.source,
                note_it="senza ISEE spetta l'importo minimo" if isee is None else f"con ISEE di {format_eur(isee)}",
            )
        )
    if isee is not None:
        dependent = sum(1 for m in household.members if m.role == "child" and m.dependent)
        bonus = electricity_bonus(
            isee=isee, members=len(household.members), dependent_children=min(dependent, len(household.members) - 1),
            on_date=on_date,
        )  # fmt: skip
        found.append(
            Benefit(
                key="bonus_elettrico",
                title_it="Bonus sociale per la luce",
                name_it="il bonus sociale per la luce",
                entitled=bonus.entitled,
                monthly=cents(bonus.yearly / 12),
                counted=None,
                reference="D.M. 28 dicembre 2007; automatico dal 2021 (D.L. 124/2019, art. 57-bis)",
                source=bonus.source,
                note_it=(
                    f"vale {format_eur(bonus.yearly)} l'anno e arriva da solo in bolletta"
                    if bonus.entitled
                    else f"spetta con ISEE fino a {format_eur(bonus.isee_limit)}"
                ),
            )
        )
        if any(e.category == "utenze" and e.subcategory == "gas" for e in household.expenses):
            found.append(_gas(isee, len(household.members), min(dependent, len(household.members) - 1), on_date))
    return tuple(found)


def _gas(isee: Decimal, members: int, dependent: int, on_date: date) -> Benefit:
    bonus = gas_bonus(isee=isee, members=members, dependent_children=dependent, on_date=on_date)
    low, high = bonus.yearly_min, bonus.yearly_max
    if not bonus.entitled:
        note = f"spetta con ISEE fino a {format_eur(bonus.isee_limit)}"
    elif low is None or high is None:
        note = bonus.note_it
    else:
        note = (
            f"da {format_eur(low)} a {format_eur(high)} l'anno secondo zona climatica, usi del gas e componenti; "
            "arriva da solo in bolletta"
        )
    return Benefit(
        key="bonus_gas",
        title_it="Bonus sociale per il gas",
        name_it="il bonus sociale per il gas",
        entitled=bonus.entitled,
        monthly=cents((low or ZERO) / 12),  # the least it is worth
        counted=None,
        reference="D.L. 185/2008, art. 3; automatico dal 2021 (D.L. 124/2019, art. 57-bis)",
        source=bonus.source,
        note_it=note,
    )
