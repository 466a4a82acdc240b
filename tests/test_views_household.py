"""The household editor and the budget view, without widgets: rows typed as a person types them.

Expected values come from the core's own functions (``summarize``,
``cashflow_calendar``) or are computed here by hand with Decimal.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.budget import cashflow_calendar, summarize
from oltre_finance.household import Household
from oltre_finance.io.household_file import household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur, format_number
from oltre_finance.views.blocks import Banner, Card, Table
from oltre_finance.views.budget import budget_view
from oltre_finance.views.household import empty_household, file_name, has_figures, open_household_file
from oltre_finance.views.household_form import SECTIONS, form_rows, parse_form
from oltre_finance.views.render import banner_html, cards_html, table_html

TODAY = date(2026, 12, 1)


def income(label, amount, source="salary"):
    return {"label": label, "source": source, "amount": amount, "frequency": "monthly", "month": 1}


def expense(label, category, amount, **more):
    return {"label": label, "category": category, "amount": amount, "frequency": "monthly", "month": 1,
            "essential": True} | more  # fmt: skip


MOTHER = {
    "members": [{"name": "Giulia", "role": "adult", "age": "41"}],
    "incomes": [income("Stipendio", "1.450"), income("Mantenimento", "300", "maintenance")],
    "expenses": [expense("Affitto", "casa", "750")],
}


def test_the_separated_mother_sees_her_rent_at_43_percent_and_red():
    household = parse_form("Giulia e i bambini", MOTHER)
    assert isinstance(household, Household)
    housing = summarize(household).indicators["housing_cost"]
    assert housing.value == (Decimal(750) / Decimal(1750)).quantize(Decimal("0.0001"))  # 0.4286
    assert housing.band.value == "red"
    view = budget_view(household, today=TODAY)
    light = next(b for b in view.indicators if b.key == "indicator-housing_cost")
    assert (light.tone, light.value) == ("red", "42,86\u00a0%")


def test_a_row_still_being_typed_is_not_part_of_the_household():
    rows = MOTHER | {"expenses": [*MOTHER["expenses"], expense("Luce", "utenze", "")]}
    household = parse_form("X", rows)
    assert isinstance(household, Household)
    assert [e.label for e in household.expenses] == ["Affitto"]


@pytest.mark.parametrize(
    ("section", "row", "field", "words"),
    [
        ("incomes", income("Stipendio", "dieci"), "amount", "Non è un numero"),
        ("incomes", income("Stipendio", "-5"), "amount", "non può essere negativo"),
        ("incomes", income("Stipendio", "0"), "amount", "maggiore di zero"),
        ("incomes", income("Stipendio", "1e308"), "amount", "Non è un numero"),
        ("incomes", income("Stipendio", "99.000.000"), "amount", "troppo alto"),
        ("incomes", income("Stipendio", "12,3456"), "amount", "due decimali"),
        ("incomes", income("Stipendio", "10") | {"frequency": "ogni tanto"}, "frequency", "Scegli"),
        ("expenses", expense("X", "nessuna", "10"), "category", "Scegli"),
        ("members", {"name": "Anna", "role": "adult", "age": "130"}, "age", "da 0 a 120"),
        ("members", {"name": "Anna", "role": "adult", "age": "quaranta"}, "age", "da 0 a 120"),
        ("members", {"name": "Anna", "role": "re", "age": "40"}, "role", "Scegli"),
        ("assets", {"label": "Conto", "kind": "current_account", "value": "-1"}, "value", "negativo"),
        ("debts", {"label": "Auto", "kind": "personal_loan", "balance": "5000", "annual_rate": "250"},
         "annual_rate", "da 0 a 100"),
        ("debts", {"label": "Auto", "kind": "personal_loan", "balance": "5000", "remaining_months": "900"},
         "remaining_months", "da 0 a 600"),
        ("goals", {"label": "Auto", "target": "5000", "by": "13/2028"}, "by", "06/2028"),
        ("goals", {"label": "Auto", "target": "5000", "saved": "tanti"}, "saved", "Non è un numero"),
    ],
)  # fmt: skip
def test_every_wrong_field_gets_its_italian_message(section, row, field, words):
    rows = MOTHER | {section: [*MOTHER.get(section, []), row]}
    errors = parse_form("X", rows)
    assert not isinstance(errors, Household)
    index = len(MOTHER.get(section, []))
    assert words in errors[f"{section}.{index}.{field}"]
    assert len(errors) == 1


def test_a_household_needs_a_person():
    errors = parse_form("X", {"members": [], "incomes": [income("Stipendio", "1000")]})
    assert not isinstance(errors, Household)
    assert "almeno una persona" in errors["members"]


def test_hostile_text_is_kept_as_text_and_escaped_when_shown():
    label = "<img src=x onerror=alert(1)> #set text(red)"
    household = parse_form("<b>Rossi</b>", MOTHER | {"expenses": [expense(label, "altro", "10")]})
    assert isinstance(household, Household)
    assert household.expenses[0].label == label
    shown = cards_html([Card(key="x", label=label, value=household.name)])
    assert "<img" not in shown and "<b>" not in shown
    assert "&lt;img" in banner_html(Banner(key="k", tone="info", text=label))
    assert "<img" not in table_html(Table(key="t", caption=label, columns=(label,), rows=((label,),)))


@pytest.mark.parametrize("key", list(sample_names()))
def test_the_editor_gives_back_every_sample_unchanged(key):
    sample = load_sample(key)
    assert parse_form(sample.name, form_rows(sample), description=sample.description) == sample


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2))
def test_an_amount_typed_as_italians_write_it_is_read_exactly(amount):
    household = parse_form("X", MOTHER | {"incomes": [income("Stipendio", format_number(amount))]})
    assert isinstance(household, Household)
    assert household.incomes[0].amount == amount


def test_a_new_row_has_every_column_of_its_section():
    for section in SECTIONS.values():
        assert set(section.blank_row()) >= {column.key for column in section.columns}


@pytest.mark.parametrize("key", list(sample_names()))
def test_budget_view_shows_the_core_figures(key):
    household = load_sample(key)
    view = budget_view(household, today=TODAY)
    summary = summarize(household)
    cards = {card.key: card for card in view.cards}
    assert cards["balance"].value == format_eur(summary.balance)
    assert cards["balance"].negative == (summary.balance < 0)
    assert [b.key for b in view.indicators] == [f"indicator-{k}" for k in summary.indicators]
    assert [b.tone for b in view.indicators] == [i.band.value for i in summary.indicators.values()]
    calendar = cashflow_calendar(household, start_year=2026, start_month=12)
    assert view.months == calendar.months  # the calendar starts with the current month
    assert sum(amount for _name, amount in view.categories) == sum(summary.by_category.values())
    for name, amount in view.categories:
        assert f"{name} {format_eur(amount)}" in view.categories_alt
    assert format_eur(calendar.months[-1].cash) in view.calendar_alt
    assert all(link.url.startswith("https://") for b in view.indicators for link in b.sources)


def test_budget_view_of_an_empty_household_asks_for_figures():
    view = budget_view(empty_household(), today=TODAY)
    assert view.empty and "Aggiungi" in view.empty_hint
    assert not has_figures(empty_household())


def test_no_citizen_sees_english_or_data_codes_in_the_budget():
    text = json.dumps([b.text + " ".join(s.text for s in b.sources) for k in sample_names()
                       for b in budget_view(load_sample(k), today=TODAY).indicators], ensure_ascii=False)  # fmt: skip
    for word in ("overburden", "ilc_", "All Your Worth", "EU-SILC"):
        assert word not in text


def test_file_name_and_opening_files():
    household = load_sample("madre_separata")
    assert file_name(household, TODAY).endswith("-2026-12-01.json")
    assert open_household_file(household_to_json(household)).household == household
    for text, words in (
        ("{not json", "JSON"),
        ("", "JSON"),
        (
            '{"schema_version": 1, "name": "X", "members": [{"role": "adult", "name": "A", "age": 40}], '
            '"incomes": [{"source": "salary", "label": "S", "amount": 1e26, "frequency": "monthly"}]}',
            "entrate",
        ),
        ("[1, 2]", "non contiene una famiglia"),
    ):
        outcome = open_household_file(text)
        assert not outcome.ok
        assert words in outcome.message_it and "non è cambiata" in outcome.message_it
    assert "troppo grande" in open_household_file(None, failure="too_big").message_it
