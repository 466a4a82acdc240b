"""The "Calcolatore prestito" view: a loan's instalment, cost, schedule, usury check and weight on the income.

Everything the loan app shows is decided here from the core
(:func:`~oltre_finance.loans.loan_taeg`, :func:`~oltre_finance.italy.usury.usury_check`,
:func:`~oltre_finance.loans.affordability.instalment_to_income`,
:func:`~oltre_finance.budget.summarize`): the defaults, the usury categories a
household meets (offered first), the table in force and the note when the
latest shipped one stands in for it, the cards, the sentences, the rows of
the schedule shown, the instalment-to-income band with the household's income
when the person typed none, and what adding the loan to the household means
(:func:`add_loan_to_household`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from oltre_finance import validate
from oltre_finance.budget import summarize
from oltre_finance.debts.instalments import instalment_category
from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Debt, DebtKind, Expense, Frequency, Household
from oltre_finance.io.schedule_csv import CSV_HEADER, schedule_to_csv
from oltre_finance.italy.usury import TegmTable, UsuryCheck, available_tables, usury_check
from oltre_finance.loans import CreditCost, Loan, Method, Schedule, loan_taeg
from oltre_finance.loans.affordability import instalment_to_income
from oltre_finance.money import NBSP, cents, format_eur, format_number, format_percent, parse_amount, parse_percent
from oltre_finance.validate import MAX_AMOUNT, MAX_MONTHS
from oltre_finance.views.blocks import Banner, Card, Errors, Link, Table, frozen_errors

__all__ = [
    "CATEGORY_FIRST",
    "METHOD_OPTIONS",
    "PERIOD_NAMES",
    "PERIOD_OPTIONS",
    "IncomePrompt",
    "LoanInputs",
    "LoanView",
    "ParsedLoan",
    "RatesInForce",
    "add_loan_to_household",
    "added_banner",
    "category_in",
    "category_options",
    "describe_loan",
    "describe_usury",
    "income_prompt",
    "inputs_from_state",
    "loan_items",
    "loan_view",
    "parse_loan",
    "rates_in_force",
    "signing_rates",
]

#: Instalments a year → (adjective for one instalment, plural).
PERIOD_NAMES: Mapping[int, tuple[str, str]] = {
    12: ("mensile", "mensili"),
    6: ("bimestrale", "bimestrali"),
    4: ("trimestrale", "trimestrali"),
    3: ("quadrimestrale", "quadrimestrali"),
    2: ("semestrale", "semestrali"),
    1: ("annuale", "annuali"),
}
PERIOD_OPTIONS = tuple((f"Rata {name}", per_year) for per_year, (name, _) in PERIOD_NAMES.items())
METHOD_OPTIONS: tuple[tuple[str, Method], ...] = (
    ("Alla francese (rata costante)", "french"),
    ("All'italiana (rata decrescente)", "italian"),
)
#: Categories of the usury table a household meets, offered first (the first is the default).
CATEGORY_FIRST = (
    "credito_personale",
    "credito_finalizzato",
    "cessione_quinto_stipendio_pensione",
    "mutui_ipotecari_tasso_fisso",
    "mutui_ipotecari_tasso_variabile",
    "credito_revolving",
    "finanziamenti_carte_di_credito",
    "aperture_credito_conto_corrente",
    "scoperti_senza_affidamento",
    "altri_finanziamenti",
    # as the tables named them before 2010
    "crediti_personali_finanziamenti_famiglie_banche",
    "credito_finalizzato_e_revolving",
    "credito_finalizzato_acquisto_rateale",
    "cessione_quinto_stipendio",
    "mutui",
)
#: The same kind of credit under the names of different periods, most specific first: a date in another period
#: keeps the person's choice under that period's name.
CATEGORY_FAMILIES = (
    (
        "credito_personale",
        "crediti_personali_finanziamenti_famiglie_banche",
        "altri_finanziamenti_famiglie_banche_2010q1",
    ),
    ("credito_finalizzato", "credito_finalizzato_acquisto_rateale", "credito_finalizzato_e_revolving"),
    ("credito_revolving", "credito_finalizzato_e_revolving"),
    ("finanziamenti_carte_di_credito", "credito_revolving", "credito_finalizzato_e_revolving"),
    ("cessione_quinto_stipendio_pensione", "cessione_quinto_stipendio"),
    ("mutui_ipotecari_tasso_fisso", "mutui"),
    ("mutui_ipotecari_tasso_variabile", "mutui"),
    ("mutui", "mutui_ipotecari_tasso_fisso"),
    ("cessione_quinto_stipendio", "cessione_quinto_stipendio_pensione"),
    ("crediti_personali_finanziamenti_famiglie_banche", "credito_personale"),
    ("credito_finalizzato_e_revolving", "credito_finalizzato", "credito_revolving"),
    ("credito_finalizzato_acquisto_rateale", "credito_finalizzato"),
    ("altri_finanziamenti", "crediti_personali_finanziamenti_famiglie_banche"),
)
#: First and last rows of the schedule shown on screen (the CSV file has them all).
ROWS_SHOWN = 6
#: Where a person reads the thresholds of every quarter (Banca d'Italia, "Contrasto all'usura").
BANCA_ITALIA_USURY_URL = (
    "https://www.bancaditalia.it/compiti/vigilanza/normativa/archivio-norme/contrasto-usura/index.html"
)
USURY_LAW_URL = "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1996-03-07;108"
#: The household's kind of debt for each usury category (anything else is a personal loan).
DEBT_KIND: Mapping[str, DebtKind] = {
    "cessione_quinto_stipendio_pensione": "cessione_quinto",
    "cessione_quinto_stipendio": "cessione_quinto",
    "mutui": "mortgage",
    "mutui_ipotecari_tasso_fisso": "mortgage",
    "mutui_ipotecari_tasso_variabile": "mortgage",
    "credito_revolving": "revolving_card",
    "finanziamenti_carte_di_credito": "revolving_card",
}
_KIND_WORD = {"cessione_quinto": "Cessione del quinto", "mortgage": "Mutuo", "revolving_card": "Carta revolving"}
#: Instalments a year → the household's frequency (three a year has none: the monthly share is used).
_FREQUENCY: Mapping[int, Frequency] = {12: "monthly", 6: "bimonthly", 4: "quarterly", 2: "half_yearly", 1: "yearly"}
_WHOLE = re.compile(r"^[+-]?\d{1,6}$")
_T = TypeVar("_T")
ADD_LABEL = "Aggiungi ai debiti della famiglia"
UPDATE_LABEL = "Aggiorna il prestito tra i debiti della famiglia"
ALREADY_LABEL = "Già tra i debiti della famiglia"
FIX_FIRST = "Correggi prima il campo segnato in rosso: poi si può aggiungere il prestito alla famiglia."


# -- what the person typed -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LoanInputs:
    """The loan as typed: texts as in the boxes, choices as their values. The defaults are the first view."""

    principal: str = "10.000"
    annual_rate: str = "7,5"
    months: str = "60"
    upfront_fees: str = "250"
    instalment_fee: str = "2"
    #: Monthly net income typed for the instalment-to-income check; empty: the household's.
    income: str = ""
    #: The name of the loan among the household's debts; empty: a name made from the loan.
    label: str = ""
    #: When the loan was (or will be) signed, ``mm/aaaa`` or ``gg/mm/aaaa``: it picks the usury table. Empty: today.
    signed: str = ""
    method: str = "french"
    periods_per_year: int = 12
    category: str = CATEGORY_FIRST[0]

    def state(self) -> dict[str, Any]:
        """Plain JSON values, to keep in the browser (:func:`inputs_from_state` reads them back)."""
        return asdict(self)


def inputs_from_state(state: Mapping[str, object], *, table: TegmTable | None = None) -> LoanInputs:
    """The inputs kept in the browser; a value of the wrong kind, or a choice no longer offered, is the default.

    The kind of credit is kept under ``table``'s name for it (:func:`category_in`): the person chose
    "credito personale" and the signing date is in 2005, so it comes back as that period's category.

    Examples
    --------
    >>> kept = inputs_from_state({"principal": "12.000", "months": 7, "method": "mensile", "extra": 1})
    >>> kept.principal, kept.months, kept.method
    ('12.000', '60', 'french')
    """
    chosen = _table(table)
    allowed: dict[str, tuple[object, ...]] = {
        "method": tuple(value for _, value in METHOD_OPTIONS),
        "periods_per_year": tuple(PERIOD_NAMES),
        "category": tuple(key for _, key in category_options(chosen)),
    }
    kept: dict[str, Any] = {}
    for item in fields(LoanInputs):
        value = state.get(item.name)
        if item.name in allowed:
            if value in allowed[item.name] and not isinstance(value, bool):
                kept[item.name] = value
        elif isinstance(value, str) and len(value) <= 200:
            kept[item.name] = value
    category = state.get("category")
    if "category" not in kept and isinstance(category, str) and any(category == g[0] for g in CATEGORY_FAMILIES):
        kept["category"] = category_in(chosen, category)
    elif "category" not in kept:
        kept["category"] = category_in(chosen, LoanInputs().category)
    return LoanInputs(**kept)


@dataclass(frozen=True, kw_only=True)
class ParsedLoan:
    loan: Loan
    #: The monthly net income typed; ``None``: the household's income is used (when it has one).
    income: Decimal | None
    category: str
    #: The name of the loan among the household's debts (never empty).
    label: str


def _table(table: TegmTable | None) -> TegmTable:
    return table if table is not None else available_tables()[-1]


def category_options(table: TegmTable) -> tuple[tuple[str, str], ...]:
    """The table's categories as ``(Italian label, id)``: those a household meets first, then the others.

    Examples
    --------
    >>> [key for _, key in category_options(available_tables()[-1])][:3]
    ['credito_personale', 'credito_finalizzato', 'cessione_quinto_stipendio_pensione']
    """
    names = table.categories
    ordered = [key for key in CATEGORY_FIRST if key in names] + [key for key in names if key not in CATEGORY_FIRST]
    return tuple((names[key], key) for key in ordered)


def category_in(table: TegmTable, category: str) -> str:
    """``category`` as ``table`` names it (the same kind of credit in another period), or the table's first choice.

    Examples
    --------
    >>> from oltre_finance.italy.usury import table_on
    >>> category_in(table_on(date(2005, 6, 1)), "credito_personale")
    'crediti_personali_finanziamenti_famiglie_banche'
    >>> category_in(table_on(date(2024, 6, 1)), "mutui")
    'mutui_ipotecari_tasso_fisso'
    """
    names = table.categories
    if category in names:
        return category
    family = next((group for group in CATEGORY_FAMILIES if group[0] == category), ())
    return next((key for key in family if key in names), category_options(table)[0][1])


def _money(text: object, field: str, errors: dict[str, str], *, empty: Decimal | None = None) -> Decimal | None:
    """An amount as Italians type it; an empty box is ``empty`` when that is given."""
    if empty is not None and isinstance(text, str) and not text.strip():
        return empty
    try:
        return parse_amount(text, field=field)
    except OltreFinanceError as error:
        errors[field] = error.message_it
        return None


def _months(text: object, errors: dict[str, str]) -> int | None:
    value = text.strip() if isinstance(text, str) else None
    if value == "":
        errors["months"] = f"Campo vuoto: scrivi la durata in mesi, da 1 a {MAX_MONTHS}."
    elif value is None or not _WHOLE.match(value):
        errors["months"] = "Scrivi un numero intero di mesi, per esempio 60."
    else:
        return int(value)
    return None


def _core_check(errors: dict[str, str], field: str, value: _T | None, build: Callable[[_T], object]) -> None:
    """Let the core's own rule (:class:`Loan`) judge ``value`` alone, and keep its message."""
    if value is None or field in errors:
        return
    try:
        build(value)
    except OltreFinanceError as error:
        errors[field] = error.message_it


def _income(text: object, errors: dict[str, str]) -> Decimal | None:
    if isinstance(text, str) and not text.strip():
        return None
    income = _money(text, "income", errors)
    _core_check(
        errors,
        "income",
        income,
        lambda value: validate.amount(value, field="income", label_it="Il reddito", positive=True),
    )
    return None if "income" in errors else income


def parse_loan(inputs: LoanInputs, *, table: TegmTable | None = None) -> ParsedLoan | Errors:
    """The loan the person typed, or the Italian message of every wrong field.

    Each amount, rate and duration is read on its own and judged by the core's own rules (:class:`Loan`), so
    that every wrong field has its message at once; then the loan as a whole (fees below the amount, a whole
    number of instalments). An empty fee box means no fee; an empty income box, the household's income.
    ``table`` is the usury table whose categories are offered (by default the latest shipped).

    Examples
    --------
    >>> parse_loan(LoanInputs()).loan.principal
    Decimal('10000')
    >>> errors = parse_loan(LoanInputs(principal="-5", months="0"))
    >>> errors["principal"], errors["months"]
    ("L'importo non può essere negativo.", 'La durata: serve un numero intero di mesi da 1 a 600.')
    """
    errors: dict[str, str] = {}
    principal = _money(inputs.principal, "principal", errors)
    rate: Decimal | None = None
    try:
        rate = parse_percent(inputs.annual_rate, field="annual_rate")
    except OltreFinanceError as error:
        errors["annual_rate"] = error.message_it
    months = _months(inputs.months, errors)
    upfront = _money(inputs.upfront_fees, "upfront_fees", errors, empty=Decimal(0))
    fee = _money(inputs.instalment_fee, "instalment_fee", errors, empty=Decimal(0))
    income = _income(inputs.income, errors)
    one, zero = Decimal(1000), Decimal(0)
    _core_check(errors, "principal", principal, lambda value: Loan(value, zero, 12))
    _core_check(errors, "annual_rate", rate, lambda value: Loan(one, value, 12))
    _core_check(errors, "months", months, lambda value: Loan(one, zero, value))
    _core_check(errors, "upfront_fees", upfront, lambda value: Loan(MAX_AMOUNT, zero, 12, upfront_fees=value))
    _core_check(errors, "instalment_fee", fee, lambda value: Loan(one, zero, 12, instalment_fee=value))
    method = next((value for _, value in METHOD_OPTIONS if value == inputs.method), None)
    if method is None:
        errors["method"] = "Scegli il metodo di ammortamento dall'elenco."
    periods = inputs.periods_per_year
    if isinstance(periods, bool) or periods not in PERIOD_NAMES:
        errors["periods_per_year"] = "Scegli ogni quanto si paga la rata dall'elenco."
    if inputs.category not in _table(table).categories:
        errors["category"] = "Scegli il tipo di finanziamento dall'elenco."
    if errors or principal is None or rate is None or months is None or method is None:
        return frozen_errors(errors)
    try:
        loan = Loan(principal, rate, months, method=method, periods_per_year=periods,
                    upfront_fees=upfront or zero, instalment_fee=fee or zero)  # fmt: skip
    except OltreFinanceError as error:
        return frozen_errors({error.field or "months": error.message_it})
    label = inputs.label.strip()[:120] if isinstance(inputs.label, str) else ""
    return ParsedLoan(
        loan=loan, income=income, category=inputs.category, label=label or _default_label(loan, inputs.category)
    )


def _default_label(loan: Loan, category: str) -> str:
    word = _KIND_WORD.get(DEBT_KIND.get(category, "personal_loan"), "Prestito")
    return f"{word} di {format_eur(loan.principal).replace(NBSP, ' ')} in {loan.months} mesi"


# -- the usury table in force -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RatesInForce:
    """The usury table a loan is judged against on a day."""

    table: TegmTable
    #: The table of that day is not shipped yet: the nearest one is used, and ``note`` says so once.
    carried_forward: bool
    note: str


def rates_in_force(today: date) -> RatesInForce:
    """The table in force ``today``, or the latest one before it with a note.

    Examples
    --------
    >>> rates_in_force(date(2026, 11, 24)).carried_forward, rates_in_force(date(2031, 1, 1)).carried_forward
    (False, True)
    """
    tables = available_tables()
    for table in tables:
        if table.start <= today <= table.end:
            return RatesInForce(table=table, carried_forward=False, note="")
    earlier = [table for table in tables if table.start <= today]
    table = earlier[-1] if earlier else tables[0]
    note = (
        "I tassi soglia in vigore in quella data non sono ancora nel programma: il confronto usa l'ultima tabella "
        f"disponibile, valida dal {table.start:%d/%m/%Y} al {table.end:%d/%m/%Y}."
    )
    return RatesInForce(table=table, carried_forward=True, note=note)


_SIGNED = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")


def signing_rates(text: object, *, today: date) -> RatesInForce | str:
    """The usury table for the day a loan was signed, as typed (empty: today), or the Italian message.

    A month alone (``11/2024``) means its first day. The thresholds exist from the day the law took effect;
    a date more than a year ahead is a typing mistake.

    Examples
    --------
    >>> signing_rates("15/11/2024", today=date(2026, 12, 1)).table.start
    datetime.date(2024, 10, 1)
    >>> signing_rates("3/1996", today=date(2026, 12, 1))
    'I tassi soglia esistono dal 02/04/1997: scrivi una data da quel giorno in poi.'
    """
    typed = text.strip() if isinstance(text, str) else None
    if typed == "":
        return rates_in_force(today)
    found = _SIGNED.match(typed or "")
    if found is None:
        return "Scrivi la data della firma come mese/anno (11/2024) o giorno/mese/anno (15/11/2024)."
    day, month, year = (int(part) if part else 1 for part in found.groups())
    try:
        signed = date(year, month, day)
    except ValueError:
        return "Questa data non esiste: controlla giorno e mese."
    first = available_tables()[0].start
    if signed < first:
        return f"I tassi soglia esistono dal {first:%d/%m/%Y}: scrivi una data da quel giorno in poi."
    if (signed - today).days > 366:
        return "La data della firma è lontana nel futuro: scrivi una data di oggi o del passato."
    return rates_in_force(signed)


# -- sentences ----------------------------------------------------------------------------------------------------


def describe_loan(loan: Loan, cost: CreditCost) -> str:
    """What the numbers mean, in two or three plain sentences."""
    plan = cost.schedule
    count = len(plan.rows)
    plural = PERIOD_NAMES[loan.periods_per_year][1]
    if loan.method == "french":
        instalments = f"{count} rate {plural} da {format_eur(plan.payment)}"
        if plan.rows[-1].payment != plan.payment:
            instalments += f" (l'ultima di {format_eur(plan.rows[-1].payment)}, per gli arrotondamenti)"
    else:
        instalments = (
            f"{count} rate {plural} che scendono da {format_eur(plan.payment)} a "
            f"{format_eur(plan.rows[-1].payment)}, perché la quota di capitale resta fissa "
            "e gli interessi calano con il debito"
        )
    text = (
        f"Chiedi {format_eur(loan.principal)}: tra rate e spese paghi in tutto {format_eur(cost.total_payable)}, "
        f"con {instalments}. "
    )
    if loan.instalment_fee:
        text += f"Ogni rata comprende {format_eur(loan.instalment_fee)} di spese di incasso. "
    if cost.total_cost == 0:
        return text + f"Non paghi interessi né spese: il TAEG è {format_percent(Decimal(0))}."
    text += f"Il prestito costa {format_eur(cost.total_interest)} di interessi"
    text += f" e {format_eur(cost.total_fees)} di spese. " if cost.total_fees else ". "
    if cost.total_fees:
        return text + (
            f"Il TAEG, {format_percent(cost.taeg)}, è più alto del TAN ({format_percent(loan.annual_rate)}) "
            "perché conta anche le spese: è il numero da usare per confrontare offerte diverse."
        )
    return text + (
        f"Senza spese, il TAEG ({format_percent(cost.taeg)}) differisce dal TAN "
        f"({format_percent(loan.annual_rate)}) solo perché gli interessi si pagano a ogni rata: "
        "è comunque il numero da usare per confrontare offerte diverse."
    )


def describe_usury(check: UsuryCheck, *, signed_before: date | None = None) -> str:
    """Where the TAEG stands against the usury threshold of its category and quarter (two decimals, as everywhere).

    ``signed_before`` is today when the loan was signed in an earlier quarter: then the advice is about a
    contract already in force, not one to sign.

    Examples
    --------
    >>> check = usury_check(Decimal("0.17"), "credito_personale", date(2020, 8, 15))
    >>> "TAEG (17,00 %) supera di 0,96 punti la soglia di usura (16,04 %)" in describe_usury(check).replace(NBSP, " ")
    True
    """
    period = f"dal {check.table.start:%d/%m/%Y} al {check.table.end:%d/%m/%Y}"
    points = f"{format_number(abs(check.margin) * 100)}{NBSP}punti"
    threshold = format_percent(check.threshold)
    bracket = f", {check.row.bracket_label}" if check.row.bracket_label else ""
    where = f"per «{check.row.label}»{bracket}"
    if check.is_usurious:
        advice = (
            "Per un contratto già firmato con un tasso usurario la legge dice che gli interessi non sono dovuti "
            "(art. 1815, secondo comma, del Codice civile): parlane con un consulente o con una fondazione antiusura."
            if signed_before is not None and check.table.end < signed_before
            else "Un tasso così è vietato dalla legge: parlane con un consulente prima di firmare."
        )
        return (
            f"Attenzione: il TAEG ({format_percent(check.rate)}) supera di {points} la soglia di usura "
            f"({threshold}) in vigore {period} {where}. {advice}"
        )
    return (
        f"Il TAEG ({format_percent(check.rate)}) è sotto di {points} la soglia di usura ({threshold}) "
        f"in vigore {period} {where}."
    )


def _usury_banner(check: UsuryCheck, rates: RatesInForce, today: date) -> Banner:
    table = check.table
    act = f"{table.act}, {table.gazzetta_ufficiale}" if table.gazzetta_ufficiale else table.act
    text = describe_usury(check, signed_before=today) + (f" {rates.note}" if rates.note else "")
    return Banner(
        key="usury",
        tone="red" if check.is_usurious else "green",
        strong="Soglia di usura",
        value=format_percent(check.threshold),
        dot=True,
        text=text,
        sources=(
            Link(text=f"i tassi soglia dal {table.start:%d/%m/%Y} al {table.end:%d/%m/%Y} ({act})", url=table.url),
            Link(text="la pagina della Banca d'Italia sui tassi soglia di ogni trimestre", url=BANCA_ITALIA_USURY_URL),
            Link(text=f"come si calcola la soglia: {check.threshold_rule}", url=USURY_LAW_URL),
        ),
    )


# -- the household ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class IncomePrompt:
    """What the income box shows when the person has typed nothing: the household's income, and where it is from."""

    placeholder: str
    hint: str


def _household_income(household: Household) -> Decimal | None:
    income = summarize(household).income
    return income if income > 0 else None


def income_prompt(household: Household, typed: str) -> IncomePrompt:
    """The income box's grey text and the line under it.

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> income_prompt(load_sample("madre_separata"), "").placeholder
    '2.616,67'
    """
    income = _household_income(household)
    placeholder = "" if income is None else format_number(income)
    if income is None:
        return IncomePrompt(placeholder="", hint="facoltativo: scrivilo per sapere quanto pesa la rata")
    if isinstance(typed, str) and typed.strip():
        return IncomePrompt(
            placeholder=placeholder, hint="il reddito che hai scritto, al posto di quello della famiglia"
        )
    return IncomePrompt(
        placeholder=placeholder,
        hint=f"dalla famiglia: {format_eur(income)} al mese (Bilancio familiare); scrivine un altro per cambiarlo",
    )


def loan_items(parsed: ParsedLoan, *, today: date) -> tuple[Debt, Expense]:
    """The loan as the household holds it: a debt, and its instalment among the expenses.

    Notes
    -----
    The debt: kind from the usury category (:data:`DEBT_KIND`), balance = principal, TAN, the monthly share of
    the (first) instalment, remaining months = the duration. The expense: the instalment paid with its own
    frequency (three a year, which a household item cannot hold, as its monthly share), in *debiti* (*prestito*,
    or *carta revolving*), a mortgage in *casa* (*rata del mutuo*), where the budget counts it both as housing and
    as debt; the first payment falls one period after ``today``.
    """
    loan, plan = parsed.loan, loan_taeg(parsed.loan).schedule
    kind = DEBT_KIND.get(parsed.category, "personal_loan")
    monthly = cents(plan.payment * loan.periods_per_year / 12)
    debt = Debt(kind=kind, label=parsed.label, balance=loan.principal, annual_rate=loan.annual_rate,
                instalment=monthly, remaining_months=loan.months)  # fmt: skip
    frequency = _FREQUENCY.get(loan.periods_per_year, "monthly")
    amount = plan.payment if frequency != "monthly" or loan.periods_per_year == 12 else monthly
    month = (today.month - 1 + 12 // loan.periods_per_year) % 12 + 1 if frequency != "monthly" else 1
    category, sub = instalment_category(kind)
    expense = Expense(category=category, subcategory=sub, label=parsed.label, amount=amount, frequency=frequency,
                      month=month, essential=True)  # fmt: skip
    return debt, expense


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def add_loan_to_household(household: Household, parsed: ParsedLoan, *, today: date) -> Household:
    """``household`` with the loan among its debts and its instalment among its expenses.

    A loan is known by its name: adding again a loan whose name is already among the debts replaces that debt
    and its instalment (same place, new figures), so the same loan is never there twice; adding it again with the
    same figures gives back the same household.

    Examples
    --------
    >>> from oltre_finance.views.household import empty_household
    >>> parsed = parse_loan(LoanInputs(label="Auto"))
    >>> once = add_loan_to_household(empty_household(), parsed, today=date(2026, 12, 1))
    >>> [(d.label, d.balance) for d in once.debts], [(e.category, e.amount) for e in once.expenses]
    ([('Auto', Decimal('10000'))], [('debiti', Decimal('202.38'))])
    >>> add_loan_to_household(once, parsed, today=date(2026, 12, 1)) == once
    True
    """
    debt, expense = loan_items(parsed, today=today)
    debts, expenses = list(household.debts), list(household.expenses)
    _put(debts, debt, lambda item: _same(item.label, debt.label))
    _put(expenses, expense, lambda item: _same(item.label, expense.label) and item.category == expense.category)
    return household.model_copy(update={"debts": tuple(debts), "expenses": tuple(expenses)})


def _put(items: list[_T], new: _T, same: Callable[[_T], bool]) -> None:
    """Replace the first item like ``new`` in place, or add ``new`` at the end."""
    at = next((k for k, item in enumerate(items) if same(item)), None)
    if at is None:
        items.append(new)
    else:
        items[at] = new


def _without(household: Household, parsed: ParsedLoan) -> Household:
    return household.model_copy(update={
        "debts": tuple(d for d in household.debts if not _same(d.label, parsed.label)),
        "expenses": tuple(e for e in household.expenses if not _same(e.label, parsed.label)),
    })  # fmt: skip


def added_banner(before: Household, after: Household, parsed: ParsedLoan) -> Banner:
    """What the person reads after «Aggiungi ai debiti della famiglia»."""
    name = f"«{parsed.label}»"
    if after == before:
        return Banner(key="loan-added", tone="info", text=f"{name} è già tra i debiti della famiglia con queste cifre: "
                      "non è stato aggiunto una seconda volta.")  # fmt: skip
    known = any(_same(d.label, parsed.label) for d in before.debts)
    debt = next(d for d in after.debts if _same(d.label, parsed.label))
    start = f"Aggiornato {name} tra i debiti della famiglia" if known else f"Aggiunto {name} ai debiti della famiglia"
    return Banner(
        key="loan-added",
        tone="green",
        text=f"{start}: {format_eur(debt.balance)} in {debt.remaining_months} mesi, con una rata di "
        f"{format_eur(debt.instalment)} al mese tra le spese. Lo vedono «Bilancio familiare» e «Piano di rientro».",
    )


# -- the result ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LoanView:
    loan: Loan
    cost: CreditCost
    #: The headline, kept in sight: the instalment, the TAEG and the cost of credit.
    cards: tuple[Card, ...]
    #: Under the sentence: the interest and the total to repay.
    more_cards: tuple[Card, ...]
    sentence: str
    usury: Banner
    #: The instalment over the monthly net income (typed, or the household's); without one, how to get it.
    affordability: Banner
    #: With the household's income, every instalment the household would pay with this loan ('None': no others).
    household_debts: Banner | None
    #: The loan already is among the household's debts with these figures.
    in_household: bool
    #: The words of the button that adds the loan to the household (or updates it, or says it is there).
    add_label: str
    #: The rows of :attr:`schedule` shown: the first and last :data:`ROWS_SHOWN`.
    table: Table
    chart_alt: str
    csv_text: str
    csv_name: str

    @property
    def schedule(self) -> Schedule:
        """The whole schedule, for the chart."""
        return self.cost.schedule

    @property
    def lights(self) -> tuple[Banner, ...]:
        """The banners with a traffic light, for the headline."""
        return tuple(b for b in (self.usury, self.affordability, self.household_debts) if b is not None and b.dot)


def _cards(loan: Loan, cost: CreditCost) -> tuple[tuple[Card, ...], tuple[Card, ...]]:
    name = PERIOD_NAMES[loan.periods_per_year][0]
    label = f"Rata {name}" if loan.method == "french" else f"Prima rata {name}"
    if loan.instalment_fee:
        label += " (spese incluse)"
    headline = (
        Card(key="payment", label=label, value=format_eur(cost.schedule.payment)),
        Card(key="taeg", label="TAEG", value=format_percent(cost.taeg)),
        Card(key="cost", label="Costo totale del credito", value=format_eur(cost.total_cost)),
    )
    more = (
        Card(key="interest", label="Interessi totali", value=format_eur(cost.total_interest)),
        Card(key="total", label="Totale da restituire", value=format_eur(cost.total_payable)),
    )
    return headline, more


def _affordability(plan: Schedule, income: Decimal | None, typed: bool, today: date) -> Banner:
    if income is None:
        return Banner(key="affordability", tone="info", text="Per sapere quanto pesa la rata, scrivi il reddito netto "
                      "mensile qui sopra, oppure le entrate della famiglia in «Bilancio familiare».")  # fmt: skip
    check = instalment_to_income(plan.payment, income, on_date=today, periods_per_year=plan.loan.periods_per_year)
    shown = format_percent(check.value)
    # The core writes the share with one decimal; on screen every percentage has two.
    sentence = check.sentence_it.replace(format_percent(check.value, decimals=1), shown)
    where = "il reddito che hai scritto" if typed else "le entrate della famiglia in «Bilancio familiare»"
    return Banner(
        key="affordability",
        tone=check.band.value,
        strong="Rata sul reddito",
        value=shown,
        dot=True,
        text=f"{sentence} Reddito netto considerato: {format_eur(income)} al mese, {where}.",
        sources=(Link(text=check.source),),
    )


def _household_debts(household: Household, parsed: ParsedLoan, today: date) -> Banner | None:
    others = summarize(_without(household, parsed)).indicators.get("debt_service")
    if others is None or others.value == 0:
        return None
    check = summarize(add_loan_to_household(household, parsed, today=today)).indicators["debt_service"]
    return Banner(
        key="household-debts",
        tone=check.band.value,
        strong="Tutte le rate della famiglia",
        value=check.shown_it,
        dot=True,
        text=f"Con le rate che la famiglia paga già, {check.sentence_it[:1].lower()}{check.sentence_it[1:]}",
        sources=(Link(text=check.source, url=check.source_url),),
    )


def _table_rows(plan: Schedule) -> Table:
    rows = plan.rows
    count = len(rows)
    cut = count > 2 * ROWS_SHOWN
    shown = [*rows[:ROWS_SHOWN], None, *rows[-ROWS_SHOWN:]] if cut else list(rows)
    cells = tuple(
        ("…",) * len(CSV_HEADER)
        if row is None
        else (
            str(row.number),
            *(format_eur(v) for v in (row.payment, row.interest, row.principal, row.fee, row.balance)),
        )
        for row in shown
    )
    caption = (
        f"Piano di ammortamento: le prime {ROWS_SHOWN} e le ultime {ROWS_SHOWN} delle {count} rate "
        "(il file da scaricare le ha tutte)"
        if cut
        else f"Piano di ammortamento: tutte le {count} rate"
    )
    return Table(key="schedule", caption=caption, columns=CSV_HEADER, rows=cells)


def _chart_alt(plan: Schedule) -> str:
    first, last = plan.rows[0], plan.rows[-1]
    plural = PERIOD_NAMES[plan.loan.periods_per_year][1]
    return (
        f"Grafico delle {len(plan.rows)} rate {plural}, ognuna divisa in quota capitale e quota interessi: la quota "
        f"capitale va da {format_eur(first.principal)} nella prima rata a {format_eur(last.principal)} nell'ultima, "
        f"la quota interessi da {format_eur(first.interest)} a {format_eur(last.interest)}. La linea del debito "
        f"residuo scende da {format_eur(plan.loan.principal)} a {format_eur(last.balance)}."
    )


def loan_view(parsed: ParsedLoan, household: Household, *, today: date, rates: RatesInForce | None = None) -> LoanView:
    """What the loan app shows for ``parsed`` in ``household`` on ``today``.

    The usury check uses ``rates`` (by default :func:`rates_in_force` of ``today``); the instalment-to-income
    check uses the typed income or, without one, the household's monthly income (:func:`~oltre_finance.budget.
    summarize`).

    Examples
    --------
    >>> from oltre_finance.io.samples import load_sample
    >>> view = loan_view(parse_loan(LoanInputs()), load_sample("madre_separata"), today=date(2026, 12, 1))
    >>> [card.value for card in view.cards][:2], view.affordability.tone
    (['202,38\\xa0€', '9,38\\xa0%'], 'green')
    """
    rates = rates or rates_in_force(today)
    cost = loan_taeg(parsed.loan)
    plan = cost.schedule
    check = usury_check(cost.taeg, parsed.category, rates.table.start, amount=parsed.loan.principal, table=rates.table)
    income = parsed.income if parsed.income is not None else _household_income(household)
    cards, more = _cards(parsed.loan, cost)
    there = add_loan_to_household(household, parsed, today=today) == household
    named = any(_same(debt.label, parsed.label) for debt in household.debts)
    return LoanView(
        loan=parsed.loan,
        cost=cost,
        cards=cards,
        more_cards=more,
        sentence=describe_loan(parsed.loan, cost),
        usury=_usury_banner(check, rates, today),
        affordability=_affordability(plan, income, parsed.income is not None, today),
        household_debts=_household_debts(household, parsed, today) if parsed.income is None else None,
        in_household=there,
        add_label=ALREADY_LABEL if there else UPDATE_LABEL if named else ADD_LABEL,
        table=_table_rows(plan),
        chart_alt=_chart_alt(plan),
        csv_text=schedule_to_csv(plan),
        csv_name=f"piano_ammortamento_{len(plan.rows)}_rate.csv",
    )
