"""The consultant's case files: cases, meetings with the household of that day, plans, actions; GDPR rights.

Every write is one transaction: it is all committed or none of it. Case
codes are checked (letters, digits and dashes) and are never used to build
a path. Nothing here logs or prints: the audit table records what was done
(an event, when, a salted hash of the case code), never what a household
typed.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa

from oltre_finance.consultation import Action, Case, Meeting, Plan, check_case_code, check_text
from oltre_finance.errors import InvalidInputError, StoreError
from oltre_finance.household import Household
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.store.database import Database, open_database

__all__ = ["AuditEntry", "CaseStore", "CaseSummary", "open_store"]

#: Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
EXPORT_FORMAT = "oltre-finance-case/1"


@dataclass(frozen=True, kw_only=True)
class CaseSummary:
    """A line of the list of cases: no personal data, only the code and the dates."""

    code: str
    opened_on: date
    meetings: int
    last_meeting_on: date | None


@dataclass(frozen=True, kw_only=True)
class AuditEntry:
    at: datetime
    event: str
    case_ref: str | None


def _today_check(value: object, field: str) -> date:
    if not isinstance(value, date):
        raise InvalidInputError(f"{field} must be a date", field=field, message_it="Serve una data.")
    return value


class CaseStore:
    """The case files of one store; open it with :func:`open_store`."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._t = database.tables
        self._salt = self._store_salt()

    @property
    def database(self) -> Database:
        return self._db

    def close(self) -> None:
        self._db.engine.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        try:
            with self._db.engine.begin() as connection:
                yield connection
        except sa.exc.DatabaseError as error:
            raise StoreError(
                f"the store could not be written ({type(error.orig).__name__})",
                field=None,
                message_it="Non sono riuscito a salvare nell'archivio: niente è stato cambiato.",
            ) from None

    def _store_salt(self) -> str:
        info = self._t["store_info"]
        with self._write() as connection:
            salt = connection.execute(sa.select(info.c.value).where(info.c.key == "audit_salt")).scalar()
            if salt is None:
                salt = secrets.token_hex(16)
                connection.execute(info.insert().values(key="audit_salt", value=salt))
        return str(salt)

    def _case_ref(self, code: str) -> str:
        return hashlib.sha256(f"{self._salt}:{code}".encode()).hexdigest()

    def _audit(self, connection: sa.Connection, event: str, code: str | None) -> None:
        connection.execute(
            self._t["audit"]
            .insert()
            .values(
                at=datetime.now(UTC).replace(tzinfo=None),
                event=event,
                case_ref=None if code is None else self._case_ref(code),
            )
        )

    def _case_id(self, connection: sa.Connection, code: str) -> int:
        cases = self._t["cases"]
        found = connection.execute(sa.select(cases.c.id).where(cases.c.code == check_case_code(code))).scalar()
        if found is None:
            raise InvalidInputError("no such case", field="code", message_it="Nessun caso con questo codice.")
        return int(found)

    # -- cases and meetings -------------------------------------------------------------------------------------

    def new_case(self, *, opened_on: date, code: str | None = None) -> str:
        """A new case, with ``code`` or a fresh one (``OF-`` and eight letters or digits)."""
        with self._write() as connection:
            return self._insert_case(connection, opened_on, code)

    def _insert_case(self, connection: sa.Connection, opened_on: date, code: str | None) -> str:
        _today_check(opened_on, "opened_on")
        cases = self._t["cases"]
        if code is None:
            code = "OF-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        code = check_case_code(code)
        if connection.execute(sa.select(cases.c.id).where(cases.c.code == code)).scalar() is not None:
            raise InvalidInputError("case code taken", field="code", message_it="Esiste già un caso con questo codice.")
        connection.execute(cases.insert().values(code=code, opened_on=opened_on))
        self._audit(connection, "case_created", code)
        return code

    def add_meeting(self, code: str, *, on: date, consultant: str, household: Household, notes: str = "") -> int:
        """Record a meeting with the household as it is that day; its number (1, 2, …)."""
        with self._write() as connection:
            return self._insert_meeting(
                connection, code, on=on, consultant=consultant, household=household, notes=notes
            )

    def _insert_meeting(
        self, connection: sa.Connection, code: str, *, on: date, consultant: str, household: Household, notes: str
    ) -> int:
        _today_check(on, "on")
        if not isinstance(household, Household):
            raise InvalidInputError(
                "household must be a Household", field="household", message_it="Famiglia non valida."
            )
        who = check_text(consultant, field="consultant", label_it="Il consulente")
        text = check_text(notes, field="notes", label_it="Le note")
        meetings = self._t["meetings"]
        case_id = self._case_id(connection, code)
        last = connection.execute(
            sa.select(sa.func.max(meetings.c.number)).where(meetings.c.case_id == case_id)
        ).scalar()
        number = int(last or 0) + 1
        connection.execute(
            meetings.insert().values(
                case_id=case_id, number=number, held_on=on, consultant=who,
                household_json=household_to_json(household), notes=text,
            )
        )  # fmt: skip
        self._audit(connection, "meeting_added", check_case_code(code))
        return number

    def import_household(self, text: str | bytes, *, on: date, consultant: str, code: str | None = None) -> str:
        """A new case whose first meeting is the household a citizen saved from the apps (its file's text).

        The file is checked first (with its own Italian messages); the case and its meeting are written together.
        """
        household = household_from_json(text)
        with self._write() as connection:
            new = self._insert_case(connection, on, code)
            self._insert_meeting(connection, new, on=on, consultant=consultant, household=household, notes="")
            self._audit(connection, "household_imported", new)
        return new

    def save_plan(self, code: str, number: int, plan: Plan) -> None:
        """The plan agreed at meeting ``number`` (it replaces the one saved before, in one transaction)."""
        if not isinstance(plan, Plan):
            raise InvalidInputError("plan must be a Plan", field="plan", message_it="Piano non valido.")
        t = self._t
        with self._write() as connection:
            meeting_id = self._meeting_id(connection, code, number)
            connection.execute(t["plans"].delete().where(t["plans"].c.meeting_id == meeting_id))
            plan_id = connection.execute(
                t["plans"]
                .insert()
                .values(
                    meeting_id=meeting_id,
                    debt_strategy=plan.debt_strategy,
                    debt_extra=str(plan.debt_extra),
                    savings_monthly=str(plan.savings_monthly),
                    notes=plan.notes,
                )
            ).inserted_primary_key
            assert plan_id is not None  # an insert into a table with an integer key returns it
            for category, monthly in plan.budget_targets.items():
                connection.execute(
                    t["budget_targets"].insert().values(plan_id=plan_id[0], category=category, monthly=str(monthly))
                )
            for position, action in enumerate(plan.actions):
                connection.execute(
                    t["actions"].insert().values(
                        plan_id=plan_id[0], position=position, text=action.text, owner=action.owner,
                        due_on=action.due, status=action.status, done_on=action.done_on,
                    )
                )  # fmt: skip
            self._audit(connection, "plan_saved", check_case_code(code))

    def set_action(self, code: str, number: int, position: int, *, status: str, done_on: date | None = None) -> Action:
        """Change the status of the action at ``position`` (0, 1, …) of meeting ``number``'s plan; the action."""
        t = self._t
        with self._write() as connection:
            meeting_id = self._meeting_id(connection, code, number)
            plan_id = connection.execute(
                sa.select(t["plans"].c.id).where(t["plans"].c.meeting_id == meeting_id)
            ).scalar()
            row = (
                connection.execute(
                    sa.select(t["actions"]).where(
                        t["actions"].c.plan_id == plan_id, t["actions"].c.position == position
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                raise InvalidInputError("no such action", field="action", message_it="Azione non trovata nel piano.")
            action = Action(text=row["text"], owner=row["owner"], due=row["due_on"], status=status,  # type: ignore[arg-type]
                            done_on=done_on)  # fmt: skip
            connection.execute(
                t["actions"]
                .update()
                .where(t["actions"].c.id == row["id"])
                .values(status=action.status, done_on=done_on)
            )
            self._audit(connection, "action_updated", check_case_code(code))
        return action

    def _meeting_id(self, connection: sa.Connection, code: str, number: int) -> int:
        meetings = self._t["meetings"]
        case_id = self._case_id(connection, code)
        found = connection.execute(
            sa.select(meetings.c.id).where(meetings.c.case_id == case_id, meetings.c.number == number)
        ).scalar()
        if found is None:
            raise InvalidInputError(
                "no such meeting", field="meeting", message_it=f"Il caso non ha un incontro numero {number}."
            )
        return int(found)

    # -- reading ------------------------------------------------------------------------------------------------

    def cases(self) -> tuple[CaseSummary, ...]:
        """Every case, newest first."""
        cases, meetings = self._t["cases"], self._t["meetings"]
        query = (
            sa.select(cases.c.code, cases.c.opened_on, sa.func.count(meetings.c.id), sa.func.max(meetings.c.held_on))
            .select_from(cases.outerjoin(meetings, meetings.c.case_id == cases.c.id))
            .group_by(cases.c.id)
            .order_by(cases.c.opened_on.desc(), cases.c.code)
        )
        with self._db.engine.connect() as connection:
            return tuple(
                CaseSummary(code=code, opened_on=opened, meetings=int(count), last_meeting_on=last)
                for code, opened, count, last in connection.execute(query)
            )

    def case(self, code: str) -> Case:
        """The whole case: its meetings in order, each with its household and plan."""
        t = self._t
        with self._db.engine.connect() as connection:
            case_id = self._case_id(connection, code)
            opened = connection.execute(sa.select(t["cases"].c.opened_on).where(t["cases"].c.id == case_id)).scalar()
            rows = (
                connection.execute(
                    sa.select(t["meetings"]).where(t["meetings"].c.case_id == case_id).order_by(t["meetings"].c.number)
                )
                .mappings()
                .all()
            )
            meetings = tuple(
                Meeting(
                    number=row["number"], on=row["held_on"], consultant=row["consultant"],
                    household=household_from_json(row["household_json"]), notes=row["notes"],
                    plan=self._plan(connection, row["id"]),
                )
                for row in rows
            )  # fmt: skip
        return Case(code=check_case_code(code), opened_on=_as_date(opened), meetings=meetings)

    def _plan(self, connection: sa.Connection, meeting_id: int) -> Plan | None:
        t = self._t
        row = connection.execute(sa.select(t["plans"]).where(t["plans"].c.meeting_id == meeting_id)).mappings().first()
        if row is None:
            return None
        targets = connection.execute(
            sa.select(t["budget_targets"].c.category, t["budget_targets"].c.monthly)
            .where(t["budget_targets"].c.plan_id == row["id"])
            .order_by(t["budget_targets"].c.id)
        ).all()
        actions = (
            connection.execute(
                sa.select(t["actions"]).where(t["actions"].c.plan_id == row["id"]).order_by(t["actions"].c.position)
            )
            .mappings()
            .all()
        )
        return Plan(
            budget_targets=MappingProxyType({category: Decimal(monthly) for category, monthly in targets}),
            debt_strategy=row["debt_strategy"], debt_extra=Decimal(row["debt_extra"]),
            savings_monthly=Decimal(row["savings_monthly"]), notes=row["notes"],
            actions=tuple(
                Action(text=a["text"], owner=a["owner"], due=a["due_on"], status=a["status"], done_on=a["done_on"])
                for a in actions
            ),
        )  # fmt: skip

    def audit_log(self) -> tuple[AuditEntry, ...]:
        """What was done, oldest first: events and dates, no personal data."""
        audit = self._t["audit"]
        with self._db.engine.connect() as connection:
            return tuple(
                AuditEntry(at=at, event=event, case_ref=ref)
                for at, event, ref in connection.execute(
                    sa.select(audit.c.at, audit.c.event, audit.c.case_ref).order_by(audit.c.id)
                )
            )

    # -- GDPR: access, portability, erasure ---------------------------------------------------------------------

    def export_case(self, code: str) -> Mapping[str, Any]:
        """Everything the store holds about a case, as JSON-ready data (the right of access and portability)."""
        case = self.case(code)
        data = {
            "format": EXPORT_FORMAT,
            "code": case.code,
            "opened_on": case.opened_on.isoformat(),
            "meetings": [
                {
                    "number": m.number, "on": m.on.isoformat(), "consultant": m.consultant, "notes": m.notes,
                    "household": json.loads(household_to_json(m.household)),
                    "plan": None if m.plan is None else _plan_json(m.plan),
                }
                for m in case.meetings
            ],
        }  # fmt: skip
        with self._write() as connection:
            self._audit(connection, "case_exported", case.code)
        return data

    def erase_case(self, code: str) -> None:
        """Remove the case and everything about it, in one transaction (the right to erasure)."""
        t = self._t
        with self._write() as connection:
            case_id = self._case_id(connection, code)
            meeting_ids = sa.select(t["meetings"].c.id).where(t["meetings"].c.case_id == case_id)
            plan_ids = sa.select(t["plans"].c.id).where(t["plans"].c.meeting_id.in_(meeting_ids))
            # Explicit deletes, child tables first: the erasure does not depend on the database's cascades.
            connection.execute(t["actions"].delete().where(t["actions"].c.plan_id.in_(plan_ids)))
            connection.execute(t["budget_targets"].delete().where(t["budget_targets"].c.plan_id.in_(plan_ids)))
            connection.execute(t["plans"].delete().where(t["plans"].c.meeting_id.in_(meeting_ids)))
            connection.execute(t["meetings"].delete().where(t["meetings"].c.case_id == case_id))
            connection.execute(t["cases"].delete().where(t["cases"].c.id == case_id))
            self._audit(connection, "case_erased", check_case_code(code))
        if self._db.path is not None:
            with self._db.engine.connect() as connection:  # no erased page left in the file or its journal
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.exec_driver_sql("VACUUM")


def _as_date(value: object) -> date:
    if not isinstance(value, date):
        raise StoreError("a date column holds no date", field=None, message_it="L'archivio contiene dati non validi.")
    return value


def _plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "budget_targets": {category: str(monthly) for category, monthly in plan.budget_targets.items()},
        "debt_strategy": plan.debt_strategy,
        "debt_extra": str(plan.debt_extra),
        "savings_monthly": str(plan.savings_monthly),
        "notes": plan.notes,
        "actions": [
            {"text": a.text, "owner": a.owner, "due": a.due.isoformat() if a.due else None, "status": a.status,
             "done_on": a.done_on.isoformat() if a.done_on else None}
            for a in plan.actions
        ],
    }  # fmt: skip


def open_store(where: str | os.PathLike[str] | None = None, *, passphrase: str | None = None) -> CaseStore:
    """Open the case store at ``where`` (a SQLite path, a ``postgresql://`` URL, or the user's data directory).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oltre_finance.io.samples import load_sample
    >>> with open_store(pathlib.Path(tempfile.mkdtemp()) / "casi.sqlite3") as store:
    ...     code = store.new_case(opened_on=date(2026, 12, 1), code="OF-PROVA")
    ...     store.add_meeting(code, on=date(2026, 12, 1), consultant="Anna", household=load_sample("madre_separata"))
    ...     store.case(code).meeting(1).household == load_sample("madre_separata")
    1
    True
    """
    return CaseStore(open_database(where, passphrase=passphrase))
