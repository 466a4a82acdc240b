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
    chart = page.locator(".of-loan-chart")
    assert chart.get_attribute("role") == "img" and "Grafico" in chart.get_attribute("aria-label")
    # The debt axis (on the right) starts at the amount borrowed: read off the chart as a person would.
    words = chart.locator("svg").text_content()
    assert "10.000 €" in words and "20.000 €" not in words

    type_into(page, "principal", "20.000")
    wait_for_payment(page, expected_payment(20_000))
    page.wait_for_function("() => document.querySelector('.of-loan-chart svg').textContent.includes('20.000 €')")
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


def open_app(page, server: str, notebook: str) -> None:
    page.goto(f"{server}/voila/render/{notebook}", timeout=120_000)
    page.wait_for_selector(".of-household-heading", timeout=120_000)
    page.wait_for_selector(".of-file-buttons .of-save", timeout=60_000)


def open_example(page, name: str) -> None:
    """Open an example household through the bar, as a person does (confirming if asked)."""
    page.locator(".of-sample select").select_option(label=name)
    yes = page.locator(".of-confirm-yes button")
    page.wait_for_timeout(300)
    if yes.is_visible():
        yes.click()
    page.locator(".of-household-heading").get_by_text(name).wait_for(timeout=60_000)


def changed(page, selector: str, before: str) -> None:
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).innerText !== before",
        arg=[selector, before],
        timeout=30_000,
    )


REVOLVING = "Simone e Laura, tra rate e carta revolving"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{ questo non è json", "non è un JSON valido"),
        ('{"schema_version": 1, "name": "X", "members": [{"role": "adult", "name": "A", "age": 40}], '
         '"incomes": [{"source": "salary", "label": "S", "amount": 1e26, "frequency": "monthly"}]}', "importo"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_opened_says_why_beside_the_button(page, server, tmp_path, content, words):
    open_app(page, server, "02_bilancio_familiare.ipynb")
    open_example(page, REVOLVING)
    bad = tmp_path / "rotto.json"
    bad.write_text(content, encoding="utf-8")
    page.set_input_files(".of-open-input", str(bad))
    page.locator(".of-bar-message").get_by_text(words).wait_for(timeout=30_000)
    assert "non è cambiata" in page.inner_text(".of-bar-message")
    assert REVOLVING in page.inner_text(".of-household-heading")
    # The page still works: editing still recomputes.
    balance = page.inner_text(".of-card-balance .of-card-value")
    page.locator(".of-expenses-row .of-cell-amount input").first.fill("1")
    changed(page, ".of-card-balance .of-card-value", balance)
    assert page.errors == []


def test_payoff_app_budget_moves_the_debt_free_date(page, server, tmp_path):
    open_app(page, server, "03_piano_di_rientro.ipynb")
    open_example(page, REVOLVING)
    free = ".of-card-free .of-card-value"
    page.wait_for_selector(free, timeout=60_000)
    # The quinto keeps its own 70-month plan whatever the budget: remove it, so the date depends on the budget.
    before = page.inner_text(free)
    page.locator(".of-debts-row button.of-remove").first.click()
    changed(page, free, before)
    before = page.inner_text(free)
    page.locator(".of-field-budget input").fill("2.000")
    changed(page, free, before)
    after = page.inner_text(free)
    assert int(after.split()[-1]) <= int(before.split()[-1])  # more money a month, free sooner (same or earlier year)
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "piano.png"), full_page=True)


def test_payoff_app_strategy_and_dragged_order(page, server):
    open_app(page, server, "03_piano_di_rientro.ipynb")
    open_example(page, REVOLVING)
    table = ".of-debt-table"
    page.wait_for_selector(table + " table", timeout=60_000)
    avalanche = page.inner_text(table)
    page.get_by_text("Palla di neve: prima il debito più piccolo").click()
    changed(page, table, avalanche)

    page.get_by_text("Ordine scelto da me").click()
    page.wait_for_selector(".of-sortable li", state="visible")
    items = page.locator(".of-sortable li")
    last_name = items.nth(items.count() - 1).inner_text().split("\n")[0].strip("⠿ ▲▼").strip()
    before = page.inner_text(table)
    items.nth(items.count() - 1).drag_to(items.nth(0))
    changed(page, table, before)
    chosen = page.locator(".of-comparison tr", has_text="(la tua scelta)")
    page.wait_for_function(
        "name => [...document.querySelectorAll('.of-comparison tr')].some("
        "r => r.innerText.includes('(la tua scelta)') && r.innerText.includes(name))",
        arg=last_name[:20],
        timeout=30_000,
    )
    assert chosen.count() == 1
    # The ▲ button (phones, keyboards) moves an item up as well.
    before = page.inner_text(table)
    page.locator(".of-sortable li").nth(1).get_by_role("button", name="Sposta su").click()
    changed(page, table, before)
    assert page.errors == []


def test_savings_app_goal_monthly_amount_and_fan_chart(page, server, tmp_path):
    open_app(page, server, "04_piano_di_risparmio.ipynb")
    open_example(page, "Giulia e Marco con la piccola Sofia")
    goals = ".of-goals"
    page.wait_for_selector(goals + " table", timeout=60_000)
    before = page.inner_text(goals)
    count = page.locator(".of-goals-row").count()
    page.click(".of-add-goals button, button.of-add-goals")
    row = page.locator(".of-goals-row").nth(count)
    row.wait_for(timeout=30_000)
    row.locator(".of-cell-label input").fill("Auto nuova")
    row.locator(".of-cell-target input").fill("8.000")
    page.locator(goals).get_by_text("Auto nuova").wait_for(timeout=30_000)
    changed(page, goals, before)

    page.locator(".of-instrument select").select_option(label="PAC su ETF azionario globale")
    page.locator(".of-simulation").wait_for(timeout=60_000)
    chart = page.locator(".of-fan-chart").inner_html()
    table = page.inner_text(goals)
    page.locator(".of-field-monthly input").fill("600")
    changed(page, goals, table)
    page.wait_for_function(
        "before => document.querySelector('.of-fan-chart').innerHTML !== before", arg=chart, timeout=60_000
    )
    assert "In 9 casi su 10" in page.inner_text(".of-simulation")
    assert "9 casi su 10" in page.locator(".of-fan-chart").get_attribute("aria-label")
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "risparmio.png"), full_page=True)


def test_events_app_job_loss_brings_naspi_and_short_months(page, server, tmp_path):
    open_app(page, server, "05_eventi_di_vita.ipynb")
    open_example(page, "Giulia e Marco con la piccola Sofia")
    page.wait_for_selector(".of-summary .of-card-value", timeout=60_000)
    cards = page.inner_text(".of-summary")
    page.locator(".of-event-kind select").select_option(label="Perdita del lavoro")
    page.click(".of-add-event button, button.of-add-event")
    page.wait_for_selector(".of-event-job_loss", timeout=30_000)
    changed(page, ".of-summary", cards)
    page.locator(".of-months").get_by_text("NASpI di Marco, mese 1 (").wait_for(timeout=30_000)
    outcome = page.inner_text(".of-outcome").replace("\u00a0", " ")
    assert "Il saldo del mese, a regime, passa da" in outcome and " a -" in outcome  # the balance falls
    # A wrong field shows its Italian message and keeps the results.
    page.locator(".of-field-contribution_weeks_4y input").fill("molte")
    page.locator(".of-message-contribution_weeks_4y .of-error").wait_for(timeout=30_000)
    assert page.inner_text(".of-outcome").replace("\u00a0", " ") == outcome
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "eventi.png"), full_page=True)
