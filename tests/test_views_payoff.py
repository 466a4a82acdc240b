"""The "Piano di rientro" view, without widgets: debt rows typed as a person types them, the six samples, bad input.

Expected values come from the core (``compare_strategies``, ``consolidation_offer``, ``household_orientation``,
``loan_taeg``, ``usury_check``, ``summarize``) or are computed here by hand with Decimal; the usury threshold
is the published one (Decreto MEF del 28 settembre 2026: TEGM del credito personale 12,08 %, soglia 19,10 %).
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from html import escape

import pytest

from oltre_finance.budget import summarize
from oltre_finance.debts import (
    FixedPlan,
    PercentOfBalance,
    compare_strategies,
    consolidation_offer,
    debts_from_household,
    household_orientation,
    minimum_payments,
)
from oltre_finance.household import Debt as HouseholdDebt
from oltre_finance.household import Household, household_from_dict
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.usury import usury_check
from oltre_finance.loans import Loan, loan_taeg
from oltre_finance.money import cents, format_eur, format_number, format_percent
from oltre_finance.months import month_name
from oltre_finance.views.charts import balances_chart
from oltre_finance.views.household import empty_household
from oltre_finance.views.household_form import parse_form
from oltre_finance.views.payoff import (
    DEBT_SECTION,
    PayoffInputs,
    PayoffParsed,
    app_state,
    default_budget,
    extra_month_options,
    parse_debts,
    parse_payoff,
    payoff_rows,
    payoff_view,
    restore_state,
    with_debts,
)
from oltre_finance.views.payoff_render import consolidation_html, orientation_html
from oltre_finance.views.render import banner_html, table_html

TODAY = date(2026, 11, 24)
START = date(2026, 12, 1)
SAMPLES = list(sample_names())


def card_row(**more):
    row = {"label": "Carta", "kind": "revolving_card", "balance": "3.850", "annual_rate": "17,9", "instalment": "",
           "remaining_months": "", "minimum_percent": "3", "minimum_floor": "25"}  # fmt: skip
    return row | more


def loan_row(**more):
    row = {"label": "Auto", "kind": "personal_loan", "balance": "8.000", "annual_rate": "8,9", "instalment": "290",
           "remaining_months": "31", "minimum_percent": "", "minimum_floor": ""}  # fmt: skip
    return row | more


def view_of(household: Household, today: date = TODAY, **fields):
    parsed = parse_payoff(PayoffInputs(debts=payoff_rows(household), **fields))
    assert isinstance(parsed, PayoffParsed), parsed
    return payoff_view(parsed, household, today=today)


def expected_default(household: Household) -> Decimal:
    """The proposal worked out by hand: the minimums and what the budget leaves free, up to 100 €."""
    minimums = minimum_payments(debts_from_household(household))
    summary = summarize(household)
    if minimums == 0:
        return Decimal(0)
    if summary.income == 0:
        return minimums + 100
    return cents(minimums + max(Decimal(0), min(Decimal(100), summary.balance)))


def texts(view) -> list[str]:
    """Every text a person reads in the view (cards, banners, sources, tables, sentences)."""
    banners = [*view.notes, *view.consolidation.banners, view.orientation.head, *view.orientation.signals]
    out = [view.budget_hint, view.sentence, view.chart_alt, view.consolidation.amount_hint, view.orientation.disclaimer]
    out += [c.label + " " + c.value for c in (*view.cards, *view.consolidation.cards)]
    out += [b.strong + " " + b.text + " " + " ".join(s.text for s in b.sources) for b in banners]
    out += [" ".join(t.columns) + " " + " ".join(" ".join(r) for r in t.rows) for t in (view.debt_table,
            view.comparison_table)]  # fmt: skip
    out += [*view.consolidation.sentences, *(h.name.text + " " + h.text + " " + h.reference
                                             for h in view.orientation.help)]  # fmt: skip
    return out


# -- the household, both ways ---------------------------------------------------------


@pytest.mark.parametrize("key", SAMPLES)
def test_the_rows_give_back_every_sample_unchanged(key):
    sample = load_sample(key)
    debts = parse_debts(payoff_rows(sample))
    assert debts == sample.debts
    assert with_debts(sample, debts) is sample


def test_a_card_typed_here_keeps_its_percentage_minimum_through_the_household_file():
    debts = parse_debts([card_row(), loan_row()])
    assert isinstance(debts, tuple)
    assert debts[0] == HouseholdDebt(kind="revolving_card", label="Carta", balance=Decimal("3850"),
                                     annual_rate=Decimal("0.179"), minimum_percent=Decimal("0.03"),
                                     minimum_floor=Decimal("25"))  # fmt: skip
    household = household_from_json(household_to_json(with_debts(empty_household(), debts)))
    assert household.debts == debts
    card = debts_from_household(household)[0]
    assert card.minimum == PercentOfBalance(Decimal("0.03"), Decimal("25"))
    # 3 % of what is owed after a month's interest (3.850 × 17,9 % / 12 = 57,43): 3 % × 3.907,43 = 117,22 €.
    assert minimum_payments([card]) == Decimal("117.22")


def test_a_file_from_before_the_card_minimum_is_still_read():
    old = {"name": "X", "members": [{"role": "adult", "name": "A", "age": 40}],
           "debts": [{"kind": "revolving_card", "label": "Carta", "balance": "100", "instalment": "20"}]}  # fmt: skip
    debt = household_from_dict(old).debts[0]
    assert debt.minimum_percent is None and debt.minimum_floor is None
    assert payoff_rows(household_from_dict(old))[0]["minimum_percent"] == ""


def test_the_debt_section_has_the_shared_columns_and_the_card_minimum():
    keys = [column.key for column in DEBT_SECTION.columns]
    assert keys == ["label", "kind", "balance", "annual_rate", "instalment", "remaining_months", "minimum_percent",
                    "minimum_floor"]  # fmt: skip
    assert set(DEBT_SECTION.blank_row()) >= set(keys)


def test_a_row_still_being_typed_is_not_a_debt_yet():
    assert parse_debts([loan_row(), loan_row(balance="", label="nuovo")]) == parse_debts([loan_row()])


def test_a_cessione_del_quinto_keeps_its_fixed_plan():
    debts = debts_from_household(load_sample("prestiti_revolving"))
    quinto = next(d for d in debts if d.kind == "cessione_quinto")
    assert quinto.minimum == FixedPlan(Decimal("320"), months=70)


# -- bad input: every field's message ---------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("budget", "-5", "negativo"),
        ("budget", "1e308", "Non è un numero"),
        ("budget", "99.000.000", "troppo alto"),
        ("budget", 5, "come testo"),
        ("budget", "<b>100</b>", "Non è un numero"),
        ("budget", "#set text(red)", "Non è un numero"),
        ("extra", "-1", "negativo"),
        ("extra", "dieci", "Non è un numero"),
        ("extra_month", 0, "mese"),
        ("extra_month", 37, "mese"),
        ("extra_month", "3", "mese"),
        ("strategy", "minimums_only", "strategia"),
        ("strategy", "<script>", "strategia"),
        ("order", "Carta", "Ordine"),
        ("loan_amount", "0", "maggiore di zero"),
        ("loan_amount", "1e308", "Non è un numero"),
        ("loan_rate", "", "vuoto"),
        ("loan_rate", "150", "da 0 a 100"),
        ("loan_rate", "-1", "da 0 a 100"),
        ("loan_rate", "#let x = 1", "Non è un numero"),
        ("loan_months", "", "da 1 a 600"),
        ("loan_months", "0", "da 1 a 600"),
        ("loan_months", "601", "da 1 a 600"),
        ("loan_months", "1e308", "da 1 a 600"),
        ("loan_months", 84, "da 1 a 600"),
        ("loan_fees", "-300", "negativo"),
        ("loan_fee", "tanti", "Non è un numero"),
    ],
)
def test_every_plan_field_gets_its_italian_message(field, value, words):
    errors = parse_payoff(PayoffInputs(debts=(loan_row(),), **{field: value}))
    assert not isinstance(errors, PayoffParsed)
    assert list(errors) == [field]
    assert words in errors[field]


@pytest.mark.parametrize(
    ("more", "field", "words"),
    [
        ({"balance": "tanti"}, "balance", "Non è un numero"),
        ({"balance": "-5"}, "balance", "negativo"),
        ({"balance": "1e308"}, "balance", "Non è un numero"),
        ({"balance": "99.000.000"}, "balance", "troppo alto"),
        ({"annual_rate": "250"}, "annual_rate", "da 0 a 100"),
        ({"annual_rate": "<i>5</i>"}, "annual_rate", "Non è un numero"),
        ({"instalment": "-3"}, "instalment", "negativo"),
        ({"remaining_months": "900"}, "remaining_months", "da 0 a 600"),
        ({"kind": "mutuo_strano"}, "kind", "Scegli"),
        ({"minimum_percent": "0"}, "minimum_percent", "da 0 a 100"),
        ({"minimum_percent": "150"}, "minimum_percent", "da 0 a 100"),
        ({"minimum_percent": "tre"}, "minimum_percent", "Non è un numero"),
        ({"minimum_percent": "1e308"}, "minimum_percent", "Non è un numero"),
        ({"minimum_percent": "3", "kind": "cessione_quinto"}, "minimum_percent", "rata fissa"),
        ({"minimum_floor": "25"}, "minimum_floor", "rata minima in %"),
        ({"minimum_percent": "3", "minimum_floor": "-1"}, "minimum_floor", "negativo"),
    ],
)
def test_every_debt_field_gets_its_message_beside_its_row(more, field, words):
    errors = parse_payoff(PayoffInputs(debts=(card_row(), loan_row(**more))))
    assert not isinstance(errors, PayoffParsed)
    assert list(errors) == [f"debts.1.{field}"]
    assert words in errors[f"debts.1.{field}"]


def test_hostile_text_in_a_debt_name_stays_text_and_is_escaped():
    name = "<img src=x onerror=alert(1)> #set text(red)"
    household = with_debts(empty_household(), parse_debts([loan_row(label=name)]))
    view = view_of(household)
    assert view.debts[0].name == name
    shown = table_html(view.debt_table) + "".join(banner_html(b) for b in view.notes) + orientation_html(
        view.orientation) + consolidation_html(view.consolidation)  # fmt: skip
    assert "<img" not in shown and "&lt;img" in table_html(view.debt_table)


# -- the six samples ------------------------------------------------------------------


@pytest.mark.parametrize("key", SAMPLES)
def test_each_sample_shows_the_core_plan(key):
    household = load_sample(key)
    view = view_of(household)
    debts = debts_from_household(household)
    assert view.budget == view.proposed_budget == expected_default(household)
    comparison = compare_strategies(debts, expected_default(household), order=view.order, start=START)
    plan = comparison.plans["avalanche"]
    assert view.plan == plan
    cards = {card.key: card for card in view.cards}
    assert cards["free"].value == month_name(plan.debt_free_date)
    assert cards["interest"].value == format_eur(plan.total_interest)
    assert cards["minimums"].value == format_eur(minimum_payments(debts))
    assert [row[0] for row in view.debt_table.rows] == sorted(
        (o.name for o in plan.outcomes), key=lambda n: plan.outcome(n).paid_off_month
    )
    assert len(view.comparison_table.rows) == 4 and "(la tua scelta)" in view.comparison_table.rows[0][0]
    for debt in debts:
        assert f"{debt.name}: {format_eur(debt.balance)}" in view.chart_alt
    chart = view.chart
    for narrow in (False, True):
        svg = balances_chart(chart.names, chart.balances, chart.start, chart.free_month, narrow=narrow)
        # Every debt's name in the legend (shortened if long), escaped.
        assert all(escape(name[:29]) in svg for name in chart.names)


@pytest.mark.parametrize("key", SAMPLES)
def test_each_sample_gets_the_core_orientation(key):
    household = load_sample(key)
    view = view_of(household)
    result = household_orientation(household, year=2026, plan=view.plan)
    assert view.orientation.head.tone == ("red" if result.suggest_occ else "green")
    assert [b.key for b in view.orientation.signals] == [f"signal-{s.key}" for s in result.signals]
    assert [b.tone for b in view.orientation.signals] == [s.band.value for s in result.signals]
    assert bool(view.orientation.help) == result.suggest_occ


@pytest.mark.parametrize("key", SAMPLES)
def test_each_sample_gets_the_core_consolidation_offer(key):
    household = load_sample(key)
    view = view_of(household)
    debts = debts_from_household(household)
    closing = sum((d.balance for d in debts if d.accepts_extra), Decimal(0))
    assert view.consolidation.amount == closing + 300
    loan = Loan(closing + 300, Decimal("0.079"), 84, upfront_fees=Decimal(300))
    offer = consolidation_offer(debts, loan, monthly_budget=view.budget, start=START)
    cards = {card.key: card.value for card in view.consolidation.cards}
    assert cards["instalment"] == format_eur(offer.instalment)
    assert cards["taeg"] == format_percent(loan_taeg(loan).taeg)
    assert cards["cost-with"] == format_eur(offer.cost_with)
    usury = next(b for b in view.consolidation.banners if b.key in ("offer-usury", "offer-usurious"))
    check = usury_check(loan_taeg(loan).taeg, "credito_personale", TODAY)
    assert "19,10\u00a0%" in usury.text and format_percent(check.threshold) == "19,10\u00a0%"
    assert usury.tone == ("red" if check.is_usurious else "green")
    assert usury.sources[0].url.startswith("https://")


def test_a_loan_that_does_not_cover_the_debts_is_said_beside_its_field():
    view = view_of(load_sample("prestiti_revolving"), loan_amount="1.000")
    assert "non basta" in view.consolidation.errors["loan_amount"]
    assert view.consolidation.offer is None and view.consolidation.banners[0].tone == "amber"
    view = view_of(load_sample("prestiti_revolving"), loan_amount="1.000", loan_fees="1.000")
    assert "inferiori all'importo" in view.consolidation.errors["loan_fees"]


def test_a_usurious_loan_is_red_with_its_threshold():
    view = view_of(load_sample("coppia_neonato"), loan_rate="25")
    usury = next(b for b in view.consolidation.banners if b.key == "offer-usurious")
    assert usury.tone == "red" and "19,10" in usury.text and "vietato dalla legge" in usury.text


def test_without_debts_nothing_to_consolidate_and_nothing_to_orient():
    view = view_of(empty_household())
    assert view.empty and view.budget == 0 and view.cards[0].value == "già ora"
    assert view.consolidation.banners[0].key == "offer-none"
    assert view.orientation.head.tone == "info" and not view.orientation.signals


def test_debts_without_incomes_ask_for_the_incomes_before_orienting():
    household = with_debts(empty_household(), parse_debts([card_row()]))
    view = view_of(household)
    assert view.orientation.head.tone == "info" and "entrate" in view.orientation.head.text
    assert view.budget == minimum_payments(debts_from_household(household)) + 100


# -- the plan's own decisions -----------------------------------------------------------


def test_the_proposed_amount_follows_the_budget():
    in_deficit = load_sample("prestiti_revolving")
    assert summarize(in_deficit).balance < 0
    amount, why = default_budget(Decimal("1135.00"), summarize(in_deficit))
    assert amount == Decimal("1135.00") and "non lascia soldi liberi" in why
    little = load_sample("affitto_meta_reddito")  # 31,83 € free a month
    assert default_budget(Decimal("80.00"), summarize(little))[0] == Decimal("80.00") + summarize(little).balance
    roomy = load_sample("coppia_neonato")
    assert default_budget(Decimal("210.00"), summarize(roomy))[0] == Decimal("310.00")
    assert default_budget(Decimal(0), summarize(roomy)) == (Decimal(0), "Senza debiti da pagare non serve un importo.")


def test_a_typed_amount_and_a_one_off_payment_move_the_debt_free_month():
    household = load_sample("coppia_neonato")
    base = view_of(household)
    more = view_of(household, budget="600")
    debts = debts_from_household(household)
    assert more.plan == compare_strategies(debts, Decimal(600), order=more.order, start=START).plans["avalanche"]
    assert more.plan.debt_free_month < base.plan.debt_free_month
    extra = view_of(household, extra="2.000", extra_month=3)
    expected = compare_strategies(debts, base.budget, order=base.order, extra_payments={3: Decimal(2000)},
                                  start=START).plans["avalanche"]  # fmt: skip
    assert extra.plan == expected and extra.plan.debt_free_month < base.plan.debt_free_month


def test_below_the_minimums_the_shortfall_is_red():
    view = view_of(load_sample("prestiti_revolving"), budget="700")
    assert any(note.key == "note-shortfall" and note.tone == "red" for note in view.notes)
    assert view.sentence == ""
    signal = next(b for b in view.orientation.signals if b.key == "signal-minimums_not_covered")
    assert signal.tone == "red"


def test_arrears_first_is_amber_and_a_custom_order_follows_the_person():
    household = load_sample("prestiti_revolving")
    assert next(n for n in view_of(household).notes if n.key == "note-arrears_first").tone == "amber"
    names = [d.name for d in debts_from_household(household) if d.accepts_extra]
    wanted = ("Carta revolving", "Gone", names[0])
    view = view_of(household, strategy="custom", order=wanted)
    assert view.order == ("Carta revolving", names[0], *(n for n in names if n not in ("Carta revolving", names[0])))
    assert view.plan.order[0] == "Carta revolving" and view.show_order
    assert next(n for n in view.notes if n.key == "note-arrears_not_first").tone == "amber"


def test_the_slider_spans_three_times_the_minimums_and_fits_the_amount():
    household = load_sample("prestiti_revolving")  # minimums 1.135 €: 3 × 1.135 = 3.405 → 3.500
    assert view_of(household).slider_max == 3500
    assert view_of(household, budget="7.200").slider_max == 7500
    assert view_of(household, budget="50.000").slider_max == 10_000
    assert view_of(load_sample("madre_separata")).slider_max == 1000


def test_the_one_off_months_start_next_month():
    options = extra_month_options(TODAY)
    assert options[0] == ("dicembre 2026", 1) and options[-1] == ("novembre 2029", 36)


def test_the_app_state_survives_a_json_round_trip_and_a_month_later():
    inputs = PayoffInputs(budget="900", strategy="custom", order=("B", "A"), extra="1.000", extra_month=3,
                          loan_amount="", loan_rate="6,5")  # fmt: skip
    state = json.loads(json.dumps(app_state(inputs, today=TODAY)))
    assert state["extra_month"] == "2027-02"
    assert restore_state(state, today=TODAY) == inputs
    assert restore_state(state, today=date(2026, 12, 24)).extra_month == 2  # the same calendar month


@pytest.mark.parametrize(
    "state",
    [
        {},
        {"budget": 5, "strategy": None, "order": "x", "extra_month": 7},
        {"order": [1, None], "extra_month": "2019-01"},
        {"loan_rate": ["7"], "extra_month": "abcdefg"},
    ],
)
def test_a_broken_state_falls_back_to_the_defaults(state):
    kept = restore_state(state, today=TODAY)
    assert kept.strategy == "avalanche" and kept.order == () and kept.extra_month == 1
    assert isinstance(kept.budget, str) and kept.loan_rate == "7,9"


# -- what a person reads ----------------------------------------------------------------


def test_no_english_or_data_codes_on_screen():
    words = ("EU-SILC", "economic strain", "overburden", "avalanche", "snowball", "minimums_only", "personal_loan",
             "revolving_card", "cessione_quinto")  # fmt: skip
    for key in SAMPLES:
        shown = " ".join(texts(view_of(load_sample(key))))
        for word in words:
            assert word not in shown, (key, word)
        assert not re.search(r"\b(None|nan|NaN)\b", shown), key


def test_every_percentage_has_two_decimals():
    for key in SAMPLES:
        for text in texts(view_of(load_sample(key))):
            for found in re.findall(r"\d+(?:,\d+)?\u00a0?%", text):
                assert re.fullmatch(r"\d+,\d\d\u00a0%", found), (key, found, text)


def test_a_figure_carried_forward_is_said_once_and_calmly():
    household = load_sample("prestiti_revolving")
    shown = " ".join(texts(view_of(household, today=date(2027, 3, 1))))
    assert shown.count("l'ultimo verificato") == 1  # the assegno sociale of 2025 used in 2027
    assert shown.count("ultima tabella disponibile") == 1  # the usury table of the last quarter of 2026
    assert "ultima tabella" not in " ".join(texts(view_of(household)))


def test_sources_are_in_words_with_https_links_where_the_law_is_online():
    view = view_of(load_sample("prestiti_revolving"))
    signal = next(b for b in view.orientation.signals if b.key == "signal-instalments_over_available_income")
    assert signal.sources[0].text.startswith("Codice della crisi") and signal.sources[0].url.startswith("https://")
    places = [h for h in view.orientation.help if h.name.url]
    assert places and all(h.name.url.startswith(("https://", "http://")) for h in places)
    assert "<a href=" in orientation_html(view.orientation)


def test_parse_form_is_the_one_reader_of_the_shared_columns():
    # The same row read by the household editor and here gives the same debt (without the card's minimum).
    row = loan_row()
    household = parse_form("X", {"members": [{"name": "A", "role": "adult", "age": "40"}], "debts": [row]})
    assert isinstance(household, Household)
    assert parse_debts([row]) == household.debts
    assert format_number(household.debts[0].balance) == "8.000,00"


def test_a_debt_with_the_new_loans_name_is_said_calmly_in_the_offer():
    household = with_debts(empty_household(), parse_debts([loan_row(label="Prestito di consolidamento")]))
    view = view_of(household)
    assert view.consolidation.offer is None and view.consolidation.banners[0].tone == "amber"
    assert "cambia il nome" in view.consolidation.banners[0].text
    assert view.cards[0].value == month_name(view.plan.debt_free_date)  # the plan itself is unaffected


def test_too_many_debts_are_refused_for_the_whole_list():
    errors = parse_payoff(PayoffInputs(debts=tuple(loan_row(label=f"D{k}") for k in range(101))))
    assert not isinstance(errors, PayoffParsed)
    assert "Al massimo 100" in errors["debts"]


def test_repeated_names_are_numbered_so_that_the_order_can_name_each():
    household = with_debts(empty_household(), parse_debts([loan_row(), loan_row(balance="2.000")]))
    view = view_of(household, strategy="custom", order=("Auto (2)",))
    assert [d.name for d in view.debts] == ["Auto", "Auto (2)"]
    assert view.plan.order == ("Auto (2)", "Auto")
