"""Starting a classroom: the command line of its server and what the educator is told at start-up."""

from __future__ import annotations

import socket
import sys
from decimal import Decimal
from pathlib import Path

from oltre_finance.classroom.server import join_html, memory_budget_mb, room_size
from oltre_finance.money import format_number

__all__ = ["announce", "classroom_command", "join_address", "lan_address"]


def classroom_command(pages: Path, *, participants: int, code: str, first_app: str, host: str, port: int,
                      idle_seconds: int) -> list[str]:  # fmt: skip
    """The command that serves ``pages`` to a room (see :mod:`oltre_finance.classroom.server`)."""
    return [sys.executable, "-m", "oltre_finance.classroom.server", str(pages), "--participants", str(participants),
            "--code", code, "--first-app", first_app, "--host", host, "--port", str(port),
            "--idle-seconds", str(idle_seconds)]  # fmt: skip


def lan_address() -> str:
    """This computer's address on the room's network (no packet is sent), else the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def join_address(host: str, port: int, code: str) -> str:
    """The address a participant opens: the room's host, with the code, so that a QR code needs no typing."""
    shown = lan_address() if host in ("0.0.0.0", "") else host
    return f"http://{shown}:{port}/?token={code}"


def announce(*, host: str, port: int, code: str, participants: int, folder: Path) -> Path:
    """Print the address, the code, the room's size and memory budget and a QR code; write the join page."""
    import segno

    address = join_address(host, port, code)
    plain = address.split("?", 1)[0]
    qr = segno.make(address, error="m")
    page = folder / "entra_in_aula.html"
    page.write_text(join_html(plain, code, participants, qr.svg_inline(scale=8, title="Codice QR per entrare")),
                    encoding="utf-8")  # fmt: skip
    budget = Decimal(memory_budget_mb(participants))
    print(f"Aula per {participants} partecipanti: fino a {room_size(participants)} pagine aperte insieme.")
    print(f"Memoria prevista: fino a {format_number(budget / 1024, decimals=1)} GB "
          f"({format_number(budget, decimals=0)} MB).")  # fmt: skip
    print(f"Indirizzo per i partecipanti: {plain}  codice dell'aula: {code}")
    print(f"Pagina da proiettare con il codice QR: {page}")
    qr.terminal(compact=True)
    sys.stdout.flush()
    return page
