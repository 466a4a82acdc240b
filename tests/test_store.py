"""The case store: round trips, migrations, crashes, GDPR export and erasure, encryption, backups, PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oltre_finance.consultation import Action, Plan
from oltre_finance.errors import InvalidHouseholdError, InvalidInputError, StoreError
from oltre_finance.io.household_file import household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.store import open_store
from oltre_finance.store.backup import MAGIC, backup, restore
from oltre_finance.store.database import HEAD, schema_revision, upgrade

TODAY = date(2026, 12, 1)
HOSTILE = (
    "<script>alert('x')</script>",
    '#set page(width: 1cm) #import "@preview/x:1.0"',
    "'); DROP TABLE cases; --",
    "Ada \u202e lovelace \U0001f600",
)
PLAN = Plan(
    budget_targets={"spesa_alimentare": Decimal("450.00"), "svago": Decimal("80.10")},
    debt_strategy="snowball",
    debt_extra=Decimal("50.05"),
    savings_monthly=Decimal("100"),
    actions=(
        Action(text="Chiedere l'ISEE corrente", owner="Famiglia", due=date(2027, 1, 15)),
        Action(text="Rinegoziare la carta revolving", owner="Consulente", status="fatta", done_on=date(2026, 12, 20)),
    ),
    notes="Rivedere a gennaio",
)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A PostgreSQL server for this test run (the pgserver wheels carry the binaries), or a skip that says why."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("runtime")))
    try:
        import pgserver
    except ImportError:  # pragma: no cover - the test extra installs it
        if os.environ.get("CI"):
            raise
        pytest.skip("pgserver is not installed: PostgreSQL not tested")
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        where = tmp_path / "casi.sqlite3"
    else:
        base = request.getfixturevalue("postgres_url")
        name = f"casi_{os.getpid()}_{time.monotonic_ns()}"
        admin = sa.create_engine(
            base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        where = base.replace("/postgres?", f"/{name}?", 1)
    with open_store(where) as opened:
        yield opened


def _rows(store, code_filter=None):
    """Every row of every table, as text (to look for what must not be there)."""
    found = {}
    with store.database.engine.connect() as connection:
        for name, table in store.database.tables.items():
            found[name] = [" ".join(str(v) for v in row) for row in connection.execute(sa.select(table))]
    return found


# -- round trips ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(sample_names()))
def test_every_sample_household_comes_back_unchanged(store, key):
    code = store.new_case(opened_on=TODAY)
    household = load_sample(key)
    assert store.add_meeting(code, on=TODAY, consultant="Anna", household=household, notes="primo incontro") == 1
    meeting = store.case(code).meeting(1)
    assert meeting.household == household and meeting.household is not household
    assert household_to_json(meeting.household) == household_to_json(household)  # money exact, to the last digit


def test_meetings_and_plans_round_trip(store):
    code = store.new_case(opened_on=TODAY, code="of-prova-1")
    assert code == "OF-PROVA-1"
    store.add_meeting(code, on=TODAY, consultant="Anna", household=load_sample("prestiti_revolving"))
    store.add_meeting(code, on=date(2027, 1, 20), consultant="Luca", household=load_sample("prestiti_revolving"))
    store.save_plan(code, 1, PLAN)
    case = store.case(code)
    assert [m.number for m in case.meetings] == [1, 2]
    assert case.meeting(1).plan == PLAN and case.meeting(2).plan is None
    store.save_plan(code, 1, Plan(savings_monthly=Decimal("20")))  # replaces the plan, actions included
    assert store.case(code).meeting(1).plan == Plan(savings_monthly=Decimal("20"))
    summary = store.cases()[0]
    assert (summary.code, summary.meetings, summary.last_meeting_on) == (code, 2, date(2027, 1, 20))


def test_an_action_is_marked_done_later(store):
    code = store.new_case(opened_on=TODAY)
    store.add_meeting(code, on=TODAY, consultant="Anna", household=load_sample("prestiti_revolving"))
    store.save_plan(code, 1, PLAN)
    done = store.set_action(code, 1, 0, status="fatta", done_on=date(2027, 1, 10))
    assert done.status == "fatta" and done.text == PLAN.actions[0].text
    assert store.case(code).meeting(1).plan.actions[0] == done
    assert store.case(code).meeting(1).plan.actions[1] == PLAN.actions[1]
    with pytest.raises(InvalidInputError):
        store.set_action(code, 1, 0, status="boh")
    with pytest.raises(InvalidInputError):
        store.set_action(code, 1, 9, status="fatta")
    assert store.case(code).meeting(1).plan.actions[0] == done  # a refused change changed nothing


def test_hostile_text_is_kept_as_text(store):
    code = store.new_case(opened_on=TODAY)
    for text in HOSTILE:
        number = store.add_meeting(code, on=TODAY, consultant=text, household=load_sample("madre_separata"), notes=text)
        store.save_plan(code, number, Plan(actions=(Action(text=text, owner=text),), notes=text))
    for meeting, text in zip(store.case(code).meetings, HOSTILE, strict=True):
        assert meeting.consultant == meeting.notes == meeting.plan.notes == meeting.plan.actions[0].text == text
    assert {r.code for r in store.cases()} == {code}  # the SQL in the text ran nothing


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    targets=st.dictionaries(
        st.sampled_from(["casa", "svago", "trasporti", "spesa_alimentare"]),
        st.decimals(min_value=0, max_value=10**6, places=2),
    ),
    extra=st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_plan_amounts_are_stored_exactly(tmp_path, targets, extra):
    with open_store(tmp_path / "h.sqlite3") as store:
        code = store.new_case(opened_on=TODAY)
        store.add_meeting(code, on=TODAY, consultant="", household=load_sample("madre_separata"))
        plan = Plan(budget_targets=targets, debt_extra=extra)
        store.save_plan(code, 1, plan)
        assert store.case(code).meeting(1).plan == plan


def test_a_saved_household_file_becomes_the_first_meeting(store):
    household = load_sample("coppia_neonato")
    code = store.import_household(household_to_json(household).encode(), on=TODAY, consultant="Anna")
    assert store.case(code).meeting(1).household == household
    before = store.cases()
    for broken in (b"{", b'{"schema_version": 99}', b"\xff\xfe", b"[]"):
        with pytest.raises(InvalidHouseholdError):
            store.import_household(broken, on=TODAY, consultant="Anna")
    assert store.cases() == before  # a wrong file writes nothing, not even an empty case


# -- codes are never paths ------------------------------------------------------------------------------------------

TRAVERSALS = ("../casi", "..", "a/b", "a\\b", "/etc/passwd", "C:\\x", "%2e%2e%2f", "casi.sqlite3", "", " ", "x" * 40)


@pytest.mark.parametrize("code", TRAVERSALS)
def test_a_case_code_that_could_be_a_path_is_refused_everywhere(tmp_path, code):
    with open_store(tmp_path / "casi.sqlite3") as store:
        good = store.new_case(opened_on=TODAY, code="OF-BUONO")
        store.add_meeting(good, on=TODAY, consultant="", household=load_sample("madre_separata"))
        calls = (
            lambda: store.new_case(opened_on=TODAY, code=code),
            lambda: store.case(code),
            lambda: store.add_meeting(code, on=TODAY, consultant="", household=load_sample("madre_separata")),
            lambda: store.save_plan(code, 1, PLAN),
            lambda: store.export_case(code),
            lambda: store.erase_case(code),
            lambda: store.import_household(household_to_json(load_sample("madre_separata")), on=TODAY,
                                           consultant="", code=code),
        )  # fmt: skip
        for call in calls:
            with pytest.raises(InvalidInputError) as caught:
                call()
            assert caught.value.field == "code"
    assert sorted(p.name for p in tmp_path.iterdir()) <= ["casi.sqlite3", "casi.sqlite3-shm", "casi.sqlite3-wal"]


def test_the_store_path_is_a_file_only_the_user_reads(tmp_path):
    with open_store(tmp_path / "dati" / "casi.sqlite3") as store:
        assert store.database.path.stat().st_mode & 0o077 == 0


# -- GDPR -----------------------------------------------------------------------------------------------------------


def test_export_holds_the_whole_case_and_erase_leaves_nothing(store):
    household = load_sample("cura_genitore")
    code = store.new_case(opened_on=TODAY)
    store.add_meeting(code, on=TODAY, consultant="Anna Rossi", household=household, notes="Note riservate")
    store.save_plan(code, 1, PLAN)
    other = store.new_case(opened_on=TODAY)
    store.add_meeting(other, on=TODAY, consultant="Bea", household=load_sample("madre_separata"))
    exported = store.export_case(code)
    json.dumps(exported)  # JSON-ready
    assert exported["code"] == code and exported["meetings"][0]["notes"] == "Note riservate"
    assert exported["meetings"][0]["household"] == json.loads(household_to_json(household))
    assert exported["meetings"][0]["plan"]["actions"][0]["due"] == "2027-01-15"

    store.erase_case(code)
    names = [m.name for m in household.members]
    for table, rows in _rows(store).items():
        for row in rows:
            assert code not in row and "Anna Rossi" not in row and "Note riservate" not in row, table
            assert not any(name in row for name in names), table
    assert [c.code for c in store.cases()] == [other]
    with pytest.raises(InvalidInputError):
        store.case(code)
    assert len(store.case(other).meetings) == 1


def test_the_audit_records_what_was_done_without_personal_data(store):
    code = store.new_case(opened_on=TODAY)
    store.add_meeting(code, on=TODAY, consultant="Anna Rossi", household=load_sample("madre_separata"))
    store.export_case(code)
    store.erase_case(code)
    log = store.audit_log()
    assert [e.event for e in log] == ["case_created", "meeting_added", "case_exported", "case_erased"]
    assert len({e.case_ref for e in log}) == 1 and all(len(e.case_ref) == 64 for e in log)
    text = " ".join(" ".join(str(v) for v in (e.at, e.event, e.case_ref)) for e in log)
    assert code not in text and "Anna" not in text


def test_an_erased_household_is_not_left_in_the_file(tmp_path):
    path = tmp_path / "casi.sqlite3"
    with open_store(path) as store:
        code = store.new_case(opened_on=TODAY)
        store.add_meeting(code, on=TODAY, consultant="Zebedeo Quarantotto", household=load_sample("madre_separata"))
        store.erase_case(code)
    content = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Zebedeo" not in content and b"Elena" not in content  # Elena: the sample's parent


# -- migrations -----------------------------------------------------------------------------------------------------


def test_a_new_store_is_at_the_latest_schema(tmp_path):
    with open_store(tmp_path / "nuovo.sqlite3") as store:
        assert schema_revision(store.database.engine) == HEAD == "0002"
        assert {"cases", "meetings", "plans", "budget_targets", "actions", "audit"} <= set(store.database.tables)


def test_a_store_of_the_previous_schema_is_upgraded_with_its_data(tmp_path):
    path = tmp_path / "vecchio.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    household = load_sample("over50_disoccupato")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO cases (code, opened_on) VALUES ('OF-VECCHIO', '2025-03-01')")
        connection.execute(
            sa.text("INSERT INTO meetings (case_id, number, held_on, consultant, household_json, notes) "
                    "VALUES (1, 1, '2025-03-01', 'Anna', :h, 'ok')"),
            {"h": household_to_json(household)},
        )  # fmt: skip
    assert schema_revision(engine) == "0001"
    engine.dispose()
    with open_store(path) as store:
        assert schema_revision(store.database.engine) == HEAD
        assert store.case("OF-VECCHIO").meeting(1).household == household
        store.save_plan("OF-VECCHIO", 1, PLAN)  # the tables of the new revision work
        assert store.case("OF-VECCHIO").meeting(1).plan == PLAN


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "altro.sqlite3"
    path.write_bytes(b"non sono un database" * 100)
    with pytest.raises(StoreError):
        open_store(path)


# -- a crash in the middle of a write ---------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from pathlib import Path
    import sqlalchemy as sa
    from oltre_finance.io.household_file import household_to_json
    from oltre_finance.io.samples import load_sample
    from oltre_finance.store import open_store

    store = open_store(sys.argv[1])
    text = household_to_json(load_sample("madre_separata"))
    meetings = store.database.tables["meetings"]
    with store.database.engine.begin() as connection:
        for n in range(2, 500):
            connection.execute(meetings.insert().values(case_id=1, number=n, held_on=date(2026, 12, 1),
                               consultant="", household_json=text, notes="mai confermato"))
        Path(sys.argv[2]).write_text("in the middle")
        time.sleep(60)
    """
)


def test_a_process_killed_mid_transaction_leaves_a_consistent_store(tmp_path):
    path = tmp_path / "casi.sqlite3"
    with open_store(path) as store:
        code = store.new_case(opened_on=TODAY, code="OF-SICURO")
        store.add_meeting(code, on=TODAY, consultant="Anna", household=load_sample("madre_separata"))
    marker = tmp_path / "marker"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(marker)])
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert writer.poll() is None and time.monotonic() < deadline, "the writer stopped before the middle"
        time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_store(path) as store:
        case = store.case("OF-SICURO")
        assert [m.number for m in case.meetings] == [1]  # the committed meeting is there, none of the others
        assert case.meeting(1).household == load_sample("madre_separata")
        store.add_meeting("OF-SICURO", on=TODAY, consultant="", household=load_sample("madre_separata"))


# -- encryption and backups ---------------------------------------------------------------------------------------


def test_an_encrypted_store_cannot_be_opened_without_its_passphrase(tmp_path):
    path = tmp_path / "cifrato.sqlite3"
    with open_store(path, passphrase="una frase lunga e segreta") as store:
        code = store.new_case(opened_on=TODAY)
        store.add_meeting(code, on=TODAY, consultant="Zebedeo", household=load_sample("madre_separata"))
    assert b"Zebedeo" not in path.read_bytes() and not path.read_bytes().startswith(b"SQLite format 3")
    for wrong in (None, "un'altra frase"):
        with pytest.raises(StoreError) as caught:
            open_store(path, passphrase=wrong)
        assert "passphrase" in caught.value.message_it
    with sqlite3.connect(path) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM cases").fetchall()
    with open_store(path, passphrase="una frase lunga e segreta") as store:
        assert store.case(code).meeting(1).consultant == "Zebedeo"


@pytest.mark.parametrize("passphrase", [None, "frase dell'archivio"])
def test_a_backup_restores_the_store_and_refuses_a_wrong_passphrase(tmp_path, passphrase):
    path = tmp_path / "casi.sqlite3"
    with open_store(path, passphrase=passphrase) as store:
        code = store.new_case(opened_on=TODAY)
        store.add_meeting(code, on=TODAY, consultant="Zebedeo", household=load_sample("coppia_neonato"))
        store.save_plan(code, 1, PLAN)
        saved = backup(store, tmp_path / "copia.ofbak", passphrase="passphrase del backup")
        expected = store.case(code)
        store.erase_case(code)
    content = saved.read_bytes()
    assert content.startswith(MAGIC) and b"Zebedeo" not in content
    with pytest.raises(StoreError):
        restore(saved, path, passphrase="sbagliata-lunga", store_passphrase=passphrase)
    tampered = tmp_path / "toccato.ofbak"
    tampered.write_bytes(content[:-1] + bytes([content[-1] ^ 1]))
    with pytest.raises(StoreError):
        restore(tampered, path, passphrase="passphrase del backup", store_passphrase=passphrase)
    with open_store(path, passphrase=passphrase) as store:  # nothing was replaced by the refused restores
        assert store.cases() == ()
    with restore(saved, path, passphrase="passphrase del backup", store_passphrase=passphrase) as store:
        assert store.case(code) == expected and store.database.encrypted == (passphrase is not None)


def test_a_short_backup_passphrase_and_a_foreign_file_are_refused(tmp_path):
    with open_store(tmp_path / "casi.sqlite3") as store, pytest.raises(StoreError):
        backup(store, tmp_path / "b.ofbak", passphrase="corta")
    foreign = tmp_path / "foto.jpg"
    foreign.write_bytes(b"\xff\xd8\xff" * 100)
    with pytest.raises(StoreError) as caught:
        restore(foreign, tmp_path / "casi.sqlite3", passphrase="passphrase lunga")
    assert "non è un backup" in caught.value.message_it


# -- the commands ---------------------------------------------------------------------------------------------------


def test_the_commands_open_export_erase_back_up_and_restore(tmp_path, capsys, monkeypatch):
    from oltre_finance.cli import main

    store = str(tmp_path / "casi.sqlite3")
    saved = tmp_path / "famiglia.json"
    saved.write_text(household_to_json(load_sample("coppia_neonato")), encoding="utf-8")
    assert main(["case", "new", "--archivio", store, "--da-file", str(saved), "--consulente", "Anna",
                 "--data", "2026-12-01"]) == 0  # fmt: skip
    code = capsys.readouterr().out.strip()
    assert main(["case", "list", "--archivio", store]) == 0
    assert code in capsys.readouterr().out
    assert main(["case", "show", code, "--archivio", store]) == 0
    assert "1. 01/12/2026 con Anna" in capsys.readouterr().out
    out = tmp_path / "export.json"
    assert main(["export", code, "--archivio", store, "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["code"] == code and out.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("OLTRE_FINANCE_BACKUP_PASSPHRASE", "passphrase del backup")
    assert main(["backup", "--archivio", store, "-o", str(tmp_path / "b.ofbak")]) == 0
    assert main(["erase", code, "--archivio", store]) == 2  # without confirmation nothing is erased
    assert main(["erase", code, "--archivio", store, "--conferma", code.lower()]) == 0
    assert main(["case", "show", code, "--archivio", store]) == 2
    assert "Nessun caso con questo codice." in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "b.ofbak"), "--archivio", store]) == 0
    assert main(["case", "show", code, "--archivio", store]) == 0
    for code_like in TRAVERSALS[:4]:
        assert main(["export", code_like, "--archivio", store]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Il codice del caso" in err


def test_the_plan_command_writes_each_format(tmp_path, capsys):
    from oltre_finance.cli import main

    store = str(tmp_path / "casi.sqlite3")
    with open_store(store) as opened:
        code = opened.new_case(opened_on=TODAY)
        opened.add_meeting(code, on=TODAY, consultant="Anna", household=load_sample("prestiti_revolving"))
        opened.save_plan(code, 1, PLAN)
    for name, start in (("piano.pdf", b"%PDF"), ("piano.html", b"<!DOCTYPE html>"), ("piano.xlsx", b"PK")):
        assert main(["plan", code, "--archivio", store, "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).read_bytes().startswith(start)
    assert main(["plan", code, "--archivio", store, "--incontro", "3", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["plan", code, "--archivio", store, "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert "non ha un incontro numero 3" in err and ".pdf, .html o .xlsx" in err and "Traceback" not in err
