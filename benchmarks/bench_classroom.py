"""A class arriving at the classroom server, working for ten minutes, and one phone flooding it.

Run with ``.venv/bin/python benchmarks/bench_classroom.py`` (``--help`` for the options; ``--minutes 1``
for a short try). The participants are websocket clients that do what Chromium does when it opens
``02_bilancio_familiare.ipynb`` (recorded with Playwright; see ``classroom_client.py``), all in this one
asyncio process so that they take little of the CPU the server needs; the flooder runs in a process of
its own. Ports ``--port`` and the next two (18300–18302).

0. **Check of the client**: on a classroom server for two, one Chromium page and then one client open the
   app, open an example household and change an amount five times: the two "interactive" times and update
   latencies are printed side by side, with the messages each sent while opening.
1. **A class arriving** (A): ``--participants`` pages opened at random moments within ``--arrival``
   seconds, on the classroom profile (``oltre-finance serve --classroom``, with the room code) and, as the
   baseline, on plain ``voila`` serving the same notebook. Seconds from the page's request until it is
   interactive (every widget state received, the headline ``of-summary`` showing its ``of-card``):
   p50/p95/max, and how many were interactive within ``--give-up`` seconds (the others count as not).
   Aim: every page within 5 s on the classroom profile, and its p95 at least 3× better than plain Voilà.
2. **Ten minutes of work** (B): every participant opens an example household, then changes an amount every
   2–5 s and waits for the headline to change, for ``--minutes``; the server's memory (RSS of the Voilà
   process and all its kernels, psutil) is sampled every 2 s. Aim: no error, memory within the budget the
   server states (``memory_budget_mb``).
3. **The flood** (C): ``--flood-workers`` participants change an amount, wait for the headline and pause 1 s,
   for ``--flood-seconds`` without and then with one more page that sends ``request_state`` for every widget
   of its page as fast as it can (reconnecting when the server cuts it off, as a script would). Aim: the
   workers' p95 latency with the flood under 2× without it, memory within the budget.

Figures depend on this machine and on what else runs on it; the ratios are measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import queue
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psutil
from classroom_client import ClientError, PageClient, decode_v1
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from oltre_finance.classroom.server import memory_budget_mb

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "02_bilancio_familiare.ipynb"
CLASSROOM_PATH = f"/voila/render/{NOTEBOOK}"
UPDATE_TIMEOUT = 30  # seconds for the headline to answer a change before it counts as an error
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
#: The waves of scripts a page loads after those it names: Voilà's chunks, the widget extensions' entries and
#: their chunks (the same files on the classroom server and on plain Voilà).
WAVES = [re.compile(r"^/voila/static/\d+\.voila\.js$"), re.compile(r"^/voila/labextensions/.+/remoteEntry\.[^/]+\.js$"),
         re.compile(r"^/voila/labextensions/.+\.js$")]  # fmt: skip


#: What a page loads besides the files it names: waves before its websocket opens, and those after.
Static = tuple[list[list[str]], list[str]]


def page_client(base: str, path: str, code: str | None, static: Static) -> PageClient:
    return PageClient(base, path, token=code, static=static[0], late=static[1])


def waves(paths: list[str]) -> list[list[str]]:
    """``paths`` (as Chromium asked for them) in the waves a page loads them."""
    grouped: list[list[str]] = [[] for _ in WAVES]
    for path in dict.fromkeys(paths):
        for wave, pattern in zip(grouped, WAVES, strict=True):
            if pattern.match(path):
                wave.append(path)
                break
    return grouped


# -- figures ---------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank), ``nan`` for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def spread(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50):6.2f} s  p95 {percentile(values, 95):6.2f} s  "
            f"max {max(values, default=float('nan')):6.2f} s")  # fmt: skip


def verdict(met: bool) -> str:
    return "aim met" if met else "AIM NOT MET"


# -- servers ---------------------------------------------------------------------------------------------


class Server:
    """A server this benchmark started, in a process group of its own, with its log in a file."""

    def __init__(self, command: list[str], folder: Path, name: str) -> None:
        self.out, self.err = folder / f"{name}.out", folder / f"{name}.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, start_new_session=True)

    def wait_for(self, pattern: str, *, where: str = "err", timeout: float = 900) -> re.Match[str]:
        path = self.err if where == "err" else self.out
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := re.search(pattern, path.read_text(encoding="utf-8", errors="replace")):
                return found
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.err.read_text(errors='replace')[-2000:]}")
            time.sleep(0.5)
        raise RuntimeError(f"the server did not print {pattern!r} in {timeout:.0f} s")

    def voila(self) -> psutil.Process:
        """The Voilà process: the classroom server under ``oltre-finance serve``, or plain ``voila`` itself."""
        top = psutil.Process(self.process.pid)
        for child in top.children(recursive=True):
            with suppress(psutil.Error):
                if "oltre_finance.classroom.server" in " ".join(child.cmdline()):
                    return child
        return top

    def rss_mb(self) -> float:
        """RSS of the Voilà process and all its kernels."""
        try:
            voila = self.voila()
            family = [voila, *voila.children(recursive=True)]
        except psutil.Error:
            return float("nan")
        total = 0
        for process in family:
            with suppress(psutil.Error):
                total += process.memory_info().rss
        return total / 2**20

    def settle(self, *, quiet: float = 10.0, timeout: float = 900) -> float:
        """Wait until Voilà and its kernels use under ``quiet`` % of a CPU for three seconds; seconds waited."""
        started = time.monotonic()
        calm = 0
        while calm < 3 and time.monotonic() - started < timeout:
            voila = self.voila()
            family = [voila, *voila.children(recursive=True)]
            for process in family:
                with suppress(psutil.Error):
                    process.cpu_percent()
            time.sleep(1)
            used = 0.0
            for process in family:
                with suppress(psutil.Error):
                    used += process.cpu_percent()
            calm = calm + 1 if used < quiet else 0
        return time.monotonic() - started

    def stop(self) -> None:
        # Voilà's kernels run in sessions of their own: note them all, stop the group, then kill what remains.
        family: list[psutil.Process] = []
        with suppress(psutil.Error):
            family = [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(family, timeout=30)
        for survivor in alive:
            with suppress(psutil.Error):
                survivor.kill()
        psutil.wait_procs(alive, timeout=10)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


@contextmanager
def classroom(folder: Path, *, port: int, participants: int) -> Iterator[tuple[Server, str, str]]:
    """``oltre-finance serve --classroom`` with its pool preheated; yields the server, its address and code."""
    command = [sys.executable, "-m", "oltre_finance.cli", "serve", "--classroom", "--participants",
               str(participants), "--port", str(port), "--host", "127.0.0.1"]  # fmt: skip
    server = Server(command, folder, f"aula-{port}")
    try:
        code = server.wait_for(r"codice dell'aula: (\d{6})", where="out").group(1)
        server.wait_for(rf"Kernel pool of {re.escape(NOTEBOOK)} is filled with {participants} kernel")
        # "Filled" means started: each pooled kernel still runs the notebook. The room is ready once it is quiet.
        waited = server.settle()
        print(f"   (classroom server for {participants}: pool preheated and quiet after {waited:.0f} s)")
        yield server, f"http://127.0.0.1:{port}", code
    finally:
        server.stop()


@contextmanager
def plain_voila(folder: Path, *, port: int) -> Iterator[tuple[Server, str]]:
    command = [str(ROOT / ".venv" / "bin" / "voila"), f"notebooks/{NOTEBOOK}", "--port", str(port), "--no-browser"]
    server = Server(command, folder, f"voila-{port}")
    try:
        server.wait_for(r"Voilà is running at")
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.stop()


class MemoryWatch:
    """Samples a server's RSS every ``interval`` seconds in a thread, until stopped."""

    def __init__(self, server: Server, interval: float = 2.0) -> None:
        self.server, self.interval = server, interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.server.rss_mb())
            self._stop.wait(self.interval)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def line(self, budget: int) -> tuple[str, bool]:
        samples = [s for s in self.samples if s == s]
        peak = max(samples, default=float("nan"))
        met = bool(samples) and peak <= budget
        text = (f"memory (Voilà + kernels, RSS, {len(samples)} samples): start {samples[0]:,.0f} MB, "
                f"mean {statistics.fmean(samples):,.0f} MB, peak {peak:,.0f} MB; budget {budget:,} MB, "
                f"peak/budget {peak / budget:.2f} — {verdict(met)}") if samples else "memory: no sample"  # fmt: skip
        return text, met


# -- 0. the client against Chromium ----------------------------------------------------------------------


def chromium_page(base: str, code: str, values: list[int]) -> dict[str, Any]:
    """One Chromium page: interactive time, example, update latencies, what it sent and the files it loaded."""
    from playwright.sync_api import sync_playwright

    sent: list[str] = []
    milestones: dict[str, float] = {}
    begin = time.monotonic()
    loaded: list[tuple[str, bool]] = []  # path, and whether the websocket was open when it was asked for

    def on_socket(socket: Any) -> None:
        def frame(payload: Any) -> None:
            if isinstance(payload, bytes):
                parts = decode_v1(payload)[1]
                header, content = json.loads(parts[0]), json.loads(parts[3])
            else:
                message = json.loads(payload)
                header, content = message["header"], message["content"]
            data = content.get("data")
            method = data.get("method") if isinstance(data, dict) else None
            sent.append(f"{header['msg_type']}:{method}" if method else header["msg_type"])

        def received(payload: Any) -> None:
            if "states" not in milestones and b"update_states" in (payload if isinstance(payload, bytes)
                                                                     else payload.encode()):  # fmt: skip
                milestones["states"] = time.monotonic() - begin

        milestones["websocket"] = time.monotonic() - begin
        socket.on("framesent", frame)
        socket.on("framereceived", received)

    with sync_playwright() as playwright:
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="it-IT")
            page.on("websocket", on_socket)
            page.on("request", lambda r: loaded.append((r.url.split("?", 1)[0].removeprefix(base), bool(sent))))
            begin = started = time.monotonic()  # begin: read by the handlers above
            page.goto(f"{base}{CLASSROOM_PATH}?token={code}", timeout=120_000)
            page.wait_for_selector(".of-summary .of-card", timeout=120_000)
            interactive = time.monotonic() - started
            opening = list(sent)
            old = page.inner_html(".of-summary")
            started = time.monotonic()
            page.get_by_label("Esempi").first.select_option(index=1)
            page.wait_for_function("old => document.querySelector('.of-summary').innerHTML !== old", arg=old,
                                   polling="raf", timeout=60_000)  # fmt: skip
            field = page.get_by_label(re.compile("Importo")).first
            field.wait_for(timeout=60_000)
            example = time.monotonic() - started
            time.sleep(3)  # the example's widgets are all drawn before the first change, as in the client
            latencies = []
            for value in values:
                old = page.inner_html(".of-summary")
                started = time.monotonic()
                field.fill(str(value))
                page.wait_for_function("old => document.querySelector('.of-summary').innerHTML !== old", arg=old,
                                       polling="raf", timeout=60_000)  # fmt: skip
                latencies.append(time.monotonic() - started)
        finally:
            browser.close()
    early = waves([path for path, late in loaded if not late])
    late = [path for wave in waves([path for path, late in loaded if late]) for path in wave]
    return {"interactive": interactive, "example": example, "latencies": latencies, "sent": opening,
            "static": (early, late), "milestones": milestones}  # fmt: skip


async def client_page(base: str, code: str, values: list[int], static: Static) -> dict[str, Any]:
    client = page_client(base, CLASSROOM_PATH, code, static)
    try:
        interactive = await client.open()
        opening = list(client.sent)
        example = await client.open_example(1)
        await asyncio.sleep(3)
        latencies = [await client.new_amount(value) for value in values]
    finally:
        await client.close()
    return {"interactive": interactive, "example": example, "latencies": latencies, "sent": opening,
            "protocol": client.protocol, "milestones": client.milestones}  # fmt: skip


def check_client(folder: Path, port: int) -> Static:
    """Chromium and the client on one classroom server for two; returns the chunks Chromium loaded."""
    values = [1234, 1500, 1777, 2100, 900]
    print("0. the websocket client against Chromium (one page each, classroom server for 2)")
    with classroom(folder, port=port, participants=2) as (_server, base, code):
        browser = chromium_page(base, code, values)
        client = asyncio.run(with_http(client_page(base, code, values, browser["static"])))
    for name, got in (("Chromium", browser), ("client  ", client)):
        later = got["latencies"][1:]  # the first change after an example also redraws its charts
        print(f"   {name}: interactive {got['interactive']:5.2f} s, example {got['example']:5.2f} s, "
              f"update median {statistics.median(later):5.2f} s (each: "
              f"{', '.join(f'{x:.2f}' for x in got['latencies'])})")  # fmt: skip
        marks = got["milestones"]
        print(f"             websocket opened at {marks.get('websocket', float('nan')):.2f} s, all widget states "
              f"in at {marks.get('states', float('nan')):.2f} s")  # fmt: skip
    print(f"   Chromium sent while opening: {' '.join(browser['sent'])}")
    print(f"   client sent while opening:   {' '.join(client['sent'])}  ({client['protocol']})")
    early, late = browser["static"]
    print(f"   scripts a page loads besides those it names: {' + '.join(str(len(w)) for w in early)} before its "
          f"websocket, {len(late)} after (the clients load them too)")  # fmt: skip
    return early, late


# -- A. a class arriving ---------------------------------------------------------------------------------


async def with_http(coroutine: Any) -> Any:
    # One HTTP client for every page: enough connections for all pages at six each, and no queue timeout.
    AsyncHTTPClient.configure(None, max_clients=512, defaults={"connect_timeout": 600, "request_timeout": 600})
    return await coroutine


async def arrive(base: str, path: str, code: str | None, *, participants: int, arrival: float, give_up: float,
                 static: Static, seed: int) -> tuple[list[PageClient], list[float], list[str]]:  # fmt: skip
    """``participants`` pages opened at random moments in ``arrival`` seconds; their interactive times."""
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0, arrival) for _ in range(participants))
    clients = [page_client(base, path, code, static) for _ in moments]
    failures: list[str] = []

    async def one(client: PageClient, moment: float) -> float | None:
        await asyncio.sleep(moment)
        try:
            return await client.open(timeout=give_up)
        except (TimeoutError, ClientError, OSError) as error:
            failures.append(type(error).__name__ if isinstance(error, TimeoutError) else str(error))
            return None

    times = await asyncio.gather(*(one(c, m) for c, m in zip(clients, moments, strict=True)))
    stages = ("page", "files", "websocket", "states", "interactive")
    reached = [next((s for s in reversed(stages) if s in c.milestones), "none") for c in clients]
    print("   stages (median s from the request: "
          + ", ".join(f"{s} {statistics.median(m):.1f}" for s in stages
                      if (m := [c.milestones[s] for c in clients if s in c.milestones]))
          + "; pages stopped at: " + (", ".join(f"{s} {reached.count(s)}" for s in stages[:-1] if reached.count(s))
                                      or "none") + ")")  # fmt: skip
    opened = [c for c, t in zip(clients, times, strict=True) if t is not None]
    return opened, [t for t in times if t is not None], failures


def arrival_line(name: str, times: list[float], participants: int, give_up: float, failures: list[str]) -> str:
    why = f"; not: {', '.join(sorted(set(failures)))}" if failures else ""
    return (f"   {name:<22}{len(times):>3}/{participants} interactive within {give_up:.0f} s   "
            f"{spread(times)}{why}")  # fmt: skip


# -- B. working ------------------------------------------------------------------------------------------


async def work(clients: list[PageClient], seconds: float, seed: int) -> tuple[list[float], list[float], list[str]]:
    """Each page opens an example, then changes an amount every 2–5 s until ``seconds`` have passed."""
    examples: list[float] = []
    latencies: list[float] = []
    errors: list[str] = []
    end = time.monotonic() + seconds

    async def participant(number: int, client: PageClient) -> None:
        rng = random.Random(seed + number)
        try:
            await asyncio.sleep(rng.uniform(2, 5))
            examples.append(await client.open_example(1 + number))
            while (left := end - time.monotonic()) > 0:
                await asyncio.sleep(min(left, rng.uniform(2, 5)))
                if time.monotonic() >= end:
                    break
                latencies.append(await client.new_amount(rng.randrange(500, 4000, 10), timeout=UPDATE_TIMEOUT))
        except (ClientError, OSError) as error:
            errors.append(str(error))
        errors.extend(client.errors)

    await asyncio.gather(*(participant(n, c) for n, c in enumerate(clients)))
    return examples, latencies, errors


# -- C. the flood ----------------------------------------------------------------------------------------


async def cycle(clients: list[PageClient], seconds: float, seed: int) -> tuple[list[float], list[str]]:
    """Each page changes an amount, waits for the headline, pauses 1 s, and again, for ``seconds``."""
    latencies: list[float] = []
    errors: list[str] = []
    end = time.monotonic() + seconds

    async def worker(number: int, client: PageClient) -> None:
        rng = random.Random(seed + number)
        try:
            while time.monotonic() < end:
                latencies.append(await client.new_amount(rng.randrange(500, 4000, 10), timeout=UPDATE_TIMEOUT))
                await asyncio.sleep(1)
        except (ClientError, OSError) as error:
            errors.append(str(error))

    await asyncio.gather(*(worker(n, c) for n, c in enumerate(clients)))
    return latencies, errors


async def _flood(base: str, code: str, static: Static, ready: Any, stop: Any, reconnect: bool) -> dict[str, int]:
    client = page_client(base, CLASSROOM_PATH, code, static)
    await client.open()
    comms = list(client.models)
    counts = {"widgets": len(comms), "sent": 0, "cut_off": 0, "frames": 0, "refused": 0}
    ready.set()
    while not stop.is_set():
        try:
            while not stop.is_set():
                for comm in comms:
                    await client.send("comm_msg", {"comm_id": comm, "data": {"method": "request_state"}}, record=False)
                    counts["sent"] += 1
        except ClientError:
            counts["cut_off"] += 1
            counts["frames"] += client.frames
            client.frames = 0
            await client.close()
            if not reconnect:
                break
            while not stop.is_set():  # again at once, as a hostile script would
                try:
                    await client.connect()
                    break
                except HTTPClientError:  # barred from its kernel for a while (HTTP 429)
                    counts["refused"] += 1
                except (OSError, ClientError):
                    pass
    counts["frames"] += client.frames
    await client.close()
    return counts


def flooder(base: str, code: str, static: Static, ready: Any, stop: Any, results: Any, reconnect: bool) -> None:
    """The flooding page, in a process of its own (its loop must not slow the workers' clients down)."""
    results.put(asyncio.run(with_http(_flood(base, code, static, ready, stop, reconnect))))


# -- the whole run ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)  # fmt: skip
    parser.add_argument("--participants", type=int, default=30, help="pages of the class")
    parser.add_argument("--arrival", type=float, default=10, help="seconds in which the class opens the app")
    parser.add_argument("--give-up", type=float, default=60, help="seconds after which a page is not interactive")
    parser.add_argument("--minutes", type=float, default=10, help="duration of the work (B)")
    parser.add_argument("--flood-seconds", type=float, default=60, help="each half of the flood (C)")
    parser.add_argument("--flood-workers", type=int, default=10, help="pages working during the flood")
    parser.add_argument("--no-reconnect", action="store_true", help="the flooder stops once cut off")
    parser.add_argument("--skip-check", action="store_true", help="no Chromium check of the client (0)")
    parser.add_argument("--skip-voila", action="store_true", help="no plain Voilà baseline (A)")
    parser.add_argument("--port", type=int, default=18300, help="first of the four ports used")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    budget = memory_budget_mb(args.participants)
    print(f"Classroom benchmark on {os.cpu_count()} CPUs: all {args.participants} participants are websocket "
          "clients in this one asyncio process (the flooder in a second one),")  # fmt: skip
    print("sharing the CPU with the server: the figures include that competition.")
    aims: list[bool] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-aula-"))  # the servers' logs, kept for a look afterwards
    static: Static = ([], []) if args.skip_check else check_client(folder, args.port)

    print(f"A. {args.participants} pages opening {NOTEBOOK} within {args.arrival:.0f} s")
    plain: list[float] = []
    if not args.skip_voila:
        with plain_voila(folder, port=args.port + 2) as (_server, base):
            plain, failures = asyncio.run(with_http(plain_arrival(base, static, args)))
        print(arrival_line("plain voila", plain, args.participants, args.give_up, failures))
    with classroom(folder, port=args.port + 1, participants=args.participants) as (server, base, code):
        aims += asyncio.run(with_http(classroom_run(server, base, code, static, budget, plain, args)))
    print(f"Overall: {sum(aims)}/{len(aims)} aims met. Servers' logs: {folder}")
    return 0


async def plain_arrival(base: str, static: Static, args: argparse.Namespace) -> tuple[list[float], list[str]]:
    clients, times, failures = await arrive(base, "/", None, participants=args.participants, arrival=args.arrival,
                                            give_up=args.give_up, static=static, seed=args.seed)  # fmt: skip
    await close_all(clients)
    return times, failures


async def close_all(clients: list[PageClient]) -> None:
    for client in clients:
        await client.close()
    await asyncio.sleep(0.2)  # the closing handshakes


async def classroom_run(server: Server, base: str, code: str, static: Static, budget: int, plain: list[float],
                        args: argparse.Namespace) -> list[bool]:  # fmt: skip
    aims = []
    with MemoryWatch(server) as memory:
        clients, times, failures = await arrive(base, CLASSROOM_PATH, code, participants=args.participants,
                                                arrival=args.arrival, give_up=args.give_up, static=static,
                                                seed=args.seed)  # fmt: skip
        print(arrival_line("classroom profile", times, args.participants, args.give_up, failures))
        all_in = len(times) == args.participants and max(times) <= 5
        print(f"   every page interactive within 5 s: {verdict(all_in)}")
        aims.append(all_in)
        if plain:
            # A page never interactive counts at the give-up limit: the ratio is then a lower bound.
            plain_p95 = percentile(plain + [args.give_up] * (args.participants - len(plain)), 95)
            ours = percentile(times + [args.give_up] * (args.participants - len(times)), 95)
            ratio = plain_p95 / ours
            print(f"   p95 plain voila / classroom: {plain_p95:.2f} s / {ours:.2f} s = {ratio:.1f}x "
                  f"(aim ≥ 3x) — {verdict(ratio >= 3)}")  # fmt: skip
            aims.append(ratio >= 3)

        print(f"B. {len(clients)} pages working for {args.minutes:g} min (an example, then an amount every 2–5 s)")
        examples, latencies, errors = await work(clients, args.minutes * 60, args.seed)
        print(f"   example household opened: {len(examples)}, {spread(examples)}")
        print(f"   amount changed: {len(latencies)} times, headline updated in {spread(latencies)}")
        print(f"   errors: {len(errors)}{' (' + '; '.join(sorted(set(errors))[:5]) + ')' if errors else ''} — "
              f"{verdict(not errors)}")  # fmt: skip
        aims.append(not errors)
    text, met = memory.line(budget)
    print(f"   {text}")
    aims.append(met)

    restarts = server.err.read_text(errors="replace").count("restarting kernel")
    if restarts:  # a kernel that died at start-up (two kernels given the same port) and was started again
        print(f"   note: the server restarted {restarts} kernel(s) that failed to start; see {server.err}")
    workers = [c for c in clients if not c.closed][: args.flood_workers]
    if not workers:
        print("C. skipped: no page to work with")
        return aims
    print(f"C. {len(workers)} pages working ({args.flood_seconds:g} s without, then {args.flood_seconds:g} s with "
          "a page flooding request_state)")  # fmt: skip
    with MemoryWatch(server) as memory:
        calm, calm_errors = await cycle(workers, args.flood_seconds, args.seed + 100)
        context = multiprocessing.get_context("spawn")
        ready, stop, results = context.Event(), context.Event(), context.Queue()
        process = context.Process(target=flooder, args=(base, code, static, ready, stop, results,
                                                        not args.no_reconnect))  # fmt: skip
        process.start()
        try:
            flooded, flood_errors, counts = [], ["the flooding page did not open"], {}
            if await asyncio.get_running_loop().run_in_executor(None, ready.wait, 180):
                flooded, flood_errors = await cycle(workers, args.flood_seconds, args.seed + 200)
                stop.set()
                try:
                    counts = await asyncio.get_running_loop().run_in_executor(None, results.get, True, 120)
                except queue.Empty:  # the flooding process failed: its traceback is above
                    flood_errors.append("the flooding page stopped")
        finally:
            stop.set()
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
                process.join()
    print(f"   without flood: {len(calm):>4} updates, {spread(calm)}, errors {len(calm_errors)}")
    print(
        f"   with flood:    {len(flooded):>4} updates, {spread(flooded)}, errors {len(flood_errors)}"
        + (f" ({'; '.join(sorted(set(flood_errors)))})" if flood_errors else "")
    )
    if counts:
        print(f"   flooder: {counts['sent']:,} request_state sent for {counts['widgets']} widgets, "
              f"{counts['frames']:,} messages back, cut off {counts['cut_off']} times, "
              f"{counts['refused']:,} reconnections refused")  # fmt: skip
    ratios = [percentile(flooded, q) / percentile(calm, q) for q in (50, 95)]
    for q, ratio in zip((50, 95), ratios, strict=True):
        print(f"   p{q} with / without flood: {ratio:.2f}x (aim < 2x) — {verdict(ratio < 2)}")
    aims.append(all(ratio < 2 for ratio in ratios) and not calm_errors and not flood_errors)
    text, met = memory.line(budget)
    print(f"   {text}")
    aims.append(met)
    await close_all(clients)
    return aims


if __name__ == "__main__":
    sys.exit(main())
