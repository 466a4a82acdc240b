"""The frame every household app shares: the household bar, a title, the headline, the status line.

The shell owns what is the same in every app: the current household's bar
(Salva, Apri, examples, start again), a headline that stays in sight while
the person scrolls the inputs (the main result, visible on a projector after
each change), one status banner, debounced recomputing while the person
types, the last valid results kept on screen when a field is wrong, and an
Italian message instead of a traceback when something unforeseen fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from html import escape

import ipywidgets as widgets

from oltre_finance.household import Household
from oltre_finance.ui.debounce import Debouncer
from oltre_finance.ui.household_bar import HouseholdBar
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.style import stylesheet
from oltre_finance.views.blocks import Banner

__all__ = ["INVALID", "UNEXPECTED", "AppShell"]

log = logging.getLogger(__name__)
INVALID = "Correggi il campo segnato in rosso: i risultati qui sotto si riferiscono all'ultimo calcolo valido."
UNEXPECTED = (
    "Qualcosa non ha funzionato nel calcolo. Controlla i dati inseriti; se il problema resta, segnalalo a chi "
    "cura il programma."
)


class AppShell:
    """Build it first in an app: ``AppShell(title, intro, on_input=app.refresh)``, then ``layout(...)``."""

    def __init__(
        self,
        title: str,
        intro: str,
        *,
        on_input: Callable[[], None],
        session: HouseholdSession | None = None,
        today: date | None = None,
    ) -> None:
        self.title = title
        self.intro = intro
        self.session = session or HouseholdSession(today=today)
        self.bar = HouseholdBar(self.session)
        self.status = widgets.HTML()
        self.status.add_class("of-status")
        self.headline = widgets.HTML()
        self.headline.add_class("of-summary")
        self._on_input = on_input
        self._quiet = 0
        self._debounced = Debouncer(lambda: self.guard(self._on_input))

    def layout(self, *, inputs: Iterable[widgets.Widget], results: Iterable[widgets.Widget]) -> widgets.VBox:
        """The page: title, bar, the headline (kept in sight), the inputs, the status and the results."""
        head = widgets.HTML(f"<h1 class='of-title'>{escape(self.title)}</h1><p class='of-intro'>{escape(self.intro)}"
                            "</p>")  # fmt: skip
        sticky = widgets.VBox([self.headline, self.status])
        sticky.add_class("of-headline")
        page = widgets.VBox([stylesheet(), head, self.bar.box, sticky, *inputs, *results])
        page.add_class("of-app")
        return page

    def follow(self, show: Callable[[Household], None]) -> None:
        """Show the current household now and whenever it is opened, restored or changed elsewhere."""

        def changed(household: Household, _origin: object) -> None:
            self.status.value = ""
            self.quietly(lambda: self.guard(lambda: show(household)))

        self.session.subscribe(changed, owner=self)
        self.session.on_width(lambda _w: self.guard(lambda: show(self.session.household)))
        changed(self.session.household, None)

    # -- while the person types -----------------------------------------------

    def input_changed(self) -> None:
        """A field changed: recompute once the person pauses."""
        if not self._quiet:
            self._debounced()

    def quietly(self, action: Callable[[], None]) -> None:
        """Run ``action`` (filling fields) without recomputing for each field it sets."""
        self._quiet += 1
        try:
            action()
        finally:
            self._quiet -= 1

    def accept(self, household: Household) -> None:
        """The inputs make a valid household: it becomes the current one for every app."""
        self.clear_status()
        self.session.replace(household, origin=self)

    def clear_status(self) -> None:
        """The inputs are valid again: no message in the status line."""
        self.status.value = ""

    def show_invalid(self, text: str = INVALID) -> None:
        self.status.value = f"<div class='of-banner of-banner-red' role='alert'>{escape(text)}</div>"

    def guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception:  # the person must never see a traceback
            log.exception("%s failed", self.title)
            self.show_invalid(UNEXPECTED)

    @staticmethod
    def dots_html(banners: Iterable[Banner]) -> str:
        """The traffic lights in one line, for the headline."""
        words = {"green": "verde", "amber": "giallo", "red": "rosso"}
        items = "".join(
            f"<li class='of-mini-{escape(b.key)}'><span class='of-dot of-dot-{b.tone}' role='img' "
            f"aria-label='semaforo {words.get(b.tone, '')}'></span>{escape(b.strong)} <b>{escape(b.value)}</b></li>"
            for b in banners
            if b.dot
        )
        return f"<ul class='of-dots'>{items}</ul>" if items else ""
