"""The "Consulenza" app: the consultant's case files, meetings, plans, printed plan and follow-up.

It works on the local case store (:mod:`oltre_finance.store`) and reuses the
citizen apps as they are (budget, debts, savings, life events) on one
:class:`~oltre_finance.ui.session.HouseholdSession`: the household on which
they work is the meeting's, and "Salva l'incontro" stores it as that
meeting's snapshot with the plan agreed. Served in local mode only.
"""

from __future__ import annotations

import base64
import os
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import Any
from urllib.parse import quote

import ipywidgets as widgets

from oltre_finance.cli_cases import actions_it, meetings_it
from oltre_finance.consultation import DEBT_STRATEGIES, Action, Plan
from oltre_finance.errors import OltreFinanceError
from oltre_finance.followup import compare_meetings
from oltre_finance.money import format_number, parse_amount
from oltre_finance.report import plan_document
from oltre_finance.report.document import actions_table
from oltre_finance.report.pdf import plan_pdf
from oltre_finance.report.xlsx import plan_xlsx
from oltre_finance.store import CaseStore, open_store
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.events_app import EventsApp
from oltre_finance.ui.household_bar import HouseholdBar
from oltre_finance.ui.payoff_app import PayoffApp
from oltre_finance.ui.savings_app import SavingsApp
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.ui.style import stylesheet
from oltre_finance.views.render import table_html

__all__ = ["STORE", "ConsultationApp"]

#: Environment variable naming the case store (a SQLite path or a postgresql:// URL); empty: the user's data folder.
STORE = "OLTRE_FINANCE_CASES"
#: The store's passphrase, when it is encrypted (``oltre-finance serve --cifrato`` sets it for the kernels).
PASSPHRASE = "OLTRE_FINANCE_PASSPHRASE"
NEW = "__nuovo__"
WIDE = {"description_width": "initial"}


def _field(widget: widgets.Widget, label: str, css: str) -> widgets.VBox:
    """A control with its real label (the widget's description is a <label> for it), as the apps' fields."""
    widget.description = label
    widget.style = {"description_width": "initial"}
    widget.layout = widgets.Layout(width="100%")
    widget.add_class(css)
    box = widgets.VBox([widget], layout=widgets.Layout(margin="0 1.5em 0.6em 0", max_width="100%"))
    box.add_class("of-field")
    return box


def _day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise OltreFinanceError("bad date", field="on", message_it="Scrivi la data come gg/mm/aaaa.") from None


def _download(name: str, mime: str, content: bytes, words: str) -> str:
    payload = base64.b64encode(content).decode("ascii")
    return f"<a class='of-download' download='{quote(name)}' href='data:{mime};base64,{payload}'>⬇ {escape(words)}</a>"


class ConsultationApp:
    """Build with ``ConsultationApp()`` (the store of ``OLTRE_FINANCE_CASES``) and display ``.widget``."""

    def __init__(self, *, store: CaseStore | None = None, today: date | None = None) -> None:
        self.store = store or open_store(os.environ.get(STORE) or None, passphrase=os.environ.get(PASSPHRASE) or None)
        self.session = HouseholdSession(today=today)
        self.session.bridge.storage_key = "oltre_finance.consulenza.famiglia"  # never the citizen's household
        self.session.bridge.apps_key = "oltre_finance.consulenza.app"
        self.today = self.session.today
        self.actions: list[Action] = []

        self.case = widgets.Dropdown(options=[], layout=widgets.Layout(width="100%"))
        self.case.observe(lambda _c: self._guard(self._case_chosen), names="value")
        self.new_case = widgets.Button(description="Nuovo caso dalla famiglia sullo schermo")
        self.new_case.on_click(lambda _b: self._guard(self._create_case))
        self.consultant = widgets.Text(value="", placeholder="nome del consulente")
        self.on = widgets.Text(value=f"{self.today:%d/%m/%Y}")
        self.notes = widgets.Textarea(value="", placeholder="note dell'incontro")
        self.strategy = widgets.Dropdown(options=[(text, key) for key, text in DEBT_STRATEGIES.items()])
        self.extra = widgets.Text(value="", placeholder="0")
        self.saving = widgets.Text(value="", placeholder="0")
        self.action_text = widgets.Text(value="", placeholder="che cosa")
        self.action_owner = widgets.Text(value="", placeholder="chi")
        self.action_due = widgets.Text(value="", placeholder="gg/mm/aaaa")
        self.add_action = widgets.Button(description="Aggiungi l'azione")
        self.add_action.on_click(lambda _b: self._guard(self._append_action))
        self.action_list = widgets.HTML()
        #: One tick box per action: done or not (an action of the last meeting is reviewed at this one).
        self.action_done = widgets.VBox()
        self.action_done.add_class("of-action-done")
        self.save = widgets.Button(description="Salva l'incontro", button_style="primary")
        self.save.on_click(lambda _b: self._guard(self._save_meeting))
        self.status = widgets.HTML()
        self.status.add_class("of-status")
        self.meetings = widgets.HTML()
        self.comparison = widgets.HTML()
        self.downloads = widgets.HTML()

        self.bar = HouseholdBar(self.session)  # one bar for the page: the apps below work on its household
        self.tools = (BudgetApp(session=self.session), PayoffApp(session=self.session),
                      SavingsApp(session=self.session), EventsApp(session=self.session))  # fmt: skip
        for tool in self.tools:
            tool.shell.bar.box.layout.display = "none"
        tools = widgets.Tab(children=[tool.widget for tool in self.tools])
        for index, title in enumerate(("Bilancio", "Debiti", "Risparmi", "Eventi di vita")):
            tools.set_title(index, title)
        plan_box = widgets.VBox([
            widgets.HTML("<h2>Il piano concordato</h2>"),
            widgets.Box([_field(self.strategy, "Ordine per i debiti", "of-strategy"),
                         _field(self.extra, "In più ai debiti, al mese (€)", "of-extra"),
                         _field(self.saving, "Risparmio al mese (€)", "of-saving")]),
            widgets.Box([_field(self.action_text, "Azione", "of-action-text"),
                         _field(self.action_owner, "Chi la fa", "of-action-owner"),
                         _field(self.action_due, "Entro il", "of-action-due"), self.add_action]),
            self.action_list,
            self.action_done,
            _field(self.notes, "Note dell'incontro", "of-notes"),
        ])  # fmt: skip
        self.widget = widgets.VBox([
            stylesheet(),
            widgets.HTML("<h1 class='of-title'>Consulenza</h1><p class='of-intro'>I casi della consulenza: apri un "
                         "caso, registra l'incontro con la famiglia di quel giorno, concorda il piano e stampalo. I "
                         "dati restano su questo computer.</p>"),
            self.bar.box,
            _field(self.case, "Caso", "of-case"), self.new_case,
            widgets.Box([_field(self.on, "Data dell'incontro", "of-on"),
                         _field(self.consultant, "Consulente", "of-consultant")]),
            self.meetings, self.status, tools, plan_box, self.save, self.downloads, self.comparison,
        ])  # fmt: skip
        self.widget.add_class("of-app")
        self.widget.add_class("of-consultation-app")
        self._refresh_cases()

    # -- helpers --------------------------------------------------------------------------------------------------

    def _guard(self, action: Any) -> None:
        try:
            action()
        except OltreFinanceError as error:
            self._say("red", error.message_it)
        except Exception:  # never a traceback in front of the consultant
            self._say("red", "Qualcosa non ha funzionato: niente è stato salvato.")

    def _say(self, tone: str, text: str) -> None:
        role = "alert" if tone == "red" else "status"
        self.status.value = f"<div class='of-banner of-banner-{tone}' role='{role}'>{escape(text)}</div>"

    def _refresh_cases(self, chosen: str | None = None) -> None:
        options = [("— scegli un caso —", NEW)] + [
            (f"{c.code} · aperto il {c.opened_on:%d/%m/%Y} · {meetings_it(c.meetings)}", c.code)
            for c in self.store.cases()
        ]
        self.case.options = options
        self.case.value = chosen if chosen is not None else NEW

    # -- cases and meetings ---------------------------------------------------------------------------------------

    def _create_case(self) -> None:
        household = self.session.household
        if not household.incomes and not household.expenses and not household.debts:
            self._say("amber", "Apri prima il file della famiglia (Apri un file) o scrivi le sue cifre nel Bilancio.")
            return
        code = self.store.new_case(opened_on=_day(self.on.value))
        self.store.add_meeting(code, on=_day(self.on.value), consultant=self.consultant.value, household=household)
        self._refresh_cases(code)
        self._case_chosen()
        self._say("green", f"Aperto il caso {code}, con il primo incontro.")

    def _case_chosen(self) -> None:
        self.actions = []
        self.downloads.value = self.comparison.value = ""
        if self.case.value in (None, NEW):
            self.meetings.value = ""
            return
        case = self.store.case(self.case.value)
        last = case.meetings[-1] if case.meetings else None
        if last is not None:
            self.session.replace(last.household)  # the new meeting starts from the last snapshot
            if last.plan is not None:
                self.strategy.value = last.plan.debt_strategy
                self.extra.value = format_number(last.plan.debt_extra)
                self.saving.value = format_number(last.plan.savings_monthly)
                self.actions = list(last.plan.actions)
        rows = "".join(
            f"<li>{m.number}. {m.on:%d/%m/%Y}{' con ' + escape(m.consultant) if m.consultant else ''}"
            f"{' — piano con ' + actions_it(len(m.plan.actions)) if m.plan else ''}</li>"
            for m in case.meetings
        )
        self.meetings.value = f"<h2>Incontri del caso {escape(case.code)}</h2><ol class='of-meetings'>{rows}</ol>"
        self._show_actions()
        self._show_outputs()

    def _append_action(self) -> None:
        due = _day(self.action_due.value) if self.action_due.value.strip() else None
        self.actions.append(Action(text=self.action_text.value, owner=self.action_owner.value, due=due))
        self.action_text.value = self.action_owner.value = self.action_due.value = ""
        self._show_actions()

    def _show_actions(self) -> None:
        if not self.actions:
            self.action_list.value = "<p class='of-hint'>Nessuna azione ancora.</p>"
            self.action_done.children = ()
            return
        self.action_list.value = table_html(actions_table(self.actions, self.today))
        boxes = []
        for index, action in enumerate(self.actions):
            box = widgets.Checkbox(value=action.status == "fatta", description=f"Fatta: {action.text}",
                                   indent=False)  # fmt: skip
            box.observe(lambda change, i=index: self._guard(lambda: self._mark(i, change["new"])), names="value")
            boxes.append(box)
        self.action_done.children = tuple(boxes)

    def _mark(self, index: int, done: bool) -> None:
        action = self.actions[index]
        self.actions[index] = replace(action, status="fatta" if done else "da_fare",
                                      done_on=_day(self.on.value) if done else None)  # fmt: skip
        self._show_actions()

    def _plan(self) -> Plan:
        extra = parse_amount(self.extra.value, field="debt_extra") if self.extra.value.strip() else Decimal(0)
        saving = parse_amount(self.saving.value, field="savings_monthly") if self.saving.value.strip() else Decimal(0)
        return Plan(debt_strategy=self.strategy.value, debt_extra=extra, savings_monthly=saving,
                    actions=tuple(self.actions), notes=self.notes.value)  # fmt: skip

    def _save_meeting(self) -> None:
        if self.case.value in (None, NEW):
            self._say("amber", "Scegli un caso, o aprine uno nuovo, prima di salvare l'incontro.")
            return
        code = self.case.value
        plan = self._plan()  # a wrong amount stops here, before anything is written
        number = self.store.add_meeting(code, on=_day(self.on.value), consultant=self.consultant.value,
                                        household=self.session.household, notes=self.notes.value)  # fmt: skip
        self.store.save_plan(code, number, plan)
        self._refresh_cases(code)
        self._case_chosen()
        self._say("green", f"Salvato l'incontro {number} del caso {code}.")

    def _show_outputs(self) -> None:
        case = self.store.case(self.case.value)
        if not case.meetings:
            return
        last = case.meetings[-1]
        document = plan_document(case, last.number)
        pdf, xlsx = plan_pdf(document), plan_xlsx(document, last.household)
        stem = f"piano-{case.code}-incontro-{last.number}"
        self.downloads.value = (
            "<h2>Il piano da consegnare</h2><p>"
            + _download(f"{stem}.pdf", "application/pdf", pdf, "Scarica il piano (PDF)")
            + " · "
            + _download(f"{stem}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx,
                        "Scarica il foglio di calcolo (Excel)")
            + "</p>"
        )  # fmt: skip
        if len(case.meetings) >= 2:
            previous = case.meetings[-2]
            sentences = compare_meetings(case, previous.number, last.number, today=self.today).sentences_it
            items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
            title = f"<h2>Dall'incontro {previous.number} all'incontro {last.number}</h2>"
            self.comparison.value = f"{title}<ul class='of-meeting-comparison'>{items}</ul>"
