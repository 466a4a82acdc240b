"""The "Eventi di vita" view, without widgets: events set as a person sets them, on any household.

Expected values come from the core (``compare``, ``baseline``, the events
built directly, ``benefits``), from the data files, or are computed here by
hand with Decimal; never from the view's own output.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.budget import cashflow_calendar
from oltre_finance.household import Household, household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.data_files import series
from oltre_finance.money import NBSP, cents, format_eur, format_number
from oltre_finance.months import month_name
from oltre_finance.scenarios import baseline, benefits, birth, compare, job_loss, rent_change
from oltre_finance.views.event_forms import (
    EVENT_KINDS,
    MAX_EVENTS,
    EventInput,
    EventsInput,
    ParsedEvents,
    default_start,
    event_form,
    keep,
    parse_events,
    restore,
    start_options,
)
from oltre_finance.views.events import events_chart, events_view
from oltre_finance.views.household import empty_household
from oltre_finance.views.household_form import parse_form

TODAY = date(2026, 12, 1)
START = "2026-12"
TEXT_KINDS = ("text", "amount", "optional_amount", "percent", "whole")


def typed(*events: tuple[str, dict], isee: str = "", start: str = START) -> EventsInput:
    return EventsInput(start=start, isee=isee, events=tuple(EventInput(kind=k, values=v) for k, v in events))


def defaults(kind: str, household: Household, **changes) -> tuple[str, dict]:
    """An event of ``kind`` as the form offers it for ``household``, with ``changes`` typed over it."""
    return kind, dict(event_form(kind, household, today=TODAY).values) | changes


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def the_budget_app_household() -> Household:
    """What the separated mother typed in "Bilancio familiare": one adult, two incomes, the rent in Casa."""
    row = {"frequency": "monthly", "month": 1}
    household = parse_form("La mia famiglia", {
        "members": [{"name": "Io", "role": "adult", "age": "40"}],
        "incomes": [row | {"label": "Stipendio", "source": "salary", "amount": "1.450"},
                    row | {"label": "Mantenimento", "source": "maintenance", "amount": "300"}],
        "expenses": [row | {"label": "Affitto", "category": "casa", "amount": "750", "essential": True}],
    })  # fmt: skip
    assert isinstance(household, Household)
    return household


def monthly_rents(household: Household) -> list[Decimal]:
    return [e.amount for e in household.expenses
            if e.category == "casa" and e.subcategory == "affitto" and e.frequency == "monthly"]  # fmt: skip


def cannot_apply(kind: str, household: Household) -> str | None:
    """The field where an event that cannot apply to ``household`` must say why (None: it applies)."""
    adults = [m for m in household.members if m.role == "adult"]
    work = [i for i in household.incomes if i.source in ("salary", "self_employment")]
    return {
        "job_loss": None if work else "salary_labels",
        "separation": None if len(adults) >= 2 else "leaving",
        "rent_change": None if monthly_rents(household) else "new_rent",
        "mortgage_reset": None if any(d.kind == "mortgage" for d in household.debts) else "new_rate",
    }.get(kind)


# -- any household, every event -------------------------------------------------------------------------

HOUSEHOLDS = [*sample_names(), "budget_app", "empty"]


def household_of(key: str) -> Household:
    return {"budget_app": the_budget_app_household, "empty": empty_household}.get(key, lambda: load_sample(key))()


@pytest.mark.parametrize("kind", list(EVENT_KINDS))
@pytest.mark.parametrize("key", HOUSEHOLDS)
def test_every_event_on_any_household_gives_the_cores_comparison_or_says_why_beside_its_field(key, kind):
    household = household_of(key)
    parsed = parse_events(typed(defaults(kind, household)), household, today=TODAY)
    field = cannot_apply(kind, household)
    if field is not None:
        assert isinstance(parsed, dict | type(parsed)) and not isinstance(parsed, ParsedEvents)
        assert f"events.0.{field}" in parsed and "Bilancio familiare" in parsed[f"events.0.{field}"]
        return
    assert isinstance(parsed, ParsedEvents), dict(parsed)
    view = events_view(parsed, household)
    expected = compare(household, {"x": list(parsed.events)}, start_year=2026, start_month=12)
    base, after = expected.base, expected.scenarios[0]
    cards = {card.key: card.value for card in view.cards}
    assert cards["balance"] == format_eur(base.summary.balance)
    assert cards["balance-after"] == format_eur(after.summary.balance)
    assert cards["short"] == f"{len(base.calendar.short_months)} → {len(after.calendar.short_months)}"
    assert view.sentence == expected.sentence_it("x")
    assert view.changes == expected.changes["x"] and view.steps == after.first_steps
    assert view.after_series == tuple((m.balance, m.cash) for m in after.calendar.months)
    assert [row[4] for row in view.month_table.rows] == [format_eur(m.balance) for m in after.calendar.months]
    assert household == household_of(key)  # a "what if": the household is not changed


@pytest.mark.parametrize("key", HOUSEHOLDS)
def test_with_no_event_the_household_is_shown_as_it_is(key):
    household = household_of(key)
    view = events_view(parse_events(typed(), household, today=TODAY), household)
    base = baseline(household, start_year=2026, start_month=12)
    assert not view.has_events and view.month_table is None and view.sentence == ""
    assert view.status is not None and view.status.tone == "info"
    assert [c.value for c in view.cards] == [
        format_eur(base.summary.balance),
        str(len(base.calendar.short_months)),
        format_eur(base.calendar.months[-1].cash),
    ]
    assert view.before == view.after_series == tuple((m.balance, m.cash) for m in base.calendar.months)


def test_the_empty_household_says_where_to_type_its_figures():
    view = events_view(parse_events(typed(), empty_household(), today=TODAY), empty_household())
    assert view.status.key == "empty" and "Bilancio familiare" in view.status.text and view.lights == ()


# -- the acceptance case: the budget app's household, the rent up from September ---------------------------


def test_the_rent_goes_up_from_september_on_the_household_typed_in_the_budget_app():
    household = the_budget_app_household()
    parsed = parse_events(typed(("rent_change", {"new_rent": "900", "starts": "2027-09"})), household, today=TODAY)
    assert isinstance(parsed, ParsedEvents)
    view = events_view(parsed, household)
    core = rent_change(Decimal("900"), starts=date(2027, 9, 1)).apply(household)
    calendar = cashflow_calendar(core, start_year=2026, start_month=12)
    assert view.after_series == tuple((m.balance, m.cash) for m in calendar.months)
    # by hand: 1.450 + 300 - 750 = 1.000 until August, 1.450 + 300 - 900 = 850 from September
    assert [m.balance for m in calendar.months] == [Decimal(1000)] * 9 + [Decimal(850)] * 3
    changes = {row[0]: row[6] for row in view.month_table.rows}
    assert plain(changes["settembre 2027"]) == "Affitto: da 750,00 € a 900,00 €"
    assert [month for month, text in changes.items() if text] == ["settembre 2027"]
    assert view.events == ("L'affitto diventa 900,00\u00a0€ al mese da settembre 2027",)


def test_the_rent_change_is_prefilled_from_the_households_rent_and_starts_next_month():
    household = load_sample("affitto_meta_reddito")
    form = event_form("rent_change", household, today=TODAY)
    rent = sum(monthly_rents(household), Decimal(0))
    assert form.values["new_rent"] == format_number(cents(rent * Decimal("1.1")), decimals=0)
    assert form.values["starts"] == "2027-01"  # the next month
    assert "10,00" in form.fields[0].hint  # percentages with two decimals


def test_a_job_loss_on_the_budget_app_household_stops_her_only_salary():
    household = the_budget_app_household()
    form = event_form("job_loss", household, today=TODAY)
    assert form.values["member"] == "Io" and form.values["salary_labels"] == ("Stipendio",)
    assert form.values["taxable_pay_4y"] == format_number(Decimal(4 * 12 * 1450), decimals=0)
    parsed = parse_events(typed(("job_loss", dict(form.values))), household, today=TODAY)
    after = parsed.events[0].apply(household)
    # Her salary is paid up to the month she loses the job, then NASpI.
    assert [(i.label, i.ends) for i in after.incomes if i.source == "salary"] == [("Stipendio", TODAY.replace(day=1))]
    assert any(i.source == "naspi" for i in after.incomes)


def test_a_job_loss_matches_the_core_event_built_from_the_same_figures():
    household = load_sample("coppia_neonato")
    form = event_form("job_loss", household, today=TODAY)
    salaries = [i.label for i in household.incomes if i.source == "salary" and "Marco" in i.label]
    assert form.values["member"] == "Marco" and form.values["salary_labels"] == tuple(salaries)
    pay = 4 * sum(i.yearly_amount for i in household.incomes if i.label in salaries)
    event = job_loss(member="Marco", salary_labels=salaries, taxable_pay_4y=cents(pay), contribution_weeks_4y=208,
                     on=date(2026, 12, 1))  # fmt: skip
    core = compare(household, {"x": [event]}, start_year=2026, start_month=12)
    view = events_view(parse_events(typed(("job_loss", dict(form.values))), household, today=TODAY), household)
    assert view.sentence == core.sentence_it("x")
    assert view.after_series == tuple((m.balance, m.cash) for m in core.scenarios[0].calendar.months)
    first_naspi = next(i.label for i in event.apply(household).incomes if i.source == "naspi")
    assert any(first_naspi in row[6] for row in view.month_table.rows)


def test_two_events_apply_in_turn():
    household = load_sample("affitto_meta_reddito")
    events = (defaults("rent_change", household, new_rent="1.300", starts="2027-03"), defaults("job_loss", household))
    parsed = parse_events(typed(*events), household, today=TODAY)
    assert [e.key for e in parsed.events] == ["rent_change", "job_loss"]
    after = parsed.events[1].apply(parsed.events[0].apply(household))
    assert events_view(parsed, household).after_series == tuple(
        (m.balance, m.cash) for m in cashflow_calendar(after, start_year=2026, start_month=12).months
    )


# -- bad input: every field's message --------------------------------------------------------------------


def field_error(household, kind, key, value, **more):
    result = parse_events(typed(defaults(kind, household, **{key: value}), **more), household, today=TODAY)
    assert not isinstance(result, ParsedEvents), (kind, key, value)
    return result


@pytest.mark.parametrize(
    ("kind", "key", "value", "words"),
    [
        ("rent_change", "new_rent", "", "Scrivi l'importo"),
        ("rent_change", "new_rent", "-5", "non può essere negativo"),
        ("rent_change", "new_rent", "0", "maggiore di zero"),
        ("rent_change", "new_rent", "1e308", "Non è un numero"),
        ("rent_change", "new_rent", "99.000.000", "troppo alto"),
        ("rent_change", "new_rent", "12,3456", "due decimali"),
        ("rent_change", "new_rent", 1200, "come testo"),
        ("rent_change", "new_rent", "<b>900</b>", "Non è un numero"),
        ("rent_change", "starts", "2020-01", "non si può più scegliere"),
        ("rent_change", "starts", None, "Scegli"),
        ("job_loss", "contribution_weeks_4y", "", "numero intero"),
        ("job_loss", "contribution_weeks_4y", "-5", "numero intero"),
        ("job_loss", "contribution_weeks_4y", "1e308", "numero intero"),
        ("job_loss", "contribution_weeks_4y", "9" * 400, "troppo grande"),
        ("job_loss", "contribution_weeks_4y", "300", "da 0 a 209"),
        ("job_loss", "contribution_weeks_4y", 208, "numero intero"),
        ("job_loss", "member", "Zorro", "«Zorro» non c'è più"),
        ("job_loss", "salary_labels", ["Stipendio di Zorro"], "non c'è più"),
        ("job_loss", "salary_labels", [], "Indica le entrate"),
        ("job_loss", "salary_labels", "Stipendio di Marco", "Scegli"),
        ("job_loss", "taxable_pay_4y", "tanti", "Non è un numero"),
        ("new_loan", "annual_rate", "", "Scrivi il tasso"),
        ("new_loan", "annual_rate", "-5", "tra 0 % e 100 %"),
        ("new_loan", "annual_rate", "500", "tra 0 % e 100 %"),
        ("new_loan", "annual_rate", "1e308", "Non è un numero"),
        ("new_loan", "principal", "0", "maggiore di zero"),
        ("new_loan", "months", "0", "La durata: serve un numero intero di mesi da 1 a 600"),
        ("birth", "child", "", "Scrivi il nome del bambino"),
        ("birth", "child", "Sofia", "Nome già presente"),
        ("birth", "child", "x" * 61, "Al massimo 60"),
        ("birth", "child", 7, "Scrivi un testo"),
        ("birth", "cost_level", "enorme", "Scegli dall'elenco"),
        ("birth", "parental_months", True, "Scegli dall'elenco"),  # True is not the choice 1
        ("birth", "top_up", "sì", "Scegli sì o no"),
        ("birth", "nursery_monthly", "-1", "non può essere negativo"),
        ("parent_care", "age", "12", "da 40 a 120"),
        ("parent_care", "care", "ospedale", "Scegli dall'elenco"),
        ("parent_care", "rsa_monthly", "tanti", "Non è un numero"),
        ("separation", "leaving", ["Giulia", "Marco", "Sofia"], "Qualcuno deve andare e qualcuno restare"),
        ("separation", "maintenance", "-300", "non può essere negativo"),
    ],
)
def test_a_wrong_field_has_its_italian_message_beside_it(kind, key, value, words):
    household = load_sample("coppia_neonato" if kind != "rent_change" else "affitto_meta_reddito")
    errors = field_error(household, kind, key, value)
    assert words in errors[f"events.0.{key}"], dict(errors)


@pytest.mark.parametrize("kind", list(EVENT_KINDS))
def test_every_text_field_of_every_event_refuses_a_wrong_type_and_numbers_refuse_words(kind):
    household = load_sample("cura_genitore")  # every event applies to it but the rent change
    form = event_form(kind, household, today=TODAY)
    for spec in form.fields:
        if spec.kind not in TEXT_KINDS:
            continue
        assert f"events.0.{spec.key}" in field_error(household, kind, spec.key, 42)
        if spec.kind != "text":
            assert f"events.0.{spec.key}" in field_error(household, kind, spec.key, "1e308")
            assert f"events.0.{spec.key}" in field_error(household, kind, spec.key, "#set page(width: 1cm)")


@pytest.mark.parametrize("name", ["<b>Sofia</b>", "#set page(width: 1cm)", "{{ nome }}"])
def test_markup_typed_as_a_name_stays_plain_text(name):
    household = load_sample("madre_separata")
    parsed = parse_events(typed(defaults("birth", household, child=name)), household, today=TODAY)
    assert parsed.events[0].apply(household).members[-1].name == name
    assert name in events_view(parsed, household).events[0]


@pytest.mark.parametrize(
    ("isee", "words"), [("-1", "L'ISEE non può essere negativo"), ("1e308", "Non è un numero"), ("tanto", "Non è")]
)
def test_a_wrong_isee_is_named(isee, words):
    errors = parse_events(typed(isee=isee), load_sample("madre_separata"), today=TODAY)
    assert words in errors["isee"]


def test_a_start_month_not_offered_an_unknown_event_and_too_many_events_are_named():
    household = load_sample("madre_separata")
    assert "Scegli un mese" in parse_events(typed(start="1999-01"), household, today=TODAY)["start"]
    assert "sconosciuto" in parse_events(typed(("lottery", {})), household, today=TODAY)["events.0"]
    many = [defaults("new_loan", household)] * (MAX_EVENTS + 1)
    assert f"Al massimo {MAX_EVENTS}" in parse_events(typed(*many), household, today=TODAY)[f"events.{MAX_EVENTS}"]


def test_an_error_the_core_raises_on_no_field_of_the_form_goes_under_the_event():
    household = household_from_dict({"name": "Nonno", "members": [{"role": "adult", "name": "Aldo", "age": 80}],
                                     "incomes": [{"source": "salary", "label": "Stipendio", "amount": "900",
                                                  "frequency": "monthly"}]})  # fmt: skip
    errors = parse_events(typed(defaults("job_loss", household)), household, today=TODAY)
    assert list(errors) == ["events.0"]  # the member's age: no field of the form
    assert "età" in errors["events.0"].lower()


def test_after_a_wrong_event_the_next_ones_wait():
    household = load_sample("coppia_neonato")
    events = (defaults("birth", household, child="Sofia"), defaults("new_loan", household, months="0"))
    assert list(parse_events(typed(*events), household, today=TODAY)) == ["events.0.child"]


# -- the app's own fields in the browser ----------------------------------------------------------------


def test_what_is_kept_comes_back_through_json():
    own = {"new_rent": "900", "starts": "2027-09"}
    state = json.loads(json.dumps(keep("2027-01", "9.000", [("rent_change", own), ("birth", {"child": "Ada"})])))
    kept = restore(state, today=TODAY)
    assert (kept.start, kept.isee) == ("2027-01", "9.000")
    assert [(kind, dict(values)) for kind, values in kept.events] == [("rent_change", own), ("birth", {"child": "Ada"})]


@pytest.mark.parametrize(
    "state",
    [{}, {"events": "x"}, {"events": [None, 3, {"kind": "x"}]}, {"start": ["2027"], "isee": 9000},
     {"events": [{"kind": "birth", "values": [1, 2]}]}],
)  # fmt: skip
def test_anything_else_kept_is_left_out_quietly(state):
    kept = restore(state, today=TODAY)
    assert kept.start == default_start(TODAY) == START and kept.isee == ""
    assert all(kind in EVENT_KINDS and dict(values) == {} for kind, values in kept.events)


def test_a_kept_choice_that_no_longer_fits_stays_shown_and_is_named_beside_its_field():
    household = load_sample("coppia_neonato")
    own = {"member": "Luca", "salary_labels": ["Stipendio di Luca"], "on": "2026-02", "cost_level": "??"}
    form = event_form("job_loss", household, today=TODAY, own=own)
    fields = {f.key: f for f in form.fields}
    assert form.values["member"] == "Luca" and fields["member"].stale == (("Luca (non c'è più)", "Luca"),)
    assert form.values["salary_labels"] == ("Stipendio di Luca",)
    assert fields["on"].stale == (("febbraio 2026 (non si può più scegliere)", "2026-02"),)
    errors = parse_events(typed(("job_loss", dict(form.values))), household, today=TODAY)
    assert "«Luca» non c'è più nella famiglia" in errors["events.0.member"]
    assert "non c'è più" in errors["events.0.salary_labels"] and "mese" in errors["events.0.on"]
    birth_form = event_form("birth", household, today=TODAY, own={"cost_level": "??", "child": 5})
    assert birth_form.values["cost_level"] == "medio" and birth_form.values["child"] == "Neonato"  # quietly


def test_untouched_defaults_follow_the_household_and_own_values_stay():
    household = the_budget_app_household()
    assert event_form("rent_change", household, today=TODAY).values["new_rent"] == "825"
    form = event_form("rent_change", household, today=TODAY, own={"starts": "2027-09"})
    assert (form.values["new_rent"], form.values["starts"]) == ("825", "2027-09")


def test_the_start_can_be_this_month_or_the_next_two_years():
    options = [value for _label, value in start_options(TODAY)]
    assert options[0] == "2026-12" and options[-1] == "2028-11" and len(options) == 24


# -- what the view says ---------------------------------------------------------------------------------


def all_text(view) -> str:
    parts = [view.sentence, view.chart_alt, view.month_note, view.benefits_note, view.carried, *view.changes,
             *view.steps, *view.events]  # fmt: skip
    parts += [c.label + " " + c.value for c in view.cards]
    parts += [f"{b.strong} {b.text} {b.value}" for b in view.lights]
    for table in (view.month_table, view.benefits):
        if table is not None:
            parts += [table.caption, *table.columns, *(" ".join(row) for row in table.rows)]
    return " ".join(parts)


@pytest.mark.parametrize("key", list(sample_names()))
def test_nothing_on_screen_is_english_or_a_data_code_and_percentages_have_two_decimals(key):
    household = load_sample(key)
    events = [defaults(kind, household) for kind in ("birth", "parent_care", "new_loan")]
    view = events_view(parse_events(typed(*events, isee="12.000"), household, today=TODAY), household)
    text = all_text(view)
    for word in ("None", "True", "False", "housing", "overburden", "ilc_", "job_loss", "live_in", "salary", "monthly"):
        assert word not in text, word
    for light in view.lights:
        if light.value.endswith("%"):
            assert re.fullmatch(r"-?[\d.]+,\d{2}\u00a0%", light.value), light.value


def test_the_traffic_lights_say_before_and_after_with_their_sources():
    household = the_budget_app_household()
    parsed = parse_events(typed(("rent_change", {"new_rent": "900", "starts": "2027-09"})), household, today=TODAY)
    view = events_view(parsed, household)
    housing = next(b for b in view.lights if b.key == "indicator-housing_cost")
    # by hand: 750 / 1.750 = 42,86 % today, 900 / 1.750 = 51,43 % once the rent has gone up
    assert housing.tone == "red" and housing.value == "51,43\u00a0%"
    assert "oggi 42,86\u00a0% (rosso)" in housing.text and "dopo gli eventi 51,43\u00a0% (rosso)" in housing.text
    assert all(link.url.startswith("https://") for b in view.lights for link in b.sources if link.url)


def test_the_benefits_are_the_cores_with_clickable_sources():
    household = load_sample("coppia_neonato")
    parsed = parse_events(typed(defaults("birth", household), isee="9.000"), household, today=TODAY)
    view = events_view(parsed, household)
    after = parsed.events[0].apply(household)
    found = benefits(after, isee=Decimal(9000), on_date=date(2027, 11, 1))
    assert [row[0] for row in view.benefits.rows] == [b.title_it for b in found]
    assert [row[1] for row in view.benefits.rows] == [format_eur(b.monthly) if b.entitled else "non spetta"
                                                      for b in found]  # fmt: skip
    assert view.benefit_sources and all(link.url.startswith("https://") for link in view.benefit_sources)
    assert view.benefit_sources[0].text.startswith("Assegno Unico per i figli: D.Lgs.")


def test_a_figure_carried_forward_from_an_earlier_year_is_said_once():
    household = load_sample("cura_genitore")
    parsed = parse_events(typed(defaults("parent_care", household)), household, today=TODAY)
    view = events_view(parsed, household)
    # The calendar runs to November 2027: past the last verified day of the yearly figures (independent of the view).
    used = {"l'Assegno Unico": series("assegno_unico.json"), "l'indennità di accompagnamento":
            series("care.json", "companion_allowance")}  # fmt: skip
    for what, rule in used.items():
        assert rule.verified_to < date(2027, 11, 1)
        assert f"per {what}" in view.carried or what in view.carried
        assert f"{rule.verified_to:%d/%m/%Y}" in view.carried
    assert view.carried.startswith("Si usano gli ultimi dati verificati")
    assert all_text(view).count("ultimi dati verificati") == 1
    same_year = events_view(parse_events(typed(start="2026-01"), household, today=date(2026, 1, 1)), household)
    assert same_year.carried == ""  # January to December 2026: the 2026 figures


def test_the_chart_says_what_it_shows_with_its_figures_and_is_drawn_for_a_phone():
    household = load_sample("madre_separata")
    parsed = parse_events(typed(defaults("rent_change", household)), household, today=TODAY)
    view = events_view(parsed, household)
    after = compare(household, {"x": list(parsed.events)}, start_year=2026, start_month=12).scenarios[0]
    for month in after.calendar.months:
        assert f"{month_name(date(month.year, month.month, 1))}: saldo oggi" in view.chart_alt
        assert f"dopo {format_eur(month.balance)}" in view.chart_alt
    wide, narrow = events_chart(view), events_chart(view, narrow=True)
    # Drawn as wide as a phone's page (360 px): shown there, its text keeps its size.
    assert 'viewBox="0 0 900 ' in wide and 'viewBox="0 0 360 ' in narrow


def test_a_birth_starts_the_childs_costs_in_the_month_table():
    household = load_sample("madre_separata")
    event = birth(on=date(2027, 4, 1), ages_on=TODAY, parent="Elena")
    parsed = parse_events(typed(defaults("birth", household)), household, today=TODAY)
    assert parsed.events[0].parameters["on"] == event.parameters["on"]  # four months on, as offered
    changes = {row[0]: row[6] for row in events_view(parsed, household).month_table.rows}
    born = event.apply(household)
    new = [e.label for e in born.expenses if e.starts is not None and e.frequency == "monthly"]
    assert new and new[0] in changes["aprile 2027"] and changes["aprile 2027"].startswith("+ ")
