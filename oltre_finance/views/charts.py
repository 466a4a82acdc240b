"""The apps' charts as SVG markup (:mod:`oltre_finance.views.svg`), for a laptop or (``narrow``) a phone.

Each function takes plain figures and returns the chart's markup; the text
that says what it shows comes from the view model and goes beside it
(:func:`oltre_finance.views.render.figure_html`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from oltre_finance.loans import Schedule
from oltre_finance.money import format_number
from oltre_finance.views.svg import Board, Key, nice_ticks

__all__ = ["balances_chart", "before_after_chart", "calendar_chart", "category_chart", "fan_chart", "loan_chart"]

INTEREST_COLOUR = "#d95f02"
PRINCIPAL_COLOUR = "#1b9e77"
BALANCE_COLOUR = "#404040"
INCOME_COLOUR = "#7570b3"
PLAIN_COLOUR = "#999999"
ZERO_COLOUR = "#c62828"
MONTHS_IT = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")


def loan_chart(plan: Schedule, *, narrow: bool = False) -> str:
    """Interest and principal of every instalment (stacked), with the debt left on a second axis.

    Up to 60 instalments each is a bar; a longer plan is drawn as two bands.
    """
    numbers = [row.number for row in plan.rows]
    interest = [float(row.interest) for row in plan.rows]
    principal = [float(row.principal) for row in plan.rows]
    balance = [float(row.balance) for row in plan.rows]
    count = len(numbers)
    total = [p + i for p, i in zip(principal, interest, strict=True)]
    ticks = [t for t in nice_ticks(1, count, most=4 if narrow else 8) if 1 <= t <= count]
    board = Board(
        narrow=narrow,
        height=330 if narrow else 400,
        title="Come si compone ogni rata",
    )
    board.axes(
        keys=[
            Key(label="Quota capitale", colour=PRINCIPAL_COLOUR),
            Key(label="Quota interessi", colour=INTEREST_COLOUR),
            Key(label="Debito residuo (scala a destra)", colour=BALANCE_COLOUR, swatch="dash"),
        ],
        x=(0.5, count + 0.5),
        y=(0, max(total, default=1)),
        y2=(0, max([float(plan.loan.principal), *balance])),
        x_ticks=[(t, format_number(Decimal(int(t)), decimals=0)) for t in ticks],
        y_title="Rata",
        y2_title="Debito residuo",
        x_title="Rata numero",
    )
    if count <= 60:
        board.bars(numbers, principal, width=0.85, colours=PRINCIPAL_COLOUR)
        board.bars(numbers, interest, width=0.85, colours=INTEREST_COLOUR, bases=principal)
    else:
        # Steps as wide as an instalment, as the bars would be.
        edges = [x for n in numbers for x in (n - 0.5, n + 0.5)]
        doubled_principal = [v for v in principal for _ in (0, 1)]
        doubled_total = [v for v in total for _ in (0, 1)]
        board.area(edges, [0.0] * len(edges), doubled_principal, colour=PRINCIPAL_COLOUR)
        board.area(edges, doubled_principal, doubled_total, colour=INTEREST_COLOUR)
    board.line([0.5, *numbers], [float(plan.loan.principal), *balance], colour=BALANCE_COLOUR, width=2, dash="7 4",
               second=True)  # fmt: skip
    return board.svg()


def category_chart(items: list[tuple[str, Decimal]], *, narrow: bool = False) -> str:
    """Monthly expenses by category (``(name, amount)``, largest first), as horizontal bars with their amounts.

    On a phone each name goes above its bar, so that the bars keep the width of the screen.
    """
    row = 34.0 if narrow else 30.0
    height = 44 + row * max(len(items), 1) + 10
    board = Board(narrow=narrow, height=height, title="Dove vanno i soldi ogni mese")
    if not items:
        board.text(board.width / 2, 44 + row / 2, "Nessuna spesa inserita", size=board.font, anchor="middle")
        return board.svg()
    labels = [format_number(value) + " €" for _, value in items]
    longest_value = max(board.text_width(label, board.small) for label in labels)
    names = [name if len(name) <= 30 else name[:29] + "…" for name, _ in items]
    left = 8.0 if narrow else 16 + max(board.text_width(name, board.small) for name in names)
    right = board.width - 10 - longest_value
    largest = max(float(value) for _, value in items) or 1.0
    for k, ((_, value), name, label) in enumerate(zip(items, names, labels, strict=True)):
        top = 44 + k * row
        bar_top, bar_height = (top + board.small * 1.3, row - board.small * 1.3 - 6) if narrow else (top + 5, row - 10)
        if narrow:
            board.text(left, top + board.small, name, size=board.small)
        else:
            board.text(left - 8, top + row / 2 + board.small * 0.35, name, size=board.small, anchor="end")
        length = float(value) / largest * (right - left - 6)
        board.rect_px(left, bar_top, length, bar_height, fill=PRINCIPAL_COLOUR)
        board.text(left + length + 5, bar_top + bar_height / 2 + board.small * 0.35, label, size=board.small)
    return board.svg()


def _month_labels(months: Sequence[tuple[int, int]], narrow: bool) -> list[str]:
    if narrow:
        return [MONTHS_IT[m - 1][0].upper() for _y, m in months]
    return [f"{MONTHS_IT[m - 1]}\n{y % 100:02d}" for y, m in months]


def calendar_chart(months: list[tuple[int, int, Decimal, Decimal, Decimal]], *, narrow: bool = False) -> str:
    """Income and outgoings month by month (short months in orange) with the cash left as a line.

    ``months`` holds ``(year, month, income, outgoings, cash)``. On a phone the legend goes under the chart
    and the months show their initial only.
    """
    positions = list(range(len(months)))
    income = [float(row[2]) for row in months]
    outgoings = [float(row[3]) for row in months]
    cash = [float(row[4]) for row in months]
    values = [*income, *outgoings, *cash, 0.0]
    board = Board(
        narrow=narrow,
        height=360 if narrow else 400,
        title="I prossimi 12 mesi",
    )
    board.axes(
        keys=[
            Key(label="Entrate", colour=INCOME_COLOUR),
            Key(label="Uscite (in arancio: più delle entrate)", colour=PLAIN_COLOUR),
            Key(label="Soldi disponibili a fine mese", colour=BALANCE_COLOUR, swatch="dots"),
        ],
        x=(-0.5, len(months) - 0.5),
        y=(min(values), max(values)),
        x_ticks=list(zip(positions, _month_labels([(y, m) for y, m, *_ in months], narrow), strict=True)),
    )
    width = 0.38
    colours = [INTEREST_COLOUR if out > inc else PLAIN_COLOUR for inc, out in zip(income, outgoings, strict=True)]
    board.bars([p - width / 2 for p in positions], income, width=width, colours=INCOME_COLOUR)
    board.bars([p + width / 2 for p in positions], outgoings, width=width, colours=colours)
    board.hline(0, colour=ZERO_COLOUR, width=1.2)
    board.line(positions, cash, colour=BALANCE_COLOUR, width=2, markers=3 if narrow else 4)
    return board.svg()


def before_after_chart(
    months: list[tuple[int, int]],
    before: list[tuple[Decimal, Decimal]],
    after: list[tuple[Decimal, Decimal]],
    *,
    narrow: bool = False,
) -> str:
    """Each month's balance today and after the events (bars), and the money left at the end of each month (lines).

    ``before`` and ``after`` hold ``(balance, cash)`` per month of ``months`` = ``(year, month)``. On a phone
    the months show their initial and the legend goes under the chart.
    """
    positions = list(range(len(months)))
    values = [float(v) for pair in (*before, *after) for v in pair] + [0.0]
    board = Board(
        narrow=narrow,
        height=400 if narrow else 420,
        title="I prossimi 12 mesi:\noggi e dopo gli eventi" if narrow else "I prossimi 12 mesi: oggi e dopo gli eventi",
    )
    board.axes(
        keys=[
            Key(label="Saldo del mese, oggi", colour="#b0b0b0"),
            Key(label="Saldo del mese, dopo (in arancio: in rosso)", colour=INCOME_COLOUR),
            Key(label="Soldi disponibili, oggi", colour="#808080", swatch="dash"),
            Key(label="Soldi disponibili, dopo", colour=BALANCE_COLOUR, swatch="dots"),
        ],
        x=(-0.5, len(months) - 0.5),
        y=(min(values), max(values)),
        x_ticks=list(zip(positions, _month_labels(months, narrow), strict=True)),
    )
    width = 0.4 if narrow else 0.38
    board.bars([p - width / 2 for p in positions], [float(b) for b, _ in before], width=width, colours="#b0b0b0")
    colours = [INTEREST_COLOUR if b < 0 else INCOME_COLOUR for b, _ in after]
    board.bars([p + width / 2 for p in positions], [float(b) for b, _ in after], width=width, colours=colours)
    board.hline(0, colour=ZERO_COLOUR, width=1.2)
    board.line(positions, [float(c) for _, c in before], colour="#808080", width=1.6, dash="6 4")
    board.line(positions, [float(c) for _, c in after], colour=BALANCE_COLOUR, width=2, markers=3 if narrow else 4)
    return board.svg()


DEBT_COLOURS = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#1f78b4",
    "#b2df8a",
    "#fb9a99",
)


def balances_chart(
    names: Sequence[str],
    balances: Sequence[Sequence[Decimal]],
    start: tuple[int, int],
    free_month: int | None,
    *,
    narrow: bool = False,
) -> str:
    """Debt left month by month, one stacked band per debt, from ``start`` = (year, month) of month 0.

    ``balances[k]`` holds every debt's balance at the end of month ``k``; a dashed line marks the debt-free
    month. Long names are shortened in the legend.
    """
    months = list(range(len(balances)))
    length = 30 if narrow else 34
    labels = [name if len(name) <= length else name[: length - 1] + "…" for name in names]
    colours = [DEBT_COLOURS[i % len(DEBT_COLOURS)] for i in range(len(names))]
    totals = [sum(float(v) for v in row) for row in balances]
    keys = [Key(label=label, colour=colour) for label, colour in zip(labels, colours, strict=True)]
    if free_month is not None and free_month > 0:
        keys.append(Key(label="Senza debiti", colour=ZERO_COLOUR, swatch="dash"))
    board = Board(
        narrow=narrow,
        height=330 + 19 * len(keys) if narrow else 420,
        title="Quanto resta da pagare" if narrow else "Quanto resta da pagare, debito per debito",
    )
    board.axes(
        keys=keys,
        x=(0, max(len(months) - 1, 1)),
        y=(0, max(totals, default=1) or 1),
        x_ticks=_month_steps(len(months), start, most=4 if narrow else 8),
    )
    floor = [0.0] * len(months)
    for i, colour in enumerate(colours):
        ceiling = [base + float(row[i]) for base, row in zip(floor, balances, strict=True)]
        board.area(months, floor, ceiling, colour=colour, opacity=0.9)
        floor = ceiling
    if free_month is not None and free_month > 0:
        board.vline(free_month, colour=ZERO_COLOUR, width=1.5, dash="6 4")
    return board.svg()


def _month_steps(count: int, start: tuple[int, int], *, most: int) -> list[tuple[float, str]]:
    """At most ``most`` ticks, every 6, 12, 18… months, labelled with the month and the year."""
    year, month = start
    step = max(6, math.ceil(count / most / 6) * 6)
    return [
        (t, f"{MONTHS_IT[(month - 1 + t) % 12]}\n{(year + (month - 1 + t) // 12) % 100:02d}")
        for t in range(0, count, step)
    ]


def fan_chart(
    bands: Mapping[int, Sequence[float]],
    start: tuple[int, int],
    *,
    goal: Decimal | None = None,
    contributed: Sequence[float] | None = None,
    narrow: bool = False,
) -> str:
    """Possible balances month by month: 5-95 and 25-75 percentile bands, the median, the money put in and the goal.

    ``bands`` maps a percentile (5, 25, 50, 75, 95) to its balance month by month (month 0 is today); with a
    single percentile (50) the chart is the one certain path.

    Examples
    --------
    >>> fan_chart({50: (0.0, 100.0, 200.0)}, (2026, 11), contributed=(0.0, 100.0, 200.0), narrow=True)[:4]
    '<svg'
    """
    middle = [float(v) for v in bands[50]]
    months = list(range(len(middle)))
    keys = []
    if 5 in bands and 95 in bands:
        keys.append(Key(label="9 casi su 10", colour="#a6cee3", opacity=0.6))
    if 25 in bands and 75 in bands:
        keys.append(Key(label="Metà dei casi", colour="#1f78b4", opacity=0.45))
    keys.append(Key(label="Caso centrale (mediana)" if len(bands) > 1 else "Risparmi", colour="#08306b",
                    swatch="line"))  # fmt: skip
    if contributed is not None:
        keys.append(Key(label="Soldi versati", colour=BALANCE_COLOUR, swatch="dash"))
    if goal is not None:
        keys.append(Key(label="Obiettivo", colour=ZERO_COLOUR, swatch="dotted"))
    values = [float(v) for series in bands.values() for v in series] + [float(goal or 0)]
    values += [float(v) for v in contributed or ()]
    board = Board(
        narrow=narrow,
        height=380 if narrow else 420,
        title="Come potrebbero andare i risparmi",
    )
    board.axes(
        keys=keys,
        x=(0, max(len(months) - 1, 1)),
        y=(0, max(values) or 1),
        x_ticks=_month_steps(len(months), start, most=4 if narrow else 9),
    )
    if 5 in bands and 95 in bands:
        board.area(months, bands[5], bands[95], colour="#a6cee3", opacity=0.6)
    if 25 in bands and 75 in bands:
        board.area(months, bands[25], bands[75], colour="#1f78b4", opacity=0.45)
    board.line(months, middle, colour="#08306b", width=2.5)
    if contributed is not None:
        board.line(months, contributed, colour=BALANCE_COLOUR, width=1.5, dash="6 4")
    if goal is not None:
        board.hline(float(goal), colour=ZERO_COLOUR, width=1.5, dash="2 3")
    return board.svg()
