"""The programme's activity figures: anonymous counts of the consultations held in a period.

What a programme reports to its funders (consultations held, households
followed, debts renegotiated, households whose month went back in surplus,
actions agreed and done), counted from the case store. No code, name, note or
amount of a case appears in an :class:`ActivityReport`: only counts, and a
count under :data:`SMALL` is kept and shown as "< 5" (the small-number rule,
so that no household can be recognised); the average number of meetings is
shown only when at least :data:`SMALL` households were followed.

Definitions (the period runs from ``start`` to ``end``, both included)
--------------------------------------------------------------------
Meetings of a case are taken in order of date (then number); a meeting *in
the period* has its date in the period.

- **Consultations held**: the meetings in the period.
- **Households followed**: the cases with at least one meeting in the period;
  **new cases**: the cases opened in the period (with or without a meeting).
- **Meetings per household**: consultations ÷ households followed, rounded
  half up to one decimal; the distribution counts the households followed
  with 1, 2, 3, and 4 or more meetings in the period.
- **Debts renegotiated**: for each two consecutive meetings of a case whose
  later meeting is in the period (the earlier one may be before it), the debts
  of the earlier snapshot are paired with those of the later one by label,
  trimmed and in any case, the *n*-th debt with a repeated label with the
  *n*-th (as :func:`~oltre_finance.followup.compare_meetings` does). A debt
  is renegotiated when

  1. it is still owed at the later meeting (balance above 0) and its TAN is
     lower; or
  2. it is still owed, its monthly instalment is lower and its balance is not
     higher, and its instalment is not a share of the balance (a revolving
     card's minimum, ``minimum_percent``, falls by itself as it is paid
     down); or
  3. it is *closed* (no debt with its label at the later meeting) and the
     later snapshot has a *new* debt whose label says consolidation (it
     contains "consolid", in any case, as "Prestito di consolidamento"):
     every debt closed between those two meetings counts.

  A debt is counted once in the period, however many times its terms
  improved (a debt is its case and its label, with the *n*-th of a repeated
  label apart). A debt paid down or paid off on its own terms is not
  renegotiated.
- **Month back in surplus**: a household followed whose monthly balance
  (:func:`~oltre_finance.budget.summarize`) is below 0 at its reference
  meeting and above 0 at its last meeting in the period; the reference is the
  last meeting before the period when there is one, else its first meeting in
  the period (a household with a single meeting and none before cannot
  count).
- **Actions agreed**: the actions of the plans of the meetings in the period
  that no plan of an earlier meeting of the case carries (the consultation
  app copies the open actions of a plan into the next one: an action is the
  same when its text and owner, trimmed and in any case, and its due date are
  the same, the *n*-th of identical ones apart). **Actions completed**: the
  actions agreed whose status is "fatta" in the latest plan, up to ``end``,
  that carries them.

Examples
--------
>>> import tempfile, pathlib
>>> from oltre_finance.io.samples import load_sample
>>> from oltre_finance.store import open_store
>>> with open_store(pathlib.Path(tempfile.mkdtemp()) / "casi.sqlite3") as store:
...     code = store.new_case(opened_on=date(2027, 2, 1))
...     store.add_meeting(code, on=date(2027, 2, 1), consultant="Anna", household=load_sample("madre_separata"))
...     report = activity(store, start=date(2027, 1, 1), end=date(2027, 3, 31))
1
>>> report.title_it
'Attività dal 01/01/2027 al 31/03/2027'
>>> report.rows_it[:2], report.value("consultations")
((('Consulenze svolte (incontri nel periodo)', '< 5'), ('Famiglie seguite', '< 5')), None)
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from oltre_finance.budget import summarize
from oltre_finance.consultation import Action, Case, Meeting
from oltre_finance.errors import InvalidInputError
from oltre_finance.followup import pair_debts
from oltre_finance.household import Debt
from oltre_finance.money import format_number, round_fraction
from oltre_finance.store.cases import CaseStore

__all__ = [
    "HIDDEN_AVERAGE",
    "HIDDEN_COUNT",
    "NOTE_IT",
    "SMALL",
    "ActivityReport",
    "ActivityRow",
    "activity",
    "activity_format",
    "check_period",
    "shown",
    "write_activity",
]

#: The least count shown as it is; fewer is shown as :data:`HIDDEN_COUNT` (the small-number rule).
SMALL = 5
HIDDEN_COUNT = f"< {SMALL}"
HIDDEN_AVERAGE = f"non indicata (meno di {SMALL} famiglie)"
NOTE_IT = (
    f"I numeri sotto {SMALL} sono indicati come «{HIDDEN_COUNT}», perché nessuna famiglia sia riconoscibile; "
    f"la media solo con almeno {SMALL} famiglie seguite."
)
#: A debt whose new label contains this (case-folded) is a consolidation loan.
CONSOLIDATION_WORD = "consolid"

ActivityFormat = Literal["csv", "xlsx"]
Value = int | Decimal

#: Row keys and their Italian labels, in the order of the table.
_LABELS = (
    ("consultations", "Consulenze svolte (incontri nel periodo)"),
    ("households", "Famiglie seguite"),
    ("new_cases", "Casi nuovi aperti nel periodo"),
    ("meetings_per_household", "Incontri per famiglia seguita (media)"),
    ("households_1_meeting", "Famiglie con 1 incontro"),
    ("households_2_meetings", "Famiglie con 2 incontri"),
    ("households_3_meetings", "Famiglie con 3 incontri"),
    ("households_4_or_more_meetings", "Famiglie con 4 incontri o più"),
    ("debts_renegotiated", "Debiti rinegoziati (tasso o rata più bassi, o chiusi con un consolidamento)"),
    ("balance_turned_positive", "Famiglie con il saldo del mese passato da negativo a positivo"),
    ("actions_agreed", "Azioni concordate"),
    ("actions_completed", "Azioni concordate e fatte"),
)


def shown(count: int) -> str:
    """A count as it may be published: :data:`HIDDEN_COUNT` under :data:`SMALL`, else in Italian digits.

    Examples
    --------
    >>> shown(0), shown(4), shown(5), shown(1234)
    ('< 5', '< 5', '5', '1.234')
    """
    return HIDDEN_COUNT if count < SMALL else format_number(Decimal(count), decimals=0)


@dataclass(frozen=True, kw_only=True)
class ActivityRow:
    """A line of the table: its key, its Italian label, the figure (``None`` when hidden) and how it is shown."""

    key: str
    label_it: str
    #: The exact count (an ``int``) or average (a ``Decimal``); ``None`` when the small-number rule hides it.
    value: Value | None
    shown_it: str


@dataclass(frozen=True, kw_only=True)
class ActivityReport:
    """The activity figures of a period, with the small-number rule already applied (see the module)."""

    start: date
    end: date
    rows: tuple[ActivityRow, ...]

    @property
    def title_it(self) -> str:
        return f"Attività dal {self.start:%d/%m/%Y} al {self.end:%d/%m/%Y}"

    @property
    def rows_it(self) -> tuple[tuple[str, str], ...]:
        """The table to show: (Italian label, shown value) pairs."""
        return tuple((row.label_it, row.shown_it) for row in self.rows)

    def value(self, key: str) -> Value | None:
        """The figure of the row ``key`` (``None`` when hidden), or a typed error for an unknown key."""
        for row in self.rows:
            if row.key == key:
                return row.value
        raise InvalidInputError(f"no activity row {key!r}", field="key", message_it="Voce delle cifre sconosciuta.")


# -- counting -------------------------------------------------------------------------------------------------------


def check_period(start: object, end: object) -> tuple[date, date]:
    """``(start, end)`` when both are days and ``start`` is not after ``end``; else a typed error in Italian."""
    for name, day in (("start", start), ("end", end)):
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidInputError(f"{name} must be a date", field=name, message_it="Il periodo vuole due date.")
    assert isinstance(start, date) and isinstance(end, date)
    if start > end:
        raise InvalidInputError(
            "start is after end",
            field="start",
            message_it=f"La data di inizio ({start:%d/%m/%Y}) viene dopo quella di fine ({end:%d/%m/%Y}).",
        )
    return start, end


def _key(text: str) -> str:
    return text.strip().casefold()


def _numbered(keys: Iterable[object]) -> list[tuple[object, int]]:
    """Each key with its occurrence (0, 1, …), so that the n-th of identical keys stays apart."""
    seen: dict[object, int] = {}
    out = []
    for key in keys:
        out.append((key, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    return out


def _improved(old: Debt, new: Debt) -> bool:
    if new.balance <= 0:
        return False
    if new.annual_rate < old.annual_rate:
        return True
    shares = old.minimum_percent is not None or new.minimum_percent is not None
    return new.instalment < old.instalment and new.balance <= old.balance and not shares


def _renegotiated(earlier: Meeting, later: Meeting) -> set[tuple[object, int]]:
    """The debts of ``earlier`` (label key, occurrence) renegotiated by ``later`` (the module's rules 1–3)."""
    pairs, new = pair_debts(earlier.household.debts, later.household.debts)
    consolidated = any(CONSOLIDATION_WORD in _key(debt.label) for debt in new)
    ids = _numbered(_key(debt.label) for debt, _ in pairs)
    return {
        ident
        for ident, (debt, twin) in zip(ids, pairs, strict=True)
        if (twin is None and consolidated) or (twin is not None and _improved(debt, twin))
    }


def _action_ids(actions: Sequence[Action]) -> list[tuple[object, int]]:
    return _numbered((_key(a.text), _key(a.owner), a.due) for a in actions)


@dataclass
class _Tally:
    consultations: int = 0
    households: int = 0
    new_cases: int = 0
    #: Households with 1, 2, 3, and 4 or more meetings in the period.
    by_meetings: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    debts_renegotiated: int = 0
    balance_turned_positive: int = 0
    actions_agreed: int = 0
    actions_completed: int = 0


def _count_case(case: Case, start: date, end: date, tally: _Tally) -> None:
    if start <= case.opened_on <= end:
        tally.new_cases += 1
    ordered = sorted(case.meetings, key=lambda m: (m.on, m.number))
    inside = [m for m in ordered if start <= m.on <= end]
    if not inside:
        return
    tally.consultations += len(inside)
    tally.households += 1
    tally.by_meetings[min(len(inside), 4) - 1] += 1
    renegotiated: set[tuple[object, int]] = set()
    for index, meeting in enumerate(ordered):
        if index and start <= meeting.on <= end:
            renegotiated |= _renegotiated(ordered[index - 1], meeting)
    tally.debts_renegotiated += len(renegotiated)
    before = [m for m in ordered if m.on < start]
    reference, last = (before[-1] if before else inside[0]), inside[-1]
    if reference is not last and summarize(reference.household).balance < 0 < summarize(last.household).balance:
        tally.balance_turned_positive += 1
    first_seen: dict[tuple[object, int], date] = {}
    status: dict[tuple[object, int], str] = {}
    for meeting in ordered:
        if meeting.on > end or meeting.plan is None:
            continue
        for ident, action in zip(_action_ids(meeting.plan.actions), meeting.plan.actions, strict=True):
            first_seen.setdefault(ident, meeting.on)
            status[ident] = action.status
    agreed = [ident for ident, on in first_seen.items() if on >= start]
    tally.actions_agreed += len(agreed)
    tally.actions_completed += sum(status[ident] == "fatta" for ident in agreed)


def activity(store: CaseStore, *, start: date, end: date) -> ActivityReport:
    """The anonymous activity figures of the meetings held from ``start`` to ``end`` inclusive.

    Notes
    -----
    Every figure is defined in the module's docstring. Exact counts are
    kept only when at least :data:`SMALL`; a smaller one (0 included) is
    ``None`` and shown as :data:`HIDDEN_COUNT`. The average,
    ``consultations / households`` half up to one decimal, is kept only
    with at least :data:`SMALL` households followed.
    """
    start, end = check_period(start, end)
    tally = _Tally()
    for summary in store.cases():
        _count_case(store.case(summary.code), start, end, tally)
    one, two, three, more = tally.by_meetings
    counts = {
        "consultations": tally.consultations,
        "households": tally.households,
        "new_cases": tally.new_cases,
        "households_1_meeting": one,
        "households_2_meetings": two,
        "households_3_meetings": three,
        "households_4_or_more_meetings": more,
        "debts_renegotiated": tally.debts_renegotiated,
        "balance_turned_positive": tally.balance_turned_positive,
        "actions_agreed": tally.actions_agreed,
        "actions_completed": tally.actions_completed,
    }
    rows = []
    for key, label in _LABELS:
        if key == "meetings_per_household":
            if tally.households >= SMALL:
                average = round_fraction(Decimal(tally.consultations) / tally.households, places=1)
                rows.append(ActivityRow(key=key, label_it=label, value=average,
                                        shown_it=format_number(average, decimals=1)))  # fmt: skip
            else:
                rows.append(ActivityRow(key=key, label_it=label, value=None, shown_it=HIDDEN_AVERAGE))
            continue
        count = counts[key]
        rows.append(
            ActivityRow(key=key, label_it=label, value=count if count >= SMALL else None, shown_it=shown(count))
        )
    return ActivityReport(start=start, end=end, rows=tuple(rows))


# -- files ----------------------------------------------------------------------------------------------------------


def activity_format(path: str | os.PathLike[str]) -> ActivityFormat:
    """``"csv"`` or ``"xlsx"`` from the file's extension (any case), else a typed error in Italian."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise InvalidInputError(
        "activity figures are written as .csv or .xlsx",
        field="output",
        message_it="Le cifre dell'attività si scrivono in un file .csv o .xlsx.",
    )


def _csv_cell(row: ActivityRow) -> str:
    """Digits without grouping, a decimal comma (what Italian Excel reads as a number), or the shown text."""
    if row.value is None:
        return row.shown_it
    return str(row.value).replace(".", ",")


def _csv(report: ActivityReport) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerow([report.title_it])
    writer.writerow(["Voce", "Valore"])
    writer.writerows([row.label_it, _csv_cell(row)] for row in report.rows)
    writer.writerow([])
    writer.writerow([NOTE_IT])
    return text.getvalue().encode("utf-8-sig")  # the BOM: Excel then reads the file as UTF-8


def _xlsx(report: ActivityReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Attività"
    sheet.append([report.title_it])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Voce", "Valore"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append([row.label_it, row.shown_it if row.value is None else row.value])
        cell = sheet.cell(row=sheet.max_row, column=2)
        cell.alignment = Alignment(horizontal="right")
        if isinstance(row.value, Decimal):
            cell.number_format = "0.0"
        elif row.value is not None:
            cell.number_format = "#,##0"
    sheet.append([])
    sheet.append([NOTE_IT])
    sheet.column_dimensions["A"].width = max(len(row.label_it) for row in report.rows) + 2
    sheet.column_dimensions["B"].width = max(len(HIDDEN_AVERAGE), *(len(row.shown_it) for row in report.rows)) + 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_activity(report: ActivityReport, path: str | os.PathLike[str]) -> Path:
    """Write the table to ``path``: CSV (UTF-8 with BOM, ``;``) or xlsx (sheet "Attività"); the path.

    Both hold the title naming the period, a header, the rows and the note on
    the small-number rule. Figures are numbers (the CSV's with a decimal
    comma), hidden ones the text "< 5".
    """
    target = Path(path)
    content = _csv(report) if activity_format(target) == "csv" else _xlsx(report)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError:
        raise InvalidInputError(
            "the file could not be written", field="output", message_it="Non riesco a scrivere il file delle cifre."
        ) from None
    return target
