"""The "Eventi di vita" app, driven through its widgets (no browser).

Expected figures come from the core (``compare``, ``baseline``, the events
built directly) or are computed here by hand.
"""

import html
import json
from datetime import date
from decimal import Decimal

import pytest
from app_support import from_browser, type_row

from oltre_finance.io.household_file import household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur
from oltre_finance.scenarios import baseline, compare, rent_change
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.events_app import EventsApp
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.views.event_forms import EVENT_KINDS
from oltre_finance.views.household import empty_household

TODAY = date(2026, 12, 1)


@pytest.fixture
def app():
    return EventsApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value).replace("\u00a0", " ")


def error(box, key) -> str:
    value = text(box.messages[key])
    return value if "of-error" in box.messages[key].value else ""


def test_the_app_starts_from_the_empty_household_and_says_where_to_type_it(app):
    assert app.household == empty_household()
    assert "Saldo del mese, oggi" in text(app.cards) and "0,00 €" in text(app.cards)
    assert "Bilancio familiare" in text(app.note)
    assert "<svg" in app.chart.value and "aria-label='Grafico dei prossimi 12 mesi" in app.chart.value
    assert app.forms == [] and app.shell.status.value == ""


def test_an_event_that_cannot_apply_says_why_beside_its_field(app):
    box = app.add_event("rent_change")
    assert "La famiglia non paga un affitto" in error(box, "new_rent")
    assert "Correggi" in text(app.shell.status)
    loss = app.add_event("job_loss")
    assert error(loss, "salary_labels") == ""  # checked once the rent change is mended
    app._remove(box)
    assert "non ha entrate da lavoro" in error(loss, "salary_labels")


def test_a_sample_opened_through_the_session_and_a_job_loss(app):
    app.session.open_sample("coppia_neonato")
    household = load_sample("coppia_neonato")
    assert app.household == household
    assert format_eur(baseline(household, start_year=2026, start_month=12).summary.balance) in app.cards.value
    box = app.add_event("job_loss")
    assert app.shell.status.value == ""
    assert box.controls["member"].value == "Marco"
    assert "NASpI di Marco, mese 1" in text(app.months)
    assert "Il saldo del mese, a regime, passa da 380,33 € a -" in text(app.sentence)
    assert "68 giorni" in text(app.steps)
    assert app.household == household  # events are a "what if"


@pytest.mark.parametrize("kind", list(EVENT_KINDS))
def test_every_event_on_every_sample_shows_a_result_or_a_message_beside_a_field(app, kind, monkeypatch):
    monkeypatch.setattr("oltre_finance.ui.events_app.events_chart", lambda view, narrow: b"")  # drawn elsewhere
    for key in sample_names():
        app.session.open_sample(key)
        for box in list(app.forms):
            app._remove(box)
        box = app.add_event(kind)
        messages = [error(box, k) for k in box.controls] + [text(box.message)]
        if any(messages):
            assert "Correggi il campo" in text(app.shell.status), (key, kind)
        else:
            assert app.shell.status.value == "" and "Per prima cosa" in text(app.sentence), (key, kind)


def test_the_budget_apps_household_with_the_rent_up_from_september():
    session = HouseholdSession(today=TODAY)
    budget, events = BudgetApp(session=session), EventsApp(session=session)
    type_row(budget.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    type_row(budget.editors["incomes"], {"label": "Mantenimento", "source": "maintenance", "amount": "300"})
    type_row(budget.editors["expenses"], {"label": "Affitto", "category": "casa", "amount": "750"})
    assert events.household == budget.household and events.household.expenses[0].subcategory == "affitto"
    box = events.add_event("rent_change")
    assert box.controls["new_rent"].value == "825"  # prefilled: 750 + 10 %
    box.controls["new_rent"].value = "900"
    box.controls["starts"].value = "2027-09"
    assert events.shell.status.value == "" and error(box, "new_rent") == ""
    assert "Affitto: da 750,00 € a 900,00 €" in text(events.months)
    expected = compare(budget.household, {"x": [rent_change(Decimal(900), starts=date(2027, 9, 1))]},
                       start_year=2026, start_month=12)  # fmt: skip
    assert format_eur(expected.scenarios[0].summary.balance) in events.cards.value  # 1.450 + 300 − 900 = 850
    assert "850,00" in text(events.cards)
    # a change typed in the budget app is seen by the events app, and the untouched field follows it
    budget.editors["incomes"].rows[0].controls["amount"].value = "1.600"
    assert events.household.incomes[0].amount == 1600
    assert format_eur(Decimal(1600 + 300 - 900)) in events.cards.value
    budget.editors["expenses"].rows[0].controls["amount"].value = "800"
    assert box.controls["new_rent"].value == "900"  # the person's own value stays
    assert budget.household == events.household  # and the events app wrote nothing back


def test_the_events_survive_a_reload():
    session = HouseholdSession(today=TODAY)
    app = EventsApp(session=session)
    from_browser(session, "restored", text=None)
    session.open_sample("affitto_meta_reddito")
    box = app.add_event("rent_change")
    box.controls["starts"].value = "2027-09"
    app.isee.text.value = "12.000"
    kept_household, kept_apps = session.bridge.stored, session.bridge.apps_stored
    assert json.loads(kept_apps)["events"]["events"] == [{"kind": "rent_change", "values": {"starts": "2027-09"}}]

    again = HouseholdSession(today=TODAY)
    reloaded = EventsApp(session=again)
    from_browser(again, "restored", text=kept_household, apps=kept_apps)
    assert reloaded.household == load_sample("affitto_meta_reddito")
    assert [b.kind for b in reloaded.forms] == ["rent_change"]
    assert reloaded.forms[0].controls["starts"].value == "2027-09"
    assert reloaded.forms[0].controls["new_rent"].value == "1.265"  # the default, from the household
    assert reloaded.isee.text.value == "12.000"
    assert text(reloaded.sentence) == text(app.sentence) and reloaded.cards.value == app.cards.value


def test_a_kept_event_that_no_longer_fits_comes_back_with_its_message():
    session = HouseholdSession(today=TODAY)
    app = EventsApp(session=session)
    kept = {"events": {"start": "2026-12", "isee": "", "events": [
        {"kind": "job_loss", "values": {"member": "Luca", "salary_labels": ["Stipendio di Luca"]}},
        {"kind": "birth", "values": {"child": 42, "cost_level": "??"}}]}}  # fmt: skip
    from_browser(session, "restored", text=household_to_json(load_sample("coppia_neonato")), apps=json.dumps(kept))
    loss, born = app.forms
    assert loss.controls["member"].value == "Luca"
    assert "«Luca» non c'è più nella famiglia" in error(loss, "member")
    assert born.controls["child"].value == "Neonato" and born.controls["cost_level"].value == "medio"  # quietly
    loss.controls["member"].value = "Marco"
    loss.controls["salary_labels"].value = ("Stipendio di Marco",)
    assert app.shell.status.value == "" and error(loss, "member") == ""


def test_start_again_clears_the_events(app):
    app.session.open_sample("madre_separata")
    app.add_event("new_loan")
    app.shell.bar.reset.click()
    app.shell.bar.yes.click()
    assert app.forms == [] and app.household == empty_household() and app.isee.text.value == ""


def test_bad_input_shows_the_message_beside_the_field_and_the_last_results_stay(app):
    app.session.open_sample("coppia_neonato")
    form = app.add_event("birth")
    form.controls["child"].value = "Sofia"  # already in the family
    assert "Nome già presente" in error(form, "child")
    assert "of-invalid" in form.controls["child"]._dom_classes
    form.controls["child"].value = "Luca"
    shown = app.sentence.value
    assert app.shell.status.value == ""
    form.controls["nursery_monthly"].value = "tanti"
    assert "Non è un numero" in error(form, "nursery_monthly")
    assert app.sentence.value == shown  # the last valid results stay
    app.isee.text.value = "-5"
    assert "L'ISEE non può essere negativo" in text(app.isee.message)
    form.controls["nursery_monthly"].value = "350"
    app.isee.text.value = "9.000"
    assert app.shell.status.value == "" and "Bonus sociale per la luce" in text(app.benefits)
    assert "186,15 € l'anno" in text(app.benefits) and "href='https://" in app.benefits.value


def test_every_control_has_a_real_label(app):
    app.session.open_sample("cura_genitore")
    for kind in EVENT_KINDS:
        app.add_event(kind)
    controls = [app.start, app.isee.text, app.kind] + [c for box in app.forms for c in box.controls.values()]
    assert all(control.description for control in controls)


def test_the_chart_is_drawn_again_for_a_phone(app):
    app.session.open_sample("madre_separata")
    app.add_event("rent_change")
    wide = app.chart.value
    app.session.bridge.width = 360
    assert app.session.narrow and app.chart.value != wide
    assert "aria-label='Grafico dei prossimi 12 mesi" in app.chart.value
