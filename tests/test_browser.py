"""The apps as a person meets them: served by Voilà, driven in headless Chromium.

Skipped, with the reason, only on a developer's machine without Chromium;
in CI (``CI=true``) a missing browser fails the run.
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.loans import Loan, loan_taeg
from oltre_finance.money import format_eur

pytestmark = pytest.mark.browser

@pytest.fixture
def page(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 1800}, locale="it-IT")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def open_loan_app(page, server: str) -> None:
    page.goto(f"{server}/voila/render/01_calcolatore_prestito.ipynb", timeout=120_000)
    page.wait_for_selector(".of-card-payment .of-card-value", timeout=120_000)


def card(page, name: str) -> str:
    return page.inner_text(f".of-card-{name} .of-card-value").replace("\u00a0", " ")


def expected_payment(principal: int) -> str:
    loan = Loan(Decimal(principal), Decimal("0.075"), 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2))
    return format_eur(loan_taeg(loan).schedule.payment).replace("\u00a0", " ")


PAYMENT_SHOWN = (
    "expected => document.querySelector('.of-card-payment .of-card-value')"
    ".innerText.replace('\\u00a0', ' ') === expected"
)


def wait_for_payment(page, expected: str) -> None:
    page.wait_for_function(PAYMENT_SHOWN, arg=expected, timeout=30_000)


def type_into(page, field: str, text: str) -> None:
    box = page.locator(f".of-field-{field} input")
    box.fill(text)
    box.press("Enter")


def test_home_page_lists_the_apps_in_italian(page, server):
    page.goto(server + "/", timeout=60_000)
    page.get_by_text("Calcolatore prestito").click()
    page.wait_for_selector(".of-card-payment .of-card-value", timeout=120_000)
    assert page.errors == []


def test_changing_the_amount_updates_instalment_and_chart(page, server, tmp_path):
    open_loan_app(page, server)
    assert card(page, "payment") == expected_payment(10_000)
    chart_before = page.get_attribute(".of-chart", "src")
    assert chart_before and chart_before.startswith(("blob:", "data:"))

    type_into(page, "principal", "20.000")
    wait_for_payment(page, expected_payment(20_000))
    page.wait_for_function(
        "before => document.querySelector('.of-chart').getAttribute('src') !== before", arg=chart_before
    )
    content = page.content()
    assert "Traceback" not in content and "Error" not in page.inner_text("body")
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "calcolatore.png"), full_page=True)


def test_bad_amount_shows_italian_message_and_page_keeps_working(page, server):
    open_loan_app(page, server)
    type_into(page, "principal", "diecimila")
    message = page.locator(".of-message-principal")
    message.get_by_text("Non è un numero").wait_for(timeout=30_000)
    assert "Correggi" in page.inner_text(".of-status")
    assert card(page, "payment") == expected_payment(10_000)  # last valid results stay

    type_into(page, "principal", "15.000")
    wait_for_payment(page, expected_payment(15_000))
    assert "Non è un numero" not in html.unescape(page.inner_html(".of-message-principal"))
    assert page.errors == []


def test_today_usury_table_is_named(page, server):
    open_loan_app(page, server)
    text = page.inner_text(".of-usury")
    assert "soglia di usura" in text
    assert date.today().strftime("%Y") in text or "ultima tabella disponibile" in text


def open_budget_app(page, server: str) -> None:
    page.goto(f"{server}/voila/render/02_bilancio_familiare.ipynb", timeout=120_000)
    page.wait_for_selector(".of-card-balance .of-card-value", timeout=120_000)


def test_budget_app_edit_an_expense(page, server, tmp_path):
    open_budget_app(page, server)
    balance = page.inner_text(".of-card-balance .of-card-value")
    lights = page.inner_text(".of-indicators")
    box = page.locator(".of-expense-row .of-row-amount input").first
    box.fill("3.000")
    box.press("Enter")
    page.wait_for_function(
        "before => document.querySelector('.of-card-balance .of-card-value').innerText !== before", arg=balance
    )
    page.wait_for_function("before => document.querySelector('.of-indicators').innerText !== before", arg=lights)
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "bilancio.png"), full_page=True)


def test_budget_app_malformed_upload(page, server, tmp_path):
    open_budget_app(page, server)
    bad = tmp_path / "rotto.json"
    bad.write_text("{ questo non è json", encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.click(".of-upload")
    chooser.value.set_files(str(bad))
    page.locator(".of-upload-message").get_by_text("non è un JSON valido").wait_for(timeout=30_000)
    # the page still works: editing still recomputes
    balance = page.inner_text(".of-card-balance .of-card-value")
    box = page.locator(".of-expense-row .of-row-amount input").first
    box.fill("1")
    box.press("Enter")
    page.wait_for_function(
        "before => document.querySelector('.of-card-balance .of-card-value').innerText !== before", arg=balance
    )
    assert page.errors == []


def open_payoff_app(page, server: str) -> None:
    page.goto(f"{server}/voila/render/03_piano_di_rientro.ipynb", timeout=120_000)
    page.wait_for_selector(".of-card-free .of-card-value", timeout=120_000)


def changed(page, selector: str, before: str) -> None:
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).innerText !== before",
        arg=[selector, before],
        timeout=30_000,
    )


def test_payoff_app_budget_moves_the_debt_free_date(page, server, tmp_path):
    open_payoff_app(page, server)
    free = ".of-card-free .of-card-value"
    # The quinto keeps its own 70-month plan whatever the budget: remove it, so the date depends on the budget.
    before = page.inner_text(free)
    page.locator(".of-debt-row button").first.click()
    changed(page, free, before)
    before = page.inner_text(free)
    type_into(page, "budget", "2.000")
    changed(page, free, before)
    after = page.inner_text(free)
    assert int(after.split()[-1]) <= int(before.split()[-1])  # more money a month, free sooner (same or earlier year)
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "piano.png"), full_page=True)


def test_payoff_app_strategy_and_dragged_order(page, server):
    open_payoff_app(page, server)
    first_target = "document.querySelector('.of-comparison tr.of-chosen td:last-child').innerText"
    table = ".of-debt-table"
    avalanche = page.inner_text(table)
    page.get_by_text("Palla di neve: prima il debito più piccolo").click()
    changed(page, table, avalanche)
    assert page.inner_text(table) != avalanche

    page.get_by_text("Ordine scelto da me").click()
    page.wait_for_selector(".of-sortable li", state="visible")
    items = page.locator(".of-sortable li")
    last_name = items.nth(items.count() - 1).inner_text().split("\n")[0].strip("⠿ ▲▼")
    before = page.inner_text(table)
    items.nth(items.count() - 1).drag_to(items.nth(0))
    changed(page, table, before)
    page.wait_for_function(f"name => {first_target}.includes(name)", arg=last_name.strip(), timeout=30_000)
    # The ▲ button (phones, keyboards) moves an item up as well.
    before = page.inner_text(table)
    page.locator(".of-sortable li").nth(1).get_by_role("button", name="Sposta su").click()
    changed(page, table, before)
    assert page.errors == []


def test_savings_app_goal_monthly_amount_and_fan_chart(page, server, tmp_path):
    page.goto(f"{server}/voila/render/04_piano_di_risparmio.ipynb", timeout=120_000)
    page.wait_for_selector(".of-card-fund .of-card-value", timeout=120_000)
    goals = ".of-goals"
    before = page.inner_text(goals)
    page.click(".of-add-goal")
    row = page.locator(".of-goal-row").last
    row.locator("input").first.fill("Auto nuova")
    row.locator("input").first.press("Enter")
    target = row.locator(".of-goal-target input")
    target.fill("8.000")
    target.press("Enter")
    page.locator(goals).get_by_text("Auto nuova").wait_for(timeout=30_000)
    changed(page, goals, before)

    page.locator(".of-instrument select").select_option(label="PAC su ETF azionario globale")
    page.locator(".of-simulation").wait_for(timeout=60_000)
    chart = page.get_attribute(".of-fan-chart", "src")
    table = page.inner_text(goals)
    type_into(page, "monthly", "600")
    changed(page, goals, table)
    page.wait_for_function(
        "before => document.querySelector('.of-fan-chart').getAttribute('src') !== before", arg=chart, timeout=60_000
    )
    assert "In 9 casi su 10" in page.inner_text(".of-simulation")
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "risparmio.png"), full_page=True)


def test_events_app_job_loss_brings_naspi_and_short_months(page, server, tmp_path):
    page.goto(f"{server}/voila/render/05_eventi_di_vita.ipynb", timeout=120_000)
    page.wait_for_selector(".of-summary .of-card-value", timeout=120_000)
    cards = page.inner_text(".of-summary")
    page.locator(".of-event-kind select").select_option(label="Perdita del lavoro")
    page.click(".of-add-event")
    page.wait_for_selector(".of-event-job_loss", timeout=30_000)
    changed(page, ".of-summary", cards)
    page.locator(".of-months").get_by_text("NASpI di Marco, mese 1 (").wait_for(timeout=30_000)
    outcome = page.inner_text(".of-outcome").replace("\u00a0", " ")
    assert "Il saldo del mese, a regime, passa da 380,33 € a -" in outcome  # the balance falls
    assert "2 → 12" in page.inner_text(".of-summary")  # months that go short
    assert page.locator(".of-months tr.of-late").count() == 12
    # A wrong field shows its Italian message and keeps the results.
    type_into(page, "contribution_weeks_4y", "molte")
    page.locator(".of-message-contribution_weeks_4y .of-error").wait_for(timeout=30_000)
    assert page.inner_text(".of-outcome").replace("\u00a0", " ") == outcome
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "eventi.png"), full_page=True)
