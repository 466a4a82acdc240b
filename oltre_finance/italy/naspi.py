"""NASpI, the unemployment benefit (D.Lgs. 4 marzo 2015, n. 22, artt. 3-5): amount, reduction, duration.

An estimate (*stima indicativa*), gross of IRPEF, with the yearly amounts of
the INPS circular of the year (``italy/data/naspi.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.errors import InvalidInputError
from oltre_finance.italy.data_files import series, version_on
from oltre_finance.money import ZERO, cents

__all__ = ["NaspiEstimate", "application_deadline_days", "lookback_years", "naspi_estimate"]

LEGAL_REFERENCE = "D.Lgs. 4 marzo 2015, n. 22, artt. 3-5"


@dataclass(frozen=True, kw_only=True)
class NaspiEstimate:
    """The NASpI of a job loss: the first amount, each month's amount and how long it lasts."""

    average_monthly_pay: Decimal
    first_amount: Decimal
    #: Amount of each month of payment (the last may be a part month).
    monthly_amounts: tuple[Decimal, ...]
    benefit_weeks: int
    benefit_days: int
    eligible: bool
    reference: str
    source: str
    #: The year's amounts are not yet published: the last verified ones are used (up to ``verified_to``).
    carried_forward: bool
    verified_to: date
    #: Days from the end of the job within which the application must reach INPS.
    application_days: int
    label_it: str = "stima indicativa"

    @property
    def total(self) -> Decimal:
        return sum(self.monthly_amounts, ZERO)


def naspi_estimate(
    *, taxable_pay_4y: Decimal, contribution_weeks_4y: int, age: int, application_date: date
) -> NaspiEstimate:
    """Estimate the NASpI of someone who lost their job.

    ``taxable_pay_4y`` is the pay subject to contributions over the last four
    years and ``contribution_weeks_4y`` the weeks of contributions in them
    (not already used for an earlier benefit).

    Notes
    -----
    Average monthly pay ``R = pay / weeks × 4.33`` (truncated to the cent).
    Amount ``75 % × min(R, S) + 25 % × max(R - S, 0)``, at most the monthly
    cap, with ``S`` the year's reference amount. From the 6th month (the 8th
    at 55 or more) each month is 3 % less than the one before. It lasts half
    the weeks of contribution, at most 104 weeks; a month counts 30 days.

    Examples
    --------
    >>> estimate = naspi_estimate(taxable_pay_4y=Decimal("80000"), contribution_weeks_4y=208, age=40,
    ...                           application_date=date(2025, 3, 1))
    >>> estimate.first_amount, estimate.monthly_amounts[5], estimate.benefit_weeks
    (Decimal('1134.65'), Decimal('1100.61'), 104)
    """
    pay = validate.amount(taxable_pay_4y, field="taxable_pay_4y", label_it="La retribuzione")
    if not isinstance(application_date, date):
        raise InvalidInputError(
            "application_date must be a date", field="application_date", message_it="Data non valida."
        )
    rule = version_on(series("naspi.json"), application_date)
    weeks = validate.count(
        contribution_weeks_4y, field="contribution_weeks_4y",
        label_it=f"Le settimane di contributi in {rule['lookback_years']} anni",
        maximum=int(rule["window_weeks"]),
    )  # fmt: skip
    validate.count(age, field="age", label_it="L'età", minimum=15, maximum=75)
    eligible = weeks >= int(rule["min_contribution_weeks_4y"]) and pay > 0
    if not eligible:
        return NaspiEstimate(
            average_monthly_pay=ZERO, first_amount=ZERO, monthly_amounts=(), benefit_weeks=0, benefit_days=0,
            eligible=False, reference=LEGAL_REFERENCE, source=rule["source"], carried_forward=rule.carried_forward,
            verified_to=rule.verified_to, application_days=int(rule["application_deadline_days"]),
        )  # fmt: skip
    average = cents(pay / weeks * Decimal(rule["weeks_factor"]), rounding="down")
    threshold = Decimal(rule["reference_amount"])
    amount = Decimal(rule["replacement_rate"]) * min(average, threshold)
    if average > threshold:
        amount += Decimal(rule["excess_rate"]) * (average - threshold)
    first = min(cents(amount), Decimal(rule["monthly_cap"]))
    benefit_weeks = min(weeks // 2, int(rule["max_benefit_weeks"]))
    days = benefit_weeks * 7
    per_month = int(rule["daily_divisor"])
    start_cut = int(
        rule["reduction_from_month_over_55"] if age >= int(rule["over_55_age"]) else rule["reduction_from_month"]
    )
    keep = 1 - Decimal(rule["reduction_rate"])
    amounts = []
    current = first
    month = 0
    left = days
    while left > 0:
        month += 1
        if month >= start_cut:
            current = cents(current * keep)
        share = min(left, per_month)
        amounts.append(current if share == per_month else cents(current * share / per_month))
        left -= share
    return NaspiEstimate(
        average_monthly_pay=average, first_amount=first, monthly_amounts=tuple(amounts), benefit_weeks=benefit_weeks,
        benefit_days=days, eligible=True, reference=LEGAL_REFERENCE, source=rule["source"],
        carried_forward=rule.carried_forward, verified_to=rule.verified_to,
        application_days=int(rule["application_deadline_days"]),
    )  # fmt: skip


def application_deadline_days(job_end: date) -> int:
    """Days from the end of the job within which the NASpI application must reach INPS (art. 6 D.Lgs. 22/2015).

    Examples
    --------
    >>> application_deadline_days(date(2026, 3, 31))
    68
    """
    return int(version_on(series("naspi.json"), job_end)["application_deadline_days"])


def lookback_years(job_end: date) -> int:
    """How many years before the job loss count for the pay and the weeks of contributions.

    Examples
    --------
    >>> lookback_years(date(2026, 3, 31))
    4
    """
    return int(version_on(series("naspi.json"), job_end)["lookback_years"])
