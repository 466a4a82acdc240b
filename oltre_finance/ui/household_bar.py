"""The bar at the top of every household app: whose household this is, Salva, Apri, an example, start again.

Opening an example or starting again replaces the household on screen, so
when it holds the person's figures the bar asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from oltre_finance.household import Household
from oltre_finance.io.samples import sample_names
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.views.household import has_figures

__all__ = ["HouseholdBar"]

NO_SAMPLE = ""


class HouseholdBar:
    """``HouseholdBar(session).box``: shown above an app."""

    def __init__(self, session: HouseholdSession) -> None:
        self.session = session
        self.heading = widgets.HTML()
        self.heading.add_class("of-household-name")
        self.samples = widgets.Dropdown(
            options=[("Apri una famiglia di esempio…", NO_SAMPLE), *((n, k) for k, n in sample_names().items())],
            value=NO_SAMPLE,
            description="Esempi",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        self.samples.add_class("of-sample")
        box_layout = widgets.Layout(width="24em", max_width="100%", margin="0 0.6em")
        samples_box = widgets.VBox([self.samples], layout=box_layout)
        samples_box.add_class("of-field")  # its label above it, as every field's
        self.reset = widgets.Button(description="Ricomincia da zero", tooltip="Cancella la famiglia sullo schermo")
        self.reset.add_class("of-reset")
        self.question = widgets.HTML()
        self.yes = widgets.Button(description="Sì, continua", button_style="danger")
        self.yes.add_class("of-confirm-yes")
        self.no = widgets.Button(description="Annulla")
        self.no.add_class("of-confirm-no")
        self.confirm = widgets.HBox([self.question, self.yes, self.no], layout=widgets.Layout(display="none"))
        self.confirm.add_class("of-confirm")
        self.message = widgets.HTML()
        self.message.add_class("of-bar-message")
        self._pending: Callable[[], None] | None = None

        self.samples.observe(lambda _c: self._sample_chosen(), names="value")
        self.reset.on_click(lambda _b: self._ask("Ricominciare da zero? La famiglia sullo schermo sarà cancellata "
                                                 "da questo browser.", session.start_again))  # fmt: skip
        self.yes.on_click(lambda _b: self._answer(True))
        self.no.on_click(lambda _b: self._answer(False))
        session.subscribe(self._changed)
        session.on_notice(self._notice)
        layout = widgets.Layout(flex_flow="row wrap", align_items="flex-end")
        row = widgets.HBox([session.bridge, samples_box, self.reset], layout=layout)
        row.add_class("of-bar-row")
        self.box = widgets.VBox([self.heading, row, self.confirm, self.message])
        self.box.add_class("of-household-bar")
        self._changed(session.household, None)

    def _changed(self, household: Household, _origin: object) -> None:
        self.heading.value = f"<p class='of-household-heading'>Famiglia: <b>{escape(household.name)}</b></p>"

    def _notice(self, tone: str, text: str) -> None:
        self.message.value = f"<div class='of-banner of-banner-{tone}' role='status'>{escape(text)}</div>"

    def _sample_chosen(self) -> None:
        key = self.samples.value
        if key == NO_SAMPLE:
            return
        self._ask(
            "Aprire l'esempio? Sostituisce la famiglia sullo schermo (usa prima «Salva» se vuoi tenerla).",
            lambda: self.session.open_sample(key),
        )

    def _ask(self, question: str, action: Callable[[], None]) -> None:
        if not has_figures(self.session.household):
            self._run(action)
            return
        self._pending = action
        self.question.value = f"<span class='of-question' role='alert'>{escape(question)}</span>"
        self.confirm.layout.display = None

    def _answer(self, yes: bool) -> None:
        action, self._pending = self._pending, None
        self.confirm.layout.display = "none"
        if yes and action is not None:
            self._run(action)
        else:
            self._reset_samples()

    def _run(self, action: Callable[[], None]) -> None:
        action()
        self._reset_samples()

    def _reset_samples(self) -> None:
        self.samples.value = NO_SAMPLE
