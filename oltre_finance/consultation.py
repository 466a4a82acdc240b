"""A consultation as records: a case, its meetings, the plan agreed at each and its actions.

Pure data, no storage: :mod:`oltre_finance.store` keeps these in a database,
:mod:`oltre_finance.followup` compares two meetings, the printed plan reads
them. A meeting holds the household as it was that day (a snapshot), so a
later change never rewrites what was discussed before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Literal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household

__all__ = [
    "ACTION_STATUSES",
    "DEBT_STRATEGIES",
    "Action",
    "Case",
    "Meeting",
    "Plan",
    "check_case_code",
    "check_text",
]

ActionStatus = Literal["da_fare", "fatta", "annullata"]
ACTION_STATUSES: Mapping[str, str] = MappingProxyType(
    {"da_fare": "da fare", "fatta": "fatta", "annullata": "annullata"}
)
DebtStrategy = Literal["avalanche", "snowball", "minimums"]
DEBT_STRATEGIES: Mapping[str, str] = MappingProxyType(
    {
        "avalanche": "prima il tasso più alto",
        "snowball": "prima il debito più piccolo",
        "minimums": "solo le rate minime",
    }
)
#: A case code: letters, digits and dashes, never a path (no dots, no slashes).
_CASE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")
#: The longest note, action or name a consultant types.
MAX_TEXT = 4000


def check_case_code(code: object) -> str:
    """A case code as typed (upper-cased), or a typed error: letters, digits and dashes only.

    Examples
    --------
    >>> check_case_code("of-2026-a1b2")
    'OF-2026-A1B2'
    >>> check_case_code("../etc/passwd")
    Traceback (most recent call last):
    ...
    oltre_finance.errors.InvalidInputError: case code must be 3-32 letters, digits or dashes
    """
    text = code.strip().upper() if isinstance(code, str) else ""
    if not _CASE_CODE.match(text):
        raise InvalidInputError(
            "case code must be 3-32 letters, digits or dashes",
            field="code",
            message_it="Il codice del caso ha da 3 a 32 lettere, cifre o trattini.",
        )
    return text


def check_text(value: object, *, field: str, label_it: str, required: bool = False) -> str:
    """A text typed by a person, kept as typed (it is escaped where shown), at most ``MAX_TEXT`` characters."""
    if not isinstance(value, str):
        raise InvalidInputError(f"{field} must be text", field=field, message_it=f"{label_it}: serve un testo.")
    text = value.strip()
    if required and not text:
        raise InvalidInputError(f"{field} is empty", field=field, message_it=f"{label_it}: campo vuoto.")
    if len(text) > MAX_TEXT or "\x00" in text:
        raise InvalidInputError(
            f"{field} is too long", field=field, message_it=f"{label_it}: al massimo {MAX_TEXT} caratteri."
        )
    return text


@dataclass(frozen=True, kw_only=True)
class Action:
    """Something agreed at a meeting: who does it, by when, and whether it is done."""

    text: str
    owner: str
    due: date | None = None
    status: ActionStatus = "da_fare"
    #: When it was marked done (``None`` while not done).
    done_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", check_text(self.text, field="text", label_it="L'azione", required=True))
        object.__setattr__(self, "owner", check_text(self.owner, field="owner", label_it="Chi la fa"))
        if self.status not in ACTION_STATUSES:
            raise InvalidInputError("unknown action status", field="status", message_it="Stato dell'azione non valido.")
        for name in ("due", "done_on"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, date):
                raise InvalidInputError(f"{name} must be a date", field=name, message_it="Serve una data.")

    def overdue(self, today: date) -> bool:
        """Still to do after its due date."""
        return self.status == "da_fare" and self.due is not None and self.due < today


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What the household and the consultant agree at a meeting."""

    #: Category id → the monthly amount the household aims not to exceed.
    budget_targets: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    debt_strategy: DebtStrategy = "avalanche"
    #: Extra money a month towards the debts, beyond the minimums.
    debt_extra: Decimal = Decimal(0)
    #: Monthly amount put aside (emergency fund, goals).
    savings_monthly: Decimal = Decimal(0)
    actions: tuple[Action, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        targets = {
            check_text(key, field="budget_targets", label_it="La categoria", required=True): validate.amount(
                value, field=f"budget_targets.{key}", label_it="L'obiettivo di spesa"
            )
            for key, value in dict(self.budget_targets).items()
        }
        object.__setattr__(self, "budget_targets", MappingProxyType(targets))
        if self.debt_strategy not in DEBT_STRATEGIES:
            raise InvalidInputError(
                "unknown debt strategy", field="debt_strategy", message_it="Strategia per i debiti non valida."
            )
        object.__setattr__(self, "debt_extra", validate.amount(self.debt_extra, field="debt_extra",
                                                               label_it="La quota in più per i debiti"))  # fmt: skip
        object.__setattr__(self, "savings_monthly", validate.amount(self.savings_monthly, field="savings_monthly",
                                                                    label_it="Il risparmio mensile"))  # fmt: skip
        actions = tuple(self.actions)
        if not all(isinstance(action, Action) for action in actions):
            raise InvalidInputError("actions must be Action records", field="actions", message_it="Azioni non valide.")
        object.__setattr__(self, "actions", actions)
        object.__setattr__(self, "notes", check_text(self.notes, field="notes", label_it="Le note del piano"))


@dataclass(frozen=True, kw_only=True)
class Meeting:
    """One meeting of a case: when, with whom, the household as it was, what was noted and agreed."""

    number: int
    on: date
    consultant: str
    household: Household
    notes: str = ""
    plan: Plan | None = None


@dataclass(frozen=True, kw_only=True)
class Case:
    """A household followed over time, known by its code (never by a name or a path)."""

    code: str
    opened_on: date
    meetings: tuple[Meeting, ...] = ()

    def meeting(self, number: int) -> Meeting:
        """The meeting with that number, or a typed error in Italian."""
        for item in self.meetings:
            if item.number == number:
                return item
        raise InvalidInputError(
            f"case has no meeting {number}", field="meeting", message_it=f"Il caso non ha un incontro numero {number}."
        )
