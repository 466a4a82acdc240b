"""View results as HTML: the one place that turns cards, banners, tables and charts into markup.

Every text is escaped here; a link opens in a new tab and only ``https`` or
``http`` addresses become links.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from oltre_finance.views.blocks import Banner, Card, Link, Table

__all__ = ["banner_html", "banners_html", "cards_html", "figure_html", "link_html", "table_html"]


def cards_html(cards: Iterable[Card]) -> str:
    """Headline cards in a row that wraps."""
    body = "".join(
        f"<div class='of-card of-card-{escape(card.key)}{' of-card-negative' if card.negative else ''}'>"
        f"<div class='of-card-label'>{escape(card.label)}</div>"
        f"<div class='of-card-value'>{escape(card.value)}</div></div>"
        for card in cards
    )
    return f"<div class='of-cards'>{body}</div>"


def link_html(link: Link) -> str:
    """A source: a link when it has a web address, plain text otherwise."""
    if link.url.startswith(("https://", "http://")):
        return f"<a href='{escape(link.url)}' target='_blank' rel='noopener noreferrer'>{escape(link.text)}</a>"
    return escape(link.text)


def banner_html(banner: Banner) -> str:
    """A coloured message with its optional dot, bold start and sources."""
    dot = ""
    if banner.dot:
        word = {"green": "verde", "amber": "giallo", "red": "rosso"}.get(banner.tone, "")
        dot = f"<span class='of-dot of-dot-{banner.tone}' role='img' aria-label='semaforo {word}'></span>"
    strong = f"<b>{escape(banner.strong)}</b>: " if banner.strong else ""
    sources = ""
    if banner.sources:
        sources = "<div class='of-source'>Fonte: " + "; ".join(link_html(s) for s in banner.sources) + "</div>"
    return (
        f"<div class='of-banner of-banner-{banner.tone} of-{escape(banner.key)}'>"
        f"{dot}{strong}{escape(banner.text)}{sources}</div>"
    )


def banners_html(banners: Iterable[Banner]) -> str:
    return "".join(banner_html(banner) for banner in banners)


def table_html(table: Table) -> str:
    """A table that scrolls sideways on a phone, and says so."""
    head = "".join(f"<th scope='col'>{escape(title)}</th>" for title in table.columns)
    body = "".join(
        "<tr>" + "".join((f"<th scope='row'>{escape(cell)}</th>" if k == 0 else f"<td>{escape(cell)}</td>")
                         for k, cell in enumerate(row)) + "</tr>"
        for row in table.rows
    )  # fmt: skip
    return (
        f"<div class='of-scroll of-{escape(table.key)}' role='region' aria-label='{escape(table.caption)}' "
        "tabindex='0'><p class='of-scroll-hint'>Scorri la tabella di lato per vedere tutte le colonne.</p>"
        f"<table class='of-table'><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def figure_html(svg: str, *, alt: str, key: str) -> str:
    """A chart (SVG markup from :mod:`oltre_finance.views.charts`) as one image whose name is its text alternative.

    The chart's own marks are hidden from screen readers; ``alt`` says in words what it shows.
    """
    return f"<figure class='of-figure of-chart of-{escape(key)}' role='img' aria-label='{escape(alt)}'>{svg}</figure>"
