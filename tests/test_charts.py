"""The charts say what the figures say: read off their own axis, the marks give back the core's numbers.

Each test draws a chart from the core's results, then reads it as a person
would: the euro labels of the axis and where they sit give the scale, and
every bar, line or band must stand where that scale puts the core's figure.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oltre_finance.io.samples import load_sample
from oltre_finance.loans import Loan, schedule
from oltre_finance.money import format_number
from oltre_finance.views.budget import budget_view
from oltre_finance.views.charts import (
    INTEREST_COLOUR,
    PRINCIPAL_COLOUR,
    ZERO_COLOUR,
    balances_chart,
    calendar_chart,
    category_chart,
    fan_chart,
    loan_chart,
)
from oltre_finance.views.svg import nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 12, 1)


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.get("aria-hidden") == "true"  # the page around it carries the words
    return root


def _euro(label: str) -> float:
    return float(label.replace(" €", "").replace(".", "").replace(",", ".").replace("−", "-"))


def _axis(root: ET.Element, *, anchor: str = "end"):
    """value → y, from the axis labels a person reads (``anchor`` end: the left axis; start: the right one)."""
    ticks = [(_euro(t.text), float(t.get("y"))) for t in root.iter(f"{SVG}text")
             if t.text and t.text.endswith(" €") and t.get("text-anchor") == anchor]  # fmt: skip
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    assert len(ticks) >= 3 and v1 != v0
    slope = (y1 - y0) / (v1 - v0)
    for value, y in ticks:  # evenly spaced: one straight scale
        assert y == pytest.approx(y0 + (value - v0) * slope, abs=0.2)
    return lambda value: y0 + (value - v0) * slope, abs(slope)


def _label_offset(root: ET.Element) -> float:
    """A tick label sits a third of its size below its grid line (to centre it): the grid is at y − offset."""
    sizes = {float(t.get("font-size")) for t in root.iter(f"{SVG}text") if t.text and t.text.endswith(" €")}
    return min(sizes) * 0.35


def _line(root: ET.Element, colour: str) -> ET.Element:
    """The one straight line of ``colour`` in the plot (the legend's 16-unit swatch left out)."""

    def swatch(line: ET.Element) -> bool:
        return float(line.get("x2")) - float(line.get("x1")) == 16 and line.get("y1") == line.get("y2")

    lines = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == colour and not swatch(line)]
    assert len(lines) == 1
    return lines[0]


def _rects(root: ET.Element, colour: str) -> list[tuple[float, float, float, float]]:
    """The bars of one colour, left to right (the legend's 16 × 10 swatch left out)."""
    found = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height")) for r in root.iter(f"{SVG}rect")
             if r.get("fill") == colour]  # fmt: skip
    return sorted((r for r in found if (r[2], r[3]) != (16, 10)), key=lambda r: r[0])


@pytest.mark.parametrize("narrow", [False, True])
def test_each_instalment_bar_is_its_principal_and_interest_and_the_line_is_the_debt_left(narrow):
    plan = schedule(Loan(Decimal(10_000), Decimal("0.075"), 24))
    root = _parse(loan_chart(plan, narrow=narrow))
    to_y, per_euro = _axis(root)
    offset = _label_offset(root)
    principal, interest = _rects(root, PRINCIPAL_COLOUR), _rects(root, INTEREST_COLOUR)
    assert len(principal) == len(interest) == 24
    for row, bar, top in zip(plan.rows, principal, interest, strict=True):
        assert bar[3] == pytest.approx(float(row.principal) * per_euro, abs=0.15)
        assert bar[1] + bar[3] == pytest.approx(to_y(0) - offset, abs=0.15)  # standing on zero
        assert top[3] == pytest.approx(float(row.interest) * per_euro, abs=0.15)
        assert top[1] + top[3] == pytest.approx(bar[1], abs=0.15)  # interest on top of principal
    to_y2, _ = _axis(root, anchor="start")
    line = next(p for p in root.iter(f"{SVG}polyline") if p.get("stroke-dasharray"))
    ys = [float(point.split(",")[1]) for point in line.get("points").split()]
    balances = [float(plan.rows[0].balance + plan.rows[0].principal)] + [float(r.balance) for r in plan.rows]
    assert ys == pytest.approx([to_y2(b) - offset for b in balances], abs=0.15)


def test_a_long_loan_is_drawn_as_two_bands_that_add_up_to_the_instalment():
    plan = schedule(Loan(Decimal(150_000), Decimal("0.035"), 240))
    root = _parse(loan_chart(plan))
    to_y, _ = _axis(root)
    offset = _label_offset(root)
    bands = list(root.iter(f"{SVG}polygon"))
    assert [b.get("fill") for b in bands] == [PRINCIPAL_COLOUR, INTEREST_COLOUR]
    tops = [float(point.split(",")[1]) for point in bands[1].get("points").split()][: 2 * 240 : 2]
    assert tops == pytest.approx([to_y(float(r.principal + r.interest)) - offset for r in plan.rows], abs=0.15)


@pytest.mark.parametrize("narrow", [False, True])
def test_each_category_bar_is_as_long_as_its_amount_and_says_it(narrow):
    view = budget_view(load_sample("cura_genitore"), today=TODAY)
    items = list(view.categories)
    root = _parse(category_chart(items, narrow=narrow))
    bars = sorted(_rects(root, PRINCIPAL_COLOUR), key=lambda r: r[1])  # top to bottom
    assert len(bars) == len(items) >= 3
    per_euro = bars[0][2] / float(items[0][1])
    for (_name, amount), bar in zip(items, bars, strict=True):
        assert bar[2] == pytest.approx(float(amount) * per_euro, abs=0.15)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith(" €")]
    assert labels == [f"{format_number(amount)} €" for _name, amount in items]


def test_an_empty_budget_says_so_instead_of_an_empty_chart():
    root = _parse(category_chart([]))
    assert "Nessuna spesa inserita" in [t.text for t in root.iter(f"{SVG}text")]


def test_the_months_where_outgoings_exceed_income_are_the_orange_bars():
    view = budget_view(load_sample("madre_separata"), today=TODAY)
    months = [(m.year, m.month, m.income, m.outgoings, m.cash) for m in view.months]
    short = [m.outgoings > m.income for m in view.months]
    assert any(short) and not all(short)
    root = _parse(calendar_chart(months))
    to_y, per_euro = _axis(root)
    offset = _label_offset(root)
    outgoing = sorted(_rects(root, INTEREST_COLOUR) + _rects(root, "#999999"), key=lambda r: r[0])
    assert len(outgoing) == 12
    orange = set(_rects(root, INTEREST_COLOUR))
    assert [bar in orange for bar in outgoing] == short
    for month, bar in zip(view.months, outgoing, strict=True):
        assert bar[3] == pytest.approx(float(month.outgoings) * per_euro, abs=0.15)
    cash = next(p for p in root.iter(f"{SVG}polyline"))
    ys = [float(point.split(",")[1]) for point in cash.get("points").split()]
    assert ys == pytest.approx([to_y(float(m.cash)) - offset for m in view.months], abs=0.15)
    zero = _line(root, ZERO_COLOUR)
    assert float(zero.get("y1")) == pytest.approx(to_y(0) - offset, abs=0.15)


def test_the_debt_bands_stack_to_the_total_left_and_the_line_marks_the_free_month():
    names = ["Carta", "Prestito"]
    balances = [(Decimal(1000 - 100 * k), Decimal(max(0, 600 - 150 * k))) for k in range(11)]
    root = _parse(balances_chart(names, balances, (2026, 12), 10))
    to_y, _ = _axis(root)
    offset = _label_offset(root)
    top = list(root.iter(f"{SVG}polygon"))[-1]
    ys = [float(point.split(",")[1]) for point in top.get("points").split()][:11]
    assert ys == pytest.approx([to_y(float(a + b)) - offset for a, b in balances], abs=0.15)
    free = _line(root, ZERO_COLOUR)
    xs = [float(point.split(",")[0]) for point in top.get("points").split()][:11]
    assert float(free.get("x1")) == pytest.approx(xs[10], abs=0.15)


def test_the_goal_line_is_at_the_goal():
    bands = {p: [float(p * k) for k in range(25)] for p in (5, 25, 50, 75, 95)}
    root = _parse(fan_chart(bands, (2026, 12), goal=Decimal(1500), contributed=[50.0 * k for k in range(25)]))
    to_y, _ = _axis(root)
    offset = _label_offset(root)
    goal = _line(root, ZERO_COLOUR)
    assert float(goal.get("y1")) == pytest.approx(to_y(1500) - offset, abs=0.15)
    median = next(p for p in root.iter(f"{SVG}polyline") if p.get("stroke") == "#08306b")
    ys = [float(point.split(",")[1]) for point in median.get("points").split()]
    assert ys == pytest.approx([to_y(v) - offset for v in bands[50]], abs=0.15)


def test_small_amounts_get_an_axis_whose_labels_all_differ():
    months = [(2027, m, Decimal("0.40"), Decimal("0.30") * (m % 2), Decimal("0.10") * m) for m in range(1, 13)]
    labels = [t.text for t in _parse(calendar_chart(months)).iter(f"{SVG}text") if t.text and t.text.endswith(" €")]
    assert len(labels) >= 2 and len(set(labels)) == len(labels)


def test_hostile_names_stay_text():
    name = '<script>alert(1)</script> & "#set page(width: 1pt)"'
    root = _parse(category_chart([(name, Decimal(100))]))
    assert name[:29] + "…" in [t.text for t in root.iter(f"{SVG}text")]
    root = _parse(balances_chart([name], [(Decimal(100),), (Decimal(0),)], (2026, 12), 1))
    assert not list(root.iter(f"{SVG}script"))


@given(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(0, 1e9, allow_nan=False),
    st.integers(2, 10),
)
def test_ticks_are_round_evenly_spaced_and_cover_the_range(low, width, most):
    high = low + width
    ticks = nice_ticks(low, high, most=most)
    assert 2 <= len(ticks) <= most + 1
    assert all(tick == int(tick) for tick in ticks)  # the labels show whole euro: no two read the same
    step = ticks[1] - ticks[0]
    # Covered to within a millionth of a step (float noise is not a tick's worth).
    assert ticks[0] <= low + 1e-6 * step and ticks[-1] >= max(high, low + 1) - 1e-6 * step
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert max(steps) - min(steps) <= 1e-6 * step
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - nice) for nice in (1, 2, 2.5, 5, 10)) < 1e-5
