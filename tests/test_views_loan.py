"""The loan calculator's view model, without widgets.

Expected values come from the core's own functions (``Loan``, ``loan_taeg``, ``usury_check``,
``instalment_to_income``, ``summarize``), from the usury tables' published figures, or are computed here by hand
with Decimal; never from the view's own output.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oltre_finance.budget import summarize
from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import household_from_dict
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.usury import available_tables, table_on, usury_check
from oltre_finance.loans import Loan, loan_taeg
from oltre_finance.loans.affordability import instalment_to_income
from oltre_finance.money import NBSP, format_eur, format_number, format_percent, parse_amount
from oltre_finance.views.household import empty_household
from oltre_finance.views.loan import (
    ROWS_SHOWN,
    LoanInputs,
    ParsedLoan,
    add_loan_to_household,
    added_banner,
    category_in,
    category_options,
    income_prompt,
    inputs_from_state,
    loan_items,
    loan_view,
    parse_loan,
    rates_in_force,
    signing_rates,
)
from oltre_finance.views.render import banner_html, table_html

TODAY = date(2026, 12, 1)
#: The first view's loan, as the core builds it.
DEFAULT_LOAN = Loan(Decimal(10_000), Decimal("0.075"), 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2))


def parsed(**typed) -> ParsedLoan:
    result = parse_loan(LoanInputs(**typed))
    assert isinstance(result, ParsedLoan), dict(result)
    return result


def errors(**typed) -> dict[str, str]:
    result = parse_loan(LoanInputs(**typed))
    assert not isinstance(result, ParsedLoan), "expected errors"
    return dict(result)


def core_message(**loan) -> str:
    """The Italian message the core's Loan gives for these terms."""
    terms = {"principal": Decimal(1000), "annual_rate": Decimal(0), "months": 12} | loan
    with pytest.raises(OltreFinanceError) as caught:
        Loan(terms.pop("principal"), terms.pop("annual_rate"), terms.pop("months"), **terms)
    return caught.value.message_it


# -- parsing -------------------------------------------------------------------------------------------------------


def test_the_first_view_is_the_core_loan_of_the_defaults():
    result = parsed()
    assert result.loan == DEFAULT_LOAN
    assert (result.income, result.category) == (None, "credito_personale")
    assert result.label == "Prestito di 10.000,00 € in 60 mesi"


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        # empty
        ("principal", "", "Campo vuoto"),
        ("annual_rate", "", "Campo vuoto"),
        ("months", "", "Campo vuoto"),
        # negative
        ("principal", "-500", "non può essere negativo"),
        ("annual_rate", "-1", "tra 0 % e 100 %"),
        ("months", "-5", "da 1 a 600"),
        ("upfront_fees", "-1", "non può essere negativo"),
        ("instalment_fee", "-2", "non può essere negativo"),
        ("income", "-1.000", "non può essere negativo"),
        # zero
        ("principal", "0", "maggiore di zero"),
        ("months", "0", "da 1 a 600"),
        ("income", "0", "maggiore di zero"),
        # 1e308 and other numbers that are not written the Italian way
        ("principal", "1e308", "Non è un numero"),
        ("annual_rate", "1e308", "Non è un numero"),
        ("months", "1e308", "numero intero"),
        ("upfront_fees", "1e308", "Non è un numero"),
        ("instalment_fee", "1e308", "Non è un numero"),
        ("income", "1e308", "Non è un numero"),
        ("principal", "1,234", "ambiguo"),
        ("principal", "12,345", "ambiguo"),
        ("months", "12,5", "numero intero"),
        ("months", "9" * 5000, "numero intero"),
        # too large
        ("principal", "99.000.000", "troppo alto"),
        ("annual_rate", "150", "100 %"),
        ("months", "9999", "da 1 a 600"),
        ("upfront_fees", "20.000", "inferiori all'importo"),
        ("instalment_fee", "20.000.000", "troppo alto: al massimo 10.000.000 €"),
        ("income", "99.000.000", "troppo alto"),
        # HTML and Typst markup
        ("principal", "<b>10.000</b>", "Non è un numero"),
        ("annual_rate", "<script>alert(1)</script>", "Non è un numero"),
        ("months", "#set page(width: 1pt)", "numero intero"),
        ("upfront_fees", "#{1}", "Non è un numero"),
        ("income", "<img src=x onerror=alert(1)>", "Non è un numero"),
        # wrong type
        ("principal", None, "come testo"),
        ("annual_rate", 7, "come testo"),
        ("months", 60, "numero intero"),
        ("upfront_fees", Decimal(1), "come testo"),
        ("instalment_fee", 2.0, "come testo"),
        ("income", ["1000"], "come testo"),
    ],
)
def test_every_wrong_field_has_its_italian_message(field, text, words):
    found = errors(**{field: text})
    assert list(found) == [field]
    assert words in found[field]


@pytest.mark.parametrize(
    ("field", "value"),
    [("method", "rata fissa"), ("method", None), ("periods_per_year", 5), ("periods_per_year", "12"),
     ("periods_per_year", True), ("category", "prestito_da_amici"), ("category", 7)],
)  # fmt: skip
def test_a_choice_not_offered_is_refused(field, value):
    found = errors(**{field: value})
    assert list(found) == [field] and "Scegli" in found[field]


def test_the_messages_are_the_core_own_rules():
    assert errors(principal="-500")["principal"] == core_message(principal=Decimal(-500))
    assert errors(principal="99.000.000")["principal"] == core_message(principal=Decimal(99_000_000))
    assert errors(annual_rate="150")["annual_rate"] == core_message(annual_rate=Decimal("1.5"))
    assert errors(months="601")["months"] == core_message(months=601)
    assert errors(instalment_fee="-2")["instalment_fee"] == core_message(instalment_fee=Decimal(-2))
    with pytest.raises(OltreFinanceError) as caught:
        parse_amount("1,234", field="principal")
    assert errors(principal="1,234")["principal"] == caught.value.message_it


def test_every_wrong_field_is_named_at_once():
    found = errors(principal="dieci", annual_rate="-1", months="0", upfront_fees="x", instalment_fee="-1",
                   income="0", method="x", periods_per_year=5, category="x")  # fmt: skip
    assert set(found) == {"principal", "annual_rate", "months", "upfront_fees", "instalment_fee", "income", "method",
                          "periods_per_year", "category"}  # fmt: skip


def test_the_loan_as_a_whole_is_judged_by_the_core():
    # Fees as large as the loan, and 61 months in half-yearly instalments.
    assert errors(upfront_fees="10.000") == {"upfront_fees": core_message(upfront_fees=Decimal(1000))}
    assert errors(months="61", periods_per_year=2) == {"months": core_message(months=61, periods_per_year=2)}


def test_empty_fees_mean_no_fees_and_an_empty_income_the_household():
    result = parsed(upfront_fees="", instalment_fee="  ", income="")
    assert result.loan == Loan(Decimal(10_000), Decimal("0.075"), 60)
    assert result.income is None


def test_a_zero_rate_without_fees_costs_nothing():
    view = loan_view(parsed(annual_rate="0", upfront_fees="", instalment_fee=""), empty_household(), today=TODAY)
    cost = loan_taeg(Loan(Decimal(10_000), Decimal(0), 60))
    assert cost.total_cost == 0 and cost.taeg == 0
    assert view.cards[0].value == format_eur(Decimal(10_000) / 60)
    assert f"il TAEG è {format_percent(Decimal(0))}" in view.sentence


def test_the_name_is_kept_as_text_and_cut_to_the_household_limit():
    assert parsed(label="  <b>Auto</b> #strong[x]  ").label == "<b>Auto</b> #strong[x]"
    assert parsed(label="x" * 500).label == "x" * 120


# -- the result against the core -------------------------------------------------------------------------------------


def test_cards_and_sentence_are_the_core_figures():
    view = loan_view(parsed(), empty_household(), today=TODAY)
    cost = loan_taeg(DEFAULT_LOAN)
    assert [card.key for card in view.cards] == ["payment", "taeg", "cost"]
    values = {card.key: card.value for card in (*view.cards, *view.more_cards)}
    assert values == {
        "payment": format_eur(cost.schedule.payment),
        "taeg": format_percent(cost.taeg),
        "interest": format_eur(cost.total_interest),
        "cost": format_eur(cost.total_cost),
        "total": format_eur(cost.total_payable),
    }
    # 202,38 € a month: 10.000 € at 7,5 % over 60 months is 200,38 € (numpy-financial pmt), plus 2 € of fees.
    assert cost.schedule.payment == Decimal("202.38")
    assert view.cards[0].label == "Rata mensile (spese incluse)"
    assert format_eur(cost.total_payable) in view.sentence and format_percent(cost.taeg) in view.sentence


def test_italian_method_quarterly_shows_the_first_instalment():
    view = loan_view(parsed(method="italian", periods_per_year=4), empty_household(), today=TODAY)
    loan = Loan(Decimal(10_000), Decimal("0.075"), 60, method="italian", periods_per_year=4,
                upfront_fees=Decimal(250), instalment_fee=Decimal(2))  # fmt: skip
    plan = loan_taeg(loan).schedule
    assert view.cards[0].label == "Prima rata trimestrale (spese incluse)"
    assert view.cards[0].value == format_eur(plan.payment)
    assert f"20 rate trimestrali che scendono da {format_eur(plan.payment)}" in view.sentence


def test_the_usury_check_is_the_core_check_with_two_decimals():
    view = loan_view(parsed(), empty_household(), today=TODAY)
    check = usury_check(loan_taeg(DEFAULT_LOAN).taeg, "credito_personale", TODAY, amount=Decimal(10_000))
    assert view.usury.tone == "green" and not check.is_usurious
    assert view.usury.value == format_percent(check.threshold)
    assert f"soglia di usura ({format_percent(check.threshold)})" in view.usury.text
    assert "dal 01/10/2026 al 31/12/2026" in view.usury.text


def test_a_published_threshold_reads_with_two_decimals():
    # Gazzetta Ufficiale SG n. 163 del 30/06/2020, third quarter of 2020: credito personale, TEGM 9,63 %,
    # threshold 16,0375 %; a TAEG of 17 % is above it.
    view = loan_view(parsed(annual_rate="16", upfront_fees="", instalment_fee=""), empty_household(),
                     today=date(2020, 8, 15))  # fmt: skip
    assert view.usury.value == f"16,04{NBSP}%"
    assert view.usury.tone == "red" and view.usury.text.startswith("Attenzione")
    assert not rates_in_force(date(2020, 8, 15)).carried_forward


def test_a_usurious_rate_is_red():
    view = loan_view(parsed(annual_rate="25"), empty_household(), today=TODAY)
    check = usury_check(view.cost.taeg, "credito_personale", TODAY)
    assert check.is_usurious and view.usury.tone == "red"
    points = format_number(-check.margin * 100)
    assert f"supera di {points}{NBSP}punti" in view.usury.text


def test_the_bracket_of_a_category_follows_the_amount():
    small = loan_view(parsed(principal="15.000", category="cessione_quinto_stipendio_pensione"), empty_household(),
                      today=TODAY)  # fmt: skip
    large = loan_view(parsed(principal="15.000,01", category="cessione_quinto_stipendio_pensione"), empty_household(),
                      today=TODAY)  # fmt: skip
    table = table_on(TODAY)
    rows = [row for row in table.rows if row.category == "cessione_quinto_stipendio_pensione"]
    assert small.usury.value == format_percent(rows[0].threshold) and rows[0].bracket_label in small.usury.text
    assert large.usury.value == format_percent(rows[1].threshold) and rows[1].bracket_label in large.usury.text


def test_the_usury_sources_are_links_a_person_can_open():
    view = loan_view(parsed(), empty_household(), today=TODAY)
    table = table_on(TODAY)
    assert table.url in [link.url for link in view.usury.sources]
    assert all(link.url.startswith("https://") for link in view.usury.sources)
    html = banner_html(view.usury)
    assert html.count("<a href='https://") == 3 and "Banca d&#x27;Italia" in html


def test_a_table_carried_forward_says_so_once():
    later = date(2031, 3, 1)
    rates = rates_in_force(later)
    assert rates.carried_forward and rates.table == available_tables()[-1]
    view = loan_view(parsed(), empty_household(), today=later)
    assert view.usury.text.count("ultima tabella disponibile") == 1
    assert "ultima tabella" not in view.sentence and "ultima tabella" not in view.affordability.text
    assert not rates_in_force(TODAY).carried_forward and rates_in_force(TODAY).note == ""


def test_the_categories_a_household_meets_come_first():
    table = table_on(TODAY)
    options = category_options(table)
    assert options[0] == (table.categories["credito_personale"], "credito_personale")
    assert sorted(key for _, key in options) == sorted(table.categories)
    assert LoanInputs().category == options[0][1]


def test_the_schedule_shows_its_first_and_last_rows():
    view = loan_view(parsed(), empty_household(), today=TODAY)
    rows = loan_taeg(DEFAULT_LOAN).schedule.rows
    assert len(view.table.rows) == 2 * ROWS_SHOWN + 1
    first = rows[0]
    assert view.table.rows[0] == (
        "1",
        *(format_eur(v) for v in (first.payment, first.interest, first.principal, first.fee, first.balance)),
    )
    assert view.table.rows[ROWS_SHOWN] == ("…",) * 6
    assert view.table.rows[-1][0] == "60" and view.table.rows[-1][-1] == format_eur(Decimal(0))
    assert "60 rate" in view.table.caption
    assert "of-scroll-hint" in table_html(view.table)


def test_a_short_schedule_is_shown_whole_and_the_file_holds_every_row():
    view = loan_view(parsed(months="12"), empty_household(), today=TODAY)
    assert [row[0] for row in view.table.rows] == [str(n) for n in range(1, 13)]
    long = loan_view(parsed(months="120"), empty_household(), today=TODAY)
    assert len(long.csv_text.strip().splitlines()) == 1 + 120
    assert long.csv_name == "piano_ammortamento_120_rate.csv"


def test_the_chart_text_says_what_it_shows():
    view = loan_view(parsed(), empty_household(), today=TODAY)
    rows = loan_taeg(DEFAULT_LOAN).schedule.rows
    for figure in (rows[0].principal, rows[-1].principal, rows[0].interest, rows[-1].interest, Decimal(10_000)):
        assert format_eur(figure) in view.chart_alt
    assert "60 rate mensili" in view.chart_alt


# -- what the household gives the loan -----------------------------------------------------------------------------


def test_the_empty_household_gives_no_income():
    view = loan_view(parsed(), empty_household(), today=TODAY)
    assert view.affordability.tone == "info" and not view.affordability.dot
    assert view.household_debts is None
    assert income_prompt(empty_household(), "").placeholder == ""


@pytest.mark.parametrize("key", list(sample_names()))
def test_each_sample_gives_its_monthly_income(key):
    household = load_sample(key)
    income = summarize(household).income
    assert income > 0
    prompt = income_prompt(household, "")
    assert prompt.placeholder == format_number(income) and format_eur(income) in prompt.hint
    view = loan_view(parsed(), household, today=TODAY)
    check = instalment_to_income(Decimal("202.38"), income, on_date=TODAY)
    assert view.affordability.tone == check.band.value
    assert view.affordability.value == format_percent(check.value)
    assert format_percent(check.value) in view.affordability.text and format_eur(income) in view.affordability.text
    assert "Bilancio familiare" in view.affordability.text


@pytest.mark.parametrize("key", list(sample_names()))
def test_a_typed_income_takes_the_place_of_the_household_one(key):
    view = loan_view(parsed(income="600"), load_sample(key), today=TODAY)
    check = instalment_to_income(Decimal("202.38"), Decimal(600), on_date=TODAY)
    # 202,38 € over 600 € is 33,73 %: amber (above 30 %, not above 35 %).
    assert (check.value, check.band.value) == (Decimal("0.3373"), "amber")
    assert (view.affordability.tone, view.affordability.value) == ("amber", f"33,73{NBSP}%")
    assert view.household_debts is None
    assert "hai scritto" in income_prompt(load_sample(key), "600").hint


def test_a_quarterly_instalment_is_spread_over_its_months():
    view = loan_view(parsed(periods_per_year=4, income="1.000"), empty_household(), today=TODAY)
    payment = view.cost.schedule.payment
    # One quarterly instalment covers three months: its monthly share over 1.000 €.
    assert view.affordability.value == format_percent((payment / 3 / 1000).quantize(Decimal("0.0001")))


def test_with_other_debts_the_household_sees_every_instalment():
    household = load_sample("prestiti_revolving")
    view = loan_view(parsed(), household, today=TODAY)
    summary = summarize(household)
    already = sum((e.monthly_amount for e in household.expenses if e.category == "debiti"), Decimal(0))
    expected = ((already + Decimal("202.38")) / summary.income).quantize(Decimal("0.0001"))
    assert view.household_debts is not None
    assert view.household_debts.value == format_percent(expected)
    assert view.household_debts.tone == ("red" if expected > Decimal("0.35") else "amber")


# -- adding the loan to the household ------------------------------------------------------------------------------


def test_the_loan_enters_the_household_as_a_debt_and_an_expense():
    household = load_sample("madre_separata")
    loan = parsed(label="Auto nuova")
    after = add_loan_to_household(household, loan, today=TODAY)
    assert after.debts[:-1] == household.debts and after.expenses[:-1] == household.expenses
    debt, expense = after.debts[-1], after.expenses[-1]
    assert (debt.kind, debt.label, debt.balance, debt.annual_rate, debt.instalment, debt.remaining_months) == (
        "personal_loan", "Auto nuova", Decimal(10_000), Decimal("0.075"), Decimal("202.38"), 60)  # fmt: skip
    assert (expense.category, expense.subcategory, expense.amount, expense.frequency, expense.essential) == (
        "debiti", "prestito", Decimal("202.38"), "monthly", True)  # fmt: skip
    before, now = summarize(household), summarize(after)
    assert now.expenses == before.expenses + Decimal("202.38")
    assert now.by_category["debiti"] == before.by_category["debiti"] + Decimal("202.38")
    assert household_from_json(household_to_json(after)) == after  # a valid household file


def test_adding_the_same_loan_twice_keeps_one():
    loan = parsed()
    once = add_loan_to_household(empty_household(), loan, today=TODAY)
    assert add_loan_to_household(once, loan, today=TODAY) == once
    assert loan_view(loan, once, today=TODAY).in_household
    assert loan_view(loan, once, today=TODAY).add_label == "Già tra i debiti della famiglia"
    assert not loan_view(loan, empty_household(), today=TODAY).in_household
    assert loan_view(loan, empty_household(), today=TODAY).add_label == "Aggiungi ai debiti della famiglia"
    banner = added_banner(once, once, loan)
    assert banner.tone == "info" and "già" in banner.text


def test_adding_again_under_the_same_name_updates_that_loan_in_place():
    household = load_sample("coppia_neonato")
    first = add_loan_to_household(household, parsed(label="Cucina"), today=TODAY)
    second = add_loan_to_household(first, parsed(label=" cucina ", principal="8.000"), today=TODAY)
    assert loan_view(parsed(label="Cucina", principal="8.000"), first, today=TODAY).add_label.startswith("Aggiorna")
    assert len(second.debts) == len(first.debts) and len(second.expenses) == len(first.expenses)
    assert second.debts[-1].balance == Decimal(8000)
    expected = loan_taeg(Loan(Decimal(8000), Decimal("0.075"), 60, upfront_fees=Decimal(250),
                              instalment_fee=Decimal(2))).schedule.payment  # fmt: skip
    assert second.expenses[-1].amount == expected
    banner = added_banner(first, second, parsed(label=" cucina ", principal="8.000"))
    assert banner.tone == "green" and banner.text.startswith("Aggiornato")


def test_a_new_loan_under_its_default_name_is_a_second_loan():
    once = add_loan_to_household(empty_household(), parsed(), today=TODAY)
    twice = add_loan_to_household(once, parsed(principal="5.000"), today=TODAY)
    assert [d.balance for d in twice.debts] == [Decimal(10_000), Decimal(5000)]
    assert added_banner(once, twice, parsed(principal="5.000")).text.startswith("Aggiunto")


def test_a_mortgage_is_a_housing_instalment_and_a_debt():
    household = household_from_dict({"name": "Prova", "members": [{"role": "adult", "name": "A", "age": 40}],
        "incomes": [{"source": "salary", "label": "Stipendio", "amount": "3000", "frequency": "monthly"}]})  # fmt: skip
    loan = parsed(principal="150.000", annual_rate="3", months="300", upfront_fees="", instalment_fee="",
                  category="mutui_ipotecari_tasso_fisso")  # fmt: skip
    after = add_loan_to_household(household, loan, today=TODAY)
    payment = loan_taeg(Loan(Decimal(150_000), Decimal("0.03"), 300)).schedule.payment
    assert after.debts[0].kind == "mortgage" and after.debts[0].label == "Mutuo di 150.000,00 € in 300 mesi"
    assert (after.expenses[0].category, after.expenses[0].subcategory) == ("casa", "rata_mutuo")
    indicators = summarize(after).indicators
    share = (payment / 3000).quantize(Decimal("0.0001"))
    assert indicators["debt_service"].value == share and indicators["housing_cost"].value == share


@pytest.mark.parametrize(("per_year", "frequency", "month"), [(4, "quarterly", 3), (2, "half_yearly", 6),
                                                              (1, "yearly", 12), (6, "bimonthly", 2)])  # fmt: skip
def test_an_instalment_that_is_not_monthly_keeps_its_frequency(per_year, frequency, month):
    loan = parsed(periods_per_year=per_year)
    debt, expense = loan_items(loan, today=TODAY)
    payment = loan_taeg(loan.loan).schedule.payment
    assert (expense.frequency, expense.amount, expense.month) == (frequency, payment, month)
    assert debt.instalment == (payment * per_year / 12).quantize(Decimal("0.01"))
    assert expense.monthly_amount.quantize(Decimal("0.01")) == debt.instalment


def test_three_instalments_a_year_enter_as_their_monthly_share():
    loan = parsed(periods_per_year=3)
    debt, expense = loan_items(loan, today=TODAY)
    payment = loan_taeg(loan.loan).schedule.payment
    assert (expense.frequency, expense.amount) == ("monthly", (payment * 3 / 12).quantize(Decimal("0.01")))
    assert debt.instalment == expense.amount


def test_a_revolving_card_is_a_revolving_debt():
    debt, expense = loan_items(parsed(category="credito_revolving"), today=TODAY)
    assert debt.kind == "revolving_card" and (expense.category, expense.subcategory) == ("debiti", "carta_revolving")


def test_markup_in_the_name_stays_text_on_screen():
    loan = parsed(label="<script>x</script>")
    after = add_loan_to_household(empty_household(), loan, today=TODAY)
    assert after.debts[0].label == "<script>x</script>"
    html = banner_html(added_banner(empty_household(), after, loan))
    assert "<script>" not in html and "&lt;script&gt;" in html


# -- what the browser keeps ---------------------------------------------------------------------------------------


def test_the_fields_kept_in_the_browser_come_back():
    typed = LoanInputs(principal="12.500,50", annual_rate="6", months="48", upfront_fees="", instalment_fee="1",
                       income="1.800", label="Auto", method="italian", periods_per_year=4,
                       category="credito_finalizzato")  # fmt: skip
    assert inputs_from_state(json.loads(json.dumps(typed.state()))) == typed


@pytest.mark.parametrize(
    "state",
    [{}, {"principal": 5}, {"method": "x"}, {"periods_per_year": True}, {"periods_per_year": "12"},
     {"category": "nessuna"}, {"principal": "1" * 1000}, {"unknown": "x"}],
)  # fmt: skip
def test_what_the_browser_kept_wrongly_is_the_first_view(state):
    assert inputs_from_state(state) == LoanInputs()


def test_views_do_not_import_widgets():
    import oltre_finance.views.loan as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    assert "ipywidgets" not in source and "IPython" not in source


# -- the day the loan was signed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "start"),
    [("", date(2026, 10, 1)), ("15/11/2024", date(2024, 10, 1)), ("11/2024", date(2024, 10, 1)),
     ("2/4/1997", date(1997, 4, 2)), ("13/05/2011", date(2011, 4, 1)), ("14/05/2011", date(2011, 5, 14))],
)  # fmt: skip
def test_the_signing_date_picks_the_table_of_its_quarter(typed, start):
    rates = signing_rates(typed, today=TODAY)
    assert not isinstance(rates, str)
    assert rates.table.start == start and rates.table == table_on(rates.table.start)


@pytest.mark.parametrize(
    ("typed", "words"),
    [("1/4/1997", "esistono dal 02/04/1997"), ("31/02/2020", "non esiste"), ("novembre", "mese/anno"),
     ("1/2030", "futuro"), ("<b>1</b>/2024", "mese/anno")],
)  # fmt: skip
def test_a_wrong_signing_date_has_its_message(typed, words):
    message = signing_rates(typed, today=TODAY)
    assert isinstance(message, str) and words in message


def test_a_loan_signed_in_2005_is_judged_with_the_2005_table_and_its_categories():
    rates = signing_rates("11/2005", today=TODAY)
    assert not isinstance(rates, str)
    category = category_in(rates.table, "credito_personale")
    assert category == "crediti_personali_finanziamenti_famiglie_banche"
    parsed = parse_loan(LoanInputs(annual_rate="14", category=category), table=rates.table)
    assert isinstance(parsed, ParsedLoan)
    view = loan_view(parsed, empty_household(), today=TODAY, rates=rates)
    expected = usury_check(loan_taeg(parsed.loan).taeg, category, date(2005, 11, 1))
    assert view.usury.value == format_percent(expected.threshold) and expected.is_usurious
    # A contract already signed: the advice is about the interest not owed, not about signing.
    assert "art. 1815" in view.usury.text and "prima di firmare" not in view.usury.text
    today = loan_view(parse_loan(LoanInputs(annual_rate="30")), empty_household(), today=TODAY)
    assert "prima di firmare" in today.usury.text


def test_a_category_keeps_its_kind_across_periods():
    old, new = table_on(date(2003, 1, 1)), table_on(date(2026, 1, 1))
    assert category_in(old, "mutui_ipotecari_tasso_variabile") == "mutui"
    assert category_in(new, "mutui") == "mutui_ipotecari_tasso_fisso"
    assert category_in(old, "cessione_quinto_stipendio_pensione") == "cessione_quinto_stipendio"
    assert category_in(new, "credito_personale") == "credito_personale"
    for table in (old, new):
        for _, key in category_options(table):
            assert category_in(table, key) == key
