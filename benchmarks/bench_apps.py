"""Each citizen app in headless Chromium: time to interactive against an empty notebook, and input latency.

Run with ``.venv/bin/python benchmarks/bench_apps.py`` (``--help`` for the options). One
``oltre-finance serve`` (the local profile) serves the five citizen apps and, beside them, a notebook
that shows one widget and nothing else: the baseline, measured on the same server in the same run.

- **Time to interactive**: from the navigation's start to the moment every part of the app's page is
  on screen with its headline filled (for the baseline: its one widget). Each page opens in a fresh
  browser context (no household kept in the browser), rounds alternate the notebooks. Aim: at most
  1,5 × the baseline.
- **Input latency**: on a sample household, one input is changed 50 times (each time to a new value,
  as a person pastes a figure, a pause after each), timed in the page from the change to the moment
  every result it moves (the headline and the chart) is on screen again. Aim: 95th percentile under
  150 ms.

Chromium, Voilà and the kernels share this machine's cores: the figures include that contention.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser_support import CHROMIUM_ARGS, chromium_path, served_apps  # noqa: E402

from oltre_finance.ui.served import CITIZEN_APPS  # noqa: E402

BASELINE = "00_vuoto.ipynb"
BASELINE_CODE = """import ipywidgets as widgets

ready = widgets.HTML("<p>Pronto</p>")
ready.add_class("of-summary")
page = widgets.VBox([ready])
page.add_class("of-app")
page"""

#: Interactive: the app's page holds all its parts, and its headline is filled.
READY = """count => {
  const app = document.querySelector('.of-app');
  const headline = app && app.querySelector('.of-summary');
  return app && app.children.length >= count && headline && headline.textContent.trim().length > 0;
}"""

#: One change, timed in the page: set the value as typing or pasting does, then wait for each result.
CHANGE = """async ([field, value, results]) => {
  const input = document.querySelector(field);
  const boxes = results.map(selector => document.querySelector(selector).closest('.widget-html'));
  const before = boxes.map(box => box.innerHTML);
  const start = performance.now();
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  return await new Promise(resolve => {
    const done = boxes.map(() => null);
    const check = () => {
      boxes.forEach((box, k) => {
        if (done[k] === null && box.innerHTML !== before[k]) done[k] = performance.now() - start;
      });
      if (done.every(time => time !== null)) { observer.disconnect(); resolve(done); }
    };
    const observer = new MutationObserver(check);
    boxes.forEach(box => observer.observe(box, {childList: true, subtree: true, characterData: true}));
    setTimeout(() => { observer.disconnect(); resolve(done); }, 15000);
  });
}"""


@dataclass(frozen=True)
class Scenario:
    """What a person changes in an app, and where the answer shows."""

    app: str
    sample: str
    field: str
    values: tuple[str, ...]
    results: tuple[str, ...]
    #: An event to add first (its name in the menu), for the events app.
    event: str = ""


def _amounts(start: int, step: int, count: int) -> tuple[str, ...]:
    return tuple(f"{start + step * k:,}".replace(",", ".") for k in range(count))


def scenarios(count: int) -> list[Scenario]:
    return [
        Scenario("prestito", "", ".of-field-principal input", _amounts(10_100, 100, count),
                 (".of-summary", ".of-loan-chart")),
        Scenario("bilancio", "Elena con Matteo e Chiara", ".of-expenses-row .of-cell-amount input",
                 _amounts(700, 3, count), (".of-summary", ".of-category-chart", ".of-calendar-chart")),
        Scenario("rientro", "Simone e Laura, tra rate e carta revolving", ".of-field-budget input",
                 _amounts(1_200, 10, count), (".of-summary", ".of-balances-chart")),
        Scenario("risparmio", "Giulia e Marco con la piccola Sofia", ".of-field-monthly input",
                 _amounts(300, 10, count), (".of-summary", ".of-fan-chart")),
        Scenario("eventi", "Elena con Matteo e Chiara", ".of-field-new_rent input",
                 _amounts(900, 5, count), (".of-summary", ".of-events-figure"), event="Cambia l'affitto"),
    ]  # fmt: skip


def children_count(app: str) -> int:
    """How many parts the app's page has (built here, by the same code the kernel runs)."""
    module, name, _ = CITIZEN_APPS[app]
    return len(getattr(__import__(module, fromlist=[name]), name)().widget.children)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_to_interactive(browser, base: str, notebook: str, count: int) -> float:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/voila/render/{notebook}", wait_until="commit", timeout=120_000)
        page.wait_for_function(READY, arg=count, polling="raf", timeout=120_000)
        return float(page.evaluate("performance.now()"))
    finally:
        context.close()


def latencies(browser, base: str, scenario: Scenario) -> list[list[float | None]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        notebook = CITIZEN_APPS[scenario.app][2]
        page.goto(f"{base}/voila/render/{notebook}", timeout=120_000)
        page.wait_for_selector(".of-household-heading", timeout=120_000)
        if scenario.sample:
            page.locator(".of-sample select").select_option(label=scenario.sample)
            page.locator(".of-household-heading").get_by_text(scenario.sample).wait_for(timeout=60_000)
        if scenario.event:
            page.locator(".of-event-kind select").select_option(label=scenario.event)
            page.click(".of-add-event button, button.of-add-event")
        page.wait_for_selector(scenario.field, timeout=60_000)
        for selector in scenario.results:
            page.wait_for_selector(selector, state="attached", timeout=60_000)
        page.wait_for_timeout(1500)  # the kernel has settled
        times = []
        for value in scenario.values:
            times.append(page.evaluate(CHANGE, [scenario.field, value, list(scenario.results)]))
            page.wait_for_timeout(500)  # a pause longer than the typing debounce: each change is one change
        return times
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="page loads per notebook (default 5)")
    parser.add_argument("--changes", type=int, default=50, help="input changes per app (default 50)")
    parser.add_argument("--apps", nargs="*", default=list(CITIZEN_APPS), help="the apps to measure")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    counts = {app: children_count(app) for app in args.apps}
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"Chromium, Voilà and the kernels on the same cores.")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        pages = Path(folder)
        for app in args.apps:
            notebook = CITIZEN_APPS[app][2]
            (pages / notebook).symlink_to(ROOT / "notebooks" / notebook)
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BASELINE_CODE)])
        nbformat.write(notebook, pages / BASELINE)
        with served_apps(notebooks=pages) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            time_to_interactive(browser, base, BASELINE, 1)  # the server's first page warms its caches
            loads: dict[str, list[float]] = {name: [] for name in [BASELINE, *args.apps]}
            for _ in range(args.rounds):
                loads[BASELINE].append(time_to_interactive(browser, base, BASELINE, 1))
                for app in args.apps:
                    loads[app].append(time_to_interactive(browser, base, CITIZEN_APPS[app][2], counts[app]))
            baseline = statistics.median(loads[BASELINE])
            print(f"\nTime to interactive, median of {args.rounds} page loads (aim: at most 1,5 × the empty notebook)")
            print(f"{'notebook':<16}{'median':>10}{'max':>10}{'ratio':>8}")
            print(f"{'empty notebook':<16}{baseline:>8.0f}ms{max(loads[BASELINE]):>8.0f}ms{1:>7.2f}x")
            report: dict[str, object] = {"baseline_ms": baseline}
            for app in args.apps:
                median = statistics.median(loads[app])
                ok = "ok" if median <= 1.5 * baseline else "MISSED"
                print(f"{app:<16}{median:>8.0f}ms{max(loads[app]):>8.0f}ms{median / baseline:>7.2f}x  {ok}")
                report[app] = {"tti_ms": median, "ratio": median / baseline}

            print(f"\nInput latency over {args.changes} changes, change to every result on screen (aim: p95 < 150 ms)")
            print(f"{'app':<12}{'headline p50':>14}{'p95':>8}{'all p50':>10}{'p95':>8}{'max':>8}  results")
            for scenario in scenarios(args.changes):
                if scenario.app not in args.apps:
                    continue
                times = latencies(browser, base, scenario)
                missing = sum(1 for t in times if None in t)
                headline = [t[0] for t in times if t[0] is not None]
                whole = [max(t) for t in times if None not in t]  # type: ignore[type-var]
                if not whole:
                    print(f"{scenario.app:<12}  no change reached the page: {missing} of {len(times)} timed out")
                    continue
                p95 = percentile(whole, 0.95)
                ok = "ok" if p95 < 150 and not missing else "MISSED"
                print(f"{scenario.app:<12}{percentile(headline, 0.5):>12.0f}ms{percentile(headline, 0.95):>6.0f}ms"
                      f"{percentile(whole, 0.5):>8.0f}ms{p95:>6.0f}ms{max(whole):>6.0f}ms  "
                      f"{' + '.join(scenario.results)}  {ok}"
                      + (f" ({missing} timed out)" if missing else ""))  # fmt: skip
                report[f"{scenario.app}_latency"] = {"p50": percentile(whole, 0.5), "p95": p95, "timeouts": missing}
            browser.close()
    print("\n" + json.dumps(report, default=float))


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"({time.monotonic() - started:.0f} s)")
