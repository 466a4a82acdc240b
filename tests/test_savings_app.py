"""The "Piano di risparmio" app, driven through its widgets (no browser).

Expected figures come from the core (``summarize``, ``emergency_fund``, the instruments' data) or from the
household as the core reads it; the view model's own choices are tested in ``test_views_savings.py``.
"""

import html
import json
from datetime import date
from decimal import Decimal

import pytest
from app_support import from_browser, type_row

from oltre_finance.budget import summarize
from oltre_finance.household import Goal
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur, format_number
from oltre_finance.savings import instrument
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.savings_app import SavingsApp
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.views.household import empty_household

TODAY = date(2026, 11, 24)


@pytest.fixture
def app():
    return SavingsApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value).replace("\u00a0", " ")


def eur(amount) -> str:
    return format_eur(Decimal(amount)).replace("\u00a0", " ")


def test_a_new_page_starts_from_the_empty_household_and_never_with_a_sample(app):
    assert app.household == empty_household()
    assert app.shell.status.value == ""
    assert "of-card-fund" in app.shell.headline.value
    assert "«Bilancio familiare»" in text(app.deficit)  # where to start
    assert app.goals.rows == [] and app.monthly.text.value == "0,00"


@pytest.mark.parametrize("key", list(sample_names()))
def test_every_sample_opens_with_its_goals_fund_and_plan(app, key):
    app.session.open_sample(key)
    household = load_sample(key)
    summary = summarize(household)
    assert app.household == household  # opening writes nothing back
    assert app.shell.status.value == ""
    assert len(app.goals.rows) == len(household.goals)
    assert [row.controls["label"].value for row in app.goals.rows] == [goal.label for goal in household.goals]
    assert eur(summary.essential) in text(app.fund_text)
    left = max(summary.balance, Decimal(0))
    assert app.monthly.text.value == format_number((left // 10) * 10)
    assert app.slider.value == int((left // 10) * 10)
    assert "Fondo di emergenza" in text(app.goals_table)
    assert ("of-deficit" in app.deficit.value) == (summary.balance < 0)
    assert "<svg" in app.chart.value and "aria-label='Grafico" in app.chart.value


def test_the_household_emergency_goal_is_the_fund_not_a_second_goal(app):
    app.session.open_sample("coppia_neonato")
    assert "Fondo per le emergenze" not in text(app.goals_table)
    assert "Fondo per le emergenze (3 mesi di spese)" in text(app.fund_text)
    assert text(app.goals_table).count("Fondo di emergenza") == 1


def test_a_month_in_deficit_is_said_first_with_how_much_is_missing(app):
    app.session.open_sample("prestiti_revolving")
    short = eur(-summarize(load_sample("prestiti_revolving")).balance)
    assert "Prima il bilancio" in text(app.deficit) and short in text(app.deficit)
    assert "«Piano di rientro»" in text(app.deficit)
    assert short in text(app.shell.headline)  # and in the headline, in sight while scrolling
    assert app.monthly.text.value == "0,00"
    # The deficit banner comes before every field of the plan.
    children = app.widget.children
    assert children.index(app.deficit) < children.index(app.monthly.box)


def test_a_goal_added_here_is_written_to_the_household(app):
    app.session.open_sample("coppia_neonato")
    type_row(app.goals, {"label": "Auto nuova", "target": "8.000", "by": "06/2030"})
    assert app.household.goals[-1] == Goal(label="Auto nuova", target=Decimal(8000), by_year=2030, by_month=6)
    assert app.household.goals[:-1] == load_sample("coppia_neonato").goals
    assert "Auto nuova" in text(app.goals_table)
    app.goals.remove(app.goals.rows[0])
    assert [goal.label for goal in app.household.goals] == ["Fondo per le emergenze (3 mesi di spese)", "Auto nuova"]


def test_two_apps_on_one_page_share_the_household():
    session = HouseholdSession(today=TODAY)
    budget, savings = BudgetApp(session=session), SavingsApp(session=session)
    type_row(budget.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    type_row(budget.editors["expenses"], {"label": "Affitto", "category": "casa", "amount": "750"})
    # The savings app follows: the month left (700 €) is the amount proposed, the rent is in the fund.
    assert savings.monthly.text.value == "700,00"
    assert eur(750) in text(savings.fund_text)
    type_row(savings.goals, {"label": "Vacanza", "target": "1.200", "saved": "100", "by": "07/2027"})
    assert budget.household.goals == (Goal(label="Vacanza", target=Decimal(1200), saved=Decimal(100), by_year=2027,
                                           by_month=7),)  # fmt: skip
    assert [row.controls["label"].value for row in budget.editors["goals"].rows] == ["Vacanza"]
    # A goal edited in the budget is the one the savings app plans.
    budget.editors["goals"].rows[0].controls["target"].value = "1.500"
    assert "1.500,00 €" in text(savings.goals_table)
    # Once the person chose the monthly amount, it stays when the budget changes.
    savings.monthly.text.value = "300"
    budget.editors["incomes"].rows[0].controls["amount"].value = "1.600"
    assert savings.monthly.text.value == "300,00"


def test_the_own_fields_survive_a_reload():
    household = load_sample("madre_separata")
    kept = {"savings": {"monthly": "150", "instrument": "btp", "gross": "3,2", "inflation": "2,5", "fund_months": 4,
                        "fund_by": "2028-06"}}  # fmt: skip
    session = HouseholdSession(today=TODAY)
    app = SavingsApp(session=session)
    from_browser(session, "restored", text=household_to_json(household), apps=json.dumps(kept))
    assert app.household == household
    assert (app.monthly.text.value, app.instrument.value, app.gross.text.value, app.inflation.text.value) == (
        "150,00", "btp", "3,2", "2,5")  # fmt: skip
    assert (app.fund_months.value, app.fund_by.value) == (4, "2028-06")
    assert "per 4 mesi" in text(app.fund_text) and "giugno 2028" in text(app.fund_text)
    # A change is kept in the browser, beside the household.
    app.inflation.text.value = "3"
    stored = json.loads(session.bridge.apps_stored)["savings"]
    assert stored["inflation"] == "3" and stored["monthly"] == "150,00" and stored["instrument"] == "btp"
    assert household_from_json(session.bridge.stored) == household


def test_the_amount_not_chosen_is_not_kept_and_follows_the_household():
    session = HouseholdSession(today=TODAY)
    app = SavingsApp(session=session)
    from_browser(session, "restored", text=household_to_json(load_sample("coppia_neonato")), apps="")
    app.fund_months.value = 3
    assert "monthly" not in json.loads(session.bridge.apps_stored)["savings"]
    session.open_sample("madre_separata")
    assert app.monthly.text.value == "280,00" and app.fund_months.value == 3


def test_start_again_clears_the_own_fields(app):
    app.session.open_sample("coppia_neonato")
    app.instrument.value = "btp"
    app.shell.bar.reset.click()
    app.shell.bar.yes.click()
    assert app.household == empty_household()
    assert app.instrument.value == "conto_deposito" and app.goals.rows == []


def test_choosing_an_instrument_proposes_its_return_and_a_risky_one_is_simulated(app):
    app.session.open_sample("coppia_neonato")
    app.instrument.value = "etf_pac"
    assert app.gross.text.value == format_number(instrument("etf_pac", on_date=TODAY).gross_return * 100)
    words = text(app.projection)
    assert "In 9 casi su 10 avrai almeno" in words and "su 100" in words
    assert "PAC su ETF azionario globale" in words
    assert "26,00 %" in text(app.instrument_note) and "href='https://" in app.instrument_note.value
    app.instrument.value = "btp"
    assert "12,50 %" in text(app.instrument_note) and "In 9 casi" not in text(app.projection)


def test_the_monthly_amount_and_its_slider_move_together_and_move_the_goals(app):
    app.session.open_sample("coppia_neonato")
    before = text(app.goals_table)
    app.monthly.text.value = "900"
    assert app.slider.value == 900 and text(app.goals_table) != before
    assert "più di quanto avanza" in text(app.over)
    app.slider.value = 300
    assert app.monthly.text.value == "300,00" and text(app.over) == ""


def test_a_wrong_field_is_shown_beside_it_and_the_last_results_stay(app):
    app.session.open_sample("coppia_neonato")
    cards = app.shell.headline.value
    app.monthly.text.value = "tanti"
    assert "Non è un numero" in text(app.monthly.message)
    assert "Correggi" in app.shell.status.value and app.shell.headline.value == cards
    app.monthly.text.value = "-5"
    assert "non può essere negativo" in text(app.monthly.message)
    app.monthly.text.value = "200"
    assert app.monthly.message.value == "" and app.shell.status.value == ""
    app.gross.text.value = "-150"
    assert "Rendimento non plausibile" in text(app.gross.message)
    app.gross.text.value = "2"
    app.inflation.text.value = ""
    assert "Campo vuoto" in text(app.inflation.message)
    app.inflation.text.value = "2"
    row = app.goals.rows[0]
    row.controls["target"].value = "-5"
    assert "non può essere negativo" in text(row.messages["target"])
    assert app.household == load_sample("coppia_neonato")  # nothing wrong is written to the household
    row.controls["target"].value = "3.000"
    assert row.messages["target"].value == "" and app.shell.status.value == ""


def test_a_goal_date_already_passed_is_said_beside_it_without_stopping_the_plan(app):
    app.session.open_sample("coppia_neonato")
    app.goals.rows[0].controls["by"].value = "10/2026"
    assert "già passata" in text(app.goals.rows[0].messages["by"])
    assert app.shell.status.value == ""
    assert app.household.goals[0].by_year == 2026


def test_the_chart_is_drawn_again_narrow_on_a_phone(app):
    app.session.open_sample("coppia_neonato")
    wide = app.chart.value
    app.session.bridge.width = 360
    assert app.session.narrow and app.chart.value != wide
    assert "aria-label='Grafico dei risparmi mese per mese" in app.chart.value
    assert app.goals.rows and app.household == load_sample("coppia_neonato")
