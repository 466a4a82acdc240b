"""A kernel websocket that one participant's phone cannot use to exhaust the classroom server.

Voilà's browser pages only talk to their kernel through widget comms. This
connection, used by ``oltre-finance serve --classroom``, keeps that and bounds
the rest, per kernel (a page's kernel, however many times it reconnects):

- a message larger than :attr:`BoundedConnection.max_message_bytes` closes the
  connection (tornado refuses larger frames before they are read, too);
- messages beyond a token bucket (:attr:`burst`, then :attr:`rate` a second)
  are dropped, and a client that keeps flooding is disconnected and barred
  from its kernel for :attr:`barred_seconds` (HTTP 429 before the websocket
  opens, after a wait): reconnecting gives it neither a new allowance nor a
  new hearing;
- a widget's state is sent at most once per :attr:`state_interval` seconds
  (a page asks each widget once when it opens; the ``request_state`` flood
  asked thousands of times);
- a message that cannot be read is dropped without a word about it in the log
  (it may hold what a participant typed);
- nothing the kernel sends back carries a traceback: error replies and error
  outputs lose their traceback and value, and the kernel's ``stderr`` stream is
  not forwarded.

Both of Jupyter's websocket protocols are read: the browser's binary ``v1``
protocol and the legacy JSON one.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web
from traitlets import Float, Integer

__all__ = ["BoundedConnection", "TokenBucket", "scrubbed"]

_BROWSER_MESSAGES = {"comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request"}
V1 = "v1.kernel.websocket.jupyter.org"


class TokenBucket:
    """``burst`` messages at once, refilled at ``rate`` a second.

    Examples
    --------
    >>> bucket = TokenBucket(rate=1, burst=2, now=0.0)
    >>> [bucket.take(now=0.0) for _ in range(3)], bucket.take(now=1.0)
    ([True, True, False], True)
    """

    def __init__(self, *, rate: float, burst: int, now: float | None = None) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic() if now is None else now

    def take(self, *, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass
class _KernelLimits:
    """What a kernel's connections share: a reconnecting client finds its allowance as it left it."""

    bucket: TokenBucket
    dropped: int = 0
    states: dict[str, float] = field(default_factory=dict)
    barred_until: float = 0.0
    seen: float = field(default_factory=time.monotonic)


#: Kernel id → its limits. Entries of kernels unseen for an hour are forgotten (culled kernels).
_LIMITS: dict[str, _KernelLimits] = {}
_FORGET_AFTER = 3600.0


def _limits_of(kernel: str, *, rate: float, burst: int) -> _KernelLimits:
    now = time.monotonic()
    for stale in [key for key, limits in _LIMITS.items() if now - limits.seen > _FORGET_AFTER]:
        del _LIMITS[stale]
    limits = _LIMITS.setdefault(kernel, _KernelLimits(bucket=TokenBucket(rate=rate, burst=burst)))
    limits.seen = now
    return limits


def scrubbed(message: dict[str, Any]) -> dict[str, Any] | None:
    """``message`` as a participant may see it: no traceback, no error text, no ``stderr``; ``None`` to drop it.

    Examples
    --------
    >>> reply = {"header": {"msg_type": "comm_info_reply"}, "content": {"status": "error", "ename": "KeyError",
    ...          "evalue": "'/srv/app.py'", "traceback": ["File /srv/app.py"]}}
    >>> scrubbed(reply)["content"]
    {'status': 'error', 'ename': 'Errore', 'evalue': '', 'traceback': []}
    >>> scrubbed({"header": {"msg_type": "stream"}, "content": {"name": "stderr", "text": "/srv/x.py:1: Warning"}})
    """
    header = message.get("header") or {}
    content = message.get("content")
    if not isinstance(content, dict):
        return message
    if header.get("msg_type") == "stream" and content.get("name") == "stderr":
        return None
    if header.get("msg_type") == "error" or content.get("status") == "error" or "traceback" in content:
        message = dict(message)
        message["content"] = {**content, "ename": "Errore", "evalue": "", "traceback": []}
    return message


class BoundedConnection(ZMQChannelsWebsocketConnection):
    """The classroom's kernel websocket: bounded in size and rate, and silent about errors."""

    max_message_bytes = Integer(256 * 1024, config=True, help="Largest message a browser may send.")
    rate = Float(20.0, config=True, help="Messages a second a browser may send, after its burst.")
    burst = Integer(400, config=True, help="Messages a browser may send at once (a page opening asks ~150).")
    dropped_before_closing = Integer(2000, config=True, help="Dropped messages after which the client is cut off.")
    barred_seconds = Float(60.0, config=True, help="Seconds a client cut off for flooding may not reconnect.")
    refusal_delay = Float(5.0, config=True, help="Seconds a barred client waits for its refusal.")
    state_interval = Float(5.0, config=True, help="Seconds between two answers to a widget's request_state.")

    _kernel_limits: _KernelLimits | None = None

    @property
    def _limits(self) -> _KernelLimits:
        if self._kernel_limits is None:
            self._kernel_limits = _limits_of(self.kernel_id, rate=self.rate, burst=self.burst)
        return self._kernel_limits

    async def prepare(self) -> None:
        """Refuse, before the websocket opens, a client barred from this kernel for flooding it.

        The refusal comes after :attr:`refusal_delay` seconds: a script that reconnects at once waits for
        it, instead of costing the server a request every few milliseconds.
        """
        if self._limits.barred_until > time.monotonic():
            self.log.warning("classroom: a barred client was refused")
            await asyncio.sleep(self.refusal_delay)
            raise web.HTTPError(429)
        await super().prepare()

    def _close(self, reason: str) -> None:
        self.log.warning("classroom: connection closed (%s)", reason)
        self.websocket_handler.close()

    def _refused(self, message: dict[str, Any]) -> bool:
        """Whether to drop ``message`` (a parsed browser message) without passing it to the kernel."""
        header = message.get("header")
        if not isinstance(header, dict) or header.get("msg_type") not in _BROWSER_MESSAGES:
            return True
        content = message.get("content")
        if header["msg_type"] == "comm_msg" and isinstance(content, dict):
            data = content.get("data")
            if isinstance(data, dict) and data.get("method") == "request_state":
                comm = str(content.get("comm_id"))
                now, states = time.monotonic(), self._limits.states
                if now - states.get(comm, -1e9) < self.state_interval:
                    return True
                states[comm] = now
        return False

    def _read(self, incoming: str | bytes) -> dict[str, Any] | None:
        """The header and content of a browser's message, in either protocol; ``None`` if unreadable."""
        try:
            if self.subprotocol == V1:
                _channel, parts = deserialize_msg_from_ws_v1(incoming)
                return {"header": self.session.unpack(parts[0]), "content": self.session.unpack(parts[3])}
            message = json.loads(incoming)
        except Exception:  # any malformed frame: binary garbage, bad offsets, bad JSON
            return None
        return message if isinstance(message, dict) else None

    def handle_incoming_message(self, incoming_msg: str) -> None:
        if len(incoming_msg) > self.max_message_bytes:
            self._close("message too large")
            return
        limits = self._limits
        if limits.barred_until > time.monotonic():
            self._close("barred for flooding")
            return
        if not limits.bucket.take():
            limits.dropped += 1
            if limits.dropped >= self.dropped_before_closing:
                limits.dropped = 0
                limits.barred_until = time.monotonic() + self.barred_seconds
                self._close("too many messages")
            return
        message = self._read(incoming_msg)
        if not isinstance(message, dict) or self._refused(message):
            self.log.info("classroom: a message was dropped")  # never its content
            return
        try:
            super().handle_incoming_message(incoming_msg)
        except Exception:  # a malformed message must not reach the log with its content, nor stop the server
            self.log.info("classroom: a malformed message was dropped")

    def _on_zmq_reply(self, stream: Any, msg_list: Any) -> None:
        if isinstance(msg_list, dict):  # legacy protocol: the message itself
            cleaned = scrubbed(msg_list)
            if cleaned is None:
                return
            msg_list = cleaned
        else:  # v1: [header, parent header, metadata, content, *buffers], packed
            try:
                message = {"header": self.session.unpack(msg_list[0]), "content": self.session.unpack(msg_list[3])}
            except Exception:  # not a message a page could use
                return
            cleaned = scrubbed(message)
            if cleaned is None:
                return
            if cleaned is not message:
                msg_list = [*msg_list[:3], self.session.pack(cleaned["content"]), *msg_list[4:]]
        super()._on_zmq_reply(stream, msg_list)

    def write_stderr(self, error_message: str, parent_header: Any) -> None:
        """The server's own warnings to the page (such as a rate limit) stay in the server."""
        self.log.info("classroom: a message to the page's stderr was kept on the server")
