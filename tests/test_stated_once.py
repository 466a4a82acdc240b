"""Each rule stated once: one rounding path for money, and no legal figure written into code or a sentence.

These tests read the package's source. They fail when someone rounds money
inline (``.quantize``, ``round``) instead of through ``money.cents`` and
``money.round_fraction``, or writes a percentage, an amount in euro or a
legal deadline into a sentence instead of formatting it from the data
files (``italy/data``). The allowed exceptions are listed with the reason.
"""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "oltre_finance"
SOURCES = sorted(PACKAGE.rglob("*.py"))
ROUNDING_HOME = PACKAGE / "money.py"

#: A percentage, an amount in euro, or a duration in days, weeks or years written as digits.
LEGAL_FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s?%|\d[\d.]*(?:,\d+)?\s?€|\b\d+\s+(?:giorni|settimane|anni)\b")
#: Figures that are not rules: page layout, the apps' own twelve-month horizon, field ranges of the forms.
NOT_A_RULE = {
    ("ui/style.py", "*"),  # CSS widths and positions
    ("*", "100%"),  # CSS width of a widget
    ("*", "100 %"),  # a percentage can go from 0 to 100 %
    ("*", "0 €"),  # nothing
    ("validate.py", "5 %"),  # the English example "0.05 for 5 %"
}


def _docstring_ids(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _trees():
    for path in SOURCES:
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_money_is_rounded_only_by_cents_and_round_fraction():
    offenders = []
    for path, tree in _trees():
        if path == ROUNDING_HOME:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == "quantize") or (
                isinstance(func, ast.Name) and func.id == "round"
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == [], "round through money.cents() or money.round_fraction(): " + ", ".join(offenders)


def _sentences():
    for path, tree in _trees():
        skip = _docstring_ids(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                yield path.relative_to(PACKAGE).as_posix(), node.lineno, node.value


def _allowed(where: str, figure: str) -> bool:
    return any(place in ("*", where) and token in ("*", figure) for place, token in NOT_A_RULE)


def test_no_legal_figure_is_written_into_code_or_a_sentence():
    found = [
        f"{where}:{line}: {match.group(0)!r}"
        for where, line, text in _sentences()
        for match in LEGAL_FIGURE.finditer(text)
        if not _allowed(where, match.group(0))
    ]
    assert found == [], "format these from the data files: " + "; ".join(found)


def test_rule_modules_hold_no_decimal_constants():
    # The modules that apply Italian rules read every figure from their data file.
    rule_modules = [*sorted((PACKAGE / "italy").glob("*.py")), PACKAGE / "loans" / "affordability.py"]
    found = []
    for path in rule_modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Decimal"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value) not in ("0", "1", "10")
            ):
                found.append(f"{path.name}:{node.lineno}: Decimal({node.args[0].value!r})")
    assert found == []


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("Presentate la domanda entro 68 giorni.", True),
        ("si detrae il 19 % della spesa", True),
        ("fino a 1.549,37 € l'anno", True),
        ("entro {days} giorni", False),
        ("nei prossimi 12 mesi", False),
    ],
)
def test_the_scan_recognises_legal_figures(text, caught):
    # The scan itself can fail: a sentence with a written figure is found, one that formats it is not.
    assert bool(LEGAL_FIGURE.search(text)) is caught
