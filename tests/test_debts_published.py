"""Debt avalanche and snowball against published worked examples (sources in each test)."""

from decimal import Decimal

import pytest

from oltre_finance.debts import Debt, FixedInstalment, payoff_plan


def card(name, balance, rate, minimum) -> Debt:
    return Debt(
        name=name, balance=Decimal(balance), annual_rate=Decimal(rate), minimum=FixedInstalment(Decimal(minimum))
    )


def test_vertex42_debt_reduction_calculator_avalanche():
    # Vertex42 "Debt Reduction Calculator", a filled-in copy published on Scribd
    # (https://fr.scribd.com/document/310356742/Debt-Reduction-Calculator-Vertex42): three debts, no minimums,
    # 25,000 a month, avalanche. Published: months to pay off 4 / 23 / 34, interest paid 5,324.52 / 68,162.32 /
    # 78,370.75, total 151,858. The two 14 % loans keep the table's order, as Vertex42 does.
    debts = [
        card("Dileep Card", "79000", "0.36", "0"),
        card("ADCB Loan-1", "410000", "0.14", "0"),
        card("ADCB Loan-2", "200000", "0.14", "0"),
    ]
    plan = payoff_plan(debts, Decimal("25000"), strategy="avalanche")
    assert [o.paid_off_month for o in plan.outcomes] == [4, 23, 34]
    assert [o.interest for o in plan.outcomes] == [Decimal("5324.52"), Decimal("68162.32"), Decimal("78370.75")]
    assert plan.total_interest == Decimal("151857.59")  # published rounded to 151,858
    # Month 4 shows the same-month spill-over: 9,324.52 closes the card, 15,675.48 goes to Loan-1.
    month_4 = {r.debt: r.payment for r in plan.rows if r.month == 4}
    assert month_4["Dileep Card"] + month_4["ADCB Loan-1"] == Decimal("25000.00")


def test_moneycalc_avalanche_four_cards():
    # moneycalc.net, "Debt Avalanche Calculator", section "Debt avalanche example"
    # (https://www.moneycalc.net/smart-avalanche-credit-card-payoff-calculator): budget $550; cards 4,500 at
    # 18.9 % (min 110), 5,500 at 20.9 % (130), 7,000 at 16.9 % (150), 8,400 at 22.9 % (120). Published: cleared in
    # 92 months, $25,197.96 interest; card 2 in 78 months; card 4 pays 160 until month 66, then 253.56 (67),
    # 270 (to 76), 336.01 (77), 508.15 (78), 550 (to 91), 547.96 (92). The page does not round interest each
    # month; we round it to the cent monthly, as Italian schedules do, so cents may differ by a few units.
    debts = [
        card("Card 1", "4500", "0.189", "110"),
        card("Card 2", "5500", "0.209", "130"),
        card("Card 3", "7000", "0.169", "150"),
        card("Card 4", "8400", "0.229", "120"),
    ]
    plan = payoff_plan(debts, Decimal("550"), strategy="avalanche")
    assert plan.debt_free_month == 92
    assert plan.outcome("Card 2").paid_off_month == 78
    assert abs(plan.total_interest - Decimal("25197.96")) <= Decimal("0.10")
    card4 = {r.month: r.payment for r in plan.rows if r.debt == "Card 4"}
    assert all(card4[m] == 160 for m in range(1, 67))
    published = {67: "253.56", 68: "270", 76: "270", 77: "336.01", 78: "508.15", 79: "550", 91: "550", 92: "547.96"}
    for month, amount in published.items():
        assert abs(card4[month] - Decimal(amount)) <= Decimal("0.10"), month


def test_node_debt_snowball_published_response():
    # nielse63/node-debt-snowball, examples/response.json (README inputs): card 1,000 at 14.99 % (min 75), student
    # loan 7,500 at 4.75 % (min 150), 100 extra. Published month-end balances, months 1-5: card 837.49 / 672.95 /
    # 506.36 / 337.69 / 166.91, loan 7,379.69 in month 1; 28 payments in all. In a debt's last month the library
    # does not collect that month's interest (2.08 in month 6, 0.97 in month 28), a bug we do not copy: so its
    # published total interest is 523.81 where paying every month's interest gives 524.01.
    debts = [card("Credit Card", "1000", "0.1499", "75"), card("Student Loan", "7500", "0.0475", "150")]
    plan = payoff_plan(debts, Decimal("325"), strategy="avalanche")
    balances = [r.balance for r in plan.rows if r.debt == "Credit Card"][:5]
    assert balances == [Decimal(v) for v in ("837.49", "672.95", "506.36", "337.69", "166.91")]
    assert plan.rows[1].balance == Decimal("7379.69")
    assert plan.debt_free_month == 28
    assert plan.total_interest == Decimal("524.01")


@pytest.mark.parametrize("strategy", ["snowball", "custom"])
def test_italian_snowball_example_at_zero_interest(strategy):
    # indebitamente.blogspot.com, "Il sistema della palla di neve" (10/01/2012): carta 2.000 € (rata 100), prestito
    # 5.000 € (180), auto 17.000 € (250), più 100 € al mese. "In 10 mesi, hai finito di pagare la carta di credito
    # ... In 9 mesi hai finito da pagare anche questo. Adesso, sono passati virtualmente 19 mesi". No rates are
    # given, so 0 %. (The post's last step, 33 months, is an arithmetic slip: 12,250 € are left after month 19, and
    # 630 € a month close them in month 39.)
    debts = [card("Auto", "17000", "0", "250"), card("Prestito", "5000", "0", "180"), card("Carta", "2000", "0", "100")]
    order = ["Carta", "Prestito", "Auto"] if strategy == "custom" else None
    plan = payoff_plan(debts, Decimal("630"), strategy=strategy, order=order)
    assert plan.order == ("Carta", "Prestito", "Auto")
    assert plan.outcome("Carta").paid_off_month == 10
    assert plan.outcome("Prestito").paid_off_month == 19
    assert plan.debt_free_month == 39
