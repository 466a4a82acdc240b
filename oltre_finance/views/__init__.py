"""View models: one per app, pure Python, no widgets.

Each app's module has the same shape: a frozen input record, a parse step
that returns typed inputs or ``{field: Italian message}``, and a compute
step that returns a frozen result made of plain data (cards, banners,
tables, chart series, sentences). :mod:`oltre_finance.views.render` turns
results into HTML; the widgets in :mod:`oltre_finance.ui` only bind values
and show the result. The consultation and the printed plan reuse them.
"""
