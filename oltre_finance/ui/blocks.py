"""Small HTML blocks shared by the apps: summary cards and the unexpected-error banner."""

from __future__ import annotations

from html import escape

__all__ = ["UNEXPECTED_ERROR", "cards_html"]

#: Shown instead of a traceback when something unforeseen fails.
UNEXPECTED_ERROR = (
    "<div class='of-banner of-banner-red'>Qualcosa non ha funzionato nel calcolo. Controlla i dati inseriti; "
    "se il problema resta, segnalalo a chi cura il programma.</div>"
)


def cards_html(cards: list[tuple[str, str, str]]) -> str:
    """Summary cards from ``(label, value, css class)`` triples; label and value are escaped."""
    body = "".join(
        f"<div class='of-card {css}'><div class='of-card-label'>{escape(label)}</div>"
        f"<div class='of-card-value'>{escape(value)}</div></div>"
        for label, value, css in cards
    )
    return f"<div class='of-cards'>{body}</div>"
