"""Reference amounts of the over-indebtedness rules (D.Lgs. 14/2019, CCII).

Two yardsticks built on the *assegno sociale* and the ISEE equivalence
scale (DPCM 159/2013, Allegato 1):

- art. 68, comma 3: what a household needs for a *dignitoso tenore di
  vita*, against which an OCC judges whether a lender checked the
  borrower's creditworthiness: ``assegno sociale × parameter``;
- art. 283, comma 2: the income under which a debtor may be *incapiente*
  (able to offer creditors nothing): ``assegno sociale × 1.5 × parameter``.

They are references for orientation, not eligibility tests. The figures live
in ``italy/data/overindebtedness.json`` with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from oltre_finance.errors import InvalidInputError, RuleDataError
from oltre_finance.italy.data_files import load_rule
from oltre_finance.money import cents

__all__ = ["AssegnoSociale", "LivingAllowance", "assegno_sociale", "equivalence_parameter", "living_allowance", "rules"]

Basis = Literal["dignified_living", "incapiente"]
MAX_MEMBERS = 20


def rules() -> Any:
    """The parsed data file (references, procedures, where to go)."""
    return load_rule("overindebtedness.json")


@dataclass(frozen=True, kw_only=True)
class AssegnoSociale:
    """The assegno sociale used for ``year``: the figure of ``of_year``, the newest verified."""

    year: int
    of_year: int
    monthly: Decimal
    annual: Decimal
    act: str
    url: str

    @property
    def carried_forward(self) -> bool:
        """Whether the year asked has no verified figure yet, so an earlier one is used."""
        return self.of_year != self.year


def assegno_sociale(year: int) -> AssegnoSociale:
    """The assegno sociale of ``year`` (13 monthly payments).

    A year after the newest verified figure uses that figure and says so
    (``carried_forward``); a year before the first one has no data.

    Examples
    --------
    >>> amount = assegno_sociale(2025)
    >>> amount.monthly, amount.annual, amount.carried_forward
    (Decimal('538.69'), Decimal('7002.97'), False)
    >>> assegno_sociale(2027).of_year
    2025
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidInputError("year must be a whole number", field="year", message_it="Anno non valido.")
    known = sorted(rules()["assegno_sociale"], key=lambda item: item["year"])
    usable = [item for item in known if item["year"] <= year]
    if not usable:
        raise RuleDataError(
            f"no assegno sociale figure for {year}",
            field="year",
            message_it=f"Nessun importo dell'assegno sociale per il {year}.",
        )
    item = usable[-1]
    monthly = Decimal(item["monthly"])
    return AssegnoSociale(
        year=year,
        of_year=item["year"],
        monthly=monthly,
        annual=monthly * item["payments_per_year"],
        act=item["act"],
        url=item["url"],
    )


def equivalence_parameter(members: int) -> Decimal:
    """The ISEE equivalence-scale parameter for a household of ``members`` people (no increments).

    Notes
    -----
    1.00, 1.57, 2.04, 2.46, 2.85 for one to five members, plus 0.35 for each
    further member (DPCM 159/2013, Allegato 1).

    Examples
    --------
    >>> [str(equivalence_parameter(n)) for n in (1, 2, 3, 5, 6, 7)]
    ['1.00', '1.57', '2.04', '2.85', '3.20', '3.55']
    """
    if isinstance(members, bool) or not isinstance(members, int) or not 1 <= members <= MAX_MEMBERS:
        raise InvalidInputError(
            f"members must be a whole number from 1 to {MAX_MEMBERS}",
            field="members",
            message_it="Il numero dei componenti del nucleo va da 1 a 20.",
        )
    scale = rules()["isee_scale"]
    table = scale["parameters"]
    largest = max(int(key) for key in table)
    if members <= largest:
        return Decimal(table[str(members)])
    return Decimal(table[str(largest)]) + (members - largest) * Decimal(scale["each_further_member"])


@dataclass(frozen=True, kw_only=True)
class LivingAllowance:
    """A yearly reference amount for a household's living, with its legal basis."""

    basis: Basis
    members: int
    parameter: Decimal
    assegno: AssegnoSociale
    annual: Decimal
    reference: str
    text_it: str
    url: str

    @property
    def monthly(self) -> Decimal:
        """The yearly amount over twelve months, to the cent."""
        return cents(self.annual / 12)


def living_allowance(members: int, year: int, *, basis: Basis = "dignified_living") -> LivingAllowance:
    """The yearly amount the CCII sets aside for a household of ``members`` in ``year``.

    Notes
    -----
    ``annual = assegno sociale (monthly × 13) × multiplier × parameter``,
    rounded to the cent once, at the end: multiplier 1 for art. 68, comma 3,
    and 1.5 for art. 283, comma 2.

    Examples
    --------
    >>> living_allowance(3, 2025).annual, living_allowance(3, 2025, basis="incapiente").annual
    (Decimal('14286.06'), Decimal('21429.09'))
    """
    allowances = rules()["allowances"]
    if basis not in allowances:
        raise InvalidInputError(f"unknown basis {basis!r}", field="basis", message_it="Riferimento non valido.")
    rule = allowances[basis]
    parameter = equivalence_parameter(members)
    assegno = assegno_sociale(year)
    return LivingAllowance(
        basis=basis,
        members=members,
        parameter=parameter,
        assegno=assegno,
        annual=cents(assegno.annual * Decimal(rule["multiplier"]) * parameter),
        reference=rule["reference"],
        text_it=rule["text_it"],
        url=rule["url"],
    )
