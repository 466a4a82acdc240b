"""The course material: the modules of ``course_material/``, their documents, and the checks they must pass.

Each module is a folder with five text notebooks (MyST, read by jupytext):
``lezione.md`` (the lesson), ``esercizi.md`` (exercises, printed without
solutions), ``soluzioni.md`` (worked solutions), ``guida.md`` (the facilitator
guide) and ``scheda.md`` (the participants' handout). ``corso.json`` lists the
modules in order, with the competencies each claims, and the competency
framework (OECD/INFE content areas, codes of our own).

``python -m oltre_finance.course.material FOLDER...`` runs a module's
documents and prints what the checks find: readability, hand-typed euro
amounts, competency sections.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from oltre_finance.course.markdown import document_blocks, markdown_blocks, plain_text
from oltre_finance.readability import Readability, gulpease

__all__ = [
    "DOCUMENTS",
    "MIN_GULPEASE",
    "Course",
    "Module",
    "competency_sections",
    "course",
    "default_course_root",
    "execute",
    "hand_typed_amounts",
    "read_document",
    "readability",
]

#: The documents of a module, in the order the site lists them, with their Italian names.
DOCUMENTS = {
    "lezione": "Lezione",
    "esercizi": "Esercizi",
    "soluzioni": "Soluzioni",
    "guida": "Guida per chi conduce",
    "scheda": "Scheda per i partecipanti",
}
#: The least Gulpease index of the participants' documents (the issue's thresholds; exercises as lessons).
MIN_GULPEASE = {"lezione": 50, "esercizi": 50, "scheda": 60}

# A euro amount written as text: "1.234,56 €", "200 euro", "€ 50", "EUR 10".
_EURO = re.compile(r"\d[\d.,]*\s?(€|euro\b|EUR\b)|(€|EUR)\s?\d+([.,]\d+)*", re.IGNORECASE)
_MARKER = re.compile(r"<!--\s*competenza:\s*([A-Z]{2}\d+)\s*-->")


def default_course_root() -> Path:
    """``course_material/`` of the source checkout, else of the current directory."""
    checkout = Path(__file__).resolve().parent.parent.parent / "course_material"
    return checkout if checkout.is_dir() else Path.cwd() / "course_material"


@dataclass(frozen=True, kw_only=True)
class Module:
    """One module: its number, folder, title (the lesson's first heading), summary and competencies."""

    number: int
    folder: Path
    title: str
    summary: str
    competencies: tuple[str, ...]

    def document(self, name: str) -> Path:
        return self.folder / f"{name}.md"

    @property
    def slug(self) -> str:
        return self.folder.name


@dataclass(frozen=True, kw_only=True)
class Course:
    title: str
    areas: dict[str, str]
    #: code → (area, Italian text, terms the section teaching it uses)
    competencies: dict[str, tuple[str, str, tuple[str, ...]]]
    source: str
    modules: tuple[Module, ...]


def read_document(path: Path) -> Any:
    """A text notebook as an nbformat notebook."""
    import jupytext

    return jupytext.read(path)


def _title(path: Path) -> str:
    if not path.is_file():  # a module being written: named after its folder until its lesson exists
        return path.parent.name
    for block in markdown_blocks(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]):
        if block["kind"] == "heading" and block["level"] == 1:
            return "".join(span["text"] for span in block["spans"]).strip()
    raise ValueError(f"{path}: no title (a first-level heading)")


@cache
def course(root: Path | None = None) -> Course:
    """The course in ``root`` (default :func:`default_course_root`), read from ``corso.json``."""
    root = root or default_course_root()
    data = json.loads((root / "corso.json").read_text(encoding="utf-8"))
    framework = data["framework"]
    competencies = {code: (code[:2], entry["text_it"], tuple(entry["terms"]))
                    for code, entry in framework["competencies"].items()}  # fmt: skip
    modules = tuple(
        Module(number=number, folder=root / entry["folder"], title=_title(root / entry["folder"] / "lezione.md"),
               summary=entry["summary_it"], competencies=tuple(entry["competencies"]))
        for number, entry in enumerate(data["modules"], start=1)
    )  # fmt: skip
    return Course(title=data["title_it"], areas=dict(framework["areas"]), competencies=competencies,
                  source=framework["source"], modules=modules)  # fmt: skip


def execute(notebook: Any, *, static: bool, cwd: Path, timeout: int = 300) -> Any:
    """Run ``notebook`` in a fresh kernel (in place); ``static`` as the course build runs it.

    Any error stops it; a warning printed by a cell is an error too (``filterwarnings = error`` for lessons).
    """
    from nbclient import NotebookClient

    from oltre_finance.course.lesson import STATIC

    environment = dict(os.environ)
    environment.pop(STATIC, None)
    if static:
        environment[STATIC] = "1"
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})  # fmt: skip
    client.execute(env=environment)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                raise RuntimeError(f"a cell printed to stderr: {output.get('text', '')[:300]}")
    return notebook


def _string_literals(source: str) -> Iterator[str]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING:
                yield token.string
    except (tokenize.TokenError, SyntaxError):
        yield source


def hand_typed_amounts(notebook: Any) -> list[str]:
    """Euro amounts written by hand: in Markdown cells, and in the string literals of code cells.

    Amounts must be computed by the package and formatted (``format_eur``), so that the material
    cannot drift from the code.
    """
    found: list[str] = []
    for cell in notebook.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else list(_string_literals(cell.source))
        for text in texts:
            found.extend(match.group(0) for match in _EURO.finditer(text))
    return found


def competency_sections(notebook: Any) -> dict[str, str]:
    """code → the text (Markdown cells and displayed Markdown) of the section that starts at its marker.

    A marker ``<!-- competenza: PG1 -->`` opens a section that runs to the next marker or the next
    heading of level 1 or 2.
    """
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for cell in notebook.cells:
        pieces = [cell.source] if cell.cell_type == "markdown" else [
            output["data"]["text/markdown"] for output in cell.get("outputs", [])
            if "text/markdown" in output.get("data", {})]  # fmt: skip
        for piece in pieces:
            for line in piece.splitlines():
                marker = _MARKER.search(line)
                if marker:
                    current = sections.setdefault(marker.group(1), [])
                    continue
                if re.match(r"#{1,2} ", line) and any(text.strip() for text in current):
                    current = []  # the section ended: text from here on belongs to no competency
                current.append(line)
    return {code: "\n".join(lines) for code, lines in sections.items()}


def readability(executed: Any) -> Readability:
    """The Gulpease index of what a reader sees in an executed document (prose only, see ``plain_text``)."""
    return gulpease(plain_text(document_blocks(executed)))


def _check(folder: Path) -> int:
    everything = course(folder.parent)
    module = next((m for m in everything.modules if m.folder.resolve() == folder.resolve()), None)
    problems = 0
    for name in DOCUMENTS:
        path = folder / f"{name}.md"
        if not path.is_file():
            print(f"{path}: MANCA")
            problems += 1
            continue
        notebook = execute(read_document(path), static=True, cwd=folder)
        score = readability(notebook)
        least = MIN_GULPEASE.get(name)
        typed = hand_typed_amounts(read_document(path))
        flag = "" if least is None or score.gulpease >= least else f"  SOTTO {least}"
        print(f"{path}: Gulpease {score.gulpease} ({score.words} parole){flag}")
        if typed:
            print(f"   importi scritti a mano: {typed}")
            problems += 1
        problems += bool(flag)
        if module is not None and name in ("lezione", "esercizi"):
            for code, text in competency_sections(notebook).items():
                terms = everything.competencies.get(code, ("", "", ()))[2]
                missing = [term for term in terms if term.lower() not in text.lower()]
                print(f"   competenza {code}: {'ok' if not missing else 'mancano ' + ', '.join(missing)}")
                problems += bool(missing) or code not in module.competencies
    return problems


if __name__ == "__main__":
    sys.exit(1 if sum(_check(Path(argument)) for argument in sys.argv[1:]) else 0)
