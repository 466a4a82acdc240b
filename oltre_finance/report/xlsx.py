"""The plan as an Excel workbook: the budget, the 12-month calendar, the debt plan and the savings plan.

Figures are numbers with Italian formats (``#.##0,00 €``); where a household
would change a figure (an income, an expense, the money it starts with) the
totals, balances and running cash are formulas, so the sheet recomputes.
Texts typed by people are written as text: a cell never starts with ``=``
from what someone typed.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oltre_finance.household import Household
from oltre_finance.report.document import PlanDocument

__all__ = ["EURO", "plan_xlsx"]

EURO = '#,##0.00 "€";-#,##0.00 "€"'
_BOLD = Font(bold=True)


def _text(value: str) -> str:
    """Typed text stays text: a leading formula sign is neutralised (CSV/Excel formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _head(sheet: Worksheet, title: str, columns: tuple[str, ...], widths: tuple[int, ...]) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(columns))
    for cell in sheet[2]:
        cell.font = _BOLD
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"


def _money(sheet: Worksheet, row: int, *columns: int) -> None:
    for column in columns:
        sheet.cell(row=row, column=column).number_format = EURO


def _budget(book: Workbook, household: Household, document: PlanDocument) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bilancio"
    _head(sheet, f"{document.title}: il mese", ("Voce", "Tipo", "Al mese"), (44, 16, 16))
    first = 3
    for item in household.incomes:
        if not item.temporary:
            sheet.append([_text(item.label), "entrata", float(item.yearly_amount / 12)])
            _money(sheet, sheet.max_row, 3)
    for expense in household.expenses:
        if not expense.temporary:
            sheet.append([_text(expense.label), "uscita", float(expense.yearly_amount / 12)])
            _money(sheet, sheet.max_row, 3)
    last = sheet.max_row
    sheet.append([])
    sheet.append(["Entrate al mese", "", f'=SUMIF(B{first}:B{last},"entrata",C{first}:C{last})'])
    income_row = sheet.max_row
    sheet.append(["Uscite al mese", "", f'=SUMIF(B{first}:B{last},"uscita",C{first}:C{last})'])
    sheet.append(["Saldo del mese", "", f"=C{income_row}-C{income_row + 1}"])
    for row in range(income_row, income_row + 3):
        sheet.cell(row=row, column=1).font = _BOLD
        _money(sheet, row, 3)


def _calendar(book: Workbook, document: PlanDocument) -> None:
    sheet = book.create_sheet("Calendario")
    _head(sheet, "I prossimi 12 mesi", ("Mese", "Entrate", "Uscite", "Saldo", "Disponibili a fine mese"),
          (20, 16, 16, 16, 24))  # fmt: skip
    months = document.budget.months
    start_cash = months[0].cash - months[0].balance if months else Decimal(0)
    sheet.append(["Soldi disponibili oggi", "", "", "", float(start_cash)])
    _money(sheet, 3, 5)
    for offset, month in enumerate(months):
        row = 4 + offset
        sheet.append([f"{month.month:02d}/{month.year}", float(month.income), float(month.outgoings),
                      f"=B{row}-C{row}", f"=E{row - 1}+D{row}"])  # fmt: skip
        _money(sheet, row, 2, 3, 4, 5)


def _debts(book: Workbook, document: PlanDocument) -> None:
    sheet = book.create_sheet("Debiti")
    plan = document.payoff.plan
    _head(sheet, "Il piano per i debiti", ("Debito", "Debito oggi", "Interessi", "Pagato in tutto", "Chiuso al mese"),
          (44, 16, 16, 18, 16))  # fmt: skip
    for outcome in plan.outcomes:
        closed = outcome.paid_off_month if outcome.paid_off_month is not None else "oltre il piano"
        sheet.append(
            [_text(outcome.name), float(outcome.starting_balance), float(outcome.interest), float(outcome.paid), closed]
        )
        _money(sheet, sheet.max_row, 2, 3, 4)
    if plan.outcomes:
        end = sheet.max_row
        sheet.append(["Totale", f"=SUM(B3:B{end})", f"=SUM(C3:C{end})", f"=SUM(D3:D{end})", ""])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
        _money(sheet, sheet.max_row, 2, 3, 4)
    # Month by month, each debt's balance (the plan's own rows).
    names = [outcome.name for outcome in plan.outcomes]
    sheet.append([])
    sheet.append(["Mese del piano", *(_text(name) for name in names)])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    balances: dict[int, dict[str, Decimal]] = {}
    for row in plan.rows:
        balances.setdefault(row.month, {})[row.debt] = row.balance
    for month in sorted(balances):
        sheet.append([month, *(float(balances[month].get(name, Decimal(0))) for name in names)])
        _money(sheet, sheet.max_row, *range(2, 2 + len(names)))


def _savings(book: Workbook, document: PlanDocument) -> None:
    sheet = book.create_sheet("Risparmi")
    view = document.savings
    _head(sheet, "Il piano di risparmio", ("Mese", "Versato", "Saldo", "Saldo in euro di oggi"), (16, 16, 16, 22))
    for row in view.projection.rows:
        sheet.append([row.month, float(row.contributed), float(row.balance), float(row.real_balance)])
        _money(sheet, sheet.max_row, 2, 3, 4)


def plan_xlsx(document: PlanDocument, household: Household) -> bytes:
    """The workbook of ``document`` for ``household`` (the meeting's snapshot), as the bytes of an .xlsx file."""
    book = Workbook()
    _budget(book, household, document)
    _calendar(book, document)
    _debts(book, document)
    _savings(book, document)
    book.properties.title = document.title
    book.properties.creator = "oltre_finance"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
