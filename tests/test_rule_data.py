"""Every dated Italian rule: sourced, without gaps or overlaps, and `version_on` picks the right period.

The checks run over whatever series the data files hold (``all_series``),
so a rule added tomorrow is checked the same way.
"""

import itertools
from datetime import date, timedelta

import pytest

from oltre_finance.cli import rules_report
from oltre_finance.errors import RuleDataError
from oltre_finance.italy.data_files import all_series, series, stale_series, version_on

ONE_DAY = timedelta(days=1)
SERIES = all_series()


def _day(text):
    return None if text is None else date.fromisoformat(text)


def test_the_package_has_every_rule_it_uses():
    keys = {rule.key for rule in SERIES}
    expected = {
        "naspi.json", "assegno_unico.json", "assegno_sociale.json", "bonus_sociale.json", "isee.json#ordinario",
        "isee.json#familiare", "isee.json#equivalence_scale", "care.json#domestic_work",
        "care.json#companion_allowance", "care.json#tax_relief", "quinto.json#salary", "quinto.json#pension",
        "savings_instruments.json#taxes", "savings_instruments.json#stamp_duty", "usury.json#tables",
        "usury.json#formula", "affordability.json#instalment_to_income",
    }  # fmt: skip
    assert expected <= keys


@pytest.mark.parametrize("rule", SERIES, ids=lambda rule: rule.key)
def test_every_version_has_a_source_and_a_period(rule):
    assert rule.title_it and rule.versions
    for version in rule.versions:
        source = version["source"]
        text = source["act"] if not isinstance(source, str) else source
        assert text.strip(), f"{rule.key} {version['valid_from']}: no source"
        start, end = _day(version["valid_from"]), _day(version.get("valid_to"))
        assert end is None or start <= end
    # Only the last version may be open-ended (in force until the law changes).
    assert all(version.get("valid_to") is not None for version in rule.versions[:-1])


@pytest.mark.parametrize("rule", SERIES, ids=lambda rule: rule.key)
def test_periods_leave_no_gap_and_do_not_overlap(rule):
    for before, after in itertools.pairwise(rule.versions):
        assert _day(after["valid_from"]) == _day(before["valid_to"]) + ONE_DAY, (
            f"{rule.key}: {before['valid_to']} → {after['valid_from']}"
        )


@pytest.mark.parametrize("rule", SERIES, ids=lambda rule: rule.key)
def test_verified_to_is_within_the_last_period(rule):
    last_start, last_end = _day(rule.versions[-1]["valid_from"]), _day(rule.versions[-1].get("valid_to"))
    assert rule.verified_to >= last_start
    if last_end is not None:
        assert rule.verified_to == last_end  # a dated period is verified to its end, not beyond


@pytest.mark.parametrize("rule", SERIES, ids=lambda rule: rule.key)
def test_version_on_picks_each_period_and_flags_what_is_carried_forward(rule):
    for version in rule.versions:
        start = _day(version["valid_from"])
        end = _day(version.get("valid_to")) or rule.verified_to
        for day in (start, end):
            picked = version_on(rule, day)
            assert picked.valid_from == start and not picked.carried_forward
    with pytest.raises(RuleDataError) as before:
        version_on(rule, rule.first_day - ONE_DAY)
    assert before.value.message_it.startswith("Nessun dato per")
    later = rule.verified_to + ONE_DAY
    if rule.carry_forward:
        carried = version_on(rule, later)
        assert carried.carried_forward and carried.valid_from == _day(rule.versions[-1]["valid_from"])
        assert carried.verified_to == rule.verified_to
    else:
        with pytest.raises(RuleDataError):
            version_on(rule, later)


def test_a_version_read_is_read_only():
    version = version_on(series("naspi.json"), date(2024, 6, 1))
    with pytest.raises(TypeError):
        version.data["monthly_cap"] = "0"  # type: ignore[index]
    with pytest.raises(AttributeError):
        version.carried_forward = True  # type: ignore[misc]


def test_stale_report_lists_exactly_the_rules_verified_before_today():
    today = date(2026, 12, 1)
    stale = {rule.key for rule in stale_series(today)}
    assert stale == {rule.key for rule in SERIES if rule.verified_to < today}
    lines = rules_report(today, stale_only=True)
    assert len(lines) == 1 + len(stale)
    for key in stale:
        assert any(f"[{key}]" in line for line in lines)
    # Ten years on, every yearly figure is stale; the day after the last verified day, only those verified to it.
    assert {rule.key for rule in stale_series(date(2036, 1, 1))} == {rule.key for rule in SERIES}
    newest = max(rule.verified_to for rule in SERIES)
    assert rules_report(newest, stale_only=True) != rules_report(newest + ONE_DAY, stale_only=True)
    assert "Nessuna regola scaduta" in rules_report(date(2000, 1, 1), stale_only=True)[0]


def test_the_command_lists_the_stale_rules(capsys):
    from oltre_finance.cli import main

    assert main(["rules", "--stale", "--today", "2026-12-01"]) == 0
    printed = capsys.readouterr().out
    expected = [rule for rule in SERIES if rule.verified_to < date(2026, 12, 1)]
    assert printed.count("\n- ") == len(expected) and all(f"[{rule.key}]" in printed for rule in expected)
    assert main(["rules"]) == 0
    assert capsys.readouterr().out.count("\n- ") == len(SERIES)
    with pytest.raises(SystemExit):
        main(["rules", "--today", "2027-13-01"])
    assert "data non valida" in capsys.readouterr().err
