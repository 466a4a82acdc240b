"""The programme's activity figures: each count against one made here from how the cases were built, the "< 5" rule,
the command and its CSV and xlsx files, and no trace of a household anywhere."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from oltre_finance.budget import summarize
from oltre_finance.consultation import Action, Plan
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.store import open_store
from oltre_finance.store.activity import HIDDEN_AVERAGE, SMALL, activity, shown, write_activity

START, END = date(2027, 1, 1), date(2027, 6, 30)
SAMPLES = sorted(sample_names())  # affitto, coppia, cura, madre, over50, prestiti
NOTE = "NOTA-RISERVATA del consulente"
CONSULTANT = "Bruna Consulente"
KEYS = ("consultations", "households", "new_cases", "households_1_meeting", "households_2_meetings",
        "households_3_meetings", "households_4_or_more_meetings", "debts_renegotiated", "balance_turned_positive",
        "actions_agreed", "actions_completed")  # fmt: skip


def _edit(household, change):
    """The household changed through its JSON data, as a consultant's edit would."""
    data = household.model_dump(mode="json")
    change(data)
    return household_from_dict(data)


def _debt(data, label):
    return next(debt for debt in data["debts"] if debt["label"] == label)


def _cut_first_debt(data):
    """The first debt renegotiated: its TAN lowered, or (a loan at 0%) its instalment lowered at the same balance."""
    debt = data["debts"][0]
    if Decimal(debt["annual_rate"]) > 0:
        debt["annual_rate"] = str(Decimal(debt["annual_rate"]) - Decimal("0.01"))
    else:
        debt["instalment"] = str(Decimal(debt["instalment"]) - 20)


def _pay_down(data):
    """Every debt paid down on its own terms (not a renegotiation)."""
    for debt in data["debts"]:
        debt["balance"] = str(max(Decimal(debt["balance"]) - 100, Decimal(0)))


def _extra_expense(data):
    data["expenses"].append({"category": "altro", "subcategory": "varie", "label": "Spesa straordinaria",
                             "amount": "1500.00", "frequency": "monthly"})  # fmt: skip


def _more_income(data):
    data["incomes"][0]["amount"] = str(Decimal(data["incomes"][0]["amount"]) + 600)


def _consolidate(data):
    gone = ("Finanziamento dell'auto", "Prestito personale per i mobili", "Carta revolving")
    data["debts"] = [debt for debt in data["debts"] if debt["label"] not in gone]
    data["debts"].append({"kind": "personal_loan", "label": "Prestito di CONSOLIDAMENTO", "balance": "15000.00",
                          "annual_rate": "0.095", "instalment": "330.00"})  # fmt: skip


def _card_minimum(data):
    _debt(data, "Carta revolving")["minimum_percent"] = "0.03"


def _card_paid_down(data):
    """A card whose minimum is a share of the balance: less owed, a lower minimum; not a renegotiation."""
    card = _debt(data, "Carta revolving")
    card["balance"], card["instalment"] = "3000.00", "120.00"


def _both(*changes):
    def change(data):
        for step in changes:
            step(data)

    return change


def _plan(*actions):
    return Plan(actions=tuple(Action(text=text, owner=owner, status=status) for text, owner, status in actions))


def _cases():
    """Every case as built: opened on, meetings (day, household, plan), and what it adds to the figures of the
    period (written down by hand from how it was built, never computed by the code under test)."""
    cases = []
    # 1. Five new households with one meeting (1 to 5 February): two actions, one done.
    for i, key in enumerate(SAMPLES[:5]):
        day = date(2027, 2, 1 + i)
        plan = _plan(
            ("Chiedere l'ISEE corrente", "Famiglia", "fatta"), ("Aprire un conto deposito", "Famiglia", "da_fare")
        )
        cases.append(dict(opened=day, meetings=[(day, load_sample(key), plan)],
                          adds=dict(debts=0, positive=0, agreed=2, done=1)))  # fmt: skip
    # 2. Five households seen in 2026, twice in the period: the first debt renegotiated in February and again in
    # April (one debt), the other debts paid down; an action of 2026 carried along (not agreed in the period).
    for key in SAMPLES[1:]:
        first = load_sample(key)
        if key == "prestiti_revolving":
            first = _edit(first, _card_minimum)
        feb = _edit(first, _both(_cut_first_debt, _pay_down))
        if key == "prestiti_revolving":
            feb = _edit(feb, _card_paid_down)
        apr = _edit(feb, _cut_first_debt)
        meetings = [
            (date(2026, 11, 15), first, _plan(("Disdire l'abbonamento", "Famiglia", "da_fare"))),
            (date(2027, 2, 15), feb, _plan(("Disdire l'abbonamento", "Famiglia", "fatta"),
                                           ("Chiedere la rateizzazione", "Consulente", "da_fare"))),
            (date(2027, 4, 15), apr, _plan(("Disdire l'abbonamento", "Famiglia", "fatta"),
                                           ("chiedere la rateizzazione ", "consulente", "fatta"))),
        ]  # fmt: skip
        cases.append(
            dict(opened=date(2026, 11, 15), meetings=meetings, adds=dict(debts=1, positive=0, agreed=1, done=1))
        )
    # 3. Five new households, three meetings: in deficit (an extra expense) in January and March, in surplus in May.
    for key in (*SAMPLES[:1], *SAMPLES[2:]):
        base = load_sample(key)
        deficit = _edit(base, _extra_expense)
        paid = _edit(deficit, _pay_down)
        surplus = _edit(_edit(paid, _more_income), lambda d: d["expenses"].pop())
        if key == SAMPLES[0]:  # a loan repaid and kept in the list at 0: a lower instalment, not a renegotiation
            surplus = _edit(surplus, lambda d: d["debts"][0].update(balance="0", instalment="0"))
        meetings = [(date(2027, 1, 20), deficit, None), (date(2027, 3, 20), paid, None),
                    (date(2027, 5, 20), surplus, None)]  # fmt: skip
        cases.append(
            dict(opened=date(2027, 1, 20), meetings=meetings, adds=dict(debts=0, positive=1, agreed=0, done=0))
        )
    # 4. Five households opened in 2026, first seen in January, four or five meetings; in July (after the period)
    # a debt renegotiated and a new action. One consolidates three debts, one pays a debt off (not renegotiated).
    for key, count in (("coppia_neonato", 4), ("cura_genitore", 4), ("over50_disoccupato", 5),
                       ("prestiti_revolving", 5), ("madre_separata", 4)):  # fmt: skip
        household = load_sample(key)
        meetings, adds = [], dict(debts=0, positive=0, agreed=1, done=1)
        for n in range(count):
            if n == 1 and key == "prestiti_revolving":
                household, adds["debts"] = _edit(household, _consolidate), 3
            elif n == 1 and key == "madre_separata":
                household = _edit(household, lambda d: d["debts"].clear())
            else:
                household = _edit(household, _pay_down)
            status = "fatta" if n == count - 1 else "da_fare"
            meetings.append(
                (date(2027, 1 + n, 10), household, _plan(("Tenere il diario delle spese", "Famiglia", status)))
            )
        july = _edit(household, _cut_first_debt) if household.debts else household
        later = _plan(
            ("Tenere il diario delle spese", "Famiglia", "fatta"), ("Rivedere l'assicurazione", "Famiglia", "da_fare")
        )
        meetings.append((date(2027, 7, 10), july, later))
        cases.append(dict(opened=date(2026, 6, 1), meetings=meetings, adds=adds,
                          july=dict(debts=1 if household.debts else 0)))  # fmt: skip
    # 5. A case opened in March with no meeting yet; a case opened and seen only in July; one only in 2025.
    cases.append(dict(opened=date(2027, 3, 3), meetings=[], adds=dict(debts=0, positive=0, agreed=0, done=0)))
    cases.append(dict(opened=date(2027, 7, 5), meetings=[(date(2027, 7, 5), load_sample("prestiti_revolving"),
                                                          _plan(("Chiedere l'ISEE corrente", "Famiglia", "fatta")))],
                      adds=dict(debts=0, positive=0, agreed=0, done=0), july=dict(debts=0)))  # fmt: skip
    cases.append(dict(opened=date(2025, 5, 5), meetings=[(date(2025, 5, 5), load_sample("affitto_meta_reddito"), None)],
                      adds=dict(debts=0, positive=0, agreed=0, done=0)))  # fmt: skip
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("attivita") / "casi.sqlite3") as opened:
        for spec in CASES:
            code = opened.new_case(opened_on=spec["opened"])
            for day, household, plan in spec["meetings"]:
                number = opened.add_meeting(code, on=day, consultant=CONSULTANT, household=household, notes=NOTE)
                if plan is not None:
                    opened.save_plan(code, number, plan)
        yield opened


def _expected(start, end, *, extra="adds"):
    """The figures of the period counted from the list of cases, with what each case adds as written above."""
    inside = [[m for m in spec["meetings"] if start <= m[0] <= end] for spec in CASES]
    per_household = [len(m) for m in inside if m]
    added = [spec[extra] for spec in CASES if extra in spec]
    return {
        "consultations": sum(per_household),
        "households": len(per_household),
        "new_cases": sum(start <= spec["opened"] <= end for spec in CASES),
        "households_1_meeting": per_household.count(1),
        "households_2_meetings": per_household.count(2),
        "households_3_meetings": per_household.count(3),
        "households_4_or_more_meetings": sum(n >= 4 for n in per_household),
        "debts_renegotiated": sum(a.get("debts", 0) for a in added),
        "balance_turned_positive": sum(a.get("positive", 0) for a in added),
        "actions_agreed": sum(a.get("agreed", 0) for a in added),
        "actions_completed": sum(a.get("done", 0) for a in added),
    }


def test_the_cases_are_what_they_claim():
    """The test data does what the comments say: deficits and surpluses, a rate or an instalment lower."""
    for spec in CASES[10:15]:  # group 3
        balances = [summarize(household).balance for _, household, _ in spec["meetings"]]
        assert balances[0] < 0 and balances[1] < 0 and balances[2] > 0
    for spec in CASES[:10]:  # groups 1 and 2 never turn positive (prestiti_revolving stays in deficit)
        balances = [summarize(household).balance for _, household, _ in spec["meetings"]]
        assert not (balances[0] < 0 < balances[-1])
    for spec in CASES[5:10]:
        (_, before, _), (_, after, _) = spec["meetings"][:2]
        old, new = before.debts[0], after.debts[0]
        assert new.annual_rate < old.annual_rate or (new.instalment < old.instalment and new.balance <= old.balance)


def test_every_figure_of_the_period_against_one_counted_here(store):
    report = activity(store, start=START, end=END)
    expected = _expected(START, END)
    assert expected == {
        "consultations": 52,
        "households": 20,
        "new_cases": 11,
        "households_1_meeting": 5,
        "households_2_meetings": 5,
        "households_3_meetings": 5,
        "households_4_or_more_meetings": 5,
        "debts_renegotiated": 8,
        "balance_turned_positive": 5,
        "actions_agreed": 20,
        "actions_completed": 15,
    }  # fmt: skip  (every figure at least 5: all shown exactly)
    assert {key: report.value(key) for key in KEYS} == expected
    assert report.value("meetings_per_household") == Decimal("2.6")  # 52 / 20
    rows = dict(report.rows_it)
    assert rows["Consulenze svolte (incontri nel periodo)"] == "52"
    assert rows["Incontri per famiglia seguita (media)"] == "2,6"
    assert report.title_it == "Attività dal 01/01/2027 al 30/06/2027"
    assert len(report.rows) == len({row.key for row in report.rows}) == 12


def test_meetings_outside_the_period_are_not_counted(store):
    """July: the renegotiations and actions of July count there, and only there."""
    july = activity(store, start=date(2027, 7, 1), end=date(2027, 7, 31))
    expected = _expected(date(2027, 7, 1), date(2027, 7, 31), extra="july")
    assert expected["households"] == 6 and expected["debts_renegotiated"] == 4
    assert july.value("households") == july.value("consultations") == 6
    assert july.value("meetings_per_household") == Decimal("1.0")
    assert july.value("households_1_meeting") == 6
    assert july.value("debts_renegotiated") is None and dict(july.rows_it)[july.rows[8].label_it] == "< 5"  # 4
    assert july.value("actions_agreed") == 6 and july.value("actions_completed") is None  # 5 new in group 4, 1 done
    # From April: group 2 meets in April, group 3 in May, group 4 in April (and May for two): the January to March
    # meetings are gone.
    spring = activity(store, start=date(2027, 4, 1), end=END)
    expected = _expected(date(2027, 4, 1), END)
    assert expected["consultations"] == 5 + 5 + 7 and expected["households"] == 15
    assert spring.value("consultations") == 17 and spring.value("households") == 15
    assert spring.value("new_cases") is None  # none opened from April
    assert spring.value("debts_renegotiated") == 5  # group 2's April cut; the reference is the February meeting
    assert spring.value("balance_turned_positive") == 5  # from March (the last meeting before) to May


def test_a_small_period_shows_less_than_five_and_no_average(store):
    report = activity(store, start=date(2027, 2, 1), end=date(2027, 2, 3))  # three households of group 1
    assert _expected(date(2027, 2, 1), date(2027, 2, 3))["households"] == 3
    assert report.value("actions_agreed") == 6  # 3 households × 2 actions: a total of 5 or more is shown
    hidden = [key for key in KEYS if key != "actions_agreed"]
    assert all(report.value(key) is None for key in hidden)  # 3, 3, 3, 0, 3, 0…: no small number kept
    assert report.value("meetings_per_household") is None
    rows = dict(report.rows_it)
    assert rows["Famiglie seguite"] == rows["Consulenze svolte (incontri nel periodo)"] == "< 5"
    assert rows["Debiti rinegoziati (tasso o rata più bassi, o chiusi con un consolidamento)"] == "< 5"  # 0 too
    assert rows["Incontri per famiglia seguita (media)"] == HIDDEN_AVERAGE
    assert [shown(n) for n in (0, 1, SMALL - 1, SMALL, 1234)] == ["< 5", "< 5", "< 5", "5", "1.234"]


def test_a_wrong_period_is_refused(store):
    with pytest.raises(InvalidInputError) as caught:
        activity(store, start=END, end=START)
    assert caught.value.message_it == "La data di inizio (30/06/2027) viene dopo quella di fine (01/01/2027)."
    with pytest.raises(InvalidInputError):
        activity(store, start=datetime(2027, 1, 1), end=END)
    with pytest.raises(InvalidInputError) as caught:
        write_activity(activity(store, start=START, end=END), "cifre.ods")
    assert ".csv o .xlsx" in caught.value.message_it


# -- the command -----------------------------------------------------------------------------------------------------


def _personal(store):
    """Everything that would point at a household: codes, household and member names, debt labels, notes."""
    words = {summary.code for summary in store.cases()} | {NOTE, CONSULTANT, "Spesa straordinaria", "CONSOLIDAMENTO"}
    for key in SAMPLES:
        household = load_sample(key)
        words |= {household.name, *(m.name for m in household.members), *(d.label for d in household.debts)}
    return words


def _xlsx_text(path):
    with zipfile.ZipFile(path) as archive:
        parts = [
            name for name in archive.namelist() if name.startswith(("xl/sharedStrings", "xl/worksheets/", "docProps/"))
        ]
        return "".join(archive.read(name).decode("utf-8") for name in parts)


@pytest.mark.parametrize(("start", "end"), [(START, END), (date(2027, 2, 1), date(2027, 2, 3))])
def test_the_command_prints_and_writes_the_same_figures_and_nothing_personal(store, tmp_path, capsys, start, end):
    from oltre_finance.cli import main

    where = str(store.database.path)
    report = activity(store, start=start, end=end)
    period = ["--from", start.isoformat(), "--to", end.isoformat(), "--archivio", where]
    assert main(["report", "activity", *period]) == 0
    assert main(["report", "activity", *period, "-o", str(tmp_path / "cifre.csv")]) == 0
    assert main(["report", "activity", *period, "-o", str(tmp_path / "sotto" / "cifre.XLSX")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(report.title_it + "\n")
    for label, value in report.rows_it:
        assert any(line.strip().startswith(label) and line.rstrip().endswith(value) for line in printed.splitlines())
    # The CSV: UTF-8 with a BOM, ";", the title, a header, the rows (numbers as Italian Excel reads them), the note.
    raw = (tmp_path / "cifre.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "cifre.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == [report.title_it] and rows[1] == ["Voce", "Valore"]
    for (label, cell), row in zip(rows[2:14], report.rows, strict=True):
        assert label == row.label_it
        assert cell == (row.shown_it if row.value is None else str(row.value).replace(".", ","))
        if row.value is not None:
            assert Decimal(cell.replace(",", ".")) == row.value
    assert "< 5" in rows[-1][0]
    # The workbook: sheet "Attività", a title naming the period, a bold header, numbers as numbers, "< 5" as text.
    book = openpyxl.load_workbook(tmp_path / "sotto" / "cifre.XLSX")
    sheet = book["Attività"]
    assert book.sheetnames == ["Attività"]
    assert sheet["A1"].value == report.title_it and start.strftime("%d/%m/%Y") in sheet["A1"].value
    assert [sheet["A2"].value, sheet["B2"].value] == ["Voce", "Valore"] and sheet["A2"].font.b and sheet["B2"].font.b
    for cells, row in zip(sheet.iter_rows(min_row=3, max_row=14), report.rows, strict=True):
        label, value = cells
        assert label.value == row.label_it
        if row.value is None:
            assert value.data_type == "s" and value.value == row.shown_it
        else:
            assert value.data_type == "n" and Decimal(str(value.value)) == row.value
    assert sheet.column_dimensions["A"].width > max(len(row.label_it) for row in report.rows)
    # Nothing that points at a household, on the screen or in either file.
    everything = printed + raw.decode("utf-8-sig") + _xlsx_text(tmp_path / "sotto" / "cifre.XLSX")
    found = [word for word in _personal(store) if word in everything]
    assert found == []


def test_the_command_refuses_bad_dates_and_files_in_italian(store, tmp_path, capsys):
    from oltre_finance.cli import main

    where = str(store.database.path)
    assert main(["report", "activity", "--from", "2027-06-30", "--to", "2027-01-01", "--archivio", where]) == 2
    assert "La data di inizio (30/06/2027) viene dopo quella di fine (01/01/2027)." in capsys.readouterr().err
    missing = tmp_path / "nessun-archivio.sqlite3"
    assert main(["report", "activity", "--from", "2027-01-01", "--to", "2027-06-30", "--archivio", str(missing),
                 "-o", str(tmp_path / "cifre.pdf")]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert err.strip() == "Le cifre dell'attività si scrivono in un file .csv o .xlsx."
    assert not (tmp_path / "cifre.pdf").exists() and not missing.exists()  # refused before anything is opened
    for wrong in (["--from", "2027-02-30", "--to", "2027-06-30"], ["--from", "2027-01-01"], ["--to", "ieri"]):
        with pytest.raises(SystemExit) as stopped:
            main(["report", "activity", *wrong, "--archivio", where])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert "errore:" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["report", "activity", "--from", "2027-02-30", "--to", "2027-06-30", "--archivio", where])
    assert "data non valida" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "--archivio", where])  # the subcommand is required
    assert "errore:" in capsys.readouterr().err
