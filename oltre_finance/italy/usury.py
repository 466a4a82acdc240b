"""Usury thresholds (*tassi soglia*) under Legge 7 marzo 1996 n. 108.

Every quarter since 2 April 1997 a decree of the Ministry of the Treasury,
then of Economy and Finance, publishes in the Gazzetta Ufficiale the average
effective rates (TEGM) of the Banca d'Italia survey, by category of credit
and amount class. A rate above its category's threshold is usurious. The
tables live in ``italy/data/usury/tegm_YYYYqN.json``, one per quarter, each
with its period, decree and Gazzetta Ufficiale reference; the formula that
turns a TEGM into a threshold changed on 14 May 2011 and is itself dated
data (``italy/data/usury.json``, ``formula``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError, RuleDataError
from oltre_finance.italy.data_files import RuleVersion, load_rule, series, version_on

__all__ = [
    "TegmRow",
    "TegmTable",
    "UsuryCheck",
    "available_tables",
    "formula_on",
    "table_on",
    "usury_check",
    "usury_threshold",
]


def formula_on(on_date: date) -> RuleVersion:
    """The threshold formula in force on ``on_date`` (``usury.json``, ``formula``)."""
    return version_on(series("usury.json", "formula"), on_date)


def usury_threshold(tegm: Decimal, *, on_date: date) -> Decimal:
    """The usury threshold of a TEGM under the formula in force on ``on_date``.

    Notes
    -----
    Until 13 May 2011: ``soglia = TEGM × 1.5``. From 14 May 2011 (D.L.
    70/2011): ``soglia = min(TEGM × 1.25 + 4 points, TEGM + 8 points)``. The
    multiplier, spread and cap are read from the data file; the threshold is
    exact, as in the Banca d'Italia's historical series.

    Examples
    --------
    Gazzetta Ufficiale, third quarter of 2020, and the second quarter of 2010
    (scoperti senza affidamento fino a 1.500 €: TEGM 18,49 %, soglia 27,735 %):

    >>> usury_threshold(Decimal("0.1058"), on_date=date(2020, 8, 1))
    Decimal('0.172250')
    >>> usury_threshold(Decimal("0.1849"), on_date=date(2010, 5, 1))
    Decimal('0.27735')
    """
    rate = validate.rate(tegm, field="tegm", label_it="Il TEGM")
    formula = formula_on(on_date)
    threshold = rate * Decimal(formula["multiplier"]) + Decimal(formula["spread"])
    if formula["max_spread"] is not None:
        threshold = min(threshold, rate + Decimal(formula["max_spread"]))
    return threshold


@dataclass(frozen=True, kw_only=True)
class TegmRow:
    """One line of a quarterly table: a category, an optional amount class, its TEGM and threshold."""

    category: str
    label: str
    bracket_label: str | None
    #: Class bounds in euro (converted from lire for the tables before 2002).
    bracket_min: Decimal | None
    bracket_max: Decimal | None
    tegm: Decimal
    #: The threshold in force: as the decree published it where the data file records it, else by the formula of
    #: the table's period (they agree to the published precision: see ``formula_threshold``).
    threshold: Decimal
    #: The threshold by the formula of the table's period, from the TEGM as published.
    formula_threshold: Decimal
    #: The threshold as published, where the data file records it.
    published_threshold: Decimal | None

    def covers(self, amount: Decimal | None) -> bool:
        """Whether ``amount`` falls in this row's class (lower bound excluded, upper included)."""
        if self.bracket_min is None and self.bracket_max is None:
            return True
        if amount is None:
            return False
        above_min = self.bracket_min is None or amount > self.bracket_min
        below_max = self.bracket_max is None or amount <= self.bracket_max
        return above_min and below_max


@dataclass(frozen=True, kw_only=True)
class TegmTable:
    """The TEGM table in force for one quarter (or part of one, around 14 May 2011)."""

    start: date
    end: date
    survey_period: str
    act: str
    #: ``None`` while the Gazzetta Ufficiale reference is not yet verified.
    gazzetta_ufficiale: str | None
    url: str
    #: The threshold formula of the period, in Italian, and its legal source.
    formula_it: str
    formula_source: str
    rows: tuple[TegmRow, ...]

    @property
    def categories(self) -> Mapping[str, str]:
        """Category id → Italian label as named in this table, in its order."""
        return MappingProxyType({row.category: row.label for row in self.rows})

    @property
    def source(self) -> str:
        """The act and where it was published, in Italian."""
        published = self.gazzetta_ufficiale or "riferimento in Gazzetta Ufficiale da verificare"
        return f"{self.act}, {published}"


def _euro(value: str | None, currency: str) -> Decimal | None:
    if value is None:
        return None
    amount = Decimal(value)
    return amount / Decimal(load_rule("usury.json")["lire_per_euro"]) if currency == "ITL" else amount


def _table(data: Mapping[str, Any]) -> TegmTable:
    start = date.fromisoformat(data["valid_from"])
    formula = formula_on(start)
    rows = []
    for row in data["categories"]:
        bracket = row.get("bracket") or {}
        currency = bracket.get("currency", "EUR")
        tegm = Decimal(row["tegm"])
        formula_value = usury_threshold(tegm, on_date=start)
        published = Decimal(row["threshold"]) if row.get("threshold") else None
        rows.append(
            TegmRow(
                category=row["id"],
                label=row["label"],
                bracket_label=bracket.get("label"),
                bracket_min=_euro(bracket.get("min"), currency),
                bracket_max=_euro(bracket.get("max"), currency),
                tegm=tegm,
                threshold=formula_value if published is None else published,
                formula_threshold=formula_value,
                published_threshold=published,
            )
        )
    source = data["source"]
    return TegmTable(
        start=start,
        end=date.fromisoformat(data["valid_to"]),
        survey_period=data.get("survey_period", ""),
        act=source["act"],
        gazzetta_ufficiale=source.get("gazzetta_ufficiale"),
        url=source.get("url", ""),
        formula_it=formula["formula_it"],
        formula_source=formula["source"],
        rows=tuple(rows),
    )


@cache
def available_tables() -> tuple[TegmTable, ...]:
    """Every quarterly table shipped with the package, oldest first."""
    return tuple(_table(version) for version in series("usury.json", "tables").versions)


def table_on(on_date: date) -> TegmTable:
    """The table in force on ``on_date``; a typed error outside the series.

    Examples
    --------
    >>> table_on(date(2020, 8, 1)).start
    datetime.date(2020, 7, 1)
    """
    if not isinstance(on_date, date):
        raise InvalidInputError("on_date must be a date", field="on_date", message_it="Serve una data.")
    tables = available_tables()
    for table in tables:
        if table.start <= on_date <= table.end:
            return table
    first, last = tables[0], tables[-1]
    raise RuleDataError(
        f"no TEGM table for {on_date.isoformat()}; the series covers {first.start.isoformat()} to "
        f"{last.end.isoformat()}",
        field="on_date",
        message_it=f"Non ho i tassi soglia in vigore il {on_date:%d/%m/%Y}: le tabelle disponibili vanno "
        f"dal {first.start:%d/%m/%Y} al {last.end:%d/%m/%Y}.",
    )


@dataclass(frozen=True, kw_only=True)
class UsuryCheck:
    """A rate read against the usury threshold of its category and quarter."""

    rate: Decimal
    tegm: Decimal
    threshold: Decimal
    #: Threshold minus rate: how much room is left (negative when usurious).
    margin: Decimal
    is_usurious: bool
    row: TegmRow
    table: TegmTable

    @property
    def threshold_rule(self) -> str:
        """The legal source of the formula used."""
        return self.table.formula_source


def usury_check(
    taeg: Decimal,
    category: str,
    on_date: date,
    *,
    amount: Decimal | None = None,
    table: TegmTable | None = None,
) -> UsuryCheck:
    """Compare a TAEG with the usury threshold of ``category`` on ``on_date``.

    ``amount`` picks the bracket where the category has several (e.g. loans
    up to or above 15,000 €). Pass ``table`` to judge against a given
    quarter's table instead of the one in force on ``on_date``.

    Examples
    --------
    >>> check = usury_check(Decimal("0.16"), "credito_personale", date(2020, 8, 1))
    >>> check.tegm, check.threshold, check.is_usurious
    (Decimal('0.0963'), Decimal('0.160375'), False)
    """
    # Up to 1000 %: a consultant may check a loan shark's rate, far above any threshold.
    rate = validate.rate(taeg, field="taeg", label_it="Il TAEG", maximum=Decimal(10))
    chosen = table if table is not None else table_on(on_date)
    if category not in chosen.categories:
        raise InvalidInputError(
            f"unknown usury category {category!r}",
            field="category",
            message_it="Categoria di finanziamento non presente nella tabella dei tassi soglia in vigore dal "
            f"{chosen.start:%d/%m/%Y}.",
        )
    value = None if amount is None else validate.amount(amount, field="amount", label_it="L'importo del finanziamento")
    matches = [row for row in chosen.rows if row.category == category and row.covers(value)]
    if not matches:
        raise InvalidInputError(
            f"category {category!r} has amount brackets: pass amount",
            field="amount",
            message_it="Per questa categoria la soglia dipende dall'importo: indicalo.",
        )
    row = matches[0]
    threshold = row.threshold
    return UsuryCheck(
        rate=rate,
        tegm=row.tegm,
        threshold=threshold,
        margin=threshold - rate,
        is_usurious=rate > threshold,
        row=row,
        table=chosen,
    )
