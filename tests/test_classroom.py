"""The classroom profile (``oltre-finance serve --classroom``), attacked as a participant's phone could.

One classroom server for the module, with a room of two participants (so four pages: the room-full page is
reachable) and a short idle time (so culling is seen). The checks are behaviours, never timings: what is
refused, what is not served, which headers come back, and that the server still answers another participant
after each attack.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress

import psutil
import pytest
from browser_support import ROOT, free_port, missing
from tornado.websocket import WebSocketClosedError

from oltre_finance.classroom.connection import TokenBucket, scrubbed
from oltre_finance.classroom.server import CONTENT_SECURITY_POLICY, memory_budget_mb, room_size

PARTICIPANTS = 2
IDLE = 6
APP = "/voila/render/02_bilancio_familiare.ipynb"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, *, timeout: float = 120):
    """``(status, headers, body)`` of a GET, redirects not followed."""
    try:
        with OPENER.open(url, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    port = free_port()
    environment = dict(os.environ, OLTRE_FINANCE_CASES="/nowhere/casi.sqlite3")
    log_path = tmp_path_factory.mktemp("aula") / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "oltre_finance.cli", "serve", "--classroom", "--host", "127.0.0.1",
         "--port", str(port), "--participants", str(PARTICIPANTS), "--idle-seconds", str(IDLE)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True, env=environment, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    code, printed = None, []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (printed and printed[-1].startswith("Pagina da proiettare")):
        line = process.stdout.readline()
        printed.append(line)
        if found := re.search(r"codice dell'aula: (\d{6})", line):
            code = found.group(1)
    assert code, "".join(printed)
    while time.monotonic() < deadline:
        with suppress(OSError):
            if get(f"{base}/login", timeout=5)[0] == 200:
                break
        time.sleep(0.5)
    yield {"base": base, "code": code, "printed": "".join(printed), "process": process, "log": log_path}
    family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    _, alive = psutil.wait_procs(family, timeout=30)
    for survivor in alive:
        survivor.kill()
    process.wait(timeout=10)
    process.stdout.close()
    log.close()


def with_code(room, path: str) -> str:
    return f"{room['base']}{path}{'&' if '?' in path else '?'}token={room['code']}"


def answers(room) -> bool:
    """The home page still answers another participant."""
    status, _headers, body = get(with_code(room, "/"), timeout=20)
    return status == 200 and "Bilancio familiare" in body


# -- what the educator is told -----------------------------------------------------------------------------


def test_the_educator_is_told_the_address_the_code_the_room_and_its_memory(room):
    printed = room["printed"]
    assert f"fino a {room_size(PARTICIPANTS)} pagine" in printed
    megabytes = memory_budget_mb(PARTICIPANTS)  # 1060 for two: written the Italian way
    assert f"({megabytes // 1000}.{megabytes % 1000:03d} MB)" in printed
    assert "Pagina da proiettare con il codice QR" in printed


# -- what is served, and to whom ---------------------------------------------------------------------------


def test_a_request_without_the_room_code_is_refused_and_asked_for_it_in_italian(room):
    status, headers, _ = get(room["base"] + APP)
    assert status == 302 and "/login" in headers["Location"]
    status, _, body = get(room["base"] + "/login")
    assert status == 200 and 'lang="it"' in body and "Codice dell'aula" in body
    assert get(f"{room['base']}/?token=000000x")[0] == 302


def test_only_citizen_apps_and_lessons_are_served(room):
    status, _, home = get(with_code(room, "/"))
    assert status == 200 and "Bilancio familiare" in home and "Lezioni" in home
    assert "Consulenza" not in home
    assert get(with_code(room, "/voila/render/06_consulenza.ipynb"))[0] == 404


@pytest.mark.parametrize("path", [
    "/voila/files/02_bilancio_familiare.ipynb", "/voila/files/lezioni/01_bilancio_familiare.ipynb",
    "/voila/api/contents", "/voila/api/contents/02_bilancio_familiare.ipynb",
    "/voila/files/casi.sqlite3", "/voila/files/famiglia.json", "/voila/files/../pyproject.toml",
    "/voila/templates/oltre/conf.json", "/voila/templates/oltre/apps.j2", "/voila/static/../app.py",
    "/api/kernels", "/api/sessions", "/api/contents",
])  # fmt: skip
def test_no_notebook_source_data_or_code_file_is_served(room, path):
    status, _, body = get(with_code(room, path))
    assert status in (403, 404, 405), (path, status, body[:200])
    assert "Traceback" not in body and "/work/" not in body


def test_every_page_has_the_content_security_policy(room):
    for path in ("/", "/login", APP):
        _, headers, _ = get(with_code(room, path) if path != "/login" else room["base"] + path)
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.browser
def test_an_app_works_in_the_browser_under_the_classroom_rules(room, browser):
    # The CSP, the code and the bounded websocket (the browser's binary protocol) leave the app working.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="it-IT")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" or "Refused" in m.text else None)
    page.goto(with_code(room, APP), timeout=180_000)
    page.wait_for_selector(".of-card-balance .of-card-value", timeout=180_000)
    page.locator(".of-sample select:visible").select_option(index=1)
    page.wait_for_function("document.querySelector('.of-card-balance .of-card-value').innerText !== '0,00 €'",
                           timeout=60_000)  # fmt: skip
    assert page.locator(".of-household-heading:visible").count() == 1
    assert not [p for p in problems if "websocket" in p.lower() or "refused" in p.lower() or "security" in p.lower()]
    context.close()


# -- the websocket, as a hostile phone uses it -------------------------------------------------------------


def run_apart(coroutine):
    """Run ``coroutine`` in a thread of its own (Playwright's sync API holds this thread's event loop)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def kernel_of(page: str) -> str:
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page)
    assert found, "the page names its kernel"
    return found.group(1)


def message(msg_type: str, content: dict, *, channel: str = "shell") -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "", "session": uuid.uuid4().hex,
              "date": "", "version": "5.3"}  # fmt: skip
    return json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                       "channel": channel, "buffers": []})  # fmt: skip


@asynccontextmanager
async def socket_to(room, kernel: str):
    """A page's websocket to its kernel, closed when the block ends."""
    from tornado.websocket import websocket_connect

    url = with_code(room, f"/api/kernels/{kernel}/channels").replace("http://", "ws://")
    connection = await websocket_connect(url, max_message_size=64 * 1024 * 1024)
    try:
        yield connection
    finally:
        connection.close()
        await asyncio.sleep(0.2)  # let tornado finish the closing handshake before the loop ends


async def received(connection, seconds: float) -> list[str]:
    """Everything the server sends in ``seconds`` (or until it closes the connection)."""
    got: list[str] = []
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            item = await asyncio.wait_for(connection.read_message(), timeout=left)
        except TimeoutError:
            break
        if item is None:
            got.append("<closed>")
            break
        got.append(item if isinstance(item, str) else item.decode("utf-8", "replace"))
    return got


async def _kernel_info(room, kernel: str) -> bool:
    """Whether ``kernel`` answers a page's first question over its websocket."""
    async with socket_to(room, kernel) as connection:
        connection.write_message(message("kernel_info_request", {}))
        return any('"kernel_info_reply"' in m for m in await received(connection, 10))


def opened_page(room) -> str:
    status, _, page = get(with_code(room, APP), timeout=180)
    assert status == 200, page[:300]
    return kernel_of(page)


def test_a_request_state_flood_leaves_the_server_answering_others(room):
    kernel = opened_page(room)

    def state_request(comm: str) -> str:
        return message("comm_msg", {"comm_id": comm, "data": {"method": "request_state"}})

    def states(messages: list[str]) -> int:
        return sum(bool(re.search(r'"method":\s*"update"', m)) for m in messages)

    async def flood():
        async with socket_to(room, kernel) as connection:
            connection.write_message(message("comm_info_request", {"target_name": "jupyter.widget"}))
            replies = [json.loads(m) for m in await received(connection, 5) if m.startswith("{")]
            comms = next(r["content"]["comms"] for r in replies if r["header"]["msg_type"] == "comm_info_reply")
            for comm in comms:  # what a page does when it opens: each widget's state, once
                await connection.write_message(state_request(comm))
            opening = states(await received(connection, 10))
            with suppress(WebSocketClosedError):  # then the flood: the server cuts a client that keeps on
                for _round in range(40):
                    for comm in comms:
                        await connection.write_message(state_request(comm))
            flooded = await received(connection, 10)
            return len(comms), opening, states(flooded), flooded[-1:]

    async def reconnect() -> int:
        from tornado.httpclient import HTTPClientError

        try:
            async with socket_to(room, kernel):
                return 101
        except HTTPClientError as refused:
            return refused.code

    comms, opening, during_flood, last = run_apart(flood())
    assert comms > 50, "an app page has many widgets"
    assert opening >= 0.9 * comms, "a page opening gets every widget's state"
    assert during_flood <= 10, "repeated requests for the same states are not answered again"
    assert last == ["<closed>"], "a client that keeps flooding is cut off"
    assert run_apart(reconnect()) == 429, "and may not come back at once for a new allowance"
    assert answers(room)
    other = opened_page(room)  # another participant's page is not barred
    assert other != kernel and run_apart(_kernel_info(room, other))


def test_an_oversized_message_closes_that_connection_only(room):
    kernel = opened_page(room)

    async def oversized():
        async with socket_to(room, kernel) as connection:
            junk = message("comm_msg", {"comm_id": "x", "data": {"junk": "a" * 2_000_000}})
            with suppress(WebSocketClosedError):
                await connection.write_message(junk)
            return await received(connection, 10)

    assert run_apart(oversized())[-1:] == ["<closed>"]
    assert answers(room)


def test_malformed_and_bogus_messages_get_no_traceback(room):
    kernel = opened_page(room)

    async def hostile():
        async with socket_to(room, kernel) as connection:
            for text in ("{not json", json.dumps({"channel": "shell"}), json.dumps([1, 2, 3]),
                         message("comm_open", {"comm_id": "c1", "target_name": "no.such.target", "data": {}}),
                message("comm_open", {"comm_id": "c2", "target_name": "jupyter.widget",
                                      "data": {"state": {"_model_name": "Bogus", "_model_module": "nowhere"}}}),
                message("comm_open", {"comm_id": "c3", "target_name": "jupyter.widget", "data": "not a dict"}),
                         message("comm_msg", {"comm_id": "unknown", "data": {"method": "update", "state": {"x": 1}}}),
                         message("execute_request", {"code": "import os; os.listdir('/')"}),
                         message("comm_info_request", {"target_name": 42})):  # fmt: skip
                await connection.write_message(text)
            got = await received(connection, 8)
            return got

    everything = "\n".join(run_apart(hostile()))
    for leak in ("Traceback", 'File "', "/work/", "site-packages", '.py"'):
        assert leak not in everything
    assert answers(room)


def test_an_idle_kernel_is_culled(room):
    kernel = opened_page(room)
    assert get(with_code(room, f"/api/kernels/{kernel}"))[0] == 200
    deadline = time.monotonic() + IDLE * 10 + 60
    while time.monotonic() < deadline and get(with_code(room, f"/api/kernels/{kernel}"))[0] == 200:
        time.sleep(2)
    assert get(with_code(room, f"/api/kernels/{kernel}"))[0] == 404, "a page closed without notice is reclaimed"


def test_token_bucket_and_scrub_units():
    bucket = TokenBucket(rate=10, burst=3, now=0)
    assert [bucket.take(now=0) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(now=0.1)
    error = {"header": {"msg_type": "error"}, "content": {"ename": "OSError", "evalue": "/srv/x", "traceback": ["t"]}}
    assert scrubbed(error)["content"]["traceback"] == [] and "/srv" not in json.dumps(scrubbed(error))


def test_the_log_holds_neither_the_room_code_nor_what_was_typed(room):
    typed = "Mutuo di Rossi Maria 98765"
    kernel = opened_page(room)

    async def type_into_a_field():
        async with socket_to(room, kernel) as connection:
            connection.write_message(message("comm_info_request", {"target_name": "jupyter.widget"}))
            replies = [json.loads(m) for m in await received(connection, 5) if m.startswith("{")]
            comms = next(r["content"]["comms"] for r in replies if r["header"]["msg_type"] == "comm_info_reply")
            for comm in list(comms)[:40]:
                await connection.write_message(message("comm_msg", {"comm_id": comm, "data": {
                    "method": "update", "state": {"value": typed}, "buffer_paths": []}}))  # fmt: skip
            await connection.write_message("{" + typed)  # and a malformed one
            await received(connection, 3)

    run_apart(type_into_a_field())
    time.sleep(1)
    written = room["log"].read_text(encoding="utf-8")
    assert room["code"] not in written
    assert typed not in written and "98765" not in written


def self_signed(folder):
    """A certificate for 127.0.0.1 and its key, as the server's TLS files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False).sign(key, hashes.SHA256()))  # fmt: skip
    (folder / "aula.crt").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "aula.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))  # fmt: skip
    return folder / "aula.crt"


def test_the_nginx_configuration_serves_the_room_over_tls_with_its_websockets(room, tmp_path):
    import shutil
    import ssl

    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        missing("nginx is not installed (apt-get install nginx-light)")
    deploy = ROOT / "deploy" / "nginx"
    http_port, https_port, room_port = free_port(), free_port(), room["base"].rsplit(":", 1)[1]
    certificate = self_signed(tmp_path)
    site = (deploy / "oltre-finance-aula.conf").read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen {http_port};"), ("listen 443 ssl;", f"listen {https_port} ssl;"),
                     ("server 127.0.0.1:8866;", f"server 127.0.0.1:{room_port};"),
                     ("/etc/ssl/oltre-finance/aula.crt", str(certificate)),
                     ("/etc/ssl/oltre-finance/aula.key", str(tmp_path / "aula.key")),
                     ("/var/log/nginx/oltre-finance-aula.log", str(tmp_path / "access.log"))):  # fmt: skip
        assert site.count(old) == 1, old
        site = site.replace(old, new)
    (tmp_path / "aula.conf").write_text(site, encoding="utf-8")
    temp = "".join(
        f"{kind}_temp_path {tmp_path / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"worker_processes 1;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
        f"events {{ worker_connections 256; }}\nhttp {{\n{temp}include {deploy / 'log-format.conf'};\n"
        f"include {tmp_path / 'aula.conf'};\n}}\n", encoding="utf-8")  # fmt: skip
    process = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        context = ssl.create_default_context(cafile=str(certificate))
        secure = f"https://127.0.0.1:{https_port}"
        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
        deadline = time.monotonic() + 20
        while True:
            try:
                with opener.open(f"{secure}/login", timeout=10) as response:
                    login, headers = response.read().decode("utf-8"), response.headers
                break
            except (OSError, urllib.error.URLError):
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.3)
        assert "Codice dell'aula" in login
        assert (
            headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
            and "max-age" in headers["Strict-Transport-Security"]
        )
        try:
            opener.open(f"http://127.0.0.1:{http_port}/", timeout=10)
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 301 and redirect.headers["Location"].startswith("https://")
        with opener.open(f"{secure}{APP}?token={room['code']}", timeout=180) as response:
            kernel = kernel_of(response.read().decode("utf-8"))

        async def through_nginx():
            from tornado.httpclient import HTTPRequest
            from tornado.websocket import websocket_connect

            url = f"wss://127.0.0.1:{https_port}/api/kernels/{kernel}/channels?token={room['code']}"
            connection = await websocket_connect(HTTPRequest(url, ssl_options=context))
            try:
                await connection.write_message(message("comm_info_request", {"target_name": "jupyter.widget"}))
                return await received(connection, 5)
            finally:
                connection.close()
                await asyncio.sleep(0.2)

        replies = run_apart(through_nginx())
        assert any('"comm_info_reply"' in reply for reply in replies), "the kernel's websocket works through nginx"
        logged = (tmp_path / "access.log").read_text(encoding="utf-8")
        assert "/login" in logged and room["code"] not in logged
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()


def kernels_of(room) -> int:
    """Kernel processes the classroom server runs now."""
    with suppress(psutil.Error):
        children = psutil.Process(room["process"].pid).children(recursive=True)
        return sum("ipykernel_launcher" in " ".join(child.cmdline()) for child in children)
    return 0


def test_a_full_room_says_so_in_italian_and_never_runs_more_kernels_than_it_holds(room):  # last: fills it
    peak, done = [0], []

    def watch():
        while not done:
            peak[0] = max(peak[0], kernels_of(room))
            time.sleep(0.2)

    with ThreadPoolExecutor(max_workers=room_size(PARTICIPANTS) + 4) as pool:
        watcher = pool.submit(watch)
        asked = [pool.submit(get, with_code(room, APP), timeout=240) for _ in range(room_size(PARTICIPANTS) + 3)]
        results = [future.result() for future in asked]
        done.append(True)
        watcher.result()
    full = [body for status, _h, body in results if status == 503]
    assert full, [status for status, _h, _b in results]
    assert "aula è piena" in full[0] and 'lang="it"' in full[0] and "Traceback" not in full[0]
    assert peak[0] <= room_size(PARTICIPANTS), f"{peak[0]} kernels for a room of {room_size(PARTICIPANTS)}"
    assert answers(room)
