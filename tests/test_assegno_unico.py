"""Assegno Unico against the law's examples, INPS's published amounts and thresholds, and bad input."""

from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.errors import InvalidInputError, RuleDataError
from oltre_finance.italy.assegno_unico import Child, assegno_unico, table


def test_inps_circular_23_2022_examples():
    # INPS circ. 23/2022 (via eurekaprevidenza.it): three minor children, ISEE up to 15.000 €, both parents working:
    # "totale mensile spettante ... di euro 700,00" (3 × 175 + 85 + 3 × 30).
    three = [Child(4), Child(8), Child(12)]
    assert assegno_unico(three, isee=Decimal(15000), on_date=date(2022, 6, 1), both_parents_working=True).monthly == (
        Decimal("700.00")
    )
    # Two minors (one with a grave disability) and one aged 18-20, ISEE 20.000 €: 150 × 2 + 73 + 95 + 71 = 539 €.
    family = [Child(6, "grave"), Child(10), Child(19)]
    assert assegno_unico(family, isee=Decimal(20000), on_date=date(2022, 6, 1)).monthly == Decimal("539.00")


def test_published_thresholds_and_amounts():
    # INPS circ. 33/2025: full amount 201,00 € up to ISEE 17.227,33 €, minimum 57,50 € from 45.939,56 €; 18-20: 97,70
    # and 28,70; the second-to-last threshold 45.824,71 € (f3modellismo.it).
    rows = table(2025)
    assert (rows[0].isee_up_to, rows[0].minor, rows[0].adult_18_21) == (Decimal("17227.33"), 201, Decimal("97.7"))
    assert (rows[-1].isee_up_to, rows[-1].minor, rows[-1].adult_18_21) == (
        Decimal("45939.56"),
        Decimal("57.5"),
        Decimal("28.7"),
    )
    assert rows[-2].isee_up_to == Decimal("45824.71")
    # INPS circ. 7/2026: 203,80 € up to 17.468,51 €, 58,30 € from 46.582,71 €; 165,90 € at ISEE 25.000 and 115,90 €
    # at 35.000 (informazionescuola.it).
    one = [Child(7)]
    assert assegno_unico(one, isee=Decimal(17000), on_date=date(2026, 3, 1)).monthly == Decimal("203.80")
    assert assegno_unico(one, isee=Decimal(25000), on_date=date(2026, 3, 1)).monthly == Decimal("165.90")
    assert assegno_unico(one, isee=Decimal(35000), on_date=date(2026, 3, 1)).monthly == Decimal("115.90")
    assert assegno_unico(one, isee=None, on_date=date(2026, 3, 1)).monthly == Decimal("58.30")
    # 24log.it (2024): the base amount rose "da 189,20 a 199,40 euro" and under one year "da 283,80 a 299,10".
    assert (table(2023)[0].minor, table(2024)[0].minor) == (Decimal("189.2"), Decimal("199.4"))


def test_newborn_large_family_and_four_children():
    # 2026, ISEE 15.000, children aged 0, 2 and 6: 3 × 203,80 + 101,90 (under 1) + 101,90 (aged 1-3 with three
    # children) + 99,10 (third child) = 914,30 €.
    assert assegno_unico([Child(0), Child(2), Child(6)], isee=Decimal(15000), on_date=date(2026, 3, 1)).monthly == (
        Decimal("914.30")
    )
    four = assegno_unico([Child(1), Child(4), Child(7), Child(10)], isee=Decimal(30000), on_date=date(2026, 3, 1))
    assert ("Famiglia con quattro o più figli", Decimal("150.00")) in four.parts
    # Children of 21 or more count only with a disability.
    assert assegno_unico([Child(23)], isee=Decimal(20000), on_date=date(2026, 3, 1)).monthly == 0


def test_bad_input():
    with pytest.raises(InvalidInputError):
        Child(-1)
    with pytest.raises(InvalidInputError):
        Child(5, "leggera")
    with pytest.raises(InvalidInputError):
        assegno_unico([Child(5)], isee=Decimal(-1), on_date=date(2026, 3, 1))
    with pytest.raises(RuleDataError):
        assegno_unico([Child(5)], isee=Decimal(1000), on_date=date(2021, 3, 1))
