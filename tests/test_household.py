"""The household profile and its files: validation, frequencies, atomic saves, malformed files."""

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.errors import InvalidHouseholdError, OltreFinanceError
from oltre_finance.household import Expense, categories, household_from_dict, json_schema
from oltre_finance.io import household_file
from oltre_finance.io.household_file import household_from_json, household_to_json, load_household, save_household

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "oltre_finance" / "schemas" / "household.schema.json"


def minimal(**extra):
    return {
        "schema_version": 1,
        "name": "Famiglia di prova",
        "members": [{"role": "adult", "name": "Anna", "age": 41}],
        "incomes": [{"source": "salary", "label": "Stipendio", "amount": "1800.00", "frequency": "monthly"}],
        "expenses": [
            {"category": "casa", "subcategory": "affitto", "label": "Affitto", "amount": "750", "frequency": "monthly"},
            {"category": "utenze", "subcategory": "luce", "label": "Luce", "amount": "120", "frequency": "bimonthly"},
        ],
    } | extra


def expense(amount: str, frequency: str) -> Expense:
    return Expense(category="altro", label="Voce", amount=amount, frequency=frequency)


class TestFrequencies:
    def test_bimonthly_bill_is_half_a_month(self):
        assert expense("120", "bimonthly").monthly_amount == Decimal(60)

    def test_weekly_uses_52_weeks(self):
        assert expense("100", "weekly").monthly_amount == Decimal(100) * 52 / 12
        assert expense("100", "weekly").yearly_amount == Decimal(5200)

    @pytest.mark.parametrize(
        ("frequency", "per_year"),
        [("monthly", 12), ("bimonthly", 6), ("quarterly", 4), ("half_yearly", 2), ("yearly", 1), ("weekly", 52)],
    )
    def test_monthly_equivalent_times_twelve_is_the_yearly_amount(self, frequency, per_year):
        item = expense("37.45", frequency)
        assert item.monthly_amount * 12 == item.yearly_amount == Decimal("37.45") * per_year

    def test_one_off_is_not_a_monthly_cost(self):
        item = Expense(category="casa", label="Caldaia", amount="900", frequency="one_off", month=3, year=2027)
        assert item.monthly_amount == 0 and item.yearly_amount == 900

    @given(
        st.decimals(min_value=Decimal("0.01"), max_value=100_000, places=2),
        st.sampled_from(["weekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly"]),
    )
    def test_conversion_is_exact(self, amount, frequency):
        item = expense(str(amount), frequency)
        assert item.monthly_amount * 12 == item.yearly_amount


class TestValidation:
    def test_valid_household(self):
        household = household_from_dict(minimal())
        assert household.expenses[1].frequency == "bimonthly"
        assert household.expenses[0].amount == Decimal(750)

    def test_is_immutable(self):
        household = household_from_dict(minimal())
        with pytest.raises(Exception):  # noqa: B017  pydantic's frozen error
            household.name = "altro"  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"members": []}, "members"),
            ({"schema_version": 2}, "schema_version"),
            (
                {"expenses": [{"category": "casa", "label": "Affitto", "amount": "-750", "frequency": "monthly"}]},
                "expenses.0.amount",
            ),
            (
                {"expenses": [{"category": "casa", "label": "Affitto", "amount": "abc", "frequency": "monthly"}]},
                "expenses.0.amount",
            ),
            (
                {"expenses": [{"category": "casa", "label": "Affitto", "amount": 750.5, "frequency": "monthly"}]},
                "expenses.0.amount",
            ),
            (
                {"expenses": [{"category": "casa", "label": "Affitto", "amount": "750.555", "frequency": "monthly"}]},
                "expenses.0.amount",
            ),
            (
                {"expenses": [{"category": "viaggi", "label": "Mare", "amount": "750", "frequency": "monthly"}]},
                "expenses.0",
            ),
            (
                {"expenses": [{"category": "casa", "label": "Affitto", "amount": "750", "frequency": "daily"}]},
                "expenses.0.frequency",
            ),
            (
                {
                    "expenses": [
                        {"category": "casa", "label": "Affitto", "amount": "750", "frequency": "yearly", "month": 13}
                    ]
                },
                "expenses.0.month",
            ),
            (
                {"incomes": [{"source": "lottery", "label": "X", "amount": "5", "frequency": "monthly"}]},
                "incomes.0.source",
            ),
            (
                {"debts": [{"kind": "personal_loan", "label": "Auto", "balance": "5000", "annual_rate": "8.5"}]},
                "debts.0.annual_rate",
            ),
            ({"unexpected": 1}, "unexpected"),
        ],
    )
    def test_invalid_field_is_named(self, change, field):
        with pytest.raises(InvalidHouseholdError) as caught:
            household_from_dict(minimal(**change))
        assert caught.value.field == field
        assert isinstance(caught.value, OltreFinanceError)
        assert caught.value.message_it.startswith("Dato non valido")

    def test_missing_field(self):
        data = minimal()
        del data["name"]
        with pytest.raises(InvalidHouseholdError) as caught:
            household_from_dict(data)
        assert caught.value.field == "name"

    def test_messages_do_not_repeat_household_figures(self):
        with pytest.raises(InvalidHouseholdError) as caught:
            household_from_dict(
                minimal(expenses=[{"category": "casa", "label": "A", "amount": "-987654.32", "frequency": "monthly"}])
            )
        assert "987654" not in str(caught.value) and "987654" not in caught.value.message_it

    def test_categories_have_italian_labels(self):
        known = categories()
        assert {
            "casa",
            "utenze",
            "spesa_alimentare",
            "trasporti",
            "salute",
            "istruzione_figli",
            "cura_familiari",
            "assicurazioni",
            "tasse_tributi",
            "debiti",
            "tempo_libero",
            "altro",
        } == set(known)
        assert all(entry["label"] and entry["subcategories"] for entry in known.values())


class TestFiles:
    def test_round_trip(self, tmp_path):
        household = household_from_dict(minimal())
        path = tmp_path / "famiglia.json"
        save_household(household, path)
        assert load_household(path) == household
        assert '"amount": "750"' in path.read_text(encoding="utf-8")  # amounts stay strings

    @pytest.mark.parametrize(
        ("text", "field"),
        [
            ("", "line 1"),
            ("{ not json", "line 1"),
            ('{\n  "name": "x",\n  oops\n}', "line 3"),
            ("[1, 2, 3]", "file"),
            ('{"schema_version": 99, "name": "x"}', "schema_version"),
            ('{"name": "x", "members": []}', "schema_version"),
        ],
    )
    def test_malformed_text(self, text, field):
        with pytest.raises(InvalidHouseholdError) as caught:
            household_from_json(text)
        assert caught.value.field == field

    def test_binary_file(self, tmp_path):
        path = tmp_path / "foto.json"
        path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
        with pytest.raises(InvalidHouseholdError):
            load_household(path)

    def test_huge_file_is_refused_before_reading(self, tmp_path):
        path = tmp_path / "enorme.json"
        with path.open("wb") as handle:
            handle.seek(50 * 1024 * 1024)
            handle.write(b"}")
        with pytest.raises(InvalidHouseholdError) as caught:
            load_household(path)
        assert "troppo grande" in caught.value.message_it

    def test_missing_file(self, tmp_path):
        with pytest.raises(InvalidHouseholdError):
            load_household(tmp_path / "non_esiste.json")

    def test_interrupted_save_leaves_the_old_file_intact(self, tmp_path, monkeypatch):
        path = tmp_path / "famiglia.json"
        old = household_from_dict(minimal())
        save_household(old, path)
        before = path.read_bytes()

        def crash(*_args, **_kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(household_file.os, "fsync", crash)
        new = household_from_dict(minimal(name="Famiglia cambiata"))
        with pytest.raises(OSError):
            save_household(new, path)
        assert path.read_bytes() == before
        assert [entry.name for entry in tmp_path.iterdir()] == ["famiglia.json"]  # no temporary left behind

    def test_published_schema_is_up_to_date(self):
        # Regenerate with: .venv/bin/oltre-finance schema > oltre_finance/schemas/household.schema.json
        assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()

    def test_saved_file_is_valid_against_the_published_schema(self, tmp_path):
        jsonschema = pytest.importorskip("jsonschema")
        text = household_to_json(household_from_dict(minimal()))
        jsonschema.validate(json.loads(text), json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))

    def test_save_is_private_to_the_user(self, tmp_path):
        path = tmp_path / "famiglia.json"
        save_household(household_from_dict(minimal()), path)
        assert os.stat(path).st_mode & 0o077 == 0


def test_field_error_in_a_file_names_its_line():
    text = household_to_json(household_from_dict(minimal())).replace('"amount": "750"', '"amount": "-750"')
    line = text.splitlines().index('      "amount": "-750",') + 1
    with pytest.raises(InvalidHouseholdError) as caught:
        household_from_json(text)
    assert caught.value.field == "expenses.0.amount"
    assert f"riga {line}" in caught.value.message_it and f"line {line}" in str(caught.value)


def test_unknown_category_names_the_line_of_its_entry():
    text = household_to_json(household_from_dict(minimal())).replace('"category": "utenze"', '"category": "viaggi"')
    with pytest.raises(InvalidHouseholdError) as caught:
        household_from_json(text)
    assert caught.value.field == "expenses.1"
    entry_line = text.splitlines().index("    {", text.splitlines().index('  "expenses": [') + 3) + 1
    assert f"riga {entry_line}" in caught.value.message_it


@pytest.mark.parametrize("amount", ["123456789012345678901234567890", 123456789012345678901234567890, "1e26", "9" * 40])
def test_an_absurd_amount_in_a_file_is_a_typed_error_naming_its_field(amount):
    data = {"name": "X", "members": [{"role": "adult", "name": "A", "age": 40}],
            "incomes": [{"source": "salary", "label": "S", "amount": amount, "frequency": "monthly"}]}  # fmt: skip
    with pytest.raises(InvalidHouseholdError) as caught:
        household_from_dict(data)
    assert caught.value.field == "incomes.0.amount"
