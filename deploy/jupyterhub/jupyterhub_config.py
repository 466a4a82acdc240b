"""JupyterHub for oltre_finance: temporary accounts, the citizen apps as each visitor's only view, idle culling.

Start it from the kit's virtual environment (``/opt/oltre_finance/.venv``)::

    .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

- **Accounts**: ``jupyterhub-tmpauthenticator``. Opening the hub makes an anonymous temporary user
  (``ospite-`` and ten random hex digits) and starts its server; nobody types a password.
- **What a visitor gets**: not ``jupyterhub-singleuser`` (a Jupyter server: contents API, kernels API,
  JupyterLab, terminals), but the project's hardened classroom server for a room of one
  (:mod:`oltre_finance.classroom.hub`): the citizen apps and the lessons, widget messages only on the
  kernel websocket, no files served, at most three kernels.
- **Culling**: ``jupyterhub-idle-culler`` as a hub service stops a server idle for ``OLTRE_HUB_IDLE_SECONDS``
  and deletes its temporary user (``--cull-users``). A visitor's figures are in their browser, not on the
  server: a visitor back after culling gets a new account and finds them again.
- **Spawner**: SystemdSpawner with systemd's dynamic users (``jupyterhub-systemdspawner``, the hub runs as
  root): each visitor is a Unix user of its own for the life of its server, with a memory and CPU cap, a
  private ``/tmp``, a read-only system and no home but its own state folder. ``OLTRE_HUB_SPAWNER=locale``
  runs every server as the hub's own user with no isolation and no caps: for the test suite and a trial on
  one computer only (a machine without systemd).

Everything else is fixed here. The variables below change where things are and how long they wait, so that
the test suite can start this same file on its own ports and folders; a server needs none of them.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub's config loader provides it)

HERE = Path(__file__).resolve().parent


def setting(name: str, default: str) -> str:
    """An override from ``OLTRE_HUB_<name>``, else the server's value."""
    return os.environ.get(f"OLTRE_HUB_{name}", default)


STATE = Path(setting("STATE", "/var/lib/oltre-finance-hub"))  # database, cookie secret, pid files
IP = setting("IP", "127.0.0.1")  # nginx with TLS stands in front (deploy/nginx)
PORT = int(setting("PORT", "8000"))
HUB_PORT = int(setting("HUB_PORT", "8081"))
PROXY_API_PORT = int(setting("PROXY_API_PORT", "8001"))
PROXY = setting("PROXY", str(Path(sys.prefix) / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"))
IDLE_SECONDS = int(setting("IDLE_SECONDS", "1800"))  # a server with no traffic for this long is stopped
CULL_EVERY = int(setting("CULL_EVERY", "300"))
ACTIVITY_SECONDS = int(setting("ACTIVITY_SECONDS", "60"))  # how often the hub reads the proxy's traffic
KERNEL_IDLE_SECONDS = int(setting("KERNEL_IDLE_SECONDS", "300"))  # a kernel with no page connected
USER_PORTS = setting("USER_PORTS", "")  # "first-last": the visitors' servers' ports (default: any free port)
SPAWNER = setting("SPAWNER", "systemd")
#: Visitors' servers running at once: each holds up to three kernels (~190 MB each, see classroom.server).
ACTIVE_SERVERS = 40

STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = HUB_PORT
c.ConfigurableHTTPProxy.command = [PROXY]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.last_activity_interval = ACTIVITY_SECONDS
c.JupyterHub.template_paths = [str(HERE / "templates")]  # the hub's own pages, in Italian
c.JupyterHub.active_server_limit = ACTIVE_SERVERS
c.JupyterHub.concurrent_spawn_limit = 10
c.JupyterHub.allow_named_servers = False
c.JupyterHub.shutdown_on_logout = True
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cookie_max_age_days = 1

# -- accounts: one temporary user per visitor ----------------------------------------------------------------
c.JupyterHub.authenticator_class = "tmpauthenticator.TmpAuthenticator"
c.TmpAuthenticator.allow_all = True
c.Authenticator.admin_users = set()  # nobody administers the hub through its pages


def short_guest_name(authenticator, handler, authentication):
    """``ospite-`` and ten hex digits instead of a UUID: a systemd dynamic user's name has at most 31 characters."""
    authentication["name"] = f"ospite-{secrets.token_hex(5)}"
    return authentication


c.Authenticator.post_auth_hook = short_guest_name

# -- what a visitor's server is ------------------------------------------------------------------------------
c.Spawner.cmd = [sys.executable, "-m", "oltre_finance.classroom.hub", f"--idle-seconds={KERNEL_IDLE_SECONDS}"]
c.Spawner.args = []
c.Spawner.default_url = "/"  # the apps' home page (Voilà's tree, in Italian), never /lab or /tree
c.Spawner.disable_user_config = True
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL"]  # nothing else of the hub's environment (no case store)
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.mem_limit = "1G"  # three kernels of ~190 MB and Voilà; enforced by SystemdSpawner, not by the local one
c.Spawner.cpu_limit = 1.0

if USER_PORTS:
    first, last = (int(part) for part in USER_PORTS.split("-"))

    def free_user_port(spawner):
        """A free port in ``first``–``last`` for this visitor's server."""
        for port in range(first, last + 1):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) != 0:
                    spawner.port = port
                    return
        raise RuntimeError(f"no free port in {USER_PORTS}")

    c.Spawner.pre_spawn_hook = free_user_port

if SPAWNER == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = True
    c.SystemdSpawner.unit_name_template = "oltre-{USERNAME}"  # also the dynamic user's name
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.unit_extra_properties = {
        "ProtectHome": "tmpfs",  # no one's home folder, the kit's case store included
        "ProtectSystem": "strict",  # read-only system; writable: its state folder only
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
        "TasksMax": "64",
    }
elif SPAWNER == "locale":
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "ospiti" / "{username}")
else:
    raise ValueError(f"OLTRE_HUB_SPAWNER must be 'systemd' or 'locale', not {SPAWNER!r}")

# -- idle culling: stop idle servers, delete their temporary users -------------------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            *(sys.executable, "-m", "jupyterhub_idle_culler"),
            *(f"--timeout={IDLE_SECONDS}", f"--cull-every={CULL_EVERY}", "--cull-users=True"),
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers", "admin:users"],
        "services": ["idle-culler"],
    }
]
