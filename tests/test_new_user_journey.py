"""The new user of issue 11, end to end in headless Chromium, as she types.

A separated mother starts from an empty household in "Bilancio familiare", says who the family is,
types her salary, her maintenance and her rent (no sub-category, round numbers, a mistake); the app
says housing takes 42,86 % of her income, in red. The same household is there in "Eventi di vita",
where she tries a rent increase from September; a reload keeps everything; "Salva" gives a file that
"Apri un file" restores in another app of a browser that has never seen her.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from oltre_finance.io.household_file import household_from_json
from oltre_finance.money import format_eur, format_percent

pytestmark = pytest.mark.browser

BUDGET = "/voila/render/02_bilancio_familiare.ipynb"
EVENTS = "/voila/render/05_eventi_di_vita.ipynb"
SAVINGS = "/voila/render/04_piano_di_risparmio.ipynb"
HOUSING = format_percent((Decimal(750) / Decimal(1450 + 300)).quantize(Decimal("0.0001")))  # 42,86 %


def open_app(page, server: str, path: str) -> None:
    page.goto(server + path, timeout=120_000)
    page.wait_for_selector(".of-household-heading", timeout=120_000)
    page.wait_for_selector(".of-file-buttons .of-save", timeout=60_000)  # the browser side is there


def add_row(page, section: str, values: dict[str, str]) -> None:
    """Click "+ Aggiungi…" and type into the new row: text as typed, ``select:`` for a list."""
    count = page.locator(f".of-{section}-row").count()
    page.click(f".of-add-{section} button, button.of-add-{section}")
    row = page.locator(f".of-{section}-row").nth(count)
    row.wait_for(timeout=30_000)
    for key, value in values.items():
        cell = row.locator(f".of-cell-{key}")
        if value.startswith("select:"):
            cell.locator("select").select_option(label=value.removeprefix("select:"))
        elif value in ("check", "uncheck"):
            cell.locator("input[type=checkbox]").set_checked(value == "check")
        else:
            cell.locator("input").press_sequentially(value, delay=30)  # key by key, as a person types


def headline(page) -> str:
    return page.inner_text(".of-summary").replace("\u00a0", " ")


def wait_headline(page, text: str) -> None:
    page.wait_for_function(
        "text => document.querySelector('.of-summary').innerText.replace(/\\u00a0/g, ' ').includes(text)",
        arg=text.replace("\u00a0", " "),
        timeout=30_000,
    )


def test_the_new_user_from_an_empty_household_to_a_saved_file(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_app(page, server, BUDGET)
        assert "0,00 €" in headline(page)  # an empty household, not a sample

        page.locator(".of-household-title input").fill("Giulia e i bambini")
        member = page.locator(".of-members-row").first
        member.locator(".of-cell-name input").fill("Giulia")
        member.locator(".of-cell-age input").fill("41")
        add_row(page, "members", {"name": "Luca", "role": "select:Figlio o figlia", "age": "8", "dependent": "check"})
        add_row(page, "members", {"name": "Anna", "role": "select:Figlio o figlia", "age": "5", "dependent": "check"})
        add_row(page, "incomes", {"label": "Stipendio", "amount": "1450"})
        add_row(page, "incomes", {"label": "Mantenimento", "source": "select:Mantenimento", "amount": "3OO"})
        # A mistake (letters O for zeros): the message is beside the field, then she mends it.
        mistake = page.locator(".of-incomes-row").nth(1).locator(".of-cell-amount")
        mistake.locator(".of-error").wait_for(timeout=30_000)
        mistake.locator("input").fill("300")
        add_row(page, "expenses", {"label": "Affitto", "category": "select:Casa", "amount": "750"})

        wait_headline(page, f"Casa sul reddito {HOUSING}")
        assert page.locator(".of-mini-indicator-housing_cost .of-dot-red").count() == 1
        assert page.locator(".of-indicator-housing_cost.of-banner-red").count() == 1
        assert page.locator(".of-error").count() == 0

        # The same household in "Eventi di vita": what if the rent goes up in September?
        open_app(page, server, EVENTS)
        assert "Giulia e i bambini" in page.inner_text(".of-household-heading")
        page.locator(".of-event-kind select").select_option(label="Cambia l'affitto")
        page.click("button.of-add-event")
        page.locator(".of-field-new_rent input").fill("900")
        page.locator(".of-field-starts select").select_option(label="settembre 2027")
        rise = "Affitto: da 750,00 € a 900,00 €"
        months = page.locator(".of-months")
        # Each change shows at once: first the rise from January, then from September, as chosen.
        months.locator("tr", has_text=rise).filter(has_text="settembre 2027").first.wait_for(timeout=30_000)
        assert "gennaio 2027" not in months.locator("tr", has_text=rise).first.inner_text()
        # Three months of the twelve (September to November 2027) at 150 € more.
        assert format_eur(Decimal(-(900 - 750) * 3)).replace("\u00a0", " ") in months.inner_text().replace(
            "\u00a0", " "
        )
        page.reload()  # the event, its figures and the household come back
        open_app(page, server, EVENTS)
        page.locator(".of-months").get_by_text(rise).wait_for(timeout=60_000)
        assert page.locator(".of-field-new_rent input").input_value() == "900"

        # Back in the budget, after a reload: everything typed is still there, from the browser's own storage.
        open_app(page, server, BUDGET)
        page.reload()
        open_app(page, server, BUDGET)
        wait_headline(page, f"Casa sul reddito {HOUSING}")
        assert "Giulia e i bambini" in page.inner_text(".of-household-heading")
        assert page.locator(".of-members-row").count() == 3

        # Salva: a file named after the household and the date.
        with page.expect_download() as download:
            page.click(".of-save")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.startswith("giulia-e-i-bambini-")
        household = household_from_json(saved.read_bytes())
        assert [m.name for m in household.members] == ["Giulia", "Luca", "Anna"]
        assert household.expenses[0].subcategory == "affitto"

        # Apri in another app, in a browser that has never seen her.
        other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT").new_page()
        open_app(other, server, SAVINGS)
        assert "Giulia" not in other.inner_text(".of-household-heading")
        other.set_input_files(".of-open-input", str(saved))
        other.locator(".of-bar-message").get_by_text("Aperta la famiglia").wait_for(timeout=30_000)
        assert "Giulia e i bambini" in other.inner_text(".of-household-heading")
        other.context.close()
        assert errors == []
    finally:
        context.close()
