"""The "Piano di risparmio" app, driven through its widgets (no browser)."""

import html
from datetime import date

import pytest

from oltre_finance.io.samples import sample_names
from oltre_finance.ui.savings_app import SavingsApp

TODAY = date(2026, 11, 24)


@pytest.fixture
def app():
    return SavingsApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value).replace("\u00a0", " ")


def test_sample_loads_with_fund_goals_and_projection(app):
    assert app.status.value == ""
    assert "servono" in text(app.fund) and "Fondo di emergenza" in text(app.goals_table)
    # The household's own emergency-fund goal is not counted twice.
    assert "Fondo per le emergenze" not in text(app.goals_table)
    assert "Versi in tutto" in text(app.projection)
    assert bytes(app.chart.value).startswith(b"\x89PNG")


def test_every_sample_loads(app):
    for key in sample_names():
        app.picker.chooser.value = key
        assert app.status.value == "", key


def test_monthly_amount_moves_the_goals(app):
    before = text(app.goals_table)
    app.monthly.text.value = "900"
    assert app.slider.value == 900
    assert text(app.goals_table) != before
    app.slider.value = 300
    assert app.monthly.text.value == "300,00"


def test_add_a_goal(app):
    app._add_row()
    row = app.rows[-1]
    row.name.value = "Auto nuova"
    row.by.value = "2030-06"
    row.target.value = "8.000"
    assert "Auto nuova" in text(app.goals_table)


def test_risky_instrument_shows_the_fan_and_probability(app):
    app.instrument.value = "etf_pac"
    assert app.gross.text.value == "6,00"
    words = text(app.projection)
    assert "In 9 casi su 10 avrai almeno" in words and "su 100" in words
    assert app.progress.value == ""  # the progress line is gone once the simulation ends


def test_bad_fields_show_italian_errors_and_keep_results(app):
    cards = app.cards.value
    app.monthly.text.value = "tanti"
    assert "⚠" in app.monthly.message.value and app.cards.value == cards
    app.monthly.text.value = "200"
    app.gross.text.value = "-150"
    assert "⚠" in app.gross.message.value
    app.gross.text.value = "2"
    app._add_row()
    row = app.rows[-1]
    row.target.value = "-5"
    assert "⚠" in row.error.value
    row.target.value = "1.000"
    row.name.value = "Fondo di emergenza"
    assert "questo nome" in text(row.error)
