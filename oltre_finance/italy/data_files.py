"""Read the dated data files of Italian rules shipped in ``oltre_finance/italy/data``.

Every dated rule is a *series* in a data file: an object with

- ``title_it``: the rule's name in Italian;
- ``verified_to``: the last day its figures are verified for (the end of
  the last year or quarter published, or, for a law with no end, the end
  of the year it was last checked in force);
- ``carry_forward``: whether the last version keeps being used after its
  period ends (a yearly amount not yet republished), or whether a later
  date is an error (a quarterly usury table);
- ``versions``: each with ``valid_from``, ``valid_to`` (``null`` only on the
  last one, for a rule in force until it is changed), a ``source`` and the
  rule's figures.

:func:`version_on` gives the version in force on a date as a read-only
:class:`RuleVersion` that says whether it is ``carried_forward`` (used past
``verified_to``). Reading package data is the core's only contact with
files, and it is cached: the files never change while the program runs.
Everything read is frozen (read-only mappings and tuples).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from oltre_finance.errors import RuleDataError

__all__ = ["RuleVersion", "Series", "all_series", "freeze", "load_rule", "series", "stale_series", "version_on"]


def freeze(value: Any) -> Any:
    """JSON data made read-only all the way down: dicts become mappings, lists tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    return value


def _data_folder() -> Any:
    return files("oltre_finance.italy").joinpath("data")


@cache
def load_rule(name: str) -> Any:
    """The parsed, read-only JSON data file ``name`` (e.g. ``"early_repayment.json"``)."""
    resource = _data_folder().joinpath(*name.split("/"))
    try:
        return freeze(json.loads(resource.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise RuleDataError(
            f"no data file {name}", field=None, message_it="Dati della regola non disponibili."
        ) from None


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


@dataclass(frozen=True)
class RuleVersion(Mapping[str, Any]):
    """One version of a rule, read-only, with the period it is used for.

    It reads like the version's mapping (``version["monthly_cap"]``) and
    adds ``valid_from``, ``valid_to``, ``verified_to`` and
    ``carried_forward``: true when the date asked is after ``verified_to``,
    so the figures are the last verified ones, not yet confirmed for it.
    """

    rule: str
    data: Mapping[str, Any]
    valid_from: date
    valid_to: date | None
    verified_to: date
    carried_forward: bool

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True, kw_only=True)
class Series:
    """A dated rule: its versions in order, how far they are verified, where it lives."""

    #: ``file`` or ``file#path.to.series`` (e.g. ``care.json#domestic_work``).
    key: str
    title_it: str
    verified_to: date
    carry_forward: bool
    versions: tuple[Mapping[str, Any], ...]

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self.versions[0]["valid_from"])

    @property
    def last_day(self) -> date | None:
        """The end of the last version (``None``: in force until changed)."""
        return _day(self.versions[-1].get("valid_to"))


def _folder_versions(folder: str) -> tuple[Mapping[str, Any], ...]:
    """The versions kept one per file in ``folder`` (the quarterly usury tables), oldest first."""
    names = sorted(entry.name for entry in _data_folder().joinpath(folder).iterdir() if entry.name.endswith(".json"))
    return tuple(sorted((load_rule(f"{folder}/{name}") for name in names), key=lambda v: v["valid_from"]))


def _series(key: str, data: Mapping[str, Any]) -> Series:
    try:
        versions = _folder_versions(data["versions_folder"]) if "versions_folder" in data else data["versions"]
        return Series(
            key=key,
            title_it=str(data["title_it"]),
            verified_to=date.fromisoformat(data["verified_to"]),
            carry_forward=bool(data["carry_forward"]),
            versions=tuple(versions),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RuleDataError(f"{key}: malformed series ({error})", field=None) from None


@cache
def series(name: str, *path: str) -> Series:
    """The series at ``path`` inside data file ``name`` (no path: the whole file).

    Examples
    --------
    >>> series("naspi.json").title_it
    'NASpI'
    """
    data = load_rule(name)
    for step in path:
        data = data[step]
    return _series("#".join((name, ".".join(path))) if path else name, data)


def _walk(name: str, data: Any, path: tuple[str, ...]) -> Iterator[Series]:
    if isinstance(data, Mapping):
        if "versions" in data or "versions_folder" in data:
            yield series(name, *path)
            return
        for key, item in data.items():
            yield from _walk(name, item, (*path, key))


@cache
def all_series() -> tuple[Series, ...]:
    """Every dated series in every data file, in file order (the usury tables are one series)."""
    names = sorted(entry.name for entry in _data_folder().iterdir() if entry.name.endswith(".json"))
    found: list[Series] = []
    for name in names:
        found.extend(_walk(name, load_rule(name), ()))
    return tuple(found)


def version_on(rule: Series | Mapping[str, Any], on_date: date, *, name: str | None = None) -> RuleVersion:
    """The version of a rule in force on ``on_date``.

    ``rule`` is a :class:`Series` or the series object read from a data file.
    A date after the last period gives the last version, flagged
    ``carried_forward``, when the series says ``carry_forward``; otherwise,
    and before the first period, a :class:`RuleDataError` in Italian.

    Examples
    --------
    >>> from datetime import timedelta
    >>> naspi = series("naspi.json")
    >>> version_on(naspi, date(2024, 6, 1))["monthly_cap"]
    '1550.42'
    >>> later = version_on(naspi, naspi.verified_to + timedelta(days=1))
    >>> later.carried_forward, later.valid_from == version_on(naspi, naspi.verified_to).valid_from
    (True, True)
    """
    chosen = rule if isinstance(rule, Series) else _series(name or "rule", rule)
    label = name or chosen.title_it
    if not isinstance(on_date, date):
        raise RuleDataError("on_date must be a date", field="on_date", message_it="Serve una data.")
    picked = None
    for version in chosen.versions:
        start, end = date.fromisoformat(version["valid_from"]), _day(version.get("valid_to"))
        if start <= on_date and (end is None or on_date <= end):
            picked = version
            break
    if picked is None:
        last = chosen.versions[-1]
        after_last = on_date > date.fromisoformat(last["valid_from"])
        if not (after_last and chosen.carry_forward):
            raise RuleDataError(
                f"no version of {label} in force on {on_date.isoformat()}",
                field="on_date",
                message_it=f"Nessun dato per {label} alla data {on_date:%d/%m/%Y}: "
                f"la serie copre dal {chosen.first_day:%d/%m/%Y} al {chosen.verified_to:%d/%m/%Y}.",
            )
        picked = last
    return RuleVersion(
        rule=label,
        data=picked,
        valid_from=date.fromisoformat(picked["valid_from"]),
        valid_to=_day(picked.get("valid_to")),
        verified_to=chosen.verified_to,
        carried_forward=on_date > chosen.verified_to,
    )


def stale_series(today: date) -> tuple[Series, ...]:
    """The series whose figures are verified only up to a day before ``today``."""
    return tuple(item for item in all_series() if item.verified_to < today)
