"""Budget summary, indicators and the cash-flow calendar, against hand computations."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.budget import cashflow_calendar, fifty_thirty_twenty, summarize
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import household_from_dict
from oltre_finance.indicators import Band
from oltre_finance.money import cents


def household(incomes=(), expenses=(), assets=()):
    return household_from_dict(
        {
            "name": "Prova",
            "members": [{"role": "adult", "name": "Anna", "age": 45}],
            "incomes": list(incomes),
            "expenses": list(expenses),
            "assets": list(assets),
        }
    )


def item(category, amount, frequency="monthly", month=1, essential=True, subcategory=None, label="Voce", **extra):
    return {
        "category": category,
        "subcategory": subcategory,
        "label": label,
        "amount": amount,
        "frequency": frequency,
        "month": month,
        "essential": essential,
    } | extra


SALARY = {"source": "salary", "label": "Stipendio", "amount": "2000", "frequency": "monthly"}
TREDICESIMA = {"source": "salary", "label": "Tredicesima", "amount": "2000", "frequency": "yearly", "month": 12}


class TestSummary:
    def test_hand_computed_example(self):
        # Income: 2,000 × 12 + 2,000 (tredicesima) = 26,000 a year = 2,166.67 a month.
        # Rent 800; electricity 120 bimonthly = 60; TARI 180 half-yearly = 30; car tax 240 yearly = 20;
        # loan instalment 150; groceries 90 weekly = 90 × 52 / 12 = 390; eating out 100 (not essential).
        # Essential: 800 + 60 + 30 + 20 + 150 + 390 = 1,450; total 1,550.
        data = household(
            incomes=[SALARY, TREDICESIMA],
            expenses=[
                item("casa", "800", subcategory="affitto"),
                item("utenze", "120", "bimonthly", month=2, subcategory="luce"),
                item("utenze", "180", "half_yearly", month=6, subcategory="rifiuti"),
                item("trasporti", "240", "yearly", month=4, subcategory="bollo_auto"),
                item("debiti", "150", subcategory="prestito"),
                item("spesa_alimentare", "90", "weekly", subcategory="supermercato"),
                item("tempo_libero", "100", essential=False, subcategory="uscite"),
                item("casa", "900", "one_off", month=3, year=2027, subcategory="manutenzione", label="Caldaia"),
            ],
            assets=[{"kind": "current_account", "label": "Conto", "value": "2900"}],
        )
        summary = summarize(data)
        income = Decimal(26_000) / 12
        assert summary.income == Decimal("2166.67")
        assert summary.expenses == Decimal("1550.00")
        assert summary.essential == Decimal("1450.00")
        assert summary.discretionary == Decimal("100.00")
        assert summary.balance == (income - 1550).quantize(Decimal("0.01"))
        assert summary.one_off_expenses == Decimal(900)
        assert summary.by_category["utenze"] == Decimal("90.00")
        assert next(iter(summary.by_category)) == "casa"
        # Housing: rent + electricity + TARI = 890 over 2,166.67 = 41.08 % -> red (Eurostat 40 %).
        housing = summary.indicators["housing_cost"]
        assert housing.value == (Decimal(890) / income).quantize(Decimal("0.0001"))
        assert housing.band is Band.RED
        assert "oltre il 40\u00a0%" in housing.sentence_it and "Eurostat" in housing.source
        # Debt service: 150 / 2,166.67 = 6.9 % -> green.
        assert summary.indicators["debt_service"].band is Band.GREEN
        # Essential 1,450 / 2,166.67 = 66.9 % -> amber.
        assert summary.indicators["essential_expenses"].band is Band.AMBER
        # Liquid savings 2,900 / 1,450 = 2.0 months -> amber.
        months = summary.indicators["emergency_months"]
        assert months.value == Decimal("2.0") and months.band is Band.AMBER

    def test_deficit(self):
        summary = summarize(household(incomes=[SALARY], expenses=[item("casa", "2300", subcategory="affitto")]))
        assert summary.in_deficit and summary.balance == Decimal("-300.00")
        assert summary.savings_rate == Decimal("-0.1500")

    def test_no_income_gives_no_ratio_but_no_error(self):
        summary = summarize(household(expenses=[item("casa", "500")]))
        assert summary.savings_rate is None
        assert "housing_cost" not in summary.indicators
        assert summary.indicators["emergency_months"].band is Band.RED

    def test_empty_household(self):
        summary = summarize(household())
        assert summary.balance == 0 and summary.indicators == {}

    def test_fifty_thirty_twenty(self):
        summary = summarize(
            household(incomes=[SALARY], expenses=[item("casa", "1000"), item("tempo_libero", "600", essential=False)])
        )
        view = fifty_thirty_twenty(summary)
        assert (view.needs, view.wants, view.saving) == (Decimal("0.5"), Decimal("0.3"), Decimal("0.2"))

    def test_fifty_thirty_twenty_without_income(self):
        with pytest.raises(InvalidInputError):
            fifty_thirty_twenty(summarize(household()))


class TestCalendar:
    def test_irregular_costs_fall_in_their_months(self):
        data = household(
            incomes=[SALARY],
            expenses=[
                item("utenze", "120", "bimonthly", month=2),
                item("altro", "300", "quarterly", month=3),
                item("trasporti", "240", "yearly", month=4),
            ],
        )
        calendar = cashflow_calendar(data, start_year=2027, start_month=1)
        outgoings = [month.outgoings for month in calendar.months]
        # Jan 0, Feb 120, Mar 300, Apr 120 + 240, May 0, Jun 120 + 300, ...
        assert outgoings[:6] == [0, 120, 300, 360, 0, 420]
        assert calendar.set_aside == Decimal("180.00")  # (6×120 + 4×300 + 240) / 12 = 2,160 / 12

    def test_short_months_and_running_cash(self):
        data = household(
            incomes=[{"source": "salary", "label": "Stipendio", "amount": "1000", "frequency": "monthly"}],
            expenses=[item("casa", "900"), item("istruzione_figli", "600", "yearly", month=9)],
            assets=[{"kind": "current_account", "label": "Conto", "value": "100"}],
        )
        calendar = cashflow_calendar(data, start_year=2026, start_month=12)
        assert [(m.year, m.month) for m in calendar.short_months] == [(2027, 9)]
        september = calendar.months[9]
        assert september.balance == Decimal(-500)
        assert september.cash == 100 + 9 * 100 - 500
        assert calendar.months[0].year == 2026 and calendar.months[1].year == 2027

    def test_dated_one_off_only_in_its_year(self):
        data = household(expenses=[item("casa", "900", "one_off", month=3, year=2028)])
        assert sum(m.outgoings for m in cashflow_calendar(data, start_year=2027, start_month=1).months) == 0
        assert sum(m.outgoings for m in cashflow_calendar(data, start_year=2027, start_month=6).months) == 900

    def test_undated_one_off_falls_once(self):
        data = household(expenses=[item("casa", "900", "one_off", month=3)])
        calendar = cashflow_calendar(data, start_year=2027, start_month=1, months=24)
        assert [m.month for m in calendar.months if m.outgoings] == [3]

    @pytest.mark.parametrize(("field", "kwargs"), [("start_month", {"start_month": 13}), ("months", {"months": 0})])
    def test_bad_window(self, field, kwargs):
        arguments = {"start_year": 2027, "start_month": 1} | kwargs
        with pytest.raises(InvalidInputError) as caught:
            cashflow_calendar(household(), **arguments)
        assert caught.value.field == field

    @settings(max_examples=150, deadline=None)
    @given(
        items=st.lists(
            st.tuples(
                st.decimals(min_value=Decimal("0.01"), max_value=5000, places=2),
                st.sampled_from(["weekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly"]),
                st.integers(min_value=1, max_value=12),
            ),
            min_size=1,
            max_size=15,
        ),
        start_month=st.integers(min_value=1, max_value=12),
    )
    def test_twelve_months_add_up_to_the_yearly_totals(self, items, start_month):
        data = household(expenses=[item("altro", str(a), f, month=m) for a, f, m in items])
        calendar = cashflow_calendar(data, start_year=2027, start_month=start_month)
        yearly = sum(expense.yearly_amount for expense in data.expenses)
        assert sum(month.outgoings for month in calendar.months) == yearly
        # and the monthly summary is the same money spread evenly
        assert summarize(data).expenses == cents(yearly / 12)
