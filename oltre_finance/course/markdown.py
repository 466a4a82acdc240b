"""Course documents as plain blocks: for the printed sheets (Typst reads them as data) and for readability.

An executed text notebook becomes a list of blocks (headings, paragraphs,
lists, quotes, tables, images, formulas) whose inline text is a list of spans.
Markdown cells and the Markdown that lesson cells display (:mod:`.lesson`)
are read the same way; HTML comments (the competency markers) and raw HTML
are left out.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import mistune

__all__ = ["Block", "document_blocks", "markdown_blocks", "plain_text"]

Block = dict[str, Any]
_PARSE = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough", "math"])


def _spans(children: list[dict[str, Any]], *, strong: bool = False, emph: bool = False) -> list[dict[str, Any]]:
    spans: list[dict[str, Any]] = []
    for child in children:
        kind = child["type"]
        if kind == "text":
            spans.append({"text": child["raw"], "strong": strong, "emph": emph})
        elif kind in ("softbreak", "linebreak"):
            spans.append({"text": " ", "strong": strong, "emph": emph})
        elif kind == "strong":
            spans.extend(_spans(child["children"], strong=True, emph=emph))
        elif kind == "emphasis":
            spans.extend(_spans(child["children"], strong=strong, emph=True))
        elif kind == "codespan" or kind == "inline_math":
            spans.append({"text": child["raw"], "strong": strong, "emph": emph, "code": True})
        elif kind in ("link", "strikethrough"):
            spans.extend(_spans(child.get("children", []), strong=strong, emph=emph))
        # inline HTML and images inside text are left out
    return spans


def _blocks(tokens: list[dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = []
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            blocks.append({"kind": "heading", "level": token["attrs"]["level"], "spans": _spans(token["children"])})
        elif kind in ("paragraph", "block_text"):
            spans = _spans(token["children"])
            if "".join(span["text"] for span in spans).strip():
                blocks.append({"kind": "paragraph", "spans": spans})
        elif kind == "list":
            items = [_blocks(item["children"]) for item in token["children"]]
            attrs = token["attrs"]
            blocks.append({"kind": "list", "ordered": attrs["ordered"], "start": attrs.get("start", 1), "items": items})
        elif kind == "block_quote":
            blocks.append({"kind": "quote", "blocks": _blocks(token["children"])})
        elif kind == "table":
            head, body = token["children"][0], token["children"][1] if len(token["children"]) > 1 else None
            blocks.append({
                "kind": "table",
                "align": [cell["attrs"]["align"] or "left" for cell in head["children"]],
                "header": [_spans(cell["children"]) for cell in head["children"]],
                "rows": [[_spans(cell["children"]) for cell in row["children"]]
                         for row in (body["children"] if body else [])],
            })  # fmt: skip
        elif kind == "block_math":
            blocks.append({"kind": "math", "text": token["raw"].strip()})
        elif kind == "block_code":
            blocks.append({"kind": "code", "text": token["raw"].rstrip()})
        # blank lines, thematic breaks and raw HTML (comments, markers) are left out
    return blocks


def markdown_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown text.

    Examples
    --------
    >>> markdown_blocks("## Il mese\\n\\nLe **entrate**.")[1]["spans"][1]
    {'text': 'entrate', 'strong': True, 'emph': False}
    """
    tokens = _PARSE(text)
    assert isinstance(tokens, list)
    return _blocks(tokens)


def document_blocks(notebook: Any) -> list[Block]:
    """The blocks a reader sees in an executed notebook: Markdown cells and the Markdown and charts of outputs.

    A chart is ``{"kind": "image", "format": "svg" or "png", "data": bytes, "alt": ..., "caption": ...}``.
    """
    blocks: list[Block] = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            blocks.extend(markdown_blocks(cell.source))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/svg+xml" in data or "image/png" in data:
                    kind = "image/svg+xml" if "image/svg+xml" in data else "image/png"
                    about = output.get("metadata", {}).get(kind, {})
                    picture = data[kind].encode("utf-8") if kind == "image/svg+xml" else base64.b64decode(data[kind])
                    blocks.append({"kind": "image", "format": "svg" if kind == "image/svg+xml" else "png",
                                   "data": picture, "alt": about.get("alt", ""),
                                   "caption": about.get("caption", "")})  # fmt: skip
                elif "text/markdown" in data:
                    blocks.extend(markdown_blocks(data["text/markdown"]))
    return blocks


def _text(spans: list[dict[str, Any]]) -> str:
    return " ".join("".join(span["text"] for span in spans if not span.get("code")).split())


def _lines(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        kind = block["kind"]
        if kind in ("heading", "paragraph"):
            yield _text(block["spans"])
        elif kind == "list":
            for item in block["items"]:
                yield from _lines(item)
        elif kind == "quote":
            yield from _lines(block["blocks"])


def plain_text(blocks: list[Block]) -> str:
    """The prose of ``blocks``, one block per line, for :func:`~oltre_finance.readability.gulpease`.

    Headings, paragraphs, list items and quotes are prose; tables, formulas, code and charts are not
    (a table of figures would look easier to read than it is).

    Examples
    --------
    >>> plain_text(markdown_blocks("# Il mese\\n\\n- le `entrate`;\\n- le spese.\\n\\n| a |\\n|---|\\n| 1 |"))
    'Il mese\\nle ;\\nle spese.'
    """
    return "\n".join(line for line in _lines(blocks) if line)
