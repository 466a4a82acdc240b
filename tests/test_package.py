"""The package's public surface: the exception tree, __all__, the command line, the CSV export."""

import importlib
import inspect
from decimal import Decimal
from pathlib import Path

import pytest

from oltre_finance import cli, errors
from oltre_finance.io.schedule_csv import CSV_HEADER, schedule_to_csv
from oltre_finance.loans import Loan, schedule
from oltre_finance.money import parse_amount

CORE_MODULES = [
    "oltre_finance.errors",
    "oltre_finance.money",
    "oltre_finance.months",
    "oltre_finance.rates",
    "oltre_finance.indicators",
    "oltre_finance.household",
    "oltre_finance.budget",
    "oltre_finance.loans",
    "oltre_finance.loans.amortization",
    "oltre_finance.loans.early_repayment",
    "oltre_finance.loans.affordability",
    "oltre_finance.italy.usury",
    "oltre_finance.italy.overindebtedness",
    "oltre_finance.italy.naspi",
    "oltre_finance.italy.isee",
    "oltre_finance.italy.assegno_unico",
    "oltre_finance.italy.bonus_sociale",
    "oltre_finance.debts",
    "oltre_finance.debts.model",
    "oltre_finance.debts.payoff",
    "oltre_finance.debts.consolidation",
    "oltre_finance.debts.orientation",
    "oltre_finance.savings",
    "oltre_finance.savings.goals",
    "oltre_finance.savings.plan",
    "oltre_finance.savings.instruments",
    "oltre_finance.savings.projection",
    "oltre_finance.savings.simulation",
    "oltre_finance.savings.habits",
    "oltre_finance.savings.emergency",
    "oltre_finance.scenarios",
    "oltre_finance.scenarios.event",
    "oltre_finance.scenarios.housing",
    "oltre_finance.scenarios.separation",
    "oltre_finance.scenarios.compare",
    "oltre_finance.scenarios.job_loss",
    "oltre_finance.scenarios.birth",
    "oltre_finance.scenarios.care",
    "oltre_finance.scenarios.benefits",
    "oltre_finance.italy.care",
    "oltre_finance.italy.parental_leave",
    "oltre_finance.italy.data_files",
]


def test_exception_tree():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.OltreFinanceError)
        assert issubclass(cls, ValueError)
        assert name in errors.__doc__


@pytest.mark.parametrize("module_name", CORE_MODULES)
def test_all_lists_exactly_the_public_names(module_name):
    module = importlib.import_module(module_name)
    for name in module.__all__:
        assert hasattr(module, name), name
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and getattr(value, "__module__", "") == module_name
    }
    assert public <= set(module.__all__), public - set(module.__all__)


@pytest.mark.parametrize("module_name", CORE_MODULES)
def test_core_does_not_import_the_ui_stack(module_name):
    source = Path(importlib.import_module(module_name).__file__).read_text(encoding="utf-8")
    for banned in ("ipywidgets", "matplotlib", "IPython", "print("):
        assert banned not in source, (module_name, banned)


def test_voila_command_is_local_and_hides_code_and_tracebacks():
    command = cli.voila_command(Path("notebooks"), port=8866)
    assert "--Voila.ip=127.0.0.1" in command
    assert "--strip_sources=True" in command
    assert "--show_tracebacks=False" in command
    assert "--port=8866" in command


def test_cli_refuses_a_missing_folder(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--notebooks", str(tmp_path / "nowhere")])
    assert "non trovata" in capsys.readouterr().err


def test_schedule_csv_for_italian_spreadsheets():
    plan = schedule(Loan(Decimal(10_000), Decimal("0.075"), 60, instalment_fee=Decimal(2)))
    text = schedule_to_csv(plan)
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == ";".join(CSV_HEADER)
    assert len(lines) == 61
    last = lines[-1].split(";")
    assert last[0] == "60" and last[-1] == "0,00"
    # Every amount reads back to the schedule's value with the Italian parser.
    first = lines[1].split(";")
    row = plan.rows[0]
    assert [parse_amount(cell) for cell in first[1:]] == [
        row.payment,
        row.interest,
        row.principal,
        row.fee,
        row.balance,
    ]


def test_cli_prints_the_published_schema(capsys):
    assert cli.main(["schema"]) == 0
    printed = capsys.readouterr().out
    published = (
        Path(__file__).resolve().parent.parent / "oltre_finance" / "schemas" / "household.schema.json"
    ).read_text(encoding="utf-8")
    assert printed == published
