"""The "Piano di rientro" app: several debts, a monthly amount, a strategy; when the household is free of debt.

The arithmetic is in :mod:`oltre_finance.debts`. This module reads the
rows and fields, runs the strategies, the consolidation offer and the
over-indebtedness orientation, and lays out the answer in Italian.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from html import escape

import ipywidgets as widgets

from oltre_finance.budget import summarize
from oltre_finance.debts import (
    ConsolidationOffer,
    Debt,
    PayoffPlan,
    StrategyComparison,
    compare_strategies,
    consolidation_offer,
    debts_from_household,
    minimum_payments,
    overindebtedness_orientation,
)
from oltre_finance.errors import InvalidInputError, OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.loans import Loan
from oltre_finance.money import ZERO, cents, format_eur, format_number, format_percent
from oltre_finance.months import first_of_month
from oltre_finance.ui.blocks import (
    UNEXPECTED_ERROR,
    banner,
    cards_html,
    labelled,
    month_name,
    output,
    wrapping_row,
)
from oltre_finance.views.charts import balances_chart
from oltre_finance.ui.debt_rows import DebtRow, debt_header
from oltre_finance.ui.fields import AmountWithSlider, amount_field, integer_field, percent_field
from oltre_finance.ui.household_picker import HouseholdPicker
from oltre_finance.ui.sortable import SortableList
from oltre_finance.ui.style import stylesheet

__all__ = ["PayoffApp"]

log = logging.getLogger(__name__)
SLIDER_MAX = 10_000


def _in_months(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append("1 anno" if years == 1 else f"{years} anni")
    if rest:
        parts.append("1 mese" if rest == 1 else f"{rest} mesi")
    return " e ".join(parts) or "subito"


class PayoffApp:
    """Build with ``PayoffApp()`` and display ``.widget``."""

    def __init__(self, *, today: date | None = None, sample: str | None = "prestiti_revolving") -> None:
        self.today = today or date.today()
        self.start = first_of_month(self.today, plus=1)
        self.picker = HouseholdPicker(
            self._show_household, sample=sample, unchanged_it="I debiti sullo schermo non sono cambiati.",
            empty_label="Nessun debito (inserisci i tuoi)",
        )  # fmt: skip
        self.rows_box = widgets.VBox()
        add = widgets.Button(description="+ Aggiungi debito")
        add.on_click(lambda _b: self._add_row())
        self.rows: list[DebtRow] = []

        self.budget = amount_field(
            "budget", "Quanto puoi dare ogni mese per i debiti (€)", "0", hint="rate minime comprese"
        )
        self.budget.box.layout.width = "24em"
        self.amount = AmountWithSlider(self.budget, slider_max=SLIDER_MAX, ceiling=SLIDER_MAX)
        self.slider = self.amount.slider
        self.slider.add_class("of-budget-slider")
        self.strategy = widgets.ToggleButtons(
            options=[
                ("Valanga: prima il tasso più alto", "avalanche"),
                ("Palla di neve: prima il debito più piccolo", "snowball"),
                ("Ordine scelto da me", "custom"),
            ],
            value="avalanche",
            style={"button_width": "auto"},
        )
        self.strategy.add_class("of-strategy")
        self.order = SortableList()
        self.order_box = widgets.VBox(
            [
                widgets.HTML(
                    "<span class='of-hint'>Trascina i debiti (o usa ▲ ▼) nell'ordine in cui vuoi chiuderli:</span>"
                ),
                self.order,
            ]
        )
        self.order_box.add_class("of-order")
        self.extra = amount_field("extra", "Versamento extra una tantum (€)", "", hint="per esempio la tredicesima")
        self.extra_month = widgets.Dropdown(
            options=[(month_name(self._plan_month(m)), m) for m in range(1, 37)],
            value=1,
            layout=widgets.Layout(width="13em"),
        )
        self.income = amount_field("income", "Reddito netto della famiglia al mese (€)", "0")
        self.members = integer_field("members", "Persone in famiglia", "1")

        self.loan_amount = amount_field("loan_amount", "Importo del nuovo prestito (€)", "0")
        self.loan_rate = percent_field("loan_rate", "TAN (%)", "7,9")
        self.loan_months = integer_field("loan_months", "Durata (mesi)", "84")
        self.loan_fees = amount_field("loan_fees", "Spese iniziali (€)", "300")
        self.loan_fee = amount_field("loan_fee", "Spese per rata (€)", "0")

        self.status = output("of-status")
        self.cards = output("of-summary")
        self.notes = output("of-notes")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.chart.add_class("of-balances-chart")
        self.debt_table = output("of-debt-table")
        self.comparison = output("of-comparison")
        self.consolidation = output("of-consolidation")
        self.orientation = output("of-orientation")

        self._busy = False
        self._loading = False
        self.deficit = ZERO
        self.amount.on_change(self.refresh)
        self.strategy.observe(lambda _c: self.refresh(), names="value")
        self.order.observe(lambda _c: self.refresh(), names="order")
        self.extra.on_change(self.refresh)
        self.extra_month.observe(lambda _c: self.refresh(), names="value")
        loan_fields = (self.loan_amount, self.loan_rate, self.loan_months, self.loan_fees, self.loan_fee)
        for field in (self.income, self.members, *loan_fields):
            field.on_change(self.refresh)

        self.widget = widgets.VBox(
            [
                stylesheet(),
                widgets.HTML(
                    "<h2>Piano di rientro</h2><div class='of-intro'>Elenca i debiti della famiglia (o scegli una "
                    "famiglia di esempio), scrivi quanto puoi dare ogni mese e scegli in che ordine pagarli. "
                    "Le rate minime si pagano sempre; quello che avanza va a un debito alla volta, e quando un "
                    "debito finisce la sua rata passa al successivo. I dati restano su questo computer.</div>"
                ),
                self.picker.box,
                widgets.HTML("<h3>I debiti</h3>"),
                debt_header(),
                self.rows_box,
                add,
                widgets.HTML("<h3>Il piano</h3>"),
                wrapping_row([self.budget.box, self.extra.box, labelled("Nel mese", self.extra_month)]),
                self.slider,
                self.strategy,
                self.order_box,
                self.status,
                self.cards,
                self.notes,
                self.chart,
                self.debt_table,
                widgets.HTML("<h3>Le strategie a confronto</h3>"),
                self.comparison,
                widgets.HTML(
                    "<h3>Un prestito per chiudere tutto? (consolidamento)</h3><div class='of-hint'>Il nuovo "
                    "prestito chiude tutti i debiti tranne quelli a piano fisso (come la cessione del quinto); "
                    "le spese iniziali si tolgono dall'importo erogato. Lo confrontiamo con il piano qui sopra, "
                    "con lo stesso budget: il nuovo prestito segue il suo piano di rate, e i soldi che avanzano "
                    "restano alla famiglia.</div>"
                ),
                wrapping_row([field.box for field in loan_fields]),
                self.consolidation,
                widgets.HTML("<h3>Quando chiedere aiuto</h3>"),
                wrapping_row([self.income.box, self.members.box]),
                self.orientation,
            ]
        )
        self.widget.add_class("of-app")
        self.picker.load_choice()

    def _plan_month(self, month: int) -> date:
        return first_of_month(self.start, plus=month - 1)

    # -- loading -------------------------------------------------------------

    def _show_household(self, household: Household | None) -> None:
        if household is None:  # "no debts": the person types them in
            self._show([], income=ZERO, members=1)
            return
        self._show(
            list(debts_from_household(household)),
            income=summarize(household).income,
            members=len(household.members),
            deficit=max(-summarize(household).balance, ZERO),
        )

    def _show(self, debts: list[Debt], *, income: Decimal, members: int, deficit: Decimal = ZERO) -> None:
        self.deficit = deficit  # the loaded household's budget deficit, for the orientation
        self._loading = True  # filling the fields must not recompute with half-built state
        try:
            self.rows = [DebtRow(debt, self.refresh, self._remove_row) for debt in debts]
            self.rows_box.children = [row.box for row in self.rows]
            minimums = minimum_payments(debts)
            start_budget = cents(minimums + 100) if debts else ZERO
            # The slider spans up to three times the minimums, so a small move is a small change.
            self.amount.set(start_budget, slider_max=max(1000, min(SLIDER_MAX, int(minimums * 3) // 500 * 500 + 500)))
            self.income.text.value = format_number(income)
            self.members.text.value = str(members)
            self.extra.text.value = ""
            consolidable = sum((d.balance for d in debts if d.accepts_extra), ZERO)
            self.loan_amount.text.value = format_number(cents(consolidable + 300)) if consolidable else "0"
            self.order.order = [d.name for d in debts if d.accepts_extra]
        finally:
            self._loading = False
        self.refresh()

    def _add_row(self) -> None:
        self.rows.append(DebtRow(None, self.refresh, self._remove_row))
        self.rows_box.children = [row.box for row in self.rows]

    def _remove_row(self, row: DebtRow) -> None:
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]
        self.refresh()

    # -- computing -----------------------------------------------------------

    def _read_debts(self) -> list[Debt] | None:
        debts: list[Debt] = []
        failed = False
        seen: set[str] = set()
        for number, row in enumerate(self.rows, start=1):
            if row.is_blank:
                row.clear_error()
                continue
            try:
                debt = row.read(f"Debito {number}")
            except OltreFinanceError:
                failed = True
                continue
            if debt.name in seen:
                row.show_error("C'è già un debito con questo nome: cambialo.")
                failed = True
                continue
            seen.add(debt.name)
            debts.append(debt)
        return None if failed else debts

    def refresh(self) -> None:
        """Recompute everything; keep the last results on screen if a field is wrong."""
        if self._loading or self._busy:
            return
        try:
            self._refresh()
        except Exception:  # the person must never see a traceback
            log.exception("payoff app failed")
            self.status.value = UNEXPECTED_ERROR

    def _refresh(self) -> None:
        debts = self._read_debts()
        failed = debts is None
        try:
            budget = self.budget.read()
        except OltreFinanceError:
            failed = True
        extras: dict[int, Decimal] = {}
        try:
            if self.extra.text.value.strip():
                extras = {self.extra_month.value: self.extra.read()}
            else:
                self.extra.clear_error()
        except OltreFinanceError:
            failed = True
        if failed or debts is None:
            self.status.value = banner(
                "red",
                "Correggi il campo segnato in rosso: i risultati qui sotto si riferiscono all'ultimo calcolo valido.",
            )
            return
        self._sync_order(debts)
        self.order_box.layout.display = None if self.strategy.value == "custom" else "none"
        try:
            comparison = compare_strategies(
                debts, budget, order=self.order.order, extra_payments=extras, start=self.start
            )
        except OltreFinanceError as error:
            field = self.budget if error.field == "monthly_budget" else self.extra
            field.show_error(error.message_it)
            self.status.value = banner("red", "Correggi il campo segnato in rosso.")
            return
        self.status.value = ""
        plan = comparison.plans[self.strategy.value]
        self._show_plan(plan, comparison)
        self.comparison.value = self._comparison_html(comparison)
        self.consolidation.value = self._consolidation_html(debts, budget)
        self.orientation.value = self._orientation_html(plan)

    def _sync_order(self, debts: list[Debt]) -> None:
        names = [d.name for d in debts if d.accepts_extra]
        kept = [name for name in self.order.order if name in names]
        wanted = kept + [name for name in names if name not in kept]
        if wanted != list(self.order.order):
            self._busy = True
            self.order.order = wanted
            self._busy = False

    # -- showing -------------------------------------------------------------

    def _free_text(self, plan: PayoffPlan) -> tuple[str, str]:
        if plan.debt_free_month is None:
            return "mai, con questo budget", f"dopo {plan.months // 12} anni restano debiti"
        if plan.debt_free_month == 0:
            return "già ora", "nessun debito da pagare"
        when = plan.debt_free_date
        assert when is not None
        return month_name(when), f"fra {_in_months(plan.debt_free_month)}"

    def _show_plan(self, plan: PayoffPlan, comparison: StrategyComparison) -> None:
        free, detail = self._free_text(plan)
        saved = next(row.interest_saved for row in comparison.rows if row.strategy == plan.strategy)
        cards = [
            (f"Liberi dai debiti ({detail})", free, "of-card-free"),
            ("Interessi da pagare", format_eur(plan.total_interest), "of-card-interest"),
            ("Rate minime del primo mese", format_eur(plan.first_minimums), "of-card-minimums"),
        ]
        if saved is not None and plan.strategy != "minimums_only":
            cards.append(("Interessi risparmiati rispetto alle sole rate minime", format_eur(saved), "of-card-saved"))
        self.cards.value = cards_html(cards)
        notes = []
        for note in plan.notes:
            band = "red" if note.code in ("shortfall", "never_ends_on_minimum", "open_at_horizon") else "info"
            if note.code in ("arrears_first", "arrears_not_first"):
                band = "amber"
            notes.append(banner(band, escape(note.text_it), f"of-note-{note.code}"))
        self.notes.value = "".join(notes)
        if not plan.debts:
            self.chart.layout.display = "none"
            self.debt_table.value = banner("info", "Aggiungi i debiti della famiglia: qui comparirà il piano.")
            return
        self.chart.layout.display = None
        frame = plan.balances()
        self.chart.value = balances_chart(
            list(frame.columns),
            [list(row) for row in frame.itertuples(index=False)],
            (self.today.year, self.today.month),
            plan.debt_free_month,
        )
        self.debt_table.value = self._debt_table_html(plan)

    def _debt_table_html(self, plan: PayoffPlan) -> str:
        position = {name: k for k, name in enumerate(plan.order, start=1)}
        rows = []
        ordered = sorted(plan.outcomes, key=lambda o: (o.paid_off_month is None, o.paid_off_month or 0))
        for outcome in ordered:
            month = outcome.paid_off_month
            when = "mai" if month is None else "già chiuso" if month == 0 else month_name(plan.month_date(month))
            rank = position.get(outcome.name)
            rows.append(
                f"<tr><td style='text-align:left'>{escape(outcome.name)}</td>"
                f"<td>{rank if rank else 'piano fisso' if plan.strategy != 'minimums_only' else '—'}</td>"
                f"<td>{format_eur(outcome.starting_balance)}</td><td>{escape(when)}</td>"
                f"<td>{format_eur(outcome.interest)}</td></tr>"
            )
        return (
            "<div class='of-scroll'><table class='of-table'><tr><th style='text-align:left'>Debito</th>"
            "<th>Ordine</th><th>Debito oggi</th><th>Chiuso a</th><th>Interessi</th></tr>"
            + "".join(rows)
            + "</table></div>"
        )

    def _comparison_html(self, comparison: StrategyComparison) -> str:
        rows = []
        for row in comparison.rows:
            plan = comparison.plans[row.strategy]
            free, _detail = self._free_text(plan)
            saved = "—" if row.interest_saved is None else format_eur(row.interest_saved)
            flexible = row.flexible_free_month
            closed = (
                "mai" if flexible is None else "già ora" if flexible == 0 else month_name(plan.month_date(flexible))
            )
            first = escape(row.first_target) if row.first_target else "—"
            css = " class='of-chosen'" if row.strategy == self.strategy.value else ""
            rows.append(
                f"<tr{css}><td style='text-align:left'>{escape(row.label_it)}</td><td>{escape(free)}</td>"
                f"<td>{escape(closed)}</td>"
                f"<td>{format_eur(row.total_interest)}</td><td>{saved}</td>"
                f"<td style='text-align:left'>{first}</td></tr>"
            )
        return (
            "<div class='of-scroll'><table class='of-table'><tr><th style='text-align:left'>Strategia</th>"
            "<th>Liberi dai debiti</th><th>Chiusi i debiti che puoi anticipare</th><th>Interessi</th>"
            "<th>Risparmio sulle sole rate minime</th>"
            "<th style='text-align:left'>Primo debito da chiudere</th></tr>" + "".join(rows) + "</table></div>"
        )

    def _consolidation_html(self, debts: list[Debt], budget: Decimal) -> str:
        try:
            loan = Loan(
                self.loan_amount.read(),
                self.loan_rate.read(),
                self.loan_months.read(),
                upfront_fees=self.loan_fees.read(),
                instalment_fee=self.loan_fee.read(),
            )
        except OltreFinanceError as error:
            self._show_loan_error(error)
            return self.consolidation.value
        if not any(d.accepts_extra and d.balance > 0 for d in debts):
            return banner("info", "Non ci sono debiti da consolidare.")
        order = self.order.order if self.strategy.value == "custom" else None
        try:
            offer = consolidation_offer(
                debts, loan, monthly_budget=budget, strategy=self.strategy.value, order=order, on_date=self.today,
                start=self.start,
            )  # fmt: skip
        except InvalidInputError as error:
            self._show_loan_error(error)
            return self.consolidation.value
        return self._offer_html(offer)

    def _show_loan_error(self, error: OltreFinanceError) -> None:
        targets = {
            "principal": self.loan_amount, "annual_rate": self.loan_rate, "months": self.loan_months,
            "upfront_fees": self.loan_fees, "instalment_fee": self.loan_fee,
        }  # fmt: skip
        targets.get(error.field or "", self.loan_amount).show_error(error.message_it)

    def _offer_html(self, offer: ConsolidationOffer) -> str:
        months_free = offer.with_consolidation.debt_free_month
        cards = cards_html(
            [
                ("Nuova rata", format_eur(offer.instalment), "of-card-instalment"),
                ("Al posto di", format_eur(offer.replaced_minimums), "of-card-replaced"),
                ("TAEG", format_percent(offer.taeg), "of-card-taeg"),
                ("Interessi e spese", format_eur(offer.cost_with), "of-card-cost-with"),
                ("Senza consolidare", format_eur(offer.cost_current), "of-card-cost-now"),
            ]
        )
        sentences = []
        for note in offer.notes:
            band = {"pays_more": "red", "usurious": "red", "shortfall": "red", "saves": "green"}.get(note.code, "info")
            sentences.append(banner(band, escape(note.text_it), f"of-offer-{note.code}"))
        if offer.break_even_month is not None:
            sentences.append(
                banner(
                    "info",
                    f"Le spese iniziali si recuperano in {_in_months(offer.break_even_month)}: da "
                    f"{month_name(offer.current.month_date(offer.break_even_month))} il consolidamento costa meno.",
                )
            )
        if months_free is not None and offer.current.debt_free_month is not None and months_free > 0:
            sentences.append(
                f"<p class='of-source'>Con il consolidamento liberi dai debiti a "
                f"{month_name(offer.with_consolidation.month_date(months_free))}; senza, a "
                f"{self._free_text(offer.current)[0]}.</p>"
            )
        if offer.usury is not None:
            usury = offer.usury
            sentences.append(
                f"<p class='of-source'>Tasso soglia d'usura per il credito personale: "
                f"{format_percent(usury.threshold)} ({escape(usury.table.act)}).</p>"
            )
        return cards + "".join(sentences)

    def _orientation_html(self, plan: PayoffPlan) -> str:
        try:
            income = self.income.read()
            members = self.members.read()
            result = overindebtedness_orientation(
                monthly_income=income,
                monthly_instalments=plan.first_minimums,
                members=members,
                year=self.today.year,
                arrears=any(d.is_arrears and d.balance > 0 for d in plan.debts),
                shortfall=plan.max_shortfall,
                monthly_deficit=self.deficit,
            )
        except OltreFinanceError as error:
            (self.members if error.field == "members" else self.income).show_error(error.message_it)
            return self.orientation.value
        signals = "".join(
            banner(
                signal.band.value, f"{escape(signal.text_it)}<div class='of-source'>{escape(signal.reference)}</div>"
            )
            for signal in result.signals
        )
        head = banner("red" if result.suggest_occ else "green", f"<b>{escape(result.sentence_it)}</b>", "of-occ")
        help_list = ""
        if result.suggest_occ:
            places = "".join(
                f"<li><b>{escape(r.name_it)}</b>: {escape(r.text_it)} <span class='of-source'>{escape(r.reference)}"
                "</span></li>"
                for r in (*result.procedures, *result.where_to_go)
            )
            help_list = f"<ul class='of-help'>{places}</ul>"
        return head + signals + help_list + f"<p class='of-source'>{escape(result.disclaimer_it)}</p>"
