"""The plan as one HTML page for the screen: Jinja2 with autoescaping, charts inline, nothing from a CDN."""

from __future__ import annotations

import base64
from functools import cache
from importlib.resources import files

import jinja2

from oltre_finance.report.document import PlanDocument

__all__ = ["plan_html"]


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return environment.from_string(files("oltre_finance.report").joinpath("plan.html.j2").read_text(encoding="utf-8"))


def plan_html(document: PlanDocument) -> str:
    """The page of ``document``: every text escaped, so what a person typed is shown as typed."""
    return _template().render(doc=document)
