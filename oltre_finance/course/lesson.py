"""What a lesson shows: sentences, tables, cards, charts and live apps, never raw printed objects.

A lesson (``course_material/*/lezione.md``) computes its figures with the
package and shows them with these functions, so that the same cell reads well
served live by Voilà, in the static course site, on a slide and in a printed
sheet (every output carries Markdown, which the printed sheets are made from).

A live app (:func:`live`) is the real app when the lesson is served; in the
built site and slides, where no kernel runs, it is a box that names the app to
open (the builder sets :data:`STATIC`).
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from IPython.display import Markdown, display

from oltre_finance.ui.served import CITIZEN_APPS
from oltre_finance.views.blocks import Banner, Card, Table

__all__ = ["APPS", "STATIC", "banners", "cards", "chart", "formula", "live", "say", "table"]

#: Set (to any value) by the course build: live apps become a box naming the app.
STATIC = "OLTRE_FINANCE_COURSE_STATIC"

#: The apps a lesson can open live: key → (module, class, notebook of the app).
APPS = CITIZEN_APPS

_TONE_WORDS = {"green": "Semaforo verde", "amber": "Semaforo giallo", "red": "Semaforo rosso"}
_NUMERIC = re.compile(r"^[-−+]?[\d.]+(,\d+)?\s*(€|%)?$")


def _cell(text: str) -> str:
    """A table cell in Markdown: no line breaks, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def say(text: str) -> None:
    """Show a sentence or paragraph (Markdown) whose figures were computed above."""
    display(Markdown(text))


def table(source: Table | None = None, *, columns: Sequence[str] = (), rows: Iterable[Sequence[str]] = (),
          caption: str = "") -> None:  # fmt: skip
    """Show a view's :class:`~oltre_finance.views.blocks.Table`, or ``columns`` and ``rows`` of text.

    Columns whose cells are all numbers (amounts, percentages) are aligned right.
    """
    if source is not None:
        columns, rows, caption = source.columns, source.rows, caption or source.caption
    body = [tuple(_cell(cell) for cell in row) for row in rows]
    numeric = [bool(body) and all(_NUMERIC.match(row[k]) for row in body if k < len(row))
               for k in range(len(columns))]  # fmt: skip
    lines = [f"*{_cell(caption)}*", ""] if caption else []
    lines.append("| " + " | ".join(_cell(title) for title in columns) + " |")
    lines.append("|" + "|".join("---:" if right else ":---" for right in numeric) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    display({"text/markdown": "\n".join(lines), "text/html": _table_html(columns, body, numeric, caption)}, raw=True)


def _inline_html(text: str) -> str:
    """A cell's text as HTML: escaped, with Markdown bold kept."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text.replace("\\|", "|")))


def _table_html(columns: Sequence[str], body: list[tuple[str, ...]], numeric: list[bool], caption: str) -> str:
    """The table in a region that scrolls sideways on a phone and can be scrolled from the keyboard."""
    align = ["right" if right else "left" for right in numeric]
    head = "".join(f"<th scope='col' style='text-align:{align[k]}'>{_inline_html(_cell(title))}</th>"
                   if _cell(title) else "<td></td>" for k, title in enumerate(columns))  # fmt: skip
    rows = "".join("<tr>" + "".join(f"<td style='text-align:{align[k] if k < len(align) else 'left'}'>"
                                    f"{_inline_html(cell)}</td>" for k, cell in enumerate(row)) + "</tr>"
                   for row in body)  # fmt: skip
    label = escape(caption or "Tabella: " + ", ".join(_cell(title) for title in columns if _cell(title)))
    caption_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f"<div class='of-lesson-table' role='region' tabindex='0' aria-label='{label}'>"
            f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")  # fmt: skip


def cards(items: Iterable[Card]) -> None:
    """Show a view's headline cards as a short list: label, then value in bold."""
    display(Markdown("\n".join(f"- {card.label}: **{card.value}**" for card in items)))


def banners(items: Iterable[Banner]) -> None:
    """Show a view's coloured messages; the colour is said in words (a traffic light has a name)."""
    lines = []
    for banner in items:
        tone = f"{_TONE_WORDS[banner.tone]}. " if banner.dot and banner.tone in _TONE_WORDS else ""
        strong = f"**{banner.strong}**: " if banner.strong else ""
        lines.append(f"> {tone}{strong}{banner.text}")
    display(Markdown("\n>\n".join(lines)))


def chart(svg: str, *, alt: str, caption: str = "") -> None:
    """Show a chart (SVG markup from :mod:`oltre_finance.views.charts`) with its text alternative."""
    figure = (f"<figure class='of-lesson-figure'><div role='img' aria-label='{escape(alt)}'>{svg}</div>"
              + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "") + "</figure>")  # fmt: skip
    bundle = {"text/html": figure, "image/svg+xml": svg, "text/plain": alt}
    display(bundle, raw=True, metadata={"image/svg+xml": {"alt": alt, "caption": caption}})


def _picture(png: bytes, *, alt: str) -> None:
    """Show a PNG image with its text alternative."""
    data = base64.b64encode(png).decode("ascii")
    figure = (f"<figure class='of-lesson-figure'><img src='data:image/png;base64,{data}' alt='{escape(alt)}' "
              "style='max-width:100%;height:auto'></figure>")  # fmt: skip
    bundle = {"text/html": figure, "image/png": data, "text/plain": alt}
    display(bundle, raw=True, metadata={"image/png": {"alt": alt, "caption": ""}})


def live(app: str, *, sample: str | None = None) -> Any:
    """The app ``app`` (a key of :data:`APPS`) on sample household ``sample``, kept apart from the citizen's own.

    Served live it returns the app's widget (the lesson's last expression shows it); in the built site and
    slides it shows a box naming the app and returns ``None``.
    """
    module_name, class_name, _notebook = APPS[app]
    module = __import__(module_name, fromlist=[class_name])
    from oltre_finance.ui.session import HouseholdSession

    session = HouseholdSession()
    # The lesson's household lives under its own key: opening a lesson never replaces the participant's own.
    session.bridge.storage_key = f"oltre_finance.lezione.{app}.{sample or 'vuota'}"
    session.bridge.apps_key = f"oltre_finance.lezione.{app}.{sample or 'vuota'}.app"
    if sample is not None:
        session.open_sample(sample)
    instance = getattr(module, class_name)(session=session)
    if os.environ.get(STATIC):
        say(f"> **Dal vivo: l'app «{instance.shell.title}».** Nel corso si apre dalla pagina iniziale degli "
            "strumenti; a casa, con `make serve`, sul proprio computer.")  # fmt: skip
        return None
    return instance.widget


def formula(tex: str, *, alt: str) -> None:
    """Show a formula typeset from TeX (matplotlib's mathtext) as an image, with ``alt`` saying it in words.

    Drawn here rather than by MathJax in the browser, so that it shows the same served live, in the site,
    on a slide and on paper, with nothing to load.
    """
    import io

    from matplotlib.figure import Figure

    figure = Figure(figsize=(0.01, 0.01))
    figure.text(0, 0, f"${tex}$", fontsize=20)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight", pad_inches=0.08, transparent=False)
    _picture(buffer.getvalue(), alt=alt)
