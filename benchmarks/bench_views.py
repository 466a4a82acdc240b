"""Time from a keystroke in the household editor to the budget's answer, against the core alone.

Run with ``.venv/bin/python benchmarks/bench_views.py``. For every sample household, one edit as the
budget app makes it: the editor's rows are read into a household (``parse_form``), then the view is
computed (``budget_view``: summary, indicators, calendar, sentences) and its two charts drawn for a
wide and for a phone screen. The baseline, measured in the same run, is the core alone
(``household_from_dict`` + ``summarize`` + ``cashflow_calendar``). Prints medians and the ratio.
"""

from __future__ import annotations

import statistics
import timeit
from datetime import date

from oltre_finance.budget import cashflow_calendar, summarize
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.views.budget import budget_view
from oltre_finance.views.charts import calendar_chart, category_chart
from oltre_finance.views.household_form import form_rows, parse_form

TODAY = date(2026, 12, 1)


def median_ms(action, number: int = 20) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(timeit.repeat(action, number=number, repeat=5)) / number * 1000


def measure(key: str) -> str:
    household = load_sample(key)
    data = household.model_dump(mode="json")
    rows = form_rows(household)
    shown = budget_view(household, today=TODAY)
    months = [(m.year, m.month, m.income, m.outgoings, m.cash) for m in shown.months]

    def core() -> None:
        edited = household_from_dict(data)
        summarize(edited)
        cashflow_calendar(edited, start_year=TODAY.year, start_month=TODAY.month)

    def view() -> None:
        budget_view(parse_form(household.name, rows), today=TODAY)  # type: ignore[arg-type]

    def charts(narrow: bool) -> None:
        category_chart(list(shown.categories), narrow=narrow)
        calendar_chart(months, narrow=narrow)

    base, cost = median_ms(core), median_ms(view)
    wide, phone = median_ms(lambda: charts(False), 3), median_ms(lambda: charts(True), 3)
    return f"{key:<24}{base:>7.2f}ms{cost:>9.2f}ms{cost / base:>6.1f}x{wide:>7.1f}ms{phone:>7.1f}ms"


def main() -> None:
    print(f"{'sample household':<24}{'core':>9}{'form+view':>11}{'ratio':>7}{'charts':>9}{'phone':>9}")
    for key in sample_names():
        print(measure(key))


if __name__ == "__main__":
    main()
