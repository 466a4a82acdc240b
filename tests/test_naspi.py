"""NASpI against published worked examples, its reduction and duration, and bad input."""

from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidTermError, RuleDataError
from oltre_finance.italy.naspi import naspi_estimate


def estimate(pay, weeks, *, age=40, on=date(2025, 3, 1)):
    return naspi_estimate(taxable_pay_4y=Decimal(pay), contribution_weeks_4y=weeks, age=age, application_date=on)


def test_pais_2015_examples():
    # PAIS (Spaggiari) n. 2/2015, p. 29, Esempio 1: 28.500 € over 116 weeks -> NASpI 797,87 € (2015 reference
    # amount 1.195 €). Esempio 2: 45.300 € over 116 weeks -> average 1.690,93 €, 896,25 € + 25 % of 495,93 € = 123,98 €.
    first = estimate("28500", 116, on=date(2015, 6, 1))
    assert first.first_amount == Decimal("797.87")
    second = estimate("45300", 116, on=date(2015, 6, 1))
    assert second.average_monthly_pay == Decimal("1690.93")
    assert second.first_amount == Decimal("896.25") + Decimal("123.98")


def test_2025_average_pay_studio_landi():
    # studioavvocatolandi.it (2025): 40.000 € over 150 weeks gives an average monthly pay of "1.154" €; 75 % of it,
    # being under the 2025 reference amount of 1.436,61 €, is 866,00 €.
    result = estimate("40000", 150)
    assert result.average_monthly_pay == Decimal("1154.66")
    assert result.first_amount == Decimal("866.00")


def test_cap_and_year_switch():
    # INPS circ. 25/2025 and 4/2026: reference amounts 1.436,61 and 1.456,72 €, caps 1.562,82 and 1.584,70 €.
    high = "200000"
    assert estimate(high, 208).first_amount == Decimal("1562.82")
    assert estimate(high, 208, on=date(2026, 2, 1)).first_amount == Decimal("1584.70")
    with pytest.raises(RuleDataError):
        estimate(high, 208, on=date(2014, 1, 1))


def test_reduction_compounds_from_the_sixth_month():
    # bonusepagamenti.it: from 1.000 € the reduced months are "970, 941, 913" (3 % of the previous month).
    result = estimate("64049.11", 208)
    assert result.first_amount == Decimal("1000.00")
    assert result.monthly_amounts[:5] == (Decimal("1000.00"),) * 5
    assert [round(a) for a in result.monthly_amounts[5:8]] == [970, 941, 913]
    older = estimate("64049.11", 208, age=56)  # at 55 or more, from the eighth month
    assert older.monthly_amounts[6] == Decimal("1000.00") and older.monthly_amounts[7] == Decimal("970.00")


def test_duration_is_half_the_weeks():
    # money.it and proiezionidiborsa.it: 2 years of work -> 1 year; 3 years -> 18 months; 4 or more -> 24 months.
    for weeks, benefit in ((104, 52), (156, 78), (208, 104)):
        result = estimate("60000", weeks)
        assert result.benefit_weeks == benefit
        assert sum(1 for _ in result.monthly_amounts) == -(-benefit * 7 // 30)
    assert not estimate("3000", 12).eligible  # fewer than 13 weeks


def test_bad_input():
    with pytest.raises(InvalidAmountError):
        estimate("-1", 100)
    with pytest.raises(InvalidTermError):
        estimate("1000", 300)
    with pytest.raises(InvalidInputError):
        estimate("1000", 100, age=5)
