"""Affordability: instalment-to-income bands and the cessione del quinto."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidTermError, RuleDataError
from oltre_finance.indicators import Band
from oltre_finance.loans import schedule
from oltre_finance.loans.affordability import instalment_to_income, quinto_capacity, quinto_loan

TODAY = date(2026, 11, 24)


class TestInstalmentToIncome:
    @pytest.mark.parametrize(
        ("instalment", "income", "band"),
        [
            ("540", "1800", Band.GREEN),
            ("541", "1800", Band.AMBER),
            ("630", "1800", Band.AMBER),
            ("631", "1800", Band.RED),
        ],
    )
    def test_bands_at_30_and_35_percent(self, instalment, income, band):
        indicator = instalment_to_income(Decimal(instalment), Decimal(income), on_date=TODAY)
        assert indicator.band is band
        assert indicator.amber_from == Decimal("0.30") and indicator.red_from == Decimal("0.35")
        assert indicator.source and indicator.sentence_it

    def test_quarterly_instalment_is_spread_over_its_months(self):
        indicator = instalment_to_income(Decimal(900), Decimal(2000), on_date=TODAY, periods_per_year=4)
        assert indicator.value == Decimal("0.1500")

    def test_sentence_is_italian_with_the_ratio(self):
        indicator = instalment_to_income(Decimal(700), Decimal(1400), on_date=TODAY)
        assert "50,0" in indicator.sentence_it and "consulente" in indicator.sentence_it

    @pytest.mark.parametrize(
        ("instalment", "income", "field"),
        [
            ("100", "0", "income"),
            ("100", "-5", "income"),
            ("-1", "1000", "instalment"),
            ("100", 1000.0, "income"),
        ],
    )
    def test_bad_input(self, instalment, income, field):
        value = Decimal(income) if isinstance(income, str) else income
        with pytest.raises(InvalidAmountError) as caught:
            instalment_to_income(Decimal(instalment), value, on_date=TODAY)
        assert caught.value.field == field


class TestQuinto:
    def test_published_example_with_tredicesima(self):
        # familyfinance.it, "Cessione del quinto: quanto posso chiedere": 1.500 € netti × 13 = 19.500;
        # 19.500 / 12 = 1.625; 1.625 / 5 = 325 € di rata massima.
        capacity = quinto_capacity(Decimal(1500), on_date=TODAY, payments_per_year=13)
        assert capacity.monthly_base == Decimal("1625.00")
        assert capacity.max_instalment == Decimal("325.00")
        assert capacity.max_months == 120

    def test_fourteen_payments(self):
        capacity = quinto_capacity(Decimal(1200), on_date=TODAY, payments_per_year=14)
        assert capacity.max_instalment == Decimal("280.00")  # 1,200 × 14 / 12 / 5

    def test_rounds_down_to_stay_within_the_fifth(self):
        capacity = quinto_capacity(Decimal("1234.57"), on_date=TODAY, payments_per_year=12)
        assert capacity.max_instalment == Decimal("246.91")  # 246.914 rounded down

    def test_pension_keeps_the_inps_minimum(self):
        # INPS circolare 23/2025: trattamento minimo 603,40 €; the pension left after the
        # instalment must not fall below it: 700 - 603,40 = 96,60 < 700 × 13 / 12 / 5 = 151,66.
        capacity = quinto_capacity(Decimal(700), on_date=date(2025, 6, 1), payments_per_year=13, income_kind="pension")
        assert capacity.max_instalment == Decimal("96.60")
        assert capacity.protected_amount == Decimal("603.40")
        assert "603,40" in capacity.explanation_it

    def test_pension_below_the_minimum_allows_nothing(self):
        capacity = quinto_capacity(Decimal(550), on_date=TODAY, income_kind="pension")
        assert capacity.max_instalment == 0

    def test_large_pension_is_limited_by_the_fifth(self):
        capacity = quinto_capacity(Decimal(2000), on_date=TODAY, payments_per_year=13, income_kind="pension")
        assert capacity.max_instalment == Decimal("433.33")

    def test_pension_rule_has_a_date(self):
        with pytest.raises(RuleDataError):
            quinto_capacity(Decimal(700), on_date=date(2019, 1, 1), income_kind="pension")

    @settings(max_examples=100, deadline=None)
    @given(
        instalment=st.decimals(min_value=10, max_value=2000, places=2),
        tan=st.decimals(min_value=0, max_value=Decimal("0.2"), places=4),
        months=st.integers(min_value=1, max_value=120),
    )
    def test_loan_bought_is_the_largest_within_the_instalment(self, instalment, tan, months):
        bought = quinto_loan(instalment, tan, months, on_date=TODAY)
        assert schedule(bought).instalment <= instalment
        one_cent_more = type(bought)(bought.principal + Decimal("0.01"), bought.annual_rate, months)
        assert schedule(one_cent_more).instalment >= instalment - Decimal("0.01")

    def test_loan_example(self):
        # Independent closed form: 325 × (1 - 1.0054167^-120) / 0.0054167 = 28,622.262 at 6.5 %,
        # rounded down to a principal whose instalment stays at 325.00.
        bought = quinto_loan(Decimal(325), Decimal("0.065"), 120, on_date=TODAY)
        assert bought.principal == Decimal("28622.26")
        assert schedule(bought).instalment == Decimal("325.00")

    @pytest.mark.parametrize(
        ("call", "error", "field"),
        [
            (lambda: quinto_capacity(Decimal(0), on_date=TODAY), InvalidAmountError, "net_monthly"),
            (
                lambda: quinto_capacity(Decimal(1000), on_date=TODAY, payments_per_year=15),
                InvalidTermError,
                "payments_per_year",
            ),
            (
                lambda: quinto_capacity(Decimal(1000), on_date=TODAY, income_kind="naspi"),
                InvalidInputError,
                "income_kind",
            ),
            (lambda: quinto_loan(Decimal(300), Decimal("0.07"), 121, on_date=TODAY), InvalidTermError, "months"),
            (
                lambda: quinto_loan(Decimal(-300), Decimal("0.07"), 60, on_date=TODAY),
                InvalidAmountError,
                "max_instalment",
            ),
        ],
    )
    def test_bad_input(self, call, error, field):
        with pytest.raises(error) as caught:
            call()
        assert caught.value.field == field


def test_the_yearly_base_is_rounded_half_up_like_every_amount():
    # 1.500,06 × 13 / 12 = 1.625,065 exactly: half up gives 1.625,07 (half-even gave 1.625,06).
    exact = Decimal("1500.06") * 13 / 12
    assert exact == Decimal("1625.065")
    capacity = quinto_capacity(Decimal("1500.06"), on_date=date(2026, 11, 24))
    assert capacity.monthly_base == Decimal("1625.07")
