"""The "Piano di risparmio" view: the emergency fund first, then the household's goals, in the instrument chosen.

Everything the savings app decides is here, where a test reaches it without
a browser:

* what the household gives to the app's fields (its goals, its essential
  expenses and liquid savings for the emergency fund, the date of its own
  emergency goal, the monthly amount proposed: what is left of its month),
  and what comes back to it (the goals as typed here);
* which household goal *is* the emergency fund (its label speaks of
  emergencies or of the unexpected): the app computes that fund from the
  essential expenses, so such a goal is counted once, never funded twice;
* a month in deficit, said before any saving is proposed, with the monthly
  amount proposed at zero;
* the plan (the fund and the goals funded in order from one monthly
  amount), its projection with taxes, stamp duty and costs, the seeded
  simulation of a risky instrument, and the chart's data and text.

The arithmetic is the core's (:mod:`oltre_finance.savings`,
:func:`oltre_finance.budget.summarize`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from oltre_finance.budget import BudgetSummary, summarize
from oltre_finance.household import Goal, Household
from oltre_finance.italy.data_files import load_rule, series, version_on
from oltre_finance.money import ZERO, cents, format_eur, format_number, format_percent, round_fraction
from oltre_finance.months import MONTH_NAMES, first_of_month, month_name
from oltre_finance.savings import (
    DEFAULT_MONTHS,
    PERCENTILES,
    EmergencyFund,
    GoalsPlan,
    Instrument,
    Projection,
    ProjectionRow,
    SavingsGoal,
    emergency_fund,
    fund_goals,
    goals_from_household,
    instrument,
    instrument_ids,
    months_between,
    project,
    simulate,
    tax_rules,
)
from oltre_finance.savings.goals import MIN_ANNUAL_RETURN
from oltre_finance.savings.projection import MIN_INFLATION
from oltre_finance.validate import MAX_RATE
from oltre_finance.views.blocks import Banner, Card, Errors, Link, Table, frozen_errors
from oltre_finance.views.household_form import SECTIONS, form_rows, parse_form
from oltre_finance.views.inputs import FieldError, read_amount, read_percent
from oltre_finance.views.rules_note import carried_note

__all__ = [
    "APP",
    "EMERGENCY",
    "FUND_MONTHS",
    "FanChart",
    "ParsedSavings",
    "SavingsChoices",
    "SavingsInputs",
    "SavingsView",
    "app_state",
    "choices",
    "default_gross",
    "initial_inputs",
    "is_emergency_goal",
    "parse_savings",
    "proposed_monthly",
    "savings_view",
    "slider_max",
]

#: The app's name for the browser's storage of its own fields.
APP = "savings"
#: The name of the emergency fund in the plan (the fund is computed, it is not a household goal row).
EMERGENCY = "Fondo di emergenza"
#: Words in a goal's label that make it the household's emergency fund (accents and case ignored).
EMERGENCY_WORDS = ("emergenz", "imprevist")
FUND_MONTHS = (3, 4, 5, 6, 9, 12)
#: The fund's date, by default: the twelfth month of saving.
FUND_BY_MONTHS = 12
#: How many months the fund's date can be chosen among.
MONTHS_AHEAD = 240
DEFAULT_INSTRUMENT = "conto_deposito"
#: Projection horizon: without dates, ten years; never under one year nor over forty.
DEFAULT_HORIZON, MIN_HORIZON, MAX_HORIZON = 120, 12, 480
#: The simulation of a risky instrument: reproducible, the same futures for the same inputs.
SEED, PATHS = 2026, 10_000
#: The proposed monthly amount is rounded down to this many euro; the slider reaches at least SLIDER_FLOOR.
ROUND_TO, SLIDER_FLOOR, SLIDER_STEP = Decimal(10), 1000, 100
#: The range of the percentages the core accepts (instrument's return; inflation).
GROSS_RANGE = (MIN_ANNUAL_RETURN, MAX_RATE)
INFLATION_RANGE = (MIN_INFLATION, MAX_RATE)
_DATA = "savings_instruments.json"
PASSED_NOTE = "La data è già passata: nel piano l'obiettivo conta senza data."
GOALS_NOTE = (
    "Gli obiettivi si finanziano uno alla volta, nell'ordine della lista; il fondo di emergenza viene prima di tutto. "
    "Rendimento al netto dei costi, prima delle tasse."
)
DISCLAIMER = "stima indicativa, con un rendimento ipotetico; i rendimenti passati non garantiscono quelli futuri."
EMPTY = Banner(
    key="empty",
    tone="info",
    text="Per un piano servono le entrate e le spese della famiglia: scrivile in «Bilancio familiare» oppure apri "
    "una famiglia di esempio qui sopra.",
)
_GOALS = SECTIONS["goals"]
#: The household's first member stands in for it when only the goals' rows are read.
_MEMBER = {"name": "Io", "role": "adult", "age": "40"}


# -- what the person typed ------------------------------------------------------------------------------------


def _freeze_rows(rows: object) -> tuple[Mapping[str, Any], ...]:
    if not isinstance(rows, (list, tuple)):
        return ()
    return tuple(MappingProxyType(dict(row)) for row in rows if isinstance(row, Mapping))


@dataclass(frozen=True, kw_only=True)
class SavingsInputs:
    """The app's fields as typed: texts, the choices' values, and the goals' rows (``SECTIONS["goals"]``)."""

    monthly: str
    instrument: str = DEFAULT_INSTRUMENT
    gross: str = ""
    inflation: str = ""
    fund_months: int = DEFAULT_MONTHS
    #: The fund's month as ``"YYYY-MM"``.
    fund_by: str = ""
    goals: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "goals", _freeze_rows(self.goals))


@dataclass(frozen=True, kw_only=True)
class SavingsChoices:
    """The options of the app's drop-downs, as ``(Italian label, value)``."""

    fund_months: tuple[tuple[str, int], ...]
    fund_by: tuple[tuple[str, str], ...]
    instruments: tuple[tuple[str, str], ...]


def _month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _start(today: date) -> date:
    """Saving starts next month."""
    return first_of_month(today, plus=1)


def choices(today: date) -> SavingsChoices:
    """The drop-downs' options on ``today``: months of expenses, the fund's month (from next month), instruments.

    Examples
    --------
    >>> options = choices(date(2026, 11, 24))
    >>> options.fund_by[0], options.fund_months[3]
    (('dicembre 2026', '2026-12'), ('6 mesi', 6))
    """
    start = _start(today)
    months = tuple(
        (month_name(first_of_month(start, plus=k)), _month_key(first_of_month(start, plus=k)))
        for k in range(MONTHS_AHEAD)
    )
    return SavingsChoices(
        fund_months=tuple((f"{m} mesi", m) for m in FUND_MONTHS),
        fund_by=months,
        instruments=tuple((instrument(key, on_date=today).label_it, key) for key in instrument_ids()),
    )


def is_emergency_goal(label: str) -> bool:
    """Whether a household goal is its emergency fund (the app computes that fund; it is counted once).

    Examples
    --------
    >>> is_emergency_goal("Fondo per le EMERGENZE"), is_emergency_goal("Cuscinetto per gli imprevisti")
    (True, True)
    >>> is_emergency_goal("Rette del nido")
    False
    """
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii").lower()
    return any(word in plain for word in EMERGENCY_WORDS)


def proposed_monthly(household: Household) -> Decimal:
    """The monthly amount proposed: what is left of the household's month, rounded down to 10 €; 0 in deficit.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> proposed_monthly(load_sample("coppia_neonato")), proposed_monthly(load_sample("prestiti_revolving"))
    (Decimal('380'), Decimal('0'))
    """
    balance = summarize(household).balance
    if balance <= 0:
        return Decimal(0)
    return cents(balance, rounding="down", step=ROUND_TO)


def slider_max(household: Household) -> int:
    """The monthly amount's slider reaches twice what is left of the month (rounded up to 100 €), at least 1.000 €."""
    twice = max(summarize(household).balance, ZERO) * 2
    return max(SLIDER_FLOOR, int(cents(twice, rounding="up", step=Decimal(SLIDER_STEP))))


def default_gross(instrument_id: str, *, today: date) -> str:
    """The gross yearly return of an instrument as the field shows it (``"2,14"``)."""
    return format_number(instrument(instrument_id, on_date=today).gross_return * 100, decimals=2)


def _default_inflation() -> str:
    return format_number(Decimal(load_rule(_DATA)["inflation_default"]["rate"]) * 100, decimals=2)


def _default_fund_by(household: Household, today: date) -> str:
    """The household's own emergency goal's date, if it has a future one; else the twelfth month of saving."""
    start = _start(today)
    dates = [
        goal.by
        for goal, row in zip(goals_from_household(household), household.goals, strict=True)
        if goal.by is not None and is_emergency_goal(row.label) and 1 <= months_between(start, goal.by) <= MONTHS_AHEAD
    ]
    return _month_key(min(dates) if dates else first_of_month(start, plus=FUND_BY_MONTHS - 1))


def initial_inputs(household: Household, *, today: date, kept: Mapping[str, Any] | None = None) -> SavingsInputs:
    """The fields for ``household``: what the browser ``kept`` of the app's own fields where still valid, the
    household's goals, and defaults for the rest (the monthly amount proposed unless the person chose one).

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> fields = initial_inputs(load_sample("coppia_neonato"), today=date(2026, 11, 24), kept={"gross": "3"})
    >>> fields.monthly, fields.instrument, fields.gross, fields.inflation, fields.fund_by
    ('380,00', 'conto_deposito', '3', '2,00', '2027-11')
    """
    kept = kept or {}
    chosen = kept.get("instrument")
    instrument_id = chosen if isinstance(chosen, str) and chosen in instrument_ids() else DEFAULT_INSTRUMENT
    inputs = SavingsInputs(
        monthly=format_number(proposed_monthly(household)),
        instrument=instrument_id,
        gross=default_gross(instrument_id, today=today),
        inflation=_default_inflation(),
        fund_months=DEFAULT_MONTHS,
        fund_by=_default_fund_by(household, today),
        goals=form_rows(household)["goals"],
    )
    values: dict[str, Any] = {}
    for key in ("monthly", "gross", "inflation", "fund_months", "fund_by"):
        if key in kept:
            candidate = SavingsInputs(**{**_fields(inputs), key: kept[key]})
            if not _field_errors(candidate, today).get(key):
                values[key] = kept[key]
    return SavingsInputs(**{**_fields(inputs), **values})


def _fields(inputs: SavingsInputs) -> dict[str, Any]:
    return {
        "monthly": inputs.monthly,
        "instrument": inputs.instrument,
        "gross": inputs.gross,
        "inflation": inputs.inflation,
        "fund_months": inputs.fund_months,
        "fund_by": inputs.fund_by,
        "goals": inputs.goals,
    }


def app_state(inputs: SavingsInputs, *, monthly_chosen: bool) -> dict[str, Any]:
    """The app's own fields to keep in the browser (plain JSON): the goals are the household's, not here; the
    monthly amount only once the person chose it (until then it follows the household's month)."""
    state: dict[str, Any] = {
        "instrument": inputs.instrument,
        "gross": inputs.gross,
        "inflation": inputs.inflation,
        "fund_months": inputs.fund_months,
        "fund_by": inputs.fund_by,
    }
    if monthly_chosen:
        state["monthly"] = inputs.monthly
    return state


# -- parsing --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ParsedSavings:
    """The fields read: amounts and rates as Decimal, the instrument with the return typed, the goals."""

    monthly: Decimal
    instrument: Instrument
    inflation: Decimal
    fund_months: int
    fund_by: date
    goals: tuple[Goal, ...]
    #: The row on screen of each goal (rows not filled in yet are not goals).
    goal_rows: tuple[int, ...]


def _monthly(text: object) -> Decimal | str:
    try:
        return (
            read_amount(text, field="monthly", empty="Scrivi quanto puoi mettere da parte ogni mese, anche 0.") or ZERO
        )
    except FieldError as error:
        return error.message


def _rate(text: object, key: str, bounds: tuple[Decimal, Decimal], message: str) -> Decimal | str:
    low, high = bounds
    try:
        return read_percent(text, field=key, message=message, low=low, high=high)
    except FieldError as error:
        return error.message


def _fund_by(value: object, today: date) -> date | str:
    keys = {key for _label, key in choices(today).fund_by}
    if isinstance(value, str) and value in keys:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    plausible = isinstance(value, str) and len(value) == 7 and value[:4].isdigit() and value[5:].isdigit()
    if plausible and str(value) < _month_key(_start(today)):
        return "La data è già passata: scegline una futura."
    return "Scegli un mese dall'elenco."


def _read(inputs: SavingsInputs, today: date) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    checks: dict[str, Decimal | date | str] = {
        "monthly": _monthly(inputs.monthly),
        "inflation": _rate(
            inputs.inflation,
            "inflation",
            INFLATION_RANGE,
            "Inflazione non plausibile: scrivi un valore da -50 a 100 (per cento l'anno).",
        ),
        "fund_by": _fund_by(inputs.fund_by, today),
    }
    if isinstance(inputs.instrument, str) and inputs.instrument in instrument_ids():
        checks["gross"] = _rate(
            inputs.gross,
            "gross",
            GROSS_RANGE,
            "Rendimento non plausibile: scrivi un valore da -99 a 100 (per cento l'anno).",
        )
        values["instrument"] = instrument(inputs.instrument, on_date=today)
    else:
        errors["instrument"] = "Scegli dove tenere i risparmi dall'elenco."
    if (
        isinstance(inputs.fund_months, int)
        and not isinstance(inputs.fund_months, bool)
        and (inputs.fund_months in FUND_MONTHS)
    ):
        values["fund_months"] = inputs.fund_months
    else:
        errors["fund_months"] = "Scegli quanti mesi dall'elenco."
    for key, outcome in checks.items():
        if isinstance(outcome, str):
            errors[key] = outcome
        else:
            values[key] = outcome
    return values, errors


def _field_errors(inputs: SavingsInputs, today: date) -> dict[str, str]:
    return _read(inputs, today)[1]


def parse_savings(inputs: SavingsInputs, *, today: date) -> ParsedSavings | Errors:
    """The fields read, or the Italian message of each wrong one (goals keyed ``goals.N.field``, N the row).

    Examples
    --------
    >>> fields = SavingsInputs(monthly="200", gross="2", inflation="2", fund_by="2027-11",
    ...                        goals=[{"label": "Auto", "target": "8.000", "saved": "", "by": "06/2030"}])
    >>> parsed = parse_savings(fields, today=date(2026, 11, 24))
    >>> parsed.monthly, parsed.instrument.gross_return, parsed.goals[0].target, parsed.goals[0].by_year
    (Decimal('200'), Decimal('0.02'), Decimal('8000'), 2030)
    >>> dict(parse_savings(SavingsInputs(monthly="-5", gross="2", inflation="2", fund_by="2027-11"),
    ...                    today=date(2026, 11, 24)))
    {'monthly': "L'importo non può essere negativo."}
    """
    values, errors = _read(inputs, today)
    read = parse_form("goals", {"members": [_MEMBER], "goals": inputs.goals})
    if isinstance(read, Household):
        goals = read.goals
    else:
        errors |= {key: text for key, text in read.items() if key.startswith("goals")}
        goals = ()
    if errors:
        return frozen_errors(errors)
    rows = tuple(
        index
        for index, row in enumerate(inputs.goals)
        if isinstance(row.get(_GOALS.main), str) and row[_GOALS.main].strip()
    )
    return ParsedSavings(
        monthly=values["monthly"],
        instrument=values["instrument"].with_return(values["gross"]),
        inflation=values["inflation"],
        fund_months=values["fund_months"],
        fund_by=values["fund_by"],
        goals=goals,
        goal_rows=rows,
    )


# -- the result -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FanChart:
    """The chart's series, month by month from today (month 0): percentile → balance (only 50 when certain)."""

    bands: Mapping[int, tuple[float, ...]]
    #: (year, month) of month 0.
    start: tuple[int, int]
    goal: Decimal | None
    contributed: tuple[float, ...]


@dataclass(frozen=True, kw_only=True)
class SavingsView:
    """What the savings app shows, and the household it writes back (its goals as typed here)."""

    household: Household
    summary: BudgetSummary
    #: The month in deficit, said before anything else (None when the month is not short).
    deficit: Banner | None
    #: A short line for the headline when the month is short ('' otherwise).
    deficit_line: str
    #: Nothing to plan from yet (no income nor expenses): where to start (None otherwise).
    empty: Banner | None
    fund: EmergencyFund
    fund_banner: Banner
    #: The household goals that are the emergency fund, and the sentence that says so ('' without one).
    emergency_goals: tuple[str, ...]
    emergency_note: str
    #: Saving more than is left of the month (None otherwise).
    over_surplus: Banner | None
    instrument_note: str
    sources: tuple[Link, ...]
    cards: tuple[Card, ...]
    plan: GoalsPlan
    goals_table: Table
    goals_note: str
    #: Notes beside the goals' fields, keyed ``goals.N.field`` like errors, that do not stop the plan.
    field_notes: Mapping[str, str]
    projection: Projection
    projection_sentence: str
    disclaimer: str
    #: The simulation of a risky instrument (None for a certain return).
    simulation: Banner | None
    probability: int | None
    chart: FanChart
    chart_alt: str
    #: The horizon of the projection, in months from next month.
    months: int
    end: date


def _when(plan: GoalsPlan, name: str) -> str:
    outcome = plan.outcome(name)
    if outcome.reached_month == 0:
        return "già pronto"
    if outcome.reached_on is None:
        return "non con questa cifra"
    return month_name(outcome.reached_on)


def _as_of(text: str) -> tuple[int, str]:
    """``"2025-12"`` → (2025, 'dicembre 2025'); ``"2019"`` → (2019, '2019')."""
    year, _, month = text.partition("-")
    words = f"{MONTH_NAMES[int(month) - 1]} {year}" if month else year
    return int(year), words


#: What the proportional stamp duty is charged on, in words (the conventions of savings_instruments.json).
_DUTY_BASE_WORDS = {
    "value": "del valore",
    "capital": "della somma depositata (non degli interessi, che vanno sul conto corrente)",
    "nominal": "del valore nominale (quanto sottoscritto)",
    "average_balance": "della giacenza",
}


def _instrument_note(chosen: Instrument, today: date) -> tuple[str, tuple[Link, ...]]:
    """The instrument in words, from the data file: its note, taxes, stamp duty and costs, and their sources."""
    data = load_rule(_DATA)
    item = next(entry for entry in data["instruments"] if entry["id"] == chosen.id)
    rules = tax_rules(today)
    duty = rules.stamp_duty
    paid = "ogni anno" if chosen.tax_timing == "yearly" else "al rimborso"
    parts = [chosen.note_it, f"Tasse sugli interessi o sui guadagni: {format_percent(chosen.tax_rate)}, pagate {paid}."]
    if chosen.stamp_duty == "current_account":
        parts.append(
            f"Imposta di bollo: {format_eur(duty.current_account_fixed)} l'anno se la giacenza media supera "
            f"{format_eur(duty.current_account_threshold)}."
        )
    elif chosen.stamp_duty == "financial_products":
        parts.append(
            f"Imposta di bollo: {format_percent(duty.financial_products_rate)} l'anno "
            f"{_DUTY_BASE_WORDS[chosen.stamp_duty_base]}."
        )
    elif chosen.stamp_duty == "postal_bonds":
        parts.append(
            f"Imposta di bollo: {format_percent(duty.financial_products_rate)} l'anno "
            f"{_DUTY_BASE_WORDS[chosen.stamp_duty_base]}, se il valore di rimborso supera "
            f"{format_eur(duty.postal_bonds_exempt_up_to)}."
        )
    if chosen.annual_costs:
        parts.append(f"Costi: {format_percent(chosen.annual_costs)} l'anno.")
    parts.append(carried_note([("le tasse e l'imposta di bollo", rules)]))
    if item.get("as_of"):
        year, words = _as_of(item["as_of"])
        if year < today.year:  # a figure carried forward from an earlier year: said once, here
            parts.append(f"Il rendimento proposto è l'ultimo dato trovato ({words}): è un'indicazione, puoi cambiarlo.")
    taxes = version_on(series("savings_instruments.json", "taxes"), today)
    stamp = version_on(series("savings_instruments.json", "stamp_duty"), today)
    inflation = data["inflation_default"]
    sources = [
        Link(text="Da dove viene il rendimento proposto", url=item.get("url", "")),
        Link(text="La legge sulle tasse dei risparmi", url=taxes.get("url", "")),
    ]
    if chosen.stamp_duty != "none":
        sources.append(Link(text="Le regole dell'imposta di bollo", url=stamp.get("url", "")))
    sources.append(
        Link(text="L'inflazione proposta: l'obiettivo della Banca Centrale Europea", url=inflation.get("url", ""))
    )
    return " ".join(part for part in parts if part), tuple(sources)


def _deficit(summary: BudgetSummary, household: Household) -> tuple[Banner | None, str]:
    if summary.balance >= 0:
        return None, ""
    short = format_eur(-summary.balance)
    debts = " Se ci sono rate da pagare, «Piano di rientro» mostra come alleggerirle." if household.debts else ""
    text = (
        f"ogni mese le uscite superano le entrate di {short}. Prima di mettere da parte, il primo passo è far "
        f"quadrare il mese: in «Bilancio familiare» guarda dove si può tagliare o cosa si può aggiungere alle "
        f"entrate.{debts} Per questo la cifra proposta qui sotto è 0 €; puoi provarne altre per vedere cosa "
        "cambierebbe."
    )
    banner = Banner(key="deficit", tone="red", strong="Prima il bilancio", text=text)
    return banner, f"Il mese è in rosso di {short}: prima il bilancio, poi il risparmio."


def _fund_banner(fund: EmergencyFund) -> Banner:
    if fund.target == 0:
        return Banner(
            key="fund-text",
            tone="info",
            text="Non ci sono spese essenziali: aggiungile in «Bilancio "
            "familiare» (o apri un esempio) per calcolare il fondo di emergenza.",
        )
    base = (
        f"Le spese essenziali sono {format_eur(fund.essential_monthly)} al mese: per {fund.months} mesi servono "
        f"{format_eur(fund.target)}. Su conti e libretti ci sono già {format_eur(fund.covered)}."
    )
    if fund.reached:
        return Banner(
            key="fund-text",
            tone="green",
            text=base + " Il fondo di emergenza c'è già: puoi pensare agli altri obiettivi.",
        )
    by = month_name(fund.by) if fund.by else "la data scelta"
    return Banner(
        key="fund-text",
        tone="amber",
        text=base + f" Mancano {format_eur(fund.gap)}: per averli entro "
        f"{by} servono {format_eur(fund.monthly_needed or ZERO)} al mese.",
    )


def _unique(names: list[str]) -> list[str]:
    """Goal names made unique for the plan ("Auto", "Auto (2)")."""
    seen: dict[str, int] = {EMERGENCY: 1}
    unique = []
    for name in names:
        count = seen.get(name, 0) + 1
        seen[name] = count
        unique.append(name if count == 1 else f"{name} ({count})")
    return unique


def _goals_table(plan: GoalsPlan, goals: list[SavingsGoal], passed: set[str]) -> Table:
    rows = []
    for outcome, goal in zip(plan.outcomes, goals, strict=True):
        if outcome.reached_month == 0:
            timing = "già raggiunto"
        elif goal.name in passed:
            timing = "la data è già passata: scegline una nuova"
        elif outcome.on_time is None:
            timing = "—"
        elif outcome.on_time:
            timing = "in tempo"
        else:
            alone = outcome.needed_monthly
            timing = "in ritardo" + ("" if alone is None else f": da solo servirebbero {format_eur(alone)} al mese")
        by = "—" if goal.by is None else month_name(goal.by)
        rows.append((outcome.name, format_eur(outcome.target), by, _when(plan, outcome.name), timing))
    return Table(
        key="goals",
        caption="Quando arrivi a ogni obiettivo",
        columns=("Obiettivo", "Quanto serve", "Entro", "Raggiunto a", "In tempo?"),
        rows=tuple(rows),
    )


def _horizon(plan: GoalsPlan, goals: list[SavingsGoal], start: date) -> int:
    months = [months_between(start, goal.by) for goal in goals if goal.by is not None]
    months += [outcome.reached_month for outcome in plan.outcomes if outcome.reached_month]
    return max(MIN_HORIZON, min(max(months, default=DEFAULT_HORIZON), MAX_HORIZON))


def _chart_alt(chart: FanChart, end: date, today: date, risky: bool) -> str:
    middle = chart.bands[50]
    put_in = format_eur(Decimal(repr(chart.contributed[-1])))
    goal = f"; la linea dell'obiettivo, tutti gli obiettivi insieme, è a {format_eur(chart.goal)}" if chart.goal else ""
    span = f"da {month_name(today)} a {month_name(end)}"
    if risky:
        low, high = (format_eur(Decimal(repr(chart.bands[p][-1]))) for p in (5, 95))
        return (
            f"Grafico di come potrebbero andare i risparmi {span}: alla fine, nel caso centrale "
            f"{format_eur(Decimal(repr(middle[-1])))}; in 9 casi su 10 tra {low} e {high}; soldi versati {put_in}"
            f"{goal}."
        )
    return (
        f"Grafico dei risparmi mese per mese {span}: da {format_eur(Decimal(repr(middle[0])))} oggi a "
        f"{format_eur(Decimal(repr(middle[-1])))} alla fine; soldi versati {put_in}{goal}."
    )


def _planned(new: Household, rows: tuple[int, ...], start: date) -> tuple[list[SavingsGoal], dict[str, str], set[str]]:
    """The household's goals as the plan funds them: not the emergency one, names unique, a past date dropped
    (with a note beside the goal's date on screen, row ``rows[k]``)."""
    others = [
        (goal, index)
        for goal, row, index in zip(goals_from_household(new), new.goals, rows, strict=True)
        if not is_emergency_goal(row.label)
    ]
    planned: list[SavingsGoal] = []
    notes: dict[str, str] = {}
    passed: set[str] = set()
    for (goal, index), name in zip(others, _unique([goal.name for goal, _index in others]), strict=True):
        by = goal.by
        if by is not None and months_between(start, by) < 1:
            notes[f"goals.{index}.by"] = PASSED_NOTE
            passed.add(name)
            by = None
        planned.append(SavingsGoal(name=name, target=goal.target, saved=goal.saved, by=by))
    return planned, notes, passed


def _simulation(
    parsed: ParsedSavings, initial: Decimal, total: Decimal, horizon: int, today: date
) -> tuple[dict[int, tuple[float, ...]], Banner, int | None]:
    """The seeded simulation of a risky instrument: its bands, its sentence and the chance of every goal."""
    run = simulate(initial, parsed.monthly, horizon, instrument=parsed.instrument, on_date=today,
                   inflation=parsed.inflation, seed=SEED, n_paths=PATHS, goal=total if total > 0 else None)  # fmt: skip
    bands = {p: tuple(float(v) for v in run.bands[k]) for k, p in enumerate(PERCENTILES)}
    text = (
        f"In 9 casi su 10 avrai almeno {format_eur(run.final[10])} (in euro di oggi "
        f"{format_eur(run.final_real[10])}); nel caso centrale {format_eur(run.final[50])}."
    )
    chance = run.probability_of_goal
    probability = None if chance is None else int(round_fraction(Decimal(repr(chance)) * 100, places=0))
    if probability is not None:
        everything = format_eur(total)
        text += f" Le probabilità di arrivare a {everything}, tutti gli obiettivi insieme, sono {probability} su 100."
    paths = format_number(Decimal(PATHS), decimals=0)
    text += f" Sono {paths} futuri possibili, simulati: con gli stessi dati, sempre gli stessi."
    return bands, Banner(key="simulation", tone="info", text=text), probability


def _over_surplus(summary: BudgetSummary, monthly: Decimal) -> Banner | None:
    surplus = max(summary.balance, ZERO)
    if summary.balance < 0 or not (summary.income > 0 or summary.expenses > 0) or monthly <= surplus:
        return None
    text = (
        f"Vuoi mettere da parte {format_eur(monthly)} al mese, più di quanto avanza ogni mese ({format_eur(surplus)}): "
        "la differenza dovrebbe venire da spese tagliate o da nuove entrate."
    )
    return Banner(key="over-surplus", tone="amber", text=text)


def _emergency_note(labels: tuple[str, ...]) -> str:
    if not labels:
        return ""
    named = ", ".join(f"«{label}»" for label in labels)
    which = f"Gli obiettivi {named} della famiglia sono" if len(labels) > 1 else f"L'obiettivo {named} della famiglia è"
    return f"{which} questo fondo di emergenza: nel piano conta una volta sola, con l'importo calcolato qui sopra."


def _projection_sentence(last: ProjectionRow, end: date) -> str:
    gain = last.balance - last.contributed
    return (
        f"Tra i risparmi di oggi e i versamenti metti da parte {format_eur(last.contributed)}; a {month_name(end)} "
        f"avrai {format_eur(last.balance)} "
        f"({'guadagno' if gain >= 0 else 'perdita'} netto {format_eur(abs(gain))}), che in euro di oggi valgono "
        f"{format_eur(last.real_balance)}. Tasse {format_eur(last.taxes)}, imposta di bollo "
        f"{format_eur(last.stamp_duty)}, costi {format_eur(last.costs)}."
    )


def savings_view(parsed: ParsedSavings, household: Household, *, today: date) -> SavingsView:
    """What the savings app shows for ``household`` with the fields ``parsed``; saving starts next month.

    Notes
    -----
    The emergency fund (``fund_months`` × essential expenses, covered by the
    liquid savings) comes first, then the household's goals in their order,
    all funded by :func:`~oltre_finance.savings.fund_goals` at the return net
    of costs. The projection starts from the fund's cover plus what each goal
    has saved, over the months the plan needs (12 to 480, 120 without dates).

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> household = load_sample("prestiti_revolving")
    >>> fields = initial_inputs(household, today=date(2026, 11, 24))
    >>> view = savings_view(parse_savings(fields, today=date(2026, 11, 24)), household, today=date(2026, 11, 24))
    >>> view.deficit.tone, fields.monthly, [card.key for card in view.cards]
    ('red', '0,00', ['fund', 'final', 'real', 'costs'])
    """
    start = _start(today)
    new = household.model_copy(update={"goals": parsed.goals})
    summary = summarize(new)
    fund = emergency_fund(new, start=start, months=parsed.fund_months, by=parsed.fund_by)
    chosen = parsed.instrument
    planned, notes, passed = _planned(new, parsed.goal_rows, start)
    goals = list(planned)
    if fund.target > 0:
        goals.insert(0, SavingsGoal(name=EMERGENCY, target=fund.target, saved=fund.covered, by=parsed.fund_by))
    plan = fund_goals(goals, parsed.monthly, annual_return=chosen.gross_return - chosen.annual_costs, start=start)
    horizon = _horizon(plan, goals, start)
    initial = fund.covered + sum((goal.saved for goal in planned), ZERO)
    total = fund.target + sum((goal.target for goal in planned), ZERO)
    result = project(initial, parsed.monthly, horizon, instrument=chosen, on_date=today, inflation=parsed.inflation)
    last = result.final
    end = first_of_month(start, plus=horizon - 1)
    simulation = probability = None
    if chosen.risky:
        bands, simulation, probability = _simulation(parsed, initial, total, horizon, today)
    else:
        bands = {50: (float(initial), *(float(row.balance) for row in result.rows))}
    contributed = (float(initial), *(float(row.contributed) for row in result.rows))
    chart = FanChart(bands=MappingProxyType(bands), start=(today.year, today.month),
                     goal=total if total > 0 else None, contributed=contributed)  # fmt: skip
    deficit, deficit_line = _deficit(summary, new)
    note, sources = _instrument_note(chosen, today)
    emergency_labels = tuple(goal.label for goal in new.goals if is_emergency_goal(goal.label))
    costs = last.taxes + last.stamp_duty + last.costs
    return SavingsView(
        household=new,
        summary=summary,
        deficit=deficit,
        deficit_line=deficit_line,
        empty=None if (new.incomes or new.expenses) else EMPTY,
        fund=fund,
        fund_banner=_fund_banner(fund),
        emergency_goals=emergency_labels,
        emergency_note=_emergency_note(emergency_labels),
        over_surplus=_over_surplus(summary, parsed.monthly),
        instrument_note=note,
        sources=sources,
        cards=(
            Card(
                key="fund", label="Fondo di emergenza pronto", value="—" if fund.target == 0 else _when(plan, EMERGENCY)
            ),
            Card(key="final", label=f"Risparmi a {month_name(end)}", value=format_eur(last.balance)),
            Card(key="real", label="In euro di oggi", value=format_eur(last.real_balance)),
            Card(key="costs", label="Tasse, bollo e costi", value=format_eur(costs)),
        ),
        plan=plan,
        goals_table=_goals_table(plan, goals, passed),
        goals_note=GOALS_NOTE,
        field_notes=frozen_errors(notes),
        projection=result,
        projection_sentence=_projection_sentence(last, end),
        disclaimer=f"{chosen.label_it}: {DISCLAIMER}",
        simulation=simulation,
        probability=probability,
        chart=chart,
        chart_alt=_chart_alt(chart, end, today, chosen.risky),
        months=horizon,
        end=end,
    )
