"""Assegno Unico e Universale per i figli a carico (D.Lgs. 29 dicembre 2021, n. 230, art. 4), an estimate.

The monthly amount per child falls with the ISEE along the law's table: one
row every 100 € of ISEE, from the full amount up to the lower threshold to
the minimum at the upper threshold and without ISEE. Each year INPS
revalues the previous year's table and rounds amounts to 0,10 € and
thresholds to the cent, so the table of a year is rebuilt from the 2022 one
(``italy/data/assegno_unico.json``) and checked against the published
thresholds and amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Literal, NamedTuple

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError, RuleDataError
from oltre_finance.italy.data_files import load_rule, series, version_on
from oltre_finance.money import ZERO, cents

__all__ = ["AssegnoUnico", "Child", "Row", "assegno_unico", "newborn_application_days", "table"]

LEGAL_REFERENCE = "D.Lgs. 29 dicembre 2021, n. 230, art. 4"
Disability = Literal["media", "grave", "non_autosufficiente"]


class Row(NamedTuple):
    """One row of the yearly table: the ISEE up to which it applies and the amounts per child."""

    isee_up_to: Decimal
    minor: Decimal
    adult_18_21: Decimal
    third_plus: Decimal
    both_working: Decimal


def _rules() -> Any:
    return load_rule("assegno_unico.json")


@cache
def table(year: int) -> tuple[Row, ...]:
    """The table of ``year``: the 2022 table revalued year by year with the rounding INPS applies.

    Examples
    --------
    >>> rows = table(2026)
    >>> rows[0].isee_up_to, rows[0].minor, rows[-1].isee_up_to, rows[-1].minor
    (Decimal('17468.51'), Decimal('203.80'), Decimal('46582.71'), Decimal('58.30'))
    """
    data = _rules()
    first = int(data["base_2022"]["year"])
    if isinstance(year, bool) or not isinstance(year, int) or not first <= year <= max(map(int, data["revaluation"])):
        raise RuleDataError(f"no Assegno Unico table for {year}", field="year", message_it="Tabella non disponibile.")
    base = data["base_2022"]
    columns = base["columns"]
    step = Decimal(base["amount_step"])
    rows = []
    for k in range(base["rows"]):
        values = [
            cents(Decimal(columns[name]["full"]) + k * Decimal(columns[name]["step"]), step=step)
            for name in ("minor", "adult_18_21", "third_plus", "both_working")
        ]
        rows.append([Decimal(base["first_bound"]) + k * Decimal(base["step"]), *values])
    for step_year in range(first + 1, year + 1):
        factor = Decimal(data["revaluation"][str(step_year)])
        rows = [[cents(row[0] * factor), *(cents(value * factor, step=step) for value in row[1:])] for row in rows]
    return tuple(Row(*row) for row in rows)


def _row(rows: tuple[Row, ...], isee: Decimal | None) -> Row:
    if isee is None:
        return rows[-1]
    for row in rows:
        if isee <= row.isee_up_to:
            return row
    return rows[-1]


@dataclass(frozen=True)
class Child:
    """A dependent child: age, disability (if any)."""

    age: int
    disability: Disability | None = None

    def __post_init__(self) -> None:
        validate.count(self.age, field="age", label_it="L'età del figlio", maximum=120)
        if self.disability not in (None, "media", "grave", "non_autosufficiente"):
            raise InvalidInputError("unknown disability level", field="disability", message_it="Disabilità non valida.")


@dataclass(frozen=True, kw_only=True)
class AssegnoUnico:
    """The monthly Assegno Unico of a household, and how it is made up."""

    monthly: Decimal
    #: Lines of the computation in Italian, each with its amount.
    parts: tuple[tuple[str, Decimal], ...]
    isee: Decimal | None
    year: int
    reference: str
    source: str
    #: The year's amounts are not yet published: the last verified ones are used (up to ``verified_to``).
    carried_forward: bool
    verified_to: date
    label_it: str = "stima indicativa"


def assegno_unico(
    children: Sequence[Child],
    *,
    isee: Decimal | None,
    on_date: date,
    both_parents_working: bool = False,
    mother_under_21: bool = False,
) -> AssegnoUnico:
    """The monthly Assegno Unico for ``children`` with ``isee`` (None: no ISEE, the minimum) on ``on_date``.

    Notes
    -----
    Per child under 18 the table's amount (+50 % under 1 year, and for each
    child aged 1 to 3 in households with three or more children and ISEE up
    to the upper threshold); per child aged 18-20 the lower column; for each
    child after the second a further amount; per child under 18 a further
    amount if both parents work; fixed amounts for disabled children, for a
    mother under 21, and 150 € a month for households with four or more
    children. Children aged 21 or more count only if disabled (minor column).

    Examples
    --------
    >>> three = [Child(5), Child(8), Child(12)]
    >>> assegno_unico(three, isee=Decimal("15000"), on_date=date(2022, 6, 1), both_parents_working=True).monthly
    Decimal('700.00')
    """
    if not isinstance(on_date, date):
        raise InvalidInputError("on_date must be a date", field="on_date", message_it="Data non valida.")
    value = None if isee is None else validate.amount(isee, field="isee", label_it="L'ISEE")
    rule = version_on(series("assegno_unico.json"), on_date)
    rows = table(int(rule["table_year"]))
    row = _row(rows, value)
    limit, adult_from = rule["child_age_limit"], rule["adult_age_from"]
    counted = [c for c in children if c.age < limit or c.disability is not None]
    many = len(counted) >= rule["large_family_children"]
    youngest, oldest = rule["large_family_ages"]
    parts: list[tuple[str, Decimal]] = []
    for number, child in enumerate(counted, start=1):
        if child.age < adult_from or (child.age >= limit and child.disability is not None):
            amount = row.minor
            newborn = rule["newborn_increase"] is not None and child.age < rule["newborn_age_below"]
            toddler = (
                rule["large_family_increase"] is not None and many and youngest <= child.age <= oldest
                and value is not None and value <= rows[-1].isee_up_to
            )  # fmt: skip
            if newborn:
                amount = cents(amount * (1 + Decimal(rule["newborn_increase"])))
            elif toddler:
                amount = cents(amount * (1 + Decimal(rule["large_family_increase"])))
            parts.append((f"Figlio {number} ({child.age} anni)", amount))
            if both_parents_working and child.age < adult_from:
                parts.append((f"Figlio {number}: entrambi i genitori lavorano", row.both_working))
        else:
            parts.append((f"Figlio {number} ({child.age} anni, {adult_from}-{limit - 1})", row.adult_18_21))
        if number >= rule["third_child_from"]:
            parts.append((f"Figlio {number}: dal terzo figlio", row.third_plus))
        if child.disability is not None and child.age < limit:
            parts.append(
                (f"Figlio {number}: disabilità ({child.disability})", Decimal(rule["disability"][child.disability]))
            )
        if mother_under_21:
            parts.append(
                (
                    f"Figlio {number}: madre con meno di {rule['mother_age_below']} anni",
                    Decimal(rule["mother_under_21"]),
                )
            )
    if len(counted) >= rule["four_or_more_from"]:
        parts.append(("Famiglia con quattro o più figli", Decimal(rule["four_or_more_children"])))
    parts = [(text, cents(amount)) for text, amount in parts]
    total = sum((amount for _, amount in parts), ZERO)
    return AssegnoUnico(
        monthly=total, parts=tuple(parts), isee=value, year=on_date.year, reference=LEGAL_REFERENCE,
        source=rule["source"], carried_forward=rule.carried_forward, verified_to=rule.verified_to,
    )  # fmt: skip


def newborn_application_days(birth: date) -> int:
    """Days after a birth within which the application brings the Assegno Unico from the month of birth.

    Examples
    --------
    >>> newborn_application_days(date(2026, 3, 1))
    120
    """
    return int(version_on(series("assegno_unico.json"), birth)["newborn_application_days"])
