"""The "Piano di risparmio" app: the emergency fund first, then goals with a date, in the instrument chosen.

The arithmetic is in :mod:`oltre_finance.savings`. This module reads the
fields and rows, funds the emergency fund and the goals by priority from
one monthly amount, projects the plan with taxes, stamp duty, costs and
inflation, and for risky instruments simulates the possible outcomes.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from html import escape

import ipywidgets as widgets

from oltre_finance.errors import OltreFinanceError
from oltre_finance.household import Household
from oltre_finance.money import ZERO, format_eur, format_number, format_percent
from oltre_finance.months import first_of_month
from oltre_finance.savings import (
    EmergencyFund,
    GoalsPlan,
    Instrument,
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
)
from oltre_finance.ui.blocks import (
    UNEXPECTED_ERROR,
    banner,
    cards_html,
    labelled,
    month_name,
    output,
    wrapping_row,
)
from oltre_finance.views.charts import fan_chart
from oltre_finance.ui.fields import AmountWithSlider, amount_field, percent_field
from oltre_finance.ui.goal_rows import GoalRow, goal_header, month_options
from oltre_finance.ui.household_picker import HouseholdPicker
from oltre_finance.ui.style import stylesheet

__all__ = ["SavingsApp"]

log = logging.getLogger(__name__)
EMERGENCY = "Fondo di emergenza"
SLIDER_MAX = 3000
DEFAULT_HORIZON = 120


class SavingsApp:
    """Build with ``SavingsApp()`` and display ``.widget``."""

    def __init__(self, *, today: date | None = None, sample: str | None = "coppia_neonato") -> None:
        self.today = today or date.today()
        self.start = first_of_month(self.today, plus=1)
        self.picker = HouseholdPicker(
            self._show_household, sample=sample, unchanged_it="La famiglia sullo schermo non è cambiata."
        )

        self.options = month_options(self.start, 240)
        self.fund_months = widgets.Dropdown(
            options=[(f"{m} mesi", m) for m in (3, 4, 5, 6, 9, 12)], value=6, layout=widgets.Layout(width="9em")
        )
        self.fund_by = widgets.Dropdown(options=self.options[1:], value=self.options[12][1])
        self.fund_by.layout.width = "13em"
        self.fund = output("of-fund")

        self.rows_box = widgets.VBox()
        add = widgets.Button(description="+ Aggiungi obiettivo")
        add.add_class("of-add-goal")
        add.on_click(lambda _b: self._add_row())
        self.rows: list[GoalRow] = []

        self.monthly = amount_field("monthly", "Quanto puoi mettere da parte ogni mese (€)", "200")
        self.monthly.box.layout.width = "24em"
        self.amount = AmountWithSlider(self.monthly, slider_max=SLIDER_MAX)
        self.amount.set(Decimal(200))
        self.slider = self.amount.slider
        self.instrument = widgets.Dropdown(
            options=[(instrument(key, on_date=self.today).label_it, key) for key in instrument_ids()],
            value="conto_deposito",
            layout=widgets.Layout(width="22em", max_width="85vw"),
        )
        self.instrument.add_class("of-instrument")
        self.instrument_note = widgets.HTML()
        self.gross = percent_field("gross", "Rendimento lordo annuo (%)", "0")
        self.inflation = percent_field("inflation", "Inflazione annua (%)", "2")

        self.status = output("of-status")
        self.progress = output("of-progress")
        self.cards = output("of-summary")
        self.goals_table = output("of-goals")
        self.projection = output("of-projection")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.chart.add_class("of-fan-chart")

        self._loading = False
        self._busy = False
        self.household: Household | None = None
        for control in (self.fund_months, self.fund_by):
            control.observe(lambda _c: self.refresh(), names="value")
        self.amount.on_change(self.refresh)
        self.instrument.observe(lambda _c: self._instrument_chosen(), names="value")
        self.gross.on_change(self.refresh)
        self.inflation.on_change(self.refresh)

        self.widget = widgets.VBox(
            [
                stylesheet(),
                widgets.HTML(
                    "<h2>Piano di risparmio</h2><div class='of-intro'>Prima il fondo di emergenza, poi gli "
                    "obiettivi con una data. Scegli quanto mettere da parte ogni mese e dove tenere i soldi: vedi "
                    "quando arrivi a ogni obiettivo, quanto valgono i risparmi in euro di oggi e quanto si prendono "
                    "tasse, bollo e costi. I dati restano su questo computer.</div>"
                ),
                self.picker.box,
                widgets.HTML("<h3>1. Il fondo di emergenza</h3>"),
                wrapping_row(
                    [labelled("Quanti mesi di spese essenziali", self.fund_months), labelled("Entro", self.fund_by)]
                ),
                self.fund,
                widgets.HTML("<h3>2. Gli obiettivi, in ordine di importanza</h3>"),
                goal_header(),
                self.rows_box,
                add,
                widgets.HTML("<h3>3. Il piano</h3>"),
                self.monthly.box,
                self.slider,
                wrapping_row([labelled("Dove tieni i risparmi", self.instrument), self.gross.box, self.inflation.box]),
                self.instrument_note,
                self.status,
                self.progress,
                self.cards,
                self.goals_table,
                self.chart,
                self.projection,
            ]
        )
        self.widget.add_class("of-app")
        self._instrument_chosen(refresh=False)
        self.picker.load_choice()

    # -- loading -------------------------------------------------------------

    def _show_household(self, household: Household | None) -> None:
        assert household is not None  # this app offers no empty start
        self.household = household
        # A goal that is itself an emergency fund is the fund computed above: keep it once.
        every = goals_from_household(household)
        goals = [goal for goal in every if "emergenz" not in goal.name.lower()]
        if len(goals) < len(every):
            self.picker.description.value += (
                "<p class='of-source'>L'obiettivo per le emergenze della famiglia è il fondo di emergenza qui "
                "sotto.</p>"
            )
        self._loading = True
        self.rows = [GoalRow(goal, self.options, self.refresh, self._remove_row) for goal in goals]
        self.rows_box.children = [row.box for row in self.rows]
        self._loading = False
        self.refresh()

    def _add_row(self) -> None:
        self.rows.append(GoalRow(None, self.options, self.refresh, self._remove_row))
        self.rows_box.children = [row.box for row in self.rows]

    def _remove_row(self, row: GoalRow) -> None:
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]
        self.refresh()

    def _instrument_chosen(self, *, refresh: bool = True) -> None:
        chosen = instrument(self.instrument.value, on_date=self.today)
        self._busy = True
        self.gross.text.value = format_number(chosen.gross_return * 100, decimals=2)
        self._busy = False
        costs = f" Costi {format_percent(chosen.annual_costs)} l'anno." if chosen.annual_costs else ""
        tax = format_percent(chosen.tax_rate, decimals=1)
        self.instrument_note.value = (
            f"<p class='of-source'>{escape(chosen.note_it)} Tasse sugli interessi o sui guadagni: {tax}.{costs}</p>"
        )
        if refresh:
            self.refresh()

    # -- computing -----------------------------------------------------------

    def refresh(self) -> None:
        """Recompute everything; keep the last results on screen if a field is wrong."""
        if self._loading or self._busy or self.household is None:
            return
        try:
            self._refresh(self.household)
        except Exception:  # the person must never see a traceback
            log.exception("savings app failed")
            self.progress.value = ""
            self.status.value = UNEXPECTED_ERROR

    def _read(self) -> tuple[list[SavingsGoal], Decimal, Instrument, Decimal] | None:
        failed = False
        goals: list[SavingsGoal] = []
        names = {EMERGENCY}
        for number, row in enumerate(self.rows, start=1):
            if row.is_blank:
                row.clear_error()
                continue
            try:
                goal = row.read(f"Obiettivo {number}")
            except OltreFinanceError:
                failed = True
                continue
            if goal.name in names:
                row.show_error("C'è già un obiettivo con questo nome: cambialo.")
                failed = True
                continue
            if goal.by is not None and goal.by < self.start:
                row.show_error("La data è già passata: scegline una futura.")
                failed = True
                continue
            names.add(goal.name)
            goals.append(goal)
        values = []
        for field in (self.monthly, self.gross, self.inflation):
            try:
                values.append(field.read())
            except OltreFinanceError:
                failed = True
        if failed:
            return None
        monthly, gross, inflation = values
        try:
            chosen = instrument(self.instrument.value, on_date=self.today).with_return(gross)
        except OltreFinanceError as error:
            self.gross.show_error(error.message_it)
            return None
        return goals, monthly, chosen, inflation

    def _refresh(self, household: Household) -> None:
        read = self._read()
        if read is None:
            self.status.value = banner(
                "red",
                "Correggi il campo segnato in rosso: i risultati qui sotto si riferiscono all'ultimo calcolo valido.",
            )
            return
        goals, monthly, chosen, inflation = read
        year, month = self.fund_by.value.split("-")
        fund_by = date(int(year), int(month), 1)
        fund = emergency_fund(household, start=self.start, months=self.fund_months.value, by=fund_by)
        self.fund.value = self._fund_html(fund)
        emergency = SavingsGoal(name=EMERGENCY, target=fund.target, saved=fund.covered, by=fund_by)
        net_return = chosen.gross_return - chosen.annual_costs
        try:
            plan = fund_goals([emergency, *goals], monthly, annual_return=net_return, start=self.start)
        except OltreFinanceError as error:
            self.status.value = banner("red", escape(error.message_it))
            return
        self.status.value = ""
        self.goals_table.value = self._goals_html(plan, [emergency, *goals])
        horizon = self._horizon(plan, [emergency, *goals])
        initial = fund.covered + sum((goal.saved for goal in goals), ZERO)
        total_goal = fund.target + sum((goal.target for goal in goals), ZERO)
        result = project(initial, monthly, horizon, instrument=chosen, on_date=self.today, inflation=inflation)
        last = result.final
        plan_end = first_of_month(self.start, plus=horizon - 1)
        cards = [
            ("Fondo di emergenza pronto", self._when(plan, EMERGENCY), "of-card-fund"),
            (f"Risparmi a {month_name(plan_end)}", format_eur(last.balance), "of-card-final"),
            ("In euro di oggi", format_eur(last.real_balance), "of-card-real"),
            ("Tasse, bollo e costi", format_eur(last.taxes + last.stamp_duty + last.costs), "of-card-costs"),
        ]  # fmt: skip
        self.cards.value = cards_html(cards)
        contributed = [float(row.contributed) for row in result.rows]
        contributed.insert(0, float(initial))
        start = (self.today.year, self.today.month)
        if chosen.risky:
            self.progress.value = banner("info", "⏳ Simulazione di 10.000 futuri possibili in corso…")
            run = simulate(
                initial, monthly, horizon, instrument=chosen, on_date=self.today, inflation=inflation, seed=2026,
                goal=total_goal,
            )  # fmt: skip
            self.progress.value = ""
            bands = {p: list(run.bands[k]) for k, p in enumerate((5, 10, 25, 50, 75, 95))}
            self.chart.value = fan_chart(bands, start, goal=total_goal, contributed=contributed)
            probability = round((run.probability_of_goal or 0) * 100)
            self.projection.value = banner(
                "info",
                f"In 9 casi su 10 avrai almeno <b>{format_eur(run.final[10])}</b> (in euro di oggi "
                f"{format_eur(run.final_real[10])}); nel caso centrale {format_eur(run.final[50])}. "
                f"Le probabilità di arrivare a {format_eur(total_goal)}, tutti gli obiettivi insieme, sono "
                f"<b>{probability} su 100</b>.",
                "of-simulation",
            ) + self._costs_html(result.final, chosen)
        else:
            path = [float(initial)] + [float(row.balance) for row in result.rows]
            self.chart.value = fan_chart({50: path}, start, goal=total_goal, contributed=contributed)
            self.projection.value = self._costs_html(result.final, chosen)

    # -- showing -------------------------------------------------------------

    @staticmethod
    def _when(plan: GoalsPlan, name: str) -> str:
        outcome = plan.outcome(name)
        if outcome.reached_month == 0:
            return "già pronto"
        if outcome.reached_on is None:
            return "non con questa cifra"
        return month_name(outcome.reached_on)

    def _horizon(self, plan: GoalsPlan, goals: list[SavingsGoal]) -> int:
        months = [months_between(self.start, goal.by) for goal in goals if goal.by is not None]
        months += [o.reached_month for o in plan.outcomes if o.reached_month]
        return max(12, min(max(months, default=DEFAULT_HORIZON), 480))

    def _fund_html(self, fund: EmergencyFund) -> str:
        base = (
            f"Le spese essenziali sono {format_eur(fund.essential_monthly)} al mese: per {fund.months} mesi servono "
            f"<b>{format_eur(fund.target)}</b>. Su conti e libretti ci sono già {format_eur(fund.covered)}."
        )
        if fund.reached:
            return banner("green", base + " Il fondo di emergenza c'è già: puoi pensare agli altri obiettivi.")
        needed = format_eur(fund.monthly_needed or ZERO)
        by = month_name(fund.by) if fund.by else "la data scelta"
        return banner(
            "amber", base + f" Mancano {format_eur(fund.gap)}: per averli entro {by} servono <b>{needed}</b> al mese."
        )

    def _goals_html(self, plan: GoalsPlan, goals: list[SavingsGoal]) -> str:
        rows = []
        for outcome, goal in zip(plan.outcomes, goals, strict=True):
            when = self._when(plan, outcome.name)
            if outcome.on_time is None:
                timing = "—"
            elif outcome.on_time:
                timing = "in tempo"
            else:
                alone = outcome.needed_monthly
                need = "" if alone is None else f": da solo servirebbero {format_eur(alone)} al mese"
                timing = f"in ritardo{need}"
            by = "—" if goal.by is None else month_name(goal.by)
            css = "of-late" if outcome.on_time is False else ""
            rows.append(
                f"<tr class='{css}'><td style='text-align:left'>{escape(outcome.name)}</td>"
                f"<td>{format_eur(outcome.target)}</td><td>{escape(by)}</td><td>{escape(when)}</td>"
                f"<td style='text-align:left'>{escape(timing)}</td></tr>"
            )
        return (
            "<div class='of-scroll'><table class='of-table'><tr><th style='text-align:left'>Obiettivo</th>"
            "<th>Quanto serve</th><th>Entro</th><th>Raggiunto a</th><th style='text-align:left'></th></tr>"
            + "".join(rows)
            + "</table></div><p class='of-source'>Gli obiettivi si finanziano uno alla volta, nell'ordine della "
            "lista; il fondo di emergenza viene prima di tutto. Rendimento al netto dei costi, prima delle tasse.</p>"
        )

    @staticmethod
    def _costs_html(final: ProjectionRow, chosen: Instrument) -> str:
        gain = final.balance - final.contributed
        return (
            f"<p class='of-sentence'>Versi in tutto {format_eur(final.contributed)}; alla fine avrai "
            f"{format_eur(final.balance)} ({'guadagno' if gain >= 0 else 'perdita'} netto "
            f"{format_eur(abs(gain))}), che in euro di oggi valgono {format_eur(final.real_balance)}. "
            f"Tasse {format_eur(final.taxes)}, imposta di bollo {format_eur(final.stamp_duty)}, costi "
            f"{format_eur(final.costs)}.</p><p class='of-source'>{escape(chosen.label_it)}: stima indicativa, "
            "rendimento ipotetico; i rendimenti passati non garantiscono quelli futuri.</p>"
        )
