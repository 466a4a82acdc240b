"""Time to produce a household's personalised plan (PDF, HTML, xlsx) with 24 months of history.

Run with ``.venv/bin/python benchmarks/bench_report.py``. For every sample household a case with 24 monthly
meetings (debts a little lower each month) is kept in a SQLite store; then the plan of the last meeting is
read from the store and built (``plan_document``: the budget, payoff and savings views and the comparison with
the previous meeting), typeset as PDF with Typst, rendered as HTML and as a workbook. The baseline, measured
in the same run, is the budget view of the same household alone (what the budget app computes). Aim: the PDF
under 1 s. Prints medians and the ratio to the baseline.
"""

from __future__ import annotations

import statistics
import tempfile
import timeit
from datetime import date
from decimal import Decimal
from pathlib import Path

from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.months import first_of_month
from oltre_finance.report import plan_document
from oltre_finance.report.html import plan_html
from oltre_finance.report.pdf import plan_pdf
from oltre_finance.report.xlsx import plan_xlsx
from oltre_finance.store import open_store
from oltre_finance.views.budget import budget_view

START = date(2025, 1, 1)
MEETINGS = 24


def median_ms(action, number: int = 3) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(timeit.repeat(action, number=number, repeat=3)) / number * 1000


def measure(key: str, folder: Path) -> str:
    household = load_sample(key)
    with open_store(folder / f"{key}.sqlite3") as store:
        code = store.new_case(opened_on=START)
        data = household.model_dump(mode="json")
        for month in range(MEETINGS):
            for debt in data["debts"]:
                debt["balance"] = str((Decimal(debt["balance"]) * Decimal("0.98")).quantize(Decimal("0.01")))
            store.add_meeting(code, on=first_of_month(START, plus=month), consultant="Anna",
                              household=household_from_dict(data))  # fmt: skip
        last = first_of_month(START, plus=MEETINGS - 1)

        def read() -> None:
            store.case(code)

        def document() -> None:
            plan_document(store.case(code), MEETINGS, today=last)

        built = plan_document(store.case(code), MEETINGS, today=last)
        snapshot = store.case(code).meeting(MEETINGS).household
        base = median_ms(lambda: budget_view(snapshot, today=last))
        timings = {
            "lettura": median_ms(read),
            "documento": median_ms(document),
            "PDF": median_ms(lambda: plan_pdf(built)),
            "HTML": median_ms(lambda: plan_html(built)),
            "xlsx": median_ms(lambda: plan_xlsx(built, snapshot)),
        }
    whole = timings["documento"] + timings["PDF"]
    parts = ", ".join(f"{name} {ms:6.1f} ms" for name, ms in timings.items())
    return f"{key:24s} budget view {base:6.1f} ms | {parts} | documento+PDF {whole:6.1f} ms = {whole / base:4.1f}×"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as name:
        for key in sorted(sample_names()):
            print(measure(key, Path(name)))
