"""Time the loan engine beside numpy_financial doing the same work.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_loans.py``).
Prints the median of several runs; tests never assert times.
"""

from __future__ import annotations

import statistics
import timeit
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy_financial as npf

from oltre_finance.loans import Loan, loan_taeg, schedule
from oltre_finance.rates import taeg

PRINCIPAL, TAN, MONTHS = 200_000, "0.035", 360


def median_ms(function, number: int, repeat: int = 7) -> float:
    runs = timeit.repeat(function, number=number, repeat=repeat)
    return statistics.median(runs) / number * 1000


def main() -> None:
    loan = Loan(Decimal(PRINCIPAL), Decimal(TAN), MONTHS, upfront_fees=Decimal(1500), instalment_fee=Decimal(2))
    plan = schedule(loan)
    rate = float(TAN) / 12
    periods = np.arange(1, MONTHS + 1)

    def numpy_schedule() -> None:
        npf.ipmt(rate, periods, MONTHS, -PRINCIPAL)
        npf.ppmt(rate, periods, MONTHS, -PRINCIPAL)

    drawdowns = [(0, loan.principal - loan.upfront_fees)]
    repayments = [(Fraction(row.number, 12), row.payment) for row in plan.rows]
    flows = [-float(loan.principal - loan.upfront_fees)] + [float(row.payment) for row in plan.rows]

    ours_schedule = median_ms(lambda: schedule(loan), number=200)
    theirs_schedule = median_ms(numpy_schedule, number=200)
    ours_taeg = median_ms(lambda: taeg(drawdowns, repayments), number=200)
    theirs_irr = median_ms(lambda: npf.irr(flows), number=5)
    ours_full = median_ms(lambda: loan_taeg(loan), number=100)

    ours_rate = float(taeg(drawdowns, repayments))
    theirs_rate = (1 + npf.irr(flows)) ** 12 - 1
    print(f"Loan: {PRINCIPAL} € at TAN {float(TAN):.2%} over {MONTHS} months, fees 1500 € + 2 € a month")
    print(f"{'work':<48}{'oltre_finance':>16}{'numpy_financial':>18}{'ratio':>9}")
    print(
        f"{'360-month schedule (Decimal, cents exact)':<48}{ours_schedule:>13.3f} ms{theirs_schedule:>15.3f} ms"
        f"{theirs_schedule / ours_schedule:>8.1f}x"
    )
    print(
        f"{'TAEG on 361 flows (taeg vs irr)':<48}{ours_taeg:>13.3f} ms{theirs_irr:>15.3f} ms"
        f"{theirs_irr / ours_taeg:>8.1f}x"
    )
    print(f"{'loan_taeg: schedule + TAEG + totals':<48}{ours_full:>13.3f} ms")
    print(f"TAEG found: {ours_rate:.6%} (numpy_financial.irr annualised: {theirs_rate:.6%})")


if __name__ == "__main__":
    main()
