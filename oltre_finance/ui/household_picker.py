"""Where an app's household comes from: a sample, an uploaded file, or (if the app offers it) an empty start.

Every household app shows the same row: the list of sample households, the
"Carica file" button, the upload's message and the household's name and
description. The picker owns them and hands the household it loads to the
app, which only decides what to show.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.io.household_file import household_from_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.ui.blocks import banner, output, wrapping_row

__all__ = ["EMPTY", "HouseholdPicker"]

#: The choice "start empty", when an app offers it.
EMPTY = "__vuota__"


class HouseholdPicker:
    """The sample list and the upload button; ``on_load`` receives the household (``None`` for an empty start)."""

    def __init__(
        self,
        on_load: Callable[[Household | None], None],
        *,
        sample: str | None,
        unchanged_it: str,
        empty_label: str | None = None,
    ) -> None:
        self._on_load = on_load
        self._unchanged_it = unchanged_it
        names = sample_names()
        options = [(name, key) for key, name in names.items()]
        if empty_label is not None:
            options.insert(0, (empty_label, EMPTY))
        known = sample in names or (sample == EMPTY and empty_label is not None)
        self.chooser = widgets.Dropdown(
            options=options,
            value=sample if known else options[0][1],
            layout=widgets.Layout(width="32em", max_width="90vw"),
        )
        self.chooser.add_class("of-sample")
        self.upload = widgets.FileUpload(accept=".json,application/json", multiple=False, description="Carica file")
        self.upload.add_class("of-upload")
        self.upload_message = output("of-upload-message")
        self.description = widgets.HTML()
        self.chooser.observe(lambda _change: self.load_choice(), names="value")
        self.upload.observe(lambda _change: self._load_upload(), names="value")
        self.box = widgets.VBox([wrapping_row([self.chooser, self.upload]), self.upload_message, self.description])

    def load_choice(self) -> None:
        """Load the household chosen in the list (the apps call it once, when they are built)."""
        key = self.chooser.value
        self._loaded(None if key == EMPTY else load_sample(key))

    def _load_upload(self) -> None:
        files = self.upload.value
        if not files:
            return
        try:
            household = household_from_json(bytes(files[0]["content"]))
        except OltreFinanceError as error:
            self.upload_message.value = banner(
                "red", f"File non caricato: {escape(error.message_it)} {escape(self._unchanged_it)}"
            )
            return
        self.upload_message.value = banner("green", "File caricato.")
        self._loaded(household)

    def _loaded(self, household: Household | None) -> None:
        self.description.value = "" if household is None else _heading(household)
        self._on_load(household)


def _heading(household: Household) -> str:
    """The household's name in bold and its description."""
    return f"<p class='of-sentence'><b>{escape(household.name)}</b>. {escape(household.description)}</p>"
