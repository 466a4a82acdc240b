"""The "Calcolatore prestito" app, driven through its widgets (no browser).

Expected figures come from the core (``loan_taeg``, ``instalment_to_income``, ``summarize``).
"""

import html
import json
from datetime import date
from decimal import Decimal

import pytest
from app_support import from_browser

from oltre_finance.budget import summarize
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.usury import table_on, usury_check
from oltre_finance.loans import Loan, loan_taeg
from oltre_finance.loans.affordability import instalment_to_income
from oltre_finance.money import format_eur, format_number, format_percent
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.loan_app import LoanCalculatorApp
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.views.household import empty_household
from oltre_finance.views.loan import category_options

TODAY = date(2026, 12, 1)


def payment(principal: int = 10_000, **options) -> Decimal:
    loan = Loan(Decimal(principal), Decimal("0.075"), 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2),
                **options)  # fmt: skip
    return loan_taeg(loan).schedule.payment


@pytest.fixture
def app():
    return LoanCalculatorApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value)


def test_the_app_starts_from_the_empty_household_with_every_result(app):
    assert app.household == empty_household()
    cost = loan_taeg(Loan(Decimal(10_000), Decimal("0.075"), 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2)))
    for figure in (format_eur(cost.schedule.payment), format_percent(cost.taeg), format_eur(cost.total_cost)):
        assert figure in app.cards.value
    assert "sotto di" in text(app.banners) and "of-usury" in app.banners.value
    assert "scrivi il reddito netto" in text(app.banners)
    assert "<svg" in app.chart.value and "role='img' aria-label='Grafico" in app.chart.value
    assert "data:text/csv;base64," in app.table_view.value and "of-scroll-hint" in app.table_view.value
    assert app.shell.status.value == ""
    assert app.fields["income"].text.placeholder == ""


def test_changing_the_amount_updates_instalment_and_chart(app):
    chart = app.chart.value
    app.fields["principal"].text.value = "20.000"
    assert format_eur(payment(20_000)) in app.cards.value
    assert app.chart.value != chart


@pytest.mark.parametrize(
    ("key", "typed", "words"),
    [
        ("principal", "", "Campo vuoto"),
        ("principal", "diecimila", "Non è un numero"),
        ("principal", "-500", "non può essere negativo"),
        ("annual_rate", "150", "100 %"),
        ("months", "12,5", "numero intero"),
        ("upfront_fees", "20.000", "inferiori all'importo"),
        ("instalment_fee", "-2", "non può essere negativo"),
        ("income", "0", "maggiore di zero"),
    ],
)
def test_a_wrong_field_shows_its_message_beside_it_and_the_last_results_stay(app, key, typed, words):
    results = app.cards.value
    app.fields[key].text.value = typed
    assert words in text(app.fields[key].message)
    assert "of-invalid" in app.fields[key].text._dom_classes
    assert app.cards.value == results
    assert "Correggi" in app.shell.status.value
    for other in set(app.fields) - {key}:
        assert "⚠" not in app.fields[other].message.value


def test_fixing_the_field_clears_its_message(app):
    app.fields["principal"].text.value = "abc"
    app.fields["principal"].text.value = "12.000"
    assert "⚠" not in app.fields["principal"].message.value and app.shell.status.value == ""
    assert format_eur(payment(12_000)) in app.cards.value


def test_method_and_periodicity(app):
    app.method.value = "italian"
    assert "Prima rata mensile" in app.cards.value
    app.periodicity.value = 4
    assert "Prima rata trimestrale" in app.cards.value
    assert format_eur(payment(method="italian", periods_per_year=4)) in app.cards.value
    app.fields["months"].text.value = "61"
    assert "numero intero di rate" in text(app.fields["months"].message)


def test_a_usurious_rate_is_red_in_the_headline_too(app):
    app.fields["annual_rate"].text.value = "25"
    assert "Attenzione" in app.banners.value and "of-banner-red of-usury" in app.banners.value
    assert "of-dot-red" in app.cards.value


@pytest.mark.parametrize("key", list(sample_names()))
def test_a_sample_opened_gives_its_income(app, key):
    app.session.open_sample(key)
    income = summarize(load_sample(key)).income
    assert app.fields["income"].text.value == ""  # the person typed nothing
    assert app.fields["income"].text.placeholder == format_number(income)
    assert format_eur(income) in text(app.fields["income"].message) and "famiglia" in app.fields["income"].message.value
    check = instalment_to_income(payment(), income, on_date=TODAY)
    assert format_percent(check.value) in text(app.banners)
    assert f"of-banner-{check.band.value} of-affordability" in app.banners.value


def test_a_typed_income_wins_over_the_household(app):
    app.session.open_sample("madre_separata")
    app.fields["income"].text.value = "600"
    check = instalment_to_income(payment(), Decimal(600), on_date=TODAY)
    assert format_percent(check.value) in text(app.banners) and "of-banner-amber of-affordability" in app.banners.value
    assert "hai scritto" in text(app.fields["income"].message)


def test_the_loan_added_is_seen_by_the_budget_on_the_same_session():
    session = HouseholdSession(today=TODAY)
    loan_app, budget = LoanCalculatorApp(session=session), BudgetApp(session=session)
    session.open_sample("madre_separata")
    before = load_sample("madre_separata")
    loan_app.fields["label"].text.value = "Auto usata"
    loan_app.add_button.click()
    assert "Aggiunto «Auto usata»" in text(loan_app.added) and "of-banner-green" in loan_app.added.value
    assert len(session.household.debts) == len(before.debts) + 1
    expenses = [(row.controls["label"].value, row.controls["amount"].value) for row in budget.editors["expenses"].rows]
    assert ("Auto usata", format_number(payment())) in expenses
    debts = [(row.controls["label"].value, row.controls["balance"].value) for row in budget.editors["debts"].rows]
    assert ("Auto usata", format_number(Decimal(10_000))) in debts
    assert format_eur(summarize(before).balance - payment()) in budget.cards.value
    assert loan_app.add_button.description == "Già tra i debiti della famiglia"

    loan_app.add_button.click()  # twice: still one
    assert len(session.household.debts) == len(before.debts) + 1
    assert "già tra i debiti" in text(loan_app.added)


def test_a_loan_with_a_wrong_field_is_not_added(app):
    app.fields["months"].text.value = "0"
    app.add_button.click()
    assert "Correggi prima" in text(app.added)
    assert app.household == empty_household()


def test_the_fields_are_kept_in_the_browser_and_come_back_after_a_reload():
    session = HouseholdSession(today=TODAY)
    app = LoanCalculatorApp(session=session)
    from_browser(session, "restored", text=None)
    app.fields["principal"].text.value = "15.000"
    app.periodicity.value = 4
    kept = json.loads(session.bridge.apps_stored)["loan"]
    assert kept["principal"] == "15.000" and kept["periods_per_year"] == 4

    reloaded = HouseholdSession(today=TODAY)
    again = LoanCalculatorApp(session=reloaded)
    household = household_to_json(load_sample("coppia_neonato"))
    from_browser(reloaded, "restored", text=household, apps=json.dumps({"loan": kept}))
    assert again.fields["principal"].text.value == "15.000" and again.periodicity.value == 4
    assert format_eur(payment(15_000, periods_per_year=4)) in again.cards.value
    assert again.fields["income"].text.placeholder == format_number(summarize(load_sample("coppia_neonato")).income)
    assert household_from_json(reloaded.bridge.stored) == load_sample("coppia_neonato")


def test_state_kept_wrongly_gives_the_first_view():
    session = HouseholdSession(today=TODAY)
    app = LoanCalculatorApp(session=session)
    from_browser(session, "restored", text=None, apps=json.dumps({"loan": {"category": "<b>x</b>", "months": 7}}))
    assert app.category.value == "credito_personale" and app.fields["months"].text.value == "60"
    assert format_eur(payment()) in app.cards.value


def test_start_again_clears_the_loan_too(app):
    from_browser(app.session, "restored", text=None)
    app.fields["principal"].text.value = "15.000"
    app.session.start_again()
    assert app.fields["principal"].text.value == "10.000"
    assert format_eur(payment()) in app.cards.value


def test_every_control_has_a_real_label(app):
    for field in app.fields.values():
        assert field.text.description
    for control in (app.method, app.periodicity, app.category):
        assert control.description


def test_a_phone_gets_a_chart_drawn_for_its_width(app):
    wide = app.chart.value
    app.session.bridge.width = 360
    assert app.chart.value != wide and "aria-label='Grafico" in app.chart.value


def test_the_signing_date_offers_the_categories_of_its_period_and_keeps_the_kind_of_credit(app):
    app.fields["signed"].text.value = "11/2005"
    old = table_on(date(2005, 11, 1))
    assert [key for _, key in app.category.options] == [key for _, key in category_options(old)]
    assert app.category.value == "crediti_personali_finanziamenti_famiglie_banche"
    check = usury_check(loan_taeg(app.view.loan).taeg, app.category.value, date(2005, 11, 1))
    assert format_percent(check.threshold) in text(app.banners)
    app.fields["signed"].text.value = ""  # back to today: the person's choice, in today's name
    assert app.category.value == "credito_personale"
    app.fields["signed"].text.value = "31/02/2020"
    assert "non esiste" in text(app.fields["signed"].message)


def test_the_signing_date_and_its_category_come_back_after_a_reload():
    session = HouseholdSession(today=TODAY)
    app = LoanCalculatorApp(session=session)
    from_browser(session, "restored", text=None)
    app.fields["signed"].text.value = "11/2005"
    assert app.category.value == "crediti_personali_finanziamenti_famiglie_banche"
    kept = json.loads(session.bridge.apps_stored)["loan"]
    reloaded = HouseholdSession(today=TODAY)
    again = LoanCalculatorApp(session=reloaded)
    from_browser(reloaded, "restored", text=None, apps=json.dumps({"loan": kept}))
    assert again.fields["signed"].text.value == "11/2005"
    assert again.category.value == "crediti_personali_finanziamenti_famiglie_banche"
    check = usury_check(loan_taeg(again.view.loan).taeg, again.category.value, date(2005, 11, 1))
    assert format_percent(check.threshold) in text(again.banners)
