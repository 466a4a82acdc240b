"""The savings view model, without widgets: the six samples, the deficit said first, the emergency fund counted once,
and every field's message on bad input.

Expected figures come from the core (``summarize``, ``emergency_fund``, ``fund_goals``, ``project``,
``simulate``, the data file of the instruments) or are computed here by hand, never from the view's own output.
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.budget import summarize
from oltre_finance.household import Goal, household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.data_files import load_rule
from oltre_finance.money import format_eur, format_number, format_percent, parse_amount
from oltre_finance.months import first_of_month
from oltre_finance.savings import (
    SavingsGoal,
    emergency_fund,
    fund_goals,
    goals_from_household,
    instrument,
    instrument_ids,
    project,
    simulate,
)
from oltre_finance.validate import MAX_AMOUNT
from oltre_finance.views.charts import fan_chart
from oltre_finance.views.household import empty_household
from oltre_finance.views.household_form import form_rows
from oltre_finance.views.render import banner_html, table_html
from oltre_finance.views.savings import (
    EMERGENCY,
    ParsedSavings,
    SavingsInputs,
    app_state,
    choices,
    initial_inputs,
    is_emergency_goal,
    parse_savings,
    proposed_monthly,
    savings_view,
    slider_max,
)

TODAY = date(2026, 11, 24)
START = date(2026, 12, 1)  # saving starts next month
SAMPLES = list(sample_names())
DATA = load_rule("savings_instruments.json")


def view_of(household, **fields):
    inputs = initial_inputs(household, today=TODAY)
    if fields:
        inputs = SavingsInputs(**({**inputs.__dict__} | fields))
    parsed = parse_savings(inputs, today=TODAY)
    assert isinstance(parsed, ParsedSavings), dict(parsed)
    return savings_view(parsed, household, today=TODAY)


def errors_of(**fields):
    base = {"monthly": "200", "instrument": "conto_deposito", "gross": "2", "inflation": "2", "fund_months": 6,
            "fund_by": "2027-11", "goals": ()}  # fmt: skip
    result = parse_savings(SavingsInputs(**(base | fields)), today=TODAY)
    assert not isinstance(result, ParsedSavings), "the input should be refused"
    return dict(result)


def plain(text: str) -> str:
    return html.unescape(text).replace("\u00a0", " ")


# -- the six samples -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", SAMPLES)
def test_every_sample_gives_its_fund_goals_and_projection_as_the_core_computes_them(key):
    household = load_sample(key)
    summary = summarize(household)
    inputs = initial_inputs(household, today=TODAY)
    # What the household gives: its goals' rows, the monthly amount left of its month (rounded down to 10 €).
    assert inputs.goals == form_rows(household)["goals"]
    left = max(summary.balance, Decimal(0))
    assert parse_amount(inputs.monthly) == (left // 10) * 10
    deposit = instrument("conto_deposito", on_date=TODAY)
    assert inputs.instrument == "conto_deposito"
    assert inputs.gross == format_number(deposit.gross_return * 100)
    assert inputs.inflation == format_number(Decimal(DATA["inflation_default"]["rate"]) * 100)

    view = view_of(household)
    assert view.household == household  # nothing typed here: nothing changes in the household
    by = date(int(inputs.fund_by[:4]), int(inputs.fund_by[5:]), 1)
    fund = emergency_fund(household, start=START, months=6, by=by)
    assert view.fund == fund
    assert fund.target == (summary.essential * 6).quantize(Decimal("0.01"))

    # The plan, rebuilt here from the core: the fund first, then the goals that are not the emergency one.
    others = [g for g, row in zip(goals_from_household(household), household.goals, strict=True)
              if not is_emergency_goal(row.label)]  # fmt: skip
    goals = [SavingsGoal(name=EMERGENCY, target=fund.target, saved=fund.covered, by=by), *others]
    monthly = parse_amount(inputs.monthly)
    plan = fund_goals(goals, monthly, annual_return=deposit.gross_return, start=START)
    assert view.plan == plan
    assert [row[0] for row in view.goals_table.rows] == [goal.name for goal in goals]
    assert [row[1] for row in view.goals_table.rows] == [format_eur(goal.target) for goal in goals]

    initial = fund.covered + sum((goal.saved for goal in others), Decimal(0))
    result = project(initial, monthly, view.months, instrument=deposit, on_date=TODAY, inflation=Decimal("0.02"))
    assert view.projection == result
    cards = {card.key: card.value for card in view.cards}
    assert cards["final"] == format_eur(result.final.balance)
    assert cards["real"] == format_eur(result.final.real_balance)
    assert cards["costs"] == format_eur(result.final.taxes + result.final.stamp_duty + result.final.costs)
    assert view.end == first_of_month(START, plus=view.months - 1)
    assert format_eur(result.final.balance) in view.chart_alt
    assert len(view.chart.bands[50]) == view.months + 1 == len(view.chart.contributed)
    # The month in deficit is said first, only when the month is short.
    assert (view.deficit is not None) == (summary.balance < 0)


@pytest.mark.parametrize("key", SAMPLES)
def test_the_emergency_fund_is_counted_once(key):
    household = load_sample(key)
    view = view_of(household)
    names = [row[0] for row in view.goals_table.rows]
    assert names.count(EMERGENCY) == 1
    for goal in household.goals:
        assert (goal.label in names) != is_emergency_goal(goal.label)
    assert view.emergency_goals == tuple(g.label for g in household.goals if is_emergency_goal(g.label))


def test_which_goals_are_the_emergency_fund():
    assert is_emergency_goal("Fondo per le emergenze (3 mesi di spese)")  # coppia_neonato
    assert is_emergency_goal("Primo cuscinetto per gli imprevisti")  # madre_separata
    assert is_emergency_goal("EMERGENZA") and is_emergency_goal("Fondo di emergenza")
    assert not is_emergency_goal("Rette del nido da settembre")
    view = view_of(load_sample("coppia_neonato"))
    assert "«Fondo per le emergenze (3 mesi di spese)»" in view.emergency_note
    assert "una volta sola" in view.emergency_note


def test_the_fund_date_comes_from_the_household_emergency_goal_when_it_has_one():
    # madre_separata: "Primo cuscinetto per gli imprevisti" by 2028 (a year alone: December).
    assert initial_inputs(load_sample("madre_separata"), today=TODAY).fund_by == "2028-12"
    # Otherwise the twelfth month of saving.
    assert initial_inputs(load_sample("affitto_meta_reddito"), today=TODAY).fund_by == "2027-11"


# -- the deficit, said before proposing to save -----------------------------------------------------------------


def test_a_month_in_deficit_is_said_first_and_nothing_is_proposed():
    household = load_sample("prestiti_revolving")
    summary = summarize(household)
    assert summary.balance < 0
    assert proposed_monthly(household) == 0
    assert initial_inputs(household, today=TODAY).monthly == "0,00"
    view = view_of(household)
    assert view.deficit.tone == "red" and view.deficit.key == "deficit"
    text = plain(view.deficit.text)
    assert format_eur(-summary.balance).replace("\u00a0", " ") in text
    assert "«Bilancio familiare»" in text and "«Piano di rientro»" in text  # it has debts
    assert plain(format_eur(-summary.balance)) in plain(view.deficit_line)
    assert view.over_surplus is None


def test_a_deficit_without_debts_points_to_the_budget_only():
    household = household_from_dict({"name": "X", "members": [{"role": "adult", "name": "A", "age": 40}],
                                     "incomes": [{"label": "Stipendio", "source": "salary", "amount": "1000",
                                                  "frequency": "monthly"}],
                                     "expenses": [{"label": "Affitto", "category": "casa", "amount": "1200",
                                                   "frequency": "monthly"}]})  # fmt: skip
    view = view_of(household)
    assert "-200" not in view.deficit.text and "200,00" in view.deficit.text
    assert "«Piano di rientro»" not in view.deficit.text


def test_saving_more_than_is_left_of_the_month_is_said():
    household = load_sample("coppia_neonato")
    left = summarize(household).balance
    assert view_of(household, monthly=format_number(left)).over_surplus is None
    over = view_of(household, monthly="900").over_surplus
    assert over.tone == "amber" and plain(format_eur(left)) in plain(over.text)


def test_the_slider_reaches_twice_the_month_left_and_at_least_1000():
    assert slider_max(empty_household()) == 1000
    household = load_sample("coppia_neonato")
    twice = summarize(household).balance * 2
    assert slider_max(household) == max(1000, int(-(-twice // 100)) * 100)


def test_an_empty_household_gives_a_plan_and_says_where_to_start():
    view = view_of(empty_household())
    assert view.empty is not None and "«Bilancio familiare»" in view.empty.text
    assert {card.key: card.value for card in view.cards}["fund"] == "—"
    assert [row[0] for row in view.goals_table.rows] == []
    assert view.deficit is None


# -- what is written back to the household ----------------------------------------------------------------------


def test_goals_typed_here_are_the_household_goals():
    household = load_sample("coppia_neonato")
    rows = [*form_rows(household)["goals"], {"label": "Auto nuova", "target": "8.000", "saved": "", "by": "06/2030"}]
    view = view_of(household, goals=rows)
    assert view.household.goals[-1] == Goal(label="Auto nuova", target=Decimal(8000), by_year=2030, by_month=6)
    assert view.household.goals[:-1] == household.goals
    assert view.household.model_copy(update={"goals": household.goals}) == household  # nothing else changes
    assert "Auto nuova" in [row[0] for row in view.goals_table.rows]
    # A row still being typed (no target yet) is not a goal.
    assert view_of(household, goals=[*rows, {"label": "Viaggio", "target": ""}]).household == view.household
    # Removing every row removes the goals.
    assert view_of(household, goals=[]).household.goals == ()


def test_a_goal_whose_date_has_passed_is_planned_without_it_and_said_beside_its_date():
    household = load_sample("affitto_meta_reddito")
    rows = [{"label": "Vecchio", "target": "500", "saved": "0", "by": "10/2026"}]
    view = view_of(household, goals=rows)
    assert view.field_notes == {"goals.0.by": "La data è già passata: nel piano l'obiettivo conta senza data."}
    assert view.household.goals[0].by_year == 2026  # the household keeps what the person typed
    row = next(r for r in view.goals_table.rows if r[0] == "Vecchio")
    assert row[2] == "—" and "già passata" in row[4]


def test_goals_with_the_same_name_are_both_planned():
    rows = [{"label": "Auto", "target": "500"}, {"label": "", "target": "700"}, {"label": "Auto", "target": "900"}]
    view = view_of(load_sample("coppia_neonato"), goals=rows)
    assert [row[0] for row in view.goals_table.rows] == [EMERGENCY, "Auto", "senza nome", "Auto (2)"]


def test_markup_typed_as_a_goal_name_stays_text():
    rows = [{"label": "<b>Auto</b> #set page(width: 1cm)", "target": "500"}]
    view = view_of(load_sample("coppia_neonato"), goals=rows)
    assert view.household.goals[0].label == "<b>Auto</b> #set page(width: 1cm)"
    shown = table_html(view.goals_table)
    assert "<b>Auto</b>" not in shown and "&lt;b&gt;Auto&lt;/b&gt; #set page(width: 1cm)" in shown


# -- the instrument -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", instrument_ids())
def test_each_instrument_says_its_taxes_stamp_duty_costs_and_sources(key):
    chosen = instrument(key, on_date=TODAY)
    view = view_of(load_sample("coppia_neonato"), instrument=key, gross=format_number(chosen.gross_return * 100))
    note = plain(view.instrument_note)
    assert plain(format_percent(chosen.tax_rate)) in note  # two decimals: 26,00 % or 12,50 %
    assert chosen.note_it in view.instrument_note
    if chosen.annual_costs:
        assert plain(f"Costi: {format_percent(chosen.annual_costs)} l'anno") in note
    item = next(entry for entry in DATA["instruments"] if entry["id"] == key)
    assert view.sources[0].url == item["url"] and view.sources[0].url.startswith("https://")
    assert all(link.text and link.url.startswith("https://") for link in view.sources)
    # A return carried forward from an earlier year is said once, calmly.
    assert view.instrument_note.count("l'ultimo dato trovato") == (int(item["as_of"][:4]) < TODAY.year)
    assert (view.simulation is not None) == chosen.risky


def test_a_return_of_this_year_is_not_called_an_old_figure():
    household = load_sample("coppia_neonato")
    december = date(2025, 12, 15)
    inputs = initial_inputs(household, today=december)
    view = savings_view(parse_savings(inputs, today=december), household, today=december)
    assert "l'ultimo dato trovato" not in view.instrument_note  # conto deposito: dicembre 2025


def test_a_risky_instrument_is_simulated_reproducibly_as_the_core_simulates_it():
    household = load_sample("coppia_neonato")
    etf = instrument("etf_pac", on_date=TODAY)
    view = view_of(household, instrument="etf_pac", gross="6")
    again = view_of(household, instrument="etf_pac", gross="6")
    assert view.simulation == again.simulation and view.chart == again.chart
    fund = view.fund
    others = [g for g in goals_from_household(household) if not is_emergency_goal(g.name)]
    initial = fund.covered + sum((g.saved for g in others), Decimal(0))
    total = fund.target + sum((g.target for g in others), Decimal(0))
    run = simulate(initial, Decimal(380), view.months, instrument=etf, on_date=TODAY, inflation=Decimal("0.02"),
                   seed=2026, goal=total)  # fmt: skip
    assert plain(format_eur(run.final[10])) in plain(view.simulation.text)
    assert view.probability == round(run.probability_of_goal * 100)
    assert view.chart.bands[5][-1] == pytest.approx(float(run.bands[0][-1]))
    assert "In 9 casi su 10" in view.simulation.text and "in 9 casi su 10 tra" in view.chart_alt
    chart = view.chart
    for narrow in (False, True):
        svg = fan_chart(chart.bands, chart.start, goal=chart.goal, contributed=chart.contributed, narrow=narrow)
        assert ("Obiettivo" in svg) == (chart.goal is not None) and "Soldi versati" in svg
    assert "<script" not in banner_html(view.simulation)


# -- the app's own fields, kept in the browser ------------------------------------------------------------------


def test_the_app_state_keeps_the_own_fields_and_the_monthly_amount_only_once_chosen():
    household = load_sample("coppia_neonato")
    inputs = SavingsInputs(**({**initial_inputs(household, today=TODAY).__dict__} | {"monthly": "250", "gross": "3"}))
    state = app_state(inputs, monthly_chosen=True)
    assert state == {"monthly": "250", "instrument": "conto_deposito", "gross": "3", "inflation": "2,00",
                     "fund_months": 6, "fund_by": "2027-11"}  # fmt: skip
    assert "monthly" not in app_state(inputs, monthly_chosen=False)
    back = initial_inputs(household, today=TODAY, kept=state)
    assert (back.monthly, back.gross, back.fund_by) == ("250", "3", "2027-11")
    # Without a chosen amount the household's month proposes it.
    assert initial_inputs(household, today=TODAY, kept={"gross": "3"}).monthly == "380,00"


def test_what_the_browser_kept_is_used_only_where_still_valid():
    household = load_sample("coppia_neonato")
    kept = {"monthly": "-5", "instrument": "non_esiste", "gross": "dieci", "inflation": 7, "fund_months": 7,
            "fund_by": "2020-01"}  # fmt: skip
    assert initial_inputs(household, today=TODAY, kept=kept) == initial_inputs(household, today=TODAY)
    etf = initial_inputs(household, today=TODAY, kept={"instrument": "etf_pac"})
    assert etf.instrument == "etf_pac" and etf.gross == "6,00"


def test_the_choices_start_next_month():
    options = choices(TODAY)
    assert options.fund_by[0] == ("dicembre 2026", "2026-12") and len(options.fund_by) == 240
    assert [value for _label, value in options.fund_months] == [3, 4, 5, 6, 9, 12]
    assert [value for _label, value in options.instruments] == list(instrument_ids())


# -- bad input: every field's message ---------------------------------------------------------------------------

AMBIGUOUS = "Numero ambiguo: scrivi per esempio 1.234,56 (punto per le migliaia, virgola per i decimali)."
TOO_BIG = f"L'importo è troppo alto: al massimo {format_number(MAX_AMOUNT, decimals=0)} €."
NOT_A_NUMBER = "Non è un numero: usa solo cifre, il punto per le migliaia e la virgola per i decimali."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("monthly", "", "Scrivi quanto puoi mettere da parte ogni mese, anche 0."),
        ("monthly", "-5", "L'importo non può essere negativo."),
        ("monthly", "1e308", NOT_A_NUMBER),
        ("monthly", "1" + "0" * 308, TOO_BIG),
        ("monthly", 200, "Serve un numero scritto come testo."),
        ("monthly", "<b>200</b>", NOT_A_NUMBER),
        ("monthly", "#set page(width: 1cm)", NOT_A_NUMBER),
        ("monthly", "12,345", AMBIGUOUS),
        ("gross", "", "Campo vuoto: scrivi un numero."),
        ("gross", "-150", "Rendimento non plausibile: scrivi un valore da -99 a 100 (per cento l'anno)."),
        ("gross", "1e308", NOT_A_NUMBER),
        ("gross", "1" + "0" * 308, "Rendimento non plausibile: scrivi un valore da -99 a 100 (per cento l'anno)."),
        ("gross", 2, "Serve un numero scritto come testo."),
        ("gross", "<i>2</i>", NOT_A_NUMBER),
        ("inflation", "", "Campo vuoto: scrivi un numero."),
        ("inflation", "-51", "Inflazione non plausibile: scrivi un valore da -50 a 100 (per cento l'anno)."),
        ("inflation", "101", "Inflazione non plausibile: scrivi un valore da -50 a 100 (per cento l'anno)."),
        ("inflation", "1e308", NOT_A_NUMBER),
        ("inflation", None, "Serve un numero scritto come testo."),
        ("instrument", "materasso", "Scegli dove tenere i risparmi dall'elenco."),
        ("instrument", 3, "Scegli dove tenere i risparmi dall'elenco."),
        ("fund_months", 7, "Scegli quanti mesi dall'elenco."),
        ("fund_months", "6", "Scegli quanti mesi dall'elenco."),
        ("fund_months", True, "Scegli quanti mesi dall'elenco."),
        ("fund_by", "2026-10", "La data è già passata: scegline una futura."),
        ("fund_by", "2060-01", "Scegli un mese dall'elenco."),
        ("fund_by", "<b>", "Scegli un mese dall'elenco."),
        ("fund_by", None, "Scegli un mese dall'elenco."),
    ],
)
def test_every_field_has_its_own_message(field, value, message):
    assert errors_of(**{field: value}) == {field: message}


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        ({"label": "Auto", "target": "-5"}, {"goals.0.target": "L'importo non può essere negativo."}),
        ({"label": "Auto", "target": "0"}, {"goals.0.target": "L'importo deve essere maggiore di zero."}),
        ({"label": "Auto", "target": "1e308"}, {"goals.0.target": NOT_A_NUMBER}),
        ({"label": "Auto", "target": "1" + "0" * 308}, {"goals.0.target": TOO_BIG}),
        ({"label": "Auto", "target": "dieci"}, {"goals.0.target": NOT_A_NUMBER}),
        ({"label": "Auto", "target": "<b>5</b>"}, {"goals.0.target": NOT_A_NUMBER}),
        ({"label": "Auto", "target": "500", "saved": "-1"}, {"goals.0.saved": "L'importo non può essere negativo."}),
        ({"label": "Auto", "target": "500", "by": "13/2027"}, {"goals.0.by": "Scrivi mese e anno così: 06/2028."}),
        ({"label": "Auto", "target": "500", "by": "#set"}, {"goals.0.by": "Scrivi mese e anno così: 06/2028."}),
    ],
)
def test_a_wrong_goal_is_keyed_by_its_row_and_field(row, errors):
    blank = {"label": "in corso", "target": ""}  # a row being typed counts in the position, not as a goal
    assert errors_of(goals=[blank, row]) == {key.replace("goals.0", "goals.1"): text for key, text in errors.items()}


def test_several_wrong_fields_are_all_reported():
    errors = errors_of(monthly="x", gross="", goals=[{"label": "A", "target": "x"}])
    assert set(errors) == {"monthly", "gross", "goals.0.target"}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_any_text_typed_as_the_monthly_amount_is_read_or_explained(text):
    result = parse_savings(SavingsInputs(monthly=text, gross="2", inflation="2", fund_by="2027-11"), today=TODAY)
    if isinstance(result, ParsedSavings):
        assert 0 <= result.monthly <= Decimal(10_000_000)
    else:
        assert set(result) == {"monthly"} and result["monthly"]
