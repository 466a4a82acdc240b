"""The "Consulenza" app: in Python against the store, and in headless Chromium as the consultant uses it."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from datetime import date

import openpyxl
import pypdf
import pytest

from oltre_finance.followup import compare_meetings
from oltre_finance.io.household_file import household_to_json
from oltre_finance.io.samples import load_sample
from oltre_finance.store import open_store
from oltre_finance.ui.consultation_app import ConsultationApp

TODAY = date(2026, 12, 1)
APP = "/voila/render/06_consulenza.ipynb"


@pytest.fixture
def app(tmp_path):
    return ConsultationApp(store=open_store(tmp_path / "casi.sqlite3"), today=TODAY)


def _links(widget_html: str) -> dict[str, bytes]:
    return {name: base64.b64decode(data) for name, data in
            re.findall(r"download='([^']+)' href='data:[^;]+;base64,([^']+)'", widget_html)}  # fmt: skip


def test_a_case_from_the_household_on_screen_two_meetings_an_action_the_plan_and_the_comparison(app):
    app.session.replace(load_sample("prestiti_revolving"))
    app.consultant.value = "Anna"
    app.new_case.click()
    code = app.case.value
    assert code.startswith("OF-") and app.store.case(code).meeting(1).household == load_sample("prestiti_revolving")
    app.action_text.value, app.action_owner.value, app.action_due.value = "Chiedere l'ISEE", "Famiglia", "15/01/2027"
    app.add_action.click()
    app.extra.value, app.on.value = "40", "10/02/2027"
    app.save.click()
    case = app.store.case(code)
    assert [m.number for m in case.meetings] == [1, 2]
    assert case.meeting(2).plan.actions[0].text == "Chiedere l'ISEE" and case.meeting(2).plan.debt_extra == 40
    files = _links(app.downloads.value)
    pdf = files[f"piano-{code}-incontro-2.pdf"]
    assert pdf.startswith(b"%PDF") and "Chiedere l'ISEE" in " ".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(pdf)).pages)  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(files[f"piano-{code}-incontro-2.xlsx"]))
    assert book.sheetnames[0] == "Bilancio"
    expected = compare_meetings(case, 1, 2, today=TODAY).sentences_it
    assert all(html.escape(s) in app.comparison.value for s in expected)
    # The third meeting reviews the action agreed at the second: ticked done, it is saved so.
    assert [box.description for box in app.action_done.children] == ["Fatta: Chiedere l'ISEE"]
    app.on.value = "10/03/2027"
    app.action_done.children[0].value = True
    app.save.click()
    third = app.store.case(code).meeting(3).plan.actions[0]
    assert (third.status, third.done_on) == ("fatta", date(2027, 3, 10))


def test_a_wrong_amount_or_date_saves_nothing_and_says_so(app):
    app.session.replace(load_sample("madre_separata"))
    app.new_case.click()
    code = app.case.value
    app.extra.value = "quaranta"
    app.save.click()
    assert "Non è un numero" in html.unescape(app.status.value)
    app.extra.value, app.on.value = "", "31/02/2027"
    app.save.click()
    assert "gg/mm/aaaa" in html.unescape(app.status.value)
    assert len(app.store.case(code).meetings) == 1


def test_hostile_text_is_shown_as_text(app):
    app.session.replace(load_sample("madre_separata"))
    app.consultant.value = "<img src=x onerror=alert(1)>"
    app.new_case.click()
    app.action_text.value = "<script>alert(1)</script>"
    app.add_action.click()
    assert "<script>" not in app.action_list.value and "&lt;script&gt;" in app.action_list.value
    app.save.click()
    assert "<img src=x" not in app.meetings.value and "&lt;img src=x" in app.meetings.value


def test_an_empty_household_opens_no_case(app):
    app.new_case.click()
    assert app.store.cases() == () and "Apri prima il file" in html.unescape(app.status.value)


@pytest.mark.browser
def test_the_consultant_in_the_browser(browser, server, tmp_path):
    saved = tmp_path / "famiglia.json"
    saved.write_text(household_to_json(load_sample("coppia_neonato")), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(server + APP, timeout=120_000)
        page.wait_for_selector(".of-consultation-app", timeout=120_000)
        page.wait_for_selector(".of-file-buttons .of-save", timeout=60_000)
        page.locator(".of-household-bar:visible .of-open-input").set_input_files(str(saved))
        page.locator(".of-household-bar:visible .of-bar-message").get_by_text("Aperta la famiglia").wait_for(
            timeout=30_000
        )
        page.locator(".of-consultant input").fill("Anna")
        page.get_by_role("button", name="Nuovo caso dalla famiglia sullo schermo").click()
        page.get_by_text("con il primo incontro").wait_for(timeout=30_000)
        page.locator(".of-action-text input").fill("Chiedere l'Assegno Unico per il nuovo nato")
        page.locator(".of-action-owner input").fill("Famiglia")
        page.locator(".of-action-due input").fill("31/01/2027")
        page.get_by_role("button", name="Aggiungi l'azione").click()
        page.locator(".of-actions").get_by_text("Chiedere l'Assegno Unico").wait_for(timeout=30_000)
        page.locator(".of-on input").fill("10/02/2027")
        page.get_by_role("button", name="Salva l'incontro").click()
        page.get_by_text("Salvato l'incontro 2").wait_for(timeout=60_000)
        page.locator(".of-meeting-comparison li").first.wait_for(timeout=60_000)
        links = page.locator("a.of-download")
        names = [links.nth(i).get_attribute("download") for i in range(links.count())]
        assert any(n.endswith("-incontro-2.pdf") for n in names) and any(n.endswith("-incontro-2.xlsx") for n in names)
        with page.expect_download() as download:
            links.filter(has_text="PDF").click()
        pdf_path = tmp_path / download.value.suggested_filename
        download.value.save_as(pdf_path)
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf_path).pages)
        assert "Chiedere l'Assegno Unico per il nuovo nato" in text
        page.set_viewport_size({"width": 1280, "height": 3000})
        page.screenshot(path=str(tmp_path / "consulenza.png"))
        assert errors == []
    finally:
        context.close()
    # The case is in the store the server was given (this run's temporary store), not in a file named after it.
    import os

    with open_store(os.environ["OLTRE_FINANCE_CASES"]) as store:
        mine = [c for c in store.cases() if c.meetings == 2]
        assert mine and json.dumps([c.code for c in mine])


def test_the_app_opens_an_encrypted_store_with_the_passphrase_it_is_given(tmp_path, monkeypatch):
    path = tmp_path / "cifrato.sqlite3"
    with open_store(path, passphrase="frase lunga e segreta") as store:
        code = store.new_case(opened_on=TODAY)
    monkeypatch.setenv("OLTRE_FINANCE_CASES", str(path))
    monkeypatch.setenv("OLTRE_FINANCE_PASSPHRASE", "frase lunga e segreta")
    app = ConsultationApp(today=TODAY)
    assert code in [value for _, value in app.case.options]
    monkeypatch.setenv("OLTRE_FINANCE_PASSPHRASE", "sbagliata")
    with pytest.raises(Exception) as caught:
        ConsultationApp(today=TODAY)
    assert "passphrase" in caught.value.message_it
