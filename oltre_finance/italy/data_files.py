"""Read the dated data files of Italian rules shipped in ``oltre_finance/italy/data``.

Each file holds one rule's parameters, with the period they are valid for
and the official source. Reading package data is the core's only contact
with files, and it is cached: the files never change while the program runs.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from oltre_finance.errors import RuleDataError

__all__ = ["load_rule", "version_on"]


@cache
def load_rule(name: str) -> Any:
    """The parsed JSON data file ``name`` (e.g. ``"early_repayment.json"``)."""
    resource = files("oltre_finance.italy").joinpath("data", *name.split("/"))
    try:
        return json.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleDataError(
            f"no data file {name}", field=None, message_it="Dati della regola non disponibili."
        ) from None


def version_on(versions: list[dict[str, Any]], on_date: date, *, rule: str) -> dict[str, Any]:
    """The version of a rule in force on ``on_date``.

    Each version has ``valid_from`` and ``valid_to`` (ISO dates, ``valid_to``
    may be ``null`` for "still in force").

    Examples
    --------
    >>> versions = [{"valid_from": "2020-01-01", "valid_to": None, "x": 1}]
    >>> version_on(versions, date(2026, 1, 1), rule="demo")["x"]
    1
    """
    if not isinstance(on_date, date):
        raise RuleDataError("on_date must be a date", field="on_date", message_it="Serve una data.")
    for version in versions:
        start = date.fromisoformat(version["valid_from"])
        end = date.fromisoformat(version["valid_to"]) if version.get("valid_to") else date.max
        if start <= on_date <= end:
            return version
    raise RuleDataError(
        f"no version of {rule} in force on {on_date.isoformat()}",
        field="on_date",
        message_it=f"Nessuna regola disponibile per la data {on_date:%d/%m/%Y}.",
    )
