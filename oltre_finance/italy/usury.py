"""Usury thresholds (*tassi soglia*) under Legge 7 marzo 1996 n. 108.

Every quarter the Ministry of Economy publishes in the Gazzetta Ufficiale
the average effective rates (TEGM) of the previous survey, by category of
credit and amount bracket. A rate above the category's threshold is
usurious. The tables live in ``italy/data/usury/tegm_YYYYqN.json``, one
file per quarter, each with its period of validity and its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files

from oltre_finance.errors import InvalidInputError, InvalidRateError, RuleDataError
from oltre_finance.italy.data_files import load_rule
from oltre_finance.money import D

__all__ = [
    "TegmRow",
    "TegmTable",
    "UsuryCheck",
    "available_tables",
    "table_on",
    "usury_check",
    "usury_threshold",
]

_QUARTER = Decimal("0.25")
_SPREAD = Decimal("0.04")
_MAX_SPREAD = Decimal("0.08")
THRESHOLD_SOURCE = (
    "Art. 2, comma 4, Legge 7 marzo 1996 n. 108, come modificato dall'art. 8, comma 5, lett. d), "
    "D.L. 13 maggio 2011 n. 70, conv. L. 12 luglio 2011 n. 106"
)


def usury_threshold(tegm: Decimal) -> Decimal:
    """The usury threshold of a TEGM.

    Notes
    -----
    ``soglia = min(TEGM × 1.25 + 4 points, TEGM + 8 points)`` (art. 2 c. 4
    L. 108/1996 as amended by D.L. 70/2011, in force since 14 May 2011).

    Examples
    --------
    Gazzetta Ufficiale, third quarter of 2020:

    >>> usury_threshold(Decimal("0.1058")), usury_threshold(Decimal("0.0488"))
    (Decimal('0.172250'), Decimal('0.101000'))
    """
    rate = D(tegm, field="tegm")
    if rate < 0:
        raise InvalidRateError("tegm must not be negative", field="tegm", message_it="Il TEGM non può essere negativo.")
    return min(rate * (1 + _QUARTER) + _SPREAD, rate + _MAX_SPREAD)


@dataclass(frozen=True, kw_only=True)
class TegmRow:
    """One line of a quarterly table: a category, an optional amount bracket, its TEGM."""

    category: str
    label: str
    bracket_label: str | None
    bracket_min: Decimal | None
    bracket_max: Decimal | None
    tegm: Decimal

    @property
    def threshold(self) -> Decimal:
        return usury_threshold(self.tegm)

    def covers(self, amount: Decimal | None) -> bool:
        """Whether ``amount`` falls in this row's bracket (lower bound excluded, upper included)."""
        if self.bracket_min is None and self.bracket_max is None:
            return True
        if amount is None:
            return False
        above_min = self.bracket_min is None or amount > self.bracket_min
        below_max = self.bracket_max is None or amount <= self.bracket_max
        return above_min and below_max


@dataclass(frozen=True, kw_only=True)
class TegmTable:
    """The TEGM table in force for one quarter."""

    start: date
    end: date
    survey_period: str
    act: str
    #: ``None`` while the Gazzetta Ufficiale reference is not yet verified.
    gazzetta_ufficiale: str | None
    url: str
    rows: tuple[TegmRow, ...]

    @property
    def categories(self) -> dict[str, str]:
        """Category id → Italian label, in the order of the table."""
        return {row.category: row.label for row in self.rows}

    @property
    def source(self) -> str:
        """The act and where it was published, in Italian."""
        published = self.gazzetta_ufficiale or "riferimento in Gazzetta Ufficiale da verificare"
        return f"{self.act}, {published}"


@cache
def available_tables() -> tuple[TegmTable, ...]:
    """Every quarterly table shipped with the package, oldest first."""
    folder = files("oltre_finance.italy").joinpath("data", "usury")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.startswith("tegm_"))
    return tuple(sorted((_table(load_rule(f"usury/{name}")) for name in names), key=lambda t: t.start))


def _table(data: dict) -> TegmTable:  # type: ignore[type-arg]
    def amount(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    rows = tuple(
        TegmRow(
            category=row["id"],
            label=row["label"],
            bracket_label=(row.get("bracket") or {}).get("label"),
            bracket_min=amount((row.get("bracket") or {}).get("min")),
            bracket_max=amount((row.get("bracket") or {}).get("max")),
            tegm=Decimal(row["tegm"]),
        )
        for row in data["categories"]
    )
    source = data["source"]
    return TegmTable(
        start=date.fromisoformat(data["period"]["start"]),
        end=date.fromisoformat(data["period"]["end"]),
        survey_period=data.get("survey_period", ""),
        act=source["act"],
        gazzetta_ufficiale=source.get("gazzetta_ufficiale"),
        url=source.get("url", ""),
        rows=rows,
    )


def table_on(on_date: date) -> TegmTable:
    """The table in force on ``on_date``; a typed error if the package has none for it.

    Examples
    --------
    >>> table_on(date(2020, 8, 1)).start
    datetime.date(2020, 7, 1)
    """
    if not isinstance(on_date, date):
        raise InvalidInputError("on_date must be a date", field="on_date", message_it="Serve una data.")
    for table in available_tables():
        if table.start <= on_date <= table.end:
            return table
    latest = available_tables()[-1]
    raise RuleDataError(
        f"no TEGM table for {on_date.isoformat()}; the latest shipped covers "
        f"{latest.start.isoformat()} to {latest.end.isoformat()}",
        field="on_date",
        message_it=f"Non ho i tassi soglia in vigore il {on_date:%d/%m/%Y}: l'ultima tabella disponibile "
        f"vale dal {latest.start:%d/%m/%Y} al {latest.end:%d/%m/%Y}.",
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
    threshold_rule: str = THRESHOLD_SOURCE


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
    rate = D(taeg, field="taeg")
    chosen = table if table is not None else table_on(on_date)
    if category not in chosen.categories:
        raise InvalidInputError(
            f"unknown usury category {category!r}",
            field="category",
            message_it="Categoria di finanziamento non presente nella tabella dei tassi soglia.",
        )
    value = None if amount is None else D(amount, field="amount")
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
