"""The consultant's commands: ``case new|list|show``, ``export``, ``erase``, ``backup``, ``restore``, ``plan``,
``report activity`` (the programme's anonymous figures of a period).

Every command works on one store: ``--archivio`` (a SQLite file or a
``postgresql://`` URL; by default the user's data directory). An encrypted
store takes its passphrase from ``OLTRE_FINANCE_PASSPHRASE`` or asks for it
(``--cifrato``); a backup's passphrase comes from
``OLTRE_FINANCE_BACKUP_PASSPHRASE`` or is asked. Errors are one Italian line
on stderr and exit status 2, never a traceback; nothing a household typed is
printed unless asked for (``case show``, ``export``).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from oltre_finance.errors import OltreFinanceError

if TYPE_CHECKING:  # the store and the budget are imported when a command needs them, not at start-up
    from oltre_finance.store import CaseStore

__all__ = ["CASE_COMMANDS", "actions_it", "add_case_commands", "iso_day", "meetings_it", "run_case_command"]

CASE_COMMANDS = ("case", "export", "erase", "backup", "restore", "plan", "report")
STORE_PASSPHRASE = "OLTRE_FINANCE_PASSPHRASE"
BACKUP_PASSPHRASE = "OLTRE_FINANCE_BACKUP_PASSPHRASE"


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"data non valida: {text!r} (scrivi AAAA-MM-GG)") from None


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archivio", default=None, help="file SQLite o indirizzo postgresql:// (predefinito: i dati dell'utente)"
    )
    parser.add_argument("--cifrato", action="store_true", help="l'archivio è cifrato: chiede la passphrase")


def add_case_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The consultant's subcommands, with their Italian help."""
    case = commands.add_parser("case", help="i casi della consulenza: nuovo, elenco, dettaglio")
    actions = case.add_subparsers(dest="case_command", required=True)
    new = actions.add_parser("new", help="apre un nuovo caso")
    new.add_argument("--codice", default=None, help="il codice del caso (predefinito: uno nuovo, OF-…)")
    new.add_argument(
        "--da-file", type=Path, default=None, help="il file della famiglia salvato dalle app: primo incontro"
    )
    new.add_argument("--consulente", default="", help="chi tiene il primo incontro")
    new.add_argument("--data", type=iso_day, default=None, help="data di apertura (AAAA-MM-GG; predefinito: oggi)")
    listing = actions.add_parser("list", help="elenca i casi (solo codici e date)")
    show = actions.add_parser("show", help="gli incontri di un caso, con entrate, uscite e saldo")
    show.add_argument("codice")
    for parser in (new, listing, show):
        _store_options(parser)
    export = commands.add_parser(
        "export", help="tutto quello che l'archivio tiene di un caso, in JSON (diritto di accesso)"
    )
    export.add_argument("codice")
    export.add_argument("-o", "--output", type=Path, default=None, help="file JSON (predefinito: lo schermo)")
    erase = commands.add_parser("erase", help="cancella un caso e tutti i suoi dati (diritto all'oblio)")
    erase.add_argument("codice")
    erase.add_argument("--conferma", default=None, help="ripeti il codice per confermare")
    backup = commands.add_parser("backup", help="copia cifrata dell'archivio")
    backup.add_argument("-o", "--output", type=Path, required=True, help="il file del backup")
    restore = commands.add_parser("restore", help="rimette l'archivio com'era in un backup")
    restore.add_argument("backup_file", type=Path, metavar="backup", help="il file del backup")
    plan = commands.add_parser("plan", help="il piano personalizzato di un incontro: PDF, pagina HTML o Excel")
    plan.add_argument("codice")
    plan.add_argument("--meeting", "--incontro", dest="incontro", type=int, default=None,
                      help="il numero dell'incontro (predefinito: l'ultimo)")  # fmt: skip
    plan.add_argument("-o", "--output", type=Path, required=True, help="il file: .pdf, .html o .xlsx")
    report = commands.add_parser("report", help="le cifre dell'attività del programma, anonime")
    reports = report.add_subparsers(dest="report_command", required=True)
    figures = reports.add_parser(
        "activity",
        help="consulenze, famiglie seguite, debiti rinegoziati, azioni in un periodo: solo conteggi, sotto 5 «< 5»",
    )
    figures.add_argument(
        "--from",
        dest="start",
        type=iso_day,
        required=True,
        metavar="AAAA-MM-GG",
        help="dal giorno (AAAA-MM-GG), incluso",
    )
    figures.add_argument(
        "--to", dest="end", type=iso_day, required=True, metavar="AAAA-MM-GG", help="al giorno (AAAA-MM-GG), incluso"
    )
    figures.add_argument(
        "-o", "--output", type=Path, default=None, metavar="FILE", help="anche in un file .csv (separatore ;) o .xlsx"
    )
    for parser in (export, erase, backup, restore, plan, figures):
        _store_options(parser)


def _secret(variable: str, prompt: str) -> str:
    value = os.environ.get(variable)
    return value if value else getpass.getpass(prompt)


def _open(args: argparse.Namespace) -> CaseStore:
    from oltre_finance.store import open_store

    passphrase = _secret(STORE_PASSPHRASE, "Passphrase dell'archivio: ") if args.cifrato else None
    return open_store(args.archivio, passphrase=passphrase)


def meetings_it(count: int) -> str:
    """``1 incontro``, ``3 incontri``."""
    return "1 incontro" if count == 1 else f"{count} incontri"


def actions_it(count: int) -> str:
    """``1 azione``, ``2 azioni``."""
    return "1 azione" if count == 1 else f"{count} azioni"


def _show(store: CaseStore, code: str) -> list[str]:
    from oltre_finance.budget import summarize
    from oltre_finance.money import format_eur

    case = store.case(code)
    lines = [f"Caso {case.code}, aperto il {case.opened_on:%d/%m/%Y}: {meetings_it(len(case.meetings))}"]
    for meeting in case.meetings:
        summary = summarize(meeting.household)
        lines.append(
            f"  {meeting.number}. {meeting.on:%d/%m/%Y} con {meeting.consultant or '—'}: entrate "
            f"{format_eur(summary.income)}, uscite {format_eur(summary.expenses)}, saldo {format_eur(summary.balance)} "
            f"al mese{'; piano con ' + actions_it(len(meeting.plan.actions)) if meeting.plan else ''}"
        )
    return lines


def _run(args: argparse.Namespace) -> int:
    from oltre_finance.store.backup import backup, restore

    if args.command == "restore":
        if args.archivio is not None and str(args.archivio).startswith("postgresql"):
            raise OltreFinanceError("restore is for SQLite", message_it="Il ripristino riguarda l'archivio su file.")
        target = Path(args.archivio) if args.archivio else None
        from oltre_finance.store.database import default_path

        store_passphrase = _secret(STORE_PASSPHRASE, "Passphrase dell'archivio: ") if args.cifrato else None
        restored = restore(args.backup_file, target or default_path(),
                           passphrase=_secret(BACKUP_PASSPHRASE, "Passphrase del backup: "),
                           store_passphrase=store_passphrase)  # fmt: skip
        count = len(restored.cases())
        restored.close()
        print(f"Archivio ripristinato: {'1 caso' if count == 1 else f'{count} casi'}.")
        return 0
    if args.command == "report":  # a wrong period or file is refused before the store is opened
        from oltre_finance.store.activity import activity_format, check_period

        check_period(args.start, args.end)
        if args.output is not None:
            activity_format(args.output)
    with _open(args) as store:
        if args.command == "case" and args.case_command == "new":
            opened = args.data or date.today()
            if args.da_file is not None:
                try:
                    text = args.da_file.read_bytes()
                except OSError:
                    raise OltreFinanceError(
                        "file not readable", field="file", message_it="Non riesco a leggere il file della famiglia."
                    ) from None
                code = store.import_household(text, on=opened, consultant=args.consulente, code=args.codice)
            else:
                code = store.new_case(opened_on=opened, code=args.codice)
            print(code)
        elif args.command == "case" and args.case_command == "list":
            found = store.cases()
            if not found:
                print("Nessun caso nell'archivio.")
            for item in found:
                last = f", ultimo incontro il {item.last_meeting_on:%d/%m/%Y}" if item.last_meeting_on else ""
                print(f"{item.code}  aperto il {item.opened_on:%d/%m/%Y}, {meetings_it(item.meetings)}{last}")
        elif args.command == "case":
            print("\n".join(_show(store, args.codice)))
        elif args.command == "export":
            text = json.dumps(store.export_case(args.codice), ensure_ascii=False, indent=2) + "\n"
            if args.output is None:
                sys.stdout.write(text)
            else:
                with open(args.output, "w", encoding="utf-8", opener=lambda p, f: os.open(p, f, 0o600)) as handle:
                    handle.write(text)
                print(f"Esportato in {args.output}.")
        elif args.command == "erase":
            if (args.conferma or "").strip().upper() != args.codice.strip().upper():
                print("Per cancellare il caso ripeti il suo codice: --conferma CODICE.", file=sys.stderr)
                return 2
            store.erase_case(args.codice)
            print(f"Caso {args.codice.strip().upper()} cancellato con tutti i suoi dati.")
        elif args.command == "report":
            _activity(store, args.start, args.end, args.output)
        elif args.command == "plan":
            _write_plan(store, args.codice, args.incontro, args.output)
        elif args.command == "backup":
            path = backup(store, args.output, passphrase=_secret(BACKUP_PASSPHRASE, "Passphrase del backup: "))
            print(f"Backup cifrato scritto in {path}.")
    return 0


def _activity(store: CaseStore, start: date, end: date, output: Path | None) -> None:
    """Print the activity figures (anonymous, the small-number rule applied) and, with ``-o``, write them."""
    from oltre_finance.store.activity import NOTE_IT, activity, write_activity

    report = activity(store, start=start, end=end)
    rows = report.rows_it
    width = max(len(label) for label, _ in rows)
    print(report.title_it)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print(NOTE_IT)
    if output is not None:
        print(f"Cifre scritte in {write_activity(report, output)}.")


def _write_plan(store: CaseStore, code: str, number: int | None, output: Path) -> None:
    from oltre_finance.report import plan_document
    from oltre_finance.report.html import plan_html
    from oltre_finance.report.pdf import plan_pdf
    from oltre_finance.report.xlsx import plan_xlsx

    kind = output.suffix.lower()
    if kind not in (".pdf", ".html", ".xlsx"):
        raise OltreFinanceError("unknown plan format", field="output",
                                message_it="Il piano si scrive in un file .pdf, .html o .xlsx.")  # fmt: skip
    case = store.case(code)
    if not case.meetings:
        raise OltreFinanceError("no meetings", field="meeting", message_it="Il caso non ha ancora incontri.")
    meeting = case.meeting(number) if number is not None else case.meetings[-1]
    document = plan_document(case, meeting.number)
    if kind == ".pdf":
        content = plan_pdf(document)
    elif kind == ".xlsx":
        content = plan_xlsx(document, meeting.household)
    else:
        content = plan_html(document).encode("utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as handle:
        handle.write(content)
    print(f"Piano dell'incontro {meeting.number} scritto in {output}.")


def run_case_command(args: argparse.Namespace) -> int:
    """Run a consultant's command; an Italian line and exit status 2 on a wrong input."""
    try:
        return _run(args)
    except OltreFinanceError as error:
        print(error.message_it, file=sys.stderr)
        return 2
