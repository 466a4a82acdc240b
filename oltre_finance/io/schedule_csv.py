"""An amortisation schedule as a CSV file that Italian spreadsheets open as they are.

Italian Excel and LibreOffice expect ``;`` between fields and ``,`` as the
decimal mark; a UTF-8 byte-order mark makes Excel read accents correctly.
"""

from __future__ import annotations

import csv
import io

from oltre_finance.loans import Schedule
from oltre_finance.money import format_number

__all__ = ["CSV_HEADER", "schedule_to_csv"]

CSV_HEADER = ("Rata n.", "Importo pagato", "Quota interessi", "Quota capitale", "Spese", "Debito residuo")


def schedule_to_csv(plan: Schedule) -> str:
    """The schedule as Italian CSV text (with a byte-order mark).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from oltre_finance.loans import Loan, schedule
    >>> text = schedule_to_csv(schedule(Loan(Decimal("1200"), Decimal("0"), 12)))
    >>> text.splitlines()[1]
    '1;100,00;0,00;100,00;0,00;1.100,00'
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in plan.rows:
        writer.writerow(
            [
                row.number,
                format_number(row.payment),
                format_number(row.interest),
                format_number(row.principal),
                format_number(row.fee),
                format_number(row.balance),
            ]
        )
    return buffer.getvalue()
