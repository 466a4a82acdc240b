"""The "Bilancio familiare" app, driven through its widgets (no browser).

Expected figures come from the core (``summarize``) or are computed here.
"""

import html
from datetime import date
from decimal import Decimal

import pytest
from app_support import capture_downloads, from_browser, type_row

from oltre_finance.budget import summarize
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.views.household import empty_household

TODAY = date(2026, 12, 1)


@pytest.fixture
def app():
    return BudgetApp(today=TODAY)


def test_a_new_page_starts_empty_and_never_with_a_sample(app):
    assert app.household == empty_household()
    assert "0,00" in app.cards.value and "Aggiungi" in app.indicators.value


def test_the_new_user_types_her_month_and_sees_housing_red(app):
    type_row(app.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    type_row(app.editors["incomes"], {"label": "Mantenimento", "source": "maintenance", "amount": "300"})
    rent = type_row(app.editors["expenses"], {"label": "Affitto", "category": "casa", "amount": "750"})
    assert rent.controls["subcategory"].value == "affitto"  # the sensible default
    housing = summarize(app.household).indicators["housing_cost"]
    assert housing.value == (Decimal(750) / Decimal(1750)).quantize(Decimal("0.0001"))
    assert "of-dot-red" in app.indicators.value.split("of-indicator-housing_cost")[1][:200]
    assert "42,86" in app.cards.value  # the headline says it too
    assert format_eur(Decimal(1450 + 300 - 750)) in app.cards.value


def test_a_wrong_amount_is_shown_beside_its_field_and_the_last_results_stay(app):
    row = type_row(app.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    results = app.cards.value
    row.controls["amount"].value = "dieci"
    assert "Non è un numero" in html.unescape(row.messages["amount"].value)
    assert "Correggi" in app.shell.status.value
    assert app.cards.value == results
    row.controls["amount"].value = "1.500"
    assert row.messages["amount"].value == "" and app.shell.status.value == ""
    assert app.household.incomes[0].amount == 1500


def test_removing_a_row_takes_it_out_of_the_household(app):
    type_row(app.editors["expenses"], {"label": "Spesa", "category": "spesa_alimentare", "amount": "400"})
    app.editors["expenses"].remove(app.editors["expenses"].rows[0])
    assert app.household.expenses == ()


@pytest.mark.parametrize("key", list(sample_names()))
def test_every_sample_opens_whole_in_the_editor(app, key):
    app.session.open_sample(key)
    assert app.household == load_sample(key)
    assert format_eur(summarize(load_sample(key)).balance) in app.cards.value
    assert sum(len(editor.rows) for editor in app.editors.values()) == sum(
        len(getattr(load_sample(key), part)) for part in ("members", "incomes", "expenses", "assets", "debts", "goals")
    )
    app.refresh()  # reading the editor back changes nothing
    assert app.household == load_sample(key)


def test_what_the_browser_kept_is_restored_and_every_change_is_kept_there():
    session = HouseholdSession(today=TODAY)
    app = BudgetApp(session=session)
    kept = household_to_json(load_sample("madre_separata"))
    from_browser(session, "restored", text=kept)
    assert app.household == load_sample("madre_separata")
    app.editors["incomes"].rows[0].controls["amount"].value = "2.000"
    assert household_from_json(session.bridge.stored).incomes[0].amount == 2000


def test_nothing_is_written_to_the_browser_before_it_has_said_what_it_kept():
    session = HouseholdSession(today=TODAY)
    app = BudgetApp(session=session)
    type_row(app.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    assert session.bridge.stored == ""
    from_browser(session, "restored", text=None)  # nothing kept: the page's household is written
    assert household_from_json(session.bridge.stored) == app.household


def test_a_household_kept_by_an_older_or_broken_page_is_refused_calmly():
    session = HouseholdSession(today=TODAY)
    app = BudgetApp(session=session)
    from_browser(session, "restored", text="{rotto")
    assert app.household == empty_household()
    assert "non si può leggere" in html.unescape(app.shell.bar.message.value)


def test_salva_downloads_the_file_named_after_the_household_and_apri_restores_it():
    session = HouseholdSession(today=TODAY)
    app = BudgetApp(session=session)
    session.open_sample("madre_separata")
    sent = capture_downloads(session)
    from_browser(session, "save")
    assert sent[0]["kind"] == "download" and sent[0]["name"].endswith("-2026-12-01.json")
    other = BudgetApp(today=TODAY)
    from_browser(other.session, "opened", text=sent[0]["text"])
    assert other.household == load_sample("madre_separata")
    assert "Aperta la famiglia" in html.unescape(other.shell.bar.message.value)
    assert app.household == other.household


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ({"kind": "opened", "text": "non sono json"}, "JSON valido"),
        ({"kind": "opened", "text": '{"schema_version": 7}'}, "Versione del file non supportata"),
        ({"kind": "open_failed", "reason": "too_big"}, "troppo grande"),
        ({"kind": "open_failed", "reason": "unreadable"}, "non si riesce a leggerlo"),
        ({"kind": "opened", "text": 42}, "non si riesce a leggerlo"),
    ],
)
def test_a_file_that_cannot_be_opened_says_why_and_keeps_the_household(app, message, words):
    app.session.open_sample("coppia_neonato")
    before = app.household
    from_browser(app.session, **message)
    assert words in html.unescape(app.shell.bar.message.value)
    assert app.household == before


def test_start_again_asks_first_when_there_are_figures(app):
    app.session.open_sample("coppia_neonato")
    bar = app.shell.bar
    bar.reset.click()
    assert bar.confirm.layout.display is None and "Ricominciare" in bar.question.value
    bar.no.click()
    assert app.household == load_sample("coppia_neonato")
    bar.reset.click()
    bar.yes.click()
    assert app.household == empty_household()
    assert all(not editor.rows for key, editor in app.editors.items() if key != "members")


def test_opening_an_example_over_typed_figures_asks_first(app):
    type_row(app.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    app.shell.bar.samples.value = "coppia_neonato"
    assert app.household.incomes[0].label == "Stipendio"  # not yet
    app.shell.bar.yes.click()
    assert app.household == load_sample("coppia_neonato")
    assert app.shell.bar.samples.value == ""


def test_two_apps_on_one_page_share_the_household():
    session = HouseholdSession(today=TODAY)
    first, second = BudgetApp(session=session), BudgetApp(session=session)
    type_row(first.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    assert second.household.incomes[0].amount == 1450
    assert [row.controls["amount"].value for row in second.editors["incomes"].rows] == ["1.450,00"]


def test_the_heading_names_the_household_on_screen(app):
    app.session.open_sample("madre_separata")
    assert html.escape(load_sample("madre_separata").name) in app.shell.bar.heading.value
    app.name.value = "Famiglia <Bianchi>"
    assert "Famiglia &lt;Bianchi&gt;" in app.shell.bar.heading.value


def test_rows_reused_from_a_bigger_household_hold_the_new_one_exactly(app):
    app.session.open_sample("cura_genitore")
    app.session.open_sample("madre_separata")
    app.refresh()
    assert app.household == load_sample("madre_separata")


def test_a_debt_typed_with_its_instalment_is_in_the_month_once(app):
    type_row(app.editors["incomes"], {"label": "Stipendio", "amount": "2.000"})
    debt = type_row(app.editors["debts"], {"label": "Auto", "balance": "8.000", "annual_rate": "8,9"})
    debt.controls["instalment"].value = "290"
    assert [(e.label, e.amount) for e in app.household.expenses] == [("Rata: Auto", 290)]
    assert [row.controls["label"].value for row in app.editors["expenses"].rows] == ["Rata: Auto"]
    debt.controls["instalment"].value = "310"
    assert [(e.label, e.amount) for e in app.household.expenses] == [("Rata: Auto", 310)]
    app.editors["debts"].remove(debt)
    assert app.household.expenses == () and app.household.debts == ()


def test_a_local_file_keeps_the_household_too_when_asked(tmp_path):
    kept = tmp_path / "famiglia.json"
    session = HouseholdSession(today=TODAY, save_to=kept)
    app = BudgetApp(session=session)
    from_browser(session, "restored", text=None)
    type_row(app.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    assert household_from_json(kept.read_bytes()) == app.household
    # Another browser (nothing in its storage) on the same computer finds it in the file.
    again = HouseholdSession(today=TODAY, save_to=kept)
    other = BudgetApp(session=again)
    from_browser(again, "restored", text=None)
    assert other.household == app.household
    kept.write_text("{rotto", encoding="utf-8")
    third = HouseholdSession(today=TODAY, save_to=kept)
    BudgetApp(session=third)
    from_browser(third, "restored", text=None)
    assert third.household == empty_household()


def test_without_save_to_nothing_is_written_on_the_computer(tmp_path, monkeypatch):
    monkeypatch.delenv("OLTRE_FINANCE_SAVE_TO", raising=False)
    monkeypatch.chdir(tmp_path)
    session = HouseholdSession(today=TODAY)
    from_browser(session, "restored", text=None)
    session.open_sample("coppia_neonato")
    assert session.save_to is None and list(tmp_path.iterdir()) == []


def test_charts_are_drawn_again_only_when_their_figures_change(app):
    app.session.open_sample("madre_separata")
    drawn = app.calendar_chart.value, app.category_chart.value
    app.name.value = "Un altro nome"
    assert (app.calendar_chart.value, app.category_chart.value) == drawn
    app.editors["expenses"].rows[0].controls["amount"].value = "1.234"
    assert app.calendar_chart.value != drawn[0] and app.category_chart.value != drawn[1]
