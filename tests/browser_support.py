"""Helpers for the tests that drive the served apps in headless Chromium.

The apps are served by ``oltre-finance serve`` in a process group of their own; stopping it waits for
Voilà and every kernel it started (kernels have process groups of their own) and kills what remains.
A missing Chromium or axe-core skips the test with the reason on a developer's machine, and fails it
in CI (``CI=true``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Installed by `make test` (Makefile: AXE_CORE_VERSION, AXE_DIR).
AXE_SCRIPT = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(reason: str) -> None:
    """Skip, or fail in CI, for a tool the machine lacks."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        missing("Chromium not found: install Debian's package with `apt-get install chromium`")
    return str(found)


def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        reason = "npm not found" if shutil.which("npm") is None else f"{AXE_SCRIPT} not found"
        missing(f"axe-core not installed ({reason}): install node and npm, then run `make test`")
    return AXE_SCRIPT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_apps(timeout: float = 90, *, notebooks: Path | None = None) -> Iterator[str]:
    """``oltre-finance serve`` (of ``notebooks``, default the apps') on a free port; yields its base URL and
    stops it with its kernels."""
    port = free_port()
    folder = ["--notebooks", str(notebooks)] if notebooks else []
    process = subprocess.Popen(
        [sys.executable, "-m", "oltre_finance.cli", "serve", "--port", str(port), *folder],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: one signal reaches the CLI and Voilà
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Voilà did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        # Voilà's kernels run in sessions of their own (jupyter_client): note them all before stopping.
        family: list[psutil.Process] = []
        with suppress(psutil.NoSuchProcess):
            family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the CLI and Voilà, which shuts its kernels down
        _, alive = psutil.wait_procs(family, timeout=30)
        for survivor in alive:
            survivor.kill()
        psutil.wait_procs(alive, timeout=10)
        process.wait(timeout=10)
