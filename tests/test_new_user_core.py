"""A new user's household, typed from scratch (issue 11): expenses without sub-category, one adult, nothing else.

The figures are the ones the user typed (salary 1.450 €, maintenance 300 €,
rent 750 €, all monthly); every expected value is computed here by hand.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.budget import HOUSING_SUBCATEGORIES, cashflow_calendar, summarize
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import categories, default_subcategory, household_from_dict
from oltre_finance.indicators import Band
from oltre_finance.loans import Loan
from oltre_finance.money import NBSP
from oltre_finance.scenarios import (
    benefits,
    birth,
    compare,
    job_loss,
    mortgage_reset,
    move_home,
    new_loan,
    parent_care,
    rent_change,
    separate,
    separation,
)

SALARY, MAINTENANCE, RENT = Decimal("1450"), Decimal("300"), Decimal("750")


def typed(*expenses, subcategory_key=False):
    """The mother's household as the app sends it: no sub-category (absent, or null when ``subcategory_key``)."""
    rent = {"category": "casa", "label": "Affitto", "amount": "750", "frequency": "monthly"}
    items = [rent, *expenses]
    if subcategory_key:
        items = [item | {"subcategory": None} for item in items]
    return household_from_dict(
        {
            "name": "La mia famiglia",
            "members": [{"role": "adult", "name": "Giulia", "age": 38}],
            "incomes": [
                {"source": "salary", "label": "Stipendio", "amount": "1450", "frequency": "monthly"},
                {"source": "maintenance", "label": "Mantenimento", "amount": "300", "frequency": "monthly"},
            ],
            "expenses": items,
        }
    )


# --- the budget -------------------------------------------------------------------------------


@pytest.mark.parametrize("subcategory_key", [False, True])
def test_rent_without_subcategory_is_housing(subcategory_key):
    summary = summarize(typed(subcategory_key=subcategory_key))
    housing = summary.indicators["housing_cost"]
    expected = (RENT / (SALARY + MAINTENANCE)).quantize(Decimal("0.0001"))
    assert expected == Decimal("0.4286")  # 750 / 1750 = 42.857 %
    assert housing.value == expected
    assert housing.band is Band.RED  # above the 40 % line


def test_home_bills_without_subcategory_are_housing_and_the_phone_is_not():
    household = typed(
        {"category": "utenze", "label": "Bollette", "amount": "100", "frequency": "monthly"},
        {"category": "utenze", "label": "Cellulare", "amount": "30", "frequency": "monthly"},
    )
    assert [e.subcategory for e in household.expenses] == ["affitto", "bollette", "telefono_internet"]
    housing = summarize(household).indicators["housing_cost"]
    assert housing.value == (Decimal(850) / Decimal(1750)).quantize(Decimal("0.0001"))
    assert "bollette" in HOUSING_SUBCATEGORIES["utenze"]


def test_a_stated_subcategory_is_kept_even_when_the_label_says_otherwise():
    household = typed({"category": "casa", "subcategory": "condominio", "label": "Mutuo", "amount": "80",
                       "frequency": "monthly"})  # fmt: skip
    assert household.expenses[1].subcategory == "condominio"


def test_an_unknown_subcategory_is_still_refused():
    with pytest.raises(InvalidInputError) as info:
        typed({"category": "casa", "subcategory": "garage", "label": "Box", "amount": "80", "frequency": "monthly"})
    assert info.value.field == "expenses.1"


# --- the keyword table --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "label", "expected"),
    [
        ("casa", "Affitto", "affitto"),
        ("casa", "L'affitto di casa", "affitto"),
        ("casa", "Pigione", "affitto"),
        ("casa", "Canone di locazione", "affitto"),
        ("casa", "Mutuo casa", "rata_mutuo"),
        ("casa", "Rata del MUTUO", "rata_mutuo"),
        ("casa", "Spese condominiali", "condominio"),
        ("casa", "Riparazione caldaia", "manutenzione"),
        ("casa", "Divano nuovo", "affitto"),  # no keyword: the category default
        ("utenze", "Bolletta luce", "luce"),
        ("utenze", "Bolletta dell'elettricità", "luce"),
        ("utenze", "ENEL", "luce"),
        ("utenze", "Gas", "gas"),
        ("utenze", "Riscaldamento", "gas"),
        ("utenze", "Acqua", "acqua"),
        ("utenze", "Tariffa acqua", "acqua"),
        ("utenze", "TARI", "rifiuti"),
        ("utenze", "Rifiuti", "rifiuti"),
        ("utenze", "Telefono", "telefono_internet"),
        ("utenze", "Internet fibra", "telefono_internet"),
        ("utenze", "Cellulare", "telefono_internet"),
        ("utenze", "Luce e gas", "bollette"),
        ("utenze", "Bollette", "bollette"),
        ("utenze", "Varie", "bollette"),
        ("spesa_alimentare", "Spesa al mercato", "mercato"),
        ("spesa_alimentare", "Spesa", "supermercato"),
        ("trasporti", "Bollo auto", "bollo_auto"),
        ("trasporti", "Assicurazione auto", "assicurazione_auto"),
        ("trasporti", "Abbonamento autobus", "abbonamento"),
        ("trasporti", "Benzina", "carburante"),
        ("salute", "Visita dal dentista", "dentista"),
        ("salute", "Occhiali", "occhiali"),
        ("salute", "Ticket", "visite"),
        ("salute", "Medicine", "farmaci"),
        ("istruzione_figli", "Retta del nido", "nido"),
        ("istruzione_figli", "Pannolini", "prima_infanzia"),
        ("istruzione_figli", "Libri di scuola", "scuola"),
        ("cura_familiari", "Contributi INPS della badante", "contributi_badante"),
        ("cura_familiari", "Badante", "badante"),
        ("cura_familiari", "Retta RSA", "rsa"),
        ("assicurazioni", "Polizza vita", "vita"),
        ("tasse_tributi", "IMU", "imu"),
        ("tasse_tributi", "Canone RAI", "canone_rai"),
        ("tasse_tributi", "Bollo del conto", "altre_imposte"),
        ("debiti", "Prestito dai genitori", "prestiti_familiari"),
        ("debiti", "Rata carta revolving", "carta_revolving"),
        ("debiti", "Klarna", "bnpl"),
        ("debiti", "Arretrati dell'affitto", "arretrati"),
        ("debiti", "Rata", "prestito"),
        ("tempo_libero", "Vacanze al mare", "vacanze"),
        ("tempo_libero", "Netflix", "abbonamenti"),
        ("tempo_libero", "Regali di Natale", "regali"),
        ("tempo_libero", "Pizza", "uscite"),
        ("altro", "Veterinario del gatto", "animali"),
        ("altro", "Parrucchiere", "cura_persona"),
        ("altro", "Mantenimento per i figli", "varie"),
    ],
)
def test_keywords(category, label, expected):
    assert default_subcategory(category, label) == expected


def test_a_keyword_matches_the_start_of_a_word_only():
    assert default_subcategory("utenze", "Pagasi") == "bollette"  # "gas" inside a word is not the gas bill
    assert default_subcategory("casa", "Commutuo") == "affitto"


@pytest.mark.parametrize(
    ("category", "default"),
    [("casa", "affitto"), ("utenze", "bollette"), ("debiti", "prestito"), ("altro", "varie")],
)
def test_category_defaults(category, default):
    assert default_subcategory(category, "xyz") == default


def test_the_table_names_only_real_subcategories():
    for category, entry in categories().items():
        assert entry["default"] in entry["subcategories"], category
        assert entry["keywords"], category
        for keyword, subcategory in entry["keywords"].items():
            assert subcategory in entry["subcategories"], (category, keyword)
            assert keyword == keyword.lower().strip() and keyword, (category, keyword)


def test_an_unknown_category_is_a_typed_error():
    with pytest.raises(InvalidInputError) as info:
        default_subcategory("viaggi", "Mare")
    assert info.value.field == "category"


CATEGORY_IDS = sorted(categories())


@given(st.sampled_from(CATEGORY_IDS), st.text(max_size=200))
def test_the_default_is_always_a_subcategory_of_the_category(category, label):
    assert default_subcategory(category, label) in categories()[category]["subcategories"]


@given(
    category=st.sampled_from(CATEGORY_IDS),
    label=st.text(min_size=1, max_size=120),
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
    frequency=st.sampled_from(["weekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly"]),
    with_null=st.booleans(),
)
def test_any_expense_without_subcategory_validates_and_round_trips(category, label, amount, frequency, with_null):
    expense = {"category": category, "label": label, "amount": str(amount), "frequency": frequency}
    if with_null:
        expense["subcategory"] = None
    household = household_from_dict(
        {"name": "Prova", "members": [{"role": "adult", "name": "Anna", "age": 40}], "expenses": [expense]}
    )
    assert household.expenses[0].subcategory in categories()[category]["subcategories"]
    assert household_from_dict(household.model_dump(mode="json")) == household


# --- rent_change from a month --------------------------------------------------------------------


def outgoings(household, year, month):
    return [m.outgoings for m in cashflow_calendar(household, start_year=year, start_month=month).months]


def test_rent_change_from_september_shows_in_the_calendar_from_september():
    event = rent_change(Decimal("850"), starts=date(2027, 9, 14))
    after = event.apply(typed())
    # January to August 2027 the old rent, September to December the new one.
    assert outgoings(after, 2027, 1) == [Decimal("750.00")] * 8 + [Decimal("850.00")] * 4
    # A calendar from June 2027: June to August old, September 2027 to May 2028 new.
    assert outgoings(after, 2027, 6) == [Decimal("750.00")] * 3 + [Decimal("850.00")] * 9
    # Before the change, nothing moves.
    assert outgoings(after, 2026, 1) == [Decimal("750.00")] * 12
    assert summarize(after).expenses == Decimal("850.00")  # the lasting month pays the new rent
    assert event.label_it.replace(NBSP, " ") == "L'affitto diventa 850,00 € al mese da settembre 2027"
    assert event.parameters == {"new_rent": Decimal("850.00"), "starts": date(2027, 9, 1)}


def test_rent_change_without_a_month_replaces_the_rent():
    after = rent_change(Decimal("850")).apply(typed())
    assert [(e.amount, e.starts, e.ends) for e in after.expenses] == [(Decimal("850.00"), None, None)]
    assert outgoings(after, 2027, 1) == [Decimal("850.00")] * 12


def test_rent_change_in_the_comparison():
    result = compare(
        typed(), {"Affitto da settembre": [rent_change(Decimal("850"), starts=date(2027, 9, 1))]},
        start_year=2027, start_month=1,
    )  # fmt: skip
    changes = [line.replace(NBSP, " ") for line in result.changes["Affitto da settembre"]]
    assert changes[0] == "Il saldo del mese, a regime, passa da 1.000,00 € a 900,00 €."
    # 12-month average balance: 1750 - (8 × 750 + 4 × 850) / 12 = 1750 - 783.33 = 966.67.
    assert "il saldo medio passa da 1.000,00 € a 966,67 € al mese." in changes[-1]


def test_rent_change_refusals_name_their_field():
    no_rent = household_from_dict({"name": "Prova", "members": [{"role": "adult", "name": "Anna", "age": 40}]})
    for event in (rent_change(Decimal("850")), rent_change(Decimal("850"), starts=date(2027, 9, 1))):
        with pytest.raises(InvalidInputError) as info:
            event.apply(no_rent)
        assert info.value.field == "new_rent"
    for starts in ("2027-09", 9, date(1999, 12, 1), date(2101, 1, 1)):
        with pytest.raises(InvalidInputError) as info:
            rent_change(Decimal("850"), starts=starts)  # type: ignore[arg-type]
        assert info.value.field == "starts" and info.value.message_it.startswith("Mese del nuovo affitto")
    ended = household_from_dict(
        typed().model_dump(mode="json")
        | {
            "expenses": [
                {"category": "casa", "label": "Affitto", "amount": "750", "frequency": "monthly", "ends": "2027-06"}
            ]
        }
    )
    with pytest.raises(InvalidInputError) as info:
        rent_change(Decimal("850"), starts=date(2027, 9, 1)).apply(ended)
    assert info.value.field == "starts"


def test_rent_change_keeps_a_lease_end_and_a_one_off_deposit():
    data = typed().model_dump(mode="json")
    data["expenses"] = [
        {"category": "casa", "label": "Affitto", "amount": "750", "frequency": "monthly", "ends": "2027-12"},
        {"category": "casa", "label": "Affitto: caparra", "amount": "1500", "frequency": "one_off", "month": 3,
         "year": 2027},
    ]  # fmt: skip
    after = rent_change(Decimal("850"), starts=date(2027, 9, 1)).apply(household_from_dict(data))
    # 2027: 750 × 8 + 1500 in March + 850 × 4; 2028: nothing (the lease ended in December 2027).
    expected = [Decimal(750)] * 8 + [Decimal(850)] * 4
    expected[2] += 1500
    assert outgoings(after, 2027, 1) == expected
    assert outgoings(after, 2028, 1) == [Decimal(0)] * 12


# --- every life event on the new user's household ------------------------------------------------

ACCEPTED = {
    "rent_change": lambda: rent_change(Decimal("850"), starts=date(2027, 9, 1)),
    "move_home": lambda: move_home(Decimal("650"), moving_costs=Decimal("1500"), on=date(2027, 3, 1)),
    "new_loan": lambda: new_loan(Loan(Decimal("5000"), Decimal("0.08"), 48), label="Auto", on=date(2027, 2, 1)),
    "job_loss": lambda: job_loss(
        member="Giulia",
        salary_labels=["Stipendio"],
        taxable_pay_4y=Decimal("70000"),
        contribution_weeks_4y=208,
        on=date(2027, 1, 1),
    ),
    "birth": lambda: birth(on=date(2027, 5, 1), ages_on=date(2026, 11, 1), parent="Giulia", leave_salary="Stipendio"),
    "parent_care": lambda: parent_care(on=date(2027, 1, 1), parent="Nonna Rina", age=80, pension=Decimal("800")),
    "rsa": lambda: parent_care(on=date(2027, 1, 1), parent="Nonna Rina", age=80, care="rsa"),
}


@pytest.mark.parametrize("key", sorted(ACCEPTED))
def test_every_life_event_accepts_the_new_users_household(key):
    household = typed()
    result = compare(household, {key: [ACCEPTED[key]()]}, start_year=2027, start_month=1, isee=Decimal("12000"))
    assert result.scenarios[0].household != household
    assert result.sentence_it(key)


def test_move_home_replaces_the_typed_rent():
    move = move_home(Decimal("650"), moving_costs=Decimal("1500"), on=date(2027, 3, 1))
    assert summarize(move.apply(typed())).expenses == Decimal("650.00")  # one rent, not the old and the new
    # March: 1750 - 650 - 1500 = -400, the only short month; the cash stays positive (1100, 2200, 1800, ...).
    result = compare(typed(), {"Trasloco": [move]}, start_year=2027, start_month=1)
    assert [m.cash for m in result.scenarios[0].calendar.months][:3] == [Decimal(1100), Decimal(2200), Decimal(1800)]
    sentence = "In 1 mese su 12 le uscite superano le entrate: tenete da parte i risparmi per coprirlo."
    assert sentence in result.scenarios[0].first_steps


def test_events_that_do_not_apply_say_why():
    with pytest.raises(InvalidInputError) as info:
        mortgage_reset(Decimal("0.04")).apply(typed())
    assert info.value.field == "new_rate" and "mutuo" in info.value.message_it
    with pytest.raises(InvalidInputError) as info:
        separation(leaving=["Giulia"], new_rent=Decimal("500")).apply(typed())
    assert info.value.field == "leaving"


def test_benefits_of_the_new_users_household():
    found = benefits(typed(), isee=Decimal("9000"), on_date=date(2027, 1, 1))
    assert [b.key for b in found] == ["bonus_elettrico"]  # no children, no gas bill
    gas = typed({"category": "utenze", "label": "Bolletta del gas", "amount": "60", "frequency": "monthly"})
    assert "bonus_gas" in [b.key for b in benefits(gas, isee=Decimal("9000"), on_date=date(2027, 1, 1))]


def test_second_home_utilities_after_a_separation_are_housing():
    couple = household_from_dict(
        {
            "name": "Famiglia",
            "members": [{"role": "adult", "name": "Anna", "age": 40}, {"role": "adult", "name": "Luca", "age": 42}],
            "incomes": [{"source": "salary", "label": "Stipendio di Luca", "amount": "2000", "frequency": "monthly"}],
        }
    )
    split = separate(couple, leaving=["Luca"], incomes_leaving=["Stipendio di Luca"], new_rent=Decimal("700"),
                     new_utilities=Decimal("100"))  # fmt: skip
    # Rent 700 and utilities 100 over 2000.
    assert summarize(split.leaving).indicators["housing_cost"].value == Decimal("0.4000")
