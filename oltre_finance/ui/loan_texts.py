"""Plain-Italian sentences about a loan, for the apps and the printed plan."""

from __future__ import annotations

from oltre_finance.italy.usury import UsuryCheck
from oltre_finance.loans import CreditCost, Loan
from oltre_finance.money import format_eur, format_percent

__all__ = ["PERIOD_NAMES", "describe_loan", "describe_usury"]

#: Instalments a year → (adjective for one instalment, plural).
PERIOD_NAMES = {
    12: ("mensile", "mensili"),
    6: ("bimestrale", "bimestrali"),
    4: ("trimestrale", "trimestrali"),
    3: ("quadrimestrale", "quadrimestrali"),
    2: ("semestrale", "semestrali"),
    1: ("annuale", "annuali"),
}


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
        return text + "Non paghi interessi né spese: il TAEG è 0 %."
    text += f"Il prestito costa {format_eur(cost.total_interest)} di interessi"
    text += f" e {format_eur(cost.total_fees)} di spese. " if cost.total_fees else ". "
    if cost.total_fees:
        text += (
            f"Il TAEG, {format_percent(cost.taeg)}, è più alto del TAN ({format_percent(loan.annual_rate)}) "
            "perché conta anche le spese: è il numero da usare per confrontare offerte diverse."
        )
    else:
        text += (
            f"Senza spese, il TAEG ({format_percent(cost.taeg)}) differisce dal TAN "
            f"({format_percent(loan.annual_rate)}) solo perché gli interessi si pagano a ogni rata: "
            "è comunque il numero da usare per confrontare offerte diverse."
        )
    return text


def describe_usury(check: UsuryCheck) -> str:
    """Where the TAEG stands against the usury threshold of its category."""
    period = f"dal {check.table.start:%d/%m/%Y} al {check.table.end:%d/%m/%Y}"
    points = format_percent(abs(check.margin)).replace("%", "punti")
    threshold = format_percent(check.threshold, decimals=4)
    if check.is_usurious:
        return (
            f"Attenzione: il TAEG supera di {points} la soglia di usura ({threshold}) "
            f"in vigore {period} per questa categoria. Un tasso così è vietato dalla legge: "
            "parlane con un consulente prima di firmare."
        )
    return f"Il TAEG è sotto la soglia di usura ({threshold}, in vigore {period} per questa categoria) di {points}."
