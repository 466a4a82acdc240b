"""Month arithmetic shared by plans and calendars: the first day of a month some months away."""

from __future__ import annotations

from datetime import date

__all__ = ["first_of_month"]


def first_of_month(day: date, *, plus: int = 0) -> date:
    """The first day of the month ``plus`` months after the month of ``day``.

    Examples
    --------
    >>> first_of_month(date(2026, 11, 24)), first_of_month(date(2026, 11, 24), plus=2)
    (datetime.date(2026, 11, 1), datetime.date(2027, 1, 1))
    >>> first_of_month(date(2027, 1, 31), plus=-1)
    datetime.date(2026, 12, 1)
    """
    index = day.year * 12 + day.month - 1 + plus
    return date(index // 12, index % 12 + 1, 1)
