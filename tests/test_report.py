"""The printed plan: the same figures as the view models, in a tagged PDF, an escaped HTML page and a workbook."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pypdf
import pypdfium2
import pytest

from oltre_finance.consultation import Action, Case, Meeting, Plan
from oltre_finance.followup import compare_meetings
from oltre_finance.household import household_from_dict
from oltre_finance.io.samples import load_sample, sample_names
from oltre_finance.report import plan_document
from oltre_finance.report.html import plan_html
from oltre_finance.report.pdf import plan_pdf
from oltre_finance.report.xlsx import plan_xlsx
from oltre_finance.views.budget import budget_view

FIRST, SECOND = date(2026, 12, 1), date(2027, 2, 10)
HOSTILE = '<script>alert(1)</script> #set page(width: 1cm) =HYPERLINK("http://x") *grassetto*'
A4_WIDTH = 595.28  # points


def _later(household):
    """The household at the second meeting: debts 10 % lower, the first income 100 € higher."""
    data = household.model_dump(mode="json")
    for debt in data["debts"]:
        debt["balance"] = str((Decimal(debt["balance"]) * Decimal("0.9")).quantize(Decimal("0.01")))
    if data["incomes"]:
        data["incomes"][0]["amount"] = str(Decimal(data["incomes"][0]["amount"]) + 100)
    return household_from_dict(data)


def _case(key, *, hostile=False):
    household = load_sample(key)
    text = HOSTILE if hostile else "Chiedere l'ISEE corrente"
    plan = Plan(debt_extra=Decimal(40), savings_monthly=Decimal(30),
                actions=(Action(text=text, owner=HOSTILE if hostile else "Famiglia", due=date(2027, 1, 15)),),
                notes=HOSTILE if hostile else "")  # fmt: skip
    meetings = (
        Meeting(number=1, on=FIRST, consultant="Anna", household=household, plan=plan),
        Meeting(number=2, on=SECOND, consultant=HOSTILE if hostile else "Anna", household=_later(household),
                plan=plan, notes=HOSTILE if hostile else ""),
    )  # fmt: skip
    return Case(code="OF-PROVA", opened_on=FIRST, meetings=meetings)


def _pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text.replace("\u2212", "-").replace("\u00ad", "")).replace("\u00a0", " ")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module", params=sorted(sample_names()))
def rendered(request):
    case = _case(request.param)
    document = plan_document(case, 2)
    return case, document, plan_pdf(document)


def test_the_plan_holds_the_figures_the_apps_compute(rendered):
    case, document, pdf = rendered
    meeting = case.meeting(2)
    text = _pdf_text(pdf)
    budget = budget_view(meeting.household, today=SECOND)  # the budget app's own view, computed apart
    for card in budget.cards:
        assert _flat(card.value) in text, card.label
    for month in budget.months[:3]:
        assert _flat(f"{month.cash:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")) in text
    comparison = compare_meetings(case, 1, 2, today=SECOND)
    assert _flat(comparison.sentences_it[0]) in text
    for card in document.payoff.cards:
        assert _flat(card.value) in text
    assert "Chiedere l'ISEE corrente" in text and "A chi rivolgersi" in text and "Le parole del piano" in text


def test_the_pdf_is_tagged_in_italian_with_a_title_and_the_chart_described(rendered):
    _, document, pdf = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "it" and "/StructTreeRoot" in root
    assert reader.metadata.title == document.title
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids] if kids is not None else []:
                walk(kid)

    walk(root["/StructTreeRoot"])
    charts = [f for s in document.sections for f in s.figures]
    assert charts and all(any(_flat(f.alt)[:60] in _flat(alt) for alt in alts) for f in charts)


def test_the_pages_render_and_are_a4(rendered):
    *_, pdf = rendered
    pages = pypdfium2.PdfDocument(pdf)
    assert 3 <= len(pages) <= 12
    for index in range(len(pages)):
        page = pages[index]
        assert abs(page.get_width() - A4_WIDTH) < 1
        image = page.render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 100  # something dark is printed on every page


def test_hostile_text_is_printed_as_typed_everywhere():
    case = _case("prestiti_revolving", hostile=True)
    document = plan_document(case, 2)
    pdf = plan_pdf(document)
    assert all(abs(page.get_width() - A4_WIDTH) < 1 for page in pypdfium2.PdfDocument(pdf))  # no #set page ran
    text = _pdf_text(pdf)
    assert "#set page(width: 1cm)" in text and "<script>alert(1)</script>" in text and "*grassetto*" in text
    page = plan_html(document)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(document, case.meeting(2).household)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith("=HYPERLINK"))


def test_the_html_page_needs_nothing_from_outside():
    page = plan_html(plan_document(_case("madre_separata"), 2))
    assert '<html lang="it">' in page
    assert not re.search(r"<(script|link|iframe)\b", page)
    sources = re.findall(r'src="([^"]+)"', page)
    assert sources and all(src.startswith("data:image/svg+xml;base64,") for src in sources)
    assert all(re.search(r'<img [^>]*alt="[^"]{40,}"', page) for _ in sources)


def _evaluate(sheet, reference, depth=0):
    """The value of a cell, evaluating the workbook's own simple formulas (=A-B, =A+B, =SUM, =SUMIF)."""
    value = sheet[reference].value
    if not (isinstance(value, str) and value.startswith("=")):
        return Decimal(str(value)) if isinstance(value, int | float) else value
    formula = value[1:]
    if match := re.fullmatch(r'SUMIF\(B(\d+):B(\d+),"(\w+)",C\d+:C\d+\)', formula):
        low, high, kind = int(match[1]), int(match[2]), match[3]
        return sum((_evaluate(sheet, f"C{r}", depth + 1) for r in range(low, high + 1)
                    if sheet[f"B{r}"].value == kind), Decimal(0))  # fmt: skip
    if match := re.fullmatch(r"SUM\(([A-Z])(\d+):[A-Z](\d+)\)", formula):
        return sum((_evaluate(sheet, f"{match[1]}{r}", depth + 1) for r in range(int(match[2]), int(match[3]) + 1)),
                   Decimal(0))  # fmt: skip
    left, sign, right = re.fullmatch(r"([A-Z]\d+)([+-])([A-Z]\d+)", formula).groups()
    a, b = _evaluate(sheet, left, depth + 1), _evaluate(sheet, right, depth + 1)
    return a + b if sign == "+" else a - b


@pytest.mark.parametrize("key", sorted(sample_names()))
def test_the_workbook_has_the_plans_figures_and_recomputes(key):
    case = _case(key)
    meeting = case.meeting(2)
    document = plan_document(case, 2)
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(document, meeting.household)))
    assert book.sheetnames == ["Bilancio", "Calendario", "Debiti", "Risparmi"]
    budget = book["Bilancio"]
    labels = {row[0].value: row for row in budget.iter_rows(min_row=3)}
    summary = document.budget.summary
    for title, expected in (("Entrate al mese", summary.income), ("Uscite al mese", summary.expenses),
                            ("Saldo del mese", summary.balance)):  # fmt: skip
        cell = labels[title][2]
        assert cell.number_format.startswith("#,##0.00")
        assert abs(_evaluate(budget, cell.coordinate) - expected) <= Decimal("0.01") * len(meeting.household.expenses)
    calendar = book["Calendario"]
    for offset, month in enumerate(document.budget.months):
        row = 4 + offset
        assert Decimal(str(calendar[f"B{row}"].value)) == month.income
        assert Decimal(str(calendar[f"C{row}"].value)) == month.outgoings
        assert abs(_evaluate(calendar, f"E{row}") - month.cash) < Decimal("0.005")
    debts = book["Debiti"]
    for index, outcome in enumerate(document.payoff.plan.outcomes):
        assert debts[f"A{3 + index}"].value == outcome.name
        assert Decimal(str(debts[f"C{3 + index}"].value)) == outcome.interest
    savings = book["Risparmi"]
    rows = document.savings.projection.rows
    assert Decimal(str(savings[f"C{2 + len(rows)}"].value)) == rows[-1].balance


def test_the_first_meeting_has_no_progress_section_and_the_second_has_it():
    case = _case("coppia_neonato")
    assert "progress" not in [s.key for s in plan_document(case, 1).sections]
    assert [s.key for s in plan_document(case, 2).sections][1] == "progress"
