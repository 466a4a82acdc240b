"""Time from an edited amount to the recomputed summary and calendar (core only).

Run with ``.venv/bin/python benchmarks/bench_budget.py``. For every sample
household: change one expense's amount (a new immutable household, as the
app does), then summarise and build the 12-month calendar. Prints medians.
"""

from __future__ import annotations

import statistics
import timeit

from oltre_finance.budget import cashflow_calendar, summarize
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names


def edit_and_recompute(data: dict, step: int) -> None:  # type: ignore[type-arg]
    """What the app does on an edited amount: a new household, its summary and calendar."""
    data["expenses"][0]["amount"] = str(100 + step % 500)
    edited = household_from_dict(data)
    summarize(edited)
    cashflow_calendar(edited, start_year=2026, start_month=12)


def main() -> None:
    print(f"{'sample household':<28}{'items':>7}{'edit → summary + calendar':>30}")
    for key in sample_names():
        household = load_sample(key)
        data = household.model_dump(mode="json")
        steps = iter(range(10**9))
        runs = timeit.repeat(lambda d=data, s=steps: edit_and_recompute(d, next(s)), number=50, repeat=7)
        items = len(household.incomes) + len(household.expenses)
        print(f"{key:<28}{items:>7}{statistics.median(runs) / 50 * 1000:>27.2f} ms")


if __name__ == "__main__":
    main()
