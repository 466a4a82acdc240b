"""Life events as transformations of a household, and their comparison.

The pieces live in small modules; this package gathers their public names.
"""

from oltre_finance.scenarios.benefits import Benefit, benefits
from oltre_finance.scenarios.birth import birth, first_year_costs
from oltre_finance.scenarios.care import parent_care
from oltre_finance.scenarios.compare import Comparison, ScenarioResult, baseline, compare
from oltre_finance.scenarios.event import Event, apply_events
from oltre_finance.scenarios.housing import mortgage_reset, move_home, new_loan, rent_change
from oltre_finance.scenarios.job_loss import job_loss
from oltre_finance.scenarios.separation import Separation, separate, separation

__all__ = [
    "Benefit",
    "Comparison",
    "Event",
    "ScenarioResult",
    "Separation",
    "apply_events",
    "baseline",
    "benefits",
    "birth",
    "compare",
    "first_year_costs",
    "job_loss",
    "mortgage_reset",
    "move_home",
    "new_loan",
    "parent_care",
    "rent_change",
    "separate",
    "separation",
]
