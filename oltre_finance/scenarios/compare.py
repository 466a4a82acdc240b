"""Compare a household before and after life events: budget, indicators, calendar, in plain Italian."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from oltre_finance.budget import BudgetSummary, CashflowCalendar, cashflow_calendar, summarize
from oltre_finance.errors import InvalidInputError
from oltre_finance.household import Household
from oltre_finance.money import ZERO, cents, format_eur
from oltre_finance.scenarios.benefits import Benefit, benefits
from oltre_finance.scenarios.event import Event, apply_events

__all__ = ["Comparison", "ScenarioResult", "baseline", "compare"]


@dataclass(frozen=True, kw_only=True)
class ScenarioResult:
    """One scenario: its events, the household after them, its month and its calendar."""

    name: str
    events: tuple[str, ...]
    household: Household
    summary: BudgetSummary
    calendar: CashflowCalendar
    #: Benefits that may apply in the last month of the calendar, once the events have happened.
    benefits: tuple[Benefit, ...]
    #: What to do, most urgent first, in plain Italian.
    first_steps: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """The household as it is and every scenario, with what changes in Italian."""

    base: ScenarioResult
    scenarios: tuple[ScenarioResult, ...]
    #: Scenario name → sentences on what changes against the base.
    changes: Mapping[str, tuple[str, ...]]

    def sentence_it(self, name: str) -> str:
        """What changes in scenario ``name`` and what to do first, in one short paragraph."""
        result = next((r for r in self.scenarios if r.name == name), None)
        if result is None:
            raise InvalidInputError(f"no scenario named {name!r}", field="name", message_it="Scenario non trovato.")
        first = (
            result.first_steps[0] if result.first_steps else "il bilancio regge: tenete d'occhio i mesi più pesanti."
        )
        return f"{self.changes[name][0]} Per prima cosa: {first[0].lower()}{first[1:]}"


def _result(
    name: str, events: Sequence[Event], household: Household, year: int, month: int, isee: Decimal | None
) -> ScenarioResult:
    calendar = cashflow_calendar(household, start_year=year, start_month=month)
    last = calendar.months[-1]  # benefits once the year's events have happened
    found = benefits(household, isee=isee, on_date=date(last.year, last.month, 1))
    return ScenarioResult(
        name=name,
        events=tuple(event.label_it for event in events),
        household=household,
        summary=summarize(household),
        calendar=calendar,
        benefits=found,
        first_steps=_first_steps(events, found, calendar),
    )


def baseline(household: Household, *, start_year: int, start_month: int, isee: Decimal | None = None) -> ScenarioResult:
    """The household as it is, with no event: what every scenario is compared with."""
    return _result("Oggi", [], household, start_year, start_month, isee)


def _first_steps(events: Sequence[Event], found: tuple[Benefit, ...], calendar: CashflowCalendar) -> tuple[str, ...]:
    """Money running out first, then unclaimed benefits, then the short months and each event's deadlines."""
    steps = []
    lowest = min(calendar.months, key=lambda m: m.cash)
    if lowest.cash < 0:
        first = next(m for m in calendar.months if m.cash < 0)
        steps.append(
            f"Da {first.month:02d}/{first.year} i soldi non bastano: entro {lowest.month:02d}/{lowest.year} "
            f"mancano {format_eur(-lowest.cash)}. Rivedete subito le spese non essenziali e chiedete un incontro "
            f"con un consulente."
        )
    for benefit in found:
        if benefit.missing > 0:
            steps.append(
                f"Chiedete {benefit.name_it}: vale circa {format_eur(benefit.missing)} al mese in più di quanto "
                f"contate oggi ({benefit.note_it})."
            )
        elif benefit.entitled and benefit.counted is None:
            steps.append(f"Presentate la DSU per l'ISEE: {benefit.name_it} {benefit.note_it}.")
    if lowest.cash >= 0 and calendar.short_months:
        short = len(calendar.short_months)
        steps.append(
            f"In {short} {'mese' if short == 1 else 'mesi'} su {len(calendar.months)} le uscite superano le "
            f"entrate: tenete da parte i risparmi per {'coprirlo' if short == 1 else 'coprirli'}."
        )
    for event in events:
        steps.extend(event.advice_it)
    return tuple(dict.fromkeys(steps))


def compare(
    household: Household,
    scenarios: Mapping[str, Sequence[Event]],
    *,
    start_year: int,
    start_month: int,
    isee: Decimal | None = None,
) -> Comparison:
    """Apply each scenario's events to ``household`` and compare the results with it.

    ``isee`` (the household's, if known) sets the benefits each scenario may
    claim; the 12-month calendars start in ``start_month`` of ``start_year``.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from oltre_finance.io.samples import load_sample
    >>> from oltre_finance.scenarios.housing import rent_change
    >>> result = compare(load_sample("affitto_meta_reddito"), {"Affitto +10 %": [rent_change(Decimal("1000"))]},
    ...                  start_year=2027, start_month=1)
    >>> result.changes["Affitto +10 %"][0].startswith("Il saldo del mese, a regime, passa da")
    True
    """
    if not scenarios:
        raise InvalidInputError("no scenario to compare", field="scenarios", message_it="Aggiungi almeno un evento.")
    base = baseline(household, start_year=start_year, start_month=start_month, isee=isee)
    results = []
    changes = {}
    for name, events in scenarios.items():
        after = apply_events(household, list(events))
        result = _result(name, events, after, start_year, start_month, isee)
        results.append(result)
        changes[name] = _changes(base, result)
    return Comparison(base=base, scenarios=tuple(results), changes=MappingProxyType(changes))


def _average_balance(calendar: CashflowCalendar) -> Decimal:
    return cents(sum((month.balance for month in calendar.months), Decimal(0)) / len(calendar.months))


def _changes(base: ScenarioResult, after: ScenarioResult) -> tuple[str, ...]:
    before, now = base.summary, after.summary
    lines = [f"Il saldo del mese, a regime, passa da {format_eur(before.balance)} a {format_eur(now.balance)}."]
    if now.income != before.income:
        lines.append(f"Le entrate passano da {format_eur(before.income)} a {format_eur(now.income)} al mese.")
    if now.expenses != before.expenses:
        lines.append(f"Le uscite passano da {format_eur(before.expenses)} a {format_eur(now.expenses)} al mese.")
    for key, indicator in now.indicators.items():
        old = before.indicators.get(key)
        if old is not None and old.band != indicator.band:
            lines.append(f"Il semaforo «{indicator.name_it}» passa da {old.band.word_it} a {indicator.band.word_it}.")
    average_before, average_now = _average_balance(base.calendar), _average_balance(after.calendar)
    if average_now != average_before:
        lines.append(
            f"Nei prossimi 12 mesi, contando anche le voci che durano solo qualche mese (come la NASpI o un congedo), "
            f"il saldo medio passa da {format_eur(average_before)} a {format_eur(average_now)} al mese."
        )
    overdrawn = [m for m in after.calendar.months if m.cash < 0]
    if overdrawn and not any(m.cash < 0 for m in base.calendar.months):
        first = overdrawn[0]
        lines.append(f"Da {first.month:02d}/{first.year} i soldi disponibili non bastano più.")
    short_before, short_now = len(base.calendar.short_months), len(after.calendar.short_months)
    if short_now != short_before:
        lines.append(f"I mesi in cui le uscite superano le entrate passano da {short_before} a {short_now} su 12.")
    lines.extend(_benefit_changes(base.benefits, after.benefits))
    return tuple(lines)


def _benefit_changes(before: tuple[Benefit, ...], now: tuple[Benefit, ...]) -> list[str]:
    old = {benefit.key: benefit.monthly for benefit in before}
    lines = []
    for benefit in now:
        was = old.get(benefit.key, ZERO)
        if benefit.monthly != was:
            lines.append(f"{benefit.title_it} (stima): da {format_eur(was)} a {format_eur(benefit.monthly)} al mese.")
    return lines
