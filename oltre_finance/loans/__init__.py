"""One loan: schedules (French, Italian), cost and TAEG, early repayment, affordability.

The pieces live in small modules; this package gathers their public names.
"""

from oltre_finance.loans.amortization import (
    CreditCost,
    Loan,
    Method,
    Schedule,
    ScheduleRow,
    amortize,
    annuity_payment,
    loan_taeg,
    schedule,
)
from oltre_finance.loans.early_repayment import Contract, EarlyRepayment, Option, early_repayment

__all__ = [
    "Contract",
    "CreditCost",
    "EarlyRepayment",
    "Loan",
    "Method",
    "Option",
    "Schedule",
    "ScheduleRow",
    "amortize",
    "annuity_payment",
    "early_repayment",
    "loan_taeg",
    "schedule",
]
