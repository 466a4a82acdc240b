"""Savings against published worked examples (sources in each test) and hand-computed cases."""

import math
from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.budget import summarize
from oltre_finance.errors import InvalidInputError, InvalidTermError
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample
from oltre_finance.money import cents
from oltre_finance.savings import (
    Instrument,
    cost_of_waiting,
    emergency_fund,
    future_value,
    instrument,
    project,
    required_contribution,
    small_daily_expense,
)

TODAY = date(2026, 11, 24)


def test_small_daily_expense_studiobattaglia():
    # studiobattaglia.it, small daily expense: 4,10 € a day = 123 € a month, "14.760 euro in 10 anni ... al 4 %
    # annuo, con capitalizzazione composta mensile ... 18.111,73 euro".
    habit = small_daily_expense(Decimal("4.10"), 10, annual_return=Decimal("0.04"))
    assert (habit.monthly, habit.spent, habit.if_saved) == (Decimal("123.00"), Decimal("14760.00"), Decimal("18111.73"))


def test_pac_educazionefinanziaria():
    # educazionefinanziaria.info, PAC example: 200 € a month for 20 years at 7 % gives about 104.185 €.
    value = future_value(Decimal(0), Decimal(200), 240, annual_return=Decimal("0.07"))
    assert round(value) == 104185


def test_goal_calculator_educazionefinanziaria():
    # educazionefinanziaria.info, goal calculator: "Capitale Necessario €52500 ... €45/mese Per 32 anni al 6%".
    answer = required_contribution(Decimal(52500), 32 * 12, annual_return=Decimal("0.06"))
    assert round(answer.monthly) == 45


def test_inflation_money_it():
    # money.it: 100.000 € with 2 % inflation lose 9.426,92 € of purchasing power in 5 years.
    cash = Instrument(id="c", label_it="Contanti", gross_return=Decimal(0), tax_rate=Decimal(0), tax_timing="yearly",
                      stamp_duty="none")  # fmt: skip
    result = project(Decimal(100000), Decimal(0), 60, instrument=cash, on_date=TODAY, inflation=Decimal("0.02"))
    assert result.final.balance - result.final.real_balance == Decimal("9426.92")


def test_term_deposit_banca_sella():
    # Banca Sella, conto deposito: 10.000 € at 1,30 % for 12 months, net interest 96,20 € (26 % withheld).
    deposit = instrument("conto_deposito", on_date=TODAY).with_return(Decimal("0.013"))
    result = project(Decimal(10000), Decimal(0), 12, instrument=deposit, on_date=TODAY)
    assert result.final.taxes == Decimal("33.80")
    assert Decimal(130) - result.final.taxes == Decimal("96.20")


def test_postal_bond_net_factor():
    # Buono fruttifero postale 4 anni: 2 % gross a year, capitalised yearly, 12,5 % withheld at redemption:
    # published net factor 1,07212814 (= 1 + (1,02^4 - 1) × 0,875). 4.000 € stays under the stamp-duty threshold.
    bonds = instrument("buoni_fruttiferi_postali", on_date=TODAY).with_return(Decimal("0.02"))
    result = project(Decimal(4000), Decimal(0), 48, instrument=bonds, on_date=TODAY)
    assert result.final.balance == cents(Decimal(4000) * Decimal("1.07212814"))
    assert result.final.stamp_duty == 0


def test_btp_coupon_net():
    # A 3 % BTP coupon is 2,625 % net of the 12,5 % tax (MEF / Borsa Italiana examples).
    btp = instrument("btp", on_date=TODAY).with_return(Decimal("0.03"))
    result = project(Decimal(10000), Decimal(0), 12, instrument=btp, on_date=TODAY)
    assert result.final.taxes == Decimal("37.50")  # 300,00 × 12,5 %; net 262,50 = 2,625 %


def test_current_account_stamp_duty_agenzia_entrate_48e():
    # Agenzia delle Entrate, circolare 48/E 2012, Esempio 1: a current account with an average balance of 5.600 €
    # and half-yearly statements pays 17,10 € each half year (34,20 € a year, pro rata).
    account = instrument("conto_corrente", on_date=TODAY).with_return(Decimal(0))
    half = project(Decimal(5600), Decimal(0), 6, instrument=account, on_date=TODAY)
    year = project(Decimal(5600), Decimal(0), 12, instrument=account, on_date=TODAY)
    assert (half.final.stamp_duty, year.final.stamp_duty) == (Decimal("17.10"), Decimal("34.20"))


def test_postal_bonds_above_5000_pay_on_the_whole_value():
    # Above 5.000 € the 0,20 % applies to the whole value of the postal bonds, not to the excess: 10.000 € → 20 €.
    bonds = instrument("buoni_fruttiferi_postali", on_date=TODAY).with_return(Decimal(0))
    assert project(Decimal(10000), Decimal(0), 12, instrument=bonds, on_date=TODAY).final.stamp_duty == Decimal("20.00")


def test_cost_of_waiting():
    # Hand-computed at 0 %: 100 € a month for 10 years is 12.000 €; a year late it is 10.800 €, and reaching
    # 12.000 € in 108 months takes 111,12 € a month (111,11 × 108 = 11.999,88 falls short).
    wait = cost_of_waiting(Decimal(100), 120, annual_return=Decimal(0))
    assert (wait.value_now, wait.value_later, wait.cost, wait.monthly_to_catch_up) == (
        Decimal("12000.00"), Decimal("10800.00"), Decimal("1200.00"), Decimal("111.12"),
    )  # fmt: skip
    with_growth = cost_of_waiting(Decimal(100), 120, annual_return=Decimal("0.04"))
    assert with_growth.cost > Decimal(1200)  # the year lost also loses its growth
    with pytest.raises(InvalidTermError):
        cost_of_waiting(Decimal(100), 12, delay=12, annual_return=Decimal(0))


def test_emergency_fund_of_a_sample():
    household = load_sample("coppia_neonato")
    fund = emergency_fund(household, start=date(2026, 12, 1), by=date(2027, 11, 1), monthly=Decimal(300))
    summary = summarize(household)
    assert fund.target == cents(summary.essential * 6)
    assert fund.covered == summary.liquid_savings and fund.gap == fund.target - fund.covered
    # 12 months to November 2027: at 0 % the gap split in twelve, rounded up to the cent.
    assert fund.monthly_needed == (fund.gap / 12).quantize(Decimal("0.01"), rounding="ROUND_CEILING")
    assert fund.months_to_close == math.ceil(fund.gap / 300)
    three = emergency_fund(household, start=date(2026, 12, 1), months=3)
    assert three.target == cents(summary.essential * 3)
    with pytest.raises(InvalidInputError):
        emergency_fund(household, start=date(2026, 12, 1), by=date(2026, 1, 1))
    with pytest.raises(InvalidTermError):
        emergency_fund(household, start=date(2026, 12, 1), months=0)


def test_emergency_fund_already_reached():
    household = load_sample("coppia_neonato")
    data = household.model_dump(mode="json")
    data["assets"] = [{"kind": "savings", "label": "Libretto", "value": "999999.00"}]
    rich = emergency_fund(household_from_dict(data), start=date(2026, 12, 1), by=date(2027, 6, 1), monthly=Decimal(1))
    assert rich.reached and rich.monthly_needed == 0 and rich.months_to_close == 0


def test_goal_examples_altroconsumo():
    # Altroconsumo, "Micro-budget e conti deposito" (12/2025): "la tua vacanza estiva costerà circa 1.500 euro e
    # mancano dieci mesi, puoi accantonare 150 euro al mese"; "un'auto usata da 8.000 euro entro 18 mesi ...
    # vincolando i 3.000 euro che hai già ... accumuli i restanti 5.000 euro risparmiando circa 280 euro al mese".
    assert required_contribution(Decimal(1500), 10, annual_return=Decimal(0)).monthly == Decimal("150.00")
    car = required_contribution(Decimal(8000), 18, annual_return=Decimal(0), initial=Decimal(3000))
    assert car.monthly == Decimal("277.78") and round(car.monthly, -1) == 280


def test_emergency_fund_three_to_six_months():
    # it.fredapps.com, "L'importanza di un fondo di emergenza": with 1.200 € of monthly expenses the fund is
    # "tra 3.600€ e 7.200€" (3 to 6 months, the usual guidance).
    household = household_from_dict(
        {
            "name": "Prova",
            "members": [{"role": "adult", "name": "A", "age": 40}],
            "incomes": [{"source": "salary", "label": "Stipendio", "amount": "1800", "frequency": "monthly"}],
            "expenses": [
                {"category": "casa", "label": "Affitto", "amount": "700", "frequency": "monthly", "essential": True},
                {"category": "spesa_alimentare", "label": "Spesa", "amount": "500", "frequency": "monthly",
                 "essential": True},
                {"category": "tempo_libero", "label": "Uscite", "amount": "150", "frequency": "monthly",
                 "essential": False},
            ],
        }
    )  # fmt: skip
    low = emergency_fund(household, start=date(2026, 12, 1), months=3)
    high = emergency_fund(household, start=date(2026, 12, 1), months=6)
    assert (low.target, high.target) == (Decimal("3600.00"), Decimal("7200.00"))
