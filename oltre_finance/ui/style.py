"""Shared look of the apps: readable on a projector and on a phone."""

from __future__ import annotations

import ipywidgets as widgets

__all__ = ["stylesheet"]

_CSS = """
<style>
/* The page */
.of-app { font-size: 16px; max-width: 1100px; color: #1a1a1a; }
.of-app h1.of-title { margin: 0.2em 0 0.3em 0; font-size: 1.6em; }
.of-app h2 { font-size: 1.25em; margin: 0.7em 0 0.3em 0; }
.of-app h3 { font-size: 1.05em; }
.of-app .of-intro { color: #444; margin-bottom: 0.8em; }
.of-app .widget-html, .of-app .widget-html-content { max-width: 100%; }
.of-app .widget-html-content { line-height: 1.45; }
.of-app a { color: #0b57a4; }
.of-app img { max-width: 100%; height: auto; }
.of-app button:focus-visible, .of-app input:focus-visible, .of-app select:focus-visible,
.of-app [tabindex]:focus-visible, .of-app a:focus-visible {
  outline: 3px solid #1565c0 !important; outline-offset: 2px; }
/* The headline sticks to the top of Voilà's scrolling area, so no box between may clip it. */
.jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output, .jp-Cell-outputWrapper, .of-app {
  overflow: visible !important; }
.of-headline { position: sticky; top: -10px; z-index: 20; background: #fff; border-bottom: 1px solid #ddd;
               padding: 10px 0 0.2em 0; }
.of-headline .of-cards { margin: 0.2em 0; }
.of-headline .of-card { padding: 0.3em 0.7em; }
.of-headline .of-card .of-card-value { font-size: 1.25em; }
.of-household-heading { margin: 0.2em 0; font-size: 1.05em; }
.of-confirm { align-items: center; gap: 0.6em; flex-wrap: wrap; background: #fff8e1; padding: 0.4em 0.6em;
              border-radius: 6px; }
/* Results */
.of-cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 0.6em 0; }
.of-card { border: 1px solid #ddd; border-radius: 8px; padding: 0.6em 0.9em; min-width: 10em; background: #fafafa; }
.of-card .of-card-label { color: #555; font-size: 0.85em; }
.of-card .of-card-value { font-size: 1.5em; font-weight: 700; }
.of-card-negative .of-card-value { color: #c62828; }
.of-dot { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 50%; margin-right: 0.4em;
          vertical-align: -0.1em; }
.of-dot-green { background: #2e7d32; } .of-dot-amber { background: #f9a825; } .of-dot-red { background: #c62828; }
.of-dots { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; padding: 0; margin: 0.2em 0; }
.of-sentence { font-size: 1.05em; line-height: 1.5; margin: 0.6em 0; }
.of-banner { padding: 0.5em 0.8em; border-radius: 6px; margin: 0.4em 0; }
.of-banner-green { background: #e8f5e9; border-left: 5px solid #2e7d32; }
.of-banner-amber { background: #fff8e1; border-left: 5px solid #f9a825; }
.of-banner-red { background: #ffebee; border-left: 5px solid #c62828; }
.of-banner-info { background: #eef3fb; border-left: 5px solid #3465a4; }
.of-source { color: #666; font-size: 0.8em; }
.of-help li { margin: 0.3em 0; line-height: 1.4; }
.of-figure { margin: 0.6em 0; max-width: 900px; }
.of-figure svg { display: block; width: 100%; height: auto; }
.of-scroll { overflow-x: auto; max-width: 100%; }
.of-scroll-hint { display: none; color: #555; font-size: 0.85em; margin: 0.2em 0; }
.of-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.of-table caption { text-align: left; font-weight: 600; padding: 0.3em 0; }
.of-table th, .of-table td { padding: 0.25em 0.7em; text-align: right; border-bottom: 1px solid #eee; }
.of-table th { background: #f2f2f2; }
.of-table th[scope=row], .of-table thead th:first-child { text-align: left; }
/* Fields: the label (a real <label>) above its control, wrapping when long */
.of-hint { color: #666; font-size: 0.85em; }
.of-error { color: #b00020; font-weight: 600; font-size: 0.9em; }
.of-invalid input { border: 2px solid #b00020 !important; background: #fff5f5; }
.of-hidden { display: none !important; }
.of-fields, .of-row { display: flex; flex-wrap: wrap; gap: 0 1.5em; }
.of-app .widget-label { font-weight: 600; color: #222; }
.of-app .jupyter-button { width: auto; min-width: 2.6em; }
.of-field, .of-cell { overflow: visible !important; }
/* A row's cell is its control itself (.of-cell.widget-inline-hbox), or a box over the control and its message. */
.of-field .widget-inline-hbox, :is(.of-cell .widget-inline-hbox, .of-cell.widget-inline-hbox) {
  flex-direction: column; align-items: flex-start;
  height: auto; margin-left: 0; margin-right: 0; }
.of-field .widget-inline-hbox > *, :is(.of-cell .widget-inline-hbox, .of-cell.widget-inline-hbox) > * {
  flex: 0 0 auto; }
.of-field .widget-inline-hbox .widget-label,
:is(.of-cell .widget-inline-hbox, .of-cell.widget-inline-hbox) .widget-label { width: auto !important;
  max-width: none; height: auto; text-align: left; line-height: 1.3; margin: 0 0 0.15em 0; white-space: normal; }
:is(.of-cell .widget-inline-hbox, .of-cell.widget-inline-hbox) .widget-label { font-size: 0.85em; color: #333; }
.of-field input[type=text] { width: 11em; max-width: 100%; height: var(--jp-widgets-inline-height, 28px); }
.of-field select, .of-cell select, .of-cell input[type=text] { height: var(--jp-widgets-inline-height, 28px);
  width: 100%; max-width: 100%; box-sizing: border-box; min-width: 0; }
.of-field select[multiple] { height: auto; }
.of-app .widget-checkbox, .of-app .widget-checkbox label { height: auto; white-space: normal; }
.of-household-title input[type=text] { width: 100%; }
/* Lists of household items: one row a line; on wide screens the labels show over the first row only (the
   others keep them for screen readers), so that the rows read as a table. */
.of-section { margin-top: 0.6em; }
.of-section h2 { margin: 0.5em 0 0.2em 0; }
.of-section > .jupyter-button, .of-section > .widget-button { align-self: flex-start; }
.of-list-row { border-bottom: 1px solid #e4e4e4; padding: 0.2em 0 0.3em 0; }
.of-item-line { flex-wrap: wrap; gap: 0.3em; align-items: flex-start; }
.of-cell { margin: 0 0.5em 0.2em 0; }
:is(.of-cell .widget-checkbox, .of-cell.widget-checkbox), .of-item-line > .of-remove { margin-top: 1.4em; }
@media (min-width: 701px) {
  .of-list-row + .of-list-row :is(.of-cell .widget-inline-hbox, .of-cell.widget-inline-hbox) > .widget-label {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; }
  .of-list-row + .of-list-row :is(.of-cell .widget-checkbox, .of-cell.widget-checkbox),
  .of-list-row + .of-list-row > .of-remove { margin-top: 0.2em; }
  .of-list-row + .of-list-row { padding-top: 0; }
}
/* Calcolatore prestito */
.of-loan-app .of-method { margin-bottom: 0.6em; }
.of-loan-app .of-method > div { display: flex; flex-wrap: wrap; gap: 0.3em; }
.of-loan-app .of-add-loan { margin: 1.6em 0 0.6em 0; }
/* Eventi di vita */
.of-event { border: 1px solid #ddd; border-radius: 8px; padding: 0.3em 0.9em 0.2em 0.9em; margin: 0 0 0.8em 0;
            background: #fcfcfc; }
.of-event-head { align-items: center; gap: 1em; }
.of-event-title { margin: 0.4em 0; font-size: 1.1em; }
.of-outcome-text { background: #eef3fb; border-left: 5px solid #3465a4; padding: 0.5em 0.8em; border-radius: 6px; }
.of-events-app h2.of-step { margin: 0.8em 0 0.3em 0; }
.of-events-app .of-event .of-field { max-width: 24em; }
.of-events-app .of-field select:not([multiple]) { min-width: 11em; }
.of-events-app .of-field select[multiple] { width: 22em; }
.of-events-app .of-add-row select { width: 20em; max-width: 100%; }
.of-events-app .of-table tr > :last-child { text-align: left; }
.of-events-app .of-months th, .of-events-app .of-months td:not(:last-child) { white-space: nowrap; }
.of-events-app .of-months td:last-child { min-width: 18em; }
.of-events-app .of-benefits-table td:last-child { min-width: 14em; }
/* Piano di risparmio */
.of-deficit-line { margin: 0.1em 0 0.3em 0; color: #b71c1c; font-weight: 600; }
@media (max-width: 700px) {
  .of-app { font-size: 15px; }
  .of-scroll-hint { display: block; }
  .of-table td { white-space: nowrap; }
  .of-table th { min-width: 7em; }
  .of-cell { flex: 1 1 40%; min-width: 9em; }
  :is(.of-cell .widget-inline-hbox, .of-cell.widget-inline-hbox), .of-field .widget-inline-hbox {
    width: 100% !important; }
  .of-cell input[type=text], .of-cell select, .of-field input[type=text] { width: 100% !important;
    box-sizing: border-box; }
  :is(.of-cell .widget-checkbox, .of-cell.widget-checkbox), .of-item-line > .of-remove { margin-top: 0.3em; }
  /* On a phone the headline scrolls with the page: kept in sight it would leave no room to type. */
  .of-headline { position: static; }
  .of-headline .of-card { min-width: 7em; }
}
/* Tabs (the consultant's tools): the inactive ones readable too (axe colour contrast) */
.of-app .lm-TabBar-tab, .of-app .lm-TabBar-tab .lm-TabBar-tabLabel { color: #1a1a1a !important; opacity: 1 !important; }
.of-app .lm-TabBar-tab { background: #e9e9e9 !important; }
.of-app .lm-TabBar-tab.lm-mod-current { background: #fff !important; font-weight: 600; }
.of-app .lm-TabBar-tab:focus-visible { outline: 3px solid #1f4e79; }
</style>
"""


def stylesheet() -> widgets.HTML:
    """A widget that injects the apps' CSS into the page."""
    return widgets.HTML(_CSS)
