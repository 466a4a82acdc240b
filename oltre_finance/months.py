"""Month arithmetic and Italian month names shared by plans, calendars and sentences."""

from __future__ import annotations

from datetime import date

__all__ = ["MONTH_NAMES", "first_of_month", "month_name"]

MONTH_NAMES = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip


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


def month_name(day: date) -> str:
    """The month and year in Italian.

    Examples
    --------
    >>> month_name(date(2027, 9, 15))
    'settembre 2027'
    """
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"
