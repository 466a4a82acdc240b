"""Several debts: payoff plans against an independent month-by-month reference, edge cases, bad input."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from payoff_reference import reference_payoff

from oltre_finance.debts import (
    Debt,
    FixedInstalment,
    FixedPlan,
    PercentOfBalance,
    compare_strategies,
    debts_from_household,
    minimum_payments,
    payoff_plan,
)
from oltre_finance.errors import InvalidAmountError, InvalidInputError, InvalidRateError, InvalidTermError
from oltre_finance.io.samples import load_sample, sample_names

KINDS = ["personal_loan", "revolving_card", "bnpl", "family_loan", "rent_arrears", "bill_arrears", "tax_arrears"]


def money(text) -> Decimal:
    return Decimal(str(text))


def debt(name, balance, rate, minimum, kind="personal_loan", priority=None) -> Debt:
    if isinstance(minimum, str | int):
        minimum = FixedInstalment(money(minimum))
    return Debt(
        name=name, kind=kind, balance=money(balance), annual_rate=money(rate), minimum=minimum, priority=priority
    )


def as_reference(debts):
    """The same debts in the reference's plain-dict form."""
    result = []
    for item in debts:
        rule = item.minimum
        if isinstance(rule, FixedInstalment):
            ref_rule = ("fixed", rule.amount)
        elif isinstance(rule, PercentOfBalance):
            ref_rule = ("percent", rule.percent, rule.floor)
        else:
            ref_rule = ("plan", rule.instalment, rule.months)
        result.append(
            {
                "name": item.name,
                "kind": item.kind,
                "balance": item.balance,
                "annual_rate": item.annual_rate,
                "rule": ref_rule,
                "priority": item.priority,
            }
        )
    return result


def assert_matches_reference(debts, budget, strategy, *, order=None, extras=None, horizon=600):
    plan = payoff_plan(
        debts,
        budget,
        strategy=strategy,
        order=order if strategy == "custom" else None,
        extra_payments=extras,
        horizon=horizon,
    )
    ref = reference_payoff(
        as_reference(debts), budget, strategy=strategy, order=order, extra_payments=extras, horizon=horizon
    )
    assert [tuple(row) for row in plan.rows] == ref["rows"]
    assert {o.name: o.paid_off_month for o in plan.outcomes} == ref["paid_off"]
    assert plan.total_interest == ref["total_interest"]
    assert plan.debt_free_month == ref["debt_free_month"]
    assert dict(plan.shortfall) == ref["shortfall"]
    assert dict(plan.unallocated) == ref["unallocated"]
    return plan


def assert_money_conserved(plan, budget, extras=None):
    extras = extras or {}
    start = {d.name: d.balance for d in plan.debts}
    paid_by_month: dict[int, Decimal] = {}
    for row in plan.rows:
        assert row.payment == row.interest + row.principal
        assert row.balance >= 0
        paid_by_month[row.month] = paid_by_month.get(row.month, Decimal(0)) + row.payment
    for outcome in plan.outcomes:
        final = next((r.balance for r in reversed(plan.rows) if r.debt == outcome.name), start[outcome.name])
        principal = sum((r.principal for r in plan.rows if r.debt == outcome.name), Decimal(0))
        assert start[outcome.name] - principal == final
        if outcome.paid_off_month is not None:
            assert final == 0
    # Every euro of the budget is paid to a debt or left unallocated, unless the minimums exceed it.
    short = dict(plan.shortfall)
    spare = dict(plan.unallocated)
    for month, paid in paid_by_month.items():
        available = budget + extras.get(month, 0)
        assert paid + spare.get(month, 0) == available + short.get(month, 0)


# A household like the sample "prestiti_revolving": quinto, car loan, furniture loan, BNPL, card, gas arrears.
SIMONE_E_LAURA = [
    debt("Cessione del quinto", "18397.63", "0.069", FixedPlan(money(320), months=70), kind="cessione_quinto"),
    debt("Auto", "8005.01", "0.089", "290"),
    debt("Mobili", "3663.96", "0.112", "185"),
    debt("BNPL", "440", "0", "110", kind="bnpl"),
    debt("Carta revolving", "3850", "0.179", PercentOfBalance(money("0.03"), money(30)), kind="revolving_card"),
    debt("Gas arretrato", "640", "0", "80", kind="bill_arrears"),
    debt("Fratello", "1500", "0", "0", kind="family_loan"),
]


@pytest.mark.parametrize("strategy", ["avalanche", "snowball", "custom", "minimums_only"])
@pytest.mark.parametrize("budget", ["1000", "1135", "1400", "2500"])
def test_hand_made_portfolio_matches_reference(strategy, budget):
    order = ["Fratello", "Carta revolving", "Gas arretrato"]
    plan = assert_matches_reference(SIMONE_E_LAURA, money(budget), strategy, order=order, extras={3: money(500)})
    assert_money_conserved(plan, money(budget), {3: money(500)})


def test_sample_households_match_reference():
    for name in sample_names():
        debts = debts_from_household(load_sample(name))
        for strategy in ("avalanche", "snowball", "minimums_only"):
            minimums = minimum_payments(debts)
            for budget in (minimums, minimums + 200):
                assert_matches_reference(debts, budget, strategy)


def test_avalanche_and_snowball_orders():
    plan = payoff_plan(SIMONE_E_LAURA, money(1400), strategy="avalanche")
    # Arrears first, then by rate; the quinto never takes extra money.
    assert plan.order == ("Gas arretrato", "Carta revolving", "Mobili", "Auto", "BNPL", "Fratello")
    assert plan.notes[0].code == "arrears_first"
    snowball = payoff_plan(SIMONE_E_LAURA, money(1400), strategy="snowball")
    assert snowball.order == ("Gas arretrato", "BNPL", "Fratello", "Mobili", "Carta revolving", "Auto")
    unordered = payoff_plan(SIMONE_E_LAURA, money(1400), strategy="avalanche", arrears_first=False)
    assert unordered.order[0] == "Carta revolving"
    assert "arrears_first" not in {n.code for n in unordered.notes}
    assert "fixed_plan" in {n.code for n in plan.notes}


def test_custom_order_and_priorities():
    plan = payoff_plan(SIMONE_E_LAURA, money(1400), strategy="custom", order=["Auto", "Cessione del quinto"])
    # Named debts first (a fixed plan cannot take extra), the rest as listed.
    assert plan.order == ("Auto", "Mobili", "BNPL", "Carta revolving", "Gas arretrato", "Fratello")
    assert "arrears_not_first" in {n.code for n in plan.notes}
    with_priority = [debt("A", 100, 0, 10), debt("B", 100, 0, 10, priority=1), debt("C", 100, 0, 10, priority=0)]
    assert payoff_plan(with_priority, money(30), strategy="custom").order == ("C", "B", "A")


def test_avalanche_saves_interest_and_comparison_table():
    # Without the brother's loan, which has no minimum and so never ends on minimums alone.
    comparison = compare_strategies(SIMONE_E_LAURA[:-1], money(1400), order=["Mobili"], start=date(2027, 1, 1))
    rows = {row.strategy: row for row in comparison.rows}
    assert set(rows) == {"avalanche", "snowball", "custom", "minimums_only"}
    assert rows["avalanche"].total_interest < rows["snowball"].total_interest < rows["minimums_only"].total_interest
    assert rows["minimums_only"].interest_saved == 0
    assert rows["avalanche"].interest_saved == rows["minimums_only"].total_interest - rows["avalanche"].total_interest
    assert rows["custom"].first_target == "Mobili"
    frame = comparison.to_frame()
    assert list(frame.index) == ["avalanche", "snowball", "custom", "minimums_only"]
    plan = comparison.plans["avalanche"]
    assert plan.debt_free_date == plan.month_date(plan.debt_free_month)
    assert plan.month_date(1) == date(2027, 1, 1) and plan.month_date(13) == date(2028, 1, 1)


def test_freed_minimum_rolls_over():
    # 0 % debts make the arithmetic visible: A closes in month 2 (100 + 100), then B takes the whole 150.
    debts = [debt("A", 200, 0, 50), debt("B", 600, 0, 50)]
    plan = payoff_plan(debts, money(150), strategy="snowball")
    payments = [(r.month, r.debt, r.payment) for r in plan.rows]
    assert payments[:4] == [(1, "A", money(100)), (1, "B", money(50)), (2, "A", money(100)), (2, "B", money(50))]
    assert [(r.month, r.payment) for r in plan.rows if r.debt == "B"][2:] == [
        (3, money(150)),
        (4, money(150)),
        (5, money(150)),
        (6, money(50)),
    ]
    assert plan.debt_free_month == 6


def test_balances_frame_for_the_chart():
    plan = payoff_plan(SIMONE_E_LAURA, money(1400))
    frame = plan.balances()
    assert list(frame.columns) == [d.name for d in SIMONE_E_LAURA]
    assert frame.iloc[0]["Auto"] == money("8005.01")
    assert len(frame) == plan.months + 1
    assert (frame.iloc[-1] == 0).all()
    assert len(plan.table()) == len(plan.rows)


def test_the_balance_grid_holds_each_debts_balance_after_each_months_payment():
    plan = payoff_plan(SIMONE_E_LAURA, money(1400))
    grid = plan.balance_grid()
    names = [d.name for d in SIMONE_E_LAURA]
    assert grid[0] == tuple(d.balance for d in SIMONE_E_LAURA) and len(grid) == plan.months + 1
    for row in plan.rows:  # the schedule's own rows, month by month
        assert grid[row.month][names.index(row.debt)] == row.balance
    assert all(value == 0 for value in grid[-1])


# --- Edge cases -------------------------------------------------------------------------------------------------


def test_zero_debts():
    plan = payoff_plan([], money(300))
    assert plan.debt_free_month == 0 and plan.rows == () and plan.total_interest == 0 and plan.feasible
    assert compare_strategies([], money(0)).rows[0].debt_free_month == 0


def test_zero_percent_debt():
    plan = payoff_plan([debt("Rate a tasso zero", 1000, 0, 100, kind="bnpl")], money(100))
    assert plan.debt_free_month == 10 and plan.total_interest == 0


def test_debt_already_paid():
    plan = payoff_plan([debt("Chiuso", 0, "0.1", 50), debt("Aperto", 100, 0, 50)], money(50))
    assert plan.outcome("Chiuso").paid_off_month == 0
    assert {r.debt for r in plan.rows} == {"Aperto"}


def test_budget_below_minimums_reports_shortfall():
    plan = payoff_plan(SIMONE_E_LAURA, money(600))
    assert not plan.feasible
    assert plan.shortfall[0] == (1, plan.first_minimums - money(600))
    assert plan.notes[1].code == "shortfall" and "mancano" in plan.notes[1].text_it
    # The minimums are still paid and the plan ends.
    assert plan.debt_free_month is None or plan.debt_free_month > 0
    assert_money_conserved(plan, money(600))


def test_card_whose_minimum_does_not_cover_interest_never_ends():
    card = debt("Carta", 5000, "0.20", "80", kind="revolving_card")  # interest 83.33 a month
    plan = payoff_plan([card], money(80))
    assert plan.outcome("Carta").never_ends_on_minimum
    assert plan.debt_free_month is None and plan.months == 600
    assert {"never_ends_on_minimum", "open_at_horizon"} <= {n.code for n in plan.notes}
    assert plan.rows[-1].balance > card.balance  # the balance grows
    assert payoff_plan([card], money(150)).debt_free_month is not None
    assert compare_strategies([card], money(150)).rows[0].interest_saved is None


def test_thirty_debts():
    debts = [debt(f"Debito {i}", 500 + 137 * i, f"0.{i % 25:02d}", 20 + i) for i in range(30)]
    plan = assert_matches_reference(debts, money(2500), "avalanche")
    assert plan.debt_free_month is not None
    assert_money_conserved(plan, money(2500))


def test_forty_year_horizon():
    mortgage = debt("Mutuo", "250000", "0.035", "969.75", kind="mortgage")  # about 40 years at 3.5 %
    plan = payoff_plan([mortgage], money("969.75"))
    assert 470 <= plan.debt_free_month <= 481
    assert payoff_plan([mortgage], money("969.75"), horizon=240).debt_free_month is None


def test_extra_payment_shortens_the_plan():
    base = payoff_plan(SIMONE_E_LAURA, money(1400))
    extra = payoff_plan(SIMONE_E_LAURA, money(1400), extra_payments={1: money(2000)})
    assert extra.total_interest < base.total_interest
    assert extra.debt_free_month <= base.debt_free_month


# --- Bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"monthly_budget": Decimal(-1)}, InvalidAmountError, "monthly_budget"),
        ({"monthly_budget": 100.0}, InvalidAmountError, "monthly_budget"),
        ({"monthly_budget": "tanti"}, InvalidAmountError, "monthly_budget"),
        ({"monthly_budget": Decimal("1.005")}, InvalidAmountError, "monthly_budget"),
        ({"strategy": "valanga"}, InvalidInputError, "strategy"),
        ({"order": ["Auto"]}, InvalidInputError, "order"),
        ({"strategy": "custom", "order": ["Nessuno"]}, InvalidInputError, "order"),
        ({"strategy": "custom", "order": ["Auto", "Auto"]}, InvalidInputError, "order"),
        ({"extra_payments": {0: Decimal(1)}}, InvalidTermError, "extra_payments"),
        ({"extra_payments": {1: Decimal(-1)}}, InvalidAmountError, "extra_payments"),
        ({"horizon": 0}, InvalidTermError, "horizon"),
        ({"horizon": 601}, InvalidTermError, "horizon"),
        ({"start": "2027-01-01"}, InvalidInputError, "start"),
    ],
)
def test_bad_plan_input(kwargs, error, field):
    arguments = {"monthly_budget": money(1400), **kwargs}
    with pytest.raises(error) as info:
        payoff_plan(SIMONE_E_LAURA, **arguments)
    assert info.value.field == field
    assert info.value.message_it


def test_bad_debts():
    with pytest.raises(InvalidInputError, match="unique"):
        payoff_plan([debt("A", 1, 0, 1), debt("A", 2, 0, 1)], money(10))
    with pytest.raises(InvalidInputError):
        payoff_plan(["non un debito"], money(10))
    with pytest.raises(InvalidAmountError) as info:
        debt("A", -1, 0, 1)
    assert info.value.field == "balance"
    with pytest.raises(InvalidRateError):
        debt("A", 1, "1.5", 1)
    with pytest.raises(InvalidInputError):
        debt("A", 1, 0, 1, kind="mutuo")
    with pytest.raises(InvalidRateError):
        PercentOfBalance(Decimal(0), Decimal(10))
    with pytest.raises(InvalidTermError):
        FixedPlan(Decimal(10), months=0)
    with pytest.raises(InvalidInputError):
        Debt(name="A", balance=Decimal(1), minimum=Decimal(10))
    with pytest.raises(InvalidInputError):
        debt("A", 1, 0, 1, priority=-1)


# --- Hypothesis: any portfolio agrees with the reference, money is conserved ------------------------------------

amounts = st.decimals(min_value=0, max_value=30_000, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=Decimal("0.3"), places=4, allow_nan=False, allow_infinity=False)
rules = st.one_of(
    st.builds(FixedInstalment, st.decimals(min_value=0, max_value=1500, places=2)),
    st.builds(
        PercentOfBalance,
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("0.1"), places=3),
        st.decimals(min_value=0, max_value=50, places=2),
    ),
    st.builds(
        FixedPlan,
        st.decimals(min_value=1, max_value=800, places=2),
        months=st.one_of(st.none(), st.integers(1, 120)),
    ),
)


@st.composite
def portfolios(draw):
    count = draw(st.integers(0, 8))
    return [
        Debt(
            name=f"D{i}",
            kind=draw(st.sampled_from(KINDS)),
            balance=draw(amounts),
            annual_rate=draw(rates),
            minimum=draw(rules),
            priority=draw(st.one_of(st.none(), st.integers(0, 5))),
        )
        for i in range(count)
    ]


@settings(max_examples=150, deadline=None)
@given(
    debts=portfolios(),
    budget=st.decimals(min_value=0, max_value=5000, places=2),
    strategy=st.sampled_from(["avalanche", "snowball", "custom", "minimums_only"]),
    extras=st.dictionaries(st.integers(1, 120), st.decimals(min_value=0, max_value=3000, places=2), max_size=3),
    data=st.data(),
)
def test_any_portfolio_matches_reference_and_conserves_money(debts, budget, strategy, extras, data):
    order = data.draw(st.permutations([d.name for d in debts])) if strategy == "custom" else None
    plan = assert_matches_reference(debts, budget, strategy, order=order, extras=extras, horizon=360)
    assert_money_conserved(plan, budget, extras)


def test_fixed_plans_and_the_month_flexible_debts_close():
    plan = payoff_plan(SIMONE_E_LAURA[:-1], money(1400))
    # The quinto keeps its 70 instalments; the debts that take extra money close long before.
    assert plan.debt_free_month == 70
    assert plan.flexible_free_month == max(o.paid_off_month for o in plan.outcomes if o.name != "Cessione del quinto")
    assert plan.flexible_free_month < 30
    rows = compare_strategies(SIMONE_E_LAURA[:-1], money(1400)).rows
    assert [r.label_it for r in rows][2] == "Nell'ordine dell'elenco"
    assert all(r.flexible_free_month <= r.debt_free_month for r in rows)


def test_a_debt_without_minimum_or_interest_is_explained():
    plan = payoff_plan([debt("Fratello", 1000, 0, 0, kind="family_loan")], money(0))
    note = next(n for n in plan.notes if n.code == "never_ends_on_minimum")
    assert "non ha una rata minima" in note.text_it and "interessi" not in note.text_it
