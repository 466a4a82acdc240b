"""Time and peak memory of ``simulate``: 10,000 paths over 480 months (aim: under 0.3 s and 300 MB).

Run with ``.venv/bin/python benchmarks/bench_savings.py``. The plan is 5,000 €
plus 200 € a month in the global-equity ETF of the data file (volatility
17 %, taxes, stamp duty and costs included). Prints the median of 7 runs and
the peak memory NumPy allocates (tracemalloc sees NumPy's buffers).
"""

from __future__ import annotations

import statistics
import timeit
import tracemalloc
from datetime import date
from decimal import Decimal

from oltre_finance.savings import instrument, project, simulate

ON = date(2026, 11, 24)


def main() -> None:
    etf = instrument("etf_pac", on_date=ON)

    def run() -> None:
        simulate(Decimal(5000), Decimal(200), 480, instrument=etf, on_date=ON, seed=1, goal=Decimal(150000))

    run()  # warm up
    runs = timeit.repeat(run, number=1, repeat=7)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"simulate, 10,000 paths x 480 months: {statistics.median(runs) * 1000:.0f} ms (aim < 300 ms)")
    print(f"peak memory: {peak / 2**20:.0f} MiB (aim < 300 MB)")
    steps = timeit.repeat(
        lambda: project(Decimal(5000), Decimal(200), 480, instrument=etf, on_date=ON), number=1, repeat=7
    )
    print(f"project (Decimal, 480 months): {statistics.median(steps) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
