"""Life events on the sample households: pure, deterministic, money conserved, bad parameters named."""

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest

from oltre_finance.budget import cashflow_calendar, summarize
from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidRateError
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.naspi import naspi_estimate
from oltre_finance.loans import Loan
from oltre_finance.scenarios import (
    apply_events,
    compare,
    job_loss,
    mortgage_reset,
    move_home,
    new_loan,
    rent_change,
    separate,
    separation,
)


def total(items) -> Decimal:
    return sum((item.yearly_amount for item in items), Decimal(0))


def test_rent_change_and_move():
    household = load_sample("affitto_meta_reddito")
    after = rent_change(Decimal("1100")).apply(household)
    rents = [e for e in after.expenses if e.subcategory == "affitto"]
    assert [(e.amount, e.frequency) for e in rents] == [(Decimal("1100.00"), "monthly")]
    assert household != after and rent_change(Decimal("1100")).apply(household) == after  # pure and deterministic
    moved = move_home(Decimal("750"), moving_costs=Decimal("2400"), on=date(2027, 3, 1)).apply(household)
    one_off = [e for e in moved.expenses if e.frequency == "one_off" and e.year == 2027]
    assert one_off[-1].amount == Decimal("2400.00") and one_off[-1].month == 3
    with pytest.raises(InvalidAmountError) as info:
        rent_change(Decimal("-100"))
    assert info.value.field == "new_rent"
    owner = load_sample("cura_genitore")
    if not any(e.subcategory == "affitto" for e in owner.expenses):
        with pytest.raises(InvalidInputError) as info:
            rent_change(Decimal("900")).apply(owner)
        assert info.value.field == "new_rent"


def test_mortgage_reset_recomputes_the_instalment():
    household = load_sample("cura_genitore")
    mortgage = next(d for d in household.debts if d.kind == "mortgage")
    after = mortgage_reset(Decimal("0.045")).apply(household)
    new = next(d for d in after.debts if d.kind == "mortgage")
    expected = -npf.pmt(0.045 / 12, mortgage.remaining_months, float(mortgage.balance))
    assert abs(float(new.instalment) - expected) < 0.006
    assert any(e.subcategory == "rata_mutuo" and e.amount == new.instalment for e in after.expenses)
    assert summarize(after).balance < summarize(household).balance
    with pytest.raises(InvalidRateError):
        mortgage_reset(Decimal("2"))
    with pytest.raises(InvalidInputError):
        mortgage_reset(Decimal("0.04")).apply(load_sample("madre_separata"))  # no mortgage


def test_new_loan_adds_money_instalment_and_debt():
    household = load_sample("madre_separata")
    loan = Loan(Decimal("5000"), Decimal("0.08"), 48, upfront_fees=Decimal("100"))
    after = new_loan(loan, label="Prestito per l'auto", on=date(2027, 2, 1)).apply(household)
    assert len(after.debts) == len(household.debts) + 1
    received = next(i for i in after.incomes if i.frequency == "one_off")
    assert received.amount == Decimal("4900.00") and (received.month, received.year) == (2, 2027)
    assert summarize(after).indicators["debt_service"].value > summarize(household).indicators["debt_service"].value


@pytest.mark.parametrize("key", ["coppia_neonato", "prestiti_revolving"])
def test_separation_conserves_money_and_members(key):
    household = load_sample(key)
    adults = [m.name for m in household.members if m.role == "adult"]
    leaving = adults[-1]
    own_incomes = [i.label for i in household.incomes if leaving in i.label]
    split = separate(
        household, leaving=[leaving], incomes_leaving=own_incomes, maintenance=Decimal("400"),
        new_rent=Decimal("650"), new_utilities=Decimal("120"),
    )  # fmt: skip
    stay, go = split.staying, split.leaving
    assert sorted(m.name for m in stay.members + go.members) == sorted(m.name for m in household.members)
    assert {m.age for m in go.members} <= {m.age for m in household.members}
    # Incomes: all of the original are found again, plus the maintenance the staying household receives.
    assert total(stay.incomes) + total(go.incomes) == total(household.incomes) + Decimal("400") * 12
    # Expenses: all of the original, plus the second home and the maintenance paid.
    added = (Decimal("650") + Decimal("120") + Decimal("400")) * 12
    assert total(stay.expenses) + total(go.expenses) == total(household.expenses) + added
    assert split.new_costs == Decimal("770.00")
    # The event form gives the staying household, the same every time.
    event = separation(
        leaving=[leaving], incomes_leaving=own_incomes, maintenance=Decimal("400"), new_rent=Decimal("650")
    )
    assert event.apply(household) == event.apply(household)


def test_bad_separations():
    single = load_sample("madre_separata")
    couple = load_sample("coppia_neonato")
    with pytest.raises(InvalidInputError) as info:
        separate(couple, leaving=["Nessuno"], new_rent=Decimal("600"))
    assert info.value.field == "leaving"
    with pytest.raises(InvalidInputError):
        separate(couple, leaving=["Sofia"], new_rent=Decimal("600"))  # a child cannot leave alone
    with pytest.raises(InvalidInputError):
        separate(couple, leaving=[m.name for m in couple.members], new_rent=Decimal("600"))
    with pytest.raises(InvalidAmountError) as info:
        separate(couple, leaving=["Marco"], new_rent=Decimal("-1"))
    assert info.value.field == "new_rent"
    with pytest.raises(InvalidInputError) as info:
        separate(couple, leaving=["Marco"], incomes_leaving=["Vincita"], new_rent=Decimal("600"))
    assert info.value.field == "incomes_leaving"
    alone = single.model_copy(update={"members": single.members[:1]})
    with pytest.raises(InvalidInputError) as info:
        separate(alone, leaving=[alone.members[0].name], new_rent=Decimal("600"))
    assert info.value.field == "leaving"


def test_compare_is_deterministic_and_speaks_italian():
    household = load_sample("affitto_meta_reddito")
    scenarios = {
        "Affitto più caro": [rent_change(Decimal("1300"))],
        "Trasloco": [move_home(Decimal("700"), moving_costs=Decimal("2000"), on=date(2027, 2, 1))],
    }
    first = compare(household, scenarios, start_year=2027, start_month=1)
    again = compare(household, scenarios, start_year=2027, start_month=1)
    assert first.changes == again.changes
    assert [s.name for s in first.scenarios] == ["Affitto più caro", "Trasloco"]
    assert first.changes["Affitto più caro"][0].startswith("Il saldo del mese, a regime, passa da")
    assert first.scenarios[0].summary.balance < first.base.summary.balance
    with pytest.raises(InvalidInputError):
        compare(household, {}, start_year=2027, start_month=1)


def test_every_sample_survives_the_events_that_fit_it():
    for key in sample_names():
        household = load_sample(key)
        events = [new_loan(Loan(Decimal("3000"), Decimal("0.07"), 36), label="Prestito", on=date(2027, 1, 1))]
        if any(e.subcategory == "affitto" for e in household.expenses):
            events.append(rent_change(Decimal("950")))
        assert apply_events(household, events) == apply_events(household, events)


def test_job_loss_brings_naspi_month_by_month():
    household = load_sample("prestiti_revolving")
    salary = ["Stipendio di Simone (prima della cessione del quinto)", "Tredicesima di Simone"]
    event = job_loss(member="Simone", salary_labels=salary, taxable_pay_4y=Decimal("85000"), contribution_weeks_4y=208,
                     on=date(2026, 12, 1))  # fmt: skip
    result = compare(household, {"Simone perde il lavoro": [event]}, start_year=2027, start_month=1)
    after = result.scenarios[0]
    expected = naspi_estimate(
        taxable_pay_4y=Decimal("85000"), contribution_weeks_4y=208, age=42, application_date=date(2026, 12, 1)
    )
    january = after.calendar.months[0]
    naspi = [item for item in january.incomes if "NASpI" in item.label]
    assert [item.amount for item in naspi] == [expected.first_amount]
    assert after.calendar.months[5].incomes != after.calendar.months[4].incomes  # the reduction from month 6
    # From January no salary of Simone's; December, the month he still works, keeps it.
    assert all("Simone" not in i.label or "NASpI" in i.label for m in after.calendar.months for i in m.incomes)
    december = cashflow_calendar(after.household, start_year=2026, start_month=12).months[0]
    assert {i.label for i in december.incomes} >= set(salary)
    assert summarize(after.household).income < summarize(household).income  # the lasting month has no salary
    words = " ".join(result.changes["Simone perde il lavoro"])
    assert "NASpI" in words and "saldo medio passa" in words
    assert len(after.calendar.short_months) > len(result.base.calendar.short_months)
    with pytest.raises(InvalidInputError) as info:
        job_loss(member="Tommaso", salary_labels=salary, taxable_pay_4y=Decimal(1), contribution_weeks_4y=52,
                 on=date(2026, 12, 1)).apply(household)  # fmt: skip
    assert info.value.field == "member"
