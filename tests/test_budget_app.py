"""The "Bilancio familiare" app, driven through its widgets (no browser)."""

import html
import json
from datetime import UTC, date, datetime

import pytest

from oltre_finance.budget import summarize
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur, format_number
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.household_picker import EMPTY

TODAY = date(2026, 11, 24)


@pytest.fixture
def app():
    return BudgetApp(today=TODAY, sample="madre_separata")


def upload(app, content: bytes, name="famiglia.json"):
    app.picker.upload.value = (
        {
            "name": name,
            "type": "application/json",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2026, 11, 24, tzinfo=UTC),
        },
    )


def test_every_sample_is_offered_and_loads(app):
    for key in sample_names():
        app.picker.chooser.value = key
        assert app.status.value == ""
        assert format_eur(summarize(load_sample(key)).balance) in app.cards.value
        assert bytes(app.calendar_image.value).startswith(b"\x89PNG")
        assert "of-indicator-" in app.indicators.value


def test_editing_an_expense_changes_balance_and_indicators(app):
    before_cards, before_lights = app.cards.value, app.indicators.value
    rent = next(row for row in app.rows["expense"] if row.kind_choice.value == "casa")
    rent.amount.value = "2.500"
    assert app.cards.value != before_cards
    assert app.indicators.value != before_lights
    assert app.household.expenses[app.rows["expense"].index(rent)].amount == 2500


def test_wrong_amount_is_shown_beside_the_row(app):
    results = app.cards.value
    row = app.rows["expense"][0]
    row.amount.value = "dieci"
    assert "Non è un numero" in html.unescape(row.error.value)
    assert "Correggi" in app.status.value
    assert app.cards.value == results
    row.amount.value = "10"
    assert row.error.value == "" and app.status.value == ""


def test_add_and_remove_rows(app):
    count = len(app.household.expenses)
    app._add_row("expense")
    new = app.rows["expense"][-1]
    assert len(app.household.expenses) == count  # an empty new row is not counted yet
    new.amount.value = "35"
    assert len(app.household.expenses) == count + 1
    app._remove_row(new)
    assert len(app.household.expenses) == count


def test_start_empty(app):
    app.picker.chooser.value = EMPTY
    assert app.household.incomes == () and app.household.expenses == ()
    assert "0,00" in app.cards.value


def test_download_and_upload_round_trip(app):
    link = app.download.value
    payload = link.split("base64,")[1].split("'")[0]
    import base64

    content = base64.b64decode(payload)
    app.picker.chooser.value = EMPTY
    upload(app, content)
    assert "File caricato" in app.picker.upload_message.value
    assert app.household == load_sample("madre_separata")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"non sono json", "non è un JSON valido"),
        (b'{"schema_version": 7}', "Versione del file non supportata"),
        (json.dumps({"schema_version": 1, "name": "x", "members": []}).encode(), "Dato non valido"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "non è un file di testo"),
    ],
)
def test_malformed_upload_gives_an_italian_error_and_keeps_the_household(app, content, message):
    before = app.household
    upload(app, content)
    assert message in html.unescape(app.picker.upload_message.value)
    assert app.household == before
    assert app.status.value == ""


def test_savings_field_sets_the_liquid_savings(app):
    liquid = sum(asset.value for asset in load_sample("madre_separata").assets if asset.liquid)
    assert app.savings.text.value == format_number(liquid)
    app.savings.text.value = "9.000"
    assert sum(asset.value for asset in app.household.assets if asset.liquid) == 9000
    assert "Mesi coperti dai risparmi" in app.indicators.value


def test_negative_savings_are_refused_beside_the_field(app):
    app.savings.text.value = "-50"
    assert "negativi" in html.unescape(app.savings.message.value)
    assert "Correggi" in app.status.value
