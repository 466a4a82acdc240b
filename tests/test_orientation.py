"""Over-indebtedness orientation: CCII reference amounts against published figures, signals, bad input."""

from datetime import date
from decimal import Decimal

import pytest

from oltre_finance.debts import household_orientation, overindebtedness_orientation, payoff_plan
from oltre_finance.debts.model import debts_from_household
from oltre_finance.errors import InvalidAmountError, InvalidInputError, RuleDataError
from oltre_finance.indicators import Band
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.italy.isee import equivalence_scale
from oltre_finance.italy.overindebtedness import assegno_sociale, living_allowance


def test_isee_scale_parameters():
    # DPCM 159/2013, Allegato 1 (GU n. 19 del 24/01/2014): 1,00 / 1,57 / 2,04 / 2,46 / 2,85, +0,35 each further member.
    assert [equivalence_scale(n, on_date=date(2024, 1, 1)) for n in range(1, 8)] == [
        Decimal(v) for v in ("1.00", "1.57", "2.04", "2.46", "2.85", "3.20", "3.55")
    ]


def test_assegno_sociale_by_year():
    # Circolare INPS n. 1/2024: 534,41 €; circolare INPS n. 23/2025: 538,69 € a month, 7.002,97 € a year.
    assert assegno_sociale(2024).monthly == Decimal("534.41")
    assert assegno_sociale(2025).annual == Decimal("7002.97")
    later = assegno_sociale(2027)  # not published yet: the 2026 figure (mefop.it, 546,24 €), flagged
    assert later.carried_forward and later.of_year == 2026 and later.monthly == Decimal("546.24")
    with pytest.raises(RuleDataError):
        assegno_sociale(2014)


def test_art_283_allowance_matches_published_examples():
    # fallcoweb.it forum (practitioners), 2024: "assegno sociale anno 2024 di € 534,41 x 13 mensilità aumentato della
    # metà per un valore complessivo di € 10.421,00"; for three members "euro 21.258,83 (534,41*13*...*2,04)".
    assert living_allowance(1, 2024, basis="incapiente").annual == Decimal("10421.00")
    assert living_allowance(3, 2024, basis="incapiente").annual == Decimal("21258.83")
    # Art. 68, comma 3: the same without the increase by half (independent product, rounded once).
    assert living_allowance(2, 2025).annual == (Decimal("538.69") * 13 * Decimal("1.57")).quantize(Decimal("0.01"))
    assert living_allowance(4, 2025).monthly == Decimal("1435.61")  # 538,69 × 13 × 2,46 / 12 = 1.435,6089


def test_signals_and_suggestion():
    calm = overindebtedness_orientation(
        monthly_income=Decimal(3000), monthly_instalments=Decimal(300), members=2, year=2025
    )
    assert not calm.suggest_occ and [s.band for s in calm.signals] == [Band.GREEN]
    two_ambers = overindebtedness_orientation(
        monthly_income=Decimal(3000), monthly_instalments=Decimal(1000), members=2, year=2025, arrears=True
    )
    assert two_ambers.suggest_occ and [s.key for s in two_ambers.signals][1:] == ["debt_service_high", "arrears"]
    no_income = overindebtedness_orientation(
        monthly_income=Decimal(0), monthly_instalments=Decimal(200), members=1, year=2025
    )
    assert {s.key for s in no_income.signals if s.band is Band.RED} == {
        "instalments_over_available_income",
        "income_within_incapiente_reference",
    }
    short = overindebtedness_orientation(
        monthly_income=Decimal(5000), monthly_instalments=Decimal(100), members=1, year=2025, shortfall=Decimal(50)
    )
    assert short.suggest_occ and short.signals[-1].key == "minimums_not_covered"
    assert "non un parere legale" in calm.disclaimer_it
    assert [p.reference for p in calm.procedures] == ["artt. 67-73 CCII", "artt. 268-277 CCII", "art. 283 CCII"]
    assert calm.where_to_go[0].reference.startswith("http")


def test_sample_households():
    results = {name: household_orientation(load_sample(name), year=2026) for name in sample_names()}
    assert results["prestiti_revolving"].suggest_occ
    assert not results["coppia_neonato"].suggest_occ
    sample = load_sample("prestiti_revolving")
    plan = payoff_plan(debts_from_household(sample), Decimal(500))
    with_plan = household_orientation(sample, year=2026, plan=plan)
    assert with_plan.signals[-1].key == "minimums_not_covered"


def test_bad_input():
    with pytest.raises(InvalidAmountError):
        overindebtedness_orientation(monthly_income=Decimal(-1), monthly_instalments=Decimal(1), members=1, year=2025)
    with pytest.raises(InvalidAmountError):
        overindebtedness_orientation(monthly_income=1000.0, monthly_instalments=Decimal(1), members=1, year=2025)
    with pytest.raises(InvalidInputError) as info:
        overindebtedness_orientation(monthly_income=Decimal(1), monthly_instalments=Decimal(1), members=0, year=2025)
    assert info.value.field == "members"
    with pytest.raises(InvalidInputError):
        living_allowance(2, 2025, basis="altro")


def test_budget_deficit_is_a_signal():
    # The sample spends more than it earns: the deficit is an amber signal beside the arrears and the 30 % one.
    result = household_orientation(load_sample("prestiti_revolving"), year=2026)
    deficit = next(s for s in result.signals if s.key == "budget_deficit")
    assert deficit.band is Band.AMBER and "più di quanti ne entrano" in deficit.text_it
    # The 2026 figure is verified; in 2027 it is carried forward, and the sentence using it says so.
    assert "l'ultimo verificato" not in result.signals[0].text_it
    later = household_orientation(load_sample("prestiti_revolving"), year=2027)
    assert "del 2026, l'ultimo verificato" in later.signals[0].text_it
