"""Time ``compare_strategies`` on 10 debts over 30 years (aim: under 50 ms).

Run with ``.venv/bin/python benchmarks/bench_debts.py``. The portfolio is a
household's worst case: a 30-year mortgage among nine other debts (cards
with percentage minimums, loans, arrears, a fixed plan), with a budget a
little above the minimums, so every strategy runs for the whole 360 months.
Four plans are computed per call (avalanche, snowball, custom, minimums
only). Prints the median of 7 runs.
"""

from __future__ import annotations

import statistics
import timeit
from decimal import Decimal

from oltre_finance.debts import (
    Debt,
    FixedInstalment,
    FixedPlan,
    PercentOfBalance,
    compare_strategies,
    minimum_payments,
    payoff_plan,
)


def portfolio() -> list[Debt]:
    """Ten debts, the longest a 30-year mortgage."""
    fixed = FixedInstalment
    return [
        Debt(
            name="Mutuo",
            kind="mortgage",
            balance=Decimal("180000"),
            annual_rate=Decimal("0.034"),
            minimum=fixed(Decimal("798.28")),
        ),
        Debt(
            name="Quinto",
            kind="cessione_quinto",
            balance=Decimal("18397.63"),
            annual_rate=Decimal("0.069"),
            minimum=FixedPlan(Decimal("320"), months=70),
        ),
        Debt(name="Auto", balance=Decimal("8005.01"), annual_rate=Decimal("0.089"), minimum=fixed(Decimal("290"))),
        Debt(name="Mobili", balance=Decimal("3663.96"), annual_rate=Decimal("0.112"), minimum=fixed(Decimal("185"))),
        Debt(
            name="Carta 1",
            kind="revolving_card",
            balance=Decimal("3850"),
            annual_rate=Decimal("0.179"),
            minimum=PercentOfBalance(Decimal("0.03"), Decimal("30")),
        ),
        Debt(
            name="Carta 2",
            kind="revolving_card",
            balance=Decimal("2100"),
            annual_rate=Decimal("0.165"),
            minimum=PercentOfBalance(Decimal("0.025"), Decimal("25")),
        ),
        Debt(name="BNPL", kind="bnpl", balance=Decimal("440"), minimum=fixed(Decimal("110"))),
        Debt(name="Gas", kind="bill_arrears", balance=Decimal("640"), minimum=fixed(Decimal("80"))),
        Debt(name="Affitto", kind="rent_arrears", balance=Decimal("1800"), minimum=fixed(Decimal("150"))),
        Debt(name="Fratello", kind="family_loan", balance=Decimal("2500"), minimum=fixed(Decimal("50"))),
    ]


def measure(title: str, debts: list[Debt]) -> None:
    budget = minimum_payments(debts) + 50
    result = compare_strategies(debts, budget, order=["Fratello"])
    months = {row.strategy: row.debt_free_month for row in result.rows}
    compare = timeit.repeat(lambda: compare_strategies(debts, budget, order=["Fratello"]), number=5, repeat=7)
    single = timeit.repeat(lambda: payoff_plan(debts, budget), number=5, repeat=7)
    print(title)
    print(f"  budget {budget} €/month; debt-free month by strategy: {months}")
    print(f"  compare_strategies (4 plans): {statistics.median(compare) / 5 * 1000:6.1f} ms (aim < 50 ms)")
    print(f"  payoff_plan (1 plan):         {statistics.median(single) / 5 * 1000:6.1f} ms")


def main() -> None:
    debts = portfolio()
    measure("10 debts, the mortgage may be repaid early:", debts)
    # Worst case: the mortgage keeps its 360 instalments, so every plan runs 30 years.
    mortgage = debts[0]
    fixed = Debt(
        name=mortgage.name,
        kind="mortgage",
        balance=mortgage.balance,
        annual_rate=mortgage.annual_rate,
        minimum=FixedPlan(Decimal("798.28"), months=360),
    )
    measure("10 debts, the mortgage keeps its 30-year plan (every plan runs 360 months):", [fixed, *debts[1:]])


if __name__ == "__main__":
    main()
