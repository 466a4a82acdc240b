"""A debt's instalment counted once among the expenses (``debts.link_instalments``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.budget import summarize
from oltre_finance.debts.instalments import instalment_label, link_instalments
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names

TODAY = date(2026, 12, 1)

ADULT = [{"role": "adult", "name": "A", "age": 40}]
SALARY = [{"source": "salary", "label": "Stipendio", "amount": "2000", "frequency": "monthly"}]


def household(debts, expenses=()):
    return household_from_dict({"name": "X", "members": ADULT, "incomes": SALARY, "debts": list(debts),
                                "expenses": list(expenses)})  # fmt: skip


def loan(label="Auto", instalment="290", kind="personal_loan"):
    return {"kind": kind, "label": label, "balance": "8000", "annual_rate": "0.089", "instalment": instalment}


@pytest.mark.parametrize("key", list(sample_names()))
def test_the_samples_already_count_every_instalment(key):
    assert link_instalments(load_sample(key)) == load_sample(key)


def test_a_new_debt_brings_its_instalment_into_the_month():
    linked = link_instalments(household([loan()]))
    assert [(e.category, e.subcategory, e.label, e.amount) for e in linked.expenses] == [
        ("debiti", "prestito", "Rata: Auto", Decimal(290))
    ]
    assert summarize(linked).indicators["debt_service"].value == Decimal("0.1450")  # 290 / 2000


def test_an_instalment_already_typed_is_not_counted_twice():
    typed = {"category": "debiti", "label": "Rata della macchina", "amount": "290", "frequency": "monthly"}
    linked = link_instalments(household([loan()], [typed]))
    assert [e.label for e in linked.expenses] == ["Rata della macchina"]


def test_a_changed_instalment_moves_its_expense():
    before = link_instalments(household([loan()]))
    after = household([loan(instalment="310")], [e.model_dump(mode="json") for e in before.expenses])
    linked = link_instalments(after, before=before)
    assert [(e.label, e.amount) for e in linked.expenses] == [("Rata: Auto", Decimal(310))]


def test_a_debt_taken_away_takes_away_the_expense_added_for_it_only():
    typed = {"category": "debiti", "label": "Rata della carta", "amount": "150", "frequency": "monthly"}
    before = link_instalments(household([loan(), loan("Carta", "150", "revolving_card")], [typed]))
    assert len(before.expenses) == 2  # the card's 150 was typed already
    after = household([], [e.model_dump(mode="json") for e in before.expenses])
    linked = link_instalments(after, before=before)
    assert [e.label for e in linked.expenses] == ["Rata della carta"]  # the person's own row stays


def test_a_mortgage_is_a_housing_cost():
    linked = link_instalments(household([loan("Mutuo", "700", "mortgage")]))
    assert (linked.expenses[0].category, linked.expenses[0].subcategory) == ("casa", "rata_mutuo")
    assert summarize(linked).indicators["housing_cost"].value == Decimal("0.3500")


amounts = st.sampled_from(["0", "80", "110", "150", "290", "320.50"])


@settings(max_examples=80, deadline=None)
@given(st.lists(amounts, max_size=6), st.lists(amounts, max_size=4))
def test_every_instalment_is_paid_by_exactly_one_expense(instalments, typed):
    debts = [loan(f"Debito {k}", amount) for k, amount in enumerate(instalments)]
    expenses = [{"category": "debiti", "label": f"Spesa {k}", "amount": a, "frequency": "monthly"}
                for k, a in enumerate(typed) if a != "0"]  # fmt: skip
    linked = link_instalments(household(debts, expenses))
    assert link_instalments(linked) == linked
    pool = sorted(e.amount for e in linked.expenses if e.category == "debiti")
    for debt in (d for d in linked.debts if d.instalment > 0):
        pool.remove(debt.instalment)  # each debt takes one expense of its amount
    added = [e for e in linked.expenses if e.label.startswith("Rata: ")]
    wanted = [a for a in instalments if a != "0"]
    have = [a for a in typed if a != "0"]
    expected = sum(max(0, wanted.count(a) - have.count(a)) for a in set(wanted))  # counted by hand
    assert len(added) == expected
    assert {e.label for e in added} <= {instalment_label(d) for d in linked.debts}


def test_a_quarterly_instalment_pays_its_monthly_share():
    quarterly = {"category": "debiti", "label": "Auto", "amount": "870", "frequency": "quarterly", "month": 3}
    linked = link_instalments(household([loan()], [quarterly]))  # 870 × 4 / 12 = 290 a month
    assert [(e.label, e.frequency) for e in linked.expenses] == [("Auto", "quarterly")]


def test_a_loan_added_by_the_loan_calculator_is_not_counted_again():
    from oltre_finance.views.household import empty_household
    from oltre_finance.views.loan import LoanInputs, add_loan_to_household, parse_loan

    for per_year in (12, 4, 3):
        added = add_loan_to_household(
            empty_household(), parse_loan(LoanInputs(label="Auto", periods_per_year=per_year)), today=TODAY
        )
        assert link_instalments(added, before=empty_household()) == added
