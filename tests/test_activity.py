"""The programme's activity figures: each count against one made in the test, the "< 5" rule, the command."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from oltre_finance.budget import summarize
from oltre_finance.consultation import Action, Plan
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.store import open_store
from oltre_finance.store.activity import activity, shown

START, END = date(2027, 1, 1), date(2027, 6, 30)


def _changed(household, *, income=Decimal(0), rate_cut=False):
    data = household.model_dump(mode="json")
    if data["incomes"]:
        data["incomes"][0]["amount"] = str(Decimal(data["incomes"][0]["amount"]) + income)
    if rate_cut and data["debts"]:
        data["debts"][0]["annual_rate"] = str(Decimal(data["debts"][0]["annual_rate"]) / 2)
    return household_from_dict(data)


@pytest.fixture
def store(tmp_path):
    """Every sample followed in the first half of 2027 (two meetings each), one case seen only in 2026."""
    with open_store(tmp_path / "casi.sqlite3") as opened:
        for key in sorted(sample_names()):
            household = load_sample(key)
            code = opened.new_case(opened_on=date(2026, 12, 1))
            opened.add_meeting(code, on=date(2026, 12, 1), consultant="Anna", household=household)
            # Enough extra income to turn any deficit into a surplus; the first debt's TAN halved.
            number = opened.add_meeting(code, on=date(2027, 3, 1), consultant="Anna",
                                        household=_changed(household, income=Decimal(2000), rate_cut=True))  # fmt: skip
            opened.save_plan(code, number, Plan(actions=(Action(text="a", owner=""),
                                                         Action(text="b", owner="", status="fatta"))))  # fmt: skip
            later = _changed(household, income=Decimal(2000), rate_cut=True)
            number = opened.add_meeting(code, on=date(2027, 5, 1), consultant="Anna", household=later)
            # The May plan carries the March actions, "a" now done too: each counts once, with its latest status.
            opened.save_plan(code, number, Plan(actions=(Action(text="a", owner="", status="fatta"),
                                                         Action(text="b", owner="", status="fatta"))))  # fmt: skip
        old = opened.new_case(opened_on=date(2026, 1, 10))
        opened.add_meeting(old, on=date(2026, 1, 10), consultant="Bea", household=load_sample("madre_separata"))
        yield opened


def test_every_count_against_one_made_here(store):
    report = activity(store, start=START, end=END)
    samples = sorted(sample_names())
    assert report.consultations == 2 * len(samples) and report.households == len(samples)
    assert report.new_cases == 0 and report.meetings_distribution == (0, len(samples), 0, 0)
    assert report.average_meetings == Decimal("2.0")
    cut = [k for k in samples if load_sample(k).debts and load_sample(k).debts[0].annual_rate > 0]
    assert report.debts_renegotiated == len(cut)  # the first debt of each whose TAN could halve, in March only
    negative = [k for k in samples if summarize(load_sample(k)).balance < 0]
    positive_after = [k for k in negative if summarize(_changed(load_sample(k), income=Decimal(2000))).balance > 0]
    assert report.back_in_balance == len(positive_after)
    assert (report.actions_agreed, report.actions_completed) == (2 * len(samples), 2 * len(samples))
    assert dict(report.rows_it)["Consulenze svolte"] == str(2 * len(samples))


def test_small_counts_are_hidden(store):
    report = activity(store, start=date(2026, 1, 1), end=date(2026, 1, 31))  # one household
    assert report.households == 1
    rows = dict(report.rows_it)
    assert rows["Famiglie seguite"] == "< 5" and rows["Consulenze svolte"] == "< 5"
    assert rows["Incontri per famiglia (media)"].startswith("non pubblicata")
    assert rows["Debiti rinegoziati"] == "0"
    assert [shown(n) for n in (0, 1, 4, 5)] == ["0", "< 5", "< 5", "5"]


def test_meetings_outside_the_period_are_not_counted(store):
    report = activity(store, start=date(2027, 4, 1), end=END)
    assert report.consultations == report.households == len(sample_names())
    assert report.debts_renegotiated == 0  # the rate was cut at the March meeting, outside this period
    assert report.actions_agreed == 2 * len(sample_names())  # those of the May plan


def test_a_period_that_ends_before_it_starts_is_refused(store):
    with pytest.raises(Exception) as caught:
        activity(store, start=END, end=START)
    assert "inizio" in caught.value.message_it


def test_the_command_prints_and_writes_the_same_figures_and_nothing_personal(store, tmp_path, capsys):
    from oltre_finance.cli import main

    where = str(store.database.path)
    expected = activity(store, start=START, end=END).rows_it
    codes = [c.code for c in store.cases()]
    names = {m.name for key in sample_names() for m in load_sample(key).members}
    for name in ("cifre.csv", "cifre.xlsx"):
        assert main(["report", "activity", "--from", "2027-01-01", "--to", "2027-06-30", "--archivio", where,
                     "-o", str(tmp_path / name)]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    for label, value in expected:
        assert label in printed and value in printed
    with open(tmp_path / "cifre.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert [tuple(r) for r in rows[1:]] == list(expected)
    sheet = openpyxl.load_workbook(tmp_path / "cifre.xlsx")["Attività"]
    cells = [(a, b) for a, b in sheet.iter_rows(min_row=3, values_only=True)]
    assert [(a, str(b)) for a, b in cells] == list(expected)
    everything = printed + (tmp_path / "cifre.csv").read_text(encoding="utf-8-sig")
    assert not any(code in everything for code in codes) and not any(name in everything for name in names)
    assert main(["report", "activity", "--from", "2027-06-30", "--to", "2027-01-01", "--archivio", where]) == 2
    assert main(["report", "activity", "--from", "2027-01-01", "--to", "2027-06-30", "--archivio", where,
                 "-o", str(tmp_path / "cifre.pdf")]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "inizio" in err and ".csv o .xlsx" in err and "Traceback" not in err
