"""Early repayment: compensation caps of art. 125-sexies TUB, cost reduction, new schedules."""

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidTermError, RuleDataError
from oltre_finance.loans import Loan, early_repayment, schedule
from oltre_finance.loans.early_repayment import unamortised_upfront_fees

TODAY = date(2026, 11, 24)


def loan(principal, tan, months, **options) -> Loan:
    return Loan(Decimal(str(principal)), Decimal(str(tan)), months, **options)


class TestTotalRepayment:
    def test_outstanding_and_interest_saved_come_from_the_schedule(self):
        plan_loan = loan(20_000, "0.08", 48)
        plan = schedule(plan_loan)
        result = early_repayment(plan_loan, after_instalment=12, on_date=TODAY)
        assert result.is_total and result.remaining is None
        assert result.outstanding == plan.rows[11].balance
        assert result.interest_saved == sum(row.interest for row in plan.rows[12:])

    def test_one_percent_when_more_than_a_year_is_left(self):
        # Art. 125-sexies TUB: up to 1 % of the amount repaid early if more than one year remains.
        result = early_repayment(loan(20_000, "0.08", 48), after_instalment=12, on_date=TODAY)
        assert result.compensation_rate == Decimal("0.01")
        assert result.compensation == (result.outstanding * Decimal("0.01")).quantize(Decimal("0.01"))

    def test_half_percent_when_a_year_or_less_is_left(self):
        # 48 - 36 = 12 months left: "pari o inferiore a un anno" -> 0.5 %.
        result = early_repayment(loan(60_000, "0.08", 48), after_instalment=36, on_date=TODAY)
        assert result.outstanding > 10_000
        assert result.compensation_rate == Decimal("0.005")
        assert result.compensation == (result.outstanding * Decimal("0.005")).quantize(Decimal("0.01"))

    def test_no_compensation_on_a_whole_residual_debt_up_to_10000(self):
        # Art. 125-sexies TUB: nothing is due when the whole residual debt is repaid and it is ≤ 10,000 €.
        result = early_repayment(loan(12_000, "0.08", 48), after_instalment=12, on_date=TODAY)
        assert result.outstanding <= 10_000
        assert result.compensation == 0
        assert "10.000" in result.compensation_rule_it

    def test_partial_repayment_below_10000_is_not_exempt(self):
        result = early_repayment(loan(12_000, "0.08", 48), after_instalment=12, amount=Decimal(3000), on_date=TODAY)
        assert result.compensation == Decimal("30.00")

    def test_compensation_never_exceeds_the_interest_avoided(self):
        # Directive 2008/48/EC art. 16(2): never more than the interest of the remaining period.
        result = early_repayment(loan(50_000, "0.002", 36), after_instalment=20, on_date=TODAY)
        assert result.compensation == result.interest_saved
        assert result.compensation < (result.outstanding * Decimal("0.01")).quantize(Decimal("0.01"))

    def test_no_penalty_on_a_home_mortgage(self):
        # Art. 120-ter TUB: clauses charging early repayment of a home mortgage are void.
        result = early_repayment(
            loan(150_000, "0.035", 300), after_instalment=60, on_date=TODAY, contract="home_mortgage"
        )
        assert result.compensation == 0
        assert "120-ter" in result.source

    def test_paid_now_and_net_saving(self):
        plan_loan = loan(20_000, "0.08", 48, upfront_fees=Decimal(400), instalment_fee=Decimal(3))
        result = early_repayment(plan_loan, after_instalment=12, on_date=TODAY)
        assert result.fees_saved == 36 * Decimal(3)
        assert result.paid_now == result.outstanding - result.upfront_fees_refund + result.compensation
        assert result.net_saving == (
            result.interest_saved + result.fees_saved + result.upfront_fees_refund - result.compensation
        )


class TestCostReduction:
    def test_linear_is_pro_rata_of_periods_left(self):
        plan_loan = loan(10_000, "0.06", 24, upfront_fees=Decimal(240))
        assert unamortised_upfront_fees(plan_loan, 6, criterion="linear") == Decimal(180)

    def test_amortised_cost_matches_an_effective_interest_computation(self):
        # Independent computation: the effective-interest method of amortised cost. The
        # carrying amount starts at the sum received and grows at the loan's internal rate
        # (numpy_financial.irr) less each instalment; unamortised fees = balance - carrying amount.
        plan_loan = loan(10_000, "0.06", 24, upfront_fees=Decimal(240))
        plan = schedule(plan_loan)
        rate = npf.irr([-9_760.0] + [float(row.instalment) for row in plan.rows])
        carrying = 9_760.0
        for k, row in enumerate(plan.rows, start=1):
            carrying = carrying * (1 + rate) - float(row.instalment)
            expected = float(row.balance) - carrying
            got = float(unamortised_upfront_fees(plan_loan, k, criterion="amortised_cost"))
            assert got == pytest.approx(max(expected, 0.0), abs=0.01)

    def test_bounds(self):
        plan_loan = loan(10_000, "0.06", 24, upfront_fees=Decimal(240))
        assert unamortised_upfront_fees(plan_loan, 0, criterion="amortised_cost") == 240
        values = [unamortised_upfront_fees(plan_loan, k, criterion="amortised_cost") for k in range(25)]
        assert values == sorted(values, reverse=True)
        assert values[-1] == 0

    def test_refund_is_scaled_to_the_share_repaid(self):
        plan_loan = loan(20_000, "0.08", 48, upfront_fees=Decimal(400))
        whole = early_repayment(plan_loan, after_instalment=12, on_date=TODAY)
        half = early_repayment(plan_loan, after_instalment=12, amount=whole.outstanding / 2, on_date=TODAY)
        assert abs(half.upfront_fees_refund * 2 - whole.upfront_fees_refund) <= Decimal("0.01")

    def test_zero_rate_loan_linear_refund(self):
        plan_loan = loan(1_200, "0", 12, upfront_fees=Decimal(120))
        result = early_repayment(plan_loan, after_instalment=6, on_date=TODAY, cost_reduction="linear")
        assert result.upfront_fees_refund == Decimal("60.00")


class TestPartialRepayment:
    def test_shorter_term_keeps_the_instalment(self):
        plan_loan = loan(20_000, "0.08", 48)
        plan = schedule(plan_loan)
        result = early_repayment(plan_loan, after_instalment=12, amount=Decimal(5000), on_date=TODAY)
        remaining = result.remaining
        assert remaining is not None
        assert remaining.rows[0].number == 13
        assert remaining.rows[0].instalment == plan.instalment
        assert len(remaining.rows) < 36
        assert sum(row.principal for row in remaining.rows) == result.outstanding - 5000

    def test_lower_instalment_keeps_the_end_date(self):
        plan_loan = loan(20_000, "0.08", 48)
        plan = schedule(plan_loan)
        result = early_repayment(
            plan_loan, after_instalment=12, amount=Decimal(5000), option="lower_instalment", on_date=TODAY
        )
        remaining = result.remaining
        assert remaining is not None
        assert len(remaining.rows) == 36
        assert remaining.rows[0].instalment < plan.instalment
        assert remaining.rows[-1].number == 48

    def test_shortening_saves_more_interest_than_lowering(self):
        plan_loan = loan(20_000, "0.08", 48)
        shorter = early_repayment(plan_loan, after_instalment=12, amount=Decimal(5000), on_date=TODAY)
        lower = early_repayment(
            plan_loan, after_instalment=12, amount=Decimal(5000), option="lower_instalment", on_date=TODAY
        )
        assert shorter.interest_saved > lower.interest_saved > 0

    def test_italian_method_shorter_term_keeps_the_principal_share(self):
        plan_loan = loan(24_000, "0.05", 48, method="italian")
        result = early_repayment(plan_loan, after_instalment=12, amount=Decimal(6000), on_date=TODAY)
        assert result.remaining is not None
        assert result.remaining.rows[0].principal == Decimal(500)
        assert len(result.remaining.rows) == 24

    @settings(max_examples=80, deadline=None)
    @given(
        principal=st.integers(min_value=1_000, max_value=300_000),
        tan=st.decimals(min_value=0, max_value=Decimal("0.2"), places=3),
        months=st.integers(min_value=2, max_value=360),
        paid=st.floats(min_value=0, max_value=0.99),
        share=st.floats(min_value=0.01, max_value=1),
        option=st.sampled_from(["shorter_term", "lower_instalment"]),
        method=st.sampled_from(["french", "italian"]),
    )
    def test_invariants(self, principal, tan, months, paid, share, option, method):
        plan_loan = Loan(Decimal(principal), tan, months, method=method, upfront_fees=Decimal(principal) / 50)
        after = int(paid * (months - 1))
        outstanding = schedule(plan_loan).rows[after - 1].balance if after else plan_loan.principal
        amount = (outstanding * Decimal(str(share))).quantize(Decimal("0.01"))
        assume(amount > 0)
        result = early_repayment(plan_loan, after_instalment=after, amount=amount, option=option, on_date=TODAY)
        assert result.interest_saved >= 0
        assert 0 <= result.compensation <= (amount * Decimal("0.01")).quantize(Decimal("0.01"))
        assert 0 <= result.upfront_fees_refund <= plan_loan.upfront_fees
        if result.remaining is not None:
            rows = result.remaining.rows
            assert sum(row.principal for row in rows) == outstanding - amount
            assert rows[-1].balance == 0
            assert rows[-1].number <= months


class TestBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "error", "field"),
        [
            ({"after_instalment": 48}, InvalidTermError, "after_instalment"),
            ({"after_instalment": -1}, InvalidTermError, "after_instalment"),
            ({"after_instalment": 2.0}, InvalidTermError, "after_instalment"),
            ({"amount": Decimal(-5)}, InvalidAmountError, "amount"),
            ({"amount": Decimal(0)}, InvalidAmountError, "amount"),
            ({"amount": Decimal(10**6)}, InvalidAmountError, "amount"),
            ({"amount": 100.0}, InvalidAmountError, "amount"),
            ({"option": "shorter"}, InvalidInputError, "option"),
            ({"contract": "mutuo"}, InvalidInputError, "contract"),
            ({"cost_reduction": "curva"}, InvalidInputError, "cost_reduction"),
            ({"on_date": "2026-11-24"}, RuleDataError, "on_date"),
            ({"on_date": date(2000, 1, 1)}, RuleDataError, "on_date"),
        ],
    )
    def test_typed_errors(self, kwargs, error, field):
        arguments = {"after_instalment": 12, "on_date": TODAY} | kwargs
        with pytest.raises(error) as caught:
            early_repayment(loan(20_000, "0.08", 48), **arguments)
        assert caught.value.field == field
