"""Usury thresholds: the law's formula of each period, the whole quarterly series since 1997, usury_check."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.errors import InvalidInputError, InvalidRateError, RuleDataError
from oltre_finance.italy.usury import available_tables, table_on, usury_check, usury_threshold

D = Decimal
BEFORE_2011 = date(2010, 6, 1)
AFTER_2011 = date(2020, 8, 1)
CALCOLIFORENSI = "Banca d'Italia, serie storica TEGM, as embedded in github.com/Fighting84/calcoliforensi"
APOLLO = "github.com/piazzaed/apollo-corpus dati/tassi-soglia.json (Allegati A of the MEF decrees)"

# Published (TEGM, threshold) pairs of 14 quarters across the series, each with where it was read.
PUBLISHED = [
    # 1997Q2, the first quarter of the law (from 2 April 1997): aperture di credito fino a 10 milioni di lire,
    # mutui, credito finalizzato fino a 2,5 milioni di lire (CALCOLIFORENSI).
    (date(1997, 5, 1), "aperture_credito_conto_corrente", D(1_000_000) / D("1936.27"), "0.1618", "0.2427"),
    (date(1997, 5, 1), "mutui", None, "0.1060", "0.1590"),
    # 1999Q1: mutui 5,80 -> 8,70 (storia.camera.it, interrogazione 14/01/1999; CALCOLIFORENSI).
    (date(1999, 2, 1), "mutui", None, "0.0580", "0.0870"),
    # 2000Q4: mutui 6,63 -> 9,945 (marketpress.info notiziario 113768; CALCOLIFORENSI).
    (date(2000, 11, 1), "mutui", None, "0.0663", "0.09945"),
    # 2007Q2: mutui a tasso variabile 5,31 -> 7,965 (edotto.com, D.M. 20 marzo 2007, G.U. n. 73 del 28/03/2007).
    (date(2007, 5, 1), "mutui_ipotecari_tasso_variabile", None, "0.0531", "0.07965"),
    # 2010Q2: scoperti senza affidamento fino a 1.500 € 18,49 -> 27,735 (CALCOLIFORENSI, APOLLO; the forum
    # post quoting "27,73" cut the third decimal).
    (date(2010, 5, 1), "scoperti_senza_affidamento", D(1000), "0.1849", "0.27735"),
    # 2011Q2, both halves of the quarter from the same TEGM: aperture fino a 5.000 € 11,10 -> 16,65 until 13 May,
    # 17,875 from 14 May (D.L. 70/2011); credito revolving fino a 5.000 € 17,39 -> 25,39, capped at TEGM + 8.
    (date(2011, 5, 13), "aperture_credito_conto_corrente", D(1000), "0.1110", "0.1665"),
    (date(2011, 5, 14), "aperture_credito_conto_corrente", D(1000), "0.1110", "0.17875"),
    (date(2011, 6, 30), "credito_revolving", D(1000), "0.1739", "0.2539"),
    # 2012Q4: mutui a tasso fisso 5,34 -> 10,675 (simplybiz.eu; APOLLO).
    (date(2012, 11, 1), "mutui_ipotecari_tasso_fisso", None, "0.0534", "0.10675"),
    # 2014Q3: credito personale 12,21 -> 19,2625 (APOLLO; CALCOLIFORENSI).
    (date(2014, 8, 1), "credito_personale", None, "0.1221", "0.192625"),
    # 2016Q1: mutui a tasso variabile 2,83 -> 7,5375 (fiscoetasse.com, "Limiti usura 2016").
    (date(2016, 2, 1), "mutui_ipotecari_tasso_variabile", None, "0.0283", "0.075375"),
    # 2016Q4: mutui a tasso fisso 3,04 -> 7,800 (studiocataldi.it, "Usura: aggiornati i tassi soglia").
    (date(2016, 11, 1), "mutui_ipotecari_tasso_fisso", None, "0.0304", "0.07800"),
    # 2018Q1: the decree printed four-decimal TEGM: credito personale 10,2489 -> 16,8111 (APOLLO, D.M. 21/12/2017).
    (date(2018, 2, 1), "credito_personale", None, "0.102489", "0.168111"),
    # 2020Q3: aperture fino a 5.000 € 10,58 -> 17,2250 (G.U. SG n. 163 del 30/06/2020, Allegato A).
    (date(2020, 8, 1), "aperture_credito_conto_corrente", D(1000), "0.1058", "0.172250"),
    # 2025Q4: credito revolving 15,52 -> 23,40 (× 1,25 + 4, under the cap of 23,52); 2026Q3: credito revolving
    # 16,21 -> 24,21 (the cap) and credito personale 11,68 -> 18,60 (Banca d'Italia press releases, CALCOLIFORENSI,
    # APOLLO).
    (date(2025, 11, 1), "credito_revolving", None, "0.1552", "0.2340"),
    (date(2026, 8, 1), "credito_revolving", None, "0.1621", "0.2421"),
    (date(2026, 8, 1), "credito_personale", None, "0.1168", "0.1860"),
]


class TestFormula:
    @pytest.mark.parametrize(("on", "category", "amount", "tegm", "threshold"), PUBLISHED)
    def test_published_thresholds_across_the_series(self, on, category, amount, tegm, threshold):
        check = usury_check(D(0), category, on, amount=amount)
        assert check.tegm == D(tegm)
        assert check.threshold == D(threshold)

    def test_the_formula_changed_on_14_may_2011(self):
        # TEGM × 1,5 until 13 May 2011; min(TEGM × 1,25 + 4, TEGM + 8) from 14 May 2011 (D.L. 13 maggio 2011 n. 70).
        assert usury_threshold(D("0.1110"), on_date=date(2011, 5, 13)) == D("0.1665")
        assert usury_threshold(D("0.1110"), on_date=date(2011, 5, 14)) == D("0.17875")

    @given(st.decimals(min_value=0, max_value=1, places=4))
    def test_formula_after_2011(self, tegm):
        threshold = usury_threshold(tegm, on_date=AFTER_2011)
        assert threshold == min(tegm * D("1.25") + D("0.04"), tegm + D("0.08"))  # independent statement of the law
        assert threshold >= tegm

    @given(st.decimals(min_value=0, max_value=1, places=4))
    def test_formula_before_2011(self, tegm):
        assert usury_threshold(tegm, on_date=BEFORE_2011) == tegm * 3 / 2

    def test_negative_tegm(self):
        with pytest.raises(InvalidRateError):
            usury_threshold(D("-0.01"), on_date=AFTER_2011)

    def test_no_formula_before_the_law(self):
        with pytest.raises(RuleDataError):
            usury_threshold(D("0.1"), on_date=date(1997, 4, 1))


class TestSeries:
    def test_every_quarter_from_april_1997_to_december_2026(self):
        tables = available_tables()
        assert tables[0].start == date(1997, 4, 2)  # the law's thresholds apply from 2 April 1997
        assert tables[-1].end == date(2026, 12, 31)
        quarters = {(t.start.year, (t.start.month - 1) // 3) for t in tables}
        assert len(quarters) == 119 >= 100  # 1997 Q2 to 2026 Q4; 2011 Q2 has two tables (before and after 14 May)
        for earlier, later in itertools.pairwise(tables):
            assert later.start == earlier.end + timedelta(days=1)

    def test_every_threshold_in_the_files_is_the_formula_of_its_date(self):
        published = [(t, row) for t in available_tables() for row in t.rows if row.published_threshold is not None]
        assert len(published) > 1000
        for table, row in published:
            if row.tegm == round(row.tegm, 4):  # a TEGM of two decimals of a percentage point: exact
                assert row.published_threshold == row.formula_threshold, (table.start, row.category)
            else:  # 2018 Q1: the decree printed four-decimal TEGM and thresholds, rounded from finer figures
                assert abs(row.published_threshold - row.formula_threshold) <= D("0.000001"), table.start

    def test_every_table_is_well_formed(self):
        for table in available_tables():
            assert table.act and table.url and table.formula_it
            assert table.rows
            for row in table.rows:
                assert D(0) < row.tegm < D("0.5"), (table.start, row.category)
                if row.bracket_min is not None and row.bracket_max is not None:
                    assert row.bracket_min < row.bracket_max

    def test_classes_of_a_category_do_not_overlap(self):
        amounts = (D(1), D(1500), D(5000), D("5000.01"), D(15000), D(25000), D(60000), D(10**6))
        for table in available_tables():
            for category in table.categories:
                rows = [row for row in table.rows if row.category == category]
                for amount in amounts:
                    assert sum(row.covers(amount) for row in rows) == 1, (table.start, category, amount)

    def test_lire_classes_are_converted_at_the_euro_rate(self):
        # Before 2002 the classes were in lire: 10 milioni di lire = 5.164,57 € at 1.936,27 lire per euro.
        row = next(r for r in table_on(date(1999, 2, 1)).rows if r.bracket_max is not None)
        assert round(row.bracket_max, 2) == D("5164.57")

    def test_categories_as_they_were_named(self):
        assert "credito_personale" not in table_on(date(2005, 1, 1)).categories
        assert table_on(date(2005, 1, 1)).categories["mutui_ipotecari_tasso_fisso"].startswith("Mutui")
        assert "scoperti_senza_affidamento" in table_on(date(2010, 1, 1)).categories


class TestUsuryCheck:
    def test_a_loan_signed_in_november_2024(self):
        check = usury_check(D("0.20"), "credito_personale", date(2024, 11, 20))
        assert check.table.start == date(2024, 10, 1)
        assert check.threshold == min(check.tegm * D("1.25") + D("0.04"), check.tegm + D("0.08"))
        assert check.is_usurious == (D("0.20") > check.threshold)

    def test_2020_personal_loan(self):
        # Third quarter of 2020, credito personale TEGM 9,63 % -> threshold 16,0375 %.
        check = usury_check(D("0.17"), "credito_personale", date(2020, 8, 15))
        assert check.tegm == D("0.0963")
        assert check.threshold == D("0.160375")
        assert check.is_usurious
        assert check.margin == D("-0.009625")

    def test_class_chosen_by_amount(self):
        small = usury_check(D("0.10"), "cessione_quinto_stipendio_pensione", date(2026, 11, 24), amount=D(15000))
        large = usury_check(D("0.10"), "cessione_quinto_stipendio_pensione", date(2026, 11, 24), amount=D("15000.01"))
        assert small.row.bracket_label == "fino a 15.000 euro"
        assert large.row.bracket_label == "oltre 15.000 euro"
        assert small.tegm != large.tegm

    def test_at_the_threshold_is_not_usurious(self):
        threshold = usury_check(D(0), "credito_personale", date(2026, 11, 24)).threshold
        assert not usury_check(threshold, "credito_personale", date(2026, 11, 24)).is_usurious

    def test_table_for_a_date(self):
        assert table_on(date(2026, 12, 31)).start == date(2026, 10, 1)
        assert table_on(date(2020, 7, 1)).gazzetta_ufficiale == "G.U. Serie Generale n. 163 del 30/06/2020"

    @pytest.mark.parametrize("day", [date(1997, 4, 1), date(2027, 1, 1)])
    def test_outside_the_series_is_a_plain_error_in_italian(self, day):
        with pytest.raises(RuleDataError) as caught:
            table_on(day)
        assert "02/04/1997" in caught.value.message_it and "31/12/2026" in caught.value.message_it

    def test_unknown_category(self):
        with pytest.raises(InvalidInputError) as caught:
            usury_check(D("0.1"), "prestito_da_amici", date(2026, 11, 24))
        assert caught.value.field == "category"
        with pytest.raises(InvalidInputError):  # a category of today's tables did not exist in 2005
            usury_check(D("0.1"), "credito_personale", date(2005, 6, 1))

    def test_class_needed_for_a_category_with_classes(self):
        with pytest.raises(InvalidInputError) as caught:
            usury_check(D("0.1"), "cessione_quinto_stipendio_pensione", date(2026, 11, 24))
        assert caught.value.field == "amount"
