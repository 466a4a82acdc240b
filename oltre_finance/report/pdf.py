"""The plan as a PDF, typeset with Typst: tagged, with the charts' text alternative, fonts shipped here.

The document's texts travel as JSON data (``data.json``), never spliced into
Typst markup, so a name or a note with Typst syntax is printed as typed.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, is_dataclass
from importlib.resources import as_file
from importlib.resources import files as files_of
from pathlib import Path
from typing import Any

import typst

from oltre_finance.report.document import PlanDocument

__all__ = ["plan_pdf", "typeset"]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {key: _plain(item) for key, item in asdict(value).items()}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _data(document: PlanDocument, attachments: dict[str, bytes]) -> dict[str, Any]:
    sections = []
    for section in document.sections:
        figures = []
        for figure in section.figures:
            name = f"{figure.key}.svg"
            attachments[name] = figure.svg.encode("utf-8")
            figures.append({"file": name, "alt": figure.alt, "caption": figure.caption})
        sections.append({
            "key": section.key, "title": section.title, "sentences": list(section.sentences),
            "cards": [_plain(c) for c in section.cards], "banners": [_plain(b) for b in section.banners],
            "tables": [_plain(t) for t in section.tables], "figures": figures,
        })  # fmt: skip
    return {
        "title": document.title,
        "subtitle": document.subtitle,
        "sections": sections,
        "contacts": [_plain(c) for c in document.contacts],
        "glossary": [list(entry) for entry in document.glossary],
        "disclaimer": document.disclaimer,
    }


def typeset(template: str, data: dict[str, Any], files: dict[str, bytes] | None = None) -> bytes:
    """Typeset ``template`` (Typst markup that reads ``data.json``) with ``files`` beside it, as a PDF.

    A4 settings are the template's; the fonts are the package's DejaVu only, the PDF is tagged (PDF/UA-1).
    """
    with (
        tempfile.TemporaryDirectory(prefix="oltre-finance-pdf-") as name,
        as_file(files_of("oltre_finance.report")) as package,
    ):
        folder = Path(name)
        for file_name, content in (files or {}).items():
            (folder / file_name).write_bytes(content)
        (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (folder / "main.typ").write_text(template, encoding="utf-8")
        return typst.compile(
            str(folder / "main.typ"), root=str(folder), font_paths=[str(package / "fonts")],
            ignore_system_fonts=True, format="pdf", pdf_standards=["ua-1"],
        )  # fmt: skip


def plan_pdf(document: PlanDocument) -> bytes:
    """The PDF of ``document`` (A4, tagged, Italian hyphenation, the package's DejaVu fonts only)."""
    figures: dict[str, bytes] = {}
    data = _data(document, figures)
    return typeset((files_of("oltre_finance.report") / "plan.typ").read_text(encoding="utf-8"), data, figures)
