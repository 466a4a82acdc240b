"""The "Eventi di vita" view: the household's next 12 months before and after the events, as plain data.

What the comparison shows (:func:`events_view`): cards, the traffic lights
before and after, the chart's series and its text, the month table of what
starts, stops and changes, the benefits with their sources, the first steps,
and a figure carried forward from an earlier year, said once. The forms and
what the person typed are in :mod:`oltre_finance.views.event_forms`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oltre_finance.budget import CalendarMonth
from oltre_finance.household import Household
from oltre_finance.italy.care import companion_allowance, rsa_fees
from oltre_finance.italy.data_files import series, version_on
from oltre_finance.money import ZERO, format_eur
from oltre_finance.months import month_name
from oltre_finance.scenarios import (
    Event,
    ScenarioResult,
    baseline,
    compare,
)
from oltre_finance.views.blocks import Banner, Card, Link, Table
from oltre_finance.views.charts import before_after_chart
from oltre_finance.views.event_forms import BUDGET_APP, ParsedEvents
from oltre_finance.views.rules_note import Dated, carried_note

__all__ = ["SCENARIO", "EventsView", "events_chart", "events_view"]

SCENARIO = "Dopo gli eventi"


@dataclass(frozen=True, kw_only=True)
class EventsView:
    base: ScenarioResult
    #: The household after the events (the base itself when there is none).
    after: ScenarioResult
    has_events: bool
    #: A hint in place of results (no event yet, an empty household), or ``None``.
    status: Banner | None
    cards: tuple[Card, ...]
    #: The traffic lights after the events, each saying its value before and after.
    lights: tuple[Banner, ...]
    sentence: str
    events: tuple[str, ...]
    changes: tuple[str, ...]
    steps: tuple[str, ...]
    #: The chart: ``(year, month)`` and, today and after, each month's ``(balance, cash at its end)``.
    months: tuple[tuple[int, int], ...]
    before: tuple[tuple[Decimal, Decimal], ...]
    after_series: tuple[tuple[Decimal, Decimal], ...]
    chart_alt: str
    month_table: Table | None
    month_note: str
    benefits: Table | None
    benefits_note: str
    benefit_sources: tuple[Link, ...]
    #: Figures of an earlier year used for a later one, said once ('' when none).
    carried: str


# -- what the comparison shows ---------------------------------------------------------------------------


def _month_day(m: CalendarMonth) -> date:
    return date(m.year, m.month, 1)


def _cards(base: ScenarioResult, after: ScenarioResult, has_events: bool) -> tuple[Card, ...]:
    now = base.summary.balance
    today_card = Card(key="balance", label="Saldo del mese, oggi", value=format_eur(now), negative=now < 0)
    if not has_events:
        last = base.calendar.months[-1]
        return (
            today_card,
            Card(key="short", label="Mesi in rosso nei prossimi 12", value=str(len(base.calendar.short_months))),
            Card(
                key="cash", label="Soldi disponibili tra 12 mesi", value=format_eur(last.cash), negative=last.cash < 0
            ),
        )
    later = after.summary.balance
    runs_out = next((m for m in after.calendar.months if m.cash < 0), None)
    return (
        today_card,
        Card(key="balance-after", label="Saldo del mese, dopo (a regime)", value=format_eur(later), negative=later < 0),
        Card(key="short", label="Mesi in rosso su 12",
             value=f"{len(base.calendar.short_months)} → {len(after.calendar.short_months)}"),
        Card(key="runs-out", label="I soldi finiscono", value=month_name(_month_day(runs_out)) if runs_out else "no",
             negative=runs_out is not None),
    )  # fmt: skip


def _lights(base: ScenarioResult, after: ScenarioResult, has_events: bool) -> tuple[Banner, ...]:
    lights = []
    for key, new in after.summary.indicators.items():
        old = base.summary.indicators.get(key)
        if old is None:
            continue
        text = f"oggi {old.shown_it} ({old.band.word_it})"
        if has_events:
            text += f", dopo gli eventi {new.shown_it} ({new.band.word_it})"
        lights.append(
            Banner(key=f"indicator-{key}", tone=new.band.value, strong=new.name_it, text=f"{text}. {new.sentence_it}",
                   dot=True, value=new.shown_it, sources=(Link(text=new.source, url=new.source_url),))
        )  # fmt: skip
    return tuple(lights)


def _items(month: CalendarMonth) -> dict[str, Decimal]:
    items: dict[str, Decimal] = {}
    for item in month.incomes + month.expenses:
        items[item.label] = items.get(item.label, ZERO) + item.amount
    return items


def _what_changes(
    today: CalendarMonth,
    now: CalendarMonth,
    before: tuple[CalendarMonth, CalendarMonth] | None,
    runs: Mapping[str, int],
) -> list[str]:
    """What starts (+), stops (−) or changes amount in a month after the events, and would not today.

    ``today`` and ``now`` are the month as it is and after the events, ``before`` the month before of each
    (``None`` for the first month) and ``runs`` how many months in a row each item ran after the events until
    then. An item counts in the month it starts, stops or changes, unless the household as it is does the same
    that month (a yearly bill that comes back); a one-month item (a one-off cost, a month of NASpI) is not said
    to stop, and what the events take away is said in the month it would have come.
    """
    t, n = _items(today), _items(now)
    tb, nb = (_items(before[0]), _items(before[1])) if before else (t, t)
    starts = [f"+ {x}" for x, amount in n.items() if x not in nb and not (x in t and x not in tb and t[x] == amount)]
    stops = [f"− {x}" for x in nb if x not in n and runs.get(x, 0) >= 2 and not (x in tb and x not in t)]
    stops += [f"− {x}" for x in t if x not in tb and x not in n and x not in nb]  # would come today, not after
    changed = [
        f"{x}: da {format_eur(nb[x])} a {format_eur(amount)}"
        for x, amount in n.items()
        if x in nb and nb[x] != amount and not (t.get(x) == amount and tb.get(x) == nb[x])
    ]
    return stops + starts + changed


def _month_table(base: ScenarioResult, after: ScenarioResult) -> tuple[Table, str]:
    rows = []
    before: tuple[CalendarMonth, CalendarMonth] | None = None
    runs = {label: 2 for label in _items(base.calendar.months[0])}  # today's items were running already
    for today, now in zip(base.calendar.months, after.calendar.months, strict=True):
        new = _what_changes(today, now, before, runs)
        before, runs = (today, now), {label: runs.get(label, 0) + 1 for label in _items(now)}
        shown = ", ".join(new[:3]) + (f" e altre {len(new) - 3}" if len(new) > 3 else "")
        rows.append((month_name(_month_day(now)), format_eur(today.balance), format_eur(now.income),
                     format_eur(now.outgoings), format_eur(now.balance), format_eur(now.cash), shown))  # fmt: skip
    gap = sum((m.balance for m in after.calendar.months), ZERO) - sum((m.balance for m in base.calendar.months), ZERO)
    table = Table(
        key="months-table", caption="Mese per mese, dopo gli eventi",
        columns=("Mese", "Saldo oggi", "Entrate dopo", "Uscite dopo", "Saldo dopo", "Soldi disponibili dopo",
                 "Che cosa inizia (+), finisce (−) o cambia"),
        rows=tuple(rows),
    )  # fmt: skip
    note = (
        f"In 12 mesi gli eventi cambiano il saldo di {format_eur(gap)}. Un saldo negativo vuol dire che nel mese le "
        "uscite superano le entrate."
    )
    return table, note


def _first_url(text: str) -> str:
    return next((part.strip() for part in text.split(";") if part.strip().startswith("https://")), "")


_BENEFIT_RULES = {"assegno_unico": "assegno_unico.json", "bonus_elettrico": "bonus_sociale.json",
                  "bonus_gas": "bonus_sociale.json"}  # fmt: skip


def _benefits(result: ScenarioResult) -> tuple[Table | None, str, tuple[Link, ...]]:
    found = result.benefits
    if not found:
        hint = "Con figli a carico o con l'ISEE qui si stimano l'Assegno Unico e il bonus sociale per la luce."
        return None, hint, ()
    rows = tuple(
        (b.title_it, format_eur(b.monthly) if b.entitled else "non spetta",
         "—" if b.counted is None else format_eur(b.counted), b.note_it)
        for b in found
    )  # fmt: skip
    table = Table(key="benefits-table", caption="Aiuti che potrebbero spettare",
                  columns=("Aiuto", "Stima al mese", "Già nel bilancio", "Nota"), rows=rows)  # fmt: skip
    note = "Stima indicativa: l'importo vero lo decide l'ente che lo paga."
    if any(b.key == "bonus_gas" for b in found):
        note += " Per il bonus gas si mostra il minimo dell'anno: l'importo dipende da zona climatica e usi."
    last = result.calendar.months[-1]
    sources = []
    for b in found:
        rule = version_on(series(_BENEFIT_RULES[b.key]), _month_day(last))
        sources.append(Link(text=f"{b.title_it}: {b.reference}; {b.source}", url=_first_url(str(rule.get("url", "")))))
    return table, note, tuple(dict.fromkeys(sources))


def _carried(result: ScenarioResult, events: Sequence[Event]) -> str:
    """Which figures are used past their last verified period, in one calm sentence ('' when none)."""
    last = _month_day(result.calendar.months[-1])
    used: list[tuple[str, Dated]] = []
    keys = {b.key for b in result.benefits}
    if "assegno_unico" in keys:
        used.append(("l'Assegno Unico", version_on(series("assegno_unico.json"), last)))
    if keys & {"bonus_elettrico", "bonus_gas"}:
        used.append(("i bonus sociali", version_on(series("bonus_sociale.json"), last)))
    for event in events:
        on = event.parameters.get("on")
        if not isinstance(on, date):
            continue
        if event.key == "job_loss":
            used.append(("la NASpI", version_on(series("naspi.json"), on)))
        elif event.key == "parent_care" and event.parameters.get("with_companion_allowance"):
            used.append(("l'indennità di accompagnamento", companion_allowance(last)))
        if (
            event.key == "parent_care"
            and event.parameters.get("care") == "rsa"
            and not event.parameters.get("rsa_monthly")
        ):
            used.append(("la retta media delle RSA", rsa_fees(on)))
    return carried_note(used)


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " e " + words[-1]


def _chart_alt(base: ScenarioResult, after: ScenarioResult, has_events: bool) -> str:
    parts = []
    for before, now in zip(base.calendar.months, after.calendar.months, strict=True):
        text = f"{month_name(_month_day(now))}: saldo oggi {format_eur(before.balance)}"
        if has_events:
            text += f", dopo {format_eur(now.balance)}"
        text += f"; soldi disponibili oggi {format_eur(before.cash)}"
        if has_events:
            text += f", dopo {format_eur(now.cash)}"
        parts.append(text)
    what = "oggi e dopo gli eventi, " if has_events else ""
    return (
        f"Grafico dei prossimi 12 mesi, {what}con il saldo di ogni mese (barre) e i soldi disponibili a fine mese "
        f"(linee). {'. '.join(parts)}."
    )


def events_view(parsed: ParsedEvents, household: Household) -> EventsView:
    """What the app shows for ``household`` with the parsed events (none: the household as it is).

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> from oltre_finance.views.event_forms import EventInput, EventsInput, parse_events
    >>> household = load_sample("affitto_meta_reddito")
    >>> parsed = parse_events(EventsInput(start="2026-12", isee="", events=(EventInput(
    ...     kind="rent_change", values={"new_rent": "1.300", "starts": "2027-09"}),)), household,
    ...     today=date(2026, 12, 1))
    >>> view = events_view(parsed, household)
    >>> view.month_table.rows[9][6].replace("\\xa0", " ")
    'Affitto: da 1.150,00 € a 1.300,00 €'
    """
    start = parsed.start
    events = parsed.events
    has_events = bool(events)
    if has_events:
        comparison = compare(household, {SCENARIO: events}, start_year=start.year, start_month=start.month,
                             isee=parsed.isee)  # fmt: skip
        base, after = comparison.base, comparison.scenarios[0]
        sentence, changes = comparison.sentence_it(SCENARIO), comparison.changes[SCENARIO]
        table, note = _month_table(base, after)
        status = None
    else:
        base = after = baseline(household, start_year=start.year, start_month=start.month, isee=parsed.isee)
        sentence, changes, table, note = "", (), None, ""
        status = Banner(key="no-events", tone="info", text="Aggiungi un evento qui sopra per vedere che cosa cambia.")
    if not (household.incomes or household.expenses):
        status = Banner(key="empty", tone="info", text=(
            f"La famiglia non ha ancora entrate né spese: scrivile in {BUDGET_APP} (restano in questo browser) o "
            "apri una famiglia di esempio qui sopra, poi aggiungi un evento."))  # fmt: skip
    benefits, benefits_note, sources = _benefits(after)
    return EventsView(
        base=base,
        after=after,
        has_events=has_events,
        status=status,
        cards=_cards(base, after, has_events),
        lights=_lights(base, after, has_events),
        sentence=sentence,
        events=after.events,
        changes=changes,
        steps=after.first_steps if has_events else (),
        months=tuple((m.year, m.month) for m in base.calendar.months),
        before=tuple((m.balance, m.cash) for m in base.calendar.months),
        after_series=tuple((m.balance, m.cash) for m in after.calendar.months),
        chart_alt=_chart_alt(base, after, has_events),
        month_table=table,
        month_note=note,
        benefits=benefits,
        benefits_note=benefits_note,
        benefit_sources=sources,
        carried=_carried(after, events),
    )


# -- the chart ---------------------------------------------------------------------------------------------


def events_chart(view: EventsView, *, narrow: bool = False) -> str:
    """The before/after chart (SVG markup); ``narrow`` draws it for a phone (readable text, legend below)."""
    return before_after_chart(list(view.months), list(view.before), list(view.after_series), narrow=narrow)
