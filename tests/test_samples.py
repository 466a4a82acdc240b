"""The sample households: each loads, validates, summarises and has a calendar, checked independently."""

import json
from fractions import Fraction
from importlib.resources import files

import pytest

from oltre_finance.budget import cashflow_calendar, summarize
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import cents

PER_YEAR = {"weekly": 52, "monthly": 12, "bimonthly": 6, "quarterly": 4, "half_yearly": 2, "yearly": 1}
SAMPLES = sorted(sample_names())


def raw(key: str) -> dict:
    text = files("oltre_finance").joinpath("data", "households", f"{key}.json").read_text(encoding="utf-8")
    return json.loads(text)


def monthly(items) -> Fraction:
    """Independent computation from the raw JSON, in exact fractions."""
    return sum(
        (
            Fraction(item["amount"]) * PER_YEAR[item["frequency"]] / 12
            for item in items
            if item["frequency"] != "one_off"
        ),
        Fraction(0),
    )


def as_cents(value: Fraction):
    from decimal import Decimal

    return cents(Decimal(value.numerator) / Decimal(value.denominator))


def test_six_samples_covering_the_life_events():
    assert len(SAMPLES) >= 6
    assert {
        "coppia_neonato",
        "over50_disoccupato",
        "madre_separata",
        "cura_genitore",
        "affitto_meta_reddito",
        "prestiti_revolving",
    } <= set(SAMPLES)


@pytest.mark.parametrize("key", SAMPLES)
def test_sample_summary_matches_an_independent_computation(key):
    data = raw(key)
    household = load_sample(key)
    assert household.description and household.name
    summary = summarize(household)
    income, expenses = monthly(data["incomes"]), monthly(data["expenses"])
    essential = monthly(item for item in data["expenses"] if item.get("essential", True))
    assert summary.income == as_cents(income)
    assert summary.expenses == as_cents(expenses)
    assert summary.essential == as_cents(essential)
    assert summary.balance == as_cents(income - expenses)
    assert set(summary.indicators) == {"housing_cost", "debt_service", "essential_expenses", "emergency_months"}


@pytest.mark.parametrize("key", SAMPLES)
def test_sample_calendar_adds_up(key):
    household = load_sample(key)
    calendar = cashflow_calendar(household, start_year=2026, start_month=12)
    assert len(calendar.months) == 12
    recurring = [e for e in household.expenses if e.frequency != "one_off"]
    one_offs = [e for e in household.expenses if e.frequency == "one_off"]
    outgoings = sum(month.outgoings for month in calendar.months)
    assert sum(e.yearly_amount for e in recurring) <= outgoings <= sum(e.yearly_amount for e in household.expenses)
    assert outgoings - sum(e.yearly_amount for e in recurring) in {
        sum(e.amount for e in chosen) for chosen in _subsets(one_offs)
    }


def _subsets(items):
    result = [[]]
    for item in items:
        result += [[*subset, item] for subset in result]
    return result


def test_some_samples_go_short_and_one_is_in_deficit():
    calendars = {key: cashflow_calendar(load_sample(key), start_year=2026, start_month=12) for key in SAMPLES}
    assert sum(bool(calendar.short_months) for calendar in calendars.values()) >= 2
    assert any(summarize(load_sample(key)).in_deficit for key in SAMPLES)
