"""Several goals funded by priority from one monthly amount.

The monthly amount goes to the first goal not yet reached; when a goal is
reached, what is left of that month's amount goes on to the next. Money set
aside for a goal keeps growing at the same return and stays with it. The
result says which goal is reached when, and whether in time for its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.money import ZERO, cents
from oltre_finance.months import first_of_month
from oltre_finance.savings.goals import monthly_rate, required_contribution
from oltre_finance.validate import MAX_MONTHS, amount, months

__all__ = ["GoalOutcome", "GoalsPlan", "SavingsGoal", "fund_goals", "goals_from_household", "months_between"]


def months_between(start: date, end: date) -> int:
    """Whole months from the month of ``start`` to the month of ``end`` (``end`` counted).

    Examples
    --------
    >>> months_between(date(2026, 12, 1), date(2027, 11, 30))
    12
    """
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True, kw_only=True)
class SavingsGoal:
    """A goal: how much, already saved, and by when (optional)."""

    name: str
    target: Decimal
    saved: Decimal = ZERO
    by: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError("name must not be blank", field="name", message_it="Serve un nome per l'obiettivo.")
        object.__setattr__(self, "target", amount(self.target, field="target", label_it="L'obiettivo", positive=True))
        object.__setattr__(self, "saved", amount(self.saved, field="saved", label_it="L'importo già risparmiato"))
        if self.by is not None and not isinstance(self.by, date):
            raise InvalidInputError("by must be a date", field="by", message_it="Data dell'obiettivo non valida.")


def goals_from_household(household: Household) -> tuple[SavingsGoal, ...]:
    """The household's goals as :class:`SavingsGoal` records; a goal with a year and no month falls in December.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> [goal.by for goal in goals_from_household(load_sample("prestiti_revolving"))]
    [datetime.date(2028, 6, 1), datetime.date(2027, 8, 1)]
    """
    return tuple(
        SavingsGoal(
            name=goal.label,
            target=goal.target,
            saved=goal.saved,
            by=date(goal.by_year, goal.by_month or 12, 1) if goal.by_year else None,
        )
        for goal in household.goals
    )


@dataclass(frozen=True, kw_only=True)
class GoalOutcome:
    """When a goal is reached under the plan."""

    name: str
    target: Decimal
    #: Months from the start (0: already reached); None if not within the horizon.
    reached_month: int | None
    reached_on: date | None
    #: Reached by its date (None when the goal has no date).
    on_time: bool | None
    #: Monthly amount that would reach it by its date on its own, from the start (None without a date).
    needed_monthly: Decimal | None


@dataclass(frozen=True, kw_only=True)
class GoalsPlan:
    """Goals in order of priority and when each is reached."""

    monthly: Decimal
    start: date
    outcomes: tuple[GoalOutcome, ...]

    def outcome(self, name: str) -> GoalOutcome:
        """The outcome of the goal called ``name``."""
        for item in self.outcomes:
            if item.name == name:
                return item
        raise InvalidInputError(f"no goal named {name!r}", field="name", message_it="Obiettivo non presente.")


def fund_goals(
    goals: Sequence[SavingsGoal],
    monthly: Decimal,
    *,
    annual_return: Decimal,
    start: date,
    horizon: int = MAX_MONTHS,
) -> GoalsPlan:
    """Fund ``goals`` in the order given from ``monthly`` a month, starting in the month of ``start``.

    Notes
    -----
    Month ``m``: every goal's balance grows by ``(1 + j)``; then the monthly
    amount goes to the first goal not reached, and any excess over its
    target to the next. A goal alone is reached in the month
    :func:`~oltre_finance.savings.goals.months_to_goal` gives.

    Examples
    --------
    >>> goals = [SavingsGoal(name="Fondo emergenze", target=Decimal("3000")),
    ...          SavingsGoal(name="Auto", target=Decimal("6000"), by=date(2029, 12, 1))]
    >>> plan = fund_goals(goals, Decimal("250"), annual_return=Decimal("0"), start=date(2027, 1, 1))
    >>> [(o.name, o.reached_month, o.on_time) for o in plan.outcomes]
    [('Fondo emergenze', 12, None), ('Auto', 36, True)]
    """
    items = tuple(goals)
    for item in items:
        if not isinstance(item, SavingsGoal):
            raise InvalidInputError(
                "goals must be SavingsGoal records", field="goals", message_it="Obiettivo non valido."
            )
    names = [item.name for item in items]
    if len(set(names)) != len(names):
        raise InvalidInputError(
            "goal names must be unique", field="goals", message_it="Due obiettivi hanno lo stesso nome."
        )
    payment = amount(monthly, field="monthly", label_it="Il versamento mensile")
    limit = months(horizon, field="horizon", label_it="L'orizzonte del piano")
    if not isinstance(start, date):
        raise InvalidInputError("start must be a date", field="start", message_it="Data di inizio non valida.")
    for item in items:
        if item.by is not None and months_between(start, item.by) < 1:
            raise InvalidInputError(
                f"goal {item.name!r} has a date before the start",
                field="by",
                message_it="La data dell'obiettivo è già passata.",
            )
    growth = 1 + monthly_rate(annual_return)
    balances = [item.saved for item in items]
    reached: list[int | None] = [0 if item.saved >= item.target else None for item in items]
    month = 0
    while None in reached and month < limit:
        month += 1
        balances = [balance * growth for balance in balances]
        for i, item in enumerate(items):
            if reached[i] is None and balances[i] >= item.target:
                reached[i] = month  # growth alone got it there
        left = payment
        for i, item in enumerate(items):
            if left <= 0:
                break
            if reached[i] is not None:
                continue
            put = min(left, item.target - balances[i])
            balances[i] += put
            left -= put
            if balances[i] >= item.target:
                reached[i] = month
    outcomes = []
    for i, item in enumerate(items):
        when = reached[i]
        on_date = None if when is None else (start if when == 0 else first_of_month(start, plus=when - 1))
        on_time = None
        needed = None
        if item.by is not None:
            deadline = months_between(start, item.by)
            on_time = when is not None and when <= deadline
            if deadline >= 1:
                needed = required_contribution(
                    item.target, min(deadline, MAX_MONTHS), annual_return=annual_return, initial=item.saved
                ).monthly
        outcomes.append(
            GoalOutcome(
                name=item.name,
                target=item.target,
                reached_month=when,
                reached_on=on_date,
                on_time=on_time,
                needed_monthly=None if needed is None else cents(needed),
            )
        )
    return GoalsPlan(monthly=cents(payment), start=start, outcomes=tuple(outcomes))
