"""Indicators judged against thresholds: a value, a traffic-light band and why.

Used wherever a ratio is read against a rule of thumb or a regulator's
threshold (instalment over income here; housing cost and savings cover in
the budget). The thresholds and their sources live in data files, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from oltre_finance.money import format_number, format_percent

__all__ = ["Band", "Indicator", "band_for", "judge"]


class Band(StrEnum):
    """Traffic-light band of an indicator."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def word_it(self) -> str:
        """``verde``, ``giallo`` or ``rosso``."""
        return {"green": "verde", "amber": "giallo", "red": "rosso"}[self.value]


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """A ratio, its band and the thresholds it was judged against.

    ``amber_from`` and ``red_from`` are the values past which (exclusive) the
    band turns amber and red: above them where higher is worse, below them
    where ``higher_is_worse`` is false (months of savings, say).
    """

    key: str
    value: Decimal
    band: Band
    amber_from: Decimal
    red_from: Decimal
    source: str
    sentence_it: str
    higher_is_worse: bool = True
    #: Its name as a title ("Casa sul reddito") and its value as shown ("38,5 %"), where the rule gives them.
    name_it: str = ""
    shown_it: str = ""
    #: Where a person can read the rule (a web address), when it has one.
    source_url: str = ""


def band_for(value: Decimal, *, amber_from: Decimal, red_from: Decimal, higher_is_worse: bool = True) -> Band:
    """Band of a ratio: green up to ``amber_from``, red past ``red_from``.

    Examples
    --------
    >>> [band_for(Decimal(v), amber_from=Decimal("0.3"), red_from=Decimal("0.4")).value
    ...  for v in ("0.30", "0.35", "0.41")]
    ['green', 'amber', 'red']
    >>> [band_for(Decimal(v), amber_from=Decimal(3), red_from=Decimal(1), higher_is_worse=False).value
    ...  for v in ("6", "2", "0.5")]
    ['green', 'amber', 'red']
    """
    if not higher_is_worse:
        value, amber_from, red_from = -value, -amber_from, -red_from
    if value > red_from:
        return Band.RED
    if value > amber_from:
        return Band.AMBER
    return Band.GREEN


def judge(key: str, value: Decimal, *, shown: str, rule: Mapping[str, Any]) -> Indicator:
    """Read ``value`` against a rule of a data file: its band, sentence and source.

    ``rule`` holds ``amber_from``, ``red_from``, ``sentences`` (one per band,
    with ``{value}``, ``{amber}`` and ``{red}`` to fill, so that no sentence
    repeats a threshold), ``source`` and optionally ``higher_is_worse``,
    ``unit`` (``"percent"``, the default, or ``"months"``), ``name_it`` and
    ``source_url``.

    Examples
    --------
    >>> rule = {"amber_from": "0.30", "red_from": "0.35", "source": "prassi",
    ...         "sentences": {"green": "Bene", "amber": "{value}: oltre il {amber}", "red": "oltre il {red}"}}
    >>> judge("rate", Decimal("0.31"), shown="31 %", rule=rule).sentence_it.replace("\u00a0", " ")
    '31 %: oltre il 30 %'
    """
    amber, red = Decimal(rule["amber_from"]), Decimal(rule["red_from"])
    higher_is_worse = bool(rule.get("higher_is_worse", True))
    band = band_for(value, amber_from=amber, red_from=red, higher_is_worse=higher_is_worse)
    if rule.get("unit", "percent") == "months":
        amber_text, red_text = format_number(amber, decimals=0), format_number(red, decimals=0)
    else:
        amber_text, red_text = format_percent(amber, decimals=0), format_percent(red, decimals=0)
    return Indicator(
        key=key,
        value=value,
        band=band,
        amber_from=amber,
        red_from=red,
        source=rule["source"],
        source_url=rule.get("source_url", ""),
        sentence_it=rule["sentences"][band.value].format(value=shown, amber=amber_text, red=red_text),
        higher_is_worse=higher_is_worse,
        name_it=rule.get("name_it", ""),
        shown_it=shown,
    )
