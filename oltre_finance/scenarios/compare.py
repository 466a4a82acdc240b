"""Compare a household before and after life events: budget, indicators, calendar, in plain Italian."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from oltre_finance.budget import BudgetSummary, CashflowCalendar, cashflow_calendar, summarize
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.money import cents, format_eur
from oltre_finance.scenarios.event import Event, apply_events

__all__ = ["Comparison", "ScenarioResult", "compare"]

BAND_WORDS = {"green": "verde", "amber": "giallo", "red": "rosso"}
INDICATOR_NAMES = {
    "housing_cost": "la casa sul reddito",
    "debt_service": "le rate sul reddito",
    "essential_expenses": "le spese essenziali sul reddito",
    "emergency_months": "i mesi coperti dai risparmi",
}


@dataclass(frozen=True, kw_only=True)
class ScenarioResult:
    """One scenario: its events, the household after them, its month and its calendar."""

    name: str
    events: tuple[str, ...]
    household: Household
    summary: BudgetSummary
    calendar: CashflowCalendar


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """The household as it is and every scenario, with what changes in Italian."""

    base: ScenarioResult
    scenarios: tuple[ScenarioResult, ...]
    #: Scenario name → sentences on what changes against the base.
    changes: Mapping[str, tuple[str, ...]]


def _result(name: str, events: Sequence[Event], household: Household, year: int, month: int) -> ScenarioResult:
    return ScenarioResult(
        name=name,
        events=tuple(event.label_it for event in events),
        household=household,
        summary=summarize(household),
        calendar=cashflow_calendar(household, start_year=year, start_month=month),
    )


def compare(
    household: Household, scenarios: Mapping[str, Sequence[Event]], *, start_year: int, start_month: int
) -> Comparison:
    """Apply each scenario's events to ``household`` and compare the results with it.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from oltre_finance.io.samples import load_sample
    >>> from oltre_finance.scenarios.housing import rent_change
    >>> result = compare(load_sample("affitto_meta_reddito"), {"Affitto +10 %": [rent_change(Decimal("1000"))]},
    ...                  start_year=2027, start_month=1)
    >>> result.changes["Affitto +10 %"][0].startswith("Il saldo del mese passa da")
    True
    """
    if not scenarios:
        raise InvalidInputError("no scenario to compare", field="scenarios", message_it="Aggiungi almeno un evento.")
    base = _result("Oggi", [], household, start_year, start_month)
    results = []
    changes = {}
    for name, events in scenarios.items():
        after = apply_events(household, list(events))
        result = _result(name, events, after, start_year, start_month)
        results.append(result)
        changes[name] = _changes(base, result)
    return Comparison(base=base, scenarios=tuple(results), changes=changes)


def _average_balance(calendar: CashflowCalendar) -> Decimal:
    return cents(sum((month.balance for month in calendar.months), Decimal(0)) / len(calendar.months))


def _changes(base: ScenarioResult, after: ScenarioResult) -> tuple[str, ...]:
    before, now = base.summary, after.summary
    lines = [f"Il saldo del mese passa da {format_eur(before.balance)} a {format_eur(now.balance)}."]
    if now.income != before.income:
        lines.append(f"Le entrate passano da {format_eur(before.income)} a {format_eur(now.income)} al mese.")
    if now.expenses != before.expenses:
        lines.append(f"Le uscite passano da {format_eur(before.expenses)} a {format_eur(now.expenses)} al mese.")
    for key, indicator in now.indicators.items():
        old = before.indicators.get(key)
        if old is not None and old.band != indicator.band:
            lines.append(
                f"Il semaforo per {INDICATOR_NAMES[key]} passa da {BAND_WORDS[old.band.value]} a "
                f"{BAND_WORDS[indicator.band.value]}."
            )
    average_before, average_now = _average_balance(base.calendar), _average_balance(after.calendar)
    if average_now != average_before:
        lines.append(
            f"Nei prossimi 12 mesi, contando anche le voci che non si ripetono (come la NASpI che cala ogni mese), "
            f"il saldo medio passa da {format_eur(average_before)} a {format_eur(average_now)} al mese."
        )
    overdrawn = [m for m in after.calendar.months if m.cash < 0]
    if overdrawn and not any(m.cash < 0 for m in base.calendar.months):
        first = overdrawn[0]
        lines.append(f"Da {first.month:02d}/{first.year} i soldi disponibili non bastano più.")
    short_before, short_now = len(base.calendar.short_months), len(after.calendar.short_months)
    if short_now != short_before:
        lines.append(f"I mesi in cui le uscite superano le entrate passano da {short_before} a {short_now} su 12.")
    return tuple(lines)
