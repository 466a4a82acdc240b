"""The "Piano di rientro" app, driven through its widgets (no browser)."""

import html
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from oltre_finance.debts import compare_strategies, debts_from_household
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.ui.household_picker import EMPTY
from oltre_finance.ui.payoff_app import PayoffApp

TODAY = date(2026, 11, 24)


@pytest.fixture
def app():
    return PayoffApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value).replace("\u00a0", " ")


def set_budget(app, value: str) -> None:
    app.budget.text.value = value


def test_sample_loads_with_a_plan(app):
    assert app.status.value == ""
    debts = debts_from_household(load_sample("prestiti_revolving"))
    assert [row.name.value for row in app.rows] == [d.name for d in debts]
    assert app.budget.text.value == "1.235,00"  # minimums (1.135,00) plus 100
    expected = compare_strategies(debts, Decimal("1235"), start=date(2026, 12, 1)).plans["avalanche"]
    assert "settembre 2032" in text(app.cards) and expected.debt_free_month == 70
    assert "5.613,11 €" in text(app.cards)
    assert "of-note-arrears_first" in app.notes.value
    assert bytes(app.chart.value).startswith(b"\x89PNG")
    assert "Valanga" in text(app.comparison) and "Solo rate minime" in text(app.comparison)
    assert "Nuova rata" in text(app.consolidation)
    assert "Organismo di composizione della crisi" in text(app.orientation)


def test_every_sample_loads(app):
    for key in sample_names():
        app.picker.chooser.value = key
        assert app.status.value == "", key
    app.picker.chooser.value = EMPTY
    assert app.rows == [] and "Aggiungi i debiti" in text(app.debt_table)


def test_budget_and_slider_move_the_debt_free_date(app):
    # A plan where the date depends on the budget: drop the quinto (fixed 70-month plan).
    app._remove_row(app.rows[0])
    before = text(app.cards)
    set_budget(app, "2.000")
    assert app.slider.value == 2000
    after = text(app.cards)
    assert after != before
    app.slider.value = 700
    assert app.budget.text.value == "700,00"
    assert "Il budget non basta" in text(app.notes)


def test_strategy_changes_the_order(app):
    avalanche = text(app.debt_table)
    app.strategy.value = "snowball"
    snowball = text(app.debt_table)
    assert avalanche != snowball
    app.strategy.value = "custom"
    assert app.order_box.layout.display is None
    app.order.order = ["Carta revolving", *[n for n in app.order.order if n != "Carta revolving"]]
    rows = text(app.debt_table)
    assert "<td>1</td>" in html.unescape(app.debt_table.value).split("Carta revolving")[1][:80]
    assert "of-note-arrears_not_first" in app.notes.value
    assert rows != snowball


def test_extra_payment(app):
    before = text(app.cards)
    app.extra.text.value = "2.000"
    assert text(app.cards) != before


def test_bad_fields_show_italian_errors_and_keep_results(app):
    cards = app.cards.value
    app.rows[1].balance.value = "tanti"
    assert "⚠" in app.rows[1].error.value
    assert "Correggi" in app.status.value and app.cards.value == cards
    app.rows[1].balance.value = "8.005,01"
    assert app.status.value == ""
    set_budget(app, "-5")
    assert "⚠" in app.budget.message.value and app.cards.value == cards
    set_budget(app, "1.235")
    app.rows[2].name.value = app.rows[1].name.value
    assert "questo nome" in text(app.rows[2].error)
    app.rows[2].name.value = "Mobili"
    app.loan_amount.text.value = "1.000"
    assert "non basta" in app.loan_amount.message.value
    app.members.text.value = "0"
    assert "⚠" in app.members.message.value
    app.rows[4].rule.value = "percent"
    app.rows[4].minimum.value = "3"
    app.rows[4].floor.value = "30"
    assert app.status.value == "" and app.rows[4].error.value == ""


def test_upload_a_household_and_a_malformed_file(app):
    data = load_sample("madre_separata").model_dump(mode="json")
    content = json.dumps(data).encode()
    upload(app, content)
    assert "File caricato" in app.picker.upload_message.value
    upload(app, b"{ rotto")
    assert "File non caricato" in app.picker.upload_message.value


def test_add_a_debt_by_hand(app):
    app.picker.chooser.value = EMPTY
    app._add_row()
    row = app.rows[0]
    row.name.value = "Carta"
    row.kind.value = "revolving_card"
    row.rate.value = "20"
    row.minimum.value = "80"
    row.balance.value = "5.000"
    set_budget(app, "80")
    assert "non copre gli interessi" in text(app.notes)
    assert "mai" in text(app.cards)


def upload(app, content: bytes):
    app.picker.upload.value = (
        {
            "name": "famiglia.json",
            "type": "application/json",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2026, 11, 24, tzinfo=UTC),
        },
    )
