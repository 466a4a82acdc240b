"""The payoff view as HTML and a chart: the consolidation offer, the orientation, the balances month by month.

Every text is escaped here (through :mod:`oltre_finance.views.render`).
:func:`oltre_finance.views.charts.balances_chart` has no phone size yet;
:func:`balances_chart` is the same chart with ``narrow=True`` (to move into
``views/charts.py``).
"""

from __future__ import annotations

import io
from html import escape

from matplotlib.ticker import FuncFormatter

from oltre_finance.views.charts import DEBT_COLOURS, MONTHS_IT, _euro_axis, _figure
from oltre_finance.views.payoff import BalancesChart, ConsolidationView, OrientationView
from oltre_finance.views.render import banner_html, banners_html, cards_html, link_html

__all__ = ["balances_chart", "consolidation_html", "orientation_html"]


def consolidation_html(view: ConsolidationView) -> str:
    """The offer: the proposed amount, the cards, its findings and the debt-free dates."""
    hint = f"<p class='of-hint of-loan-hint'>{escape(view.amount_hint)}</p>" if view.amount_hint else ""
    cards = cards_html(view.cards) if view.cards else ""
    sentences = "".join(f"<p class='of-sentence'>{escape(text)}</p>" for text in view.sentences)
    return hint + cards + banners_html(view.banners) + sentences


def orientation_html(view: OrientationView) -> str:
    """The orientation's answer, its signals with their sources, where to turn, and what it is not."""
    items = "".join(
        f"<li><b>{link_html(item.name)}</b>: {escape(item.text)}"
        + (f" <span class='of-source'>({escape(item.reference)})</span>" if item.reference else "")
        + "</li>"
        for item in view.help
    )
    places = f"<ul class='of-help'>{items}</ul>" if items else ""
    return (
        banner_html(view.head)
        + banners_html(view.signals)
        + places
        + (f"<p class='of-source'>{escape(view.disclaimer)}</p>")
    )


def _short(name: str, length: int) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def balances_chart(chart: BalancesChart, *, narrow: bool = False) -> bytes:
    """What is left of each debt month by month, one stacked band per debt; a dashed line at the debt-free month.

    On a phone the legend goes under the chart, the names are shorter and the ticks fewer.
    """
    names = list(chart.names)
    months = list(range(len(chart.balances)))
    figure = _figure(9, 4.4, narrow)
    axis = figure.add_subplot()
    series = [[float(row[i]) for row in chart.balances] for i in range(len(names))]
    labels = [_short(name, 30 if narrow else 34) for name in names]
    colours = [DEBT_COLOURS[i % len(DEBT_COLOURS)] for i in range(len(names))]
    if names:
        axis.stackplot(months, *series, labels=labels, colors=colours, alpha=0.9)
    year, month = chart.start
    per_tick = 4 if narrow else 8
    step = max(1, (len(months) // per_tick + 5) // 6 * 6)  # ticks every 6, 12, 18... months
    ticks = list(range(0, len(months), step))
    axis.set_xticks(
        ticks, [f"{MONTHS_IT[(month - 1 + t) % 12]}\n{(year + (month - 1 + t) // 12) % 100:02d}" for t in ticks]
    )
    axis.set_xlim(0, max(len(months) - 1, 1))
    axis.set_ylim(bottom=0)
    axis.yaxis.set_major_formatter(FuncFormatter(_euro_axis))
    axis.grid(axis="y", alpha=0.3)
    if chart.free_month is not None and chart.free_month > 0:
        axis.axvline(chart.free_month, color="#c62828", linestyle="--", linewidth=1.2)
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
