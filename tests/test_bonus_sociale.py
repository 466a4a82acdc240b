"""Bonus sociale (electricity and gas) against published amounts; thresholds and the four-children rule."""

from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.bonus_sociale import electricity_bonus, gas_bonus


def bonus(isee, members, children=0, on=date(2026, 2, 1)):
    return electricity_bonus(isee=Decimal(isee), members=members, dependent_children=children, on_date=on)


def test_published_amounts():
    # 2025 (Sky TG24 04/09/2025; baraondanews.it): 167,90 / 219 / 240,90 € a year by household size.
    assert [bonus(8000, n, on=date(2025, 5, 1)).yearly for n in (2, 3, 6)] == [
        Decimal("167.90"), Decimal("219.00"), Decimal("240.90"),
    ]  # fmt: skip
    # 2026 (ARERA delibera 588/2025; ilfattovesuviano.it): "3-4 componenti: 186,15 euro annui circa 0,51 euro al
    # giorno"; 146 € for 1-2 and 204,40 € for more than 4.
    assert [bonus(8000, n).yearly for n in (2, 4, 5)] == [Decimal("146.00"), Decimal("186.15"), Decimal("204.40")]
    # 2024, a leap year (lanazione.it 08/04/2024): 142,74 / 183 / 201,30 € (0,39 / 0,50 / 0,55 € a day × 366).
    assert [bonus(8000, n, on=date(2024, 6, 1)).yearly for n in (1, 3, 7)] == [
        Decimal("142.74"), Decimal("183.00"), Decimal("201.30"),
    ]  # fmt: skip


def test_thresholds():
    # ARERA delibera 2/2026: the threshold rises from 9.530 to 9.796 € for 2026.
    assert not bonus(9700, 3, on=date(2025, 6, 1)).entitled
    assert bonus(9700, 3).entitled
    # Four or more dependent children: up to 20.000 €.
    assert bonus(18000, 6, children=4).entitled and not bonus(18000, 6, children=3).entitled
    assert bonus(20001, 6, children=4).yearly == 0


def test_bad_input():
    with pytest.raises(InvalidInputError):
        bonus(-1, 2)
    with pytest.raises(InvalidInputError):
        bonus(5000, 2, children=2)


def test_gas_bonus_shares_the_thresholds_and_gives_the_published_range():
    # ARERA 2026, via quotidianodelcondominio.it and gazzetta.it 19/01/2026: from 39,16 to 156,45 € a year.
    entitled = gas_bonus(isee=Decimal("9796"), members=4, dependent_children=2, on_date=date(2026, 3, 1))
    assert (entitled.entitled, entitled.yearly_min, entitled.yearly_max) == (True, Decimal("39.16"), Decimal("156.45"))
    assert not gas_bonus(isee=Decimal("9796.01"), members=4, dependent_children=2, on_date=date(2026, 3, 1)).entitled
    assert gas_bonus(isee=Decimal("19000"), members=6, dependent_children=4, on_date=date(2026, 3, 1)).entitled
    older = gas_bonus(isee=Decimal("5000"), members=2, dependent_children=0, on_date=date(2025, 3, 1))
    assert older.entitled and older.yearly_min is None  # no range recorded for 2025
    with pytest.raises(InvalidInputError):
        gas_bonus(isee=Decimal("-1"), members=2, dependent_children=0, on_date=date(2026, 3, 1))
