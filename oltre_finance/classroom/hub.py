"""The classroom server as JupyterHub's single-user server: one visitor's apps, behind the hub's login.

JupyterHub's spawner runs ``python -m oltre_finance.classroom.hub`` for each (temporary) user instead of
``jupyterhub-singleuser`` (see ``deploy/jupyterhub/jupyterhub_config.py``). It is the hardened classroom
server (:mod:`oltre_finance.classroom.server`) for a room of one, with the hub's OAuth in place of the
room code:

- the citizen apps and the lessons only (never the consultant's app, the case store or a household file);
- no JupyterLab, no terminal, no contents API, no ``/voila/files``: Voilà alone, without them;
- no code run but the apps': the kernel websocket passes widget messages only (``execute_request`` is
  dropped, :class:`~oltre_finance.classroom.connection.BoundedConnection`), with no traceback sent back;
- at most :func:`~oltre_finance.classroom.server.room_size` ``(1)`` kernels, culled when no page is connected.

Where to listen, under which prefix and with which OAuth client come from the environment the hub sets
(``JUPYTERHUB_SERVICE_URL``, ``JUPYTERHUB_SERVICE_PREFIX``, ``JUPYTERHUB_API_TOKEN``, ...).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

# JupyterHub ships no type information.
from jupyterhub import __version__ as jupyterhub_version  # type: ignore[import-untyped]
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider  # type: ignore[import-untyped]
from jupyterhub.utils import url_path_join  # type: ignore[import-untyped]
from traitlets.config import Config

from oltre_finance.classroom.server import IDLE_SECONDS, classroom_config

__all__ = ["HubIdentityProvider", "hub_server_config", "main"]

#: Nothing of a consultant's cases nor of a household file reaches a visitor's server, even if the spawner
#: was told to pass the hub's whole environment.
_PRIVATE = ("OLTRE_FINANCE_CASES", "OLTRE_FINANCE_PASSPHRASE", "OLTRE_FINANCE_SAVE_TO")


class HubIdentityProvider(JupyterHubIdentityProvider):  # type: ignore[misc]
    """JupyterHub's OAuth for Voilà: its handlers (``oauth_callback``, ``logout``) under the user's prefix.

    jupyter_server prefixes an identity provider's handlers with its ``base_url``; Voilà does not, so this
    class does it (the hub sends the browser back to ``/user/<name>/oauth_callback``).
    """

    def get_handlers(self) -> list[tuple[Any, ...]]:
        return [(url_path_join(self.hub_auth.base_url, pattern), *rest) for pattern, *rest in super().get_handlers()]


def hub_server_config(*, idle_seconds: int = IDLE_SECONDS, environ: dict[str, str] | None = None) -> Config:
    """Voilà's configuration for one hub user: the classroom's, for a room of one, with the hub's login.

    Examples
    --------
    >>> env = {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:40123/user/ospite-1/",
    ...        "JUPYTERHUB_SERVICE_PREFIX": "/user/ospite-1/"}
    >>> config = hub_server_config(environ=env)
    >>> config.Voila.ip, config.Voila.port, config.Voila.base_url, "token" in config.Voila
    ('127.0.0.1', 40123, '/user/ospite-1/', False)
    >>> config.VoilaConfiguration.file_allowlist, config.RoomKernels.room
    ([], 3)
    """
    environ = dict(os.environ) if environ is None else environ
    url = urlparse(environ["JUPYTERHUB_SERVICE_URL"])
    prefix = environ.get("JUPYTERHUB_SERVICE_PREFIX") or "/"
    config = classroom_config(participants=1, code="", first_app="", host=url.hostname or "127.0.0.1",
                              port=url.port or 8888, idle_seconds=idle_seconds)  # fmt: skip
    # The hub's OAuth is the login: no room code, and Voilà passes no token of its own to the identity provider.
    del config.Voila["token"]
    config.Voila.auto_token = True
    config.Voila.base_url = prefix
    config.Voila.identity_provider_class = "oltre_finance.classroom.hub.HubIdentityProvider"
    settings = config.Voila.tornado_settings
    settings["headers"] = {**settings["headers"], "X-JupyterHub-Version": jupyterhub_version}  # the hub checks it
    # No kernel waits for a visitor: a pooled kernel is never culled, and a visitor may never open that app.
    config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 0}}
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The apps for one JupyterHub user (started by the hub's spawner)")
    parser.add_argument("--idle-seconds", type=int, default=IDLE_SECONDS,
                        help="seconds before a kernel with no page connected is shut down")  # fmt: skip
    args = parser.parse_args(argv)

    from oltre_finance.classroom.pages import ClassroomVoila
    from oltre_finance.cli import TEMPLATES_ROOT, default_notebooks
    from oltre_finance.course.material import default_course_root
    from oltre_finance.ui.served import CITIZEN_APPS, served_folder

    for name in _PRIVATE:
        os.environ.pop(name, None)
    config = hub_server_config(idle_seconds=args.idle_seconds)
    course_root = default_course_root()
    citizen_apps = {notebook for _module, _class, notebook in CITIZEN_APPS.values()}
    with served_folder(default_notebooks(), course_root if course_root.is_dir() else None, apps=citizen_apps) as (
        pages,
        data,
    ):
        # The served folder's templates (the lessons' list) first, then the package's own (the Italian pages).
        existing = [os.environ["JUPYTER_PATH"]] if os.environ.get("JUPYTER_PATH") else []
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(data), str(TEMPLATES_ROOT), *existing])
        ClassroomVoila.launch_instance([str(Path(pages))], config=config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
