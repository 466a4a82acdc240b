"""The "Eventi di vita" app, driven through its widgets (no browser)."""

import html
from datetime import UTC, date, datetime

import pytest

from oltre_finance.io.samples import sample_names
from oltre_finance.ui.event_forms import EVENT_KINDS
from oltre_finance.ui.events_app import EventsApp

TODAY = date(2026, 11, 24)


@pytest.fixture
def app():
    return EventsApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value).replace("\u00a0", " ")


def test_opens_on_the_household_as_it_is(app):
    assert "Aggiungi un evento" in text(app.status)
    assert "Saldo del mese, oggi" in text(app.cards)
    assert bytes(app.chart.value).startswith(b"\x89PNG")
    assert "Assegno Unico" in text(app.benefits)


def test_job_loss_brings_naspi_a_lower_balance_and_short_months(app):
    app.add_event("job_loss")
    assert app.status.value == ""
    assert "NASpI di Marco, mese 1" in text(app.months_table)
    assert "Il saldo del mese, a regime, passa da 380,33 € a -1.732,17 €" in text(app.sentence)
    assert "2 → 12" in text(app.cards)
    assert "68 giorni" in text(app.steps)


@pytest.mark.parametrize("kind", list(EVENT_KINDS))
def test_every_event_on_every_sample_shows_a_result_or_a_named_error(app, kind):
    for key in sample_names():
        app.picker.chooser.value = key
        form = app.add_event(kind)
        errors = [c.message.value for c in form.controls.values() if "of-error" in c.message.value]
        if errors or form.message.value:
            assert "Correggi il campo" in text(app.status), (key, kind)
        else:
            assert app.status.value == "" and "Per prima cosa" in text(app.sentence), (key, kind)


def test_isee_brings_the_benefits_and_a_wrong_isee_keeps_the_results(app):
    app.add_event("birth")
    app.isee.text.value = "9.000"
    assert "Bonus sociale per la luce" in text(app.benefits)
    assert "186,15 € l'anno" in text(app.benefits)
    shown = app.sentence.value
    app.isee.text.value = "-5"
    assert "of-error" in app.isee.message.value and "Correggi" in text(app.status)
    assert app.sentence.value == shown  # the last valid results stay


def test_bad_event_fields_show_beside_the_field(app):
    form = app.add_event("birth")
    form.controls["child"].text.value = "Sofia"  # already in the family
    assert "Nome già presente" in text(form.controls["child"].message)
    form.controls["child"].text.value = "Luca"
    assert app.status.value == ""
    form.controls["nursery_monthly"].text.value = "tanti"
    assert "of-error" in form.controls["nursery_monthly"].message.value
    care = app.add_event("parent_care")
    care.controls["age"].text.value = "12"
    assert "Età del genitore" in text(care.controls["age"].message)
    loan = app.add_event("new_loan")
    loan.controls["principal"].text.value = "0"
    assert "of-error" in loan.controls["principal"].message.value
    for form, key, value in (
        (app.forms[0], "nursery_monthly", "350"),
        (care, "age", "80"),
        (loan, "principal", "5000"),
    ):
        form.controls[key].text.value = value
    assert app.status.value == ""
    mortgage = app.add_event("mortgage_reset")
    assert "non ha un mutuo" in text(mortgage.controls["new_rate"].message)


def test_remove_an_event_and_change_the_household(app):
    form = app.add_event("separation")
    assert "Separazione" in text(app.changes)
    form.box.children[0].children[1].click()  # "Togli"
    assert app.forms == [] and "Aggiungi un evento" in text(app.status)
    app.add_event("rent_change")
    app.picker.chooser.value = "cura_genitore"
    assert app.forms == []  # the forms were prefilled for the other household


def test_malformed_upload_keeps_the_household(app):
    app.picker.upload.value = (
        {"name": "x.json", "type": "application/json", "size": 3, "content": memoryview(b"{no"),
         "last_modified": datetime(2026, 11, 24, tzinfo=UTC)},
    )  # fmt: skip
    assert "File non caricato" in text(app.picker.upload_message)
    assert "Giulia e Marco" in text(app.picker.description)
