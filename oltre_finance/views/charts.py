"""Charts rendered to PNG bytes with matplotlib's object API (no global pyplot state)."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from oltre_finance.loans import Schedule
from oltre_finance.money import format_number

__all__ = ["balances_chart", "before_after_chart", "calendar_chart", "category_chart", "fan_chart", "loan_chart"]

INTEREST_COLOUR = "#d95f02"
PRINCIPAL_COLOUR = "#1b9e77"
BALANCE_COLOUR = "#404040"


def _euro_axis(value: float, _position: object) -> str:
    return f"{format_number(Decimal(str(float(value))), decimals=0)} €"


def loan_chart(plan: Schedule, *, narrow: bool = False) -> bytes:
    """Interest and principal of every instalment (stacked), with the debt left on a second axis.

    On a phone (``narrow``) the figure is drawn for the phone's width, with the legend under the chart and
    no axis titles (the legend names the three series).
    """
    numbers = [row.number for row in plan.rows]
    interest = [float(row.interest) for row in plan.rows]
    principal = [float(row.principal) for row in plan.rows]
    balance = [float(row.balance) for row in plan.rows]

    figure = _figure(9, 2.9 if narrow else 4.2, narrow)
    axis = figure.add_subplot()
    if len(numbers) <= 60:
        axis.bar(numbers, principal, color=PRINCIPAL_COLOUR, label="Quota capitale", width=0.85)
        axis.bar(numbers, interest, bottom=principal, color=INTEREST_COLOUR, label="Quota interessi", width=0.85)
    else:
        axis.stackplot(
            numbers,
            principal,
            interest,
            colors=[PRINCIPAL_COLOUR, INTEREST_COLOUR],
            labels=["Quota capitale", "Quota interessi"],
            step="mid",
        )
    axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5 if narrow else "auto"))
    axis.set_xlim(0.5, len(numbers) + 0.5)
    axis.grid(axis="y", alpha=0.3)

    debt_axis = axis.twinx()
    debt_axis.plot(numbers, balance, color=BALANCE_COLOUR, linewidth=1.6, linestyle="--", label="Debito residuo")
    debt_axis.set_ylim(bottom=0)
    debt_axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))

    handles, labels = axis.get_legend_handles_labels()
    more_handles, more_labels = debt_axis.get_legend_handles_labels()
    if narrow:
        for side in (axis, debt_axis):
            side.tick_params(labelsize=8)
            side.yaxis.set_major_locator(MaxNLocator(nbins=4))
        axis.set_xlabel("Rata numero", fontsize=8)
        axis.legend(handles + more_handles, labels + more_labels, loc="upper center", ncols=2, frameon=False,
                    bbox_to_anchor=(0.5, -0.22), fontsize=8)  # fmt: skip
        axis.set_title("Come si compone ogni rata", loc="left", fontsize=11)
    else:
        axis.set_xlabel("Rata numero")
        axis.set_ylabel("Importo della rata")
        debt_axis.set_ylabel("Debito residuo")
        axis.legend(handles + more_handles, labels + more_labels, loc="upper center", ncols=3, frameon=False,
                    bbox_to_anchor=(0.5, 1.12))  # fmt: skip
        axis.set_title("Come si compone ogni rata", pad=28, loc="left", fontsize=12)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _figure(width: float, height: float, narrow: bool) -> Figure:
    """A figure; on a phone it is drawn 3.4 inches wide at twice the resolution, so that shown at the
    phone's width its text keeps its size and stays sharp."""
    if narrow:
        return Figure(figsize=(3.4, height * 1.15), dpi=200, layout="constrained")
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def category_chart(items: list[tuple[str, Decimal]], *, narrow: bool = False) -> bytes:
    """Monthly expenses by category (``(name, amount)``, largest first), as horizontal bars."""
    items = items[::-1]
    figure = _figure(7, 0.45 * max(len(items), 1) + 1.2, narrow)
    axis = figure.add_subplot()
    if items:
        names = [name for name, _ in items]
        values = [float(value) for _, value in items]
        bars = axis.barh(names, values, color=PRINCIPAL_COLOUR)
        axis.bar_label(bars, labels=[format_number(value) + " €" for _, value in items], padding=4, fontsize=9)
        axis.set_xlim(0, max(values) * 1.3)
    else:
        axis.text(0.5, 0.5, "Nessuna spesa inserita", ha="center", va="center", transform=axis.transAxes)
        axis.set_yticks([])
    axis.xaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.set_title("Dove vanno i soldi ogni mese", loc="left", fontsize=12)
    axis.grid(axis="x", alpha=0.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


MONTHS_IT = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")


def calendar_chart(months: list[tuple[int, int, Decimal, Decimal, Decimal]], *, narrow: bool = False) -> bytes:
    """Income and outgoings month by month (short months in red) with the cash left as a line.

    ``months`` holds ``(year, month, income, outgoings, cash)``. On a phone the legend goes under the chart
    and the months show their initial only.
    """
    if narrow:
        labels = [f"{MONTHS_IT[m - 1][0].upper()}" for _y, m, *_ in months]
    else:
        labels = [f"{MONTHS_IT[m - 1]}\n{y % 100:02d}" for y, m, *_ in months]
    positions = list(range(len(months)))
    income = [float(row[2]) for row in months]
    outgoings = [float(row[3]) for row in months]
    cash = [float(row[4]) for row in months]
    figure = _figure(9, 4.2, narrow)
    axis = figure.add_subplot()
    width = 0.38
    axis.bar([p - width / 2 for p in positions], income, width, color="#7570b3", label="Entrate")
    colours = [INTEREST_COLOUR if out > inc else "#999999" for inc, out in zip(income, outgoings, strict=True)]
    axis.bar(
        [p + width / 2 for p in positions],
        outgoings,
        width,
        color=colours,
        label="Uscite (in arancio: più delle entrate)",
    )
    axis.plot(positions, cash, color=BALANCE_COLOUR, marker="o", linewidth=1.6, label="Soldi disponibili a fine mese")
    axis.axhline(0, color="#c62828", linewidth=0.8)
    axis.set_xticks(positions, labels)
    axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.grid(axis="y", alpha=0.3)
    if narrow:
        axis.legend(loc="upper center", ncols=1, frameon=False, bbox_to_anchor=(0.5, -0.08), fontsize=9)
        axis.set_title("I prossimi 12 mesi", loc="left", fontsize=12)
    else:
        axis.legend(loc="upper center", ncols=3, frameon=False, bbox_to_anchor=(0.5, 1.13), fontsize=9)
        axis.set_title("I prossimi 12 mesi", pad=28, loc="left", fontsize=12)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def before_after_chart(
    months: list[tuple[int, int]],
    before: list[tuple[Decimal, Decimal]],
    after: list[tuple[Decimal, Decimal]],
    *,
    narrow: bool = False,
) -> bytes:
    """Each month's balance today and after the events (bars), and the money left at the end of each month (lines).

    ``before`` and ``after`` hold ``(balance, cash)`` per month of ``months`` = ``(year, month)``. On a phone
    the months show their initial and the legend goes under the chart.
    """
    positions = list(range(len(months)))
    small = 8 if narrow else 9
    figure = _figure(9, 4.4, narrow)
    axis = figure.add_subplot()
    width = 0.4 if narrow else 0.38
    axis.bar([p - width / 2 for p in positions], [float(b) for b, _ in before], width, color="#b0b0b0",
             label="Saldo del mese, oggi")  # fmt: skip
    colours = [INTEREST_COLOUR if b < 0 else "#7570b3" for b, _ in after]
    axis.bar([p + width / 2 for p in positions], [float(b) for b, _ in after], width, color=colours,
             label="Saldo del mese, dopo (in arancio: in rosso)")  # fmt: skip
    axis.plot(positions, [float(c) for _, c in before], color="#808080", linestyle="--", linewidth=1.3,
              label="Soldi disponibili, oggi")  # fmt: skip
    axis.plot(positions, [float(c) for _, c in after], color=BALANCE_COLOUR, marker="o", markersize=3 if narrow else 6,
              linewidth=1.6, label="Soldi disponibili, dopo")  # fmt: skip
    axis.axhline(0, color="#c62828", linewidth=0.8)
    if narrow:
        axis.set_xticks(positions, [MONTHS_IT[m - 1][0].upper() for _y, m in months], fontsize=small)
        axis.tick_params(axis="y", labelsize=small)
    else:
        axis.set_xticks(positions, [f"{MONTHS_IT[m - 1]}\n{y % 100:02d}" for y, m in months])
    axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.grid(axis="y", alpha=0.3)
    handles, names = axis.get_legend_handles_labels()
    handles[names.index("Saldo del mese, dopo (in arancio: in rosso)")] = Patch(color="#7570b3")
    if narrow:
        axis.legend(handles, names, loc="upper center", ncols=1, frameon=False, bbox_to_anchor=(0.5, -0.08),
                    fontsize=small)  # fmt: skip
        axis.set_title("I prossimi 12 mesi:\noggi e dopo gli eventi", loc="left", fontsize=11)
    else:
        axis.legend(handles, names, loc="upper center", ncols=2, frameon=False, bbox_to_anchor=(0.5, 1.2),
                    fontsize=small)  # fmt: skip
        axis.set_title("I prossimi 12 mesi: oggi e dopo gli eventi", pad=44, loc="left", fontsize=12)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


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
) -> bytes:
    """Debt left month by month, one stacked band per debt, from ``start`` = (year, month) of month 0.

    ``balances[k]`` holds every debt's balance at the end of month ``k``; a dashed line marks the debt-free
    month. On a phone the legend goes under the chart, the names are shorter and the ticks fewer.
    """
    months = list(range(len(balances)))
    figure = _figure(9, 4.4, narrow)
    axis = figure.add_subplot()
    series = [[float(row[i]) for row in balances] for i in range(len(names))]
    length = 30 if narrow else 34
    labels = [name if len(name) <= length else name[: length - 1] + "…" for name in names]
    colours = [DEBT_COLOURS[i % len(DEBT_COLOURS)] for i in range(len(names))]
    if names:
        axis.stackplot(months, *series, labels=labels, colors=colours, alpha=0.9)
    ticks, tick_labels = _month_steps(len(months), start, most=4 if narrow else 8)
    axis.set_xticks(ticks, tick_labels)
    axis.set_xlim(0, max(len(months) - 1, 1))
    axis.set_ylim(bottom=0)
    axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.grid(axis="y", alpha=0.3)
    if free_month is not None and free_month > 0:
        axis.axvline(free_month, color="#c62828", linestyle="--", linewidth=1.2)
    if narrow:
        axis.set_title("Quanto resta da pagare", loc="left", fontsize=11)
        axis.tick_params(labelsize=8)
        if names:
            axis.legend(loc="upper left", bbox_to_anchor=(0, -0.14), fontsize=8, frameon=False, ncols=1)
    else:
        axis.set_title("Quanto resta da pagare, debito per debito", loc="left", fontsize=12)
        if names:
            axis.legend(loc="upper right", fontsize=8, frameon=False, ncols=1 if len(names) <= 6 else 2)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _month_steps(count: int, start: tuple[int, int], *, most: int) -> tuple[list[int], list[str]]:
    """At most ``most`` ticks, every 6, 12, 18… months, labelled with the month and the year."""
    year, month = start
    step = max(6, math.ceil(count / most / 6) * 6)
    ticks = list(range(0, count, step))
    labels = [f"{MONTHS_IT[(month - 1 + t) % 12]}\n{(year + (month - 1 + t) // 12) % 100:02d}" for t in ticks]
    return ticks, labels


def fan_chart(
    bands: Mapping[int, Sequence[float]],
    start: tuple[int, int],
    *,
    goal: Decimal | None = None,
    contributed: Sequence[float] | None = None,
    narrow: bool = False,
) -> bytes:
    """Possible balances month by month: 5-95 and 25-75 percentile bands, the median, the money put in and the goal.

    ``bands`` maps a percentile (5, 25, 50, 75, 95) to its balance month by month (month 0 is today); with a
    single percentile (50) the chart is the one certain path. On a phone the title spans the figure and the
    legend goes under the plot.

    Examples
    --------
    >>> fan_chart({50: (0.0, 100.0, 200.0)}, (2026, 11), contributed=(0.0, 100.0, 200.0), narrow=True)[:4]
    b'\\x89PNG'
    """
    middle = bands[50]
    months = list(range(len(middle)))
    figure = _figure(9, 4.4, narrow)
    axis = figure.add_subplot()
    if 5 in bands and 95 in bands:
        axis.fill_between(months, bands[5], bands[95], color="#a6cee3", alpha=0.6, label="9 casi su 10")
    if 25 in bands and 75 in bands:
        axis.fill_between(months, bands[25], bands[75], color="#1f78b4", alpha=0.45, label="Metà dei casi")
    label = "Caso centrale (mediana)" if len(bands) > 1 else "Risparmi"
    axis.plot(months, middle, color="#08306b", linewidth=2, label=label)
    if contributed is not None:
        axis.plot(months, contributed, color=BALANCE_COLOUR, linestyle="--", linewidth=1.2, label="Soldi versati")
    if goal is not None:
        axis.axhline(float(goal), color="#c62828", linewidth=1.2, linestyle=":", label="Obiettivo")
    ticks, labels = _month_steps(len(months), start, most=4 if narrow else 9)
    axis.set_xticks(ticks, labels)
    axis.set_xlim(0, max(len(months) - 1, 1))
    axis.set_ylim(bottom=0)
    axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.grid(axis="y", alpha=0.3)
    title = "Come potrebbero andare i risparmi"
    if narrow:
        figure.suptitle(title, x=0.02, ha="left", fontsize=11)
        axis.tick_params(labelsize=9)
        axis.legend(loc="upper center", ncols=2, frameon=False, bbox_to_anchor=(0.5, -0.16), fontsize=8)
    else:
        axis.set_title(title, loc="left", fontsize=12)
        axis.legend(loc="upper center", ncols=5, frameon=False, bbox_to_anchor=(0.5, -0.12), fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
