"""Money: Decimal conversion, rounding, Italian parsing and formatting."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.errors import InvalidAmountError, InvalidRateError, OltreFinanceError
from oltre_finance.money import (
    D,
    cents,
    format_eur,
    format_number,
    format_percent,
    parse_amount,
    parse_percent,
)

NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


class TestD:
    def test_accepts_str_int_decimal(self):
        assert D("1234.56") == Decimal("1234.56")
        assert D(7) == Decimal(7)
        assert D(Decimal("0.035")) == Decimal("0.035")

    @pytest.mark.parametrize("bad", [0.1, 1e3, float("nan")])
    def test_rejects_float_naming_the_field(self, bad):
        with pytest.raises(InvalidAmountError, match="principal") as caught:
            D(bad, field="principal")
        assert caught.value.field == "principal"

    @pytest.mark.parametrize("bad", ["abc", "", "1,5", None, [1], True, "NaN", "Infinity"])
    def test_rejects_non_numbers(self, bad):
        with pytest.raises(InvalidAmountError):
            D(bad)

    def test_errors_are_value_errors(self):
        with pytest.raises(ValueError):
            D(0.5)


class TestCents:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("2.675", "2.68"), ("2.665", "2.67"), ("-2.675", "-2.68"), ("0.004", "0.00"), ("7", "7.00")],
    )
    def test_half_up(self, value, expected):
        # Half-up, not banker's rounding: 2.665 -> 2.67 (half-even would give 2.66).
        assert cents(Decimal(value)) == Decimal(expected)

    @given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=6))
    def test_idempotent_and_within_half_cent(self, value):
        rounded = cents(value)
        assert cents(rounded) == rounded
        assert abs(rounded - value) <= Decimal("0.005")


class TestParseAmount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1.234,56", "1234.56"),
            ("1234,56", "1234.56"),
            ("€ 1.234,56", "1234.56"),
            ("1.234,56 €", "1234.56"),
            ("1234.56", "1234.56"),
            ("-12,5", "-12.5"),
            ("−12,50", "-12.50"),
            ("10.000", "10000"),
            ("1.000.000,00", "1000000.00"),
            ("  250 ", "250"),
            ("0,5", "0.5"),
            (",5", "0.5"),
            ("1 234,56", "1234.56"),
            ("+3", "3"),
            ("12.5", "12.5"),
        ],
    )
    def test_what_italians_type(self, text, expected):
        assert parse_amount(text) == Decimal(expected)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "abc",
            "12a",
            "1,234",  # English thousands or 1,234 euro?
            "1,234.56",  # English notation
            "1.23.4",
            "12,",
            "1,2,3",
            "12.345,678",
            "1,005",
            "€",
            "--5",
            "1.2345",
        ],
    )
    def test_rejects_ambiguous_or_not_a_number(self, text):
        with pytest.raises(InvalidAmountError) as caught:
            parse_amount(text, field="importo")
        assert caught.value.field == "importo"
        assert caught.value.message_it

    @pytest.mark.parametrize("bad", [None, 12, 1.5, b"12"])
    def test_rejects_non_text(self, bad):
        with pytest.raises(OltreFinanceError):
            parse_amount(bad)

    @given(st.decimals(min_value=-(10**8), max_value=10**8, places=2, allow_nan=False))
    def test_reads_back_what_format_number_writes(self, value):
        assert parse_amount(format_number(value)) == value

    @given(st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False))
    def test_reads_back_format_eur(self, value):
        assert parse_amount(format_eur(value)) == value


class TestParsePercent:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("3,5", "0.035"),
            ("3.5", "0.035"),
            ("3,5 %", "0.035"),
            ("7,25%", "0.0725"),
            ("0", "0"),
            ("3.125", "0.03125"),
        ],
    )
    def test_reads_percent_as_fraction(self, text, expected):
        assert parse_percent(text) == Decimal(expected)

    @pytest.mark.parametrize("text", ["", "tre", "1.234,5", "3,5,1", "%"])
    def test_rejects(self, text):
        with pytest.raises(InvalidRateError):
            parse_percent(text, field="tan")


class TestFormatting:
    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            ("1234.56", "1.234,56 €"),
            ("0", "0,00 €"),
            ("1000000", "1.000.000,00 €"),
            ("-1234.5", "-1.234,50 €"),
            ("2.675", "2,68 €"),  # half up
            ("-0.001", "0,00 €"),  # never "-0,00"
        ],
    )
    def test_format_eur(self, amount, expected):
        assert plain(format_eur(Decimal(amount))) == expected

    def test_format_eur_keeps_euro_sign_on_the_same_line(self):
        assert format_eur(Decimal("5")) == f"5,00{NBSP}€"

    @pytest.mark.parametrize(
        ("rate", "decimals", "expected"),
        [("0.035", 2, "3,50 %"), ("0.17225", 4, "17,2250 %"), ("0.129620", 2, "12,96 %"), ("1", 0, "100 %")],
    )
    def test_format_percent(self, rate, decimals, expected):
        assert plain(format_percent(Decimal(rate), decimals=decimals)) == expected
