"""Opening the case store: where it lives, its encryption, its migrations.

- No location: a SQLite file in the user's data directory (platformdirs),
  readable by the user only.
- A path: that SQLite file. A ``postgresql://`` URL: a shared PostgreSQL.
- A passphrase: the SQLite file is encrypted at rest with SQLCipher (the
  ``sqlcipher3`` wheels, the ``cifratura`` extra); without the passphrase it
  cannot be opened.

Every open brings the schema to the latest Alembic revision inside one
transaction, then reads the tables from the database itself, so the
migrations are the one statement of the schema.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from oltre_finance.errors import StoreError

__all__ = ["HEAD", "Database", "default_path", "open_database", "schema_revision", "upgrade"]

APP_NAME = "oltre-finance"
FILE_NAME = "casi.sqlite3"


def _alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("oltre_finance.store").joinpath("migrations")))
    config.attributes["connection"] = connection
    return config


#: The newest revision of the schema.
HEAD = ScriptDirectory.from_config(_alembic_config()).get_current_head()


def default_path() -> Path:
    """Where the store lives when no path is given: the user's data directory."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


@dataclass(frozen=True)
class Database:
    """An open store: the engine and the tables as the database holds them."""

    engine: sa.Engine
    tables: Mapping[str, sa.Table]
    #: The SQLite file, for backups (``None`` for PostgreSQL).
    path: Path | None
    encrypted: bool


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")  # erasing a case removes its meetings, plans and actions
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # a committed write survives a crash
    cursor.close()


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def _engine(where: str | os.PathLike[str] | None, passphrase: str | None) -> tuple[sa.Engine, Path | None]:
    if isinstance(where, str) and where.startswith(("postgresql://", "postgresql+psycopg://")):
        if passphrase is not None:
            raise StoreError(
                "a passphrase is for SQLite files",
                field="passphrase",
                message_it="La passphrase cifra un archivio SQLite, non un database PostgreSQL.",
            )
        url = where.replace("postgresql://", "postgresql+psycopg://", 1)
        return sa.create_engine(url, pool_pre_ping=True), None
    path = Path(where) if where is not None else default_path()
    if path.is_dir():
        raise StoreError(
            "the store path is a folder", field="path", message_it="Il percorso dell'archivio è una cartella."
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        path.touch(mode=0o600)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    if passphrase is None:
        engine = sa.create_engine(f"sqlite:///{path}")
    else:
        if not isinstance(passphrase, str) or not passphrase:
            raise StoreError("empty passphrase", field="passphrase", message_it="La passphrase non può essere vuota.")
        try:
            import sqlcipher3
        except ImportError:
            raise StoreError(
                "sqlcipher3 is not installed",
                field="passphrase",
                message_it="Per cifrare l'archivio installa l'estensione: pip install 'oltre-finance[cifratura]'.",
            ) from None

        def connect() -> Any:
            connection = sqlcipher3.connect(str(path), check_same_thread=False)
            connection.execute("PRAGMA cipher_log_level = NONE")  # no messages of its own on a wrong key
            connection.execute(f"PRAGMA key = {_quoted(passphrase)}")
            return connection

        engine = sa.create_engine("sqlite://", creator=connect, module=sqlcipher3)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine, path


def schema_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at (``None``: empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction."""
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def open_database(where: str | os.PathLike[str] | None = None, *, passphrase: str | None = None) -> Database:
    """Open (creating and migrating if needed) the store at ``where``."""
    engine, path = _engine(where, passphrase)
    try:
        upgrade(engine)
        metadata = sa.MetaData()
        metadata.reflect(engine)
    except sa.exc.DatabaseError:
        engine.dispose()
        raise StoreError(
            "the store cannot be read: wrong passphrase, or not a case store",
            field="passphrase" if passphrase is not None or path is not None else "path",
            message_it="L'archivio non si apre: la passphrase è sbagliata, oppure il file non è un archivio dei casi.",
        ) from None
    return Database(engine=engine, tables=dict(metadata.tables), path=path, encrypted=passphrase is not None)
