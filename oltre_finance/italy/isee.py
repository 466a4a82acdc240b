"""ISEE: the household's economic situation indicator (DPCM 5 dicembre 2013, n. 159), an estimate.

``ISEE = ISE / scale``, ``ISE = ISR + 20 % × ISP``:

- **ISR** (income): the members' incomes plus the figurative yield of their
  savings, minus rent paid (up to 7.000 €, +500 € per child after the
  second), 20 % of employment income (up to 3.000 € each) and of pensions
  (up to 1.000 € each), and maintenance paid;
- **ISP** (assets): homes at their IMU value net of the mortgage; the main
  home counts only above its exemption, and then for two thirds; savings
  above the allowance (6.000 € + 2.000 € per member after the first, at most
  10.000 €, +1.000 € per child after the second), with government bonds and
  postal savings excluded up to 50.000 € where the rule is in force;
- **scale**: 1,00 / 1,57 / 2,04 / 2,46 / 2,85 (+0,35 per further member),
  plus the increments for children, working parents and disability.

Two rule sets coexist from 2026: the ordinary ISEE, and the one of the 2026
budget law (L. 199/2025, art. 1 commi 208-209) for five family benefits
(Assegno Unico among them), with a higher main-home exemption and larger
increments for children. The data file holds each version with its dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.data_files import RuleVersion, series, version_on
from oltre_finance.money import ZERO, cents

__all__ = ["IseeInput", "IseeResult", "current_isee_income_drop", "equivalence_scale", "isee"]

Kind = Literal["ordinario", "familiare"]
#: A DSU with more people than this is a typing mistake.
MAX_MEMBERS = 20


def _common(on_date: date) -> RuleVersion:
    return version_on(series("isee.json", "common"), on_date)


def equivalence_scale(members: int, *, on_date: date) -> Decimal:
    """The base equivalence-scale parameter of ``members`` people (DPCM 159/2013, Allegato 1), no increments.

    Examples
    --------
    >>> [str(equivalence_scale(n, on_date=date(2026, 1, 1))) for n in (1, 2, 3, 5, 6, 7)]
    ['1.00', '1.57', '2.04', '2.85', '3.20', '3.55']
    """
    count = validate.count(members, field="members", label_it="I componenti del nucleo", minimum=1, maximum=MAX_MEMBERS)
    scale = version_on(series("isee.json", "equivalence_scale"), on_date)
    parameters = scale["parameters"]
    if str(count) in parameters:
        return Decimal(parameters[str(count)])
    largest = max(int(key) for key in parameters)
    return Decimal(parameters[str(largest)]) + (count - largest) * Decimal(scale["each_further_member"])


def current_isee_income_drop(on_date: date) -> Decimal:
    """The fall in income (a fraction) past which the *ISEE corrente* can be asked.

    Examples
    --------
    >>> current_isee_income_drop(date(2026, 1, 1))
    Decimal('0.25')
    """
    return Decimal(_common(on_date)["current_isee_income_drop"])


@dataclass(frozen=True, kw_only=True)
class IseeInput:
    """What the DSU declares, in yearly euro (amounts as Decimal)."""

    members: int
    children: int = 0
    #: Children under 18 in the household, and whether one is under 3.
    minor_children: int = 0
    child_under_3: bool = False
    #: Both parents (or the only one) worked at least six months in the income year.
    working_parents: bool = False
    disabled_members: int = 0
    incomes: Decimal = ZERO
    #: Figurative yield of the savings, as stated in the DSU.
    figurative_income: Decimal = ZERO
    #: Employment and pension income of each member (for the 20 % deductions).
    employment_incomes: tuple[Decimal, ...] = ()
    pension_incomes: tuple[Decimal, ...] = ()
    rent_paid: Decimal = ZERO
    maintenance_paid: Decimal = ZERO
    main_home_value: Decimal = ZERO
    main_home_mortgage: Decimal = ZERO
    main_home_in_metro_city: bool = False
    other_real_estate: Decimal = ZERO
    other_mortgages: Decimal = ZERO
    #: Savings: accounts, deposits, funds, shares; government bonds and postal savings separately.
    savings: Decimal = ZERO
    government_bonds: Decimal = ZERO

    def __post_init__(self) -> None:
        validate.count(self.members, field="members", label_it="I componenti del nucleo", minimum=1,
                       maximum=MAX_MEMBERS)  # fmt: skip
        for name in ("children", "minor_children", "disabled_members"):
            validate.count(getattr(self, name), field=name, label_it="Il numero", maximum=MAX_MEMBERS)
        if self.children > self.members or self.minor_children > self.children or self.disabled_members > self.members:
            raise InvalidInputError(
                "children, minors and disabled members cannot exceed the members", field="children",
                message_it="I figli non possono essere più dei componenti del nucleo.",
            )  # fmt: skip
        for name in (
            "incomes", "figurative_income", "rent_paid", "maintenance_paid", "main_home_value", "main_home_mortgage",
            "other_real_estate", "other_mortgages", "savings", "government_bonds",
        ):  # fmt: skip
            object.__setattr__(self, name, validate.amount(getattr(self, name), field=name))
        for name in ("employment_incomes", "pension_incomes"):
            values = tuple(validate.amount(v, field=name) for v in getattr(self, name))
            object.__setattr__(self, name, values)


@dataclass(frozen=True, kw_only=True)
class IseeResult:
    """ISR, ISP, ISE, scale and ISEE, with the rule version used."""

    isr: Decimal
    isp: Decimal
    ise: Decimal
    scale: Decimal
    isee: Decimal
    version: str
    source: str
    #: The rules are used past the last day they are verified for (``verified_to``).
    carried_forward: bool
    verified_to: date
    label_it: str = "stima indicativa"


def _version(on_date: date, kind: Kind) -> RuleVersion:
    if kind not in ("ordinario", "familiare"):
        raise InvalidInputError(
            "kind must be ordinario or familiare", field="kind", message_it="Tipo di ISEE non valido."
        )
    family = series("isee.json", "familiare")
    if kind == "familiare" and on_date >= family.first_day:
        return version_on(family, on_date)
    return version_on(series("isee.json", "ordinario"), on_date)  # before 2026 the family benefits used it too


def _scale(data: IseeInput, common: Mapping[str, Any], rule: Mapping[str, Any], on_date: date) -> Decimal:
    scale = equivalence_scale(data.members, on_date=on_date)
    steps = rule["children_increment"]
    counts = sorted((int(k.split("_")[0]), Decimal(v)) for k, v in steps.items())
    for count, increment in reversed(counts):
        if data.children >= count:
            scale += increment
            break
    if data.minor_children and data.working_parents:
        key = (
            "increment_minor_children_working_parents_child_under_3"
            if data.child_under_3
            else "increment_minor_children_working_parents"
        )
        scale += Decimal(common[key])
    scale += data.disabled_members * Decimal(rule["disabled_member_scale_increment"])
    return scale


def isee(data: IseeInput, *, on_date: date, kind: Kind = "ordinario") -> IseeResult:
    """The ISEE of ``data`` under the rules in force on ``on_date`` (the DSU date).

    ``kind="familiare"`` uses, from 2026, the rules of the 2026 budget law for
    the family benefits (Assegno Unico, bonus nido, bonus nuovi nati, ADI,
    SFL); before 2026 it is the ordinary ISEE.

    Examples
    --------
    >>> family = IseeInput(members=4, children=2, incomes=Decimal("58834.80"), savings=Decimal("13977"),
    ...                    main_home_value=Decimal("81312"), main_home_mortgage=Decimal("17920"))
    >>> result = isee(family, on_date=date(2019, 6, 1))
    >>> result.isp, result.ise, result.isee
    (Decimal('11238.33'), Decimal('61082.47'), Decimal('24830.27'))
    """
    if not isinstance(data, IseeInput):
        raise InvalidInputError("data must be IseeInput", field="data", message_it="Dati ISEE non validi.")
    common = _common(on_date)
    rule = _version(on_date, kind)
    extra_children = max(data.children - 2, 0)
    rent_cap = Decimal(common["rent_deduction_max"]) + extra_children * Decimal(
        common["rent_deduction_extra_per_child_from_third"]
    )
    deductions = min(data.rent_paid, rent_cap) + data.maintenance_paid
    deductions += sum(
        (min(Decimal(common["employment_deduction_rate"]) * v, Decimal(common["employment_deduction_max_per_member"]))
         for v in data.employment_incomes), ZERO,
    )  # fmt: skip
    deductions += sum(
        (min(Decimal(common["pension_deduction_rate"]) * v, Decimal(common["pension_deduction_max_per_member"]))
         for v in data.pension_incomes), ZERO,
    )  # fmt: skip
    isr = max(data.incomes + data.figurative_income - deductions, ZERO)

    numerator, denominator = (int(x) for x in common["main_home_weight_above"])
    exemption = Decimal(rule["main_home_exemption"])
    if data.main_home_in_metro_city and "main_home_exemption_metro_capoluogo" in rule:
        exemption = Decimal(rule["main_home_exemption_metro_capoluogo"])
    extra_from = int(rule["main_home_exemption_extra_per_child_from"])
    exemption += max(data.children - extra_from + 1, 0) * Decimal(common["main_home_extra_per_child"])
    home = max(data.main_home_value - data.main_home_mortgage, ZERO)
    above = max(home - exemption, ZERO)
    home_counted = above * numerator / denominator  # two thirds, exact to 28 digits (not 0.6667)
    real_estate = home_counted + max(data.other_real_estate - data.other_mortgages, ZERO)

    allowance = min(
        Decimal(common["movable_franchise_base"])
        + (data.members - 1) * Decimal(common["movable_franchise_per_member"]),
        Decimal(common["movable_franchise_max"]),
    ) + extra_children * Decimal(common["movable_franchise_extra_per_child_from_third"])
    excluded = min(data.government_bonds, Decimal(rule["government_bonds_exclusion_max"]))
    movable = max(data.savings + data.government_bonds - excluded - allowance, ZERO)
    isp = cents(real_estate + movable)
    ise = isr + Decimal(common["isp_weight"]) * isp
    scale = _scale(data, common, rule, on_date)
    return IseeResult(
        isr=cents(isr), isp=isp, ise=cents(ise), scale=scale, isee=cents(ise / scale), version=rule["id"],
        source=rule["source"], carried_forward=rule.carried_forward or common.carried_forward,
        verified_to=min(rule.verified_to, common.verified_to),
    )  # fmt: skip
