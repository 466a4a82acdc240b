"""Usury thresholds: the legal formula, the shipped quarterly tables, usury_check."""

import itertools
import json
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.errors import InvalidInputError, InvalidRateError, RuleDataError
from oltre_finance.italy.usury import available_tables, table_on, usury_check, usury_threshold


class TestThreshold:
    @pytest.mark.parametrize(
        ("tegm", "threshold"),
        [
            # Gazzetta Ufficiale SG n. 163 del 30/06/2020 (D.M. 25 giugno 2020), Allegato A,
            # third quarter of 2020: aperture di credito fino a 5.000 € 10,58 -> 17,2250;
            ("0.1058", "0.172250"),
            # anticipi e sconto da 50.000 a 200.000 € 4,88 -> 10,1000;
            ("0.0488", "0.101000"),
            # aperture di credito oltre 5.000 € 8,27 -> 14,3375; scoperti fino a 1.500 € 14,95 -> 22,6875.
            ("0.0827", "0.143375"),
            ("0.1495", "0.226875"),
            # Banca d'Italia press release of 30/09/2026 (fourth quarter of 2026): credito revolving
            # 16,50 -> 24,50, where the cap of TEGM + 8 points applies instead of 24,625.
            ("0.1650", "0.2450"),
        ],
    )
    def test_published_thresholds(self, tegm, threshold):
        assert usury_threshold(Decimal(tegm)) == Decimal(threshold)

    @given(st.decimals(min_value=0, max_value=1, places=4))
    def test_formula(self, tegm):
        threshold = usury_threshold(tegm)
        assert threshold <= tegm + Decimal("0.08")
        assert threshold <= tegm * Decimal("1.25") + Decimal("0.04")
        assert threshold in (tegm + Decimal("0.08"), tegm * Decimal("1.25") + Decimal("0.04"))

    def test_negative_tegm(self):
        with pytest.raises(InvalidRateError):
            usury_threshold(Decimal("-0.01"))


class TestShippedTables:
    def test_quarters_follow_each_other_without_gaps(self):
        tables = available_tables()
        assert len(tables) >= 2
        for table in tables:
            assert table.start.day == 1 and table.start.month in (1, 4, 7, 10)
            assert (table.end + timedelta(days=1)).month == (table.start.month + 2) % 12 + 1
        recent = [t for t in tables if t.start.year >= 2025]
        for earlier, later in itertools.pairwise(recent):
            assert later.start == earlier.end + timedelta(days=1)

    def test_every_table_is_complete_and_well_formed(self):
        for table in available_tables():
            assert len(table.rows) == 24, table.start
            assert table.act and table.url
            categories = {row.category for row in table.rows}
            assert {
                "credito_personale",
                "cessione_quinto_stipendio_pensione",
                "credito_revolving",
            } <= categories
            for row in table.rows:
                assert Decimal(0) < row.tegm < Decimal("0.5")
                if row.bracket_min is not None and row.bracket_max is not None:
                    assert row.bracket_min < row.bracket_max

    def test_brackets_of_a_category_do_not_overlap(self):
        for table in available_tables():
            for category in table.categories:
                rows = [row for row in table.rows if row.category == category]
                for amount in (Decimal(1), Decimal(1500), Decimal(5000), Decimal("5000.01"), Decimal(10**6)):
                    assert sum(row.covers(amount) for row in rows) == 1

    def test_files_are_plain_json_with_sources(self):
        folder = files("oltre_finance.italy").joinpath("data", "usury")
        for entry in folder.iterdir():
            if entry.name.endswith(".json"):
                data = json.loads(entry.read_text(encoding="utf-8"))
                assert set(data) >= {"period", "source", "categories"}
                assert data["source"]["act"]


class TestUsuryCheck:
    def test_2020_personal_loan(self):
        # Third quarter of 2020, credito personale TEGM 9,63 % -> threshold 16,0375 %.
        check = usury_check(Decimal("0.17"), "credito_personale", date(2020, 8, 15))
        assert check.tegm == Decimal("0.0963")
        assert check.threshold == Decimal("0.160375")
        assert check.is_usurious
        assert check.margin == Decimal("-0.009625")

    def test_bracket_chosen_by_amount(self):
        small = usury_check(
            Decimal("0.10"), "cessione_quinto_stipendio_pensione", date(2026, 11, 24), amount=Decimal(15000)
        )
        large = usury_check(
            Decimal("0.10"),
            "cessione_quinto_stipendio_pensione",
            date(2026, 11, 24),
            amount=Decimal("15000.01"),
        )
        assert small.row.bracket_label == "fino a 15.000 euro"
        assert large.row.bracket_label == "oltre 15.000 euro"
        assert small.tegm != large.tegm

    def test_at_the_threshold_is_not_usurious(self):
        threshold = usury_check(Decimal(0), "credito_personale", date(2026, 11, 24)).threshold
        assert not usury_check(threshold, "credito_personale", date(2026, 11, 24)).is_usurious

    def test_table_for_a_date(self):
        assert table_on(date(2026, 12, 31)).start == date(2026, 10, 1)
        assert table_on(date(2020, 7, 1)).gazzetta_ufficiale == "GU Serie Generale n. 163 del 30/06/2020"

    def test_missing_quarter_is_a_typed_error_in_italian(self):
        with pytest.raises(RuleDataError) as caught:
            table_on(date(2019, 1, 1))
        assert "tassi soglia" in caught.value.message_it

    def test_unknown_category(self):
        with pytest.raises(InvalidInputError) as caught:
            usury_check(Decimal("0.1"), "prestito_da_amici", date(2026, 11, 24))
        assert caught.value.field == "category"

    def test_bracketed_category_needs_the_amount(self):
        with pytest.raises(InvalidInputError) as caught:
            usury_check(Decimal("0.1"), "cessione_quinto_stipendio_pensione", date(2026, 11, 24))
        assert caught.value.field == "amount"
