"""A Voilà app page without a browser: the HTTP requests and the kernel websocket messages Chromium makes.

Recorded from Chromium opening ``02_bilancio_familiare.ipynb`` on the classroom server (Playwright's
``page.on("websocket")`` and requests), a page:

1. GETs the page (with ``?token=`` on the classroom server) and finds ``"kernelId"`` and the root widget's
   ``model_id`` in it;
2. GETs its scripts and styles (those named in the page, then Voilà's and the widget extensions' chunks),
   six at a time as a browser does on one host;
3. GETs ``/api/kernels/<id>?<time>`` and opens ``/api/kernels/<id>/channels?session_id=<uuid>`` with the
   ``v1.kernel.websocket.jupyter.org`` subprotocol (binary frames: offsets, channel, header, parent header,
   metadata, content, buffers);
4. sends ``kernel_info_request`` and waits for the reply;
5. opens a ``jupyter.widget.control`` comm, sends ``request_states`` on it, receives every widget's state
   in one ``update_states`` message, and closes the comm;
6. once the views are drawn, the page's bridge widget (an anywidget with a ``storage_key``) sends its
   ``width`` (an ``update``) and ``restored`` (a ``custom`` message: nothing stored in a new browser).

A changed field sends ``comm_msg`` ``{"method": "update", "state": {"value": ...}}`` (Playwright's
``fill``: one message); a dropdown sends ``{"index": n}``. New widgets arrive as ``comm_open`` on iopub and
changed traits as ``update`` / ``echo_update``.

The page is *interactive* when every widget state is in and the headline (the HTML widget with class
``of-summary``) shows its cards (``of-card``). Widgets are found by their ``ipywidgets`` model names, the
CSS classes ``of-summary`` / ``of-card`` / ``of-app`` and their Italian descriptions, never by model id.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, WebSocketClosedError, websocket_connect

__all__ = ["V1", "ClientError", "PageClient", "decode_v1", "encode_v1"]

V1 = "v1.kernel.websocket.jupyter.org"
#: A browser opens six connections to one host.
BROWSER_CONNECTIONS = 6
_KERNEL = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
_ROOT = re.compile(r'widget-view\+json":\s*\{"model_id":\s*"([0-9a-f]+)"')
_ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/[^"]*)"')
_AMOUNT = re.compile(r"importo|€", re.IGNORECASE)
_TEXT_MODELS = {"TextModel", "FloatTextModel", "BoundedFloatTextModel", "IntTextModel", "BoundedIntTextModel"}


class ClientError(Exception):
    """The page could not do what a participant asked (closed socket, missing widget, an error shown)."""


def encode_v1(channel: str, parts: list[bytes]) -> bytes:
    """A message in the v1 websocket protocol: the offsets, the channel, then the parts."""
    name = channel.encode("utf-8")
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(name))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + name + b"".join(parts)


def decode_v1(frame: bytes) -> tuple[str, list[bytes]]:
    """The channel and the parts of a v1 frame (header, parent header, metadata, content, buffers...)."""
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    offsets.append(len(frame))
    channel = frame[offsets[0] : offsets[1]].decode("utf-8")
    parts = [frame[offsets[i] : offsets[i + 1]] for i in range(1, len(offsets) - 1)]
    return channel, parts


@dataclass
class PageClient:
    """One participant's page: ``await open()``, then ``set_value`` / ``select`` and wait for the headline."""

    base: str
    path: str
    token: str | None = None
    static: list[list[str]] = field(default_factory=list)  # waves of chunks loaded before the websocket
    late: list[str] = field(default_factory=list)  # chunks loaded once the widget states are in (their models)
    session: str = field(default_factory=lambda: str(uuid.uuid4()))
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # msg_type (and method) of what this page sent, in order
    kernel: str = ""
    root: str = ""
    protocol: str = ""
    frames: int = 0
    closed: bool = False
    milestones: dict[str, float] = field(default_factory=dict)  # seconds from the page's request

    def __post_init__(self) -> None:
        self._socket: WebSocketClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._idle: set[str] = set()
        self._replies: dict[str, dict[str, Any]] = {}

    # -- addresses -------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        address = urljoin(self.base + "/", path.lstrip("/"))
        if self.token:
            address += ("&" if "?" in address else "?") + f"token={self.token}"
        return address

    # -- opening, as the browser does ------------------------------------------------------------------

    async def open(self, *, timeout: float = 60) -> float:
        """Open the page; seconds until it is interactive. Raises on failure or past ``timeout``."""
        self._started = time.monotonic()
        await asyncio.wait_for(self._open(), timeout)
        self.mark("interactive")
        return self.milestones["interactive"]

    def mark(self, name: str) -> None:
        self.milestones[name] = time.monotonic() - self._started

    async def _open(self) -> None:
        http = AsyncHTTPClient()
        try:
            response = await http.fetch(self.url(self.path), request_timeout=600, follow_redirects=False)
        except HTTPClientError as error:
            raise ClientError(f"pagina: HTTP {error.code}") from None
        page = response.body.decode("utf-8", "replace")
        self.mark("page")
        kernel, root = _KERNEL.search(page), _ROOT.search(page)
        if not kernel:
            raise ClientError(f"pagina senza kernel (HTTP {response.code})")
        if not root:  # the notebook did not run to its widget (a timeout or an error in the cell)
            raise ClientError("pagina senza l'app (il notebook non è arrivato al widget)")
        self.kernel, self.root = kernel.group(1), root.group(1)
        # A browser loads the files the page names, then what each of them asks for, wave after wave.
        named = [path for path in _ASSET.findall(page) if not path.startswith("//")]
        await self._fetch_all(named)
        for wave in self.static:
            await self._fetch_all([path for path in wave if path not in named])
        self.mark("files")
        await http.fetch(self.url(f"/api/kernels/{self.kernel}?{int(time.time() * 1000)}"), request_timeout=600)
        await self.connect()
        self.mark("websocket")
        await self.request("kernel_info_request", {}, reply="kernel_info_reply")
        control = uuid.uuid4().hex
        self._replies.pop("update_states", None)
        await self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                        metadata={"version": "1.0.0"})  # fmt: skip
        await self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        await self.until(lambda: "update_states" in self._replies, 600, "gli stati dei widget")
        self.mark("states")
        await self.send("comm_close", {"comm_id": control, "data": {}})
        await self._fetch_all(self.late)
        bridge = self.find(lambda s: s.get("_model_name") == "AnyModel" and "storage_key" in s)
        if bridge:  # the page's own storage and width (anywidget), once its view is drawn
            await self.update(bridge, {"width": 1280})
            await self.send("comm_msg", {"comm_id": bridge, "data": {"method": "custom", "content": {
                "kind": "restored", "text": None, "apps": None}}})  # fmt: skip
        await self.until(lambda: "of-card" in self.summary(), 600, "il riepilogo")

    async def _fetch_all(self, paths: list[str]) -> None:
        http = AsyncHTTPClient()
        gate = asyncio.Semaphore(BROWSER_CONNECTIONS)

        async def one(path: str) -> None:
            async with gate:
                try:
                    await http.fetch(urljoin(self.base + "/", path.lstrip("/")), request_timeout=600)
                except HTTPClientError as error:
                    self.errors.append(f"file statico: HTTP {error.code}")

        await asyncio.gather(*(one(path) for path in paths))

    async def connect(self) -> None:
        """The kernel's websocket, as JupyterLab's services open it (binary v1 protocol when offered)."""
        address = self.url(f"/api/kernels/{self.kernel}/channels?session_id={self.session}")
        request = HTTPRequest(address.replace("http://", "ws://", 1), request_timeout=600)
        self._socket = await websocket_connect(request, subprotocols=[V1], max_message_size=256 * 1024 * 1024)
        self.protocol = self._socket.selected_subprotocol or "json"
        self.closed = False
        self._reader = asyncio.ensure_future(self._read())

    async def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
            self._reader = None

    # -- messages ----------------------------------------------------------------------------------------

    def _message(self, msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None) -> dict[str, Any]:
        header = {"msg_id": str(uuid.uuid4()), "msg_type": msg_type, "session": self.session, "username": "",
                  "date": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), "version": "5.2"}  # fmt: skip
        return {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content}

    def frame(self, msg_type: str, content: dict[str, Any], *, metadata: dict[str, Any] | None = None) -> Any:
        """A shell message as this connection's protocol carries it."""
        message = self._message(msg_type, content, metadata)
        if self.protocol == V1:
            parts = [json.dumps(message[key]).encode("utf-8") for key in ("header", "parent_header", "metadata",
                                                                            "content")]  # fmt: skip
            return encode_v1("shell", parts), message["header"]["msg_id"]
        message |= {"channel": "shell", "buffers": []}
        return json.dumps(message), message["header"]["msg_id"]

    async def send(
        self, msg_type: str, content: dict[str, Any], *, metadata: dict[str, Any] | None = None, record: bool = True
    ) -> str:
        if self._socket is None or self.closed:
            raise ClientError("connessione chiusa")
        data, msg_id = self.frame(msg_type, content, metadata=metadata)
        method = (content.get("data") or {}).get("method") if isinstance(content.get("data"), dict) else None
        if record:
            self.sent.append(f"{msg_type}:{method}" if method else msg_type)
        try:
            await self._socket.write_message(data, binary=not isinstance(data, str))
        except WebSocketClosedError:
            self.closed = True
            raise ClientError("connessione chiusa") from None
        return msg_id

    async def request(self, msg_type: str, content: dict[str, Any], *, reply: str, timeout: float = 600) -> None:
        self._replies.pop(reply, None)
        await self.send(msg_type, content)
        await self.until(lambda: reply in self._replies, timeout, reply)

    async def _read(self) -> None:
        assert self._socket is not None
        while True:
            frame = await self._socket.read_message()
            if frame is None:
                self.closed = True
                self._changed.set()
                return
            self.frames += 1
            try:
                if isinstance(frame, bytes):
                    _channel, parts = decode_v1(frame)
                    header, parent, content = (json.loads(parts[i]) for i in (0, 1, 3))
                else:
                    message = json.loads(frame)
                    header, parent, content = message["header"], message["parent_header"], message["content"]
            except (ValueError, IndexError, KeyError):
                self.errors.append("messaggio illeggibile dal server")
                continue
            self._handle(header.get("msg_type", ""), parent, content)
            self._changed.set()

    def _handle(self, msg_type: str, parent: dict[str, Any], content: dict[str, Any]) -> None:
        if msg_type == "status" and content.get("execution_state") == "idle":
            self._idle.add(parent.get("msg_id", ""))
        elif msg_type == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict((content.get("data") or {}).get("state") or {})
        elif msg_type == "comm_msg":
            data = content.get("data") or {}
            method = data.get("method")
            if method == "update_states":
                for comm, entry in (data.get("states") or {}).items():
                    self.models[comm] = dict(entry.get("state") or {})
                self._replies["update_states"] = data
            elif method in ("update", "echo_update") and content.get("comm_id") in self.models:
                self.models[content["comm_id"]].update(data.get("state") or {})
        elif msg_type == "comm_close":
            self.models.pop(content.get("comm_id"), None)
        elif msg_type == "error" or content.get("status") == "error":
            self.errors.append(f"errore dal kernel ({msg_type})")
        elif msg_type.endswith("_reply"):
            self._replies[msg_type] = content

    async def until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait for ``condition`` (checked whenever a message comes), at most ``timeout`` seconds."""
        end = time.monotonic() + timeout
        while not condition():
            if self.closed:
                raise ClientError(f"connessione chiusa aspettando {what}")
            left = end - time.monotonic()
            if left <= 0:
                raise ClientError(f"tempo scaduto aspettando {what}")
            self._changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    # -- the widgets -----------------------------------------------------------------------------------

    def tree(self) -> list[str]:
        """Model ids from the page's root widget down, in the order the page shows them."""
        seen: list[str] = []
        stack = [self.root]
        while stack:
            comm = stack.pop(0)
            if comm in seen or comm not in self.models:
                continue
            seen.append(comm)
            children = self.models[comm].get("children") or []
            stack[:0] = [c.removeprefix("IPY_MODEL_") for c in children if isinstance(c, str)]
        return seen

    def find(self, test: Callable[[dict[str, Any]], bool]) -> str | None:
        """The first widget (in page order, then any) whose state passes ``test``."""
        ordered = self.tree()
        for comm in [*ordered, *(c for c in self.models if c not in ordered)]:
            if test(self.models[comm]):
                return comm
        return None

    def summary(self) -> str:
        """The headline's HTML (the HTML widget with class ``of-summary``), ``""`` if none."""
        comm = self.find(lambda s: s.get("_model_name") == "HTMLModel" and "of-summary" in s.get("_dom_classes", []))
        return str(self.models[comm].get("value", "")) if comm else ""

    def shows_an_error(self) -> bool:
        """Whether the status line shows a red banner (a field refused, or the app's Italian failure note)."""
        return any("of-banner-red" in str(s.get("value", "")) and "of-status" in s.get("_dom_classes", [])
                   for s in self.models.values())  # fmt: skip

    def amount_field(self) -> str | None:
        """The first amount the person has filled in (a Text whose Italian description names an amount)."""
        return self.find(lambda s: s.get("_model_name") in _TEXT_MODELS and _AMOUNT.search(str(s.get("description")))
                         and str(s.get("value", "")).strip() != "" and not s.get("disabled"))  # fmt: skip

    def examples(self) -> str | None:
        """The dropdown of example households (its description is ``Esempi``)."""
        return self.find(
            lambda s: s.get("_model_name") == "DropdownModel" and "esemp" in str(s.get("description", "")).lower()
        )

    async def update(self, comm: str, state: dict[str, Any]) -> str:
        self.models[comm].update(state)
        return await self.send("comm_msg", {"comm_id": comm, "data": {"method": "update", "state": state,
                                                                        "buffer_paths": []}})  # fmt: skip

    async def change_and_wait(self, comm: str, state: dict[str, Any], *, timeout: float = 30,
                              settle: bool = False) -> float:  # fmt: skip
        """Change a widget; seconds until the headline shows the new result (and, with ``settle``, the kernel
        has finished with the message: an example household builds many widgets)."""
        before = self.summary()
        started = time.monotonic()
        msg_id = await self.update(comm, state)
        await self.until(lambda: self.summary() != before and (not settle or msg_id in self._idle), timeout,
                         "il risultato")  # fmt: skip
        elapsed = time.monotonic() - started
        if self.shows_an_error():
            raise ClientError("la pagina mostra un errore")
        return elapsed

    async def open_example(self, index: int = 1, *, timeout: float = 60) -> float:
        """Open an example household (the ``Esempi`` dropdown), as the class does to start from figures."""
        dropdown = self.examples()
        if dropdown is None:
            raise ClientError("nessun menu degli esempi")
        labels = self.models[dropdown].get("_options_labels") or []
        index = 1 + (index - 1) % max(1, len(labels) - 1)
        return await self.change_and_wait(dropdown, {"index": index}, timeout=timeout, settle=True)

    async def new_amount(self, value: int, *, timeout: float = 30) -> float:
        """Write ``value`` in the first amount field; seconds until the headline changes."""
        comm = self.amount_field()
        if comm is None:
            raise ClientError("nessun campo di importo")
        if str(self.models[comm].get("value")) == str(value):
            value += 10
        return await self.change_and_wait(comm, {"value": str(value)}, timeout=timeout)
