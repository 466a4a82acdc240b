"""Voilà's application and pages for the classroom: the room check, the Italian code form, fewer handlers."""

from __future__ import annotations

import logging
import re
from html import escape
from typing import Any

from tornado import web
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_identity_provider import VoilaIdentityProvider, VoilaLoginHandler

__all__ = ["ClassroomVoila", "CodeFormHandler", "HideCode", "RoomHandler", "RoomIdentityProvider", "TemplateFiles"]

_CODE = re.compile(r"(token=)[^&\s]*")


class HideCode(logging.Filter):
    """Keeps the room code out of the log: a request's address is logged with ``token=…``."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "token=" in text:
            record.msg, record.args = _CODE.sub(r"\1…", text), ()
        return True


class TemplateFiles(TemplateStaticFileHandler):  # type: ignore[misc]
    """A template's ``static`` files only; any other path of a template is not found (not a server error)."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/", 2)
        if len(parts) != 3 or parts[1] != "static" or not parts[2]:
            raise web.HTTPError(404)
        return str(super().parse_url_path(path))


class RoomHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """An app or lesson page; when the room is full, the Italian "room full" page instead (HTTP 503)."""

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        manager = self.kernel_manager
        if manager.full() and not manager.get_pool_size(path or ""):
            raise web.HTTPError(503, "aula piena")  # no kernel waiting and no space for one
        await super().get(path)


class CodeFormHandler(VoilaLoginHandler):  # type: ignore[misc]
    """The form that asks for the room code, in Italian (the code travels as the ``password`` field)."""

    def _render(self, message: Any = None) -> None:
        wrong = "<p role='alert' class='oltre-wrong'>Il codice non è giusto: riprova.</p>" if message else ""
        next_url = escape(self.get_argument("next", default=self.base_url))
        self.write(f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Codice dell'aula</title>
<style>body{{font-family:sans-serif;color:#1a1a1a;background:#f4f5f7}} main{{max-width:28em;margin:3em auto;
padding:0 1em}} input{{font-size:1.6em;width:8em;letter-spacing:.1em}} button{{font-size:1.2em;margin-top:.8em}}
input:focus-visible,button:focus-visible{{outline:3px solid #1f4e79}} .oltre-wrong{{color:#b00020}}</style></head>
<body><main><h1>Entra nell'aula</h1><p>Scrivi il codice che vedi sullo schermo dell'aula.</p>{wrong}
<form method="post" action="{escape(self.base_url)}login?next={next_url}">
<label for="codice">Codice dell'aula</label><br>
<input id="codice" name="password" inputmode="numeric" autocomplete="off" required><br>
<button type="submit">Entra</button></form></main></body></html>""")


class RoomIdentityProvider(VoilaIdentityProvider):  # type: ignore[misc]
    """The room code as Voilà's token, asked for with the Italian form."""

    def get_handlers(self) -> list[tuple[str, object]]:
        return [(pattern, CodeFormHandler if pattern == r"/login" else handler)
                for pattern, handler in super().get_handlers()]  # fmt: skip


class ClassroomVoila(Voila):  # type: ignore[misc]
    """Voilà with the room's render handler, without the contents API, with refills that ask the room."""

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        loggers = [logging.getLogger(), self.log] + [logging.getLogger(f"tornado.{name}")
                                                     for name in ("access", "application", "general")]  # fmt: skip
        for logger in loggers:
            logger.addFilter(HideCode())
            for handler in logger.handlers:
                handler.addFilter(HideCode())

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        manager = self.kernel_manager
        refill = manager.fill_if_needed

        def fill_if_needed(*args: Any, **kwargs: Any) -> None:
            if manager.refill_allowed():
                before = set(manager._pool_tasks())
                refill(*args, **kwargs)
                manager.filled(before)

        manager.fill_if_needed = fill_if_needed
        return settings

    def init_handlers(self) -> list[Any]:
        handlers = []
        for entry in super().init_handlers():
            handler = entry[1]
            if handler is VoilaContentsHandler:
                continue  # the home page is drawn on the server; no listing of the folder as JSON
            if handler is TornadoVoilaHandler:
                entry = (entry[0], RoomHandler, *entry[2:])
            elif handler is TemplateStaticFileHandler:
                entry = (entry[0], TemplateFiles, *entry[2:])
            handlers.append(entry)
        return handlers
