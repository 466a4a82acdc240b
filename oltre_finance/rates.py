"""Interest rates: TAN, periodic and effective rates, and the TAEG solver.

Rates are fractions (``Decimal("0.035")`` is 3.5 %). The TAN (*tasso annuo
nominale*) is a nominal annual rate: the periodic rate is TAN divided by the
number of periods a year. The TAEG (*tasso annuo effettivo globale*, the APR
of Directive 2008/48/EC) is an effective annual rate that includes the costs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np

from oltre_finance.errors import InvalidInputError, InvalidTermError, NoSolutionError
from oltre_finance.money import round_fraction
from oltre_finance.validate import MAX_RATE, amount, rate

__all__ = [
    "ALLOWED_PERIODS_PER_YEAR",
    "effective_annual_rate",
    "nominal_annual_rate",
    "periodic_rate",
    "taeg",
    "year_fraction",
]

#: Periodicities of an instalment plan: yearly, half-yearly, four-monthly,
#: quarterly, bimonthly, monthly.
ALLOWED_PERIODS_PER_YEAR = (1, 2, 3, 4, 6, 12)

_TAEG_PLACES = 6  # 0.0001 percentage points
_MAX_YEARS = 100  # no household credit runs longer; keeps (1 + X)^-t within floating point


def _check_periods_per_year(periods_per_year: int) -> None:
    if isinstance(periods_per_year, bool) or periods_per_year not in ALLOWED_PERIODS_PER_YEAR:
        raise InvalidTermError(
            f"periods_per_year must be one of {ALLOWED_PERIODS_PER_YEAR}",
            field="periods_per_year",
            message_it="La periodicità deve essere annuale, semestrale, quadrimestrale, "
            "trimestrale, bimestrale o mensile.",
        )


def periodic_rate(annual_rate: Decimal, *, periods_per_year: int = 12) -> Decimal:
    """The rate of one period from a nominal annual rate (TAN).

    Notes
    -----
    ``j = TAN / m`` with ``m`` periods a year (the Italian and EU convention
    for the TAN of an instalment loan).

    Examples
    --------
    >>> periodic_rate(Decimal("0.03"))
    Decimal('0.0025')
    >>> periodic_rate(Decimal("0.06"), periods_per_year=4)
    Decimal('0.015')
    """
    _check_periods_per_year(periods_per_year)
    return rate(annual_rate, field="annual_rate", label_it="Il TAN", minimum=-MAX_RATE) / periods_per_year


def effective_annual_rate(annual_rate: Decimal, *, periods_per_year: int = 12) -> Decimal:
    """Effective annual rate (TAE / ISC) of a nominal rate compounded ``m`` times a year.

    Notes
    -----
    ``i = (1 + TAN/m)^m - 1``.

    Examples
    --------
    >>> round(effective_annual_rate(Decimal("0.12")), 8)
    Decimal('0.12682503')
    """
    j = periodic_rate(annual_rate, periods_per_year=periods_per_year)
    return (1 + j) ** periods_per_year - 1


def nominal_annual_rate(effective_rate: Decimal, *, periods_per_year: int = 12) -> Decimal:
    """Nominal annual rate (TAN) that compounds ``m`` times a year to ``effective_rate``.

    Notes
    -----
    ``TAN = m · ((1 + i)^(1/m) - 1)``, the inverse of :func:`effective_annual_rate`.

    Examples
    --------
    >>> round(nominal_annual_rate(Decimal("0.1268250301319698")), 10)
    Decimal('0.1200000000')
    """
    _check_periods_per_year(periods_per_year)
    # The effective rate of the highest TAN accepted, compounded m times a year, is the highest accepted here.
    highest = (1 + MAX_RATE / periods_per_year) ** periods_per_year - 1
    i = rate(effective_rate, field="effective_rate", label_it="Il tasso effettivo", minimum=-MAX_RATE, maximum=highest)
    return periods_per_year * ((1 + i) ** (Decimal(1) / periods_per_year) - 1)


def year_fraction(start: date, end: date) -> Fraction:
    """Time from ``start`` to ``end`` in years, as Annex I of Directive 2008/48/EC counts it.

    Notes
    -----
    Whole calendar months count as 1/12 of a year each ("12 equal months");
    the days left over count as days/365, or days/366 when they fall in a
    leap year (Annex I, remark (c)).

    Examples
    --------
    >>> year_fraction(date(2024, 1, 15), date(2025, 1, 15))
    Fraction(1, 1)
    >>> year_fraction(date(2023, 1, 31), date(2023, 3, 3))  # 1 month and 3 days
    Fraction(401, 4380)
    """
    if end < start:
        raise InvalidTermError(
            "end date before start date", field="date", message_it="La data finale precede quella iniziale."
        )
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    anchor = _add_months(start, months)
    days = (end - anchor).days
    spans_leap_day = any(_is_leap(year) and anchor < date(year, 2, 29) <= end for year in {anchor.year, end.year})
    return Fraction(months, 12) + Fraction(days, 366 if spans_leap_day else 365)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clipped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))


Flow = tuple[object, object]


def _pairs(raw: Iterable[Flow], field: str) -> list[tuple[object, Decimal]]:
    """Check that each flow is a ``(time, positive amount)`` pair."""
    pairs = []
    for index, item in enumerate(raw):
        try:
            when, value = item
        except (TypeError, ValueError):
            raise InvalidInputError(
                f"{field}[{index}] must be a pair (time, amount)",
                field=field,
                message_it="Ogni flusso deve essere una coppia (tempo, importo).",
            ) from None
        pairs.append((when, amount(value, field=field, label_it="L'importo di un flusso", positive=True)))
    if not pairs:
        raise InvalidInputError(
            f"{field} is empty",
            field=field,
            message_it="Serve almeno un flusso di erogazione e uno di rimborso.",
        )
    return pairs


def _years(when: object, origin: date | None, field: str) -> float:
    """A flow's time in years: a number as given, or a date counted from ``origin``."""
    if origin is not None and isinstance(when, date):
        years = float(year_fraction(origin, when))
    elif origin is None and isinstance(when, (int, float, Decimal, Fraction)) and not isinstance(when, bool):
        years = float(when)
    else:
        raise InvalidInputError(
            f"{field}: give every time in years (a number), or every time as a date",
            field=field,
            message_it="I tempi devono essere tutti in anni o tutti date.",
        )
    if not math.isfinite(years) or not 0 <= years <= _MAX_YEARS:
        raise InvalidTermError(
            f"{field}: times must be between 0 and {_MAX_YEARS} years",
            field=field,
            message_it=f"I tempi devono essere tra 0 e {_MAX_YEARS} anni.",
        )
    return years


def taeg(drawdowns: Iterable[Flow], repayments: Iterable[Flow], *, rounded: bool = True) -> Decimal:
    """The TAEG that equates drawdowns and repayments (Directive 2008/48/EC, Annex I).

    Each argument is a sequence of ``(time, amount)`` pairs with positive
    amounts. Times are in years from the first drawdown (a month is 1/12 of a
    year, i.e. 365/12 days), or are all :class:`~datetime.date` objects, in
    which case they are converted with :func:`year_fraction`. For a loan,
    the drawdown is what the borrower actually receives (net of up-front
    fees) and the repayments are every instalment and charge paid.

    Notes
    -----
    Solves for ``X`` the basic equation of Annex I:

    ``Σ_k C_k (1 + X)^(-t_k) = Σ_l D_l (1 + X)^(-s_l)``

    in ``v = ln(1 + X)`` with a safeguarded Newton method. When the time-sorted
    net flows change sign once (any ordinary loan: money in first, out
    later) the equation has exactly one root (Descartes' rule of signs for
    exponential sums); otherwise the roots are searched on a grid and the
    rate is returned only if it is unique. The result is rounded half up to
    ``0.000001`` (a ten-thousandth of a percentage point; Annex I asks for at
    least one decimal of a percentage point), or left as solved (double
    precision) with ``rounded=False``.

    Examples
    --------
    Directive 98/7/EC, Annex III, example 1: 1,000 lent, 1,200 repaid after
    1.5 years (546 days).

    >>> taeg([(0, 1000)], [(Decimal(546) / 365, 1200)])
    Decimal('0.129620')
    >>> taeg([(0, 1000)], [(1, 600), (2, 600)])
    Decimal('0.130662')
    """
    draws, repays = _pairs(drawdowns, "drawdowns"), _pairs(repayments, "repayments")
    dates = [when for when, _ in draws + repays if isinstance(when, date)]
    origin = min(dates) if dates else None
    times = np.array(
        [_years(t, origin, "drawdowns") for t, _ in draws] + [_years(t, origin, "repayments") for t, _ in repays]
    )
    scale = float(sum(amount for _, amount in draws))
    flows = np.array([-float(a) / scale for _, a in draws] + [float(a) / scale for _, a in repays])
    times = times - times.min()
    solved = Decimal(repr(math.expm1(_solve_log_rate(times, flows))))
    return round_fraction(solved, places=_TAEG_PLACES) if rounded else solved


def _npv(v: float, times: np.ndarray, flows: np.ndarray) -> tuple[float, float]:
    """Net present value at log-rate ``v`` and its derivative in ``v`` (may be ±inf or nan far out)."""
    with np.errstate(over="ignore", invalid="ignore"):
        discounted = flows * np.exp(-times * v)
        return float(discounted.sum()), float(-(times * discounted).sum())


_V_MIN, _V_MAX = math.log(1e-6), math.log(1e6)  # X from -99.9999 % to +99,999,900 %


def _solve_log_rate(times: np.ndarray, flows: np.ndarray) -> float:
    order = np.argsort(times, kind="stable")
    times, flows = times[order], flows[order]
    _unique_times, starts = np.unique(times, return_index=True)
    net = np.add.reduceat(flows, starts)
    signs = np.sign(net[np.abs(net) > 1e-12])
    changes = int(np.count_nonzero(signs[1:] != signs[:-1])) if signs.size else 0
    no_rate = NoSolutionError(
        "no rate equates these drawdowns and repayments",
        field="repayments",
        message_it="Nessun tasso rende equivalenti erogazioni e rimborsi: controlla importi e date.",
    )
    if changes == 0:
        raise no_rate
    if changes == 1:
        # f(v) tends to the sign of the earliest net flow as v -> +inf and to
        # the sign of the latest as v -> -inf: step out from 0 to bracket it.
        lo, hi = _bracket(times, flows, float(signs[0]))
        if lo is None or hi is None:
            raise no_rate
        return _newton_bisect(times, flows, lo, hi)
    grid = np.linspace(math.log(0.01), math.log(100), 2001)  # X from -99 % to +9,900 %
    values = np.array([_npv(v, times, flows)[0] for v in grid])
    crossings = np.nonzero(np.sign(values[1:]) != np.sign(values[:-1]))[0]
    if crossings.size != 1:
        raise NoSolutionError(
            "these flows admit no rate or several rates" if crossings.size else "no rate found",
            field="repayments",
            message_it="Con questi flussi il TAEG non è univoco: controlla importi e date.",
        )
    k = int(crossings[0])
    return _newton_bisect(times, flows, float(grid[k]), float(grid[k + 1]))


def _bracket(times: np.ndarray, flows: np.ndarray, early_sign: float) -> tuple[float | None, float | None]:
    at_zero = _npv(0.0, times, flows)[0]
    if at_zero == 0:
        return 0.0, 0.0
    step = 0.05
    if math.copysign(1.0, at_zero) == early_sign:  # root below zero
        hi, lo = 0.0, -step
        while _npv(lo, times, flows)[0] * at_zero > 0:
            hi, lo = lo, lo * 2
            if lo < _V_MIN:
                return None, None
        if not math.isfinite(_npv(lo, times, flows)[0]):
            return None, None
    else:
        lo, hi = 0.0, step
        while _npv(hi, times, flows)[0] * at_zero > 0:
            lo, hi = hi, hi * 2
            if hi > _V_MAX:
                return None, None
        if not math.isfinite(_npv(hi, times, flows)[0]):
            return None, None
    return lo, hi


def _newton_bisect(times: np.ndarray, flows: np.ndarray, lo: float, hi: float) -> float:
    """Newton's method kept inside the bracket [lo, hi]; bisect when it leaves."""
    f_lo = _npv(lo, times, flows)[0]
    v = 0.5 * (lo + hi)
    for _ in range(200):
        value, slope = _npv(v, times, flows)
        if value == 0:
            return v
        if (value < 0) == (f_lo < 0):
            lo, f_lo = v, value
        else:
            hi = v
        step = value / slope if slope else 0.0
        candidate = v - step
        if not (min(lo, hi) < candidate < max(lo, hi)) or slope == 0:
            candidate = 0.5 * (lo + hi)
        if abs(candidate - v) < 1e-13 or abs(hi - lo) < 1e-13:
            return candidate
        v = candidate
    return v
