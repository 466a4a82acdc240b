"""Command line: ``oltre-finance serve`` opens the apps with Voilà.

``oltre-finance schema`` prints the JSON Schema of a household file.

Voilà is started bound to the local machine only (household figures never
leave it), with the notebooks' code hidden and no tracebacks sent to the
page: a person sees the app and its Italian messages, nothing else.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from oltre_finance.cli_cases import CASE_COMMANDS, STORE_PASSPHRASE, add_case_commands, iso_day, run_case_command
from oltre_finance.ui.served import CITIZEN_APPS as CITIZEN_APPS

#: The case store the Consulenza app opens (a SQLite path or a postgresql:// URL).
CASES = "OLTRE_FINANCE_CASES"

__all__ = ["main", "voila_command", "voila_environment"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
TEMPLATES_ROOT = Path(__file__).resolve().parent / "ui" / "jupyter"


def default_notebooks() -> Path:
    """The ``notebooks/`` folder of the source checkout, else of the current directory."""
    checkout = Path(__file__).resolve().parent.parent / "notebooks"
    return checkout if checkout.is_dir() else Path.cwd() / "notebooks"


def voila_command(notebooks: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The Voilà command line that serves ``notebooks`` as apps.

    Examples
    --------
    >>> voila_command(Path("notebooks"), port=9000)[:4]
    ['...', '-m', 'voila', 'notebooks']
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebooks),
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--no-browser",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--theme=light",
        # Italian home page and loading screen (ui/jupyter/voila/templates/oltre).
        "--template=oltre",
        "--classic_tree=True",
        # jupytext's JupyterLab extension (installed for the lessons) fails outside JupyterLab.
        "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
    ]


def voila_environment() -> dict[str, str]:
    """The environment for Voilà, with the package's templates on the Jupyter data path."""
    environment = dict(os.environ)
    templates = str(TEMPLATES_ROOT)
    existing = environment.get("JUPYTER_PATH")
    environment["JUPYTER_PATH"] = templates + (os.pathsep + existing if existing else "")
    return environment


class _ItalianHelp(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="uso: " if prefix is None else prefix)


class ItalianParser(argparse.ArgumentParser):
    """argparse with its own words in Italian: usage, section titles, the help option, errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ItalianHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argomenti"
        self._optionals.title = "opzioni"
        self.add_argument("-h", "--help", action="help", help="mostra questo aiuto ed esce")

    def error(self, message: str) -> NoReturn:
        for english, italian in _ARGPARSE_WORDS:
            message = message.replace(english, italian)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: errore: {message}\n")


_ARGPARSE_WORDS = (
    ("the following arguments are required", "mancano questi argomenti"),
    ("invalid choice", "scelta non valida"),
    ("choose from", "scegli tra"),
    ("unrecognized arguments", "argomenti non riconosciuti"),
    ("expected one argument", "serve un valore"),
    ("argument ", "argomento "),
)


def rules_report(today: date, *, stale_only: bool) -> list[str]:
    """One line per dated rule: what it is, where it lives, the period it covers and how far it is verified."""
    from oltre_finance.italy.data_files import all_series, stale_series

    chosen = stale_series(today) if stale_only else all_series()
    if stale_only and not chosen:
        return [f"Nessuna regola scaduta: tutte sono verificate almeno fino al {today:%d/%m/%Y}."]
    head = (
        f"Regole verificate solo fino a una data passata (oggi è il {today:%d/%m/%Y}):"
        if stale_only
        else f"Regole italiane nei dati del programma ({len(chosen)}):"
    )
    lines = [head]
    for rule in chosen:
        after = "poi si usa l'ultima versione, segnalata" if rule.carry_forward else "oltre, nessun dato"
        count = f"{len(rule.versions)} {'versione' if len(rule.versions) == 1 else 'versioni'}"
        lines.append(
            f"- {rule.title_it} [{rule.key}]: dal {rule.first_day:%d/%m/%Y}, {count}, "
            f"verificata fino al {rule.verified_to:%d/%m/%Y} ({after})"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = ItalianParser(prog="oltre-finance", description="oltre_finance: strumenti per il bilancio familiare")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="apre le app in Voilà su http://127.0.0.1:8866")
    serve.add_argument("--host", default=None,
                       help="indirizzo (predefinito: solo questo computer; in aula: la rete dell'aula)")  # fmt: skip
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="porta (predefinita: 8866)")
    serve.add_argument("--archivio", default=None,
                       help="l'archivio dei casi per l'app Consulenza (predefinito: i dati dell'utente)")  # fmt: skip
    serve.add_argument("--cifrato", action="store_true", help="l'archivio dei casi è cifrato: chiede la passphrase")
    serve.add_argument("--notebooks", type=Path, default=None, help="cartella dei notebook delle app")
    serve.add_argument(
        "--save-to",
        type=Path,
        default=None,
        help="tiene la famiglia anche in questo file del computer (oltre che nel browser)",
    )
    serve.add_argument("--classroom", "--aula", action="store_true",
                       help="per un'aula: app per i cittadini e lezioni, codice dell'aula, limiti")  # fmt: skip
    serve.add_argument("--participants", "--partecipanti", type=int, default=30,
                       help="in aula: quanti partecipanti (predefinito: 30)")  # fmt: skip
    serve.add_argument("--app", default="bilancio", choices=sorted(CITIZEN_APPS),
                       help="in aula: l'app aperta per prima, tenuta pronta (predefinita: bilancio)")  # fmt: skip
    serve.add_argument("--idle-seconds", "--inattivita", type=int, default=None,
                       help="in aula: secondi prima di chiudere una pagina abbandonata (300)")  # fmt: skip
    commands.add_parser("schema", help="stampa lo schema JSON del file della famiglia")
    rules = commands.add_parser("rules", help="elenca le regole italiane con il periodo coperto e verificato")
    rules.add_argument("--stale", action="store_true", help="solo le regole verificate fino a una data già passata")
    rules.add_argument("--today", type=iso_day, default=None, help="data di riferimento (AAAA-MM-GG)")
    add_case_commands(commands)
    args = parser.parse_args(argv)

    if args.command in CASE_COMMANDS:
        return run_case_command(args)
    if args.command == "rules":
        for line in rules_report(args.today or date.today(), stale_only=args.stale):
            print(line)
        return 0
    if args.command == "schema":
        from oltre_finance.household import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0

    return serve_command(parser, args)


def serve_command(parser: ItalianParser, args: argparse.Namespace) -> int:
    """``oltre-finance serve``: the apps and lessons for one person, or for a classroom (``--classroom``)."""
    notebooks = args.notebooks or default_notebooks()
    if not notebooks.is_dir():
        parser.error(f"cartella delle app non trovata: {notebooks}")
    if args.classroom and (args.archivio is not None or args.cifrato or args.save_to is not None):
        parser.error("in aula non si aprono l'archivio dei casi né i file delle famiglie")
    if args.classroom and not 1 <= args.participants <= 200:
        parser.error("i partecipanti devono essere da 1 a 200")
    if args.idle_seconds is not None and not 5 <= args.idle_seconds <= 86_400:
        parser.error("i secondi di inattività devono essere da 5 a 86400")
    host = args.host or ("0.0.0.0" if args.classroom else DEFAULT_HOST)
    environment = voila_environment()
    if args.classroom or args.save_to is not None:
        from oltre_finance.ui.session import SAVE_TO  # imports the widgets: only when it is needed
    if args.classroom:  # nothing of a consultant's cases or of a household file reaches a classroom kernel
        for name in (CASES, STORE_PASSPHRASE, SAVE_TO):
            environment.pop(name, None)
    else:
        print(f"Le app di oltre_finance sono su http://{host}:{args.port}/  (Ctrl+C per chiudere)", flush=True)
    if args.archivio is not None:
        environment[CASES] = str(args.archivio)
    if args.cifrato:  # the Consulenza app's kernels read it; it never leaves this computer's processes
        environment[STORE_PASSPHRASE] = os.environ.get(STORE_PASSPHRASE) or getpass.getpass(
            "Passphrase dell'archivio: "
        )
    if args.save_to is not None:
        args.save_to.parent.mkdir(parents=True, exist_ok=True)
        environment[SAVE_TO] = str(args.save_to.resolve())
        print(f"La famiglia è tenuta anche nel file {args.save_to}", flush=True)
    from oltre_finance.course.material import default_course_root
    from oltre_finance.ui.served import served_folder

    course_root = default_course_root()
    citizen_apps = {notebook for _module, _class, notebook in CITIZEN_APPS.values()} if args.classroom else None
    with served_folder(notebooks, course_root if course_root.is_dir() else None, apps=citizen_apps) as (pages, data):
        # The served folder's templates (the lessons' list) come before the package's own.
        environment["JUPYTER_PATH"] = str(data) + os.pathsep + environment["JUPYTER_PATH"]
        if args.classroom:
            from oltre_finance.classroom.launch import announce, classroom_command
            from oltre_finance.classroom.server import IDLE_SECONDS, room_code

            code = room_code()
            announce(host=host, port=args.port, code=code, participants=args.participants, folder=data.parent)
            command = classroom_command(pages, participants=args.participants, code=code,
                                        first_app=CITIZEN_APPS[args.app][2], host=host, port=args.port,
                                        idle_seconds=args.idle_seconds or IDLE_SECONDS)  # fmt: skip
        else:
            command = voila_command(pages, host=host, port=args.port)
        voila = subprocess.Popen(command, env=environment)
        # Stopped by a signal, Voilà shuts its kernels down; the served folder is removed after it has gone.
        signal.signal(signal.SIGTERM, lambda _signal, _frame: voila.terminate())
        try:
            return voila.wait()
        except KeyboardInterrupt:  # Ctrl+C reached Voilà too
            voila.wait()
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
