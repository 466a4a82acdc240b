"""The personalised plan of a meeting: one document model rendered as PDF (Typst), HTML (Jinja2) and xlsx."""

from oltre_finance.report.document import Contact, Figure, PlanDocument, Section, plan_document

__all__ = ["Contact", "Figure", "PlanDocument", "Section", "plan_document"]
