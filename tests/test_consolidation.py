"""A consolidation loan against the current plan: the loan's own arithmetic, costs, break-even, bad input."""

from datetime import date

import pytest
from test_debts import SIMONE_E_LAURA, money

from oltre_finance.debts import CONSOLIDATION_NAME, Debt, PercentOfBalance, consolidation_offer, payoff_plan
from oltre_finance.errors import InvalidAmountError, InvalidInputError
from oltre_finance.loans import Loan, loan_taeg, schedule

LOAN = Loan(money(15800), money("0.079"), 60, upfront_fees=money(250), instalment_fee=money(2))
CHOSEN = ["Auto", "Mobili", "Carta revolving"]


@pytest.fixture(scope="module")
def offer():
    return consolidation_offer(
        SIMONE_E_LAURA, LOAN, monthly_budget=money(1400), consolidate=CHOSEN, on_date=date(2026, 11, 24)
    )


def test_the_new_loan_follows_its_own_schedule(offer):
    # In the plan with consolidation the loan's rows are exactly its amortisation schedule.
    rows = [r for r in offer.with_consolidation.rows if r.debt == CONSOLIDATION_NAME]
    expected = schedule(LOAN).rows
    assert [(r.interest, r.principal, r.balance) for r in rows] == [
        (e.interest, e.principal, e.balance) for e in expected
    ]
    assert offer.instalment == expected[0].payment  # instalment plus the 2 € fee
    assert offer.months == 60
    cost = loan_taeg(LOAN)
    assert (offer.taeg, offer.total_interest) == (cost.taeg, cost.total_interest)
    assert offer.fees == money(250) + 60 * money(2)


def test_costs_and_what_is_kept(offer):
    assert offer.consolidated == ("Auto", "Mobili", "Carta revolving")
    assert offer.kept == ("Cessione del quinto", "BNPL", "Gas arretrato", "Fratello")
    assert offer.cash_out == money(15800) - money(250) - money("8005.01") - money("3663.96") - money(3850)
    assert offer.cost_current == payoff_plan(SIMONE_E_LAURA, money(1400)).total_interest
    assert offer.cost_with == offer.with_consolidation.total_interest + offer.fees
    # Five years at 7.9 % against paying the debts down fast: consolidating costs more.
    assert offer.pays_more and offer.break_even_month is None
    codes = [n.code for n in offer.notes]
    assert codes[:3] == ["pays_more", "lower_instalment", "cash_out"]
    assert offer.usury is not None and not offer.usury.is_usurious


def test_a_cheaper_loan_breaks_even_after_its_fees():
    card = Debt(
        name="Carta",
        kind="revolving_card",
        balance=money(3000),
        annual_rate=money("0.19"),
        minimum=PercentOfBalance(money("0.03"), money(25)),
    )
    offer = consolidation_offer([card], Loan(money(3150), money("0.06"), 36, upfront_fees=money(150)))
    assert not offer.pays_more and offer.extra_cost < 0
    # Independent check of the break-even month: cumulative interest (plus fees) month by month.
    current, with_plan = offer.current.table(), offer.with_consolidation.table()
    now = current.groupby("month")["interest"].sum().cumsum()
    then = with_plan.groupby("month")["interest"].sum().cumsum()
    months = range(1, max(len(now), len(then)) + 1)
    cost_now = [now.get(m, now.iloc[-1]) for m in months]
    cost_then = [then.get(m, then.iloc[-1]) + 150 for m in months]
    first = next(m for m in months if all(cost_then[k - 1] <= cost_now[k - 1] for k in range(m, len(months) + 1)))
    assert offer.break_even_month == first == 5
    # The default budget is what the household pays today; the new instalment is higher, so it falls short.
    assert offer.instalment > offer.replaced_minimums
    assert "shortfall" in [n.code for n in offer.notes]


def test_bad_consolidation_input():
    with pytest.raises(InvalidAmountError) as info:
        consolidation_offer(SIMONE_E_LAURA, Loan(money(5000), money("0.07"), 60), consolidate=CHOSEN)
    assert info.value.field == "principal"
    with pytest.raises(InvalidInputError) as info:
        consolidation_offer(SIMONE_E_LAURA, LOAN, consolidate=["Nessuno"])
    assert info.value.field == "consolidate"
    with pytest.raises(InvalidInputError):
        consolidation_offer(SIMONE_E_LAURA, LOAN, consolidate=[])
    with pytest.raises(InvalidInputError):
        consolidation_offer(SIMONE_E_LAURA, Loan(money(15800), money("0.079"), 60, method="italian"))
    with pytest.raises(InvalidInputError):
        consolidation_offer(SIMONE_E_LAURA, "un prestito")


def test_usurious_offer_is_flagged():
    offer = consolidation_offer(SIMONE_E_LAURA, Loan(money(18500), money("0.35"), 60), on_date=date(2026, 11, 24))
    assert offer.usury.is_usurious
    assert "usurious" in [n.code for n in offer.notes]
    # By default every debt but the quinto is consolidated.
    assert "Cessione del quinto" in offer.kept and len(offer.consolidated) == 6
