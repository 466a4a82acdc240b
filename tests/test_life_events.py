"""Birth and care of a parent on the sample households, the rules behind them, and the benefits in the comparison.

Published figures: Assindatcolf's cost of a live-in carer in 2024 (1.675,92 € a
month, via caaf.it 09/2024 and lanazione.it 15/07/2024), Federconsumatori's
first-year cost of a child in 2024 (7.431,58 - 17.585,78 €), INPS circ. 23/2025
for the companion allowance (542,02 €), and the statutory leave rates of
D.Lgs. 151/2001 as amended by the budget laws 2023-2025.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.budget import cashflow_calendar, summarize
from oltre_finance.errors import InvalidAmountError, InvalidHouseholdError, InvalidInputError, RuleDataError
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.assegno_unico import Child, assegno_unico
from oltre_finance.italy.care import companion_allowance, domestic_worker_cost
from oltre_finance.italy.parental_leave import leave_months
from oltre_finance.scenarios import benefits, birth, compare, first_year_costs, job_loss, parent_care

TODAY = date(2026, 11, 24)


def one_person(**income_extra):
    return household_from_dict(
        {
            "name": "Prova",
            "members": [{"role": "adult", "name": "Anna", "age": 30}],
            "incomes": [
                {"source": "salary", "label": "Stipendio di Anna", "amount": "1500", "frequency": "monthly"}
                | income_extra
            ],
        }
    )


# --- items that run for a while -----------------------------------------------------------------


def test_a_temporary_item_is_in_the_calendar_and_not_in_the_lasting_month():
    household = household_from_dict(
        {
            "name": "Prova",
            "members": [{"role": "adult", "name": "Anna", "age": 30}],
            "incomes": [
                {"source": "salary", "label": "Stipendio", "amount": "1500", "frequency": "monthly", "ends": "2027-02"},
                {"source": "other_benefit", "label": "Congedo", "amount": "450", "frequency": "monthly",
                 "starts": "2027-03", "ends": "2027-05"},
                {"source": "salary", "label": "Stipendio", "amount": "1500", "frequency": "monthly",
                 "starts": "2027-06"},
            ],
            "expenses": [{"category": "spesa_alimentare", "label": "Spesa", "amount": "100", "frequency": "weekly",
                          "starts": "2027-04-15"}],
        }
    )  # fmt: skip
    assert summarize(household).income == Decimal("1500.00")  # the month after the leave
    calendar = cashflow_calendar(household, start_year=2027, start_month=1)
    assert [m.income for m in calendar.months][:7] == [Decimal(x) for x in (1500, 1500, 450, 450, 450, 1500, 1500)]
    assert [m.outgoings > 0 for m in calendar.months][:5] == [False, False, False, True, True]
    assert household.expenses[0].starts == date(2027, 4, 1)  # any day means its month
    assert household.model_dump(mode="json")["incomes"][1]["starts"] == "2027-03"
    assert household_from_dict(household.model_dump(mode="json")) == household


@pytest.mark.parametrize(
    "extra",
    [{"starts": "2027-05", "ends": "2027-01"}, {"frequency": "one_off", "starts": "2027-01"}, {"ends": "nel 2027"}],
)
def test_bad_windows_name_their_field(extra):
    with pytest.raises(InvalidHouseholdError) as info:
        one_person(**extra)
    assert info.value.field.startswith("incomes.0")


# --- the rules ---------------------------------------------------------------------------------


def test_live_in_carer_2024_reproduces_assindatcolf_to_the_cent():
    cost = domestic_worker_cost(live_in=True, on_date=date(2024, 9, 1))
    assert cost.monthly_equivalent == Decimal("1675.92")  # Assindatcolf, CS live-in, 2024
    # Its itemised month: 1.127,04 pay, 110,22 thirteenth, 110,22 holidays, 106,14 TFR, 222,30 contributions.
    assert cost.thirteenth / 12 == Decimal("110.22") and cost.holiday_cover == cost.thirteenth
    assert cost.quarterly_contributions * 4 / 12 == Decimal("222.30")


def test_live_in_carer_2026_by_hand():
    cost = domestic_worker_cost(live_in=True, on_date=date(2026, 5, 1))
    board = Decimal("6.66") * 30
    assert cost.monthly_pay == Decimal("1193.84") and cost.thirteenth == Decimal("1193.84") + board
    assert cost.tfr == Decimal("1342.02")  # 13 × (1.193,84 + 199,80) / 13,5
    # 54 h × 13 weeks × (1,24 − 0,31 INPS + 0,06 − 0,02 Cassacolf)
    assert cost.quarterly_contributions == Decimal("680.94")
    assert cost.yearly == 12 * cost.monthly_pay + 2 * cost.thirteenth + cost.tfr + 4 * cost.quarterly_contributions


def test_hourly_carer_contribution_bands_2026():
    low = domestic_worker_cost(live_in=False, weekly_hours=20, on_date=date(2026, 5, 1))
    # 8,30 €/h × 13/12 = 8,99 €: first band, 1,70 € of which 0,43 the worker's, plus Cassacolf 0,04.
    assert low.quarterly_contributions == Decimal("1.31") * 20 * 13
    assert low.monthly_pay == Decimal("719.33")  # 8,30 × 20 × 52 / 12
    many = domestic_worker_cost(live_in=False, weekly_hours=30, on_date=date(2026, 5, 1))
    assert many.quarterly_contributions == Decimal("0.97") * 30 * 13  # above 24 hours: 1,24 − 0,31 + 0,04
    assert domestic_worker_cost(live_in=False, weekly_hours=20, level="BS", on_date=date(2025, 5, 1)).monthly_pay == (
        Decimal("615.33")  # 7,10 × 20 × 52 / 12
    )


@pytest.mark.parametrize(
    ("options", "error", "field"),
    [
        ({"live_in": False, "weekly_hours": 0}, InvalidInputError, "weekly_hours"),
        ({"live_in": False, "weekly_hours": None}, InvalidInputError, "weekly_hours"),
        ({"live_in": True, "level": "Z"}, InvalidInputError, "level"),
        ({"live_in": True, "on_date": date(2023, 6, 1)}, RuleDataError, "on_date"),
        ({"live_in": True, "level": "BS", "on_date": date(2024, 6, 1)}, RuleDataError, "level"),
    ],
)
def test_bad_carer_parameters(options, error, field):
    with pytest.raises(error) as info:
        domestic_worker_cost(**({"on_date": date(2026, 1, 1)} | options))
    assert info.value.field == field


def test_companion_allowance():
    assert companion_allowance(date(2025, 1, 1)).monthly == Decimal("542.02")  # INPS circ. 23/2025
    later = companion_allowance(date(2027, 1, 1))  # the 2027 amount is not published yet: the 2026 one, flagged
    assert later.monthly == Decimal("549.61") and later.carried_forward and later.verified_to == date(2026, 12, 31)


@pytest.mark.parametrize(("year", "at_80"), [(2023, 1), (2024, 2), (2025, 3), (2026, 3)])
def test_parental_leave_months_at_80_percent_by_year(year, at_80):
    months = leave_months(monthly_pay=Decimal("1000"), birth=date(year, 6, 1), parental_months=6)
    maternity = [m for m in months if m.kind == "maternità"]
    parental = [m for m in months if m.kind == "congedo parentale"]
    assert [m.pay for m in maternity] == [Decimal("800.00")] * 5
    assert [m.pay for m in parental] == [Decimal("800.00")] * at_80 + [Decimal("300.00")] * (6 - at_80)
    assert maternity[0].month == date(year, 4, 1) and parental[0].month == date(year, 9, 1)


def test_leave_variants():
    top_up = leave_months(monthly_pay=Decimal("1234.56"), birth=date(2026, 1, 1), months_before_birth=0, top_up=True)
    assert [m.month.month for m in top_up] == [1, 2, 3, 4, 5] and {m.pay for m in top_up} == {Decimal("1234.56")}
    father = leave_months(monthly_pay=Decimal("2000"), birth=date(2026, 1, 1), maternity=False, parental_months=2)
    assert [(m.month, m.pay) for m in father] == [
        (date(2026, 1, 1), Decimal("1600.00")),
        (date(2026, 2, 1), Decimal("1600.00")),
    ]
    for options in ({"parental_months": 7}, {"months_before_birth": 3}, {"parental_months": True}):
        with pytest.raises(InvalidInputError):
            leave_months(monthly_pay=Decimal("1000"), birth=date(2026, 1, 1), **options)


def test_first_year_costs_add_up_to_the_published_totals():
    assert sum(c.yearly for c in first_year_costs("minimo")) == Decimal("7431.58")  # Federconsumatori 2024
    assert sum(c.yearly for c in first_year_costs("massimo")) == Decimal("17585.78")
    middle = sum(c.yearly for c in first_year_costs("medio"))
    assert abs(middle - (Decimal("7431.58") + Decimal("17585.78")) / 2) <= Decimal("0.05")
    with pytest.raises(InvalidInputError):
        first_year_costs("lusso")


# --- the birth event ---------------------------------------------------------------------------


def adult_of(key):
    return next(m for m in load_sample(key).members if m.role == "adult")


@pytest.mark.parametrize("key", sorted(sample_names()))
def test_birth_on_every_sample(key):
    household = load_sample(key)
    event = birth(on=date(2027, 4, 1), ages_on=TODAY, parent=adult_of(key).name, child="Bimbo", isee=Decimal("20000"))
    after = event.apply(household)
    assert event.apply(household) == after  # deterministic
    assert len(after.members) == len(household.members) + 1
    assert (after.members[-1].name, after.members[-1].role, after.members[-1].age) == ("Bimbo", "child", 0)
    # The first year's costs, month by month, are the survey's midpoint to within the monthly rounding.
    calendar = cashflow_calendar(after, start_year=2027, start_month=3, months=13)
    before = cashflow_calendar(household, start_year=2027, start_month=3, months=13)
    added = sum((a.outgoings - b.outgoings for a, b in zip(calendar.months, before.months, strict=True)), Decimal(0))
    midpoint = sum(c.yearly for c in first_year_costs("medio"))
    assert abs(added - midpoint) < Decimal("0.10")
    # The Assegno Unico grows by what the rules give for one more child (the first year with +50 %).
    children = [Child(m.age) for m in household.members if m.role == "child" and m.dependent]
    working = key in ("prestiti_revolving", "cura_genitore")  # both adults named in a salary
    au = {"isee": Decimal("20000"), "on_date": date(2027, 4, 1), "both_parents_working": working}
    increase = assegno_unico([*children, Child(0)], **au).monthly - assegno_unico(children, **au).monthly
    later = assegno_unico([*children, Child(1)], **au).monthly - assegno_unico(children, **au).monthly
    lines = [i for i in after.incomes if i.label.startswith("Assegno Unico per Bimbo")]
    if increase == later:  # three or more children: the +50 % goes on from one to three years old
        assert [(i.amount, i.starts) for i in lines] == [(increase, date(2027, 4, 1))]
    else:
        first_year = [i for i in lines if i.label.endswith("(primo anno, con la maggiorazione)")]
        assert first_year[0].amount == increase and first_year[0].ends == date(2028, 3, 1)


def test_birth_with_leave_pauses_the_salary_and_never_pays_both():
    household = load_sample("prestiti_revolving")
    label = "Stipendio part-time di Laura"
    event = birth(on=date(2027, 3, 1), ages_on=TODAY, parent="Laura", leave_salary=label, parental_months=4)
    after = event.apply(household)
    calendar = cashflow_calendar(after, start_year=2026, start_month=12, months=14)
    laura = [
        [(i.label, i.amount) for i in month.incomes if "Laura" in i.label and "Tredicesima" not in i.label]
        for month in calendar.months
    ]
    assert all(len(paid) == 1 for paid in laura)  # exactly one of salary or leave pay each month
    amounts = [paid[0][1] for paid in laura]
    assert amounts == [Decimal("1180.00")] + [Decimal("944.00")] * 8 + [Decimal("354.00")] + [Decimal("1180.00")] * 4
    assert summarize(after).income - summarize(household).income == sum(
        i.monthly_amount for i in after.incomes if i.label == "Assegno Unico per Neonato"
    )  # after the leave only the Assegno Unico is new


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"on": date(1980, 1, 1)}, "on"),  # before the parent was born
        ({"on": date(2000, 1, 1)}, "on"),  # the parent would be eight
        ({"on": date(2024, 1, 1)}, "on"),  # already born: a member
        ({"on": date(2035, 1, 1)}, "on"),
        ({"parent": "Sofia"}, "parent"),  # a child
        ({"parent": "Nessuno"}, "parent"),
        ({"child": "Giulia"}, "child"),
        ({"child": " "}, "child"),
        ({"leave_salary": "Stipendio di Giulia"}, "leave_salary"),
        ({"leave_salary": "Tredicesima di Marco"}, "leave_salary"),
        ({"parental_months": 9}, "parental_months"),
        ({"cost_level": "altissimo"}, "cost_level"),
        ({"isee": Decimal("-1")}, "isee"),
        ({"nursery_monthly": Decimal("-300")}, "nursery_monthly"),
        ({"nursery_monthly": Decimal("300"), "nursery_from": date(2026, 1, 1)}, "nursery_from"),
    ],
)
def test_bad_birth_parameters_are_named(options, field):
    household = load_sample("coppia_neonato")
    with pytest.raises(InvalidInputError) as info:
        birth(**({"on": date(2027, 6, 1), "ages_on": TODAY, "parent": "Giulia"} | options)).apply(household)
    assert info.value.field == field
    assert info.value.message_it


def test_nursery_fee_starts_at_one_year():
    after = birth(on=date(2027, 2, 1), ages_on=TODAY, parent="Elena", nursery_monthly=Decimal("380")).apply(
        load_sample("madre_separata")
    )
    nursery = [e for e in after.expenses if e.subcategory == "nido" and "Neonato" in e.label]
    assert [(e.amount, e.starts) for e in nursery] == [(Decimal("380.00"), date(2028, 2, 1))]


# --- caring for a parent ------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(sample_names()))
@pytest.mark.parametrize("care", ["live_in", "hourly", "rsa"])
def test_parent_care_on_every_sample(key, care):
    household = load_sample(key)
    event = parent_care(on=date(2027, 1, 1), parent="Nonna Lia", age=84, care=care, weekly_hours=20,
                        pension=Decimal("900"), with_companion_allowance=True)  # fmt: skip
    after = event.apply(household)
    assert event.apply(household) == after
    lives_here = care != "rsa"
    assert len(after.members) == len(household.members) + lives_here
    year = cashflow_calendar(after, start_year=2027, start_month=1)
    base = cashflow_calendar(household, start_year=2027, start_month=1)
    added_income = sum((a.income - b.income for a, b in zip(year.months, base.months, strict=True)), Decimal(0))
    assert added_income == 13 * Decimal("900") + 12 * companion_allowance(date(2027, 1, 1)).monthly
    added_costs = sum((a.outgoings - b.outgoings for a, b in zip(year.months, base.months, strict=True)), Decimal(0))
    if care == "rsa":
        assert added_costs == 12 * Decimal("2236.00")
    else:
        cost = domestic_worker_cost(live_in=care == "live_in", weekly_hours=20, on_date=date(2027, 1, 1))
        # Starting in January, the first quarter's contributions fall in April: three payments in the year.
        assert added_costs == cost.yearly - cost.quarterly_contributions


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"age": 30}, "age"),
        ({"age": "84"}, "age"),
        ({"parent": "Rosa"}, "parent"),  # already in the household
        ({"parent": ""}, "parent"),
        ({"care": "ospedale"}, "care"),
        ({"care": "hourly"}, "weekly_hours"),
        ({"pension": Decimal("-100")}, "pension"),
        ({"care": "rsa", "rsa_monthly": Decimal("0")}, "rsa_monthly"),
        ({"other_costs": Decimal("12.345")}, "other_costs"),
    ],
)
def test_bad_care_parameters_are_named(options, field):
    household = load_sample("cura_genitore")
    with pytest.raises((InvalidInputError, InvalidAmountError)) as info:
        parent_care(**({"on": date(2027, 1, 1), "parent": "Nonno Gino", "age": 88} | options)).apply(household)
    assert info.value.field == field


# --- benefits and what to do first -------------------------------------------------------------


def test_benefits_read_what_the_budget_already_counts():
    household = load_sample("madre_separata")
    found = {b.key: b for b in benefits(household, isee=Decimal("8000"), on_date=date(2026, 6, 1))}
    assert found["assegno_unico"].counted == Decimal("460.00")
    expected = assegno_unico([Child(12), Child(8)], isee=Decimal("8000"), on_date=date(2026, 6, 1)).monthly
    assert found["assegno_unico"].monthly == expected == Decimal("407.60")  # 2 × 203,80
    assert found["assegno_unico"].missing == 0  # the budget already counts more than the estimate
    assert found["bonus_elettrico"].entitled and found["bonus_elettrico"].monthly == Decimal("15.51")  # 186,15 / 12
    # The gas bonus: same threshold; ARERA's 2026 range is 39,16-156,45 € a year, shown from its least.
    assert found["bonus_gas"].entitled and found["bonus_gas"].monthly == Decimal("3.26")
    assert "39,16 € a 156,45 €" in found["bonus_gas"].note_it.replace("\u00a0", " ")
    no_gas = household.model_copy(update={"expenses": tuple(e for e in household.expenses if e.subcategory != "gas")})
    assert "bonus_gas" not in {b.key for b in benefits(no_gas, isee=Decimal("8000"), on_date=date(2026, 6, 1))}
    two_earners = benefits(load_sample("prestiti_revolving"), isee=Decimal("8000"), on_date=date(2026, 6, 1))
    both = assegno_unico([Child(10)], isee=Decimal("8000"), on_date=date(2026, 6, 1), both_parents_working=True)
    assert two_earners[0].monthly == both.monthly and two_earners[0].missing == both.monthly - Decimal("200")
    assert [b.key for b in benefits(one_person(), isee=None, on_date=date(2026, 6, 1))] == []


def test_compare_says_what_changes_and_what_to_do_first():
    household = load_sample("prestiti_revolving")
    loss = job_loss(member="Simone", salary_labels=["Stipendio di Simone (prima della cessione del quinto)",
                    "Tredicesima di Simone"], taxable_pay_4y=Decimal("85000"), contribution_weeks_4y=208,
                    on=date(2027, 1, 1))  # fmt: skip
    result = compare(household, {"Perdita del lavoro": [loss]}, start_year=2027, start_month=1, isee=Decimal("12000"))
    steps = result.scenarios[0].first_steps
    assert steps[0].startswith("Da 0") and "mancano" in steps[0]  # money running out comes first
    assert any("68 giorni" in step for step in steps)
    sentence = result.sentence_it("Perdita del lavoro")
    assert sentence.startswith("Il saldo del mese, a regime, passa da") and "Per prima cosa: da 0" in sentence
    again = compare(household, {"Perdita del lavoro": [loss]}, start_year=2027, start_month=1, isee=Decimal("12000"))
    assert again == result  # deterministic


@settings(max_examples=60, deadline=None)
@given(
    pay=st.decimals(min_value=Decimal("300"), max_value=Decimal("6000"), places=2),
    before=st.integers(0, 2),
    parental=st.integers(0, 6),
    maternity=st.booleans(),
    month=st.integers(1, 12),
)
def test_leave_pay_never_overlaps_the_salary(pay, before, parental, maternity, month):
    household = one_person(amount=str(pay))
    event = birth(on=date(2027, month, 1), ages_on=TODAY, parent="Anna", leave_salary="Stipendio di Anna",
                  maternity=maternity, months_before_birth=before, parental_months=parental)  # fmt: skip
    after = event.apply(household)
    calendar = cashflow_calendar(after, start_year=2026, start_month=10, months=30)
    leave = leave_months(monthly_pay=pay, birth=date(2027, month, 1), maternity=maternity,
                         months_before_birth=before, parental_months=parental)  # fmt: skip
    paid = {m.month: m.pay for m in leave}
    for calendar_month in calendar.months:
        anna = [i.amount for i in calendar_month.incomes if "di Anna" in i.label]
        expected = paid.get(date(calendar_month.year, calendar_month.month, 1), pay)
        assert anna == [expected]
