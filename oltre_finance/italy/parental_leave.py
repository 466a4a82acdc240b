"""Maternity and parental leave of an employee: which months are paid at which rate (D.Lgs. 151/2001), an estimate.

Maternity leave lasts five months around the birth (two before and three
after, or one and four, or none and five), paid at 80 % of the pay (many
contracts top it up to 100 %). Parental leave follows: a parent may take up
to six paid months; for the couple the first months are paid at 80 % (one
in 2023, two in 2024, three from 2025) and the others at 30 %. The rates
apply here to the monthly pay the household records; the law applies them
to gross pay with the thirteenth month's share, and the allowance is taxed
like pay, so the figures are indicative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance import validate
from oltre_finance.italy.data_files import series, version_on
from oltre_finance.money import cents
from oltre_finance.months import first_of_month

__all__ = ["LeaveMonth", "leave_months"]


@dataclass(frozen=True, kw_only=True)
class LeaveMonth:
    """One month of leave: its first day, the kind of leave, the rate and the pay."""

    month: date
    kind: str  # "maternità" or "congedo parentale"
    rate: Decimal
    pay: Decimal


def leave_months(
    *,
    monthly_pay: Decimal,
    birth: date,
    maternity: bool = True,
    months_before_birth: int = 2,
    parental_months: int = 0,
    top_up: bool = False,
) -> tuple[LeaveMonth, ...]:
    """The months of leave of one parent paid ``monthly_pay`` for a child born in ``birth``'s month.

    ``maternity`` is the mother's compulsory leave (five months, ``months_before_birth``
    of them before the birth; at 100 % with ``top_up``); ``parental_months``
    (0-6) follow it, or start at the birth when there is no maternity leave.

    Examples
    --------
    >>> months = leave_months(monthly_pay=Decimal("1500"), birth=date(2026, 3, 1), parental_months=4)
    >>> [(m.month.strftime("%m/%y"), m.pay) for m in months]  # maternity Jan-May, then 3 months at 80 %, 1 at 30 %
    [('01/26', Decimal('1200.00')), ('02/26', Decimal('1200.00')), ('03/26', Decimal('1200.00')), \
('04/26', Decimal('1200.00')), ('05/26', Decimal('1200.00')), ('06/26', Decimal('1200.00')), \
('07/26', Decimal('1200.00')), ('08/26', Decimal('1200.00')), ('09/26', Decimal('450.00'))]
    """
    pay = validate.amount(monthly_pay, field="monthly_pay", label_it="Lo stipendio")
    rule = version_on(series("birth.json", "leave"), birth)
    for name, value, high in (
        ("months_before_birth", months_before_birth, int(rule["maternity_months_before_birth_max"])),
        ("parental_months", parental_months, int(rule["parental_indemnified_months_one_parent"])),
    ):
        validate.months(value, field=name, label_it="Mesi di congedo", minimum=0, maximum=high)
    months: list[LeaveMonth] = []
    start = first_of_month(birth, plus=-months_before_birth) if maternity else first_of_month(birth)
    if maternity:
        rate = Decimal(1) if top_up else Decimal(rule["maternity_rate"])
        for k in range(int(rule["maternity_months"])):
            months.append(
                LeaveMonth(month=first_of_month(start, plus=k), kind="maternità", rate=rate, pay=cents(pay * rate))
            )
    after = first_of_month(start, plus=len(months))
    high_months = int(rule["parental_months_at_80"])
    for k in range(parental_months):
        rate = Decimal(rule["parental_rate_high"] if k < high_months else rule["parental_rate_low"])
        months.append(
            LeaveMonth(month=first_of_month(after, plus=k), kind="congedo parentale", rate=rate, pay=cents(pay * rate))
        )
    return tuple(months)
