"""Household JSON files: read with clear errors, write atomically.

A household file is UTF-8 JSON with a ``schema_version``; amounts are
strings (``"1234.56"``) so that no float ever becomes money. Reading refuses
files over :data:`MAX_FILE_BYTES`, text that is not JSON (naming the line),
other schema versions and any invalid field (naming its path). Writing goes
to a temporary file in the same folder and replaces the old file in one
step, so an interrupted save leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from oltre_finance.errors import InvalidHouseholdError
from oltre_finance.household import SCHEMA_VERSION, Household, household_from_dict

__all__ = ["MAX_FILE_BYTES", "household_from_json", "household_to_json", "load_household", "save_household"]

#: A real household file is a few kilobytes; anything above this is not one.
MAX_FILE_BYTES = 1_000_000


def _check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise InvalidHouseholdError(
            f"file larger than {MAX_FILE_BYTES} bytes",
            field="file",
            message_it="Il file è troppo grande per essere il profilo di una famiglia.",
        )


def household_from_json(text: str | bytes) -> Household:
    """Parse and validate the text of a household file."""
    _check_size(len(text))
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise InvalidHouseholdError(
            "file is not UTF-8 text", field="file", message_it="Il file non è un file di testo JSON."
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidHouseholdError(
            f"not JSON (line {error.lineno}, column {error.colno})",
            field=f"line {error.lineno}",
            message_it=f"Il file non è un JSON valido (riga {error.lineno}).",
        ) from None
    if not isinstance(data, dict):
        raise InvalidHouseholdError(
            "a household file holds a JSON object", field="file", message_it="Il file non contiene una famiglia."
        )
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InvalidHouseholdError(
            f"schema_version {version!r} is not supported (expected {SCHEMA_VERSION})",
            field="schema_version",
            message_it="Versione del file non supportata: è stato creato da un programma diverso o più recente.",
        )
    try:
        return household_from_dict(data)
    except InvalidHouseholdError as error:
        source = text if isinstance(text, str) else text.decode("utf-8", errors="replace")
        line = _line_of(source, (error.field or "").split("."))
        raise InvalidHouseholdError(
            f"{error} (line {line})", field=error.field, message_it=f"{error.message_it[:-1]} (riga {line})."
        ) from None


def _line_of(text: str, path: list[str]) -> int:
    """The line where the value at ``path`` (e.g. ``expenses.2.amount``) starts, or where its parent does."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    for part in path:
        if position >= len(text) or text[position] not in "{[":
            break
        found = _child(text, position, part, decoder)
        if found is None:
            break
        position = found
    return text.count("\n", 0, position) + 1


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _child(text: str, position: int, part: str, decoder: json.JSONDecoder) -> int | None:
    """Start of the child ``part`` of the object or array that starts at ``position``."""
    is_object = text[position] == "{"
    position = _skip(text, position + 1)
    index = 0
    while position < len(text) and text[position] not in "}]":
        if is_object:
            key, position = decoder.raw_decode(text, position)
            position = _skip(text, _skip(text, position) + 1)  # past the colon
            if key == part:
                return position
        elif str(index) == part:
            return position
        _value, position = decoder.raw_decode(text, position)
        position = _skip(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
        index += 1
    return None


def household_to_json(household: Household) -> str:
    """The household as the text of a household file (amounts as strings)."""
    return json.dumps(household.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def load_household(path: str | os.PathLike[str]) -> Household:
    """Read a household file."""
    file = Path(path)
    try:
        _check_size(file.stat().st_size)  # before reading a huge file into memory
        text = file.read_bytes()
    except OSError:
        raise InvalidHouseholdError(
            "cannot read the file", field="file", message_it="Non riesco a leggere il file."
        ) from None
    return household_from_json(text)


def save_household(household: Household, path: str | os.PathLike[str]) -> None:
    """Write ``household`` to ``path`` atomically (all or nothing)."""
    target = Path(path)
    text = household_to_json(household)
    descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
