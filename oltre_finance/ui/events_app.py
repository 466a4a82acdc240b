"""The "Eventi di vita" app: life events tried on the current household, its next 12 months before and after.

Everything the app decides is in :mod:`oltre_finance.views.events` (the
events' fields and defaults, reading them, what the comparison shows); the
fields of each event are built by :mod:`oltre_finance.ui.event_forms`. This
module binds them: it opens the current household and follows its changes,
keeps the events tried in the browser, and shows the result. Events are a
"what if": they never change the household.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from typing import Any

import ipywidgets as widgets

from oltre_finance.household import Household
from oltre_finance.ui.event_forms import EventBox
from oltre_finance.ui.fields import Field
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.shell import AppShell
from oltre_finance.views.blocks import Errors
from oltre_finance.views.event_forms import (
    EVENT_KINDS,
    MAX_EVENTS,
    EventInput,
    EventsInput,
    default_start,
    event_form,
    keep,
    parse_events,
    restore,
    start_options,
)
from oltre_finance.views.events import EventsView, events_chart, events_view
from oltre_finance.views.render import banner_html, banners_html, cards_html, figure_html, link_html, table_html

__all__ = ["APP", "EventsApp"]

APP = "events"
STYLE = {"description_width": "initial"}
INTRO = (
    "Una nascita, la cura di un genitore, una separazione, la casa, il lavoro perso, un prestito: aggiungi uno o più "
    "eventi e guarda come cambiano i prossimi 12 mesi della famiglia, quali aiuti pubblici potrebbero spettare e che "
    "cosa fare per primo. Gli eventi sono un «e se…»: la famiglia salvata non cambia. Sono stime indicative."
)


def _step(title: str) -> widgets.HTML:
    return widgets.HTML(f"<h2 class='of-step'>{escape(title)}</h2>")


def _html(css: str) -> widgets.HTML:
    area = widgets.HTML()
    area.add_class(css)
    return area


class EventsApp:
    """Build with ``EventsApp()`` and display ``.widget``; pass a ``session`` to share the household with other apps."""

    def __init__(self, *, session: HouseholdSession | None = None, today: date | None = None) -> None:
        self.shell = AppShell("Eventi di vita", INTRO, on_input=self.refresh, session=session, today=today)
        self.session = self.shell.session
        self.today = self.session.today
        self.start = widgets.Dropdown(options=start_options(self.today), value=default_start(self.today),
                                      description="Primo mese dei 12", style=STYLE)  # fmt: skip
        self.start.add_class("of-start")
        self.start_message = _html("of-message-start")
        self.isee = Field("isee", "ISEE della famiglia (€)", "", str, placeholder="per esempio 15.000",
                          hint="se lo conoscete: serve per stimare Assegno Unico e bonus")  # fmt: skip
        self.kind = widgets.Dropdown(options=[(name, key) for key, name in EVENT_KINDS.items()],
                                     description="Evento da aggiungere", style=STYLE,
                                     layout=widgets.Layout(width="auto", max_width="100%"))  # fmt: skip
        self.kind.add_class("of-event-kind")
        self.add = widgets.Button(description="+ Aggiungi evento", button_style="primary")
        self.add.add_class("of-add-event")
        self.add.on_click(lambda _b: self.add_event(self.kind.value))
        self.forms: list[EventBox] = []
        self.forms_box = widgets.VBox()
        self.forms_box.add_class("of-events")
        self.cards = self.shell.headline
        self.note, self.sentence, self.chart = _html("of-events-note"), _html("of-outcome"), _html("of-events-chart")
        self.changes, self.steps, self.lights = _html("of-changes"), _html("of-steps"), _html("of-indicators")
        self.benefits, self.months, self.carried = _html("of-benefits"), _html("of-months"), _html("of-carried")
        self.view: EventsView | None = None
        self._shown: Household | None = None
        self._drawn: tuple[object, ...] = ()
        self.start.observe(lambda _c: self.shell.input_changed(), names="value")
        self.isee.on_change(self.shell.input_changed)

        start = widgets.VBox([self.start, self.start_message], layout=widgets.Layout(margin="0 1.5em 0.6em 0"))
        start.add_class("of-field")
        self.isee.box.layout.width = "20em"
        row = widgets.HBox([start, self.isee.box])
        row.add_class("of-row")
        kind = widgets.VBox([self.kind], layout=widgets.Layout(margin="0 1em 0 0"))
        kind.add_class("of-field")
        adding = widgets.HBox([kind, self.add], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-end"))
        adding.add_class("of-add-row")
        self.widget = self.shell.layout(
            inputs=[_step("1. Da quando guardare"), row, _step("2. Gli eventi"),
                    self.forms_box, adding],
            results=[_step("3. Prima e dopo"), self.note, self.sentence, self.chart, self.changes,
                     self.steps, self.lights, self.benefits, self.months, self.carried],
        )  # fmt: skip
        self.widget.add_class("of-events-app")
        self.session.on_app_state(APP, self._restore)
        self.shell.follow(self._show_household)

    @property
    def household(self) -> Household:
        return self.session.household

    # -- the events -------------------------------------------------------------------------------

    def _box(self, kind: str, own: Mapping[str, Any]) -> EventBox:
        form = event_form(kind, self.household, today=self.today, own=own)
        return EventBox(form, on_change=self.shell.input_changed, on_remove=self._remove, own=own)

    def add_event(self, kind: str) -> EventBox | None:
        """Add the fields of an event of ``kind`` (a key of ``EVENT_KINDS``), prefilled from the household."""
        if len(self.forms) >= MAX_EVENTS:
            self.shell.show_invalid(f"Al massimo {MAX_EVENTS} eventi insieme: togline uno per aggiungerne un altro.")
            return None
        box = self._box(kind, {})
        self.forms.append(box)
        self.forms_box.children = [f.box for f in self.forms]
        self.shell.input_changed()
        return box

    def _remove(self, box: EventBox) -> None:
        self.forms.remove(box)
        self.forms_box.children = [f.box for f in self.forms]
        self.shell.input_changed()

    def _restore(self, fields: Mapping[str, Any]) -> None:
        """What the browser kept of the app's own fields (nothing: start again), put back quietly."""
        kept = restore(fields, today=self.today)

        def put_back() -> None:
            self.start.value = kept.start
            self.isee.text.value = kept.isee

        self.shell.quietly(put_back)
        self.forms = [self._box(kind, own) for kind, own in kept.events]
        self.forms_box.children = [f.box for f in self.forms]
        self.refresh()

    def _show_household(self, household: Household) -> None:
        """The household was opened, restored or changed elsewhere (or the page changed width)."""
        if household is self._shown and self.view is not None:
            self._draw(self.view)
            return
        self._shown = household
        for box in self.forms:  # the choices and the untouched defaults follow the household
            box.load(event_form(box.kind, household, today=self.today, own=box.own()))
        self.refresh()

    # -- computing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the fields; show the comparison, or each error beside its field (keeping the last results)."""
        self.session.keep_app_state(APP, keep(self.start.value, self.isee.text.value,
                                              [(box.kind, box.own()) for box in self.forms]))  # fmt: skip
        typed = EventsInput(start=self.start.value, isee=self.isee.text.value,
                            events=tuple(EventInput(kind=b.kind, values=b.values()) for b in self.forms))  # fmt: skip
        parsed = parse_events(typed, self.household, today=self.today)
        if isinstance(parsed, Mapping):
            self._show_errors(parsed)
            self.shell.show_invalid()
            return
        self._show_errors({})
        self.shell.clear_status()
        self._show(events_view(parsed, self.household))

    def _show_errors(self, errors: Errors) -> None:
        isee = errors.get("isee")
        if isee is None:
            self.isee.clear_error()
        else:
            self.isee.show_error(isee)
        start = errors.get("start")
        self.start_message.value = f"<span class='of-error' role='alert'>⚠ {escape(start)}</span>" if start else ""
        for index, box in enumerate(self.forms):
            mine = {}
            for key, message in errors.items():
                parts = key.split(".", 2)
                if parts[:2] == ["events", str(index)]:
                    mine[parts[2] if len(parts) == 3 else ""] = message
            box.show_errors(mine)

    # -- showing --------------------------------------------------------------------------------

    def _show(self, view: EventsView) -> None:
        self.view = view
        self.cards.value = cards_html(view.cards) + self.shell.dots_html(view.lights)
        self.note.value = banner_html(view.status) if view.status else ""
        self.sentence.value = (
            f"<p class='of-sentence of-outcome-text'>{escape(view.sentence)}</p>" if view.sentence else ""
        )
        self._draw(view)
        events = "".join(f"<li>{escape(label)}</li>" for label in view.events)
        changes = "".join(f"<li>{escape(line)}</li>" for line in view.changes)
        self.changes.value = (f"<h3>Che cosa cambia</h3><ul class='of-events-list'>{events}</ul><ul>{changes}</ul>"
                              if view.has_events else "")  # fmt: skip
        steps = "".join(f"<li>{escape(step)}</li>" for step in view.steps)
        self.steps.value = (
            f"<h3>Che cosa fare, nell'ordine</h3><ol class='of-first-steps'>{steps}</ol>" if steps else ""
        )
        title = (
            "I semafori del bilancio (mese tipo, a eventi conclusi)" if view.has_events else "I semafori del bilancio"
        )
        self.lights.value = f"<h3>{title}</h3>{banners_html(view.lights)}" if view.lights else ""
        sources = "; ".join(link_html(link) for link in view.benefit_sources)
        self.benefits.value = (
            table_html(view.benefits) if view.benefits else "<h3>Aiuti che potrebbero spettare</h3>"
        ) + f"<p class='of-source'>{escape(view.benefits_note)}{' Fonti: ' + sources + '.' if sources else ''}</p>"
        self.months.value = (
            table_html(view.month_table) + f"<p class='of-source'>{escape(view.month_note)}</p>"
            if view.month_table else ""
        )  # fmt: skip
        self.carried.value = f"<p class='of-source'>{escape(view.carried)}</p>" if view.carried else ""

    def _draw(self, view: EventsView) -> None:
        """The chart, for the page's width (a phone gets its own drawing)."""
        drawn = (view.months, view.before, view.after_series, view.chart_alt, self.session.narrow)
        if drawn != self._drawn:  # drawing takes a while: only when the chart changes
            self._drawn = drawn
            svg = events_chart(view, narrow=self.session.narrow)
            self.chart.value = figure_html(svg, alt=view.chart_alt, key="events-figure")
