"""The "Calcolatore prestito" app, driven through its widgets (no browser)."""

import html
from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.loans import Loan, loan_taeg
from oltre_finance.money import format_eur, format_percent
from oltre_finance.ui.loan_app import LoanCalculatorApp

TODAY = date(2026, 11, 24)


@pytest.fixture
def app():
    return LoanCalculatorApp(today=TODAY)


def test_first_view_shows_every_result(app):
    cost = loan_taeg(Loan(Decimal(10_000), Decimal("0.075"), 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2)))
    assert format_eur(cost.schedule.payment) in app.cards.value
    assert format_percent(cost.taeg) in app.cards.value
    assert format_eur(cost.total_cost) in app.cards.value
    assert "sotto la soglia di usura" in app.usury.value
    assert bytes(app.chart.value).startswith(b"\x89PNG")
    assert "data:text/csv;base64," in app.table_view.value
    assert app.status.value == ""
    assert "TAEG" in app.sentence.value


def test_changing_the_amount_updates_the_instalment(app):
    before = app.cards.value
    chart = app.chart.value
    app.fields["principal"].text.value = "20.000"
    assert app.cards.value != before
    assert bytes(app.chart.value) != bytes(chart)
    cost = loan_taeg(Loan(Decimal(20_000), Decimal("0.075"), 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2)))
    assert format_eur(cost.schedule.payment) in app.cards.value


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("principal", "", "Campo vuoto"),
        ("principal", "diecimila", "Non è un numero"),
        ("principal", "-500", "maggiore di zero"),
        ("principal", "1,234", "ambiguo"),
        ("principal", "99.000.000", "troppo alto"),
        ("annual_rate", "150", "100 %"),
        ("annual_rate", "-1", "negativo"),
        ("months", "0", "da 1 a 600"),
        ("months", "12,5", "numero intero"),
        ("months", "9999", "da 1 a 600"),
        ("upfront_fees", "20.000", "inferiori all'importo"),
        ("instalment_fee", "-2", "negative"),
        ("income", "abc", "Non è un numero"),
        ("income", "0", "maggiore di zero"),
    ],
)
def test_bad_field_shows_an_italian_message_beside_it_and_keeps_results(app, key, text, message):
    results = app.cards.value
    app.fields[key].text.value = text
    assert message in html.unescape(app.fields[key].message.value)
    assert "of-invalid" in app.fields[key].text._dom_classes
    assert app.cards.value == results  # the last valid results stay on screen
    if key != "income":
        assert "Correggi" in app.status.value
    assert "Traceback" not in app.status.value


def test_fixing_the_field_clears_the_message(app):
    app.fields["principal"].text.value = "abc"
    app.fields["principal"].text.value = "12.000"
    assert "⚠" not in app.fields["principal"].message.value
    assert app.status.value == ""


def test_italian_method_and_quarterly_instalments(app):
    app.method.value = "italian"
    assert "Prima rata" in app.cards.value
    app.periodicity.value = 4
    assert "trimestrale" in app.cards.value


def test_months_not_a_whole_number_of_periods(app):
    app.periodicity.value = 2
    app.fields["months"].text.value = "61"
    assert "numero intero di rate" in app.fields["months"].message.value


def test_usurious_rate_is_flagged(app):
    app.fields["annual_rate"].text.value = "25"
    assert "Attenzione" in app.usury.value and "of-banner-red" in app.usury.value


def test_affordability_appears_with_income(app):
    assert app.affordability.value == ""
    app.fields["income"].text.value = "1.000"
    # 202,38 € over 1.000 € is 20,2 %: green.
    assert "20,2" in app.affordability.value and "of-banner-green" in app.affordability.value
    app.fields["income"].text.value = "600"
    # 202,38 € over 600 € is 33,7 %: amber.
    assert "33,7" in app.affordability.value and "of-banner-amber" in app.affordability.value
    app.fields["income"].text.value = ""
    assert app.affordability.value == ""
