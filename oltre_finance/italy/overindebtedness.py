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
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.data_files import load_rule, series, version_on
from oltre_finance.italy.isee import equivalence_scale
from oltre_finance.money import cents

__all__ = ["AssegnoSociale", "LivingAllowance", "assegno_sociale", "living_allowance", "rules"]

Basis = Literal["dignified_living", "incapiente"]


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
    #: The year asked has no verified figure yet, so the last verified one is used.
    carried_forward: bool
    verified_to: date


def assegno_sociale(year: int) -> AssegnoSociale:
    """The assegno sociale of ``year`` (13 monthly payments, ``italy/data/assegno_sociale.json``).

    A year after the newest verified figure uses that figure and says so
    (``carried_forward``); a year before the first one has no data.

    Examples
    --------
    >>> amount = assegno_sociale(2025)
    >>> amount.monthly, amount.annual, amount.carried_forward
    (Decimal('538.69'), Decimal('7002.97'), False)
    """
    validate.count(year, field="year", label_it="L'anno", minimum=1900, maximum=2100)
    item = version_on(series("assegno_sociale.json"), date(year, 1, 1))
    monthly = Decimal(item["monthly"])
    return AssegnoSociale(
        year=year,
        of_year=item.valid_from.year,
        monthly=monthly,
        annual=monthly * item["payments_per_year"],
        act=item["act"],
        url=item["url"],
        carried_forward=item.carried_forward,
        verified_to=item.verified_to,
    )


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
    assegno = assegno_sociale(year)
    allowances = version_on(series("overindebtedness.json", "allowances"), date(year, 12, 31))
    if basis not in ("dignified_living", "incapiente"):
        raise InvalidInputError(f"unknown basis {basis!r}", field="basis", message_it="Riferimento non valido.")
    rule = allowances[basis]
    parameter = equivalence_scale(members, on_date=date(year, 1, 1))
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
