"""The programme's activity figures: anonymous counts of the consultations of a period.

What a programme reports to its funders (consultations held, households
followed, debts renegotiated, households back in balance, actions done),
computed from the case store. No code, name or note of a case appears: only
counts, and a count under :data:`SMALL` is shown as "< 5" so that no
household can be recognised (averages only with at least that many
households).

Definitions
-----------
- A *consultation* is a meeting held between ``start`` and ``end``
  (inclusive); a household is *followed* when its case has one.
- A debt is *renegotiated* between two consecutive meetings of a case, the
  later one in the period, when the same debt (matched by label, trimmed and
  case-insensitive) has a lower TAN, or a lower monthly instalment with a
  balance no higher; and each debt closed when a new loan whose label says
  "consolidamento" appears at the same meeting (the debts it paid off).
- A household is *back in balance* when its monthly balance
  (:func:`~oltre_finance.budget.summarize`) is negative at its reference
  meeting (the last one before the period, or else its first in the period)
  and positive at its last meeting in the period.
- Actions *agreed* are those of the plans of the period's meetings, each
  once however many plans carry it; *completed* those marked "fatta" in the
  latest plan of the period that carries them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.budget import summarize
from oltre_finance.consultation import Meeting
from oltre_finance.errors import InvalidInputError
from oltre_finance.money import format_number, round_fraction
from oltre_finance.store.cases import CaseStore

__all__ = ["SMALL", "ActivityReport", "activity", "shown"]

#: Counts below this are shown as "< 5".
SMALL = 5


def shown(count: int) -> str:
    """A count as it may be published: "< 5" when it could point at a household.

    Examples
    --------
    >>> shown(0), shown(4), shown(12)
    ('0', '< 5', '12')
    """
    return "0" if count == 0 else f"< {SMALL}" if count < SMALL else str(count)


@dataclass(frozen=True, kw_only=True)
class ActivityReport:
    start: date
    end: date
    consultations: int
    households: int
    new_cases: int
    #: Households by how many meetings they had in the period: 1, 2, 3, 4 or more.
    meetings_distribution: tuple[int, int, int, int]
    average_meetings: Decimal | None
    debts_renegotiated: int
    back_in_balance: int
    actions_agreed: int
    actions_completed: int

    @property
    def rows_it(self) -> tuple[tuple[str, str], ...]:
        """The table to publish: Italian labels and the counts as they may be shown."""
        average = (
            format_number(self.average_meetings, decimals=1)
            if self.average_meetings is not None and self.households >= SMALL
            else "non pubblicata (meno di 5 famiglie)"
        )
        one, two, three, more = self.meetings_distribution
        return (
            ("Consulenze svolte", shown(self.consultations)),
            ("Famiglie seguite", shown(self.households)),
            ("Casi nuovi", shown(self.new_cases)),
            ("Incontri per famiglia (media)", average),
            ("Famiglie con 1 incontro", shown(one)),
            ("Famiglie con 2 incontri", shown(two)),
            ("Famiglie con 3 incontri", shown(three)),
            ("Famiglie con 4 incontri o più", shown(more)),
            ("Debiti rinegoziati", shown(self.debts_renegotiated)),
            ("Famiglie tornate con il saldo del mese positivo", shown(self.back_in_balance)),
            ("Azioni concordate", shown(self.actions_agreed)),
            ("Azioni completate", shown(self.actions_completed)),
        )


def _key(label: str) -> str:
    return label.strip().casefold()


def _renegotiated(before: Meeting, after: Meeting) -> int:
    old = {_key(d.label): d for d in before.household.debts}
    new = {_key(d.label): d for d in after.household.debts}
    count = 0
    for label, debt in new.items():
        earlier = old.get(label)
        if earlier is None:
            continue
        lower_rate = debt.annual_rate < earlier.annual_rate
        lower_instalment = 0 < debt.instalment < earlier.instalment and debt.balance <= earlier.balance
        count += bool(lower_rate or lower_instalment)
    closed = [label for label in old if label not in new]
    consolidation = any(label not in old and "consolid" in label for label in new)
    return count + (len(closed) if closed and consolidation else 0)


def activity(store: CaseStore, *, start: date, end: date) -> ActivityReport:
    """The anonymous counts of the consultations held from ``start`` to ``end`` (see the module's definitions)."""
    if not isinstance(start, date) or not isinstance(end, date):
        raise InvalidInputError("start and end must be dates", field="start", message_it="Servono due date.")
    if start > end:
        raise InvalidInputError(
            "start after end", field="start", message_it="La data di inizio viene dopo quella di fine."
        )
    consultations = households = new_cases = renegotiated = back = agreed = completed = 0
    per_household: list[int] = []
    for summary in store.cases():
        case = store.case(summary.code)
        inside: Sequence[Meeting] = [m for m in case.meetings if start <= m.on <= end]
        if start <= case.opened_on <= end:
            new_cases += 1
        if not inside:
            continue
        households += 1
        consultations += len(inside)
        per_household.append(len(inside))
        ordered = list(case.meetings)
        latest: dict[tuple[str, str, date | None], str] = {}  # an action carried from meeting to meeting counts once
        for meeting in inside:
            index = ordered.index(meeting)
            if index > 0:
                renegotiated += _renegotiated(ordered[index - 1], meeting)
            for action in meeting.plan.actions if meeting.plan else ():
                latest[(action.text, action.owner, action.due)] = action.status
        agreed += len(latest)
        completed += sum(status == "fatta" for status in latest.values())
        before = [m for m in case.meetings if m.on < start]
        reference = before[-1] if before else inside[0]
        if summarize(reference.household).balance < 0 < summarize(inside[-1].household).balance:
            back += 1
    distribution = tuple(sum(1 for n in per_household if (n == k if k < 4 else n >= 4)) for k in (1, 2, 3, 4))
    average = round_fraction(Decimal(consultations) / households, places=1) if households else None
    return ActivityReport(
        start=start, end=end, consultations=consultations, households=households, new_cases=new_cases,
        meetings_distribution=distribution, average_meetings=average,  # type: ignore[arg-type]
        debts_renegotiated=renegotiated, back_in_balance=back, actions_agreed=agreed, actions_completed=completed,
    )  # fmt: skip
