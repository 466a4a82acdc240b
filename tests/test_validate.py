"""The one family of validators: whatever it is given, a value within its bounds or a typed error naming its field."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance import validate
from oltre_finance.debts import Debt, payoff_plan
from oltre_finance.debts.model import FixedInstalment, FixedPlan, PercentOfBalance
from oltre_finance.debts.orientation import overindebtedness_orientation
from oltre_finance.errors import InvalidAmountError, InvalidRateError, InvalidTermError, OltreFinanceError
from oltre_finance.loans import Loan, amortize, early_repayment
from oltre_finance.rates import taeg
from oltre_finance.savings import (
    Instrument,
    SavingsGoal,
    cost_of_waiting,
    fund_goals,
    months_to_goal,
    project,
    required_contribution,
    simulate,
    small_daily_expense,
)
from oltre_finance.scenarios.housing import move_home, rent_change
from oltre_finance.scenarios.job_loss import job_loss
from oltre_finance.scenarios.separation import separation

#: Anything a caller might pass: text, whole numbers, Decimals with huge or tiny exponents, NaN and Infinity,
#: booleans, floats, 30-digit numbers, and things that are not numbers at all.
ANYTHING = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A-?[0-9]{0,31}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,3})?\Z"),
    st.integers(),
    st.integers(min_value=10**29, max_value=10**30),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent), st.integers(), st.integers(-400, 400)),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e26", "NaN", "sNaN", "Infinity", "-Infinity", "123456789012345678901234567890", " 12 "]),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
FIELDS = st.from_regex(r"\A[a-z][a-z_.]{0,15}\Z")


def _refused_well(error: OltreFinanceError, field: str) -> None:
    assert error.field == field
    assert error.message_it and error.message_it != str(error)  # an Italian sentence, not the developer's


@given(ANYTHING, FIELDS, st.booleans(), st.booleans())
def test_amount_is_a_finite_decimal_within_its_bounds_or_an_amount_error(value, field, positive, signed):
    try:
        result = validate.amount(value, field=field, positive=positive, signed=signed)
    except InvalidAmountError as error:
        _refused_well(error, field)
    else:
        assert isinstance(result, Decimal) and result.is_finite()
        assert (-validate.MAX_AMOUNT if signed else 0) <= result <= validate.MAX_AMOUNT
        assert not positive or result != 0


@given(ANYTHING, FIELDS)
def test_rate_is_a_fraction_within_its_bounds_or_a_rate_error(value, field):
    try:
        result = validate.rate(value, field=field)
    except InvalidRateError as error:
        _refused_well(error, field)
    else:
        assert isinstance(result, Decimal) and 0 <= result <= validate.MAX_RATE


@given(ANYTHING, FIELDS)
def test_months_is_a_whole_number_within_its_bounds_or_a_term_error(value, field):
    try:
        result = validate.months(value, field=field)
    except InvalidTermError as error:
        _refused_well(error, field)
    else:
        assert type(result) is int and 1 <= result <= validate.MAX_MONTHS


@given(ANYTHING, FIELDS)
def test_count_is_a_whole_number_within_its_bounds_or_a_term_error(value, field):
    try:
        result = validate.count(value, field=field)
    except InvalidTermError as error:
        _refused_well(error, field)
    else:
        assert type(result) is int and 0 <= result <= validate.MAX_COUNT


ABSURD = "1e26"
ON = date(2026, 11, 24)
CASH = Instrument(id="contanti", label_it="Contanti", gross_return=Decimal(0), tax_rate=Decimal(0),
                  tax_timing="yearly", stamp_duty="none")  # fmt: skip
LOAN = Loan(Decimal(10_000), Decimal("0.06"), 24)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: Loan(ABSURD, Decimal("0.05"), 12), "principal"),
        (lambda: Loan(Decimal(1000), Decimal("0.05"), 12, instalment_fee=ABSURD), "instalment_fee"),
        (lambda: amortize(ABSURD, Decimal("0.01"), 12, method="french"), "balance"),
        (lambda: early_repayment(LOAN, after_instalment=6, on_date=ON, amount=ABSURD), "amount"),
        (lambda: taeg([(0, ABSURD)], [(1, 1000)]), "drawdowns"),
        (lambda: FixedInstalment(ABSURD), "minimum.amount"),
        (lambda: PercentOfBalance(Decimal("0.03"), ABSURD), "minimum.floor"),
        (lambda: FixedPlan(ABSURD), "minimum.instalment"),
        (lambda: Debt(name="Carta", balance=ABSURD, minimum=FixedInstalment(Decimal(50))), "balance"),
        (lambda: payoff_plan([], ABSURD), "monthly_budget"),
        (
            lambda: overindebtedness_orientation(
                monthly_income=ABSURD, monthly_instalments=Decimal(0), members=1, year=2026
            ),
            "monthly_income",
        ),
        (lambda: required_contribution(ABSURD, 12, annual_return=Decimal(0)), "target"),
        (lambda: months_to_goal(Decimal(100), ABSURD, annual_return=Decimal(0)), "monthly"),
        (lambda: SavingsGoal(name="Auto", target=ABSURD), "target"),
        (lambda: fund_goals([], ABSURD, annual_return=Decimal(0), start=ON), "monthly"),
        (lambda: project(ABSURD, Decimal(0), 12, instrument=CASH, on_date=ON), "initial"),
        (lambda: simulate(Decimal(0), ABSURD, 12, mean_return=Decimal(0), volatility=Decimal(0)), "monthly"),
        (lambda: cost_of_waiting(ABSURD, 24, annual_return=Decimal(0)), "monthly"),
        (lambda: small_daily_expense(ABSURD, 1, annual_return=Decimal(0)), "per_day"),
        (lambda: rent_change(ABSURD), "new_rent"),
        (lambda: move_home(Decimal(800), moving_costs=ABSURD, on=ON), "moving_costs"),
        (lambda: separation(leaving=["Marco"], maintenance=ABSURD, new_rent=Decimal(700)), "maintenance"),
        (
            lambda: job_loss(
                member="Marco", salary_labels=["Stipendio"], taxable_pay_4y=ABSURD, contribution_weeks_4y=208, on=ON
            ),
            "taxable_pay_4y",
        ),
    ],
)
def test_public_functions_refuse_an_absurd_amount_naming_its_field(call, field):
    with pytest.raises(InvalidAmountError) as caught:
        call()
    assert caught.value.field == field
    assert caught.value.message_it
