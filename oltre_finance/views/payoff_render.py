"""The payoff view's two compound blocks as HTML: the consolidation offer and the orientation.

Every text is escaped here (through :mod:`oltre_finance.views.render`).
"""

from __future__ import annotations

from html import escape

from oltre_finance.views.payoff import ConsolidationView, OrientationView
from oltre_finance.views.render import banner_html, banners_html, cards_html, link_html

__all__ = ["consolidation_html", "orientation_html"]


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
