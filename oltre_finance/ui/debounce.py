"""Recompute at once for a single change, and once the person pauses while they type.

Text boxes send every keystroke (``continuous_update=True``). A
:class:`Debouncer` calls back at once for a change that comes after a quiet
moment (a pasted figure, a menu, a check box: the result follows the hand),
and gathers the changes that follow within ``delay`` seconds (a figure being
typed) into one more call, ``delay`` seconds after the last of them. Outside
a Jupyter kernel (tests, a script, even one that runs another event loop, as
Playwright's does) it calls back at once.
"""

from __future__ import annotations

import asyncio
import math
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
    """``debouncer()`` asks for a call: at once after a quiet moment, else ``delay`` seconds after the last ask."""

    def __init__(self, callback: Callable[[], None], *, delay: float = DELAY) -> None:
        self._callback = callback
        self._delay = delay
        self._pending: asyncio.TimerHandle | None = None
        self._last = -math.inf  # when the last ask came

    def __call__(self, *_args: object) -> None:
        loop = _kernel_loop()
        if loop is None:
            self._callback()
            return
        now = loop.time()
        quiet = now - self._last >= self._delay
        self._last = now
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        elif quiet:
            self._callback()
            return
        self._pending = loop.call_later(self._delay, self._fire)

    def _fire(self) -> None:
        self._pending = None
        self._callback()
