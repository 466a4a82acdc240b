"""The current household of a page: one for every app on it, kept in the person's browser.

A :class:`HouseholdSession` holds the household that the apps read and
write. An app that edits it calls :meth:`~HouseholdSession.replace` with
itself as ``origin``; every other app on the page hears of the change. The
session writes the household to the browser's storage through its
:class:`~oltre_finance.ui.page_bridge.PageBridge` once the browser has said
what it kept, so that opening a page never overwrites the person's work.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.io.household_file import household_to_json, load_household, save_household
from oltre_finance.io.samples import load_sample
from oltre_finance.ui.page_bridge import PageBridge
from oltre_finance.views.household import empty_household, file_name, open_household_file

__all__ = ["SAVE_TO", "HouseholdSession", "Listener", "Notice"]

#: Environment variable naming a local file that also keeps the household (``oltre-finance serve --save-to``).
SAVE_TO = "OLTRE_FINANCE_SAVE_TO"

log = logging.getLogger(__name__)
Listener = Callable[[Household, object], None]
#: (tone, Italian text) for the household bar.
Notice = Callable[[str, str], None]


class HouseholdSession:
    """Build one per page (``HouseholdSession()``) and pass it to each app shown on it."""

    def __init__(
        self, *, today: date | None = None, bridge: PageBridge | None = None, save_to: Path | None = None
    ) -> None:
        self.today = today or date.today()
        #: A file on this computer that keeps the household too (local mode only; never in a classroom).
        self.save_to = save_to if save_to is not None else (Path(os.environ[SAVE_TO]) if os.environ.get(SAVE_TO)
                                                            else None)  # fmt: skip
        self.bridge = bridge or PageBridge()
        self.household = empty_household()
        #: True once the browser has told what it kept (until then nothing is written to it).
        self.restored = False
        self._listeners: list[tuple[object, Listener]] = []
        self._notices: list[Notice] = []
        self._width_listeners: list[Callable[[int], None]] = []
        #: Each app's own fields (``{app: {field: value}}``), as kept by the browser.
        self._apps: dict[str, dict[str, Any]] = {}
        self._app_listeners: dict[str, list[Callable[[dict[str, Any]], None]]] = {}
        self.bridge.on_message(self._message)
        self.bridge.observe(lambda change: self._width(change["new"]), names="width")

    # -- listening -----------------------------------------------------------

    def subscribe(self, listener: Listener, *, owner: object = None) -> None:
        """``listener(household, origin)`` after every change, except those whose ``origin`` is ``owner``."""
        self._listeners.append((owner, listener))

    def on_notice(self, notice: Notice) -> None:
        self._notices.append(notice)

    def on_width(self, callback: Callable[[int], None]) -> None:
        self._width_listeners.append(callback)

    def on_app_state(self, app: str, callback: Callable[[dict[str, Any]], None]) -> None:
        """``callback(fields)`` when the browser gives back what ``app``'s own fields held."""
        self._app_listeners.setdefault(app, []).append(callback)

    def app_state(self, app: str) -> dict[str, Any]:
        return dict(self._apps.get(app, {}))

    def keep_app_state(self, app: str, fields: dict[str, Any]) -> None:
        """Keep ``app``'s own fields (plain JSON values) in the browser, beside the household."""
        self._apps[app] = dict(fields)
        if self.restored:
            self.bridge.apps_stored = json.dumps(self._apps, ensure_ascii=False, sort_keys=True)

    @property
    def narrow(self) -> bool:
        """The page is phone-sized (charts are drawn for it)."""
        return 0 < self.bridge.width < 600

    # -- changing ------------------------------------------------------------

    def replace(self, household: Household, *, origin: object = None) -> None:
        """Make ``household`` the current one, keep it in the browser and tell every app but ``origin``."""
        self.household = household
        if self.restored:
            self.bridge.stored = household_to_json(household)
            self._save_file()
        for owner, listener in list(self._listeners):
            if origin is None or owner is not origin:
                listener(household, origin)

    def open_sample(self, key: str) -> None:
        self.replace(load_sample(key))
        self._notify("info", f"Aperta la famiglia di esempio «{self.household.name}». I nomi sono di fantasia.")

    def start_again(self) -> None:
        """An empty household, and every app's own fields cleared too."""
        self._apps = {}
        if self.restored:
            self.bridge.apps_stored = ""
        for callbacks in self._app_listeners.values():
            for callback in callbacks:
                callback({})
        self.replace(empty_household())
        self._notify("info", "Si ricomincia da una famiglia vuota.")

    def save(self) -> None:
        """Download the current household as a file named after it and today's date."""
        self.bridge.download(file_name(self.household, self.today), household_to_json(self.household))

    # -- the browser ---------------------------------------------------------

    def _message(self, message: dict[str, Any]) -> None:
        try:
            self._handle(message)
        except Exception:  # a message from the page must never break the app
            log.exception("page message failed")
            self._notify("red", "Qualcosa non ha funzionato. I dati sullo schermo non sono cambiati.")

    def _handle(self, message: dict[str, Any]) -> None:
        kind, text = message["kind"], message.get("text")
        if kind == "restored":
            first = not self.restored
            self.restored = True
            if first:
                self._restore_apps(message.get("apps"))
            if not isinstance(text, str) or not text:
                kept = self._read_file() if first else None
                if kept is not None:
                    self.replace(kept)  # this browser kept nothing: the file on this computer did
                elif first:
                    self.bridge.stored = household_to_json(self.household)
                return
            outcome = open_household_file(text)
            if outcome.household is None:
                self._notify("amber", "La famiglia salvata in questo browser non si può leggere: si parte da una "
                             "famiglia vuota.")  # fmt: skip
                return
            if outcome.household != self.household:
                self.replace(outcome.household)
        elif kind == "opened" or kind == "open_failed":
            outcome = open_household_file(text if isinstance(text, str) else None,
                                          failure=message.get("reason") if kind == "open_failed" else None)  # fmt: skip
            if outcome.household is not None:
                self.replace(outcome.household)
            self._notify("green" if outcome.ok else "red", outcome.message_it)
        elif kind == "save":
            self.save()
            self._notify("green", f"File salvato: {file_name(self.household, self.today)}.")
        elif kind == "storage_failed":
            self._notify("amber", "Questo browser non lascia salvare i dati: usa «Salva» per tenerli in un file.")

    def _save_file(self) -> None:
        if self.save_to is None:
            return
        try:
            save_household(self.household, self.save_to)
        except OSError:
            self._notify("amber", "Non riesco a scrivere il file della famiglia su questo computer: usa «Salva».")

    def _read_file(self) -> Household | None:
        if self.save_to is None or not self.save_to.is_file():
            return None
        try:
            return load_household(self.save_to)
        except OltreFinanceError:
            self._notify("amber", "Il file della famiglia su questo computer non si può leggere: non è stato usato.")
            return None

    def _restore_apps(self, text: object) -> None:
        try:
            kept = json.loads(text) if isinstance(text, str) and len(text) < 1_000_000 else {}
        except ValueError:
            kept = {}
        if not isinstance(kept, dict):
            kept = {}
        for app, fields in kept.items():
            if isinstance(app, str) and isinstance(fields, dict):
                self._apps[app] = fields
        for app, callbacks in self._app_listeners.items():
            for callback in callbacks:
                callback(self.app_state(app))
        if self._apps:
            self.bridge.apps_stored = json.dumps(self._apps, ensure_ascii=False, sort_keys=True)

    def _notify(self, tone: str, text: str) -> None:
        for notice in self._notices:
            notice(tone, text)

    def _width(self, width: int) -> None:
        for callback in self._width_listeners:
            callback(width)
