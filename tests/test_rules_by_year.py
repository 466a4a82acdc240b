"""Every year a rule covers gives an answer, checked against a figure published for that year.

Each figure is quoted from the INPS circular of the year (through the page
named beside it, where the circular's own text was not at hand).
"""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.italy.assegno_unico import Child, assegno_unico, table
from oltre_finance.italy.care import companion_allowance, domestic_worker_cost
from oltre_finance.italy.naspi import naspi_estimate
from oltre_finance.italy.overindebtedness import assegno_sociale
from oltre_finance.loans.affordability import quinto_capacity
from oltre_finance.savings.instruments import tax_rules

D = Decimal


# INPS circulars on NASpI of each year: reference amount and monthly cap. 2015: circ. 94/2015 (PAIS 2/2015);
# 2016: circ. 48/2016; 2017: circ. 36/2017; 2018: circ. 19/2018; 2019: circ. 5/2019; 2020: circ. 20/2020;
# 2021: circ. 7/2021; 2022: circ. 26/2022; 2023: circ. 14/2023; 2024: circ. 25/2024; 2025: circ. 25/2025;
# 2026: circ. 4/2026.
NASPI = {
    2015: ("1195.00", "1300.00"), 2016: ("1195.00", "1300.00"), 2017: ("1195.00", "1300.00"),
    2018: ("1208.15", "1314.30"), 2019: ("1221.44", "1328.76"), 2020: ("1227.55", "1335.40"),
    2021: ("1227.55", "1335.40"), 2022: ("1250.87", "1360.77"), 2023: ("1352.19", "1470.99"),
    2024: ("1425.21", "1550.42"), 2025: ("1436.61", "1562.82"), 2026: ("1456.72", "1584.70"),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(NASPI))
def test_naspi_of_every_year(year):
    reference, cap = (D(v) for v in NASPI[year])
    on = date(year, 6, 1)
    # Pay of exactly the reference amount a month (4.33 weeks a month): 75 % of it, under the cap.
    weeks = 208
    at_reference = naspi_estimate(
        taxable_pay_4y=reference * weeks / D("4.33"), contribution_weeks_4y=weeks, age=40, application_date=on
    )
    assert at_reference.average_monthly_pay == reference
    assert at_reference.first_amount == (reference * D("0.75")).quantize(D("0.01"))
    high = naspi_estimate(taxable_pay_4y=D(300000), contribution_weeks_4y=weeks, age=40, application_date=on)
    assert high.first_amount == cap
    assert not high.carried_forward


def test_naspi_reduction_moved_from_the_fourth_to_the_sixth_month_in_2022():
    # D.Lgs. 22/2015, art. 4, c. 3: 3 % a month from the fourth month; L. 234/2021, art. 1, c. 221: from the
    # sixth (the eighth at 55 or more) for benefits from 1 January 2022.
    def first_reduced(year, age=40):
        amounts = naspi_estimate(taxable_pay_4y=D(60000), contribution_weeks_4y=208, age=age,
                                 application_date=date(year, 3, 1)).monthly_amounts  # fmt: skip
        return next(n for n, (a, b) in enumerate(itertools.pairwise(amounts), start=2) if b < a)

    assert first_reduced(2021) == 4
    assert first_reduced(2022) == 6
    assert first_reduced(2022, age=56) == 8


# Assegno Unico: lower and upper ISEE threshold, amount per minor child at each. 2022: D.Lgs. 230/2021 Tabella 1;
# 2023: circ. INPS 41/2023 (eutekne.info, ilmessaggero.it: 189,20 and 54,1 €); 2024: messaggio INPS 572/2024
# (eutekne.info); 2025: messaggio INPS 33/2025; 2026: circ. INPS 7/2026 (quotidianodiragusa.it).
ASSEGNO_UNICO = {
    2022: ("15000.00", "40000.00", "175.00", "50.00"),
    2023: ("16215.00", "43240.00", "189.20", "54.10"),
    2024: ("17090.61", "45574.96", "199.40", "57.00"),
    2025: ("17227.33", "45939.56", "201.00", "57.50"),
    2026: ("17468.51", "46582.71", "203.80", "58.30"),
}


@pytest.mark.parametrize("year", sorted(ASSEGNO_UNICO))
def test_assegno_unico_of_every_year(year):
    low, high, full, least = (D(v) for v in ASSEGNO_UNICO[year])
    rows = table(year)
    assert (rows[0].isee_up_to, rows[-1].isee_up_to, rows[0].minor, rows[-1].minor) == (low, high, full, least)
    on = date(year, 6, 1)
    assert assegno_unico([Child(5)], isee=low, on_date=on).monthly == full
    assert assegno_unico([Child(5)], isee=None, on_date=on).monthly == least


def test_assegno_unico_2024_disability_amounts():
    # Messaggio INPS 572/2024 via pmi.it: non autosufficiente 119,60 €, disabilità grave 108,20 €, media 96,90 €.
    on = date(2024, 6, 1)
    base = assegno_unico([Child(10)], isee=None, on_date=on).monthly
    for level, extra in (("non_autosufficiente", "119.60"), ("grave", "108.20"), ("media", "96.90")):
        assert assegno_unico([Child(10, level)], isee=None, on_date=on).monthly - base == D(extra)


def test_the_newborn_increase_starts_in_2023():
    # L. 197/2022, art. 1, c. 357: +50 % for children under one year from January 2023, not in 2022.
    newborn, older = [Child(0)], [Child(5)]
    assert assegno_unico(newborn, isee=D(15000), on_date=date(2022, 6, 1)).monthly == D("175.00")
    assert assegno_unico(newborn, isee=D(16000), on_date=date(2023, 6, 1)).monthly == D("283.80")  # 189,20 × 1,5
    assert assegno_unico(older, isee=D(16000), on_date=date(2023, 6, 1)).monthly == D("189.20")


# Assegno sociale from January of each year (INPS rinnovo circular; see assegno_sociale.json for each source).
ASSEGNO_SOCIALE = {
    2015: "448.52", 2016: "448.07", 2017: "448.07", 2018: "453.00", 2019: "457.99", 2020: "459.83",
    2021: "460.28", 2022: "468.10", 2023: "503.27", 2024: "534.41", 2025: "538.69", 2026: "546.24",
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(ASSEGNO_SOCIALE))
def test_assegno_sociale_of_every_year(year):
    amount = assegno_sociale(year)
    assert amount.monthly == D(ASSEGNO_SOCIALE[year]) and not amount.carried_forward
    assert amount.annual == D(ASSEGNO_SOCIALE[year]) * 13


def test_published_yearly_assegno_sociale():
    # ansa.it, 22/12/2022: "l'assegno sociale a 503,27 euro (6.542,51 annui)"; mefop.it: 7.101,12 € in 2026.
    assert assegno_sociale(2023).annual == D("6542.51")
    assert assegno_sociale(2026).annual == D("7101.12")


# Indennità di accompagnamento by year (INPS rinnovo circulars; sources in care.json).
COMPANION = {
    2015: "508.55", 2016: "512.34", 2017: "515.43", 2018: "516.35", 2019: "517.84", 2020: "520.29",
    2021: "522.10", 2022: "524.16", 2023: "527.16", 2024: "531.76", 2025: "542.02", 2026: "549.61",
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(COMPANION))
def test_companion_allowance_of_every_year(year):
    allowance = companion_allowance(date(year, 3, 1))
    assert allowance.monthly == D(COMPANION[year]) and not allowance.carried_forward


# Trattamento minimo INPS from January, what a pension keeps after a cessione del quinto (D.M. 313/2006).
MINIMUM_PENSION = {
    2020: "515.07", 2021: "515.58", 2022: "523.83", 2023: "563.74", 2024: "598.61", 2025: "603.40", 2026: "611.85"
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(MINIMUM_PENSION))
def test_quinto_on_a_pension_keeps_the_minimum_of_every_year(year):
    minimum = D(MINIMUM_PENSION[year])
    pension = minimum + 50  # a fifth would be more than 50 €, so the minimum decides
    capacity = quinto_capacity(pension, on_date=date(year, 6, 1), payments_per_year=13, income_kind="pension")
    assert capacity.protected_amount == minimum and capacity.max_instalment == D(50)


@pytest.mark.parametrize(
    ("year", "live_in_cs"),
    # CCNL lavoro domestico, minimi di livello CS convivente: 2024 Assindatcolf (1.127,04 €), 2025 verbale del
    # 29/01/2025 (1.137,86 €), 2026 Commissione nazionale 11/02/2026 (1.193,84 €).
    [(2024, "1127.04"), (2025, "1137.86"), (2026, "1193.84")],
)
def test_domestic_work_of_every_year(year, live_in_cs):
    assert domestic_worker_cost(live_in=True, on_date=date(year, 6, 1)).monthly_pay == D(live_in_cs)


@pytest.mark.parametrize(
    ("year", "rate", "financial_income"),
    # Stamp duty on financial products: 1 per mille in 2012, 1,5 in 2013 (D.L. 201/2011, art. 19), 2 from 2014
    # (L. 147/2013); tax on financial income 20 % from 2012 (D.L. 138/2011), 26 % from July 2014 (D.L. 66/2014).
    [(2012, "0.001", "0.20"), (2013, "0.0015", "0.20"), (2014, "0.002", "0.20"), (2015, "0.002", "0.26"),
     (2026, "0.002", "0.26")],
)  # fmt: skip
def test_taxes_and_stamp_duty_of_every_period(year, rate, financial_income):
    rules = tax_rules(date(year, 3, 1))
    assert rules.stamp_duty.financial_products_rate == D(rate)
    assert rules.financial_income == D(financial_income)
