"""The package's public surface: the exception tree, __all__, the command line, the CSV export."""

import dataclasses
import importlib
import inspect
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import numpy as np
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


def _mutable_parts(value: object, path: str):
    """Where ``value`` holds a list, a dict, a set or a writable array, however deep in its records."""
    if isinstance(value, list | dict | set | bytearray):
        yield path
    elif isinstance(value, np.ndarray):
        if value.flags.writeable:
            yield path
    elif isinstance(value, MappingProxyType):
        for key, item in value.items():
            yield from _mutable_parts(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple):
        for index, item in enumerate(value[:50]):
            yield from _mutable_parts(item, f"{path}[{index}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert type(value).__dataclass_params__.frozen, f"{path}: {type(value).__name__} is not frozen"
        for item in dataclasses.fields(value):
            yield from _mutable_parts(getattr(value, item.name), f"{path}.{item.name}")


def _results():
    from oltre_finance.budget import cashflow_calendar, summarize
    from oltre_finance.debts import compare_strategies, debts_from_household
    from oltre_finance.io.samples import load_sample
    from oltre_finance.loans import loan_taeg
    from oltre_finance.savings import simulate
    from oltre_finance.scenarios import compare
    from oltre_finance.scenarios.housing import rent_change
    from oltre_finance.views.budget import budget_view
    from oltre_finance.views.event_forms import EventInput, EventsInput, parse_events
    from oltre_finance.views.events import events_view
    from oltre_finance.views.loan import LoanInputs, loan_view, parse_loan
    from oltre_finance.views.payoff import PayoffInputs, parse_payoff, payoff_rows, payoff_view
    from oltre_finance.views.savings import initial_inputs, parse_savings, savings_view

    today = date(2026, 11, 24)
    household = load_sample("prestiti_revolving")
    yield "summary", summarize(household)
    yield "calendar", cashflow_calendar(household, start_year=2027, start_month=1)
    yield "comparison", compare_strategies(debts_from_household(household), Decimal(900))
    yield "credit cost", loan_taeg(Loan(Decimal(10_000), Decimal("0.07"), 60, upfront_fees=Decimal(300)))
    yield "simulation", simulate(Decimal(0), Decimal(100), 24, mean_return=Decimal("0.05"),
                                 volatility=Decimal("0.1"), n_paths=50, seed=1)  # fmt: skip
    yield "scenarios", compare(household, {"Affitto": [rent_change(Decimal(900))]}, start_year=2027, start_month=1)
    savings = parse_savings(initial_inputs(household, today=today), today=today)
    yield "savings inputs", savings
    yield "savings view", savings_view(savings, household, today=today)
    payoff = parse_payoff(PayoffInputs(debts=payoff_rows(household)))
    yield "payoff inputs", payoff
    yield "payoff view", payoff_view(payoff, household, today=today)
    yield "budget view", budget_view(household, today=today)
    yield "loan view", loan_view(parse_loan(LoanInputs()), household, today=today)
    typed = EventsInput(start="2026-11", isee="", events=(EventInput(kind="rent_change", values={"new_rent": "900",
                                                                     "starts": "2027-03"}),))  # fmt: skip
    events = parse_events(typed, household, today=today)
    yield "events inputs", typed
    yield "events", events
    yield "events view", events_view(events, household)


def test_result_records_are_immutable_all_the_way_down():
    for name, result in _results():
        assert not list(_mutable_parts(result, name))
