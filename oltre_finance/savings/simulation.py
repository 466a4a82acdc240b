"""Many possible futures of a savings plan: percentile bands and the chance of reaching a goal.

Monthly returns are drawn lognormal: ``ln(1 + r) ~ N(μ, σ²)`` with
``σ = volatility / √12`` and ``μ = ln(1 + R / 12) - σ² / 2``, so that the
*expected* return of a month is ``R / 12``, the return of the deterministic
projection. Each path then follows the same
monthly steps as :func:`oltre_finance.savings.projection.project` (costs,
yearly or final tax, stamp duty), in float64 across all paths at once;
results are rounded to the cent when they are reported. With volatility 0
every path is the deterministic projection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import numpy as np

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.money import cents
from oltre_finance.savings.instruments import Instrument, tax_rules
from oltre_finance.savings.projection import MIN_INFLATION

__all__ = ["PERCENTILES", "Simulation", "simulate"]

PERCENTILES = (5, 10, 25, 50, 75, 95)
#: The most futures simulated at once (each is a row of float64 per month).
MAX_PATHS = 100_000


def _percentiles(history: np.ndarray) -> np.ndarray:
    """``np.percentile(history, PERCENTILES, axis=1)`` (linear method), by partial sorting: twice as fast."""
    count = history.shape[1]
    positions = [p / 100 * (count - 1) for p in PERCENTILES]
    below = [int(np.floor(x)) for x in positions]
    above = [min(k + 1, count - 1) for k in below]
    ordered = np.partition(history, sorted(set(below + above)), axis=1)
    rows = [
        ordered[:, lo] + (ordered[:, hi] - ordered[:, lo]) * (x - lo)
        for x, lo, hi in zip(positions, below, above, strict=True)
    ]
    return np.vstack(rows)


def _chosen_instrument(instrument: Instrument | None, mean: Decimal | None, volatility: Decimal | None) -> Instrument:
    if instrument is None:
        if mean is None or volatility is None:
            raise InvalidInputError(
                "pass an instrument, or mean_return and volatility",
                field="mean_return",
                message_it="Servono rendimento medio e volatilità.",
            )
        return Instrument(
            id="lordo", label_it="Investimento (lordo)", gross_return=mean, volatility=volatility,
            tax_rate=Decimal(0), tax_timing="yearly", stamp_duty="none", compounding="monthly",
        )  # fmt: skip
    if mean is not None:
        instrument = replace(instrument, gross_return=mean)
    if volatility is not None:
        instrument = replace(instrument, volatility=volatility)
    return instrument


def _money(value: float) -> Decimal:
    return cents(Decimal(repr(float(value))))


@dataclass(frozen=True, kw_only=True)
class Simulation:
    """Percentile bands of the balance month by month (row ``m`` is the end of month ``m``; row 0 the start)."""

    n_paths: int
    months: int
    #: Shape (len(PERCENTILES), months + 1), euro, nominal; read-only.
    bands: np.ndarray = field(repr=False)
    #: The same in today's money (divided by inflation); read-only.
    real_bands: np.ndarray = field(repr=False)
    #: Final balance at each percentile, to the cent.
    final: Mapping[int, Decimal]
    final_real: Mapping[int, Decimal]
    #: Mean of the final balances (the expectation, to compare with the projection).
    mean_final: Decimal
    #: Share of paths that end at or above the goal (None without a goal).
    probability_of_goal: float | None
    goal: Decimal | None


def simulate(
    initial: Decimal,
    monthly: Decimal,
    months: int,
    *,
    mean_return: Decimal | None = None,
    volatility: Decimal | None = None,
    inflation: Decimal = Decimal(0),
    n_paths: int = 10_000,
    seed: int | None = None,
    goal: Decimal | None = None,
    instrument: Instrument | None = None,
    on_date: date | None = None,
) -> Simulation:
    """Simulate ``n_paths`` futures of the plan; reproducible with ``seed``.

    With an ``instrument`` (and the ``on_date`` whose stamp duty applies),
    taxes, stamp duty and costs are those of
    :func:`~oltre_finance.savings.projection.project`, and ``mean_return`` /
    ``volatility`` override the instrument's. Without one, the plan is gross:
    no taxes, duty or costs, growing every month.

    Examples
    --------
    >>> from oltre_finance.savings.instruments import instrument
    >>> etf = instrument("etf_pac", on_date=date(2026, 11, 24))
    >>> run = simulate(Decimal("0"), Decimal("200"), 120, instrument=etf, on_date=date(2026, 11, 24),
    ...                seed=1, goal=Decimal("30000"))
    >>> run.final[5] < run.final[50] < run.final[95], 0 < run.probability_of_goal < 1
    (True, True)
    """
    instrument = _chosen_instrument(instrument, mean_return, volatility)
    if on_date is None and instrument.stamp_duty != "none":
        raise InvalidInputError(
            "on_date is needed for the stamp duty", field="on_date", message_it="Serve la data delle regole."
        )
    start = float(validate.amount(initial, field="initial", label_it="La somma iniziale"))
    payment = float(validate.amount(monthly, field="monthly", label_it="Il versamento mensile"))
    n = validate.months(months, field="months")
    prices = float(validate.rate(inflation, field="inflation", label_it="L'inflazione", minimum=MIN_INFLATION))
    validate.count(n_paths, field="n_paths", label_it="Il numero di simulazioni", minimum=1, maximum=MAX_PATHS)
    target = None if goal is None else validate.amount(goal, field="goal", label_it="L'obiettivo", positive=True)
    mean = float(instrument.gross_return)  # at least MIN_ANNUAL_RETURN: the Instrument checked it
    sigma = float(instrument.volatility) / np.sqrt(12.0)
    mu = np.log1p(mean / 12.0) - sigma**2 / 2.0
    cost_rate = float(instrument.annual_costs) / 12.0
    monthly_credit = instrument.compounding == "monthly"
    accrued = np.zeros(n_paths)
    duty = tax_rules(on_date).stamp_duty if on_date is not None else None
    duty_rate = float(duty.financial_products_rate) if duty is not None else 0.0
    tax_rate = float(instrument.tax_rate)

    rng = np.random.default_rng(seed)
    balance = np.full(n_paths, start)
    history = np.empty((n + 1, n_paths))
    history[0] = balance
    invested = start
    year_start = balance.copy()
    year_contributions = 0.0
    period_sum = np.zeros(n_paths)
    period_months = 0
    duty_paid = np.zeros(n_paths)
    for month in range(1, n + 1):
        returns = np.expm1(mu + sigma * rng.standard_normal(n_paths)) if sigma > 0 else mean / 12.0
        accrued = accrued + balance * returns
        cost = balance * cost_rate
        if monthly_credit or month % 12 == 0 or month == n:
            balance = balance + accrued
            accrued = np.zeros(n_paths)
        balance = balance - cost + payment
        invested += payment
        year_contributions += payment
        period_sum += balance
        period_months += 1
        if month % 12 == 0 or month == n:
            if instrument.tax_timing == "yearly":
                income = balance - year_start - year_contributions
                balance = balance - tax_rate * np.maximum(income, 0.0)
            fraction = period_months / 12.0
            if duty is None:
                charge = np.zeros(n_paths)
            elif instrument.stamp_duty in ("financial_products", "postal_bonds"):
                # The same conventions as projection._duty_base: capital, nominal value, or market value.
                if instrument.stamp_duty_base == "capital":
                    base = year_start + year_contributions
                elif instrument.stamp_duty_base == "nominal":
                    base = np.full(n_paths, invested)
                else:
                    base = balance
                charge = duty_rate * np.maximum(base, 0.0) * fraction
                if instrument.stamp_duty == "postal_bonds":
                    charge = np.where(balance > float(duty.postal_bonds_exempt_up_to), charge, 0.0)
            elif instrument.stamp_duty == "current_account":
                average = period_sum / period_months
                charge = np.where(
                    average > float(duty.current_account_threshold), float(duty.current_account_fixed) * fraction, 0.0
                )
            else:
                charge = np.zeros(n_paths)
            balance = balance - charge
            duty_paid += charge
            year_start = balance.copy()
            year_contributions = 0.0
            period_sum = np.zeros(n_paths)
            period_months = 0
        if month == n and instrument.tax_timing == "at_end":
            gain = balance + duty_paid - invested
            balance = balance - tax_rate * np.maximum(gain, 0.0)
        history[month] = balance

    bands = _percentiles(history)
    deflator = (1.0 + prices) ** (np.arange(n + 1) / 12.0)
    real_bands = bands / deflator
    bands.setflags(write=False)
    real_bands.setflags(write=False)
    final = MappingProxyType({p: _money(bands[k, -1]) for k, p in enumerate(PERCENTILES)})
    final_real = MappingProxyType({p: _money(real_bands[k, -1]) for k, p in enumerate(PERCENTILES)})
    final_values = history[-1]
    probability = None if target is None else float(np.mean(final_values >= float(target)))
    return Simulation(
        n_paths=n_paths,
        months=n,
        bands=bands,
        real_bands=real_bands,
        final=final,
        final_real=final_real,
        mean_final=_money(float(np.mean(final_values))),
        probability_of_goal=probability,
        goal=target,
    )
