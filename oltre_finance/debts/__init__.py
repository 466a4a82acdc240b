"""Several debts at once: payoff strategies, consolidation, over-indebtedness orientation.

The pieces live in small modules; this package gathers their public names.
"""

from oltre_finance.debts.consolidation import CONSOLIDATION_NAME, ConsolidationOffer, consolidation_offer
from oltre_finance.debts.model import (
    ARREARS_KINDS,
    Debt,
    DebtKind,
    FixedInstalment,
    FixedPlan,
    MinimumRule,
    PercentOfBalance,
    debts_from_household,
)
from oltre_finance.debts.orientation import (
    Orientation,
    Resource,
    Signal,
    household_orientation,
    overindebtedness_orientation,
)
from oltre_finance.debts.payoff import (
    STRATEGIES,
    STRATEGY_LABELS,
    ComparisonRow,
    DebtOutcome,
    Note,
    PayoffPlan,
    PayoffRow,
    Strategy,
    StrategyComparison,
    compare_strategies,
    minimum_payments,
    payoff_plan,
)

__all__ = [
    "ARREARS_KINDS",
    "CONSOLIDATION_NAME",
    "STRATEGIES",
    "STRATEGY_LABELS",
    "ComparisonRow",
    "ConsolidationOffer",
    "Debt",
    "DebtKind",
    "DebtOutcome",
    "FixedInstalment",
    "FixedPlan",
    "MinimumRule",
    "Note",
    "Orientation",
    "PayoffPlan",
    "PayoffRow",
    "PercentOfBalance",
    "Resource",
    "Signal",
    "Strategy",
    "StrategyComparison",
    "compare_strategies",
    "consolidation_offer",
    "debts_from_household",
    "household_orientation",
    "minimum_payments",
    "overindebtedness_orientation",
    "payoff_plan",
]
