"""One loan: schedules against published worked examples, invariants, cost and TAEG, bad input."""

from decimal import Decimal

import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.errors import (
    InvalidAmountError,
    InvalidInputError,
    InvalidRateError,
    InvalidTermError,
    OltreFinanceError,
)
from oltre_finance.loans import Loan, amortize, annuity_payment, loan_taeg, schedule
from oltre_finance.validate import MAX_AMOUNT, MAX_MONTHS


def loan(principal, tan, months, **options) -> Loan:
    return Loan(Decimal(str(principal)), Decimal(str(tan)), months, **options)


# (principal, TAN, months, periods a year, published instalment, source)
PUBLISHED_FRENCH = [
    # Microsoft Support, "PMT function": 10,000 at 8 % over 10 months -> (1,037.03).
    (10_000, "0.08", 10, 12, "1037.03"),
    # Claris FileMaker Pro Help, "PMT": PMT(21000; .069/12; 48) returns $501.90.
    (21_000, "0.069", 48, 12, "501.90"),
    # Apache OpenOffice Wiki, "Calc: PMT function": PMT(5.5%/12; 24; 5000) returns -220.48.
    (5_000, "0.055", 24, 12, "220.48"),
    # Apache OpenOffice Wiki (es), "Calc: Funcion PAGO": PAGO(1,99%/12;36;25000) = -715.96.
    (25_000, "0.0199", 36, 12, "715.96"),
    # Same page: PAGO(0.05/12;36;50000) = -1,498.54.
    (50_000, "0.05", 36, 12, "1498.54"),
    # NumPy reference, numpy.pmt: pmt(0.075/12, 12*15, 200000) -> a monthly payment of $1,854.02.
    (200_000, "0.075", 180, 12, "1854.02"),
    # Microsoft Learn, Visual FoxPro PAYMENT(): 100000 at .105/12 over 20*12 displays 998.38.
    (100_000, "0.105", 240, 12, "998.38"),
    # Adobe LiveCycle FormCalc reference, Pmt(150000, 0.0475/12, 25*12) = 855.17604207164.
    (150_000, "0.0475", 300, 12, "855.18"),
    # Same reference: Pmt(25000, 0.085, 12) = 3403.82145169876, an annual payment.
    (25_000, "0.085", 144, 1, "3403.82"),
    # Microsoft Learn, Dynamics AX 2012 "pmt": pmt(10000, 0.10, 20) returns 1174.60.
    (10_000, "0.10", 240, 1, "1174.60"),
    # Same page: pmt(4000, 0.14, 4) returns 1372.82.
    (4_000, "0.14", 48, 1, "1372.82"),
    # prestitisi.it, "Quanto costa un prestito personale": 5,000 € at TAN 6,90 % in 48 months, rata 119,50 €.
    (5_000, "0.069", 48, 12, "119.50"),
    # Issue #2 / any Italian mortgage table: 100,000 € at 3 % over 240 months, rata 554,60 €.
    (100_000, "0.03", 240, 12, "554.60"),
]


class TestPublishedFrenchExamples:
    @pytest.mark.parametrize(("principal", "tan", "months", "per_year", "expected"), PUBLISHED_FRENCH)
    def test_instalment_to_the_cent(self, principal, tan, months, per_year, expected):
        plan = schedule(loan(principal, tan, months, periods_per_year=per_year))
        assert plan.instalment == Decimal(expected)
        assert plan.rows[-1].balance == 0

    def test_half_yearly_exam_example_with_first_row(self):
        # Università, "Simulazioni d'esame 2019", esame 1: 90.000 € in 30 anni, rate semestrali
        # costanti, tasso nominale convertibile semestralmente 5 %: rata 2.911,81;
        # prima riga: interessi 2.250, quota capitale 661,81, debito residuo 89.338,19.
        plan = schedule(loan(90_000, "0.05", 360, periods_per_year=2))
        first = plan.rows[0]
        assert (plan.instalment, first.interest, first.principal, first.balance) == (
            Decimal("2911.81"),
            Decimal("2250.00"),
            Decimal("661.81"),
            Decimal("89338.19"),
        )
        assert len(plan.rows) == 60

    def test_consumer_loan_total_interest(self):
        # prestitisi.it: 5.000 € at 6,90 % in 48 rate: interessi 736,00 €, totale dovuto 5.768,00 €
        # (with 32 € of costs). The page multiplies the rounded rata by 48; our last row
        # absorbs the rounding, so the total may differ by the few cents that the rounding left.
        plan = schedule(loan(5_000, "0.069", 48))
        assert abs(plan.total_interest - Decimal("736.00")) < Decimal("0.10")

    def test_matches_numpy_financial_pmt(self):
        # Independent computation on an ordinary case.
        expected = -npf.pmt(0.045 / 12, 300, 180_000)
        assert schedule(loan(180_000, "0.045", 300)).instalment == Decimal(f"{expected:.2f}")


class TestPublishedItalianExamples:
    def test_issue_example_100000_at_3_percent(self):
        # 100,000 € at 3 % over 240 months, Italian method: principal quota 416.67, the last
        # absorbing the remainder (415.87); first instalment 666.67, last 416.91;
        # total interest 30,124.74 (30,125.00 = r·P·(n+1)/2 before rounding each row).
        plan = schedule(loan(100_000, "0.03", 240, method="italian"))
        rows = plan.rows
        assert rows[0].principal == Decimal("416.67")
        assert rows[-1].principal == Decimal("415.87")
        assert plan.payment == Decimal("666.67")
        assert rows[-1].payment == Decimal("416.91")
        assert plan.total_interest == Decimal("30124.74")
        closed_form = Decimal("0.0025") * 100_000 * 241 / 2
        assert closed_form == Decimal("30125.00")
        assert abs(plan.total_interest - closed_form) < Decimal("1.00")

    def test_monthly_exam_example(self):
        # Università, "Simulazioni d'esame 2019", esame 2: 60.000 € in dieci anni, metodo italiano,
        # rate mensili al tasso mensile 0,005: rata 1 = 500 + 300 = 800; rata 2 = 500 + 297,5 = 797,5.
        plan = schedule(loan(60_000, "0.06", 120, method="italian"))
        first, second = plan.rows[:2]
        assert (first.principal, first.interest, first.payment) == (Decimal(500), Decimal(300), Decimal(800))
        assert (second.interest, second.payment) == (Decimal("297.50"), Decimal("797.50"))

    def test_half_yearly_blog_example(self):
        # mutui.me: mutuo di 50.000 € in 10 rate semestrali al 6 %: quota capitale 5.000,
        # interessi 50.000 × 6 / 2 = 1.500, prima rata 6.500 €.
        plan = schedule(loan(50_000, "0.06", 60, method="italian", periods_per_year=2))
        assert plan.payment == Decimal("6500.00")
        assert all(row.principal == Decimal(5000) for row in plan.rows)


class TestCostAndTaeg:
    def test_published_apr_with_a_fee(self):
        # Nordea (Latvia) consumer loan price list: 1,500 EUR at 16 % over 36 months with a
        # 45 EUR fee: APR 19.78 %, total amount payable 1,943.64 EUR.
        cost = loan_taeg(loan(1_500, "0.16", 36, upfront_fees=Decimal(45)))
        assert round(cost.taeg * 100, 2) == Decimal("19.78")
        # The published total is 36 equal instalments plus the fee: (1,943.64 - 45) / 36 = 52.74.
        assert cost.schedule.instalment == (Decimal("1943.64") - 45) / 36
        # Our last instalment absorbs what rounding the instalment up overcharged (0.23 €).
        assert cost.total_payable == Decimal("1943.64") - (cost.schedule.instalment - cost.schedule.rows[-1].payment)

    def test_without_fees_taeg_is_the_effective_rate_of_the_tan(self):
        # (1 + 0.06/12)^12 - 1 = 6.1678 %: with no costs the TAEG only adds monthly compounding.
        cost = loan_taeg(loan(10_000, "0.06", 60))
        assert cost.taeg == Decimal("0.061678")
        assert cost.total_fees == 0

    def test_totals_add_up(self):
        plan_loan = loan(10_000, "0.075", 60, upfront_fees=Decimal(250), instalment_fee=Decimal(2))
        cost = loan_taeg(plan_loan)
        plan = cost.schedule
        assert cost.total_fees == Decimal(250) + 60 * Decimal(2)
        assert cost.total_cost == cost.total_interest + cost.total_fees
        assert cost.total_payable == plan.total_paid == Decimal(10_000) + cost.total_cost
        assert plan.payment == plan.instalment + 2

    def test_zero_rate_loan(self):
        cost = loan_taeg(loan(1_200, "0", 12))
        assert cost.taeg == 0
        assert cost.total_interest == 0
        assert all(row.payment == 100 for row in cost.schedule.rows)

    def test_to_frame(self):
        frame = schedule(loan(1_000, "0.05", 12)).to_frame()
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns) == ["payment", "interest", "principal", "fee", "balance"]
        assert frame.index[0] == 1 and len(frame) == 12
        assert frame["principal"].sum() == Decimal("1000.00")


def loans_strategy():
    @st.composite
    def build(draw):
        per_year = draw(st.sampled_from([1, 2, 3, 4, 6, 12]))
        count = draw(st.integers(min_value=1, max_value=600 * per_year // 12))
        cents_amount = draw(st.integers(min_value=1, max_value=1_000_000_000))
        return Loan(
            Decimal(cents_amount) / 100,
            draw(st.decimals(min_value=0, max_value=1, places=4)),
            count * 12 // per_year,
            method=draw(st.sampled_from(["french", "italian"])),
            periods_per_year=per_year,
            instalment_fee=draw(st.decimals(min_value=0, max_value=10, places=2)),
        )

    return build()


class TestScheduleInvariants:
    @settings(max_examples=300, deadline=None)
    @given(loans_strategy())
    def test_schedule_closes_exactly(self, any_loan):
        plan = schedule(any_loan)
        rows = plan.rows
        assert len(rows) == any_loan.n_instalments
        assert sum(row.principal for row in rows) == any_loan.principal
        assert rows[-1].balance == Decimal("0.00")
        previous = any_loan.principal
        for row in rows:
            assert row.payment == row.interest + row.principal + row.fee
            assert row.principal >= 0 and row.interest >= 0
            assert row.balance <= previous
            assert row.balance == previous - row.principal
            assert row.principal == row.principal.quantize(Decimal("0.01"))
            previous = row.balance

    @settings(max_examples=100, deadline=None)
    @given(loans_strategy())
    def test_french_instalments_are_constant_but_the_last(self, any_loan):
        plan = schedule(any_loan)
        if any_loan.method == "french":
            assert len({row.instalment for row in plan.rows[:-1]}) <= 1
        else:
            assert len({row.principal for row in plan.rows[:-1]}) <= 1

    def test_tiny_loan_over_many_periods_still_has_every_row(self):
        # Rounding the principal quota up (0.17 for 100 € / 600) would repay it before
        # the end; the schedule rounds down instead and keeps 600 rows.
        plan = schedule(loan(100, "0.02", 600, method="italian"))
        assert len(plan.rows) == 600
        assert plan.rows[0].principal == Decimal("0.16")


class TestBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "error", "field"),
        [
            ({"principal": Decimal(-5)}, InvalidAmountError, "principal"),
            ({"principal": Decimal(0)}, InvalidAmountError, "principal"),
            ({"principal": Decimal("20000000")}, InvalidAmountError, "principal"),
            ({"principal": 1000.0}, InvalidAmountError, "principal"),
            ({"principal": "mille"}, InvalidAmountError, "principal"),
            ({"principal": Decimal("100.005")}, InvalidAmountError, "principal"),
            ({"annual_rate": Decimal("-0.01")}, InvalidRateError, "annual_rate"),
            ({"annual_rate": Decimal("7.5")}, InvalidRateError, "annual_rate"),  # 7.5 meaning 7.5 %
            ({"annual_rate": 0.05}, InvalidRateError, "annual_rate"),
            ({"months": 0}, InvalidTermError, "months"),
            ({"months": 601}, InvalidTermError, "months"),
            ({"months": 12.0}, InvalidTermError, "months"),
            ({"months": "60"}, InvalidTermError, "months"),
            ({"months": True}, InvalidTermError, "months"),
            ({"method": "francese"}, InvalidInputError, "method"),
            ({"periods_per_year": 5}, InvalidTermError, "periods_per_year"),
            ({"months": 10, "periods_per_year": 4}, InvalidTermError, "months"),
            ({"upfront_fees": Decimal(-1)}, InvalidAmountError, "upfront_fees"),
            ({"upfront_fees": Decimal(1000)}, InvalidAmountError, "upfront_fees"),
            ({"instalment_fee": Decimal("1.234")}, InvalidAmountError, "instalment_fee"),
            ({"instalment_fee": 2.5}, InvalidAmountError, "instalment_fee"),
        ],
    )
    def test_typed_error_naming_the_field(self, kwargs, error, field):
        arguments = {"principal": Decimal(1000), "annual_rate": Decimal("0.05"), "months": 12} | kwargs
        with pytest.raises(error) as caught:
            Loan(
                arguments.pop("principal"),
                arguments.pop("annual_rate"),
                arguments.pop("months"),
                **arguments,
            )
        assert isinstance(caught.value, OltreFinanceError)
        assert caught.value.field == field
        assert field in str(caught.value)
        assert caught.value.message_it

    @pytest.mark.parametrize(
        "bad",
        [
            {"principal": Decimal(-5)},
            {"principal": Decimal(0)},
            {"principal": MAX_AMOUNT + 1},
            {"principal": Decimal("1e26")},
            {"principal": 1000.0},
            {"principal": "mille"},
            {"principal": Decimal("100.005")},
            {"principal": Decimal("NaN")},
            {"annual_rate": Decimal("-0.01")},
            {"annual_rate": Decimal("7.5")},
            {"annual_rate": 0.05},
            {"annual_rate": "Infinity"},
            {"months": 0},
            {"months": MAX_MONTHS + 1},
            {"months": 12.0},
            {"months": "60"},
            {"months": True},
            {"method": "francese"},
            {"instalment_fee": Decimal(-1)},
            {"instalment_fee": Decimal("1.234")},
            {"instalment_fee": 2.5},
            {"instalment_fee": Decimal("1e26")},
        ],
    )
    def test_amortize_refuses_what_schedule_refuses_with_the_same_typed_error(self, bad):
        # A monthly loan: amortize gets the same figures as its periodic rate, its instalments and its fee.
        given = {"principal": Decimal(1000), "annual_rate": Decimal("0.06"), "months": 12, "method": "french",
                 "instalment_fee": Decimal(0)} | bad  # fmt: skip
        with pytest.raises(OltreFinanceError) as from_schedule:
            schedule(Loan(given["principal"], given["annual_rate"], given["months"], method=given["method"],
                          instalment_fee=given["instalment_fee"]))  # fmt: skip
        with pytest.raises(OltreFinanceError) as from_amortize:
            amortize(given["principal"], given["annual_rate"], given["months"], method=given["method"],
                     fee=given["instalment_fee"])  # fmt: skip
        assert type(from_amortize.value) is type(from_schedule.value)
        (name,) = bad
        assert from_schedule.value.field == name
        parameter = {"principal": "balance", "annual_rate": "rate", "months": "n", "instalment_fee": "fee"}
        assert from_amortize.value.field == parameter.get(name, name)
        assert from_amortize.value.message_it

    def test_amortize_accepts_what_schedule_accepts(self):
        plan = schedule(Loan(Decimal(1000), Decimal("0.06"), 12, instalment_fee=Decimal(2)))
        rows = amortize(Decimal(1000), plan.loan.periodic_rate, 12, method="french", fee=Decimal(2))
        assert rows == plan.rows

    def test_loan_is_immutable(self):
        plan_loan = loan(1000, "0.05", 12)
        with pytest.raises(AttributeError):
            plan_loan.principal = Decimal(1)  # type: ignore[misc]

    def test_options_are_keyword_only(self):
        with pytest.raises(TypeError):
            Loan(Decimal(1000), Decimal("0.05"), 12, "italian")  # type: ignore[misc]

    def test_annuity_payment_zero_rate(self):
        assert annuity_payment(Decimal(1000), Decimal(0), 3) == Decimal("333.33")
