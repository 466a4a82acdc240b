"""The current household as every app sees it: an empty start, the saved file's name, opening a file.

What the household bar decides lives here, where a test reaches it without
a browser: which household an app starts from, what a saved file is called,
what a person reads when a file cannot be opened, and whether replacing the
household on screen needs a confirmation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household, household_from_dict
from oltre_finance.io.household_file import household_from_json

__all__ = ["OpenOutcome", "empty_household", "file_name", "has_figures", "open_household_file"]

EMPTY_NAME = "La mia famiglia"


def empty_household() -> Household:
    """Where a person starts: one adult and nothing else (the editor asks for the rest)."""
    return household_from_dict({"name": EMPTY_NAME, "members": [{"role": "adult", "name": "Io", "age": 40}]})


def has_figures(household: Household) -> bool:
    """Whether the household holds anything a person typed beyond the empty start."""
    return (
        bool(household.incomes or household.expenses or household.assets or household.debts or household.goals)
        or household.members != empty_household().members
    )


def file_name(household: Household, today: date) -> str:
    """The name of a saved household file: the household's name and the date.

    Examples
    --------
    >>> from datetime import date
    >>> file_name(empty_household(), date(2026, 12, 1))
    'la-mia-famiglia-2026-12-01.json'
    >>> file_name(household_from_dict({"name": "Famiglia Rossi <b>", "members": [
    ...     {"role": "adult", "name": "A", "age": 40}]}), date(2026, 12, 1))
    'famiglia-rossi-b-2026-12-01.json'
    """
    plain = unicodedata.normalize("NFKD", household.name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-") or "famiglia"
    return f"{slug}-{today.isoformat()}.json"


@dataclass(frozen=True, kw_only=True)
class OpenOutcome:
    """A file the person chose: the household it holds, or why it could not be opened."""

    household: Household | None
    message_it: str

    @property
    def ok(self) -> bool:
        return self.household is not None


def open_household_file(text: str | bytes | None, *, failure: str | None = None) -> OpenOutcome:
    """Read a household file chosen by the person; never raises.

    ``failure`` is what the browser reported instead of a text (``too_big``,
    ``unreadable``). The message names what is wrong, never the figures.

    Examples
    --------
    >>> open_household_file('{"schema_version": 1, "name": "X"}').message_it
    'File non aperto: Dato non valido in: componenti (riga 1). La famiglia sullo schermo non è cambiata.'
    >>> open_household_file(None, failure="too_big").ok
    False
    """
    unchanged = " La famiglia sullo schermo non è cambiata."
    if failure == "too_big":
        return OpenOutcome(household=None, message_it="File non aperto: è troppo grande per un file della famiglia."
                           + unchanged)  # fmt: skip
    if text is None or failure is not None:
        return OpenOutcome(household=None, message_it="File non aperto: non si riesce a leggerlo." + unchanged)
    try:
        household = household_from_json(text)
    except OltreFinanceError as error:
        return OpenOutcome(household=None, message_it=f"File non aperto: {error.message_it}{unchanged}")
    return OpenOutcome(household=household, message_it=f"Aperta la famiglia «{household.name}».")
