"""JupyterHub with deploy/jupyterhub/jupyterhub_config.py, started as the file is, on the test's ports and folders.

One hub for the module: a first visitor (the "idle" one) gets a temporary account and is then left alone
until the idle culler stops its server and deletes the account; meanwhile a second visitor uses an app in
Chromium and tries what a participant must not reach. The overrides are the ones the file documents (ports,
folders, timeouts, and the local spawner: this machine has no systemd).
"""

from __future__ import annotations

import http.cookiejar
import importlib.util
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

import psutil
import pytest
from browser_support import ROOT, missing

from oltre_finance.ui.served import CITIZEN_APPS

CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
# Installed by `make test` (Makefile: HUB_PROXY_DIR); another path with OLTRE_HUB_PROXY.
PROXY = Path(
    os.environ.get("OLTRE_HUB_PROXY")
    or ROOT / ".venv" / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
)
PORT, HUB_PORT, PROXY_API_PORT, USER_PORTS = 18200, 18201, 18202, "18210-18299"
IDLE_SECONDS = 40  # long enough for the browser visitor's app to open, short enough to watch the culler
BASE = f"http://127.0.0.1:{PORT}"
GUEST = re.compile(r"/user/(ospite-[0-9a-f]{10})/")
CONSULTANT = "06_consulenza.ipynb"


def visitor() -> urllib.request.OpenerDirector:
    """A browser without JavaScript: keeps its cookies and follows redirects."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def get(opener, url: str, *, timeout: float = 60) -> tuple[int, str, str]:
    """``(status, final URL, body)``."""
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.geturl(), error.read().decode("utf-8", "replace")


def users_in(state: Path) -> set[str]:
    """The hub's accounts, read from its database (not through the hub)."""
    with sqlite3.connect(state / "jupyterhub.sqlite") as database:
        return {name for (name,) in database.execute("SELECT name FROM users")}


def servers_of(hub: dict, name: str) -> list[psutil.Process]:
    """The processes of ``name``'s server: the local spawner starts it in that visitor's own folder."""
    home = str(hub["state"] / "ospiti" / name)
    found = []
    for child in psutil.Process(hub["process"].pid).children(recursive=True):
        with suppress(psutil.Error):
            if child.cwd() == home or any(parent.cwd() == home for parent in child.parents()):
                found.append(child)
    return found


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    for module in ("jupyterhub", "tmpauthenticator", "jupyterhub_idle_culler"):
        if importlib.util.find_spec(module) is None:
            missing(f"{module} is not installed (the test extra of pyproject.toml installs it)")
    if not PROXY.is_file():
        missing(f"configurable-http-proxy not found at {PROXY} (make test installs it with npm)")
    folder = tmp_path_factory.mktemp("hub")
    state = folder / "stato"
    environment = {
        **os.environ,
        "OLTRE_HUB_STATE": str(state),
        "OLTRE_HUB_PORT": str(PORT),
        "OLTRE_HUB_HUB_PORT": str(HUB_PORT),
        "OLTRE_HUB_PROXY_API_PORT": str(PROXY_API_PORT),
        "OLTRE_HUB_USER_PORTS": USER_PORTS,
        "OLTRE_HUB_PROXY": str(PROXY),
        "OLTRE_HUB_SPAWNER": "locale",
        "OLTRE_HUB_IDLE_SECONDS": str(IDLE_SECONDS),
        "OLTRE_HUB_CULL_EVERY": "5",
        "OLTRE_HUB_ACTIVITY_SECONDS": "5",
        # A case store the visitors' servers must never be given (the spawner keeps only PATH and the locale).
        "OLTRE_FINANCE_CASES": str(folder / "casi.sqlite3"),
    }
    log = (folder / "hub.log").open("w")
    command = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)]
    process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=environment,
                               start_new_session=True)  # fmt: skip
    info = {
        "process": process,
        "state": state,
        "log": folder / "hub.log",
        "cases": folder / "casi.sqlite3",
        "log_file": log,
    }
    deadline = time.monotonic() + 60
    while True:
        with suppress(OSError):
            if get(urllib.request.build_opener(), f"{BASE}/hub/health", timeout=5)[0] == 200:
                break
        if process.poll() is not None or time.monotonic() > deadline:
            stop(info)
            pytest.fail("JupyterHub did not start:\n" + info["log"].read_text()[-3000:])
        time.sleep(0.5)
    yield info
    stop(info)


def stop(info: dict) -> None:
    """Stop the hub and every process it started (proxy, culler, visitors' servers and their kernels)."""
    process = info["process"]
    family: list[psutil.Process] = []
    with suppress(psutil.Error):  # noted before stopping: the kernels outlive their parents' signals otherwise
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    for member in family:  # the culler takes the hub's full grace period to stop: stop it first
        with suppress(psutil.Error):
            if "jupyterhub_idle_culler" in " ".join(member.cmdline()):
                member.terminate()
    with suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)  # the hub stops the visitors' servers (which stop their kernels)
    _, alive = psutil.wait_procs(family, timeout=40)
    for survivor in alive:
        with suppress(psutil.Error):
            survivor.kill()
    psutil.wait_procs(alive, timeout=10)
    process.wait(timeout=10)
    info["log_file"].close()


def arrive(opener) -> tuple[str, str, str]:
    """Open the hub's address as a new visitor, wait for the server; ``(name, first page, apps' page)``."""
    _status, url, first = get(opener, BASE + "/", timeout=120)
    deadline = time.monotonic() + 120
    while not GUEST.search(url) or "/hub/" in url:
        assert time.monotonic() < deadline, (url, first[:500])
        time.sleep(1)
        _status, url, _body = get(opener, BASE + "/hub/", timeout=120)
    name = GUEST.search(url).group(1)
    _status, _url, home = get(opener, f"{BASE}/user/{name}/", timeout=120)
    return name, first, home


@pytest.fixture(scope="module")
def idle_guest(hub):
    """The first visitor: arrives, sees the apps' page, then does nothing more."""
    opener = visitor()
    name, first, home = arrive(opener)
    return {"name": name, "opener": opener, "first": first, "home": home, "arrived": time.monotonic()}


def test_a_new_visitor_gets_a_temporary_account_and_lands_on_the_apps_page_in_italian(hub, idle_guest):
    assert idle_guest["name"] in users_in(hub["state"]), "the visit made an account"
    if "spawn-pending" in idle_guest["first"] or "progress" in idle_guest["first"]:
        assert "Un momento" in idle_guest["first"]  # the hub's page while the server starts, in Italian
    home = idle_guest["home"]
    assert '<html lang="it">' in home and "Riequilibriamoci" in home
    for _module, _class, notebook in CITIZEN_APPS.values():
        assert f"voila/render/{notebook}" in home
    assert CONSULTANT not in home and "Consulenza" not in home
    assert not re.search(r'href="[^"]*/(lab|tree|terminals|edit)\b', home), "no link to JupyterLab or a terminal"
    assert servers_of(hub, idle_guest["name"]), "the visitor's server runs"


@pytest.mark.browser
def test_an_app_works_through_the_hub_and_runs_no_code_of_the_visitor(hub, idle_guest, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 1600}, locale="it-IT")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(BASE + "/", timeout=120_000)
        page.wait_for_url(GUEST, timeout=120_000)
        page.get_by_text("Bilancio familiare", exact=True).click()
        page.wait_for_selector(".of-card-balance .of-card-value", timeout=180_000)
        name = GUEST.search(page.url).group(1)
        hub["browser_guest"] = name
        assert name != idle_guest["name"], "a second visitor is a second temporary user"
        # A new household: one monthly income typed in, and the month's balance is that figure, in Italian.
        balance = page.inner_text(".of-card-balance .of-card-value")
        page.locator(".of-add-incomes").click()
        amount = page.locator(".of-incomes-row .of-cell-amount input").first
        amount.fill("1.234,56")
        amount.press("Enter")
        page.wait_for_function("before => document.querySelector('.of-card-balance .of-card-value').innerText"
                               " !== before", arg=balance, timeout=60_000)  # fmt: skip
        assert page.inner_text(".of-card-balance .of-card-value").replace("\u00a0", " ") == "1.234,56 €"

        # The page's own websocket to its kernel: a widget-less message is answered, code is not run.
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content()).group(1)
        marker = tmp_path / "eseguito.txt"
        replies = page.evaluate(
            """([url, code]) => new Promise(resolve => {
                const got = [], ws = new WebSocket(url);
                const msg = (type, content) => JSON.stringify({header: {msg_id: crypto.randomUUID(),
                    msg_type: type, username: "", session: "s", date: "", version: "5.3"},
                    parent_header: {}, metadata: {}, content, channel: "shell", buffers: []});
                ws.onopen = () => { ws.send(msg("execute_request", {code, silent: false}));
                                    ws.send(msg("kernel_info_request", {})); };
                ws.onmessage = event => got.push(typeof event.data === "string" ? event.data : "binary");
                setTimeout(() => { ws.close(); resolve(got); }, 6000);
            })""",
            [f"ws://127.0.0.1:{PORT}/user/{name}/api/kernels/{kernel}/channels",
             f"open({str(marker)!r}, 'w').write('x')"],
        )  # fmt: skip
        assert any('"kernel_info_reply"' in reply for reply in replies), "the websocket reaches the kernel"
        assert not any('"execute_reply"' in reply or '"execute_input"' in reply for reply in replies)
        assert not marker.exists(), "a visitor's code never runs"
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("path", [
    f"voila/render/{CONSULTANT}", "lab", "lab/tree/02_bilancio_familiare.ipynb", "tree", "notebooks/x.ipynb",
    "terminals/1", "api/terminals", "api/contents", "api/contents/02_bilancio_familiare.ipynb", "api/kernels",
    "api/sessions", "voila/api/contents", "voila/files/02_bilancio_familiare.ipynb", "files/casi.sqlite3",
    "edit/02_bilancio_familiare.ipynb", "voila/templates/oltre/conf.json",
])  # fmt: skip
def test_the_consultant_app_jupyterlab_terminals_and_files_are_not_reachable(hub, idle_guest, path):
    status, url, body = get(idle_guest["opener"], f"{BASE}/user/{idle_guest['name']}/{path}")
    assert status in (403, 404, 405), (path, status, url)
    assert "JupyterLab" not in body and "Traceback" not in body and str(ROOT) not in body


def test_a_visitor_cannot_reach_another_visitors_server_nor_administer_the_hub(hub, idle_guest):
    other = hub.get("browser_guest")
    if other is None:
        pytest.skip("the browser test did not make a second visitor")
    status, url, body = get(idle_guest["opener"], f"{BASE}/user/{other}/")
    assert status == 403 or "Riequilibriamoci: strumenti" not in body, (status, url)
    assert get(idle_guest["opener"], f"{BASE}/hub/admin")[0] in (403, 404)
    status, _url, _body = get(idle_guest["opener"], f"{BASE}/hub/api/users")
    assert status == 403


def test_the_visitors_servers_were_not_given_the_case_store(hub, idle_guest):
    for process in servers_of(hub, idle_guest["name"]):
        with suppress(psutil.Error):
            assert "OLTRE_FINANCE_CASES" not in process.environ()
    assert not hub["cases"].exists()


def test_the_idle_culler_stops_an_idle_server_and_deletes_its_temporary_user(hub, idle_guest):  # last: waits
    name = idle_guest["name"]
    processes = servers_of(hub, name)
    assert processes, "the idle visitor's server was running"
    deadline = idle_guest["arrived"] + IDLE_SECONDS * 3 + 60
    while time.monotonic() < deadline and (name in users_in(hub["state"]) or any(p.is_running() for p in processes)):
        time.sleep(2)
    assert name not in users_in(hub["state"]), "the temporary user is deleted"
    assert not [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE], "its server stopped"
    logged = hub["log"].read_text(encoding="utf-8")
    assert f"Culling server {name}" in logged or f"Culling user {name}" in logged
    # The old address is gone, with an Italian page; the hub's address makes a new temporary user (the
    # figures the visitor typed are in the browser, and come back with the app).
    status, url, body = get(idle_guest["opener"], f"{BASE}/user/{name}/", timeout=120)
    assert status == 404 and "Pagina non trovata" in body, (status, url, body[-800:])
    again, _first, home = arrive(idle_guest["opener"])
    assert again != name and "voila/render/02_bilancio_familiare.ipynb" in home
