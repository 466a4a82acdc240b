"""Time of a life-event comparison, what the "Eventi di vita" app does on every edited field (core only).

Run with ``.venv/bin/python benchmarks/bench_events.py``. On one sample
household, three events together (a job loss with 24 months of NASpI, a
birth with leave, a live-in carer for a parent): apply them, summarise and
build the 12-month calendars before and after, estimate the benefits.
Prints medians.
"""

from __future__ import annotations

import statistics
import timeit
from datetime import date
from decimal import Decimal

from oltre_finance.io.samples import load_sample
from oltre_finance.scenarios import birth, compare, job_loss, parent_care


def main() -> None:
    household = load_sample("prestiti_revolving")
    events = [
        job_loss(member="Simone", salary_labels=["Stipendio di Simone (prima della cessione del quinto)",
                 "Tredicesima di Simone"], taxable_pay_4y=Decimal("85000"), contribution_weeks_4y=208,
                 on=date(2027, 1, 1)),
        birth(on=date(2027, 3, 1), ages_on=date(2026, 11, 24), parent="Laura",
              leave_salary="Stipendio part-time di Laura", parental_months=4, isee=Decimal("15000")),
        parent_care(on=date(2027, 2, 1), parent="Nonna Lia", age=84, pension=Decimal("900"),
                    with_companion_allowance=True),
    ]  # fmt: skip
    for count in (1, 3):
        chosen = events[:count]
        runs = timeit.repeat(
            lambda c=chosen: compare(household, {"dopo": c}, start_year=2026, start_month=12, isee=Decimal("15000")),
            number=20,
            repeat=7,
        )
        print(f"compare with {count} event(s): {statistics.median(runs) / 20 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
