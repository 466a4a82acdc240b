"""The follow-up of a case: every figure checked against each snapshot's own summary and the debts' balances."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oltre_finance.budget import summarize
from oltre_finance.consultation import Action, Case, Meeting, Plan
from oltre_finance.errors import InvalidInputError
from oltre_finance.followup import compare_meetings
from oltre_finance.household import categories, household_from_dict
from oltre_finance.indicators import Band
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.money import format_eur

NB = "\u00a0"
FIRST, SECOND = date(2027, 1, 10), date(2027, 3, 10)
SAMPLES = sorted(sample_names())


def eur(text: str) -> str:
    """An amount as shown, written by hand ("1.234,56 €" with the no-break space)."""
    return text.replace(" €", f"{NB}€")


def edited(key: str, edit) -> object:
    """A sample household changed through its data, as a consultant retypes it at the next meeting."""
    data = load_sample(key).model_dump(mode="json")
    edit(data)
    return household_from_dict(data)


def follow(before, after, *, plan=None, on=(FIRST, SECOND)) -> Case:
    return Case(
        code="OF-2027-T1",
        opened_on=on[0],
        meetings=(
            Meeting(number=1, on=on[0], consultant="Rita", household=before, plan=plan),
            Meeting(number=2, on=on[1], consultant="Rita", household=after),
        ),
    )


MONTHLY = {"frequency": "monthly"}


def small(income="2000", rent="900", liquid="500", debts=(), extra=()):
    return household_from_dict(
        {
            "name": "Prova",
            "members": [{"role": "adult", "name": "Anna", "age": 40}],
            "incomes": [{"source": "salary", "label": "Stipendio", "amount": income, "frequency": "monthly"}],
            "expenses": [
                {"category": "casa", "subcategory": "affitto", "label": "Affitto", "amount": rent} | MONTHLY,
                *extra,
            ],
            "assets": [{"kind": "current_account", "label": "Conto", "value": liquid}],
            "debts": list(debts),
        }
    )


def debt(label, balance, kind="personal_loan"):
    return {"kind": kind, "label": label, "balance": balance}


def revolving_progress(data):
    """Prestiti e revolving, two months on: a new part-time income, the BNPL paid off, 800 € less on the card."""
    data["incomes"].append({"source": "salary", "label": "Lavoro extra", "amount": "400", "frequency": "monthly"})
    data["expenses"] = [e for e in data["expenses"] if e["subcategory"] != "bnpl"]
    data["debts"] = [d for d in data["debts"] if d["kind"] != "bnpl"]
    card = next(d for d in data["debts"] if d["kind"] == "revolving_card")
    card["balance"] = "3050.00"
    data["assets"][0]["value"] = "900.00"


class TestFigures:
    @pytest.mark.parametrize("key", SAMPLES)
    def test_every_figure_is_the_summary_of_its_snapshot(self, key):
        def edit(data):
            data["incomes"][0]["amount"] = str(Decimal(data["incomes"][0]["amount"]) + 150)
            data["expenses"] = data["expenses"][1:]
            data["expenses"].append(
                {"category": "salute", "label": "Dentista", "amount": "240", "frequency": "quarterly"}
            )
            data["assets"].append({"kind": "savings", "label": "Libretto", "value": "750"})

        before, after = load_sample(key), edited(key, edit)
        old, new = summarize(before), summarize(after)
        result = compare_meetings(follow(before, after), 1, 2, today=SECOND)

        for figure, name in ((result.income, "income"), (result.expenses, "expenses"), (result.balance, "balance")):
            assert (figure.before, figure.after) == (getattr(old, name), getattr(new, name))
            assert figure.change == getattr(new, name) - getattr(old, name)
        assert result.income.change == Decimal("150.00")
        assert (result.liquid_savings.before, result.liquid_savings.after) == (old.liquid_savings, new.liquid_savings)
        assert result.liquid_savings.change == Decimal(750)
        assert result.total_assets.before == sum(asset.value for asset in before.assets)
        assert result.total_assets.after == sum(asset.value for asset in after.assets)
        assert result.balance_turned_positive == (old.balance < 0 < new.balance)

        every = set(old.by_category) | set(new.by_category)
        assert {row.category for row in result.categories} == every
        for row in result.categories:
            assert row.before == old.by_category.get(row.category, Decimal(0))
            assert row.after == new.by_category.get(row.category, Decimal(0))
            assert row.name_it == categories()[row.category]["label"]
        changes = [abs(row.change) for row in result.categories]
        assert changes == sorted(changes, reverse=True)

        assert result.total_debt.before == sum(d.balance for d in before.debts)
        assert result.total_debt.after == sum(d.balance for d in after.debts)
        for key_, indicator in old.indicators.items():
            assert result.indicators[key_].before == indicator
            assert result.indicators[key_].after == new.indicators[key_]
        assert (result.code, result.a, result.b, result.a_on, result.b_on) == ("OF-2027-T1", 1, 2, FIRST, SECOND)

    def test_revolving_household_two_months_on(self):
        before, after = load_sample("prestiti_revolving"), edited("prestiti_revolving", revolving_progress)
        old, new = summarize(before), summarize(after)
        result = compare_meetings(follow(before, after), 1, 2, today=SECOND)

        # Income: 400 € more a month; expenses: the 110 € BNPL instalment is gone.
        assert result.income.change == Decimal("400.00")
        assert result.expenses.change == Decimal("-110.00")
        assert old.balance < 0 < new.balance and result.balance_turned_positive
        assert result.categories[0].category == "debiti" and result.categories[0].change == Decimal("-110.00")

        by_label = {row.label: row for row in result.debts}
        card_before = next(d for d in before.debts if d.label == "Carta revolving").balance
        card_after = next(d for d in after.debts if d.label == "Carta revolving").balance
        card = by_label["Carta revolving"]
        assert card.status == "open" and card.paid_down == card_before - card_after == Decimal(800)
        bnpl = next(d for d in before.debts if d.kind == "bnpl")
        assert result.debts_closed == (by_label[bnpl.label],)
        assert by_label[bnpl.label].paid_down == bnpl.balance and by_label[bnpl.label].after == 0
        assert result.debts_new == ()
        assert result.total_debt.change == Decimal(-1240)
        for row in result.debts:
            if row.status == "open" and row.label != "Carta revolving":
                assert row.change == 0 and row.paid_down == 0

        sentences = result.sentences_it
        assert sentences[0] == "Le entrate sono salite di 400,00\u00a0€ al mese."
        assert "Le uscite sono scese di 110,00\u00a0€ al mese." in sentences
        assert eur("Il saldo del mese è passato da -311,67 € a +198,33 €: ora entra più di quanto esce.") in sentences
        assert eur("Il debito «Carta revolving» è sceso di 800,00 € (da 3.850,00 € a 3.050,00 €).") in sentences
        assert eur(f"Il debito «{bnpl.label}» è chiuso (era di 440,00 €).") in sentences
        assert eur("I risparmi disponibili sono saliti di 550,00 € (da 350,00 € a 900,00 €).") in sentences
        assert eur("Debiti: 110,00 € in meno al mese (da 1.135,00 € a 1.025,00 €).") in sentences

    def test_balance_going_the_other_way(self):
        worse = compare_meetings(follow(small(rent="900"), small(rent="2100")), 1, 2, today=SECOND)
        assert (worse.balance.before, worse.balance.after) == (Decimal("1100.00"), Decimal("-100.00"))
        assert not worse.balance_turned_positive
        assert eur("Il saldo del mese è passato da +1.100,00 € a -100,00 €: ora esce più di quanto entra.") in (
            worse.sentences_it
        )
        to_zero = compare_meetings(follow(small(rent="2100"), small(rent="2000")), 1, 2, today=SECOND)
        assert to_zero.balance.after == 0 and not to_zero.balance_turned_positive
        assert eur("Il saldo del mese è passato da -100,00 € a 0,00 €.") in to_zero.sentences_it
        still = compare_meetings(follow(small(rent="2100"), small(rent="2050")), 1, 2, today=SECOND)
        assert not still.balance_turned_positive

    def test_the_home_counts_in_the_assets_not_in_the_savings(self):
        def home(value):
            data = small(liquid="1000").model_dump(mode="json")
            data["assets"].append({"kind": "home", "label": "Casa", "value": value})
            return household_from_dict(data)

        result = compare_meetings(follow(home("150000"), home("140000")), 1, 2, today=SECOND)
        assert result.liquid_savings.change == 0 and result.total_assets.change == Decimal(-10000)
        assert eur("Il patrimonio in tutto (conti, investimenti e casa) è passato da 151.000,00 € a 141.000,00 €.") in (
            result.sentences_it
        )


class TestDebts:
    def test_labels_match_trimmed_and_in_any_case(self):
        before = small(debts=[debt("Carta revolving", "3000", "revolving_card"), debt("Prestito auto", "5000")])
        after = small(debts=[debt("  carta REVOLVING ", "2200", "revolving_card"), debt("Prestito mobili", "900")])
        result = compare_meetings(follow(before, after), 1, 2, today=SECOND)
        card, car, furniture = result.debts
        assert (card.status, card.label, card.before, card.after, card.paid_down) == (
            "open", "  carta REVOLVING ", Decimal(3000), Decimal(2200), Decimal(800),
        )  # fmt: skip
        assert (car.status, car.before, car.after, car.paid_down) == ("closed", Decimal(5000), 0, Decimal(5000))
        assert (furniture.status, furniture.before, furniture.after, furniture.paid_down) == (
            "new", 0, Decimal(900), 0,
        )  # fmt: skip
        assert result.debts_closed == (car,) and result.debts_new == (furniture,)
        assert (result.total_debt.before, result.total_debt.after) == (Decimal(8000), Decimal(3100))
        sentences = result.sentences_it
        assert eur("Il debito «  carta REVOLVING » è sceso di 800,00 € (da 3.000,00 € a 2.200,00 €).") in sentences
        assert eur("Il debito «Prestito auto» è chiuso (era di 5.000,00 €).") in sentences
        assert eur("C'è un nuovo debito: «Prestito mobili», di 900,00 €.") in sentences
        assert eur("In tutto i debiti sono scesi di 4.900,00 € (da 8.000,00 € a 3.100,00 €).") in sentences

    def test_a_debt_that_grew_is_not_paid_down(self):
        before, after = small(debts=[debt("Carta", "1000")]), small(debts=[debt("Carta", "1250")])
        (row,) = compare_meetings(follow(before, after), 1, 2, today=SECOND).debts
        assert row.change == Decimal(250) and row.paid_down == 0

    def test_repeated_labels_pair_in_order(self):
        before = small(debts=[debt("Prestito", "1000"), debt("Prestito", "2000")])
        after = small(debts=[debt("prestito", "900"), debt("PRESTITO", "1500")])
        rows = compare_meetings(follow(before, after), 1, 2, today=SECOND).debts
        assert [(row.before, row.after, row.paid_down) for row in rows] == [
            (Decimal(1000), Decimal(900), Decimal(100)),
            (Decimal(2000), Decimal(1500), Decimal(500)),
        ]


class TestIndicators:
    def test_bands_and_direction(self):
        # Housing: 900 / 2000 = 45 % (red) → 700 / 2000 = 35 % (amber); savings cover 500 / 900 = 0.6 months
        # (red) → 4000 / 700 = 5.7 months (green): both improved, one going down and one going up.
        before, after = small(rent="900", liquid="500"), small(rent="700", liquid="4000")
        old, new = summarize(before), summarize(after)
        result = compare_meetings(follow(before, after), 1, 2, today=SECOND)
        housing, months = result.indicators["housing_cost"], result.indicators["emergency_months"]
        assert (housing.before, housing.after) == (old.indicators["housing_cost"], new.indicators["housing_cost"])
        assert (housing.before.band, housing.after.band) == (Band.RED, Band.AMBER)
        assert housing.after.value < housing.before.value and housing.improved and not housing.worsened
        assert months.before.value == Decimal("0.6") and months.after.value == Decimal("5.7")
        assert months.improved and not months.worsened
        assert (
            eur("Casa sul reddito: migliora, dal rosso al giallo (da 45,00 % a 35,00 %).").replace(" %", f"{NB}%")
            in result.sentences_it
        )
        assert "Mesi coperti dai risparmi: migliora, dal rosso al verde (da 0,6 a 5,7)." in result.sentences_it

        back = compare_meetings(follow(after, before), 1, 2, today=SECOND)
        assert back.indicators["housing_cost"].worsened and back.indicators["emergency_months"].worsened
        assert "Mesi coperti dai risparmi: peggiora, dal verde al rosso (da 5,7 a 0,6)." in back.sentences_it

    def test_an_indicator_missing_at_one_meeting_neither_improves_nor_worsens(self):
        before = small()
        after = household_from_dict(before.model_dump(mode="json") | {"incomes": []})
        result = compare_meetings(follow(before, after), 1, 2, today=SECOND)
        housing = result.indicators["housing_cost"]
        assert housing.before == summarize(before).indicators["housing_cost"] and housing.after is None
        assert not housing.improved and not housing.worsened


ISEE = Action(text="Chiedere l'ISEE", owner="Laura", due=date(2027, 1, 15))
STREAMING = Action(text="Disdire lo streaming", owner="Simone", status="fatta", done_on=date(2027, 1, 20))
BANK = Action(text="Chiamare la banca", owner="Rita", due=date(2027, 1, 12), status="fatta")
GYM = Action(text="Disdire la palestra", owner="Laura", due=date(2027, 1, 1), status="annullata")
LATER = Action(text="Aprire un libretto", owner="Laura", due=date(2027, 6, 30))


class TestPlan:
    def test_actions_by_status_and_overdue_on_today(self):
        plan = Plan(actions=(ISEE, STREAMING, BANK, GYM))
        case = follow(small(), small(), plan=plan)
        on_the_day = compare_meetings(case, 1, 2, today=date(2027, 1, 15))
        assert on_the_day.actions_overdue == ()
        assert "2 azioni su 3 sono fatte." in on_the_day.sentences_it
        result = compare_meetings(case, 1, 2, today=date(2027, 1, 16))
        assert result.actions_done == (STREAMING, BANK)
        assert result.actions_to_do == (ISEE,) and result.actions_overdue == (ISEE,)
        assert result.actions_cancelled == (GYM,)
        assert "2 azioni su 3 sono fatte; «Chiedere l'ISEE» è in ritardo (scadeva il 15/01/2027)." in (
            result.sentences_it
        )
        assert "1 azione è stata annullata." in result.sentences_it

    def test_action_counts_in_words(self):
        def sentence(*actions):
            result = compare_meetings(follow(small(), small(), plan=Plan(actions=actions)), 1, 2, today=FIRST)
            return [s for s in result.sentences_it if "azion" in s]

        assert sentence(LATER) == ["L'azione concordata non è ancora fatta."]
        assert sentence(STREAMING) == ["L'azione concordata è fatta."]
        assert sentence(STREAMING, BANK) == ["Tutte e 2 le azioni concordate sono fatte."]
        assert sentence(LATER, ISEE) == ["Nessuna delle 2 azioni concordate è ancora fatta."]
        assert sentence(STREAMING, LATER, ISEE) == ["1 azione su 3 è fatta."]
        assert sentence(GYM, GYM) == ["2 azioni sono state annullate."]
        assert sentence() == []

    def test_budget_targets_kept_and_missed(self):
        # At meeting 2 the household spends 700 on casa and 156 on tempo libero, nothing on trasporti.
        leisure = {"category": "tempo_libero", "label": "Uscite", "amount": "156", "frequency": "monthly"}
        before, after = small(rent="900"), small(rent="700", extra=[leisure])
        plan = Plan(budget_targets={"casa": Decimal(700), "tempo_libero": Decimal(100), "trasporti": Decimal(50)})
        new = summarize(after)
        result = compare_meetings(follow(before, after, plan=plan), 1, 2, today=SECOND)
        assert [(row.category, row.target, row.actual, row.kept) for row in result.targets] == [
            ("casa", Decimal(700), new.by_category["casa"], True),
            ("tempo_libero", Decimal(100), new.by_category["tempo_libero"], False),
            ("trasporti", Decimal(50), 0, True),
        ]
        assert result.targets[1].name_it == "Tempo libero"
        assert "Obiettivi di spesa rispettati: 2 su 3." in result.sentences_it
        assert eur("Tempo libero: 156,00 € al mese, 56,00 € oltre l'obiettivo di 100,00 €.") in result.sentences_it

        kept = Plan(budget_targets={"casa": Decimal(800), "tempo_libero": Decimal(200)})
        result = compare_meetings(follow(before, after, plan=kept), 1, 2, today=SECOND)
        assert all(row.kept for row in result.targets)
        assert "Tutti e 2 gli obiettivi di spesa concordati sono stati rispettati." in result.sentences_it

    def test_no_plan_no_actions_no_targets(self):
        result = compare_meetings(follow(small(), small(rent="800")), 1, 2, today=SECOND)
        assert (result.actions_done, result.actions_to_do, result.actions_cancelled, result.targets) == ((),) * 4
        assert not [s for s in result.sentences_it if "azion" in s or "obiettiv" in s]


class TestErrors:
    def test_meeting_not_in_the_case(self):
        with pytest.raises(InvalidInputError) as error:
            compare_meetings(follow(small(), small()), 1, 9, today=SECOND)
        assert error.value.message_it == "Il caso non ha un incontro numero 9."

    def test_same_meeting(self):
        with pytest.raises(InvalidInputError) as error:
            compare_meetings(follow(small(), small()), 2, 2, today=SECOND)
        assert error.value.field == "b" and error.value.message_it == "Per il confronto servono due incontri diversi."

    def test_second_meeting_earlier_than_the_first(self):
        case = follow(small(), small())
        with pytest.raises(InvalidInputError) as error:
            compare_meetings(case, 2, 1, today=SECOND)
        assert "precedente" in error.value.message_it and error.value.field == "b"
        same_day = follow(small(), small(rent="800"), on=(FIRST, FIRST))
        assert compare_meetings(same_day, 2, 1, today=FIRST).expenses.change == Decimal(100)

    def test_today_must_be_a_date(self):
        with pytest.raises(InvalidInputError):
            compare_meetings(follow(small(), small()), 1, 2, today="2027-03-10")


def test_typed_text_is_carried_as_typed():
    script, typst = "<script>alert(1)</script>", "#set page(width: 1cm)"
    before = small(debts=[debt(script, "1000"), debt(typst, "300")])
    after = small(debts=[debt(script, "700")])
    plan = Plan(actions=(Action(text=typst, owner=script, due=date(2027, 2, 1)),))
    result = compare_meetings(follow(before, after, plan=plan), 1, 2, today=SECOND)
    assert [row.label for row in result.debts] == [script, typst]
    assert result.actions_overdue[0].text == typst and result.actions_overdue[0].owner == script
    assert eur(f"Il debito «{script}» è sceso di 300,00 € (da 1.000,00 € a 700,00 €).") in result.sentences_it
    assert eur(f"Il debito «{typst}» è chiuso (era di 300,00 €).") in result.sentences_it
    assert f"L'azione concordata non è ancora fatta; «{typst}» è in ritardo (scadeva il 01/02/2027)." in (
        result.sentences_it
    )


# --- invariants ------------------------------------------------------------------------------------------------

LABELS = ("Carta revolving", "carta revolving ", "Prestito auto", "Prestito", "Debito con la zia")
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(9000), places=2).map(str)
frequencies = st.sampled_from(["weekly", "monthly", "bimonthly", "quarterly", "half_yearly", "yearly"])


@st.composite
def households(draw):
    def items(strategy, most=5):
        return draw(st.lists(strategy, max_size=most))

    incomes = items(st.fixed_dictionaries({"amount": money, "frequency": frequencies}))
    expenses = items(
        st.fixed_dictionaries(
            {"category": st.sampled_from(sorted(categories())), "amount": money, "frequency": frequencies,
             "essential": st.booleans()}
        ),
        most=8,
    )  # fmt: skip
    assets = items(st.fixed_dictionaries({"kind": st.sampled_from(["current_account", "savings", "home"]),
                                          "value": money}))  # fmt: skip
    debts = items(st.fixed_dictionaries({"label": st.sampled_from(LABELS), "balance": money}))
    return household_from_dict(
        {
            "name": "Prova",
            "members": [{"role": "adult", "name": "Anna", "age": 40}],
            "incomes": [{"source": "salary", "label": "Entrata"} | item for item in incomes],
            "expenses": [{"label": "Voce"} | item for item in expenses],
            "assets": [{"label": "Bene"} | item for item in assets],
            "debts": [{"kind": "personal_loan"} | item for item in debts],
        }
    )


any_household = st.one_of(st.sampled_from(SAMPLES).map(load_sample), households())


@settings(max_examples=60, deadline=None)
@given(any_household)
def test_an_identical_snapshot_changes_nothing(household):
    result = compare_meetings(follow(household, household), 1, 2, today=SECOND)
    figures = (result.income, result.expenses, result.balance, result.total_debt, result.liquid_savings,
               result.total_assets, *result.categories, *result.debts)  # fmt: skip
    assert all(figure.change == 0 for figure in figures)
    assert all(row.status == "open" and row.paid_down == 0 for row in result.debts)
    assert len(result.debts) == len(household.debts)
    assert not any(row.improved or row.worsened for row in result.indicators.values())
    assert not result.balance_turned_positive
    balance = summarize(household).balance
    shown = ("+" if balance > 0 else "") + format_eur(balance)
    assert result.sentences_it == (f"Il saldo del mese è rimasto di {shown}.",)


@settings(max_examples=60, deadline=None)
@given(any_household, any_household)
def test_swapping_the_snapshots_changes_every_sign(first, second):
    forth = compare_meetings(follow(first, second), 1, 2, today=SECOND)
    back = compare_meetings(follow(second, first), 1, 2, today=SECOND)
    for name in ("income", "expenses", "balance", "total_debt", "liquid_savings", "total_assets"):
        assert getattr(back, name).change == -getattr(forth, name).change
    backwards = {row.category: row.change for row in back.categories}
    assert {row.category: -row.change for row in forth.categories} == backwards
    assert len(forth.debts_closed) == len(back.debts_new) and len(forth.debts_new) == len(back.debts_closed)
    opened = sorted(row.change for row in forth.debts if row.status == "open")
    assert opened == sorted(-row.change for row in back.debts if row.status == "open")
    assert sum(row.paid_down for row in forth.debts) - sum(row.paid_down for row in back.debts) == (
        -forth.total_debt.change
    )
    for key, row in forth.indicators.items():
        assert row.improved == back.indicators[key].worsened and row.worsened == back.indicators[key].improved
    assert not (forth.balance_turned_positive and back.balance_turned_positive)
