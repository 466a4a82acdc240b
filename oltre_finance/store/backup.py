"""Encrypted backups of a SQLite case store, and their restore.

A backup is a consistent copy of the database (SQLite's online backup, or
SQLCipher's export for an encrypted store), encrypted with a passphrase:
``scrypt`` derives a 256-bit key and AES-GCM seals the copy, so a wrong
passphrase or a changed byte is refused, never half-read. The plain copy
exists only in a private temporary folder and is removed at once.

File layout: ``MAGIC`` · 16-byte salt · 12-byte nonce · ciphertext.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from oltre_finance.errors import StoreError
from oltre_finance.store.cases import CaseStore, open_store
from oltre_finance.store.database import _quoted

__all__ = ["MAGIC", "backup", "restore"]

MAGIC = b"oltre-finance backup 1\n"
_SALT, _NONCE = 16, 12


def _key(passphrase: str, salt: bytes) -> bytes:
    if not isinstance(passphrase, str) or len(passphrase) < 8:
        raise StoreError(
            "backup passphrase too short", field="passphrase",
            message_it="La passphrase del backup deve avere almeno 8 caratteri.",
        )  # fmt: skip
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


@contextmanager
def _private_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="oltre-finance-") as folder:
        os.chmod(folder, 0o700)
        yield Path(folder)


def _plain_copy(store: CaseStore, target: Path) -> None:
    """A consistent plain SQLite copy of the store at ``target``."""
    path = store.database.path
    if path is None:
        raise StoreError(
            "backups are for SQLite stores", field="store",
            message_it="Il backup riguarda l'archivio su file: per PostgreSQL usa gli strumenti del server.",
        )  # fmt: skip
    if not store.database.encrypted:
        with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return
    # An encrypted store: SQLCipher writes its decrypted content into an attached plain database.
    with store.database.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute(f"ATTACH DATABASE {_quoted(str(target))} AS plaintext KEY ''")
        raw.execute("SELECT sqlcipher_export('plaintext')")
        raw.execute("DETACH DATABASE plaintext")


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    with open(temporary, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def backup(store: CaseStore, target: str | os.PathLike[str], *, passphrase: str) -> Path:
    """Write an encrypted backup of ``store`` to ``target``; its path."""
    salt, nonce = secrets.token_bytes(_SALT), secrets.token_bytes(_NONCE)
    key = _key(passphrase, salt)
    with _private_folder() as folder:
        plain = folder / "copia.sqlite3"
        _plain_copy(store, plain)
        content = plain.read_bytes()
    sealed = AESGCM(key).encrypt(nonce, content, MAGIC)
    destination = Path(target)
    _write_atomically(destination, MAGIC + salt + nonce + sealed)
    return destination


def restore(
    source: str | os.PathLike[str],
    store_path: str | os.PathLike[str],
    *,
    passphrase: str,
    store_passphrase: str | None = None,
) -> CaseStore:
    """Replace the store at ``store_path`` with the backup ``source``; the store, open.

    ``store_passphrase`` encrypts the restored store with SQLCipher. Nothing
    is replaced unless the backup decrypts and is a sound case store.
    """
    try:
        data = Path(source).read_bytes()
    except OSError:
        raise StoreError(
            "backup not readable", field="backup", message_it="Non riesco a leggere il file di backup."
        ) from None
    head = len(MAGIC)
    if not data.startswith(MAGIC) or len(data) < head + _SALT + _NONCE + 16:
        raise StoreError("not a backup", field="backup", message_it="Il file non è un backup di oltre_finance.")
    salt, nonce = data[head : head + _SALT], data[head + _SALT : head + _SALT + _NONCE]
    try:
        content = AESGCM(_key(passphrase, salt)).decrypt(nonce, data[head + _SALT + _NONCE :], MAGIC)
    except InvalidTag:
        raise StoreError(
            "wrong passphrase or damaged backup", field="passphrase",
            message_it="Il backup non si apre: la passphrase è sbagliata o il file è danneggiato.",
        ) from None  # fmt: skip
    target = Path(store_path)
    with _private_folder() as folder:
        plain = folder / "ripristino.sqlite3"
        plain.write_bytes(content)
        with sqlite3.connect(plain) as check:
            sound = check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not sound or not {"cases", "meetings", "alembic_version"} <= tables:
            raise StoreError(
                "not a case store", field="backup", message_it="Il backup non contiene un archivio dei casi."
            )
        ready = plain
        if store_passphrase is not None:  # SQLCipher copies schema and rows into a new encrypted file
            import sqlcipher3

            ready = folder / "cifrato.sqlite3"
            connection = sqlcipher3.connect(str(plain))
            connection.execute(f"ATTACH DATABASE {_quoted(str(ready))} AS encrypted KEY {_quoted(store_passphrase)}")
            connection.execute("SELECT sqlcipher_export('encrypted')")
            connection.execute("DETACH DATABASE encrypted")
            connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _write_atomically(target, ready.read_bytes())
    return open_store(target, passphrase=store_passphrase)
