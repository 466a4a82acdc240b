"""The debouncer: a single change is computed at once, a burst of keystrokes once more after the pause."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from oltre_finance.ui import debounce
from oltre_finance.ui.debounce import Debouncer

DELAY = 0.05


def _run(script):
    """Run ``script`` in an event loop of its own, in a thread of its own (Playwright's tests hold this one's)."""

    async def main():
        calls: list[float] = []
        loop = asyncio.get_running_loop()
        debouncer = Debouncer(lambda: calls.append(loop.time()), delay=DELAY)
        await script(debouncer, calls, loop)
        return calls

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, main()).result()


def test_a_single_change_is_computed_at_once(monkeypatch):
    async def script(debouncer, calls, loop):
        monkeypatch.setattr(debounce, "_kernel_loop", lambda: loop)
        debouncer()
        assert len(calls) == 1  # before the event loop has run at all
        await asyncio.sleep(DELAY * 3)
        assert len(calls) == 1  # and nothing more comes later

    _run(script)


def test_a_burst_is_computed_at_its_first_key_and_once_after_the_last(monkeypatch):
    async def script(debouncer, calls, loop):
        monkeypatch.setattr(debounce, "_kernel_loop", lambda: loop)
        for _ in range(5):  # five keys, each well within the delay of the one before
            debouncer()
            await asyncio.sleep(DELAY / 5)
        last_key = loop.time() - DELAY / 5
        assert len(calls) == 1
        await asyncio.sleep(DELAY * 3)
        assert len(calls) == 2 and calls[1] >= last_key + DELAY * 0.9

    _run(script)


def test_after_a_pause_the_next_change_is_computed_at_once_again(monkeypatch):
    async def script(debouncer, calls, loop):
        monkeypatch.setattr(debounce, "_kernel_loop", lambda: loop)
        debouncer()
        debouncer()
        await asyncio.sleep(DELAY * 3)
        assert len(calls) == 2
        debouncer()
        assert len(calls) == 3

    _run(script)


def test_outside_a_kernel_every_change_is_computed_at_once():
    calls = []
    debouncer = Debouncer(lambda: calls.append(1), delay=10)
    debouncer()
    debouncer()
    assert calls == [1, 1]
