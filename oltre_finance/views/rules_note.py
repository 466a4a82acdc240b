"""The one sentence an app says when it uses a rule's figures past the last period verified.

Every Italian rule read for a date says whether it is ``carried_forward``
(its figures are the last verified ones, used after ``verified_to``). A view
collects the rules it used and shows this sentence once, under its results.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

__all__ = ["Dated", "carried_note"]


class Dated(Protocol):
    """Anything read from a dated rule: a rule version or a result that carries its flags."""

    @property
    def carried_forward(self) -> bool: ...

    @property
    def verified_to(self) -> date: ...


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " e " + words[-1]


def carried_note(used: Iterable[tuple[str, Dated]]) -> str:
    """One calm sentence naming the figures used past their verified period ('' when none).

    ``used`` pairs what a person would call the figure ("l'Assegno Unico")
    with what was read for it.

    Examples
    --------
    >>> from types import SimpleNamespace as Read
    >>> note = carried_note([("la NASpI", Read(carried_forward=True, verified_to=date(2026, 12, 31))),
    ...                      ("il bonus sociale", Read(carried_forward=False, verified_to=date(2026, 12, 31)))])
    >>> note.startswith("Si usano gli ultimi dati verificati per la NASpI (fino al 31/12/2026): quelli in vigore")
    True
    >>> carried_note([])
    ''
    """
    by_day: dict[date, list[str]] = {}
    for what, read in used:
        if read.carried_forward and what not in by_day.get(read.verified_to, []):
            by_day.setdefault(read.verified_to, []).append(what)
    if not by_day:
        return ""
    parts = [f"per {_and(whats)} (fino al {day:%d/%m/%Y})" for day, whats in sorted(by_day.items(), reverse=True)]
    return f"Si usano gli ultimi dati verificati {_and(parts)}: quelli in vigore potranno essere un poco diversi."
