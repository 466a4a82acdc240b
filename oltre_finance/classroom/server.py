"""The classroom server: Voilà for a room of participants on one small machine.

``oltre-finance serve --classroom --participants N`` starts this module in a
process of its own (``python -m oltre_finance.classroom.server``). It serves
the citizen apps and the lessons only, and adds to Voilà:

- a **room code**: the token every page needs; the educator's screen shows the
  address with the code and a QR code to join (:func:`join_page`); a page
  asked for without it gets an Italian form asking for the code;
- **preheated kernels**: the app the class opens first has a pool of N
  kernels, refilled only while the room has space (:class:`RoomKernels`);
- a **cap**: past :func:`room_size` pages in use, a new page gets the Italian
  "room full" page (HTTP 503), never a half-started kernel;
- **culling**: a kernel with no page connected is shut down after
  :data:`IDLE_SECONDS`, so a page closed without notice is reclaimed;
- a **memory budget** stated at start-up (:func:`memory_budget_mb`);
- a Content-Security-Policy and companion headers on every response;
- websocket messages bounded in size and rate, and no traceback or ``stderr``
  sent to a page (:mod:`.connection`);
- no file served but the pages' own (no ``.ipynb``, no ``/voila/files``, no
  contents API), and an access log without query strings (the room code).
"""

from __future__ import annotations

import argparse
import logging
import math
import secrets
import sys
from html import escape
from pathlib import Path
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer
from traitlets.config import Config

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "IDLE_SECONDS",
    "KERNEL_MB",
    "RoomKernels",
    "classroom_config",
    "memory_budget_mb",
    "room_code",
    "room_size",
]

#: A page's kernel, measured on this kit: 110–190 MB once an app has drawn its charts; the budget takes the top.
KERNEL_MB = 190
#: Voilà itself and its page cache.
SERVER_MB = 300
#: A kernel with no page connected for this long is shut down (a closed tab, a phone gone to sleep).
IDLE_SECONDS = 300
CULL_INTERVAL_SECONDS = 30
#: The pages may run inline scripts and styles (Voilà's own), talk to this server only, and load nothing else.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",  # blob: for anywidget's modules (browser storage)
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])  # fmt: skip
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
#: Largest websocket frame tornado reads at all; the connection closes on anything above its own, smaller bound.
WEBSOCKET_MAX_BYTES = 1024 * 1024

log = logging.getLogger("oltre_finance.classroom")


def room_code() -> str:
    """A room code of six digits: easy to read aloud and to type on a phone.

    Examples
    --------
    >>> code = room_code()
    >>> len(code), code.isdigit()
    (6, True)
    """
    return f"{secrets.randbelow(10**6):06d}"


def room_size(participants: int) -> int:
    """Kernels the room holds at once: one per participant, and a few more for reloads and a second app.

    Examples
    --------
    >>> room_size(30), room_size(5)
    (36, 7)
    """
    return participants + max(2, math.ceil(participants / 5))


def memory_budget_mb(participants: int) -> int:
    """The memory the room may use: a kernel for every page it holds, plus Voilà.

    Examples
    --------
    >>> memory_budget_mb(30)
    7140
    """
    return room_size(participants) * KERNEL_MB + SERVER_MB


class RoomKernels(AsyncMappingKernelManager):
    """The room's kernels, preheated ones included, never more than :attr:`room`; pooled ones are never culled.

    Every kernel counts, in use or waiting in a pool, so that the memory budget holds. A page that finds no
    kernel waiting and no space gets HTTP 503 (the Italian "room full" page); a pool refills only while
    there is space (Voilà's preheating subclasses this class and refills without asking, so
    :class:`~oltre_finance.classroom.pages.ClassroomVoila` makes the refill ask :meth:`refill_allowed`).
    """

    room = Integer(0, config=True, help="Kernels the room holds at once, preheated ones included (0: no cap).")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0  # kernels being started, not yet listed
        self._filling: set[Any] = set()  # pool tasks not yet done, including those a page already took

    def _pool_tasks(self) -> list[Any]:
        return [task for pool in getattr(self, "_pools", {}).values() for task in pool]

    def pooled(self) -> set[str]:
        """Kernels started for a pool and not yet given to a page."""
        return {task.result()["kernel_id"] for task in self._pool_tasks()
                if task.done() and not task.cancelled() and task.exception() is None}  # fmt: skip

    def kernels(self) -> int:
        """Kernels running or being started."""
        return len(self.list_kernel_ids()) + self._starting

    def full(self) -> bool:
        return bool(self.room) and self.kernels() >= self.room

    def refill_allowed(self) -> bool:
        """Whether a pool may start one more kernel (a pool's pending kernels count as started)."""
        self._filling = {task for task in self._filling if not task.done()}
        return not self.room or self.kernels() + len(self._filling) < self.room

    def filled(self, before: set[Any]) -> None:
        """Note the pool tasks a refill created (those not in ``before``)."""
        self._filling |= {task for task in self._pool_tasks() if task not in before and not task.done()}

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        """Start a kernel; for a page, refuse with 503 when the room is full (pages arriving together count)."""
        for_pool = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        if not for_pool and self.full():
            raise web.HTTPError(503, "aula piena")
        self._starting += 1
        try:
            return str(await super().start_kernel(*args, **kwargs))
        finally:
            self._starting -= 1

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        if kernel_id in self.pooled():
            return
        await super().cull_kernel_if_idle(kernel_id)


def _access_log(handler: web.RequestHandler) -> None:
    """One line per request, with the path only: the query holds the room code."""
    request = handler.request
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING
    logging.getLogger("tornado.access").log(level, "%d %s %s %.0fms", status, request.method, request.path,
                                            1000 * request.request_time())  # fmt: skip


def classroom_config(*, participants: int, code: str, first_app: str, host: str, port: int,
                     idle_seconds: int = IDLE_SECONDS) -> Config:  # fmt: skip
    """Voilà's configuration for a room of ``participants``, its code and the app they open first."""
    room = room_size(participants)
    config = Config()
    config.Voila.ip = host
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = False
    config.Voila.token = code
    config.Voila.kernel_websocket_connection_class = "oltre_finance.classroom.connection.BoundedConnection"
    config.Voila.identity_provider_class = "oltre_finance.classroom.pages.RoomIdentityProvider"
    config.Voila.tornado_settings = {
        "headers": HEADERS,
        "websocket_max_message_size": WEBSOCKET_MAX_BYTES,
        "log_function": _access_log,
        "xsrf_cookies": False,
    }
    config.VoilaConfiguration.strip_sources = True
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.theme = "light"
    config.VoilaConfiguration.template = "oltre"
    config.VoilaConfiguration.classic_tree = True
    config.VoilaConfiguration.file_allowlist = []  # /voila/files serves nothing: the pages need no file of ours
    config.VoilaConfiguration.extension_denylist = ["jupyterlab-jupytext"]
    config.VoilaConfiguration.multi_kernel_manager_class = "oltre_finance.classroom.server.RoomKernels"
    config.VoilaConfiguration.preheat_kernel = True
    config.VoilaConfiguration.default_pool_size = 0
    config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 0},
                                                     first_app: {"pool_size": participants}}  # fmt: skip
    config.VoilaKernelManager.fill_delay = 0
    config.RoomKernels.room = room
    config.RoomKernels.cull_idle_timeout = idle_seconds
    config.RoomKernels.cull_interval = min(CULL_INTERVAL_SECONDS, idle_seconds)
    config.RoomKernels.cull_connected = False
    config.RoomKernels.cull_busy = False
    # A page of a crowded room waits longer for its kernel's first output than nbclient's 4 s.
    config.VoilaExecutor.iopub_timeout = 60
    config.VoilaExecutor.timeout = 120
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Voilà for a classroom (started by oltre-finance serve --classroom)")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--participants", type=int, required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--first-app", required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle-seconds", type=int, default=IDLE_SECONDS)
    args = parser.parse_args(argv)

    from oltre_finance.classroom.pages import ClassroomVoila

    config = classroom_config(participants=args.participants, code=args.code, first_app=args.first_app,
                              host=args.host, port=args.port, idle_seconds=args.idle_seconds)  # fmt: skip
    ClassroomVoila.launch_instance([str(args.folder)], config=config)
    return 0


def join_html(address: str, code: str, participants: int, qr_svg: str) -> str:
    """The educator's page: the address and the room code in large type, and the QR code to join."""
    return f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Entra nell'aula</title>
<style>body{{font-family:sans-serif;text-align:center;color:#1a1a1a}} .code{{font-size:4em;letter-spacing:.15em}}
svg{{display:block;margin:1em auto;width:min(60vh,80vw);height:auto}}</style></head>
<body><main><h1>Entra nell'aula</h1><p>Inquadra il codice con la fotocamera del telefono, oppure apri</p>
<p><strong>{escape(address)}</strong></p><p>e scrivi il codice dell'aula:</p><p class="code">{escape(code)}</p>
{qr_svg}<p>Posti: {participants}</p></main></body></html>"""


if __name__ == "__main__":
    sys.exit(main())
