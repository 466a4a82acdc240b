"""Rates: periodic and effective conversions, and the TAEG solver of Directive 2008/48/EC."""

from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.errors import InvalidInputError, InvalidRateError, InvalidTermError, NoSolutionError
from oltre_finance.rates import effective_annual_rate, nominal_annual_rate, periodic_rate, taeg, year_fraction


def npv_decimal(rate: Decimal, drawdowns, repayments) -> Decimal:
    """Independent check: the two sides of the Annex I equation, in Decimal."""
    with localcontext() as context:
        context.prec = 40
        base = 1 + rate

        def years(t) -> Decimal:
            t = Fraction(t)
            return Decimal(t.numerator) / Decimal(t.denominator)

        lent = sum(Decimal(a) / base ** years(t) for t, a in drawdowns)
        repaid = sum(Decimal(a) / base ** years(t) for t, a in repayments)
        return repaid - lent


def assert_root_within_rounding(result: Decimal, drawdowns, repayments) -> None:
    """The exact root lies within the rounding step (0.000001) of ``result``."""
    step = Decimal("0.000001")
    below = npv_decimal(result - step, drawdowns, repayments)
    above = npv_decimal(result + step, drawdowns, repayments)
    assert below * above <= 0


class TestDirectiveExamples:
    """Worked examples of Directive 98/7/EC, Annex III (the same equation as Directive 2008/48/EC, Annex I)."""

    def test_single_repayment_after_546_days(self):
        # Annex III, example 1: 1,000 lent; 1,200 repaid after 546 days -> 12.96 %.
        result = taeg([(0, 1000)], [(Fraction(546, 365), 1200)])
        assert round(result * 100, 2) == Decimal("12.96")

    def test_fees_retained_by_the_lender(self):
        # Annex III, example 2: as example 1, but the lender keeps 50 for costs -> 16.9 %.
        result = taeg([(0, 950)], [(Fraction(546, 365), 1200)])
        assert round(result * 100, 1) == Decimal("16.9")

    def test_two_yearly_repayments(self):
        # Annex III, example 3: 1,000 lent, repaid as 600 after one year and 600 after two -> 13.07 %.
        result = taeg([(0, 1000)], [(1, 600), (2, 600)])
        assert round(result * 100, 2) == Decimal("13.07")

    def test_same_example_with_dates(self):
        # Example 1 ran from 1 Jan 1995 to 1 Jul 1996. Directive 2008/48/EC counts whole
        # months as twelfths of a year, so that is exactly 1.5 years: 1.2^(2/3) - 1 = 12.9243 %.
        result = taeg([(date(1995, 1, 1), 1000)], [(date(1996, 7, 1), 1200)])
        assert result == Decimal("0.129243")


class TestConversions:
    def test_periodic_rate(self):
        assert periodic_rate(Decimal("0.03")) == Decimal("0.0025")
        assert periodic_rate(Decimal("0.06"), periods_per_year=2) == Decimal("0.03")

    def test_effective_rate_of_monthly_12_percent(self):
        # (1 + 0.01)^12 - 1 = 12.6825030131969720661201 % (exact binomial expansion).
        assert round(effective_annual_rate(Decimal("0.12")), 12) == Decimal("0.126825030132")

    @given(
        st.decimals(min_value=0, max_value=1, places=5, allow_nan=False),
        st.sampled_from([1, 2, 3, 4, 6, 12]),
    )
    def test_round_trip(self, rate, periods):
        back = nominal_annual_rate(effective_annual_rate(rate, periods_per_year=periods), periods_per_year=periods)
        assert abs(back - rate) < Decimal("1e-20")

    @pytest.mark.parametrize("periods", [0, 5, 24, 365, True, "12"])
    def test_bad_periodicity(self, periods):
        with pytest.raises(InvalidTermError):
            periodic_rate(Decimal("0.03"), periods_per_year=periods)

    def test_rate_below_minus_100_percent(self):
        with pytest.raises(InvalidRateError):
            effective_annual_rate(Decimal("-12"))


class TestYearFraction:
    def test_whole_months_are_twelfths(self):
        assert year_fraction(date(2024, 1, 15), date(2024, 4, 15)) == Fraction(3, 12)

    def test_end_of_month(self):
        # 31 January + 1 month is 28 February (29 in a leap year): one whole month.
        assert year_fraction(date(2023, 1, 31), date(2023, 2, 28)) == Fraction(1, 12)

    def test_leftover_days_in_a_leap_year(self):
        assert year_fraction(date(2024, 2, 20), date(2024, 3, 1)) == Fraction(10, 366)

    def test_backwards_is_an_error(self):
        with pytest.raises(InvalidTermError):
            year_fraction(date(2024, 1, 2), date(2024, 1, 1))


class TestTaegSolver:
    def test_agrees_with_numpy_financial_irr_on_a_monthly_loan(self):
        # Independent computation: numpy_financial.irr of the monthly flows, annualised.
        payment = Decimal("202.38")
        flows = [-9750.0] + [float(payment)] * 60
        expected = (1 + npf.irr(flows)) ** 12 - 1
        result = taeg([(0, Decimal("9750"))], [(Fraction(k, 12), payment) for k in range(1, 61)])
        assert abs(float(result) - expected) < 1e-6

    def test_zero_rate(self):
        assert taeg([(0, 1200)], [(Fraction(k, 12), 100) for k in range(1, 13)]) == 0

    def test_negative_rate_when_less_is_repaid(self):
        result = taeg([(0, 1000)], [(1, 900)])
        assert result == Decimal("-0.100000")

    def test_several_drawdowns(self):
        drawdowns = [(0, 500), (Fraction(1, 2), 500)]
        repayments = [(1, 550), (2, 550)]
        result = taeg(drawdowns, repayments)
        assert_root_within_rounding(result, drawdowns, repayments)

    def test_no_rate_when_everything_is_at_the_same_time(self):
        with pytest.raises(NoSolutionError):
            taeg([(0, 1000)], [(0, 1000)])

    def test_no_rate_when_repayment_comes_first_and_equals(self):
        with pytest.raises(NoSolutionError):
            taeg([(1, 1000)], [(0, 500), (2, 500)])

    @pytest.mark.parametrize(
        ("drawdowns", "repayments", "field"),
        [
            ([], [(1, 100)], "drawdowns"),
            ([(0, 100)], [], "repayments"),
            ([(0, -100)], [(1, 110)], "drawdowns"),
            ([(0, 0)], [(1, 110)], "drawdowns"),
            ([(0, 100.0)], [(1, 110)], "drawdowns"),
            ([(0, 100)], [(-1, 110)], "repayments"),
            ([(0, 100)], [("un anno", 110)], "repayments"),
            ([(0, 100)], [(1,)], "repayments"),
            ([(date(2024, 1, 1), 100)], [(1, 110)], "repayments"),  # dates mixed with years
        ],
    )
    def test_bad_flows(self, drawdowns, repayments, field):
        with pytest.raises(InvalidInputError) as caught:
            taeg(drawdowns, repayments)
        assert caught.value.field == field

    @settings(max_examples=150, deadline=None)
    @given(
        principal=st.integers(min_value=100, max_value=500_000),
        annual_rate=st.decimals(min_value=0, max_value=Decimal("0.6"), places=4),
        months=st.integers(min_value=1, max_value=360),
        fee_share=st.decimals(min_value=0, max_value=Decimal("0.2"), places=3),
    )
    def test_root_solves_the_equation(self, principal, annual_rate, months, fee_share):
        # Any ordinary loan: the solved rate makes both sides equal (checked in Decimal),
        # and up-front fees never make the TAEG lower than that of the same payments without fees
        # (not the TAN's effective rate: on a tiny loan the instalment rounded down to the cent
        # repays less than was lent, e.g. 100 € over 86 months at 0 %: 86 × 1,16 = 99,76 €).
        j = annual_rate / 12
        payment = (
            Decimal(principal) / months if j == 0 else Decimal(principal) * j / (1 - (1 + j) ** -months)
        ).quantize(Decimal("0.01"))
        received = (Decimal(principal) * (1 - fee_share)).quantize(Decimal("0.01"))
        repayments = [(Fraction(k, 12), payment) for k in range(1, months + 1)]
        result = taeg([(0, received)], repayments)
        assert_root_within_rounding(result, [(0, received)], repayments)
        if fee_share > 0:
            assert result >= taeg([(0, Decimal(principal))], repayments) - Decimal("0.000001")

    def test_long_flows_do_not_pick_a_spurious_root(self):
        # 360 monthly payments: numpy_financial.irr solves a degree-360 polynomial;
        # here the rate must be the unique positive one.
        flows = [(Fraction(k, 12), Decimal("1264.14")) for k in range(1, 361)]
        result = taeg([(0, 200_000)], flows)
        assert abs(result - (Decimal(1) + Decimal("0.065") / 12) ** 12 + 1) < Decimal("0.00001")
        assert np.isfinite(float(result))


class TestExtremeFlows:
    def test_several_sign_changes_with_a_unique_rate(self):
        # Two loans drawn in sequence: net flows change sign three times, one rate solves it.
        drawdowns = [(0, 1000), (2, 1000)]
        repayments = [(1, 1100), (3, 1100)]
        assert taeg(drawdowns, repayments) == Decimal("0.100000")

    def test_several_rates_are_refused(self):
        # -100 at 0, +230 at 1, -132 at 2 has two rates (10 % and 20 %): no single TAEG.
        with pytest.raises(NoSolutionError):
            taeg([(0, 100), (2, 132)], [(1, 230)])

    def test_times_beyond_a_century_are_refused(self):
        with pytest.raises(InvalidTermError):
            taeg([(0, 100)], [(150, 1_000_000)])

    def test_absurd_repayment_far_away_does_not_overflow(self):
        # 0.01 € growing to 9,000,000 € in 100 years: (9 × 10^8)^(1/100) - 1 = 22.8973 %.
        result = taeg([(0, Decimal("0.01"))], [(100, Decimal(9_000_000))])
        assert result == (Decimal(900_000_000) ** (Decimal(1) / 100) - 1).quantize(Decimal("0.000001"))
