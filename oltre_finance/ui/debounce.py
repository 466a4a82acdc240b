"""Recompute once the person pauses typing, not on every key nor only on Enter.

Text boxes send every keystroke (``continuous_update=True``); a
:class:`Debouncer` waits until no new change has come for ``delay`` seconds
and then calls back once. Outside a Jupyter kernel (tests, a script, even one
that runs another event loop, as Playwright's does) it calls back at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

__all__ = ["DELAY", "Debouncer"]

DELAY = 0.35


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel this runs in, or ``None`` outside a kernel."""
    from ipykernel.kernelapp import IPKernelApp

    if not IPKernelApp.initialized():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """``debouncer()`` asks for a call; the call comes ``delay`` seconds after the last ask."""

    def __init__(self, callback: Callable[[], None], *, delay: float = DELAY) -> None:
        self._callback = callback
        self._delay = delay
        self._pending: asyncio.TimerHandle | None = None

    def __call__(self, *_args: object) -> None:
        loop = _kernel_loop()
        if loop is None:
            self._callback()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self._delay, self._fire)

    def _fire(self) -> None:
        self._pending = None
        self._callback()
