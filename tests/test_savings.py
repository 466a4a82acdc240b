"""Savings: goals against closed forms and numpy_financial, projections with taxes, the Monte Carlo simulation."""

import math
from datetime import date
from decimal import Decimal

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.errors import (
    InvalidAmountError,
    InvalidInputError,
    InvalidRateError,
    InvalidTermError,
    NoSolutionError,
)
from oltre_finance.money import cents
from oltre_finance.savings import (
    Instrument,
    SavingsGoal,
    fund_goals,
    future_value,
    instrument,
    instrument_ids,
    monthly_rate,
    months_to_goal,
    project,
    required_contribution,
    simulate,
)

TODAY = date(2026, 11, 24)


def plain(gross_return="0.03", **options) -> Instrument:
    """An instrument without taxes, duty or costs: its projection is the bare future value."""
    settings_ = {
        "tax_rate": Decimal(0),
        "tax_timing": "yearly",
        "stamp_duty": "none",
        "compounding": "monthly",
    } | options
    return Instrument(id="prova", label_it="Prova", gross_return=Decimal(gross_return), **settings_)


# --- Goals: closed forms, numpy_financial, exact at 0 % -------------------------------------------------------


@pytest.mark.parametrize(
    ("initial", "monthly", "months", "rate"),
    [
        (0, 100, 120, "0.03"),
        (5000, 250, 60, "0.02"),
        (1000, 0, 240, "0.05"),
        (0, 50, 480, "0.07"),
        (200, 10, 1, "0.01"),
    ],
)
def test_future_value_matches_numpy_financial(initial, monthly, months, rate):
    j = float(monthly_rate(Decimal(rate)))
    expected = npf.fv(j, months, -monthly, -initial)
    value = future_value(Decimal(initial), Decimal(monthly), months, annual_return=Decimal(rate))
    assert float(value) == pytest.approx(expected, rel=1e-12)


def test_monthly_rate_is_a_twelfth_of_the_nominal_rate():
    assert monthly_rate(Decimal("0.05")) * 12 == Decimal("0.05")


@pytest.mark.parametrize(("target", "months", "rate", "initial"), [(10000, 60, "0.02", 0), (25000, 120, "0.04", 3000)])
def test_required_contribution_matches_pmt_rounded_up(target, months, rate, initial):
    j = float(monthly_rate(Decimal(rate)))
    exact = -npf.pmt(j, months, -initial, target)
    answer = required_contribution(Decimal(target), months, annual_return=Decimal(rate), initial=Decimal(initial))
    assert answer.monthly == Decimal(math.ceil(exact * 100)) / 100
    assert answer.final_balance >= target


def test_zero_return_is_exact():
    # 6.000 € in 24 months at 0 %: 250 € a month, exactly; 1.000 € at 100 € a month: 10 months.
    assert required_contribution(Decimal(6000), 24, annual_return=Decimal(0)).monthly == Decimal("250.00")
    assert required_contribution(Decimal(1000), 3, annual_return=Decimal(0)).monthly == Decimal("333.34")
    assert months_to_goal(Decimal(1000), Decimal(100), annual_return=Decimal(0)).months == 10
    assert months_to_goal(Decimal(1000), Decimal("99.99"), annual_return=Decimal(0)).months == 11


@settings(max_examples=200, deadline=None)
@given(
    target=st.decimals(min_value=100, max_value=200_000, places=2),
    months=st.integers(1, 480),
    rate=st.decimals(min_value=Decimal("-0.05"), max_value=Decimal("0.12"), places=3),
    initial=st.decimals(min_value=0, max_value=50_000, places=2),
)
def test_contribution_reaches_the_goal_and_one_cent_less_does_not(target, months, rate, initial):
    answer = required_contribution(target, months, annual_return=rate, initial=initial)
    if answer.already_reached:
        assert initial >= target and answer.monthly == 0
        return
    assert cents(future_value(initial, answer.monthly, months, annual_return=rate)) >= target
    if answer.monthly > 0:
        less = future_value(initial, answer.monthly - Decimal("0.01"), months, annual_return=rate)
        assert cents(less) < target
        # months_to_goal answers the inverse question with the same month.
        assert months_to_goal(target, answer.monthly, annual_return=rate, initial=initial).months <= months


def test_months_to_goal_is_the_first_month_at_or_above():
    answer = months_to_goal(Decimal(10000), Decimal(150), annual_return=Decimal("0.03"))
    j = float(monthly_rate(Decimal("0.03")))
    assert answer.months == math.ceil(npf.nper(j, -150, 0, 10000))
    before = future_value(Decimal(0), Decimal(150), answer.months - 1, annual_return=Decimal("0.03"))
    assert before < 10000 <= answer.final_balance


def test_goal_already_reached_and_never_reached():
    assert months_to_goal(Decimal(500), Decimal(10), annual_return=Decimal(0), initial=Decimal(600)).already_reached
    with pytest.raises(NoSolutionError):
        months_to_goal(Decimal(500), Decimal(0), annual_return=Decimal(0))
    with pytest.raises(NoSolutionError):  # losing 10 % a year, 10 € a month never builds 5.000 €
        months_to_goal(Decimal(5000), Decimal(10), annual_return=Decimal("-0.10"))


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: required_contribution(Decimal(-1), 12, annual_return=Decimal(0)), InvalidAmountError, "target"),
        (lambda: required_contribution(Decimal(100), 0, annual_return=Decimal(0)), InvalidTermError, "months"),
        (lambda: required_contribution(Decimal(100), 12, annual_return=Decimal(-1)), InvalidRateError, "annual_return"),
        (lambda: required_contribution(Decimal(100), 12, annual_return=0.03), InvalidRateError, "annual_return"),
        (lambda: required_contribution(Decimal("NaN"), 12, annual_return=Decimal(0)), InvalidAmountError, "target"),
        (lambda: months_to_goal(Decimal(100), Decimal(-5), annual_return=Decimal(0)), InvalidAmountError, "monthly"),
        (
            lambda: future_value(Decimal(1), Decimal(1), 12, annual_return=Decimal("-1.5")),
            InvalidRateError,
            "annual_return",
        ),
    ],
)
def test_bad_goal_input(call, error, field):
    with pytest.raises(error) as info:
        call()
    assert info.value.field == field and info.value.message_it


# --- Several goals by priority ------------------------------------------------------------------------------------


def test_single_goal_plan_agrees_with_months_to_goal():
    for rate in ("0", "0.02", "0.06"):
        alone = months_to_goal(Decimal(7000), Decimal(180), annual_return=Decimal(rate), initial=Decimal(500))
        plan = fund_goals(
            [SavingsGoal(name="Auto", target=Decimal(7000), saved=Decimal(500))],
            Decimal(180),
            annual_return=Decimal(rate),
            start=date(2027, 1, 1),
        )
        assert plan.outcome("Auto").reached_month == alone.months


def test_goals_by_priority_spill_over():
    goals = [
        SavingsGoal(name="Fondo emergenze", target=Decimal(1000)),
        SavingsGoal(name="Scuola", target=Decimal(500), by=date(2027, 9, 1)),
        SavingsGoal(name="Vacanza", target=Decimal(300), saved=Decimal(300)),
    ]
    plan = fund_goals(goals, Decimal(300), annual_return=Decimal(0), start=date(2027, 1, 1))
    # 300 a month: the fund is full in month 4 (1.200 put in, 200 spill to school), school in month 5 (200 + 300).
    assert [o.reached_month for o in plan.outcomes] == [4, 5, 0]
    school = plan.outcome("Scuola")
    assert school.reached_on == date(2027, 5, 1) and school.on_time
    assert school.needed_monthly == Decimal("55.56")  # 500 € over the 9 months to September, alone
    with pytest.raises(InvalidInputError):
        fund_goals([goals[0], goals[0]], Decimal(1), annual_return=Decimal(0), start=date(2027, 1, 1))


# --- Projections: taxes, stamp duty and costs by hand -------------------------------------------------------------


def test_projection_without_taxes_is_the_future_value():
    result = project(Decimal(2000), Decimal(150), 84, instrument=plain("0.04"), on_date=TODAY)
    expected = future_value(Decimal(2000), Decimal(150), 84, annual_return=Decimal("0.04"))
    assert result.final.balance == expected.quantize(Decimal("0.01"))
    assert result.final.contributed == Decimal(2000) + 84 * Decimal(150)


def test_deposit_tax_and_stamp_duty_by_hand():
    # 10.000 € at 3 % for a year: interest 300,00; 26 % withheld = 78,00. The stamp duty of a time deposit whose
    # interest goes to the linked current account is 0,2 % of the deposited capital: 20,00 €, not 0,2 % of
    # 10.222,00 = 20,44 € (forextradingitalia.it: "su un deposito di 10.000 euro sarà pari a 20 euro").
    deposit = instrument("conto_deposito", on_date=TODAY).with_return(Decimal("0.03"))
    assert deposit.stamp_duty_base == "capital"
    result = project(Decimal(10000), Decimal(0), 12, instrument=deposit, on_date=TODAY)
    assert (result.final.taxes, result.final.stamp_duty, result.final.balance) == (
        Decimal("78.00"),
        Decimal("20.00"),
        Decimal("10202.00"),
    )
    # The second year the interest reinvested is capital: 0,2 % of 10.202,00 = 20,40 €.
    two_years = project(Decimal(10000), Decimal(0), 24, instrument=deposit, on_date=TODAY)
    assert two_years.final.stamp_duty == Decimal("20.00") + Decimal("20.40")


def test_every_instrument_says_its_stamp_duty_convention():
    from oltre_finance.italy.data_files import load_rule

    data = load_rule("savings_instruments.json")
    for item in data["instruments"]:
        assert item["stamp_duty_base"] in data["stamp_duty_bases"], item["id"]


def test_current_account_stamp_duty_only_above_average_5000():
    account = instrument("conto_corrente", on_date=TODAY).with_return(Decimal(0))
    above = project(Decimal(6000), Decimal(0), 12, instrument=account, on_date=TODAY)
    below = project(Decimal(5000), Decimal(0), 12, instrument=account, on_date=TODAY)
    assert above.final.stamp_duty == Decimal("34.20") and above.final.balance == Decimal("5965.80")
    assert below.final.stamp_duty == 0
    # Half a year: the fixed amount pro rata.
    assert project(Decimal(6000), Decimal(0), 6, instrument=account, on_date=TODAY).final.stamp_duty == Decimal("17.10")


def test_government_bond_rate_and_postal_bonds_at_the_end():
    btp = instrument("btp", on_date=TODAY).with_return(Decimal("0.04"))
    # 10.000 € at 4 % for a year: 400 of income, 12,5 % = 50,00; stamp duty 0,2 % of 10.350 = 20,70.
    result = project(Decimal(10000), Decimal(0), 12, instrument=btp, on_date=TODAY)
    assert (result.final.taxes, result.final.stamp_duty) == (Decimal("50.00"), Decimal("20.70"))
    bonds = instrument("buoni_fruttiferi_postali", on_date=TODAY).with_return(Decimal("0.02"))
    small = project(Decimal(4000), Decimal(0), 24, instrument=bonds, on_date=TODAY)
    # 4.000 € at 2 % for two years: 4.161,60; gain 161,60 taxed 12,5 % at the end = 20,20; no stamp duty.
    assert (small.final.stamp_duty, small.final.taxes, small.final.balance) == (
        Decimal("0.00"),
        Decimal("20.20"),
        Decimal("4141.40"),
    )


def test_fund_costs_and_tax_on_the_gain():
    fund = Instrument(
        id="f", label_it="Fondo", gross_return=Decimal("0.05"), annual_costs=Decimal("0.02"), tax_rate=Decimal("0.26"),
        tax_timing="at_end", stamp_duty="financial_products", compounding="monthly",
    )  # fmt: skip
    result = project(Decimal(10000), Decimal(0), 12, instrument=fund, on_date=TODAY)
    # By hand: each month the value grows by (5 % - 2 %)/12, costs subtracted from the return; then 0,2 % stamp
    # duty on the value, and 26 % on the gain (the duty does not lower the taxable gain).
    value = Decimal(10000) * (1 + (Decimal("0.05") - Decimal("0.02")) / 12) ** 12
    duty = Decimal("0.002") * value
    tax = Decimal("0.26") * (value - 10000)
    assert result.final.stamp_duty == cents(duty)
    assert result.final.taxes == cents(tax)
    assert result.final.balance == cents(value - duty - tax)
    # Costs: 2 %/12 of each month's starting value, a geometric series.
    growth = 1 + Decimal("0.03") / 12
    assert result.final.costs == cents(Decimal(10000) * Decimal("0.02") / 12 * (growth**12 - 1) / (growth - 1))


def test_deposit_with_monthly_savings_credits_simple_interest_yearly():
    # 100 € at the end of every month at 2 %: the year's interest is simple, 100 × 2 %/12 × (11 + 10 + ... + 0)
    # = 11,00 €, taxed 26 % = 2,86 €, credited in December; then the 0,2 % stamp duty on the capital deposited.
    deposit = instrument("conto_deposito", on_date=TODAY).with_return(Decimal("0.02"))
    result = project(Decimal(0), Decimal(100), 12, instrument=deposit, on_date=TODAY)
    assert result.final.taxes == Decimal("2.86")
    assert result.final.stamp_duty == cents(Decimal("0.002") * Decimal(1200))


def test_inflation_gives_the_real_value():
    result = project(Decimal(10000), Decimal(0), 24, instrument=plain("0"), on_date=TODAY, inflation=Decimal("0.02"))
    assert result.final.real_balance == (Decimal(10000) / Decimal("1.0404")).quantize(Decimal("0.01"))


# --- Simulation -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", instrument_ids())
def test_zero_volatility_equals_the_projection(key):
    chosen = instrument(key, on_date=TODAY)
    steady = Instrument(**{**chosen.__dict__, "volatility": Decimal(0)})
    run = simulate(Decimal(6000), Decimal(175), 150, instrument=steady, on_date=TODAY, n_paths=4, seed=3)
    expected = project(Decimal(6000), Decimal(175), 150, instrument=steady, on_date=TODAY).final.balance
    assert all(abs(value - expected) <= Decimal("0.01") for value in run.final.values())


def test_seed_reproduces_and_bands_are_ordered():
    etf = instrument("etf_pac", on_date=TODAY)
    first = simulate(Decimal(0), Decimal(200), 120, instrument=etf, on_date=TODAY, seed=7, n_paths=2000)
    again = simulate(Decimal(0), Decimal(200), 120, instrument=etf, on_date=TODAY, seed=7, n_paths=2000)
    assert first.final == again.final and np.array_equal(first.bands, again.bands)
    assert first.bands.shape == (6, 121)
    assert np.all(np.diff(first.bands, axis=0) >= 0)


def test_median_and_mean_within_sampling_error():
    # A lump sum with no taxes or costs: ln(final) is normal with mean ln(S0) + n·μ and sd σ·√n, so the median is
    # S0·exp(n·μ) and the mean is S0·(1 + R/12)^n. Tolerances: 4 standard errors of the median and of the mean.
    risky = plain("0.06", volatility=Decimal("0.15"))
    n, paths, start = 240, 20_000, Decimal(10_000)
    run = simulate(start, Decimal(0), n, instrument=risky, on_date=TODAY, seed=11, n_paths=paths)
    sigma = 0.15 / math.sqrt(12)
    mu = math.log(1 + 0.06 / 12) - sigma**2 / 2
    median = 10_000 * math.exp(n * mu)
    sd_log = sigma * math.sqrt(n)
    se_median = 1.2533 * sd_log / math.sqrt(paths) * median  # delta method on the log scale
    assert abs(float(run.final[50]) - median) < 4 * se_median
    mean = 10_000 * (1 + 0.06 / 12) ** n
    sd = mean * math.sqrt(math.exp(sd_log**2) - 1)
    assert abs(float(run.mean_final) - mean) < 4 * sd / math.sqrt(paths)


def test_probability_of_goal():
    etf = instrument("etf_pac", on_date=TODAY)
    run = simulate(Decimal(0), Decimal(200), 120, instrument=etf, on_date=TODAY, seed=5, goal=Decimal(20000))
    low = simulate(Decimal(0), Decimal(200), 120, instrument=etf, on_date=TODAY, seed=5, goal=Decimal(60000))
    assert 0 < low.probability_of_goal < run.probability_of_goal <= 1


def test_bad_simulation_input():
    etf = instrument("etf_pac", on_date=TODAY)
    with pytest.raises(InvalidInputError):
        simulate(Decimal(0), Decimal(1), 12, instrument=etf, on_date=TODAY, n_paths=0)
    with pytest.raises(InvalidTermError):
        simulate(Decimal(0), Decimal(1), 0, instrument=etf, on_date=TODAY)
    with pytest.raises(InvalidAmountError):
        simulate(Decimal(0), Decimal(1), 12, instrument=etf, on_date=TODAY, goal=Decimal(-5))
    with pytest.raises(InvalidRateError):
        project(Decimal(0), Decimal(1), 12, instrument=etf, on_date=TODAY, inflation=Decimal(3))
    with pytest.raises(InvalidInputError):
        instrument("materasso", on_date=TODAY)


def test_simulate_with_mean_and_volatility_only():
    gross = simulate(Decimal(1000), Decimal(100), 60, mean_return=Decimal("0.05"), volatility=Decimal(0), n_paths=2)
    assert gross.final[50] == future_value(Decimal(1000), Decimal(100), 60, annual_return=Decimal("0.05")).quantize(
        Decimal("0.01")
    )
    etf = instrument("etf_pac", on_date=TODAY)
    calmer = simulate(Decimal(0), Decimal(100), 60, instrument=etf, on_date=TODAY, volatility=Decimal("0.05"), seed=1)
    wilder = simulate(Decimal(0), Decimal(100), 60, instrument=etf, on_date=TODAY, seed=1)
    assert calmer.final[95] - calmer.final[5] < wilder.final[95] - wilder.final[5]
    with pytest.raises(InvalidInputError):
        simulate(Decimal(0), Decimal(1), 12)
    with pytest.raises(InvalidInputError):
        simulate(Decimal(0), Decimal(1), 12, instrument=etf)  # the stamp duty needs its date


def test_goal_date_in_the_past():
    late = SavingsGoal(name="Ieri", target=Decimal(100), by=date(2026, 1, 1))
    with pytest.raises(InvalidInputError) as info:
        fund_goals([late], Decimal(10), annual_return=Decimal(0), start=date(2027, 1, 1))
    assert info.value.field == "by"
