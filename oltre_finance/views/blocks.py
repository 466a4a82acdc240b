"""The plain pieces a view result is made of: cards, banners, tables, charts with their text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = ["Banner", "Card", "Errors", "Link", "Table", "Tone", "frozen_errors"]

Tone = Literal["green", "amber", "red", "info"]
#: Field path (``expenses.2.amount``) → Italian message for the person.
Errors = Mapping[str, str]


def frozen_errors(errors: Mapping[str, str]) -> Errors:
    """A read-only copy of ``errors``."""
    return MappingProxyType(dict(errors))


@dataclass(frozen=True, kw_only=True)
class Link:
    """A source a person can open: its words and its address."""

    text: str
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class Card:
    """A headline figure: ``label`` above, ``value`` large; ``key`` names it for styles and tests."""

    key: str
    label: str
    value: str
    negative: bool = False


@dataclass(frozen=True, kw_only=True)
class Banner:
    """A coloured message. ``text`` is plain text; ``strong`` (optional) is shown in bold before it."""

    key: str
    tone: Tone
    text: str
    strong: str = ""
    #: Shown as a traffic-light dot before the text (indicators), with its value for the headline.
    dot: bool = False
    value: str = ""
    sources: tuple[Link, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Table:
    """Rows of text cells under column titles; the first column is a row title."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
