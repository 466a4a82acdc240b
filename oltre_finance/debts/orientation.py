"""Over-indebtedness orientation: when to suggest an *Organismo di composizione della crisi*.

Signals read a household's instalments against its income and the reference
amounts of the CCII (:mod:`oltre_finance.italy.overindebtedness`). Red
signals: the instalments do not fit in the income left after a dignified
living (art. 68, comma 3); the income is within the *incapiente* reference
(art. 283, comma 2); the budget does not cover the minimums. Amber signals:
instalments above 30 % of income (Banca d'Italia's vulnerability threshold);
arrears on rent, bills or taxes; a household that spends more than it earns. One red signal, or two amber ones, suggest
talking to an OCC. This is orientation with its legal references, never a
legal opinion, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.budget import summarize
from oltre_finance.debts.model import debts_from_household
from oltre_finance.debts.payoff import PayoffPlan, payoff_plan
from oltre_finance.household import Household
from oltre_finance.indicators import Band
from oltre_finance.italy.overindebtedness import LivingAllowance, living_allowance, rules
from oltre_finance.loans.affordability import instalment_rule
from oltre_finance.money import ZERO, cents, format_eur, format_percent
from oltre_finance.validate import amount, count

__all__ = ["Orientation", "Resource", "Signal", "household_orientation", "overindebtedness_orientation"]


@dataclass(frozen=True)
class Signal:
    """One reading of the household's situation."""

    key: str
    band: Band
    text_it: str
    reference: str


@dataclass(frozen=True)
class Resource:
    """A procedure or a place to turn to, with its reference or address."""

    name_it: str
    text_it: str
    reference: str


@dataclass(frozen=True, kw_only=True)
class Orientation:
    """Signals of over-indebtedness and whether to suggest an OCC."""

    signals: tuple[Signal, ...]
    suggest_occ: bool
    sentence_it: str
    disclaimer_it: str
    dignified_living: LivingAllowance
    incapiente: LivingAllowance
    #: Monthly income left after the dignified-living amount (negative: none).
    income_after_living: Decimal
    procedures: tuple[Resource, ...]
    where_to_go: tuple[Resource, ...]


def overindebtedness_orientation(
    *,
    monthly_income: Decimal,
    monthly_instalments: Decimal,
    members: int,
    year: int,
    arrears: bool = False,
    shortfall: Decimal = ZERO,
    monthly_deficit: Decimal = ZERO,
) -> Orientation:
    """Signals of over-indebtedness for a household's month.

    ``monthly_income`` is the household's net income (monthly equivalent),
    ``monthly_instalments`` every debt's minimum payment together,
    ``shortfall`` the most the budget lacks in a month to pay them,
    ``monthly_deficit`` how much more the household spends than it earns
    (its whole budget, debts included).

    Notes
    -----
    Red when ``instalments > income - allowance_68 / 12``, when
    ``12 · income <= allowance_283`` (with debts), or when ``shortfall > 0``;
    amber when ``instalments / income > 30 %``, with arrears, or with a
    monthly deficit. An OCC is
    suggested on one red signal or two amber ones.

    Examples
    --------
    >>> result = overindebtedness_orientation(monthly_income=Decimal("2000"), monthly_instalments=Decimal("1100"),
    ...                                       members=3, year=2025)
    >>> result.income_after_living, result.suggest_occ, [s.band.value for s in result.signals]
    (Decimal('809.49'), True, ['red', 'amber'])
    """
    income = amount(monthly_income, field="monthly_income", label_it="Il reddito mensile")
    instalments = amount(monthly_instalments, field="monthly_instalments", label_it="L'importo delle rate")
    missing = amount(shortfall, field="shortfall", label_it="L'importo che manca per le rate")
    deficit = amount(monthly_deficit, field="monthly_deficit", label_it="Il disavanzo mensile")
    count(members, field="members", label_it="Il numero dei componenti", minimum=1)
    data = rules()
    dignified = living_allowance(members, year, basis="dignified_living")
    incapiente = living_allowance(members, year, basis="incapiente")
    after_living = cents(income - dignified.monthly)
    people = "persona" if members == 1 else "persone"
    assegno = dignified.assegno
    year_note = f" del {assegno.of_year}, l'ultimo verificato," if assegno.carried_forward else ""
    measure = (
        f"{format_eur(dignified.monthly)} al mese per {members} {people}: "
        f"l'assegno sociale{year_note} per la scala ISEE"
    )
    signals: list[Signal] = []
    if instalments > 0:
        if instalments > after_living:
            signals.append(
                Signal(
                    "instalments_over_available_income",
                    Band.RED,
                    f"Le rate ({format_eur(instalments)} al mese) superano il reddito che resta dopo il minimo per "
                    f"una vita dignitosa ({measure}).",
                    dignified.reference,
                )
            )
        else:
            signals.append(
                Signal(
                    "instalments_over_available_income",
                    Band.GREEN,
                    f"Le rate ({format_eur(instalments)} al mese) stanno nel reddito che resta dopo il minimo per "
                    f"una vita dignitosa ({measure}).",
                    dignified.reference,
                )
            )
        if income * 12 <= incapiente.annual:
            signals.append(
                Signal(
                    "income_within_incapiente_reference",
                    Band.RED,
                    f"Il reddito annuo non supera il riferimento dell'art. 283 ({format_eur(incapiente.annual)} "
                    f"per {members} {people}): potresti non avere nulla da offrire ai creditori.",
                    incapiente.reference,
                )
            )
        vulnerable = instalment_rule(date(year, 12, 31))
        if income > 0 and instalments / income > Decimal(vulnerable["amber_from"]):
            signals.append(
                Signal(
                    "debt_service_high",
                    Band.AMBER,
                    f"Le rate sono il {format_percent(instalments / income)} del reddito: oltre il "
                    f"{format_percent(Decimal(vulnerable['amber_from']))} la Banca d'Italia considera "
                    "una famiglia finanziariamente vulnerabile.",
                    vulnerable["source"],
                )
            )
    if arrears:
        signals.append(
            Signal(
                "arrears",
                Band.AMBER,
                "Ci sono arretrati su affitto, bollette o tasse.",
                data["signals"]["arrears_source"],
            )
        )
    if deficit > 0:
        signals.append(
            Signal(
                "budget_deficit",
                Band.AMBER,
                f"Ogni mese escono {format_eur(deficit)} più di quanti ne entrano: il debito rischia di crescere.",
                "Bilancio familiare",
            )
        )
    if missing > 0:
        signals.append(
            Signal(
                "minimums_not_covered",
                Band.RED,
                f"Il budget non copre le rate minime: mancano fino a {format_eur(missing)} al mese.",
                "Piano di rientro",
            )
        )
    reds = sum(signal.band is Band.RED for signal in signals)
    ambers = sum(signal.band is Band.AMBER for signal in signals)
    suggest = reds > 0 or ambers >= 2
    if suggest:
        sentence = (
            "Alcuni segnali indicano una situazione di sovraindebitamento: può essere utile parlarne con un "
            "Organismo di composizione della crisi (OCC), che aiuta a trovare un accordo con i creditori "
            "(Codice della crisi d'impresa e dell'insolvenza, D.Lgs. 14/2019)."
        )
    else:
        sentence = "Per ora i segnali non indicano sovraindebitamento: le rate restano sostenibili con il reddito."
    return Orientation(
        signals=tuple(signals),
        suggest_occ=suggest,
        sentence_it=sentence,
        disclaimer_it=data["disclaimer_it"],
        dignified_living=dignified,
        incapiente=incapiente,
        income_after_living=after_living,
        procedures=tuple(Resource(p["name_it"], p["text_it"], p["reference"]) for p in data["procedures"]),
        where_to_go=tuple(Resource(w["name_it"], w["text_it"], w["url"]) for w in data["where_to_go"]),
    )


def household_orientation(household: Household, *, year: int, plan: PayoffPlan | None = None) -> Orientation:
    """:func:`overindebtedness_orientation` for a household and, if given, its repayment plan.

    Income is the budget's monthly equivalent; the instalments are the
    first month's minimums of its debts (or of ``plan``), whose shortfall
    counts as a signal, as does a deficit in the household's budget.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household_orientation(load_sample("prestiti_revolving"), year=2026).suggest_occ
    True
    """
    if plan is None:
        plan = payoff_plan(debts_from_household(household), ZERO, strategy="minimums_only", horizon=1)
        missing = ZERO
    else:
        missing = plan.max_shortfall
    budget = summarize(household)
    return overindebtedness_orientation(
        monthly_income=budget.income,
        monthly_deficit=max(-budget.balance, ZERO),
        monthly_instalments=plan.first_minimums,
        members=len(household.members),
        year=year,
        arrears=any(debt.is_arrears and debt.balance > 0 for debt in plan.debts),
        shortfall=missing,
    )
