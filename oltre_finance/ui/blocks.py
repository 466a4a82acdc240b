"""Small pieces shared by the apps: summary cards, banners, month names, layout rows, column headers."""

from __future__ import annotations

from datetime import date
from html import escape

import ipywidgets as widgets

from oltre_finance.indicators import Band

__all__ = [
    "MONTH_NAMES",
    "UNEXPECTED_ERROR",
    "banner",
    "cards_html",
    "column_cell",
    "column_header",
    "dot",
    "labelled",
    "month_name",
    "output",
    "wrapping_row",
]

#: Shown instead of a traceback when something unforeseen fails.
UNEXPECTED_ERROR = (
    "<div class='of-banner of-banner-red'>Qualcosa non ha funzionato nel calcolo. Controlla i dati inseriti; "
    "se il problema resta, segnalalo a chi cura il programma.</div>"
)
MONTH_NAMES = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip


def cards_html(cards: list[tuple[str, str, str]]) -> str:
    """Summary cards from ``(label, value, css class)`` triples; label and value are escaped."""
    body = "".join(
        f"<div class='of-card {css}'><div class='of-card-label'>{escape(label)}</div>"
        f"<div class='of-card-value'>{escape(value)}</div></div>"
        for label, value, css in cards
    )
    return f"<div class='of-cards'>{body}</div>"


def output(css: str) -> widgets.HTML:
    """An empty HTML area the app fills with results, with its CSS class (used by styles and tests)."""
    area = widgets.HTML()
    area.add_class(css)
    return area


def dot(band: Band) -> str:
    """A traffic-light dot, with its colour's name for screen readers and tooltips."""
    return f"<span class='of-dot of-dot-{band.value}' title='{band.word_it}'></span>"


def banner(band: str, html: str, css: str = "") -> str:
    """A coloured message (green, amber, red, info); ``html`` must already be escaped."""
    return f"<div class='of-banner of-banner-{band} {css}'>{html}</div>"


def month_name(day: date) -> str:
    """``novembre 2026``."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def labelled(label: str, control: widgets.Widget) -> widgets.VBox:
    """A control with its label above, spaced like the text fields."""
    box = widgets.VBox([widgets.HTML(f"<label class='of-label'>{escape(label)}</label>"), control])
    box.layout.margin = "0 1.5em 0.6em 0"
    return box


def wrapping_row(children: list[widgets.Widget]) -> widgets.HBox:
    """A row that wraps on narrow screens."""
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap"))


def column_cell(title: str, control: widgets.Widget) -> widgets.VBox:
    """A control in an editable row, with its column title above it shown only on phones (the header hides there)."""
    cell = widgets.VBox([widgets.HTML(f"<span class='of-mini-label'>{escape(title)}</span>"), control])
    cell.add_class("of-cell")
    return cell


def column_header(columns: list[tuple[str, str]], widths: dict[str, str]) -> widgets.HBox:
    """Column titles ``(title, key)`` above editable rows, each as wide as the rows' control ``key``."""
    titles = [
        widgets.HTML(f"<span class='of-label'>{escape(title)}</span>", layout=widgets.Layout(width=widths[key]))
        for title, key in columns
    ]
    row = widgets.HBox(titles)
    row.add_class("of-item-line")
    row.add_class("of-column-header")
    return row
