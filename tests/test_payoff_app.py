"""The "Piano di rientro" app, driven through its widgets (no browser).

Expected figures come from the core (``compare_strategies``, ``minimum_payments``, ``debts_from_household``)
or are computed here.
"""

import html
import json
from datetime import date
from decimal import Decimal

import pytest
from app_support import from_browser, type_row

from oltre_finance.debts import PercentOfBalance, compare_strategies, debts_from_household, minimum_payments
from oltre_finance.household import Debt as HouseholdDebt
from oltre_finance.io.household_file import household_from_json, household_to_json
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur, format_number
from oltre_finance.months import month_name
from oltre_finance.ui.budget_app import BudgetApp
from oltre_finance.ui.payoff_app import PayoffApp
from oltre_finance.ui.session import HouseholdSession
from oltre_finance.views.household import empty_household

TODAY = date(2026, 11, 24)
START = date(2026, 12, 1)


@pytest.fixture
def app():
    return PayoffApp(today=TODAY)


def text(widget) -> str:
    return html.unescape(widget.value).replace("\u00a0", " ")


def card(app, key: str) -> str:
    return text(app.shell.headline).split(f"of-card-{key}'")[1].split("of-card-value'>")[1].split("<")[0]


CARD = {"label": "Carta", "kind": "revolving_card", "balance": "3.850", "annual_rate": "17,9",
        "minimum_percent": "3", "minimum_floor": "25"}  # fmt: skip


def test_a_new_page_starts_from_the_empty_household_not_a_sample(app):
    assert app.household == empty_household()
    assert app.debts.rows == []
    assert card(app, "free") == "già ora"
    assert "Aggiungi i debiti" in text(app.debt_table)
    assert app.shell.status.value == ""


def test_a_sample_opened_through_the_session_shows_the_core_plan(app):
    app.session.open_sample("prestiti_revolving")
    household = load_sample("prestiti_revolving")
    debts = debts_from_household(household)
    assert [row.controls["label"].value for row in app.debts.rows] == [d.label for d in household.debts]
    minimums = minimum_payments(debts)
    assert minimums == Decimal("1135.00")
    assert app.plan.budget.text.value == format_number(minimums)  # in deficit: the minimums alone are proposed
    plan = compare_strategies(debts, minimums, order=app.view.order, start=START).plans["avalanche"]
    assert card(app, "free") == month_name(plan.debt_free_date) == "settembre 2032"
    assert card(app, "interest") == format_eur(plan.total_interest).replace("\u00a0", " ")
    assert "of-note-arrears_first" in app.notes.value
    assert "<svg" in app.chart.value and "role='img' aria-label='Grafico" in app.chart.value
    assert "Valanga" in text(app.comparison) and "Solo rate minime" in text(app.comparison)
    assert "Nuova rata" in text(app.consolidation) and "19,10 %" in text(app.consolidation)
    assert "Organismo di composizione della crisi" in text(app.orientation)
    assert app.household == household  # opening changes nothing in the household


@pytest.mark.parametrize("key", list(sample_names()))
def test_every_sample_opens_without_errors_and_is_not_changed(app, key):
    app.session.open_sample(key)
    assert app.shell.status.value == ""
    app.refresh()  # reading the rows back changes nothing
    assert app.household == load_sample(key)


def test_a_debt_typed_here_is_the_household_debt_the_core_expects(app):
    type_row(app.debts, CARD)
    assert app.household.debts == (
        HouseholdDebt(kind="revolving_card", label="Carta", balance=Decimal("3850"), annual_rate=Decimal("0.179"),
                      minimum_percent=Decimal("0.03"), minimum_floor=Decimal("25")),
    )  # fmt: skip
    debt = debts_from_household(app.household)[0]
    assert debt.minimum == PercentOfBalance(Decimal("0.03"), Decimal("25"))
    assert card(app, "minimums") == "117,22 €"  # 3 % of 3.850 + 57,43 of interest
    assert app.plan.budget.text.value == "217,22"  # no income typed yet: the minimums and 100 €
    assert "entrate" in text(app.orientation)
    # The household kept in the browser holds it too.
    from_browser(app.session, "restored", text=None)
    assert household_from_json(app.session.bridge.stored).debts == app.household.debts


def test_removing_a_debt_takes_it_out_of_the_household(app):
    app.session.open_sample("coppia_neonato")
    app.debts.remove(app.debts.rows[0])
    assert app.household.debts == ()
    assert card(app, "free") == "già ora"


def test_two_apps_on_one_session_share_the_debts():
    session = HouseholdSession(today=TODAY)
    payoff, budget = PayoffApp(session=session), BudgetApp(session=session)
    type_row(payoff.debts, {"label": "Auto", "kind": "personal_loan", "balance": "3.850", "annual_rate": "8,9",
                            "instalment": "190"})  # fmt: skip
    assert [row.controls["balance"].value for row in budget.editors["debts"].rows] == ["3.850,00"]
    assert [row.controls["instalment"].value for row in budget.editors["debts"].rows] == ["190,00"]
    budget.editors["debts"].rows[0].controls["balance"].value = "2.000"
    assert payoff.household.debts[0].balance == 2000
    assert [row.controls["balance"].value for row in payoff.debts.rows] == ["2.000,00"]
    # An income typed in the budget reaches the orientation here.
    type_row(budget.editors["incomes"], {"label": "Stipendio", "amount": "1.450"})
    assert "of-signal-instalments_over_available_income" in payoff.orientation.value


def test_the_card_minimum_survives_an_edit_in_the_budget_app():
    session = HouseholdSession(today=TODAY)
    payoff, budget = PayoffApp(session=session), BudgetApp(session=session)
    type_row(payoff.debts, CARD)
    budget.editors["debts"].rows[0].controls["balance"].value = "2.000"
    assert payoff.household.debts[0].minimum_percent == Decimal("0.03")


def test_the_plan_fields_survive_a_reload():
    session = HouseholdSession(today=TODAY)
    app = PayoffApp(session=session)
    kept = {"budget": "1.500", "strategy": "snowball", "extra": "2.000", "extra_month": "2027-03",
            "loan_rate": "6,5", "loan_months": "60"}  # fmt: skip
    from_browser(session, "restored", text=household_to_json(load_sample("prestiti_revolving")),
                 apps=json.dumps({"payoff": kept}))  # fmt: skip
    assert app.household == load_sample("prestiti_revolving")
    assert (app.plan.budget.text.value, app.plan.strategy.value, app.plan.extra.text.value) == (
        "1.500",
        "snowball",
        "2.000",
    )
    assert app.plan.extra_month.value == 4 and app.plan.loan["loan_rate"].text.value == "6,5"
    debts = debts_from_household(app.household)
    plan = compare_strategies(debts, Decimal(1500), order=app.view.order, extra_payments={4: Decimal(2000)},
                              start=START).plans["snowball"]  # fmt: skip
    assert app.view.plan == plan
    # What the person changes is kept in the browser beside the household.
    app.plan.strategy.value = "custom"
    assert json.loads(session.bridge.apps_stored)["payoff"]["strategy"] == "custom"


def test_start_again_clears_the_plan_fields(app):
    app.session.open_sample("coppia_neonato")
    app.plan.budget.text.value = "900"
    app.shell.bar.reset.click()
    app.shell.bar.yes.click()
    assert app.household == empty_household() and app.plan.budget.text.value == "0,00"


def test_the_proposed_amount_follows_the_debts_until_the_person_types_one(app):
    app.session.open_sample("coppia_neonato")
    assert app.plan.budget.text.value == "310,00"  # 210 € of minimums and 100 € the budget leaves free
    app.debts.rows[0].controls["instalment"].value = "250"
    assert app.plan.budget.text.value == "350,00"
    app.plan.budget.text.value = "500"
    assert app.plan.slider.value == 500
    app.debts.rows[0].controls["instalment"].value = "260"
    assert app.plan.budget.text.value == "500"
    app.plan.budget.text.value = ""  # emptied: back to the proposal
    assert app.view.budget == Decimal("360.00")


def test_the_slider_writes_the_amount_and_moves_the_date(app):
    app.session.open_sample("coppia_neonato")
    before = card(app, "free")
    app.plan.slider.value = 900
    assert app.plan.budget.text.value == "900,00"
    assert card(app, "free") != before


def test_strategy_and_custom_order(app):
    app.session.open_sample("prestiti_revolving")
    avalanche = text(app.debt_table)
    assert app.plan.order_box.layout.display == "none"
    app.plan.strategy.value = "snowball"
    assert text(app.debt_table) != avalanche
    app.plan.strategy.value = "custom"
    assert app.plan.order_box.layout.display is None
    app.plan.order.order = ["Carta revolving", *[n for n in app.plan.order.order if n != "Carta revolving"]]
    assert app.view.plan.order[0] == "Carta revolving"
    assert "of-note-arrears_not_first" in app.notes.value
    assert "Carta revolving</th><td>1</td>" in html.unescape(app.debt_table.value)


def test_a_wrong_field_is_shown_beside_it_and_the_last_results_stay(app):
    app.session.open_sample("prestiti_revolving")
    results = app.shell.headline.value
    app.debts.rows[1].controls["balance"].value = "tanti"
    assert "Non è un numero" in html.unescape(app.debts.rows[1].messages["balance"].value)
    assert "Correggi" in app.shell.status.value and app.shell.headline.value == results
    assert app.household == load_sample("prestiti_revolving")  # a wrong row is not written back
    app.debts.rows[1].controls["balance"].value = "8.005,01"
    assert app.shell.status.value == "" and app.debts.rows[1].messages["balance"].value == ""
    app.plan.budget.text.value = "-5"
    assert "negativo" in text(app.plan.budget.message) and app.shell.headline.value == results
    app.plan.budget.text.value = "1.135"
    app.debts.rows[4].controls["minimum_floor"].value = "25"
    assert "rata minima in %" in text(app.debts.rows[4].messages["minimum_floor"])
    app.debts.rows[4].controls["minimum_percent"].value = "3"
    assert app.shell.status.value == "" and app.household.debts[4].minimum_percent == Decimal("0.03")


def test_a_wrong_loan_is_said_beside_its_field_and_the_plan_still_updates(app):
    app.session.open_sample("prestiti_revolving")
    app.plan.loan["loan_amount"].text.value = "1.000"
    assert "non basta" in text(app.plan.loan["loan_amount"].message)
    assert app.shell.status.value == ""
    app.plan.loan["loan_months"].text.value = "dodici"
    assert "da 1 a 600" in text(app.plan.loan["loan_months"].message) and "Correggi" in app.shell.status.value
    app.plan.loan["loan_months"].text.value = "84"
    app.plan.loan["loan_amount"].text.value = ""  # empty: as much as closing the debts needs
    assert app.plan.loan["loan_amount"].message.value == "" and "Nuova rata" in text(app.consolidation)


def test_the_chart_is_redrawn_for_a_phone(app):
    app.session.open_sample("prestiti_revolving")
    wide = app.chart.value
    app.session.bridge.width = 360
    assert app.chart.value != wide and "aria-label='Grafico" in app.chart.value


def test_every_control_has_a_real_label(app):
    app.session.open_sample("prestiti_revolving")
    controls = [app.plan.budget.text, app.plan.slider, app.plan.strategy, app.plan.extra.text, app.plan.extra_month,
                *(field.text for field in app.plan.loan.values()),
                *(control for row in app.debts.rows for control in row.controls.values())]  # fmt: skip
    assert all(control.description for control in controls)
    assert app.plan.order.label


def test_a_card_minimum_is_asked_only_where_it_applies(app):
    def shown(row, key):
        cells = row.box.children
        cell = next(cell for cell in cells if row.controls[key] in (cell, *getattr(cell, "children", ())))
        return "of-hidden" not in cell._dom_classes

    app.session.open_sample("prestiti_revolving")
    rows = app.debts.rows
    assert [shown(row, "minimum_percent") for row in rows] == [False] * 4 + [True, False]  # the card
    rows[1].controls["kind"].value = "revolving_card"
    assert shown(rows[1], "minimum_percent") and shown(rows[1], "minimum_floor")
    assert not shown(rows[0], "minimum_percent")
