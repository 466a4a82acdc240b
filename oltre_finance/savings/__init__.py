"""Saving with a plan: goals, projections with Italian taxes, uncertainty.

The pieces live in small modules; this package gathers their public names.
"""

from oltre_finance.savings.emergency import DEFAULT_MONTHS, EmergencyFund, emergency_fund
from oltre_finance.savings.goals import (
    GoalAnswer,
    future_value,
    monthly_rate,
    months_to_goal,
    required_contribution,
)
from oltre_finance.savings.habits import DAYS_PER_MONTH, DailyExpense, Waiting, cost_of_waiting, small_daily_expense
from oltre_finance.savings.instruments import Instrument, StampDuty, TaxRules, instrument, instrument_ids, tax_rules
from oltre_finance.savings.plan import (
    GoalOutcome,
    GoalsPlan,
    SavingsGoal,
    fund_goals,
    goals_from_household,
    months_between,
)
from oltre_finance.savings.projection import Projection, ProjectionRow, project
from oltre_finance.savings.simulation import PERCENTILES, Simulation, simulate

__all__ = [
    "DAYS_PER_MONTH",
    "DEFAULT_MONTHS",
    "PERCENTILES",
    "DailyExpense",
    "EmergencyFund",
    "GoalAnswer",
    "GoalOutcome",
    "GoalsPlan",
    "Instrument",
    "Projection",
    "ProjectionRow",
    "SavingsGoal",
    "Simulation",
    "StampDuty",
    "TaxRules",
    "Waiting",
    "cost_of_waiting",
    "emergency_fund",
    "fund_goals",
    "future_value",
    "goals_from_household",
    "instrument",
    "instrument_ids",
    "monthly_rate",
    "months_between",
    "months_to_goal",
    "project",
    "required_contribution",
    "simulate",
    "small_daily_expense",
    "tax_rules",
]
